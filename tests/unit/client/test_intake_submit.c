/* test_intake_submit: one idempotency key per intake, kept in the outbox
 * of a real local store: a double press sends once, a retry after a 500 or
 * a lost answer sends the same body with the same key (the server makes
 * one case), a refusal starts afresh with a new key, offline the
 * submission is queued (durable, nothing sent) and goes when the server is
 * back, and the case body follows the contract. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdint.h>

#include "client/api.h"
#include "client/app.h"
#include "client/intake.h"
#include "client/drafts.h"
#include "client/local.h"
#include "client/loop.h"
#include "client/outbox.h"
#include "common/jsonx.h"
#include "tests/unit/client/intake_fixtures.h"
#include "tests/unit/client/kb_fixtures.h"
#include "tests/unit/client/case_server.h"


static Ticket ticket;
static int answers, oks;

static void on_done(bool ok, void *ud)
{
	answers++;
	oks += ok;
	loop_quit(0);
}

static void on_timeout(void *ud)
{
	loop_quit(99);
}

static void wait_answer(void)
{
	unsigned t = loop_timer_add(5000, on_timeout, NULL);
	assert_int_equal(loop_run(), 0);
	loop_timer_cancel(t);
}

static int setup(void **state)
{
	if (fx_mkdir() != 0)
		return -1;
	setenv("XDG_DATA_HOME", fx_dir, 1);
	loop_init();
	int port = th_start(cs_handler, NULL);
	if (port <= 0)
		return -1;
	char base[64];
	snprintf(base, sizeof base, "http://127.0.0.1:%d", port);
	ApiOptions o = {NULL, 1500, 1000};
	api_init(base, &o);
	free(app.server);
	app.server = strdup(base);
	free(app.cfg.username);
	app.cfg.username = strdup("clerk01");
	app.logged_in = app.online = true;
	cs_reset();
	answers = oks = 0;
	memset(&ticket, 0, sizeof ticket);
	ticket.id = "t-20261123-A007";
	ticket.number = "A007";
	app.current = NULL; /* no lookups: the body is all that matters here */
	return 0;
}

static int teardown(void **state)
{
	intake_end();
	outbox_stop();
	local_close();
	app.current = NULL;
	app.logged_in = app.online = false;
	api_shutdown();
	th_stop();
	fx_rmdir();
	return 0;
}

/* An intake with the fixture form, filled and every material handed in. */
static Intake *ready_intake(void)
{
	Intake *in = intake_start(FX_ID);
	free(in->ticket_id);
	in->ticket_id = strdup("t-20261123-A007");
	assert_true(fx_choose(in));
	assert_int_equal(forms_set_text(in->form, "applicant.name", "王小明", NULL), FORMS_OK);
	assert_int_equal(forms_set_text(in->form, "applicant.id_number", FX_ID, NULL), FORMS_OK);
	assert_int_equal(forms_set_text(in->form, "applicant.phone", "13812345678", NULL), FORMS_OK);
	intake_mat_all_received(in);
	return in;
}

