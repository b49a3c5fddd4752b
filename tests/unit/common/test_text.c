/* test_text: the sanitizing sink (escape sequences CSI/OSC/DCS, C0/C1,
 * bidi overrides, invalid UTF-8) and display widths (CJK, text_fit never
 * splitting a character). */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "common/text.h"

static void clean_is(const char *in, int flags, const char *want)
{
	char *out = text_clean(in, flags);
	if (strcmp(out, want) != 0)
		fail_msg("text_clean(\"%s\") = \"%s\", want \"%s\"", in, out, want);
	free(out);
}

static void test_plain_text_kept(void **state)
{
	clean_is("A007 张伟 1号窗口", TEXT_ONE_LINE, "A007 张伟 1号窗口");
	clean_is("", TEXT_ONE_LINE, "");
	char *n = text_clean(NULL, 0);
	assert_string_equal(n, "");
	free(n);
	clean_is("emoji 😀 ok", TEXT_ONE_LINE, "emoji 😀 ok");
}

static void test_escape_sequences(void **state)
{
	/* CSI: colours, cursor moves, clear screen. */
	clean_is("\x1b[31mred\x1b[0m", 0, "red");
	clean_is("a\x1b[2J\x1b[Hb", 0, "ab");
	clean_is("x\x1b[?1049hy", 0, "xy");
	/* OSC: window title, hyperlinks; BEL or ST ends them. */
	clean_is("\x1b]0;pwned\x07title", 0, "title");
	clean_is("\x1b]8;;http://evil\x1b\\link\x1b]8;;\x1b\\", 0, "link");
	/* DCS and other string sequences. */
	clean_is("a\x1bPq#0;2;0;0;0\x1b\\b", 0, "ab");
	clean_is("a\x1b_apc\x1b\\b", 0, "ab");
	/* Two-character escapes. */
	clean_is("a\x1b" "cb", 0, "ab");
	clean_is("a\x1b(Bb", 0, "ab");
	/* An escape at the very end. */
	clean_is("abc\x1b", 0, "abc");
	clean_is("abc\x1b[", 0, "abc");
	/* Unterminated OSC swallows the rest rather than leaking it. */
	clean_is("ok\x1b]0;never ends", 0, "ok");
}

static void test_c1_controls(void **state)
{
	/* C1 as UTF-8 (U+0080..U+009F): CSI, OSC and plain ones. */
	clean_is("a\xc2\x9b" "31mb", 0, "ab");
	clean_is("a\xc2\x9d" "0;t\x07" "b", 0, "ab");
	clean_is("a\xc2\x85" "b", 0, "ab");
	/* C0 controls and DEL are dropped. */
	clean_is("a\x01\x02\x7f" "b\x08" "c", 0, "abc");
}

static void test_newlines_and_tabs(void **state)
{
	clean_is("one\ntwo\tthree", TEXT_ONE_LINE, "one two three");
	clean_is("one\r\ntwo", TEXT_ONE_LINE, "one two");
	clean_is("one\n\n\ntwo", TEXT_ONE_LINE, "one two");
	clean_is("one\ntwo\tx", TEXT_KEEP_NEWLINES, "one\ntwo x");
	clean_is("one\r\ntwo", TEXT_KEEP_NEWLINES, "one\ntwo");
}

static void test_bidi_overrides(void **state)
{
	/* RLO, LRO, PDF, isolates and marks would reorder what is shown. */
	clean_is("abc\xe2\x80\xae" "fdp.exe", 0, "abcfdp.exe");
	clean_is("\xe2\x80\xad" "x\xe2\x80\xac", 0, "x");
	clean_is("\xe2\x81\xa6" "y\xe2\x81\xa9", 0, "y");
	clean_is("\xe2\x80\x8f" "z\xe2\x80\x8e", 0, "z");
	clean_is("\xd8\x9c" "w", 0, "w");
}

static void test_invalid_utf8(void **state)
{
	clean_is("a\xff" "b", 0, "a\xef\xbf\xbd" "b");
	clean_is("a\xc3", 0, "a\xef\xbf\xbd");                   /* truncated */
	clean_is("\xe4\xb8" "x", 0, "\xef\xbf\xbd" "x");          /* cut in the middle */
	clean_is("\xc0\xaf", 0, "\xef\xbf\xbd\xef\xbf\xbd");      /* overlong */
	clean_is("\xed\xa0\x80", 0, "\xef\xbf\xbd");              /* surrogate */
	clean_is("\xf4\x90\x80\x80", 0, "\xef\xbf\xbd");          /* beyond U+10FFFF */
	/* Whatever goes in, valid UTF-8 without controls comes out. */
	unsigned seed = 12345;
	for (int round = 0; round < 2000; round++) {
		char in[64];
		for (int i = 0; i < 63; i++) {
			seed = seed * 1103515245 + 12345;
			in[i] = (char)((seed >> 16) & 0xff);
			if (!in[i])
				in[i] = 'x';
		}
		in[63] = '\0';
		char *out = text_clean(in, TEXT_ONE_LINE);
		size_t n = strlen(out), i = 0;
		while (i < n) {
			uint32_t cp;
			size_t len = text_utf8_decode(out + i, n - i, &cp);
			assert_true(len >= 1);
			assert_false(cp < 0x20 || (cp >= 0x7f && cp < 0xa0));
			assert_false(cp == 0x202e || cp == 0x202d);
			if (cp == 0xFFFD)
				assert_memory_equal(out + i, "\xef\xbf\xbd", 3); /* a real U+FFFD */
			i += len;
		}
		free(out);
	}
}

