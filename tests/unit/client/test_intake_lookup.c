/* test_intake_lookup: the five shared-data lookups against a tiny real
 * HTTP server: all sent at once with the ticket as purpose, each source's
 * state on its own (a slow one and a failing one hold up nothing), records
 * prefilled into the form as they arrive, retries of failed sources only,
 * no lookups without a purpose, late answers of an ended intake dropped. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdint.h>

#include "client/api.h"
#include "client/app.h"
#include "client/intake.h"
#include "client/loop.h"
#include "common/jsonx.h"
#include "tests/unit/client/intake_fixtures.h"
#include "tests/unit/client/tinyhttp.h"

static volatile int credit_calls;

static void handler(int fd, const THReq *r, void *ud)
{
	if (strncmp(r->path, "/v1/people/", 11) == 0) {
		usleep(300 * 1000); /* the slow source */
		if (strstr(r->path, FX_ID))
			th_reply(fd, 200, "application/json", "", fx_person);
		else
			th_reply(fd, 404, "application/problem+json", "",
				 "{\"type\":\"/problems/not-found\",\"title\":\"Not found\",\"status\":404}");
	} else if (strncmp(r->path, "/v1/licenses?", 13) == 0) {
		th_reply(fd, 200, "application/json", "", fx_licenses);
	} else if (strncmp(r->path, "/v1/credit/", 11) == 0) {
		if (__atomic_add_fetch(&credit_calls, 1, __ATOMIC_SEQ_CST) == 1)
			th_reply(fd, 500, "application/problem+json", "",
				 "{\"type\":\"/problems/internal\",\"title\":\"Internal\",\"status\":500,\"detail\":\"credit down\"}");
		else
			th_reply(fd, 200, "application/json", "", fx_credit_black);
	} else if (strncmp(r->path, "/v1/proofs?", 11) == 0) {
		th_reply(fd, 200, "application/json", "", "{\"items\":[],\"next_cursor\":null}");
	} else {
		th_reply(fd, 404, "application/problem+json", "",
			 "{\"type\":\"/problems/not-found\",\"title\":\"Not found\",\"status\":404}");
	}
}

static Ticket ticket;

static int setup(void **state)
{
	loop_init();
	int port = th_start(handler, NULL);
	if (port <= 0)
		return -1;
	char base[64];
	snprintf(base, sizeof base, "http://127.0.0.1:%d", port);
	ApiOptions o = {NULL, 5000, 2000};
	api_init(base, &o);
	credit_calls = 0;
	memset(&ticket, 0, sizeof ticket);
	ticket.id = "t-20261123-A007";
	ticket.number = "A007";
	app.current = &ticket;
	return 0;
}

static int teardown(void **state)
{
	intake_end();
	app.current = NULL;
	api_shutdown();
	th_stop();
	return 0;
}

/* Quit the loop when no lookup is loading any more. */
static void poll_done(void *ud)
{
	Intake *in = intake_current();
	if (!in || intake_lookups_pending(in) == 0)
		loop_quit(0);
	else
		loop_timer_add(5, poll_done, NULL);
}

static void on_timeout(void *ud)
{
	loop_quit(99);
}

static void run_until_done(void)
{
	unsigned t = loop_timer_add(5000, on_timeout, NULL);
	loop_timer_add(5, poll_done, NULL);
	assert_int_equal(loop_run(), 0);
	loop_timer_cancel(t);
}

static void test_parallel_states(void **state)
{
	Intake *in = intake_start(FX_ID);
	assert_non_null(in);
	assert_false(in->entity);
	/* Everything that applies is asked at once. */
	assert_int_equal(intake_lookups_pending(in), 4);
	assert_int_equal(in->lk[SRC_ENTITY].state, LK_NA);
	assert_non_null(in->lk[SRC_ENTITY].error);
	/* The form exists before the slow person record arrives. */
	assert_true(fx_choose(in));
	assert_null(forms_get(in->form, "applicant.name"));
	int64_t t0 = loop_now();
	run_until_done();
	assert_int_equal(in->lk[SRC_PERSON].state, LK_FOUND);
	assert_int_equal(in->lk[SRC_LICENSES].state, LK_FOUND);
	assert_int_equal(in->lk[SRC_CREDIT].state, LK_FAILED);
	assert_string_equal(in->lk[SRC_CREDIT].error, "credit down");
	assert_int_equal(in->lk[SRC_PROOFS].state, LK_NOT_FOUND);
	/* The failing and the empty sources were done long before the slow one. */
	assert_true(in->lk[SRC_CREDIT].done_ms < in->lk[SRC_PERSON].done_ms - 150);
	assert_true(in->lk[SRC_PROOFS].done_ms < in->lk[SRC_PERSON].done_ms - 150);
	/* In parallel: the whole took about the slow one's time, not the sum. */
	assert_true(loop_now() - t0 < 1000);
	/* Provenance noted, strings cleaned (no escape sequence). */
	assert_string_equal(in->lk[SRC_PERSON].source, "上海市人口综合库");
	assert_string_equal(json_str(in->lk[SRC_PERSON].doc, "name", ""), "王小明");
	/* Prefilled into the form as it arrived, locked with its source. */
	const cJSON *name = forms_get(in->form, "applicant.name");
	assert_non_null(name);
	assert_string_equal(name->valuestring, "王小明");
	assert_true(forms_locked(in->form, "applicant.name"));
	assert_string_equal(forms_provenance(in->form, "applicant.phone")->source, "上海市人口综合库");
	assert_true(in->prefilled >= 3);
	/* The e-license satisfies its material; the expired one does not. */
	int seen = 0;
	for (size_t i = 0; i < in->n_mat; i++) {
		if (strcmp(in->mat[i].name, "申请人有效身份证件") == 0) {
			assert_int_equal(in->mat[i].status, MS_ELICENSE);
			assert_string_equal(in->mat[i].license_id, "lic-1");
			seen++;
		}
		if (strcmp(in->mat[i].name, "居民户口簿") == 0) {
			assert_int_equal(in->mat[i].status, MS_MISSING);
			seen++;
		}
	}
	assert_int_equal(seen, 2);
	/* Every request stated the ticket as its purpose. */
	THReq r;
	char h[128];
	assert_true(th_last("/v1/people/" FX_ID, &r));
	assert_string_equal(th_header(&r, "X-Ticket", h, sizeof h), "t-20261123-A007");
	assert_int_equal(th_count("/v1/licenses?holder=" FX_ID "&limit=200"), 1);
	assert_int_equal(th_count("/v1/entities/*"), 0);
	assert_string_equal(intake_applicant_name(in), "王小明");
	assert_int_equal(intake_credit_warnings(in), 0);
}

