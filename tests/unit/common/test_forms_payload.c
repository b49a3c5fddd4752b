/* test_forms_payload: the case payload and drafts round trip; the server's check of a submitted case answers FieldErrors. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/jsonx.h"
#include "common/xalloc.h"
#include "forms/forms.h"

#include "tests/unit/common/forms_fixture.h"

static FormSchema *schema;

static int setup(void **state)
{
	schema = parse_file("birth-register.json");
	return 0;
}

static int teardown(void **state)
{
	forms_schema_free(schema);
	return 0;
}

/* A valid, complete birth registration (born 2026-10-01). */
static const char *const good_values =
	"{\"applicant.name\":\"王小明\",\"applicant.id_number\":\"31010419900307123X\",\"applicant.phone\":\"13812345678\","
	"\"child.name\":\"王一一\",\"child.gender\":\"female\",\"child.birth_date\":\"2026-10-01\",\"child.birth_weight\":3250,"
	"\"child.multiple_birth\":false,"
	"\"parents\":[{\"name\":\"王小明\",\"id_number\":\"31010419900307123X\",\"relation\":\"father\",\"employed\":true,"
	"\"employer\":\"上海一窗科技有限公司\"}],"
	"\"delivery.method\":\"post\",\"delivery.address\":\"上海市徐汇区漕溪北路 88 号\"}";

static FormState *filled(void)
{
	FormState *st = forms_state_new(schema);
	forms_state_set_today(st, "2026-11-23");
	cJSON *form = cJSON_CreateObject();
	cJSON_AddItemToObject(form, "values", cJSON_Parse(good_values));
	cJSON *doc = cJSON_CreateObject();
	cJSON_AddItemToObject(doc, "form", form);
	FormsErrors e;
	forms_errors_init(&e);
	assert_true(forms_load(st, doc, &e));
	/* no forms list: reported, values loaded all the same */
	assert_int_equal(e.n, 1);
	assert_string_equal(e.v[0].field, "form.forms");
	forms_errors_free(&e);
	cJSON_Delete(doc);
	return st;
}

/* Each FieldError has exactly field, code and message, a code of the contract. */
static void assert_field_errors(const cJSON *arr)
{
	regex_t code_re;
	assert_int_equal(regcomp(&code_re, "^(required|type|format|too_short|too_long|range|enum|unknown|check_digit|"
	                                   "pattern|invalid)$", REG_EXTENDED | REG_NOSUB), 0);
	const cJSON *it;
	cJSON_ArrayForEach(it, arr) {
		assert_int_equal(cJSON_GetArraySize(it), 3);
		assert_true(*json_str(it, "field", ""));
		assert_true(*json_str(it, "message", ""));
		if (regexec(&code_re, json_str(it, "code", ""), 0, NULL, 0) != 0)
			fail_msg("bad code %s", json_str(it, "code", ""));
	}
	regfree(&code_re);
}

/* The FieldError for field in arr, or NULL. */
static const cJSON *error_for(const cJSON *arr, const char *field)
{
	const cJSON *it;
	cJSON_ArrayForEach(it, arr)
		if (strcmp(json_str(it, "field", ""), field) == 0)
			return it;
	return NULL;
}

static void test_case_form_shape(void **state)
{
	FormState *st = filled();
	FormsErrors e;
	forms_errors_init(&e);
	assert_int_equal(forms_validate_all(st, &e), 0);
	cJSON *cf = forms_case_form(st);
	assert_int_equal(cJSON_GetArraySize(cf), 2);
	const cJSON *refs = json_arr(cf, "forms");
	assert_int_equal(cJSON_GetArraySize(refs), 1);
	assert_string_equal(json_str(cJSON_GetArrayItem(refs, 0), "id", ""), "birth-register");
	assert_int_equal(json_long(cJSON_GetArrayItem(refs, 0), "version", 0), 3);
	cJSON *want = cJSON_Parse(good_values);
	assert_true(cJSON_Compare(json_obj(cf, "values"), want, true));
	cJSON_Delete(want);
	/* the server accepts it */
	cJSON *errors = NULL;
	assert_int_equal(forms_validate_case(schema, cf, NULL, "2026-11-23", &errors), 0);
	assert_null(errors);
	cJSON_Delete(cf);
	forms_state_free(st);
}

