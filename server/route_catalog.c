/* route_catalog: GET /v1/matters (search and delta sync), /v1/matters/{code}, /v1/bundles and /v1/forms/{id}. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "server/catalog.h"
#include "server/model_json.h"
#include "server/problem.h"
#include "server/routes.h"
#include "server/sbuf.h"
#include "server/validate.h"
#include "common/timefmt.h"
#include "common/xalloc.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Paging cursors of the catalog are offsets into the (stable) result. */
static bool read_offset(const char *s, long *out, cJSON **errs)
{
	*out = 0;
	if (!s)
		return true;
	errno = 0;
	char *end;
	long v = strtol(s, &end, 10);
	if (!*s || *end || errno || v < 0 || v > 1000000 || !(*s >= '0' && *s <= '9')) {
		problem_error(errs, "cursor", "format", "the cursor is not valid");
		return false;
	}
	*out = v;
	return true;
}

/* A query string of 1..max characters of clean text. */
static const char *query_text(const struct req *rq, const char *name, size_t max, cJSON **errs)
{
	const char *v = req_query(rq, name);
	size_t chars;
	if (!v)
		return NULL;
	if (!text_valid(v, false, &chars) || chars < 1 || chars > max) {
		problem_error(errs, name, chars > max ? "too_long" : "format", "%s must be 1 to %zu characters of text",
			      name, max);
		return NULL;
	}
	return v;
}

/* "next_cursor": the next offset or null. */
static void add_next(struct sbuf *b, size_t next, size_t total)
{
	if (next < total)
		sbuf_printf(b, "],\"next_cursor\":\"%zu\"", next);
	else
		sbuf_puts(b, "],\"next_cursor\":null");
}

/* The codes removed from the catalog after since. */
static void add_deleted(struct sbuf *b, int64_t since)
{
	sbuf_puts(b, ",\"deleted\":[");
	bool first = true;
	for (size_t i = 0; i < catalog_matter_count(); i++) {
		const struct cat_matter *m = catalog_matter_at(i);
		if (!m->deleted_at || m->deleted_at <= since)
			continue;
		char ts[21];
		time_rfc3339((time_t)m->deleted_at, ts);
		cJSON *c = cJSON_CreateString(m->code);
		char *code = cJSON_PrintUnformatted(c);
		cJSON_Delete(c);
		sbuf_printf(b, "%s{\"code\":%s,\"deleted_at\":\"%s\"}", first ? "" : ",", code, ts);
		free(code);
		first = false;
	}
	sbuf_puts(b, "]");
}

void route_matters(struct req *rq, struct resp *rs)
{
	cJSON *errs = NULL;
	long limit, offset;
	query_int(req_query(rq, "limit"), "limit", 1, 200, 50, &limit, &errs);
	read_offset(req_query(rq, "cursor"), &offset, &errs);
	const char *q = query_text(rq, "q", 100, &errs);
	const char *dept = query_text(rq, "department", 32, &errs);
	const char *since_s = req_query(rq, "since");
	int64_t since = -1;
	if (since_s) {
		time_t t = time_parse_rfc3339(since_s);
		if (t < 0)
			problem_error(&errs, "since", "format", "since must be an RFC 3339 time such as 2026-11-23T08:15:02Z");
		since = t;
	}
	if (errs) {
		resp_invalid(rs, rq, errs);
		return;
	}
	size_t n = catalog_matter_count();
	const struct cat_matter **hits = xcalloc(n + 1, sizeof *hits);
	size_t total = catalog_search(q, dept, since, hits, n);
	struct sbuf b = { 0 };
	sbuf_puts(&b, "{\"items\":[");
	size_t end = (size_t)offset + (size_t)limit;
	for (size_t i = (size_t)offset; i < total && i < end; i++) {
		if (i > (size_t)offset)
			sbuf_puts(&b, ",");
		sbuf_puts(&b, hits[i]->summary);
	}
	add_next(&b, end, total);
	if (since >= 0)
		add_deleted(&b, since);
	sbuf_puts(&b, "}");
	free(hits);
	size_t len;
	char *body = sbuf_take(&b, &len);
	resp_text(rs, 200, "application/json", body, len);
}

void route_matter(struct req *rq, struct resp *rs)
{
	const struct cat_matter *m = catalog_matter(rq->params[0], false);
	if (!m) {
		resp_problem(rs, rq, "not-found", "no matter has the code %s", rq->params[0]);
		return;
	}
	resp_text(rs, 200, "application/json", xstrdup(m->full), strlen(m->full));
}

void route_bundles(struct req *rq, struct resp *rs)
{
	cJSON *errs = NULL;
	long limit, offset;
	query_int(req_query(rq, "limit"), "limit", 1, 200, 50, &limit, &errs);
	read_offset(req_query(rq, "cursor"), &offset, &errs);
	if (errs) {
		resp_invalid(rs, rq, errs);
		return;
	}
	struct sbuf b = { 0 };
	sbuf_puts(&b, "{\"items\":[");
	size_t shown = 0, seen = 0, end = (size_t)offset + (size_t)limit;
	for (size_t i = 0; i < catalog_bundle_count(); i++) {
		const struct cat_bundle *bd = catalog_bundle_at(i);
		if (bd->deleted)
			continue;
		if (seen >= (size_t)offset && seen < end) {
			sbuf_printf(&b, "%s%s", shown ? "," : "", bd->json);
			shown++;
		}
		seen++;
	}
	add_next(&b, end, seen);
	sbuf_puts(&b, "}");
	size_t len;
	char *body = sbuf_take(&b, &len);
	resp_text(rs, 200, "application/json", body, len);
}

void route_form(struct req *rq, struct resp *rs)
{
	cJSON *errs = NULL;
	long version;
	query_int(req_query(rq, "version"), "version", 1, 1000000, 0, &version, &errs);
	if (errs) {
		resp_invalid(rs, rq, errs);
		return;
	}
	const struct cat_form *f = catalog_form(rq->params[0], (int)version);
	if (!f) {
		if (version)
			resp_problem(rs, rq, "not-found", "form %s has no version %ld", rq->params[0], version);
		else
			resp_problem(rs, rq, "not-found", "no form has the id %s", rq->params[0]);
		return;
	}
	resp_text(rs, 200, "application/json", xstrdup(f->json), strlen(f->json));
}
