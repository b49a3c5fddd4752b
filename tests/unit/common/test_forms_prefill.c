/* test_forms_prefill: shared-data answers fill fields with provenance; authoritative values lock; overrides need a reason and travel with the case. */
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

#define DATA YC_SRCDIR "/tests/unit/common/data/forms/"

static char *load(const char *name)
{
	char path[512];
	snprintf(path, sizeof path, DATA "%s", name);
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	char *buf = xmalloc(1 << 20);
	size_t len = fread(buf, 1, (1 << 20) - 1, f);
	buf[len] = '\0';
	fclose(f);
	return buf;
}

static FormSchema *schema_file(const char *name)
{
	char *buf = load(name);
	FormSchema *s = forms_schema_parse(buf, strlen(buf), NULL);
	assert_non_null(s);
	free(buf);
	return s;
}

static cJSON *json_file(const char *name)
{
	char *buf = load(name);
	cJSON *j = cJSON_Parse(buf);
	assert_non_null(j);
	free(buf);
	return j;
}

/* Prefill one source from a fixture; returns the number filled. */
static int prefill(FormState *st, const char *source, const char *file)
{
	cJSON *doc = json_file(file);
	int n = forms_prefill(st, source, doc);
	cJSON_Delete(doc);
	return n;
}

static void expect_text(const FormState *st, const char *key, const char *want)
{
	char *t = forms_get_text(st, key);
	if (strcmp(t, want) != 0)
		fail_msg("%s: \"%s\", expected \"%s\"", key, t, want);
	free(t);
}

/* Person answer: values, provenance, locks; a missing phone stays empty. */
static void test_person(void **state)
{
	FormSchema *s = schema_file("birth-register.json");
	FormState *st = forms_state_new(s);
	assert_int_equal(prefill(st, "person", "person.json"), 4);
	expect_text(st, "applicant.name", "王小明");
	expect_text(st, "applicant.id_number", "31010419900307123X");
	expect_text(st, "applicant.household_address", "上海市徐汇区漕溪北路 88 号");
	expect_text(st, "applicant.household_division", "310104");
	const FormsProvenance *p = forms_provenance(st, "applicant.name");
	assert_non_null(p);
	assert_string_equal(p->source, "上海市人口综合库");
	assert_string_equal(p->as_of, "2026-11-20T03:00:00Z");
	assert_true(p->authoritative);
	assert_string_equal(p->original->valuestring, "王小明");
	assert_true(forms_locked(st, "applicant.name"));
	/* phone is null in the source: empty, editable, no provenance */
	assert_null(forms_get(st, "applicant.phone"));
	assert_null(forms_provenance(st, "applicant.phone"));
	assert_false(forms_locked(st, "applicant.phone"));
	assert_int_equal(forms_set_text(st, "applicant.phone", "13812345678", NULL), FORMS_OK);
	/* fields of other sources are left alone */
	assert_int_equal(prefill(st, "entity", "entity.json"), 0);
	assert_true(forms_is_dirty(st, "applicant.name"));
	forms_state_free(st);
	forms_schema_free(s);
}

