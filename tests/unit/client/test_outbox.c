/* test_outbox: the background sender over a real local store and a small
 * real HTTP server: delivered, refused with field errors, retried with
 * backoff under the same key, a restart (store closed and opened again)
 * that sends the same row with the same key (one case), one request at a
 * time oldest first, nothing while offline, and a flush that tries each
 * row once. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdint.h>
#include <time.h>

#include "client/api.h"
#include "client/app.h"
#include "client/drafts.h"
#include "client/local.h"
#include "client/loop.h"
#include "client/outbox.h"
#include "common/jsonx.h"
#include "tests/unit/client/kb_fixtures.h"
#include "tests/unit/client/case_server.h"


/* Events seen, and the one that ends a wait. */
static struct {
	int n, sending, delivered, refused, retry;
	char last_case[64];
	bool last_replayed;
	char last_message[256];
	char last_error_field[128];
	int wait_for;   /* OB_* that stops the loop, -1: none */
} E;

static void on_event(const OutboxEvent *ev, void *ud)
{
	E.n++;
	switch (ev->what) {
	case OB_SENDING:
		E.sending++;
		break;
	case OB_DELIVERED:
		E.delivered++;
		snprintf(E.last_case, sizeof E.last_case, "%s", ev->case_number ? ev->case_number : "");
		assert_string_equal(json_str(ev->created, "number", ""), E.last_case);
		E.last_replayed = ev->replayed;
		break;
	case OB_REFUSED:
		E.refused++;
		snprintf(E.last_error_field, sizeof E.last_error_field, "%s",
			 json_str(cJSON_GetArrayItem(ev->errors, 0), "field", ""));
		break;
	case OB_RETRY:
		E.retry++;
		break;
	}
	if (ev->message)
		snprintf(E.last_message, sizeof E.last_message, "%s", ev->message);
	if ((int)ev->what == E.wait_for)
		loop_quit(0);
}

static void on_timeout(void *ud)
{
	loop_quit(99);
}

/* Run the loop until an event of kind what (within ms). */
static void wait_event(int what, int ms)
{
	E.wait_for = what;
	unsigned t = loop_timer_add(ms, on_timeout, NULL);
	assert_int_equal(loop_run(), 0);
	loop_timer_cancel(t);
	E.wait_for = -1;
}

static void on_flushed(void *ud)
{
	*(bool *)ud = true;
	loop_quit(0);
}

static char base[64];

static int setup(void **state)
{
	if (fx_mkdir() != 0)
		return -1;
	setenv("XDG_DATA_HOME", fx_dir, 1);
	loop_init();
	int port = th_start(cs_handler, NULL);
	if (port <= 0)
		return -1;
	snprintf(base, sizeof base, "http://127.0.0.1:%d", port);
	ApiOptions o = {NULL, 1500, 1000};
	api_init(base, &o);
	free(app.server);
	app.server = strdup(base);
	free(app.cfg.username);
	app.cfg.username = strdup("clerk01");
	app.logged_in = app.online = true;
	cs_reset();
	memset(&E, 0, sizeof E);
	E.wait_for = -1;
	outbox_listen(on_event, &E);
	return local_store() ? 0 : -1;
}

static int teardown(void **state)
{
	outbox_unlisten(&E);
	outbox_stop();
	local_close();
	app.logged_in = app.online = false;
	api_shutdown();
	th_stop();
	fx_rmdir();
	return 0;
}

/* A draft queued with a new key and a small body; its id and key out. */
static void queue_one(const char *name, char id[24], char key[37])
{
	Draft d;
	memset(&d, 0, sizeof d);
	drafts_new_id(d.id);
	d.holder = (char *)"330106199605297400";
	d.applicant = (char *)name;
	d.title = (char *)"居住证申领";
	d.step = (char *)"review";
	char *matters[] = {(char *)"310000-jzz"};
	d.matters = matters;
	d.n_matters = 1;
	api_new_key(key);
	char body[128];
	snprintf(body, sizeof body, "{\"matters\":[\"310000-jzz\"],\"applicant\":{\"name\":\"%s\"}}", name);
	assert_true(outbox_enqueue(local_store(), &d, key, body));
	memcpy(id, d.id, 24);
}