/* Payload → text → a fresh state → the same payload. */
static void test_round_trip(void **state)
{
	FormState *st = filled();
	forms_set_text(st, "child.multiple_birth", "yes", NULL);
	forms_set_text(st, "child.birth_order", "2", NULL);
	cJSON *cf = forms_case_form(st);
	char *text = json_print(cf);
	FormState *back = forms_state_new(schema);
	cJSON *doc = cJSON_CreateObject();
	cJSON_AddItemToObject(doc, "form", cJSON_Parse(text));
	FormsErrors e;
	forms_errors_init(&e);
	assert_true(forms_load(back, doc, &e));
	assert_int_equal(e.n, 0);
	cJSON *cf2 = forms_case_form(back);
	assert_true(cJSON_Compare(cf, cf2, true));
	assert_false(forms_any_dirty(back));
	cJSON_Delete(cf2);
	cJSON_Delete(doc);
	free(text);
	cJSON_Delete(cf);
	forms_state_free(back);
	forms_state_free(st);
}

/* A draft keeps what the case drops (hidden values) and its "today". */
static void test_draft_round_trip(void **state)
{
	FormState *st = filled();
	forms_set_text(st, "delivery.method", "window", NULL);
	assert_int_equal(forms_set_text(st, "child.birth_weight", "12a", NULL), FORMS_INVALID);
	cJSON *draft = forms_draft_json(st);
	char *text = json_print(draft);
	FormState *back = forms_state_new(schema);
	cJSON *doc = cJSON_Parse(text);
	assert_true(forms_load(back, doc, NULL));
	assert_string_equal(forms_get(back, "delivery.address")->valuestring, "上海市徐汇区漕溪北路 88 号");
	assert_string_equal(forms_get(back, "child.birth_weight")->valuestring, "12a"); /* nothing typed is lost */
	cJSON *d2 = forms_draft_json(back);
	assert_true(cJSON_Compare(draft, d2, true));
	cJSON_Delete(d2);
	cJSON_Delete(doc);
	free(text);
	cJSON_Delete(draft);
	forms_state_free(back);
	forms_state_free(st);
}

/* A draft of another form version, with a key the schema no longer has. */
static void test_load_mismatch(void **state)
{
	FormState *st = forms_state_new(schema);
	cJSON *doc = cJSON_Parse("{\"form\":{\"forms\":[{\"id\":\"birth-register\",\"version\":2}],"
	                         "\"values\":{\"child.name\":\"王一\",\"child.nickname\":\"一一\"}}}");
	FormsErrors e;
	forms_errors_init(&e);
	assert_true(forms_load(st, doc, &e));
	assert_int_equal(e.n, 2);
	char msg[256];
	forms_error_message(forms_errors_find(&e, "form.forms"), msg, sizeof msg, NULL);
	assert_string_equal(msg, "the forms are birth-register v2, expected birth-register v3");
	assert_int_equal(forms_errors_find(&e, "child.nickname")->code, FORMS_E_UNKNOWN);
	assert_string_equal(forms_get(st, "child.name")->valuestring, "王一");
	forms_errors_free(&e);
	cJSON_Delete(doc);
	cJSON *bad = cJSON_Parse("[1]");
	assert_false(forms_load(st, bad, NULL));
	cJSON_Delete(bad);
	/* a default the clerk cleared stays cleared */
	FormState *fresh = forms_state_new(schema);
	assert_non_null(forms_get(fresh, "child.multiple_birth"));
	assert_int_equal(forms_clear(fresh, "child.multiple_birth"), FORMS_OK);
	cJSON *draft = forms_draft_json(fresh);
	forms_state_free(fresh);
	fresh = forms_state_new(schema);
	assert_true(forms_load(fresh, draft, NULL));
	assert_null(forms_get(fresh, "child.multiple_birth"));
	cJSON_Delete(draft);
	forms_state_free(fresh);
	forms_state_free(st);
}

