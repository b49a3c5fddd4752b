/* test_intake_materials: the checklist: rows of a bundle merged by name,
 * e-licenses satisfying their rows (免提交) as they arrive, the agent's
 * papers following the form, what the clerk may and may not set, what
 * blocks acceptance, and the statuses sent with the case. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>

#include "client/app.h"
#include "client/intake.h"
#include "common/jsonx.h"
#include "tests/unit/client/intake_fixtures.h"

/* The row with this name. */
static size_t row(const Intake *in, const char *name)
{
	for (size_t i = 0; i < in->n_mat; i++)
		if (strcmp(in->mat[i].name, name) == 0)
			return i;
	fail_msg("no row %s", name);
	return 0;
}

static const char guide2[] =
	"{\"code\":\"310104-000121-001\",\"name\":\"公章刻制备案\",\"short_name\":null,"
	"\"materials\":["
	"{\"id\":\"id_card2\",\"name\":\"申请人有效身份证件\",\"requirement\":\"optional\",\"forms\":[\"copy\"],"
	"\"copies\":{\"original\":0,\"copy\":1},\"source\":\"government\",\"source_note\":null,"
	"\"elicense_type\":\"resident_id\",\"condition\":null,\"notes\":null},"
	"{\"id\":\"seal\",\"name\":\"印章样式\",\"requirement\":\"deferrable\",\"forms\":[\"electronic\"],"
	"\"copies\":{\"original\":1,\"copy\":0},\"source\":\"applicant\",\"source_note\":null,"
	"\"elicense_type\":null,\"condition\":null,\"notes\":null}]}";

