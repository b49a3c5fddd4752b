/* test_api: the REST client against a tiny real HTTP server on 127.0.0.1:
 * JSON, problem+json, malformed and cut answers, timeouts, cancel,
 * idempotency keys, and the 401 → refresh → retry path. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <regex.h>
#include <stdint.h>

#include "client/api.h"
#include "client/loop.h"
#include "common/jsonx.h"
#include "tests/unit/client/tinyhttp.h"

/* What the server answers, by path. */
static void handler(int fd, const THReq *r, void *ud)
{
	char auth[256], buf[10000];
	th_header(r, "Authorization", auth, sizeof auth);
	if (strcmp(r->path, "/v1/ok") == 0) {
		th_reply(fd, 200, "application/json", "", "{\"hello\":\"\\u4e16\\u754c\",\"n\":1}");
	} else if (strcmp(r->path, "/v1/problem") == 0) {
		th_reply(fd, 409, "application/problem+json", "",
			 "{\"type\":\"/problems/ticket-state\",\"title\":\"Conflict\",\"status\":409,"
			 "\"detail\":\"ticket A007 is \\u001b[31mheld\\u001b[0m\\u202e\"}");
	} else if (strcmp(r->path, "/v1/malformed") == 0) {
		th_reply(fd, 200, "application/json", "", "{\"items\":[1,2");
	} else if (strcmp(r->path, "/v1/close") == 0) {
		/* Close without a word. */
	} else if (strcmp(r->path, "/v1/cut") == 0) {
		const char *h = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"a\":";
		th_send(fd, h, strlen(h));
	} else if (strcmp(r->path, "/v1/html") == 0) {
		th_reply(fd, 502, "text/html", "", "<html><body>Bad gateway</body></html>");
	} else if (strcmp(r->path, "/v1/empty") == 0) {
		th_reply(fd, 204, "application/json", "", "");
	} else if (strcmp(r->path, "/v1/locked") == 0) {
		th_reply(fd, 423, "application/problem+json", "Retry-After: 600\r\n",
			 "{\"type\":\"/problems/account-locked\",\"title\":\"Locked\",\"status\":423,"
			 "\"locked_until\":\"2026-11-23T08:10:00Z\"}");
	} else if (strcmp(r->path, "/v1/slow") == 0) {
		usleep(2000 * 1000);
		th_reply(fd, 200, "application/json", "", "{}");
	} else if (strcmp(r->path, "/v1/echo") == 0) {
		char key[128], ct[128];
		th_header(r, "Idempotency-Key", key, sizeof key);
		th_header(r, "Content-Type", ct, sizeof ct);
		snprintf(buf, sizeof buf, "{\"key\":\"%s\",\"ct\":\"%s\",\"body\":%s}", key, ct,
			 r->body[0] ? r->body : "null");
		th_reply(fd, 201, "application/json", "Idempotent-Replayed: true\r\n", buf);
	} else if (strcmp(r->path, "/v1/secure") == 0) {
		if (strcmp(auth, "Bearer new-access") == 0)
			th_reply(fd, 200, "application/json", "", "{\"ok\":true}");
		else
			th_reply(fd, 401, "application/problem+json", "",
				 "{\"type\":\"/problems/unauthorized\",\"title\":\"Unauthorized\",\"status\":401}");
	} else if (strcmp(r->path, "/v1/auth/refresh") == 0) {
		usleep(50 * 1000); /* long enough for the other 401s to queue up */
		cJSON *j = cJSON_Parse(r->body);
		const char *rt = json_str(j, "refresh_token", "");
		if (strcmp(rt, "r1") == 0)
			th_reply(fd, 200, "application/json", "",
				 "{\"access_token\":\"new-access\",\"token_type\":\"Bearer\",\"expires_in\":900,"
				 "\"refresh_token\":\"r2\",\"refresh_expires_in\":2592000,"
				 "\"staff\":{\"id\":\"s-clerk01\",\"username\":\"clerk01\"}}");
		else
			th_reply(fd, 401, "application/problem+json", "",
				 "{\"type\":\"/problems/unauthorized\",\"title\":\"Unauthorized\",\"status\":401}");
		cJSON_Delete(j);
	} else if (strcmp(r->path, "/v1/events") == 0) {
		const char *h = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n\r\n"
				": hi\n\nid: 6\nevent: ticket.issued\ndata: {\"n\":6}\n\n";
		th_send(fd, h, strlen(h));
	} else {
		th_reply(fd, 404, "application/problem+json", "",
			 "{\"type\":\"/problems/not-found\",\"title\":\"Not found\",\"status\":404}");
	}
}