static void test_bookkeeping(void **state)
{
	Submission s;
	memset(&s, 0, sizeof s);
	const char *b1 = submission_begin(&s, "{\"a\":1}");
	assert_non_null(b1);
	char key[37];
	snprintf(key, sizeof key, "%s", s.key);
	assert_int_equal(strlen(key), 36);
	/* In flight: nothing more is sent. */
	assert_null(submission_begin(&s, "{\"a\":2}"));
	/* A 500: the same body and key next time, whatever changed since. */
	submission_answer(&s, 500, NULL, "The server failed", false);
	assert_int_equal(s.state, SUB_UNKNOWN);
	const char *b2 = submission_begin(&s, "{\"a\":3}");
	assert_string_equal(b2, "{\"a\":1}");
	assert_string_equal(s.key, key);
	assert_int_equal(s.attempts, 2);
	/* Queued in the outbox (offline): the same key and body again. */
	s.state = SUB_QUEUED;
	assert_string_equal(submission_begin(&s, "{\"a\":9}"), "{\"a\":1}");
	assert_string_equal(s.key, key);
	/* No answer at all: the same. */
	submission_answer(&s, 0, NULL, "offline", false);
	assert_string_equal(submission_begin(&s, "{\"a\":4}"), "{\"a\":1}");
	assert_string_equal(s.key, key);
	/* A refusal: nothing was made; the next try is new. */
	cJSON *e = cJSON_Parse("{\"errors\":[{\"field\":\"x\",\"code\":\"required\",\"message\":\"m\"}]}");
	submission_answer(&s, 422, e, "refused", false);
	cJSON_Delete(e);
	assert_int_equal(s.state, SUB_REFUSED);
	assert_int_equal(cJSON_GetArraySize(s.errors), 1);
	assert_string_equal(submission_begin(&s, "{\"a\":5}"), "{\"a\":5}");
	assert_string_not_equal(s.key, key);
	assert_int_equal(s.attempts, 1);
	/* 501 is a definite no as well. */
	submission_begin(&s, "{\"a\":5}");
	submission_answer(&s, 501, NULL, "not available", false);
	assert_int_equal(s.state, SUB_REFUSED);
	submission_begin(&s, "{\"a\":5}");
	/* Done: never again. */
	cJSON *c = cJSON_Parse("{\"number\":\"N1\"}");
	submission_answer(&s, 201, c, NULL, true);
	cJSON_Delete(c);
	assert_int_equal(s.state, SUB_DONE);
	assert_true(s.replayed);
	assert_null(submission_begin(&s, "{\"a\":6}"));
	submission_free(&s);
}

static void test_double_press_one_case(void **state)
{
	Intake *in = ready_intake();
	assert_true(intake_submit(in, on_done, NULL));
	assert_false(intake_submit(in, on_done, NULL)); /* pressed again at once */
	wait_answer();
	assert_int_equal(answers, 1);
	assert_int_equal(oks, 1);
	assert_int_equal(in->sub.state, SUB_DONE);
	assert_string_equal(json_str(in->sub.created, "number", ""), "XH01-20261124-0001");
	assert_false(intake_submit(in, on_done, NULL)); /* after success */
	assert_int_equal(th_count("/v1/cases"), 1);
	assert_int_equal(CS.ncases, 1);
}

static void test_retry_after_500(void **state)
{
	Intake *in = ready_intake();
	CS.fail_next = 1;
	assert_true(intake_submit(in, on_done, NULL));
	wait_answer();
	assert_int_equal(oks, 0);
	assert_int_equal(in->sub.state, SUB_UNKNOWN);
	assert_int_equal(in->sub.status, 500);
	char key[37];
	snprintf(key, sizeof key, "%s", in->sub.key);
	/* The clerk changes nothing but presses again. */
	assert_true(intake_submit(in, on_done, NULL));
	wait_answer();
	assert_int_equal(oks, 1);
	assert_int_equal(CS.ncases, 1);
	THReq r;
	char h[64];
	assert_true(th_last("/v1/cases", &r));
	assert_string_equal(th_header(&r, "Idempotency-Key", h, sizeof h), key);
}

static void test_lost_answer_replayed(void **state)
{
	Intake *in = ready_intake();
	CS.lose_next = 1;
	assert_true(intake_submit(in, on_done, NULL));
	wait_answer();
	assert_int_equal(in->sub.state, SUB_UNKNOWN);
	assert_int_equal(CS.ncases, 1); /* it was made */
	/* Even with the form changed meanwhile, the retry is the same request. */
	forms_set_text(in->form, "applicant.address", "别处", NULL);
	assert_true(intake_submit(in, on_done, NULL));
	wait_answer();
	assert_int_equal(in->sub.state, SUB_DONE);
	assert_true(in->sub.replayed);
	assert_int_equal(CS.ncases, 1);
	assert_string_equal(json_str(in->sub.created, "number", ""), "XH01-20261124-0001");
}

