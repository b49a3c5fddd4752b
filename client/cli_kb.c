/* cli_kb: "yichuang kb search QUERY": the local knowledge index, synced
 * first when the server answers (session from the stored refresh token,
 * then password_command, then a prompt), printed as text or JSON. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "client/cli.h"
#include "client/api.h"
#include "client/app.h"
#include "client/i18n.h"
#include "client/kb.h"
#include "client/loop.h"
#include "client/secret.h"
#include "client/store.h"
#include "common/jsonx.h"
#include "common/text.h"
#include "common/timefmt.h"
#include "common/xalloc.h"

#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#define KEYRING_TIMEOUT_MS 3000
#define COMMAND_TIMEOUT_MS 15000

typedef struct Answer {
	long status;
	char *message;
	char *refresh;  /* a new refresh token to keep */
} Answer;

/* Keep an answer; a TokenPair's tokens are used from now on. */
static void on_answer(const ApiResponse *r, void *ud)
{
	Answer *a = ud;
	a->status = r->status;
	a->message = xstrdup(r->message ? r->message : r->error ? r->error : "?");
	const char *acc = r->status == 200 ? json_str(r->json, "access_token", NULL) : NULL;
	const char *ref = r->status == 200 ? json_str(r->json, "refresh_token", NULL) : NULL;
	if (acc && ref) {
		api_set_tokens(acc, ref);
		a->refresh = xstrdup(ref);
	}
	loop_quit(0);
}

/* Free an answer (the refresh token wiped). */
static void answer_free(Answer *a)
{
	free(a->message);
	xfree_secret(a->refresh);
	memset(a, 0, sizeof *a);
}

/* The password typed at the terminal, without echo; NULL when there is
 * no terminal. */