/* One finished request, copied out of the callback. */
typedef struct Got {
	int calls;
	long status;
	char error[256], problem[64], message[256];
	bool has_error, has_problem, has_message, replayed;
	long retry_after;
	time_t date;
	char *json;
} Got;

static void on_answer(const ApiResponse *r, void *ud)
{
	Got *g = ud;
	g->calls++;
	g->status = r->status;
	g->has_error = r->error != NULL;
	g->has_problem = r->problem != NULL;
	g->has_message = r->message != NULL;
	snprintf(g->error, sizeof g->error, "%s", r->error ? r->error : "");
	snprintf(g->problem, sizeof g->problem, "%s", r->problem ? r->problem : "");
	snprintf(g->message, sizeof g->message, "%s", r->message ? r->message : "");
	g->replayed = r->replayed;
	g->retry_after = r->retry_after;
	g->date = r->server_date;
	g->json = r->json ? json_print(r->json) : NULL;
	loop_quit(0);
}

static void got_free(Got *g)
{
	free(g->json);
}

static void on_timeout(void *ud)
{
	loop_quit(99);
}

/* Run the loop until one answer (or 10 s). */
static void wait_answer(void)
{
	unsigned t = loop_timer_add(10000, on_timeout, NULL);
	assert_int_not_equal(loop_run(), 99);
	loop_timer_cancel(t);
}

static char base[64];

static int setup(void **state)
{
	loop_init();
	int port = th_start(handler, NULL);
	if (port <= 0)
		return -1;
	snprintf(base, sizeof base, "http://127.0.0.1:%d/", port);
	ApiOptions o = { NULL, 5000, 2000 };
	api_init(base, &o);
	return 0;
}

static int teardown(void **state)
{
	api_shutdown();
	th_stop();
	return 0;
}

static void test_json_ok(void **state)
{
	Got g = {0};
	api_request("GET", "/v1/ok", NULL, NULL, on_answer, &g);
	wait_answer();
	assert_int_equal(g.calls, 1);
	assert_int_equal(g.status, 200);
	assert_false(g.has_error);
	assert_false(g.has_problem);
	assert_false(g.has_message);
	assert_string_equal(g.json, "{\"hello\":\"世界\",\"n\":1}");
	char want[64];
	snprintf(want, sizeof want, "%.*s", (int)strlen(base) - 1, base); /* no trailing / */
	assert_string_equal(api_base_url(), want);
	THReq r;
	assert_true(th_last("/v1/ok", &r));
	char h[128];
	assert_non_null(strstr(th_header(&r, "Accept", h, sizeof h), "application/json"));
	assert_string_equal(th_header(&r, "Authorization", h, sizeof h), ""); /* no token yet */
	assert_string_equal(th_header(&r, "Idempotency-Key", h, sizeof h), ""); /* GET */
	got_free(&g);
}

static void test_problem(void **state)
{
	Got g = {0};
	api_request("GET", "/v1/problem", NULL, NULL, on_answer, &g);
	wait_answer();
	assert_int_equal(g.status, 409);
	assert_false(g.has_error);
	assert_string_equal(g.problem, "ticket-state");
	/* The escape sequences and the bidi override are gone. */
	assert_string_equal(g.message, "ticket A007 is held");
	assert_non_null(g.json);
	got_free(&g);

	Got n = {0};
	api_request("GET", "/v1/nowhere", NULL, NULL, on_answer, &n);
	wait_answer();
	assert_int_equal(n.status, 404);
	assert_string_equal(n.problem, "not-found");
	assert_string_equal(n.message, "Not found"); /* title when no detail */
	got_free(&n);
}

