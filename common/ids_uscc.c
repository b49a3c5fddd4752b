/* ids_uscc: 统一社会信用代码 (GB 32100-2015) and its GB 11714 organisation code. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "common/ids_int.h"
#include "common/divisions.h"
#include <stdio.h>
#include <string.h>

/* The 31 characters of GB 32100, in value order (no I, O, S, V, Z). */
static const char alphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";

/* Registration authority (position 1) and the entity categories it may use
 * (position 2), from the standard's table as amended: A (CMC reform and
 * staffing office) and N (agriculture: rural collective economic
 * organisations) were added after 2015. */
static const struct {
	char authority;
	const char *categories;
	const char *name; /* for the reader; not shown */
} authorities[] = {
	{ '1', "1239", "机构编制: 机关, 事业单位, 中央编办直接管理机构编制的群众团体, 其他" },
	{ '2', "19", "外交: 外国常驻新闻机构, 其他" },
	{ '3', "123459", "司法行政: 律师执业机构, 公证处, 基层法律服务所, 司法鉴定机构, 仲裁委员会, 其他" },
	{ '4', "19", "文化: 外国在华文化中心, 其他" },
	{ '5', "1239", "民政: 社会团体, 民办非企业单位, 基金会, 其他" },
	{ '6', "129", "旅游: 外国旅游部门常驻代表机构, 港澳台地区旅游部门常驻内地代表机构, 其他" },
	{ '7', "129", "宗教: 宗教活动场所, 宗教院校, 其他" },
	{ '8', "19", "工会: 基层工会, 其他" },
	{ '9', "123", "工商: 企业, 个体工商户, 农民专业合作社" },
	{ 'A', "19", "中央军委改革和编制办公室: 军队事业单位, 其他" },
	{ 'N', "1239", "农业: 组级, 村级, 乡镇级集体经济组织, 其他" },
	{ 'Y', "1", "其他" },
};

int id_uscc_value(char c)
{
	const char *p = c ? strchr(alphabet, c) : NULL;
	return p ? (int)(p - alphabet) : -1;
}

static int is_uscc_char(int c)
{
	return id_uscc_value((char)c) >= 0;
}

/* MOD 31: weights 3^(i-1) mod 31; check value 31 - sum mod 31, 31 -> 0. */
char id_uscc_check(const char *first17)
{
	static const int w[17] = { 1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28 };
	int sum = 0;
	if (!first17)
		return 0;
	for (int i = 0; i < 17; i++) {
		int v = id_uscc_value(first17[i]);
		if (v < 0)
			return 0;
		sum += v * w[i];
	}
	return alphabet[(31 - sum % 31) % 31];
}

/* GB 11714: digits keep their value, letters A=10 … Z=35; weights
 * 3,7,9,10,5,8,4,2; check 11 - sum mod 11, 10 -> X, 11 -> 0. */
char id_org_check(const char *body8)
{
	static const int w[8] = { 3, 7, 9, 10, 5, 8, 4, 2 };
	int sum = 0;
	if (!body8)
		return 0;
	for (int i = 0; i < 8; i++) {
		char c = body8[i];
		int v;
		if (c >= '0' && c <= '9')
			v = c - '0';
		else if (c >= 'A' && c <= 'Z')
			v = c - 'A' + 10;
		else
			return 0;
		sum += v * w[i];
	}
	int c9 = 11 - sum % 11;
	return c9 == 10 ? 'X' : c9 == 11 ? '0' : (char)('0' + c9);
}

/* Is (authority, category) a pair of the table? */
static bool pair_ok(char a, char c)
{
	for (size_t i = 0; i < sizeof authorities / sizeof authorities[0]; i++)
		if (authorities[i].authority == a)
			return c && strchr(authorities[i].categories, c) != NULL;
	return false;
}

/* Length, alphabet, digits at 3-8, authority pair, division, organisation
 * code check, MOD 31 check: in that order, so the message names the first. */
bool id_check_uscc(const char *s, IdCheck *r)
{
	IdNorm n;
	ids_normalize(s, 0, &n);
	ids_begin(r, ID_KIND_USCC, &n);
	if (!ids_length_ok(r, &n, 18, 0))
		return false;
	if (!ids_chars_ok(r, &n, 1, 18, is_uscc_char) || !ids_chars_ok(r, &n, 3, 8, ids_is_digit))
		return false;
	if (!pair_ok(n.s[0], n.s[1])) {
		snprintf(r->detail, sizeof r->detail, "%.2s", n.s);
		return ids_fail(r, ID_ERR_AUTHORITY, 1);
	}
	memcpy(r->area, n.s + 2, 6);
	r->area[6] = '\0';
	if (strcmp(r->area, "100000") != 0 && !division_find6(r->area))
		return ids_fail(r, ID_ERR_AREA, 3);
	if (!ids_check_char_ok(r, ID_ERR_ORG_CHECK, 17, id_org_check(n.s + 8)))
		return false;
	return ids_check_char_ok(r, ID_ERR_CHECK, 18, id_uscc_check(n.s));
}

bool ids_uscc_pair_ok(char authority, char category)
{
	return pair_ok(authority, category);
}

/* Enumerate the pairs, for the random generator. */
size_t ids_uscc_pair_count(void)
{
	size_t n = 0;
	for (size_t i = 0; i < sizeof authorities / sizeof authorities[0]; i++)
		n += strlen(authorities[i].categories);
	return n;
}

bool ids_uscc_pair(size_t k, char *authority, char *category)
{
	for (size_t i = 0; i < sizeof authorities / sizeof authorities[0]; i++) {
		size_t len = strlen(authorities[i].categories);
		if (k < len) {
			*authority = authorities[i].authority;
			*category = authorities[i].categories[k];
			return true;
		}
		k -= len;
	}
	return false;
}
