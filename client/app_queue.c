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
#include "client/keymap.h"
#include "client/loop.h"
#include "client/offline.h"
#include "common/jsonx.h"
#include "common/xalloc.h"

#include <stdlib.h>
#include <string.h>

#define REFETCH_DELAY_MS 200

static struct {
	unsigned req;            /* GET /v1/queue in flight */
	bool req_busy;           /* … and counted in app.busy */
	bool again, again_busy;  /* asked again while in flight (with the mark) */
	bool user;               /* asked by the user: report failures */
	unsigned timer;          /* debounce */
	bool started;
	char *last_skipped;      /* id of this window's last no-show: recallable */
} Q;

static void fetch_queue(bool busy);
static void drop_waiting(bool say, const char *problem);

static void on_queue(const ApiResponse *r, void *ud)
{
	Q.req = 0;
	if (Q.req_busy)
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
		fetch_queue(Q.again_busy);
	}
}

/* GET /v1/queue now, or once more after the one in flight. busy: the busy
 * mark shows while it runs (the first load, F5); the re-fetches that follow
 * events run unseen (one a ticket event, all day long, would otherwise
 * flash the mark and cost terminal bytes each time). */
static void fetch_queue(bool busy)
{
	if (Q.req) {
		Q.again_busy = (Q.again && Q.again_busy) || busy;
		Q.again = true;
		return;
	}
	Q.req_busy = busy;
	if (busy)
		app_busy(+1);
	Q.req = api_request("GET", "/v1/queue?limit=200", NULL, NULL, on_queue, NULL);
}

static void on_refetch_timer(void *ud)
{
	Q.timer = 0;
	if (app.logged_in)
		fetch_queue(false);
}

void app_refresh_soon(void)
{
	if (!Q.timer)
		Q.timer = loop_timer_add(REFETCH_DELAY_MS, on_refetch_timer, NULL);
}

