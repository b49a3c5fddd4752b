/* route_kb: GET /v1/kb/search, /v1/kb/articles/{id} and /v1/kb/changes (delta sync of the clients' local index). */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "server/catalog.h"
#include "server/kb_search.h"
#include "server/problem.h"
#include "server/routes.h"
#include "server/validate.h"
#include "common/xalloc.h"
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* s is min..max bytes of letters, digits and "-" (and "_" when underscore). */
static bool id_chars(const char *s, size_t min, size_t max, bool underscore)
{
	size_t n = strlen(s);
	if (n < min || n > max)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
		      (underscore && c == '_')))
			return false;
	}
	return true;
}

void route_kb_search(struct req *rq, struct resp *rs)
{
	cJSON *errs = NULL;
	long limit;
	query_int(req_query(rq, "limit"), "limit", 1, 200, 50, &limit, &errs);
	const char *q = req_query(rq, "q");
	size_t chars = 0;
	if (!q)
		problem_error(&errs, "q", "required", "q (the search words) is required");
	else if (!text_valid(q, false, &chars) || chars < 1)
		problem_error(&errs, "q", "format", "q must be 1 to 100 characters of text");
	else if (chars > 100)
		problem_error(&errs, "q", "too_long", "q must be 1 to 100 characters of text");
	const char *matter = req_query(rq, "matter");
	if (matter && !id_chars(matter, 4, 64, false))
		problem_error(&errs, "matter", "pattern", "matter must be a matter code such as 310104-000112-001");
	const char *cur = req_query(rq, "cursor");
	int tier = 3;
	int64_t below = 0;
	if (cur && !kb_cursor_parse(cur, &tier, &below))
		problem_error(&errs, "cursor", "format", "the cursor is not valid");
	if (errs) {
		resp_invalid(rs, rq, errs);
		return;
	}
	struct kb_query *kq = xcalloc(1, sizeof *kq);
	struct store *st = store_thread();
	char *body = NULL;
	size_t len = 0;
	if (!kb_query_parse(q, kq)) {
		body = xstrdup("{\"items\":[],\"next_cursor\":null}");
		len = strlen(body);
	} else if (st) {
		if (matter) {
			const struct cat_matter *m = catalog_matter(matter, true);
			kb_matter_token(m ? m->code : matter, kq->matter, sizeof kq->matter);
		}
		body = kb_search_page(st, kq, tier, below, (int)limit, &len);
	}
	free(kq);
	if (!body) {
		resp_problem(rs, rq, "internal", "the knowledge base could not be searched");
		return;
	}
	resp_text(rs, 200, "application/json", body, len);
}

void route_kb_article(struct req *rq, struct resp *rs)
{
	const char *id = rq->params[0];
	struct store *st = store_thread();
	struct kb_row r;
	int rc = id_chars(id, 1, 64, true) ? (st ? store_kb_get(st, id, &r) : STORE_ERROR) : STORE_NOTFOUND;
	if (rc == STORE_ERROR) {
		resp_problem(rs, rq, "internal", "the knowledge base could not be read");
		return;
	}
	if (rc == STORE_NOTFOUND || r.deleted || !r.json) {
		if (rc == STORE_OK && r.deleted)
			resp_problem(rs, rq, "not-found", "article %s was withdrawn", id);
		else
			resp_problem(rs, rq, "not-found", "no article has the id %s", id);
		if (rc == STORE_OK)
			store_kb_row_free(&r);
		return;
	}
	size_t len = strlen(r.json);
	resp_text(rs, 200, "application/json", r.json, len);
}

/* A sync token or change cursor: digits only (the cursor with an "s"
 * before them). Sets *big when the digits do not fit. */
static bool read_seq(const char *s, bool cursor, int64_t *out, bool *big)
{
	*big = false;
	if (cursor && *s++ != 's')
		return false;
	size_t n = strlen(s);
	if (n < 1 || n > 19 || strspn(s, "0123456789") != n)
		return false;
	errno = 0;
	unsigned long long v = strtoull(s, NULL, 10);
	if (errno || v > INT64_MAX) {
		*big = true;
		return !cursor;
	}
	*out = (int64_t)v;
	return true;
}

void route_kb_changes(struct req *rq, struct resp *rs)
{
	cJSON *errs = NULL;
	long limit;
	query_int(req_query(rq, "limit"), "limit", 1, 200, 50, &limit, &errs);
	const char *since_s = req_query(rq, "since"), *cur = req_query(rq, "cursor");
	int64_t since = 0, from = 0;
	bool big = false, big_cur = false;
	if (!since_s)
		problem_error(&errs, "since", "required", "since (the sync_token of the last sync, or 0) is required");
	else if (!read_seq(since_s, false, &since, &big))
		problem_error(&errs, "since", "pattern", "since must be a sync_token: 1 to 19 digits");
	if (cur && !read_seq(cur, true, &from, &big_cur))
		problem_error(&errs, "cursor", "format", "the cursor is not valid");
	if (errs) {
		resp_invalid(rs, rq, errs);
		return;
	}
	struct store *st = store_thread();
	int64_t last = 0, floor = 0;
	if (!st || store_kb_log(st, &last, &floor) != STORE_OK) {
		resp_problem(rs, rq, "internal", "the knowledge base could not be read");
		return;
	}
	if (big || since > last) {
		resp_problem(rs, rq, "sync-expired",
			     "sync token %s is ahead of this server's change log (at %" PRId64 "); sync again from 0",
			     since_s, last);
		return;
	}
	if (since > 0 && since < floor) {
		resp_problem(rs, rq, "sync-expired",
			     "sync token %s is older than the change log (kept from %" PRId64 "); sync again from 0",
			     since_s, floor);
		return;
	}
	size_t len;
	char *body = kb_changes_page(st, from > since ? from : since, (int)limit, &len);
	if (!body) {
		resp_problem(rs, rq, "internal", "the knowledge base could not be read");
		return;
	}
	resp_text(rs, 200, "application/json", body, len);
}