static OutboxItem *row_of(const char *id)
{
	size_t n = 0;
	OutboxItem **v = outbox_list(local_store(), &n), *it = NULL;
	for (size_t i = 0; i < n; i++)
		if (strcmp(v[i]->draft_id, id) == 0) {
			it = v[i];
			v[i] = NULL;
		}
	for (size_t i = 0; i < n; i++)
		outbox_item_free(v[i]);
	free(v);
	return it;
}

static int64_t wall_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_REALTIME, &t);
	return (int64_t)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

static void test_delivered(void **state)
{
	char id[24], key[37];
	queue_one("王小明", id, key);
	outbox_kick();
	assert_int_equal(app.outbox_waiting, 1);
	assert_true(app.outbox_sending);
	wait_event(OB_DELIVERED, 5000);
	assert_int_equal(E.sending, 1);
	assert_string_equal(E.last_case, "XH01-20261124-0001");
	assert_false(E.last_replayed);
	THReq r;
	char h[64];
	assert_true(th_last("/v1/cases", &r));
	assert_string_equal(th_header(&r, "Idempotency-Key", h, sizeof h), key);
	assert_non_null(strstr(r.body, "王小明"));
	Draft *d = drafts_get(local_store(), id);
	assert_int_equal(d->state, DRAFT_SUBMITTED);
	assert_string_equal(d->case_number, "XH01-20261124-0001");
	draft_free(d);
	assert_int_equal(outbox_count(local_store()), 0);
	assert_int_equal(app.outbox_waiting, 0);
	assert_false(app.outbox_sending);
}

static void test_refused(void **state)
{
	char id[24], key[37];
	CS.refuse_next = 1;
	/* with a terminal escape in the server's words */
	CS.refuse_errors = "[{\"field\":\"form.values.applicant.phone\",\"code\":\"format\",\"message\":\"wrong\\u001b[31m\"}]";
	queue_one("王小明", id, key);
	outbox_kick();
	wait_event(OB_REFUSED, 5000);
	assert_string_equal(E.last_error_field, "form.values.applicant.phone");
	Draft *d = drafts_get(local_store(), id);
	assert_int_equal(d->state, DRAFT_ATTENTION);
	const cJSON *e = cJSON_GetArrayItem(d->errors, 0);
	assert_string_equal(json_str(e, "field", ""), "form.values.applicant.phone");
	assert_null(strchr(json_str(e, "message", ""), '\033')); /* cleaned before it is kept */
	assert_non_null(d->message);
	draft_free(d);
	assert_int_equal(outbox_count(local_store()), 0);
	assert_int_equal(app.drafts_attention, 1);
	assert_int_equal(app.outbox_waiting, 0);
	assert_int_equal(CS.ncases, 0);
}

/* A 500: the row stays with its key, next_at 2 to 2.5 s away; the timer
 * sends it again with the same key and body. */
static void test_retry_backoff_same_key(void **state)
{
	char id[24], key[37];
	CS.fail_next = 1;
	queue_one("李四", id, key);
	int64_t t0 = wall_ms();
	outbox_kick();
	wait_event(OB_RETRY, 5000);
	assert_non_null(strstr(E.last_message, "boom"));
	OutboxItem *it = row_of(id);
	assert_non_null(it);
	assert_string_equal(it->key, key);
	assert_int_equal(it->attempts, 1);
	assert_int_equal(it->last_status, 500);
	assert_true(it->next_at >= t0 + OUTBOX_BACKOFF_MIN_MS);
	assert_true(it->next_at <= wall_ms() + OUTBOX_BACKOFF_MIN_MS * 5 / 4 + 50);
	outbox_item_free(it);
	assert_int_equal(app.outbox_waiting, 1);
	/* Nothing goes before next_at. */
	outbox_kick();
	assert_false(app.outbox_sending);
	wait_event(OB_DELIVERED, 6000);
	assert_true(wall_ms() - t0 >= OUTBOX_BACKOFF_MIN_MS);
	assert_int_equal(th_count("/v1/cases"), 2);
	THReq r;
	char h[64];
	assert_true(th_last("/v1/cases", &r));
	assert_string_equal(th_header(&r, "Idempotency-Key", h, sizeof h), key);
	assert_int_equal(CS.ncases, 1);
	assert_string_equal(CS.bodies[0], r.body);
}

