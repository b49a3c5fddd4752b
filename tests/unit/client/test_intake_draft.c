/* test_intake_draft: an intake kept as a draft: made from the intake,
 * through JSON, loaded into a new intake of the same choice gives the same
 * values, overrides, materials, step, cursor and errors; a changed form
 * reports the fields to check; a save is durable in the local store at
 * once and fast. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <time.h>

#include "client/app.h"
#include "client/intake_draft.h"
#include "client/local.h"
#include "client/loop.h"
#include "common/jsonx.h"
#include "tests/unit/client/intake_fixtures.h"
#include "tests/unit/client/kb_fixtures.h"

static int setup(void **state)
{
	loop_init();
	app.current = NULL; /* no ticket: no lookups, no network */
	if (fx_mkdir() != 0)
		return -1;
	setenv("XDG_DATA_HOME", fx_dir, 1);
	app.cfg.server = "http://127.0.0.1:9";
	app.cfg.username = "clerk01";
	return 0;
}

static int teardown(void **state)
{
	intake_end();
	local_close();
	fx_rmdir();
	return 0;
}

static Intake *filled(void)
{
	Intake *in = intake_start(FX_ID);
	assert_true(fx_choose(in));
	assert_int_equal(forms_set_text(in->form, "applicant.name", "王小明", NULL), FORMS_OK);
	assert_int_equal(forms_set_text(in->form, "applicant.phone", "13812345678", NULL), FORMS_OK);
	assert_int_equal(forms_set_text(in->form, "agent.entrusted", "yes", NULL), FORMS_OK);
	assert_int_equal(forms_set_text(in->form, "agent.name", "李四", NULL), FORMS_OK);
	const char *why;
	assert_true(intake_mat_toggle(in, 1, &why));   /* 数码照片回执 received */
	assert_true(intake_mat_defer(in, 2, &why));    /* 劳动合同 later */
	in->credit_seen = true;
	return in;
}

static void test_make_json_apply(void **state)
{
	Intake *in = filled();
	Draft *d = intake_draft_make(in, "form", "agent.name");
	assert_non_null(d);
	assert_string_equal(d->id, in->draft_id);
	assert_int_equal(d->state, DRAFT_OPEN);
	assert_string_equal(d->holder, FX_ID);
	assert_string_equal(d->applicant, "王小明");
	assert_string_equal(d->title, "上海市居住证申领");
	cJSON *doc = draft_to_json(d);
	char *text = json_print(doc);
	cJSON_Delete(doc);
	draft_free(d);
	char id[24];
	snprintf(id, sizeof id, "%s", in->draft_id);
	MatStatus photo = in->mat[1].status, contract = in->mat[2].status;
	intake_end();

	/* A new intake with the same choice, then the draft. */
	doc = cJSON_Parse(text);
	free(text);
	char *err = NULL;
	d = draft_from_json(doc, &err);
	cJSON_Delete(doc);
	assert_non_null(d);
	in = intake_start(d->holder);
	assert_true(fx_choose(in));
	assert_null(forms_get(in->form, "applicant.phone"));
	assert_true(intake_draft_apply(in, d));
	draft_free(d);
	assert_string_equal(in->draft_id, id);
	char *v = forms_get_text(in->form, "applicant.phone");
	assert_string_equal(v, "13812345678");
	free(v);
	v = forms_get_text(in->form, "agent.name");
	assert_string_equal(v, "李四");
	free(v);
	assert_true(forms_visible(in->form, "agent.name"));
	assert_int_equal(in->mat[1].status, photo);
	assert_int_equal(in->mat[2].status, contract);
	assert_int_equal(in->mat[2].status, MS_DEFERRED);
	assert_true(in->credit_seen);
	assert_string_equal(in->resume_step, "form");
	assert_string_equal(in->resume_cursor, "agent.name");
	assert_null(in->resume_errors);
}

