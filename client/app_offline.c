/* app_offline: the offline session from the cache, its quiet retries and F5. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "client/offline.h"
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
	bool trying;         /* a resume is running */
	bool asked;          /* … because of F5: say how it went */
} O;

static void retry_schedule(void);

static void on_resume(bool ok, const char *problem, void *ud)
{
	O.trying = false;
	if (ok)
		return; /* a normal session now; "Online again." follows with the events stream */
	if (!app.offline_session)
		return;
	if (O.asked)
		app_message(true, "%s", problem && strcmp(problem, "offline") == 0
			? _("The server still cannot be reached: working offline from the cached session.")
			: _("The session could not be resumed: working offline from the cached session."));
	O.asked = false;
	retry_schedule();
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
