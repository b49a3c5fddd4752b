/* test_drafts: draft records and outbox rows in a real store: put, get,
 * list order, delete, states, export and import, the outbox from queued
 * to delivered or refused, and a full disk that keeps the last draft. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "tests/unit/client/kb_fixtures.h"
#include "client/drafts.h"
#include "common/jsonx.h"

static Store *st;

static int setup(void **state)
{
	if (fx_mkdir() != 0)
		return -1;
	st = store_open_path(fx_path("drafts.db"), NULL, NULL);
	return st ? 0 : -1;
}

static int teardown(void **state)
{
	store_close(st);
	st = NULL;
	fx_rmdir();
	return 0;
}

/* A draft of one matter with a form value. */
static Draft *make(const char *holder, const char *name, const char *phone)
{
	Draft *d = calloc(1, sizeof *d);
	d->holder = strdup(holder);
	d->applicant = strdup(name);
	d->title = strdup("居住证申领");
	d->matters = calloc(2, sizeof *d->matters);
	d->matters[0] = strdup("310000-jzz");
	d->n_matters = 1;
	d->step = strdup("form");
	d->cursor = strdup("applicant.phone");
	d->forms = cJSON_Parse("[{\"id\":\"jzz\",\"version\":3}]");
	char form[256];
	snprintf(form, sizeof form, "{\"form\":{\"forms\":[{\"id\":\"jzz\",\"version\":3}],\"values\":{\"applicant.phone\":\"%s\"}}}", phone);
	d->form = cJSON_Parse(form);
	d->materials = cJSON_Parse("[{\"name\":\"居民身份证\",\"status\":\"submitted\"}]");
	return d;
}

static const char *phone_of(const Draft *d)
{
	return json_str(json_obj(json_obj(d->form, "form"), "values"), "applicant.phone", "");
}

static void test_states_and_ids(void **state)
{
	assert_string_equal(draft_state_word(DRAFT_ATTENTION), "attention");
	assert_int_equal(draft_state_parse("queued"), DRAFT_QUEUED);
	assert_int_equal(draft_state_parse("nonsense"), -1);
	assert_string_equal(draft_state_name(DRAFT_OPEN), "Draft");
	char a[24], b[24];
	drafts_new_id(a);
	drafts_new_id(b);
	assert_int_equal(strlen(a), 13);
	assert_int_equal(a[0], 'd');
	assert_string_not_equal(a, b);
	Draft *d = make("330106199605297400", "张三丰", "13800138000");
	char who[96];
	drafts_masked_who(d, who, sizeof who);
	assert_non_null(strstr(who, "张**"));
	assert_null(strstr(who, "三"));
	assert_null(strstr(who, "19960529"));
	draft_free(d);
}

static void test_put_get_list_delete(void **state)
{
	Draft *a = make("330106199605297400", "张三", "13800138000");
	assert_true(drafts_put(st, a));
	assert_int_equal(strlen(a->id), 13);
	assert_true(a->created_at > 0);
	Draft *b = make("110101199003077777", "李四", "13900139000");
	assert_true(drafts_put(st, b));
	Draft *g = drafts_get(st, a->id);
	assert_non_null(g);
	assert_string_equal(g->holder, "330106199605297400");
	assert_string_equal(g->applicant, "张三");
	assert_string_equal(g->cursor, "applicant.phone");
	assert_string_equal(phone_of(g), "13800138000");
	assert_int_equal(g->n_matters, 1);
	assert_string_equal(g->matters[0], "310000-jzz");
	assert_int_equal(g->state, DRAFT_OPEN);
	draft_free(g);
	assert_null(drafts_get(st, "dffffffffffff"));

	/* The last changed first: a changed again goes on top. */
	size_t n;
	Draft **v = drafts_list(st, &n);
	assert_int_equal(n, 2);
	assert_string_equal(v[0]->id, b->id);
	drafts_list_free(v, n);
	usleep(2000);
	free(a->cursor);
	a->cursor = strdup("applicant.name");
	assert_true(drafts_put(st, a));
	v = drafts_list(st, &n);
	assert_int_equal(n, 2);
	assert_string_equal(v[0]->id, a->id);
	assert_string_equal(v[0]->cursor, "applicant.name");
	drafts_list_free(v, n);

	a->state = DRAFT_ATTENTION;
	assert_true(drafts_put(st, a));
	g = drafts_get(st, a->id);
	assert_int_equal(g->state, DRAFT_ATTENTION);
	draft_free(g);

	assert_true(drafts_delete(st, a->id));
	assert_null(drafts_get(st, a->id));
	v = drafts_list(st, &n);
	assert_int_equal(n, 1);
	drafts_list_free(v, n);
	draft_free(a);
	draft_free(b);
}