void app_refresh(void)
{
	if (app.offline_session) {
		offline_retry_now(); /* F5 tries the server at once */
		return;
	}
	if (!app.logged_in)
		return;
	Q.user = true;
	events_kick();
	fetch_queue(true);
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
	/* Not offline: connecting (a reason comes with a failure). */
	free(app.offline_reason);
	app.offline_reason = NULL;
	events_reset_id();
	fetch_queue(true);
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
	drop_waiting(false, "unauthorized");
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

/* What each operation is called in messages, what it says when done, and
 * which ticket it acts on (found when it runs, so that keys typed ahead
 * act on the ticket the earlier ones left behind). */
typedef enum OpTarget {
	TARGET_NONE,             /* call-next */
	TARGET_CURRENT,          /* the ticket being served */
	TARGET_RECALLABLE,       /* the current, else the first held, else the last no-show */
} OpTarget;

typedef struct OpInfo {
	const char *verb;        /* URL verb, or NULL for call-next */
	const char *fail;        /* "Cannot …" */
	const char *done;        /* what happened, after the ticket number */
	OpTarget target;
	Action action;           /* its key's action, named when offline */
} OpInfo;

static const OpInfo op_call = { NULL, N_("Cannot call the next ticket"), N_("called"), TARGET_NONE, ACT_CALL_NEXT };
static const OpInfo op_recall = { "recall", N_("Cannot recall the ticket"), N_("recalled"), TARGET_RECALLABLE, ACT_RECALL };
static const OpInfo op_skip = { "skip", N_("Cannot skip the ticket"), N_("skipped (no-show)"), TARGET_CURRENT, ACT_SKIP };
static const OpInfo op_hold = { "hold", N_("Cannot hold the ticket"), N_("set aside (held)"), TARGET_CURRENT, ACT_HOLD };
static const OpInfo op_transfer = { "transfer", N_("Cannot transfer the ticket"), N_("transferred"), TARGET_CURRENT, ACT_TRANSFER };
static const OpInfo op_finish = { "finish", N_("Cannot finish the ticket"), N_("finished"), TARGET_CURRENT, ACT_FINISH };

/* One queue action: running, or typed ahead and waiting its turn. */
typedef struct Op {
	const OpInfo *info;
	char *ticket_id;         /* a ticket chosen by the clerk, else NULL */
	char *category;          /* transfer: where to */
	app_done_cb cb;
	void *ud;
} Op;

/* Keys typed ahead wait here, in order, behind the one running: the
 * server takes one action at a time per window, and a double key press
 * must still not call two tickets at once. */
#define OPS_WAITING_MAX 4
static struct {
	Op *running;
	Op *waiting[OPS_WAITING_MAX];
	int nwaiting;
} F;

static void op_free(Op *op)
{
	if (!op)
		return;
	free(op->ticket_id);
	free(op->category);
	free(op);
}

/* Tell an action's owner it failed (later, from the loop) and free it. */
static void op_fail(Op *op, const char *problem)
{
	app_done_later(op->cb, op->ud, false, problem);
	op_free(op);
}

/* Forget the actions typed ahead; n > 0 adds how many to the message
 * line's failure (when say). */
static void drop_waiting(bool say, const char *problem)
{
	int n = F.nwaiting;
	for (int i = 0; i < n; i++)
		op_fail(F.waiting[i], problem);
	F.nwaiting = 0;
	if (say && n > 0) {
		char *prev = xstrdup(app.message ? app.message : "");
		app_message(true, ngettext("%s (the %d action typed after it was not done)",
					   "%s (the %d actions typed after it were not done)", (unsigned long)n),
			    prev, n);
		free(prev);
	}
}

int app_queue_pending(void)
{
	return (F.running ? 1 : 0) + F.nwaiting;
}

static bool op_start(Op *op);

/* The running action ended: the next one typed ahead starts, unless this
 * one failed (then the rest would act on a state the clerk did not see). */
static void op_next(bool ok)
{
	if (!ok || !app.logged_in) {
		drop_waiting(app.logged_in, "dropped");
		return;
	}
	while (F.nwaiting > 0) {
		Op *op = F.waiting[0];
		memmove(F.waiting, F.waiting + 1, (size_t)--F.nwaiting * sizeof F.waiting[0]);
		if (op_start(op))
			return;
		/* It could not even start (no ticket to act on): said, and the
		 * rest go too. */
		drop_waiting(true, "dropped");
	}
}

static void on_op(const ApiResponse *r, void *ud)
{
	Op *op = ud;
	F.running = NULL;
	app_busy(-1);
	const OpInfo *info = op->info;
	Ticket t;
	bool ok = false;
	if (!app.logged_in) {
		/* The session ended meanwhile: nothing to show it in. */
	} else if (r->status >= 200 && r->status < 300 && !r->error) {
		if (ticket_parse(&t, r->json)) {
			app_note_date(r);
			unsigned ch = model_apply_ticket(&app, &t);
			if (info == &op_transfer)
				app_message(false, _("Ticket %s: transferred to %s"), t.number, t.category);
			else
				app_message(false, _("Ticket %s: %s"), t.number, _(info->done));
			/* A no-show who turns up after all can be recalled. */
			if (info == &op_skip) {
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
			app_message(true, _("%s: the server sent a malformed answer"), _(info->fail));
		}
	} else if (r->status == 0) {
		/* The request never got an answer (refused at once, or the
		 * connect timeout): the one case that is "offline". */
		app_message(true, _("Offline: \"%s\" cannot run now. The client reconnects by itself."),
			    _(action_help(info->action)));
	} else {
		app_fail(r, _(info->fail));
	}
	if (app.logged_in)
		app_refresh_soon();
	app_done_cb cb = op->cb;
	void *cud = op->ud;
	op_free(op);
	op_next(ok);
	if (cb)
		cb(ok, ok ? NULL : (r->problem ? r->problem : (app.logged_in ? NULL : "unauthorized")), cud);
}

/* Which ticket op acts on now, or NULL (said on the message line). */
static const char *op_target(const Op *op)
{
	const OpInfo *info = op->info;
	if (op->ticket_id)
		return op->ticket_id;
	if (app.current)
		return app.current->id;
	if (info->target == TARGET_RECALLABLE && app.nheld > 0)
		return app.held[0].id;
	if (info->target == TARGET_RECALLABLE && Q.last_skipped)
		return Q.last_skipped;
	app_message(true, "%s: %s", _(info->fail), _("no ticket is being served at this window"));
	return NULL;
}

/* Send op's request; false (op failed and freed) when it has no ticket
 * to act on. */
static bool op_start(Op *op)
{
	const OpInfo *info = op->info;
	char *path;
	if (info->target != TARGET_NONE) {
		const char *target = op_target(op);
		if (!target) {
			op_fail(op, "no-current");
			return false;
		}
		char *id = path_escape(target);
		path = xasprintf("/v1/tickets/%s/%s", id, info->verb);
		free(id);
	} else {
		path = xstrdup("/v1/queue/call-next");
	}
	cJSON *body = NULL;
	if (op->category) {
		body = cJSON_CreateObject();
		cJSON_AddStringToObject(body, "category", op->category);
	}
	F.running = op;
	app_busy(+1);
	api_request("POST", path, body, NULL, on_op, op);
	cJSON_Delete(body);
	free(path);
	return true;
}

/* Run a ticket operation now, or after the ones still running or typed
 * ahead of it; beyond OPS_WAITING_MAX keys ahead it is refused as busy. */
static void ticket_op(const OpInfo *info, const char *ticket_id, const char *category,
		      app_done_cb cb, void *ud)
{
	if (!app.logged_in) {
		app_message(true, "%s: %s", _(info->fail), _("not logged in"));
		app_done_later(cb, ud, false, "unauthorized");
		return;
	}
	if (app.offline_session) {
		app_message(true, _("Offline (cached session): \"%s\" cannot run now; F5 retries."),
			    _(action_help(info->action)));
		app_done_later(cb, ud, false, "offline");
		return;
	}
	if (F.running && F.nwaiting == OPS_WAITING_MAX) {
		app_message(true, "%s", _("Wait: the previous actions are still running"));
		app_done_later(cb, ud, false, "busy");
		return;
	}
	Op *op = xcalloc(1, sizeof *op);
	op->info = info;
	op->ticket_id = xstrdup(ticket_id);
	op->category = xstrdup(category);
	op->cb = cb;
	op->ud = ud;
	if (F.running)
		F.waiting[F.nwaiting++] = op;
	else
		op_start(op);
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
	ticket_op(&op_recall, NULL, NULL, cb, ud);
}

void app_recall_ticket(const char *ticket_id, app_done_cb cb, void *ud)
{
	ticket_op(&op_recall, ticket_id ? ticket_id : "", NULL, cb, ud);
}

void app_skip(app_done_cb cb, void *ud)
{
	ticket_op(&op_skip, NULL, NULL, cb, ud);
}

void app_hold(app_done_cb cb, void *ud)
{
	ticket_op(&op_hold, NULL, NULL, cb, ud);
}

void app_finish(app_done_cb cb, void *ud)
{
	ticket_op(&op_finish, NULL, NULL, cb, ud);
}

void app_transfer(const char *category, app_done_cb cb, void *ud)
{
	if (!category || !*category) {
		app_message(true, "%s: %s", _(op_transfer.fail), _("choose a category"));
		app_done_later(cb, ud, false, "invalid-request");
		return;
	}
	ticket_op(&op_transfer, NULL, category, cb, ud);
}
