/* cli_sync: yichuang sync: resume the session, sync the cache, send every
 * queued submission now and print what became of each. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "client/cli.h"
#include "client/app.h"
#include "client/cache.h"
#include "client/drafts.h"
#include "client/i18n.h"
#include "client/local.h"
#include "client/loop.h"
#include "client/outbox.h"
#include "common/jsonx.h"
#include "common/text.h"
#include "common/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct Run {
	bool done, ok;
	const char *problem;
	char **cases;      /* numbers delivered now */
	int ncases;
} Run;

static void on_session(bool ok, const char *problem, void *ud)
{
	Run *r = ud;
	r->done = true;
	r->ok = ok;
	r->problem = problem && strcmp(problem, "offline") == 0 ? "offline" : NULL;
	loop_quit(0);
}

static void on_event(const OutboxEvent *ev, void *ud)
{
	Run *r = ud;
	if (ev->what != OB_DELIVERED)
		return;
	r->cases = xrealloc(r->cases, (size_t)(r->ncases + 1) * sizeof *r->cases);
	r->cases[r->ncases++] = text_clean(ev->case_number ? ev->case_number : "?", TEXT_ONE_LINE);
}

static void on_flushed(void *ud)
{
	((Run *)ud)->done = true;
	loop_quit(0);
}

enum { CACHE_POLL_MS = 50, SHOW_CASES = 5 };

/* Look again whether the cache sync has ended. */
static void on_cache_poll(void *ud)
{
	loop_quit(0);
}

/* Run the loop until the cache sync has ended (each of its requests has
 * its own timeout, so it ends). */
static void wait_cache(void)
{
	while (cache_sync_running()) {
		unsigned t = loop_timer_add(CACHE_POLL_MS, on_cache_poll, NULL);
		loop_run();
		loop_timer_cancel(t);
	}
}

/* "draft dabc (张**, 居住证申领)" into out. */
static void draft_name(const char *id, Store *s, char *out, size_t n)
{
	Draft *d = drafts_get(s, id);
	char who[96] = "";
	if (d)
		drafts_masked_who(d, who, sizeof who);
	char *title = text_clean(d && d->title ? d->title : "", TEXT_ONE_LINE);
	char *w = text_clean(who, TEXT_ONE_LINE);
	if (d)
		snprintf(out, n, _("draft %s (%s, %s)"), id, w, title);
	else
		snprintf(out, n, _("draft %s"), id);
	free(title);
	free(w);
	draft_free(d);
}

/* The drafts the server refused, each with the first field it named;
 * returns how many. */
static int print_attention(Store *s)
{
	size_t n = 0;
	Draft **v = drafts_list(s, &n);
	int count = 0;
	for (size_t i = 0; i < n; i++) {
		if (v[i]->state != DRAFT_ATTENTION)
			continue;
		count++;
		char name[256];
		draft_name(v[i]->id, s, name, sizeof name);
		const cJSON *e = cJSON_GetArrayItem(v[i]->errors, 0);
		char *msg = text_clean(e ? json_str(e, "message", "") : v[i]->message ? v[i]->message : "?", TEXT_ONE_LINE);
		if (e) {
			char *field = text_clean(json_str(e, "field", "?"), TEXT_ONE_LINE);
			printf(_("  needs attention: %s: field %s: %s\n"), name, field, msg);
			free(field);
		} else {
			printf(_("  needs attention: %s: %s\n"), name, msg);
		}
		free(msg);
	}
	drafts_list_free(v, n);
	return count;
}

/* The rows still in the outbox, each with why; returns how many. */
static int print_waiting(Store *s)
{
	size_t n = 0;
	OutboxItem **v = outbox_list(s, &n);
	for (size_t i = 0; i < n; i++) {
		char name[256];
		draft_name(v[i]->draft_id, s, name, sizeof name);
		char *why = text_clean(v[i]->last_error ? v[i]->last_error : _("not sent yet"), TEXT_ONE_LINE);
		if (v[i]->last_status)
			printf(_("  still waiting: %s: server error %ld: %s\n"), name, v[i]->last_status, why);
		else
			printf(_("  still waiting: %s: %s\n"), name, why);
		free(why);
	}
	outbox_list_free(v, n);
	return (int)n;
}

/* yichuang sync: 0 when everything was delivered and nothing needs
 * attention, 1 when something waits or needs attention (or the server
 * cannot be reached), 2 on a usage or login failure. */
int cli_sync(int argc, char **argv)
{
	if (argc > 1 || cli_offline) {
		fprintf(stderr, "%s", _("Usage: yichuang sync (no arguments; it needs the server)\n"));
		return 2;
	}
	const char *user = app.cfg.username;
	if (!user || !*user) {
		fprintf(stderr, "%s\n", _("yichuang sync: no user name: use --user NAME or username in the config."));
		return 2;
	}
	Run r = {0};
	app_resume_session(user, on_session, &r);
	while (!r.done)
		loop_run();
	if (!r.ok) {
		const char *why = app.message ? app.message : _("no stored session and no password_command");
		if (r.problem) {
			fprintf(stderr, _("yichuang sync: cannot reach the server %s: %s\n"), app.server, why);
			Store *s = local_store();
			int waiting = s ? outbox_count(s) : -1;
			if (waiting > 0)
				fprintf(stderr, _("yichuang sync: %d submission(s) still wait in the outbox.\n"), waiting);
			return 1;
		}
		fprintf(stderr, _("yichuang sync: cannot log in as %s: %s\n"), user, why);
		return 2;
	}
	Store *s = local_store();
	if (!s) {
		fprintf(stderr, _("yichuang sync: %s\n"), local_error() ? local_error() : "?");
		return 1;
	}
	cache_sync();
	outbox_listen(on_event, &r);
	r.done = false;
	outbox_flush(on_flushed, &r);
	while (!r.done)
		loop_run();
	outbox_unlisten(&r);
	outbox_stop();
	wait_cache();

	/* The first few case numbers, then the last one. */
	char cases[512] = "";
	size_t o = 0;
	for (int i = 0; i < r.ncases && i < SHOW_CASES; i++)
		o += (size_t)snprintf(cases + o, sizeof cases - o, "%s%s", i ? ", " : "", r.cases[i]);
	if (r.ncases > SHOW_CASES)
		snprintf(cases + o, sizeof cases - o, r.ncases > SHOW_CASES + 1 ? ", …, %s" : ", %s",
			 r.cases[r.ncases - 1]);
	if (r.ncases)
		printf(_("Sent %d (cases %s).\n"), r.ncases, cases);
	else
		printf("%s\n", _("Sent 0."));
	int attention = print_attention(s);
	int waiting = print_waiting(s);
	printf(_("%d sent, %d need attention, %d still waiting.\n"), r.ncases, attention, waiting);
	for (int i = 0; i < r.ncases; i++)
		free(r.cases[i]);
	free(r.cases);
	return attention || waiting ? 1 : 0;
}