static char *prompt_password(const char *user)
{
	int fd = open("/dev/tty", O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	char *q = xasprintf(_("Password for %s at %s: "), user, app.server);
	if (write(fd, q, strlen(q)) < 0) {
		free(q);
		close(fd);
		return NULL;
	}
	free(q);
	struct termios old, quiet;
	bool tty = tcgetattr(fd, &old) == 0;
	if (tty) {
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		tcsetattr(fd, TCSAFLUSH, &quiet);
	}
	char buf[512];
	size_t n = 0;
	char c;
	while (n + 1 < sizeof buf && read(fd, &c, 1) == 1 && c != '\n' && c != '\r')
		buf[n++] = c;
	buf[n] = '\0';
	if (tty)
		tcsetattr(fd, TCSAFLUSH, &old);
	if (write(fd, "\n", 1) < 0)
		n = 0;
	close(fd);
	char *pw = n ? xstrdup(buf) : NULL;
	xwipe(buf, sizeof buf);
	return pw;
}

/* POST /v1/auth/login with a password (wiped here). */
static long login_password(const char *user, char *pw, char **why)
{
	cJSON *body = cJSON_CreateObject();
	cJSON_AddStringToObject(body, "username", user);
	cJSON_AddStringToObject(body, "password", pw);
	xfree_secret(pw);
	Answer a = {0};
	api_request("POST", "/v1/auth/login", body, NULL, on_answer, &a);
	cJSON *item = cJSON_GetObjectItemCaseSensitive(body, "password");
	xwipe(item->valuestring, strlen(item->valuestring));
	cJSON_Delete(body);
	loop_run();
	if (a.refresh)
		secret_store(app.server, user, a.refresh, KEYRING_TIMEOUT_MS, NULL, NULL);
	long st = a.status;
	if (st != 200) {
		free(*why);
		*why = xstrdup(a.message);
	}
	answer_free(&a);
	return st;
}

/*
 * A session for the sync, as the other subcommands get one: the refresh
 * token kept in the keyring (the rotated one is kept again), else the
 * password from password_command, else typed at the terminal. Returns the
 * HTTP status of the last try (0: the server did not answer).
 */
static long cli_session(const char *user, char **why)
{
	const char *kwhy = NULL;
	char *token = secret_lookup_sync(app.server, user, KEYRING_TIMEOUT_MS, &kwhy);
	if (token) {
		api_set_tokens(NULL, token);
		xfree_secret(token);
		Answer a = {0};
		api_refresh(on_answer, &a);
		loop_run();
		long st = a.status;
		if (st == 200 && a.refresh)
			secret_store(app.server, user, a.refresh, KEYRING_TIMEOUT_MS, NULL, NULL);
		*why = xstrdup(a.message);
		answer_free(&a);
		if (st == 200 || st == 0)
			return st;
		api_clear_tokens();
	}
	const char *cmd = app.cfg.password_command;
	if (cmd && *cmd) {
		const char *cwhy = NULL;
		char *pw = secret_password_command_sync(cmd, COMMAND_TIMEOUT_MS, &cwhy);
		if (pw)
			return login_password(user, pw, why);
		free(*why);
		*why = xstrdup(cwhy ? cwhy : _("password_command gave no password"));
	}
	char *pw = prompt_password(user);
	if (pw)
		return login_password(user, pw, why);
	free(*why);
	*why = xstrdup(_("no stored session, no password_command and no terminal to ask for the password"));
	return -1;
}

typedef struct SyncWait {
	bool done, ok, offline;
	char *error;
	bool progress;   /* print progress on stderr */
} SyncWait;

/* Sync progress: a line on a terminal; the end stops the loop. */
static void on_sync(const KbSyncProgress *p, void *ud)
{
	SyncWait *w = ud;
	if (w->progress && (p->upserts + p->deletes) > 0) {
		fputc('\r', stderr);
		fprintf(stderr, _("Syncing the knowledge base: %d articles"), p->count);
	}
	if (!p->done)
		return;
	if (w->progress && (p->upserts + p->deletes) > 0)
		fputc('\n', stderr);
	w->done = true;
	w->ok = p->ok;
	w->offline = p->offline;
	w->error = p->error ? xstrdup(p->error) : NULL;
	loop_quit(0);
}

/* Log in and sync; false (a note printed) when that could not be done. */
static bool sync_first(Kb *kb, const char *user)
{
	char *why = NULL;
	long st = cli_session(user, &why);
	if (st != 200) {
		fprintf(stderr, st == 0 ? _("yichuang: the server %s is not reachable (%s); searching the local index.\n")
					: _("yichuang: no session on %s (%s); searching the local index.\n"),
			app.server, why ? why : "?");
		free(why);
		return false;
	}
	free(why);
	SyncWait w = {.progress = isatty(2)};
	kb_sync_start(kb, on_sync, &w);
	while (!w.done)
		loop_run();
	if (!w.ok)
		fprintf(stderr, _("yichuang: the knowledge base was not synced: %s; searching the local index.\n"),
			w.error ? w.error : "?");
	free(w.error);
	return w.ok;
}

/* s with its spans in bold (on a terminal that takes colours). */
static void print_marked(FILE *out, const char *s, const KbSpan *sp, int n, bool bold)
{
	size_t at = 0;
	for (int i = 0; bold && i < n; i++) {
		fprintf(out, "%.*s\033[1m%.*s\033[0m", (int)(sp[i].start - at), s + at, (int)sp[i].len, s + sp[i].start);
		at = sp[i].start + sp[i].len;
	}
	fputs(s + at, out);
}

/* Spans as [[start, length], …]. */
static cJSON *spans_json(const KbSpan *sp, int n)
{
	cJSON *a = cJSON_CreateArray();
	for (int i = 0; i < n; i++) {
		cJSON *p = cJSON_CreateArray();
		cJSON_AddItemToArray(p, cJSON_CreateNumber(sp[i].start));
		cJSON_AddItemToArray(p, cJSON_CreateNumber(sp[i].len));
		cJSON_AddItemToArray(a, p);
	}
	return a;
}

/* --json: one object with the hits and their spans. */
static void print_json(const char *query, const KbResults *r, bool synced, time_t last)
{
	cJSON *j = cJSON_CreateObject();
	cJSON_AddStringToObject(j, "query", query);
	cJSON_AddNumberToObject(j, "total", r->total);
	cJSON_AddBoolToObject(j, "total_more", r->total_more);
	cJSON_AddBoolToObject(j, "synced", synced);
	char ts[21];
	if (last) {
		time_rfc3339(last, ts);
		cJSON_AddStringToObject(j, "last_sync", ts);
	} else {
		cJSON_AddNullToObject(j, "last_sync");
	}
	cJSON *items = cJSON_AddArrayToObject(j, "items");
	for (int i = 0; i < r->n; i++) {
		const KbHit *h = &r->hits[i];
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "id", h->id);
		cJSON_AddStringToObject(o, "title", h->title);
		cJSON_AddStringToObject(o, "kind", h->kind);
		cJSON_AddStringToObject(o, "snippet", h->snippet);
		cJSON *m = cJSON_AddArrayToObject(o, "matters");
		for (int k = 0; k < h->nmatters; k++)
			cJSON_AddItemToArray(m, cJSON_CreateString(h->matters[k]));
		cJSON_AddBoolToObject(o, "in_title", h->in_title);
		cJSON_AddNumberToObject(o, "score", h->score);
		time_rfc3339(h->updated_at, ts);
		cJSON_AddStringToObject(o, "updated_at", ts);
		cJSON_AddItemToObject(o, "title_highlights", spans_json(h->title_hl, h->ntitle_hl));
		cJSON_AddItemToObject(o, "snippet_highlights", spans_json(h->snippet_hl, h->nsnippet_hl));
		cJSON_AddItemToArray(items, o);
	}
	char *s = cJSON_Print(j);
	puts(s);
	free(s);
	cJSON_Delete(j);
}

