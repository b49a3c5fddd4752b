/* test_kb_view: knowledge articles laid out as strings: body markup to
 * paragraphs (headings, lists, numbered items, links with their targets,
 * brackets that are text), links and matches kept across wrapped lines,
 * runs of roles in a line, finding with pinyin, the hit's right side. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "client/kb.h"
#include "common/text.h"
#include "common/xalloc.h"
#include "screens/format.h"
#include "screens/kb_view.h"
#include "screens/pager.h"

/* A line as text with its spans shown: <link> and [other]. */
static char *marked(const PLine *l)
{
	PSeg seg[32];
	int n = pline_segments(l, seg, 32);
	char *out = xstrdup("");
	for (int i = 0; i < n; i++) {
		const char *open = seg[i].link >= 0 ? "<" : seg[i].role != l->role ? "[" : "";
		const char *close = seg[i].link >= 0 ? ">" : seg[i].role != l->role ? "]" : "";
		char *next = xasprintf("%s%s%.*s%s", out, open, (int)seg[i].len, l->text + seg[i].start, close);
		free(out);
		out = next;
	}
	return out;
}

static void test_body_blocks(void **state)
{
	Paras p = {0};
	KbLinks links = {0};
	kbv_body(&p, "\n# 办理条件\n在本市居住满半年。\n\n\n## 材料\n- 身份证\n- 居住证明\n1. 提交申请\n12. 领取证件\n", &links);
	int i = 0;
	/* No blank line first; one blank before a heading; never two. */
	assert_int_equal(p.v[i].role, R_TITLE);
	assert_string_equal(p.v[i++].text, "办理条件");
	assert_string_equal(p.v[i++].text, "在本市居住满半年。");
	assert_string_equal(p.v[i++].text, "");
	assert_int_equal(p.v[i].role, R_STRONG);
	assert_string_equal(p.v[i++].text, "材料");
	/* List items: a bullet, indented, continuation lines under the text. */
	assert_int_equal(p.v[i].indent, 2);
	assert_int_equal(p.v[i].hang, 2);
	assert_string_equal(p.v[i++].text, "\u2022 身份证");
	assert_string_equal(p.v[i++].text, "\u2022 居住证明");
	assert_int_equal(p.v[i].hang, 3);
	assert_string_equal(p.v[i++].text, "1. 提交申请");
	assert_int_equal(p.v[i].hang, 4);
	assert_string_equal(p.v[i++].text, "12. 领取证件");
	/* No blank line last. */
	assert_int_equal((int)p.n, i);
	assert_int_equal(links.n, 0);
	paras_free(&p);
	kblinks_free(&links);
}

static void test_links(void **state)
{
	Paras p = {0};
	KbLinks links = {0};
	kbv_body(&p, "见[居住证办理指南](matter:310104-000101-001)和[常见问题](kb:faq-residence-permit-conditions)。"
		     "[注] 与 [x](http://e) 和 [y](kb:bad id) 是文字。", &links);
	assert_int_equal((int)p.n, 1);
	assert_string_equal(p.v[0].text, "见居住证办理指南和常见问题。[注] 与 [x](http://e) 和 [y](kb:bad id) 是文字。");
	assert_int_equal(links.n, 2);
	assert_true(links.v[0].matter);
	assert_string_equal(links.v[0].target, "310104-000101-001");
	assert_false(links.v[1].matter);
	assert_string_equal(links.v[1].target, "faq-residence-permit-conditions");
	/* The spans cover the link texts. */
	assert_int_equal(p.v[0].nspans, 2);
	assert_int_equal(p.v[0].spans[0].link, 0);
	assert_int_equal(p.v[0].spans[0].role, R_LINK);
	assert_memory_equal(p.v[0].text + p.v[0].spans[0].start, "居住证办理指南", p.v[0].spans[0].len);
	assert_memory_equal(p.v[0].text + p.v[0].spans[1].start, "常见问题", p.v[0].spans[1].len);
	assert_int_equal(links.v[1].para, 0);
	assert_int_equal(links.v[1].start, p.v[0].spans[1].start);
	paras_free(&p);
	kblinks_free(&links);
}

static void test_spans_across_lines(void **state)
{
	Paras p = {0};
	KbLinks links = {0};
	kbv_body(&p, "一二三[四五六七八](kb:a1)九十", &links);
	/* A match over part of the link: it shows over the link. */
	paras_span(&p, 0, 3 * 5, 3 * 2, R_MATCH, -1);
	PLine *l;
	int n = paras_wrap(&p, 10, &l);
	assert_int_equal(n, 2);
	char *a = marked(&l[0]), *b = marked(&l[1]);
	assert_string_equal(a, "一二三<四五>");
	assert_string_equal(b, "[六七]<八>九十");
	free(a);
	free(b);
	/* Where a link starts: its line. */
	assert_int_equal(kbv_line_of(l, n, 0, links.v[0].start), 0);
	assert_int_equal(kbv_line_of(l, n, 0, 3 * 8), 1);
	assert_int_equal(kbv_line_of(l, n, 1, 0), -1);
	plines_free(l, n);
	paras_free(&p);
	kblinks_free(&links);
}

