/* validate: typed reads of JSON body fields that collect errors[] for a 422 answer. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "server/validate.h"
#include "server/problem.h"
#include "common/text.h"
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

bool text_valid(const char *s, bool multiline, size_t *chars)
{
	size_t n = strlen(s), count = 0;
	while (n) {
		uint32_t cp;
		size_t used = text_utf8_decode(s, n, &cp);
		/* U+FFFD is only genuine when spelled EF BF BD. */
		if (cp == 0xFFFD && !(used == 3 && memcmp(s, "\xEF\xBF\xBD", 3) == 0))
			return false;
		bool control = cp < 0x20 || (cp >= 0x7F && cp < 0xA0);
		if (control && !(multiline && (cp == '\n' || cp == '\t')))
			return false;
		s += used;
		n -= used;
		count++;
	}
	if (chars)
		*chars = count;
	return true;
}

const char *field_string(const cJSON *body, const char *field, bool required, size_t max, cJSON **errors)
{
	const cJSON *v = body ? cJSON_GetObjectItemCaseSensitive(body, field) : NULL;
	if (!v || cJSON_IsNull(v)) {
		if (required)
			problem_error(errors, field, "required", "%s is required", field);
		return NULL;
	}
	if (!cJSON_IsString(v) || !v->valuestring) {
		problem_error(errors, field, "type", "%s must be a string", field);
		return NULL;
	}
	size_t chars;
	if (!text_valid(v->valuestring, true, &chars)) {
		problem_error(errors, field, "format", "%s must be valid UTF-8 text without control characters", field);
		return NULL;
	}
	if (chars > max) {
		problem_error(errors, field, "too_long", "%s must be at most %zu characters", field, max);
		return NULL;
	}
	if (required && !*v->valuestring) {
		problem_error(errors, field, "required", "%s must not be empty", field);
		return NULL;
	}
	return v->valuestring;
}

bool field_bool(const cJSON *body, const char *field, bool def, cJSON **errors)
{
	const cJSON *v = body ? cJSON_GetObjectItemCaseSensitive(body, field) : NULL;
	if (!v || cJSON_IsNull(v))
		return def;
	if (!cJSON_IsBool(v)) {
		problem_error(errors, field, "type", "%s must be true or false", field);
		return def;
	}
	return cJSON_IsTrue(v);
}

bool query_int(const char *value, const char *name, long min, long max, long def, long *out, cJSON **errors)
{
	*out = def;
	if (!value)
		return true;
	char *end;
	errno = 0;
	long v = strtol(value, &end, 10);
	if (!*value || *end || errno || v < min || v > max || !(*value >= '0' && *value <= '9')) {
		problem_error(errors, name, "range", "%s must be a whole number from %ld to %ld", name, min, max);
		return false;
	}
	*out = v;
	return true;
}
