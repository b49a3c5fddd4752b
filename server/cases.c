/* cases: accepting a case (受理) — number, query password, materials, fee, due date, timeline — and reading it. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "server/cases.h"
#include "server/auth.h"
#include "server/case_calc.h"
#include "server/cases_int.h"
#include "server/events.h"
#include "server/model_json.h"
#include "server/queue.h"
#include "server/sbuf.h"
#include "common/jsonx.h"
#include "common/timefmt.h"
#include "common/xalloc.h"
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* The local date of t: "YYYY-MM-DD" and its parts. */
static void local_day(int64_t t, char ymd[16], int *y, int *m, int *d)
{
	time_t tt = (time_t)t;
	struct tm tm;
	localtime_r(&tt, &tm);
	*y = tm.tm_year + 1900;
	*m = tm.tm_mon + 1;
	*d = tm.tm_mday;
	snprintf(ymd, 16, "%04d-%02d-%02d", *y % 10000, *m % 100, *d % 100);
}

/* CaseFee from the matters' fees: the first item of a guide's fee is its
 * standard charge (the others are alternatives, e.g. 非住宅 or a second
 * visa); due when anything is charged. */
static cJSON *fee_of(const struct case_plan *p)
{
	cJSON *f = cJSON_CreateObject(), *items = cJSON_CreateArray();
	int64_t total = 0;
	for (size_t k = 0; k < p->nm; k++) {
		const cJSON *fee = json_obj(p->m[k]->doc, "fee");
		const cJSON *it = cJSON_GetArrayItem(json_arr(fee, "items"), 0);
		int64_t c;
		if (!json_bool(fee, "charged", false) || !it)
			continue;
		if (money_parse(json_str(it, "amount", ""), &c))
			total += c;
		cJSON_AddItemToArray(items, cJSON_Duplicate(it, true));
	}
	char amount[32];
	money_format(total, amount, sizeof amount);
	cJSON_AddStringToObject(f, "status", total > 0 ? "due" : "none");
	cJSON_AddStringToObject(f, "amount_due", amount);
	cJSON_AddItemToObject(f, "items", items);
	cJSON_AddNullToObject(f, "paid_at");
	cJSON_AddNullToObject(f, "method");
	cJSON_AddNullToObject(f, "receipt_no");
	return f;
}

/* The promised completion date: the latest of the matters' promises. */
static cJSON *due_of(const struct case_plan *p, int y, int m, int d)
{
	int by = y, bm = m, bd = d;
	for (size_t k = 0; k < p->nm; k++) {
		const cJSON *pr = json_obj(json_obj(p->m[k]->doc, "time_limits"), "promised");
		int oy, om, od;
		case_due_date(y, m, d, (int)json_long(pr, "value", 0), json_str(pr, "unit", "working_days"), &oy, &om, &od);
		if (oy * 10000 + om * 100 + od > by * 10000 + bm * 100 + bd)
			by = oy, bm = om, bd = od;
	}
	char b[16];
	snprintf(b, sizeof b, "%04d-%02d-%02d", by % 10000, bm % 100, bd % 100);
	return cJSON_CreateString(b);
}

/* Member of body, copied, or null. */
static cJSON *copy_or_null(const cJSON *body, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(body, key);
	return v ? cJSON_Duplicate(v, true) : cJSON_CreateNull();
}

/* The opening entries of the timeline. */
static void first_timeline(cJSON *c, const cJSON *body, const struct case_plan *p, int64_t now, const char *actor)
{
	struct sbuf b = { 0 };
	sbuf_puts(&b, "窗口受理：");
	for (size_t k = 0; k < p->nm; k++)
		sbuf_printf(&b, "%s%s", k ? "、" : "", p->m[k]->name);
	case_timeline_add(c, now, "accepted", actor, NULL, b.p);
	sbuf_free(&b);
	for (size_t k = 0; k < p->nm; k++) {
		const cJSON *dept = json_obj(p->m[k]->doc, "department");
		bool seen = false;
		for (size_t j = 0; j < k; j++)
			seen = seen || strcmp(p->m[j]->dept, p->m[k]->dept) == 0;
		if (seen)
			continue;
		char *text = xasprintf("流转至%s", json_str(dept, "name", ""));
		case_timeline_add(c, now, "routed", NULL, dept, text);
		free(text);
	}
	if (p->deferred) {
		struct sbuf d = { 0 };
		sbuf_puts(&d, "容缺受理，待补材料：");
		int n = 0;
		const cJSON *m;
		cJSON_ArrayForEach(m, p->materials)
			if (strcmp(json_str(m, "status", ""), "deferred") == 0)
				sbuf_printf(&d, "%s%s", n++ ? "、" : "", json_str(m, "name", ""));
		case_timeline_add(c, now, "materials_requested", actor, NULL, d.p);
		sbuf_free(&d);
	}
	const cJSON *fee = json_obj(c, "fee");
	if (strcmp(json_str(fee, "status", ""), "due") == 0) {
		char *text = xasprintf("待缴费 %s 元", json_str(fee, "amount_due", ""));
		case_timeline_add(c, now, "payment_due", NULL, NULL, text);
		free(text);
	}
	const cJSON *o;
	cJSON_ArrayForEach(o, json_arr(body, "overrides")) {
		char *text = xasprintf("更正共享数据 %s（来源 %s）：%s", json_str(o, "field", ""), json_str(o, "source", ""),
				       json_str(o, "reason", ""));
		case_timeline_add(c, now, "note", actor, NULL, text);
		free(text);
	}
	const char *note = json_str(body, "note", NULL);
	if (note && *note)
		case_timeline_add(c, now, "note", actor, NULL, note);
}

