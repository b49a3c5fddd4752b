/* test_forms_cond: visible_if / required_if operators, hidden fields neither required nor validated nor submitted. */
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

/* Source fields, then one target per operator. */
static const char *const ops_json =
	"{\"id\":\"ops\",\"version\":1,\"title\":\"T\",\"matters\":[],\"updated_at\":\"2026-01-01T00:00:00Z\","
	"\"sections\":[{\"key\":\"src\",\"title\":\"S\",\"fields\":["
	"{\"key\":\"kind\",\"label\":\"K\",\"type\":\"enum\",\"options\":[{\"value\":\"person\",\"label\":\"P\"},"
	" {\"value\":\"company\",\"label\":\"C\"},{\"value\":\"org\",\"label\":\"O\"}]},"
	"{\"key\":\"age\",\"label\":\"A\",\"type\":\"integer\"},"
	"{\"key\":\"fee\",\"label\":\"F\",\"type\":\"money\"},"
	"{\"key\":\"born\",\"label\":\"B\",\"type\":\"date\"},"
	"{\"key\":\"note\",\"label\":\"N\",\"type\":\"text\"},"
	"{\"key\":\"flag\",\"label\":\"G\",\"type\":\"bool\"},"
	"{\"key\":\"tags\",\"label\":\"T\",\"type\":\"multi\",\"options\":[{\"value\":\"it\",\"label\":\"I\"},"
	" {\"value\":\"food\",\"label\":\"F\"},{\"value\":\"retail\",\"label\":\"R\"}]}]},"
	"{\"key\":\"dst\",\"title\":\"D\",\"fields\":["
	"{\"key\":\"t_eq\",\"label\":\"x\",\"type\":\"text\",\"visible_if\":{\"field\":\"kind\",\"op\":\"eq\",\"value\":\"company\"}},"
	"{\"key\":\"t_ne\",\"label\":\"x\",\"type\":\"text\",\"visible_if\":{\"field\":\"kind\",\"op\":\"ne\",\"value\":\"company\"}},"
	"{\"key\":\"t_in\",\"label\":\"x\",\"type\":\"text\",\"visible_if\":{\"field\":\"kind\",\"op\":\"in\",\"value\":[\"company\",\"org\"]}},"
	"{\"key\":\"t_not_in\",\"label\":\"x\",\"type\":\"text\",\"visible_if\":{\"field\":\"kind\",\"op\":\"not_in\",\"value\":[\"company\"]}},"
	"{\"key\":\"t_lt\",\"label\":\"x\",\"type\":\"text\",\"visible_if\":{\"field\":\"age\",\"op\":\"lt\",\"value\":18}},"
	"{\"key\":\"t_le\",\"label\":\"x\",\"type\":\"text\",\"visible_if\":{\"field\":\"age\",\"op\":\"le\",\"value\":18}},"
	"{\"key\":\"t_gt\",\"label\":\"x\",\"type\":\"text\",\"visible_if\":{\"field\":\"age\",\"op\":\"gt\",\"value\":60}},"
	"{\"key\":\"t_ge\",\"label\":\"x\",\"type\":\"text\",\"visible_if\":{\"field\":\"age\",\"op\":\"ge\",\"value\":60}},"
	"{\"key\":\"t_fee\",\"label\":\"x\",\"type\":\"text\",\"visible_if\":{\"field\":\"fee\",\"op\":\"gt\",\"value\":0}},"
	"{\"key\":\"t_fee_str\",\"label\":\"x\",\"type\":\"text\",\"visible_if\":{\"field\":\"fee\",\"op\":\"ge\",\"value\":\"100.50\"}},"
	"{\"key\":\"t_minor\",\"label\":\"x\",\"type\":\"text\",\"visible_if\":{\"field\":\"born\",\"op\":\"gt\",\"value\":\"today-18y\"}},"
	"{\"key\":\"t_empty\",\"label\":\"x\",\"type\":\"text\",\"visible_if\":{\"field\":\"note\",\"op\":\"empty\"}},"
	"{\"key\":\"t_not_empty\",\"label\":\"x\",\"type\":\"text\",\"visible_if\":{\"field\":\"note\",\"op\":\"not_empty\"}},"
	"{\"key\":\"t_all\",\"label\":\"x\",\"type\":\"text\",\"visible_if\":{\"all\":[{\"field\":\"kind\",\"op\":\"eq\",\"value\":\"person\"},"
	" {\"field\":\"age\",\"op\":\"ge\",\"value\":18}]}},"
	"{\"key\":\"t_any\",\"label\":\"x\",\"type\":\"text\",\"visible_if\":{\"any\":[{\"field\":\"flag\",\"op\":\"eq\",\"value\":true},"
	" {\"field\":\"age\",\"op\":\"lt\",\"value\":18}]}},"
	"{\"key\":\"t_not\",\"label\":\"x\",\"type\":\"text\",\"visible_if\":{\"not\":{\"field\":\"kind\",\"op\":\"eq\",\"value\":\"company\"}}},"
	"{\"key\":\"t_has\",\"label\":\"x\",\"type\":\"text\",\"visible_if\":{\"field\":\"tags\",\"op\":\"eq\",\"value\":\"it\"}},"
	"{\"key\":\"t_has_any\",\"label\":\"x\",\"type\":\"text\",\"visible_if\":{\"field\":\"tags\",\"op\":\"in\",\"value\":[\"food\",\"retail\"]}},"
	"{\"key\":\"t_chain\",\"label\":\"x\",\"type\":\"text\",\"visible_if\":{\"field\":\"t_eq\",\"op\":\"not_empty\"}}"
	"]}]}";

