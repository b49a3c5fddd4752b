/* route_queue: GET /v1/queue, POST /v1/queue/tickets (the kiosk) and POST /v1/queue/call-next. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "server/model_json.h"
#include "server/problem.h"
#include "server/queue.h"
#include "server/routes.h"
#include "server/validate.h"
#include "common/xalloc.h"
#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define HELD_MAX 50

/* The opaque paging cursor: a ticket's place in call order. */
static char *cursor_encode(const struct ticket *t)
{
	char raw[96];
	int n = snprintf(raw, sizeof raw, "q1.%d.%" PRId64 ".%" PRId64, t->priority ? 1 : 0, t->issued_at, t->seq);
	char *out = xmalloc(sodium_base64_ENCODED_LEN((size_t)n, sodium_base64_VARIANT_URLSAFE_NO_PADDING));
	sodium_bin2base64(out, sodium_base64_ENCODED_LEN((size_t)n, sodium_base64_VARIANT_URLSAFE_NO_PADDING),
			  (const unsigned char *)raw, (size_t)n, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	return out;
}

/* Back from the cursor; false when it is not one of ours. */
static bool cursor_decode(const char *s, struct ticket_pos *pos)
{
	unsigned char raw[96];
	size_t n = 0;
	if (strlen(s) > 120 ||
	    sodium_base642bin(raw, sizeof raw - 1, s, strlen(s), NULL, &n, NULL, sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0)
		return false;
	raw[n] = '\0';
	int prio, used = 0;
	int64_t issued, seq;
	if (sscanf((const char *)raw, "q1.%d.%" SCNd64 ".%" SCNd64 "%n", &prio, &issued, &seq, &used) != 3 ||
	    used != (int)n || (prio != 0 && prio != 1))
		return false;
	pos->priority = prio;
	pos->issued_at = issued;
	pos->seq = seq;
	return true;
}

/* The staff's own window: its called ticket and its held ones. */
static void add_window_part(struct store *st, const char *window, cJSON *o)
{
	struct ticket cur;
	if (window[0] && store_ticket_called_at(st, window, &cur) == STORE_OK)
		cJSON_AddItemToObject(o, "current", json_ticket(&cur));
	else
		cJSON_AddNullToObject(o, "current");
	cJSON *held = cJSON_AddArrayToObject(o, "held");
	if (!window[0])
		return;
	struct ticket *h = xcalloc(HELD_MAX, sizeof *h);
	int n = store_tickets_at_window(st, window, TS_HELD, h, HELD_MAX);
	for (int i = 0; i < n; i++)
		cJSON_AddItemToArray(held, json_ticket(&h[i]));
	free(h);
}

/* Categories with their waiting counts, from the stats. */
static cJSON *categories_json(struct store *st, const struct queue_stats *s)
{
	struct category cats[QUEUE_MAX_CATEGORIES];
	int n = store_categories(st, cats, QUEUE_MAX_CATEGORIES);
	cJSON *a = cJSON_CreateArray();
	for (int i = 0; i < n; i++) {
		int waiting = 0;
		for (int j = 0; j < s->ncat; j++)
			if (strcmp(s->by_cat[j].code, cats[i].code) == 0)
				waiting = s->by_cat[j].waiting;
		cJSON_AddItemToArray(a, json_category(&cats[i], waiting));
	}
	return a;
}

void route_queue_get(struct req *rq, struct resp *rs)
{
	cJSON *errs = NULL;
	long limit;
	query_int(req_query(rq, "limit"), "limit", 1, 200, 50, &limit, &errs);
	struct store *st = store_thread();
	if (!st) {
		cJSON_Delete(errs);
		resp_problem(rs, rq, "internal", "the database is not available");
		return;
	}
	const char *cat = req_query(rq, "category");
	if (cat && !queue_category(st, cat, NULL))
		problem_error(&errs, "category", "unknown", "unknown category");
	const char *cur = req_query(rq, "cursor");
	struct ticket_pos pos;
	if (cur && !cursor_decode(cur, &pos))
		problem_error(&errs, "cursor", "format", "the cursor is not valid");
	if (errs) {
		resp_invalid(rs, rq, errs);
		return;
	}
	int64_t now = time(NULL);
	struct queue_stats stats;
	struct ticket *items = xcalloc((size_t)limit + 1, sizeof *items);
	int n = store_tickets_waiting(st, cat, cur ? &pos : NULL, items, (int)limit + 1);
	if (n < 0 || queue_stats(st, now, &stats) != 0) {
		free(items);
		resp_problem(rs, rq, "internal", "the queue could not be read");
		return;
	}
	cJSON *o = cJSON_CreateObject();
	cJSON *arr = cJSON_AddArrayToObject(o, "items");
	for (int i = 0; i < n && i < limit; i++)
		cJSON_AddItemToArray(arr, json_ticket(&items[i]));
	if (n > limit) {
		char *next = cursor_encode(&items[limit - 1]);
		cJSON_AddStringToObject(o, "next_cursor", next);
		free(next);
	} else {
		cJSON_AddNullToObject(o, "next_cursor");
	}
	free(items);
	cJSON_AddItemToObject(o, "categories", categories_json(st, &stats));
	cJSON_AddItemToObject(o, "stats", json_stats(&stats));
	add_window_part(st, rq->who->window_id, o);
	resp_json(rs, 200, o);
}

void route_queue_issue(struct req *rq, struct resp *rs)
{
	cJSON *errs = NULL;
	const char *cat = field_string(rq->json, "category", true, 7, &errs);
	bool prio = field_bool(rq->json, "priority", false, &errs);
	if (errs) {
		resp_invalid(rs, rq, errs);
		return;
	}
	struct store *st = store_thread();
	struct ticket t;
	enum queue_rc rc = st ? queue_issue(st, cat, prio, time(NULL), &t) : Q_ERROR;
	char detail[64];
	snprintf(detail, sizeof detail, "unknown category %s", cat);
	route_queue_outcome(rq, rs, rc, &t, detail, 201, "category");
}

/* The optional {"categories":[...]} of call-next; count or -1 on errors. */
static int read_categories(const cJSON *body, const char **cats, int max, cJSON **errs)
{
	const cJSON *a = body ? cJSON_GetObjectItemCaseSensitive(body, "categories") : NULL;
	if (!a || cJSON_IsNull(a))
		return 0;
	if (!cJSON_IsArray(a)) {
		problem_error(errs, "categories", "type", "categories must be an array of category codes");
		return -1;
	}
	int n = cJSON_GetArraySize(a);
	if (n < 1 || n > max) {
		problem_error(errs, "categories", "size", "categories must hold 1 to %d codes", max);
		return -1;
	}
	int i = 0, bad = 0;
	for (const cJSON *c = a->child; c; c = c->next, i++) {
		if (!cJSON_IsString(c) || !c->valuestring || !*c->valuestring || strlen(c->valuestring) > 7) {
			char field[32];
			snprintf(field, sizeof field, "categories[%d]", i);
			problem_error(errs, field, "type", "%s must be a category code", field);
			bad = 1;
			continue;
		}
		cats[i] = c->valuestring;
	}
	return bad ? -1 : n;
}

void route_queue_call_next(struct req *rq, struct resp *rs)
{
	cJSON *errs = NULL;
	const char *cats[QUEUE_MAX_CATEGORIES];
	int n = read_categories(rq->json, cats, QUEUE_MAX_CATEGORIES, &errs);
	if (n < 0) {
		resp_invalid(rs, rq, errs);
		return;
	}
	struct store *st = store_thread();
	struct queue_actor who = { rq->who->staff_id, rq->who->window_id };
	struct ticket t;
	char detail[256] = "";
	enum queue_rc rc = st ? queue_call_next(st, &who, cats, n, time(NULL), &t, detail, sizeof detail) : Q_ERROR;
	route_queue_outcome(rq, rs, rc, &t, detail, 200, "categories");
}
