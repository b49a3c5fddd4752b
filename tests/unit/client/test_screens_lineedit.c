/* test_screens_lineedit: the single-line editor: CJK input by characters,
 * cursor by columns, sideways scrolling, password masking. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <curses.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "client/keymap.h"
#include "common/text.h"
#include "screens/lineedit.h"

static int setup(void **state)
{
	if (!setlocale(LC_ALL, "C.UTF-8"))
		setlocale(LC_ALL, "zh_CN.UTF-8");
	return 0;
}

/* Type a UTF-8 string as an IME would: one wide character per key. */
static void type(LineEdit *le, const char *s)
{
	size_t n = strlen(s), i = 0;
	while (i < n) {
		uint32_t cp;
		i += text_utf8_decode(s + i, n - i, &cp);
		assert_true(le_key(le, (int)cp, false));
	}
}

static void expect_text(const LineEdit *le, const char *want)
{
	char *t = le_text(le);
	assert_string_equal(t, want);
	free(t);
}

static void test_cjk_typing_and_backspace(void **state)
{
	LineEdit le;
	le_init(&le, 32, false);
	type(&le, "张伟abc");
	expect_text(&le, "张伟abc");
	char view[256];
	int cur;
	le_view(&le, 20, view, sizeof view, &cur);
	assert_int_equal(cur, 7); /* 2 + 2 + 3 columns */
	/* Left three times: before "a"; Backspace removes a whole 伟. */
	for (int i = 0; i < 3; i++)
		assert_true(le_key(&le, KEY_LEFT, true));
	le_view(&le, 20, view, sizeof view, &cur);
	assert_int_equal(cur, 4);
	assert_true(le_key(&le, KEY_BACKSPACE, true));
	expect_text(&le, "张abc");
	le_view(&le, 20, view, sizeof view, &cur);
	assert_int_equal(cur, 2);
	/* DEL (0x7f) and ^H also erase backwards. */
	assert_true(le_key(&le, 0x7F, false));
	expect_text(&le, "abc");
	le_free(&le);
}

static void test_control_keys(void **state)
{
	LineEdit le;
	le_init(&le, 64, false);
	type(&le, "徐汇 区 服务中心");
	assert_true(le_key(&le, 0x17, false)); /* C-w */
	expect_text(&le, "徐汇 区 ");
	assert_true(le_key(&le, 0x01, false)); /* C-a */
	assert_true(le_key(&le, KEY_DC, true));
	expect_text(&le, "汇 区 ");
	assert_true(le_key(&le, 0x05, false)); /* C-e */
	assert_true(le_key(&le, 0x15, false)); /* C-u */
	expect_text(&le, "");
	/* Keys that are not editing keys are left to the keymap. */
	assert_false(le_key(&le, KEY_F(6), true));
	assert_false(le_key(&le, '6' | KEYM_META, false));
	assert_false(le_key(&le, '\n', false));
	assert_false(le_key(&le, '\t', false));
	assert_false(le_key(&le, 0x1B, false));
	assert_true(le_empty(&le));
	le_free(&le);
}

/* Pinyin ǎ (U+01CE) lies in the curses key-code range; it is typed. */
static void test_pinyin_in_key_range(void **state)
{
	LineEdit le;
	le_init(&le, 8, false);
	assert_true(le_key(&le, 0x01CE | KEYM_CHAR, false));
	expect_text(&le, "ǎ");
	le_free(&le);
}

/* A long text scrolls so that the cursor is always visible, and a wide
 * character is never cut at either edge. */
static void test_scrolls_by_columns(void **state)
{
	LineEdit le;
	le_init(&le, 64, false);
	type(&le, "上海市徐汇区行政服务中心");  /* 12 characters, 24 columns */
	char view[256];
	int cur;
	int used = le_view(&le, 9, view, sizeof view, &cur);
	assert_true(used <= 9);
	assert_true(cur < 9);
	assert_true(text_width(view) <= 9);
	assert_non_null(strstr(view, "中心"));
	/* Home: the start is shown again. */
	le_key(&le, KEY_HOME, true);
	used = le_view(&le, 9, view, sizeof view, &cur);
	assert_int_equal(cur, 0);
	assert_string_equal(view, "上海市徐");
	assert_int_equal(used, 8);
	le_free(&le);
}

/* Shown in a narrow field, then in a wide one: the whole text comes back
 * into view (nothing stays scrolled off for want of room). */
static void test_wider_again(void **state)
{
	LineEdit le;
	le_init(&le, 64, false);
	type(&le, "jzz");
	char view[64];
	int cur;
	le_view(&le, 1, view, sizeof view, &cur);
	assert_string_equal(view, "");
	le_view(&le, 20, view, sizeof view, &cur);
	assert_string_equal(view, "jzz");
	assert_int_equal(cur, 3);
	le_free(&le);
}

/* A password field shows nothing of what was typed, whatever its length. */
static void test_secret_never_echoed(void **state)
{
	LineEdit le;
	le_init(&le, 64, true);
	char view[256], view2[256];
	int cur, cur2;
	le_view(&le, 20, view, sizeof view, &cur);
	assert_string_equal(view, "");
	type(&le, "d");
	le_view(&le, 20, view, sizeof view, &cur);
	type(&le, "emo密码");
	le_view(&le, 20, view2, sizeof view2, &cur2);
	assert_string_equal(view, view2);       /* the length does not show */
	assert_int_equal(cur, cur2);
	assert_null(strchr(view, 'd'));
	assert_null(strstr(view2, "密"));
	expect_text(&le, "demo密码");
	le_clear(&le);
	assert_true(le_empty(&le));
	le_free(&le);
}

static void test_max_and_controls_refused(void **state)
{
	LineEdit le;
	le_init(&le, 3, false);
	type(&le, "abc");
	le_key(&le, 'd', false);
	expect_text(&le, "abc");
	le_clear(&le);
	/* Bidi overrides and C1 controls are not text. */
	assert_false(le_key(&le, 0x202E, false));
	assert_false(le_key(&le, 0x9B, false));
	le_set(&le, "x\x1b[31my");
	expect_text(&le, "xy");
	le_free(&le);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_cjk_typing_and_backspace, setup),
		cmocka_unit_test_setup(test_control_keys, setup),
		cmocka_unit_test_setup(test_pinyin_in_key_range, setup),
		cmocka_unit_test_setup(test_scrolls_by_columns, setup),
		cmocka_unit_test_setup(test_wider_again, setup),
		cmocka_unit_test_setup(test_secret_never_echoed, setup),
		cmocka_unit_test_setup(test_max_and_controls_refused, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
