/* app_int: what app.c, app_session.c and app_queue.c share. Not for
 * screens (they use app.h). */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef YC_APP_INT_H
#define YC_APP_INT_H
#include "client/api.h"
#include "client/app.h"

/* One more (+1) or one fewer (-1) operation in flight. */
void app_busy(int delta);
/* Put a clear sentence about a failed call on the message line: what
 * failed, then why (offline, malformed answer, the server's reason). A 401
 * while logged in ends the session. */
void app_fail(const ApiResponse *r, const char *what);
/* Run cb(ok, problem, ud) from the loop soon (never inline). */
void app_done_later(app_done_cb cb, void *ud, bool ok, const char *problem);
/* Follow the server's clock from an answer's Date header. */
void app_note_date(const ApiResponse *r);

/* app_session.c */
void app_session_init(void);
/* Write what the session keeps for later now (the staff profile for an
 * offline start is cached a moment after login; the end must not lose it). */
void app_session_flush(void);
/* The session ended without the user asking (refresh refused, 401). */
void app_session_lost(const char *why);

/* app_queue.c */
void app_queue_start(void);   /* first GET /v1/queue and the events stream */
void app_queue_stop(void);
void app_refresh_soon(void);  /* debounced re-fetch */

#endif
