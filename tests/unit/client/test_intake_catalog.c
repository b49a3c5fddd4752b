/* test_intake_catalog: the catalog loaded once per session over every page,
 * guides and forms fetched once and kept, failures tried again, and the
 * picker's search by name, code, pinyin initials and full pinyin with
 * bundles and the applicant's kind first. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdint.h>

#include "client/api.h"
#include "client/catalog.h"
#include "client/loop.h"
#include "common/jsonx.h"
#include "tests/unit/client/tinyhttp.h"

#define M(code, name, targets) \
	"{\"code\":\"" code "\",\"implementation_code\":\"11310104X" code "\",\"name\":\"" name "\"," \
	"\"kind\":\"license\",\"department\":{\"code\":\"d\",\"name\":\"市场监管局\"},\"targets\":" targets "," \
	"\"promised\":{\"value\":1,\"unit\":\"working_days\"},\"updated_at\":\"2026-11-02T01:30:00Z\"}"

static void handler(int fd, const THReq *r, void *ud)
{
	if (strcmp(r->path, "/v1/matters?limit=200") == 0) {
		th_reply(fd, 200, "application/json", "",
			 "{\"items\":[" M("310104-000201-001", "有限责任公司设立登记", "[\"entity\"]") ","
			 M("310104-000202-001", "个体工商户设立登记", "[\"person\"]") "],\"next_cursor\":\"c/2\"}");
	} else if (strcmp(r->path, "/v1/matters?limit=200&cursor=c%2F2") == 0) {
		th_reply(fd, 200, "application/json", "",
			 "{\"items\":[" M("310104-000112-001", "上海市居住证申领", "[\"person\"]") ","
			 M("310104-000401-001", "单位社会保险登记", "[\"entity\"]") ","
			 M("310104-000501-001", "不动产转移登记（存量房买卖）\\u001b[2J", "[\"person\",\"entity\"]")
			 "],\"next_cursor\":null}");
	} else if (strcmp(r->path, "/v1/bundles?limit=200") == 0) {
		th_reply(fd, 200, "application/json", "",
			 "{\"items\":[{\"id\":\"company-setup\",\"name\":\"企业开办一件事\",\"description\":\"d\","
			 "\"targets\":[\"entity\"],\"matters\":[{\"code\":\"310104-000201-001\",\"name\":\"有限责任公司设立登记\"},"
			 "{\"code\":\"310104-000401-001\",\"name\":\"单位社会保险登记\"}],"
			 "\"form_ids\":[\"company-setup\",\"employer-social-insurance\"],\"updated_at\":\"2026-11-02T01:30:00Z\"}],"
			 "\"next_cursor\":null}");
	} else if (strncmp(r->path, "/v1/matters/", 12) == 0) {
		usleep(100 * 1000);
		th_reply(fd, 200, "application/json", "", "{\"code\":\"310104-000112-001\",\"name\":\"上海市居住证申领\"}");
	} else if (strncmp(r->path, "/v1/forms/", 10) == 0) {
		th_reply(fd, 501, "application/problem+json", "",
			 "{\"type\":\"/problems/not-implemented\",\"title\":\"Not implemented\",\"status\":501}");
	} else {
		th_reply(fd, 404, "application/problem+json", "", "{\"type\":\"/problems/not-found\",\"status\":404}");
	}
}

static int loads, load_ok;

static void on_load(bool ok, void *ud)
{
	loads++;
	load_ok += ok;
	if (loads == 2)
		loop_quit(0);
}

static void on_timeout(void *ud)
{
	loop_quit(99);
}

static int setup(void **state)
{
	loop_init();
	int port = th_start(handler, NULL);
	if (port <= 0)
		return -1;
	char base[64];
	snprintf(base, sizeof base, "http://127.0.0.1:%d", port);
	ApiOptions o = {NULL, 5000, 2000};
	api_init(base, &o);
	loads = load_ok = 0;
	catalog_load(on_load, NULL);
	catalog_load(on_load, NULL); /* joins the first */
	unsigned t = loop_timer_add(5000, on_timeout, NULL);
	int rc = loop_run();
	loop_timer_cancel(t);
	return rc == 0 && load_ok == 2 ? 0 : -1;
}

static int teardown(void **state)
{
	catalog_clear();
	api_shutdown();
	th_stop();
	return 0;
}

/* The name of hit i. */
static const char *hit_name(const CatHit *h)
{
	size_t n;
	return h->is_bundle ? catalog_bundles(&n)[h->index].name : catalog_matters(&n)[h->index].name;
}

static void test_load_all_pages_once(void **state)
{
	size_t n;
	assert_int_equal(catalog_state(), CAT_READY);
	catalog_matters(&n);
	assert_int_equal(n, 5);
	catalog_bundles(&n);
	assert_int_equal(n, 1);
	assert_int_equal(th_count("/v1/matters?limit=200"), 1);
	assert_int_equal(th_count("/v1/matters?limit=200&cursor=c%2F2"), 1);
	assert_int_equal(th_count("/v1/bundles?limit=200"), 1);
	/* By either code; the text is clean. */
	const CatMatter *m = catalog_matter("11310104X310104-000112-001");
	assert_non_null(m);
	assert_string_equal(m->code, "310104-000112-001");
	assert_string_equal(m->department, "市场监管局");
	assert_true(m->for_person);
	assert_false(m->for_entity);
	assert_string_equal(catalog_matter("310104-000501-001")->name, "不动产转移登记（存量房买卖）");
	const CatBundle *b = catalog_bundle("company-setup");
	assert_int_equal(b->n, 2);
	assert_int_equal(b->n_forms, 2);
	assert_string_equal(b->form_ids[1], "employer-social-insurance");
	/* Loaded: a second load asks nothing and answers from the loop. */
	loads = 1;
	catalog_load(on_load, NULL);
	assert_int_equal(loads, 1);
	unsigned t = loop_timer_add(1000, on_timeout, NULL);
	assert_int_equal(loop_run(), 0);
	loop_timer_cancel(t);
	assert_int_equal(th_count("/v1/matters?limit=200"), 1);
}

