/* test_kb_sync: change pages applied to the local index: deletions and new
 * versions, a sync broken after a page resumed (and its half-built index
 * rebuilt), a malformed page changing nothing, and the sync driven by the
 * loop against a real HTTP server: paging, deltas, 410 (everything again,
 * what the server dropped goes), and no server at all. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "tests/unit/client/kb_fixtures.h"
#include "tests/unit/client/tinyhttp.h"
#include "client/api.h"
#include "client/loop.h"

#include <fcntl.h>
#include <sys/file.h>

static const FxArticle first[] = {
	{"kb-a", "居住证办理指南", "guide", "来沪人员办理居住证的条件和材料。", NULL, 1, "2025-01-01T00:00:00Z"},
	{"kb-b", "社保卡补办", "faq", "社保卡遗失后可到银行网点补办。", "社会保障卡", 1, "2025-01-02T00:00:00Z"},
	{"kb-c", "营业执照变更", "guide", "企业名称变更应在三十日内办理。", NULL, 1, "2025-01-03T00:00:00Z"},
};
static const FxArticle second[] = {
	{"kb-d", "公积金提取", "guide", "住房公积金提取需提供身份证。", NULL, 1, "2025-02-01T00:00:00Z"},
	{"kb-e", "出生医学证明", "guide", "新生儿出生后办理。", NULL, 1, "2025-02-02T00:00:00Z"},
};

typedef struct Fx {
	Store *st;
	Kb *kb;
} Fx;

static Fx fx;

static void open_fx(void)
{
	char *err = NULL;
	fx.st = store_open_path(fx_path("kb.db"), NULL, &err);
	assert_non_null(fx.st);
	fx.kb = kb_open(fx.st, &err);
	assert_non_null(fx.kb);
}

static void close_fx(void)
{
	kb_close(fx.kb);
	store_close(fx.st);
	fx.kb = NULL;
	fx.st = NULL;
}

static int setup(void **state)
{
	if (fx_mkdir() != 0)
		return -1;
	open_fx();
	return 0;
}

static int teardown(void **state)
{
	close_fx();
	fx_rmdir();
	return 0;
}

static bool apply(cJSON *page, bool *complete, char **err)
{
	bool ok = kb_apply_page(fx.kb, page, complete, err);
	cJSON_Delete(page);
	return ok;
}

/* Ids found for q, space separated. */
static const char *found(const char *q)
{
	KbResults r;
	char *err = NULL;
	assert_true(kb_search(fx.kb, q, NULL, &r, &err));
	const char *ids = fx_ids(&r);
	kb_results_free(&r);
	return ids;
}

static void test_deletions_and_new_versions(void **state)
{
	long seq = 0;
	bool done = false;
	assert_true(apply(fx_page(first, 3, NULL, &seq, NULL), &done, NULL));
	assert_true(done);
	assert_int_equal(kb_count(fx.kb), 3);
	assert_string_equal(found("社保卡"), "kb-b");
	assert_string_equal(found("社会保障卡"), "kb-b"); /* a keyword */
	FxArticle v2 = {"kb-b", "银行卡挂失", "faq", "请致电银行。", NULL, 2, "2025-03-01T00:00:00Z"};
	static const char *const gone[] = {"kb-c", NULL};
	assert_true(apply(fx_page(&v2, 1, gone, &seq, NULL), &done, NULL));
	assert_int_equal(kb_count(fx.kb), 2);
	assert_string_equal(found("社保卡"), "");
	assert_string_equal(found("挂失"), "kb-b");
	assert_string_equal(found("营业执照"), "");
	assert_null(kb_article(fx.kb, "kb-c"));
	KbArticle *a = kb_article(fx.kb, "kb-b");
	assert_non_null(a);
	assert_int_equal(a->version, 2);
	assert_string_equal(a->title, "银行卡挂失");
	kb_article_free(a);
	char *since = kb_sync_since(fx.kb);
	assert_string_equal(since, "5");
	free(since);
	/* The same version again changes nothing; a deletion of something
	 * unknown is fine. */
	static const char *const unknown[] = {"kb-zz", NULL};
	assert_true(apply(fx_page(&v2, 1, unknown, &seq, NULL), &done, NULL));
	assert_int_equal(kb_count(fx.kb), 2);
	assert_string_equal(found("挂失"), "kb-b");
	/* Merged into one piece, the dead postings are gone and hits stay. */
	char *err = NULL;
	assert_true(kb_optimize(fx.kb, &err));
	assert_string_equal(found("挂失"), "kb-b");
	assert_string_equal(found("居住证"), "kb-a");
}

