/* test_cases: case numbers and their order, due dates, accepting a case with field errors, materials, payment and evaluation. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "demo_hall.h"
#include "server/case_calc.h"
#include "server/cases.h"
#include "common/jsonx.h"

static struct demo_world W;
static const struct case_actor CLERK = { "s-clerk01", "W01" };

static int setup(void **state)
{
	(void)state;
	demo_world_make(&W, DEMO_WORLD_SEED);
	return hall_open("cases");
}

static int teardown(void **state)
{
	(void)state;
	demo_world_free(&W);
	hall_close();
	return 0;
}

/* ---- numbers, dates, money ---- */

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void test_number_format(void **state)
{
	(void)state;
	char n[40], hall[16], day[9];
	int serial;
	assert_true(case_number_make("xh01", "20261124", 17, n, sizeof n));
	assert_string_equal(n, "XH01-20261124-0017");
	assert_true(case_number_split(n, hall, sizeof hall, day, &serial));
	assert_string_equal(hall, "XH01");
	assert_string_equal(day, "20261124");
	assert_int_equal(serial, 17);
	/* Readable aloud in three groups; only letters and digits of the hall. */
	assert_true(case_number_make("x-h/01", "20261124", 9999, n, sizeof n));
	assert_string_equal(n, "XH01-20261124-9999");
	assert_false(case_number_make("xh01", "20261124", 0, n, sizeof n));
	assert_false(case_number_make("xh01", "20261124", 10000, n, sizeof n));
	assert_false(case_number_make("xh01", "2026112", 1, n, sizeof n));
	assert_false(case_number_make("--", "20261124", 1, n, sizeof n));
	assert_false(case_number_split("XH01-2026112-0001", hall, sizeof hall, day, &serial));
	assert_false(case_number_split("xh01-20261124-0001", hall, sizeof hall, day, &serial));
	assert_false(case_number_split("XH01-20261124-001", hall, sizeof hall, day, &serial));
}

/* Sorted as strings, numbers come in the order they were given out. */
static void test_number_order(void **state)
{
	(void)state;
	static const struct {
		const char *day;
		int serial;
	} given[] = { { "20261124", 1 }, { "20261124", 2 }, { "20261124", 10 }, { "20261124", 999 }, { "20261124", 1000 },
		      { "20261125", 1 }, { "20261201", 3 }, { "20270101", 1 } };
	enum { N = sizeof given / sizeof given[0] };
	char buf[N][40];
	const char *sorted[N];
	for (int i = 0; i < N; i++) {
		assert_true(case_number_make("xh01", given[i].day, given[i].serial, buf[i], sizeof buf[i]));
		sorted[N - 1 - i] = buf[i];
	}
	qsort(sorted, N, sizeof sorted[0], cmp_str);
	for (int i = 0; i < N; i++)
		assert_ptr_equal(sorted[i], buf[i]);
}

static void test_due_dates(void **state)
{
	(void)state;
	int y, m, d;
	case_due_date(2026, 11, 24, 10, "working_days", &y, &m, &d); /* Tuesday */
	assert_int_equal(y * 10000 + m * 100 + d, 20261208);
	case_due_date(2026, 11, 27, 1, "working_days", &y, &m, &d); /* Friday -> Monday */
	assert_int_equal(y * 10000 + m * 100 + d, 20261130);
	case_due_date(2026, 11, 28, 1, "working_days", &y, &m, &d); /* Saturday -> Monday */
	assert_int_equal(y * 10000 + m * 100 + d, 20261130);
	case_due_date(2026, 11, 24, 0, "working_days", &y, &m, &d); /* 即办 */
	assert_int_equal(y * 10000 + m * 100 + d, 20261124);
	case_due_date(2026, 12, 25, 15, "calendar_days", &y, &m, &d);
	assert_int_equal(y * 10000 + m * 100 + d, 20270109);
	case_due_date(2026, 11, 24, 4, "hours", &y, &m, &d);
	assert_int_equal(y * 10000 + m * 100 + d, 20261124);
}

static void test_money(void **state)
{
	(void)state;
	int64_t c;
	assert_true(money_parse("120.00", &c));
	assert_int_equal(c, 12000);
	assert_true(money_parse("0.05", &c));
	assert_int_equal(c, 5);
	assert_false(money_parse("120", &c));
	assert_false(money_parse("120.0", &c));
	assert_false(money_parse("-1.00", &c));
	assert_false(money_parse(".50", &c));
	char b[32];
	money_format(8050, b, sizeof b);
	assert_string_equal(b, "80.50");
}

/* ---- accepting a case ---- */

