/* validate: typed reads of JSON body fields that collect errors[] for a 422 answer. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef YCD_VALIDATE_H
#define YCD_VALIDATE_H
#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>

/* A string member: NULL (and an error when required) if missing; an error
 * when not a string, longer than max characters, not valid UTF-8 or
 * holding control characters. */
const char *field_string(const cJSON *body, const char *field, bool required, size_t max, cJSON **errors);
/* A boolean member, def when missing; an error when not a boolean. */
bool field_bool(const cJSON *body, const char *field, bool def, cJSON **errors);
/* Valid UTF-8 without C0/C1 controls (newline and tab allowed when multiline). */
bool text_valid(const char *s, bool multiline, size_t *chars);
/* A query parameter as an integer in [min, max]; def when absent. Returns
 * false (and adds an error) when it is not. */
bool query_int(const char *value, const char *name, long min, long max, long def, long *out, cJSON **errors);

#endif
