/* test_forms_types: each field type's typed-text normalization, good values and bad values with their codes and messages. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/jsonx.h"
#include "common/xalloc.h"
#include "forms/forms.h"

#define TODAY "2026-11-23"

/* One section of one field per type (plus variants). */
static const char *const schema_json =
	"{\"id\":\"types\",\"version\":1,\"title\":\"T\",\"matters\":[],\"updated_at\":\"2026-01-01T00:00:00Z\","
	"\"sections\":[{\"key\":\"s\",\"title\":\"S\",\"fields\":["
	"{\"key\":\"text\",\"label\":\"L\",\"type\":\"text\",\"limits\":{\"min_length\":2,\"max_length\":5}},"
	"{\"key\":\"code\",\"label\":\"L\",\"type\":\"text\",\"limits\":{\"pattern\":\"[A-Z]{2}[0-9]+\"}},"
	"{\"key\":\"area\",\"label\":\"L\",\"type\":\"textarea\"},"
	"{\"key\":\"idn\",\"label\":\"L\",\"type\":\"id_number\"},"
	"{\"key\":\"uscc\",\"label\":\"L\",\"type\":\"uscc\"},"
	"{\"key\":\"phone\",\"label\":\"L\",\"type\":\"phone\"},"
	"{\"key\":\"date\",\"label\":\"L\",\"type\":\"date\"},"
	"{\"key\":\"adult\",\"label\":\"L\",\"type\":\"date\",\"limits\":{\"max_date\":\"today-18y\",\"min_date\":\"1900-01-01\"}},"
	"{\"key\":\"soon\",\"label\":\"L\",\"type\":\"date\",\"limits\":{\"min_date\":\"today\",\"max_date\":\"today+30d\"}},"
	"{\"key\":\"colour\",\"label\":\"L\",\"type\":\"enum\",\"options\":[{\"value\":\"red\",\"label\":\"红\"},{\"value\":\"blue\",\"label\":\"蓝\"}]},"
	"{\"key\":\"tags\",\"label\":\"L\",\"type\":\"multi\",\"limits\":{\"min_items\":1,\"max_items\":2},"
	" \"options\":[{\"value\":\"it\",\"label\":\"信息技术\"},{\"value\":\"retail\",\"label\":\"零售\"},{\"value\":\"food\",\"label\":\"餐饮\"}]},"
	"{\"key\":\"fee\",\"label\":\"L\",\"type\":\"money\",\"limits\":{\"min\":0.5,\"max\":1000}},"
	"{\"key\":\"count\",\"label\":\"L\",\"type\":\"integer\",\"limits\":{\"min\":1,\"max\":99}},"
	"{\"key\":\"div\",\"label\":\"L\",\"type\":\"division\"},"
	"{\"key\":\"addr\",\"label\":\"L\",\"type\":\"address\",\"limits\":{\"min_length\":5,\"max_length\":10}},"
	"{\"key\":\"flag\",\"label\":\"L\",\"type\":\"bool\"},"
	"{\"key\":\"rows\",\"label\":\"L\",\"type\":\"table\",\"limits\":{\"max_items\":2},"
	" \"fields\":[{\"key\":\"n\",\"label\":\"N\",\"type\":\"text\"}]}"
	"]}]}";

static FormSchema *schema;

static int setup(void **state)
{
	FormsErrors e;
	forms_errors_init(&e);
	schema = forms_schema_parse(schema_json, strlen(schema_json), &e);
	if (!schema)
		fail_msg("%s: %s", e.v[0].field, e.v[0].msgid);
	return 0;
}

static int teardown(void **state)
{
	forms_schema_free(schema);
	return 0;
}

static const FormField *F(const char *key)
{
	const FormField *f = forms_field(schema, key);
	assert_non_null(f);
	return f;
}

/* The JSON of what text becomes in field key ("null" when empty). */
static char *typed(const char *key, const char *text)
{
	cJSON *v = forms_value_from_text(F(key), text);
	char *s = json_print(v);
	cJSON_Delete(v);
	return s;
}

