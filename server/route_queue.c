/* route_queue: GET /v1/queue, POST /v1/queue/tickets (the kiosk) and POST /v1/queue/call-next. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "server/model_json.h"
#include "server/problem.h"
#include "server/queue.h"
#include "server/queue_view.h"
#include "server/routes.h"
#include "server/validate.h"
#include "common/xalloc.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

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
	if (cur && !queue_cursor_decode(cur, &pos))
		problem_error(&errs, "cursor", "format", "the cursor is not valid");
	if (errs) {
		resp_invalid(rs, rq, errs);
		return;
	}
	size_t len;
	char *body = queue_view(st, cat, cur, cur ? &pos : NULL, (int)limit, rq->who->window_id, time(NULL), &len);
	if (!body) {
		resp_problem(rs, rq, "internal", "the queue could not be read");
		return;
	}
	resp_text(rs, 200, "application/json", body, len);
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
	char detail[96];
	if (rc == Q_FULL)
		snprintf(detail, sizeof detail, "category %s has given out all its numbers today", cat);
	else
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
		problem_error(errs, "categories", n < 1 ? "too_short" : "too_long", "categories must hold 1 to %d codes",
			      max);
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
