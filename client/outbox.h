/* outbox: submissions queued in the local store sent in the background,
 * oldest first, one at a time, each always with its own idempotency key
 * and frozen body, retried with backoff until the server gives a
 * definite answer; never a duplicate case, never a lost one. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef YC_OUTBOX_H
#define YC_OUTBOX_H
#include <cjson/cJSON.h>
#include <stdbool.h>
#include "client/drafts.h"

/* Backoff after an attempt without a definite answer: 2 s doubling to
 * 5 min, with jitter. */
enum { OUTBOX_BACKOFF_MIN_MS = 2000, OUTBOX_BACKOFF_MAX_MS = 300000 };

/* One outcome of a row, reported to the listener (from the loop). */
typedef struct OutboxEvent {
	const char *draft_id;
	enum { OB_SENDING, OB_DELIVERED, OB_RETRY, OB_REFUSED } what;
	const char *case_number;    /* delivered */
	const cJSON *created;       /* delivered: the CaseCreated answer */
	bool replayed;              /* delivered: the server had it already */
	long status;                /* the HTTP status, 0: no answer */
	const char *message;        /* retry, refused: why (clean, translated) */
	const cJSON *errors;        /* refused: FieldError[] or NULL */
} OutboxEvent;

/* Listeners (up to 4): the review screen waiting for its case, the
 * status bar. NULL fn removes one by ud. */
void outbox_listen(void (*fn)(const OutboxEvent *ev, void *ud), void *ud);
void outbox_unlisten(void *ud);

/* Refresh app.outbox_waiting / drafts_attention (CH_DRAFTS) and send
 * what is due when online and logged in. Cheap; call after a change. */
void outbox_kick(void);
/* Send draft_id's row as soon as nothing else is in flight, whatever its
 * backoff (the clerk pressed submit again). */
void outbox_send_now(const char *draft_id);
/* Send every row once now, one at a time, whatever its backoff and
 * whether the events stream is up (a session is needed): yichuang sync.
 * done(ud) from the loop when each has had its try (at once when there
 * is none or no session). */
void outbox_flush(void (*done)(void *ud), void *ud);
/* The model changed (CH_ONLINE, CH_SESSION): send when back (every row
 * at once, whatever its backoff), stop on logout. */
void outbox_on_model(unsigned what);
/* Stop timers and forget requests (logout, the end). Rows stay. */
void outbox_stop(void);

#endif
