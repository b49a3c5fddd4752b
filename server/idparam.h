/* idparam: identifiers in paths, queries and headers, checked the way a form field of that type checks them. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef YCD_IDPARAM_H
#define YCD_IDPARAM_H
#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>

enum idparam_kind {
	IDP_PERSON,  /* identity document: citizen ID, HK/Macao/Taiwan permit, foreign PR */
	IDP_USCC,    /* unified social credit code */
	IDP_HOLDER,  /* either, told apart by its shape */
};

/* Check value; on success copy the normalized identifier (upper case, 18
 * characters) into norm and say whether it is an entity's. On failure add
 * a FieldError on field (code check_digit, format, … with the rule's
 * message) to *errs and return false. */
bool idparam_check(const char *value, enum idparam_kind kind, const char *field, char *norm, size_t normsz,
		   bool *is_entity, cJSON **errs);

#endif
