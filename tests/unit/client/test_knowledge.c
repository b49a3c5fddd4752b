/* test_knowledge: the session's knowledge base against a tiny real HTTP
 * server: articles from the local index without a request, articles not
 * synced fetched once and kept, a missing one and a bad id said in words,
 * a cancelled request never answering, the server's search with matches
 * marked, and the status after a page of changes. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "client/api.h"
#include "client/app.h"
#include "client/knowledge.h"
#include "client/loop.h"
#include "common/xalloc.h"
#include "tests/unit/client/tinyhttp.h"

#define ARTICLE(id, title) \
	"{\"id\":\"" id "\",\"title\":\"" title "\",\"kind\":\"faq\",\"body\":\"# 条件\\n居住满半年。\"," \
	"\"keywords\":[],\"matters\":[\"310104-000112-001\"],\"related\":[],\"version\":1," \
	"\"updated_at\":\"2026-11-02T01:30:00Z\"}"

static void handler(int fd, const THReq *r, void *ud)
{
	if (strcmp(r->path, "/v1/kb/articles/srv-1") == 0)
		th_reply(fd, 200, "application/json", "", ARTICLE("srv-1", "居住证从服务器来"));
	else if (strncmp(r->path, "/v1/kb/search?", 14) == 0)
		th_reply(fd, 200, "application/json", "",
			 "{\"items\":[{\"id\":\"srv-1\",\"title\":\"上海市居住证申领\",\"kind\":\"guide\","
			 "\"snippet\":\"申领居住证须\\u001b[2J居住满半年\",\"matters\":[\"310104-000112-001\"],"
			 "\"score\":3.5,\"updated_at\":\"2026-11-02T01:30:00Z\"}],\"next_cursor\":\"c2\"}");
	else
		th_reply(fd, 404, "application/problem+json", "", "{\"type\":\"/problems/not-found\",\"status\":404,\"title\":\"Not found\"}");
}

static char datadir[64];

static int setup(void **state)
{
	loop_init();
	int port = th_start(handler, NULL);
	if (port <= 0)
		return -1;
	snprintf(datadir, sizeof datadir, "/tmp/yc-knowledge-XXXXXX");
	if (!mkdtemp(datadir))
		return -1;
	setenv("XDG_DATA_HOME", datadir, 1);
	char base[64];
	snprintf(base, sizeof base, "http://127.0.0.1:%d", port);
	ApiOptions o = {NULL, 5000, 2000};
	api_init(base, &o);
	app.server = xstrdup(base);
	app.me.username = xstrdup("clerk01");
	app.logged_in = true;
	return 0;
}

static int teardown(void **state)
{
	knowledge_close();
	api_shutdown();
	th_stop();
	char *cmd = xasprintf("rm -rf '%s'", datadir);
	int rc = system(cmd);
	free(cmd);
	return rc == 0 ? 0 : -1;
}

/* What a request answered. */
static struct {
	int calls;
	char *title;
	char *error;
	KbResults res;
} got;

static void got_article(KbArticle *a, const char *error, void *ud)
{
	got.calls++;
	free(got.title);
	free(got.error);
	got.title = a ? xstrdup(a->title) : NULL;
	got.error = error ? xstrdup(error) : NULL;
	kb_article_free(a);
	loop_quit(0);
}

static void on_timeout(void *ud)
{
	loop_quit(99);
}

/* Run the loop until a callback quits it (0) or ms pass (99). */
static int run(int ms)
{
	unsigned t = loop_timer_add(ms, on_timeout, NULL);
	int rc = loop_run();
	loop_timer_cancel(t);
	return rc;
}

