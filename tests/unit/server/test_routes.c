/* test_routes: path routing (parameters, 404 vs 405 with Allow), options and problem slugs. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "server/options.h"
#include "server/problem.h"
#include "server/routes.h"
#include "server/validate.h"

struct match {
	enum route_match rc;
	const struct route *r;
	const char *params[HTTP_MAX_PARAMS];
	int n;
	char scratch[256];
	char allow[64];
};

static struct match *match(const char *method, const char *path)
{
	static struct match m;
	memset(&m, 0, sizeof m);
	m.rc = routes_match(method, path, &m.r, m.params, &m.n, m.scratch, m.allow, sizeof m.allow);
	return &m;
}

static void test_fixed_paths(void **state)
{
	(void)state;
	struct match *m = match("GET", "/v1/queue");
	assert_int_equal(m->rc, ROUTE_FOUND);
	assert_ptr_equal(m->r->fn, route_queue_get);
	assert_int_equal(m->n, 0);
	assert_false(m->r->flags & ROUTE_PUBLIC);
	m = match("GET", "/v1/health");
	assert_int_equal(m->rc, ROUTE_FOUND);
	assert_true(m->r->flags & ROUTE_PUBLIC);
	m = match("POST", "/v1/auth/login");
	assert_ptr_equal(m->r->fn, route_login);
	assert_true(m->r->flags & ROUTE_IDEM);
	assert_string_equal(m->r->idem_field, "username");
}

static void test_parameters(void **state)
{
	(void)state;
	struct match *m = match("POST", "/v1/tickets/t-20261123-A007/transfer");
	assert_int_equal(m->rc, ROUTE_FOUND);
	assert_ptr_equal(m->r->fn, route_ticket_action);
	assert_int_equal(m->n, 1);
	assert_string_equal(m->params[0], "t-20261123-A007");
	m = match("GET", "/v1/assist/sessions/s9/messages");
	assert_int_equal(m->rc, ROUTE_FOUND);
	assert_ptr_equal(m->r->fn, route_later);
	assert_string_equal(m->params[0], "s9");
	m = match("GET", "/v1/people/310101199001011234");
	assert_string_equal(m->params[0], "310101199001011234");
}

/* A known path with the wrong method is 405 with every method it has. */
static void test_method_not_allowed(void **state)
{
	(void)state;
	struct match *m = match("GET", "/v1/tickets/x/recall");
	assert_int_equal(m->rc, ROUTE_NO_METHOD);
	assert_string_equal(m->allow, "POST");
	m = match("DELETE", "/v1/assist/sessions/s1/messages");
	assert_int_equal(m->rc, ROUTE_NO_METHOD);
	assert_string_equal(m->allow, "GET, POST");
	m = match("PUT", "/v1/cases");
	assert_string_equal(m->allow, "POST, GET");
	m = match("POST", "/v1/events");
	assert_string_equal(m->allow, "GET");
}

static void test_not_found(void **state)
{
	(void)state;
	const char *paths[] = { "/v1/nope", "/v1/queue/", "/v1/tickets//recall", "/v1/tickets/x/recall/x",
				"/v1/tickets/x", "/v2/queue", "", "/", "/v1/queuex" };
	for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
		struct match *m = match("GET", paths[i]);
		if (m->rc != ROUTE_NO_PATH)
			fail_msg("%s matched", paths[i]);
		m = match("POST", paths[i]);
		assert_int_equal(m->rc, ROUTE_NO_PATH);
	}
}

/* Every later endpoint of the design answers 501, behind a token. */
static void test_later_routes(void **state)
{
	(void)state;
	size_t n;
	const struct route *t = routes_table(&n);
	int later = 0;
	for (size_t i = 0; i < n; i++) {
		if (t[i].fn != route_later)
			continue;
		later++;
		assert_false(t[i].flags & ROUTE_PUBLIC);
	}
	assert_int_equal(later, 6); /* remote assistance */
	const struct route *r;
	const char *params[HTTP_MAX_PARAMS];
	int np;
	char scratch[64];
	assert_int_equal(routes_match("GET", "/v1/kb/changes", &r, params, &np, scratch, NULL, 0), ROUTE_FOUND);
	assert_ptr_equal(r->fn, route_kb_changes);
	assert_false(r->flags & ROUTE_PUBLIC);
}