/* The featured 居住证 applicant's complete CaseCreate. */
static cJSON *permit_case(void)
{
	return hall_permit_case(&W);
}

/* Accept body at now: the case, or NULL with errs. */
static cJSON *accept_at(const cJSON *body, int64_t now, cJSON **errs)
{
	cJSON *out = NULL;
	char detail[160];
	*errs = NULL;
	enum case_rc rc = cases_create(store_thread(), &CLERK, body, now, &out, errs, detail, sizeof detail);
	return rc == CASE_OK ? out : NULL;
}

/* Whether errs names field with code. */
static bool has_error(const cJSON *errs, const char *field, const char *code)
{
	const cJSON *e;
	cJSON_ArrayForEach(e, errs)
		if (strcmp(json_str(e, "field", ""), field) == 0 && (!code || strcmp(json_str(e, "code", ""), code) == 0))
			return true;
	return false;
}

static void test_accept_numbers_password(void **state)
{
	(void)state;
	cJSON *body = permit_case(), *errs;
	cJSON *c1 = accept_at(body, hall_noon(0), &errs);
	if (!c1)
		fail_msg("refused: %s", errs ? cJSON_PrintUnformatted(errs) : "?");
	cJSON *c2 = accept_at(body, hall_noon(0) + 60, &errs);
	cJSON *c3 = accept_at(body, hall_noon(1), &errs);
	assert_non_null(c2);
	assert_non_null(c3);
	assert_string_equal(json_str(c1, "number", ""), "XH01-20261124-0001");
	assert_string_equal(json_str(c2, "number", ""), "XH01-20261124-0002");
	assert_string_equal(json_str(c3, "number", ""), "XH01-20261125-0001");
	assert_true(strcmp(json_str(c2, "number", ""), json_str(c3, "number", "")) < 0);
	/* The deferred material: the case waits for it, due in 10 working days. */
	assert_string_equal(json_str(c1, "status", ""), "awaiting_materials");
	assert_string_equal(json_str(c1, "due_on", ""), "2026-12-08");
	/* Six digits, given once; only a hash is stored. */
	const char *pw = json_str(c1, "query_password", "");
	assert_int_equal(strlen(pw), 6);
	assert_int_equal(strspn(pw, "0123456789"), 6);
	struct case_rec rec;
	assert_int_equal(store_case_get(store_thread(), json_str(c1, "number", ""), &rec), STORE_OK);
	assert_null(strstr(rec.pw_hash, pw));
	assert_null(strstr(rec.json, "query_password"));
	store_case_free(&rec);
	assert_true(cases_password_ok(store_thread(), json_str(c1, "number", ""), pw));
	assert_false(cases_password_ok(store_thread(), json_str(c1, "number", ""), "000000") &&
		     strcmp(pw, "000000") != 0);
	cJSON *got;
	assert_int_equal(cases_get(store_thread(), json_str(c1, "number", ""), &got), CASE_OK);
	assert_null(cJSON_GetObjectItem(got, "query_password"));
	assert_string_equal(json_str(got, "number", ""), json_str(c1, "number", ""));
	cJSON_Delete(got);
	assert_int_equal(cases_get(store_thread(), "XH01-20000101-0001", &got), CASE_NOT_FOUND);
	cJSON_Delete(c1);
	cJSON_Delete(c2);
	cJSON_Delete(c3);
	cJSON_Delete(body);
}

