/* offline: the offline session: work from the cached session (cache.h)
 * when the server cannot be reached or with --offline, and become a real
 * session again when it can. While it lasts app.logged_in and
 * app.offline_session are both true, app.me is the cached staff profile,
 * app.online is false and nothing is sent with a session: queue actions
 * say offline, lookups are unavailable, the catalog comes from the cache. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef YC_OFFLINE_H
#define YC_OFFLINE_H
#include <stdbool.h>
#include "client/app.h"

/* Start it for app.cfg.username; false with *why (cache_load_session).
 * retry: try to resume a real session by itself, every 15 s doubling to
 * 2 min (quietly); without it (--offline) only F5 tries. */
bool offline_begin(bool retry, const char **why);
/* F5: try the server now (says how it went). */
void offline_retry_now(void);
/* A real session began (app_session.c): stop retrying. */
void offline_resumed(void);
/* Leave it (logout): the login screen follows. */
void offline_end(void);

/* app_session.c: app_resume_session without messages when the server
 * cannot be reached (the retries of an offline session). */
void app_resume_quietly(const char *username, app_done_cb cb, void *ud);

#endif
