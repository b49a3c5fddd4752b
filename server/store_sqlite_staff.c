/* store_sqlite_staff: categories, windows, staff, sessions, failed logins and idempotency keys in SQLite. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "server/store_sqlite.h"
#include "common/xalloc.h"
#include <stdlib.h>
#include <string.h>

/* Step a one-row query: STORE_OK with the row ready, STORE_NOTFOUND, or
 * STORE_ERROR. The caller resets. */
static int one_row(struct store *st, sqlite3_stmt *s)
{
	if (!s)
		return STORE_ERROR;
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		return STORE_OK;
	sqlite3_reset(s);
	if (rc == SQLITE_DONE)
		return STORE_NOTFOUND;
	sq_error(st, "query");
	return STORE_ERROR;
}

int store_categories(struct store *st, struct category *out, int max)
{
	sqlite3_stmt *s = sq_stmt(st, SQ_CAT_LIST,
				  "SELECT code, name, name_en, priority, sort FROM categories ORDER BY sort, code");
	if (!s)
		return -1;
	int n = 0, rc;
	while (n < max && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct category *c = &out[n++];
		sq_text(s, 0, c->code, sizeof c->code);
		sq_text(s, 1, c->name, sizeof c->name);
		sq_text(s, 2, c->name_en, sizeof c->name_en);
		c->priority = sqlite3_column_int(s, 3) != 0;
		c->sort = sqlite3_column_int(s, 4);
	}
	sqlite3_reset(s);
	return n;
}

int store_category_put(struct store *st, const struct category *c)
{
	sqlite3_stmt *s = sq_stmt(st, SQ_CAT_PUT,
				  "INSERT OR REPLACE INTO categories(code, name, name_en, priority, sort) "
				  "VALUES(?1, ?2, ?3, ?4, ?5)");
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_text(s, 1, c->code, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, c->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, c->name_en, -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 4, c->priority);
	sqlite3_bind_int(s, 5, c->sort);
	return sq_exec_stmt(st, s);
}

int store_window_get(struct store *st, const char *id, struct window *out)
{
	sqlite3_stmt *s = sq_stmt(st, SQ_WIN_GET, "SELECT id, name, categories FROM windows WHERE id = ?1");
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_text(s, 1, id, -1, SQLITE_STATIC);
	int rc = one_row(st, s);
	if (rc != STORE_OK)
		return rc;
	sq_text(s, 0, out->id, sizeof out->id);
	sq_text(s, 1, out->name, sizeof out->name);
	sq_text(s, 2, out->categories, sizeof out->categories);
	sqlite3_reset(s);
	return STORE_OK;
}

int store_window_put(struct store *st, const struct window *w)
{
	sqlite3_stmt *s = sq_stmt(st, SQ_WIN_PUT,
				  "INSERT OR REPLACE INTO windows(id, name, categories) VALUES(?1, ?2, ?3)");
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_text(s, 1, w->id, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, w->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, w->categories, -1, SQLITE_STATIC);
	return sq_exec_stmt(st, s);
}

int store_staff_count(struct store *st)
{
	sqlite3_stmt *s = sq_stmt(st, SQ_STAFF_COUNT, "SELECT count(*) FROM staff");
	if (one_row(st, s) != STORE_OK)
		return -1;
	int n = sqlite3_column_int(s, 0);
	sqlite3_reset(s);
	return n;
}

#define STAFF_COLS "SELECT id, username, name, role, coalesce(window_id, ''), pwhash FROM staff "

/* Fill a staff record from the current row of a STAFF_COLS query. */
static void staff_row(sqlite3_stmt *s, struct staff *out)
{
	sq_text(s, 0, out->id, sizeof out->id);
	sq_text(s, 1, out->username, sizeof out->username);
	sq_text(s, 2, out->name, sizeof out->name);
	sq_text(s, 3, out->role, sizeof out->role);
	sq_text(s, 4, out->window_id, sizeof out->window_id);
	sq_text(s, 5, out->pwhash, sizeof out->pwhash);
}