#define EXPECT_TYPED(key, text, json)                                        \
	do {                                                                  \
		char *s_ = typed(key, text);                                  \
		if (strcmp(s_, json) != 0)                                    \
			fail_msg("%s <- \"%s\": %s, expected %s", key, text, s_, json); \
		free(s_);                                                     \
	} while (0)

/* Check a value given as JSON; returns "" when valid, else "code: message" of the first error. */
static char *verdict(const char *key, const char *json)
{
	cJSON *v = cJSON_Parse(json);
	assert_non_null(v);
	FormsErrors e;
	forms_errors_init(&e);
	size_t n = forms_check_value(F(key), v, key, TODAY, &e);
	assert_int_equal(n, e.n);
	char msg[256] = "";
	char *out;
	if (e.n) {
		forms_error_message(&e.v[0], msg, sizeof msg, NULL);
		out = xasprintf("%s: %s", forms_code_name(e.v[0].code), msg);
	} else {
		out = xstrdup("");
	}
	forms_errors_free(&e);
	cJSON_Delete(v);
	return out;
}

#define EXPECT_OK(key, json) EXPECT_VERDICT(key, json, "")
#define EXPECT_VERDICT(key, json, want)                                      \
	do {                                                                  \
		char *s_ = verdict(key, json);                                \
		if (strcmp(s_, want) != 0)                                    \
			fail_msg("%s = %s: \"%s\", expected \"%s\"", key, json, s_, want); \
		free(s_);                                                     \
	} while (0)

static void test_type_names(void **state)
{
	FormType t;
	for (int i = 0; i < FORM_TYPE__COUNT; i++) {
		assert_true(forms_type_from_name(forms_type_name((FormType)i), &t));
		assert_int_equal(t, i);
	}
	assert_false(forms_type_from_name("colour", &t));
	assert_string_equal(forms_type_name(FORM_ID_NUMBER), "id_number");
}

/* Lengths count characters, not bytes; text is trimmed, ideographic space too. */
static void test_text(void **state)
{
	EXPECT_TYPED("text", "  王小明　", "\"王小明\"");
	EXPECT_TYPED("text", "   ", "null");
	EXPECT_OK("text", "\"王小明\"");
	EXPECT_OK("text", "\"一二三四五\"");
	EXPECT_VERDICT("text", "\"王\"", "too_short: at least 2 characters");
	EXPECT_VERDICT("text", "\"一二三四五六\"", "too_long: at most 5 characters");
	EXPECT_VERDICT("text", "\"a\\u0001b\"", "invalid: contains a control character");
	EXPECT_VERDICT("text", "\"a\\nb\"", "invalid: contains a control character");
	EXPECT_VERDICT("text", "\"ab\\u202ecd\"", "invalid: contains a control character");
	EXPECT_VERDICT("text", "12", "type: expected text");
	EXPECT_OK("area", "\"第一行\\n第二行\"");
	EXPECT_TYPED("area", "a\r\nb", "\"a\\nb\"");
	EXPECT_OK("addr", "\"徐汇区漕溪北路\"");
	EXPECT_VERDICT("addr", "\"徐汇区\"", "too_short: at least 5 characters");
	/* invalid UTF-8 can only come from outside: build it by hand */
	cJSON *bad = cJSON_CreateString("ab\xff");
	FormsErrors e;
	forms_errors_init(&e);
	assert_int_equal(forms_check_value(F("text"), bad, "text", TODAY, &e), 1);
	assert_string_equal(e.v[0].msgid, "not valid UTF-8 text");
	forms_errors_free(&e);
	cJSON_Delete(bad);
}

/* A pattern must match the whole value. */
static void test_pattern(void **state)
{
	EXPECT_OK("code", "\"AB12\"");
	EXPECT_VERDICT("code", "\"xAB12\"", "pattern: not in the required format");
	EXPECT_VERDICT("code", "\"AB12x\"", "pattern: not in the required format");
	EXPECT_VERDICT("code", "\"A12\"", "pattern: not in the required format");
}

