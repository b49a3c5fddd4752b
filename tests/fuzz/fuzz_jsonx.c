/* fuzz_jsonx: the typed JSON accessors (common/jsonx.h) over whatever cJSON_ParseWithLength makes of the input. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "common/jsonx.h"
#include "tests/fuzz/fuzz.h"
#include <limits.h>

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	return 0;
}

/* Each accessor on each member agrees with the member's type. */
static void walk(const cJSON *v, int depth)
{
	if (!v || depth > 64)
		return;
	const cJSON *c;
	cJSON_ArrayForEach(c, v) {
		if (cJSON_IsObject(v) && c->string) {
			const char *k = c->string;
			/* Duplicate keys: the accessors see the first one. */
			const cJSON *first = cJSON_GetObjectItemCaseSensitive(v, k);
			FUZZ_CHECK(first != NULL);
			static const char def[] = "def";
			const char *s = json_str(v, k, def);
			FUZZ_CHECK(cJSON_IsString(first) ? s == first->valuestring : s == def);
			long l = json_long(v, k, -7);
			if (!cJSON_IsNumber(first))
				FUZZ_CHECK(l == -7);
			/* Numbers past long's range clamp (the cast would be undefined). */
			else if (first->valuedouble >= 0x1p63)
				FUZZ_CHECK(l == LONG_MAX);
			else if (first->valuedouble < -0x1p63)
				FUZZ_CHECK(l == LONG_MIN);
			bool b = json_bool(v, k, true);
			FUZZ_CHECK(cJSON_IsBool(first) ? b == cJSON_IsTrue(first) : b);
			FUZZ_CHECK((json_obj(v, k) != NULL) == cJSON_IsObject(first));
			FUZZ_CHECK((json_arr(v, k) != NULL) == cJSON_IsArray(first));
		}
		walk(c, depth + 1);
	}
	/* A key that is not there gives the default. */
	if (!cJSON_GetObjectItemCaseSensitive(v, "\x01missing")) {
		FUZZ_CHECK(json_long(v, "\x01missing", 3) == 3);
		FUZZ_CHECK(json_obj(v, "\x01missing") == NULL);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	cJSON *a = cJSON_ParseWithLength((const char *)data, size);
	cJSON *b = json_parse_n((const char *)data, size);
	/* json_parse_n is cJSON_ParseWithLength without the tail check. */
	if (a)
		FUZZ_CHECK(b != NULL);
	walk(b, 0);
	/* Printing is stable: what json_print writes parses back to the same text. */
	char *p = json_print(b);
	FUZZ_CHECK(p != NULL);
	if (b) {
		cJSON *c = json_parse_n(p, strlen(p));
		FUZZ_CHECK(c != NULL);
		char *q = json_print(c);
		FUZZ_CHECK(strcmp(p, q) == 0);
		free(q);
		cJSON_Delete(c);
	} else {
		FUZZ_CHECK(strcmp(p, "null") == 0);
	}
	free(p);
	cJSON_Delete(a);
	cJSON_Delete(b);
	return 0;
}
