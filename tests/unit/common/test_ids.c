/* test_ids: identifier checks, messages, masking, generators and the generated division table. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/countries.h"
#include "common/divisions.h"
#include "common/ids.h"

#define N_RANDOM 3000

/* Check s with fn; assert the rule and return the result for more asserts. */
static IdCheck expect(bool (*fn)(const char *, IdCheck *), const char *s, IdRule rule)
{
	IdCheck r;
	bool ok = fn(s, &r);
	if (r.failed != rule)
		fail_msg("%s: rule %d, expected %d", s, (int)r.failed, (int)rule);
	assert_int_equal(ok, rule == ID_OK);
	return r;
}

static void expect_message(bool (*fn)(const char *, IdCheck *), const char *s, const char *msg)
{
	IdCheck r;
	char out[256];
	fn(s, &r);
	id_message(&r, out, sizeof out);
	assert_string_equal(out, msg);
}

/* GB 11643-1999's own example, with its X check digit. */
static void test_standard_example(void **state)
{
	IdCheck r = expect(id_check_citizen, "11010519491231002X", ID_OK);
	assert_int_equal(r.kind, ID_KIND_CITIZEN);
	assert_string_equal(r.normalized, "11010519491231002X");
	assert_string_equal(r.area, "110105");
	assert_int_equal(r.birth_year, 1949);
	assert_int_equal(r.birth_month, 12);
	assert_int_equal(r.birth_day, 31);
	assert_int_equal(r.sex, 'F');
	assert_int_equal(r.expected_check, 'X');
	assert_int_equal(id_mod11_2("11010519491231002"), 'X');
	r = expect(id_detect_and_check, "11010519491231002X", ID_OK);
	assert_int_equal(r.kind, ID_KIND_CITIZEN);
}

/* Lower-case x, full-width digits from an IME, spaces and dashes. */
static void test_normalization(void **state)
{
	IdCheck r = expect(id_check_citizen, "11010519491231002x", ID_OK);
	assert_string_equal(r.normalized, "11010519491231002X");
	r = expect(id_check_citizen, "110105 19491231 002x", ID_OK);
	assert_string_equal(r.normalized, "11010519491231002X");
	r = expect(id_check_citizen, "１１０１０５１９４９１２３１００２ｘ", ID_OK);
	assert_string_equal(r.normalized, "11010519491231002X");
	r = expect(id_check_citizen, "110105-1949\xe3\x80\x80" "1231-002X", ID_OK);
	assert_string_equal(r.normalized, "11010519491231002X");
	r = expect(id_check_uscc, "91350100m000100y43", ID_OK);
	assert_string_equal(r.normalized, "91350100M000100Y43");
}

/* Published codes, confirmed by the algorithm (organisation check and MOD 31). */
static void test_known_usccs(void **state)
{
	static const char *const codes[] = { "91350100M000100Y43", "91110000802100433B" };
	for (size_t i = 0; i < 2; i++) {
		IdCheck r = expect(id_check_uscc, codes[i], ID_OK);
		assert_int_equal(r.expected_check, codes[i][17]);
		r = expect(id_detect_and_check, codes[i], ID_OK);
		assert_int_equal(r.kind, ID_KIND_USCC);
	}
	assert_int_equal(id_org_check("M000100Y"), '4');
	assert_int_equal(id_org_check("80210043"), '3');
	assert_int_equal(id_uscc_check("91350100M000100Y4"), '3');
	assert_int_equal(id_uscc_check("91110000802100433"), 'B');
	/* 91110000802100433B lower case normalizes */
	IdCheck r = expect(id_check_uscc, "91110000802100433b", ID_OK);
	assert_string_equal(r.normalized, "91110000802100433B");
}

