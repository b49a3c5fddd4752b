/* app_offline: the offline session from the cache, its quiet retries and F5. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "client/offline.h"
#include "client/api.h"
#include "client/app_model.h"
#include "client/cache.h"
#include "client/i18n.h"
#include "client/loop.h"
#include "common/xalloc.h"

#include <stdlib.h>
#include <string.h>

enum { RETRY_FIRST_MS = 15000, RETRY_MAX_MS = 120000 };

static struct {
	bool retry;          /* retry by itself (not --offline) */
	int64_t delay;       /* the next wait */
	unsigned timer;
	bool trying;         /* a resume (or the health probe) is running */
	bool asked;          /* … because of F5: say how it went */
	bool need_login;     /* the server answers but the session cannot be
	                      * resumed without a password: F5 logs in */
} O;

static void retry_schedule(void);

/* Still offline: say so when asked, try again later. */
static void still_offline(void)
{
	if (O.asked)
		app_message(true, "%s", _("The server still cannot be reached: working offline from the cached session."));
	O.asked = false;
	retry_schedule();
}

/* The server answers, but nothing resumes the session by itself (no
 * stored session, a refused password): no more automatic tries, which
 * could lock the account; F5 goes to the login screen. */
static void needs_login(void)
{
	O.need_login = true;
	O.asked = false;
	app_message(true, "%s", _("The server is back, but the session needs the password: F5 to log in."));
}

/* GET /v1/health: is the server there at all? */
static void on_health(const ApiResponse *r, void *ud)
{
	O.trying = false;
	if (!app.offline_session)
		return;
	if (r->status == 0)
		still_offline();
	else
		needs_login();
}

static void on_resume(bool ok, const char *problem, void *ud)
{
	O.trying = false;
	if (ok || !app.offline_session)
		return; /* a normal session now; "Online again." follows with the events stream */
	if (problem && strcmp(problem, "offline") == 0) {
		still_offline();
	} else if (!problem) {
		/* Nothing to resume with (no stored session, no
		 * password_command): the server was not even asked. */
		O.trying = true;
		api_request("GET", "/v1/health", NULL, NULL, on_health, NULL);
	} else if (strcmp(problem, "invalid-credentials") == 0 || strcmp(problem, "account-locked") == 0 ||
		   strcmp(problem, "unauthorized") == 0 || strcmp(problem, "invalid-request") == 0) {
		needs_login();
	} else {
		still_offline(); /* a server error: it may pass */
	}
}

static void try_now(void)
{
	if (O.trying || !app.offline_session)
		return;
	O.trying = true;
	app_resume_quietly(app.me.username && *app.me.username ? app.me.username : app.cfg.username, on_resume, NULL);
}

static void retry_fired(void *ud)
{
	O.timer = 0;
	try_now();
}

static void retry_schedule(void)
{
	if (!O.retry || O.timer || !app.offline_session)
		return;
	O.timer = loop_timer_add(O.delay, retry_fired, NULL);
	O.delay = O.delay * 2 > RETRY_MAX_MS ? RETRY_MAX_MS : O.delay * 2;
}

bool offline_begin(bool retry, const char **why)
{
	Staff s;
	if (!cache_load_session(&s, why))
		return false;
	staff_free(&app.me);
	app.me = s;
	app.logged_in = true;
	app.offline_session = true;
	app.online = false;
	free(app.offline_reason);
	app.offline_reason = xstrdup(_("working from the cached session"));
	O.retry = retry;
	O.delay = RETRY_FIRST_MS;
	retry_schedule();
	app_notify(CH_SESSION | CH_ONLINE);
	return true;
}

void offline_retry_now(void)
{
	if (!app.offline_session)
		return;
	if (O.need_login) {
		offline_end(); /* the login screen; drafts and the outbox stay in the store */
		return;
	}
	loop_timer_cancel(O.timer);
	O.timer = 0;
	O.delay = RETRY_FIRST_MS;
	O.asked = true;
	app_message(false, "%s", _("Trying the server…"));
	try_now();
}

void offline_resumed(void)
{
	loop_timer_cancel(O.timer);
	memset(&O, 0, sizeof O);
}

void offline_end(void)
{
	loop_timer_cancel(O.timer);
	memset(&O, 0, sizeof O);
	if (!app.offline_session)
		return;
	app.offline_session = false;
	app.logged_in = false;
	staff_free(&app.me);
	app_notify(CH_SESSION | CH_ONLINE);
}
