/* route_holdings: GET /v1/licenses, GET /v1/proofs (pages of a holder's records) and GET /v1/credit/{holder}. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "server/idparam.h"
#include "server/problem.h"
#include "server/routes.h"
#include "server/sbuf.h"
#include "server/shared.h"
#include "server/validate.h"
#include "common/timefmt.h"
#include "common/xalloc.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define CREDIT_SOURCE "信用中国（上海）公共信用信息平台"

/* A type filter fits ^[a-z][a-z0-9_]{1,63}$. */
static bool type_ok(const char *s)
{
	size_t n = strlen(s);
	if (n < 2 || n > 64 || !(s[0] >= 'a' && s[0] <= 'z'))
		return false;
	for (size_t i = 1; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '_'))
			return false;
	return true;
}

/* A cursor of these lists is the id of the last record seen. */
static bool cursor_ok(const char *s)
{
	size_t n = strlen(s);
	if (n < 1 || n > 200)
		return false;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || (unsigned char)s[i] == 0x7f)
			return false;
	return true;
}

/* {"items":[…],"next_cursor":…} from stored JSON texts. */
static void send_page(struct resp *rs, struct shared_row *rows, int n, int limit)
{
	struct sbuf b = { 0 };
	sbuf_puts(&b, "{\"items\":[");
	int shown = n > limit ? limit : n;
	for (int i = 0; i < shown; i++) {
		if (i)
			sbuf_puts(&b, ",");
		sbuf_puts(&b, rows[i].json);
	}
	sbuf_puts(&b, "],\"next_cursor\":");
	if (n > limit) {
		cJSON *c = cJSON_CreateString(rows[shown - 1].id);
		char *s = cJSON_PrintUnformatted(c);
		sbuf_puts(&b, s);
		free(s);
		cJSON_Delete(c);
	} else {
		sbuf_puts(&b, "null");
	}
	sbuf_puts(&b, "}");
	size_t len;
	char *body = sbuf_take(&b, &len);
	resp_text(rs, 200, "application/json", body, len);
}

/* GET /v1/licenses and /v1/proofs: one holder's records, optionally of one type. */
static void list_holdings(struct req *rq, struct resp *rs, enum shared_src src)
{
	if (shared_hold(rq, rs, src))
		return;
	const char *holder = req_query(rq, "holder"), *type = req_query(rq, "type"), *cur = req_query(rq, "cursor");
	struct lookup lk;
	lookup_begin(rq, &lk, src, holder);
	char id[32];
	if (idparam_check(holder, IDP_HOLDER, "holder", id, sizeof id, NULL, &lk.errs))
		scopy(lk.a.subject, sizeof lk.a.subject, id);
	long limit;
	query_int(req_query(rq, "limit"), "limit", 1, 200, 50, &limit, &lk.errs);
	if (type && !type_ok(type))
		problem_error(&lk.errs, "type", "pattern", "type must be lower-case letters, digits and _ (2 to 64)");
	if (cur && !cursor_ok(cur))
		problem_error(&lk.errs, "cursor", "format", "the cursor is not valid");
	if (type && type_ok(type))
		snprintf(lk.a.query, sizeof lk.a.query, "type=%s", type);
	if (!lookup_allowed(rq, rs, &lk))
		return;
	struct store *st = store_thread();
	struct shared_row *rows = xcalloc((size_t)limit + 1, sizeof *rows);
	int n = st ? store_shared_list(st, shared_src_name(src), id, type, cur ? cur : "", rows, (int)limit + 1) : -1;
	if (n < 0) {
		resp_problem(rs, rq, "internal", "the shared data could not be read");
		lookup_end(&lk, rs, "error", 0);
	} else {
		send_page(rs, rows, n, (int)limit);
		lookup_end(&lk, rs, n ? "found" : "not_found", n > limit ? (int)limit : n);
	}
	for (int i = 0; i < (n > 0 ? n : 0); i++)
		free(rows[i].json);
	free(rows);
	audit_write(rq, &lk.a);
}

void route_licenses(struct req *rq, struct resp *rs)
{
	list_holdings(rq, rs, SRC_LICENSES);
}

void route_proofs(struct req *rq, struct resp *rs)
{
	list_holdings(rq, rs, SRC_PROOFS);
}

#define MAX_FLAGS 64

/* GET /v1/credit/{holder}: every flag; a holder with none has an empty list. */
void route_credit(struct req *rq, struct resp *rs)
{
	if (shared_hold(rq, rs, SRC_CREDIT))
		return;
	struct lookup lk;
	lookup_begin(rq, &lk, SRC_CREDIT, rq->params[0]);
	char id[32];
	bool entity = false;
	if (idparam_check(rq->params[0], IDP_HOLDER, "holder", id, sizeof id, &entity, &lk.errs))
		scopy(lk.a.subject, sizeof lk.a.subject, id);
	if (!lookup_allowed(rq, rs, &lk))
		return;
	struct store *st = store_thread();
	struct shared_row rows[MAX_FLAGS];
	int n = st ? store_shared_list(st, "credit", id, NULL, "", rows, MAX_FLAGS) : -1;
	if (n < 0) {
		resp_problem(rs, rq, "internal", "the credit records could not be read");
		lookup_end(&lk, rs, "error", 0);
		audit_write(rq, &lk.a);
		return;
	}
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "holder", id);
	cJSON_AddStringToObject(o, "holder_type", entity ? "entity" : "person");
	cJSON *flags = cJSON_AddArrayToObject(o, "flags");
	for (int i = 0; i < n; i++) {
		cJSON *f = cJSON_Parse(rows[i].json);
		if (f)
			cJSON_AddItemToArray(flags, f);
		free(rows[i].json);
	}
	char ts[21];
	time_rfc3339(time(NULL), ts);
	cJSON_AddStringToObject(o, "source", CREDIT_SOURCE);
	cJSON_AddStringToObject(o, "as_of", ts);
	cJSON_AddBoolToObject(o, "authoritative", true);
	resp_json(rs, 200, o);
	lookup_end(&lk, rs, n ? "found" : "not_found", n);
	audit_write(rq, &lk.a);
}