/* A valid ID with today's date shifted by days, for the future/today rules. */
static void id_for_day(int shift, char *out)
{
	time_t t = time(NULL) + (time_t)shift * 86400;
	struct tm tm;
	char body[64];
	localtime_r(&t, &tm);
	snprintf(body, sizeof body, "110105%04d%02d%02d001", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
	memcpy(out, body, 17);
	out[17] = id_mod11_2(body);
	out[18] = '\0';
}

static void test_citizen_rules(void **state)
{
	char id[20];
	IdCheck r = expect(id_check_citizen, "11010519491231002", ID_ERR_LENGTH);
	assert_int_equal(r.length, 17);
	assert_int_equal(r.expected_length, 18);
	expect(id_check_citizen, "110105194912310021X", ID_ERR_LENGTH);
	expect(id_check_citizen, " - ", ID_ERR_EMPTY);
	expect(id_check_citizen, NULL, ID_ERR_EMPTY);
	r = expect(id_check_citizen, "1101A519491231002X", ID_ERR_CHAR);
	assert_int_equal(r.position, 5);
	assert_string_equal(r.bad_char, "A");
	r = expect(id_check_citizen, "11010519491231X021", ID_ERR_CHAR);
	assert_int_equal(r.position, 15);
	r = expect(id_check_citizen, "11010519491231002\xe4\xb8\xad", ID_ERR_CHAR);
	assert_int_equal(r.position, 18);
	assert_string_equal(r.bad_char, "\xe4\xb8\xad");
	r = expect(id_check_citizen, "11010519490230002X", ID_ERR_DATE);
	assert_int_equal(r.position, 7);
	assert_string_equal(r.detail, "1949-02-30");
	expect(id_check_citizen, "11010519491301002X", ID_ERR_DATE);
	expect(id_check_citizen, "11010519490000002X", ID_ERR_DATE);
	/* Leap years: 2000 and 2004 yes, 1900 and 1999 no. */
	assert_true(id_make_citizen("110105", 2000, 2, 29, 1, id));
	expect(id_check_citizen, id, ID_OK);
	assert_true(id_make_citizen("110105", 2004, 2, 29, 1, id));
	expect(id_check_citizen, id, ID_OK);
	expect(id_check_citizen, "110105190002290011", ID_ERR_DATE);
	expect(id_check_citizen, "110105199902290011", ID_ERR_DATE);
	expect(id_check_citizen, "110105189912310011", ID_ERR_DATE_EARLY);
	id_for_day(0, id);
	expect(id_check_citizen, id, ID_OK);
	id_for_day(2, id);
	expect(id_check_citizen, id, ID_ERR_DATE_FUTURE);
	r = expect(id_check_citizen, "99999919491231002X", ID_ERR_AREA);
	assert_string_equal(r.area, "999999");
	expect(id_check_citizen, "11000019491231002X", ID_ERR_AREA_LEVEL);
	r = expect(id_check_citizen, "110105194912310021", ID_ERR_CHECK);
	assert_int_equal(r.position, 18);
	assert_int_equal(r.found, '1');
	assert_int_equal(r.expected_check, 'X');
	/* Sex from the 17th digit. */
	assert_true(id_make_citizen("110105", 1980, 5, 6, 11, id));
	assert_int_equal(expect(id_check_citizen, id, ID_OK).sex, 'M');
}

/* Historical codes: IDs keep the code of the county they were issued in. */
static void test_historical_areas(void **state)
{
	char id[20];
	const Division *d = division_find(110104);
	assert_non_null(d);
	assert_int_equal(d->current, 0);
	assert_string_equal(d->name, "宣武区");
	assert_true(id_make_citizen("110104", 1970, 1, 1, 5, id));
	expect(id_check_citizen, id, ID_OK);
	assert_non_null(division_find(330121)); /* 萧山县, a county in the 1980s */
}

static void test_legacy15(void **state)
{
	char id15[16];
	IdCheck r = expect(id_check_citizen, "110105491231002", ID_OK);
	assert_true(r.from_legacy15);
	assert_string_equal(r.normalized, "11010519491231002X");
	assert_int_equal(r.birth_year, 1949);
	assert_int_equal(r.sex, 'F');
	r = expect(id_detect_and_check, "110105 491231 002", ID_OK);
	assert_int_equal(r.kind, ID_KIND_CITIZEN);
	assert_string_equal(r.normalized, "11010519491231002X");
	assert_true(id_make_legacy15("330121", 1980, 1, 1, 1, id15));
	r = expect(id_check_citizen, id15, ID_OK);
	assert_string_equal(r.normalized, "330121198001010017");
	assert_int_equal(r.sex, 'M');
	expect(id_check_citizen, "110105490230002", ID_ERR_DATE);
	expect(id_check_citizen, "999999491231002", ID_ERR_AREA);
	expect(id_check_citizen, "11010549123100X", ID_ERR_CHAR);
	assert_false(id_make_legacy15("110105", 2001, 1, 1, 1, id15));
}

static void test_hmt_permit(void **state)
{
	static const struct { char region; const char *prefix; } regions[] = {
		{ 'H', "810000" }, { 'M', "820000" }, { 'T', "830000" },
	};
	char id[20];
	for (size_t i = 0; i < 3; i++) {
		assert_true(id_make_hmt_permit(regions[i].region, 1990, 2, 28, 33, id));
		assert_memory_equal(id, regions[i].prefix, 6);
		IdCheck r = expect(id_detect_and_check, id, ID_OK);
		assert_int_equal(r.kind, ID_KIND_HMT_PERMIT);
		assert_string_equal(r.area, regions[i].prefix);
		assert_int_equal(r.sex, 'M');
	}
	IdCheck r = expect(id_check_hmt_permit, "11010519491231002X", ID_ERR_HMT_PREFIX);
	assert_string_equal(r.detail, "110105");
	expect(id_check_hmt_permit, "810000199002300331", ID_ERR_DATE);
	expect(id_check_hmt_permit, "810000199002280331", ID_ERR_CHECK);
	assert_false(id_make_hmt_permit('X', 1990, 1, 1, 1, id));
}

/* 2023 foreign permanent residence ID: 9 + province + ISO numeric country
 * + YYYYMMDD + sequence + MOD 11-2. */
static void test_foreign_pr(void **state)
{
	char id[20];
	assert_true(id_make_foreign_pr(11, 840, 1985, 6, 15, 1, id));
	assert_string_equal(id, "911840198506150011");
	IdCheck r = expect(id_detect_and_check, id, ID_OK);
	assert_int_equal(r.kind, ID_KIND_FOREIGN_PR);
	assert_int_equal(r.country, 840);
	assert_string_equal(r.area, "110000");
	assert_int_equal(r.birth_year, 1985);
	assert_int_equal(r.sex, 'M');
	assert_true(id_make_foreign_pr(44, 410, 2001, 12, 31, 2, id));
	assert_int_equal(expect(id_check_foreign_pr, id, ID_OK).sex, 'F');
	expect(id_check_foreign_pr, "971840198506150011", ID_ERR_PROVINCE);
	expect(id_check_foreign_pr, "900840198506150011", ID_ERR_PROVINCE);
	r = expect(id_check_foreign_pr, "911999198506150011", ID_ERR_COUNTRY);
	assert_string_equal(r.detail, "999");
	assert_int_equal(r.position, 4);
	expect(id_check_foreign_pr, "911840198502300011", ID_ERR_DATE);
	expect(id_check_foreign_pr, "911840198506150012", ID_ERR_CHECK);
	expect(id_check_foreign_pr, "11010519491231002X", ID_ERR_PREFIX);
	assert_false(id_make_foreign_pr(71, 840, 1985, 1, 1, 1, id));
	assert_false(id_make_foreign_pr(11, 999, 1985, 1, 1, 1, id));
}

static void test_uscc_rules(void **state)
{
	char code[20];
	expect(id_check_uscc, "91350100M000100Y4", ID_ERR_LENGTH);
	IdCheck r = expect(id_check_uscc, "91350100M000I00Y43", ID_ERR_CHAR);
	assert_int_equal(r.position, 13);
	assert_string_equal(r.bad_char, "I");
	static const char *const banned[] = { "I", "O", "S", "V", "Z" };
	for (size_t i = 0; i < 5; i++) {
		char s[20] = "91350100M000100Y43";
		s[10] = banned[i][0];
		assert_int_equal(expect(id_check_uscc, s, ID_ERR_CHAR).position, 11);
	}
	r = expect(id_check_uscc, "913501A0M000100Y43", ID_ERR_CHAR);
	assert_int_equal(r.position, 7);
	r = expect(id_check_uscc, "94350100M000100Y43", ID_ERR_AUTHORITY);
	assert_string_equal(r.detail, "94");
	expect(id_check_uscc, "B1350100M000100Y43", ID_ERR_AUTHORITY);
	expect(id_check_uscc, "Y2350100M000100Y43", ID_ERR_AUTHORITY);
	r = expect(id_check_uscc, "91999900M000100Y43", ID_ERR_AREA);
	assert_string_equal(r.area, "999900");
	assert_int_equal(r.position, 3);
	r = expect(id_check_uscc, "91350100M000100Y53", ID_ERR_ORG_CHECK);
	assert_int_equal(r.found, '5');
	assert_int_equal(r.expected_check, '4');
	r = expect(id_check_uscc, "91350100M000100Y44", ID_ERR_CHECK);
	assert_int_equal(r.expected_check, '3');
	/* Every pair of the table's authorities can be made; 100000 is national. */
	static const char *const pairs[] = { "11", "12", "13", "19", "21", "29", "31", "35", "39", "41", "51",
		"52", "53", "61", "62", "71", "72", "81", "91", "92", "93", "A1", "A9", "N1", "N2", "N3", "N9", "Y1" };
	for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
		assert_true(id_make_uscc(pairs[i][0], pairs[i][1], "100000", "0000000A", code));
		expect(id_check_uscc, code, ID_OK);
	}
	assert_false(id_make_uscc('9', '4', "110000", "12345678", code));
	assert_false(id_make_uscc('9', '1', "999999", "12345678", code));
	assert_false(id_make_uscc('9', '1', "110000", "1234567I", code));
	assert_string_equal(code, "");
}

