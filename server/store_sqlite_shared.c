/* store_sqlite_shared: shared-data records, the audit log and the catalog rows in SQLite. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "server/store_sqlite.h"
#include "common/xalloc.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* A text column as a new string (never NULL). */
static char *col_dup(sqlite3_stmt *s, int i)
{
	const unsigned char *t = sqlite3_column_text(s, i);
	return xstrdup(t ? (const char *)t : "");
}

int store_shared_put(struct store *st, const char *source, const char *id, const char *holder, const char *type,
		     const char *json)
{
	sqlite3_stmt *s = sq_stmt(st, SQ_SH_PUT,
				  "INSERT OR REPLACE INTO shared_records(source, id, holder, type, json) "
				  "VALUES(?1, ?2, ?3, ?4, ?5)");
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_text(s, 1, source, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, id, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, holder, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, type ? type : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 5, json, -1, SQLITE_STATIC);
	return sq_exec_stmt(st, s);
}

int store_shared_get(struct store *st, const char *source, const char *id, char **json)
{
	*json = NULL;
	sqlite3_stmt *s = sq_stmt(st, SQ_SH_GET, "SELECT json FROM shared_records WHERE source = ?1 AND id = ?2");
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_text(s, 1, source, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, id, -1, SQLITE_STATIC);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*json = col_dup(s, 0);
	sqlite3_reset(s);
	if (rc == SQLITE_ROW)
		return STORE_OK;
	if (rc == SQLITE_DONE)
		return STORE_NOTFOUND;
	sq_error(st, "shared record");
	return STORE_ERROR;
}

int store_shared_list(struct store *st, const char *source, const char *holder, const char *type,
		      const char *after_id, struct shared_row *out, int max)
{
	sqlite3_stmt *s = type ? sq_stmt(st, SQ_SH_LIST_TYPE,
					 "SELECT id, json FROM shared_records WHERE source = ?1 AND holder = ?2 "
					 "AND type = ?3 AND id > ?4 ORDER BY id LIMIT ?5")
			       : sq_stmt(st, SQ_SH_LIST,
					 "SELECT id, json FROM shared_records WHERE source = ?1 AND holder = ?2 "
					 "AND id > ?4 ORDER BY id LIMIT ?5");
	if (!s)
		return -1;
	sqlite3_bind_text(s, 1, source, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, holder, -1, SQLITE_STATIC);
	if (type)
		sqlite3_bind_text(s, 3, type, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, after_id ? after_id : "", -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 5, max);
	int n = 0, rc;
	while (n < max && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		sq_text(s, 0, out[n].id, sizeof out[n].id);
		out[n].json = col_dup(s, 1);
		n++;
	}
	sqlite3_reset(s);
	return n;
}

int store_shared_count(struct store *st, const char *source)
{
	sqlite3_stmt *s = sq_stmt(st, SQ_SH_COUNT, "SELECT count(*) FROM shared_records WHERE source = ?1");
	if (!s)
		return -1;
	sqlite3_bind_text(s, 1, source, -1, SQLITE_STATIC);
	int n = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int(s, 0) : -1;
	sqlite3_reset(s);
	return n;
}

int store_audit_append(struct store *st, struct audit_rec *a)
{
	sqlite3_stmt *s = sq_stmt(st, SQ_AU_APPEND,
				  "INSERT INTO audit(at, staff_id, role, purpose_kind, purpose, source, subject, query,"
				  " result, status, count) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)");
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, a->at);
	sqlite3_bind_text(s, 2, a->staff_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, a->role, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, a->purpose_kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 5, a->purpose, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 6, a->source, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 7, a->subject, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 8, a->query, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 9, a->result, -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 10, a->status);
	sqlite3_bind_int(s, 11, a->count);
	if (sq_exec_stmt(st, s) != STORE_OK)
		return STORE_ERROR;
	a->id = sqlite3_last_insert_rowid(st->db);
	return STORE_OK;
}