static void test_malformed(void **state)
{
	Got g = {0};
	api_request("GET", "/v1/malformed", NULL, NULL, on_answer, &g);
	wait_answer();
	assert_int_equal(g.status, 200);
	assert_null(g.json);
	assert_string_equal(g.error, "malformed answer from the server");
	assert_string_equal(g.message, g.error);
	got_free(&g);

	Got h = {0};
	api_request("GET", "/v1/html", NULL, NULL, on_answer, &h);
	wait_answer();
	assert_int_equal(h.status, 502);
	assert_null(h.json);
	assert_false(h.has_error); /* not JSON and not claimed to be */
	assert_string_equal(h.message, "the server answered with HTTP status 502");
	got_free(&h);

	Got e = {0};
	api_request("GET", "/v1/empty", NULL, NULL, on_answer, &e);
	wait_answer();
	assert_int_equal(e.status, 204);
	assert_false(e.has_error);
	assert_null(e.json);
	got_free(&e);
}

static void test_transport_errors(void **state)
{
	Got g = {0};
	api_request("GET", "/v1/close", NULL, NULL, on_answer, &g);
	wait_answer();
	assert_int_equal(g.status, 0);
	assert_non_null(strstr(g.error, "closed the connection without answering"));
	assert_string_equal(g.message, g.error);
	got_free(&g);

	Got c = {0};
	api_request("GET", "/v1/cut", NULL, NULL, on_answer, &c);
	wait_answer();
	assert_int_equal(c.status, 0);
	assert_true(c.has_error);
	got_free(&c);

	/* Nobody listening. */
	int s = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	bind(s, (struct sockaddr *)&a, sizeof a);
	socklen_t al = sizeof a;
	getsockname(s, (struct sockaddr *)&a, &al);
	char url[64];
	snprintf(url, sizeof url, "http://127.0.0.1:%d", ntohs(a.sin_port));
	api_init(url, &(ApiOptions){ NULL, 5000, 2000 });
	Got r = {0};
	api_request("GET", "/v1/ok", NULL, NULL, on_answer, &r);
	wait_answer();
	close(s);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.error, "cannot connect to the server"));
	got_free(&r);

	/* Not http(s). */
	api_init("gopher://127.0.0.1:1", NULL);
	Got p = {0};
	api_request("GET", "/v1/ok", NULL, NULL, on_answer, &p);
	wait_answer();
	assert_int_equal(p.status, 0);
	assert_true(p.has_error);
	got_free(&p);
}

static void test_timeout_and_cancel(void **state)
{
	api_init(base, &(ApiOptions){ NULL, 300, 300 });
	Got g = {0};
	int64_t t0 = loop_now();
	api_request("GET", "/v1/slow", NULL, NULL, on_answer, &g);
	wait_answer();
	assert_int_equal(g.status, 0);
	assert_non_null(strstr(g.error, "did not answer in time"));
	assert_true(loop_now() - t0 < 1500);
	got_free(&g);

	api_init(base, &(ApiOptions){ NULL, 5000, 2000 });
	Got c = {0};
	unsigned h = api_request("GET", "/v1/slow", NULL, NULL, on_answer, &c);
	api_cancel(h);
	assert_int_equal(c.calls, 0); /* never inline */
	wait_answer();
	assert_int_equal(c.calls, 1);
	assert_int_equal(c.status, 0);
	assert_string_equal(c.error, "cancelled");
	api_cancel(h); /* twice: nothing */
	got_free(&c);
}

static void test_post_keys_and_bodies(void **state)
{
	regex_t uuid;
	assert_int_equal(regcomp(&uuid, "^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$",
				 REG_EXTENDED | REG_NOSUB), 0);
	cJSON *body = cJSON_CreateObject();
	cJSON_AddStringToObject(body, "category", "B");
	Got g = {0};
	api_request("POST", "/v1/echo", body, NULL, on_answer, &g);
	cJSON_Delete(body); /* serialized at once: may go now */
	wait_answer();
	assert_int_equal(g.status, 201);
	assert_true(g.replayed);
	cJSON *j = cJSON_Parse(g.json);
	assert_int_equal(regexec(&uuid, json_str(j, "key", ""), 0, NULL, 0), 0);
	assert_string_equal(json_str(j, "ct", ""), "application/json");
	assert_string_equal(json_str(json_obj(j, "body"), "category", ""), "B");
	cJSON_Delete(j);
	got_free(&g);

	/* A given key is sent as is; no body means no content type. */
	Got k = {0};
	api_request("POST", "/v1/echo", NULL, "my-key-1", on_answer, &k);
	wait_answer();
	j = cJSON_Parse(k.json);
	assert_string_equal(json_str(j, "key", ""), "my-key-1");
	assert_string_equal(json_str(j, "ct", "?"), "");
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(j, "body")));
	cJSON_Delete(j);
	got_free(&k);

	char a[37], b[37];
	api_new_key(a);
	api_new_key(b);
	assert_int_equal(regexec(&uuid, a, 0, NULL, 0), 0);
	assert_string_not_equal(a, b);
	regfree(&uuid);
}