/* Each kind of mistake is named by its body path and code. */
static void test_field_errors(void **state)
{
	(void)state;
	cJSON *errs;
	cJSON *b = permit_case();
	char bad[24];
	snprintf(bad, sizeof bad, "%s", W.people[0].id);
	bad[17] = bad[17] == '0' ? '1' : '0';
	cJSON *v = json_obj(json_obj(b, "form"), "values");
	cJSON_ReplaceItemInObject(v, "applicant.id_number", cJSON_CreateString(bad));
	cJSON_DeleteItemFromObject(v, "residence.street");
	cJSON_ReplaceItemInObject(v, "applicant.gender", cJSON_CreateString("unknown"));
	assert_null(accept_at(b, hall_noon(0), &errs));
	assert_true(has_error(errs, "form.values.applicant.id_number", "check_digit"));
	assert_true(has_error(errs, "form.values.residence.street", "required"));
	assert_true(has_error(errs, "form.values.applicant.gender", "enum"));
	cJSON_Delete(errs);
	cJSON_Delete(b);

	/* Materials against the guide. */
	b = permit_case();
	cJSON *ms = json_arr(b, "materials");
	cJSON_ReplaceItemInObject(cJSON_GetArrayItem(ms, 1), "status", cJSON_CreateString("missing"));   /* photo */
	cJSON_ReplaceItemInObject(cJSON_GetArrayItem(ms, 4), "status", cJSON_CreateString("deferred"));  /* housing */
	cJSON_ReplaceItemInObject(cJSON_GetArrayItem(ms, 0), "license_id", cJSON_CreateString("hk_macao_pass-x"));
	cJSON_DeleteItemFromArray(ms, 2);                                                                 /* residence_registration */
	assert_null(accept_at(b, hall_noon(0), &errs));
	assert_true(has_error(errs, "materials[1].status", "required"));
	assert_true(has_error(errs, "materials[3].status", "invalid"));
	assert_true(has_error(errs, "materials[0].license_id", "unknown"));
	assert_true(has_error(errs, "materials", "required"));
	cJSON_Delete(errs);
	cJSON_Delete(b);

	/* An e-license of another type does not satisfy the material. */
	b = permit_case();
	char other[96];
	snprintf(other, sizeof other, "residence_registration-%s", W.people[0].id);
	cJSON_ReplaceItemInObject(cJSON_GetArrayItem(json_arr(b, "materials"), 0), "license_id", cJSON_CreateString(other));
	assert_null(accept_at(b, hall_noon(0), &errs));
	assert_true(has_error(errs, "materials[0].license_id", "invalid"));
	cJSON_Delete(errs);
	cJSON_Delete(b);

	/* Matters, applicant, overrides, unknown members. */
	b = permit_case();
	cJSON_ReplaceItemInObject(b, "matters", cJSON_CreateStringArray((const char *[]){ "310104-999999-999" }, 1));
	assert_null(accept_at(b, hall_noon(0), &errs));
	assert_true(has_error(errs, "matters[0]", "unknown"));
	cJSON_Delete(errs);
	cJSON_Delete(b);
	b = permit_case();
	cJSON_ReplaceItemInObject(json_obj(b, "applicant"), "id_type", cJSON_CreateString("foreign_permanent"));
	cJSON_AddNumberToObject(b, "extra", 1);
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "field", "applicant.phone");
	cJSON_AddStringToObject(o, "value", W.people[0].phone);
	cJSON_AddStringToObject(o, "original", "13000000000");
	cJSON_AddStringToObject(o, "source", "上海市人口综合库");
	cJSON_AddStringToObject(o, "as_of", "yesterday");
	cJSON_AddStringToObject(o, "reason", " ");
	cJSON_AddItemToArray(json_arr(b, "overrides"), o);
	assert_null(accept_at(b, hall_noon(0), &errs));
	assert_true(has_error(errs, "applicant.id_type", "invalid"));
	assert_true(has_error(errs, "extra", "unknown"));
	assert_true(has_error(errs, "overrides[0].reason", NULL));
	assert_true(has_error(errs, "overrides[0].as_of", "format"));
	cJSON_Delete(errs);
	cJSON_Delete(b);
	/* The same with a reason: accepted, the override kept and noted. */
	b = permit_case();
	o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "field", "applicant.phone");
	cJSON_AddStringToObject(o, "value", W.people[0].phone);
	cJSON_AddStringToObject(o, "original", "13000000000");
	cJSON_AddStringToObject(o, "source", "上海市人口综合库");
	cJSON_AddStringToObject(o, "as_of", "2026-11-20T00:00:00Z");
	cJSON_AddStringToObject(o, "reason", "申请人更换手机号码");
	cJSON_AddItemToArray(json_arr(b, "overrides"), o);
	cJSON *c = accept_at(b, hall_noon(0), &errs);
	assert_non_null(c);
	assert_string_equal(json_str(cJSON_GetArrayItem(json_arr(c, "overrides"), 0), "reason", ""), "申请人更换手机号码");
	bool noted = false;
	const cJSON *t;
	cJSON_ArrayForEach(t, json_arr(c, "timeline"))
		noted = noted || (strcmp(json_str(t, "kind", ""), "note") == 0 && strstr(json_str(t, "text", ""), "申请人更换手机号码"));
	assert_true(noted);
	cJSON_Delete(c);
	cJSON_Delete(b);
}