/* The server's verdict on a bad submission, field by field. */
static void test_server_errors(void **state)
{
	cJSON *values = cJSON_Parse(
		"{\"applicant.name\":\"王\",\"applicant.id_number\":\"110105194912310021\",\"applicant.phone\":12345,"
		"\"child.gender\":\"boy\",\"child.birth_date\":\"2026-02-30\",\"child.birth_weight\":\"3kg\","
		"\"child.multiple_birth\":true,"
		"\"parents\":[{\"name\":\"王小明\",\"id_number\":\"31010419900307123X\",\"relation\":\"father\"},"
		"{\"name\":\"李丽\",\"id_number\":\"11010519491231002\",\"relation\":\"aunt\",\"employed\":true}],"
		"\"delivery.method\":\"window\",\"delivery.address\":\"x\",\"nickname\":\"一一\"}");
	cJSON *errors = NULL;
	size_t n = forms_validate_payload(schema, values, &errors);
	assert_int_equal(n, (size_t)cJSON_GetArraySize(errors));
	assert_field_errors(errors);
	static const char *const expected[][2] = {
		{ "nickname", "unknown" },
		{ "applicant.name", "too_short" },
		{ "applicant.id_number", "check_digit" },
		{ "applicant.phone", "type" },
		{ "child.name", "required" },
		{ "child.gender", "enum" },
		{ "child.birth_date", "invalid" },
		{ "child.birth_weight", "format" },
		{ "child.birth_order", "required" },
		{ "parents[1].id_number", "format" },
		{ "parents[1].relation", "enum" },
		{ "parents[1].employer", "required" },
	};
	size_t want = sizeof expected / sizeof expected[0];
	for (size_t i = 0; i < want; i++) {
		const cJSON *err = error_for(errors, expected[i][0]);
		if (!err)
			fail_msg("no error for %s", expected[i][0]);
		assert_string_equal(json_str(err, "code", ""), expected[i][1]);
	}
	assert_int_equal(n, want);
	assert_string_equal(json_str(error_for(errors, "applicant.id_number"), "message", ""),
	                    "check digit is 1, expected X");
	/* hidden: the address of a window collection is ignored */
	assert_null(error_for(errors, "delivery.address"));
	cJSON_Delete(errors);
	cJSON_Delete(values);
	/* not an object */
	errors = NULL;
	cJSON *arr = cJSON_CreateArray();
	assert_int_equal(forms_validate_payload(schema, arr, &errors), 1);
	assert_string_equal(json_str(cJSON_GetArrayItem(errors, 0), "code", ""), "type");
	cJSON_Delete(errors);
	cJSON_Delete(arr);
}

/* Date limits on the server use the day it is given. */
static void test_server_today(void **state)
{
	cJSON *values = cJSON_Parse(good_values);
	FormsErrors e;
	forms_errors_init(&e);
	assert_int_equal(forms_check_payload(schema, values, "2026-11-23", &e), 0);
	assert_int_equal(forms_check_payload(schema, values, "2026-09-30", &e), 1);
	assert_string_equal(e.v[0].field, "child.birth_date");
	assert_int_equal(e.v[0].code, FORMS_E_RANGE);
	forms_errors_free(&e);
	cJSON_Delete(values);
}