/* Which targets are visible, as a space-separated list. */
static char *shown(const FormState *st)
{
	const FormSchema *s = forms_state_schema(st);
	char *out = xstrdup("");
	for (size_t i = 0; i < s->n_index; i++) {
		const char *k = s->index[i]->key;
		if (strncmp(k, "t_", 2) != 0 || !forms_visible(st, k))
			continue;
		char *next = xasprintf("%s%s%s", out, *out ? " " : "", k + 2);
		free(out);
		out = next;
	}
	return out;
}

#define EXPECT_SHOWN(st, want)                                                  \
	do {                                                                     \
		char *s_ = shown(st);                                            \
		if (strcmp(s_, want) != 0)                                       \
			fail_msg("shown: \"%s\", expected \"%s\"", s_, want);    \
		free(s_);                                                        \
	} while (0)

static void set(FormState *st, const char *key, const char *text)
{
	FormsRc rc = forms_set_text(st, key, text, NULL);
	if (rc != FORMS_OK)
		fail_msg("set %s = %s: rc %d", key, text, (int)rc);
}

/* Empty values: comparisons are false, ne / not_in / empty true. */
static void test_ops_on_empty(void **state)
{
	FormSchema *s = parse_text(ops_json);
	FormState *st = forms_state_new(s);
	forms_state_set_today(st, "2026-11-23");
	EXPECT_SHOWN(st, "ne not_in empty not");
	forms_state_free(st);
	forms_schema_free(s);
}

static void test_ops_compare(void **state)
{
	FormSchema *s = parse_text(ops_json);
	FormState *st = forms_state_new(s);
	forms_state_set_today(st, "2026-11-23");
	set(st, "kind", "company");
	set(st, "age", "18");
	set(st, "note", "备注");
	EXPECT_SHOWN(st, "eq in le not_empty");
	set(st, "kind", "org");
	set(st, "age", "17");
	EXPECT_SHOWN(st, "ne in not_in lt le not_empty any not");
	set(st, "kind", "person");
	set(st, "age", "60");
	EXPECT_SHOWN(st, "ne not_in ge not_empty all not");
	set(st, "age", "61");
	set(st, "flag", "是");
	EXPECT_SHOWN(st, "ne not_in gt ge not_empty all any not");
	forms_state_free(st);
	forms_schema_free(s);
}

