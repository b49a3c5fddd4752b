/* problem: RFC 9457 problem details (application/problem+json) with errors[]. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef YCD_PROBLEM_H
#define YCD_PROBLEM_H
#include <cjson/cJSON.h>

/* The HTTP status of a problem slug ("ticket-state" -> 409); 500 when the
 * slug is unknown. */
unsigned problem_status(const char *slug);
/* The first slug answered with this status, or NULL. */
const char *problem_slug_for(unsigned status);
/* A new problem object: type "/problems/<slug>", title, status, detail
 * (may be NULL) and instance (the request path). Caller owns it. */
cJSON *problem_new(const char *slug, const char *instance, const char *detail);
/* Append {"field","code","message"} to *errors, creating the array. */
void problem_error(cJSON **errors, const char *field, const char *code, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

#endif
