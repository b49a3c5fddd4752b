/* store_sqlite: SQLite connections (one per thread), statement cache, transactions, hall settings. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "server/store_sqlite.h"
#include "common/xalloc.h"
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static pthread_mutex_t g_lock = PTHREAD_MUTEX_INITIALIZER;
static char *g_path;           /* database file; NULL when closed */
static atomic_uint g_gen;       /* bumped on every open, so stale thread handles reopen */
static struct store *g_all;    /* every connection opened since store_global_open */

static _Thread_local struct store *t_store;
static _Thread_local unsigned t_gen;

/* Open one connection with the settings every connection needs. */
static sqlite3 *open_db(const char *path, char *err, size_t errsz)
{
	sqlite3 *db = NULL;
	int rc = sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		snprintf(err, errsz, "cannot open %s: %s", path, db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
		sqlite3_close(db);
		return NULL;
	}
	sqlite3_busy_timeout(db, 5000);
	char *msg = NULL;
	if (sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
			 NULL, NULL, &msg) != SQLITE_OK) {
		snprintf(err, errsz, "cannot set up %s: %s", path, msg ? msg : "?");
		sqlite3_free(msg);
		sqlite3_close(db);
		return NULL;
	}
	return db;
}

int store_global_open(const char *path, char *err, size_t errsz)
{
	/* Memory statistics take a global mutex on every allocation: every
	 * thread has its own connection, so nothing needs them. Only possible
	 * before SQLite starts; later calls fail harmlessly. */
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	sqlite3 *db = open_db(path, err, errsz);
	if (!db)
		return -1;
	if (sq_migrate(db, err, errsz) != 0) {
		sqlite3_close(db);
		return -1;
	}
	sqlite3_close(db);
	pthread_mutex_lock(&g_lock);
	free(g_path);
	g_path = xstrdup(path);
	g_gen++;
	pthread_mutex_unlock(&g_lock);
	return 0;
}

/* Finalize a connection's statements and close it. */
static void close_one(struct store *st)
{
	for (int i = 0; i < SQ_SLOTS; i++)
		sqlite3_finalize(st->stmt[i]);
	sqlite3_close(st->db);
	free(st);
}

void store_global_close(void)
{
	pthread_mutex_lock(&g_lock);
	struct store *st = g_all;
	g_all = NULL;
	free(g_path);
	g_path = NULL;
	g_gen++;
	pthread_mutex_unlock(&g_lock);
	while (st) {
		struct store *next = st->next;
		close_one(st);
		st = next;
	}
	t_store = NULL;
}

struct store *store_thread(void)
{
	if (t_store && t_gen == g_gen)
		return t_store;
	pthread_mutex_lock(&g_lock);
	char *path = g_path ? xstrdup(g_path) : NULL;
	unsigned gen = g_gen;
	pthread_mutex_unlock(&g_lock);
	if (!path)
		return NULL;
	char err[256];
	sqlite3 *db = open_db(path, err, sizeof err);
	free(path);
	if (!db) {
		fprintf(stderr, "yichuangd: %s\n", err);
		return NULL;
	}
	struct store *st = xcalloc(1, sizeof *st);
	st->db = db;
	pthread_mutex_lock(&g_lock);
	st->next = g_all;
	g_all = st;
	pthread_mutex_unlock(&g_lock);
	t_store = st;
	t_gen = gen;
	return st;
}

void sq_error(struct store *st, const char *what)
{
	fprintf(stderr, "yichuangd: database: %s: %s\n", what, sqlite3_errmsg(st->db));
}

sqlite3_stmt *sq_stmt(struct store *st, enum sq_slot slot, const char *sql)
{
	sqlite3_stmt *s = st->stmt[slot];
	if (s) {
		sqlite3_reset(s);
		sqlite3_clear_bindings(s);
		return s;
	}
	if (sqlite3_prepare_v3(st->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &s, NULL) != SQLITE_OK) {
		sq_error(st, sql);
		return NULL;
	}
	st->stmt[slot] = s;
	return s;
}

int sq_exec_stmt(struct store *st, sqlite3_stmt *s)
{
	if (!s)
		return STORE_ERROR;
	int rc = sqlite3_step(s);
	sqlite3_reset(s);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
		sq_error(st, "step");
		return STORE_ERROR;
	}
	return STORE_OK;
}

void sq_text(sqlite3_stmt *s, int i, char *buf, size_t size)
{
	const unsigned char *t = sqlite3_column_text(s, i);
	snprintf(buf, size, "%s", t ? (const char *)t : "");
}

int store_begin(struct store *st)
{
	return sq_exec_stmt(st, sq_stmt(st, SQ_BEGIN, "BEGIN IMMEDIATE"));
}

int store_commit(struct store *st)
{
	return sq_exec_stmt(st, sq_stmt(st, SQ_COMMIT, "COMMIT"));
}

void store_rollback(struct store *st)
{
	if (!sqlite3_get_autocommit(st->db))
		(void)sq_exec_stmt(st, sq_stmt(st, SQ_ROLLBACK, "ROLLBACK"));
}

int store_schema_version(struct store *st)
{
	sqlite3_stmt *s;
	int v = -1;
	if (sqlite3_prepare_v2(st->db, "PRAGMA user_version", -1, &s, NULL) == SQLITE_OK) {
		if (sqlite3_step(s) == SQLITE_ROW)
			v = sqlite3_column_int(s, 0);
		sqlite3_finalize(s);
	}
	return v;
}

int store_meta_get(struct store *st, const char *key, char *buf, size_t size)
{
	sqlite3_stmt *s = sq_stmt(st, SQ_META_GET, "SELECT value FROM meta WHERE key = ?1");
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		sq_text(s, 0, buf, size);
		sqlite3_reset(s);
		return STORE_OK;
	}
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? STORE_NOTFOUND : STORE_ERROR;
}

int store_meta_set(struct store *st, const char *key, const char *value)
{
	sqlite3_stmt *s = sq_stmt(st, SQ_META_SET,
				  "INSERT INTO meta(key, value) VALUES(?1, ?2) "
				  "ON CONFLICT(key) DO UPDATE SET value = excluded.value");
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, value, -1, SQLITE_STATIC);
	return sq_exec_stmt(st, s);
}
