/* shared: what every shared-data route does — purpose headers, the audit row, benchmark delays. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef YCD_SHARED_H
#define YCD_SHARED_H
#include "server/http.h"
#include "server/store.h"
#include <cjson/cJSON.h>
#include <stdbool.h>

enum shared_src { SRC_PEOPLE = 0, SRC_ENTITIES, SRC_LICENSES, SRC_CREDIT, SRC_PROOFS, SRC__COUNT };

/* "people", "entities", …; and back (-1 when unknown). */
const char *shared_src_name(enum shared_src s);
int shared_src_parse(const char *name, size_t len);

/* --delay SOURCE=MS[,SOURCE=MS…]: 0 on success, -1 with a message. */
int shared_delay_parse(const char *spec, char *err, size_t errsz);
void shared_delay_set(enum shared_src s, int ms);
int shared_delay_ms(enum shared_src s);
/* On a handler's first call, park the request for the source's delay;
 * true when parked (the handler returns at once and runs again later). */
bool shared_hold(struct req *rq, struct resp *rs, enum shared_src s);

/* One lookup from request to audit row. */
struct lookup {
	struct audit_rec a;
	cJSON *errs;          /* FieldErrors collected so far */
};
/* Start: who asks, the source and the subject as given. */
void lookup_begin(const struct req *rq, struct lookup *lk, enum shared_src s, const char *subject);
/* After the parameters were checked (errors in lk->errs): read the purpose
 * headers. False when the request is refused, with the answer (422
 * invalid-request or purpose-required) in rs and the refusal audited. */
bool lookup_allowed(const struct req *rq, struct resp *rs, struct lookup *lk);
/* Record the outcome (status and result of the answer in rs). */
void lookup_end(struct lookup *lk, const struct resp *rs, const char *result, int count);

/* Write one audit row (staff and time filled in here). */
void audit_write(const struct req *rq, struct audit_rec *a);

#endif