static void test_export_import(void **state)
{
	Draft *a = make("330106199605297400", "张三", "13800138000");
	assert_true(drafts_put(st, a));
	cJSON *doc = draft_to_json(a);
	assert_int_equal(json_long(doc, "yichuang_draft", 0), 1);
	/* Its id is taken here: the import gets a new one. */
	char *err = NULL;
	Draft *c = drafts_import(st, doc, &err);
	assert_non_null(c);
	assert_null(err);
	assert_string_not_equal(c->id, a->id);
	assert_string_equal(phone_of(c), "13800138000");
	assert_string_equal(c->cursor, "applicant.phone");
	draft_free(c);
	/* Free again: the id is kept; a queued draft comes in open. */
	assert_true(drafts_delete(st, a->id));
	cJSON_ReplaceItemInObject(doc, "state", cJSON_CreateString("queued"));
	c = drafts_import(st, doc, &err);
	assert_non_null(c);
	assert_string_equal(c->id, a->id);
	assert_int_equal(c->state, DRAFT_OPEN);
	draft_free(c);
	cJSON_Delete(doc);

	/* Garbage is refused with a sentence. */
	static const char *const bad[] = {
		"[1,2]", "{\"id\":\"x\"}", "{\"yichuang_draft\":2,\"holder\":\"x\",\"matters\":[\"a\"]}",
		"{\"yichuang_draft\":1,\"matters\":[\"a\"]}",
		"{\"yichuang_draft\":1,\"holder\":\"x\",\"matters\":[\"a\"],\"state\":\"lost\"}",
		"{\"yichuang_draft\":1,\"holder\":\"x\",\"matters\":[\"a\"],\"form\":\"oops\"}",
		"{\"yichuang_draft\":1,\"holder\":\"x\"}",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		cJSON *j = cJSON_Parse(bad[i]);
		err = NULL;
		assert_null(draft_from_json(j, &err));
		assert_non_null(err);
		assert_true(strstr(err, "not a yichuang draft") || strstr(err, "format"));
		free(err);
		cJSON_Delete(j);
	}
	size_t n;
	Draft **v = drafts_list(st, &n);
	assert_int_equal(n, 2);
	drafts_list_free(v, n);
	draft_free(a);
}

