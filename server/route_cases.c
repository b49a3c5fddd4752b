/* route_cases: the cases endpoints (being built: 501 for now). */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "server/routes.h"

void route_case_create(struct req *rq, struct resp *rs) { route_later(rq, rs); }
void route_cases_list(struct req *rq, struct resp *rs) { route_later(rq, rs); }
void route_case_get(struct req *rq, struct resp *rs) { route_later(rq, rs); }
void route_case_materials(struct req *rq, struct resp *rs) { route_later(rq, rs); }
void route_case_payment(struct req *rq, struct resp *rs) { route_later(rq, rs); }
void route_case_evaluation(struct req *rq, struct resp *rs) { route_later(rq, rs); }
