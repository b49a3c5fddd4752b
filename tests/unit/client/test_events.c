/* test_events: the events stream against a tiny real server: events with
 * their JSON, resume with Last-Event-ID after a drop, the silence
 * watchdog, backoff and events_kick. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdint.h>

#include "client/api.h"
#include "client/events.h"
#include "client/loop.h"
#include "common/jsonx.h"
#include "tests/unit/client/tinyhttp.h"

static int mode;            /* 0: the resume scenario, 1: always refuse */
static int connections;
static char last_ids[8][32];

static void handler(int fd, const THReq *r, void *ud)
{
	int n = __atomic_add_fetch(&connections, 1, __ATOMIC_SEQ_CST);
	if (n <= 8)
		th_header(r, "Last-Event-ID", last_ids[n - 1], sizeof last_ids[0]);
	if (mode == 1) {
		th_reply(fd, 500, "application/problem+json", "",
			 "{\"type\":\"/problems/internal\",\"title\":\"Internal\",\"status\":500}");
		return;
	}
	const char *head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n\r\n";
	th_send(fd, head, strlen(head));
	char ev[512];
	if (n == 1) {
		/* One event split in two writes, then the server goes away. */
		const char *a = "id: 41\nevent: ticket.issued\ndata: {\"ticket\":{\"id\":\"t1\",";
		const char *b = "\"number\":\"A001\"}}\n\n";
		th_send(fd, a, strlen(a));
		usleep(20000);
		th_send(fd, b, strlen(b));
		usleep(20000);
	} else if (n == 2) {
		snprintf(ev, sizeof ev, ": heartbeat\n\nid: 42\nevent: ticket.called\ndata: {\"n\":42}\n\n"
			 "id: 43\nevent: ticket.broken\ndata: {not json\n\n");
		th_send(fd, ev, strlen(ev));
		usleep(1500 * 1000); /* then silence: the watchdog must notice */
	} else {
		usleep(300 * 1000);
	}
}

static struct {
	char log[2048];
	int events, online, offline;
	char last_why[256];
} R;

static void on_event(const char *id, const char *type, const cJSON *data, void *ud)
{
	R.events++;
	char *j = json_print(data);
	size_t n = strlen(R.log);
	snprintf(R.log + n, sizeof R.log - n, "%s %s %s\n", id ? id : "-", type, j);
	free(j);
}

static void on_state(bool online, const char *why, void *ud)
{
	if (online)
		R.online++;
	else
		R.offline++;
	snprintf(R.last_why, sizeof R.last_why, "%s", why ? why : "");
	size_t n = strlen(R.log);
	snprintf(R.log + n, sizeof R.log - n, "%s %s\n", online ? "online" : "offline", why ? why : "");
}

static int (*tick_done)(void);
static unsigned tick;

static void on_tick(void *ud)
{
	tick = 0;
	if (tick_done())
		loop_quit(0);
	else
		tick = loop_timer_add(10, on_tick, NULL);
}

static void on_deadline(void *ud)
{
	loop_quit(99);
}

/* Run the loop until done() or ms pass; returns true when done. */
static bool run_until(int (*done)(void), int ms)
{
	unsigned t = loop_timer_add(ms, on_deadline, NULL);
	tick_done = done;
	tick = loop_timer_add(10, on_tick, NULL);
	int rc = loop_run();
	loop_timer_cancel(tick);
	loop_timer_cancel(t);
	return rc == 0;
}

static int third_connection(void)
{
	return __atomic_load_n(&connections, __ATOMIC_SEQ_CST) >= 3 && R.offline >= 2;
}

static void test_resume_and_watchdog(void **state)
{
	loop_init();
	mode = 0;
	connections = 0;
	memset(&R, 0, sizeof R);
	memset(last_ids, 0, sizeof last_ids);
	int port = th_start(handler, NULL);
	char base[64];
	snprintf(base, sizeof base, "http://127.0.0.1:%d", port);
	api_init(base, NULL);
	api_set_tokens("tok", NULL);
	events_set_timing(400, 50, 200);
	static const EventsHandler h = { on_event, on_state };
	events_start(&h, NULL);
	assert_true(run_until(third_connection, 8000));
	/* The first stream starts with new events only; the second resumes. */
	assert_string_equal(last_ids[0], "");
	assert_string_equal(last_ids[1], "41");
	assert_string_equal(last_ids[2], "43");
	assert_string_equal(events_last_id(), "43");
	/* The malformed event was skipped, the others delivered whole. */
	assert_int_equal(R.events, 2);
	assert_non_null(strstr(R.log, "41 ticket.issued {\"ticket\":{\"id\":\"t1\",\"number\":\"A001\"}}\n"));
	assert_non_null(strstr(R.log, "42 ticket.called {\"n\":42}\n"));
	/* Online, dropped, online again, silent (watchdog). */
	assert_true(R.online >= 2);
	assert_non_null(strstr(R.log, "offline the server closed the events stream"));
	assert_non_null(strstr(R.log, "offline no heartbeat from the server"));
	events_stop();
	assert_false(events_online());
	api_shutdown();
	th_stop();
}

static int two_connections(void)
{
	return __atomic_load_n(&connections, __ATOMIC_SEQ_CST) >= 2;
}

static int one_connection_offline(void)
{
	return __atomic_load_n(&connections, __ATOMIC_SEQ_CST) >= 1 && R.offline >= 1;
}

static void test_backoff_and_kick(void **state)
{
	loop_init();
	mode = 1;
	connections = 0;
	memset(&R, 0, sizeof R);
	int port = th_start(handler, NULL);
	char base[64];
	snprintf(base, sizeof base, "http://127.0.0.1:%d", port);
	api_init(base, NULL);
	events_set_timing(40000, 5000, 10000); /* a long wait before retrying */
	static const EventsHandler h = { on_event, on_state };
	events_start(&h, NULL);
	assert_true(run_until(one_connection_offline, 3000));
	assert_false(events_online());
	assert_non_null(strstr(R.last_why, "Internal")); /* the problem's title */
	/* The backoff holds the next try for seconds … */
	assert_false(run_until(two_connections, 300));
	/* … unless kicked. */
	int64_t t0 = loop_now();
	events_kick();
	assert_true(run_until(two_connections, 2000));
	assert_true(loop_now() - t0 < 1000);
	events_stop();
	api_shutdown();
	th_stop();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_resume_and_watchdog),
		cmocka_unit_test(test_backoff_and_kick),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