/* Materials handed in later, payment and evaluation, each with an event. */
static void test_materials_payment_evaluation(void **state)
{
	(void)state;
	struct store *st = store_thread();
	cJSON *errs = NULL, *out = NULL;
	char detail[160];
	cJSON *b = permit_case();
	cJSON *c = accept_at(b, hall_noon(0), &errs);
	assert_non_null(c);
	const char *num = json_str(c, "number", "");
	int64_t ev0 = store_event_last_id(st);
	/* The deferred material comes in: the case moves on. */
	cJSON *upd = cJSON_Parse("{\"items\":[{\"matter_code\":\"310104-000112-001\",\"material_id\":\"employment_proof\","
				 "\"status\":\"submitted\",\"form\":\"copy\",\"copies\":2}]}");
	assert_int_equal(cases_materials(st, &CLERK, num, upd, hall_noon(0) + 600, &out, &errs, detail, sizeof detail), CASE_OK);
	assert_string_equal(json_str(out, "status", ""), "in_progress");
	cJSON_Delete(out);
	cJSON_Delete(upd);
	/* A required material cannot go missing afterwards. */
	upd = cJSON_Parse("{\"items\":[{\"matter_code\":\"310104-000112-001\",\"material_id\":\"photo\",\"status\":\"missing\"}]}");
	errs = NULL;
	assert_int_equal(cases_materials(st, &CLERK, num, upd, hall_noon(0) + 700, &out, &errs, detail, sizeof detail),
			 CASE_INVALID);
	assert_true(has_error(errs, "items[0].status", "required"));
	cJSON_Delete(errs);
	cJSON_Delete(upd);
	/* Nothing is due: payment is refused. */
	cJSON *pay = cJSON_Parse("{\"method\":\"cash\",\"amount\":\"0.00\"}");
	errs = NULL;
	assert_int_equal(cases_payment(st, &CLERK, num, pay, hall_noon(0), &out, &errs, detail, sizeof detail), CASE_CONFLICT);
	cJSON_Delete(pay);
	/* Evaluation: a low level needs a comment, then once only. */
	cJSON *ev = cJSON_Parse("{\"level\":\"very_dissatisfied\",\"channel\":\"counter_pad\"}");
	errs = NULL;
	assert_int_equal(cases_evaluate(st, &CLERK, num, ev, hall_noon(0), &out, &errs, detail, sizeof detail), CASE_INVALID);
	assert_true(has_error(errs, "comment", "required"));
	cJSON_Delete(errs);
	cJSON_Delete(ev);
	ev = cJSON_Parse("{\"level\":\"satisfied\",\"channel\":\"counter_pad\",\"comment\":null}");
	errs = NULL;
	assert_int_equal(cases_evaluate(st, &CLERK, num, ev, hall_noon(0), &out, &errs, detail, sizeof detail), CASE_OK);
	assert_string_equal(json_str(out, "level", ""), "satisfied");
	assert_string_equal(json_str(json_obj(out, "staff"), "id", ""), "s-clerk01");
	cJSON_Delete(out);
	assert_int_equal(cases_evaluate(st, &CLERK, num, ev, hall_noon(0), &out, &errs, detail, sizeof detail), CASE_CONFLICT);
	cJSON_Delete(ev);
	/* Two changes, two case.updated events after case.created. */
	struct event_rec recs[8];
	int n = store_events_after(st, ev0, recs, 8);
	assert_int_equal(n, 2);
	for (int i = 0; i < n; i++) {
		assert_string_equal(recs[i].type, "case.updated");
		assert_non_null(strstr(recs[i].data, num));
		free(recs[i].data);
	}
	cJSON_Delete(c);
	cJSON_Delete(b);
}

/* A body made for another matter: its form and materials are named. */
static void test_wrong_forms(void **state)
{
	(void)state;
	struct store *st = store_thread();
	const struct cat_matter *m = catalog_matter("310104-000132-001", false);
	assert_non_null(m);
	/* Only the fee and status matter here: build from the permit case's shape. */
	cJSON *b = permit_case();
	cJSON_ReplaceItemInObject(b, "matters", cJSON_CreateStringArray((const char *[]){ "310104-000132-001" }, 1));
	cJSON *errs = NULL;
	assert_null(accept_at(b, hall_noon(0), &errs));
	/* The permit's form and materials do not fit a passport: named as such. */
	assert_true(has_error(errs, "form.forms", NULL));
	assert_true(has_error(errs, "materials[0].matter_code", "unknown"));
	cJSON_Delete(errs);
	cJSON_Delete(b);
	(void)st;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_number_format),
		cmocka_unit_test(test_number_order),
		cmocka_unit_test(test_due_dates),
		cmocka_unit_test(test_money),
		cmocka_unit_test(test_accept_numbers_password),
		cmocka_unit_test(test_field_errors),
		cmocka_unit_test(test_materials_payment_evaluation),
		cmocka_unit_test(test_wrong_forms),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
