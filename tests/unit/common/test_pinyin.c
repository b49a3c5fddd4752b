/* test_pinyin: readings of polyphones from the generated Unihan table,
 * initials, query normalizing, initials/full/mixed matching with positions,
 * index spellings, and the size of the table. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "common/pinyin.h"
#include "common/pinyin_table.h"
#include "common/text.h"

/* The code point of the first character of a UTF-8 string. */
static uint32_t cp_of(const char *s)
{
	uint32_t cp;
	text_utf8_decode(s, strlen(s), &cp);
	return cp;
}

/* Fail unless the character's readings are exactly want (space-separated). */
static void readings_are(const char *ch, const char *want)
{
	const char *r[PINYIN_READINGS_MAX];
	int n = pinyin_readings(cp_of(ch), r, PINYIN_READINGS_MAX);
	char got[256] = "";
	for (int i = 0; i < n; i++)
		snprintf(got + strlen(got), sizeof got - strlen(got), "%s%s", i ? " " : "", r[i]);
	if (strcmp(got, want) != 0)
		fail_msg("readings of %s: \"%s\", want \"%s\"", ch, got, want);
}

/* Fail unless the character has reading among its readings. */
static void has_reading(const char *ch, const char *reading)
{
	const char *r[PINYIN_READINGS_MAX];
	int n = pinyin_readings(cp_of(ch), r, PINYIN_READINGS_MAX);
	for (int i = 0; i < n; i++)
		if (strcmp(r[i], reading) == 0)
			return;
	fail_msg("%s has no reading %s", ch, reading);
}

static void test_polyphones_have_every_reading(void **state)
{
	/* The customary reading (kMandarin) comes first. */
	readings_are("重", "zhong chong tong");
	readings_are("长", "zhang chang");
	readings_are("乐", "le yue");
	readings_are("银", "yin");
	has_reading("行", "xing");
	has_reading("行", "hang");
	has_reading("银", "yin");
	has_reading("还", "hai");
	has_reading("还", "huan");
	has_reading("会", "kuai");
	has_reading("调", "diao");
	has_reading("调", "tiao");
	has_reading("单", "shan");
	has_reading("单", "dan");
	/* ü is spelt v; the rare syllables without a vowel letter are kept. */
	has_reading("绿", "lv");
	has_reading("女", "nv");
	has_reading("略", "lve");
	has_reading("嗯", "ng");
	/* Extension B characters are in the table too. */
	has_reading("𠀀", "he");
}

static void test_readings_bounds(void **state)
{
	const char *r[4] = { NULL };
	assert_int_equal(pinyin_readings('a', r, 4), 0);
	assert_int_equal(pinyin_readings(0x3000, r, 4), 0);   /* ideographic space */
	assert_int_equal(pinyin_readings(0xAC00, r, 4), 0);   /* Hangul */
	assert_int_equal(pinyin_readings(0x10FFFF, r, 4), 0);
	assert_int_equal(pinyin_readings(0x110000, r, 4), 0);
	assert_int_equal(pinyin_readings(0xFFFFFFFF, r, 4), 0);
	assert_int_equal(pinyin_readings(cp_of("重"), r, 1), 1);
	assert_string_equal(r[0], "zhong");
	assert_null(r[1]);
	assert_int_equal(pinyin_readings(cp_of("重"), r, 0), 0);
}

static void test_table_size(void **state)
{
	int chars = 0, readings = 0, polyphones = 0;
	const char *r[PINYIN_READINGS_MAX];
	for (uint32_t cp = 0; cp < 0x110000; cp++) {
		int n = pinyin_readings(cp, r, PINYIN_READINGS_MAX);
		for (int i = 0; i < n; i++) {
			size_t len = strlen(r[i]);
			assert_true(len >= 1 && len <= 6);
			assert_int_equal(strspn(r[i], "abcdefghijklmnopqrstuvwxyz"), len);
		}
		chars += n > 0;
		readings += n;
		polyphones += n > 1;
	}
	assert_true(chars > 20000);
	assert_true(polyphones > 3000);
	assert_int_equal((uint32_t)chars, pinyin_nchars);
	assert_int_equal((uint32_t)readings, pinyin_nreadings);
	/* The common block is covered end to end. */
	assert_true(pinyin_readings(0x4E00, r, 1) == 1 && strcmp(r[0], "yi") == 0);
	assert_true(pinyin_readings(0x9FA5, r, 1) == 1);
}

