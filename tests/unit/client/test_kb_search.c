/* test_kb_search: the local knowledge search: one- and two-character
 * queries, pinyin initials and full pinyin with polyphones, mixed queries,
 * synonyms, titles ranked above bodies, recency, phrases checked,
 * snippets and highlight spans, Latin words. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "tests/unit/client/kb_fixtures.h"

static const FxArticle arts[] = {
	{"kb-1", "居住证办理指南", "guide",
	 "# 办理条件\n\n在本市连续居住满半年的来沪人员可以申领。\n\n- 居民身份证原件\n- [居住登记](matter:310000-002)", NULL, 1, "2025-06-01T00:00:00Z"},
	{"kb-2", "银行卡挂失后社保卡如何补办", "faq", "社保卡具有金融功能，挂失银行卡后请到合作网点补办。", NULL, 1, "2025-05-01T00:00:00Z"},
	{"kb-3", "重庆户籍人员迁入上海的办理流程", "faq", "迁入需要准迁证明和户口簿。", NULL, 1, "2025-04-01T00:00:00Z"},
	{"kb-4", "社会保险登记", "guide", "单位应当自成立之日起三十日内办理登记。外省市人员可凭居住证办理。", NULL, 1, "2025-03-01T00:00:00Z"},
	{"kb-5", "住房公积金提取", "guide", "职工提取时需提供居民身份证。", NULL, 1, "2025-02-01T00:00:00Z"},
	{"kb-6", "社保证明开具", "faq", "可在自助终端开具社保缴费证明，也可网上办理。", NULL, 1, "2025-01-01T00:00:00Z"},
	{"kb-7", "营业执照遗失补领", "notice", "遗失后请在APP上登报声明。居住地址与暂住证号码一并填写。", NULL, 1, "2024-12-01T00:00:00Z"},
	{"kb-8", "出生医学证明", "guide", "新生儿出生后可同时办理医保参保。", NULL, 1, "2024-11-01T00:00:00Z"},
	{"kb-9", "城乡居民医疗保险参保", "guide", "每年九月至十二月为集中参保期。", NULL, 1, "2024-10-01T00:00:00Z"},
	{"kb-10", "新生儿落户", "faq", "落户时需要出生医学证明和父母户口簿。", NULL, 1, "2024-09-01T00:00:00Z"},
	{"kb-11", "婚姻登记预约", "guide", "预约后按时到场。", NULL, 1, "2026-03-01T00:00:00Z"},
	{"kb-12", "婚姻登记须知", "guide", "请双方本人到场。", NULL, 1, "2020-01-01T00:00:00Z"},
};

typedef struct Fx {
	Store *st;
	Kb *kb;
} Fx;

static int setup(void **state)
{
	if (fx_mkdir() != 0)
		return -1;
	Fx *f = calloc(1, sizeof *f);
	char *err = NULL;
	f->st = store_open_path(fx_path("kb.db"), NULL, &err);
	if (!f->st) {
		fprintf(stderr, "%s\n", err);
		return -1;
	}
	f->kb = kb_open(f->st, &err);
	long seq = 0;
	cJSON *p = fx_page(arts, (int)(sizeof arts / sizeof arts[0]), NULL, &seq, NULL);
	bool complete = false;
	bool ok = f->kb && kb_apply_page(f->kb, p, &complete, &err);
	cJSON_Delete(p);
	if (!ok || !complete) {
		fprintf(stderr, "apply: %s\n", err ? err : "?");
		return -1;
	}
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	Fx *f = *state;
	kb_close(f->kb);
	store_close(f->st);
	free(f);
	fx_rmdir();
	return 0;
}

/* Search and keep the results in r (freed by the caller). */
static void search(Fx *f, const char *q, KbResults *r)
{
	char *err = NULL;
	KbSearchOpts o = {.limit = 50};
	assert_true(kb_search(f->kb, q, &o, r, &err));
	assert_null(err);
}

static int pos_of(const KbResults *r, const char *id)
{
	for (int i = 0; i < r->n; i++)
		if (strcmp(r->hits[i].id, id) == 0)
			return i;
	return -1;
}

/* The highlighted bytes of a title, joined by '|'. */
static const char *title_marks(const KbHit *h)
{
	static char buf[256];
	buf[0] = '\0';
	for (int i = 0; i < h->ntitle_hl; i++) {
		size_t n = strlen(buf);
		snprintf(buf + n, sizeof buf - n, "%s%.*s", i ? "|" : "", (int)h->title_hl[i].len, h->title + h->title_hl[i].start);
	}
	return buf;
}