static void test_broken_sync_resumes(void **state)
{
	long seq = 0;
	bool done = true;
	/* A first page, more to come: kept, but its index still in memory. */
	assert_true(apply(fx_page(first, 3, NULL, &seq, "c1"), &done, NULL));
	assert_false(done);
	char *since = kb_sync_since(fx.kb);
	assert_string_equal(since, "3");
	free(since);
	/* The program dies here: nothing of the memory survives. */
	close_fx();
	open_fx();
	assert_int_equal(kb_count(fx.kb), 3);
	assert_true(apply(fx_page(second, 2, NULL, &seq, NULL), &done, NULL));
	assert_true(done);
	assert_string_equal(found("居住证"), "kb-a"); /* from before the crash */
	assert_string_equal(found("公积金"), "kb-d");
	assert_string_equal(found("jzz"), "kb-a");
	since = kb_sync_since(fx.kb);
	assert_string_equal(since, "5");
	free(since);
}

static void test_malformed_page_changes_nothing(void **state)
{
	long seq = 0;
	bool done;
	assert_true(apply(fx_page(first, 1, NULL, &seq, NULL), &done, NULL));
	cJSON *p = fx_page(second, 2, NULL, &seq, NULL);
	cJSON *bad = cJSON_GetArrayItem(cJSON_GetObjectItem(p, "items"), 1);
	cJSON_ReplaceItemInObject(bad, "op", cJSON_CreateString("frobnicate"));
	char *err = NULL;
	assert_false(apply(p, &done, &err));
	assert_non_null(strstr(err, "malformed"));
	free(err);
	assert_int_equal(kb_count(fx.kb), 1);
	assert_string_equal(found("公积金"), "");
	char *since = kb_sync_since(fx.kb);
	assert_string_equal(since, "1");
	free(since);
	/* An article with a bad id, or no sync_token, is refused too. */
	FxArticle evil = {"../x", "标题", "faq", "正文", NULL, 1, NULL};
	err = NULL;
	assert_false(apply(fx_page(&evil, 1, NULL, &seq, NULL), &done, &err));
	free(err);
	p = fx_page(second, 1, NULL, &seq, NULL);
	cJSON_DeleteItemFromObject(p, "sync_token");
	err = NULL;
	assert_false(apply(p, &done, &err));
	free(err);
	assert_int_equal(kb_count(fx.kb), 1);
}

static void test_untrusted_text_is_cleaned(void **state)
{
	long seq = 0;
	bool done;
	FxArticle a = {"kb-x", "居住证\x1b]0;pwned\x07办理", "faq", "正文\x1b[2J第二段", NULL, 1, NULL};
	assert_true(apply(fx_page(&a, 1, NULL, &seq, NULL), &done, NULL));
	KbArticle *art = kb_article(fx.kb, "kb-x");
	assert_string_equal(art->title, "居住证办理");
	assert_null(strchr(art->body, '\x1b'));
	kb_article_free(art);
	assert_string_equal(found("居住证办理"), "kb-x");
}

/* A number about the segments (each complete page writes one). */
static int seg_query(const char *sql)
{
	sqlite3_stmt *q;
	int n = -1;
	if (sqlite3_prepare_v2(store_db(fx.st), sql, -1, &q, NULL) == SQLITE_OK && sqlite3_step(q) == SQLITE_ROW)
		n = sqlite3_column_int(q, 0);
	sqlite3_finalize(q);
	return n;
}

