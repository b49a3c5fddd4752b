/* test_queue: call order, one called ticket per window, the state rules, transfer, numbering and statistics. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "server/events.h"
#include "server/queue.h"
#include "server/store.h"

static char g_dir[256];
static char g_db[300];
static int64_t g_now; /* a fixed noon, so "today" is well defined */

static const struct queue_actor W1 = { "s-clerk01", "W01" };
static const struct queue_actor W2 = { "s-clerk02", "W02" };
static const struct queue_actor NOWIN = { "s-super01", "" };

/* A fresh database with the demo categories and two windows. */
static int setup(void **state)
{
	(void)state;
	const char *tmp = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
	snprintf(g_dir, sizeof g_dir, "%s/ycd-queue-XXXXXX", tmp);
	if (!mkdtemp(g_dir))
		return -1;
	snprintf(g_db, sizeof g_db, "%s/q.db", g_dir);
	char err[256];
	if (store_global_open(g_db, err, sizeof err) != 0)
		return -1;
	struct store *st = store_thread();
	static const struct category cats[] = {
		{ "A", "综合受理", "General intake", false, 1 }, { "B", "企业开办", "Business start-up", false, 2 },
		{ "C", "社保医保", "Social & medical insurance", false, 3 }, { "V", "绿色通道", "Priority lane", true, 5 },
	};
	for (size_t i = 0; i < sizeof cats / sizeof cats[0]; i++)
		store_category_put(st, &cats[i]);
	struct window w1 = { "W01", "1号窗口", "A,B,V" }, w2 = { "W02", "2号窗口", "A,C" };
	store_window_put(st, &w1);
	store_window_put(st, &w2);
	events_init(st);
	struct tm tm = { .tm_year = 126, .tm_mon = 10, .tm_mday = 23, .tm_hour = 12, .tm_isdst = -1 };
	g_now = (int64_t)mktime(&tm);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	events_fini();
	store_global_close();
	char p[400];
	const char *sfx[] = { "", "-wal", "-shm" };
	for (int i = 0; i < 3; i++) {
		snprintf(p, sizeof p, "%s%s", g_db, sfx[i]);
		unlink(p);
	}
	rmdir(g_dir);
	return 0;
}

/* Issue a ticket at now + dt seconds. */
static struct ticket issue(const char *cat, bool prio, int dt)
{
	struct ticket t;
	assert_int_equal(queue_issue(store_thread(), cat, prio, g_now + dt, &t), Q_OK);
	return t;
}

static enum queue_rc call(const struct queue_actor *who, struct ticket *out)
{
	char detail[256];
	return queue_call_next(store_thread(), who, NULL, 0, g_now + 1000, out, detail, sizeof detail);
}

static enum queue_rc act(const struct queue_actor *who, const char *id, enum queue_action a, struct ticket *out)
{
	char detail[256];
	return queue_act(store_thread(), who, id, a, NULL, NULL, g_now + 1100, out, detail, sizeof detail);
}

/* Priority lane first (oldest first among them), then by issued_at. */
static void test_call_order(void **state)
{
	(void)state;
	struct ticket a1 = issue("A", false, -400);
	struct ticket b1 = issue("B", false, -500);
	struct ticket v1 = issue("V", false, -100);
	struct ticket ap = issue("A", true, -50);
	assert_true(v1.priority);
	assert_true(ap.priority);
	const char *want[] = { v1.id, ap.id, b1.id, a1.id };
	for (int i = 0; i < 4; i++) {
		struct ticket t;
		assert_int_equal(call(&W1, &t), Q_OK);
		assert_string_equal(t.id, want[i]);
		assert_int_equal(t.status, TS_CALLED);
		assert_string_equal(t.window, "W01");
		assert_string_equal(t.staff_id, "s-clerk01");
		assert_int_equal(t.called_at, g_now + 1000);
		assert_int_equal(act(&W1, t.id, QA_FINISH, &t), Q_OK);
	}
	struct ticket t;
	assert_int_equal(call(&W1, &t), Q_EMPTY);
}

/* A window holds one called ticket; the priority lane comes only with a
 * window that serves it. */
static void test_one_called_per_window(void **state)
{
	(void)state;
	issue("A", false, -300);
	issue("A", false, -200);
	struct ticket v = issue("V", false, -10);
	struct ticket t, u;
	assert_int_equal(call(&W2, &t), Q_OK);
	assert_string_not_equal(t.id, v.id); /* W02 has no V */
	char detail[256];
	assert_int_equal(queue_call_next(store_thread(), &W2, NULL, 0, g_now, &u, detail, sizeof detail), Q_STATE);
	assert_non_null(strstr(detail, t.number));
	/* Asked for C only, W01 still gets its priority lane first. */
	const char *cats[] = { "C" };
	assert_int_equal(queue_call_next(store_thread(), &W1, cats, 1, g_now, &u, detail, sizeof detail), Q_OK);
	assert_string_equal(u.id, v.id);
	const char *bad[] = { "Z" };
	assert_int_equal(act(&W1, u.id, QA_FINISH, &u), Q_OK);
	assert_int_equal(queue_call_next(store_thread(), &W1, bad, 1, g_now, &u, detail, sizeof detail),
			 Q_BAD_CATEGORY);
	assert_int_equal(call(&NOWIN, &u), Q_FORBIDDEN);
}