static void test_one_character(void **state)
{
	KbResults r;
	search(*state, "证", &r);
	/* 证 in titles: 1, 6, 8; only in bodies: 3 (准迁证明), 4, 5, 7, 10. */
	assert_true(r.n >= 8);
	int last_title = -1, first_body = r.n;
	for (int i = 0; i < r.n; i++) {
		if (r.hits[i].in_title)
			last_title = i;
		else if (i < first_body)
			first_body = i;
	}
	assert_true(last_title < first_body);
	assert_true(r.hits[pos_of(&r, "kb-1")].in_title);
	assert_false(r.hits[pos_of(&r, "kb-5")].in_title);
	assert_int_equal(pos_of(&r, "kb-9"), -1);
	assert_string_equal(title_marks(&r.hits[pos_of(&r, "kb-8")]), "证");
	kb_results_free(&r);
}

static void test_two_characters_and_synonym(void **state)
{
	KbResults r;
	search(*state, "社保", &r);
	/* 社保 in titles (2, 6) and 社会保险 (4) by the synonym, all above bodies. */
	assert_in_range(pos_of(&r, "kb-2"), 0, 2);
	assert_in_range(pos_of(&r, "kb-6"), 0, 2);
	assert_in_range(pos_of(&r, "kb-4"), 0, 2);
	assert_string_equal(title_marks(&r.hits[pos_of(&r, "kb-4")]), "社会保险");
	kb_results_free(&r);

	search(*state, "公积金", &r);
	assert_string_equal(fx_ids(&r), "kb-5");
	kb_results_free(&r);

	search(*state, "医保", &r);
	assert_int_equal(pos_of(&r, "kb-9"), 0); /* 医疗保险 in the title */
	assert_int_equal(pos_of(&r, "kb-8"), 1); /* 医保 in the body */
	kb_results_free(&r);
}

static void test_pinyin_initials_polyphones(void **state)
{
	KbResults r;
	search(*state, "yh", &r);
	assert_int_equal(pos_of(&r, "kb-2"), 0);
	/* 失 is also read yi, so 失后 is marked too. */
	assert_memory_equal(title_marks(&r.hits[0]), "银行|", strlen("银行|"));
	kb_results_free(&r);
	/* 行 is also read xing. */
	search(*state, "yx", &r);
	assert_true(pos_of(&r, "kb-2") >= 0);
	kb_results_free(&r);
	/* 重 is zhong and chong. */
	search(*state, "cq", &r);
	assert_int_equal(pos_of(&r, "kb-3"), 0); /* 提取 (chí) matches too, lower */
	kb_results_free(&r);
	search(*state, "zq", &r);
	assert_true(pos_of(&r, "kb-3") >= 0);
	kb_results_free(&r);
	search(*state, "jzz", &r);
	assert_string_equal(fx_ids(&r), "kb-1");
	assert_string_equal(title_marks(&r.hits[0]), "居住证");
	kb_results_free(&r);
}

static void test_full_pinyin(void **state)
{
	KbResults r;
	search(*state, "chongqing", &r);
	assert_string_equal(fx_ids(&r), "kb-3");
	assert_string_equal(title_marks(&r.hits[0]), "重庆");
	kb_results_free(&r);
	/* Typed as far as a key press got. */
	search(*state, "yinha", &r);
	assert_int_equal(pos_of(&r, "kb-2"), 0);
	kb_results_free(&r);
	search(*state, "gongjijin", &r);
	assert_string_equal(fx_ids(&r), "kb-5");
	kb_results_free(&r);
	search(*state, "zzzzqqq", &r);
	assert_int_equal(r.n, 0);
	kb_results_free(&r);
}

static void test_mixed_query_terms_and(void **state)
{
	KbResults r;
	search(*state, "社保 zm", &r);
	assert_string_equal(fx_ids(&r), "kb-6");
	assert_string_equal(title_marks(&r.hits[0]), "社保证明");
	kb_results_free(&r);
	search(*state, "社保zm", &r); /* as an IME leaves it */
	assert_string_equal(fx_ids(&r), "kb-6");
	kb_results_free(&r);
	search(*state, "出生 落户", &r); /* one in the title, one in the body */
	assert_string_equal(fx_ids(&r), "kb-10");
	kb_results_free(&r);
}

