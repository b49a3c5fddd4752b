/* events: the in-memory hub over the stored event log; wakes parked SSE streams and long-polls. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef YCD_EVENTS_H
#define YCD_EVENTS_H
#include "server/sbuf.h"
#include "server/store.h"
#include <stdbool.h>
#include <stdint.h>

/* Someone waiting for an event after `after`, or for its deadline. The hub
 * calls wake() once, outside its lock, after taking the waiter off its list;
 * from then on the waiter belongs to its owner again. */
struct ev_waiter {
	struct ev_waiter *prev, *next;
	int64_t after;
	int64_t deadline_ms;                 /* monotonic ms; 0 = none */
	void (*wake)(struct ev_waiter *w);
	bool listed;
};

enum ev_format {
	EV_SSE,  /* "id: N\nevent: T\ndata: {...}\n\n" */
	EV_JSON, /* {"id":"N","type":"T","time":"...","data":{...}} joined by commas */
};

/* Load the newest stored events so resumes are served from memory. */
int events_init(struct store *st);
/* Stop: refuse new waiters and wake every parked one. */
void events_shutdown(void);
/* Free the memory (after every stream has gone). */
void events_fini(void);
bool events_closing(void);
int64_t events_last_id(void);

/* Announce a stored event; called in id order (the queue's write lock). */
void events_publish(int64_t id, const char *type, int64_t time, const char *data);
/* Append up to max events with id > *after to out, in fmt, and move *after
 * to the last one added (or past gaps to the newest id); reads the store
 * when memory no longer holds them. Returns how many were added, -1 when
 * the store failed. */
int events_collect(struct store *st, int64_t *after, int max, enum ev_format fmt, struct sbuf *out);

/* Park w unless an event after w->after exists or the hub is closing;
 * suspend(arg) runs under the hub's lock so no event slips in between.
 * Returns true when parked. */
bool events_park(struct ev_waiter *w, void (*suspend)(void *arg), void *arg);
/* Take w off the list if it is still there. */
void events_unpark(struct ev_waiter *w);
/* Number of parked waiters. */
int events_parked(void);

/* The thread that wakes waiters at their deadlines (heartbeats, long-poll
 * timeouts). */
int events_ticker_start(void);
void events_ticker_stop(void);

#endif
