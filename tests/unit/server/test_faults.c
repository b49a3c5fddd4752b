/* test_faults: the --faults rule syntax and matching (methods, patterns, counts, lost answers, field errors), and the --delay syntax. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>

#include "server/faults.h"
#include "server/shared.h"

static int reset(void **state)
{
	(void)state;
	faults_clear();
	return 0;
}

/* Nothing fails unless a rule says so. */
static void test_none(void **state)
{
	(void)state;
	assert_false(faults_active());
	assert_int_equal(faults_match("POST", "/v1/cases").kind, FAULT_NONE);
}

/* A counted rule fails the next COUNT matching requests only. */
static void test_counted(void **state)
{
	(void)state;
	char err[256];
	assert_int_equal(faults_add("POST /v1/cases=500x1", err, sizeof err), 0);
	assert_true(faults_active());
	assert_int_equal(faults_match("GET", "/v1/cases").kind, FAULT_NONE);         /* other method */
	assert_int_equal(faults_match("POST", "/v1/cases/X/payment").kind, FAULT_NONE); /* other path */
	struct fault_hit h = faults_match("POST", "/v1/cases");
	assert_int_equal(h.kind, FAULT_STATUS);
	assert_int_equal(h.status, 500);
	assert_int_equal(faults_match("POST", "/v1/cases").kind, FAULT_NONE); /* used up */
}

/* Patterns, any method, always; the first rule with uses left wins. */
static void test_patterns(void **state)
{
	(void)state;
	char err[256];
	assert_int_equal(faults_add("GET /v1/credit/*=503,/v1/people/*=reset", err, sizeof err), 0);
	assert_int_equal(faults_add("GET /v1/proofs=delay:250x2,GET /v1/proofs=404", err, sizeof err), 0);
	for (int i = 0; i < 3; i++) {
		struct fault_hit h = faults_match("GET", "/v1/credit/310104197705189604");
		assert_int_equal(h.kind, FAULT_STATUS);
		assert_int_equal(h.status, 503);
	}
	assert_int_equal(faults_match("GET", "/v1/credit").kind, FAULT_NONE);
	assert_int_equal(faults_match("DELETE", "/v1/people/x").kind, FAULT_RESET);
	struct fault_hit h = faults_match("GET", "/v1/proofs");
	assert_int_equal(h.kind, FAULT_DELAY);
	assert_int_equal(h.delay_ms, 250);
	assert_int_equal(faults_match("GET", "/v1/proofs").kind, FAULT_DELAY);
	h = faults_match("GET", "/v1/proofs");
	assert_int_equal(h.kind, FAULT_STATUS);
	assert_int_equal(h.status, 404);
	faults_clear();
	assert_false(faults_active());
	assert_int_equal(faults_match("GET", "/v1/credit/x").kind, FAULT_NONE);
}

/* "lost" runs the request and drops the answer; STATUS@FIELD names a field. */
static void test_lost_and_field(void **state)
{
	(void)state;
	char err[256];
	assert_int_equal(faults_add("POST /v1/cases=lostx1,POST /v1/cases=422@form.values.applicant.phonex2", err,
				    sizeof err), 0);
	assert_int_equal(faults_match("POST", "/v1/cases").kind, FAULT_LOST);
	for (int i = 0; i < 2; i++) {
		struct fault_hit h = faults_match("POST", "/v1/cases");
		assert_int_equal(h.kind, FAULT_STATUS);
		assert_int_equal(h.status, 422);
		assert_string_equal(h.field, "form.values.applicant.phone");
	}
	assert_int_equal(faults_match("POST", "/v1/cases").kind, FAULT_NONE);
	/* Without a count, always; an x inside the field is part of it. */
	assert_int_equal(faults_add("/v1/x=400@box.tax_id,/v1/y=lost,/v1/z=500", err, sizeof err), 0);
	for (int i = 0; i < 3; i++) {
		struct fault_hit h = faults_match("GET", "/v1/x");
		assert_int_equal(h.kind, FAULT_STATUS);
		assert_int_equal(h.status, 400);
		assert_string_equal(h.field, "box.tax_id");
		assert_int_equal(faults_match("GET", "/v1/y").kind, FAULT_LOST);
	}
	struct fault_hit h = faults_match("GET", "/v1/z");
	assert_int_equal(h.status, 500);
	assert_string_equal(h.field, "");
}

static void test_bad_rules(void **state)
{
	(void)state;
	static const char *const bad[] = {
		"", ",", "POST /v1/cases", "/v1/cases=200", "/v1/cases=600", "/v1/cases=500x0", "/v1/cases=500x",
		"v1/cases=500", "post /v1/cases=500", "GET  /v1/x=500", "/v1/x=delay:", "/v1/x=delay:abc",
		"/v1/x=reboot", "/v1/x=delay:700000", "/v1/x=lostx0", "/v1/x=lost:1", "/v1/x=422@", "/v1/x=@a",
		"/v1/x=200@a", "/v1/x=422@a b", "/v1/x=422@a\tb", "/v1/x=422@ax0", "/v1/x=resetx",
	};
	char err[256];
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		err[0] = '\0';
		if (faults_add(bad[i], err, sizeof err) == 0)
			fail_msg("accepted '%s'", bad[i]);
		assert_true(err[0] != '\0');
	}
	assert_false(faults_active());
}

static void test_delay_syntax(void **state)
{
	(void)state;
	char err[256];
	assert_int_equal(shared_delay_parse("people=200,entities=200,licenses=200,credit=200,proofs=200", err, sizeof err), 0);
	for (int s = 0; s < SRC__COUNT; s++)
		assert_int_equal(shared_delay_ms((enum shared_src)s), 200);
	assert_int_equal(shared_delay_parse("credit=50", err, sizeof err), 0);
	assert_int_equal(shared_delay_ms(SRC_CREDIT), 50);
	assert_int_equal(shared_delay_ms(SRC_PEOPLE), 0); /* each spec starts from none */
	static const char *const bad[] = { "people", "people=", "people=-1", "weather=10", "people=10,", "people=1e3",
					   "people=10x" };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		if (shared_delay_parse(bad[i], err, sizeof err) == 0 && strcmp(bad[i], "people=10,") != 0)
			fail_msg("accepted '%s'", bad[i]);
	assert_int_equal(shared_delay_parse("", err, sizeof err), 0);
	assert_int_equal(shared_delay_ms(SRC_CREDIT), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_none, reset),
		cmocka_unit_test_setup(test_counted, reset),
		cmocka_unit_test_setup(test_patterns, reset),
		cmocka_unit_test_setup(test_lost_and_field, reset),
		cmocka_unit_test_setup(test_bad_rules, reset),
		cmocka_unit_test(test_delay_syntax),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
