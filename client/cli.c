/* cli: --help, --list-actions, and the subcommands logout, check, drafts, sync and kb,
 * run through the same loop and api as the UI but printing to the terminal. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "client/cli.h"
#include "client/api.h"
#include "client/app.h"
#include "client/i18n.h"
#include "client/keymap.h"
#include "client/loop.h"
#include "client/secret.h"
#include "common/jsonx.h"
#include "common/text.h"
#include "common/xalloc.h"

#include <stdlib.h>
#include <string.h>

#define SYNC_TIMEOUT_MS 5000

/* Print s padded with spaces to cols display columns. */
static void pad(FILE *out, const char *s, int cols)
{
	fputs(s, out);
	for (int w = text_width(s); w < cols; w++)
		fputc(' ', out);
}

/* "F6 n" for an action in a context ("" when unbound). */
static void keys_text(KeyContext ctx, Action a, char *out, size_t outsz)
{
	int alt = 0;
	int k = keymap_key_for(ctx, a, &alt);
	out[0] = '\0';
	if (!k)
		return;
	char k1[32], k2[32];
	key_label(k, k1, sizeof k1);
	if (alt) {
		key_label(alt, k2, sizeof k2);
		snprintf(out, outsz, "%s %s", k1, k2);
	} else {
		snprintf(out, outsz, "%s", k1);
	}
}

void cli_usage(FILE *out)
{
	fprintf(out, "%s", _("Usage: yichuang [OPTION]... [COMMAND]\n"
		"The counter workstation of a government service hall (一窗): log in, then\n"
		"work the live queue with the keyboard.\n\n"));
	fprintf(out, "%s", _("Options:\n"
		"  -s, --server URL    the server (config: server; default http://127.0.0.1:8470)\n"
		"  -u, --user NAME     the user name (config: username)\n"
		"  -c, --config FILE   read FILE instead of $XDG_CONFIG_HOME/yichuang/config\n"
		"  -k, --keymap NAME   default, emacs, vi or a file (config: keymap)\n"
		"      --offline       start from the cached session without the server:\n"
		"                      draft, queue submissions, search; with kb: search\n"
		"                      the local index without syncing\n"
		"      --list-actions  every action with its help and keys\n"
		"  -h, --help          this help\n"
		"  -V, --version       the version\n\n"));
	fprintf(out, "%s", _("Commands:\n"
		"  logout              revoke the stored session on the server and forget it\n"
		"  check               check the server and whether a session token is stored\n"
		"  drafts list [--json] | export ID [FILE] | import FILE\n"
		"                      the drafts of the local store, no server needed: list\n"
		"                      them, write one as JSON (to standard output without\n"
		"                      FILE), read one in (prints its new id)\n"
		"  sync                log in, sync the cached catalog, send every queued\n"
		"                      submission now; print what was sent, what needs\n"
		"                      attention and what still waits; exit 0 when all were\n"
		"                      delivered, 1 when something waits or needs attention\n"
		"  kb search QUERY [--json] [--offline] [--limit N]\n"
		"                      search the local knowledge base (synced first when the\n"
		"                      server answers); exit 0 with hits, 1 without\n\n"));
	fprintf(out, "%s", _("Keys on the queue screen (Esc then a digit works as the F-key):\n"));
	static const Action shown[] = {
		ACT_HELP, ACT_CALL_NEXT, ACT_INTAKE, ACT_RECALL, ACT_SKIP, ACT_HOLD, ACT_TRANSFER,
		ACT_FINISH, ACT_REFRESH, ACT_KNOWLEDGE, ACT_DRAFTS, ACT_ASSIST, ACT_LOCK, ACT_BACK,
		ACT_SUBMIT, ACT_CANCEL, ACT_QUIT,
	};
	for (size_t i = 0; i < sizeof shown / sizeof shown[0]; i++) {
		char keys[80];
		keys_text(KC_HOME, shown[i], keys, sizeof keys);
		fputs("  ", out);
		pad(out, keys[0] ? keys : "-", 14);
		fprintf(out, "%s\n", _(action_help(shown[i])));
	}
	fprintf(out, "%s", _("\nFiles:\n"
		"  $XDG_CONFIG_HOME/yichuang/config     settings (see yichuang.conf(5));\n"
		"                                       ~/.config when XDG_CONFIG_HOME is unset\n"
		"  $XDG_CONFIG_HOME/yichuang/user.keys  your key bindings: bind CONTEXT KEY ACTION\n"
		"  $XDG_DATA_HOME/yichuang/*.db         the local store, one per server and user:\n"
		"                                       drafts, outbox, cached session, knowledge\n"
		"                                       base (~/.local/share when unset)\n"));
	fprintf(out, "  %s/{default,emacs,vi}.keys\n", YC_KEYMAPDIR);
	fprintf(out, "%s", _("\nEnvironment:\n"
		"  NO_COLOR                  when set, no colours\n"
		"  XDG_CONFIG_HOME           where the config folder is\n"
		"  DBUS_SESSION_BUS_ADDRESS  the session bus of the keyring; unset (SSH): no\n"
		"                            token is kept and the password is asked each run\n"
		"  LANG, LC_ALL, LANGUAGE    zh_CN gives the Chinese interface\n\n"
		"The password is never taken from the command line.\n"));
}

