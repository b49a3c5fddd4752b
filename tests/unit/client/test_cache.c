/* test_cache: the cached session in a real local store: documents put,
 * read, listed and deleted; the offline start's staff profile with and
 * without a cached one; guides and forms read from the cache when the
 * server cannot be reached or the session is the cached one. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "tests/unit/client/kb_fixtures.h"
#include "client/api.h"
#include "client/app.h"
#include "client/app_model.h"
#include "client/cache.h"
#include "client/catalog.h"
#include "client/local.h"
#include "client/loop.h"
#include "common/jsonx.h"

/* Nothing listens on port 1: every request fails without an answer. */
#define NOWHERE "http://127.0.0.1:1"

static int setup(void **state)
{
	if (fx_mkdir() != 0)
		return -1;
	setenv("XDG_DATA_HOME", fx_dir, 1);
	memset(&app, 0, sizeof app);
	app.cfg.server = NOWHERE;
	app.cfg.username = "clerk01";
	loop_init();
	ApiOptions o = {NULL, 2000, 1000};
	api_init(NOWHERE, &o);
	return 0;
}

static int teardown(void **state)
{
	catalog_clear();
	api_shutdown();
	local_close();
	app.offline_session = false;
	fx_rmdir();
	return 0;
}

static void test_put_get_all_delete(void **state)
{
	cJSON *a = cJSON_Parse("{\"code\":\"310104-000112-001\",\"name\":\"上海市居住证申领\",\"updated_at\":\"2026-11-02T01:30:00Z\"}");
	cJSON *b = cJSON_Parse("{\"code\":\"310104-000101-001\",\"name\":\"户口迁入\"}");
	assert_false(cache_has_catalog());
	assert_true(cache_put(CACHE_MATTER, "310104-000112-001", a));
	assert_true(cache_put(CACHE_MATTER, "310104-000101-001", b));
	assert_true(cache_has_catalog());
	cJSON *got = cache_get(CACHE_MATTER, "310104-000112-001");
	assert_non_null(got);
	assert_string_equal(json_str(got, "name", ""), "上海市居住证申领");
	cJSON_Delete(got);
	assert_null(cache_get(CACHE_GUIDE, "310104-000112-001")); /* kinds are apart */
	/* a newer copy replaces the old one */
	cJSON_ReplaceItemInObject(a, "name", cJSON_CreateString("居住证"));
	assert_true(cache_put(CACHE_MATTER, "310104-000112-001", a));
	cJSON *all = cache_all(CACHE_MATTER);
	assert_int_equal(cJSON_GetArraySize(all), 2);
	assert_string_equal(json_str(cJSON_GetArrayItem(all, 0), "code", ""), "310104-000101-001"); /* by key */
	assert_string_equal(json_str(cJSON_GetArrayItem(all, 1), "name", ""), "居住证");
	cJSON_Delete(all);
	assert_true(cache_delete(CACHE_MATTER, "310104-000101-001"));
	all = cache_all(CACHE_MATTER);
	assert_int_equal(cJSON_GetArraySize(all), 1);
	cJSON_Delete(all);
	/* a page in one go */
	cJSON *items = cJSON_Parse("[{\"id\":\"company-setup\",\"name\":\"企业开办\"},{\"name\":\"no id\"},{\"id\":\"x\",\"name\":\"y\"}]");
	assert_int_equal(cache_put_items(CACHE_BUNDLE, items, "id"), 2);
	all = cache_all(CACHE_BUNDLE);
	assert_int_equal(cJSON_GetArraySize(all), 2);
	cJSON_Delete(all);
	cJSON_Delete(items);
	cJSON_Delete(a);
	cJSON_Delete(b);
}

static void test_load_session(void **state)
{
	Staff s;
	const char *why = NULL;
	assert_false(cache_load_session(&s, &why));
	assert_non_null(why);
	assert_non_null(strstr(why, "no cached session for clerk01 on " NOWHERE));
	cJSON *staff = cJSON_Parse("{\"id\":\"s-1\",\"username\":\"clerk01\",\"name\":\"王小明\",\"role\":\"clerk\","
				   "\"hall\":{\"id\":\"XH01\",\"name\":\"徐汇区行政服务中心\"},"
				   "\"window\":{\"id\":\"w-07\",\"name\":\"7号窗口\",\"categories\":[\"A\",\"B\"]}}");
	assert_true(cache_put(CACHE_STAFF, "clerk01", staff));
	cJSON_Delete(staff);
	assert_true(cache_load_session(&s, &why));
	assert_string_equal(s.name, "王小明");
	assert_string_equal(s.window_name, "7号窗口");
	assert_int_equal(s.ncategories, 2);
	staff_free(&s);
	/* no user name: says to give one */
	app.cfg.username = NULL;
	local_close();
	assert_false(cache_load_session(&s, &why));
	assert_non_null(strstr(why, "--user"));
	app.cfg.username = "clerk01";
}

static int got, got_doc;
static char got_label[128], got_error[256];

static void on_doc(const cJSON *doc, const char *error, void *ud)
{
	got++;
	got_doc += doc != NULL;
	snprintf(got_label, sizeof got_label, "%s", doc ? json_str(doc, "title", "") : "");
	snprintf(got_error, sizeof got_error, "%s", error ? error : "");
	loop_quit(0);
}

