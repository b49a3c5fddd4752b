/* test_app_typeahead: queue actions typed while another one is still
 * running wait their turn and run in order against the state the earlier
 * ones left (call next, then finish: the ticket just called); a failure
 * drops the rest with a message saying how many; more than four waiting
 * are refused as busy; logging out drops those waiting. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdint.h>

#include "client/api.h"
#include "client/app.h"
#include "client/loop.h"
#include "common/jsonx.h"
#include "client/local.h"
#include "tests/unit/client/kb_fixtures.h"
#include "tests/unit/client/tinyhttp.h"

#define STAFF "{\"id\":\"s-clerk01\",\"username\":\"clerk01\",\"name\":\"张伟\",\"role\":\"clerk\"," \
	"\"hall\":{\"id\":\"xh01\",\"name\":\"徐汇区行政服务中心\"}," \
	"\"window\":{\"id\":\"W01\",\"name\":\"1号窗口\",\"categories\":[\"A\",\"B\",\"V\"]}}"
#define TICKET(st, win, recalls) "{\"id\":\"t-A001\",\"number\":\"A001\",\"category\":\"A\"," \
	"\"status\":\"" st "\",\"window\":" win ",\"recalls\":" recalls ",\"issued_at\":\"2026-11-23T07:50:00Z\"}"

static volatile int queue_empty;   /* call-next answers 404 queue-empty */
static volatile int recalls;

/* A slow call-next (so that the keys after it are typed ahead), and one
 * ticket, t-A001, to act on. */
static void handler(int fd, const THReq *r, void *ud)
{
	const char *pj = "application/problem+json", *js = "application/json";
	char buf[1024];
	if (strcmp(r->path, "/v1/auth/login") == 0) {
		th_reply(fd, 200, js, "", "{\"access_token\":\"acc-1\",\"refresh_token\":\"ref-1\","
			 "\"token_type\":\"Bearer\",\"expires_in\":900,\"staff\":" STAFF "}");
	} else if (strncmp(r->path, "/v1/queue?", 10) == 0) {
		th_reply(fd, 200, js, "", "{\"items\":[],\"next_cursor\":null,\"categories\":[],"
			 "\"stats\":{\"waiting\":0},\"current\":null,\"held\":[]}");
	} else if (strcmp(r->path, "/v1/events") == 0) {
		const char *s = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n\r\n: hi\n\n";
		th_send(fd, s, strlen(s));
		usleep(2000 * 1000);
	} else if (strcmp(r->path, "/v1/queue/call-next") == 0) {
		usleep(150 * 1000);
		if (queue_empty)
			th_reply(fd, 404, pj, "", "{\"type\":\"/problems/queue-empty\",\"title\":\"Empty\",\"status\":404}");
		else
			th_reply(fd, 200, js, "", TICKET("called", "\"W01\"", "0"));
	} else if (strcmp(r->path, "/v1/tickets/t-A001/recall") == 0) {
		usleep(50 * 1000);
		snprintf(buf, sizeof buf, "{\"id\":\"t-A001\",\"number\":\"A001\",\"category\":\"A\","
			 "\"status\":\"called\",\"window\":\"W01\",\"recalls\":%d}", ++recalls);
		th_reply(fd, 200, js, "", buf);
	} else if (strcmp(r->path, "/v1/tickets/t-A001/finish") == 0) {
		th_reply(fd, 200, js, "", TICKET("finished", "\"W01\"", "0"));
	} else if (strcmp(r->path, "/v1/tickets/t-A001/skip") == 0) {
		th_reply(fd, 200, js, "", TICKET("skipped", "\"W01\"", "0"));
	} else if (strcmp(r->path, "/v1/auth/logout") == 0) {
		th_reply(fd, 204, js, "", "");
	} else {
		th_reply(fd, 404, pj, "", "{\"type\":\"/problems/not-found\",\"title\":\"Not found\",\"status\":404}");
	}
}

/* Every completion, in the order they came. */
static struct {
	int n;
	struct { int tag; bool ok; char problem[32]; } done[16];
} D;

static void on_done(bool ok, const char *problem, void *ud)
{
	if (D.n < 16) {
		D.done[D.n].tag = (int)(intptr_t)ud;
		D.done[D.n].ok = ok;
		snprintf(D.done[D.n].problem, sizeof D.done[D.n].problem, "%s", problem ? problem : "");
	}
	D.n++;
}

static void on_deadline(void *ud)
{
	loop_quit(99);
}

static void on_poll(void *ud);
static int want;
static unsigned poll_timer;

static void on_poll(void *ud)
{
	poll_timer = 0;
	if (D.n >= want)
		loop_quit(0);
	else
		poll_timer = loop_timer_add(5, on_poll, NULL);
}

/* Run the loop until n completions in all (or fail after 5 s). */
static void wait_for(int n)
{
	want = n;
	unsigned t = loop_timer_add(5000, on_deadline, NULL);
	poll_timer = loop_timer_add(0, on_poll, NULL);
	int rc = loop_run();
	loop_timer_cancel(t);
	loop_timer_cancel(poll_timer);
	poll_timer = 0;
	assert_int_equal(rc, 0);
	assert_int_equal(D.n, n);
}

static void run_for(int ms)
{
	unsigned t = loop_timer_add(ms, on_deadline, NULL);
	while (loop_run() != 99)
		;
	loop_timer_cancel(t);
}

