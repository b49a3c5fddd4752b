/* test_forms_merge: 一表填报: several schemas become one form, a key asked once, conflicts reported. */
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

/* A one-section form "id" (version v) with these fields. */
static FormSchema *form(const char *id, int v, const char *section, const char *fields)
{
	char *json = xasprintf("{\"id\":\"%s\",\"version\":%d,\"title\":\"%s\",\"matters\":[],"
	                       "\"updated_at\":\"2026-01-01T00:00:00Z\",\"sections\":[{\"key\":\"%s\",\"title\":\"%s\","
	                       "\"fields\":%s}]}", id, v, id, section, section, fields);
	FormSchema *s = parse_text(json);
	free(json);
	return s;
}

/* Merge two; returns the merged schema or NULL with the errors as text in *text. */
static FormSchema *merge2(FormSchema *a, FormSchema *b, char **text)
{
	const FormSchema *v[2] = { a, b };
	FormsErrors e;
	forms_errors_init(&e);
	FormSchema *m = forms_merge(v, 2, &e);
	char *out = xstrdup(""), msg[512];
	for (size_t i = 0; i < e.n; i++) {
		forms_error_message(&e.v[i], msg, sizeof msg, NULL);
		char *next = xasprintf("%s%s: %s\n", out, e.v[i].field, msg);
		free(out);
		out = next;
	}
	assert_true(m ? e.n == 0 : e.n > 0);
	forms_errors_free(&e);
	if (text)
		*text = out;
	else
		free(out);
	return m;
}

/* The keys of a schema in order, space-separated. */
static char *keys(const FormSchema *s)
{
	char *out = xstrdup("");
	for (size_t i = 0; i < s->n_index; i++) {
		char *next = xasprintf("%s%s%s", out, *out ? " " : "", s->index[i]->key);
		free(out);
		out = next;
	}
	return out;
}

/* 出生一件事: the birth registration and the medical insurance forms. */
static void test_bundle_keys_once_in_order(void **state)
{
	FormSchema *a = parse_file("birth-register.json"), *b = parse_file("medical-insurance.json");
	FormSchema *m = merge2(a, b, NULL);
	assert_non_null(m);
	char *k = keys(m);
	assert_string_equal(k, "applicant.name applicant.id_number applicant.phone applicant.household_address "
	                       "applicant.household_division child.name child.gender child.birth_date child.birth_weight "
	                       "child.multiple_birth child.birth_order parents delivery.method delivery.address "
	                       "insurance.plan insurance.start_month insurance.fee insurance.bank_account");
	free(k);
	assert_int_equal(m->n_sections, 5);
	assert_string_equal(m->sections[0].title, "申请人信息"); /* the first form's */
	assert_string_equal(m->sections[4].key, "insurance");
	assert_string_equal(m->id, "birth-register+medical-insurance");
	assert_int_equal(m->n_sources, 2);
	assert_string_equal(m->sources[0].id, "birth-register");
	assert_int_equal(m->sources[0].version, 3);
	assert_string_equal(m->sources[1].id, "medical-insurance");
	assert_int_equal(m->sources[1].version, 2);
	assert_int_equal(m->n_matters, 2);
	assert_string_equal(m->updated_at, "2026-10-01T08:00:00Z");
	assert_non_null(strstr(m->title, "出生登记申请表"));
	assert_non_null(strstr(m->title, "城乡居民医保参保登记表"));
	forms_schema_free(m);
	forms_schema_free(a);
	forms_schema_free(b);
}

/* Required if any form requires it; the stricter limits; prefill kept. */
static void test_bundle_definitions_merge(void **state)
{
	FormSchema *a = parse_file("medical-insurance.json"), *b = parse_file("birth-register.json");
	FormSchema *m = merge2(a, b, NULL);
	assert_non_null(m);
	const FormField *f = forms_field(m, "applicant.name");
	assert_true(f->required);                 /* only the birth form requires it */
	assert_string_equal(f->label, "姓名");    /* the first form's label */
	assert_int_equal(f->limits.min_length, 2);
	assert_int_equal(f->limits.max_length, 20);
	assert_string_equal(f->prefill, "person.name"); /* only the birth form prefills it */
	f = forms_field(m, "child.name");
	assert_int_equal(f->limits.max_length, 15);
	f = forms_field(m, "child.birth_date");
	assert_string_equal(f->limits.min_date, "today-1y");
	assert_string_equal(f->limits.max_date, "today");
	f = forms_field(m, "child.gender"); /* same options in another order */
	assert_int_equal(f->n_options, 2);
	assert_true(forms_field(m, "applicant.phone")->required);
	forms_schema_free(m);
	forms_schema_free(a);
	forms_schema_free(b);
}