static void test_attention_errors_and_changed_form(void **state)
{
	Intake *in = filled();
	Draft *d = intake_draft_make(in, "review", NULL);
	d->state = DRAFT_ATTENTION;
	d->errors = cJSON_Parse("[{\"field\":\"form.values.applicant.phone\",\"code\":\"format\",\"message\":\"号码不存在\"}]");
	/* Saved under version 0 of the form, with a field it no longer has
	 * and a phone its rules now refuse. */
	cJSON_ReplaceItemInObject(cJSON_GetArrayItem(d->forms, 0), "version", cJSON_CreateNumber(0));
	cJSON *values = json_obj(json_obj(d->form, "form"), "values");
	cJSON_AddStringToObject(values, "applicant.fax", "021-1234");
	cJSON_ReplaceItemInObject(values, "applicant.phone", cJSON_CreateString("12345"));
	intake_end();
	in = intake_start(FX_ID);
	assert_true(fx_choose(in));
	assert_true(intake_draft_apply(in, d));
	assert_string_equal(in->resume_step, "review");
	/* The server's error, then the value that no longer fits. */
	assert_int_equal(cJSON_GetArraySize(in->resume_errors), 2);
	assert_string_equal(json_str(cJSON_GetArrayItem(in->resume_errors, 0), "message", ""), "号码不存在");
	assert_string_equal(json_str(cJSON_GetArrayItem(in->resume_errors, 1), "field", ""), "form.values.applicant.phone");
	assert_non_null(app.message);
	assert_non_null(strstr(app.message, "2 fields to check"));
	/* The value the form no longer has stays in the draft. */
	Draft *again = intake_draft_make(in, NULL, NULL);
	assert_string_equal(json_str(json_obj(json_obj(again->form, "form"), "values"), "applicant.fax", ""), "021-1234");
	assert_int_equal(again->state, DRAFT_ATTENTION);
	assert_string_equal(again->step, "review");
	draft_free(again);
	draft_free(d);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static void test_save_is_durable_and_fast(void **state)
{
	Intake *in = filled();
	assert_true(intake_draft_save(in, "form", "applicant.phone"));
	assert_null(in->draft_error);
	enum { N = 100 };
	double ms[N];
	for (int i = 0; i < N; i++) {
		char phone[16];
		snprintf(phone, sizeof phone, "138%08d", i);
		forms_set_text(in->form, "applicant.phone", phone, NULL);
		struct timespec a, b;
		clock_gettime(CLOCK_MONOTONIC, &a);
		assert_true(intake_draft_save(in, NULL, "applicant.phone"));
		clock_gettime(CLOCK_MONOTONIC, &b);
		ms[i] = (b.tv_sec - a.tv_sec) * 1e3 + (b.tv_nsec - a.tv_nsec) / 1e6;
	}
	qsort(ms, N, sizeof ms[0], cmp_double);
	print_message("autosave of one field change: median %.2f ms, p99 %.2f ms\n", ms[N / 2], ms[N * 99 / 100]);
	assert_true(ms[N / 2] < 10.0);
	/* Another connection (a new start) sees the last one. */
	Store *s = store_open_path(store_path(local_store()), NULL, NULL);
	Draft *d = drafts_get(s, in->draft_id);
	assert_non_null(d);
	assert_string_equal(json_str(json_obj(json_obj(d->form, "form"), "values"), "applicant.phone", ""), "13800000099");
	assert_string_equal(d->step, "form");
	draft_free(d);
	/* A queued draft is not turned back into an open one by an intake
	 * that does not know. */
	d = drafts_get(s, in->draft_id);
	assert_true(outbox_enqueue(s, d, "11111111-1111-4111-8111-111111111111", "{}"));
	draft_free(d);
	assert_true(intake_draft_save(in, "form", NULL));
	d = drafts_get(s, in->draft_id);
	assert_int_equal(d->state, DRAFT_QUEUED);
	draft_free(d);
	store_close(s);
}

static long pragma_long(Store *s, const char *sql)
{
	sqlite3_stmt *q;
	long v = -1;
	if (sqlite3_prepare_v2(store_db(s), sql, -1, &q, NULL) == SQLITE_OK && sqlite3_step(q) == SQLITE_ROW)
		v = sqlite3_column_int64(q, 0);
	sqlite3_finalize(q);
	return v;
}

/* A full disk: the save fails, says why once, keeps the values in memory
 * and the last draft in the store; with room again it saves and says so. */
static void test_full_disk(void **state)
{
	Intake *in = filled();
	assert_true(intake_draft_save(in, "form", "applicant.phone"));
	Store *s = local_store();
	char sql[64];
	snprintf(sql, sizeof sql, "PRAGMA max_page_count=%ld", pragma_long(s, "PRAGMA page_count"));
	assert_int_equal(sqlite3_exec(store_db(s), sql, NULL, NULL, NULL), SQLITE_OK);
	char *big = malloc(150001);
	memset(big, 'x', 150000);
	big[150000] = '\0';
	forms_set_text(in->form, "applicant.address", big, NULL);
	free(big);
	app_message(false, "%s", "");
	assert_false(intake_draft_save(in, "form", "applicant.address"));
	assert_non_null(in->draft_error);
	assert_non_null(strstr(app.message, "Disk full"));
	/* Said once: the next failure leaves the message line alone. */
	app_message(false, "%s", "typing");
	assert_false(intake_draft_save(in, "form", "applicant.address"));
	assert_string_equal(app.message, "typing");
	/* Nothing lost: the values in memory, the last draft in the store. */
	char *v = forms_get_text(in->form, "applicant.address");
	assert_int_equal(strlen(v), 150000);
	free(v);
	Draft *d = drafts_get(s, in->draft_id);
	assert_non_null(d);
	assert_string_equal(d->cursor, "applicant.phone");
	draft_free(d);
	/* Room again. */
	assert_int_equal(sqlite3_exec(store_db(s), "PRAGMA max_page_count=1073741823", NULL, NULL, NULL), SQLITE_OK);
	assert_true(intake_draft_save(in, "form", "applicant.address"));
	assert_null(in->draft_error);
	assert_string_equal(app.message, "Drafts are saved again.");
	d = drafts_get(s, in->draft_id);
	assert_string_equal(d->cursor, "applicant.address");
	draft_free(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_make_json_apply, setup, teardown),
		cmocka_unit_test_setup_teardown(test_attention_errors_and_changed_form, setup, teardown),
		cmocka_unit_test_setup_teardown(test_save_is_durable_and_fast, setup, teardown),
		cmocka_unit_test_setup_teardown(test_full_disk, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
