/* test_events: event ids survive a reopen, resume after an id (memory and store), waking parked waiters. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <sqlite3.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "common/timefmt.h"
#include "server/events.h"
#include "server/store.h"

static char g_dir[256];
static char g_db[300];

static int open_db(void)
{
	char err[256];
	if (store_global_open(g_db, err, sizeof err) != 0)
		return -1;
	return events_init(store_thread());
}

static void close_db(void)
{
	events_fini();
	store_global_close();
}

static int setup(void **state)
{
	(void)state;
	const char *tmp = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
	snprintf(g_dir, sizeof g_dir, "%s/ycd-events-XXXXXX", tmp);
	if (!mkdtemp(g_dir))
		return -1;
	snprintf(g_db, sizeof g_db, "%s/e.db", g_dir);
	return open_db();
}

static int teardown(void **state)
{
	(void)state;
	close_db();
	char p[400];
	const char *sfx[] = { "", "-wal", "-shm" };
	for (int i = 0; i < 3; i++) {
		snprintf(p, sizeof p, "%s%s", g_db, sfx[i]);
		unlink(p);
	}
	rmdir(g_dir);
	return 0;
}

/* Store an event and announce it, as the queue does. */
static int64_t append(const char *type, int n)
{
	char data[64];
	snprintf(data, sizeof data, "{\"n\":%d}", n);
	int64_t id = 0;
	assert_int_equal(store_event_append(store_thread(), type, 1795000000 + n, data, &id), STORE_OK);
	events_publish(id, type, 1795000000 + n, data);
	return id;
}

static atomic_int g_woken;
static atomic_int g_suspended;

static void on_wake(struct ev_waiter *w)
{
	(void)w;
	atomic_fetch_add(&g_woken, 1);
}

static void on_suspend(void *arg)
{
	(void)arg;
	atomic_fetch_add(&g_suspended, 1);
}

/* Ids keep counting after a reopen, and a resume reaches across it. */
static void test_ids_after_reopen(void **state)
{
	(void)state;
	assert_int_equal(append("ticket.issued", 1), 1);
	assert_int_equal(append("ticket.called", 2), 2);
	assert_int_equal(append("ticket.finished", 3), 3);
	close_db();
	assert_int_equal(open_db(), 0);
	assert_int_equal(events_last_id(), 3);
	assert_int_equal(store_event_last_id(store_thread()), 3);
	assert_int_equal(append("ticket.issued", 4), 4);
	struct sbuf out = { 0 };
	int64_t after = 1;
	assert_int_equal(events_collect(store_thread(), &after, 10, EV_SSE, &out), 3);
	assert_int_equal(after, 4);
	assert_string_equal(out.p, "id: 2\nevent: ticket.called\ndata: {\"n\":2}\n\n"
				   "id: 3\nevent: ticket.finished\ndata: {\"n\":3}\n\n"
				   "id: 4\nevent: ticket.issued\ndata: {\"n\":4}\n\n");
	sbuf_free(&out);
	after = 3;
	assert_int_equal(events_collect(store_thread(), &after, 10, EV_JSON, &out), 1);
	char ts[21];
	time_rfc3339(1795000004, ts);
	char want[160];
	snprintf(want, sizeof want, "{\"id\":\"4\",\"type\":\"ticket.issued\",\"time\":\"%s\",\"data\":{\"n\":4}}", ts);
	assert_string_equal(out.p, want);
	sbuf_free(&out);
}