/* The Case before it has a number. */
static cJSON *build_case(struct store *st, const struct case_actor *who, const cJSON *body, const struct case_plan *p,
			 int64_t now, int y, int m, int d)
{
	cJSON *c = cJSON_CreateObject();
	cJSON_AddStringToObject(c, "number", "");
	cJSON_AddStringToObject(c, "status", "accepted");
	cJSON *ms = cJSON_AddArrayToObject(c, "matters");
	for (size_t k = 0; k < p->nm; k++) {
		cJSON *x = cJSON_CreateObject();
		cJSON_AddStringToObject(x, "code", p->m[k]->code);
		cJSON_AddStringToObject(x, "name", p->m[k]->name);
		cJSON_AddItemToObject(x, "department", cJSON_Duplicate(json_obj(p->m[k]->doc, "department"), true));
		cJSON_AddItemToArray(ms, x);
	}
	cJSON_AddItemToObject(c, "bundle_id", copy_or_null(body, "bundle_id"));
	cJSON_AddItemToObject(c, "ticket_id", copy_or_null(body, "ticket_id"));
	cJSON *a = cJSON_Duplicate(json_obj(body, "applicant"), true);
	case_set(a, "id_number", cJSON_CreateString(p->applicant_id));
	if (!cJSON_GetObjectItemCaseSensitive(a, "phone"))
		cJSON_AddNullToObject(a, "phone");
	if (!cJSON_GetObjectItemCaseSensitive(a, "address"))
		cJSON_AddNullToObject(a, "address");
	cJSON_AddItemToObject(c, "applicant", a);
	cJSON *agent = copy_or_null(body, "agent");
	if (cJSON_IsObject(agent) && !cJSON_GetObjectItemCaseSensitive(agent, "phone"))
		cJSON_AddNullToObject(agent, "phone");
	cJSON_AddItemToObject(c, "agent", agent);
	cJSON *staff = case_staff_ref(st, who->staff_id);
	cJSON_AddItemToObject(c, "staff", staff);
	if (who->window && *who->window)
		cJSON_AddStringToObject(c, "window", who->window);
	else
		cJSON_AddNullToObject(c, "window");
	cJSON_AddItemToObject(c, "form", copy_or_null(body, "form"));
	const cJSON *ov = json_arr(body, "overrides");
	cJSON_AddItemToObject(c, "overrides", ov ? cJSON_Duplicate(ov, true) : cJSON_CreateArray());
	cJSON_AddItemToObject(c, "materials", cJSON_Duplicate(p->materials, true));
	cJSON_AddItemToObject(c, "fee", fee_of(p));
	cJSON_AddArrayToObject(c, "timeline");
	cJSON_AddNullToObject(c, "evaluation");
	cJSON *dl = cJSON_Duplicate(json_obj(body, "delivery"), true);
	if (!cJSON_GetObjectItemCaseSensitive(dl, "address") || strcmp(json_str(dl, "method", ""), "window") == 0)
		case_set(dl, "address", cJSON_CreateNull());
	cJSON_AddItemToObject(c, "delivery", dl);
	cJSON_AddItemToObject(c, "due_on", due_of(p, y, m, d));
	cJSON_AddItemToObject(c, "created_at", json_time(now));
	cJSON_AddItemToObject(c, "updated_at", json_time(now));
	first_timeline(c, body, p, now, json_str(staff, "name", NULL));
	case_status_update(c); /* deferred materials or a fee due: awaiting them */
	return c;
}

