/* events: the in-memory hub over the stored event log; wakes parked SSE streams and long-polls. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "server/events.h"
#include "common/timefmt.h"
#include "common/xalloc.h"
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define RING 1024 /* newest events kept formatted in memory */

struct frame {
	int64_t id;
	char *sse;
	size_t sse_len;
	char *json;
	size_t json_len;
};

static struct {
	pthread_mutex_t lock;
	pthread_cond_t tick;        /* the ticker sleeps on it */
	struct frame ring[RING];
	int head, count;            /* oldest at head */
	int64_t last_id;
	struct ev_waiter *waiters;  /* doubly linked */
	int nwaiters;
	bool closing;
	bool ticker_run;
	bool ticker_started;
	int64_t next_tick_ms;
	pthread_t ticker;
} H = { .lock = PTHREAD_MUTEX_INITIALIZER, .tick = PTHREAD_COND_INITIALIZER };

/* Format one event both ways. */
static void frame_fill(struct frame *f, int64_t id, const char *type, int64_t time, const char *data)
{
	char ts[21];
	time_rfc3339((time_t)time, ts);
	f->id = id;
	f->sse = xasprintf("id: %lld\nevent: %s\ndata: %s\n\n", (long long)id, type, data);
	f->sse_len = strlen(f->sse);
	f->json = xasprintf("{\"id\":\"%lld\",\"type\":\"%s\",\"time\":\"%s\",\"data\":%s}", (long long)id, type, ts,
			    data);
	f->json_len = strlen(f->json);
}

static void frame_clear(struct frame *f)
{
	free(f->sse);
	free(f->json);
	memset(f, 0, sizeof *f);
}

/* Under the lock: add a frame, dropping the oldest when full. */
static void ring_push(int64_t id, const char *type, int64_t time, const char *data)
{
	struct frame *f;
	if (H.count == RING) {
		f = &H.ring[H.head];
		frame_clear(f);
		H.head = (H.head + 1) % RING;
		H.count--;
	}
	f = &H.ring[(H.head + H.count) % RING];
	frame_fill(f, id, type, time, data);
	H.count++;
}

int events_init(struct store *st)
{
	static struct event_rec recs[RING];
	int64_t last = store_event_last_id(st);
	if (last < 0)
		return -1;
	int n = store_events_tail(st, recs, RING);
	if (n < 0)
		return -1;
	pthread_mutex_lock(&H.lock);
	for (int i = 0; i < n; i++) {
		ring_push(recs[i].id, recs[i].type, recs[i].time, recs[i].data);
		free(recs[i].data);
	}
	H.last_id = last;
	H.closing = false;
	pthread_mutex_unlock(&H.lock);
	return 0;
}

/* Under the lock: take every waiter matching pred off the list and chain
 * them through ->next for waking outside the lock. */
static struct ev_waiter *take_waiters(bool all, int64_t now_ms)
{
	struct ev_waiter *out = NULL, *w = H.waiters;
	while (w) {
		struct ev_waiter *next = w->next;
		if (all || (w->deadline_ms && w->deadline_ms <= now_ms)) {
			if (w->prev)
				w->prev->next = w->next;
			else
				H.waiters = w->next;
			if (w->next)
				w->next->prev = w->prev;
			w->listed = false;
			w->prev = NULL;
			w->next = out;
			out = w;
			H.nwaiters--;
		}
		w = next;
	}
	return out;
}

/* Outside the lock: wake a chain. Read next first: a woken waiter may be
 * freed by its owner at once. */
static void wake_chain(struct ev_waiter *w)
{
	while (w) {
		struct ev_waiter *next = w->next;
		w->next = NULL;
		w->wake(w);
		w = next;
	}
}

void events_shutdown(void)
{
	pthread_mutex_lock(&H.lock);
	H.closing = true;
	struct ev_waiter *chain = take_waiters(true, 0);
	pthread_mutex_unlock(&H.lock);
	wake_chain(chain);
}

void events_fini(void)
{
	pthread_mutex_lock(&H.lock);
	while (H.count) {
		frame_clear(&H.ring[H.head]);
		H.head = (H.head + 1) % RING;
		H.count--;
	}
	H.head = 0;
	H.last_id = 0;
	pthread_mutex_unlock(&H.lock);
}

bool events_closing(void)
{
	pthread_mutex_lock(&H.lock);
	bool c = H.closing;
	pthread_mutex_unlock(&H.lock);
	return c;
}

int64_t events_last_id(void)
{
	pthread_mutex_lock(&H.lock);
	int64_t id = H.last_id;
	pthread_mutex_unlock(&H.lock);
	return id;
}

void events_publish(int64_t id, const char *type, int64_t time, const char *data)
{
	pthread_mutex_lock(&H.lock);
	ring_push(id, type, time, data);
	if (id > H.last_id)
		H.last_id = id;
	struct ev_waiter *chain = take_waiters(true, 0);
	pthread_mutex_unlock(&H.lock);
	wake_chain(chain);
}

/* Under the lock: index (0..count) of the first ring frame with id > after,
 * or -1 when the ring cannot tell (older events are only in the store). */