int store_audit_list(struct store *st, const char *subject, const char *staff_id, int64_t before,
		     struct audit_rec *out, int max)
{
	/* One statement per filter, so each walks its own index. */
#define AU_COLS "SELECT id, at, staff_id, role, purpose_kind, purpose, source, subject, query, result, status, count FROM audit "
	sqlite3_stmt *s = subject ? sq_stmt(st, SQ_AU_LIST_SUBJECT,
					    AU_COLS "WHERE subject = ?1 AND (?2 IS NULL OR staff_id = ?2) AND id < ?3 "
						    "ORDER BY id DESC LIMIT ?4")
			  : staff_id ? sq_stmt(st, SQ_AU_LIST_STAFF,
					       AU_COLS "WHERE staff_id = ?2 AND id < ?3 ORDER BY id DESC LIMIT ?4")
				     : sq_stmt(st, SQ_AU_LIST, AU_COLS "WHERE id < ?3 ORDER BY id DESC LIMIT ?4");
#undef AU_COLS
	if (!s)
		return -1;
	if (subject)
		sqlite3_bind_text(s, 1, subject, -1, SQLITE_STATIC);
	if (staff_id)
		sqlite3_bind_text(s, 2, staff_id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 3, before > 0 ? before : INT64_MAX);
	sqlite3_bind_int(s, 4, max);
	int n = 0, rc;
	while (n < max && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct audit_rec *a = &out[n++];
		memset(a, 0, sizeof *a);
		a->id = sqlite3_column_int64(s, 0);
		a->at = sqlite3_column_int64(s, 1);
		sq_text(s, 2, a->staff_id, sizeof a->staff_id);
		sq_text(s, 3, a->role, sizeof a->role);
		sq_text(s, 4, a->purpose_kind, sizeof a->purpose_kind);
		sq_text(s, 5, a->purpose, sizeof a->purpose);
		sq_text(s, 6, a->source, sizeof a->source);
		sq_text(s, 7, a->subject, sizeof a->subject);
		sq_text(s, 8, a->query, sizeof a->query);
		sq_text(s, 9, a->result, sizeof a->result);
		a->status = sqlite3_column_int(s, 10);
		a->count = sqlite3_column_int(s, 11);
	}
	sqlite3_reset(s);
	return n;
}

int store_catalog_put(struct store *st, const char *kind, const char *key, int version, const char *json,
		      int64_t updated_at)
{
	sqlite3_stmt *s = sq_stmt(st, SQ_CAT_PUT_ROW,
				  "INSERT OR REPLACE INTO catalog(kind, key, version, json, updated_at, deleted_at) "
				  "VALUES(?1, ?2, ?3, ?4, ?5, 0)");
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_text(s, 1, kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, key, -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 3, version);
	sqlite3_bind_text(s, 4, json, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 5, updated_at);
	return sq_exec_stmt(st, s);
}

int store_catalog_delete(struct store *st, const char *kind, const char *key, int version, int64_t at)
{
	sqlite3_stmt *s = sq_stmt(st, SQ_CAT_DELETE,
				  "UPDATE catalog SET deleted_at = ?4 WHERE kind = ?1 AND key = ?2 AND version = ?3");
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_text(s, 1, kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, key, -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 3, version);
	sqlite3_bind_int64(s, 4, at);
	return sq_exec_stmt(st, s);
}

int store_catalog_all(struct store *st, const char *kind, struct catalog_row **out)
{
	*out = NULL;
	sqlite3_stmt *s = sq_stmt(st, SQ_CAT_ALL,
				  "SELECT key, version, json, updated_at, deleted_at FROM catalog WHERE kind = ?1 "
				  "ORDER BY key, version");
	if (!s)
		return -1;
	sqlite3_bind_text(s, 1, kind, -1, SQLITE_STATIC);
	int n = 0, cap = 0, rc;
	struct catalog_row *rows = NULL;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			rows = xrealloc(rows, (size_t)cap * sizeof *rows);
		}
		struct catalog_row *r = &rows[n++];
		memset(r, 0, sizeof *r);
		memcpy(r->kind, kind, strnlen(kind, sizeof r->kind - 1));
		sq_text(s, 0, r->key, sizeof r->key);
		r->version = sqlite3_column_int(s, 1);
		r->json = col_dup(s, 2);
		r->updated_at = sqlite3_column_int64(s, 3);
		r->deleted_at = sqlite3_column_int64(s, 4);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE) {
		store_catalog_free(rows, n);
		sq_error(st, "catalog");
		return -1;
	}
	*out = rows;
	return n;
}

void store_catalog_free(struct catalog_row *rows, int n)
{
	for (int i = 0; i < n; i++)
		free(rows[i].json);
	free(rows);
}