static void test_refused_then_new_key(void **state)
{
	Intake *in = ready_intake();
	CS.refuse_next = 1;
	assert_true(intake_submit(in, on_done, NULL));
	wait_answer();
	assert_int_equal(in->sub.state, SUB_REFUSED);
	assert_non_null(in->sub.errors);
	THReq r;
	char k1[64], k2[64];
	assert_true(th_last("/v1/cases", &r));
	th_header(&r, "Idempotency-Key", k1, sizeof k1);
	assert_true(intake_submit(in, on_done, NULL));
	wait_answer();
	assert_int_equal(in->sub.state, SUB_DONE);
	assert_true(th_last("/v1/cases", &r));
	th_header(&r, "Idempotency-Key", k2, sizeof k2);
	assert_string_not_equal(k1, k2);
	assert_int_equal(CS.ncases, 1);
}

/* Offline: queued in the store (key and body) and nothing sent; back
 * online, the outbox sends it by itself and the intake gets its case. */
static void test_offline_queued_then_sent(void **state)
{
	Intake *in = ready_intake();
	app.online = false;
	assert_true(intake_submit(in, on_done, NULL));
	assert_int_equal(in->sub.state, SUB_QUEUED);
	assert_int_equal(th_count("/v1/cases"), 0);
	size_t n = 0;
	OutboxItem **v = outbox_list(local_store(), &n);
	assert_int_equal(n, 1);
	assert_string_equal(v[0]->draft_id, in->draft_id);
	assert_string_equal(v[0]->key, in->sub.key);
	assert_string_equal(v[0]->body, in->sub.body);
	outbox_list_free(v, n);
	Draft *d = drafts_get(local_store(), in->draft_id);
	assert_int_equal(d->state, DRAFT_QUEUED);
	draft_free(d);
	/* F10 again while offline: still queued, still one row. */
	assert_true(intake_submit(in, on_done, NULL));
	assert_int_equal(in->sub.state, SUB_QUEUED);
	assert_int_equal(outbox_count(local_store()), 1);
	app.online = true;
	outbox_on_model(CH_ONLINE);
	wait_answer();
	assert_int_equal(oks, 1);
	assert_int_equal(in->sub.state, SUB_DONE);
	assert_int_equal(CS.ncases, 1);
	THReq r;
	char h[64];
	assert_true(th_last("/v1/cases", &r));
	assert_string_equal(th_header(&r, "Idempotency-Key", h, sizeof h), in->sub.key);
	d = drafts_get(local_store(), in->draft_id);
	assert_int_equal(d->state, DRAFT_SUBMITTED);
	assert_string_equal(d->case_number, "XH01-20261124-0001");
	draft_free(d);
	assert_int_equal(outbox_count(local_store()), 0);
}

/* After a 500 the outbox sends it again by itself (after the backoff),
 * with the same key: the intake gets its case without a second press. */
static void test_retried_by_itself(void **state)
{
	Intake *in = ready_intake();
	CS.fail_next = 1;
	assert_true(intake_submit(in, on_done, NULL));
	wait_answer();
	assert_int_equal(in->sub.state, SUB_UNKNOWN);
	unsigned t = loop_timer_add(6000, on_timeout, NULL);
	assert_int_equal(loop_run(), 0); /* the callback again, with the case */
	loop_timer_cancel(t);
	assert_int_equal(in->sub.state, SUB_DONE);
	assert_int_equal(in->sub.attempts, 2);
	assert_int_equal(th_count("/v1/cases"), 2);
	assert_int_equal(CS.ncases, 1);
}

/* A store that cannot be written (here: query_only; a full disk is the
 * same to this code): the submission cannot be queued, so nothing is sent
 * (never a case the outbox does not know of); writable again, it goes. */
