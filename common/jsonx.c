/* jsonx: typed accessors over cJSON. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "common/jsonx.h"
#include "common/xalloc.h"
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

const char *json_str(const cJSON *obj, const char *key, const char *def)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
	return cJSON_IsString(v) && v->valuestring ? v->valuestring : def;
}

long json_long(const cJSON *obj, const char *key, long def)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
	if (!cJSON_IsNumber(v) || isnan(v->valuedouble))
		return def;
	/* Past long's range the cast is undefined (1e400 parses as inf;
	 * found by tests/fuzz): clamp. */
	if (v->valuedouble >= 0x1p63)
		return LONG_MAX;
	if (v->valuedouble < -0x1p63)
		return LONG_MIN;
	return (long)v->valuedouble;
}

bool json_bool(const cJSON *obj, const char *key, bool def)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
	return cJSON_IsBool(v) ? cJSON_IsTrue(v) : def;
}

cJSON *json_obj(const cJSON *obj, const char *key)
{
	cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
	return cJSON_IsObject(v) ? v : NULL;
}

cJSON *json_arr(const cJSON *obj, const char *key)
{
	cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
	return cJSON_IsArray(v) ? v : NULL;
}

cJSON *json_parse_n(const char *buf, size_t len)
{
	if (!buf)
		return NULL;
	return cJSON_ParseWithLengthOpts(buf, len, NULL, 0);
}

char *json_print(const cJSON *v)
{
	char *s = v ? cJSON_PrintUnformatted(v) : NULL;
	if (!s)
		return xstrdup("null");
	char *r = xstrdup(s);
	cJSON_free(s);
	return r;
}
