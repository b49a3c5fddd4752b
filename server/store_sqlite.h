/* store_sqlite: internals shared by the SQLite implementation of store.h. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef YCD_STORE_SQLITE_H
#define YCD_STORE_SQLITE_H
#include "server/store.h"
#include <sqlite3.h>

/* Prepared statements are cached per connection in these slots. */
enum sq_slot {
	SQ_BEGIN, SQ_COMMIT, SQ_ROLLBACK, SQ_META_GET, SQ_META_SET,
	SQ_CAT_LIST, SQ_CAT_PUT, SQ_WIN_GET, SQ_WIN_PUT,
	SQ_STAFF_COUNT, SQ_STAFF_BY_USER, SQ_STAFF_BY_ID, SQ_STAFF_PUT,
	SQ_SES_CREATE, SQ_SES_BY_ACCESS, SQ_SES_BY_REFRESH, SQ_SES_GET,
	SQ_SES_ROTATE, SQ_SES_REVOKE, SQ_SES_PURGE,
	SQ_LOGIN_GET, SQ_LOGIN_SET, SQ_LOGIN_CLEAR, SQ_LOGIN_PURGE,
	SQ_IDEM_INSERT, SQ_IDEM_GET, SQ_IDEM_FINISH, SQ_IDEM_RELEASE, SQ_IDEM_PURGE,
	SQ_TK_COUNTER, SQ_TK_INSERT, SQ_TK_UPDATE, SQ_TK_GET,
	SQ_TK_WAITING, SQ_TK_WAITING_AFTER, SQ_TK_WAITING_CAT, SQ_TK_WAITING_CAT_AFTER,
	SQ_TK_FIRST, SQ_TK_CALLED_AT, SQ_TK_AT_WINDOW,
	SQ_FIG_WAITING, SQ_FIG_CALLED, SQ_FIG_SERVED,
	SQ_EV_APPEND, SQ_EV_AFTER, SQ_EV_TAIL, SQ_EV_LAST,
	SQ_SH_PUT, SQ_SH_GET, SQ_SH_LIST, SQ_SH_LIST_TYPE, SQ_SH_COUNT,
	SQ_AU_APPEND, SQ_AU_LIST, SQ_AU_LIST_SUBJECT, SQ_AU_LIST_STAFF,
	SQ_CAT_PUT_ROW, SQ_CAT_DELETE, SQ_CAT_ALL,
	SQ_CASE_COUNTER, SQ_CASE_INSERT, SQ_CASE_UPDATE, SQ_CASE_GET, SQ_CASE_FIND,
	SQ_KB_FTS_ADD, SQ_KB_FTS_DEL, SQ_KB_MAX, SQ_KB_PUT, SQ_KB_LIST, SQ_KB_GET, SQ_KB_AT, SQ_KB_CHANGES,
	SQ_KB_PURGE_MAX, SQ_KB_PURGE, SQ_KB_COUNT, SQ_KB_SEARCH,
	SQ_SLOTS
};

struct store {
	sqlite3 *db;
	sqlite3_stmt *stmt[SQ_SLOTS];
	struct store *next; /* every open connection, for closing */
};

/* The cached statement of a slot, reset and ready for binding; NULL and a
 * message on stderr when it does not prepare. */
sqlite3_stmt *sq_stmt(struct store *st, enum sq_slot slot, const char *sql);
/* Step a statement that returns no row; STORE_OK or STORE_ERROR. */
int sq_exec_stmt(struct store *st, sqlite3_stmt *s);
/* Copy column i as text into buf (always terminated). */
void sq_text(sqlite3_stmt *s, int i, char *buf, size_t size);
/* Report a database error on stderr. */
void sq_error(struct store *st, const char *what);
/* Bring the schema to the newest version (PRAGMA user_version). */
int sq_migrate(sqlite3 *db, char *err, size_t errsz);

#endif