static void test_small_syncs_merge(void **state)
{
	long seq = 0;
	bool done;
	char ids[20][16], titles[20][64];
	for (int i = 0; i < 20; i++) {
		snprintf(ids[i], sizeof ids[i], "kb-m%d", i);
		snprintf(titles[i], sizeof titles[i], "第%d号公告：居住证%s", i, i % 2 ? "签注" : "申领");
		FxArticle a = {ids[i], titles[i], "notice", "正文。", NULL, 1, NULL};
		/* every third also replaces an earlier one: dead postings to drop */
		FxArticle b = {ids[i / 2], "居住证旧公告撤回", "notice", "已撤回。", NULL, 2 + i, NULL};
		FxArticle both[2] = {a, b};
		assert_true(apply(fx_page(both, i % 3 == 2 ? 2 : 1, NULL, &seq, NULL), &done, NULL));
		assert_true(done);
		/* eight segments of a level merge into one of the next */
		assert_in_range(seg_query("SELECT max(c) FROM (SELECT count(*) c FROM kb_seg GROUP BY level)"), 1, 7);
	}
	assert_int_equal(seg_query("SELECT max(level) FROM kb_seg"), 1); /* merged once */
	KbResults r;
	KbSearchOpts o = {.limit = 50};
	assert_true(kb_search(fx.kb, "居住证", &o, &r, NULL));
	assert_int_equal(r.n, kb_count(fx.kb));
	kb_results_free(&r);
	assert_true(kb_search(fx.kb, "撤回", &o, &r, NULL));
	int withdrawn = r.n;
	kb_results_free(&r);
	assert_true(withdrawn > 0);
	char *err = NULL;
	assert_true(kb_optimize(fx.kb, &err));
	assert_int_equal(seg_query("SELECT count(*) FROM kb_seg"), 1);
	assert_true(kb_search(fx.kb, "撤回", &o, &r, NULL));
	assert_int_equal(r.n, withdrawn);
	kb_results_free(&r);
	assert_true(kb_search(fx.kb, "jzz", &o, &r, NULL));
	assert_int_equal(r.n, kb_count(fx.kb));
	kb_results_free(&r);
}

/* ------------------------------------------------- sync through the loop */

typedef struct Served {
	int mode;     /* 0 pages, 1 a delta, 2 expired then a shorter set */
	int pages;    /* pages answered */
	char last[512];
} Served;

static void handler(int fd, const THReq *r, void *ud)
{
	Served *s = ud;
	long seq = 0;
	cJSON *p = NULL;
	bool from0 = strstr(r->path, "since=0&") != NULL;
	if (strncmp(r->path, "/v1/kb/changes?", 15) != 0) {
		th_reply(fd, 404, "application/problem+json", "", "{\"type\":\"/problems/not-found\",\"title\":\"Not found\",\"status\":404}");
		return;
	}
	s->pages++;
	snprintf(s->last, sizeof s->last, "%s", r->path);
	if (s->mode == 2 && !from0) {
		th_reply(fd, 410, "application/problem+json", "",
			 "{\"type\":\"/problems/sync-expired\",\"title\":\"Sync expired\",\"status\":410}");
		return;
	}
	if (s->mode == 2) {
		seq = 20;
		p = fx_page(second, 2, NULL, &seq, NULL);
	} else if (s->mode == 1) {
		seq = 5;
		static const char *const gone[] = {"kb-a", NULL};
		p = fx_page(NULL, 0, gone, &seq, NULL);
	} else if (!strstr(r->path, "cursor=")) {
		p = fx_page(first, 3, NULL, &seq, "c+1"); /* a cursor to escape */
	} else if (!strstr(r->path, "cursor=c%2B1")) {
		th_reply(fd, 422, "application/problem+json", "", "{\"type\":\"/problems/bad-cursor\",\"title\":\"Bad cursor\",\"status\":422}");
		return;
	} else {
		seq = 3;
		p = fx_page(second, 2, NULL, &seq, NULL);
	}
	char *body = cJSON_PrintUnformatted(p);
	th_reply(fd, 200, "application/json", "", body);
	free(body);
	cJSON_Delete(p);
}

