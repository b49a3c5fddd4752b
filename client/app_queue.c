/* app_queue: the live queue: GET /v1/queue, the events stream keeping it
 * current, and the ticket operations (call next, recall, skip, hold,
 * transfer, finish). */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "client/app.h"
#include "client/api.h"
#include "client/app_int.h"
#include "client/app_model.h"
#include "client/events.h"
#include "client/i18n.h"
#include "client/loop.h"
#include "common/jsonx.h"
#include "common/xalloc.h"

#include <stdlib.h>
#include <string.h>

#define REFETCH_DELAY_MS 200

static struct {
	unsigned req;            /* GET /v1/queue in flight */
	bool again;              /* asked again while in flight */
	bool user;               /* asked by the user: report failures */
	unsigned timer;          /* debounce */
	bool op_busy;            /* a ticket operation in flight */
	bool started;
	char *last_skipped;      /* id of this window's last no-show: recallable */
} Q;

static void fetch_queue(void);

static void on_queue(const ApiResponse *r, void *ud)
{
	Q.req = 0;
	app_busy(-1);
	bool user = Q.user;
	Q.user = false;
	if (!app.logged_in)
		return;
	if (r->status == 200 && !r->error && model_apply_queue(&app, r->json) == 0) {
		app_note_date(r);
		app_notify(CH_QUEUE | CH_CURRENT);
	} else if (r->status == 200) {
		app_message(true, "%s", _("Cannot load the queue: the server sent a malformed answer"));
	} else if (user || r->status == 401) {
		app_fail(r, _("Cannot load the queue"));
	}
	if (Q.again && app.logged_in) {
		Q.again = false;
		fetch_queue();
	}
}

/* GET /v1/queue now, or once more after the one in flight. */
static void fetch_queue(void)
{
	if (Q.req) {
		Q.again = true;
		return;
	}
	app_busy(+1);
	Q.req = api_request("GET", "/v1/queue?limit=200", NULL, NULL, on_queue, NULL);
}

static void on_refetch_timer(void *ud)
{
	Q.timer = 0;
	if (app.logged_in)
		fetch_queue();
}

void app_refresh_soon(void)
{
	if (!Q.timer)
		Q.timer = loop_timer_add(REFETCH_DELAY_MS, on_refetch_timer, NULL);
}

void app_refresh(void)
{
	if (!app.logged_in)
		return;
	Q.user = true;
	events_kick();
	fetch_queue();
}

/* A ticket.* event: apply its ticket and stats at once, then re-fetch so
 * the waiting list is exactly the server's. */
static void on_event(const char *id, const char *type, const cJSON *data, void *ud)
{
	if (!app.logged_in || strncmp(type, "ticket.", 7) != 0)
		return;
	unsigned ch = 0;
	Ticket t;
	if (ticket_parse(&t, json_obj(data, "ticket"))) {
		ch |= model_apply_ticket(&app, &t);
		ticket_free(&t);
	}
	const cJSON *stats = json_obj(data, "stats");
	if (stats) {
		model_apply_stats(&app, stats);
		ch |= CH_QUEUE;
	}
	app_notify(ch);
	app_refresh_soon();
}

static void on_state(bool online, const char *why, void *ud)
{
	bool was = app.online;
	app.online = online;
	free(app.offline_reason);
	app.offline_reason = online ? NULL : xstrdup(why);
	app_notify(CH_ONLINE);
	/* Back online: events may have been missed before the resume point
	 * was known, so load the whole queue again. */
	if (online && !was)
		app_refresh_soon();
}

void app_queue_start(void)
{
	static const EventsHandler h = { on_event, on_state };
	Q.started = true;
	events_reset_id();
	fetch_queue();
	events_start(&h, NULL);
}

void app_queue_stop(void)
{
	if (!Q.started)
		return;
	Q.started = false;
	events_stop();
	if (Q.req)
		api_cancel(Q.req); /* its answer is ignored: not logged in */
	loop_timer_cancel(Q.timer);
	Q.timer = 0;
	Q.again = false;
	free(Q.last_skipped);
	Q.last_skipped = NULL;
	app.online = false;
}

/* Percent-encode a path segment (ticket ids come from the network). */
static char *path_escape(const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	char *out = xmalloc(strlen(s) * 3 + 1), *o = out;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		    *p == '-' || *p == '_' || *p == '.' || *p == '~') {
			*o++ = (char)*p;
		} else {
			*o++ = '%';
			*o++ = hex[*p >> 4];
			*o++ = hex[*p & 15];
		}
	}
	*o = '\0';
	return out;
}

/* What each operation is called in messages, and what it says when done. */
typedef struct OpInfo {
	const char *verb;        /* URL verb, or NULL for call-next */
	const char *fail;        /* "Cannot …" */
	const char *done;        /* what happened, after the ticket number */
} OpInfo;

static const OpInfo op_call = { NULL, N_("Cannot call the next ticket"), N_("called") };
static const OpInfo op_recall = { "recall", N_("Cannot recall the ticket"), N_("recalled") };
static const OpInfo op_skip = { "skip", N_("Cannot skip the ticket"), N_("skipped (no-show)") };
static const OpInfo op_hold = { "hold", N_("Cannot hold the ticket"), N_("set aside (held)") };
static const OpInfo op_transfer = { "transfer", N_("Cannot transfer the ticket"), N_("transferred") };
static const OpInfo op_finish = { "finish", N_("Cannot finish the ticket"), N_("finished") };

