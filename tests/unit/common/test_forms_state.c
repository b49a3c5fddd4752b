/* test_forms_state: setting, reading and clearing values and table cells, result codes, dirty tracking, validate one and all. */
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

/* The fields of all errors, space-separated, in order. */
static char *fields_of(const FormsErrors *e)
{
	char *out = xstrdup("");
	for (size_t i = 0; i < e->n; i++) {
		char *next = xasprintf("%s%s%s:%s", out, *out ? " " : "", e->v[i].field, forms_code_name(e->v[i].code));
		free(out);
		out = next;
	}
	return out;
}

static void test_set_get_clear(void **state)
{
	FormState *st = forms_state_new(schema);
	FormsErrors e;
	forms_errors_init(&e);
	assert_int_equal(forms_set_text(st, "child.name", "王一", &e), FORMS_OK);
	assert_int_equal(e.n, 0);
	assert_string_equal(forms_get(st, "child.name")->valuestring, "王一");
	assert_int_equal(forms_set_text(st, "child.birth_weight", "3,250", &e), FORMS_OK);
	assert_int_equal(forms_get(st, "child.birth_weight")->valueint, 3250);
	char *t = forms_get_text(st, "child.birth_weight");
	assert_string_equal(t, "3250");
	free(t);
	/* as typed: the value's own errors, the value kept */
	assert_int_equal(forms_set_text(st, "child.birth_weight", "99", &e), FORMS_INVALID);
	assert_int_equal(e.n, 1);
	assert_string_equal(e.v[0].field, "child.birth_weight");
	assert_int_equal(e.v[0].code, FORMS_E_RANGE);
	forms_errors_free(&e);
	assert_int_equal(forms_get(st, "child.birth_weight")->valueint, 99);
	/* clearing a required field is no error as typed (required is checked later) */
	assert_int_equal(forms_set_text(st, "child.name", "", &e), FORMS_OK);
	assert_int_equal(e.n, 0);
	assert_null(forms_get(st, "child.name"));
	assert_int_equal(forms_set_text(st, "child.name", "王一", NULL), FORMS_OK);
	assert_int_equal(forms_clear(st, "child.name"), FORMS_OK);
	assert_null(forms_get(st, "child.name"));
	t = forms_get_text(st, "child.name");
	assert_string_equal(t, "");
	free(t);
	forms_state_free(st);
}

static void test_result_codes(void **state)
{
	FormState *st = forms_state_new(schema);
	assert_int_equal(forms_set_text(st, "nope", "x", NULL), FORMS_NO_FIELD);
	assert_int_equal(forms_set_text(st, "parents", "x", NULL), FORMS_WRONG_KIND);
	assert_int_equal(forms_set_text(st, "parents[0].name", "x", NULL), FORMS_NO_FIELD); /* no row yet */
	assert_int_equal(forms_set_text(st, "parents[x].name", "x", NULL), FORMS_NO_FIELD);
	assert_int_equal(forms_set_text(st, "parents[0]", "x", NULL), FORMS_NO_FIELD);
	assert_int_equal(forms_set_text(st, "parents[0].nickname", "x", NULL), FORMS_NO_FIELD);
	assert_int_equal(forms_set_text(st, "child.name[0].x", "x", NULL), FORMS_NO_FIELD);
	assert_int_equal(forms_multi_toggle(st, "child.gender", "male"), FORMS_WRONG_KIND);
	assert_int_equal(forms_row_add(st, "child.name"), -1);
	assert_int_equal(forms_row_remove(st, "child.name", 0), FORMS_WRONG_KIND);
	assert_int_equal(forms_row_remove(st, "parents", 0), FORMS_NO_FIELD);
	assert_null(forms_get(st, "nope"));
	assert_false(forms_visible(st, "nope"));
	assert_string_equal(forms_rc_msgid(FORMS_NO_FIELD), "no such field");
	forms_state_free(st);
}