static void test_segments(void **state)
{
	PSpan sp[] = {{2, 3, R_MATCH, -1}, {0, 1, R_LINK, 4}};
	PLine l = {.role = R_NORMAL, .text = "abcdefg", .spans = sp, .nspans = 2};
	PSeg seg[8];
	int n = pline_segments(&l, seg, 8);
	assert_int_equal(n, 4);
	assert_int_equal(seg[0].link, 4);
	assert_int_equal(seg[0].len, 1);
	assert_int_equal(seg[1].role, R_NORMAL);
	assert_int_equal(seg[1].len, 1);
	assert_int_equal(seg[2].role, R_MATCH);
	assert_int_equal(seg[2].start, 2);
	assert_int_equal(seg[2].len, 3);
	assert_int_equal(seg[3].start, 5);
	assert_int_equal(seg[3].len, 2);
	/* Room for fewer: the last run takes the rest. */
	n = pline_segments(&l, seg, 2);
	assert_int_equal(n, 2);
	assert_int_equal(seg[1].start + seg[1].len, 7);
}

static void test_article_and_find(void **state)
{
	KbArticle a = {
		.id = "faq-1", .title = "居住证办理条件", .kind = "faq",
		.body = "# 条件\n申领居住证需要连续居住半年。\n- 见[办事指南](matter:M1)",
		.updated_at = 1795000000,
	};
	char *rel[] = {"faq-2"}, *mat[] = {"M1"};
	a.related = rel;
	a.nrelated = 1;
	a.matters = mat;
	a.nmatters = 1;
	Paras p = {0};
	KbLinks links = {0};
	kbv_article(&p, &a, &links, NULL, NULL);
	assert_string_equal(p.v[0].text, "居住证办理条件");
	assert_non_null(strstr(p.v[1].text, "faq-1"));
	/* Body link, then the related article and the matter as links. */
	assert_int_equal(links.n, 3);
	assert_string_equal(links.v[1].target, "faq-2");
	assert_false(links.v[1].matter);
	assert_string_equal(links.v[2].target, "M1");
	assert_true(links.v[2].matter);
	KbMatch m[16];
	int n = kbv_find(&p, "居住证", m, 16);
	assert_int_equal(n, 2);
	assert_int_equal(m[0].para, 0);
	assert_int_equal(m[0].start, 0);
	assert_memory_equal(p.v[m[1].para].text + m[1].start, "居住证", m[1].len);
	/* Pinyin initials find the same words. */
	assert_int_equal(kbv_find(&p, "jzz", m, 16), 2);
	assert_int_equal(kbv_find(&p, "", m, 16), 0);
	paras_free(&p);
	kblinks_free(&links);
}

static void test_hit_right(void **state)
{
	KbHit h = {.kind = "guide", .updated_at = 1795000000};
	char out[64];
	kbv_hit_right(&h, 40, out, sizeof out);
	assert_non_null(strstr(out, "Service guide"));
	assert_non_null(strstr(out, "2026-"));
	/* Narrow: the date alone, then nothing. */
	kbv_hit_right(&h, 12, out, sizeof out);
	assert_int_equal(strlen(out), 10);
	kbv_hit_right(&h, 6, out, sizeof out);
	assert_string_equal(out, "");
	assert_string_equal(kbv_kind_label("policy"), "Policy document");
	assert_string_equal(kbv_kind_label("other"), "other");
}

/* Chinese with digits and spaces fills its lines: a break may come next
 * to any Chinese character, never before closing punctuation. */
static void test_wrap_mixed(void **state)
{
	size_t st[8], ln[8];
	const char *s = "参加本市职工社会保险满 6 个月，或者有合法稳定住所";
	int n = fmt_wrap(s, 24, st, ln, 8);
	assert_int_equal(n, 2);
	char a[128], b[128];
	snprintf(a, sizeof a, "%.*s", (int)ln[0], s + st[0]);
	snprintf(b, sizeof b, "%.*s", (int)ln[1], s + st[1]);
	assert_string_equal(a, "参加本市职工社会保险满 6");
	assert_string_equal(b, "个月，或者有合法稳定住所");
	/* The comma never starts a line: the character before it goes along. */
	const char *t = "一二三四五，六七";
	n = fmt_wrap(t, 10, st, ln, 8);
	snprintf(a, sizeof a, "%.*s", (int)ln[0], t + st[0]);
	assert_string_equal(a, "一二三四");
	snprintf(b, sizeof b, "%.*s", (int)ln[1], t + st[1]);
	assert_string_equal(b, "五，六七");
}

int main(void)
{
	setlocale(LC_ALL, "C.UTF-8");
	setenv("TZ", "UTC", 1);
	glyph_set_ascii(false);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_body_blocks),
		cmocka_unit_test(test_links),
		cmocka_unit_test(test_spans_across_lines),
		cmocka_unit_test(test_segments),
		cmocka_unit_test(test_article_and_find),
		cmocka_unit_test(test_hit_right),
		cmocka_unit_test(test_wrap_mixed),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