static int tokens_calls;
static char tokens_seen[64];

static void on_tokens(const char *refresh, void *ud)
{
	tokens_calls++;
	snprintf(tokens_seen, sizeof tokens_seen, "%s", refresh ? refresh : "(null)");
}

static void test_refresh_and_retry(void **state)
{
	api_on_tokens(on_tokens, NULL);
	tokens_calls = 0;
	th_clear_log();
	api_set_tokens("old-access", "r1");
	Got g = {0};
	api_request("GET", "/v1/secure", NULL, NULL, on_answer, &g);
	wait_answer();
	assert_int_equal(g.calls, 1);
	assert_int_equal(g.status, 200);
	assert_int_equal(th_count("/v1/secure"), 2);
	assert_int_equal(th_count("/v1/auth/refresh"), 1);
	assert_int_equal(tokens_calls, 1);
	assert_string_equal(tokens_seen, "r2");
	assert_string_equal(api_refresh_token(), "r2");
	THReq r;
	char h[128];
	assert_true(th_last("/v1/auth/refresh", &r));
	assert_string_equal(th_header(&r, "Authorization", h, sizeof h), ""); /* no bearer on refresh */
	assert_non_null(strstr(r.body, "\"refresh_token\":\"r1\""));
	assert_true(th_last("/v1/secure", &r));
	assert_string_equal(th_header(&r, "Authorization", h, sizeof h), "Bearer new-access");
	got_free(&g);
	api_on_tokens(NULL, NULL);
}

static int pending;

static void on_one_of_many(const ApiResponse *r, void *ud)
{
	Got *g = ud;
	g->calls++;
	g->status = r->status;
	if (--pending == 0)
		loop_quit(0);
}

static void test_one_refresh_for_many_401s(void **state)
{
	th_clear_log();
	api_set_tokens("old-access", "r1");
	Got g[3] = {{0}};
	pending = 3;
	for (int i = 0; i < 3; i++)
		api_request("GET", "/v1/secure", NULL, NULL, on_one_of_many, &g[i]);
	wait_answer();
	for (int i = 0; i < 3; i++) {
		assert_int_equal(g[i].calls, 1);
		assert_int_equal(g[i].status, 200);
	}
	assert_int_equal(th_count("/v1/auth/refresh"), 1);
}

static void test_refresh_refused(void **state)
{
	api_on_tokens(on_tokens, NULL);
	tokens_calls = 0;
	th_clear_log();
	api_set_tokens("old-access", "stale");
	Got g = {0};
	api_request("GET", "/v1/secure", NULL, NULL, on_answer, &g);
	wait_answer();
	assert_int_equal(g.status, 401);
	assert_string_equal(g.problem, "unauthorized");
	assert_int_equal(th_count("/v1/secure"), 1);
	assert_int_equal(tokens_calls, 1);
	assert_string_equal(tokens_seen, "(null)");
	assert_null(api_refresh_token());
	got_free(&g);

	/* No tokens at all: a 401 is just delivered, no refresh tried. */
	th_clear_log();
	Got n = {0};
	api_request("GET", "/v1/secure", NULL, NULL, on_answer, &n);
	wait_answer();
	assert_int_equal(n.status, 401);
	assert_int_equal(th_count("/v1/auth/refresh"), 0);
	got_free(&n);
	api_on_tokens(NULL, NULL);
}

static void clear_tokens_now(void *ud)
{
	api_clear_tokens();
}

static void test_logout_during_refresh(void **state)
{
	/* The tokens are dropped while the refresh is on its way: its new
	 * tokens must not come back to life. */
	api_set_tokens("old-access", "r1");
	Got g = {0};
	api_request("GET", "/v1/secure", NULL, NULL, on_answer, &g);
	loop_timer_add(30, clear_tokens_now, NULL);
	wait_answer();
	assert_int_equal(g.status, 401);
	assert_int_equal(th_count("/v1/auth/refresh"), 1);
	assert_null(api_refresh_token());
	got_free(&g);
}