static void test_local_article(void **state)
{
	Kb *kb = knowledge_kb();
	assert_non_null(kb);
	cJSON *page = cJSON_Parse("{\"items\":[{\"seq\":\"1\",\"op\":\"upsert\",\"id\":\"loc-1\",\"at\":\"2026-11-02T01:30:00Z\","
				  "\"article\":" ARTICLE("loc-1", "居住证本地文章") "}],\"next_cursor\":null,\"sync_token\":\"1\"}");
	bool complete = false;
	char *err = NULL;
	assert_true(kb_apply_page(kb, page, &complete, &err));
	cJSON_Delete(page);
	assert_true(complete);
	KnowledgeStatus st = knowledge_status();
	assert_true(st.open);
	assert_int_equal(st.count, 1);
	/* From the index: answered from the loop, never at once, no request. */
	got.calls = 0;
	knowledge_article("loc-1", got_article, NULL);
	assert_int_equal(got.calls, 0);
	assert_int_equal(run(2000), 0);
	assert_int_equal(got.calls, 1);
	assert_string_equal(got.title, "居住证本地文章");
	assert_int_equal(th_count("/v1/kb/articles/loc-1"), 0);
}

static void test_server_article_kept(void **state)
{
	assert_null(knowledge_article_now("srv-1"));
	got.calls = 0;
	knowledge_article("srv-1", got_article, NULL);
	assert_int_equal(run(3000), 0);
	assert_string_equal(got.title, "居住证从服务器来");
	assert_int_equal(th_count("/v1/kb/articles/srv-1"), 1);
	/* Kept for the session: no second request. */
	KbArticle *a = knowledge_article_now("srv-1");
	assert_non_null(a);
	kb_article_free(a);
	knowledge_article("srv-1", got_article, NULL);
	assert_int_equal(run(3000), 0);
	assert_int_equal(th_count("/v1/kb/articles/srv-1"), 1);
}

static void test_missing_and_bad_id(void **state)
{
	knowledge_article("gone-1", got_article, NULL);
	assert_int_equal(run(3000), 0);
	assert_null(got.title);
	assert_non_null(strstr(got.error, "gone-1"));
	assert_non_null(strstr(got.error, "does not exist"));
	/* An id the contract does not allow is never sent. */
	int before = th_count("/v1/kb/articles/../x");
	knowledge_article("../x", got_article, NULL);
	assert_int_equal(run(2000), 0);
	assert_non_null(strstr(got.error, "is not an article id"));
	assert_int_equal(th_count("/v1/kb/articles/../x"), before);
}

static void test_cancel(void **state)
{
	got.calls = 0;
	unsigned h = knowledge_article("srv-2", got_article, NULL);
	unsigned l = knowledge_article("loc-1", got_article, NULL);
	knowledge_cancel(h);
	knowledge_cancel(l);
	assert_int_equal(run(500), 99);
	assert_int_equal(got.calls, 0);
}

static void got_search(KbResults *r, const char *error, void *ud)
{
	kb_results_free(&got.res);
	if (r)
		got.res = *r;
	free(got.error);
	got.error = error ? xstrdup(error) : NULL;
	loop_quit(0);
}

static void test_server_search(void **state)
{
	knowledge_server_search("居住证", 30, got_search, NULL);
	assert_int_equal(run(3000), 0);
	assert_null(got.error);
	assert_int_equal(th_count("/v1/kb/search?q=%E5%B1%85%E4%BD%8F%E8%AF%81&limit=30"), 1);
	assert_int_equal(got.res.n, 1);
	assert_true(got.res.total_more);
	KbHit *h = &got.res.hits[0];
	assert_string_equal(h->id, "srv-1");
	/* The match is marked in the title and the snippet (cleaned first). */
	assert_int_equal(h->ntitle_hl, 1);
	assert_memory_equal(h->title + h->title_hl[0].start, "居住证", h->title_hl[0].len);
	assert_null(strchr(h->snippet, '\x1b'));
	assert_int_equal(h->nsnippet_hl, 1);
	assert_memory_equal(h->snippet + h->snippet_hl[0].start, "居住证", h->snippet_hl[0].len);
	assert_int_equal(h->nmatters, 1);
	assert_true(h->updated_at > 0);
	kb_results_free(&got.res);
}

int main(void)
{
	setlocale(LC_ALL, "C.UTF-8");
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_local_article),
		cmocka_unit_test(test_server_article_kept),
		cmocka_unit_test(test_missing_and_bad_id),
		cmocka_unit_test(test_cancel),
		cmocka_unit_test(test_server_search),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