/* The merged form works like any other: a state, a payload naming both forms. */
static void test_merged_form_in_use(void **state)
{
	FormSchema *a = parse_file("birth-register.json"), *b = parse_file("medical-insurance.json");
	FormSchema *m = merge2(a, b, NULL);
	FormState *st = forms_state_new(m);
	assert_int_equal(forms_set_text(st, "child.name", "王一二三四五六七八九十一二三四五", NULL), FORMS_INVALID);
	assert_int_equal(forms_set_text(st, "insurance.fee", "300", NULL), FORMS_OK);
	assert_true(forms_required(st, "insurance.bank_account"));
	cJSON *cf = forms_case_form(st);
	const cJSON *refs = json_arr(cf, "forms");
	assert_int_equal(cJSON_GetArraySize(refs), 2);
	assert_string_equal(json_str(cJSON_GetArrayItem(refs, 1), "id", ""), "medical-insurance");
	assert_int_equal(json_long(cJSON_GetArrayItem(refs, 1), "version", 0), 2);
	cJSON_Delete(cf);
	forms_state_free(st);
	forms_schema_free(m);
	forms_schema_free(a);
	forms_schema_free(b);
}

static void test_type_conflict(void **state)
{
	FormSchema *a = form("alpha", 1, "s", "[{\"key\":\"applicant.phone\",\"label\":\"P\",\"type\":\"phone\"}]");
	FormSchema *b = form("beta", 1, "s", "[{\"key\":\"applicant.phone\",\"label\":\"P\",\"type\":\"text\"}]");
	char *t;
	assert_null(merge2(a, b, &t));
	assert_string_equal(t, "applicant.phone: field applicant.phone is phone in form alpha but text in form beta\n");
	free(t);
	forms_schema_free(a);
	forms_schema_free(b);
}

static void test_option_and_prefill_conflicts(void **state)
{
	FormSchema *a = form("alpha", 1, "s", "[{\"key\":\"g\",\"label\":\"G\",\"type\":\"enum\",\"prefill\":\"person.gender\","
	                                      "\"options\":[{\"value\":\"male\",\"label\":\"M\"},{\"value\":\"female\",\"label\":\"F\"}]}]");
	FormSchema *b = form("beta", 1, "s", "[{\"key\":\"g\",\"label\":\"G\",\"type\":\"enum\",\"prefill\":\"person.sex\","
	                                     "\"options\":[{\"value\":\"m\",\"label\":\"M\"},{\"value\":\"f\",\"label\":\"F\"}]}]");
	char *t;
	assert_null(merge2(a, b, &t));
	assert_non_null(strstr(t, "g: field g has other options in form alpha than in form beta\n"));
	assert_non_null(strstr(t, "g: field g is prefilled from person.gender in form alpha but from person.sex in form beta\n"));
	free(t);
	forms_schema_free(a);
	forms_schema_free(b);
}

/* Limits that cannot both hold once merged are an error. */
static void test_limits_conflict(void **state)
{
	FormSchema *a = form("alpha", 1, "s", "[{\"key\":\"n\",\"label\":\"N\",\"type\":\"text\",\"limits\":{\"min_length\":10}}]");
	FormSchema *b = form("beta", 1, "s", "[{\"key\":\"n\",\"label\":\"N\",\"type\":\"text\",\"limits\":{\"max_length\":5}}]");
	char *t;
	assert_null(merge2(a, b, &t));
	assert_string_equal(t, "n: field n: min_length is greater than max_length once merged\n");
	free(t);
	forms_schema_free(a);
	forms_schema_free(b);
}

