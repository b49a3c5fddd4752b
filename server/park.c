/* park: hold a request for a while without holding a thread (suspend, then resume from a timer thread). */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "server/park.h"
#include "common/timefmt.h"
#include "common/xalloc.h"
#include <microhttpd.h>
#include <pthread.h>
#include <stdlib.h>
#include <time.h>

struct parked {
	struct MHD_Connection *conn;
	int64_t deadline;
	struct parked *next;
};

static struct {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	struct parked *list; /* by deadline */
	bool run, started;
	pthread_t thread;
} P = { .lock = PTHREAD_MUTEX_INITIALIZER };

bool park_until(struct MHD_Connection *conn, int64_t deadline_ms)
{
	pthread_mutex_lock(&P.lock);
	if (!P.run) {
		pthread_mutex_unlock(&P.lock);
		return false;
	}
	/* Suspended under the lock, so the timer cannot resume it first. */
	MHD_suspend_connection(conn);
	struct parked *n = xmalloc(sizeof *n), **at = &P.list;
	n->conn = conn;
	n->deadline = deadline_ms;
	while (*at && (*at)->deadline <= deadline_ms)
		at = &(*at)->next;
	n->next = *at;
	*at = n;
	pthread_cond_signal(&P.cond);
	pthread_mutex_unlock(&P.lock);
	return true;
}

/* Under the lock: unlink the entries due by now (all when now < 0). */
static struct parked *take_due(int64_t now)
{
	struct parked *due = P.list, **end = &P.list;
	while (*end && (now < 0 || (*end)->deadline <= now))
		end = &(*end)->next;
	if (end == &P.list)
		return NULL;
	P.list = *end;
	*end = NULL; /* end is the last due entry's next */
	return due;
}

/* Outside the lock: resume and free a chain. */
static void resume_all(struct parked *p)
{
	while (p) {
		struct parked *next = p->next;
		MHD_resume_connection(p->conn);
		free(p);
		p = next;
	}
}

/* Sleep until the first deadline (at most a second), resume what is due. */
static void *park_main(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&P.lock);
	while (P.run) {
		int64_t now = time_mono_ms();
		struct parked *due = take_due(now);
		if (due) {
			pthread_mutex_unlock(&P.lock);
			resume_all(due);
			pthread_mutex_lock(&P.lock);
			continue;
		}
		int64_t wait = P.list ? P.list->deadline - now : 1000;
		if (wait > 1000)
			wait = 1000;
		struct timespec ts;
		clock_gettime(CLOCK_MONOTONIC, &ts);
		ts.tv_sec += wait / 1000;
		ts.tv_nsec += (wait % 1000) * 1000000;
		if (ts.tv_nsec >= 1000000000) {
			ts.tv_sec++;
			ts.tv_nsec -= 1000000000;
		}
		pthread_cond_timedwait(&P.cond, &P.lock, &ts);
	}
	pthread_mutex_unlock(&P.lock);
	return NULL;
}

int park_start(void)
{
	pthread_condattr_t ca;
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&P.cond, &ca);
	pthread_condattr_destroy(&ca);
	P.run = true;
	if (pthread_create(&P.thread, NULL, park_main, NULL) != 0) {
		P.run = false;
		pthread_cond_destroy(&P.cond);
		return -1;
	}
	P.started = true;
	return 0;
}

void park_stop(void)
{
	if (!P.started)
		return;
	pthread_mutex_lock(&P.lock);
	P.run = false;
	struct parked *all = take_due(-1);
	pthread_cond_signal(&P.cond);
	pthread_mutex_unlock(&P.lock);
	resume_all(all);
	pthread_join(P.thread, NULL);
	pthread_cond_destroy(&P.cond);
	P.started = false;
}