static void test_id_number(void **state)
{
	EXPECT_TYPED("idn", "11010519491231002x", "\"11010519491231002X\"");
	EXPECT_TYPED("idn", "110105 19491231 002X", "\"11010519491231002X\"");
	EXPECT_TYPED("idn", "110105491231002", "\"11010519491231002X\""); /* 15 → 18 */
	EXPECT_TYPED("idn", "110105194912310021", "\"110105194912310021\""); /* kept as typed */
	EXPECT_OK("idn", "\"11010519491231002X\"");
	EXPECT_OK("idn", "\"810000198505060314\"");  /* HK/Macao permit */
	EXPECT_OK("idn", "\"931840198001020557\"");  /* foreign PR */
	EXPECT_VERDICT("idn", "\"110105194912310021\"", "check_digit: check digit is 1, expected X");
	EXPECT_VERDICT("idn", "\"110105194902300012\"", "invalid: birth date 1949-02-30 is not a real date");
	EXPECT_VERDICT("idn", "\"1101051949123100\"",
	               "format: citizen ID number has 16 characters, expected 18 (or 15 for an old number)");
	EXPECT_VERDICT("idn", "\"91310104MA1FL0XX7X\"",
	               "format: this is a unified social credit code, not an identity document number");
	EXPECT_VERDICT("idn", "\"13812345678\"", "format: this is a mobile number, not an identity document number");
	EXPECT_VERDICT("idn", "\"hello\"", "format: not an ID number, credit code or mobile number");
	/* the IdCheck travels with the error */
	cJSON *v = cJSON_CreateString("110105194912310021");
	FormsErrors e;
	forms_errors_init(&e);
	forms_check_value(F("idn"), v, "idn", TODAY, &e);
	assert_true(e.v[0].has_id);
	assert_int_equal(e.v[0].id.expected_check, 'X');
	assert_string_equal(e.v[0].msgid, "check digit is %1$s, expected %2$s");
	forms_errors_free(&e);
	cJSON_Delete(v);
}

static void test_uscc_and_phone(void **state)
{
	EXPECT_TYPED("uscc", "91310104ma1fl0xx7x", "\"91310104MA1FL0XX7X\"");
	EXPECT_OK("uscc", "\"91310104MA1FL0XX7X\"");
	EXPECT_VERDICT("uscc", "\"91310104MA1FL0XX4B\"",
	               "check_digit: organisation code check character (position 17) is 4, expected 7");
	EXPECT_TYPED("phone", "138 1234 5678", "\"13812345678\"");
	EXPECT_TYPED("phone", "+86 138-1234-5678", "\"13812345678\"");
	EXPECT_OK("phone", "\"13812345678\"");
	EXPECT_VERDICT("phone", "\"12812345678\"", "format: a mobile number starts with 13 to 19, not 12");
	EXPECT_VERDICT("phone", "\"1381234567\"", "format: mobile number has 10 characters, expected 11");
}

static void test_date(void **state)
{
	EXPECT_TYPED("date", "2024/3/5", "\"2024-03-05\"");
	EXPECT_TYPED("date", "20240305", "\"2024-03-05\"");
	EXPECT_TYPED("date", "2024年3月5日", "\"2024-03-05\"");
	EXPECT_TYPED("date", "２０２４-０３-０５", "\"2024-03-05\"");
	EXPECT_TYPED("date", "2024-02-30", "\"2024-02-30\"");
	EXPECT_OK("date", "\"2024-02-29\"");
	EXPECT_VERDICT("date", "\"2023-02-29\"", "invalid: 2023-02-29 is not a real date");
	EXPECT_VERDICT("date", "\"2024/03/05\"", "format: 2024/03/05 is not a date (YYYY-MM-DD)");
	EXPECT_VERDICT("date", "\"March 5\"", "format: March 5 is not a date (YYYY-MM-DD)");
	/* today is 2026-11-23: an adult was born on or before 2008-11-23 */
	EXPECT_OK("adult", "\"2008-11-23\"");
	EXPECT_VERDICT("adult", "\"2008-11-24\"", "range: on or before 2008-11-23");
	EXPECT_VERDICT("adult", "\"1899-12-31\"", "range: on or after 1900-01-01");
	EXPECT_OK("soon", "\"2026-12-23\"");
	EXPECT_VERDICT("soon", "\"2026-12-24\"", "range: on or before 2026-12-23");
	EXPECT_VERDICT("soon", "\"2026-11-22\"", "range: on or after 2026-11-23");
}

