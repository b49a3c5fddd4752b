/* outbox: the background sender of queued submissions: the oldest due row
 * of the local store's outbox, one request at a time, with its own key
 * and frozen body, until the server gives a definite answer. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "client/outbox.h"
#include "client/api.h"
#include "client/app.h"
#include "client/i18n.h"
#include "client/intake_int.h"
#include "client/local.h"
#include "client/loop.h"
#include "common/jsonx.h"
#include "common/xalloc.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

enum { MAX_LISTENERS = 4 };

typedef struct Listener {
	void (*fn)(const OutboxEvent *ev, void *ud);
	void *ud;
} Listener;

static struct {
	Listener ls[MAX_LISTENERS];
	unsigned req;              /* the one request in flight, or 0 */
	unsigned gen;              /* bumped by outbox_stop: late answers are ignored */
	char sending[24];          /* its row */
	unsigned timer;            /* the next row falls due */
	int64_t timer_at;          /* when (unix ms), 0: no timer */
	/* Rows to send before their next_at (send now, flush). */
	char (*urgent)[24];
	int nurgent, cap_urgent;
	/* A flush (yichuang sync): every row once, online or not. */
	bool flushing;
	void (*flush_done)(void *ud);
	void *flush_ud;
	bool was_online;
} O;

static void step(void);

/* Wall-clock milliseconds: next_at outlives the process. */
static int64_t now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_REALTIME, &t);
	return (int64_t)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/* ------------------------------------------------------------ listeners */

void outbox_listen(void (*fn)(const OutboxEvent *ev, void *ud), void *ud)
{
	if (!fn) {
		outbox_unlisten(ud);
		return;
	}
	for (int i = 0; i < MAX_LISTENERS; i++)
		if (O.ls[i].fn == fn && O.ls[i].ud == ud)
			return;
	for (int i = 0; i < MAX_LISTENERS; i++)
		if (!O.ls[i].fn) {
			O.ls[i] = (Listener){fn, ud};
			return;
		}
}

void outbox_unlisten(void *ud)
{
	for (int i = 0; i < MAX_LISTENERS; i++)
		if (O.ls[i].ud == ud)
			O.ls[i] = (Listener){NULL, NULL};
}

/* Tell every listener (a copy: one may unlisten meanwhile). */
static void emit(const OutboxEvent *ev)
{
	Listener ls[MAX_LISTENERS];
	memcpy(ls, O.ls, sizeof ls);
	for (int i = 0; i < MAX_LISTENERS; i++)
		if (ls[i].fn)
			ls[i].fn(ev, ls[i].ud);
}

/* --------------------------------------------------------------- counts */