/* One staff row by a text key. */
static int staff_by(struct store *st, enum sq_slot slot, const char *sql, const char *key, struct staff *out)
{
	sqlite3_stmt *s = sq_stmt(st, slot, sql);
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
	int rc = one_row(st, s);
	if (rc != STORE_OK)
		return rc;
	staff_row(s, out);
	sqlite3_reset(s);
	return STORE_OK;
}

int store_staff_by_username(struct store *st, const char *username, struct staff *out)
{
	return staff_by(st, SQ_STAFF_BY_USER, STAFF_COLS "WHERE username = ?1", username, out);
}

int store_staff_by_id(struct store *st, const char *id, struct staff *out)
{
	return staff_by(st, SQ_STAFF_BY_ID, STAFF_COLS "WHERE id = ?1", id, out);
}

int store_staff_put(struct store *st, const struct staff *p)
{
	sqlite3_stmt *s = sq_stmt(st, SQ_STAFF_PUT,
				  "INSERT OR REPLACE INTO staff(id, username, name, role, window_id, pwhash) "
				  "VALUES(?1, ?2, ?3, ?4, nullif(?5, ''), ?6)");
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_text(s, 1, p->id, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, p->username, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, p->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, p->role, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 5, p->window_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 6, p->pwhash, -1, SQLITE_STATIC);
	return sq_exec_stmt(st, s);
}

int store_session_create(struct store *st, const char *staff_id, int64_t now,
			 const unsigned char access_hash[STORE_HASH_LEN], int64_t access_expires,
			 const unsigned char refresh_hash[STORE_HASH_LEN], int64_t refresh_expires,
			 int64_t *id)
{
	sqlite3_stmt *s = sq_stmt(st, SQ_SES_CREATE,
				  "INSERT INTO sessions(staff_id, created_at, access_hash, access_expires,"
				  " refresh_hash, refresh_expires) VALUES(?1, ?2, ?3, ?4, ?5, ?6)");
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_text(s, 1, staff_id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, now);
	sqlite3_bind_blob(s, 3, access_hash, STORE_HASH_LEN, SQLITE_STATIC);
	sqlite3_bind_int64(s, 4, access_expires);
	sqlite3_bind_blob(s, 5, refresh_hash, STORE_HASH_LEN, SQLITE_STATIC);
	sqlite3_bind_int64(s, 6, refresh_expires);
	if (sq_exec_stmt(st, s) != STORE_OK)
		return STORE_ERROR;
	*id = sqlite3_last_insert_rowid(st->db);
	return STORE_OK;
}

#define SES_COLS "SELECT id, staff_id, access_expires, refresh_expires, revoked FROM sessions "

/* One session row by a bound key (hash blob or id). */
static int session_row(struct store *st, sqlite3_stmt *s, struct session *out)
{
	int rc = one_row(st, s);
	if (rc != STORE_OK)
		return rc;
	out->id = sqlite3_column_int64(s, 0);
	sq_text(s, 1, out->staff_id, sizeof out->staff_id);
	out->access_expires = sqlite3_column_int64(s, 2);
	out->refresh_expires = sqlite3_column_int64(s, 3);
	out->revoked = sqlite3_column_int(s, 4) != 0;
	sqlite3_reset(s);
	return STORE_OK;
}

int store_session_by_access(struct store *st, const unsigned char hash[STORE_HASH_LEN], struct session *out)
{
	/* The access token of before the last rotation counts until it expires. */
	sqlite3_stmt *s = sq_stmt(st, SQ_SES_BY_ACCESS,
				  "SELECT id, staff_id, CASE WHEN access_hash = ?1 THEN access_expires"
				  " ELSE prev_access_expires END, refresh_expires, revoked FROM sessions "
				  "WHERE access_hash = ?1 OR prev_access_hash = ?1");
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_blob(s, 1, hash, STORE_HASH_LEN, SQLITE_STATIC);
	return session_row(st, s, out);
}