static void test_retry_only_failed(void **state)
{
	Intake *in = intake_start(FX_ID);
	run_until_done();
	assert_int_equal(in->lk[SRC_CREDIT].state, LK_FAILED);
	int people = th_count("/v1/people/*");
	intake_lookups_start(in, true);
	assert_int_equal(in->lk[SRC_CREDIT].state, LK_LOADING);
	assert_int_equal(intake_lookups_pending(in), 1);
	run_until_done();
	assert_int_equal(th_count("/v1/people/*"), people); /* not asked again */
	assert_int_equal(in->lk[SRC_CREDIT].state, LK_FOUND);
	assert_int_equal(intake_credit_warnings(in), 1);
}

static void test_entity_and_not_found(void **state)
{
	Intake *in = intake_start(FX_USCC);
	assert_true(in->entity);
	assert_int_equal(in->lk[SRC_PERSON].state, LK_NA);
	assert_int_equal(in->lk[SRC_ENTITY].state, LK_LOADING);
	run_until_done();
	assert_int_equal(in->lk[SRC_ENTITY].state, LK_NOT_FOUND);
	assert_int_equal(th_count("/v1/entities/" FX_USCC), 1);
	assert_int_equal(th_count("/v1/people/*"), 0);
}

static void test_no_purpose_no_lookup(void **state)
{
	app.current = NULL;
	Intake *in = intake_start(FX_ID);
	assert_int_equal(intake_lookups_pending(in), 0);
	for (int s = 0; s < SRC__COUNT; s++)
		assert_int_equal(in->lk[s].state, LK_NA);
	assert_null(in->ticket_id);
	unsigned t = loop_timer_add(50, on_timeout, NULL);
	assert_int_equal(loop_run(), 99);
	loop_timer_cancel(t);
	assert_int_equal(TH.nlog, 0);
}

static void test_late_answers_dropped(void **state)
{
	Intake *first = intake_start(FX_ID);
	unsigned serial = first->serial;
	intake_end();
	assert_null(intake_current());
	/* A new intake; the first one's answers (cancelled) must not land in it. */
	Intake *in = intake_start(FX_USCC);
	assert_int_not_equal(in->serial, serial);
	run_until_done();
	assert_int_equal(in->lk[SRC_PERSON].state, LK_NA);
	assert_null(in->lk[SRC_PERSON].doc);
	/* Let anything still running finish. */
	unsigned t = loop_timer_add(400, on_timeout, NULL);
	assert_int_equal(loop_run(), 99);
	loop_timer_cancel(t);
	assert_int_equal(in->lk[SRC_PERSON].state, LK_NA);
}

static void test_answer_shapes(void **state)
{
	app.current = NULL;
	Intake *in = intake_start(FX_ID);
	/* A list without items is malformed: failed, not "not found". */
	cJSON *bad = cJSON_Parse("{\"next_cursor\":null}");
	intake_lookup_answer(in, SRC_PROOFS, 200, bad, NULL);
	assert_int_equal(in->lk[SRC_PROOFS].state, LK_FAILED);
	assert_non_null(in->lk[SRC_PROOFS].error);
	cJSON_Delete(bad);
	/* A transport failure keeps the reason given. */
	intake_lookup_answer(in, SRC_CREDIT, 0, NULL, "offline (connection refused)");
	assert_int_equal(in->lk[SRC_CREDIT].state, LK_FAILED);
	assert_string_equal(in->lk[SRC_CREDIT].error, "offline (connection refused)");
	/* 404 is not found, whatever the body. */
	intake_lookup_answer(in, SRC_PERSON, 404, NULL, NULL);
	assert_int_equal(in->lk[SRC_PERSON].state, LK_NOT_FOUND);
	/* A record arriving before any form is kept and fills it later. */
	cJSON *p = cJSON_Parse(fx_person);
	intake_lookup_answer(in, SRC_PERSON, 200, p, NULL);
	cJSON_Delete(p);
	assert_int_equal(in->lk[SRC_PERSON].state, LK_FOUND);
	assert_true(fx_choose(in));
	const cJSON *ph = forms_get(in->form, "applicant.phone");
	assert_non_null(ph);
	assert_string_equal(ph->valuestring, "13812345678");
}

int main(void)
{
	setenv("TZ", "UTC", 1);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_parallel_states, setup, teardown),
		cmocka_unit_test_setup_teardown(test_retry_only_failed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_entity_and_not_found, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_purpose_no_lookup, setup, teardown),
		cmocka_unit_test_setup_teardown(test_late_answers_dropped, setup, teardown),
		cmocka_unit_test_setup_teardown(test_answer_shapes, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
