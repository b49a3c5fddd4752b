/* test_auth: lockout per username string, token rotation, the pre-rotation access token, logout. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "server/auth.h"
#include "server/store.h"

#include <sodium.h>

static char g_dir[256];
static char g_db[300];
static const int64_t T0 = 1795000000;

/* A fresh database with one clerk whose password is "demo". */
static int setup(void **state)
{
	(void)state;
	const char *tmp = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
	snprintf(g_dir, sizeof g_dir, "%s/ycd-auth-XXXXXX", tmp);
	if (!mkdtemp(g_dir) || auth_init() != 0)
		return -1;
	snprintf(g_db, sizeof g_db, "%s/a.db", g_dir);
	char err[256];
	if (store_global_open(g_db, err, sizeof err) != 0)
		return -1;
	struct store *st = store_thread();
	struct window w = { "W01", "1号窗口", "A,B,V" };
	store_window_put(st, &w);
	struct staff s = { "s-clerk01", "clerk01", "张伟", "clerk", "W01", "" };
	if (auth_hash_password("demo", s.pwhash, sizeof s.pwhash) != 0 || store_staff_put(st, &s) != STORE_OK)
		return -1;
	auth_cache_flush();
	return 0;
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

static struct login_result login(const char *user, const char *pass, int64_t now)
{
	struct login_result r;
	auth_login(store_thread(), user, pass, now, &r);
	return r;
}

/* Four failures count down, the fifth locks for 15 minutes, and the lock
 * holds even against the right password. */
static void test_lockout(void **state)
{
	(void)state;
	for (int i = 1; i <= 4; i++) {
		struct login_result r = login("clerk01", "wrong", T0 + i);
		assert_int_equal(r.rc, AUTH_INVALID);
		assert_int_equal(r.remaining, 5 - i);
	}
	struct login_result r = login("clerk01", "wrong", T0 + 5);
	assert_int_equal(r.rc, AUTH_LOCKED);
	assert_int_equal(r.locked_until, T0 + 5 + AUTH_LOCK_SECONDS);
	r = login("clerk01", "demo", T0 + 6);
	assert_int_equal(r.rc, AUTH_LOCKED);
	assert_int_equal(r.locked_until, T0 + 5 + AUTH_LOCK_SECONDS);
	r = login("clerk01", "demo", T0 + 5 + AUTH_LOCK_SECONDS);
	assert_int_equal(r.rc, AUTH_OK);
	assert_int_equal(strlen(r.tokens.access), AUTH_TOKEN_CHARS);
}

/* A success clears the count: failures must be consecutive. */
static void test_success_resets(void **state)
{
	(void)state;
	for (int i = 0; i < 4; i++)
		assert_int_equal(login("clerk01", "wrong", T0).rc, AUTH_INVALID);
	assert_int_equal(login("clerk01", "demo", T0).rc, AUTH_OK);
	struct login_result r = login("clerk01", "wrong", T0);
	assert_int_equal(r.rc, AUTH_INVALID);
	assert_int_equal(r.remaining, 4);
}

/* Usernames that do not exist are counted alike (no enumeration), and
 * each username string has its own count. */
static void test_unknown_user_counted(void **state)
{
	(void)state;
	for (int i = 1; i <= 4; i++) {
		struct login_result r = login("ghost", "x", T0);
		assert_int_equal(r.rc, AUTH_INVALID);
		assert_int_equal(r.remaining, 5 - i);
	}
	assert_int_equal(login("ghost", "x", T0).rc, AUTH_LOCKED);
	assert_int_equal(login("Ghost", "x", T0).rc, AUTH_INVALID);
	assert_int_equal(login("clerk01", "demo", T0).rc, AUTH_OK);
}

/* Refresh rotates: the old refresh token dies, the new pair works, the
 * access token of before stays good until it expires, logout ends all. */
static void test_rotation(void **state)
{
	(void)state;
	struct store *st = store_thread();
	struct login_result r = login("clerk01", "demo", T0);
	assert_int_equal(r.rc, AUTH_OK);
	struct principal who;
	assert_int_equal(auth_check(st, r.tokens.access, T0 + 1, &who), AUTH_OK);
	assert_string_equal(who.staff_id, "s-clerk01");
	assert_string_equal(who.window_id, "W01");
	assert_int_equal(auth_check(st, r.tokens.refresh, T0 + 1, &who), AUTH_UNAUTHORIZED);

	struct token_pair p2;
	assert_int_equal(auth_refresh(st, r.tokens.refresh, T0 + 10, &p2), AUTH_OK);
	assert_string_not_equal(p2.access, r.tokens.access);
	assert_string_not_equal(p2.refresh, r.tokens.refresh);
	assert_int_equal(p2.session_id, r.tokens.session_id);
	struct token_pair p3;
	assert_int_equal(auth_refresh(st, r.tokens.refresh, T0 + 11, &p3), AUTH_UNAUTHORIZED);
	assert_int_equal(auth_check(st, p2.access, T0 + 12, &who), AUTH_OK);
	assert_int_equal(auth_check(st, r.tokens.access, T0 + 12, &who), AUTH_OK);
	assert_int_equal(auth_check(st, r.tokens.access, T0 + AUTH_ACCESS_TTL, &who), AUTH_UNAUTHORIZED);
	assert_int_equal(auth_check(st, p2.access, T0 + 10 + AUTH_ACCESS_TTL, &who), AUTH_UNAUTHORIZED);

	/* A second rotation retires the first access token at once. */
	assert_int_equal(auth_refresh(st, p2.refresh, T0 + 20, &p3), AUTH_OK);
	assert_int_equal(auth_check(st, r.tokens.access, T0 + 21, &who), AUTH_UNAUTHORIZED);
	assert_int_equal(auth_check(st, p2.access, T0 + 21, &who), AUTH_OK);

	assert_int_equal(auth_check(st, p3.access, T0 + 22, &who), AUTH_OK);
	assert_int_equal(auth_logout(st, who.session_id), 0);
	assert_int_equal(auth_check(st, p3.access, T0 + 23, &who), AUTH_UNAUTHORIZED);
	assert_int_equal(auth_check(st, p2.access, T0 + 23, &who), AUTH_UNAUTHORIZED);
	assert_int_equal(auth_refresh(st, p3.refresh, T0 + 24, &p2), AUTH_UNAUTHORIZED);
	assert_int_equal(auth_remint(st, p3.session_id, T0 + 24, &p2), AUTH_UNAUTHORIZED);
}

/* A refresh token lives 30 days; only hashes are stored. */
static void test_refresh_expiry_and_hashes(void **state)
{
	(void)state;
	struct store *st = store_thread();
	struct login_result r = login("clerk01", "demo", T0);
	struct token_pair p;
	assert_int_equal(auth_refresh(st, r.tokens.refresh, T0 + AUTH_REFRESH_TTL, &p), AUTH_UNAUTHORIZED);
	unsigned char h[STORE_HASH_LEN];
	struct session ses;
	auth_token_hash(r.tokens.access, h);
	assert_int_equal(store_session_by_access(st, h, &ses), STORE_OK);
	/* Nothing in the files holds the token text itself. */
	const char *sfx[] = { "", "-wal" };
	bool seen = false;
	for (int i = 0; i < 2; i++) {
		char path[400];
		snprintf(path, sizeof path, "%s%s", g_db, sfx[i]);
		FILE *f = fopen(path, "rb");
		if (!f)
			continue;
		static char buf[4 << 20];
		size_t n = fread(buf, 1, sizeof buf, f);
		fclose(f);
		assert_true(n > 0);
		assert_null(memmem(buf, n, r.tokens.access, AUTH_TOKEN_CHARS));
		assert_null(memmem(buf, n, r.tokens.refresh, AUTH_TOKEN_CHARS));
		seen = seen || memmem(buf, n, h, STORE_HASH_LEN);
	}
	/* ...but the hash is, so the scan did look at the data. */
	assert_true(seen);
}

/* New hashes are Argon2id with the OWASP parameters (m = 19 MiB, t = 2,
 * p = 1) and verify. */
static void test_hash_parameters(void **state)
{
	(void)state;
	struct staff s;
	assert_int_equal(store_staff_by_username(store_thread(), "clerk01", &s), STORE_OK);
	assert_non_null(strstr(s.pwhash, "$argon2id$v=19$m=19456,t=2,p=1$"));
	assert_int_equal(crypto_pwhash_str_needs_rehash(s.pwhash, AUTH_PWHASH_OPSLIMIT, AUTH_PWHASH_MEMLIMIT), 0);
	assert_int_equal(login("clerk01", "demo", T0).rc, AUTH_OK);
}

/* A hash made with other parameters (libsodium's INTERACTIVE limits, the
 * earlier default) still logs in, and the right password replaces it with
 * one made with today's parameters; a wrong one leaves it alone. */
static void test_old_hash_upgraded(void **state)
{
	(void)state;
	struct store *st = store_thread();
	struct staff s;
	assert_int_equal(store_staff_by_username(st, "clerk01", &s), STORE_OK);
	assert_int_equal(crypto_pwhash_str(s.pwhash, "demo", 4, crypto_pwhash_OPSLIMIT_INTERACTIVE,
					   crypto_pwhash_MEMLIMIT_INTERACTIVE), 0);
	assert_int_equal(store_staff_put(st, &s), STORE_OK);
	char old[sizeof s.pwhash];
	memcpy(old, s.pwhash, sizeof old);
	assert_non_null(strstr(old, "$m=65536,t=2,p=1$"));

	assert_int_equal(login("clerk01", "wrong", T0).rc, AUTH_INVALID);
	assert_int_equal(store_staff_by_username(st, "clerk01", &s), STORE_OK);
	assert_string_equal(s.pwhash, old);

	struct login_result r = login("clerk01", "demo", T0 + 1);
	assert_int_equal(r.rc, AUTH_OK);
	assert_int_equal(store_staff_by_username(st, "clerk01", &s), STORE_OK);
	assert_string_not_equal(s.pwhash, old);
	assert_non_null(strstr(s.pwhash, "$argon2id$v=19$m=19456,t=2,p=1$"));
	/* the same staff row: window and name kept, the session still valid */
	assert_string_equal(s.window_id, "W01");
	assert_string_equal(s.name, "张伟");
	struct principal who;
	assert_int_equal(auth_check(st, r.tokens.access, T0 + 2, &who), AUTH_OK);
	assert_string_equal(who.staff_id, "s-clerk01");
	assert_int_equal(login("clerk01", "demo", T0 + 3).rc, AUTH_OK);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_lockout, setup, teardown),
		cmocka_unit_test_setup_teardown(test_success_resets, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unknown_user_counted, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rotation, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refresh_expiry_and_hashes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hash_parameters, setup, teardown),
		cmocka_unit_test_setup_teardown(test_old_hash_upgraded, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