static void test_rows(void **state)
{
	FormState *st = forms_state_new(schema);
	assert_int_equal(forms_row_count(st, "parents"), 0);
	assert_int_equal(forms_row_add(st, "parents"), 0);
	assert_int_equal(forms_row_add(st, "parents"), 1);
	assert_int_equal(forms_row_add(st, "parents"), 2);
	assert_int_equal(forms_row_count(st, "parents"), 3);
	assert_int_equal(forms_set_text(st, "parents[0].name", "王大明", NULL), FORMS_OK);
	assert_int_equal(forms_set_text(st, "parents[1].name", "李丽", NULL), FORMS_OK);
	assert_int_equal(forms_set_text(st, "parents[1].relation", "母亲", NULL), FORMS_OK);
	assert_string_equal(forms_get(st, "parents[1].relation")->valuestring, "mother");
	FormsErrors e;
	forms_errors_init(&e);
	assert_int_equal(forms_set_text(st, "parents[1].id_number", "110105194912310021", &e), FORMS_INVALID);
	assert_string_equal(e.v[0].field, "parents[1].id_number");
	assert_int_equal(e.v[0].code, FORMS_E_CHECK_DIGIT);
	forms_errors_free(&e);
	/* validating the table names row and column */
	forms_validate_field(st, "parents", &e);
	char *f = fields_of(&e);
	assert_string_equal(f, "parents:too_long parents[0].id_number:required parents[0].relation:required "
	                       "parents[1].id_number:check_digit parents[2].name:required parents[2].id_number:required "
	                       "parents[2].relation:required");
	free(f);
	forms_errors_free(&e);
	assert_int_equal(forms_row_remove(st, "parents", 0), FORMS_OK);
	assert_string_equal(forms_get(st, "parents[0].name")->valuestring, "李丽");
	assert_int_equal(forms_validate_field(st, "parents[0].id_number", &e), 1);
	forms_errors_free(&e);
	assert_int_equal(forms_clear(st, "parents[0].id_number"), FORMS_OK);
	assert_null(forms_get(st, "parents[0].id_number"));
	forms_state_free(st);
}

/* Values set whole: a multi's list, a table's rows, unknown columns reported. */
static void test_set_value(void **state)
{
	FormState *st = forms_state_new(schema);
	cJSON *rows = cJSON_Parse("[{\"name\":\"王大明\",\"id_number\":\"31010419900307123X\",\"relation\":\"father\",\"nickname\":\"明\"}]");
	FormsErrors e;
	forms_errors_init(&e);
	assert_int_equal(forms_set_value(st, "parents", rows, &e), FORMS_OK); /* shape only as typed */
	cJSON_Delete(rows);
	assert_int_equal(forms_row_count(st, "parents"), 1);
	forms_validate_field(st, "parents", &e);
	assert_int_equal(e.n, 1);
	assert_string_equal(e.v[0].field, "parents[0].nickname");
	assert_int_equal(e.v[0].code, FORMS_E_UNKNOWN);
	forms_errors_free(&e);
	cJSON *yes = cJSON_CreateTrue();
	assert_int_equal(forms_set_value(st, "child.multiple_birth", yes, NULL), FORMS_OK);
	cJSON_Delete(yes);
	assert_true(forms_visible(st, "child.birth_order"));
	cJSON *null = cJSON_CreateNull();
	assert_int_equal(forms_set_value(st, "child.multiple_birth", null, NULL), FORMS_OK);
	cJSON_Delete(null);
	assert_null(forms_get(st, "child.multiple_birth"));
	forms_state_free(st);
}