static void test_mobile(void **state)
{
	static const char *const ok[] = { "13812345678", "+86 138 1234 5678", "+8613812345678", "8613812345678",
		"0086 138-1234-5678", "(+86) 138 1234 5678", "１３８１２３４５６７８", "19912345678" };
	for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
		IdCheck r = expect(id_check_mobile, ok[i], ID_OK);
		assert_string_equal(r.normalized, ok[i][0] == '1' && ok[i][1] == '9' ? "19912345678" : "13812345678");
		r = expect(id_detect_and_check, ok[i], ID_OK);
		assert_int_equal(r.kind, ID_KIND_MOBILE);
	}
	IdCheck r = expect(id_check_mobile, "12812345678", ID_ERR_PREFIX);
	assert_string_equal(r.detail, "12");
	expect(id_check_mobile, "23812345678", ID_ERR_PREFIX);
	r = expect(id_check_mobile, "1381234567", ID_ERR_LENGTH);
	assert_int_equal(r.length, 10);
	assert_int_equal(r.expected_length, 11);
	assert_int_equal(expect(id_check_mobile, "1381234567a", ID_ERR_CHAR).position, 11);
	r = expect(id_check_mobile, "+852 9123 4567", ID_ERR_DIAL_CODE);
	assert_string_equal(r.detail, "+852");
	expect(id_check_mobile, "00852 9123 4567", ID_ERR_DIAL_CODE);
	expect(id_check_mobile, "", ID_ERR_EMPTY);
}