typedef struct OpCtx {
	const OpInfo *info;
	app_done_cb cb;
	void *ud;
} OpCtx;

static void on_op(const ApiResponse *r, void *ud)
{
	OpCtx *c = ud;
	Q.op_busy = false;
	app_busy(-1);
	Ticket t;
	bool ok = false;
	if (r->status >= 200 && r->status < 300 && !r->error) {
		if (ticket_parse(&t, r->json)) {
			app_note_date(r);
			unsigned ch = model_apply_ticket(&app, &t);
			if (c->info == &op_transfer)
				app_message(false, _("Ticket %s: transferred to %s"), t.number, t.category);
			else
				app_message(false, _("Ticket %s: %s"), t.number, _(c->info->done));
			/* A no-show who turns up after all can be recalled. */
			if (c->info == &op_skip) {
				free(Q.last_skipped);
				Q.last_skipped = xstrdup(t.id);
			} else if (Q.last_skipped && strcmp(Q.last_skipped, t.id) == 0) {
				free(Q.last_skipped);
				Q.last_skipped = NULL;
			}
			ticket_free(&t);
			app_notify(ch | CH_QUEUE | CH_CURRENT);
			ok = true;
		} else {
			app_message(true, _("%s: the server sent a malformed answer"), _(c->info->fail));
		}
	} else {
		app_fail(r, _(c->info->fail));
	}
	if (app.logged_in)
		app_refresh_soon();
	if (c->cb)
		c->cb(ok, ok ? NULL : r->problem, c->ud);
	free(c);
}

/* Start one ticket operation; only one runs at a time, so a double key
 * press cannot call two tickets. */
static void ticket_op(const OpInfo *info, const char *ticket_id, const cJSON *body,
		      app_done_cb cb, void *ud)
{
	if (!app.logged_in) {
		app_message(true, "%s: %s", _(info->fail), _("not logged in"));
		app_done_later(cb, ud, false, "unauthorized");
		return;
	}
	if (Q.op_busy) {
		app_message(true, "%s", _("Wait: the previous action is still running"));
		app_done_later(cb, ud, false, "busy");
		return;
	}
	char *path;
	if (info->verb) {
		char *id = path_escape(ticket_id);
		path = xasprintf("/v1/tickets/%s/%s", id, info->verb);
		free(id);
	} else {
		path = xstrdup("/v1/queue/call-next");
	}
	OpCtx *c = xcalloc(1, sizeof *c);
	c->info = info;
	c->cb = cb;
	c->ud = ud;
	Q.op_busy = true;
	app_busy(+1);
	api_request("POST", path, body, NULL, on_op, c);
	free(path);
}

/* The ticket operations act on the current ticket; without one, say so. */
static bool need_current(const OpInfo *info, app_done_cb cb, void *ud)
{
	if (app.current)
		return true;
	app_message(true, "%s: %s", _(info->fail), _("no ticket is being served at this window"));
	app_done_later(cb, ud, false, "no-current");
	return false;
}

void app_call_next(app_done_cb cb, void *ud)
{
	if (app.logged_in && !app.me.window_id) {
		app_message(true, "%s: %s", _(op_call.fail), _("this account has no window"));
		app_done_later(cb, ud, false, "forbidden");
		return;
	}
	ticket_op(&op_call, NULL, NULL, cb, ud);
}

void app_recall(app_done_cb cb, void *ud)
{
	if (!app.current && app.nheld > 0) {
		ticket_op(&op_recall, app.held[0].id, NULL, cb, ud);
		return;
	}
	if (!app.current && Q.last_skipped) {
		ticket_op(&op_recall, Q.last_skipped, NULL, cb, ud);
		return;
	}
	if (need_current(&op_recall, cb, ud))
		ticket_op(&op_recall, app.current->id, NULL, cb, ud);
}

void app_recall_ticket(const char *ticket_id, app_done_cb cb, void *ud)
{
	ticket_op(&op_recall, ticket_id ? ticket_id : "", NULL, cb, ud);
}

void app_skip(app_done_cb cb, void *ud)
{
	if (need_current(&op_skip, cb, ud))
		ticket_op(&op_skip, app.current->id, NULL, cb, ud);
}

void app_hold(app_done_cb cb, void *ud)
{
	if (need_current(&op_hold, cb, ud))
		ticket_op(&op_hold, app.current->id, NULL, cb, ud);
}

void app_finish(app_done_cb cb, void *ud)
{
	if (need_current(&op_finish, cb, ud))
		ticket_op(&op_finish, app.current->id, NULL, cb, ud);
}

void app_transfer(const char *category, app_done_cb cb, void *ud)
{
	if (!category || !*category) {
		app_message(true, "%s: %s", _(op_transfer.fail), _("choose a category"));
		app_done_later(cb, ud, false, "invalid-request");
		return;
	}
	if (!need_current(&op_transfer, cb, ud))
		return;
	cJSON *body = cJSON_CreateObject();
	cJSON_AddStringToObject(body, "category", category);
	ticket_op(&op_transfer, app.current->id, body, cb, ud);
	cJSON_Delete(body);
}