static void test_store_failure_sends_nothing(void **state)
{
	Intake *in = ready_intake();
	assert_int_equal(sqlite3_exec(store_db(local_store()), "PRAGMA query_only=1", NULL, NULL, NULL), SQLITE_OK);
	assert_false(intake_submit(in, on_done, NULL));
	assert_int_equal(in->sub.state, SUB_NONE);
	assert_non_null(in->sub.message);
	assert_non_null(strstr(in->sub.message, "nothing was sent"));
	assert_int_equal(outbox_count(local_store()), 0);
	assert_int_equal(sqlite3_exec(store_db(local_store()), "PRAGMA query_only=0", NULL, NULL, NULL), SQLITE_OK);
	unsigned t = loop_timer_add(300, on_timeout, NULL);
	loop_run(); /* nothing arrives */
	loop_timer_cancel(t);
	assert_int_equal(th_count("/v1/cases"), 0);
	assert_int_equal(answers, 0);
	assert_true(intake_submit(in, on_done, NULL));
	wait_answer();
	assert_int_equal(in->sub.state, SUB_DONE);
	assert_int_equal(CS.ncases, 1);
}

static void test_case_body(void **state)
{
	Intake *in = ready_intake();
	/* The deferrable one deferred, one by e-license is impossible here
	 * (no licenses): everything else received. */
	cJSON *b = intake_case_body(in);
	assert_string_equal(json_str(b, "ticket_id", ""), "t-20261123-A007");
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(b, "bundle_id")));
	assert_string_equal(cJSON_GetArrayItem(json_arr(b, "matters"), 0)->valuestring, "310104-000112-001");
	const cJSON *a = json_obj(b, "applicant");
	assert_string_equal(json_str(a, "kind", ""), "person");
	assert_string_equal(json_str(a, "id_type", ""), "resident_id");
	assert_string_equal(json_str(a, "id_number", ""), FX_ID);
	assert_string_equal(json_str(a, "name", ""), "王小明");
	assert_string_equal(json_str(a, "phone", ""), "13812345678");
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(b, "agent")));
	const cJSON *f = json_obj(b, "form");
	assert_string_equal(json_str(cJSON_GetArrayItem(json_arr(f, "forms"), 0), "id", ""), "residence-permit");
	assert_string_equal(json_str(json_obj(f, "values"), "applicant.name", ""), "王小明");
	assert_non_null(json_arr(b, "overrides"));
	assert_string_equal(json_str(json_obj(b, "delivery"), "method", ""), "window");
	/* Every (matter, material) reported; the conditional ones not needed. */
	const cJSON *m;
	int n = 0, na = 0, sub = 0;
	cJSON_ArrayForEach(m, json_arr(b, "materials")) {
		n++;
		assert_string_equal(json_str(m, "matter_code", ""), "310104-000112-001");
		const char *st = json_str(m, "status", "");
		na += strcmp(st, "not_applicable") == 0;
		if (strcmp(st, "submitted") == 0) {
			sub++;
			assert_non_null(json_str(m, "form", NULL));
			assert_true(json_long(m, "copies", 0) >= 1);
		}
	}
	assert_int_equal(n, 6);
	assert_int_equal(na, 2);
	assert_int_equal(sub, 4);
	cJSON_Delete(b);
}

int main(void)
{
	setenv("TZ", "UTC", 1);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bookkeeping),
		cmocka_unit_test_setup_teardown(test_double_press_one_case, setup, teardown),
		cmocka_unit_test_setup_teardown(test_retry_after_500, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lost_answer_replayed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refused_then_new_key, setup, teardown),
		cmocka_unit_test_setup_teardown(test_offline_queued_then_sent, setup, teardown),
		cmocka_unit_test_setup_teardown(test_retried_by_itself, setup, teardown),
		cmocka_unit_test_setup_teardown(test_store_failure_sends_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_case_body, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
