/* route_cases: POST/GET /v1/cases, GET /v1/cases/{number} (audited) and its materials, payment and evaluation. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "server/cases.h"
#include "server/cases_int.h"
#include "server/problem.h"
#include "server/routes.h"
#include "server/sbuf.h"
#include "server/shared.h"
#include "server/validate.h"
#include "common/jsonx.h"
#include "common/xalloc.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Counter staff accept and change cases; remote-assist agents only read. */
static bool may_change(struct req *rq, struct resp *rs)
{
	if (strcmp(rq->who->role, "agent") != 0)
		return true;
	resp_problem(rs, rq, "forbidden", "only counter staff and supervisors handle cases");
	return false;
}

/* The answer for an outcome: the object with ok_status, or the problem. */
static void outcome(struct req *rq, struct resp *rs, enum case_rc rc, cJSON *obj, cJSON *errs, const char *detail,
		    unsigned ok_status)
{
	switch (rc) {
	case CASE_OK:
		resp_json(rs, ok_status, obj);
		cJSON_Delete(errs);
		return;
	case CASE_INVALID:
		resp_invalid(rs, rq, errs);
		break;
	case CASE_NOT_FOUND:
		cJSON_Delete(errs);
		resp_problem(rs, rq, "not-found", "there is no case %s", rq->nparams ? rq->params[0] : "");
		break;
	case CASE_CONFLICT:
		cJSON_Delete(errs);
		resp_problem(rs, rq, "conflict", "%s", detail && *detail ? detail : "the case's state does not allow this");
		break;
	default:
		cJSON_Delete(errs);
		resp_problem(rs, rq, "internal", "the case could not be stored");
		break;
	}
	cJSON_Delete(obj);
}

void route_case_create(struct req *rq, struct resp *rs)
{
	if (!may_change(rq, rs))
		return;
	cJSON *errs = NULL;
	if (!req_header(rq, "Idempotency-Key"))
		problem_error(&errs, "Idempotency-Key", "required",
			      "Idempotency-Key is required: submit each case with a new random key and retry with the same one");
	if (!rq->json)
		problem_error(&errs, "body", "required", "the request body (a CaseCreate) is required");
	if (errs) {
		resp_invalid(rs, rq, errs);
		return;
	}
	struct store *st = store_thread();
	if (!st) {
		resp_problem(rs, rq, "internal", "the database is not available");
		return;
	}
	struct case_actor who = { rq->who->staff_id, rq->who->window_id };
	cJSON *c = NULL;
	char detail[160] = "";
	enum case_rc rc = cases_create(st, &who, rq->json, time(NULL), &c, &errs, detail, sizeof detail);
	char *loc = rc == CASE_OK ? xasprintf("/v1/cases/%s", json_str(c, "number", "")) : NULL;
	outcome(rq, rs, rc, c, errs, detail, 201);
	if (loc)
		resp_header(rs, "Location", loc);
	free(loc);
}

/* A cursor of the case list: the seq of the last case seen. */
static bool read_seq(const char *s, int64_t *out)
{
	if (!s || !*s || strlen(s) > 19 || strspn(s, "0123456789") != strlen(s))
		return false;
	errno = 0;
	long long v = strtoll(s, NULL, 10);
	if (errno || v <= 0)
		return false;
	*out = v;
	return true;
}