static void test_widths(void **state)
{
	assert_int_equal(text_width("A007"), 4);
	assert_int_equal(text_width("张伟"), 4);
	assert_int_equal(text_width("1号窗口"), 7);
	assert_int_equal(text_width("ＡＢ"), 4);    /* fullwidth forms */
	assert_int_equal(text_width("é"), 1);
	assert_int_equal(text_width("e\xcc\x81"), 1); /* combining accent: 0 */
	assert_int_equal(text_cp_width(0x9b), 0);    /* C1 forced to 0 */
	assert_int_equal(text_cp_width(0x07), 0);
	assert_int_equal(text_cp_width(0x4e2d), 2);
	assert_int_equal(text_width(""), 0);
}

static void test_fit_never_splits(void **state)
{
	int used;
	const char *s = "徐汇区行政服务中心";
	/* 5 columns hold two wide characters, not two and a half. */
	assert_int_equal(text_fit(s, 5, &used), 6);
	assert_int_equal(used, 4);
	assert_int_equal(text_fit(s, 1, &used), 0);
	assert_int_equal(used, 0);
	assert_int_equal(text_fit(s, 100, &used), strlen(s));
	assert_int_equal(used, 18);
	assert_int_equal(text_fit("ab张", 3, &used), 2);
	assert_int_equal(text_fit("ab张", 4, &used), 5);
	assert_int_equal(text_fit("abc", 0, &used), 0);
	/* The tail: the last characters that fit, whole. */
	assert_int_equal(text_fit_tail(s, 5, &used), 6);
	assert_int_equal(used, 4);
	assert_string_equal(s + strlen(s) - text_fit_tail(s, 5, NULL), "中心");
	assert_int_equal(text_fit_tail("张ab", 3, &used), 2);
	/* Every cut of a mixed string ends on a character boundary. */
	const char *m = "A007 张伟 1号窗口 ok";
	for (int cols = 0; cols <= text_width(m) + 1; cols++) {
		size_t n = text_fit(m, cols, &used);
		assert_true(used <= cols);
		assert_true(n == strlen(m) || ((unsigned char)m[n] & 0xc0) != 0x80);
		char *prefix = strndup(m, n);
		assert_int_equal(text_width(prefix), used);
		free(prefix);
	}
}

static void test_utf8_codec(void **state)
{
	char buf[4];
	uint32_t cp;
	static const uint32_t cps[] = {0x41, 0xe9, 0x4e2d, 0x1f600, 0x10ffff};
	for (size_t i = 0; i < sizeof cps / sizeof cps[0]; i++) {
		size_t n = text_utf8_encode(cps[i], buf);
		assert_int_equal(text_utf8_decode(buf, n, &cp), n);
		assert_int_equal(cp, cps[i]);
	}
	assert_int_equal(text_utf8_decode("", 0, &cp), 0);
}

/* Where a byte string stops being UTF-8: a written-out U+FFFD is fine. */
static void test_utf8_invalid_at(void **state)
{
	assert_int_equal(text_utf8_invalid_at("abc", 3), 3);
	assert_int_equal(text_utf8_invalid_at("居住证", 9), 9);
	assert_int_equal(text_utf8_invalid_at("a\xEF\xBF\xBD" "b", 5), 5);
	assert_int_equal(text_utf8_invalid_at("ab\xFF" "c", 4), 2);
	assert_int_equal(text_utf8_invalid_at("a\xC0\xAF", 3), 1);       /* overlong '/' */
	assert_int_equal(text_utf8_invalid_at("x\xED\xA0\x80", 4), 1);   /* a surrogate */
	assert_int_equal(text_utf8_invalid_at("居\xE4\xBD", 5), 3);       /* cut at the end */
	assert_int_equal(text_utf8_invalid_at("", 0), 0);
}

int main(void)
{
	setlocale(LC_ALL, "C.UTF-8");
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_text_kept),
		cmocka_unit_test(test_escape_sequences),
		cmocka_unit_test(test_c1_controls),
		cmocka_unit_test(test_newlines_and_tabs),
		cmocka_unit_test(test_bidi_overrides),
		cmocka_unit_test(test_invalid_utf8),
		cmocka_unit_test(test_widths),
		cmocka_unit_test(test_fit_never_splits),
		cmocka_unit_test(test_utf8_codec),
		cmocka_unit_test(test_utf8_invalid_at),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