static void test_version_conflict(void **state)
{
	FormSchema *a = form("alpha", 1, "s", "[{\"key\":\"n\",\"label\":\"N\",\"type\":\"text\"}]");
	FormSchema *b = form("alpha", 2, "s", "[{\"key\":\"n\",\"label\":\"N\",\"type\":\"text\"}]");
	char *t;
	assert_null(merge2(a, b, &t));
	assert_string_equal(t, "forms: form alpha is given in versions 1 and 2\n");
	free(t);
	/* the same form twice is harmless */
	FormSchema *m = merge2(a, a, NULL);
	assert_non_null(m);
	assert_int_equal(m->n_sources, 1);
	assert_int_equal(m->n_index, 1);
	forms_schema_free(m);
	forms_schema_free(a);
	forms_schema_free(b);
	assert_null(forms_merge(NULL, 0, NULL));
}

/* Both forms' patterns must hold. */
static void test_patterns_both_apply(void **state)
{
	FormSchema *a = form("alpha", 1, "s", "[{\"key\":\"c\",\"label\":\"C\",\"type\":\"text\",\"limits\":{\"pattern\":\"[0-9]+\"}}]");
	FormSchema *b = form("beta", 1, "s", "[{\"key\":\"c\",\"label\":\"C\",\"type\":\"text\",\"limits\":{\"pattern\":\".{4}\"}}]");
	FormSchema *m = merge2(a, b, NULL);
	assert_non_null(m);
	const FormField *f = forms_field(m, "c");
	cJSON *v = cJSON_CreateString("1234");
	assert_int_equal(forms_check_value(f, v, "c", NULL, NULL), 0);
	cJSON_SetValuestring(v, "123");
	assert_int_equal(forms_check_value(f, v, "c", NULL, NULL), 1);
	cJSON_SetValuestring(v, "12a4");
	assert_int_equal(forms_check_value(f, v, "c", NULL, NULL), 1);
	cJSON_Delete(v);
	forms_schema_free(m);
	forms_schema_free(a);
	forms_schema_free(b);
}

/* Shown when any form shows it; required where a form that shows it
 * requires it. */
static void test_conditions_merge(void **state)
{
	FormSchema *a = form("alpha", 1, "s",
		"[{\"key\":\"kind\",\"label\":\"K\",\"type\":\"enum\",\"options\":[{\"value\":\"p\",\"label\":\"P\"},{\"value\":\"c\",\"label\":\"C\"}]},"
		"{\"key\":\"x\",\"label\":\"X\",\"type\":\"text\",\"required\":true,\"visible_if\":{\"field\":\"kind\",\"op\":\"eq\",\"value\":\"c\"}},"
		"{\"key\":\"y\",\"label\":\"Y\",\"type\":\"text\",\"visible_if\":{\"field\":\"kind\",\"op\":\"eq\",\"value\":\"p\"}}]");
	FormSchema *b = form("beta", 1, "s",
		"[{\"key\":\"kind\",\"label\":\"K\",\"type\":\"enum\",\"options\":[{\"value\":\"c\",\"label\":\"C\"},{\"value\":\"p\",\"label\":\"P\"}]},"
		"{\"key\":\"x\",\"label\":\"X\",\"type\":\"text\"},"
		"{\"key\":\"y\",\"label\":\"Y\",\"type\":\"text\",\"required\":true,\"visible_if\":{\"field\":\"kind\",\"op\":\"eq\",\"value\":\"c\"}}]");
	FormSchema *m = merge2(a, b, NULL);
	assert_non_null(m);
	FormState *st = forms_state_new(m);
	/* x: always shown (beta), required only when kind is c (alpha) */
	assert_true(forms_visible(st, "x"));
	assert_false(forms_required(st, "x"));
	/* y: shown for p (alpha) or c (beta), required only for c */
	assert_false(forms_visible(st, "y"));
	forms_set_text(st, "kind", "p", NULL);
	assert_true(forms_visible(st, "y"));
	assert_false(forms_required(st, "y"));
	assert_false(forms_required(st, "x"));
	forms_set_text(st, "kind", "c", NULL);
	assert_true(forms_visible(st, "y"));
	assert_true(forms_required(st, "y"));
	assert_true(forms_required(st, "x"));
	forms_state_free(st);
	forms_schema_free(m);
	forms_schema_free(a);
	forms_schema_free(b);
}