/* Fail unless pinyin_initials gives want. */
static void initials_are(const char *in, const char *want)
{
	char out[256];
	size_t n = pinyin_initials(in, out, sizeof out);
	if (strcmp(out, want) != 0)
		fail_msg("initials of \"%s\": \"%s\", want \"%s\"", in, out, want);
	assert_int_equal(n, strlen(want));
}

static void test_initials(void **state)
{
	initials_are("个体工商户", "gtgsh");
	initials_are("居住证", "jzz");
	initials_are("社会保险", "shbx");
	initials_are("个体工商户设立登记", "gtgshsldj");
	initials_are("", "");
	/* Non-Han text passes through; letters and digits fold to ASCII lower case. */
	initials_are("hello, world", "hello, world");
	initials_are("ETC卡办理（新）", "etckbl（x）");
	initials_are("１２３４５热线", "12345rx");
	initials_are("ア·β", "ア·β");
}

static void test_initials_truncate_on_characters(void **state)
{
	char out[6];
	assert_int_equal(pinyin_initials("个体工商户设立", out, sizeof out), 5);
	assert_string_equal(out, "gtgsh");
	assert_int_equal(pinyin_initials("ab（新）", out, sizeof out), 5);
	assert_string_equal(out, "ab（");
	assert_int_equal(pinyin_initials("（（", out, 4), 3);
	assert_string_equal(out, "（");
	assert_int_equal(pinyin_initials("重庆", out, 1), 0);
	assert_string_equal(out, "");
	assert_int_equal(pinyin_initials("重庆", out, 0), 0);
}

/* Fail unless pinyin_normalize gives want. */
static void normal_is(const char *in, const char *want)
{
	char out[64];
	pinyin_normalize(in, out, sizeof out);
	if (strcmp(out, want) != 0)
		fail_msg("normalize \"%s\": \"%s\", want \"%s\"", in, out, want);
}

static void test_normalize(void **state)
{
	normal_is("Chong Qing", "chongqing");
	normal_is("xi'an", "xian");
	normal_is("xi’an", "xian");
	normal_is(" G T　G S H ", "gtgsh");
	normal_is("ＣＱ", "cq");
	normal_is("lü LÜ", "lvlv");
	normal_is("重Qing", "重qing");
	normal_is("a\x01\x7f" "b\xff" "c", "abc");
	char out[4];
	assert_int_equal(pinyin_normalize("a重b", out, sizeof out), 1);
	assert_string_equal(out, "a");
}

/* Fail unless the initials match is found at bytes [start, start+len). */
static void initials_at(const char *text, const char *q, size_t want_start, size_t want_len)
{
	size_t start = 99, len = 99;
	if (!pinyin_match_initials(text, q, &start, &len))
		fail_msg("\"%s\" should match initials \"%s\"", text, q);
	if (start != want_start || len != want_len)
		fail_msg("\"%s\" ~ \"%s\" at %zu+%zu, want %zu+%zu", text, q, start, len, want_start, want_len);
}

static void test_match_initials(void **state)
{
	initials_at("重庆", "cq", 0, 6);
	initials_at("重庆", "zq", 0, 6);       /* zhòng counts as well as chóng */
	initials_at("银行", "yh", 0, 6);
	initials_at("银行", "yx", 0, 6);
	initials_at("个体工商户设立登记", "gtgsh", 0, 15);
	initials_at("办理重庆市居住证", "jzz", 15, 9);
	initials_at("中国银行卡", "YH", 6, 6);      /* the query is normalized */
	initials_at("重庆重庆", "cq", 0, 6);       /* leftmost */
	initials_at("社会 保险", "shbx", 0, 13);   /* spaces and punctuation are skipped */
	initials_at("社会·保险", "shbx", 0, 14);
	initials_at("申领ETC卡", "etck", 6, 6);    /* letters match themselves */
	initials_at("拨打12345热线", "12345rx", 6, 11);
	initials_at("a", "a", 0, 1);
	assert_false(pinyin_match_initials("重庆", "qc", NULL, NULL));
	assert_false(pinyin_match_initials("重庆", "cqs", NULL, NULL));
	assert_false(pinyin_match_initials("社会ア保险", "shbx", NULL, NULL)); /* other scripts break */
	assert_false(pinyin_match_initials("居住证", "", NULL, NULL));
	assert_false(pinyin_match_initials("居住证", "  ", NULL, NULL));
	assert_false(pinyin_match_initials("居住证", "jz证", NULL, NULL));
	assert_false(pinyin_match_initials("", "j", NULL, NULL));
	assert_false(pinyin_match_initials("hello", "hx", NULL, NULL));
}