typedef struct Progress {
	int reports;
	bool done, ok, offline;
	long ups, dels;
	char error[512];
} Progress;

static void on_sync(const KbSyncProgress *p, void *ud)
{
	Progress *g = ud;
	g->reports++;
	if (!p->done)
		return;
	g->done = true;
	g->ok = p->ok;
	g->offline = p->offline;
	g->ups = p->upserts;
	g->dels = p->deletes;
	snprintf(g->error, sizeof g->error, "%s", p->error ? p->error : "");
	loop_quit(0);
}

static void run_sync(Progress *g)
{
	memset(g, 0, sizeof *g);
	assert_true(kb_sync_start(fx.kb, on_sync, g));
	assert_false(kb_sync_start(fx.kb, on_sync, g)); /* one at a time */
	assert_true(kb_sync_running(fx.kb));
	while (!g->done)
		loop_run();
	assert_false(kb_sync_running(fx.kb));
}

static void test_sync_through_the_loop(void **state)
{
	Served s = {0};
	loop_init();
	int port = th_start(handler, &s);
	char base[64];
	snprintf(base, sizeof base, "http://127.0.0.1:%d", port);
	ApiOptions o = {.timeout_ms = 5000, .connect_timeout_ms = 2000};
	api_init(base, &o);
	api_set_tokens("access", "refresh");

	Progress g;
	run_sync(&g);
	assert_true(g.ok);
	assert_int_equal(g.ups, 5);
	assert_int_equal(s.pages, 2);
	assert_int_equal(kb_count(fx.kb), 5);
	assert_string_equal(found("公积金"), "kb-d");
	assert_string_equal(found("居住证"), "kb-a");
	assert_true(kb_last_sync(fx.kb) > 0);
	char *since = kb_sync_since(fx.kb);
	assert_string_equal(since, "5");
	free(since);

	s.mode = 1; /* a delta: one deletion */
	run_sync(&g);
	assert_true(g.ok);
	assert_int_equal(g.dels, 1);
	assert_int_equal(kb_count(fx.kb), 4);
	assert_string_equal(found("居住证"), "");
	assert_non_null(strstr(s.last, "since=5&"));

	s.mode = 2; /* expired: everything again; the server now has d and e only */
	run_sync(&g);
	assert_true(g.ok);
	assert_int_equal(kb_count(fx.kb), 2);
	assert_string_equal(found("社保卡"), "");
	assert_string_equal(found("公积金"), "kb-d");
	assert_string_equal(found("出生"), "kb-e");

	api_shutdown();
	th_stop();

	/* No server: done, not ok, offline, the index as it was. */
	api_init(base, &o);
	run_sync(&g);
	assert_false(g.ok);
	assert_true(g.offline);
	assert_non_null(strstr(g.error, "could not be reached"));
	assert_int_equal(kb_count(fx.kb), 2);
	api_shutdown();
}

static void test_one_sync_per_store(void **state)
{
	/* Another program syncing the same store holds the lock. */
	char path[256];
	snprintf(path, sizeof path, "%s-kbsync", store_path(fx.st));
	int fd = open(path, O_RDWR | O_CREAT, 0600);
	assert_true(fd >= 0);
	assert_int_equal(flock(fd, LOCK_EX), 0);
	loop_init();
	Progress g;
	run_sync(&g);
	assert_false(g.ok);
	assert_false(g.offline);
	assert_non_null(strstr(g.error, "Another yichuang is updating"));
	close(fd);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_deletions_and_new_versions, setup, teardown),
		cmocka_unit_test_setup_teardown(test_broken_sync_resumes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_malformed_page_changes_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_untrusted_text_is_cleaned, setup, teardown),
		cmocka_unit_test_setup_teardown(test_small_syncs_merge, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sync_through_the_loop, setup, teardown),
		cmocka_unit_test_setup_teardown(test_one_sync_per_store, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
