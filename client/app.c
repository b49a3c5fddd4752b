/* app: the model object, its listener and message line, and the helpers
 * screens use to show it (labels, categories, server time). */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "client/app.h"
#include "client/cache.h"
#include "client/local.h"
#include "client/outbox.h"
#include "client/app_int.h"
#include "client/app_model.h"
#include "client/events.h"
#include "client/i18n.h"
#include "client/loop.h"
#include "common/xalloc.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

App app;

static struct {
	void (*fn)(unsigned what, void *ud);
	void *ud;
} listener;

void app_set_listener(void (*fn)(unsigned what, void *ud), void *ud)
{
	listener.fn = fn;
	listener.ud = ud;
}

void app_notify(unsigned what)
{
	if (listener.fn && what)
		listener.fn(what, listener.ud);
}

void app_message(bool error, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *m = xvasprintf(fmt, ap);
	va_end(ap);
	free(app.message);
	app.message = m;
	app.message_error = error;
	app_notify(CH_MESSAGE);
}

void app_busy(int delta)
{
	app.busy += delta;
	if (app.busy < 0)
		app.busy = 0;
	app_notify(CH_BUSY);
}

void app_note_date(const ApiResponse *r)
{
	if (r && r->server_date > 0)
		app.server_clock_offset = r->server_date - time(NULL);
}

time_t app_server_now(void)
{
	return time(NULL) + app.server_clock_offset;
}

/* Problems whose own words are clearer than the server's detail alone. */
static const struct {
	const char *problem;
	const char *text;
	bool detail;            /* add the server's detail after the text */
} problem_texts[] = {
	{"queue-empty", N_("No one is waiting in this window's categories."), false},
	{"ticket-state", N_("Not possible in the ticket's current state"), true},
	{"conflict", N_("Not possible now"), true},
	{"forbidden", N_("Not allowed"), true},
	{"not-found", N_("Not found"), true},
	{"unauthorized", N_("The session has ended; please log in again."), false},
	{"invalid-request", N_("The server refused the request"), true},
	{"malformed-json", N_("The server could not read the request"), true},
	{"idempotency-key-reuse", N_("The server refused a repeated request"), true},
	{"not-implemented", N_("Not available on this server yet"), false},
	{"internal", N_("The server failed"), true},
};

void app_fail(const ApiResponse *r, const char *what)
{
	app_note_date(r);
	if (r->status == 401 && app.logged_in) {
		app_session_lost(_("The session has ended; please log in again."));
		return;
	}
	if (r->status == 0) {
		app_message(true, _("%s: offline (%s)"), what, r->error ? r->error : "?");
		return;
	}
	if (r->error) {
		app_message(true, _("%s: the server sent a malformed answer"), what);
		return;
	}
	for (size_t i = 0; r->problem && i < sizeof problem_texts / sizeof problem_texts[0]; i++) {
		if (strcmp(r->problem, problem_texts[i].problem) != 0)
			continue;
		if (problem_texts[i].detail && r->message)
			app_message(true, "%s: %s", _(problem_texts[i].text), r->message);
		else
			app_message(true, "%s", _(problem_texts[i].text));
		return;
	}
	if (r->message)
		app_message(true, "%s: %s", what, r->message);
	else
		app_message(true, _("%s: HTTP status %ld"), what, r->status);
}

typedef struct Later {
	app_done_cb cb;
	void *ud;
	bool ok;
	char *problem;
} Later;

static void later_fire(void *ud)
{
	Later *l = ud;
	if (l->cb)
		l->cb(l->ok, l->problem, l->ud);
	free(l->problem);
	free(l);
}

void app_done_later(app_done_cb cb, void *ud, bool ok, const char *problem)
{
	Later *l = xcalloc(1, sizeof *l);
	l->cb = cb;
	l->ud = ud;
	l->ok = ok;
	l->problem = xstrdup(problem);
	loop_timer_add(0, later_fire, l);
}

static const char *const status_labels[] = {
	[TS_WAITING] = N_("waiting"), [TS_CALLED] = N_("called"),
	[TS_HELD] = N_("held"), [TS_SKIPPED] = N_("skipped"),
	[TS_FINISHED] = N_("finished"), [TS_UNKNOWN] = N_("unknown"),
};

const char *ticket_status_label(TicketStatus s)
{
	if ((unsigned)s > TS_UNKNOWN)
		s = TS_UNKNOWN;
	return _(status_labels[s]);
}

const Category *app_category(const char *code)
{
	for (int i = 0; code && i < app.ncats; i++)
		if (strcmp(app.cats[i].code, code) == 0)
			return &app.cats[i];
	return NULL;
}

const char *category_label(const Category *c)
{
	if (!c)
		return "";
	if (!i18n_is_chinese() && c->name_en && *c->name_en)
		return c->name_en;
	return c->name ? c->name : c->code;
}

void app_init(void)
{
	free(app.server);
	app.server = xstrdup(app.cfg.server ? app.cfg.server : "http://127.0.0.1:8470");
	app_session_init();
}

void app_free(void)
{
	app_session_flush();
	cache_stop();
	outbox_stop();
	local_close();
	app_queue_stop();
	model_clear_queue(&app);
	staff_free(&app.me);
	free(app.server);
	free(app.offline_reason);
	free(app.message);
	config_free(&app.cfg);
	memset(&app, 0, sizeof app);
}