static void test_rows_and_statuses(void **state)
{
	Intake *in = intake_start(FX_ID);
	cJSON **g = calloc(2, sizeof *g);
	g[0] = cJSON_Parse(fx_guide);
	g[1] = cJSON_Parse(guide2);
	FormSchema **p = calloc(1, sizeof *p);
	p[0] = forms_schema_parse(fx_form, sizeof fx_form - 1, NULL);
	assert_true(intake_set_choice(in, "b", "两件事", g, 2, p, 1));
	/* 6 + 2 materials, one name shared: 7 rows. */
	assert_int_equal(in->n_mat, 7);
	size_t id = row(in, "申请人有效身份证件");
	assert_int_equal(in->mat[id].n_refs, 2);
	assert_int_equal(in->mat[id].req, MR_REQUIRED); /* the strictest */
	assert_string_equal(in->mat[id].matters, "居住证申领、公章刻制备案");
	/* Before any license: needed rows missing, conditional ones not needed. */
	assert_int_equal(in->mat[id].status, MS_MISSING);
	assert_int_equal(in->mat[row(in, "授权委托书")].status, MS_NA);
	assert_int_equal(in->mat[row(in, "在读证明")].status, MS_NA);
	assert_int_equal(intake_mat_blocking(in), 5); /* id, photo, contract, household, seal */

	/* The licenses arrive: the valid one satisfies its row. */
	cJSON *lic = cJSON_Parse(fx_licenses);
	intake_lookup_answer(in, SRC_LICENSES, 200, lic, NULL);
	cJSON_Delete(lic);
	assert_int_equal(in->mat[id].status, MS_ELICENSE);
	assert_int_equal(in->mat[row(in, "居民户口簿")].status, MS_MISSING); /* expired */
	assert_int_equal(intake_mat_blocking(in), 4);

	/* The agent's papers follow the form. */
	forms_set_text(in->form, "agent.entrusted", "true", NULL);
	intake_materials_refresh(in);
	assert_int_equal(in->mat[row(in, "授权委托书")].status, MS_MISSING);
	forms_set_text(in->form, "agent.entrusted", "false", NULL);
	intake_materials_refresh(in);
	assert_int_equal(in->mat[row(in, "授权委托书")].status, MS_NA);

	/* What the clerk may set. */
	const char *why = NULL;
	size_t photo = row(in, "数码照片回执");
	assert_false(intake_mat_defer(in, photo, &why));
	assert_non_null(why);
	why = NULL;
	assert_false(intake_mat_not_needed(in, photo, &why));
	assert_non_null(why);
	assert_true(intake_mat_toggle(in, photo, &why));
	assert_int_equal(in->mat[photo].status, MS_SUBMITTED);
	assert_true(in->mat[photo].touched);
	assert_true(intake_mat_toggle(in, photo, &why));
	assert_int_equal(in->mat[photo].status, MS_MISSING);
	assert_false(in->mat[photo].touched);
	size_t contract = row(in, "劳动合同");
	assert_true(intake_mat_defer(in, contract, &why));
	assert_int_equal(in->mat[contract].status, MS_DEFERRED);
	size_t study = row(in, "在读证明");
	assert_true(intake_mat_toggle(in, study, &why));      /* handed in after all */
	assert_int_equal(in->mat[study].status, MS_SUBMITTED);
	assert_true(intake_mat_not_needed(in, study, &why));
	assert_int_equal(in->mat[study].status, MS_NA);
	/* A touched row is left alone by later lookups; a paper original
	 * handed in though an e-license exists stays received. */
	assert_true(intake_mat_toggle(in, id, &why));
	assert_int_equal(in->mat[id].status, MS_SUBMITTED);
	/* One row, two matters: each is told the form it accepts. */
	cJSON *sent = intake_materials_json(in);
	const cJSON *it;
	int forms_seen = 0;
	cJSON_ArrayForEach(it, sent) {
		if (strcmp(json_str(it, "material_id", ""), "id_card") == 0) {
			assert_string_equal(json_str(it, "form", ""), "original");
			forms_seen++;
		}
		if (strcmp(json_str(it, "material_id", ""), "id_card2") == 0) {
			assert_string_equal(json_str(it, "form", ""), "copy");
			assert_int_equal(json_long(it, "copies", 0), 1);
			forms_seen++;
		}
	}
	assert_int_equal(forms_seen, 2);
	cJSON_Delete(sent);
	intake_materials_refresh(in);
	assert_int_equal(in->mat[id].status, MS_SUBMITTED);
	assert_true(intake_mat_toggle(in, id, &why));
	assert_int_equal(in->mat[id].status, MS_ELICENSE);   /* back to automatic */

	/* Everything else received at once. */
	assert_int_equal(intake_mat_blocking(in), 3);
	assert_int_equal(intake_mat_all_received(in), 3);
	assert_int_equal(intake_mat_blocking(in), 0);

	/* As sent: one entry per (matter, material). */
	cJSON *j = intake_materials_json(in);
	assert_int_equal(cJSON_GetArraySize(j), 8);
	const cJSON *e;
	int seen = 0;
	cJSON_ArrayForEach(e, j) {
		const char *mid = json_str(e, "material_id", "");
		if (strcmp(mid, "id_card2") == 0 || strcmp(mid, "id_card") == 0) {
			assert_string_equal(json_str(e, "status", ""), "elicense");
			assert_string_equal(json_str(e, "license_id", ""), "lic-1");
			assert_true(cJSON_IsNull(cJSON_GetObjectItem(e, "form")));
			seen++;
		}
		if (strcmp(mid, "employment_proof") == 0) {
			assert_string_equal(json_str(e, "status", ""), "deferred");
			seen++;
		}
		if (strcmp(mid, "seal") == 0) {
			assert_string_equal(json_str(e, "status", ""), "submitted");
			assert_string_equal(json_str(e, "form", ""), "electronic");
			assert_int_equal(json_long(e, "copies", 0), 1);
			assert_string_equal(json_str(e, "matter_code", ""), "310104-000121-001");
			seen++;
		}
		if (strcmp(mid, "study_proof") == 0) {
			assert_string_equal(json_str(e, "status", ""), "not_applicable");
			seen++;
		}
	}
	assert_int_equal(seen, 5);
	cJSON_Delete(j);
	intake_end();
}