/* Store the case under the next number of the day and announce it. */
static enum case_rc insert_case(struct store *st, cJSON *c, const struct case_rec *base, int64_t now, char *detail,
				size_t dsz)
{
	char hall[64] = "hall", day[9];
	queue_day(now, day, NULL);
	struct case_rec rec = *base;
	queue_write_lock();
	if (store_begin(st) != STORE_OK) {
		queue_write_unlock();
		return CASE_ERROR;
	}
	store_meta_get(st, "hall_id", hall, sizeof hall);
	int serial = 0;
	enum case_rc rc = CASE_ERROR;
	if (store_case_next_number(st, hall, day, &serial) != STORE_OK)
		goto fail;
	if (serial > CASE_MAX_SERIAL) {
		snprintf(detail, dsz, "this hall has given out all %d case numbers of today", CASE_MAX_SERIAL);
		rc = CASE_CONFLICT;
		goto fail;
	}
	if (!case_number_make(hall, day, serial, rec.number, sizeof rec.number))
		goto fail;
	case_set(c, "number", cJSON_CreateString(rec.number));
	scopy(rec.status, sizeof rec.status, json_str(c, "status", "accepted"));
	rec.json = json_print(c);
	int64_t id = 0;
	cJSON *ev = cJSON_CreateObject();
	cJSON_AddItemToObject(ev, "case", case_summary(c));
	char *data = json_print(ev);
	cJSON_Delete(ev);
	bool ok = store_case_insert(st, &rec) == STORE_OK && store_event_append(st, "case.created", now, data, &id) == STORE_OK &&
		  store_commit(st) == STORE_OK;
	free(rec.json);
	if (!ok) {
		free(data);
		goto fail;
	}
	events_publish(id, "case.created", now, data);
	free(data);
	queue_write_unlock();
	return CASE_OK;
fail:
	store_rollback(st);
	queue_write_unlock();
	return rc;
}

enum case_rc cases_create(struct store *st, const struct case_actor *who, const cJSON *body, int64_t now,
			  cJSON **out, cJSON **errs, char *detail, size_t dsz)
{
	char today[16];
	int y, m, d;
	local_day(now, today, &y, &m, &d);
	struct case_plan plan;
	*out = NULL;
	if (cases_check_create(st, body, today, now, &plan, errs) > 0) {
		case_plan_free(&plan);
		return CASE_INVALID;
	}
	cJSON *c = build_case(st, who, body, &plan, now, y, m, d);
	case_plan_free(&plan);
	/* The password is hashed (slowly) before the write lock is taken. */
	char pw[8];
	snprintf(pw, sizeof pw, "%06u", (unsigned)randombytes_uniform(1000000));
	struct case_rec rec;
	memset(&rec, 0, sizeof rec);
	scopy(rec.staff_id, sizeof rec.staff_id, who->staff_id);
	const cJSON *a = json_obj(c, "applicant");
	scopy(rec.applicant_id, sizeof rec.applicant_id, json_str(a, "id_number", ""));
	scopy(rec.applicant_name, sizeof rec.applicant_name, json_str(a, "name", ""));
	rec.created_at = rec.updated_at = now;
	if (auth_hash_password(pw, rec.pw_hash, sizeof rec.pw_hash) != 0) {
		cJSON_Delete(c);
		return CASE_ERROR;
	}
	enum case_rc rc = insert_case(st, c, &rec, now, detail, dsz);
	if (rc != CASE_OK) {
		cJSON_Delete(c);
		sodium_memzero(pw, sizeof pw);
		return rc;
	}
	cJSON_AddStringToObject(c, "query_password", pw);
	sodium_memzero(pw, sizeof pw);
	*out = c;
	return CASE_OK;
}

enum case_rc cases_get(struct store *st, const char *number, cJSON **out)
{
	struct case_rec rec;
	*out = NULL;
	int rc = store_case_get(st, number, &rec);
	if (rc == STORE_NOTFOUND)
		return CASE_NOT_FOUND;
	if (rc != STORE_OK)
		return CASE_ERROR;
	*out = cJSON_Parse(rec.json);
	store_case_free(&rec);
	return *out ? CASE_OK : CASE_ERROR;
}

bool cases_password_ok(struct store *st, const char *number, const char *password)
{
	struct case_rec rec;
	if (!password || store_case_get(st, number, &rec) != STORE_OK)
		return false;
	bool ok = crypto_pwhash_str_verify(rec.pw_hash, password, strlen(password)) == 0;
	store_case_free(&rec);
	return ok;
}