static void test_search(void **state)
{
	CatHit h[16];
	/* Pinyin initials. */
	size_t n = catalog_search("gtgsh", 0, h, 16);
	assert_true(n >= 1);
	assert_string_equal(hit_name(&h[0]), "个体工商户设立登记");
	assert_int_equal(h[0].mstart, 0);
	assert_int_equal(h[0].mlen, strlen("个体工商户"));
	n = catalog_search("jzz", 0, h, 16);
	assert_int_equal(n, 1);
	assert_string_equal(hit_name(&h[0]), "上海市居住证申领");
	/* Full pinyin, mixed case and spaces. */
	n = catalog_search(" JuZhuZheng", 0, h, 16);
	assert_true(n >= 1);
	assert_string_equal(hit_name(&h[0]), "上海市居住证申领");
	/* A word of the name; codes. */
	n = catalog_search("居住证", 0, h, 16);
	assert_int_equal(n, 1);
	n = catalog_search("000202", 0, h, 16);
	assert_int_equal(n, 1);
	assert_string_equal(hit_name(&h[0]), "个体工商户设立登记");
	/* A bundle by its name, and by one of its matters' names. */
	n = catalog_search("企业开办", 1, h, 16);
	assert_int_equal(n, 1);
	assert_true(h[0].is_bundle);
	n = catalog_search("社会保险", 1, h, 16);
	assert_int_equal(n, 2);
	assert_false(h[0].is_bundle); /* the matter by name before the bundle by member */
	assert_true(h[1].is_bundle);
	/* The applicant's kind first. */
	n = catalog_search("设立", 0, h, 16);
	assert_int_equal(n, 3); /* the bundle too, by its member */
	assert_string_equal(hit_name(&h[0]), "个体工商户设立登记");
	assert_true(h[2].is_bundle);
	n = catalog_search("设立", 1, h, 16);
	assert_string_equal(hit_name(&h[0]), "有限责任公司设立登记");
	/* Nothing typed: bundles, then matters in code order. */
	n = catalog_search("", -1, h, 16);
	assert_int_equal(n, 6);
	assert_true(h[0].is_bundle);
	assert_string_equal(hit_name(&h[1]), "上海市居住证申领");
	/* No match; a cap. */
	assert_int_equal(catalog_search("zzzzqqq", 0, h, 16), 0);
	assert_int_equal(catalog_search("", -1, h, 3), 3);
}

static int docs;
static char doc_err[128];
static const char *doc_name;

static void on_doc(const cJSON *doc, const char *error, void *ud)
{
	docs++;
	doc_name = doc ? json_str(doc, "name", "") : NULL;
	snprintf(doc_err, sizeof doc_err, "%s", error ? error : "");
	if (ud)
		loop_quit(0);
}

static void test_docs_cached(void **state)
{
	docs = 0;
	catalog_guide("310104-000112-001", on_doc, NULL);
	catalog_guide("310104-000112-001", on_doc, (void *)1);
	unsigned t = loop_timer_add(5000, on_timeout, NULL);
	assert_int_equal(loop_run(), 0);
	loop_timer_cancel(t);
	assert_int_equal(docs, 2);
	assert_string_equal(doc_name, "上海市居住证申领");
	assert_int_equal(th_count("/v1/matters/310104-000112-001"), 1);
	/* Cached: no request, and never answered inline. */
	catalog_guide("310104-000112-001", on_doc, (void *)1);
	assert_int_equal(docs, 2);
	t = loop_timer_add(5000, on_timeout, NULL);
	assert_int_equal(loop_run(), 0);
	loop_timer_cancel(t);
	assert_int_equal(docs, 3);
	assert_int_equal(th_count("/v1/matters/310104-000112-001"), 1);
	/* A cancelled waiter is not called. */
	unsigned h = catalog_guide("310104-000112-001", on_doc, (void *)1);
	catalog_cancel(h);
	t = loop_timer_add(200, on_timeout, NULL);
	assert_int_equal(loop_run(), 99);
	loop_timer_cancel(t);
	assert_int_equal(docs, 3);
	/* A failure is not kept: the next ask tries again. */
	catalog_form("company-setup", on_doc, (void *)1);
	t = loop_timer_add(5000, on_timeout, NULL);
	assert_int_equal(loop_run(), 0);
	loop_timer_cancel(t);
	assert_null(doc_name);
	assert_string_equal(doc_err, "not available on this server yet");
	catalog_form("company-setup", on_doc, (void *)1);
	t = loop_timer_add(5000, on_timeout, NULL);
	assert_int_equal(loop_run(), 0);
	loop_timer_cancel(t);
	assert_int_equal(th_count("/v1/forms/company-setup"), 2);
}

int main(void)
{
	setenv("LC_ALL", "C.UTF-8", 1);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_load_all_pages_once, setup, teardown),
		cmocka_unit_test_setup_teardown(test_search, setup, teardown),
		cmocka_unit_test_setup_teardown(test_docs_cached, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
