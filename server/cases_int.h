/* cases_int: what the case files (check, json, cases, routes) share among themselves. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef YCD_CASES_INT_H
#define YCD_CASES_INT_H
#include "server/catalog.h"
#include "server/store.h"
#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CASE_MAX_MATTERS 16

/* What a checked CaseCreate resolves to. */
struct case_plan {
	const struct cat_matter *m[CASE_MAX_MATTERS];
	size_t nm;
	char applicant_id[32];   /* normalized */
	cJSON *materials;        /* CaseMaterial[] from the guides and the input */
	int deferred;            /* materials left 容缺后补 */
};

/* ---- member checks with dotted paths (cases_fields.c) ---- */
/* A string member: NULL when absent or null (an error when required, or
 * when null is not allowed); errors for a wrong type, bad text or length. */
const char *cf_string(const cJSON *o, const char *key, const char *path, bool required, bool nullable,
		      size_t min, size_t max, cJSON **errs);
/* One of the words of a NULL-terminated list. */
const char *cf_enum(const cJSON *o, const char *key, const char *path, const char *const *words, bool required,
		    bool nullable, cJSON **errs);
/* Members not in allowed (NULL-terminated) are errors (code unknown). */
void cf_only(const cJSON *o, const char *const *allowed, const char *path, cJSON **errs);
/* "base.member" and "base[i]" into buf. */
const char *cf_path(char *buf, size_t n, const char *base, const char *member);
const char *cf_index(char *buf, size_t n, const char *base, int i);
/* ^[0-9+-]{5,20}$ */
bool cf_phone_ok(const char *s);

/* ---- CaseCreate (cases_check.c) ---- */
/* Check a CaseCreate body against the catalog, the forms and the shared
 * data; fill plan. today is YYYY-MM-DD. Returns the number of errors added. */
size_t cases_check_create(struct store *st, const cJSON *body, const char *today, int64_t now,
			  struct case_plan *plan, cJSON **errs);
void case_plan_free(struct case_plan *p);
/* Check one CaseMaterialInput against its guide material at path. */
size_t cases_check_material(struct store *st, const cJSON *in, const cJSON *guide, const char *path, cJSON **errs);
/* A matter's guide material by id, or NULL. */
const cJSON *case_guide_material(const struct cat_matter *m, const char *id);

/* ---- JSON (case_json.c) ---- */
/* {"id","name","role"} of a staff member. */
cJSON *case_staff_ref(struct store *st, const char *staff_id);
/* Append a TimelineEntry. department may be NULL (null). */
void case_timeline_add(cJSON *c, int64_t at, const char *kind, const char *actor, const cJSON *department,
		       const char *text);
/* CaseSummary of a Case. */
cJSON *case_summary(const cJSON *c);
/* Status after materials or payment changed (open cases only). */
void case_status_update(cJSON *c);
/* Statuses of a closed case. */
bool case_closed(const char *status);
/* Replace member key of o with v. */
void case_set(cJSON *o, const char *key, cJSON *v);

#endif