/* Relative limits clamp to the month's end: 02-29 minus a year is 02-28. */
static void test_relative_dates_clamp(void **state)
{
	cJSON *v = cJSON_CreateString("2006-02-28");
	FormsErrors e;
	forms_errors_init(&e);
	assert_int_equal(forms_check_value(F("adult"), v, "adult", "2024-02-29", &e), 0);
	cJSON_SetValuestring(v, "2006-03-01");
	assert_int_equal(forms_check_value(F("adult"), v, "adult", "2024-02-29", &e), 1);
	char msg[128];
	forms_error_message(&e.v[0], msg, sizeof msg, NULL);
	assert_string_equal(msg, "on or before 2006-02-28");
	forms_errors_free(&e);
	cJSON_Delete(v);
}

static void test_enum_multi(void **state)
{
	EXPECT_TYPED("colour", "红", "\"red\"");
	EXPECT_TYPED("colour", "blue", "\"blue\"");
	EXPECT_OK("colour", "\"red\"");
	EXPECT_VERDICT("colour", "\"green\"", "enum: green is not one of the choices");
	EXPECT_VERDICT("colour", "[\"red\"]", "type: expected text");
	EXPECT_TYPED("tags", "信息技术、零售", "[\"it\",\"retail\"]");
	EXPECT_TYPED("tags", "it, food", "[\"it\",\"food\"]");
	EXPECT_OK("tags", "[\"it\",\"retail\"]");
	EXPECT_VERDICT("tags", "[\"it\",\"retail\",\"food\"]", "too_long: choose at most 2");
	EXPECT_VERDICT("tags", "[\"it\",\"cars\"]", "enum: cars is not one of the choices");
	EXPECT_VERDICT("tags", "[\"it\",\"it\"]", "invalid: it is chosen twice");
	EXPECT_VERDICT("tags", "\"it\"", "type: expected a list of choices");
	/* the error names the item */
	cJSON *v = cJSON_Parse("[\"it\",\"cars\"]");
	FormsErrors e;
	forms_errors_init(&e);
	forms_check_value(F("tags"), v, "tags", TODAY, &e);
	assert_non_null(forms_errors_find(&e, "tags[1]"));
	forms_errors_free(&e);
	cJSON_Delete(v);
}

static void test_money(void **state)
{
	EXPECT_TYPED("fee", "1,200.5", "\"1200.50\"");
	EXPECT_TYPED("fee", "¥99", "\"99.00\"");
	EXPECT_TYPED("fee", "15元", "\"15.00\"");
	EXPECT_TYPED("fee", "007", "\"7.00\"");
	EXPECT_TYPED("fee", "12.345", "\"12.345\"");
	EXPECT_OK("fee", "\"120.00\"");
	EXPECT_OK("fee", "\"0.5\"");
	EXPECT_OK("fee", "\"1000\"");
	EXPECT_VERDICT("fee", "\"12.345\"", "format: 12.345 has more than 2 decimals");
	EXPECT_VERDICT("fee", "\"abc\"", "format: abc is not an amount in yuan");
	EXPECT_VERDICT("fee", "\"-5\"", "format: -5 is not an amount in yuan");
	EXPECT_VERDICT("fee", "\"1.\"", "format: 1. is not an amount in yuan");
	EXPECT_VERDICT("fee", "\"12345678901234\"", "format: 12345678901234 is not an amount in yuan");
	EXPECT_VERDICT("fee", "\"1000.01\"", "range: at most 1000.00");
	EXPECT_VERDICT("fee", "\"0.49\"", "range: at least 0.50");
	EXPECT_VERDICT("fee", "5", "type: expected text");
}

static void test_integer(void **state)
{
	EXPECT_TYPED("count", "1,234", "1234");
	EXPECT_TYPED("count", "-5", "-5");
	EXPECT_TYPED("count", "12a", "\"12a\"");
	EXPECT_OK("count", "42");
	EXPECT_VERDICT("count", "\"12a\"", "format: 12a is not a whole number");
	EXPECT_VERDICT("count", "1.5", "format: 1.5 is not a whole number");
	EXPECT_VERDICT("count", "0", "range: at least 1");
	EXPECT_VERDICT("count", "100", "range: at most 99");
	EXPECT_VERDICT("count", "true", "type: expected a whole number");
}

