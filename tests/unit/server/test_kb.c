/* test_kb: knowledge-base generation (deterministic, every form help id there, links resolve), synthetic articles, change-log paging with deletions, purge floor, search by bigrams and pinyin initials. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/jsonx.h"
#include "common/xalloc.h"
#include "server/catalog.h"
#include "server/kb.h"
#include "server/kb_search.h"
#include "server/store.h"

#define NOW 1795000000 /* 2026-11-18 */

static char g_dir[256];
static char g_db[300];

static int setup(void **state)
{
	(void)state;
	const char *tmp = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
	snprintf(g_dir, sizeof g_dir, "%s/ycd-kb-XXXXXX", tmp);
	if (!mkdtemp(g_dir))
		return -1;
	snprintf(g_db, sizeof g_db, "%s/kb.db", g_dir);
	char err[256];
	if (store_global_open(g_db, err, sizeof err) != 0)
		return -1;
	struct store *st = store_thread();
	if (catalog_sync(st, catalog_files, catalog_files_len, NOW) < 0 || catalog_load(st) != 0)
		return -1;
	struct kb_options o = { .demo = true, .scale = 40, .quiet = true };
	return kb_start(st, &o, NOW);
}

static int teardown(void **state)
{
	(void)state;
	catalog_free();
	store_global_close();
	char p[400];
	const char *sfx[] = { "", "-wal", "-shm" };
	for (int i = 0; i < 3; i++) {
		snprintf(p, sizeof p, "%s%s", g_db, sfx[i]);
		unlink(p);
	}
	rmdir(g_dir);
	return 0;
}

/* Catalog guides and demo articles, sorted. */
static void generate(struct kb_set *s)
{
	memset(s, 0, sizeof *s);
	kb_gen_catalog(s);
	kb_gen_demo(s);
	kb_set_sort(s);
}

static size_t chars(const char *s)
{
	size_t c = 0;
	for (; *s; s++)
		c += ((unsigned char)*s & 0xC0) != 0x80;
	return c;
}

/* The same catalog gives the same articles, byte for byte. */
static void test_generation_is_deterministic(void **state)
{
	(void)state;
	struct kb_set a, b;
	generate(&a);
	generate(&b);
	assert_int_equal(a.n, b.n);
	for (size_t i = 0; i < a.n; i++) {
		char *ja = kb_article_json(&a.v[i], 1), *jb = kb_article_json(&b.v[i], 1);
		assert_string_equal(ja, jb);
		free(ja);
		free(jb);
	}
	kb_set_free(&a);
	kb_set_free(&b);
	struct kb_article x, y;
	kb_synth_article(12345, &x);
	kb_synth_article(12345, &y);
	char *jx = kb_article_json(&x, 1), *jy = kb_article_json(&y, 1);
	assert_string_equal(jx, jy);
	assert_string_equal(x.id, "syn-0012346");
	free(jx);
	free(jy);
	kb_article_free(&x);
	kb_article_free(&y);
}

/* At least 300 articles of valid kinds and ids, each with a title, a
 * body and a time; ids unique; all four kinds present. */
