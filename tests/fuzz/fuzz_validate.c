/* fuzz_validate: the server's request checks (server/validate.h text_valid, field_string, query_int; server/idparam.h). */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "common/jsonx.h"
#include "common/text.h"
#include "server/idparam.h"
#include "server/validate.h"
#include "tests/fuzz/fuzz.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_locale();
	return 0;
}

static size_t count(const cJSON *errors)
{
	return errors ? (size_t)cJSON_GetArraySize(errors) : 0;
}

/* The server's validator and the client's sink agree: what text_clean
 * leaves of one line is valid text, and valid text without bidi controls
 * or tabs passes text_clean unchanged. */
static void check_text(const char *s)
{
	size_t chars = 0;
	bool ok = text_valid(s, false, &chars);
	bool ok_multi = text_valid(s, true, NULL);
	FUZZ_CHECK(!ok || ok_multi);
	if (ok) {
		size_t cps = 0;
		for (const char *p = s; *p; p++)
			cps += ((unsigned char)*p & 0xC0) != 0x80;
		FUZZ_CHECK(chars == cps && fuzz_utf8_ok(s));
		char *c = text_clean(s, TEXT_ONE_LINE);
		bool bidi = strstr(s, "\xE2\x80\xAA") || strstr(s, "\xE2\x80\xAB") || strstr(s, "\xE2\x80\xAC") ||
			    strstr(s, "\xE2\x80\xAD") || strstr(s, "\xE2\x80\xAE") || strstr(s, "\xE2\x81\xA6") ||
			    strstr(s, "\xE2\x81\xA7") || strstr(s, "\xE2\x81\xA8") || strstr(s, "\xE2\x81\xA9") ||
			    strstr(s, "\xE2\x80\x8E") || strstr(s, "\xE2\x80\x8F") || strstr(s, "\xD8\x9C");
		if (!bidi)
			FUZZ_CHECK(strcmp(c, s) == 0);
		free(c);
	}
	char *clean = text_clean(s, TEXT_ONE_LINE);
	FUZZ_CHECK(text_valid(clean, false, NULL));
	free(clean);
	clean = text_clean(s, TEXT_KEEP_NEWLINES);
	FUZZ_CHECK(text_valid(clean, true, NULL));
	free(clean);
}

static void check_query(const char *s)
{
	cJSON *errors = NULL;
	long out = 0;
	bool ok = query_int(s, "q", 1, 500, 20, &out, &errors);
	FUZZ_CHECK(ok ? (out >= 1 && out <= 500 && count(errors) == 0) : (out == 20 && count(errors) == 1));
	cJSON_Delete(errors);
}

/* A body: each member through field_string and field_bool. */
static void check_body(const cJSON *body)
{
	const cJSON *m;
	cJSON_ArrayForEach(m, body) {
		if (!m->string)
			continue;
		cJSON *errors = NULL;
		const char *s = field_string(body, m->string, true, 40, &errors);
		FUZZ_CHECK((s != NULL) == (count(errors) == 0));
		if (s) {
			size_t chars;
			FUZZ_CHECK(text_valid(s, true, &chars) && chars <= 40 && *s);
		}
		cJSON_Delete(errors);
		errors = NULL;
		(void)field_bool(body, m->string, false, &errors);
		FUZZ_CHECK(count(errors) == (cJSON_IsBool(cJSON_GetObjectItemCaseSensitive(body, m->string)) ||
					     cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(body, m->string)) ? 0 : 1));
		cJSON_Delete(errors);
	}
}

static void check_idparam(const char *s)
{
	static const enum idparam_kind kinds[] = {IDP_PERSON, IDP_USCC, IDP_HOLDER};
	for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
		cJSON *errors = NULL;
		char norm[32];
		bool entity = true;
		bool ok = idparam_check(s, kinds[k], "id", norm, sizeof norm, &entity, &errors);
		FUZZ_CHECK(ok == (count(errors) == 0));
		if (!ok) {
			FUZZ_CHECK(!entity);
			cJSON_Delete(errors);
			continue;
		}
		FUZZ_CHECK(strlen(norm) == 18 || strlen(norm) == 15);
		FUZZ_CHECK(kinds[k] != IDP_USCC || entity);
		FUZZ_CHECK(kinds[k] != IDP_PERSON || !entity);
		/* The normalized identifier passes again, unchanged. */
		char again[32];
		bool entity2;
		FUZZ_CHECK(idparam_check(norm, kinds[k], "id", again, sizeof again, &entity2, &errors));
		FUZZ_CHECK(strcmp(again, norm) == 0 && entity2 == entity);
		cJSON_Delete(errors);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *in = fuzz_cstr(data, size);
	check_text(in);
	check_query(in);
	check_idparam(in);
	cJSON *body = json_parse_n((const char *)data, size);
	if (cJSON_IsObject(body))
		check_body(body);
	cJSON_Delete(body);
	free(in);
	return 0;
}
