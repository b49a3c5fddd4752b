/* route_tickets: POST /v1/tickets/{id}/recall · skip · hold · transfer · finish. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "server/model_json.h"
#include "server/problem.h"
#include "server/queue.h"
#include "server/routes.h"
#include "server/validate.h"
#include <string.h>
#include <time.h>

/* How each queue outcome is answered. */
static const struct {
	enum queue_rc rc;
	const char *slug;
} outcomes[] = {
	{ Q_NOT_FOUND, "not-found" },
	{ Q_FORBIDDEN, "forbidden" },
	{ Q_STATE, "ticket-state" },
	{ Q_EMPTY, "queue-empty" },
	{ Q_FULL, "conflict" },
	{ Q_ERROR, "internal" },
};

void route_queue_outcome(struct req *rq, struct resp *rs, int rc, const struct ticket *t, const char *detail,
			 unsigned ok_status, const char *cat_field)
{
	if (rc == Q_OK) {
		resp_json(rs, ok_status, json_ticket(t));
		return;
	}
	if (rc == Q_BAD_CATEGORY) {
		cJSON *errs = NULL;
		problem_error(&errs, cat_field, "unknown", "%s", detail && *detail ? detail : "unknown category");
		resp_invalid(rs, rq, errs);
		return;
	}
	for (size_t i = 0; i < sizeof outcomes / sizeof outcomes[0]; i++) {
		if (outcomes[i].rc == (enum queue_rc)rc) {
			resp_problem(rs, rq, outcomes[i].slug, "%s", detail && *detail ? detail : outcomes[i].slug);
			return;
		}
	}
	resp_problem(rs, rq, "internal", "unexpected queue outcome");
}

void route_ticket_action(struct req *rq, struct resp *rs)
{
	const char *slash = strrchr(rq->path, '/');
	int a = queue_action_parse(slash ? slash + 1 : "");
	struct store *st = store_thread();
	if (a < 0 || !st) {
		resp_problem(rs, rq, "internal", "the action is not available");
		return;
	}
	const char *to = NULL, *note = NULL;
	if (a == QA_TRANSFER) {
		cJSON *errs = NULL;
		to = field_string(rq->json, "category", true, 7, &errs);
		note = field_string(rq->json, "note", false, 500, &errs);
		if (errs) {
			resp_invalid(rs, rq, errs);
			return;
		}
	}
	struct queue_actor who = { rq->who->staff_id, rq->who->window_id };
	struct ticket t;
	char detail[256] = "";
	enum queue_rc rc = queue_act(st, &who, rq->params[0], (enum queue_action)a, to, note, time(NULL), &t, detail,
				     sizeof detail);
	route_queue_outcome(rq, rs, rc, &t, detail, 200, "category");
}