/* A table asked by two forms: columns merge by key, a column of another type is a conflict. */
static void test_table_columns(void **state)
{
	FormSchema *a = form("alpha", 1, "s", "[{\"key\":\"m\",\"label\":\"M\",\"type\":\"table\",\"limits\":{\"max_items\":5},"
	                                      "\"fields\":[{\"key\":\"name\",\"label\":\"N\",\"type\":\"text\"}]}]");
	FormSchema *b = form("beta", 1, "s", "[{\"key\":\"m\",\"label\":\"M\",\"type\":\"table\",\"limits\":{\"max_items\":3},"
	                                     "\"fields\":[{\"key\":\"name\",\"label\":\"N\",\"type\":\"text\",\"required\":true},"
	                                     "{\"key\":\"id\",\"label\":\"I\",\"type\":\"id_number\"}]}]");
	FormSchema *m = merge2(a, b, NULL);
	assert_non_null(m);
	const FormField *t = forms_field(m, "m");
	assert_int_equal(t->n_fields, 2);
	assert_true(forms_subfield(t, "name")->required);
	assert_int_equal(forms_subfield(t, "id")->type, FORM_ID_NUMBER);
	assert_int_equal(t->limits.max_items, 3);
	forms_schema_free(m);
	FormSchema *c = form("gamma", 1, "s", "[{\"key\":\"m\",\"label\":\"M\",\"type\":\"table\","
	                                      "\"fields\":[{\"key\":\"name\",\"label\":\"N\",\"type\":\"date\"}]}]");
	char *text;
	assert_null(merge2(a, c, &text));
	assert_string_equal(text, "m.name: field name is text in form alpha but date in form gamma\n");
	free(text);
	forms_schema_free(a);
	forms_schema_free(b);
	forms_schema_free(c);
}

/* A key asked in different sections lives in the first; same-key sections merge. */
static void test_sections(void **state)
{
	FormSchema *a = form("alpha", 1, "applicant", "[{\"key\":\"phone\",\"label\":\"P\",\"type\":\"phone\"},"
	                                              "{\"key\":\"name\",\"label\":\"N\",\"type\":\"text\"}]");
	FormSchema *b = form("beta", 1, "contact", "[{\"key\":\"phone\",\"label\":\"P\",\"type\":\"phone\",\"required\":true},"
	                                           "{\"key\":\"email\",\"label\":\"E\",\"type\":\"text\"}]");
	FormSchema *m = merge2(a, b, NULL);
	assert_int_equal(m->n_sections, 2);
	assert_string_equal(m->sections[0].key, "applicant");
	assert_int_equal(m->sections[0].n_fields, 2);
	assert_string_equal(m->sections[1].key, "contact");
	assert_int_equal(m->sections[1].n_fields, 1);
	assert_string_equal(m->sections[1].fields[0].key, "email");
	assert_true(forms_field(m, "phone")->required);
	/* merging the merged form again changes nothing */
	const FormSchema *v[2] = { m, b };
	FormSchema *m2 = forms_merge(v, 2, NULL);
	assert_non_null(m2);
	char *k1 = keys(m), *k2 = keys(m2);
	assert_string_equal(k1, k2);
	free(k1);
	free(k2);
	assert_int_equal(m2->n_sources, 2);
	forms_schema_free(m2);
	forms_schema_free(m);
	forms_schema_free(a);
	forms_schema_free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bundle_keys_once_in_order),
		cmocka_unit_test(test_bundle_definitions_merge),
		cmocka_unit_test(test_merged_form_in_use),
		cmocka_unit_test(test_type_conflict),
		cmocka_unit_test(test_option_and_prefill_conflicts),
		cmocka_unit_test(test_limits_conflict),
		cmocka_unit_test(test_version_conflict),
		cmocka_unit_test(test_patterns_both_apply),
		cmocka_unit_test(test_conditions_merge),
		cmocka_unit_test(test_table_columns),
		cmocka_unit_test(test_sections),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
