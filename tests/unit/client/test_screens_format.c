/* test_screens_format: layout as strings: fitting CJK by columns, the
 * function-key bar, queue rows, wrapping and label/value pairs. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/text.h"
#include "screens/format.h"

static int setup(void **state)
{
	if (!setlocale(LC_ALL, "C.UTF-8"))
		setlocale(LC_ALL, "zh_CN.UTF-8");
	glyph_set_ascii(false);
	return 0;
}

/* Cutting never splits a wide character and marks the cut. */
static void test_fit_cjk_never_splits(void **state)
{
	char out[128];
	int used = fmt_fit(out, sizeof out, "徐汇区行政服务中心", 7, false, true);
	assert_string_equal(out, "徐汇区…");
	assert_int_equal(used, 7);
	assert_int_equal(text_width(out), 7);
	/* An odd column count: the half column stays empty, padded. */
	used = fmt_fit(out, sizeof out, "徐汇区行政服务中心", 6, true, true);
	assert_string_equal(out, "徐汇… ");
	assert_int_equal(text_width(out), 6);
	/* Without ellipsis: the longest prefix that fits. */
	used = fmt_fit(out, sizeof out, "徐汇区", 5, false, false);
	assert_string_equal(out, "徐汇");
	assert_int_equal(used, 4);
}

static void test_fit_pads_and_keeps_short_text(void **state)
{
	char out[64];
	assert_int_equal(fmt_fit(out, sizeof out, "A007", 6, true, true), 6);
	assert_string_equal(out, "A007  ");
	assert_int_equal(fmt_fit(out, sizeof out, "A007", 4, false, true), 4);
	assert_string_equal(out, "A007");
	assert_int_equal(fmt_fit(out, sizeof out, "A007", 0, true, true), 0);
	assert_string_equal(out, "");
	assert_int_equal(fmt_fit_right(out, sizeof out, "综合", 6), 6);
	assert_string_equal(out, "  综合");
}

static void test_ascii_glyphs(void **state)
{
	char out[64];
	glyph_set_ascii(true);
	fmt_fit(out, sizeof out, "abcdefgh", 5, false, true);
	assert_string_equal(out, "abcd~");
	assert_string_equal(glyph(G_PRIORITY), "P");
	glyph_set_ascii(false);
	assert_string_equal(glyph(G_PRIORITY), "★");
}

static FkeyItem item(const char *key, const char *label, bool keep)
{
	FkeyItem it;
	memset(&it, 0, sizeof it);
	snprintf(it.key, sizeof it.key, "%s", key);
	it.label = label;
	it.enabled = true;
	it.keep = keep;
	return it;
}

/* The example bar of the brief, in Chinese, fits 80 columns with gaps of 2. */
static void test_fkeybar_chinese_fits_80(void **state)
{
	FkeyItem it[] = {
		item("F6", "叫号", false), item("F7", "重呼", false), item("s", "过号", false),
		item("h", "挂起", false), item("t", "转移", false), item("f", "办结", false),
		item("F1", "帮助", true), item("q", "退出", false),
	};
	FkeySpan sp[8];
	char line[256];
	int n = fkeys_layout(it, 8, 80, sp, line, sizeof line);
	assert_int_equal(n, 8);
	assert_string_equal(line, "F6 叫号  F7 重呼  s 过号  h 挂起  t 转移  f 办结  F1 帮助  q 退出");
	assert_true(text_width(line) <= 80);
	/* Spans point at display columns, not bytes. */
	assert_int_equal(sp[1].x, 9);
	assert_int_equal(sp[1].label_x, 12);
	assert_int_equal(sp[1].label_w, 4);
}