static void test_match_initials_long_text_and_query(void **state)
{
	/* The match start is found past the ring of 64 remembered characters. */
	char text[1024] = "";
	for (int i = 0; i < 100; i++)
		strcat(text, "一");
	strcat(text, "居住证");
	initials_at(text, "jzz", 300, 9);
	/* A 63-letter match, and a query one letter too long. */
	char q[80] = "";
	char t[400] = "";
	for (int i = 0; i < 63; i++) {
		strcat(q, "y");
		strcat(t, "一");
	}
	initials_at(t, q, 0, 189);
	strcat(q, "y");
	strcat(t, "一");
	assert_false(pinyin_match_initials(t, q, NULL, NULL));
}

/* Fail unless the full/mixed match is found at bytes [start, start+len). */
static void full_at(const char *text, const char *q, size_t want_start, size_t want_len)
{
	size_t start = 99, len = 99;
	if (!pinyin_match_full(text, q, &start, &len))
		fail_msg("\"%s\" should match pinyin \"%s\"", text, q);
	if (start != want_start || len != want_len)
		fail_msg("\"%s\" ~ \"%s\" at %zu+%zu, want %zu+%zu", text, q, start, len, want_start, want_len);
}

static void test_match_full(void **state)
{
	full_at("重庆", "chongqing", 0, 6);
	full_at("重庆", "zhongqing", 0, 6);
	full_at("重庆", "Chong Qing", 0, 6);
	full_at("到重庆市", "chongqing", 3, 6);
	full_at("银行", "yinhang", 0, 6);
	full_at("银行", "yinxing", 0, 6);
	full_at("长江", "changjiang", 0, 6);
	full_at("长江", "zhangjiang", 0, 6);
	full_at("快乐", "kuaile", 0, 6);
	full_at("音乐", "yinyue", 0, 6);
	full_at("西安", "xi'an", 0, 6);
	full_at("绿色通道", "lvse", 0, 6);
	full_at("律师", "lvshi", 0, 6);
	full_at("律师", "lushi", 0, 6);             /* u typed for ü */
	full_at("策略", "celue", 0, 6);
	full_at("居住证", "juzhuzheng", 0, 9);
	full_at("居住证办理", "juzhuzheng", 0, 9);  /* shortest */
	full_at("社会保险", "shehui baoxian", 0, 12);
	full_at("申领ETC卡", "etcka", 6, 6);
	full_at("重庆", "重qing", 0, 6);             /* Han characters match themselves */
	full_at("重庆", "重庆", 0, 6);
}

static void test_match_mixed(void **state)
{
	/* As a pinyin IME: the last character by any start of a reading. */
	full_at("重庆", "chongq", 0, 6);
	full_at("重庆", "chongqi", 0, 6);
	full_at("重庆", "zho", 0, 3);
	/* Earlier characters in full, by the first letter, or by zh/ch/sh. */
	full_at("重庆", "cqing", 0, 6);
	full_at("重庆", "zhq", 0, 6);
	full_at("重庆", "chq", 0, 6);
	full_at("重庆", "cq", 0, 6);
	full_at("社会保险", "shbx", 0, 12);
	full_at("社会保险", "shehbx", 0, 12);
	full_at("个体工商户", "getigsh", 0, 12);     /* ge ti g sh: shortest wins */
	full_at("个体工商户", "getigshanghu", 0, 15);
	/* Not a made-up cut of a syllable in the middle. */
	assert_false(pinyin_match_full("重庆", "chonqing", NULL, NULL));
	assert_false(pinyin_match_full("重庆", "chongqingg", NULL, NULL));
	assert_false(pinyin_match_full("重庆", "qingchong", NULL, NULL));
	assert_false(pinyin_match_full("重庆", "chongqing重", NULL, NULL));
	assert_false(pinyin_match_full("重庆", "", NULL, NULL));
	assert_false(pinyin_match_full("社会ア保险", "shehuibaoxian", NULL, NULL));
	assert_false(pinyin_match_full(NULL, "cq", NULL, NULL));
}

