/* case_json: pieces of the Case JSON — staff references, timeline entries, the summary, status after a change. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "server/cases_int.h"
#include "server/model_json.h"
#include "common/ids.h"
#include "common/jsonx.h"
#include "common/timefmt.h"
#include <string.h>

void case_set(cJSON *o, const char *key, cJSON *v)
{
	if (cJSON_GetObjectItemCaseSensitive(o, key))
		cJSON_ReplaceItemInObjectCaseSensitive(o, key, v);
	else
		cJSON_AddItemToObject(o, key, v);
}

cJSON *case_staff_ref(struct store *st, const char *staff_id)
{
	struct staff s;
	bool known = st && store_staff_by_id(st, staff_id, &s) == STORE_OK;
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "id", staff_id);
	cJSON_AddStringToObject(o, "name", known ? s.name : staff_id);
	cJSON_AddStringToObject(o, "role", known ? s.role : "clerk");
	if (known)
		memset(s.pwhash, 0, sizeof s.pwhash);
	return o;
}

void case_timeline_add(cJSON *c, int64_t at, const char *kind, const char *actor, const cJSON *department,
		       const char *text)
{
	cJSON *tl = json_arr(c, "timeline");
	if (!tl) {
		tl = cJSON_CreateArray();
		case_set(c, "timeline", tl);
	}
	cJSON *e = cJSON_CreateObject();
	cJSON_AddItemToObject(e, "at", json_time(at));
	cJSON_AddStringToObject(e, "kind", kind);
	if (actor)
		cJSON_AddStringToObject(e, "actor", actor);
	else
		cJSON_AddNullToObject(e, "actor");
	cJSON_AddItemToObject(e, "department", department ? cJSON_Duplicate(department, true) : cJSON_CreateNull());
	cJSON_AddStringToObject(e, "text", text);
	cJSON_AddItemToArray(tl, e);
}

cJSON *case_summary(const cJSON *c)
{
	cJSON *s = cJSON_CreateObject();
	cJSON_AddStringToObject(s, "number", json_str(c, "number", ""));
	cJSON_AddStringToObject(s, "status", json_str(c, "status", ""));
	cJSON *ms = cJSON_AddArrayToObject(s, "matters");
	const cJSON *m;
	cJSON_ArrayForEach(m, json_arr(c, "matters")) {
		cJSON *x = cJSON_CreateObject();
		cJSON_AddStringToObject(x, "code", json_str(m, "code", ""));
		cJSON_AddStringToObject(x, "name", json_str(m, "name", ""));
		cJSON_AddItemToArray(ms, x);
	}
	const cJSON *a = json_obj(c, "applicant");
	cJSON *ap = cJSON_AddObjectToObject(s, "applicant");
	cJSON_AddStringToObject(ap, "kind", json_str(a, "kind", "person"));
	cJSON_AddStringToObject(ap, "name", json_str(a, "name", ""));
	char masked[64];
	id_mask(json_str(a, "id_number", ""), masked, sizeof masked);
	cJSON_AddStringToObject(ap, "id_number_masked", masked);
	const cJSON *staff = json_obj(c, "staff");
	cJSON_AddItemToObject(s, "staff", staff ? cJSON_Duplicate(staff, true) : cJSON_CreateObject());
	cJSON_AddStringToObject(s, "created_at", json_str(c, "created_at", ""));
	cJSON_AddStringToObject(s, "updated_at", json_str(c, "updated_at", ""));
	return s;
}

bool case_closed(const char *status)
{
	static const char *const closed[] = { "approved", "rejected", "ready", "completed", "withdrawn" };
	for (size_t i = 0; i < sizeof closed / sizeof closed[0]; i++)
		if (strcmp(closed[i], status) == 0)
			return true;
	return false;
}

void case_status_update(cJSON *c)
{
	const char *status = json_str(c, "status", "accepted");
	if (case_closed(status))
		return;
	bool deferred = false;
	const cJSON *m;
	cJSON_ArrayForEach(m, json_arr(c, "materials"))
		deferred = deferred || strcmp(json_str(m, "status", ""), "deferred") == 0;
	bool due = strcmp(json_str(json_obj(c, "fee"), "status", ""), "due") == 0;
	const char *next = deferred ? "awaiting_materials" : due ? "awaiting_payment"
			   : strncmp(status, "awaiting_", 9) == 0 ? "in_progress" : status;
	if (strcmp(next, status) != 0)
		case_set(c, "status", cJSON_CreateString(next));
}
