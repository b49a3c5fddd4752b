/* local: the one connection of the main thread to the user's local store. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "client/local.h"
#include "client/app.h"
#include "client/i18n.h"
#include "common/xalloc.h"

#include <stdlib.h>
#include <string.h>

static struct {
	Store *st;
	char *server, *user;    /* what it was opened for */
	char *error;
} L;

/* Who works now: the session's user, else the configured one. */
static const char *who(void)
{
	if (app.me.username && *app.me.username)
		return app.me.username;
	return app.cfg.username && *app.cfg.username ? app.cfg.username : NULL;
}

Store *local_store(void)
{
	const char *server = app.server ? app.server : app.cfg.server;
	const char *user = who();
	if (L.st && server && user && strcmp(L.server, server) == 0 && strcmp(L.user, user) == 0)
		return L.st;
	local_close();
	if (!server || !*server || !user) {
		L.error = xstrdup(_("no user name is known: give one with --user or username in the config"));
		return NULL;
	}
	char *err = NULL;
	L.st = store_open(server, user, NULL, &err);
	if (!L.st) {
		L.error = err ? err : xstrdup(_("the local store cannot be opened"));
		return NULL;
	}
	L.server = xstrdup(server);
	L.user = xstrdup(user);
	return L.st;
}

const char *local_error(void)
{
	return L.error;
}

void local_close(void)
{
	store_close(L.st);
	free(L.server);
	free(L.user);
	free(L.error);
	memset(&L, 0, sizeof L);
}
