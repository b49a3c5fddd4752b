/* store_sqlite_kb: knowledge-base articles, their change log and the FTS5 search index in SQLite. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "server/store_kb.h"
#include "server/store_sqlite.h"
#include "server/sbuf.h"
#include "common/xalloc.h"
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * kb_articles keeps one row per article with seq (the rowid) the position
 * of its last write; kb_fts is a contentless FTS5 index whose rowid is the
 * same seq, so newer writes come first in a rowid-descending scan.
 */

static int bind_terms(sqlite3_stmt *s, int first, const struct kb_terms *t)
{
	const char *cols[] = { t->title, t->py, t->kw, t->kwpy, t->body, t->mt };
	for (int i = 0; i < 6; i++)
		sqlite3_bind_text(s, first + i, cols[i] ? cols[i] : "", -1, SQLITE_STATIC);
	return first + 6;
}

int store_kb_index_add(struct store *st, int64_t seq, const struct kb_terms *t)
{
	sqlite3_stmt *s = sq_stmt(st, SQ_KB_FTS_ADD,
				  "INSERT INTO kb_fts(rowid, title, py, kw, kwpy, body, mt) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)");
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, seq);
	bind_terms(s, 2, t);
	return sq_exec_stmt(st, s);
}

/* Remove an entry of the contentless index: FTS5 needs the very terms. */
static int index_remove(struct store *st, int64_t seq, const struct kb_terms *t)
{
	sqlite3_stmt *s = sq_stmt(st, SQ_KB_FTS_DEL,
				  "INSERT INTO kb_fts(kb_fts, rowid, title, py, kw, kwpy, body, mt) "
				  "VALUES('delete', ?1, ?2, ?3, ?4, ?5, ?6, ?7)");
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, seq);
	bind_terms(s, 2, t);
	return sq_exec_stmt(st, s);
}

int store_kb_index_clear(struct store *st)
{
	char *msg = NULL;
	if (sqlite3_exec(st->db, "INSERT INTO kb_fts(kb_fts) VALUES('delete-all')", NULL, NULL, &msg) != SQLITE_OK) {
		fprintf(stderr, "yichuangd: database: kb index: %s\n", msg ? msg : "?");
		sqlite3_free(msg);
		return STORE_ERROR;
	}
	return STORE_OK;
}

int store_kb_bulk(struct store *st, bool on)
{
	/* FTS5 merges its segments while it writes: with the default 2 MB
	 * page cache it reads back what it just wrote */
	const char *sql = on ? "PRAGMA cache_size = -131072" : "PRAGMA cache_size = -2000";
	return sqlite3_exec(st->db, sql, NULL, NULL, NULL) == SQLITE_OK ? STORE_OK : STORE_ERROR;
}

int store_kb_log(struct store *st, int64_t *last, int64_t *floor)
{
	sqlite3_stmt *s = sq_stmt(st, SQ_KB_MAX, "SELECT COALESCE(MAX(seq), 0) FROM kb_articles");
	if (!s)
		return STORE_ERROR;
	int rc = sqlite3_step(s);
	int64_t v = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : -1;
	sqlite3_reset(s);
	if (v < 0)
		return STORE_ERROR;
	if (last)
		*last = v;
	if (floor) {
		char buf[24];
		*floor = 0;
		int m = store_meta_get(st, "kb_floor", buf, sizeof buf);
		if (m == STORE_ERROR)
			return STORE_ERROR;
		if (m == STORE_OK)
			*floor = strtoll(buf, NULL, 10);
	}
	return STORE_OK;
}

