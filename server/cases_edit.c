/* cases_edit: changes to an accepted case — materials handed in later, the fee paid, the evaluation — each with case.updated. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "server/cases.h"
#include "server/cases_int.h"
#include "server/case_calc.h"
#include "server/events.h"
#include "server/model_json.h"
#include "server/problem.h"
#include "server/queue.h"
#include "server/sbuf.h"
#include "common/jsonx.h"
#include "common/timefmt.h"
#include "common/xalloc.h"
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* What an edit gets and gives. */
struct edit {
	struct store *st;
	const struct case_actor *who;
	const cJSON *body;
	int64_t now;
	cJSON **errs;
	char *detail;
	size_t dsz;
	cJSON *result;   /* what to answer instead of the case (evaluation) */
};

typedef enum case_rc (*edit_fn)(cJSON *c, struct edit *e);

/* Load, change, store and announce one case under the write lock. *out
 * gets the updated case (or e->result). */
static enum case_rc edit_case(const char *number, edit_fn fn, struct edit *e, cJSON **out)
{
	*out = NULL;
	queue_write_lock();
	if (store_begin(e->st) != STORE_OK) {
		queue_write_unlock();
		return CASE_ERROR;
	}
	struct case_rec rec;
	int got = store_case_get(e->st, number, &rec);
	enum case_rc rc = got == STORE_NOTFOUND ? CASE_NOT_FOUND : CASE_ERROR;
	cJSON *c = got == STORE_OK ? cJSON_Parse(rec.json) : NULL;
	if (got == STORE_OK)
		store_case_free(&rec);
	if (c)
		rc = fn(c, e);
	char *data = NULL;
	int64_t id = 0;
	if (rc == CASE_OK) {
		case_set(c, "updated_at", json_time(e->now));
		case_status_update(c);
		scopy(rec.status, sizeof rec.status, json_str(c, "status", ""));
		rec.updated_at = e->now;
		rec.json = json_print(c);
		cJSON *ev = cJSON_CreateObject();
		cJSON_AddItemToObject(ev, "case", case_summary(c));
		data = json_print(ev);
		cJSON_Delete(ev);
		bool ok = store_case_update(e->st, &rec) == STORE_OK &&
			  store_event_append(e->st, "case.updated", e->now, data, &id) == STORE_OK && store_commit(e->st) == STORE_OK;
		free(rec.json);
		if (!ok)
			rc = CASE_ERROR;
	}
	if (rc == CASE_OK)
		events_publish(id, "case.updated", e->now, data);
	else
		store_rollback(e->st);
	queue_write_unlock();
	free(data);
	if (rc == CASE_OK && !e->result)
		*out = c;
	else
		cJSON_Delete(c);
	if (rc == CASE_OK && e->result)
		*out = e->result;
	else if (e->result && rc != CASE_OK)
		cJSON_Delete(e->result);
	return rc;
}

/* The staff member's name for the timeline. */
static char *actor_name(struct edit *e)
{
	cJSON *r = case_staff_ref(e->st, e->who->staff_id);
	char *n = xstrdup(json_str(r, "name", e->who->staff_id));
	cJSON_Delete(r);
	return n;
}

/* ---- materials ---- */

/* The case's material for an input item, or NULL. */
static cJSON *case_material(cJSON *c, const char *code, const char *id)
{
	cJSON *m;
	cJSON_ArrayForEach(m, json_arr(c, "materials"))
		if (strcmp(json_str(m, "matter_code", ""), code) == 0 && strcmp(json_str(m, "material_id", ""), id) == 0)
			return m;
	return NULL;
}

