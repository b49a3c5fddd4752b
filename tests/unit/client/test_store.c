/* test_store: the local store's file (name from server and user, folder
 * 0700, file 0600), WAL and its fallback, key/value, migrations from an
 * older version, and clear messages for a newer, damaged, locked or
 * unwritable file. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <sys/stat.h>

#include "tests/unit/client/kb_fixtures.h"
#include "client/store_int.h"

static int setup(void **state)
{
	return fx_mkdir();
}

static int teardown(void **state)
{
	fx_rmdir();
	return 0;
}

static void test_default_path(void **state)
{
	setenv("XDG_DATA_HOME", fx_dir, 1);
	char *a = store_default_path("http://127.0.0.1:8470", "clerk01");
	char *b = store_default_path("https://hall.example.gov.cn/", "clerk01");
	char *c = store_default_path("http://127.0.0.1:8470", "../../etc/passwd");
	char prefix[128];
	snprintf(prefix, sizeof prefix, "%s/yichuang/", fx_dir);
	assert_memory_equal(a, prefix, strlen(prefix));
	assert_non_null(strstr(a, "127.0.0.1_8470-clerk01-"));
	assert_string_equal(a + strlen(a) - 3, ".db");
	assert_string_not_equal(a, b);
	/* Nothing of a name can climb out of the folder. */
	assert_null(strchr(c + strlen(prefix), '/'));
	assert_null(strstr(c + strlen(prefix), ".."));
	/* Same name after sanitizing, still two files. */
	char *d = store_default_path("http://127.0.0.1:8470", "clerk/01");
	char *e = store_default_path("http://127.0.0.1:8470", "clerk:01");
	assert_string_not_equal(d, e);
	unsetenv("XDG_DATA_HOME");
	setenv("HOME", fx_dir, 1);
	char *f = store_default_path("http://127.0.0.1:8470", "clerk01");
	snprintf(prefix, sizeof prefix, "%s/.local/share/yichuang/", fx_dir);
	assert_memory_equal(f, prefix, strlen(prefix));
	free(a);
	free(b);
	free(c);
	free(d);
	free(e);
	free(f);
}