void route_cases_list(struct req *rq, struct resp *rs)
{
	static const char *const statuses[] = { "accepted", "in_progress", "awaiting_materials", "awaiting_payment",
						"approved", "rejected", "ready", "completed", "withdrawn" };
	cJSON *errs = NULL;
	long limit;
	query_int(req_query(rq, "limit"), "limit", 1, 200, 50, &limit, &errs);
	struct case_filter f = { 0 };
	const char *cur = req_query(rq, "cursor");
	if (cur && !read_seq(cur, &f.before))
		problem_error(&errs, "cursor", "format", "the cursor is not valid");
	f.q = req_query(rq, "q");
	size_t chars = 0;
	if (f.q && (!text_valid(f.q, false, &chars) || chars < 1 || chars > 100))
		problem_error(&errs, "q", "format", "q must be 1 to 100 characters of text");
	f.status = req_query(rq, "status");
	bool known = false;
	for (size_t i = 0; f.status && i < sizeof statuses / sizeof statuses[0]; i++)
		known = known || strcmp(statuses[i], f.status) == 0;
	if (f.status && !known)
		problem_error(&errs, "status", "enum", "status is not a case status");
	const char *mine = req_query(rq, "mine");
	if (mine && strcmp(mine, "true") != 0 && strcmp(mine, "false") != 0)
		problem_error(&errs, "mine", "type", "mine must be true or false");
	if (mine && strcmp(mine, "true") == 0)
		f.staff_id = rq->who->staff_id;
	if (errs) {
		resp_invalid(rs, rq, errs);
		return;
	}
	struct store *st = store_thread();
	struct case_rec *rows = xcalloc((size_t)limit + 1, sizeof *rows);
	int n = st ? store_cases_find(st, &f, rows, (int)limit + 1) : -1;
	if (n < 0) {
		free(rows);
		resp_problem(rs, rq, "internal", "the cases could not be read");
		return;
	}
	cJSON *o = cJSON_CreateObject();
	cJSON *items = cJSON_AddArrayToObject(o, "items");
	int shown = n > limit ? (int)limit : n;
	for (int i = 0; i < shown; i++) {
		cJSON *c = cJSON_Parse(rows[i].json);
		if (c)
			cJSON_AddItemToArray(items, case_summary(c));
		cJSON_Delete(c);
	}
	if (n > limit) {
		char b[24];
		snprintf(b, sizeof b, "%lld", (long long)rows[shown - 1].seq);
		cJSON_AddStringToObject(o, "next_cursor", b);
	} else {
		cJSON_AddNullToObject(o, "next_cursor");
	}
	for (int i = 0; i < n; i++)
		store_case_free(&rows[i]);
	free(rows);
	resp_json(rs, 200, o);
}

/* The full case is personal data: every read goes to the audit log. */
void route_case_get(struct req *rq, struct resp *rs)
{
	struct audit_rec a = { 0 };
	scopy(a.source, sizeof a.source, "cases");
	scopy(a.subject, sizeof a.subject, rq->params[0]);
	const char *t = req_header(rq, "X-Ticket");
	scopy(a.purpose_kind, sizeof a.purpose_kind, t && *t && strlen(t) < sizeof a.purpose ? "ticket" : "case");
	scopy(a.purpose, sizeof a.purpose, t && *t && strlen(t) < sizeof a.purpose ? t : rq->params[0]);
	struct store *st = store_thread();
	cJSON *c = NULL;
	enum case_rc rc = st ? cases_get(st, rq->params[0], &c) : CASE_ERROR;
	outcome(rq, rs, rc, c, NULL, NULL, 200);
	scopy(a.result, sizeof a.result, rc == CASE_OK ? "found" : rc == CASE_NOT_FOUND ? "not_found" : "error");
	a.status = (int)rs->status;
	a.count = rc == CASE_OK;
	audit_write(rq, &a);
}

/* The three changes share their shape. */
typedef enum case_rc (*change_fn)(struct store *, const struct case_actor *, const char *, const cJSON *, int64_t,
				  cJSON **, cJSON **, char *, size_t);

static void change(struct req *rq, struct resp *rs, change_fn fn, unsigned ok_status)
{
	if (!may_change(rq, rs))
		return;
	cJSON *errs = NULL;
	if (!rq->json) {
		problem_error(&errs, "body", "required", "the request body is required");
		resp_invalid(rs, rq, errs);
		return;
	}
	struct store *st = store_thread();
	struct case_actor who = { rq->who->staff_id, rq->who->window_id };
	cJSON *out = NULL;
	char detail[160] = "";
	enum case_rc rc = st ? fn(st, &who, rq->params[0], rq->json, time(NULL), &out, &errs, detail, sizeof detail)
			     : CASE_ERROR;
	outcome(rq, rs, rc, out, errs, detail, ok_status);
}

void route_case_materials(struct req *rq, struct resp *rs)
{
	change(rq, rs, cases_materials, 200);
}

void route_case_payment(struct req *rq, struct resp *rs)
{
	change(rq, rs, cases_payment, 200);
}

void route_case_evaluation(struct req *rq, struct resp *rs)
{
	change(rq, rs, cases_evaluate, 201);
}