static void test_title_above_body_and_phrase_checked(void **state)
{
	KbResults r;
	search(*state, "居住证", &r);
	/* kb-1 by its title, kb-4 by its body; kb-7 has 居住 and 住证 but not the phrase. */
	assert_string_equal(fx_ids(&r), "kb-1 kb-4");
	assert_true(r.hits[0].in_title);
	assert_false(r.hits[1].in_title);
	assert_int_equal(r.total, 2);
	kb_results_free(&r);
}

static void test_recency_breaks_ties(void **state)
{
	KbResults r;
	search(*state, "婚姻登记", &r);
	assert_string_equal(fx_ids(&r), "kb-11 kb-12");
	assert_true(r.hits[0].score > r.hits[1].score);
	kb_results_free(&r);
}

static void test_snippet_spans(void **state)
{
	KbResults r;
	search(*state, "自助终端", &r);
	assert_int_equal(r.n, 1);
	KbHit *h = &r.hits[0];
	assert_int_equal(h->nsnippet_hl, 1);
	assert_memory_equal(h->snippet + h->snippet_hl[0].start, "自助终端", strlen("自助终端"));
	assert_int_equal(h->snippet_hl[0].len, strlen("自助终端"));
	assert_null(strchr(h->snippet, '\n'));
	assert_string_equal(h->kind, "faq");
	assert_int_equal(h->nmatters, 1);
	assert_string_equal(h->matters[0], "310000-001");
	kb_results_free(&r);
	/* Markup is not shown in snippets: list markers and link targets go. */
	search(*state, "居住登记", &r);
	assert_string_equal(fx_ids(&r), "kb-1");
	assert_null(strstr(r.hits[0].snippet, "matter:"));
	assert_null(strstr(r.hits[0].snippet, "- "));
	kb_results_free(&r);
}

static void test_latin_words(void **state)
{
	KbResults r;
	search(*state, "APP", &r);
	assert_string_equal(fx_ids(&r), "kb-7");
	assert_int_equal(r.hits[0].nsnippet_hl, 1);
	assert_memory_equal(r.hits[0].snippet + r.hits[0].snippet_hl[0].start, "APP", 3);
	kb_results_free(&r);
}

static void test_empty_and_odd_queries(void **state)
{
	KbResults r;
	search(*state, "", &r);
	assert_int_equal(r.n, 0);
	kb_results_free(&r);
	search(*state, "  ，。 ", &r);
	assert_int_equal(r.n, 0);
	kb_results_free(&r);
	search(*state, "\x1b[31m证", &r); /* an escape sequence is no term */
	assert_true(r.n > 0);
	kb_results_free(&r);
	search(*state, "鑫", &r); /* a character no article has */
	assert_int_equal(r.n, 0);
	assert_int_equal(r.total, 0);
	kb_results_free(&r);
}

static void test_limit_and_total(void **state)
{
	KbResults r;
	char *err = NULL;
	KbSearchOpts o = {.limit = 2};
	assert_true(kb_search(((Fx *)*state)->kb, "证", &o, &r, &err));
	assert_int_equal(r.n, 2);
	/* Three titles were enough: the bodies were not searched. */
	assert_true(r.total >= 3);
	assert_true(r.total_more);
	kb_results_free(&r);
}

static void test_find_in_text(void **state)
{
	KbSpan sp[8];
	const char *text = "重庆的银行和社会保险";
	int n = kb_find("cq 社保", text, sp, 8);
	assert_int_equal(n, 2);
	assert_int_equal(sp[0].start, 0);
	assert_int_equal(sp[0].len, strlen("重庆"));
	assert_memory_equal(text + sp[1].start, "社会保险", sp[1].len);
	assert_int_equal(kb_find("", text, sp, 8), 0);
	assert_int_equal(kb_find("yh", text, sp, 1), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_one_character, setup, teardown),
		cmocka_unit_test_setup_teardown(test_two_characters_and_synonym, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pinyin_initials_polyphones, setup, teardown),
		cmocka_unit_test_setup_teardown(test_full_pinyin, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mixed_query_terms_and, setup, teardown),
		cmocka_unit_test_setup_teardown(test_title_above_body_and_phrase_checked, setup, teardown),
		cmocka_unit_test_setup_teardown(test_recency_breaks_ties, setup, teardown),
		cmocka_unit_test_setup_teardown(test_snippet_spans, setup, teardown),
		cmocka_unit_test_setup_teardown(test_latin_words, setup, teardown),
		cmocka_unit_test_setup_teardown(test_empty_and_odd_queries, setup, teardown),
		cmocka_unit_test_setup_teardown(test_limit_and_total, setup, teardown),
		cmocka_unit_test(test_find_in_text),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