int store_session_by_refresh(struct store *st, const unsigned char hash[STORE_HASH_LEN], struct session *out)
{
	sqlite3_stmt *s = sq_stmt(st, SQ_SES_BY_REFRESH, SES_COLS "WHERE refresh_hash = ?1");
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_blob(s, 1, hash, STORE_HASH_LEN, SQLITE_STATIC);
	return session_row(st, s, out);
}

int store_session_get(struct store *st, int64_t id, struct session *out)
{
	sqlite3_stmt *s = sq_stmt(st, SQ_SES_GET, SES_COLS "WHERE id = ?1");
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, id);
	return session_row(st, s, out);
}

int store_session_rotate(struct store *st, int64_t id,
			 const unsigned char access_hash[STORE_HASH_LEN], int64_t access_expires,
			 const unsigned char refresh_hash[STORE_HASH_LEN], int64_t refresh_expires)
{
	sqlite3_stmt *s = sq_stmt(st, SQ_SES_ROTATE,
				  "UPDATE sessions SET prev_access_hash = access_hash,"
				  " prev_access_expires = access_expires, access_hash = ?2, access_expires = ?3,"
				  " refresh_hash = ?4, refresh_expires = ?5 WHERE id = ?1 AND revoked = 0");
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_blob(s, 2, access_hash, STORE_HASH_LEN, SQLITE_STATIC);
	sqlite3_bind_int64(s, 3, access_expires);
	sqlite3_bind_blob(s, 4, refresh_hash, STORE_HASH_LEN, SQLITE_STATIC);
	sqlite3_bind_int64(s, 5, refresh_expires);
	if (sq_exec_stmt(st, s) != STORE_OK)
		return STORE_ERROR;
	return sqlite3_changes(st->db) == 1 ? STORE_OK : STORE_NOTFOUND;
}

int store_session_revoke(struct store *st, int64_t id)
{
	sqlite3_stmt *s = sq_stmt(st, SQ_SES_REVOKE, "UPDATE sessions SET revoked = 1 WHERE id = ?1");
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, id);
	return sq_exec_stmt(st, s);
}

int store_sessions_purge(struct store *st, int64_t t)
{
	sqlite3_stmt *s = sq_stmt(st, SQ_SES_PURGE, "DELETE FROM sessions WHERE refresh_expires < ?1 OR revoked = 1");
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, t);
	return sq_exec_stmt(st, s);
}

int store_login_get(struct store *st, const char *username, int *failures, int64_t *locked_until)
{
	sqlite3_stmt *s = sq_stmt(st, SQ_LOGIN_GET,
				  "SELECT failures, locked_until FROM login_failures WHERE username = ?1");
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_text(s, 1, username, -1, SQLITE_STATIC);
	*failures = 0;
	*locked_until = 0;
	int rc = one_row(st, s);
	if (rc != STORE_OK)
		return rc;
	*failures = sqlite3_column_int(s, 0);
	*locked_until = sqlite3_column_int64(s, 1);
	sqlite3_reset(s);
	return STORE_OK;
}

int store_login_set(struct store *st, const char *username, int failures, int64_t locked_until, int64_t now)
{
	sqlite3_stmt *s = sq_stmt(st, SQ_LOGIN_SET,
				  "INSERT OR REPLACE INTO login_failures(username, failures, locked_until, updated_at) "
				  "VALUES(?1, ?2, ?3, ?4)");
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_text(s, 1, username, -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 2, failures);
	sqlite3_bind_int64(s, 3, locked_until);
	sqlite3_bind_int64(s, 4, now);
	return sq_exec_stmt(st, s);
}

int store_login_clear(struct store *st, const char *username)
{
	sqlite3_stmt *s = sq_stmt(st, SQ_LOGIN_CLEAR, "DELETE FROM login_failures WHERE username = ?1");
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_text(s, 1, username, -1, SQLITE_STATIC);
	return sq_exec_stmt(st, s);
}