static void test_division(void **state)
{
	EXPECT_TYPED("div", " 310104 ", "\"310104\"");
	EXPECT_OK("div", "\"310104\"");
	EXPECT_VERDICT("div", "\"31010\"", "format: a division code has 6 digits, not 31010");
	EXPECT_VERDICT("div", "\"999999\"", "invalid: 999999 is not a GB/T 2260 division code");
	EXPECT_VERDICT("div", "\"310103\"", "invalid: 310103 is a former division code, no longer in use");
}

static void test_bool(void **state)
{
	EXPECT_TYPED("flag", "是", "true");
	EXPECT_TYPED("flag", "否", "false");
	EXPECT_TYPED("flag", "YES", "true");
	EXPECT_TYPED("flag", "maybe", "\"maybe\"");
	EXPECT_OK("flag", "false");
	EXPECT_VERDICT("flag", "\"maybe\"", "type: expected yes or no");
}

static void test_table_shape(void **state)
{
	EXPECT_OK("rows", "[{\"n\":\"a\"},{}]");
	EXPECT_VERDICT("rows", "{\"n\":\"a\"}", "type: expected a list of rows");
	EXPECT_VERDICT("rows", "[{},{},{}]", "too_long: at most 2 rows");
	cJSON *v = cJSON_Parse("[{\"n\":\"a\"},5]");
	FormsErrors e;
	forms_errors_init(&e);
	forms_check_value(F("rows"), v, "rows", TODAY, &e);
	assert_int_equal(e.n, 1);
	assert_string_equal(e.v[0].field, "rows[1]");
	assert_int_equal(e.v[0].code, FORMS_E_TYPE);
	forms_errors_free(&e);
	cJSON_Delete(v);
}

/* Empty values are not checked (required-ness is the state's job). */
static void test_empty(void **state)
{
	cJSON *v = cJSON_Parse("[null, \"\", \"  \", [], 0, false]");
	assert_true(forms_value_empty(NULL));
	assert_true(forms_value_empty(cJSON_GetArrayItem(v, 0)));
	assert_true(forms_value_empty(cJSON_GetArrayItem(v, 1)));
	assert_true(forms_value_empty(cJSON_GetArrayItem(v, 2)));
	assert_true(forms_value_empty(cJSON_GetArrayItem(v, 3)));
	assert_false(forms_value_empty(cJSON_GetArrayItem(v, 4)));
	assert_false(forms_value_empty(cJSON_GetArrayItem(v, 5)));
	assert_int_equal(forms_check_value(F("count"), cJSON_GetArrayItem(v, 1), "count", TODAY, NULL), 0);
	cJSON_Delete(v);
}

/* Text shown for a value. */
static void test_value_text(void **state)
{
	cJSON *v = cJSON_Parse("[\"it\",\"food\"]");
	char *s = forms_value_text(F("tags"), v);
	assert_string_equal(s, "it, food");
	free(s);
	cJSON_Delete(v);
	v = cJSON_CreateNumber(1234);
	s = forms_value_text(F("count"), v);
	assert_string_equal(s, "1234");
	free(s);
	cJSON_Delete(v);
	v = cJSON_CreateTrue();
	s = forms_value_text(F("flag"), v);
	assert_string_equal(s, "true");
	free(s);
	cJSON_Delete(v);
	s = forms_value_text(F("text"), NULL);
	assert_string_equal(s, "");
	free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_type_names),
		cmocka_unit_test(test_text),
		cmocka_unit_test(test_pattern),
		cmocka_unit_test(test_id_number),
		cmocka_unit_test(test_uscc_and_phone),
		cmocka_unit_test(test_date),
		cmocka_unit_test(test_relative_dates_clamp),
		cmocka_unit_test(test_enum_multi),
		cmocka_unit_test(test_money),
		cmocka_unit_test(test_integer),
		cmocka_unit_test(test_division),
		cmocka_unit_test(test_bool),
		cmocka_unit_test(test_table_shape),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_value_text),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