static void test_detect(void **state)
{
	char code[20];
	IdCheck r = expect(id_detect_and_check, "   ", ID_ERR_EMPTY);
	r = expect(id_detect_and_check, "ABC", ID_ERR_SHAPE);
	assert_int_equal(r.kind, ID_KIND_UNKNOWN);
	r = expect(id_detect_and_check, "12345", ID_ERR_LENGTH);
	assert_int_equal(r.kind, ID_KIND_MOBILE);
	r = expect(id_detect_and_check, "11010519491231002", ID_ERR_LENGTH);
	assert_int_equal(r.kind, ID_KIND_CITIZEN);
	r = expect(id_detect_and_check, "91350100M000100Y4", ID_ERR_LENGTH);
	assert_int_equal(r.kind, ID_KIND_USCC);
	/* A mistyped citizen ID stays a citizen ID. */
	r = expect(id_detect_and_check, "110105194912310021", ID_ERR_CHECK);
	assert_int_equal(r.kind, ID_KIND_CITIZEN);
	r = expect(id_detect_and_check, "11010519490230002X", ID_ERR_DATE);
	assert_int_equal(r.kind, ID_KIND_CITIZEN);
	/* All-digit credit codes, with 1-8 and with 9 in front. */
	assert_true(id_make_uscc('1', '2', "110000", "40001234", code));
	assert_int_equal(expect(id_detect_and_check, code, ID_OK).kind, ID_KIND_USCC);
	char org[16];
	int n = 0;
	for (int i = 0; i < 1000 && n < 20; i++) {
		snprintf(org, sizeof org, "1234%04d", i);
		assert_true(id_make_uscc('9', "123"[i % 3], "441900", org, code));
		if (code[16] > '9' || code[17] > '9')
			continue;
		assert_int_equal(expect(id_detect_and_check, code, ID_OK).kind, ID_KIND_USCC);
		n++;
	}
	assert_int_equal(n, 20);
	/* The 2017 foreign PR card (3 letters + 12 digits) is named, not checked. */
	r = expect(id_detect_and_check, "USA110185061501", ID_ERR_LENGTH);
	assert_int_equal(r.kind, ID_KIND_FOREIGN_PR);
	/* A credit code with a Chinese character inside is still a credit code. */
	r = expect(id_detect_and_check, "91350100M000100Y4\xe4\xb8\xad", ID_ERR_CHAR);
	assert_int_equal(r.kind, ID_KIND_USCC);
	assert_int_equal(r.position, 18);
	/* id_check_kind dispatches, and UNKNOWN detects. */
	assert_true(id_check_kind(ID_KIND_USCC, "91350100M000100Y43", &r));
	assert_true(id_check_kind(ID_KIND_UNKNOWN, "13812345678", &r));
	assert_int_equal(r.kind, ID_KIND_MOBILE);
	assert_false(id_check_kind(ID_KIND_MOBILE, "11010519491231002X", &r));
}