void cli_list_actions(FILE *out)
{
	/* Columns as wide as their longest entry, so the keys line up. */
	int name_w = 0, help_w = 0;
	for (int a = 1; a < ACT_COUNT; a++) {
		if (text_width(action_name((Action)a)) > name_w)
			name_w = text_width(action_name((Action)a));
		if (text_width(_(action_help((Action)a))) > help_w)
			help_w = text_width(_(action_help((Action)a)));
	}
	for (int a = 1; a < ACT_COUNT; a++) {
		pad(out, action_name((Action)a), name_w);
		fputc(' ', out);
		pad(out, _(action_help((Action)a)), help_w);
		bool any = false;
		for (int ctx = 0; ctx < KC_COUNT; ctx++) {
			int keys[16];
			int n = keymap_keys((KeyContext)ctx, (Action)a, keys, 16);
			if (n == 0)
				continue;
			fprintf(out, "%s%s:", any ? "; " : " ", keyctx_name((KeyContext)ctx));
			for (int i = 0; i < n && i < 16; i++) {
				char k[32];
				key_label(keys[i], k, sizeof k);
				fprintf(out, " %s", k);
			}
			any = true;
		}
		fputc('\n', out);
	}
}

/* A request the subcommands wait for with the loop. */
typedef struct Wait {
	long status;
	char *message;
	cJSON *json;
} Wait;

static void on_wait(const ApiResponse *r, void *ud)
{
	Wait *w = ud;
	w->status = r->status;
	w->message = xstrdup(r->message ? r->message : r->error);
	w->json = r->json ? cJSON_Duplicate(r->json, 1) : NULL;
	loop_quit(0);
}

static void wait_free(Wait *w)
{
	free(w->message);
	cJSON_Delete(w->json);
}

bool cli_offline;

/* yichuang logout: revoke the stored session and forget it. */
static int cmd_logout(int argc, char **argv)
{
	const char *server = app.server, *user = app.cfg.username;
	if (!user || !*user) {
		fprintf(stderr, "%s\n", _("yichuang logout: no user name: use --user NAME or username in the config."));
		return 2;
	}
	const char *why = NULL;
	char *token = secret_lookup_sync(server, user, SYNC_TIMEOUT_MS, &why);
	if (!token && secret_why_absent(why)) {
		printf(_("No session token is stored for %s at %s.\n"), user, server);
		return 0;
	}
	if (!token) {
		/* Not the same as nothing stored: a token may be there. */
		printf(_("The keyring could not be asked for the session token of %s at %s (%s); nothing was revoked.\n"),
		       user, server, why ? why : "?");
		return 1;
	}
	int rc = 0;
	api_set_tokens(NULL, token);
	xfree_secret(token);
	Wait w = {0};
	api_refresh(on_wait, &w);
	loop_run();
	if (w.status == 200) {
		Wait lo = {0};
		api_request("POST", "/v1/auth/logout", NULL, NULL, on_wait, &lo);
		loop_run();
		if (lo.status == 204 || lo.status == 200) {
			printf(_("The session of %s was revoked on %s.\n"), user, server);
		} else {
			printf(_("The server did not revoke the session: %s\n"), lo.message ? lo.message : "?");
			rc = 1;
		}
		wait_free(&lo);
	} else if (w.status == 401) {
		printf("%s\n", _("The stored session had already ended on the server."));
	} else {
		printf(_("The server could not be reached to revoke the session: %s\n"), w.message ? w.message : "?");
		rc = 1;
	}
	wait_free(&w);
	api_clear_tokens();
	if (secret_clear_sync(server, user, SYNC_TIMEOUT_MS, &why) == 0) {
		printf("%s\n", _("The stored token was removed from the keyring."));
	} else {
		printf(_("The keyring entry could not be removed: %s\n"), why ? why : "?");
		rc = 1;
	}
	return rc;
}

/* yichuang check: can the server be reached, and is a token stored? */
static int cmd_check(int argc, char **argv)
{
	Wait w = {0};
	api_request("GET", "/v1/meta", NULL, NULL, on_wait, &w);
	loop_run();
	int rc = 0;
	if (w.status == 200 && w.json) {
		char *name = text_clean(json_str(json_obj(w.json, "hall"), "name", "?"), TEXT_ONE_LINE);
		char *ver = text_clean(json_str(w.json, "server_version", "?"), TEXT_ONE_LINE);
		char *api = text_clean(json_str(w.json, "api_version", "?"), TEXT_ONE_LINE);
		printf(_("Server %s: %s, yichuangd %s, API %s.\n"), app.server, name, ver, api);
		free(name);
		free(ver);
		free(api);
	} else {
		printf(_("Server %s: not reachable (%s).\n"), app.server, w.message ? w.message : "?");
		rc = 1;
	}
	wait_free(&w);
	const char *user = app.cfg.username;
	if (user && *user) {
		const char *why = NULL;
		char *token = secret_lookup_sync(app.server, user, SYNC_TIMEOUT_MS, &why);
		if (token)
			printf(_("A session token for %s is stored in the keyring.\n"), user);
		else
			printf(_("No session token for %s is stored (%s).\n"), user, why ? why : "?");
		xfree_secret(token);
	}
	return rc;
}

static const struct { const char *name; int (*run)(int argc, char **argv); bool args; } commands[] = {
	{"logout", cmd_logout, false},
	{"check", cmd_check, false},
	{"kb", cli_kb, true},
	{"drafts", cli_drafts, true},
	{"sync", cli_sync, false},
};

bool cli_known_command(const char *name)
{
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		if (strcmp(commands[i].name, name) == 0)
			return true;
	return false;
}

bool cli_takes_args(const char *name)
{
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		if (strcmp(commands[i].name, name) == 0)
			return commands[i].args;
	return false;
}

int cli_run(const char *name, int argc, char **argv)
{
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		if (strcmp(commands[i].name, name) == 0)
			return commands[i].run(argc, argv);
	return 2;
}