static void test_explicit_refresh(void **state)
{
	th_clear_log();
	api_clear_tokens();
	api_set_tokens(NULL, "r1"); /* a token from the keyring */
	Got g = {0};
	api_refresh(on_answer, &g);
	wait_answer();
	assert_int_equal(g.status, 200);
	assert_non_null(strstr(g.json, "\"staff\""));
	assert_string_equal(api_refresh_token(), "r2");
	got_free(&g);

	/* Without an access token, a request refreshes first. */
	th_clear_log();
	api_set_tokens(NULL, "r1");
	Got s = {0};
	api_request("GET", "/v1/secure", NULL, NULL, on_answer, &s);
	wait_answer();
	assert_int_equal(s.status, 200);
	assert_int_equal(th_count("/v1/secure"), 1);
	assert_int_equal(th_count("/v1/auth/refresh"), 1);
	got_free(&s);
}

static void test_retry_after_and_date(void **state)
{
	Got g = {0};
	api_request("GET", "/v1/locked", NULL, NULL, on_answer, &g);
	wait_answer();
	assert_int_equal(g.status, 423);
	assert_string_equal(g.problem, "account-locked");
	assert_int_equal(g.retry_after, 600);
	assert_int_equal(g.date, 1795420800); /* Mon, 23 Nov 2026 08:00:00 GMT */
	got_free(&g);
}

/* Stream: the opening (len 0), then bytes, then the end. */
static struct {
	int opened, bytes, done;
	long status;
	char text[512];
	bool had_error;
} S;

static void on_sdata(const char *buf, size_t len, void *ud)
{
	if (len == 0) {
		S.opened++;
		assert_int_equal(S.bytes, 0);
		return;
	}
	S.bytes += (int)len;
	size_t have = strlen(S.text);
	if (have + len < sizeof S.text)
		memcpy(S.text + have, buf, len), S.text[have + len] = '\0';
}

static void on_sdone(long status, const char *error, void *ud)
{
	S.done++;
	S.status = status;
	S.had_error = error != NULL;
	loop_quit(0);
}

static void test_stream(void **state)
{
	memset(&S, 0, sizeof S);
	api_set_tokens("new-access", "r2");
	api_stream("/v1/events", "5", on_sdata, on_sdone, NULL);
	wait_answer();
	assert_int_equal(S.opened, 1);
	assert_int_equal(S.done, 1);
	assert_int_equal(S.status, 200);
	assert_false(S.had_error);
	assert_non_null(strstr(S.text, "id: 6\nevent: ticket.issued\n"));
	THReq r;
	char h[128];
	assert_true(th_last("/v1/events", &r));
	assert_string_equal(th_header(&r, "Last-Event-ID", h, sizeof h), "5");
	assert_string_equal(th_header(&r, "Accept", h, sizeof h), "text/event-stream");
	assert_string_equal(th_header(&r, "Authorization", h, sizeof h), "Bearer new-access");

	/* A refused stream ends with its status and a reason. */
	memset(&S, 0, sizeof S);
	api_stream("/v1/problem", NULL, on_sdata, on_sdone, NULL);
	wait_answer();
	assert_int_equal(S.opened, 0);
	assert_int_equal(S.status, 409);
	assert_true(S.had_error);

	/* Cancelled: silent. */
	memset(&S, 0, sizeof S);
	unsigned h2 = api_stream("/v1/slow", NULL, on_sdata, on_sdone, NULL);
	api_cancel(h2);
	unsigned t = loop_timer_add(100, on_timeout, NULL);
	assert_int_equal(loop_run(), 99);
	loop_timer_cancel(t);
	assert_int_equal(S.done, 0);
}

int main(void)
{
	setenv("TZ", "UTC", 1);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_json_ok, setup, teardown),
		cmocka_unit_test_setup_teardown(test_problem, setup, teardown),
		cmocka_unit_test_setup_teardown(test_malformed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_transport_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_timeout_and_cancel, setup, teardown),
		cmocka_unit_test_setup_teardown(test_post_keys_and_bodies, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refresh_and_retry, setup, teardown),
		cmocka_unit_test_setup_teardown(test_one_refresh_for_many_401s, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refresh_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_explicit_refresh, setup, teardown),
		cmocka_unit_test_setup_teardown(test_logout_during_refresh, setup, teardown),
		cmocka_unit_test_setup_teardown(test_retry_after_and_date, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stream, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