/* Money compares as an amount, dates against today-18y, multi as contains. */
static void test_ops_typed(void **state)
{
	FormSchema *s = parse_text(ops_json);
	FormState *st = forms_state_new(s);
	forms_state_set_today(st, "2026-11-23");
	set(st, "kind", "company");
	set(st, "fee", "0");
	assert_false(forms_visible(st, "t_fee"));
	set(st, "fee", "0.01");
	assert_true(forms_visible(st, "t_fee"));
	assert_false(forms_visible(st, "t_fee_str"));
	set(st, "fee", "100.5");
	assert_true(forms_visible(st, "t_fee_str"));
	set(st, "born", "2008-11-23"); /* exactly 18 today: not a minor */
	assert_false(forms_visible(st, "t_minor"));
	set(st, "born", "2008-11-24");
	assert_true(forms_visible(st, "t_minor"));
	forms_state_set_today(st, "2026-11-24");
	assert_false(forms_visible(st, "t_minor"));
	assert_int_equal(forms_multi_toggle(st, "tags", "retail"), FORMS_OK);
	assert_false(forms_visible(st, "t_has"));
	assert_true(forms_visible(st, "t_has_any"));
	assert_int_equal(forms_multi_toggle(st, "tags", "it"), FORMS_OK);
	assert_true(forms_visible(st, "t_has"));
	assert_int_equal(forms_multi_toggle(st, "tags", "retail"), FORMS_OK);
	assert_false(forms_visible(st, "t_has_any"));
	/* an invalid value compares as nothing */
	assert_int_equal(forms_set_text(st, "age", "abc", NULL), FORMS_INVALID);
	assert_false(forms_visible(st, "t_lt"));
	assert_false(forms_visible(st, "t_ge"));
	forms_state_free(st);
	forms_schema_free(s);
}

/* A hidden field counts as empty for the conditions that read it. */
static void test_hidden_reads_as_empty(void **state)
{
	FormSchema *s = parse_text(ops_json);
	FormState *st = forms_state_new(s);
	set(st, "kind", "company");
	set(st, "t_eq", "filled");
	assert_true(forms_visible(st, "t_chain"));
	set(st, "kind", "person");
	assert_false(forms_visible(st, "t_eq"));
	assert_false(forms_visible(st, "t_chain"));
	/* the hidden value is kept, not lost */
	char *t = forms_get_text(st, "t_eq");
	assert_string_equal(t, "filled");
	free(t);
	forms_state_free(st);
	forms_schema_free(s);
}

/* The delivery address: hidden unless posted, then required and checked. */
static void test_hidden_not_required_nor_validated(void **state)
{
	FormSchema *s = parse_file("birth-register.json");
	FormState *st = forms_state_new(s);
	FormsErrors e;
	forms_errors_init(&e);
	set(st, "delivery.method", "窗口领取");
	assert_int_equal(forms_set_text(st, "delivery.address", "x", NULL), FORMS_INVALID);
	assert_false(forms_visible(st, "delivery.address"));
	assert_false(forms_required(st, "delivery.address"));
	assert_int_equal(forms_validate_field(st, "delivery.address", &e), 0);
	forms_validate_all(st, &e);
	assert_null(forms_errors_find(&e, "delivery.address"));
	forms_errors_free(&e);
	set(st, "delivery.method", "post");
	assert_true(forms_required(st, "delivery.address"));
	assert_int_equal(forms_validate_field(st, "delivery.address", &e), 1);
	assert_int_equal(e.v[0].code, FORMS_E_TOO_SHORT);
	forms_errors_free(&e);
	assert_int_equal(forms_clear(st, "delivery.address"), FORMS_OK);
	assert_int_equal(forms_validate_field(st, "delivery.address", &e), 1);
	assert_int_equal(e.v[0].code, FORMS_E_REQUIRED);
	assert_string_equal(e.v[0].field, "delivery.address");
	forms_errors_free(&e);
	forms_state_free(st);
	forms_schema_free(s);
}

/* required_if: birth order only for multiple births (the default is false). */
static void test_required_if(void **state)
{
	FormSchema *s = parse_file("birth-register.json");
	FormState *st = forms_state_new(s);
	FormsErrors e;
	forms_errors_init(&e);
	assert_false(forms_visible(st, "child.birth_order"));
	assert_false(forms_required(st, "child.birth_order"));
	set(st, "child.multiple_birth", "是");
	assert_true(forms_required(st, "child.birth_order"));
	forms_validate_all(st, &e);
	assert_non_null(forms_errors_find(&e, "child.birth_order"));
	forms_errors_free(&e);
	set(st, "child.birth_order", "2");
	forms_validate_all(st, &e);
	assert_null(forms_errors_find(&e, "child.birth_order"));
	forms_errors_free(&e);
	forms_state_free(st);
	forms_schema_free(s);
}

