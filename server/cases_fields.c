/* cases_fields: typed reads of nested request members that name the dotted path at fault. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "server/cases_int.h"
#include "server/problem.h"
#include "server/validate.h"
#include <stdio.h>
#include <string.h>

const char *cf_path(char *buf, size_t n, const char *base, const char *member)
{
	if (base && *base)
		snprintf(buf, n, "%s.%s", base, member);
	else
		snprintf(buf, n, "%s", member);
	return buf;
}

const char *cf_index(char *buf, size_t n, const char *base, int i)
{
	snprintf(buf, n, "%s[%d]", base, i);
	return buf;
}

const char *cf_string(const cJSON *o, const char *key, const char *path, bool required, bool nullable,
		      size_t min, size_t max, cJSON **errs)
{
	char p[160];
	cf_path(p, sizeof p, path, key);
	const cJSON *v = cJSON_IsObject(o) ? cJSON_GetObjectItemCaseSensitive(o, key) : NULL;
	if (!v || cJSON_IsNull(v)) {
		if (required && !(v && nullable))
			problem_error(errs, p, "required", "%s is required", p);
		return NULL;
	}
	if (!cJSON_IsString(v) || !v->valuestring) {
		problem_error(errs, p, "type", "%s must be a string", p);
		return NULL;
	}
	size_t chars;
	if (!text_valid(v->valuestring, true, &chars)) {
		problem_error(errs, p, "format", "%s must be valid UTF-8 text without control characters", p);
		return NULL;
	}
	if (chars < min) {
		problem_error(errs, p, min <= 1 ? "required" : "too_short", "%s must be at least %zu characters", p, min);
		return NULL;
	}
	if (chars > max) {
		problem_error(errs, p, "too_long", "%s must be at most %zu characters", p, max);
		return NULL;
	}
	return v->valuestring;
}

const char *cf_enum(const cJSON *o, const char *key, const char *path, const char *const *words, bool required,
		    bool nullable, cJSON **errs)
{
	const char *s = cf_string(o, key, path, required, nullable, 1, 64, errs);
	if (!s)
		return NULL;
	for (size_t i = 0; words[i]; i++)
		if (strcmp(words[i], s) == 0)
			return words[i];
	char p[160], list[256] = "";
	for (size_t i = 0; words[i]; i++) {
		if (i)
			strncat(list, ", ", sizeof list - strlen(list) - 1);
		strncat(list, words[i], sizeof list - strlen(list) - 1);
	}
	problem_error(errs, cf_path(p, sizeof p, path, key), "enum", "%s must be one of %s", p, list);
	return NULL;
}

void cf_only(const cJSON *o, const char *const *allowed, const char *path, cJSON **errs)
{
	const cJSON *it;
	cJSON_ArrayForEach(it, o) {
		bool ok = false;
		for (size_t i = 0; allowed[i] && !ok; i++)
			ok = strcmp(allowed[i], it->string) == 0;
		if (!ok) {
			char p[200];
			char clean[64];
			size_t k = 0;
			for (const char *c = it->string; *c && k + 1 < sizeof clean; c++)
				if ((unsigned char)*c >= 0x20 && *c != 0x7f)
					clean[k++] = *c;
			clean[k] = '\0';
			problem_error(errs, cf_path(p, sizeof p, path, clean), "unknown", "%s is not a member of this object",
				      p);
		}
	}
}

bool cf_phone_ok(const char *s)
{
	size_t n = strlen(s);
	return n >= 5 && n <= 20 && strspn(s, "0123456789+-") == n;
}
