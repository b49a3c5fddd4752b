/* route_auth: POST /v1/auth/login, /refresh, /logout and GET /v1/me. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "server/model_json.h"
#include "server/problem.h"
#include "server/routes.h"
#include "server/validate.h"
#include "common/timefmt.h"
#include "common/xalloc.h"
#include <stdio.h>
#include <time.h>

/* This thread's store, or a 500 answer. */
static struct store *db(struct req *rq, struct resp *rs)
{
	struct store *st = store_thread();
	if (!st)
		resp_problem(rs, rq, "internal", "the database is not available");
	return st;
}

/* Answer with a fresh token pair; replays of this answer re-mint. */
static void send_pair(struct req *rq, struct resp *rs, struct store *st, struct token_pair *tp)
{
	cJSON *o = json_token_pair(st, tp);
	rs->idem_session = tp->session_id;
	xwipe(tp, sizeof *tp);
	if (!o) {
		resp_problem(rs, rq, "unauthorized", "the account no longer exists");
		return;
	}
	resp_json(rs, 200, o);
	resp_header(rs, "Cache-Control", "no-store");
}

void route_login(struct req *rq, struct resp *rs)
{
	cJSON *errs = NULL;
	const char *user = field_string(rq->json, "username", true, 64, &errs);
	const char *pass = field_string(rq->json, "password", true, 1024, &errs);
	if (errs) {
		resp_invalid(rs, rq, errs);
		return;
	}
	struct store *st = db(rq, rs);
	if (!st)
		return;
	int64_t now = time(NULL);
	struct login_result r;
	auth_login(st, user, pass, now, &r);
	if (r.rc == AUTH_OK) {
		send_pair(rq, rs, st, &r.tokens);
	} else if (r.rc == AUTH_INVALID) {
		cJSON *p = problem_new("invalid-credentials", rq->path, "the username or password is wrong");
		cJSON_AddNumberToObject(p, "remaining_attempts", r.remaining);
		resp_problem_obj(rs, p);
	} else if (r.rc == AUTH_LOCKED) {
		char until[21], retry[24];
		time_rfc3339((time_t)r.locked_until, until);
		snprintf(retry, sizeof retry, "%lld", (long long)(r.locked_until > now ? r.locked_until - now : 1));
		cJSON *p = problem_new("account-locked", rq->path,
				       "too many failed logins for this username; try again later");
		cJSON_AddStringToObject(p, "locked_until", until);
		resp_problem_obj(rs, p);
		resp_header(rs, "Retry-After", retry);
	} else {
		resp_problem(rs, rq, "internal", "the login failed");
	}
	xwipe(&r, sizeof r);
}

void route_refresh(struct req *rq, struct resp *rs)
{
	cJSON *errs = NULL;
	const char *tok = field_string(rq->json, "refresh_token", true, 256, &errs);
	if (errs) {
		resp_invalid(rs, rq, errs);
		return;
	}
	struct store *st = db(rq, rs);
	if (!st)
		return;
	struct token_pair tp;
	enum auth_rc rc = auth_refresh(st, tok, time(NULL), &tp);
	if (rc == AUTH_OK)
		send_pair(rq, rs, st, &tp);
	else if (rc == AUTH_UNAUTHORIZED)
		resp_problem(rs, rq, "unauthorized", "the refresh token is invalid, expired or already used");
	else
		resp_problem(rs, rq, "internal", "the refresh failed");
}

void route_logout(struct req *rq, struct resp *rs)
{
	struct store *st = db(rq, rs);
	if (!st)
		return;
	if (auth_logout(st, rq->who->session_id) != 0)
		resp_problem(rs, rq, "internal", "the logout failed");
	else
		resp_empty(rs, 204);
}

void route_me(struct req *rq, struct resp *rs)
{
	struct store *st = db(rq, rs);
	if (!st)
		return;
	struct staff s;
	if (store_staff_by_id(st, rq->who->staff_id, &s) != STORE_OK) {
		resp_problem(rs, rq, "unauthorized", "the account no longer exists");
		return;
	}
	xwipe(s.pwhash, sizeof s.pwhash);
	resp_json(rs, 200, json_staff(st, &s));
}