/* Hidden values are dropped from the case payload, but a draft keeps them. */
static void test_hidden_dropped_from_payload(void **state)
{
	FormSchema *s = parse_file("birth-register.json");
	FormState *st = forms_state_new(s);
	set(st, "delivery.method", "post");
	set(st, "delivery.address", "上海市徐汇区漕溪北路 88 号");
	cJSON *cf = forms_case_form(st);
	assert_non_null(cJSON_GetObjectItem(json_obj(cf, "values"), "delivery.address"));
	cJSON_Delete(cf);
	set(st, "delivery.method", "window");
	cf = forms_case_form(st);
	const cJSON *values = json_obj(cf, "values");
	assert_null(cJSON_GetObjectItem(values, "delivery.address"));
	assert_string_equal(json_str(values, "delivery.method", ""), "window");
	assert_false(cJSON_IsTrue(cJSON_GetObjectItem(values, "child.multiple_birth")));
	assert_null(cJSON_GetObjectItem(values, "child.birth_order"));
	cJSON_Delete(cf);
	cJSON *draft = forms_draft_json(st);
	assert_non_null(cJSON_GetObjectItem(json_obj(json_obj(draft, "form"), "values"), "delivery.address"));
	cJSON_Delete(draft);
	forms_state_free(st);
	forms_schema_free(s);
}

/* Row conditions read sibling columns: the employer only of the employed. */
static void test_row_conditions(void **state)
{
	FormSchema *s = parse_file("birth-register.json");
	FormState *st = forms_state_new(s);
	assert_int_equal(forms_row_add(st, "parents"), 0);
	assert_int_equal(forms_row_add(st, "parents"), 1);
	set(st, "parents[0].employed", "是");
	set(st, "parents[1].employed", "否");
	set(st, "parents[1].employer", "某公司");
	assert_true(forms_visible(st, "parents[0].employer"));
	assert_true(forms_required(st, "parents[0].employer"));
	assert_false(forms_visible(st, "parents[1].employer"));
	FormsErrors e;
	forms_errors_init(&e);
	forms_validate_all(st, &e);
	assert_non_null(forms_errors_find(&e, "parents[0].employer"));
	assert_null(forms_errors_find(&e, "parents[1].employer"));
	forms_errors_free(&e);
	cJSON *cf = forms_case_form(st);
	const cJSON *rows = cJSON_GetObjectItem(json_obj(cf, "values"), "parents");
	assert_int_equal(cJSON_GetArraySize(rows), 2);
	assert_null(cJSON_GetObjectItem(cJSON_GetArrayItem(rows, 1), "employer"));
	assert_false(cJSON_IsTrue(cJSON_GetObjectItem(cJSON_GetArrayItem(rows, 1), "employed")));
	cJSON_Delete(cf);
	forms_state_free(st);
	forms_schema_free(s);
}

/* A section's condition hides all its fields. */
static void test_section_condition(void **state)
{
	FormSchema *s = parse_text(
		"{\"id\":\"sec\",\"version\":1,\"title\":\"T\",\"matters\":[],\"updated_at\":\"2026-01-01T00:00:00Z\","
		"\"sections\":[{\"key\":\"a\",\"title\":\"A\",\"fields\":[{\"key\":\"agent\",\"label\":\"代办\",\"type\":\"bool\"}]},"
		"{\"key\":\"b\",\"title\":\"B\",\"visible_if\":{\"field\":\"agent\",\"op\":\"eq\",\"value\":true},"
		" \"fields\":[{\"key\":\"agent.name\",\"label\":\"N\",\"type\":\"text\",\"required\":true}]}]}");
	FormState *st = forms_state_new(s);
	FormsErrors e;
	forms_errors_init(&e);
	assert_int_equal(forms_validate_all(st, &e), 0);
	set(st, "agent", "yes");
	assert_true(forms_visible(st, "agent.name"));
	assert_int_equal(forms_validate_all(st, &e), 1);
	assert_string_equal(e.v[0].field, "agent.name");
	forms_errors_free(&e);
	forms_state_free(st);
	forms_schema_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ops_on_empty),
		cmocka_unit_test(test_ops_compare),
		cmocka_unit_test(test_ops_typed),
		cmocka_unit_test(test_hidden_reads_as_empty),
		cmocka_unit_test(test_hidden_not_required_nor_validated),
		cmocka_unit_test(test_required_if),
		cmocka_unit_test(test_hidden_dropped_from_payload),
		cmocka_unit_test(test_row_conditions),
		cmocka_unit_test(test_section_condition),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
