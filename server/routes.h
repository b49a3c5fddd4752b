/* routes: the route table (method + path pattern -> handler) and its matcher. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef YCD_ROUTES_H
#define YCD_ROUTES_H
#include "server/http.h"
#include <stddef.h>

typedef void (*route_fn)(struct req *rq, struct resp *rs);

enum {
	ROUTE_PUBLIC = 1 << 0, /* no bearer token needed */
	ROUTE_IDEM = 1 << 1,   /* POST that honours Idempotency-Key */
};

struct route {
	const char *method;
	const char *pattern;    /* "/v1/tickets/{id}/recall": {x} matches one segment */
	route_fn fn;
	unsigned flags;
	const char *idem_field; /* public POSTs: body field whose hash scopes the key */
};

enum route_match {
	ROUTE_FOUND = 0,
	ROUTE_NO_PATH,    /* 404 */
	ROUTE_NO_METHOD,  /* 405; allow lists the methods the path has */
};

/* Match method and path against the table. scratch (at least strlen(path)+1
 * bytes) holds the path parameters that params[] point into. */
enum route_match routes_match(const char *method, const char *path, const struct route **out,
			      const char **params, int *nparams, char *scratch, char *allow, size_t allowsz);
/* The table (for tests and the man page). */
const struct route *routes_table(size_t *n);

/* Handlers, one file per resource. */
void route_health(struct req *rq, struct resp *rs);
void route_meta(struct req *rq, struct resp *rs);
void route_login(struct req *rq, struct resp *rs);
void route_refresh(struct req *rq, struct resp *rs);
void route_logout(struct req *rq, struct resp *rs);
void route_me(struct req *rq, struct resp *rs);
void route_queue_get(struct req *rq, struct resp *rs);
void route_queue_issue(struct req *rq, struct resp *rs);
void route_queue_call_next(struct req *rq, struct resp *rs);
void route_ticket_action(struct req *rq, struct resp *rs);
void route_events(struct req *rq, struct resp *rs);
void route_person(struct req *rq, struct resp *rs);
void route_entity(struct req *rq, struct resp *rs);
void route_licenses(struct req *rq, struct resp *rs);
void route_proofs(struct req *rq, struct resp *rs);
void route_credit(struct req *rq, struct resp *rs);
void route_audit(struct req *rq, struct resp *rs);
void route_matters(struct req *rq, struct resp *rs);
void route_matter(struct req *rq, struct resp *rs);
void route_bundles(struct req *rq, struct resp *rs);
void route_form(struct req *rq, struct resp *rs);
void route_case_create(struct req *rq, struct resp *rs);
void route_cases_list(struct req *rq, struct resp *rs);
void route_case_get(struct req *rq, struct resp *rs);
void route_case_materials(struct req *rq, struct resp *rs);
void route_case_payment(struct req *rq, struct resp *rs);
void route_case_evaluation(struct req *rq, struct resp *rs);
void route_kb_search(struct req *rq, struct resp *rs);
void route_kb_article(struct req *rq, struct resp *rs);
void route_kb_changes(struct req *rq, struct resp *rs);
void route_later(struct req *rq, struct resp *rs);

/* Shared by the queue routes: answer a queue operation's outcome (the
 * ticket with ok_status, or the matching problem; an unknown category is
 * blamed on cat_field). */
struct ticket;
void route_queue_outcome(struct req *rq, struct resp *rs, int rc, const struct ticket *t, const char *detail,
			 unsigned ok_status, const char *cat_field);

#endif