int store_kb_write(struct store *st, const struct kb_write *w, int64_t *seq_out)
{
	int64_t last;
	if (store_kb_log(st, &last, NULL) != STORE_OK)
		return STORE_ERROR;
	if (w->old_seq > 0 && w->old_terms && index_remove(st, w->old_seq, w->old_terms) != STORE_OK)
		return STORE_ERROR;
	int64_t seq = last + 1;
	sqlite3_stmt *s = sq_stmt(st, SQ_KB_PUT,
				  "INSERT OR REPLACE INTO kb_articles(seq, id, origin, version, at, hash, deleted, json) "
				  "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, seq);
	sqlite3_bind_text(s, 2, w->id, -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 3, w->origin);
	sqlite3_bind_int(s, 4, w->version);
	sqlite3_bind_int64(s, 5, w->at);
	sqlite3_bind_text(s, 6, w->json ? w->hash : "", -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 7, w->json == NULL);
	if (w->json)
		sqlite3_bind_text(s, 8, w->json, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(s, 8);
	if (sq_exec_stmt(st, s) != STORE_OK)
		return STORE_ERROR;
	if (w->json && w->terms && store_kb_index_add(st, seq, w->terms) != STORE_OK)
		return STORE_ERROR;
	if (seq_out)
		*seq_out = seq;
	return STORE_OK;
}

#define ROW_COLS "seq, id, origin, version, at, hash, deleted"

/* A row from the columns of ROW_COLS (and json as column 7 when with_json). */
static void read_row(sqlite3_stmt *s, struct kb_row *r, bool with_json)
{
	memset(r, 0, sizeof *r);
	r->seq = sqlite3_column_int64(s, 0);
	sq_text(s, 1, r->id, sizeof r->id);
	r->origin = sqlite3_column_int(s, 2);
	r->version = sqlite3_column_int(s, 3);
	r->at = sqlite3_column_int64(s, 4);
	sq_text(s, 5, r->hash, sizeof r->hash);
	r->deleted = sqlite3_column_int(s, 6) != 0;
	const unsigned char *j = with_json ? sqlite3_column_text(s, 7) : NULL;
	r->json = j && !r->deleted ? xstrdup((const char *)j) : NULL;
}

void store_kb_row_free(struct kb_row *r)
{
	free(r->json);
	r->json = NULL;
}

void store_kb_rows_free(struct kb_row *rows, int n)
{
	for (int i = 0; i < n; i++)
		store_kb_row_free(&rows[i]);
	free(rows);
}

int store_kb_list(struct store *st, int origin, struct kb_row **out)
{
	sqlite3_stmt *s = sq_stmt(st, SQ_KB_LIST, "SELECT " ROW_COLS " FROM kb_articles WHERE origin = ?1 ORDER BY id");
	*out = NULL;
	if (!s)
		return -1;
	sqlite3_bind_int(s, 1, origin);
	int n = 0, cap = 0, rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (n == cap) {
			cap = cap ? cap * 2 : 256;
			*out = xrealloc(*out, (size_t)cap * sizeof **out);
		}
		read_row(s, &(*out)[n++], false);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE) {
		sq_error(st, "kb list");
		store_kb_rows_free(*out, n);
		*out = NULL;
		return -1;
	}
	return n;
}

/* One row from a statement with the key bound. */
static int get_one(struct store *st, sqlite3_stmt *s, struct kb_row *out)
{
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		read_row(s, out, true);
	sqlite3_reset(s);
	if (rc == SQLITE_ROW)
		return STORE_OK;
	if (rc == SQLITE_DONE)
		return STORE_NOTFOUND;
	sq_error(st, "kb get");
	return STORE_ERROR;
}

int store_kb_get(struct store *st, const char *id, struct kb_row *out)
{
	sqlite3_stmt *s = sq_stmt(st, SQ_KB_GET, "SELECT " ROW_COLS ", json FROM kb_articles WHERE id = ?1");
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_text(s, 1, id, -1, SQLITE_STATIC);
	return get_one(st, s, out);
}

int store_kb_at(struct store *st, int64_t seq, struct kb_row *out)
{
	sqlite3_stmt *s = sq_stmt(st, SQ_KB_AT, "SELECT " ROW_COLS ", json FROM kb_articles WHERE seq = ?1");
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, seq);
	return get_one(st, s, out);
}