static int ring_find(int64_t after)
{
	if (after >= H.last_id)
		return H.count;
	if (H.count == 0 || after < H.ring[H.head].id - 1)
		return -1;
	int lo = 0, hi = H.count;
	while (lo < hi) {
		int mid = (lo + hi) / 2;
		if (H.ring[(H.head + mid) % RING].id <= after)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Fall back to the store for events memory no longer holds. When the
 * store has nothing more, *after moves up to last (the newest id announced
 * before the read), so gaps in the ids are stepped over. */
static int collect_stored(struct store *st, int64_t *after, int max, enum ev_format fmt, struct sbuf *out,
			  int64_t last)
{
	if (!st)
		return -1;
	struct event_rec *recs = xcalloc((size_t)max, sizeof *recs);
	int n = store_events_after(st, *after, recs, max);
	for (int i = 0; i < n; i++) {
		struct frame f;
		frame_fill(&f, recs[i].id, recs[i].type, recs[i].time, recs[i].data);
		if (fmt == EV_SSE) {
			sbuf_add(out, f.sse, f.sse_len);
		} else {
			if (out->len)
				sbuf_add(out, ",", 1);
			sbuf_add(out, f.json, f.json_len);
		}
		*after = recs[i].id;
		frame_clear(&f);
		free(recs[i].data);
	}
	free(recs);
	if (n >= 0 && n < max && *after < last)
		*after = last;
	return n;
}

int events_collect(struct store *st, int64_t *after, int max, enum ev_format fmt, struct sbuf *out)
{
	int added = 0;
	pthread_mutex_lock(&H.lock);
	int64_t last = H.last_id;
	int i = ring_find(*after);
	if (i >= 0) {
		for (; i < H.count && added < max; i++, added++) {
			const struct frame *f = &H.ring[(H.head + i) % RING];
			if (fmt == EV_SSE) {
				sbuf_add(out, f->sse, f->sse_len);
			} else {
				if (out->len)
					sbuf_add(out, ",", 1);
				sbuf_add(out, f->json, f->json_len);
			}
			*after = f->id;
		}
		/* The ring holds everything up to last: past its end, any id
		 * left is a gap. */
		if (i == H.count && *after < last)
			*after = last;
	}
	pthread_mutex_unlock(&H.lock);
	if (i < 0)
		added = collect_stored(st, after, max, fmt, out, last);
	return added;
}

bool events_park(struct ev_waiter *w, void (*suspend)(void *arg), void *arg)
{
	pthread_mutex_lock(&H.lock);
	if (H.closing || w->after < H.last_id || w->listed) {
		pthread_mutex_unlock(&H.lock);
		return false;
	}
	w->prev = NULL;
	w->next = H.waiters;
	if (H.waiters)
		H.waiters->prev = w;
	H.waiters = w;
	w->listed = true;
	H.nwaiters++;
	suspend(arg);
	if (w->deadline_ms && (H.next_tick_ms == 0 || w->deadline_ms < H.next_tick_ms))
		pthread_cond_signal(&H.tick);
	pthread_mutex_unlock(&H.lock);
	return true;
}

void events_unpark(struct ev_waiter *w)
{
	pthread_mutex_lock(&H.lock);
	if (w->listed) {
		if (w->prev)
			w->prev->next = w->next;
		else
			H.waiters = w->next;
		if (w->next)
			w->next->prev = w->prev;
		w->listed = false;
		w->prev = w->next = NULL;
		H.nwaiters--;
	}
	pthread_mutex_unlock(&H.lock);
}

int events_parked(void)
{
	pthread_mutex_lock(&H.lock);
	int n = H.nwaiters;
	pthread_mutex_unlock(&H.lock);
	return n;
}

/* The ticker: wake waiters whose deadline passed, then sleep until the
 * nearest deadline (at most a second). */
static void *ticker_main(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&H.lock);
	while (H.ticker_run) {
		int64_t now = time_mono_ms();
		struct ev_waiter *chain = take_waiters(false, now);
		if (chain) {
			pthread_mutex_unlock(&H.lock);
			wake_chain(chain);
			pthread_mutex_lock(&H.lock);
			continue;
		}
		int64_t next = now + 1000;
		for (struct ev_waiter *w = H.waiters; w; w = w->next)
			if (w->deadline_ms && w->deadline_ms < next)
				next = w->deadline_ms;
		H.next_tick_ms = next;
		struct timespec ts;
		clock_gettime(CLOCK_MONOTONIC, &ts);
		int64_t wait = next - now;
		ts.tv_sec += wait / 1000;
		ts.tv_nsec += (wait % 1000) * 1000000;
		if (ts.tv_nsec >= 1000000000) {
			ts.tv_sec++;
			ts.tv_nsec -= 1000000000;
		}
		pthread_cond_timedwait(&H.tick, &H.lock, &ts);
		H.next_tick_ms = 0;
	}
	pthread_mutex_unlock(&H.lock);
	return NULL;
}

int events_ticker_start(void)
{
	pthread_condattr_t ca;
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_destroy(&H.tick);
	pthread_cond_init(&H.tick, &ca);
	pthread_condattr_destroy(&ca);
	H.ticker_run = true;
	if (pthread_create(&H.ticker, NULL, ticker_main, NULL) != 0) {
		H.ticker_run = false;
		return -1;
	}
	H.ticker_started = true;
	return 0;
}

void events_ticker_stop(void)
{
	if (!H.ticker_started)
		return;
	pthread_mutex_lock(&H.lock);
	H.ticker_run = false;
	pthread_cond_signal(&H.tick);
	pthread_mutex_unlock(&H.lock);
	pthread_join(H.ticker, NULL);
	H.ticker_started = false;
}
