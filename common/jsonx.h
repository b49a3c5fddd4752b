/* jsonx: small typed accessors over cJSON, used by client and server. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef YC_JSONX_H
#define YC_JSONX_H
#include <cjson/cJSON.h>
#include <stdbool.h>

/* The member's string, or def when missing or not a string. Borrowed. */
const char *json_str(const cJSON *obj, const char *key, const char *def);
/* The member's number as long (clamped to long's range), or def when
 * missing or not a number. */
long json_long(const cJSON *obj, const char *key, long def);
/* The member's boolean, or def. */
bool json_bool(const cJSON *obj, const char *key, bool def);
/* The member if it is an object / array, else NULL. Borrowed. */
cJSON *json_obj(const cJSON *obj, const char *key);
cJSON *json_arr(const cJSON *obj, const char *key);
/* Parse at most len bytes; NULL when malformed. */
cJSON *json_parse_n(const char *buf, size_t len);
/* Compact serialization; caller frees. Never NULL. */
char *json_print(const cJSON *v);

#endif