static void test_outbox(void **state)
{
	Draft *a = make("330106199605297400", "张三", "13800138000");
	Draft *b = make("110101199003077777", "李四", "13900139000");
	assert_true(drafts_put(st, a));
	assert_true(drafts_put(st, b));
	assert_int_equal(outbox_count(st), 0);
	assert_true(outbox_enqueue(st, a, "11111111-1111-4111-8111-111111111111", "{\"a\":1}"));
	assert_int_equal(a->state, DRAFT_QUEUED);
	/* Not twice. */
	assert_false(outbox_enqueue(st, a, "22222222-2222-4222-8222-222222222222", "{\"a\":2}"));
	assert_true(outbox_enqueue(st, b, "33333333-3333-4333-8333-333333333333", "{\"b\":1}"));
	assert_int_equal(outbox_count(st), 2);
	Draft *g = drafts_get(st, a->id);
	assert_int_equal(g->state, DRAFT_QUEUED);
	draft_free(g);

	assert_true(outbox_attempt_failed(st, a->id, 503, "Service unavailable", 12345));
	assert_true(outbox_attempt_failed(st, a->id, 0, "timeout", 23456));
	size_t n;
	OutboxItem **v = outbox_list(st, &n);
	assert_int_equal(n, 2);
	assert_string_equal(v[0]->draft_id, a->id);
	assert_string_equal(v[0]->key, "11111111-1111-4111-8111-111111111111");
	assert_string_equal(v[0]->body, "{\"a\":1}");
	assert_int_equal(v[0]->attempts, 2);
	assert_int_equal(v[0]->next_at, 23456);
	assert_int_equal(v[0]->last_status, 0);
	assert_string_equal(v[0]->last_error, "timeout");
	assert_int_equal(v[1]->attempts, 0);
	outbox_list_free(v, n);
	g = drafts_get(st, a->id);
	assert_string_equal(g->message, "timeout");
	assert_int_equal(g->state, DRAFT_QUEUED);
	draft_free(g);

	assert_true(outbox_delivered(st, a->id, "SH2026112400001"));
	g = drafts_get(st, a->id);
	assert_int_equal(g->state, DRAFT_SUBMITTED);
	assert_string_equal(g->case_number, "SH2026112400001");
	assert_null(g->message);
	draft_free(g);

	cJSON *errs = cJSON_Parse("[{\"field\":\"form.values.applicant.phone\",\"code\":\"format\",\"message\":\"bad\"}]");
	assert_true(outbox_refused(st, b->id, errs, "The form has problems"));
	cJSON_Delete(errs);
	g = drafts_get(st, b->id);
	assert_int_equal(g->state, DRAFT_ATTENTION);
	assert_string_equal(json_str(cJSON_GetArrayItem(g->errors, 0), "field", ""), "form.values.applicant.phone");
	assert_string_equal(g->message, "The form has problems");
	draft_free(g);
	assert_int_equal(outbox_count(st), 0);
	v = outbox_list(st, &n);
	assert_int_equal(n, 0);
	outbox_list_free(v, n);

	/* Deleting a queued draft takes its outbox row too. */
	b->state = DRAFT_OPEN;
	assert_true(outbox_enqueue(st, b, "44444444-4444-4444-8444-444444444444", "{}"));
	assert_int_equal(outbox_count(st), 1);
	assert_true(drafts_delete(st, b->id));
	assert_int_equal(outbox_count(st), 0);
	draft_free(a);
	draft_free(b);
}

static long pragma_long(const char *sql)
{
	sqlite3_stmt *q;
	long v = -1;
	if (sqlite3_prepare_v2(store_db(st), sql, -1, &q, NULL) == SQLITE_OK && sqlite3_step(q) == SQLITE_ROW)
		v = sqlite3_column_int64(q, 0);
	sqlite3_finalize(q);
	return v;
}

static void test_full_disk_keeps_the_last_draft(void **state)
{
	Draft *a = make("330106199605297400", "张三", "13800138000");
	assert_true(drafts_put(st, a));
	int64_t saved_at = a->updated_at;
	char sql[64];
	snprintf(sql, sizeof sql, "PRAGMA max_page_count=%ld", pragma_long("PRAGMA page_count"));
	assert_int_equal(sqlite3_exec(store_db(st), sql, NULL, NULL, NULL), SQLITE_OK);
	/* A change too big for the room left. */
	cJSON *values = json_obj(json_obj(a->form, "form"), "values");
	char *big = malloc(200000);
	memset(big, 'x', 199999);
	big[199999] = '\0';
	cJSON_AddStringToObject(values, "notes", big);
	free(big);
	cJSON_ReplaceItemInObject(values, "applicant.phone", cJSON_CreateString("13700137000"));
	assert_false(drafts_put(st, a));
	assert_int_equal(store_last_error(st), STORE_E_FULL);
	assert_non_null(strstr(store_last_message(st), "is full"));
	assert_int_equal(a->updated_at, saved_at);
	/* What was saved before is there, whole. */
	Draft *g = drafts_get(st, a->id);
	assert_non_null(g);
	assert_string_equal(phone_of(g), "13800138000");
	draft_free(g);
	/* Room again: the same save works. */
	assert_int_equal(sqlite3_exec(store_db(st), "PRAGMA max_page_count=1073741823", NULL, NULL, NULL), SQLITE_OK);
	assert_true(drafts_put(st, a));
	g = drafts_get(st, a->id);
	assert_string_equal(phone_of(g), "13700137000");
	draft_free(g);
	draft_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_states_and_ids, setup, teardown),
		cmocka_unit_test_setup_teardown(test_put_get_list_delete, setup, teardown),
		cmocka_unit_test_setup_teardown(test_export_import, setup, teardown),
		cmocka_unit_test_setup_teardown(test_outbox, setup, teardown),
		cmocka_unit_test_setup_teardown(test_full_disk_keeps_the_last_draft, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