/* A locked value does not change without an override and its reason. */
static void test_lock_and_override(void **state)
{
	FormSchema *s = schema_file("birth-register.json");
	FormState *st = forms_state_new(s);
	prefill(st, "person", "person.json");
	assert_int_equal(forms_set_text(st, "applicant.name", "王晓明", NULL), FORMS_LOCKED);
	assert_int_equal(forms_clear(st, "applicant.name"), FORMS_LOCKED);
	expect_text(st, "applicant.name", "王小明");
	assert_int_equal(forms_set_text(st, "applicant.name", " 王小明 ", NULL), FORMS_OK); /* the same value */
	assert_int_equal(forms_override(st, "applicant.name", "王晓明", "x", NULL), FORMS_NO_REASON);
	assert_int_equal(forms_override(st, "applicant.name", "王晓明", "  改 ", NULL), FORMS_NO_REASON);
	assert_int_equal(forms_override(st, "applicant.name", "王晓明", NULL, NULL), FORMS_NO_REASON);
	expect_text(st, "applicant.name", "王小明");
	cJSON *ov = forms_overrides_json(st);
	assert_int_equal(cJSON_GetArraySize(ov), 0);
	cJSON_Delete(ov);
	assert_int_equal(forms_override(st, "applicant.name", "王晓明", " 户籍信息已于窗口核实变更 ", NULL), FORMS_OK);
	expect_text(st, "applicant.name", "王晓明");
	assert_false(forms_locked(st, "applicant.name"));
	assert_string_equal(forms_override_reason(st, "applicant.name"), "户籍信息已于窗口核实变更");
	ov = forms_overrides_json(st);
	assert_int_equal(cJSON_GetArraySize(ov), 1);
	const cJSON *o = cJSON_GetArrayItem(ov, 0);
	assert_string_equal(json_str(o, "field", ""), "applicant.name");
	assert_string_equal(json_str(o, "value", ""), "王晓明");
	assert_string_equal(json_str(o, "original", ""), "王小明");
	assert_string_equal(json_str(o, "source", ""), "上海市人口综合库");
	assert_string_equal(json_str(o, "as_of", ""), "2026-11-20T03:00:00Z");
	assert_string_equal(json_str(o, "reason", ""), "户籍信息已于窗口核实变更");
	assert_int_equal(cJSON_GetArraySize(o), 6);
	cJSON_Delete(ov);
	/* after the override the field is editable; the record follows the value */
	assert_int_equal(forms_set_text(st, "applicant.name", "王筱明", NULL), FORMS_OK);
	ov = forms_overrides_json(st);
	assert_string_equal(json_str(cJSON_GetArrayItem(ov, 0), "value", ""), "王筱明");
	cJSON_Delete(ov);
	/* back to the original: locked again, no record */
	assert_int_equal(forms_revert(st, "applicant.name"), FORMS_OK);
	expect_text(st, "applicant.name", "王小明");
	assert_true(forms_locked(st, "applicant.name"));
	assert_null(forms_override_reason(st, "applicant.name"));
	ov = forms_overrides_json(st);
	assert_int_equal(cJSON_GetArraySize(ov), 0);
	cJSON_Delete(ov);
	/* no override on a field that was not prefilled */
	assert_int_equal(forms_override(st, "child.name", "王一", "原因说明", NULL), FORMS_NOT_PREFILLED);
	assert_int_equal(forms_revert(st, "child.name"), FORMS_NOT_PREFILLED);
	assert_int_equal(forms_override(st, "nope", "x", "原因说明", NULL), FORMS_NO_FIELD);
	assert_non_null(strstr(forms_rc_msgid(FORMS_LOCKED), "locked"));
	forms_state_free(st);
	forms_schema_free(s);
}

/* An override to the very same value is no override. */
static void test_override_to_same_value(void **state)
{
	FormSchema *s = schema_file("birth-register.json");
	FormState *st = forms_state_new(s);
	prefill(st, "person", "person.json");
	assert_int_equal(forms_override(st, "applicant.household_division", "310104", "核对无误", NULL), FORMS_OK);
	cJSON *ov = forms_overrides_json(st);
	assert_int_equal(cJSON_GetArraySize(ov), 0);
	cJSON_Delete(ov);
	/* an invalid override value is kept and reported */
	FormsErrors e;
	forms_errors_init(&e);
	assert_int_equal(forms_override(st, "applicant.household_division", "999999", "区划调整", &e), FORMS_INVALID);
	assert_int_equal(e.n, 1);
	assert_string_equal(e.v[0].field, "applicant.household_division");
	forms_errors_free(&e);
	forms_state_free(st);
	forms_schema_free(s);
}

