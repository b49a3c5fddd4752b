/* api_revoke: end a session whose tokens were just replaced (an unlock
 * starts a new session of the same user) so that it does not linger on the
 * server: logout with its access token, or, when that has expired, after
 * one refresh with its refresh token. Nothing is reported to anyone. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "client/api_int.h"
#include "common/jsonx.h"
#include "common/xalloc.h"

#include <stdlib.h>

typedef struct Revoke {
	char *access, *refresh;  /* the old session's secrets: wiped */
	bool refreshed;          /* the one refresh was tried */
	struct Revoke *next;
} Revoke;

/* Every revocation in flight (so that api_shutdown can free them). */
static Revoke *revokes;

/* Unlink v and wipe its tokens. */
static void revoke_free(Revoke *v)
{
	for (Revoke **pp = &revokes; *pp; pp = &(*pp)->next)
		if (*pp == v) {
			*pp = v->next;
			break;
		}
	xfree_secret(v->access);
	xfree_secret(v->refresh);
	free(v);
}

static void on_logout(const ApiResponse *r, void *ud);

/* POST /v1/auth/logout with the old access token. */
static void send_logout(Revoke *v)
{
	api_request_as(v->access, "POST", "/v1/auth/logout", NULL, on_logout, v);
}

/* The old refresh token gave a fresh access token: log that out (the
 * server ends the whole session, the rotated refresh token with it). */
static void on_refresh(const ApiResponse *r, void *ud)
{
	Revoke *v = ud;
	const char *acc = json_str(r->json, "access_token", NULL);
	if (r->status != 200 || !acc || !*acc) {
		revoke_free(v); /* refused: the session is over already */
		return;
	}
	xfree_secret(v->access);
	v->access = xstrdup(acc);
	send_logout(v);
}

/* POST /v1/auth/refresh with the old refresh token (the body is wiped). */
static void send_refresh(Revoke *v)
{
	v->refreshed = true;
	cJSON *body = cJSON_CreateObject();
	cJSON_AddStringToObject(body, "refresh_token", v->refresh);
	api_request("POST", "/v1/auth/refresh", body, NULL, on_refresh, v);
	api_json_wipe(body);
	cJSON_Delete(body);
}

/* 401: the old access token expired while the screen was locked. */
static void on_logout(const ApiResponse *r, void *ud)
{
	Revoke *v = ud;
	if (r->status == 401 && !v->refreshed && v->refresh) {
		send_refresh(v);
		return;
	}
	revoke_free(v);
}

void api_revoke_start(char *access, char *refresh)
{
	if (!access && !refresh)
		return;
	Revoke *v = xcalloc(1, sizeof *v);
	v->access = access;
	v->refresh = refresh;
	v->next = revokes;
	revokes = v;
	if (access)
		send_logout(v);
	else
		send_refresh(v);
}

void api_revoke_clear(void)
{
	while (revokes)
		revoke_free(revokes);
}
