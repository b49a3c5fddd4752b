/* test_http_intake: the real HTTP server in-process — purpose refusal and audit rows, idempotent case creation, --faults and --delay. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>

#include "demo_hall.h"
#include "server/faults.h"
#include "server/http.h"
#include "server/listener.h"
#include "server/park.h"
#include "server/shared.h"
#include "common/jsonx.h"
#include "common/timefmt.h"
#include "common/xalloc.h"

static struct demo_world W;
static int g_port;
static char g_token[128];

/* One answer: status, the headers as text, the body parsed (may be NULL). */
struct answer {
	int status;
	char head[2048];
	cJSON *json;
	bool closed_early; /* the server dropped the connection without an answer */
};

/* One request over a fresh connection (Connection: close). extra is more
 * header lines ("Name: value\r\n"). */
static struct answer http(const char *method, const char *path, const char *extra, const char *body)
{
	struct answer a = { 0 };
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons((uint16_t)g_port) };
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(connect(fd, (struct sockaddr *)&sa, sizeof sa), 0);
	char *req = xasprintf("%s %s HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nAuthorization: Bearer %s\r\n"
			      "%s%s%zu\r\n\r\n%s",
			      method, path, g_token, extra ? extra : "",
			      body ? "Content-Type: application/json\r\nContent-Length: " : "Content-Length: ",
			      body ? strlen(body) : 0, body ? body : "");
	size_t off = 0, len = strlen(req);
	while (off < len) {
		ssize_t w = write(fd, req + off, len - off);
		assert_true(w > 0);
		off += (size_t)w;
	}
	free(req);
	char *buf = NULL;
	size_t n = 0, cap = 0;
	for (;;) {
		if (n + 4096 > cap)
			buf = xrealloc(buf, cap = cap ? cap * 2 : 8192);
		ssize_t r = read(fd, buf + n, cap - n - 1);
		if (r <= 0)
			break;
		n += (size_t)r;
	}
	close(fd);
	if (!buf || n == 0) {
		a.closed_early = true;
		free(buf);
		return a;
	}
	buf[n] = '\0';
	sscanf(buf, "HTTP/1.1 %d", &a.status);
	char *sep = strstr(buf, "\r\n\r\n");
	if (sep) {
		snprintf(a.head, sizeof a.head, "%.*s", (int)(sep - buf), buf);
		a.json = cJSON_Parse(sep + 4);
	}
	free(buf);
	return a;
}

static int setup(void **state)
{
	(void)state;
	signal(SIGPIPE, SIG_IGN);
	demo_world_make(&W, DEMO_WORLD_SEED);
	if (hall_open("http") != 0)
		return -1;
	char addr[128], err[256];
	int fd = listener_open("127.0.0.1", "0", addr, sizeof addr, err, sizeof err);
	if (fd < 0)
		return -1;
	g_port = atoi(strrchr(addr, ':') + 1);
	struct http_config hc = { .listen_fd = fd, .threads = 2, .conn_limit = 64, .heartbeat = 15 };
	if (park_start() != 0 || http_start(&hc) != 0)
		return -1;
	g_token[0] = '\0';
	struct answer a = http("POST", "/v1/auth/login", NULL, "{\"username\":\"clerk01\",\"password\":\"demo\"}");
	snprintf(g_token, sizeof g_token, "%s", json_str(a.json, "access_token", ""));
	cJSON_Delete(a.json);
	return g_token[0] ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	park_stop();
	http_stop();
	demo_world_free(&W);
	hall_close();
	return 0;
}

/* The newest audit rows of a subject (as the supervisor would read them). */
static int audit_rows(const char *subject, struct audit_rec *out, int max)
{
	return store_audit_list(store_thread(), subject, NULL, 0, out, max);
}