/* Drafts the server refused (state attention), -1 on failure. */
static int attention_count(Store *s)
{
	sqlite3_stmt *st = NULL;
	int n = -1;
	if (sqlite3_prepare_v2(store_db(s), "SELECT count(*) FROM draft WHERE state = 'attention'", -1, &st, NULL) ==
		    SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return n;
}

/* app.outbox_waiting, outbox_sending and drafts_attention from the store;
 * CH_DRAFTS when one changed or always is set. */
static void refresh_counts(Store *s, bool always)
{
	int waiting = s ? outbox_count(s) : 0, attention = s ? attention_count(s) : 0;
	if (waiting < 0)
		waiting = app.outbox_waiting;
	if (attention < 0)
		attention = app.drafts_attention;
	bool sending = O.req != 0;
	if (!always && waiting == app.outbox_waiting && attention == app.drafts_attention &&
	    sending == app.outbox_sending)
		return;
	app.outbox_waiting = waiting;
	app.drafts_attention = attention;
	app.outbox_sending = sending;
	app_notify(CH_DRAFTS);
}

/* --------------------------------------------------------------- urgent */

static int urgent_find(const char *id)
{
	for (int i = 0; i < O.nurgent; i++)
		if (strcmp(O.urgent[i], id) == 0)
			return i;
	return -1;
}

static void urgent_add(const char *id)
{
	if (urgent_find(id) >= 0)
		return;
	if (O.nurgent == O.cap_urgent) {
		O.cap_urgent = O.cap_urgent ? O.cap_urgent * 2 : 16;
		O.urgent = xrealloc(O.urgent, (size_t)O.cap_urgent * sizeof O.urgent[0]);
	}
	snprintf(O.urgent[O.nurgent++], sizeof O.urgent[0], "%s", id);
}

static void urgent_drop(const char *id)
{
	int i = urgent_find(id);
	if (i < 0)
		return;
	memmove(O.urgent[i], O.urgent[i + 1], (size_t)(O.nurgent - i - 1) * sizeof O.urgent[0]);
	O.nurgent--;
}

/* Every row now, whatever its backoff (back online, a flush). */
static void urgent_all(Store *s)
{
	size_t n = 0;
	OutboxItem **v = outbox_list(s, &n);
	for (size_t i = 0; i < n; i++)
		urgent_add(v[i]->draft_id);
	outbox_list_free(v, n);
}

/* -------------------------------------------------------------- answers */

/* A random number of its own (xorshift, seeded from the clock and the
 * process), so clients that lost the server together do not come back
 * in step, and nobody else's random() sequence moves. */
static uint64_t jitter(void)
{
	static uint64_t x;
	if (!x)
		x = ((uint64_t)now_ms() << 16) ^ (uint64_t)getpid() ^ 0x9e3779b97f4a7c15u;
	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	return x;
}

/* The wait after attempt number n (1: the first) without an answer:
 * 2 s doubling to 5 min, plus up to a quarter more at random, never less
 * than what Retry-After asks. */
static int64_t backoff_ms(int n, long retry_after)
{
	int64_t d = OUTBOX_BACKOFF_MIN_MS;
	for (int i = 1; i < n && d < OUTBOX_BACKOFF_MAX_MS; i++)
		d *= 2;
	if (d > OUTBOX_BACKOFF_MAX_MS)
		d = OUTBOX_BACKOFF_MAX_MS;
	d += (int64_t)(jitter() % (uint64_t)(d / 4 + 1));
	if (retry_after > 0 && retry_after * 1000 > d)
		d = retry_after * 1000 > OUTBOX_BACKOFF_MAX_MS ? OUTBOX_BACKOFF_MAX_MS : retry_after * 1000;
	return d;
}

typedef enum Verdict { V_DELIVERED, V_REFUSED, V_RETRY } Verdict;

/* What an answer means for the row: a case (2xx with its number), a
 * definite no (4xx but 408/429, and 501; not a 409 of a key still being
 * worked on, not a 401 of a session gone), else no answer yet. */
static Verdict verdict(const ApiResponse *r)
{
	long s = r->status;
	if (s >= 200 && s <= 299)
		return cJSON_IsObject(r->json) && json_str(r->json, "number", NULL) ? V_DELIVERED : V_RETRY;
	if (s == 0 || s == 401 || s == 408 || s == 429 || (s >= 500 && s != 501))
		return V_RETRY;
	if (s == 409 && r->problem && strcmp(r->problem, "conflict") == 0)
		return V_RETRY;
	return V_REFUSED;
}

typedef struct Sent {
	unsigned gen;
	char draft_id[24];
	int attempts;              /* before this one */
} Sent;

/* Whether the intake at the counter waits for this row (its review shows
 * the outcome; a row sent in the background says so on the message line). */
static bool counter_waits(const char *draft_id)
{
	const Intake *in = intake_current();
	return in && strcmp(in->draft_id, draft_id) == 0;
}

static void delivered(Store *s, const Sent *w, const ApiResponse *r)
{
	cJSON *created = intake_json_copy(r->json);
	const char *number = json_str(created, "number", "");
	if (!outbox_delivered(s, w->draft_id, number))
		app_message(true, _("Case %s was made, but the local store could not record it (%s): it is asked again "
				    "later and the server answers with the same case."),
			    number, store_last_message(s) ? store_last_message(s) : "?");
	else if (!counter_waits(w->draft_id))
		app_message(false, _("Sent from the outbox: case %s."), number);
	OutboxEvent ev = {.draft_id = w->draft_id, .what = OB_DELIVERED, .case_number = number,
			  .created = created, .replayed = r->replayed, .status = r->status};
	emit(&ev);
	cJSON_Delete(created);
}

static void refused(Store *s, const Sent *w, const ApiResponse *r)
{
	char *why = intake_answer_error(r);
	const cJSON *e = json_arr(r->json, "errors");
	cJSON *errors = e ? intake_json_copy(e) : NULL;
	if (!outbox_refused(s, w->draft_id, errors, why))
		app_message(true, _("The server refused a queued case, but the local store could not record it: %s"),
			    store_last_message(s) ? store_last_message(s) : "?");
	else if (!counter_waits(w->draft_id))
		app_message(true, _("The server refused a queued case (%s): it waits in the drafts (d), marked for attention."),
			    why ? why : "?");
	OutboxEvent ev = {.draft_id = w->draft_id, .what = OB_REFUSED, .status = r->status,
			  .message = why, .errors = errors};
	emit(&ev);
	cJSON_Delete(errors);
	free(why);
}

static void retry_later(Store *s, const Sent *w, const ApiResponse *r)
{
	char *why = r->status >= 200 && r->status <= 299 ? xstrdup(_("the server sent a malformed answer"))
							  : intake_answer_error(r);
	int64_t next = now_ms() + backoff_ms(w->attempts + 1, r->retry_after);
	/* A failed write leaves next_at as it was: sent again sooner, with
	 * the same key, which is harmless. */
	outbox_attempt_failed(s, w->draft_id, r->status, why, next);
	OutboxEvent ev = {.draft_id = w->draft_id, .what = OB_RETRY, .status = r->status, .message = why};
	emit(&ev);
	free(why);
}

static void on_sent(const ApiResponse *r, void *ud)
{
	Sent *w = ud;
	if (w->gen != O.gen) {
		free(w); /* stopped meanwhile: the row stays as it is */
		return;
	}
	O.req = 0;
	O.sending[0] = '\0';
	Store *s = local_store();
	if (s) {
		switch (verdict(r)) {
		case V_DELIVERED:
			delivered(s, w, r);
			break;
		case V_REFUSED:
			refused(s, w, r);
			break;
		default:
			retry_later(s, w, r);
			break;
		}
	}
	free(w);
	refresh_counts(s, true);
	step();
}

/* ------------------------------------------------------------- sending */

/* Whether rows may go now: a session, and the server there (a flush asks
 * once whatever the events stream says). */
static bool may_send(void)
{
	return app.logged_in && (app.online || O.flushing);
}

static void on_timer(void *ud)
{
	O.timer = 0;
	O.timer_at = 0;
	step();
}

/* A timer for the earliest next_at of rows (none when at is 0). */
static void arm_timer(int64_t at)
{
	if (O.timer && O.timer_at == at)
		return;
	loop_timer_cancel(O.timer);
	O.timer = 0;
	O.timer_at = 0;
	if (!at)
		return;
	int64_t d = at - now_ms();
	O.timer = loop_timer_add(d < 0 ? 0 : d > OUTBOX_BACKOFF_MAX_MS ? OUTBOX_BACKOFF_MAX_MS : d, on_timer, NULL);
	O.timer_at = at;
}

/* The end of a flush: every row it was asked for has had its try. */
static void flush_check(void)
{
	if (!O.flushing || O.req || O.nurgent > 0)
		return;
	O.flushing = false;
	void (*done)(void *) = O.flush_done;
	O.flush_done = NULL;
	if (done)
		done(O.flush_ud);
}

/* Send the first row (queue order) that is urgent or due, when nothing is
 * in flight; else arm the timer for the next one. */
static void step(void)
{
	if (O.req)
		return;
	Store *s = local_store();
	if (!s || !may_send()) {
		if (!s || !app.logged_in)
			O.nurgent = 0; /* nothing can be tried: a flush ends */
		arm_timer(0);
		flush_check();
		return;
	}
	size_t n = 0;
	OutboxItem **v = outbox_list(s, &n);
	int64_t now = now_ms(), next = 0;
	OutboxItem *pick = NULL;
	/* Rows asked for now first (the clerk waits for it), then the oldest due. */
	for (size_t i = 0; i < n && !pick; i++)
		if (urgent_find(v[i]->draft_id) >= 0)
			pick = v[i];
	for (size_t i = 0; i < n && !pick; i++) {
		if (!O.flushing && v[i]->next_at <= now)
			pick = v[i];
		else if (!next || v[i]->next_at < next)
			next = v[i]->next_at;
	}
	/* Urgent rows that are gone (delivered, deleted) are no longer asked for. */
	for (int i = O.nurgent - 1; i >= 0; i--) {
		bool there = false;
		for (size_t k = 0; k < n && !there; k++)
			there = strcmp(v[k]->draft_id, O.urgent[i]) == 0;
		if (!there)
			urgent_drop(O.urgent[i]);
	}
	if (!pick) {
		outbox_list_free(v, n);
		arm_timer(O.flushing ? 0 : next);
		flush_check();
		return;
	}
	urgent_drop(pick->draft_id);
	cJSON *body = cJSON_Parse(pick->body);
	Sent *w = xcalloc(1, sizeof *w);
	w->gen = O.gen;
	w->attempts = pick->attempts;
	snprintf(w->draft_id, sizeof w->draft_id, "%s", pick->draft_id);
	snprintf(O.sending, sizeof O.sending, "%s", pick->draft_id);
	O.req = api_request("POST", "/v1/cases", body, pick->key, on_sent, w);
	cJSON_Delete(body);
	outbox_list_free(v, n);
	OutboxEvent ev = {.draft_id = O.sending, .what = OB_SENDING};
	emit(&ev);
	refresh_counts(s, false);
}

void outbox_kick(void)
{
	Store *s = local_store();
	refresh_counts(s, false);
	step();
}

void outbox_send_now(const char *draft_id)
{
	if (draft_id && *draft_id)
		urgent_add(draft_id);
	outbox_kick();
}

void outbox_flush(void (*done)(void *ud), void *ud)
{
	Store *s = local_store();
	O.flushing = true;
	O.flush_done = done;
	O.flush_ud = ud;
	if (s)
		urgent_all(s);
	refresh_counts(s, false);
	step();
}

/* A session starting: the counts and what is due once the first screen
 * is up (a first login creates the store). */
enum { KICK_AFTER_LOGIN_MS = 300 };
static unsigned login_kick;

static void kick_after_login(void *ud)
{
	login_kick = 0;
	outbox_on_model(CH_ONLINE); /* as things stand by now */
}

void outbox_on_model(unsigned what)
{
	if (!(what & (CH_ONLINE | CH_SESSION)))
		return;
	if ((what & CH_SESSION) && app.logged_in && !O.was_online && !login_kick)
		login_kick = loop_timer_add(KICK_AFTER_LOGIN_MS, kick_after_login, NULL);
	if (login_kick)
		return;
	if ((what & CH_SESSION) && !app.logged_in && (O.req || O.timer))
		outbox_stop(); /* logged out: an answer must not land in the next user's store */
	bool up = app.logged_in && app.online;
	if (up && !O.was_online) {
		/* Back: whatever waited goes now, backoff or not. */
		Store *s = local_store();
		if (s)
			urgent_all(s);
	}
	O.was_online = up;
	outbox_kick();
}

void outbox_stop(void)
{
	loop_timer_cancel(login_kick);
	login_kick = 0;
	O.gen++;
	if (O.req)
		api_cancel(O.req);
	O.req = 0;
	O.sending[0] = '\0';
	loop_timer_cancel(O.timer);
	O.timer = 0;
	O.timer_at = 0;
	O.nurgent = 0;
	O.was_online = false;
	app.outbox_sending = false;
	if (O.flushing) {
		O.flushing = false;
		void (*done)(void *) = O.flush_done;
		O.flush_done = NULL;
		if (done)
			done(O.flush_ud);
	}
}
