/* model_json: the JSON shapes of the contract (Ticket, QueueStats, Category, Staff, TokenPair). */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "server/model_json.h"
#include "common/timefmt.h"
#include <string.h>

cJSON *json_time(int64_t t)
{
	if (t <= 0)
		return cJSON_CreateNull();
	char buf[21];
	time_rfc3339((time_t)t, buf);
	return cJSON_CreateString(buf);
}

/* A string member, or null when empty. */
static void add_str_or_null(cJSON *o, const char *key, const char *v)
{
	if (v && *v)
		cJSON_AddStringToObject(o, key, v);
	else
		cJSON_AddNullToObject(o, key);
}

cJSON *json_ticket(const struct ticket *t)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "id", t->id);
	cJSON_AddStringToObject(o, "number", t->number);
	cJSON_AddStringToObject(o, "category", t->category);
	cJSON_AddStringToObject(o, "status", ticket_status_name(t->status));
	cJSON_AddBoolToObject(o, "priority", t->priority);
	cJSON_AddItemToObject(o, "issued_at", json_time(t->issued_at));
	cJSON_AddItemToObject(o, "called_at", json_time(t->called_at));
	cJSON_AddItemToObject(o, "finished_at", json_time(t->finished_at));
	add_str_or_null(o, "window", t->window);
	add_str_or_null(o, "staff_id", t->staff_id);
	cJSON_AddNumberToObject(o, "recalls", t->recalls);
	add_str_or_null(o, "transferred_from", t->transferred_from);
	add_str_or_null(o, "note", t->note);
	return o;
}

cJSON *json_stats(const struct queue_stats *s)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "waiting", s->waiting);
	cJSON_AddNumberToObject(o, "avg_wait_seconds", s->avg_wait_seconds);
	cJSON_AddNumberToObject(o, "served_today", s->served_today);
	cJSON_AddNumberToObject(o, "longest_wait_seconds", s->longest_wait_seconds);
	cJSON *by = cJSON_AddObjectToObject(o, "by_category");
	for (int i = 0; i < s->ncat; i++)
		cJSON_AddNumberToObject(by, s->by_cat[i].code, s->by_cat[i].waiting);
	return o;
}

cJSON *json_category(const struct category *c, int waiting)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "code", c->code);
	cJSON_AddStringToObject(o, "name", c->name);
	cJSON_AddStringToObject(o, "name_en", c->name_en);
	cJSON_AddBoolToObject(o, "priority", c->priority);
	cJSON_AddNumberToObject(o, "waiting", waiting);
	return o;
}

cJSON *json_hall(struct store *st)
{
	/* A hall that was never configured still has a name to show. */
	char id[64] = "hall", name[256] = "行政服务中心";
	store_meta_get(st, "hall_id", id, sizeof id);
	store_meta_get(st, "hall_name", name, sizeof name);
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "id", id);
	cJSON_AddStringToObject(o, "name", name);
	return o;
}

/* {"id","name","categories":[...]} of a window, or null. */
static cJSON *json_window(struct store *st, const char *id)
{
	struct window w;
	if (!id || !*id || store_window_get(st, id, &w) != STORE_OK)
		return cJSON_CreateNull();
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "id", w.id);
	cJSON_AddStringToObject(o, "name", w.name);
	cJSON *cats = cJSON_AddArrayToObject(o, "categories");
	char buf[sizeof w.categories];
	memcpy(buf, w.categories, sizeof buf);
	char *save = NULL;
	for (char *c = strtok_r(buf, ",", &save); c; c = strtok_r(NULL, ",", &save))
		cJSON_AddItemToArray(cats, cJSON_CreateString(c));
	return o;
}

cJSON *json_staff(struct store *st, const struct staff *s)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "id", s->id);
	cJSON_AddStringToObject(o, "username", s->username);
	cJSON_AddStringToObject(o, "name", s->name);
	cJSON_AddStringToObject(o, "role", s->role);
	cJSON_AddItemToObject(o, "hall", json_hall(st));
	cJSON_AddItemToObject(o, "window", json_window(st, s->window_id));
	return o;
}

cJSON *json_token_pair(struct store *st, const struct token_pair *tp)
{
	struct staff s;
	if (store_staff_by_id(st, tp->staff_id, &s) != STORE_OK)
		return NULL;
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "access_token", tp->access);
	cJSON_AddStringToObject(o, "token_type", "Bearer");
	cJSON_AddNumberToObject(o, "expires_in", AUTH_ACCESS_TTL);
	cJSON_AddStringToObject(o, "refresh_token", tp->refresh);
	cJSON_AddNumberToObject(o, "refresh_expires_in", AUTH_REFRESH_TTL);
	cJSON_AddItemToObject(o, "staff", json_staff(st, &s));
	return o;
}