/* No purpose, no data; the refusal and each lookup are audited. */
static void test_purpose_and_audit(void **state)
{
	(void)state;
	const char *id = W.people[0].id;
	char path[96];
	snprintf(path, sizeof path, "/v1/people/%s", id);
	struct answer a = http("GET", path, NULL, NULL);
	assert_int_equal(a.status, 422);
	assert_string_equal(json_str(a.json, "type", ""), "/problems/purpose-required");
	assert_null(cJSON_GetObjectItem(a.json, "name"));
	cJSON_Delete(a.json);
	struct audit_rec rows[8];
	int n = audit_rows(id, rows, 8);
	assert_int_equal(n, 1);
	assert_string_equal(rows[0].result, "refused");
	assert_string_equal(rows[0].purpose_kind, "");
	assert_string_equal(rows[0].staff_id, "s-clerk01");
	assert_int_equal(rows[0].status, 422);

	a = http("GET", path, "X-Ticket: t-20261124-A005\r\n", NULL);
	assert_int_equal(a.status, 200);
	assert_string_equal(json_str(a.json, "name", ""), W.people[0].name);
	assert_string_equal(json_str(a.json, "source", ""), "上海市人口综合库");
	assert_true(cJSON_IsString(cJSON_GetObjectItem(a.json, "as_of")));
	cJSON_Delete(a.json);
	n = audit_rows(id, rows, 8);
	assert_int_equal(n, 2);
	assert_string_equal(rows[0].result, "found");
	assert_string_equal(rows[0].source, "people");
	assert_string_equal(rows[0].purpose_kind, "ticket");
	assert_string_equal(rows[0].purpose, "t-20261124-A005");
	assert_int_equal(rows[0].count, 1);
	assert_true(rows[0].at >= hall_noon(0) - 86400 * 365);

	/* A malformed purpose is refused as invalid, and so is a wrong check digit. */
	a = http("GET", path, "X-Case: not a case\r\n", NULL);
	assert_int_equal(a.status, 422);
	assert_string_equal(json_str(cJSON_GetArrayItem(json_arr(a.json, "errors"), 0), "field", ""), "X-Case");
	cJSON_Delete(a.json);
	char bad[24];
	snprintf(bad, sizeof bad, "%s", id);
	bad[17] = bad[17] == '0' ? '1' : '0';
	snprintf(path, sizeof path, "/v1/credit/%s", bad);
	a = http("GET", path, "X-Case: XH01-20261124-0001\r\n", NULL);
	assert_int_equal(a.status, 422);
	const cJSON *e = cJSON_GetArrayItem(json_arr(a.json, "errors"), 0);
	assert_string_equal(json_str(e, "code", ""), "check_digit");
	cJSON_Delete(a.json);
	n = audit_rows(bad, rows, 8);
	assert_int_equal(n, 1);
	assert_string_equal(rows[0].result, "invalid");
	assert_string_equal(rows[0].source, "credit");
}

/* Idempotency-Key: required; a retry replays the first case; another body
 * with the key is refused; one case exists in the end. */
static void test_idempotent_case(void **state)
{
	(void)state;
	cJSON *b = hall_permit_case(&W);
	char *body = cJSON_PrintUnformatted(b);
	struct answer a = http("POST", "/v1/cases", NULL, body);
	assert_int_equal(a.status, 422);
	assert_string_equal(json_str(cJSON_GetArrayItem(json_arr(a.json, "errors"), 0), "field", ""), "Idempotency-Key");
	cJSON_Delete(a.json);

	a = http("POST", "/v1/cases", "Idempotency-Key: once-1\r\n", body);
	assert_int_equal(a.status, 201);
	char number[40], pw[16];
	snprintf(number, sizeof number, "%s", json_str(a.json, "number", ""));
	snprintf(pw, sizeof pw, "%s", json_str(a.json, "query_password", ""));
	assert_non_null(strstr(a.head, "Location: /v1/cases/"));
	assert_null(strstr(a.head, "Idempotent-Replayed"));
	cJSON_Delete(a.json);

	a = http("POST", "/v1/cases", "Idempotency-Key: once-1\r\n", body);
	assert_int_equal(a.status, 201);
	assert_non_null(strstr(a.head, "Idempotent-Replayed: true"));
	assert_string_equal(json_str(a.json, "number", ""), number);
	assert_string_equal(json_str(a.json, "query_password", ""), pw);
	cJSON_Delete(a.json);

	cJSON_AddStringToObject(b, "note", "另一份");
	char *other = cJSON_PrintUnformatted(b);
	a = http("POST", "/v1/cases", "Idempotency-Key: once-1\r\n", other);
	assert_int_equal(a.status, 422);
	assert_string_equal(json_str(a.json, "type", ""), "/problems/idempotency-key-reuse");
	cJSON_Delete(a.json);

	struct case_filter f = { .q = W.people[0].id };
	struct case_rec recs[8];
	int n = store_cases_find(store_thread(), &f, recs, 8);
	assert_int_equal(n, 1);
	assert_string_equal(recs[0].number, number);
	store_case_free(&recs[0]);
	free(other);
	free(body);
	cJSON_Delete(b);
}

