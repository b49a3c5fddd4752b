/* route_people: GET /v1/people/{id_number} (人口库) and GET /v1/entities/{uscc} (法人库), purpose-checked and audited. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "server/idparam.h"
#include "server/routes.h"
#include "server/sbuf.h"
#include "server/shared.h"
#include <stdlib.h>
#include <string.h>

/* One record by its own identifier from a source. */
static void lookup_one(struct req *rq, struct resp *rs, enum shared_src src, enum idparam_kind kind,
		       const char *param)
{
	if (shared_hold(rq, rs, src))
		return;
	struct lookup lk;
	lookup_begin(rq, &lk, src, rq->params[0]);
	char id[32];
	if (idparam_check(rq->params[0], kind, param, id, sizeof id, NULL, &lk.errs))
		scopy(lk.a.subject, sizeof lk.a.subject, id);
	if (!lookup_allowed(rq, rs, &lk))
		return;
	struct store *st = store_thread();
	char *json = NULL;
	int rc = st ? store_shared_get(st, shared_src_name(src), id, &json) : STORE_ERROR;
	if (rc == STORE_OK) {
		resp_text(rs, 200, "application/json", json, strlen(json));
		lookup_end(&lk, rs, "found", 1);
	} else if (rc == STORE_NOTFOUND) {
		resp_problem(rs, rq, "not-found", "%s has no record of %s", src == SRC_PEOPLE ? "the population database"
			     : "the legal-person database", id);
		lookup_end(&lk, rs, "not_found", 0);
	} else {
		resp_problem(rs, rq, "internal", "the shared data could not be read");
		lookup_end(&lk, rs, "error", 0);
	}
	audit_write(rq, &lk.a);
}

void route_person(struct req *rq, struct resp *rs)
{
	lookup_one(rq, rs, SRC_PEOPLE, IDP_PERSON, "id_number");
}

void route_entity(struct req *rq, struct resp *rs)
{
	lookup_one(rq, rs, SRC_ENTITIES, IDP_USCC, "uscc");
}
