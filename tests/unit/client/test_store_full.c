/* test_store_full: a full disk under the local store, as a database size
 * limit (max_page_count) and as a file size limit (RLIMIT_FSIZE, in a
 * child process): a clear message, nothing saved before lost, and the
 * store usable again once there is room. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "tests/unit/client/kb_fixtures.h"

static int setup(void **state)
{
	return fx_mkdir();
}

static int teardown(void **state)
{
	fx_rmdir();
	return 0;
}

static long pragma_long(Store *s, const char *sql)
{
	sqlite3_stmt *st;
	long v = -1;
	if (sqlite3_prepare_v2(store_db(s), sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

/* n articles of about 2 KB each, ids from base. */
static cJSON *big_page(int base, int n, long *seq)
{
	FxArticle *a = calloc((size_t)n, sizeof *a);
	char (*ids)[16] = calloc((size_t)n, sizeof *ids);
	char *body = malloc(2200);
	body[0] = '\0';
	for (int i = 0; i < 60; i++)
		strcat(body, "申请人须提供居民身份证。");
	for (int i = 0; i < n; i++) {
		snprintf(ids[i], sizeof ids[i], "big-%d", base + i);
		a[i] = (FxArticle){ids[i], "户口迁移办理须知", "guide", body, NULL, 1, NULL};
	}
	cJSON *p = fx_page(a, n, NULL, seq, NULL);
	free(a);
	free(ids);
	free(body);
	return p;
}

static void test_database_size_limit(void **state)
{
	char *err = NULL;
	Store *st = store_open_path(fx_path("full.db"), NULL, &err);
	Kb *kb = kb_open(st, &err);
	long seq = 0;
	bool done;
	cJSON *p = big_page(0, 10, &seq);
	assert_true(kb_apply_page(kb, p, &done, &err));
	cJSON_Delete(p);
	char *since = kb_sync_since(kb);
	long pages = pragma_long(st, "PRAGMA page_count");
	char sql[64];
	snprintf(sql, sizeof sql, "PRAGMA max_page_count=%ld", pages + 4);
	assert_int_equal(sqlite3_exec(store_db(st), sql, NULL, NULL, NULL), SQLITE_OK);

	p = big_page(100, 200, &seq);
	err = NULL;
	assert_false(kb_apply_page(kb, p, &done, &err));
	assert_non_null(err);
	assert_non_null(strstr(err, "is full"));
	assert_non_null(strstr(err, "Nothing saved before was lost"));
	assert_int_equal(store_last_error(st), STORE_E_FULL);
	free(err);
	/* Nothing lost, nothing half-written. */
	assert_int_equal(kb_count(kb), 10);
	char *now = kb_sync_since(kb);
	assert_string_equal(now, since);
	free(now);
	KbResults r;
	assert_true(kb_search(kb, "户口迁移", NULL, &r, NULL));
	assert_int_equal(r.n, 10);
	kb_results_free(&r);
	/* Room again: the same page goes in. */
	assert_int_equal(sqlite3_exec(store_db(st), "PRAGMA max_page_count=1073741823", NULL, NULL, NULL), SQLITE_OK);
	err = NULL;
	assert_true(kb_apply_page(kb, p, &done, &err));
	cJSON_Delete(p);
	assert_int_equal(kb_count(kb), 210);
	KbSearchOpts o = {.limit = 200};
	assert_true(kb_search(kb, "户口迁移", &o, &r, NULL));
	assert_int_equal(r.n, 200);
	kb_results_free(&r);
	free(since);
	kb_close(kb);
	store_close(st);
}

static void test_file_size_limit(void **state)
{
	const char *path = fx_path("fsize.db");
	Store *st = store_open_path(path, NULL, NULL);
	assert_true(store_kv_set(st, "before", "kept"));
	store_close(st);
	int fd[2];
	assert_int_equal(pipe(fd), 0);
	pid_t pid = fork();
	if (pid == 0) {
		/* No SIGXFSZ handling here: the store itself must keep it from
		 * killing the program. */
		Store *s = store_open_path(path, NULL, NULL);
		struct stat sb;
		stat(path, &sb);
		struct rlimit rl = {(rlim_t)sb.st_size + 16384, (rlim_t)sb.st_size + 16384};
		setrlimit(RLIMIT_FSIZE, &rl);
		char *big = malloc(1 << 20);
		memset(big, 'x', (1 << 20) - 1);
		big[(1 << 20) - 1] = '\0';
		bool ok = s && store_kv_set(s, "big", big);
		char msg[1024];
		int n = snprintf(msg, sizeof msg, "%d|%d|%s", ok, s ? (int)store_last_error(s) : -1,
				 s && store_last_message(s) ? store_last_message(s) : "");
		if (write(fd[1], msg, (size_t)n) != n)
			_exit(2);
		_exit(0);
	}
	close(fd[1]);
	char msg[1024] = "";
	ssize_t n = read(fd[0], msg, sizeof msg - 1);
	close(fd[0]);
	int status;
	waitpid(pid, &status, 0);
	assert_true(WIFEXITED(status));
	assert_true(n > 0);
	msg[n] = '\0';
	assert_memory_equal(msg, "0|", 2);
	char code[8];
	snprintf(code, sizeof code, "0|%d|", STORE_E_FULL);
	assert_memory_equal(msg, code, strlen(code));
	assert_non_null(strstr(msg, "is full"));
	/* The next start finds what was saved, and a sound file. */
	st = store_open_path(path, NULL, NULL);
	assert_non_null(st);
	char *v = store_kv_get(st, "before");
	assert_string_equal(v, "kept");
	free(v);
	assert_null(store_kv_get(st, "big"));
	sqlite3_stmt *q;
	assert_int_equal(sqlite3_prepare_v2(store_db(st), "PRAGMA integrity_check", -1, &q, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(q), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(q, 0), "ok");
	sqlite3_finalize(q);
	assert_true(store_kv_set(st, "after", "fine"));
	store_close(st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_database_size_limit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_file_size_limit, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