/* --demo-scale takes 0 to 1,000,000 articles; -1 means not given. */
static void test_demo_scale_option(void **state)
{
	(void)state;
	struct options o;
	char err[256];
	char *none[] = { "yichuangd", NULL };
	assert_int_equal(options_parse(1, none, &o, err, sizeof err), 0);
	assert_int_equal(o.demo_scale, -1);
	char *ok[] = { "yichuangd", "--demo-scale", "100000", NULL };
	assert_int_equal(options_parse(3, ok, &o, err, sizeof err), 0);
	assert_int_equal(o.demo_scale, 100000);
	char *big[] = { "yichuangd", "--demo-scale", "1000001", NULL };
	assert_int_equal(options_parse(3, big, &o, err, sizeof err), -1);
	char *bad[] = { "yichuangd", "--demo-scale", "10k", NULL };
	assert_int_equal(options_parse(3, bad, &o, err, sizeof err), -1);
	assert_non_null(strstr(err, "--demo-scale"));
}

static void test_options(void **state)
{
	(void)state;
	struct options o;
	char err[256];
	char *ok[] = { "yichuangd", "--listen", "[::1]:0", "--db", "x.db", "--demo", "--demo-rate", "0",
		       "--heartbeat", "0.5", NULL };
	assert_int_equal(options_parse(10, ok, &o, err, sizeof err), 0);
	assert_string_equal(o.host, "::1");
	assert_string_equal(o.port, "0");
	assert_string_equal(o.db, "x.db");
	assert_true(o.demo);
	assert_true(o.demo_rate == 0);
	assert_true(o.heartbeat == 0.5);
	char *def[] = { "yichuangd", NULL };
	assert_int_equal(options_parse(1, def, &o, err, sizeof err), 0);
	assert_string_equal(o.host, "127.0.0.1");
	assert_string_equal(o.port, "8470");
	assert_true(o.demo_rate == 45);
	assert_true(o.heartbeat == 15);
	char *bad[][3] = {
		{ "yichuangd", "--listen", "8470" },       { "yichuangd", "--listen", "1.2.3.4:99999" },
		{ "yichuangd", "--listen", "::1:80" },     { "yichuangd", "--heartbeat", "0" },
		{ "yichuangd", "--demo-rate", "-1" },      { "yichuangd", "--demo-rate", "fast" },
		{ "yichuangd", "--frobnicate", "x" },
		{ "yichuangd", "--delay", "people" },      { "yichuangd", "--delay", "people=-5" },
		{ "yichuangd", "--delay", "weather=200" }, { "yichuangd", "--delay", "people=200x" },
		{ "yichuangd", "--faults", "POST /v1/cases" }, { "yichuangd", "--faults", "/v1/cases=200" },
		{ "yichuangd", "--faults", "/v1/cases=500x0" }, { "yichuangd", "--faults", "v1/cases=500" },
		{ "yichuangd", "--faults", "/v1/x=delay:abc" }, { "yichuangd", "--faults", "" },
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char *argv[4] = { bad[i][0], bad[i][1], bad[i][2], NULL };
		err[0] = '\0';
		if (options_parse(3, argv, &o, err, sizeof err) != -1)
			fail_msg("accepted %s %s", bad[i][1], bad[i][2]);
		assert_true(err[0] != '\0');
	}
	char *missing[] = { "yichuangd", "--db", NULL };
	assert_int_equal(options_parse(2, missing, &o, err, sizeof err), -1);
}

static void test_problem_and_text(void **state)
{
	(void)state;
	assert_int_equal(problem_status("ticket-state"), 409);
	assert_int_equal(problem_status("account-locked"), 423);
	assert_int_equal(problem_status("idempotency-key-reuse"), 422);
	assert_int_equal(problem_status("no-such-slug"), 500);
	cJSON *p = problem_new("queue-empty", "/v1/queue/call-next", "nobody\x1b[2J waits");
	assert_string_equal(cJSON_GetObjectItem(p, "type")->valuestring, "/problems/queue-empty");
	assert_int_equal(cJSON_GetObjectItem(p, "status")->valueint, 404);
	assert_null(strchr(cJSON_GetObjectItem(p, "detail")->valuestring, '\x1b'));
	cJSON_Delete(p);
	size_t chars;
	assert_true(text_valid("需社保 ok", false, &chars));
	assert_int_equal(chars, 6);
	assert_false(text_valid("bad\xff", false, NULL));
	assert_false(text_valid("bell\a", true, NULL));
	assert_true(text_valid("two\nlines", true, NULL));
	assert_false(text_valid("two\nlines", false, NULL));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fixed_paths),
		cmocka_unit_test(test_parameters),
		cmocka_unit_test(test_method_not_allowed),
		cmocka_unit_test(test_not_found),
		cmocka_unit_test(test_later_routes),
		cmocka_unit_test(test_options),
		cmocka_unit_test(test_demo_scale_option),
		cmocka_unit_test(test_problem_and_text),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