/* Too narrow: gaps shrink, then the last items go, but help stays. */
static void test_fkeybar_narrow_keeps_help(void **state)
{
	FkeyItem it[] = {
		item("F6", "Call", false), item("F7", "Recall", false), item("s", "Skip", false),
		item("F1", "Help", true), item("q", "Quit", false),
	};
	FkeySpan sp[5];
	char line[256];
	int n = fkeys_layout(it, 5, 39, sp, line, sizeof line);
	assert_int_equal(n, 5);
	assert_string_equal(line, "F6 Call F7 Recall s Skip F1 Help q Quit");
	n = fkeys_layout(it, 5, 25, sp, line, sizeof line);
	assert_string_equal(line, "F6 Call F7 Recall F1 Help");
	assert_int_equal(n, 3);
	assert_int_equal(sp[2].item, 3);
	n = fkeys_layout(it, 5, 8, sp, line, sizeof line);
	assert_int_equal(n, 1);
	assert_string_equal(line, "F1 Help");
	/* Tiny: the one item left is cut, never split. */
	FkeyItem cjk[] = { item("F1", "帮助", true) };
	n = fkeys_layout(cjk, 1, 6, sp, line, sizeof line);
	assert_int_equal(n, 1);
	assert_true(text_width(line) <= 6);
	assert_string_equal(line, "F1 帮…");
}

static Ticket ticket(const char *number, const char *cat, bool prio, time_t issued)
{
	Ticket t;
	memset(&t, 0, sizeof t);
	t.id = (char *)number;
	t.number = (char *)number;
	t.category = (char *)cat;
	t.priority = prio;
	t.issued_at = issued;
	return t;
}

/* Rows are exactly as wide as asked, in columns, whatever the script. */
static void test_queue_row_width(void **state)
{
	char out[512];
	Ticket t = ticket("V001", "V", true, 1000);
	for (int cols = 12; cols <= 70; cols++) {
		fmt_queue_row(out, sizeof out, &t, "绿色通道", 1000 + 12 * 60 + 30, cols);
		assert_int_equal(text_width(out), cols);
		assert_non_null(strstr(out, "★"));
		assert_non_null(strstr(out, "V001"));
	}
	fmt_queue_row(out, sizeof out, &t, "绿色通道", 1000 + 12 * 60, 30);
	assert_string_equal(out, "★ V001  绿色通道        12 min");
	Ticket a = ticket("A008", "A", false, 1000);
	fmt_queue_row(out, sizeof out, &a, "General intake", 1000 + 59, 30);
	assert_string_equal(out, "  A008  General intake   0 min");
}

static void test_wrap(void **state)
{
	size_t st[8], ln[8];
	const char *en = "A007 is still being served. Quit anyway?";
	int n = fmt_wrap(en, 16, st, ln, 8);
	assert_int_equal(n, 3);
	assert_int_equal(ln[0], strlen("A007 is still"));
	assert_int_equal(ln[1], strlen("being served."));
	assert_memory_equal(en + st[1], "being served.", ln[1]);
	const char *zh = "当前票号正在办理确定退出吗";
	n = fmt_wrap(zh, 9, st, ln, 8);
	assert_int_equal(n, 4);
	char part[64];
	snprintf(part, sizeof part, "%.*s", (int)ln[0], zh + st[0]);
	assert_string_equal(part, "当前票号");
	assert_int_equal(text_width(part), 8);
}

static void test_pairs_flow(void **state)
{
	Pair p[] = { {"类别", "综合受理"}, {"状态", "已叫号"}, {"叫号", "09:12"}, {"重呼", "1"} };
	int line[4], x[4];
	/* "类别 综合受理" is 13 columns; gap 3. */
	int n = fmt_pairs_place(p, 4, 40, 3, line, x);
	assert_int_equal(n, 2);
	assert_int_equal(line[0], 0);
	assert_int_equal(x[0], 0);
	assert_int_equal(x[1], 16);
	assert_int_equal(line[2], 0);
	assert_int_equal(x[2], 30);
	assert_int_equal(line[3], 1);
	assert_int_equal(x[3], 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_fit_cjk_never_splits, setup),
		cmocka_unit_test_setup(test_fit_pads_and_keeps_short_text, setup),
		cmocka_unit_test_setup(test_ascii_glyphs, setup),
		cmocka_unit_test_setup(test_fkeybar_chinese_fits_80, setup),
		cmocka_unit_test_setup(test_fkeybar_narrow_keeps_help, setup),
		cmocka_unit_test_setup(test_queue_row_width, setup),
		cmocka_unit_test_setup(test_wrap, setup),
		cmocka_unit_test_setup(test_pairs_flow, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