static void test_query_reused(void **state)
{
	PinyinQuery pq;
	assert_true(pinyin_query_init(&pq, "YH"));
	assert_string_equal(pq.q, "yh");
	assert_true(pq.initials);
	size_t start, len;
	assert_true(pinyin_query_initials(&pq, "中国银行", &start, &len));
	assert_int_equal(start, 6);
	assert_true(pinyin_query_initials(&pq, "银行卡挂失", &start, &len));
	assert_int_equal(start, 0);
	assert_false(pinyin_query_initials(&pq, "居住证", &start, &len));
	assert_true(pinyin_query_full(&pq, "银行", NULL, NULL));
	assert_true(pinyin_query_init(&pq, "重q"));
	assert_false(pq.initials);
	assert_false(pinyin_query_initials(&pq, "重庆", NULL, NULL));
	assert_true(pinyin_query_full(&pq, "重庆", NULL, NULL));
	char big[100];
	memset(big, 'a', sizeof big - 1);
	big[sizeof big - 1] = 0;
	assert_false(pinyin_query_init(&pq, big));
	assert_false(pinyin_query_full(&pq, "啊", NULL, NULL));
}

/* Fail unless the expansion gives want and count spellings. */
static void expand_is(bool full, const char *in, size_t outsz, int cap, const char *want, int count)
{
	char out[512];
	assert_true(outsz <= sizeof out);
	int n = full ? pinyin_expand_full(in, out, outsz, cap) : pinyin_expand_initials(in, out, outsz, cap);
	if (strcmp(out, want) != 0 || n != count)
		fail_msg("expand \"%s\": %d \"%s\", want %d \"%s\"", in, n, out, count, want);
}

static void test_expand(void **state)
{
	expand_is(false, "重庆", 64, 10, "zq cq tq", 3);
	expand_is(false, "重庆", 64, 1, "zq", 1);
	expand_is(true, "重庆", 64, 10, "zhongqing chongqing tongqing", 3);
	expand_is(false, "居住证", 64, 10, "jzz", 1);
	expand_is(false, "银行卡", 64, 10, "yxk yxq yhk yhq", 4);
	expand_is(true, "银行", 64, 10, "yinxing yinhang yinheng", 3);
	/* The customary spelling first, then one change at a time. */
	expand_is(false, "个体工商户", 64, 10, "gtgsh gbgsh gcgsh", 3);
	expand_is(false, "社会保险（ETC）", 64, 10, "shbxetc skbxetc", 2);
	/* Only whole spellings that fit. */
	expand_is(true, "重庆", 20, 10, "zhongqing chongqing", 2);
	expand_is(true, "重庆", 9, 10, "", 0);
	expand_is(false, "", 64, 10, "", 0);
	expand_is(false, "，。", 64, 10, "", 0);
	expand_is(false, "重庆", 64, 0, "", 0);
}

static void test_expand_many_polyphones_capped(void **state)
{
	/* Ten polyphones: thousands of spellings, cut at the cap, customary first. */
	char out[4096];
	int n = pinyin_expand_initials("重行长乐重行长乐重行", out, sizeof out, 50);
	assert_int_equal(n, 50);
	assert_memory_equal(out, "zxzlzxzlzx ", 11);
	/* Every spelling differs from the first in one character before any
	 * differs in two: the second round has one letter changed. */
	char first[11], second[11];
	sscanf(out, "%10s %10s", first, second);
	int diff = 0;
	for (int i = 0; i < 10; i++)
		diff += first[i] != second[i];
	assert_int_equal(diff, 1);
	/* Each character beyond PINYIN_EXPAND_CHARS is left out. */
	char text[1024] = "";
	for (int i = 0; i < PINYIN_EXPAND_CHARS + 10; i++)
		strcat(text, "居");
	n = pinyin_expand_initials(text, out, sizeof out, 1);
	assert_int_equal(n, 1);
	assert_int_equal(strlen(out), PINYIN_EXPAND_CHARS);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_polyphones_have_every_reading),
		cmocka_unit_test(test_readings_bounds),
		cmocka_unit_test(test_table_size),
		cmocka_unit_test(test_initials),
		cmocka_unit_test(test_initials_truncate_on_characters),
		cmocka_unit_test(test_normalize),
		cmocka_unit_test(test_match_initials),
		cmocka_unit_test(test_match_initials_long_text_and_query),
		cmocka_unit_test(test_match_full),
		cmocka_unit_test(test_match_mixed),
		cmocka_unit_test(test_query_reused),
		cmocka_unit_test(test_expand),
		cmocka_unit_test(test_expand_many_polyphones_capped),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