int store_kb_changes(struct store *st, int64_t after, struct kb_row *out, int max)
{
	sqlite3_stmt *s = sq_stmt(st, SQ_KB_CHANGES,
				  "SELECT " ROW_COLS ", json FROM kb_articles WHERE seq > ?1 ORDER BY seq LIMIT ?2");
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, after);
	sqlite3_bind_int(s, 2, max);
	int n = 0, rc;
	while (n < max && (rc = sqlite3_step(s)) == SQLITE_ROW)
		read_row(s, &out[n++], true);
	if (n < max && rc != SQLITE_DONE) {
		sqlite3_reset(s);
		sq_error(st, "kb changes");
		for (int i = 0; i < n; i++)
			store_kb_row_free(&out[i]);
		return -1;
	}
	sqlite3_reset(s);
	return n;
}

int store_kb_purge(struct store *st, int64_t before, int *purged)
{
	sqlite3_stmt *q = sq_stmt(st, SQ_KB_PURGE_MAX,
				  "SELECT COALESCE(MAX(seq), 0), COUNT(*) FROM kb_articles WHERE deleted = 1 AND at < ?1 "
				  "AND seq < (SELECT MAX(seq) FROM kb_articles)");
	if (!q)
		return STORE_ERROR;
	sqlite3_bind_int64(q, 1, before);
	int rc = sqlite3_step(q);
	int64_t top = rc == SQLITE_ROW ? sqlite3_column_int64(q, 0) : -1;
	int n = rc == SQLITE_ROW ? sqlite3_column_int(q, 1) : 0;
	sqlite3_reset(q);
	if (top < 0)
		return STORE_ERROR;
	if (purged)
		*purged = n;
	if (n == 0)
		return STORE_OK;
	sqlite3_stmt *d = sq_stmt(st, SQ_KB_PURGE, "DELETE FROM kb_articles WHERE deleted = 1 AND at < ?1 AND seq <= ?2");
	if (!d)
		return STORE_ERROR;
	sqlite3_bind_int64(d, 1, before);
	sqlite3_bind_int64(d, 2, top);
	if (sq_exec_stmt(st, d) != STORE_OK)
		return STORE_ERROR;
	int64_t floor;
	if (store_kb_log(st, NULL, &floor) != STORE_OK)
		return STORE_ERROR;
	if (top > floor) {
		char buf[24];
		snprintf(buf, sizeof buf, "%" PRId64, top);
		return store_meta_set(st, "kb_floor", buf);
	}
	return STORE_OK;
}

int store_kb_count(struct store *st, int *live, int *tombstones)
{
	sqlite3_stmt *s = sq_stmt(st, SQ_KB_COUNT, "SELECT COALESCE(SUM(deleted = 0), 0), COALESCE(SUM(deleted), 0) FROM kb_articles");
	if (!s)
		return STORE_ERROR;
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		if (live)
			*live = sqlite3_column_int(s, 0);
		if (tombstones)
			*tombstones = sqlite3_column_int(s, 1);
	}
	sqlite3_reset(s);
	return rc == SQLITE_ROW ? STORE_OK : STORE_ERROR;
}

/* ---- search: the query as an FTS5 expression ---- */

/* Index columns of each family, and of each tier. */
static const struct {
	unsigned family;
	const char *cols[4];
} family_cols[] = {
	{ KB_F_SHORT, { "title", "kw" } },
	{ KB_F_BODY, { "body" } },
	{ KB_F_PINYIN, { "py", "kwpy" } },
};
static const char *const tier_cols[4][6] = {
	[1] = { "title", "py", "kw", "kwpy", "body" },
	[2] = { "title", "py", "kw", "kwpy" },
	[3] = { "title", "py" },
};

static bool in_tier(int tier, const char *col)
{
	for (int i = 0; tier_cols[tier][i]; i++)
		if (strcmp(tier_cols[tier][i], col) == 0)
			return true;
	return false;
}