static void test_demo_counts_and_shapes(void **state)
{
	(void)state;
	struct kb_set s;
	generate(&s);
	assert_true(s.n >= 300);
	size_t kinds[4] = { 0 };
	for (size_t i = 0; i < s.n; i++) {
		const struct kb_article *a = &s.v[i];
		assert_true(kb_kind_valid(a->kind));
		kinds[kb_kind_rank(a->kind)]++;
		assert_true(strlen(a->id) >= 1 && strlen(a->id) <= 64);
		assert_int_equal(strspn(a->id, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-"), strlen(a->id));
		assert_true(chars(a->title) >= 4);
		assert_true(chars(a->body) >= 40);
		assert_true(a->updated_at > 1700000000);
		if (i)
			assert_true(strcmp(s.v[i - 1].id, a->id) < 0);
	}
	for (int k = 0; k < 4; k++)
		assert_true(kinds[k] > 0);
	/* one guide per matter of the catalog */
	for (size_t i = 0; i < catalog_matter_count(); i++) {
		char id[96];
		snprintf(id, sizeof id, "guide-%s", catalog_matter_at(i)->code);
		const struct kb_article *g = kb_set_find(&s, id);
		assert_non_null(g);
		assert_string_equal(g->kind, "guide");
		assert_true(kb_list_has(&g->matters, catalog_matter_at(i)->code));
	}
	kb_set_free(&s);
}

/* Collect the "help" ids of a JSON tree. */
static void helps(const cJSON *v, struct kb_list *out)
{
	const cJSON *e;
	if (cJSON_IsObject(v) && json_str(v, "help", NULL))
		kb_list_add(out, json_str(v, "help", NULL));
	if (cJSON_IsObject(v) || cJSON_IsArray(v))
		cJSON_ArrayForEach(e, v)
			helps(e, out);
}

/* Every help id a form of the embedded catalog names is an article. */
static void test_every_form_help_exists(void **state)
{
	(void)state;
	struct kb_set s;
	generate(&s);
	struct kb_list ids = { 0 };
	for (size_t i = 0; i < catalog_files_len; i++) {
		cJSON *doc = cJSON_ParseWithLength(catalog_files[i].text, catalog_files[i].len);
		helps(json_obj(doc, "form"), &ids);
		cJSON_Delete(doc);
	}
	assert_true(ids.n >= 20);
	for (size_t i = 0; i < ids.n; i++) {
		if (!kb_set_find(&s, ids.v[i]))
			fail_msg("form help %s is not an article", ids.v[i]);
	}
	kb_list_free(&ids);
	kb_set_free(&s);
}

static bool has_target(void *ctx, bool matter, const char *t)
{
	return matter ? catalog_matter(t, false) != NULL : kb_set_find(ctx, t) != NULL;
}

/* Links in bodies, related ids and matters all point somewhere. */
static void test_links_resolve(void **state)
{
	(void)state;
	struct kb_set s;
	generate(&s);
	size_t links = 0;
	for (size_t i = 0; i < s.n; i++) {
		const struct kb_article *a = &s.v[i];
		const char *bad = kb_links_check(a->body, has_target, &s);
		if (bad)
			fail_msg("%s links to %s", a->id, bad);
		links += strstr(a->body, "](") != NULL;
		for (size_t k = 0; k < a->related.n; k++)
			if (!kb_set_find(&s, a->related.v[k]))
				fail_msg("%s: related %s is not an article", a->id, a->related.v[k]);
		for (size_t k = 0; k < a->matters.n; k++)
			if (!catalog_matter(a->matters.v[k], false))
				fail_msg("%s: matter %s is not in the catalog", a->id, a->matters.v[k]);
	}
	assert_true(links > s.n / 2);
	/* a link that goes nowhere is caught */
	assert_string_equal(kb_links_check("见[别处](kb:no-such-article)。", has_target, &s), "kb:no-such-article");
	kb_set_free(&s);
}

/* The markup reads as plain text: markers gone, links as their text. */
static void test_plain_text(void **state)
{
	(void)state;
	char *p = kb_plain("# 申请材料\n- [居住证](matter:310104-000112-001)原件\n1. 受理：[指南](kb:guide-x)\n[不是链接](http:x)\n");
	assert_string_equal(p, "申请材料\n居住证原件\n1. 受理：指南\n[不是链接](http:x)");
	free(p);
}

/* Synthetic articles have titles of 8-20 and bodies of 300-800 characters. */
static void test_synthetic_sizes(void **state)
{
	(void)state;
	for (size_t i = 0; i < 2000; i++) {
		struct kb_article a;
		kb_synth_article(i, &a);
		size_t t = chars(a.title), b = chars(a.body);
		if (t < 8 || t > 20 || b < 300 || b > 800)
			fail_msg("%s: title %zu, body %zu characters", a.id, t, b);
		kb_article_free(&a);
	}
}

/* Page through the whole change log with a cursor. Returns the count;
 * *deletes gets the deletions, *token the last sync token. */
static int page_all(int64_t since, int limit, int *deletes, int64_t *token, struct kb_list *ids)
{
	struct store *st = store_thread();
	int64_t after = since, prev = since;
	int n = 0;
	*deletes = 0;
	for (;;) {
		size_t len;
		char *body = kb_changes_page(st, after, limit, &len);
		assert_non_null(body);
		cJSON *page = cJSON_Parse(body);
		free(body);
		const cJSON *it;
		assert_true(cJSON_GetArraySize(json_arr(page, "items")) <= limit);
		cJSON_ArrayForEach(it, json_arr(page, "items")) {
			int64_t seq = strtoll(json_str(it, "seq", "0"), NULL, 10);
			assert_true(seq > prev); /* strictly ascending, across pages too */
			prev = seq;
			const char *op = json_str(it, "op", "");
			const cJSON *art = cJSON_GetObjectItemCaseSensitive(it, "article");
			if (strcmp(op, "delete") == 0) {
				assert_true(cJSON_IsNull(art));
				(*deletes)++;
			} else {
				assert_string_equal(op, "upsert");
				assert_string_equal(json_str(art, "id", ""), json_str(it, "id", "?"));
			}
			if (ids)
				kb_list_add(ids, json_str(it, "id", ""));
			n++;
		}
		*token = strtoll(json_str(page, "sync_token", "-1"), NULL, 10);
		const char *next = json_str(page, "next_cursor", NULL);
		if (!next) {
			cJSON_Delete(page);
			return n;
		}
		assert_int_equal(next[0], 's');
		after = strtoll(next + 1, NULL, 10);
		assert_int_equal(after, *token);
		cJSON_Delete(page);
	}
}

/* From 0 the log holds every article once, the withdrawn demo notices as
 * deletions; a later sync shows only what changed. */
static void test_changes_paging_and_deletions(void **state)
{
	(void)state;
	struct store *st = store_thread();
	int live, dead;
	assert_int_equal(store_kb_count(st, &live, &dead), STORE_OK);
	assert_true(live >= 340); /* demo, guides and 40 synthetic */
	assert_int_equal(dead, 2);
	int deletes;
	int64_t token;
	struct kb_list ids = { 0 };
	assert_int_equal(page_all(0, 37, &deletes, &token, &ids), live + dead);
	assert_int_equal(deletes, 2);
	assert_int_equal((int)ids.n, live + dead); /* each article once */
	assert_true(kb_list_has(&ids, "notice-system-upgrade"));
	kb_list_free(&ids);
	int64_t last;
	assert_int_equal(store_kb_log(st, &last, NULL), STORE_OK);
	assert_int_equal(token, last);

	/* nothing changed: nothing after the token */
	assert_int_equal(page_all(token, 50, &deletes, &token, NULL), 0);

	/* fewer synthetic articles and one changed: 15 deletions, 1 upsert */
	struct kb_options o = { .scale = 25, .quiet = true };
	assert_int_equal(kb_start(st, &o, NOW + 60), 0);
	int64_t before = token;
	assert_int_equal(page_all(before, 4, &deletes, &token, NULL), 15);
	assert_int_equal(deletes, 15);
	struct kb_set one = { 0 };
	struct kb_article *a = kb_set_new(&one, "syn-0000003", "faq");
	a->title = xstrdup("居住证改了的标题测试");
	a->body = xstrdup("正文");
	a->updated_at = NOW;
	/* (not the synthetic origin's whole set: write it as its own origin) */
	struct kb_sync_stats stats;
	assert_int_equal(kb_sync_set(st, KB_ORIGIN_SYNTH, &one, NOW + 120, &stats), 0);
	assert_int_equal(stats.changed, 1);
	assert_int_equal(stats.deleted, 24);
	kb_set_free(&one);
	struct kb_row r;
	assert_int_equal(store_kb_get(st, "syn-0000003", &r), STORE_OK);
	assert_int_equal(r.version, 2);
	assert_false(r.deleted);
	store_kb_row_free(&r);
	assert_int_equal(store_kb_get(st, "syn-0000004", &r), STORE_OK);
	assert_true(r.deleted);
	assert_null(r.json);
}

/* Tombstones older than the cut are dropped and raise the floor; the
 * newest write is never dropped, so seqs keep rising. */
static void test_purge_raises_floor(void **state)
{
	(void)state;
	struct store *st = store_thread();
	struct kb_options o = { .scale = 10, .quiet = true };
	assert_int_equal(kb_start(st, &o, NOW), 0);      /* 30 tombstones at NOW */
	o.scale = 5;
	assert_int_equal(kb_start(st, &o, NOW + 10), 0); /* 5 more at NOW+10 */
	int64_t last, floor;
	assert_int_equal(store_kb_log(st, &last, &floor), STORE_OK);
	assert_int_equal(floor, 0);
	int purged = 0;
	assert_int_equal(store_kb_purge(st, NOW + 5, &purged), STORE_OK);
	assert_int_equal(purged, 32); /* the 30 and the two withdrawn notices */
	int64_t last2, floor2;
	assert_int_equal(store_kb_log(st, &last2, &floor2), STORE_OK);
	assert_true(floor2 > 0 && floor2 < last2);
	assert_int_equal(store_kb_purge(st, NOW + 11, &purged), STORE_OK);
	assert_int_equal(purged, 4); /* the newest write (a tombstone) stays */
	int64_t last3, floor3;
	assert_int_equal(store_kb_log(st, &last3, &floor3), STORE_OK);
	assert_int_equal(last3, last);
	assert_true(floor3 > floor2 && floor3 == last - 1);
	struct kb_row r;
	assert_int_equal(store_kb_get(st, "syn-0000006", &r), STORE_NOTFOUND);
	assert_int_equal(store_kb_get(st, "syn-0000010", &r), STORE_OK);
	assert_true(r.deleted);
}

/* The ids of a search page, in order. */
static int search(const char *q, const char *matter, int limit, const char *cursor, char ids[][72], int max,
		  char *next, size_t nextsz)
{
	struct kb_query kq;
	if (!kb_query_parse(q, &kq))
		return 0;
	if (matter)
		kb_matter_token(matter, kq.matter, sizeof kq.matter);
	int tier = 3;
	int64_t below = 0;
	if (cursor)
		assert_true(kb_cursor_parse(cursor, &tier, &below));
	size_t len;
	char *body = kb_search_page(store_thread(), &kq, tier, below, limit, &len);
	assert_non_null(body);
	cJSON *page = cJSON_Parse(body);
	free(body);
	int n = 0;
	const cJSON *it;
	double prev = 1e9;
	cJSON_ArrayForEach(it, json_arr(page, "items")) {
		double score = cJSON_GetObjectItemCaseSensitive(it, "score")->valuedouble;
		assert_true(score <= prev); /* best first */
		prev = score;
		assert_true(strlen(json_str(it, "snippet", "")) > 0);
		if (n < max)
			snprintf(ids[n], 72, "%s", json_str(it, "id", ""));
		n++;
	}
	if (next)
		snprintf(next, nextsz, "%s", json_str(page, "next_cursor", ""));
	cJSON_Delete(page);
	return n;
}

static bool in(char ids[][72], int n, const char *id)
{
	for (int i = 0; i < n; i++)
		if (strcmp(ids[i], id) == 0)
			return true;
	return false;
}

/* 居住证 and jzz find the residence permit guide near the top; the guide's
 * title outranks articles that only mention it in the body. */
static void test_search_finds_residence_permit(void **state)
{
	(void)state;
	char ids[20][72];
	int n = search("居住证", NULL, 20, NULL, ids, 20, NULL, 0);
	assert_int_equal(n, 20);
	assert_true(in(ids, n, "guide-310104-000112-001"));
	n = search("jzz", NULL, 20, NULL, ids, 20, NULL, 0);
	assert_true(n > 0);
	assert_true(in(ids, n, "guide-310104-000112-001"));
	n = search("JZZ", NULL, 20, NULL, ids, 20, NULL, 0); /* case does not matter */
	assert_true(in(ids, n, "guide-310104-000112-001"));
	/* one character, and words that are only in bodies */
	assert_int_equal(search("证", NULL, 10, NULL, ids, 20, NULL, 0), 10);
	n = search("签注", "310104-000112-002", 50, NULL, ids, 20, NULL, 0);
	assert_true(n > 0);
	assert_true(in(ids, n, "guide-310104-000112-002"));
	assert_false(in(ids, n, "guide-310104-000112-001"));
	/* a mixed query: 社保 in the title and zm (怎么) by initials */
	n = search("社保 zm", NULL, 20, NULL, ids, 20, NULL, 0);
	assert_true(in(ids, n, "faq-social-security-card-bank"));
	assert_int_equal(search("鑫鑫鑫", NULL, 20, NULL, ids, 20, NULL, 0), 0);
	assert_int_equal(search("？！", NULL, 20, NULL, ids, 20, NULL, 0), 0);
}

/* Paging with the cursor gives every hit once, in the same order as one
 * big page. */
static void test_search_paging(void **state)
{
	(void)state;
	static char all[200][72], part[200][72];
	int n = search("社会保险", NULL, 200, NULL, all, 200, NULL, 0);
	assert_true(n > 30);
	assert_true(n < 200);
	int got = 0;
	char cur[64] = "";
	for (int pages = 0; pages < 100; pages++) {
		char ids[7][72];
		int k = search("社会保险", NULL, 7, cur[0] ? cur : NULL, ids, 7, cur, sizeof cur);
		for (int i = 0; i < k; i++)
			memcpy(part[got++], ids[i], sizeof part[0]);
		if (!cur[0])
			break;
	}
	assert_int_equal(got, n);
	for (int i = 0; i < n; i++)
		assert_string_equal(part[i], all[i]);
}

/* A query's terms: Han runs and ASCII words; nothing searchable is false. */
static void test_query_parse(void **state)
{
	(void)state;
	struct kb_query q;
	assert_true(kb_query_parse("居住证 jzz", &q));
	assert_int_equal(q.nterm, 2);
	assert_string_equal(q.term[0].text, "居住证");
	assert_string_equal(q.term[1].text, "jzz");
	assert_true(kb_query_parse("社保zm", &q));
	assert_int_equal(q.nterm, 2);
	assert_false(kb_query_parse("  ，。！ ", &q));
	assert_false(kb_query_parse("", &q));
	int tier;
	int64_t below;
	assert_true(kb_cursor_parse("2.1234", &tier, &below));
	assert_int_equal(tier, 2);
	assert_int_equal(below, 1234);
	assert_false(kb_cursor_parse("4.1", &tier, &below));
	assert_false(kb_cursor_parse("2.", &tier, &below));
	assert_false(kb_cursor_parse("2.12x", &tier, &below));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_generation_is_deterministic, setup, teardown),
		cmocka_unit_test_setup_teardown(test_demo_counts_and_shapes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_every_form_help_exists, setup, teardown),
		cmocka_unit_test_setup_teardown(test_links_resolve, setup, teardown),
		cmocka_unit_test(test_plain_text),
		cmocka_unit_test(test_synthetic_sizes),
		cmocka_unit_test_setup_teardown(test_changes_paging_and_deletions, setup, teardown),
		cmocka_unit_test_setup_teardown(test_purge_raises_floor, setup, teardown),
		cmocka_unit_test_setup_teardown(test_search_finds_residence_permit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_search_paging, setup, teardown),
		cmocka_unit_test(test_query_parse),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