static void test_dirty_and_generation(void **state)
{
	FormState *st = forms_state_new(schema);
	assert_false(forms_any_dirty(st));
	assert_false(cJSON_IsTrue(forms_get(st, "child.multiple_birth"))); /* the default */
	assert_non_null(forms_get(st, "child.multiple_birth"));
	unsigned long g = forms_generation(st);
	forms_set_text(st, "child.name", "王一", NULL);
	assert_true(forms_is_dirty(st, "child.name"));
	assert_false(forms_is_dirty(st, "child.gender"));
	assert_true(forms_any_dirty(st));
	assert_true(forms_generation(st) > g);
	forms_mark_clean(st);
	assert_false(forms_any_dirty(st));
	g = forms_generation(st);
	forms_row_add(st, "parents");
	forms_set_text(st, "parents[0].name", "李丽", NULL);
	assert_true(forms_is_dirty(st, "parents"));
	assert_true(forms_generation(st) > g);
	/* a refused change changes nothing */
	forms_mark_clean(st);
	g = forms_generation(st);
	assert_int_equal(forms_set_text(st, "nope", "x", NULL), FORMS_NO_FIELD);
	assert_int_equal(forms_generation(st), g);
	assert_false(forms_any_dirty(st));
	forms_state_free(st);
}

/* An empty form: every visible required field, in form order. */
static void test_validate_all_empty(void **state)
{
	FormState *st = forms_state_new(schema);
	FormsErrors e;
	forms_errors_init(&e);
	assert_int_equal(forms_validate_all(st, &e), 8);
	char *f = fields_of(&e);
	assert_string_equal(f, "applicant.name:required applicant.id_number:required applicant.phone:required "
	                       "child.name:required child.gender:required child.birth_date:required parents:required "
	                       "delivery.method:required");
	free(f);
	char msg[128];
	forms_error_message(&e.v[0], msg, sizeof msg, NULL);
	assert_string_equal(msg, "this field is required");
	cJSON *arr = NULL;
	forms_errors_to_json(&e, "form.values.", NULL, &arr);
	assert_int_equal(cJSON_GetArraySize(arr), 8);
	const cJSON *first = cJSON_GetArrayItem(arr, 0);
	assert_string_equal(json_str(first, "field", ""), "form.values.applicant.name");
	assert_string_equal(json_str(first, "code", ""), "required");
	assert_string_equal(json_str(first, "message", ""), "this field is required");
	cJSON_Delete(arr);
	forms_errors_free(&e);
	forms_state_free(st);
}

/* A complete, valid birth registration passes. */
static void test_validate_all_complete(void **state)
{
	FormState *st = forms_state_new(schema);
	forms_state_set_today(st, "2026-11-23");
	static const char *const values[][2] = {
		{ "applicant.name", "王小明" }, { "applicant.id_number", "31010419900307123x" },
		{ "applicant.phone", "138 1234 5678" }, { "child.name", "王一一" }, { "child.gender", "女" },
		{ "child.birth_date", "2026/10/1" }, { "child.birth_weight", "3250" }, { "delivery.method", "window" },
	};
	for (size_t i = 0; i < sizeof values / sizeof values[0]; i++)
		assert_int_equal(forms_set_text(st, values[i][0], values[i][1], NULL), FORMS_OK);
	forms_row_add(st, "parents");
	assert_int_equal(forms_set_text(st, "parents[0].name", "王小明", NULL), FORMS_OK);
	assert_int_equal(forms_set_text(st, "parents[0].id_number", "31010419900307123X", NULL), FORMS_OK);
	assert_int_equal(forms_set_text(st, "parents[0].relation", "father", NULL), FORMS_OK);
	FormsErrors e;
	forms_errors_init(&e);
	assert_int_equal(forms_validate_all(st, &e), 0);
	/* the same birth date a year and more later is out of range */
	forms_state_set_today(st, "2027-10-02");
	assert_int_equal(forms_validate_all(st, &e), 1);
	assert_string_equal(e.v[0].field, "child.birth_date");
	forms_errors_free(&e);
	forms_state_free(st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_set_get_clear),
		cmocka_unit_test(test_result_codes),
		cmocka_unit_test(test_rows),
		cmocka_unit_test(test_set_value),
		cmocka_unit_test(test_dirty_and_generation),
		cmocka_unit_test(test_validate_all_empty),
		cmocka_unit_test(test_validate_all_complete),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
