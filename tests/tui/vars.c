/* vars: scenario variables and the environment the programs under test get. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "tests/tui/driver.h"

#include <stdlib.h>
#include <string.h>

extern char **environ;

struct kv {
	char *name, *value;
};

static struct kv *vars;
static size_t nvars;
static struct kv *envs;   /* changes over the driver's own environment */
static size_t nenvs;

/* Set (value non-NULL) or mark unset (value NULL) name in a list. */
static void kv_put(struct kv **list, size_t *n, const char *name, const char *value)
{
	for (size_t i = 0; i < *n; i++)
		if (strcmp((*list)[i].name, name) == 0) {
			free((*list)[i].value);
			(*list)[i].value = value ? strdup(value) : NULL;
			return;
		}
	*list = realloc(*list, (*n + 1) * sizeof **list);
	if (!*list)
		abort();
	(*list)[*n].name = strdup(name);
	(*list)[*n].value = value ? strdup(value) : NULL;
	(*n)++;
}

void var_set(const char *name, const char *value)
{
	kv_put(&vars, &nvars, name, value);
}

const char *var_get(const char *name)
{
	for (size_t i = 0; i < nvars; i++)
		if (strcmp(vars[i].name, name) == 0)
			return vars[i].value;
	return NULL;
}

void env_set(const char *name, const char *value)
{
	kv_put(&envs, &nenvs, name, value);
}

/* Variables that never leak from the driver's own environment into the
 * program under test: locale, terminal, home and desktop session. */
static int env_dropped(const char *entry)
{
	static const char *drop[] = {"LANG=", "LANGUAGE=", "LC_", "TERM=", "COLUMNS=", "LINES=",
		"HOME=", "XDG_", "DBUS_SESSION_BUS_ADDRESS=", "NO_COLOR=", "YICHUANG", "DISPLAY=",
		"WAYLAND_DISPLAY=", "SSH_AUTH_SOCK=", "TMUX", "STY="};
	for (size_t i = 0; i < sizeof drop / sizeof drop[0]; i++)
		if (strncmp(entry, drop[i], strlen(drop[i])) == 0)
			return 1;
	return 0;
}

/* The driver's environment without the dropped variables, with the
 * scenario's env changes on top. The array stays valid until the next call. */
char **env_build(void)
{
	static char **out;
	static size_t nout;
	for (size_t i = 0; i < nout; i++)
		free(out[i]);
	free(out);
	size_t cap = nenvs + 1, n = 0;
	for (char **e = environ; *e; e++)
		cap++;
	out = calloc(cap, sizeof *out);
	if (!out)
		abort();
	for (char **e = environ; *e; e++) {
		if (env_dropped(*e))
			continue;
		size_t len = strcspn(*e, "=");
		int overridden = 0;
		for (size_t i = 0; i < nenvs; i++)
			if (strlen(envs[i].name) == len && strncmp(envs[i].name, *e, len) == 0)
				overridden = 1;
		if (!overridden)
			out[n++] = strdup(*e);
	}
	for (size_t i = 0; i < nenvs; i++) {
		if (!envs[i].value)
			continue;
		size_t len = strlen(envs[i].name) + strlen(envs[i].value) + 2;
		out[n] = malloc(len);
		if (!out[n])
			abort();
		strcpy(out[n], envs[i].name);
		strcat(out[n], "=");
		strcat(out[n], envs[i].value);
		n++;
	}
	out[n] = NULL;
	nout = n;
	return out;
}
