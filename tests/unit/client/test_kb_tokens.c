/* test_kb_tokens: what the knowledge index is made of: Han characters and
 * pairs, Latin words, pinyin initials of every reading and whole readings,
 * the body markup as plain text; how a query splits into terms, their
 * synonym spellings and their pinyin candidate groups; posting lists
 * encoded and read back. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client/kb_int.h"

/* Tokens joined by spaces. */
typedef struct Toks {
	char s[4096];
} Toks;

static void collect(const char *tok, size_t len, void *ud)
{
	Toks *t = ud;
	size_t n = strlen(t->s);
	snprintf(t->s + n, sizeof t->s - n, "%s%.*s", n ? " " : "", (int)len, tok);
}

/* Is tok among the space-separated tokens? */
static bool has(const Toks *t, const char *tok)
{
	size_t n = strlen(tok);
	for (const char *p = t->s; (p = strstr(p, tok)) != NULL; p++)
		if ((p == t->s || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
			return true;
	return false;
}

static void test_text_tokens(void **state)
{
	Toks t = {""};
	kb_tokens_text("居住证，APP下载12345", collect, &t);
	assert_string_equal(t.s, "居 住 居住 证 住证 #app 下 载 下载 #12345");
	memset(&t, 0, sizeof t);
	/* Full-width letters fold; punctuation breaks pairs. */
	kb_tokens_text("ＡＢ证。明", collect, &t);
	assert_string_equal(t.s, "#ab 证 明");
	memset(&t, 0, sizeof t);
	kb_tokens_text("", collect, &t);
	assert_string_equal(t.s, "");
}

static void test_pinyin_tokens_polyphones(void **state)
{
	Toks t = {""};
	kb_tokens_pinyin("重庆", collect, &t);
	/* 重 is zhong and chong: both initials and both readings. */
	assert_true(has(&t, "~cq"));
	assert_true(has(&t, "~zq"));
	assert_true(has(&t, "~c"));
	assert_true(has(&t, "^chong"));
	assert_true(has(&t, "^zhong"));
	assert_true(has(&t, "^qing"));
	memset(&t, 0, sizeof t);
	kb_tokens_pinyin("银行 卡", collect, &t);
	assert_true(has(&t, "~yh"));
	assert_true(has(&t, "~yx"));
	assert_true(has(&t, "~yhk")); /* the space is stepped over */
	assert_true(has(&t, "^hang"));
	assert_true(has(&t, "^xing"));
	memset(&t, 0, sizeof t);
	/* The title/keyword separator breaks, letters stand for themselves. */
	kb_tokens_pinyin("A证\x1f明", collect, &t);
	assert_true(has(&t, "~az"));
	assert_false(has(&t, "~zm"));
}

static void test_plain_markup(void **state)
{
	char *p = kb_plain("# 办理条件\n\n在本市居住满半年。\n- 居民身份证\n1. 先[预约](kb:kb-7)再到[窗口](matter:310000-001)\n[不是链接](http://x)");
	/* Numbered items keep their number (common/kbmarkup.c, shared with the server). */
	assert_string_equal(p, "办理条件\n在本市居住满半年。\n居民身份证\n1. 先预约再到窗口\n[不是链接](http://x)");
	free(p);
	p = kb_plain(NULL);
	assert_string_equal(p, "");
	free(p);
	assert_int_equal(kb_chars("居住a"), 3);
}

static void test_query_terms(void **state)
{
	KbQuery q;
	kb_query_parse("社保 zm", &q);
	assert_int_equal(q.nterm, 2);
	assert_int_equal(q.term[0].kind, KT_HAN);
	assert_int_equal(q.term[1].kind, KT_LETTERS);
	assert_string_equal(q.term[0].alt[0], "社保");
	assert_string_equal(q.term[0].alt[1], "社会保险");
	kb_query_parse("社保卡，ZM；重qing", &q);
	assert_int_equal(q.nterm, 3);
	assert_int_equal(q.term[1].kind, KT_LETTERS);
	assert_string_equal(q.term[1].text, "zm");
	assert_int_equal(q.term[2].kind, KT_MIXED);
	/* 社保卡: its own synonym group and the one of 社保 inside it. */
	bool baozhang = false, baoxian = false;
	for (int i = 0; i < q.term[0].nalt; i++) {
		baozhang = baozhang || strcmp(q.term[0].alt[i], "社会保障卡") == 0;
		baoxian = baoxian || strcmp(q.term[0].alt[i], "社会保险卡") == 0;
	}
	assert_true(baozhang && baoxian);
	kb_query_parse("  \t ", &q);
	assert_int_equal(q.nterm, 0);
	kb_query_parse("xi'an", &q);
	assert_int_equal(q.nterm, 1);
	assert_string_equal(q.term[0].text, "xian");
}

/* Is a group of exactly these tokens (in order) among the term's? */
static bool group(const KbTerm *t, const char *a, const char *b)
{
	for (int g = 0; g < t->ngroup; g++)
		if (t->grp[g].n == (b ? 2 : 1) && strcmp(t->grp[g].tok[0], a) == 0 && (!b || strcmp(t->grp[g].tok[1], b) == 0))
			return true;
	return false;
}

static void test_pinyin_groups(void **state)
{
	KbQuery q;
	kb_query_parse("jzz", &q);
	assert_int_equal(q.term[0].ngroup, 1);
	assert_true(group(&q.term[0], "~jzz", NULL));
	assert_true(q.term[0].py_exact);
	kb_query_parse("yinhang", &q);
	/* yin hang: the initials, and yin typed in full. */
	assert_true(group(&q.term[0], "~yh", "^yin"));
	assert_false(q.term[0].py_exact);
	kb_query_parse("chongq", &q);
	assert_true(group(&q.term[0], "~cq", "^chong"));
	kb_query_parse("zhq", &q); /* zh as an initial */
	assert_true(group(&q.term[0], "~zq", NULL));
}

static void test_term_in_text(void **state)
{
	KbQuery q;
	kb_query_parse("yh", &q);
	assert_true(kb_term_in_text(&q.term[0], "招商银行", strlen("招商银行")));
	assert_false(kb_term_in_text(&q.term[0], "招商\x1f银", strlen("招商\x1f银")));
	kb_query_parse("社保", &q);
	assert_true(kb_term_in_text(&q.term[0], "社会保险登记", strlen("社会保险登记")));
	assert_false(kb_term_in_text(&q.term[0], "社会登记", strlen("社会登记")));
}

static void test_list_encoding(void **state)
{
	uint32_t ord[] = {900000, 70000, 69999, 3, 1};
	uint8_t tf[] = {1, 7, 1, 255, 2};
	size_t n;
	uint8_t *p = kbl_encode(ord, tf, 5, true, &n);
	uint32_t ord2[] = {0 + 2};
	uint8_t tf2[] = {1};
	KbList l = {0};
	assert_true(kbl_decode_append(&l, p, n, true));
	assert_int_equal(l.n, 5);
	for (int i = 0; i < 5; i++) {
		assert_int_equal(l.ord[i], ord[i]);
		assert_int_equal(l.tf[i], tf[i]);
	}
	/* A segment whose ords are not below the ones before is refused. */
	size_t n2;
	uint8_t *p2 = kbl_encode(ord2, tf2, 1, true, &n2);
	assert_false(kbl_decode_append(&l, p2, n2, true));
	/* Truncated bytes are refused, not read past. */
	KbList t = {0};
	assert_false(kbl_decode_append(&t, p, n - 1, true));
	kbl_free(&t);
	kbl_free(&l);
	free(p);
	free(p2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_text_tokens),
		cmocka_unit_test(test_pinyin_tokens_polyphones),
		cmocka_unit_test(test_plain_markup),
		cmocka_unit_test(test_query_terms),
		cmocka_unit_test(test_pinyin_groups),
		cmocka_unit_test(test_term_in_text),
		cmocka_unit_test(test_list_encoding),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