/* Every rule has a fixed English message naming what failed. */
static void test_messages(void **state)
{
	expect_message(id_check_citizen, "110105194912310021", "check digit is 1, expected X");
	expect_message(id_check_citizen, "11010519491231002", "citizen ID number has 17 characters, expected 18 (or 15 for an old number)");
	expect_message(id_check_citizen, "1101A519491231002X", "character A at position 5 is not allowed");
	expect_message(id_check_citizen, "11010519490230002X", "birth date 1949-02-30 is not a real date");
	expect_message(id_check_citizen, "110105299912310021", "birth date 2999-12-31 is in the future");
	expect_message(id_check_citizen, "110105189912310011", "birth date 1899-12-31 is before 1900");
	expect_message(id_check_citizen, "99999919491231002X", "area code 999999 is not in GB/T 2260");
	expect_message(id_check_citizen, "11000019491231002X", "area code 110000 is a province, not a county");
	expect_message(id_check_citizen, "11010519491231002X", "citizen ID number is valid");
	expect_message(id_check_hmt_permit, "11010519491231002X",
		"a residence permit number starts with 810000, 820000 or 830000, not 110105");
	expect_message(id_check_foreign_pr, "971840198506150011",
		"province code 71 at positions 2-3 is not a mainland province");
	expect_message(id_check_foreign_pr, "911999198506150011",
		"nationality code 999 at positions 4-6 is not a country code");
	expect_message(id_check_foreign_pr, "11010519491231002X",
		"a foreign permanent residence ID number starts with 9, not 1");
	expect_message(id_check_uscc, "91350100M000100Y44", "check character is 4, expected 3");
	expect_message(id_check_uscc, "91350100M000100Y53",
		"organisation code check character (position 17) is 5, expected 4");
	expect_message(id_check_uscc, "94350100M000100Y43",
		"registration authority and entity category 94 are not a pair of GB 32100");
	expect_message(id_check_uscc, "91999900M000100Y43", "division code 999900 at positions 3-8 is not in GB/T 2260");
	expect_message(id_check_uscc, "91350100M000100Y4", "unified social credit code has 17 characters, expected 18");
	expect_message(id_check_mobile, "12812345678", "a mobile number starts with 13 to 19, not 12");
	expect_message(id_check_mobile, "+852 9123 4567", "country code +852 is not +86: only mainland mobile numbers");
	expect_message(id_detect_and_check, "", "nothing entered");
	expect_message(id_detect_and_check, "ABC", "not an ID number, credit code or mobile number");
	IdCheck r;
	id_check_citizen("110105194912310021", &r);
	assert_string_equal(id_message_msgid(&r), "check digit is %1$s, expected %2$s");
	char out[8];
	id_message(&r, out, sizeof out); /* truncates, stays terminated */
	assert_string_equal(out, "check d");
}

