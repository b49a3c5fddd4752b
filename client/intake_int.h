/* intake_int: what the intake_*.c and catalog files share. Not for screens
 * (they use intake.h and catalog.h). */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef YC_INTAKE_INT_H
#define YC_INTAKE_INT_H
#include "client/api.h"
#include "client/intake.h"

/* One sentence on why a request did not give what was asked (translated,
 * clean; caller frees): offline, not found, not available yet, the
 * server's own words, or the status. */
char *intake_answer_error(const ApiResponse *r);
/* Percent-encode s for a URL path segment or query value (caller frees). */
char *intake_url_escape(const char *s);
/* The purpose header of a shared-data request for this intake ("X-Ticket:
 * …"), or NULL when it has none. Caller frees. */
char *intake_purpose_header(const Intake *in);
/* A cleaned copy of a JSON string member, or NULL. */
char *intake_json_clean(const cJSON *obj, const char *key);
/* A deep copy of a network document with every string (and member name)
 * passed through text_clean(). */
cJSON *intake_json_copy(const cJSON *j);
/* Free the checklist (intake_materials.c). */
void intake_materials_free(Intake *in);

#endif
