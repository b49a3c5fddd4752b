/* cases: accepting a case (受理) once, reading it, and recording materials, payment and evaluation, with case events. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef YCD_CASES_H
#define YCD_CASES_H
#include "server/store.h"
#include <cjson/cJSON.h>
#include <stddef.h>
#include <stdint.h>

enum case_rc {
	CASE_OK = 0,
	CASE_INVALID,    /* *errs holds FieldErrors */
	CASE_NOT_FOUND,
	CASE_CONFLICT,   /* the case's state does not allow it; detail says why */
	CASE_ERROR,
};

/* Who acts. */
struct case_actor {
	const char *staff_id;
	const char *window;   /* "" = none */
};

/* Check and accept a CaseCreate: *out is the new Case with its
 * query_password (the only time it exists in clear; the store keeps a
 * hash). Appends case.created. */
enum case_rc cases_create(struct store *st, const struct case_actor *who, const cJSON *body, int64_t now,
			  cJSON **out, cJSON **errs, char *detail, size_t dsz);
/* The Case (without password). */
enum case_rc cases_get(struct store *st, const char *number, cJSON **out);
/* CaseMaterialsUpdate: *out the updated Case. */
enum case_rc cases_materials(struct store *st, const struct case_actor *who, const char *number, const cJSON *body,
			     int64_t now, cJSON **out, cJSON **errs, char *detail, size_t dsz);
/* PaymentCreate: *out the updated Case. */
enum case_rc cases_payment(struct store *st, const struct case_actor *who, const char *number, const cJSON *body,
			   int64_t now, cJSON **out, cJSON **errs, char *detail, size_t dsz);
/* EvaluationCreate: *out the Evaluation. One per case. */
enum case_rc cases_evaluate(struct store *st, const struct case_actor *who, const char *number, const cJSON *body,
			    int64_t now, cJSON **out, cJSON **errs, char *detail, size_t dsz);
/* Whether the query password matches the stored hash (self-service). */
bool cases_password_ok(struct store *st, const char *number, const char *password);

#endif