/* "{title kw} : ("a b")" for the columns of the phrase's family inside the
 * tier; false when none is. Tokens are letters, digits and Han characters
 * only (kb_query_parse), so quoting them needs no escapes. */
static bool phrase_expr(struct sbuf *b, const struct kb_phrase *p, int tier)
{
	const char *const *cols = NULL;
	for (size_t i = 0; i < sizeof family_cols / sizeof family_cols[0]; i++)
		if (family_cols[i].family == p->family)
			cols = family_cols[i].cols;
	if (!cols || p->ntok == 0)
		return false;
	int n = 0;
	for (int i = 0; i < 4 && cols[i]; i++) {
		if (!in_tier(tier, cols[i]))
			continue;
		sbuf_puts(b, n++ ? " " : "{");
		sbuf_puts(b, cols[i]);
	}
	if (!n)
		return false;
	sbuf_puts(b, "} : \"");
	for (int i = 0; i < p->ntok; i++)
		sbuf_printf(b, "%s%s", i ? " " : "", p->tok[i]);
	sbuf_puts(b, p->prefix ? "\" *" : "\"");
	return true;
}

/* Every term in the tier's columns; false when a term cannot match there. */
static bool tier_expr(struct sbuf *b, const struct kb_query *q, int tier)
{
	for (int t = 0; t < q->nterm; t++) {
		const struct kb_qterm *qt = &q->term[t];
		struct sbuf alt = { 0 };
		int n = 0;
		for (int a = 0; a < qt->nalt; a++) {
			struct sbuf one = { 0 };
			if (phrase_expr(&one, &qt->alt[a], tier)) {
				sbuf_puts(&alt, n++ ? " OR " : "");
				sbuf_add(&alt, one.p, one.len);
			}
			sbuf_free(&one);
		}
		if (!n) {
			sbuf_free(&alt);
			return false;
		}
		sbuf_printf(b, "%s(%s)", t ? " AND " : "", alt.p);
		sbuf_free(&alt);
	}
	return q->nterm > 0;
}

/* The FTS5 expression of a tier without the hits of the tier above. */
static char *match_expr(const struct kb_query *q, int tier)
{
	struct sbuf b = { 0 }, hi = { 0 };
	sbuf_puts(&b, "(");
	if (!tier_expr(&b, q, tier)) {
		sbuf_free(&b);
		return NULL;
	}
	sbuf_puts(&b, ")");
	if (tier < 3 && tier_expr(&hi, q, tier + 1))
		sbuf_printf(&b, " NOT (%s)", hi.p);
	sbuf_free(&hi);
	if (q->matter[0])
		sbuf_printf(&b, " AND mt : \"%s\"", q->matter);
	size_t len;
	return sbuf_take(&b, &len);
}

int store_kb_search(struct store *st, const struct kb_query *q, int tier, int64_t below, int64_t *seqs, int max)
{
	if (tier < 1 || tier > 3)
		return 0;
	char *expr = match_expr(q, tier);
	if (!expr)
		return 0;
	sqlite3_stmt *s = sq_stmt(st, SQ_KB_SEARCH,
				  "SELECT rowid FROM kb_fts WHERE kb_fts MATCH ?1 AND rowid < ?2 ORDER BY rowid DESC LIMIT ?3");
	if (!s) {
		free(expr);
		return -1;
	}
	sqlite3_bind_text(s, 1, expr, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, below > 0 ? below : INT64_MAX);
	sqlite3_bind_int(s, 3, max);
	int n = 0, rc;
	while (n < max && (rc = sqlite3_step(s)) == SQLITE_ROW)
		seqs[n++] = sqlite3_column_int64(s, 0);
	bool bad = n < max && rc != SQLITE_DONE;
	if (bad)
		fprintf(stderr, "yichuangd: database: kb search: %s (%s)\n", sqlite3_errmsg(st->db), expr);
	sqlite3_reset(s);
	free(expr);
	return bad ? -1 : n;
}