static void on_timeout(void *ud)
{
	loop_quit(99);
}

static void wait_doc(void)
{
	unsigned t = loop_timer_add(5000, on_timeout, NULL);
	assert_int_equal(loop_run(), 0);
	loop_timer_cancel(t);
}

static void test_form_offline(void **state)
{
	cJSON *f = cJSON_Parse("{\"id\":\"residence-permit\",\"version\":2,\"title\":\"上海市居住证申请表\",\"sections\":[]}");
	assert_true(cache_put(CACHE_FORM, "residence-permit", f));
	cJSON_Delete(f);
	/* The server cannot be reached: the cached copy. */
	got = got_doc = 0;
	catalog_form("residence-permit", on_doc, NULL);
	assert_int_equal(got, 0); /* never inline */
	wait_doc();
	assert_int_equal(got_doc, 1);
	assert_string_equal(got_label, "上海市居住证申请表");
	/* Not cached: the error says so. */
	got = got_doc = 0;
	catalog_form("company-setup", on_doc, NULL);
	wait_doc();
	assert_int_equal(got_doc, 0);
	assert_non_null(strstr(got_error, "not cached: log in once while online"));
	/* The cached session reads the cache without asking the server. */
	catalog_clear();
	app.offline_session = true;
	got = got_doc = 0;
	catalog_form("residence-permit", on_doc, NULL);
	assert_int_equal(got, 0);
	wait_doc();
	assert_int_equal(got_doc, 1);
	got = got_doc = 0;
	catalog_guide("310104-000112-001", on_doc, NULL);
	wait_doc();
	assert_int_equal(got_doc, 0);
	assert_non_null(strstr(got_error, "not cached"));
}

static int loads, load_ok;

static void on_load(bool ok, void *ud)
{
	loads++;
	load_ok += ok;
	loop_quit(0);
}

static void test_list_offline(void **state)
{
	catalog_clear();
	loads = load_ok = 0;
	catalog_load(on_load, NULL);
	wait_doc();
	assert_int_equal(load_ok, 0);
	assert_non_null(strstr(catalog_error(), "not cached: log in once while online"));
	cJSON *items = cJSON_Parse("[{\"code\":\"310104-000112-001\",\"name\":\"上海市居住证申领\",\"targets\":[\"person\"]}]");
	cache_put_items(CACHE_MATTER, items, "code");
	cJSON_Delete(items);
	catalog_load(on_load, NULL);
	wait_doc();
	assert_int_equal(load_ok, 1);
	assert_int_equal(catalog_state(), CAT_READY);
	assert_non_null(catalog_matter("310104-000112-001"));
}

/* The sync's newer versions reach the in-memory catalog: a changed matter
 * replaces the listed one, a forgotten form is read again. */
static void test_new_versions(void **state)
{
	app.offline_session = true;
	cJSON *items = cJSON_Parse("[{\"code\":\"310104-000112-001\",\"name\":\"上海市居住证申领\",\"targets\":[\"person\"]}]");
	cache_put_items(CACHE_MATTER, items, "code");
	cJSON_Delete(items);
	cJSON *f = cJSON_Parse("{\"id\":\"residence-permit\",\"version\":1,\"title\":\"v1\"}");
	cache_put(CACHE_FORM, "residence-permit", f);
	cJSON_Delete(f);
	loads = load_ok = 0;
	catalog_load(on_load, NULL);
	wait_doc();
	assert_int_equal(load_ok, 1);
	catalog_form("residence-permit", on_doc, NULL);
	wait_doc();
	assert_string_equal(got_label, "v1");
	/* the sync brings version 2 and a renamed matter */
	cJSON *page = cJSON_Parse("{\"items\":[{\"code\":\"310104-000112-001\",\"name\":\"居住证申领（新）\"},"
				  "{\"code\":\"310104-000112-002\",\"name\":\"上海市居住证签注\"}]}");
	assert_int_equal(catalog_update(page, false), 2);
	cJSON_Delete(page);
	size_t n;
	catalog_matters(&n);
	assert_int_equal(n, 2);
	assert_string_equal(catalog_matter("310104-000112-001")->name, "居住证申领（新）");
	f = cJSON_Parse("{\"id\":\"residence-permit\",\"version\":2,\"title\":\"v2\"}");
	cache_put(CACHE_FORM, "residence-permit", f);
	cJSON_Delete(f);
	catalog_form("residence-permit", on_doc, NULL);
	wait_doc();
	assert_string_equal(got_label, "v1"); /* kept in memory until forgotten */
	catalog_forget(true, "residence-permit");
	catalog_form("residence-permit", on_doc, NULL);
	wait_doc();
	assert_string_equal(got_label, "v2");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_put_get_all_delete, setup, teardown),
		cmocka_unit_test_setup_teardown(test_load_session, setup, teardown),
		cmocka_unit_test_setup_teardown(test_form_offline, setup, teardown),
		cmocka_unit_test_setup_teardown(test_list_offline, setup, teardown),
		cmocka_unit_test_setup_teardown(test_new_versions, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
