/* store_sqlite_cases: cases and their daily numbers in SQLite. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "server/store_sqlite.h"
#include "common/xalloc.h"
#include <stdlib.h>
#include <string.h>

int store_case_next_number(struct store *st, const char *hall, const char *day, int *number)
{
	sqlite3_stmt *s = sq_stmt(st, SQ_CASE_COUNTER,
				  "INSERT INTO case_counters(hall, day, last) VALUES(?1, ?2, 1) "
				  "ON CONFLICT(hall, day) DO UPDATE SET last = last + 1 RETURNING last");
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_text(s, 1, hall, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, day, -1, SQLITE_STATIC);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*number = sqlite3_column_int(s, 0);
	/* Step to the end so the statement is done before the reset. */
	while (rc == SQLITE_ROW)
		rc = sqlite3_step(s);
	sqlite3_reset(s);
	if (rc != SQLITE_DONE) {
		sq_error(st, "case counter");
		return STORE_ERROR;
	}
	return STORE_OK;
}

int store_case_insert(struct store *st, struct case_rec *c)
{
	sqlite3_stmt *s = sq_stmt(st, SQ_CASE_INSERT,
				  "INSERT INTO cases(number, status, staff_id, applicant_id, applicant_name, created_at,"
				  " updated_at, pw_hash, json) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_text(s, 1, c->number, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, c->status, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, c->staff_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, c->applicant_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 5, c->applicant_name, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 6, c->created_at);
	sqlite3_bind_int64(s, 7, c->updated_at);
	sqlite3_bind_text(s, 8, c->pw_hash, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 9, c->json, -1, SQLITE_STATIC);
	int rc = sqlite3_step(s);
	sqlite3_reset(s);
	if (rc == SQLITE_CONSTRAINT)
		return STORE_EXISTS;
	if (rc != SQLITE_DONE) {
		sq_error(st, "case insert");
		return STORE_ERROR;
	}
	c->seq = sqlite3_last_insert_rowid(st->db);
	return STORE_OK;
}

int store_case_update(struct store *st, const struct case_rec *c)
{
	sqlite3_stmt *s = sq_stmt(st, SQ_CASE_UPDATE,
				  "UPDATE cases SET status = ?2, updated_at = ?3, json = ?4 WHERE number = ?1");
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_text(s, 1, c->number, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, c->status, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 3, c->updated_at);
	sqlite3_bind_text(s, 4, c->json, -1, SQLITE_STATIC);
	if (sq_exec_stmt(st, s) != STORE_OK)
		return STORE_ERROR;
	return sqlite3_changes(st->db) == 1 ? STORE_OK : STORE_NOTFOUND;
}

#define CASE_COLUMNS \
	"seq, number, status, staff_id, applicant_id, applicant_name, created_at, updated_at, pw_hash, json"

/* One row of CASE_COLUMNS into c (json owned). */
static void read_case(sqlite3_stmt *s, struct case_rec *c)
{
	memset(c, 0, sizeof *c);
	c->seq = sqlite3_column_int64(s, 0);
	sq_text(s, 1, c->number, sizeof c->number);
	sq_text(s, 2, c->status, sizeof c->status);
	sq_text(s, 3, c->staff_id, sizeof c->staff_id);
	sq_text(s, 4, c->applicant_id, sizeof c->applicant_id);
	sq_text(s, 5, c->applicant_name, sizeof c->applicant_name);
	c->created_at = sqlite3_column_int64(s, 6);
	c->updated_at = sqlite3_column_int64(s, 7);
	sq_text(s, 8, c->pw_hash, sizeof c->pw_hash);
	const unsigned char *j = sqlite3_column_text(s, 9);
	c->json = xstrdup(j ? (const char *)j : "{}");
}

int store_case_get(struct store *st, const char *number, struct case_rec *out)
{
	sqlite3_stmt *s = sq_stmt(st, SQ_CASE_GET, "SELECT " CASE_COLUMNS " FROM cases WHERE number = ?1");
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_text(s, 1, number, -1, SQLITE_STATIC);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		read_case(s, out);
	sqlite3_reset(s);
	if (rc == SQLITE_ROW)
		return STORE_OK;
	if (rc == SQLITE_DONE)
		return STORE_NOTFOUND;
	sq_error(st, "case");
	return STORE_ERROR;
}

/* q with LIKE's wildcards escaped by a backslash. */
static char *like_escape(const char *q)
{
	char *out = xmalloc(2 * strlen(q) + 1), *o = out;
	for (; *q; q++) {
		if (*q == '%' || *q == '_' || *q == '\\')
			*o++ = '\\';
		*o++ = *q;
	}
	*o = '\0';
	return out;
}

int store_cases_find(struct store *st, const struct case_filter *f, struct case_rec *out, int max)
{
	sqlite3_stmt *s = sq_stmt(st, SQ_CASE_FIND,
				  "SELECT " CASE_COLUMNS " FROM cases WHERE"
				  " (?1 IS NULL OR number LIKE ?2 || '%' ESCAPE '\\'"
				  "  OR applicant_name LIKE '%' || ?2 || '%' ESCAPE '\\' OR applicant_id = upper(?1))"
				  " AND (?3 IS NULL OR status = ?3) AND (?4 IS NULL OR staff_id = ?4)"
				  " AND (?5 = 0 OR seq < ?5) ORDER BY seq DESC LIMIT ?6");
	if (!s)
		return -1;
	char *esc = f->q ? like_escape(f->q) : NULL;
	if (f->q) {
		sqlite3_bind_text(s, 1, f->q, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 2, esc, -1, SQLITE_STATIC);
	}
	if (f->status)
		sqlite3_bind_text(s, 3, f->status, -1, SQLITE_STATIC);
	if (f->staff_id)
		sqlite3_bind_text(s, 4, f->staff_id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 5, f->before);
	sqlite3_bind_int(s, 6, max);
	int n = 0, rc;
	while (n < max && (rc = sqlite3_step(s)) == SQLITE_ROW)
		read_case(s, &out[n++]);
	sqlite3_reset(s);
	free(esc);
	return n;
}

void store_case_free(struct case_rec *c)
{
	if (!c)
		return;
	free(c->json);
	c->json = NULL;
}