/* The POSTs the server saw after the login, as "call-next finish …". */
static void posts(char *out, size_t outsz)
{
	out[0] = '\0';
	pthread_mutex_lock(&TH.lock);
	for (int i = 0; i < TH.nlog; i++) {
		const char *p = TH.log[i].path;
		if (strcmp(TH.log[i].method, "POST") != 0 || strncmp(p, "/v1/auth/", 9) == 0)
			continue;
		const char *verb = strrchr(p, '/') + 1;
		snprintf(out + strlen(out), outsz - strlen(out), "%s%s", *out ? " " : "", verb);
	}
	pthread_mutex_unlock(&TH.lock);
}

static int setup(void **state)
{
	unsetenv("DBUS_SESSION_BUS_ADDRESS");
	loop_init();
	char base[64];
	int port = th_start(handler, NULL);
	snprintf(base, sizeof base, "http://127.0.0.1:%d", port);
	memset(&app, 0, sizeof app);
	config_load(&app.cfg, "/nonexistent/config", NULL, NULL);
	free(app.cfg.server);
	app.cfg.server = strdup(base);
	api_init(base, NULL);
	app_init();
	memset(&D, 0, sizeof D);
	queue_empty = 0;
	recalls = 0;
	app_login("clerk01", "demo", on_done, (void *)(intptr_t)100);
	wait_for(1);
	assert_true(D.done[0].ok);
	run_for(200);
	memset(&D, 0, sizeof D);
	return 0;
}

static int teardown(void **state)
{
	run_for(50);
	app_free();
	api_shutdown();
	th_stop();
	return 0;
}

/* Call next, then finish typed before the call came back: the finish acts
 * on the ticket just called, after it. */
static void test_typed_ahead_runs_in_order(void **state)
{
	app_call_next(on_done, (void *)1);
	app_finish(on_done, (void *)2);
	assert_int_equal(app_queue_pending(), 2);
	assert_null(app.current); /* nothing refused on the state of the moment */
	wait_for(2);
	assert_int_equal(D.done[0].tag, 1);
	assert_true(D.done[0].ok);
	assert_int_equal(D.done[1].tag, 2);
	assert_true(D.done[1].ok);
	char seen[256];
	posts(seen, sizeof seen);
	assert_string_equal(seen, "call-next finish");
	assert_string_equal(app.message, "Ticket A001: finished");
	assert_null(app.current);
	assert_int_equal(app_queue_pending(), 0);
}

/* A failed call-next does not cascade: what was typed after it is not
 * sent, and the message says so. */
static void test_failure_drops_the_rest(void **state)
{
	queue_empty = 1;
	app_call_next(on_done, (void *)1);
	app_finish(on_done, (void *)2);
	app_skip(on_done, (void *)3);
	wait_for(3);
	assert_false(D.done[0].ok);
	assert_string_equal(D.done[0].problem, "queue-empty");
	assert_false(D.done[1].ok);
	assert_string_equal(D.done[1].problem, "dropped");
	assert_false(D.done[2].ok);
	assert_string_equal(D.done[2].problem, "dropped");
	char seen[256];
	posts(seen, sizeof seen);
	assert_string_equal(seen, "call-next");
	assert_true(app.message_error);
	assert_string_equal(app.message, "No one is waiting in this window's categories. "
			    "(the 2 actions typed after it were not done)");
	assert_int_equal(app_queue_pending(), 0);

	/* Afterwards the next action runs at once again. */
	queue_empty = 0;
	app_call_next(on_done, (void *)4);
	wait_for(4);
	assert_true(D.done[3].ok);
	assert_string_equal(app.current->number, "A001");
}

/* Four may wait behind the one running; the fifth waiting is refused. */
static void test_bounded(void **state)
{
	app_call_next(on_done, (void *)1);
	for (int i = 0; i < 4; i++)
		app_recall(on_done, (void *)(intptr_t)(2 + i));
	assert_int_equal(app_queue_pending(), 5);
	app_recall(on_done, (void *)9);
	wait_for(1);
	assert_int_equal(D.done[0].tag, 9); /* refused at once, before the others */
	assert_string_equal(D.done[0].problem, "busy");
	assert_string_equal(app.message, "Wait: the previous actions are still running");
	wait_for(6);
	for (int i = 1; i < 6; i++) {
		assert_int_equal(D.done[i].tag, i);
		assert_true(D.done[i].ok);
	}
	assert_int_equal(th_count("/v1/tickets/t-A001/recall"), 4);
	assert_int_equal(app.current->recalls, 4);
}

/* Logging out forgets the actions typed ahead. */
static void test_logout_drops_waiting(void **state)
{
	app_call_next(on_done, (void *)1);
	app_finish(on_done, (void *)2);
	app_logout(on_done, (void *)3);
	wait_for(3);
	bool finish_dropped = false;
	for (int i = 0; i < 3; i++)
		if (D.done[i].tag == 2)
			finish_dropped = !D.done[i].ok && strcmp(D.done[i].problem, "unauthorized") == 0;
	assert_true(finish_dropped);
	run_for(300);
	assert_int_equal(th_count("/v1/tickets/t-A001/finish"), 0);
	assert_false(app.logged_in);
	assert_null(app.current);
	assert_int_equal(app_queue_pending(), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_typed_ahead_runs_in_order, setup, teardown),
		cmocka_unit_test_setup_teardown(test_failure_drops_the_rest, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bounded, setup, teardown),
		cmocka_unit_test_setup_teardown(test_logout_drops_waiting, setup, teardown),
	};
	/* A login caches the staff profile in the user's local store: in a
	 * folder of the test's own, not the home of whoever runs it. */
	if (fx_mkdir() != 0)
		return 1;
	setenv("XDG_DATA_HOME", fx_dir, 1);
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	local_close();
	fx_rmdir();
	return rc;
}
