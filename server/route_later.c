/* route_later: endpoints of later issues (remote assistance) answer 501. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "server/routes.h"

/* The route is part of the contract but not built yet. */
void route_later(struct req *rq, struct resp *rs)
{
	resp_problem(rs, rq, "not-implemented", "%s %s is part of a later issue and not implemented yet", rq->method,
		     rq->path);
}