/* skip, hold, recall and finish move only between the allowed states. */
static void test_state_rules(void **state)
{
	(void)state;
	struct ticket w = issue("A", false, -60);
	struct ticket t;
	assert_int_equal(act(&W1, w.id, QA_FINISH, &t), Q_STATE);  /* waiting */
	assert_int_equal(act(&W1, w.id, QA_RECALL, &t), Q_STATE);
	assert_int_equal(act(&W1, "t-nope", QA_SKIP, &t), Q_NOT_FOUND);
	assert_int_equal(call(&W1, &t), Q_OK);
	assert_int_equal(act(&W2, t.id, QA_SKIP, &t), Q_FORBIDDEN); /* another window's */
	assert_int_equal(act(&NOWIN, t.id, QA_SKIP, &t), Q_FORBIDDEN);
	assert_int_equal(act(&W1, w.id, QA_HOLD, &t), Q_OK);
	assert_int_equal(t.status, TS_HELD);
	assert_int_equal(act(&W1, w.id, QA_HOLD, &t), Q_STATE);
	assert_int_equal(act(&W1, w.id, QA_FINISH, &t), Q_STATE);
	/* A held ticket cannot come back while another one is called. */
	struct ticket other = issue("B", false, -30), o;
	assert_int_equal(call(&W1, &o), Q_OK);
	assert_string_equal(o.id, other.id);
	assert_int_equal(act(&W1, w.id, QA_RECALL, &t), Q_STATE);
	assert_int_equal(act(&W1, o.id, QA_SKIP, &o), Q_OK);
	assert_int_equal(o.status, TS_SKIPPED);
	assert_int_equal(act(&W1, w.id, QA_RECALL, &t), Q_OK);
	assert_int_equal(t.status, TS_CALLED);
	assert_int_equal(t.recalls, 1);
	assert_int_equal(act(&W1, w.id, QA_RECALL, &t), Q_OK); /* called: call the name again */
	assert_int_equal(t.recalls, 2);
	assert_int_equal(act(&W1, o.id, QA_RECALL, &o), Q_STATE); /* skipped, but W01 is busy */
	assert_int_equal(act(&W1, w.id, QA_FINISH, &t), Q_OK);
	assert_int_equal(t.status, TS_FINISHED);
	assert_int_equal(t.finished_at, g_now + 1100);
	assert_int_equal(act(&W1, o.id, QA_RECALL, &o), Q_OK); /* the no-show came back */
	assert_int_equal(o.status, TS_CALLED);
	assert_int_equal(act(&W1, w.id, QA_SKIP, &t), Q_STATE); /* finished is final */
}

/* Transfer: back to waiting in the new category, keeping issued_at. */
static void test_transfer(void **state)
{
	(void)state;
	struct ticket old = issue("A", false, -900);
	issue("C", false, -100);
	struct ticket t;
	char detail[256];
	assert_int_equal(call(&W1, &t), Q_OK);
	assert_string_equal(t.id, old.id);
	assert_int_equal(queue_act(store_thread(), &W1, t.id, QA_TRANSFER, "Z", NULL, g_now, &t, detail, sizeof detail),
			 Q_BAD_CATEGORY);
	assert_int_equal(queue_act(store_thread(), &W1, old.id, QA_TRANSFER, "C", "需社保", g_now, &t, detail,
				   sizeof detail),
			 Q_OK);
	assert_int_equal(t.status, TS_WAITING);
	assert_string_equal(t.category, "C");
	assert_string_equal(t.transferred_from, "A");
	assert_string_equal(t.number, old.number);
	assert_int_equal(t.issued_at, old.issued_at);
	assert_string_equal(t.window, "");
	assert_string_equal(t.note, "需社保");
	/* W02 serves C: the transferred ticket is older, so it comes first. */
	struct ticket n;
	assert_int_equal(call(&W2, &n), Q_OK);
	assert_string_equal(n.id, old.id);
	/* called or held only */
	struct ticket w = issue("A", false, 0);
	assert_int_equal(queue_act(store_thread(), &W1, w.id, QA_TRANSFER, "B", NULL, g_now, &t, detail, sizeof detail),
			 Q_STATE);
}