static enum case_rc edit_materials(cJSON *c, struct edit *e)
{
	static const char *const members[] = { "matter_code", "material_id", "status", "form", "copies", "license_id", NULL };
	static const char *const top[] = { "items", NULL };
	cf_only(e->body, top, "", e->errs);
	const cJSON *items = json_arr(e->body, "items");
	if (!items || cJSON_GetArraySize(items) < 1) {
		problem_error(e->errs, "items", "required", "items must list at least one material");
		return CASE_INVALID;
	}
	if (case_closed(json_str(c, "status", ""))) {
		snprintf(e->detail, e->dsz, "case %s is %s: its materials are closed", json_str(c, "number", ""),
			 json_str(c, "status", ""));
		return CASE_CONFLICT;
	}
	int i = 0;
	const cJSON *it;
	cJSON_ArrayForEach(it, items) {
		char p[32], q[64];
		cf_index(p, sizeof p, "items", i++);
		if (!cJSON_IsObject(it)) {
			problem_error(e->errs, p, "type", "%s must be an object", p);
			continue;
		}
		cf_only(it, members, p, e->errs);
		const struct cat_matter *m = catalog_matter(json_str(it, "matter_code", ""), true);
		const char *code = m ? m->code : json_str(it, "matter_code", "");
		cJSON *cm = case_material(c, code, json_str(it, "material_id", ""));
		const cJSON *g = m ? case_guide_material(m, json_str(it, "material_id", "")) : NULL;
		if (!cm || !g) {
			problem_error(e->errs, cf_path(q, sizeof q, p, "material_id"), "unknown",
				      "%s: the case has no material %s of matter %s", q, json_str(it, "material_id", ""), code);
			continue;
		}
		cases_check_material(e->st, it, g, p, e->errs);
	}
	if (*e->errs)
		return CASE_INVALID;
	struct sbuf b = { 0 };
	int received = 0;
	char ts[21];
	time_rfc3339((time_t)e->now, ts);
	cJSON_ArrayForEach(it, items) {
		const struct cat_matter *m = catalog_matter(json_str(it, "matter_code", ""), true);
		cJSON *cm = case_material(c, m->code, json_str(it, "material_id", ""));
		const char *status = json_str(it, "status", "");
		bool got = strcmp(status, "submitted") == 0, lic = strcmp(status, "elicense") == 0;
		case_set(cm, "status", cJSON_CreateString(status));
		const char *form = got ? json_str(it, "form", NULL) : NULL;
		case_set(cm, "form", form ? cJSON_CreateString(form) : cJSON_CreateNull());
		const cJSON *cp = cJSON_GetObjectItemCaseSensitive(it, "copies");
		if (cJSON_IsNumber(cp))
			case_set(cm, "copies", cJSON_CreateNumber((double)(long)cp->valuedouble));
		const char *lid = lic ? json_str(it, "license_id", NULL) : NULL;
		case_set(cm, "license_id", lid ? cJSON_CreateString(lid) : cJSON_CreateNull());
		case_set(cm, "received_at", got || lic ? cJSON_CreateString(ts) : cJSON_CreateNull());
		if (got || lic)
			sbuf_printf(&b, "%s%s", received++ ? "、" : "", json_str(cm, "name", ""));
	}
	char *actor = actor_name(e);
	if (received) {
		char *text = xasprintf("收到补交材料：%s", b.p);
		case_timeline_add(c, e->now, "materials_received", actor, NULL, text);
		free(text);
	} else {
		case_timeline_add(c, e->now, "note", actor, NULL, "材料状态更新");
	}
	free(actor);
	sbuf_free(&b);
	return CASE_OK;
}

enum case_rc cases_materials(struct store *st, const struct case_actor *who, const char *number, const cJSON *body,
			     int64_t now, cJSON **out, cJSON **errs, char *detail, size_t dsz)
{
	struct edit e = { st, who, body, now, errs, detail, dsz, NULL };
	return edit_case(number, edit_materials, &e, out);
}

/* ---- payment ---- */

static enum case_rc edit_payment(cJSON *c, struct edit *e)
{
	static const char *const methods[] = { "cash", "card", "qr", "transfer", "waived", NULL };
	static const char *const top[] = { "method", "amount", "reference", NULL };
	cf_only(e->body, top, "", e->errs);
	const char *method = cf_enum(e->body, "method", "", methods, true, false, e->errs);
	const char *amount = cf_string(e->body, "amount", "", true, false, 1, 20, e->errs);
	const char *ref = cf_string(e->body, "reference", "", false, true, 0, 100, e->errs);
	int64_t cents = 0;
	if (amount && !money_parse(amount, &cents))
		problem_error(e->errs, "amount", "format", "amount must be yuan with two decimals, e.g. 120.00");
	if (*e->errs)
		return CASE_INVALID;
	cJSON *fee = json_obj(c, "fee");
	const char *status = json_str(fee, "status", "none");
	if (strcmp(status, "due") != 0) {
		snprintf(e->detail, e->dsz, "case %s has no fee due (fee status %s)", json_str(c, "number", ""), status);
		return CASE_CONFLICT;
	}
	int64_t due = 0;
	money_parse(json_str(fee, "amount_due", "0.00"), &due);
	if (cents != due) {
		problem_error(e->errs, "amount", "invalid", "amount must equal the amount due, %s", json_str(fee, "amount_due", ""));
		return CASE_INVALID;
	}
	bool waived = strcmp(method, "waived") == 0;
	char receipt[48], day[9];
	queue_day(e->now, day, NULL);
	snprintf(receipt, sizeof receipt, "SF%s%06u", day, (unsigned)randombytes_uniform(1000000));
	case_set(fee, "status", cJSON_CreateString(waived ? "waived" : "paid"));
	case_set(fee, "paid_at", json_time(e->now));
	case_set(fee, "method", cJSON_CreateString(method));
	case_set(fee, "receipt_no", cJSON_CreateString(receipt));
	char *actor = actor_name(e);
	char *text = waived ? xasprintf("费用减免 %s 元%s%s", amount, ref ? "，依据：" : "", ref ? ref : "")
			    : xasprintf("已缴费 %s 元（%s），票据号 %s", amount, method, receipt);
	case_timeline_add(c, e->now, "paid", actor, NULL, text);
	free(text);
	free(actor);
	return CASE_OK;
}