/* A whole case: the forms list, values under form.values, overrides. */
static void test_validate_case(void **state)
{
	cJSON *form = cJSON_Parse("{\"forms\":[{\"id\":\"birth-register\",\"version\":1}],\"values\":{}}");
	cJSON_ReplaceItemInObject(form, "values", cJSON_Parse(good_values));
	cJSON_ReplaceItemInObject(json_obj(form, "values"), "child.name", cJSON_CreateString(""));
	cJSON *overrides = cJSON_Parse(
		"[{\"field\":\"applicant.name\",\"value\":\"王小明\",\"original\":\"王晓明\",\"source\":\"上海市人口综合库\","
		"\"as_of\":\"2026-11-20T03:00:00Z\",\"reason\":\"户籍信息已变更\"},"
		"{\"field\":\"applicant.phone\",\"value\":\"13900000000\",\"original\":null,\"source\":\"人口库\","
		"\"as_of\":\"2026-11-20T03:00:00Z\",\"reason\":\"x\"},"
		"{\"field\":\"applicant.nick\",\"value\":\"a\",\"original\":\"b\",\"source\":\"人口库\",\"as_of\":\"2026-11-20T03:00:00Z\",\"reason\":\"原因\"},"
		"{\"field\":\"applicant.name\",\"value\":\"王小明\",\"original\":\"王晓明\",\"source\":\"\",\"as_of\":\"2026-11-20T03:00:00Z\",\"reason\":\"再次\"}]");
	cJSON *errors = NULL;
	size_t n = forms_validate_case(schema, form, overrides, "2026-11-23", &errors);
	assert_field_errors(errors);
	static const char *const expected[][2] = {
		{ "form.forms", "invalid" },
		{ "form.values.child.name", "required" },
		{ "overrides[1].reason", "too_short" },
		{ "overrides[1].value", "invalid" },
		{ "overrides[2].field", "unknown" },
		{ "overrides[3].source", "required" },
		{ "overrides[3].field", "invalid" },
	};
	for (size_t i = 0; i < sizeof expected / sizeof expected[0]; i++) {
		const cJSON *err = error_for(errors, expected[i][0]);
		if (!err)
			fail_msg("no error for %s", expected[i][0]);
		assert_string_equal(json_str(err, "code", ""), expected[i][1]);
	}
	assert_int_equal(n, sizeof expected / sizeof expected[0]);
	assert_null(error_for(errors, "overrides[0].value")); /* the first one is fine */
	cJSON_Delete(errors);
	cJSON_Delete(overrides);
	cJSON_Delete(form);
	errors = NULL;
	assert_int_equal(forms_validate_case(schema, NULL, NULL, NULL, &errors), 1);
	assert_string_equal(json_str(cJSON_GetArrayItem(errors, 0), "field", ""), "form");
	cJSON_Delete(errors);
}

/* The client's payload with an override passes the server's check. */
static void test_client_override_accepted(void **state)
{
	FormState *st = filled();
	cJSON *person = cJSON_Parse("{\"source\":\"上海市人口综合库\",\"as_of\":\"2026-11-20T03:00:00Z\",\"authoritative\":true,"
	                            "\"name\":\"王晓明\",\"phone\":\"13812345678\"}");
	assert_int_equal(forms_prefill(st, "person", person), 2);
	cJSON_Delete(person);
	assert_int_equal(forms_override(st, "applicant.name", "王小明", "证件已更名", NULL), FORMS_OK);
	cJSON *cf = forms_case_form(st), *ov = forms_overrides_json(st);
	assert_int_equal(cJSON_GetArraySize(ov), 1);
	cJSON *errors = NULL;
	assert_int_equal(forms_validate_case(schema, cf, ov, "2026-11-23", &errors), 0);
	assert_null(errors);
	cJSON_Delete(cf);
	cJSON_Delete(ov);
	forms_state_free(st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_case_form_shape),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_draft_round_trip),
		cmocka_unit_test(test_load_mismatch),
		cmocka_unit_test(test_server_errors),
		cmocka_unit_test(test_server_today),
		cmocka_unit_test(test_validate_case),
		cmocka_unit_test(test_client_override_accepted),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
