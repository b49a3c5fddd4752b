/* test_idem: Idempotency-Key replay, reuse with another payload, running claims, expiry and key syntax. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "server/idem.h"
#include "server/store.h"

static char g_dir[256];
static char g_db[300];
static const int64_t T0 = 1795000000;

static int setup(void **state)
{
	(void)state;
	const char *tmp = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
	snprintf(g_dir, sizeof g_dir, "%s/ycd-idem-XXXXXX", tmp);
	if (!mkdtemp(g_dir))
		return -1;
	snprintf(g_db, sizeof g_db, "%s/i.db", g_dir);
	char err[256];
	return store_global_open(g_db, err, sizeof err);
}

static int teardown(void **state)
{
	(void)state;
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

static void fp(const char *body, char out[IDEM_FP_LEN + 1])
{
	idem_fingerprint("POST", "/v1/queue/tickets", body, strlen(body), out);
}

/* Same key and payload: the first answer comes back, byte for byte. */
static void test_replay(void **state)
{
	(void)state;
	struct store *st = store_thread();
	char f[IDEM_FP_LEN + 1];
	fp("{\"category\":\"A\"}", f);
	struct idem_record rec;
	assert_int_equal(idem_begin(st, "s-clerk01", "k1", f, T0, &rec), IDEM_NEW);
	const char *body = "{\"id\":\"t-20261123-A007\"}";
	assert_int_equal(idem_finish(st, "s-clerk01", "k1", 201, "application/json", body, strlen(body), 0), 0);
	assert_int_equal(idem_begin(st, "s-clerk01", "k1", f, T0 + 60, &rec), IDEM_REPLAY);
	assert_int_equal(rec.status, 201);
	assert_string_equal(rec.content_type, "application/json");
	assert_int_equal(rec.body_len, strlen(body));
	assert_memory_equal(rec.body, body, strlen(body));
	store_idem_free(&rec);
	/* The same key of another staff is another key. */
	assert_int_equal(idem_begin(st, "s-clerk02", "k1", f, T0, &rec), IDEM_NEW);
}

/* Same key, other payload (or other path): refused. */
static void test_reuse(void **state)
{
	(void)state;
	struct store *st = store_thread();
	char f1[IDEM_FP_LEN + 1], f2[IDEM_FP_LEN + 1], f3[IDEM_FP_LEN + 1];
	fp("{\"category\":\"A\"}", f1);
	fp("{\"category\":\"B\"}", f2);
	idem_fingerprint("POST", "/v1/queue/call-next", "{\"category\":\"A\"}", 16, f3);
	assert_string_not_equal(f1, f2);
	assert_string_not_equal(f1, f3);
	struct idem_record rec;
	assert_int_equal(idem_begin(st, "s", "k", f1, T0, &rec), IDEM_NEW);
	assert_int_equal(idem_finish(st, "s", "k", 201, "application/json", "{}", 2, 0), 0);
	assert_int_equal(idem_begin(st, "s", "k", f2, T0, &rec), IDEM_MISMATCH);
	assert_int_equal(idem_begin(st, "s", "k", f3, T0, &rec), IDEM_MISMATCH);
}

/* While the first request runs, a retry waits its turn (409); a claim
 * that a crash left behind frees itself. An abort frees the key. */
static void test_busy_stale_abort(void **state)
{
	(void)state;
	struct store *st = store_thread();
	char f[IDEM_FP_LEN + 1];
	fp("{}", f);
	struct idem_record rec;
	assert_int_equal(idem_begin(st, "s", "k", f, T0, &rec), IDEM_NEW);
	assert_int_equal(idem_begin(st, "s", "k", f, T0 + 1, &rec), IDEM_BUSY);
	assert_int_equal(idem_begin(st, "s", "k", f, T0 + IDEM_STALE + 1, &rec), IDEM_NEW);
	idem_abort(st, "s", "k");
	assert_int_equal(idem_begin(st, "s", "k", f, T0 + IDEM_STALE + 2, &rec), IDEM_NEW);
}

/* Kept 30 days, then the key is new again; purge drops old ones. */
static void test_expiry(void **state)
{
	(void)state;
	struct store *st = store_thread();
	char f[IDEM_FP_LEN + 1], g[IDEM_FP_LEN + 1];
	fp("{}", f);
	fp("[]", g);
	struct idem_record rec;
	assert_int_equal(idem_begin(st, "s", "k", f, T0, &rec), IDEM_NEW);
	idem_finish(st, "s", "k", 200, "application/json", "{}", 2, 0);
	assert_int_equal(idem_begin(st, "s", "k", f, T0 + IDEM_TTL - 1, &rec), IDEM_REPLAY);
	store_idem_free(&rec);
	assert_int_equal(idem_begin(st, "s", "k", g, T0 + IDEM_TTL + 1, &rec), IDEM_NEW);
	assert_int_equal(idem_begin(st, "s", "old", f, T0, &rec), IDEM_NEW);
	assert_int_equal(idem_purge(st, T0 + IDEM_TTL + 10), 0);
	assert_int_equal(idem_begin(st, "s", "old", g, T0 + IDEM_TTL + 10, &rec), IDEM_NEW);
}

/* Token pairs are never written down: only their session is. */
static void test_session_marker(void **state)
{
	(void)state;
	struct store *st = store_thread();
	char f[IDEM_FP_LEN + 1];
	fp("{\"username\":\"clerk01\",\"password\":\"demo\"}", f);
	struct idem_record rec;
	assert_int_equal(idem_begin(st, "login", "L1", f, T0, &rec), IDEM_NEW);
	const char *secret = "{\"access_token\":\"SECRET\"}";
	idem_finish(st, "login", "L1", 200, "application/json", secret, strlen(secret), 42);
	assert_int_equal(idem_begin(st, "login", "L1", f, T0, &rec), IDEM_REPLAY);
	assert_int_equal(rec.session_id, 42);
	assert_null(rec.body);
	store_idem_free(&rec);
}

/* Keys: 1..200 printable ASCII; kept answers: outcomes, not refusals. */
static void test_key_syntax_and_storable(void **state)
{
	(void)state;
	char k200[201], k201[202];
	memset(k200, 'a', 200);
	k200[200] = '\0';
	memset(k201, 'a', 201);
	k201[201] = '\0';
	assert_true(idem_key_valid("550e8400-e29b-41d4-a716-446655440000"));
	assert_true(idem_key_valid("a b~"));
	assert_true(idem_key_valid(k200));
	assert_false(idem_key_valid(k201));
	assert_false(idem_key_valid(""));
	assert_false(idem_key_valid(NULL));
	assert_false(idem_key_valid("tab\there"));
	assert_false(idem_key_valid("中文"));
	assert_true(idem_storable(200));
	assert_true(idem_storable(201));
	assert_true(idem_storable(409));
	assert_true(idem_storable(404));
	assert_false(idem_storable(422));
	assert_false(idem_storable(401));
	assert_false(idem_storable(500));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_replay, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reuse, setup, teardown),
		cmocka_unit_test_setup_teardown(test_busy_stale_abort, setup, teardown),
		cmocka_unit_test_setup_teardown(test_expiry, setup, teardown),
		cmocka_unit_test_setup_teardown(test_session_marker, setup, teardown),
		cmocka_unit_test_setup_teardown(test_key_syntax_and_storable, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