/* Entity, e-license and proof paths, each value typed for its field. */
static void test_entity_license_proof(void **state)
{
	FormSchema *s = schema_file("company-setup.json");
	FormState *st = forms_state_new(s);
	assert_int_equal(prefill(st, "entity", "entity.json"), 8);
	expect_text(st, "company.uscc", "91310104MA1FL0XX7X");
	expect_text(st, "company.legal_rep", "李华");
	expect_text(st, "company.legal_rep_id", "310104198811202467");
	expect_text(st, "company.capital", "1000000.00");
	expect_text(st, "company.division", "310104");
	expect_text(st, "company.founded", "2020-05-18");
	expect_text(st, "company.scope", "软件开发；信息技术咨询服务");
	assert_null(forms_get(st, "company.phone")); /* null in the source */
	assert_int_equal(prefill(st, "license", "licenses.json"), 2);
	expect_text(st, "company.license_no", "310104000123456"); /* the valid one, not the expired */
	expect_text(st, "company.license_issuer", "徐汇区市场监督管理局");
	assert_string_equal(forms_provenance(st, "company.license_no")->source, "电子证照库");
	assert_int_equal(prefill(st, "proof", "proofs.json"), 1);
	const cJSON *months = forms_get(st, "company.si_months");
	assert_true(cJSON_IsNumber(months));
	assert_int_equal(months->valueint, 36);
	const FormsProvenance *p = forms_provenance(st, "company.si_months");
	assert_false(p->authoritative);
	assert_false(forms_locked(st, "company.si_months"));
	assert_string_equal(p->source, "上海市社保中心");
	FormsErrors e;
	forms_errors_init(&e);
	forms_validate_all(st, &e);
	/* prefilled values are valid; only the clerk's own fields remain */
	assert_int_equal(e.n, 2);
	assert_non_null(forms_errors_find(&e, "company.employees"));
	assert_non_null(forms_errors_find(&e, "company.industries"));
	forms_errors_free(&e);
	forms_state_free(st);
	forms_schema_free(s);
}

/* Authoritative data replaces what was typed; other data fills only empty fields. */
static void test_what_prefill_replaces(void **state)
{
	FormSchema *s = schema_file("company-setup.json");
	FormState *st = forms_state_new(s);
	assert_int_equal(forms_set_text(st, "company.name", "一窗", NULL), FORMS_OK);
	assert_int_equal(forms_set_text(st, "company.si_months", "12", NULL), FORMS_OK);
	prefill(st, "entity", "entity.json");
	expect_text(st, "company.name", "上海一窗科技有限公司");
	assert_true(forms_locked(st, "company.name"));
	assert_int_equal(prefill(st, "proof", "proofs.json"), 0);
	expect_text(st, "company.si_months", "12");
	assert_null(forms_provenance(st, "company.si_months"));
	/* an unchanged non-authoritative prefill is refreshed by a later answer */
	assert_int_equal(forms_clear(st, "company.si_months"), FORMS_OK);
	assert_int_equal(prefill(st, "proof", "proofs.json"), 1);
	cJSON *doc = json_file("proofs.json");
	cJSON *data = json_obj(cJSON_GetArrayItem(json_arr(doc, "items"), 0), "data");
	cJSON_ReplaceItemInObject(data, "months", cJSON_CreateNumber(37));
	assert_int_equal(forms_prefill(st, "proof", doc), 1);
	assert_int_equal(forms_get(st, "company.si_months")->valueint, 37);
	cJSON_Delete(doc);
	forms_state_free(st);
	forms_schema_free(s);
}

/* A later answer keeps the clerk's override but refreshes its original. */
static void test_override_survives_new_answer(void **state)
{
	FormSchema *s = schema_file("birth-register.json");
	FormState *st = forms_state_new(s);
	prefill(st, "person", "person.json");
	forms_override(st, "applicant.name", "王晓明", "证件姓名已变更", NULL);
	cJSON *doc = json_file("person.json");
	cJSON_ReplaceItemInObject(doc, "name", cJSON_CreateString("王小名"));
	cJSON_ReplaceItemInObject(doc, "as_of", cJSON_CreateString("2026-11-21T00:00:00Z"));
	forms_prefill(st, "person", doc);
	cJSON_Delete(doc);
	expect_text(st, "applicant.name", "王晓明");
	cJSON *ov = forms_overrides_json(st);
	assert_string_equal(json_str(cJSON_GetArrayItem(ov, 0), "original", ""), "王小名");
	assert_string_equal(json_str(cJSON_GetArrayItem(ov, 0), "as_of", ""), "2026-11-21T00:00:00Z");
	cJSON_Delete(ov);
	forms_state_free(st);
	forms_schema_free(s);
}