/* A stand-in for gettext: a translation that reorders its arguments, and
 * a broken one with conversions the formatter must not interpret. */
static const char *tr_reorder(const char *s)
{
	if (strcmp(s, "check digit is %1$s, expected %2$s") == 0)
		return "应为 %2$s，实为 %1$s";
	if (strcmp(s, "%1$s is valid") == 0)
		return "%1$s 有效";
	if (strcmp(s, "citizen ID number") == 0)
		return "公民身份号码";
	return s;
}

static const char *tr_broken(const char *s)
{
	(void)s;
	return "%d %n %s %9$s %3$s %% %";
}

static void test_message_translation(void **state)
{
	IdCheck r;
	char out[128];
	id_check_citizen("110105194912310021", &r);
	id_message_tr(&r, out, sizeof out, tr_reorder);
	assert_string_equal(out, "应为 X，实为 1");
	id_check_citizen("11010519491231002X", &r);
	id_message_tr(&r, out, sizeof out, tr_reorder);
	assert_string_equal(out, "公民身份号码 有效");
	id_check_citizen("110105194912310021", &r);
	id_message_tr(&r, out, sizeof out, tr_broken);
	assert_string_equal(out, "%d %n 1 %9$s  % %");
}

static void test_mask(void **state)
{
	char out[40], id[20];
	id_mask("11010519491231002X", out, sizeof out);
	assert_string_equal(out, "110105********002X");
	assert_true(id_make_citizen("110101", 1990, 1, 1, 123, id));
	id_mask(id, out, sizeof out);
	assert_memory_equal(out, "110101********123", 17);
	id_mask("110105491231002", out, sizeof out);
	assert_string_equal(out, "110105********002X");
	id_mask("13812345678", out, sizeof out);
	assert_string_equal(out, "138****5678");
	id_mask("+86 138-1234-5678", out, sizeof out);
	assert_string_equal(out, "138****5678");
	id_mask("91350100M000100Y43", out, sizeof out);
	assert_string_equal(out, "91350100M000100Y43");
	id_mask("hello world", out, sizeof out);
	assert_string_equal(out, "******ORLD");
	id_mask("abc", out, sizeof out);
	assert_string_equal(out, "***");
	id_mask("11010519491231002X", out, 5);
	assert_string_equal(out, "1101");
}

/* Substituting any one character of a valid identifier must make it fail,
 * and the check character alone must catch it: MOD 11-2 and MOD 31 detect
 * every single substitution. */