/* A submission that fails with 500 (--faults) changes nothing; its retry
 * with the same key makes the one case. A reset drops the connection. */
static void test_faults(void **state)
{
	(void)state;
	char err[256];
	assert_int_equal(faults_add("POST /v1/cases=500x1,GET /v1/entities/*=reset", err, sizeof err), 0);
	cJSON *b = hall_permit_case(&W);
	cJSON_AddStringToObject(b, "note", "faults");
	char *body = cJSON_PrintUnformatted(b);
	struct case_filter f = { .q = W.people[0].id };
	struct case_rec recs[8];
	int before = store_cases_find(store_thread(), &f, recs, 8);
	for (int i = 0; i < before; i++)
		store_case_free(&recs[i]);
	struct answer a = http("POST", "/v1/cases", "Idempotency-Key: fault-1\r\n", body);
	assert_int_equal(a.status, 500);
	assert_string_equal(json_str(a.json, "type", ""), "/problems/internal");
	cJSON_Delete(a.json);
	int n = store_cases_find(store_thread(), &f, recs, 8);
	assert_int_equal(n, before);
	for (int i = 0; i < n; i++)
		store_case_free(&recs[i]);
	a = http("POST", "/v1/cases", "Idempotency-Key: fault-1\r\n", body);
	assert_int_equal(a.status, 201);
	assert_null(strstr(a.head, "Idempotent-Replayed"));
	cJSON_Delete(a.json);
	n = store_cases_find(store_thread(), &f, recs, 8);
	assert_int_equal(n, before + 1);
	for (int i = 0; i < n; i++)
		store_case_free(&recs[i]);
	char path[64];
	snprintf(path, sizeof path, "/v1/entities/%s", W.entities[0].uscc);
	a = http("GET", path, "X-Ticket: t-20261124-A005\r\n", NULL);
	assert_true(a.closed_early);
	faults_clear();
	a = http("GET", path, "X-Ticket: t-20261124-A005\r\n", NULL);
	assert_int_equal(a.status, 200);
	cJSON_Delete(a.json);
	free(body);
	cJSON_Delete(b);
}

/* --delay holds a source's answers without holding the other sources. */
static void test_delay(void **state)
{
	(void)state;
	char err[256];
	assert_int_equal(shared_delay_parse("people=300", err, sizeof err), 0);
	char path[96];
	snprintf(path, sizeof path, "/v1/people/%s", W.people[0].id);
	int64_t t0 = time_mono_ms();
	struct answer a = http("GET", path, "X-Ticket: t-20261124-A005\r\n", NULL);
	int64_t slow = time_mono_ms() - t0;
	assert_int_equal(a.status, 200);
	cJSON_Delete(a.json);
	snprintf(path, sizeof path, "/v1/credit/%s", W.people[0].id);
	t0 = time_mono_ms();
	a = http("GET", path, "X-Ticket: t-20261124-A005\r\n", NULL);
	int64_t fast = time_mono_ms() - t0;
	assert_int_equal(a.status, 200);
	cJSON_Delete(a.json);
	shared_delay_parse("", err, sizeof err);
	assert_true(slow >= 290);
	assert_true(fast < 250);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_purpose_and_audit),
		cmocka_unit_test(test_idempotent_case),
		cmocka_unit_test(test_faults),
		cmocka_unit_test(test_delay),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