static void test_merge_conflict_reported(void **state)
{
	Intake *in = intake_start(FX_ID);
	/* Two forms giving one key two types do not merge: a reason, no form. */
	static const char other[] =
		"{\"id\":\"other\",\"version\":1,\"title\":\"x\",\"matters\":[],\"updated_at\":\"2026-11-02T01:30:00Z\","
		"\"sections\":[{\"key\":\"applicant\",\"title\":\"a\",\"fields\":["
		"{\"key\":\"applicant.name\",\"label\":\"姓名\",\"type\":\"integer\"}]}]}";
	cJSON **g = calloc(1, sizeof *g);
	g[0] = cJSON_Parse(fx_guide);
	FormSchema **p = calloc(2, sizeof *p);
	p[0] = forms_schema_parse(fx_form, sizeof fx_form - 1, NULL);
	p[1] = forms_schema_parse(other, sizeof other - 1, NULL);
	assert_non_null(p[1]);
	assert_false(intake_set_choice(in, "b", "t", g, 1, p, 2));
	assert_non_null(in->load_error);
	assert_null(in->form);
	intake_end();
}

static void test_condition_follows_choice(void **state)
{
	static const char form[] =
		"{\"id\":\"f\",\"version\":1,\"title\":\"t\",\"matters\":[],\"updated_at\":\"2026-11-02T01:30:00Z\","
		"\"sections\":[{\"key\":\"s\",\"title\":\"s\",\"fields\":[{\"key\":\"permit.basis\",\"label\":\"申领条件\","
		"\"type\":\"enum\",\"options\":[{\"value\":\"employment\",\"label\":\"合法稳定就业\"},"
		"{\"value\":\"housing\",\"label\":\"合法稳定住所\"},{\"value\":\"x\",\"label\":\"是\"}]}]}]}";
	static const char guide[] =
		"{\"code\":\"c1\",\"name\":\"n\",\"materials\":["
		"{\"id\":\"h\",\"name\":\"住所证明\",\"requirement\":\"required\",\"forms\":[\"copy\"],"
		"\"copies\":{\"original\":0,\"copy\":1},\"source\":\"applicant\",\"source_note\":null,"
		"\"elicense_type\":null,\"condition\":\"以合法稳定住所申领的\",\"notes\":null},"
		"{\"id\":\"e\",\"name\":\"劳动合同\",\"requirement\":\"required\",\"forms\":[\"copy\"],"
		"\"copies\":{\"original\":0,\"copy\":1},\"source\":\"applicant\",\"source_note\":null,"
		"\"elicense_type\":null,\"condition\":\"以合法稳定就业申领的\",\"notes\":null},"
		"{\"id\":\"y\",\"name\":\"声明\",\"requirement\":\"required\",\"forms\":[\"copy\"],"
		"\"copies\":{\"original\":0,\"copy\":1},\"source\":\"applicant\",\"source_note\":null,"
		"\"elicense_type\":null,\"condition\":\"是否需要\",\"notes\":null}]}";
	Intake *in = intake_start(FX_ID);
	cJSON **g = calloc(1, sizeof *g);
	g[0] = cJSON_Parse(guide);
	FormSchema **p = calloc(1, sizeof *p);
	p[0] = forms_schema_parse(form, sizeof form - 1, NULL);
	assert_non_null(p[0]);
	assert_true(intake_set_choice(in, NULL, "t", g, 1, p, 1));
	assert_int_equal(in->mat[row(in, "住所证明")].status, MS_NA);
	forms_set_text(in->form, "permit.basis", "housing", NULL);
	intake_materials_refresh(in);
	assert_int_equal(in->mat[row(in, "住所证明")].status, MS_MISSING);
	assert_int_equal(in->mat[row(in, "劳动合同")].status, MS_NA);
	/* A one-character label names nothing. */
	forms_set_text(in->form, "permit.basis", "x", NULL);
	intake_materials_refresh(in);
	assert_int_equal(in->mat[row(in, "声明")].status, MS_NA);
	assert_int_equal(in->mat[row(in, "住所证明")].status, MS_NA);
	intake_end();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rows_and_statuses),
		cmocka_unit_test(test_merge_conflict_reported),
		cmocka_unit_test(test_condition_follows_choice),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