/* Missing sources and records without provenance. */
static void test_missing_sources(void **state)
{
	FormSchema *s = schema_file("birth-register.json");
	FormState *st = forms_state_new(s);
	cJSON *empty = cJSON_Parse("{}");
	assert_int_equal(forms_prefill(st, "person", empty), 0);
	assert_int_equal(forms_prefill(st, "person", NULL), 0);
	cJSON_Delete(empty);
	assert_null(forms_get(st, "applicant.name"));
	assert_int_equal(forms_set_text(st, "applicant.name", "张三", NULL), FORMS_OK);
	/* a record without source/as_of cannot lock */
	cJSON *anon = cJSON_Parse("{\"authoritative\":true,\"household_address\":\"某地\"}");
	assert_int_equal(forms_prefill(st, "person", anon), 1);
	assert_false(forms_locked(st, "applicant.household_address"));
	cJSON_Delete(anon);
	forms_state_free(st);
	forms_schema_free(s);
}

static void test_prefill_paths(void **state)
{
	assert_true(forms_prefill_path_ok("person.name"));
	assert_true(forms_prefill_path_ok("entity.legal_rep.name"));
	assert_true(forms_prefill_path_ok("proof.social_insurance_months.months"));
	assert_true(forms_prefill_path_ok("license.business_license.number"));
	assert_false(forms_prefill_path_ok("license.number"));
	assert_false(forms_prefill_path_ok("person"));
	assert_false(forms_prefill_path_ok("people.name"));
	assert_false(forms_prefill_path_ok("person.Name"));
	assert_false(forms_prefill_path_ok(NULL));
}

/* A draft keeps provenance, locks and overrides. */
static void test_draft_keeps_locks(void **state)
{
	FormSchema *s = schema_file("birth-register.json");
	FormState *st = forms_state_new(s);
	prefill(st, "person", "person.json");
	forms_override(st, "applicant.household_address", "上海市徐汇区虹漕路 39 号", "已搬迁，户籍待更新", NULL);
	cJSON *draft = forms_draft_json(st);
	char *text = json_print(draft);
	cJSON_Delete(draft);
	forms_state_free(st);
	st = forms_state_new(s);
	cJSON *back = cJSON_Parse(text);
	free(text);
	FormsErrors e;
	forms_errors_init(&e);
	assert_true(forms_load(st, back, &e));
	assert_int_equal(e.n, 0);
	cJSON_Delete(back);
	assert_true(forms_locked(st, "applicant.name"));
	assert_false(forms_locked(st, "applicant.household_address"));
	assert_string_equal(forms_override_reason(st, "applicant.household_address"), "已搬迁，户籍待更新");
	assert_int_equal(forms_set_text(st, "applicant.id_number", "11010519491231002X", NULL), FORMS_LOCKED);
	cJSON *ov = forms_overrides_json(st);
	assert_int_equal(cJSON_GetArraySize(ov), 1);
	assert_string_equal(json_str(cJSON_GetArrayItem(ov, 0), "original", ""), "上海市徐汇区漕溪北路 88 号");
	cJSON_Delete(ov);
	assert_false(forms_any_dirty(st));
	forms_state_free(st);
	forms_schema_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_person),
		cmocka_unit_test(test_lock_and_override),
		cmocka_unit_test(test_override_to_same_value),
		cmocka_unit_test(test_entity_license_proof),
		cmocka_unit_test(test_what_prefill_replaces),
		cmocka_unit_test(test_override_survives_new_answer),
		cmocka_unit_test(test_missing_sources),
		cmocka_unit_test(test_prefill_paths),
		cmocka_unit_test(test_draft_keeps_locks),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