/* Numbers count per category and start again every day. */
static void test_numbering(void **state)
{
	(void)state;
	struct ticket a = issue("A", false, 0), b = issue("A", false, 1), c = issue("B", false, 2);
	assert_string_equal(a.number, "A001");
	assert_string_equal(b.number, "A002");
	assert_string_equal(c.number, "B001");
	char day[9];
	queue_day(g_now, day, NULL);
	char want[40];
	snprintf(want, sizeof want, "t-%s-A001", day);
	assert_string_equal(a.id, want);
	struct ticket d = issue("A", false, 86400);
	assert_string_equal(d.number, "A001");
	assert_string_not_equal(d.id, a.id);
	struct ticket x;
	assert_int_equal(queue_issue(store_thread(), "Q", false, g_now, &x), Q_BAD_CATEGORY);
}

/* A category has 999 numbers a day; the 1000th visitor is refused and
 * nothing is stored for them. */
static void test_numbers_run_out(void **state)
{
	(void)state;
	struct store *st = store_thread();
	struct ticket t;
	store_begin(st);
	for (int i = 1; i <= QUEUE_MAX_NUMBER; i++)
		assert_int_equal(queue_new_ticket(st, "A", false, g_now, &t), Q_OK);
	store_commit(st);
	assert_string_equal(t.number, "A999");
	int64_t before = events_last_id();
	assert_int_equal(queue_issue(st, "A", false, g_now, &t), Q_FULL);
	assert_int_equal(events_last_id(), before);
	assert_int_equal(queue_issue(st, "B", false, g_now, &t), Q_OK);
	assert_string_equal(t.number, "B001");
	assert_int_equal(queue_issue(st, "A", false, g_now + 86400, &t), Q_OK);
	assert_string_equal(t.number, "A001");
}

/* Waiting counts, today's mean wait, served today, the longest wait. */
static void test_stats(void **state)
{
	(void)state;
	struct store *st = store_thread();
	issue("A", false, -600);
	issue("B", false, -300);
	issue("C", false, -120);
	struct queue_stats s;
	assert_int_equal(queue_stats(st, g_now, &s), 0);
	assert_int_equal(s.waiting, 3);
	assert_int_equal(s.avg_wait_seconds, 0);
	assert_int_equal(s.longest_wait_seconds, 600);
	assert_int_equal(s.ncat, 4);
	assert_string_equal(s.by_cat[1].code, "B");
	assert_int_equal(s.by_cat[1].waiting, 1);
	assert_int_equal(s.by_cat[3].waiting, 0);
	struct ticket t;
	char detail[128];
	/* W01 calls A (waited 600 s), W02 calls C (waited 120 s + 0) at g_now. */
	assert_int_equal(queue_call_next(st, &W1, NULL, 0, g_now, &t, detail, sizeof detail), Q_OK);
	assert_int_equal(queue_call_next(st, &W2, NULL, 0, g_now, &t, detail, sizeof detail), Q_OK);
	assert_int_equal(queue_act(st, &W2, t.id, QA_FINISH, NULL, NULL, g_now + 60, &t, detail, sizeof detail), Q_OK);
	assert_int_equal(queue_stats(st, g_now + 60, &s), 0);
	assert_int_equal(s.waiting, 1);
	assert_int_equal(s.avg_wait_seconds, (600 + 120) / 2);
	assert_int_equal(s.served_today, 1);
	assert_int_equal(s.longest_wait_seconds, 360);
	/* Tomorrow nobody was called or served yet. */
	assert_int_equal(queue_stats(st, g_now + 86400, &s), 0);
	assert_int_equal(s.avg_wait_seconds, 0);
	assert_int_equal(s.served_today, 0);
}

/* Every change is an event, in order. */
static void test_events_follow_changes(void **state)
{
	(void)state;
	int64_t before = events_last_id();
	struct ticket t = issue("A", false, 0);
	assert_int_equal(call(&W1, &t), Q_OK);
	assert_int_equal(act(&W1, t.id, QA_FINISH, &t), Q_OK);
	struct sbuf out = { 0 };
	int64_t after = before;
	assert_int_equal(events_collect(store_thread(), &after, 10, EV_SSE, &out), 3);
	const char *p1 = strstr(out.p, "event: ticket.issued");
	const char *p2 = strstr(out.p, "event: ticket.called");
	const char *p3 = strstr(out.p, "event: ticket.finished");
	assert_true(p1 && p2 && p3 && p1 < p2 && p2 < p3);
	assert_non_null(strstr(p3, "\"status\":\"finished\""));
	assert_int_equal(after, before + 3);
	sbuf_free(&out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_call_order, setup, teardown),
		cmocka_unit_test_setup_teardown(test_one_called_per_window, setup, teardown),
		cmocka_unit_test_setup_teardown(test_state_rules, setup, teardown),
		cmocka_unit_test_setup_teardown(test_transfer, setup, teardown),
		cmocka_unit_test_setup_teardown(test_numbering, setup, teardown),
		cmocka_unit_test_setup_teardown(test_numbers_run_out, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stats, setup, teardown),
		cmocka_unit_test_setup_teardown(test_events_follow_changes, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