/* Title and id, then the snippet, per hit; the count at the end. */
static void print_text(const KbResults *r)
{
	bool bold = isatty(1) && app.cfg.color && !getenv("NO_COLOR");
	for (int i = 0; i < r->n; i++) {
		const KbHit *h = &r->hits[i];
		print_marked(stdout, h->title, h->title_hl, h->ntitle_hl, bold);
		printf("  [%s]\n    ", h->id);
		print_marked(stdout, h->snippet, h->snippet_hl, h->nsnippet_hl, bold);
		fputc('\n', stdout);
	}
	if (r->n == 0)
		printf("%s\n", _("No article found."));
	else if (r->total_more || r->total > r->n)
		printf(r->total_more ? _("%d of at least %d articles.\n") : _("%d of %d articles.\n"), r->n, r->total);
}

/* A usage line on stderr; status 2. */
static int usage(void)
{
	fprintf(stderr, "%s", _("Usage: yichuang kb search QUERY [--json] [--offline] [--limit N]\n"));
	return 2;
}

/* yichuang kb search …: 0 with hits, 1 with none, 2 on an error. */
int cli_kb(int argc, char **argv)
{
	static const struct option opts[] = {
		{"json", no_argument, NULL, 'j'}, {"offline", no_argument, NULL, 'o'},
		{"limit", required_argument, NULL, 'n'}, {NULL, 0, NULL, 0},
	};
	bool json = false, offline = cli_offline;
	int limit = KB_LIMIT_DEFAULT, c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "+", opts, NULL)) != -1) {
		if (c == 'j')
			json = true;
		else if (c == 'o')
			offline = true;
		else if (c == 'n' && atoi(optarg) > 0)
			limit = atoi(optarg) > KB_LIMIT_MAX ? KB_LIMIT_MAX : atoi(optarg);
		else
			return usage();
	}
	if (optind >= argc || strcmp(argv[optind], "search") != 0 || optind + 1 >= argc)
		return usage();
	/* The query may come in pieces ("社保 zm" unquoted); options after it too. */
	char query[512] = "";
	for (int i = optind + 1; i < argc; i++) {
		if (strcmp(argv[i], "--json") == 0) {
			json = true;
		} else if (strcmp(argv[i], "--offline") == 0) {
			offline = true;
		} else if (strcmp(argv[i], "--limit") == 0 && i + 1 < argc && atoi(argv[i + 1]) > 0) {
			limit = atoi(argv[++i]) > KB_LIMIT_MAX ? KB_LIMIT_MAX : atoi(argv[i]);
		} else {
			size_t n = strlen(query);
			snprintf(query + n, sizeof query - n, "%s%s", n ? " " : "", argv[i]);
		}
	}
	const char *user = app.cfg.username;
	if (!user || !*user) {
		fprintf(stderr, "%s\n", _("yichuang kb: no user name: use --user NAME or username in the config (the index is kept per server and user)."));
		return 2;
	}
	char *err = NULL;
	Store *st = store_open(app.server, user, NULL, &err);
	Kb *kb = st ? kb_open(st, &err) : NULL;
	if (!kb) {
		fprintf(stderr, "yichuang: %s\n", err ? err : "?");
		free(err);
		store_close(st);
		return 2;
	}
	bool synced = !offline && sync_first(kb, user);
	KbResults r;
	KbSearchOpts o = {.limit = limit};
	int rc = 2;
	if (kb_search(kb, query, &o, &r, &err)) {
		if (!synced && kb_count(kb) == 0)
			fprintf(stderr, "%s\n", _("yichuang: the local knowledge index is empty: run the search once with the server reachable."));
		if (json)
			print_json(query, &r, synced, kb_last_sync(kb));
		else
			print_text(&r);
		rc = r.n > 0 ? 0 : 1;
		kb_results_free(&r);
	} else {
		fprintf(stderr, "yichuang: %s\n", err ? err : "?");
		free(err);
	}
	kb_close(kb);
	store_close(st);
	return rc;
}