enum case_rc cases_payment(struct store *st, const struct case_actor *who, const char *number, const cJSON *body,
			   int64_t now, cJSON **out, cJSON **errs, char *detail, size_t dsz)
{
	struct edit e = { st, who, body, now, errs, detail, dsz, NULL };
	return edit_case(number, edit_payment, &e, out);
}

/* ---- evaluation (好差评) ---- */

static const struct {
	const char *level, *name;
	bool needs_comment;
} levels[] = {
	{ "very_satisfied", "非常满意", false }, { "satisfied", "满意", false }, { "basically_satisfied", "基本满意", false },
	{ "dissatisfied", "不满意", true },      { "very_dissatisfied", "非常不满意", true },
};

static enum case_rc edit_evaluation(cJSON *c, struct edit *e)
{
	static const char *const names[] = { "very_satisfied", "satisfied", "basically_satisfied", "dissatisfied",
					     "very_dissatisfied", NULL };
	static const char *const channels[] = { "counter_pad", "sms", "app", "web", "phone", NULL };
	static const char *const top[] = { "level", "comment", "channel", NULL };
	cf_only(e->body, top, "", e->errs);
	const char *level = cf_enum(e->body, "level", "", names, true, false, e->errs);
	const char *channel = cf_enum(e->body, "channel", "", channels, true, false, e->errs);
	const char *comment = cf_string(e->body, "comment", "", false, true, 0, 1000, e->errs);
	size_t k = 0;
	while (level && k < sizeof levels / sizeof levels[0] && strcmp(levels[k].level, level) != 0)
		k++;
	if (level && levels[k].needs_comment && (!comment || !*comment))
		problem_error(e->errs, "comment", "required", "a %s evaluation needs a comment", level);
	if (*e->errs)
		return CASE_INVALID;
	const cJSON *old = cJSON_GetObjectItemCaseSensitive(c, "evaluation");
	if (old && !cJSON_IsNull(old)) {
		snprintf(e->detail, e->dsz, "case %s has been evaluated already (一次一评)", json_str(c, "number", ""));
		return CASE_CONFLICT;
	}
	cJSON *ev = cJSON_CreateObject();
	cJSON_AddStringToObject(ev, "level", level);
	if (comment && *comment)
		cJSON_AddStringToObject(ev, "comment", comment);
	else
		cJSON_AddNullToObject(ev, "comment");
	cJSON_AddStringToObject(ev, "channel", channel);
	cJSON_AddItemToObject(ev, "at", json_time(e->now));
	const cJSON *staff = json_obj(c, "staff");
	cJSON_AddItemToObject(ev, "staff", staff ? cJSON_Duplicate(staff, true) : case_staff_ref(e->st, e->who->staff_id));
	case_set(c, "evaluation", cJSON_Duplicate(ev, true));
	char *text = xasprintf("好差评：%s", levels[k].name);
	case_timeline_add(c, e->now, "evaluated", NULL, NULL, text);
	free(text);
	e->result = ev;
	return CASE_OK;
}

enum case_rc cases_evaluate(struct store *st, const struct case_actor *who, const char *number, const cJSON *body,
			    int64_t now, cJSON **out, cJSON **errs, char *detail, size_t dsz)
{
	struct edit e = { st, who, body, now, errs, detail, dsz, NULL };
	return edit_case(number, edit_evaluation, &e, out);
}