/* The answer is lost and the client dies: the store is closed and opened
 * again; the row is still there with its key, and sending it again gives
 * the very same case (replayed), never a second one. */
static void test_restart_same_key_one_case(void **state)
{
	char id[24], key[37];
	CS.lose_next = 1;
	queue_one("赵六", id, key);
	outbox_kick();
	wait_event(OB_RETRY, 5000);
	assert_int_equal(CS.ncases, 1);
	/* "kill -9": forget everything in memory. */
	outbox_stop();
	local_close();
	app.outbox_waiting = 0;
	OutboxItem *it = row_of(id);
	assert_non_null(it);
	assert_string_equal(it->key, key);
	outbox_item_free(it);
	/* The next start: back online, everything waiting goes at once. */
	app.online = false;
	outbox_on_model(CH_ONLINE);
	assert_int_equal(app.outbox_waiting, 1);
	assert_false(app.outbox_sending); /* offline: nothing is sent */
	app.online = true;
	outbox_on_model(CH_ONLINE);
	assert_true(app.outbox_sending);
	wait_event(OB_DELIVERED, 5000);
	assert_true(E.last_replayed);
	assert_string_equal(E.last_case, "XH01-20261124-0001");
	assert_int_equal(CS.ncases, 1);
	Draft *d = drafts_get(local_store(), id);
	assert_int_equal(d->state, DRAFT_SUBMITTED);
	draft_free(d);
}

/* Three rows: one request at a time, oldest first, each with its key. */
static void test_one_at_a_time_in_order(void **state)
{
	char id[3][24], key[3][37];
	static const char *const names[] = {"甲", "乙", "丙"};
	for (int i = 0; i < 3; i++) {
		queue_one(names[i], id[i], key[i]);
		usleep(2000); /* distinct queued_at */
	}
	CS.slow_ms = 100;
	for (int i = 0; i < 3; i++) {
		outbox_kick();
		outbox_send_now(id[2]);
	}
	for (int i = 0; i < 3; i++)
		wait_event(OB_DELIVERED, 5000);
	assert_int_equal(CS.max_active, 1);
	assert_int_equal(th_count("/v1/cases"), 3);
	assert_int_equal(CS.ncases, 3);
	/* The oldest went at once; then the one asked for now; then the rest. */
	assert_non_null(strstr(CS.bodies[0], "甲"));
	assert_non_null(strstr(CS.bodies[1], "丙"));
	assert_non_null(strstr(CS.bodies[2], "乙"));
	assert_int_equal(app.outbox_waiting, 0);
}

/* A flush tries each row once whatever its backoff, and ends. */
static void test_flush(void **state)
{
	char id[2][24], key[2][37];
	queue_one("甲", id[0], key[0]);
	queue_one("乙", id[1], key[1]);
	assert_true(outbox_attempt_failed(local_store(), id[0], 503, "later", wall_ms() + 60000));
	assert_true(outbox_attempt_failed(local_store(), id[1], 503, "later", wall_ms() + 60000));
	app.online = false; /* the events stream is down; a flush asks anyway */
	CS.fail_next = 1;
	bool done = false;
	outbox_flush(on_flushed, &done);
	unsigned t = loop_timer_add(5000, on_timeout, NULL);
	while (!done)
		assert_int_equal(loop_run(), 0);
	loop_timer_cancel(t);
	assert_int_equal(th_count("/v1/cases"), 2);
	assert_int_equal(E.retry, 1);
	assert_int_equal(E.delivered, 1);
	assert_int_equal(outbox_count(local_store()), 1);
	assert_int_equal(app.outbox_waiting, 1);
	/* No session: nothing can be tried, it ends at once. */
	app.logged_in = false;
	done = false;
	outbox_flush(on_flushed, &done);
	assert_true(done);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_delivered, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_retry_backoff_same_key, setup, teardown),
		cmocka_unit_test_setup_teardown(test_restart_same_key_one_case, setup, teardown),
		cmocka_unit_test_setup_teardown(test_one_at_a_time_in_order, setup, teardown),
		cmocka_unit_test_setup_teardown(test_flush, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