static void substitutions(const char *valid, const char *alphabet, bool (*fn)(const char *, IdCheck *),
	char (*check)(const char *), long *count)
{
	char s[20];
	for (int pos = 0; pos < 18; pos++) {
		for (const char *a = alphabet; *a; a++) {
			if (*a == valid[pos])
				continue;
			memcpy(s, valid, 19);
			s[pos] = *a;
			IdCheck r;
			if (fn(s, &r))
				fail_msg("%s (from %s) passed", s, valid);
			if (pos < 17 && check(s) == valid[17])
				fail_msg("%s: check character did not change", s);
			(*count)++;
		}
	}
}

static char mod11_of(const char *s)
{
	return id_mod11_2(s);
}

static char mod31_of(const char *s)
{
	return id_uscc_check(s);
}

static void test_random_identifiers(void **state)
{
	uint64_t st = 20240601;
	char id[20];
	long subs = 0;
	for (int i = 0; i < N_RANDOM; i++) {
		id_random_citizen(&st, id);
		IdCheck r = expect(id_check_citizen, id, ID_OK);
		assert_int_equal(expect(id_detect_and_check, id, ID_OK).kind, ID_KIND_CITIZEN);
		assert_int_equal(r.sex, (id[16] - '0') % 2 ? 'M' : 'F');
		substitutions(id, "0123456789X", id_check_citizen, mod11_of, &subs);
	}
	for (int i = 0; i < N_RANDOM; i++) {
		id_random_uscc(&st, id);
		expect(id_check_uscc, id, ID_OK);
		assert_int_equal(expect(id_detect_and_check, id, ID_OK).kind, ID_KIND_USCC);
		substitutions(id, "0123456789ABCDEFGHJKLMNPQRTUWXY", id_check_uscc, mod31_of, &subs);
	}
	for (int i = 0; i < 300; i++) {
		int y = 1950 + (int)(id_rand(&st) % 60), m = 1 + (int)(id_rand(&st) % 12), d = 1 + (int)(id_rand(&st) % 28);
		int seq = (int)(id_rand(&st) % 1000);
		assert_true(id_make_hmt_permit("HMT"[i % 3], y, m, d, seq, id));
		expect(id_check_hmt_permit, id, ID_OK);
		substitutions(id, "0123456789X", id_check_hmt_permit, mod11_of, &subs);
		const Country *c = &country_table[id_rand(&st) % country_table_len];
		assert_true(id_make_foreign_pr(31, c->numeric, y, m, d, seq, id));
		expect(id_check_foreign_pr, id, ID_OK);
		assert_int_equal(expect(id_detect_and_check, id, ID_OK).kind, ID_KIND_FOREIGN_PR);
		substitutions(id, "0123456789X", id_check_foreign_pr, mod11_of, &subs);
	}
	for (int i = 0; i < N_RANDOM; i++) {
		char tel[12];
		id_random_mobile(&st, tel);
		IdCheck r = expect(id_detect_and_check, tel, ID_OK);
		assert_int_equal(r.kind, ID_KIND_MOBILE);
		assert_string_equal(r.normalized, tel);
	}
	print_message("%ld single-character substitutions, all rejected\n", subs);
	assert_true(subs > 1000000);
}

/* Seeds give the same data every time (the demo generator relies on it). */
static void test_random_reproducible(void **state)
{
	uint64_t a = 7, b = 7;
	char x[20], y[20];
	for (int i = 0; i < 50; i++) {
		id_random_citizen(&a, x);
		id_random_citizen(&b, y);
		assert_string_equal(x, y);
	}
}