static void test_modes_wal_and_kv(void **state)
{
	setenv("XDG_DATA_HOME", fx_dir, 1);
	mode_t old = umask(0);
	StoreError code = STORE_E_OTHER;
	char *err = NULL;
	Store *s = store_open("http://127.0.0.1:8470", "clerk01", &code, &err);
	umask(old);
	assert_non_null(s);
	assert_int_equal(code, STORE_OK);
	struct stat sb;
	char dir[128];
	snprintf(dir, sizeof dir, "%s/yichuang", fx_dir);
	assert_int_equal(stat(dir, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0700);
	assert_int_equal(stat(store_path(s), &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	assert_true(store_is_wal(s));
	assert_int_equal(store_schema_version(s), store_latest_version());
	assert_true(store_kv_set(s, "kb.since", "42"));
	char wal[256];
	snprintf(wal, sizeof wal, "%s-wal", store_path(s));
	assert_int_equal(stat(wal, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	char *v = store_kv_get(s, "kb.since");
	assert_string_equal(v, "42");
	free(v);
	assert_true(store_kv_set(s, "kb.since", "43"));
	assert_true(store_kv_delete(s, "other"));
	char *path = strdup(store_path(s));
	store_close(s);
	s = store_open_path(path, NULL, NULL);
	v = store_kv_get(s, "kb.since");
	assert_string_equal(v, "43");
	assert_null(store_kv_get(s, "missing"));
	free(v);
	free(path);
	store_close(s);
	unsetenv("XDG_DATA_HOME");
}

static void test_wal_refused_falls_back(void **state)
{
	/* unix-dotfile has no shared memory: SQLite refuses WAL there, as on
	 * a network filesystem. */
	StoreError code;
	char *err = NULL;
	Store *s = store_open_vfs(fx_path("nfs.db"), "unix-dotfile", &code, &err);
	assert_non_null(s);
	assert_false(store_is_wal(s));
	assert_true(store_kv_set(s, "k", "v"));
	char *v = store_kv_get(s, "k");
	assert_string_equal(v, "v");
	free(v);
	store_close(s);
}

static void test_migrates_older_version(void **state)
{
	const char *path = fx_path("old.db");
	sqlite3 *db;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "CREATE TABLE kv(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;"
				      "INSERT INTO kv VALUES('kept', 'yes'); PRAGMA user_version=1;", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	char *err = NULL;
	Store *s = store_open_path(path, NULL, &err);
	assert_non_null(s);
	assert_int_equal(store_schema_version(s), store_latest_version());
	char *v = store_kv_get(s, "kept");
	assert_string_equal(v, "yes");
	free(v);
	assert_true(store_exec(s, "INSERT INTO kb_seg(seg, level, docs, bytes) VALUES(1, 0, 0, 0)"));
	store_close(s);
}

static void test_newer_version_left_alone(void **state)
{
	const char *path = fx_path("new.db");
	sqlite3 *db;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "PRAGMA user_version=999; CREATE TABLE later(x);", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	StoreError code = STORE_OK;
	char *err = NULL;
	assert_null(store_open_path(path, &code, &err));
	assert_int_equal(code, STORE_E_TOO_NEW);
	assert_non_null(strstr(err, "newer yichuang"));
	assert_non_null(strstr(err, path));
	free(err);
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	sqlite3_stmt *st;
	sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, NULL);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(st, 0), 999);
	sqlite3_finalize(st);
	sqlite3_close(db);
}

static void test_damaged_file(void **state)
{
	const char *path = fx_path("bad.db");
	FILE *f = fopen(path, "w");
	for (int i = 0; i < 512; i++)
		fputs("this is not a database ", f);
	fclose(f);
	StoreError code = STORE_OK;
	char *err = NULL;
	assert_null(store_open_path(path, &code, &err));
	assert_int_equal(code, STORE_E_CORRUPT);
	assert_non_null(strstr(err, "damaged"));
	assert_non_null(strstr(err, "Move it aside"));
	free(err);
}

static void test_unwritable_folder(void **state)
{
	char path[256];
	StoreError code = STORE_OK;
	char *err = NULL;
	if (geteuid() == 0) {
		/* root may write anywhere: a file where the folder should be. */
		FILE *f = fopen(fx_path("notadir"), "w");
		fclose(f);
		snprintf(path, sizeof path, "%s/notadir/yichuang/x.db", fx_dir);
	} else {
		mkdir(fx_path("ro"), 0500);
		snprintf(path, sizeof path, "%s/ro/yichuang/x.db", fx_dir);
	}
	assert_null(store_open_path(path, &code, &err));
	assert_true(code == STORE_E_OPEN || code == STORE_E_READONLY);
	assert_non_null(strstr(err, "Cannot create the local store"));
	assert_non_null(strstr(err, "XDG_DATA_HOME"));
	free(err);
	chmod(fx_path("ro"), 0700);
}

static void test_locked_file(void **state)
{
	const char *path = fx_path("locked.db");
	Store *s = store_open_path(path, NULL, NULL);
	assert_non_null(s);
	sqlite3 *other;
	assert_int_equal(sqlite3_open(path, &other), SQLITE_OK);
	assert_int_equal(sqlite3_exec(other, "BEGIN EXCLUSIVE", NULL, NULL, NULL), SQLITE_OK);
	assert_false(store_begin(s));
	assert_int_equal(store_last_error(s), STORE_E_LOCKED);
	assert_non_null(strstr(store_last_message(s), "in use by another program"));
	sqlite3_exec(other, "ROLLBACK", NULL, NULL, NULL);
	sqlite3_close(other);
	assert_true(store_kv_set(s, "k", "after"));
	store_close(s);
}

static void test_clone_sees_commits(void **state)
{
	Store *s = store_open_path(fx_path("c.db"), NULL, NULL);
	Store *c = store_clone(s, NULL, NULL);
	assert_non_null(c);
	assert_true(store_kv_set(c, "from", "worker"));
	char *v = store_kv_get(s, "from");
	assert_string_equal(v, "worker");
	free(v);
	store_close(c);
	store_close(s);
}

static void test_classify(void **state)
{
	assert_int_equal(store_classify(SQLITE_FULL), STORE_E_FULL);
	assert_int_equal(store_classify(SQLITE_BUSY_SNAPSHOT), STORE_E_LOCKED);
	assert_int_equal(store_classify(SQLITE_IOERR_WRITE), STORE_E_IO);
	assert_int_equal(store_classify(SQLITE_NOTADB), STORE_E_CORRUPT);
	assert_int_equal(store_classify(SQLITE_READONLY_DBMOVED), STORE_E_READONLY);
	assert_int_equal(store_classify(SQLITE_DONE), STORE_OK);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_default_path, setup, teardown),
		cmocka_unit_test_setup_teardown(test_modes_wal_and_kv, setup, teardown),
		cmocka_unit_test_setup_teardown(test_wal_refused_falls_back, setup, teardown),
		cmocka_unit_test_setup_teardown(test_migrates_older_version, setup, teardown),
		cmocka_unit_test_setup_teardown(test_newer_version_left_alone, setup, teardown),
		cmocka_unit_test_setup_teardown(test_damaged_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unwritable_folder, setup, teardown),
		cmocka_unit_test_setup_teardown(test_locked_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_clone_sees_commits, setup, teardown),
		cmocka_unit_test(test_classify),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