int store_login_purge(struct store *st, int64_t before)
{
	sqlite3_stmt *s = sq_stmt(st, SQ_LOGIN_PURGE,
				  "DELETE FROM login_failures WHERE updated_at < ?1 AND locked_until < ?1");
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, before);
	return sq_exec_stmt(st, s);
}

int store_idem_claim(struct store *st, const char *scope, const char *key,
		     const char *fingerprint, int64_t now, struct idem_record *existing)
{
	memset(existing, 0, sizeof *existing);
	sqlite3_stmt *s = sq_stmt(st, SQ_IDEM_INSERT,
				  "INSERT INTO idempotency(scope, key, fingerprint, created_at) VALUES(?1, ?2, ?3, ?4) "
				  "ON CONFLICT(scope, key) DO NOTHING");
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_text(s, 1, scope, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, key, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, fingerprint, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 4, now);
	if (sq_exec_stmt(st, s) != STORE_OK)
		return STORE_ERROR;
	if (sqlite3_changes(st->db) == 1)
		return STORE_OK;
	s = sq_stmt(st, SQ_IDEM_GET,
		    "SELECT fingerprint, status, coalesce(content_type, ''), body, coalesce(session_id, 0), created_at "
		    "FROM idempotency WHERE scope = ?1 AND key = ?2");
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_text(s, 1, scope, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, key, -1, SQLITE_STATIC);
	int rc = one_row(st, s);
	if (rc != STORE_OK)
		return rc == STORE_NOTFOUND ? STORE_ERROR : rc;
	sq_text(s, 0, existing->fingerprint, sizeof existing->fingerprint);
	existing->status = sqlite3_column_int(s, 1);
	sq_text(s, 2, existing->content_type, sizeof existing->content_type);
	const void *b = sqlite3_column_blob(s, 3);
	existing->body_len = (size_t)sqlite3_column_bytes(s, 3);
	if (b) {
		existing->body = xmalloc(existing->body_len + 1);
		memcpy(existing->body, b, existing->body_len);
		existing->body[existing->body_len] = '\0';
	}
	existing->session_id = sqlite3_column_int64(s, 4);
	existing->created_at = sqlite3_column_int64(s, 5);
	sqlite3_reset(s);
	return STORE_EXISTS;
}

int store_idem_finish(struct store *st, const char *scope, const char *key, int status,
		      const char *content_type, const char *body, size_t body_len, int64_t session_id)
{
	sqlite3_stmt *s = sq_stmt(st, SQ_IDEM_FINISH,
				  "UPDATE idempotency SET status = ?3, content_type = ?4, body = ?5, session_id = ?6 "
				  "WHERE scope = ?1 AND key = ?2");
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_text(s, 1, scope, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, key, -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 3, status);
	sqlite3_bind_text(s, 4, content_type, -1, SQLITE_STATIC);
	if (body)
		sqlite3_bind_blob(s, 5, body, (int)body_len, SQLITE_STATIC);
	if (session_id > 0)
		sqlite3_bind_int64(s, 6, session_id);
	return sq_exec_stmt(st, s);
}

int store_idem_release(struct store *st, const char *scope, const char *key)
{
	sqlite3_stmt *s = sq_stmt(st, SQ_IDEM_RELEASE, "DELETE FROM idempotency WHERE scope = ?1 AND key = ?2");
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_text(s, 1, scope, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, key, -1, SQLITE_STATIC);
	return sq_exec_stmt(st, s);
}

int store_idem_purge(struct store *st, int64_t before)
{
	sqlite3_stmt *s = sq_stmt(st, SQ_IDEM_PURGE, "DELETE FROM idempotency WHERE created_at < ?1");
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, before);
	return sq_exec_stmt(st, s);
}

void store_idem_free(struct idem_record *r)
{
	free(r->body);
	r->body = NULL;
}