static void test_generators_reject(void **state)
{
	char out[20] = "junk";
	assert_false(id_make_citizen("999999", 1990, 1, 1, 1, out));
	assert_string_equal(out, "");
	assert_false(id_make_citizen("110000", 1990, 1, 1, 1, out));
	assert_false(id_make_citizen("110105", 1990, 2, 30, 1, out));
	assert_false(id_make_citizen("110105", 1899, 1, 1, 1, out));
	assert_false(id_make_citizen("110105", 2999, 1, 1, 1, out));
	assert_false(id_make_citizen("110105", 1990, 1, 1, 1000, out));
	assert_false(id_make_citizen(NULL, 1990, 1, 1, 1, out));
	assert_false(id_make_mobile(120, 12345678, out));
	assert_false(id_make_mobile(138, 123456789, out));
	assert_true(id_make_mobile(138, 12345678, out));
	assert_string_equal(out, "13812345678");
}

/* The compiled table matches the committed TSV it was generated from. */
static void test_division_table(void **state)
{
	char path[512], line[512];
	snprintf(path, sizeof path, "%s/data/divisions.tsv", YC_SRCDIR);
	FILE *f = fopen(path, "r");
	assert_non_null(f);
	size_t rows = 0, current = 0;
	while (fgets(line, sizeof line, f)) {
		if (line[0] == '#')
			continue;
		line[strcspn(line, "\n")] = '\0';
		char *code = strtok(line, "\t"), *status = strtok(NULL, "\t"), *name = strtok(NULL, "\t");
		const Division *d = division_find(atoi(code));
		assert_non_null(d);
		assert_int_equal(d->current, status[0] == 'c');
		assert_string_equal(d->name, name ? name : "");
		current += d->current;
		rows++;
	}
	fclose(f);
	assert_int_equal(rows, division_table_len);
	assert_true(rows > 6000);
	assert_true(current > 3000);
	for (size_t i = 1; i < division_table_len; i++)
		assert_true(division_table[i - 1].code < division_table[i].code);
	assert_string_equal(division_find(110105)->name, "朝阳区");
	assert_int_equal(division_find(110105)->current, 1);
	assert_null(division_find(999999));
	assert_null(division_find6("11a105"));
	assert_int_equal(division_level(110000), DIV_PROVINCE);
	assert_int_equal(division_level(441900), DIV_PREFECTURE);
	assert_int_equal(division_level(110105), DIV_COUNTY);
	assert_int_equal(division_level(42), DIV_NONE);
	char name[128];
	assert_true(division_full_name(110105, name, sizeof name));
	assert_string_equal(name, "北京市 朝阳区");
	assert_true(division_full_name(440106, name, sizeof name));
	assert_string_equal(name, "广东省 广州市 天河区");
	assert_false(division_full_name(999999, name, sizeof name));
	assert_string_equal(name, "");
}

static void test_country_table(void **state)
{
	char path[512], line[512];
	snprintf(path, sizeof path, "%s/data/countries.tsv", YC_SRCDIR);
	FILE *f = fopen(path, "r");
	assert_non_null(f);
	size_t rows = 0;
	while (fgets(line, sizeof line, f))
		if (line[0] != '#') {
			assert_non_null(country_find(atoi(line)));
			rows++;
		}
	fclose(f);
	assert_int_equal(rows, country_table_len);
	assert_string_equal(country_find(840)->alpha3, "USA");
	assert_string_equal(country_find(156)->alpha3, "CHN");
	assert_null(country_find(999));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_standard_example),
		cmocka_unit_test(test_normalization),
		cmocka_unit_test(test_known_usccs),
		cmocka_unit_test(test_citizen_rules),
		cmocka_unit_test(test_historical_areas),
		cmocka_unit_test(test_legacy15),
		cmocka_unit_test(test_hmt_permit),
		cmocka_unit_test(test_foreign_pr),
		cmocka_unit_test(test_uscc_rules),
		cmocka_unit_test(test_mobile),
		cmocka_unit_test(test_detect),
		cmocka_unit_test(test_messages),
		cmocka_unit_test(test_message_translation),
		cmocka_unit_test(test_mask),
		cmocka_unit_test(test_random_identifiers),
		cmocka_unit_test(test_random_reproducible),
		cmocka_unit_test(test_generators_reject),
		cmocka_unit_test(test_division_table),
		cmocka_unit_test(test_country_table),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
