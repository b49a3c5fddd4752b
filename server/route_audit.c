/* route_audit: GET /v1/audit — the supervisor's view of shared-data lookups and case reads. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "server/model_json.h"
#include "server/problem.h"
#include "server/routes.h"
#include "server/validate.h"
#include "common/xalloc.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A staff reference {id, name, role}; the name falls back to the id. */
static cJSON *staff_ref(struct store *st, const struct audit_rec *a)
{
	struct staff s;
	cJSON *o = cJSON_CreateObject();
	bool known = store_staff_by_id(st, a->staff_id, &s) == STORE_OK;
	cJSON_AddStringToObject(o, "id", a->staff_id[0] ? a->staff_id : "-");
	cJSON_AddStringToObject(o, "name", known ? s.name : (a->staff_id[0] ? a->staff_id : "-"));
	cJSON_AddStringToObject(o, "role", known ? s.role : a->role[0] ? a->role : "clerk");
	if (known)
		memset(s.pwhash, 0, sizeof s.pwhash);
	return o;
}

/* One AuditEntry. */
static cJSON *audit_json(struct store *st, const struct audit_rec *a)
{
	cJSON *o = cJSON_CreateObject();
	char id[24];
	snprintf(id, sizeof id, "%lld", (long long)a->id);
	cJSON_AddStringToObject(o, "id", id);
	cJSON_AddItemToObject(o, "at", json_time(a->at));
	cJSON_AddItemToObject(o, "staff", staff_ref(st, a));
	if (a->purpose_kind[0]) {
		cJSON *p = cJSON_AddObjectToObject(o, "purpose");
		cJSON_AddStringToObject(p, "kind", a->purpose_kind);
		cJSON_AddStringToObject(p, "id", a->purpose);
	} else {
		cJSON_AddNullToObject(o, "purpose");
	}
	cJSON_AddStringToObject(o, "source", a->source);
	cJSON_AddStringToObject(o, "subject", a->subject);
	if (a->query[0])
		cJSON_AddStringToObject(o, "query", a->query);
	else
		cJSON_AddNullToObject(o, "query");
	cJSON_AddStringToObject(o, "result", a->result);
	cJSON_AddNumberToObject(o, "status", a->status);
	cJSON_AddNumberToObject(o, "count", a->count);
	return o;
}

/* A cursor: the id of the last entry seen. */
static bool parse_cursor(const char *s, int64_t *out)
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

void route_audit(struct req *rq, struct resp *rs)
{
	if (strcmp(rq->who->role, "supervisor") != 0) {
		resp_problem(rs, rq, "forbidden", "only a supervisor may read the audit log");
		return;
	}
	cJSON *errs = NULL;
	long limit;
	query_int(req_query(rq, "limit"), "limit", 1, 200, 50, &limit, &errs);
	const char *subject = req_query(rq, "subject"), *staff = req_query(rq, "staff"), *cur = req_query(rq, "cursor");
	int64_t before = 0;
	if (cur && !parse_cursor(cur, &before))
		problem_error(&errs, "cursor", "format", "the cursor is not valid");
	if (subject && (!*subject || strlen(subject) > 64))
		problem_error(&errs, "subject", "too_long", "subject must be 1 to 64 characters");
	if (staff && (!*staff || strlen(staff) > 80))
		problem_error(&errs, "staff", "too_long", "staff must be 1 to 80 characters");
	if (errs) {
		resp_invalid(rs, rq, errs);
		return;
	}
	/* Identifiers are stored upper case (a trailing x is an X). */
	char subj[72] = "";
	if (subject) {
		for (size_t i = 0; subject[i] && i + 1 < sizeof subj; i++)
			subj[i] = (char)(subject[i] >= 'a' && subject[i] <= 'z' ? subject[i] - 32 : subject[i]);
		subj[strlen(subject) < sizeof subj ? strlen(subject) : sizeof subj - 1] = '\0';
	}
	struct store *st = store_thread();
	struct audit_rec *rows = xcalloc((size_t)limit + 1, sizeof *rows);
	int n = st ? store_audit_list(st, subject ? subj : NULL, staff, before, rows, (int)limit + 1) : -1;
	if (n < 0) {
		free(rows);
		resp_problem(rs, rq, "internal", "the audit log could not be read");
		return;
	}
	cJSON *o = cJSON_CreateObject();
	cJSON *items = cJSON_AddArrayToObject(o, "items");
	int shown = n > limit ? (int)limit : n;
	for (int i = 0; i < shown; i++)
		cJSON_AddItemToArray(items, audit_json(st, &rows[i]));
	if (n > limit) {
		char c[24];
		snprintf(c, sizeof c, "%lld", (long long)rows[shown - 1].id);
		cJSON_AddStringToObject(o, "next_cursor", c);
	} else {
		cJSON_AddNullToObject(o, "next_cursor");
	}
	free(rows);
	resp_json(rs, 200, o);
}
