/* demo: seeds a demo hall into an empty database and runs a thread of ticket arrivals. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "server/sbuf.h"
#include "server/demo.h"
#include "server/auth.h"
#include "server/queue.h"
#include <math.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static const struct category demo_categories[] = {
	{ "A", "综合受理", "General intake", false, 1 },
	{ "B", "企业开办", "Business start-up", false, 2 },
	{ "C", "社保医保", "Social & medical insurance", false, 3 },
	{ "D", "不动产登记", "Real estate", false, 4 },
	{ "V", "绿色通道", "Priority lane", true, 5 },
};

static const struct window demo_windows[] = {
	{ "W01", "1号窗口", "A,B,V" },
	{ "W02", "2号窗口", "A,C,D,V" },
	{ "W03", "3号窗口", "A,C" },
	{ "W04", "4号窗口", "B,D" },
	{ "W05", "5号窗口", "C,V" },
	{ "W06", "6号窗口", "D" },
	{ "W07", "7号窗口", "A,B,C,D" },
	{ "W08", "8号窗口", "A,B,C,D,V" },
};

static const struct {
	const char *username, *name, *role, *window;
} demo_staff[] = {
	{ "clerk01", "张伟", "clerk", "W01" },
	{ "clerk02", "李娜", "clerk", "W02" },
	{ "agent01", "王芳", "agent", "" },
	{ "super01", "陈静", "supervisor", "" },
};

/* The morning so far: category and minutes before now, oldest first. */
static const struct {
	const char *category;
	int minutes_ago;
} demo_waiting[] = {
	{ "A", 38 }, { "C", 35 }, { "B", 31 }, { "A", 27 }, { "D", 24 }, { "C", 20 },
	{ "A", 16 }, { "V", 13 }, { "C", 10 }, { "B", 7 },  { "A", 4 },  { "D", 2 },
};

/* Arrival mix: how often each category is drawn, in percent. */
static const struct {
	const char *category;
	unsigned weight;
} arrival_mix[] = {
	{ "A", 40 }, { "B", 15 }, { "C", 25 }, { "D", 12 }, { "V", 8 },
};

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* Everything of the seed inside one transaction. */
static int seed_all(struct store *st, int64_t now)
{
	if (store_meta_set(st, "hall_id", DEMO_HALL_ID) != STORE_OK ||
	    store_meta_set(st, "hall_name", DEMO_HALL_NAME) != STORE_OK)
		return -1;
	for (size_t i = 0; i < N(demo_categories); i++)
		if (store_category_put(st, &demo_categories[i]) != STORE_OK)
			return -1;
	for (size_t i = 0; i < N(demo_windows); i++)
		if (store_window_put(st, &demo_windows[i]) != STORE_OK)
			return -1;
	for (size_t i = 0; i < N(demo_staff); i++) {
		struct staff s = { 0 };
		snprintf(s.id, sizeof s.id, "s-%s", demo_staff[i].username);
		scopy(s.username, sizeof s.username, demo_staff[i].username);
		scopy(s.name, sizeof s.name, demo_staff[i].name);
		scopy(s.role, sizeof s.role, demo_staff[i].role);
		scopy(s.window_id, sizeof s.window_id, demo_staff[i].window);
		if (auth_hash_password(DEMO_PASSWORD, s.pwhash, sizeof s.pwhash) != 0 || store_staff_put(st, &s) != STORE_OK)
			return -1;
	}
	/* Earlier today: squeeze the times when the day is young. */
	int64_t day_start;
	queue_day(now, NULL, &day_start);
	int64_t span = now - day_start, oldest = demo_waiting[0].minutes_ago * 60 + 60;
	for (size_t i = 0; i < N(demo_waiting); i++) {
		int64_t ago = demo_waiting[i].minutes_ago * 60;
		if (span < oldest)
			ago = ago * span / oldest;
		struct ticket t;
		if (queue_new_ticket(st, demo_waiting[i].category, false, now - ago, &t) != Q_OK)
			return -1;
	}
	return 0;
}

int demo_seed(struct store *st, int64_t now)
{
	int staff = store_staff_count(st);
	if (staff < 0)
		return -1;
	if (staff > 0)
		return 0;
	if (store_begin(st) != STORE_OK)
		return -1;
	if (seed_all(st, now) != 0 || store_commit(st) != STORE_OK) {
		store_rollback(st);
		return -1;
	}
	return 1;
}

/* ---- arrivals ---- */

static struct {
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	bool run, started;
	double mean;
} A = { .lock = PTHREAD_MUTEX_INITIALIZER };

/* A draw from the arrival mix. */
static const char *draw_category(void)
{
	unsigned total = 0;
	for (size_t i = 0; i < N(arrival_mix); i++)
		total += arrival_mix[i].weight;
	unsigned r = randombytes_uniform(total);
	for (size_t i = 0; i < N(arrival_mix); i++) {
		if (r < arrival_mix[i].weight)
			return arrival_mix[i].category;
		r -= arrival_mix[i].weight;
	}
	return arrival_mix[0].category;
}

/* Seconds to the next arrival: exponential, as walk-ins are (Poisson). */
static double next_gap(double mean)
{
	double u = (randombytes_uniform(1000000) + 1) / 1000001.0;
	return -log(u) * mean;
}

static void *arrivals_main(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&A.lock);
	while (A.run) {
		double gap = next_gap(A.mean);
		struct timespec ts;
		clock_gettime(CLOCK_MONOTONIC, &ts);
		double when = (double)ts.tv_sec + ts.tv_nsec / 1e9 + gap;
		ts.tv_sec = (time_t)when;
		ts.tv_nsec = (long)((when - (double)ts.tv_sec) * 1e9);
		int rc = 0;
		while (A.run && rc == 0)
			rc = pthread_cond_timedwait(&A.cond, &A.lock, &ts);
		if (!A.run)
			break;
		pthread_mutex_unlock(&A.lock);
		struct store *st = store_thread();
		struct ticket t;
		const char *cat = draw_category();
		if (st && queue_issue(st, cat, false, time(NULL), &t) != Q_OK)
			fprintf(stderr, "yichuangd: demo: could not issue a %s ticket\n", cat);
		pthread_mutex_lock(&A.lock);
	}
	pthread_mutex_unlock(&A.lock);
	return NULL;
}

int demo_arrivals_start(double mean_seconds)
{
	if (mean_seconds <= 0)
		return 0;
	pthread_condattr_t ca;
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&A.cond, &ca);
	pthread_condattr_destroy(&ca);
	A.mean = mean_seconds;
	A.run = true;
	if (pthread_create(&A.thread, NULL, arrivals_main, NULL) != 0) {
		A.run = false;
		return -1;
	}
	A.started = true;
	return 0;
}

void demo_arrivals_stop(void)
{
	if (!A.started)
		return;
	pthread_mutex_lock(&A.lock);
	A.run = false;
	pthread_cond_signal(&A.cond);
	pthread_mutex_unlock(&A.lock);
	pthread_join(A.thread, NULL);
	pthread_cond_destroy(&A.cond);
	A.started = false;
}