/* Ids never go back, even when the newest rows are gone. */
static void test_ids_never_reused(void **state)
{
	(void)state;
	append("ticket.issued", 1);
	append("ticket.issued", 2);
	close_db();
	/* Trim the newest row behind the store's back: the only way an id
	 * could be handed out twice. */
	sqlite3 *db;
	assert_int_equal(sqlite3_open(g_db, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "DELETE FROM events WHERE id = 2", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	assert_int_equal(open_db(), 0);
	assert_int_equal(events_last_id(), 2);
	/* A reader after 1 steps over the hole instead of waiting on it. */
	struct sbuf out = { 0 };
	int64_t after = 1;
	assert_int_equal(events_collect(store_thread(), &after, 10, EV_SSE, &out), 0);
	assert_int_equal(after, 2);
	struct ev_waiter w = { .after = after, .wake = on_wake };
	assert_true(events_park(&w, on_suspend, NULL));
	events_unpark(&w);
	assert_int_equal(append("ticket.issued", 3), 3);
	after = 1;
	assert_int_equal(events_collect(store_thread(), &after, 10, EV_SSE, &out), 1);
	assert_int_equal(after, 3);
	sbuf_free(&out);
}

/* Resume from before what memory holds: the store fills in. */
static void test_resume_from_store(void **state)
{
	(void)state;
	for (int i = 1; i <= 1200; i++)
		append("ticket.issued", i);
	struct sbuf out = { 0 };
	int64_t after = 0;
	assert_int_equal(events_collect(store_thread(), &after, 100, EV_SSE, &out), 100);
	assert_int_equal(after, 100);
	assert_non_null(strstr(out.p, "id: 1\n"));
	assert_non_null(strstr(out.p, "id: 100\n"));
	sbuf_free(&out);
	after = 1150;
	assert_int_equal(events_collect(store_thread(), &after, 100, EV_SSE, &out), 50);
	assert_int_equal(after, 1200);
	sbuf_free(&out);
	after = 1200;
	assert_int_equal(events_collect(store_thread(), &after, 100, EV_SSE, &out), 0);
	assert_int_equal(after, 1200);
	sbuf_free(&out);
}

/* A parked waiter wakes on the next event at once; nobody parks when an
 * event is already there; closing wakes everyone and refuses more. */
static void test_park_and_wake(void **state)
{
	(void)state;
	atomic_store(&g_woken, 0);
	atomic_store(&g_suspended, 0);
	append("ticket.issued", 1);
	struct ev_waiter a = { .after = 1, .wake = on_wake }, b = { .after = 1, .wake = on_wake };
	struct ev_waiter old = { .after = 0, .wake = on_wake };
	assert_true(events_park(&a, on_suspend, NULL));
	assert_true(events_park(&b, on_suspend, NULL));
	assert_false(events_park(&old, on_suspend, NULL));
	assert_int_equal(events_parked(), 2);
	assert_int_equal(atomic_load(&g_suspended), 2);
	append("ticket.called", 2);
	assert_int_equal(atomic_load(&g_woken), 2);
	assert_int_equal(events_parked(), 0);
	a.after = 2;
	assert_true(events_park(&a, on_suspend, NULL));
	events_unpark(&a);
	assert_int_equal(events_parked(), 0);
	assert_true(events_park(&a, on_suspend, NULL));
	events_shutdown();
	assert_int_equal(atomic_load(&g_woken), 3);
	assert_true(events_closing());
	assert_false(events_park(&b, on_suspend, NULL));
}

/* The ticker wakes a waiter at its deadline (heartbeats, poll timeouts). */
static void test_deadline(void **state)
{
	(void)state;
	atomic_store(&g_woken, 0);
	assert_int_equal(events_ticker_start(), 0);
	struct ev_waiter w = { .after = events_last_id(), .wake = on_wake };
	int64_t t0 = time_mono_ms();
	w.deadline_ms = t0 + 150;
	assert_true(events_park(&w, on_suspend, NULL));
	while (atomic_load(&g_woken) == 0 && time_mono_ms() < t0 + 3000)
		usleep(5000);
	int64_t took = time_mono_ms() - t0;
	events_ticker_stop();
	assert_int_equal(atomic_load(&g_woken), 1);
	assert_true(took >= 150);
	assert_true(took < 1000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_ids_after_reopen, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ids_never_reused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_resume_from_store, setup, teardown),
		cmocka_unit_test_setup_teardown(test_park_and_wake, setup, teardown),
		cmocka_unit_test_setup_teardown(test_deadline, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
