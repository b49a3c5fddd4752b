/* ids_person: 公民身份号码 (GB 11643-1999, and the 15-digit form), 港澳台居民居住证, 外国人永久居留身份证 (2023). */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "common/ids_int.h"
#include "common/countries.h"
#include "common/divisions.h"
#include <stdio.h>
#include <string.h>

/* ISO 7064 MOD 11-2 over 17 digits: weights 2^(17-i) mod 11, check value
 * (12 - sum mod 11) mod 11, 10 written X. */
char id_mod11_2(const char *digits17)
{
	static const int w[17] = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 };
	int sum = 0;
	if (!digits17)
		return 0;
	for (int i = 0; i < 17; i++) {
		if (digits17[i] < '0' || digits17[i] > '9')
			return 0;
		sum += (digits17[i] - '0') * w[i];
	}
	int v = (12 - sum % 11) % 11;
	return v == 10 ? 'X' : (char)('0' + v);
}

/* The common tail of the 18-character person numbers: birth date at 7-14,
 * sequence 15-17 (odd 17th digit = male), MOD 11-2 check at 18. */
static bool person_tail_ok(IdCheck *r)
{
	if (!ids_birth_ok(r, r->normalized + 6, 7))
		return false;
	if (!ids_check_char_ok(r, ID_ERR_CHECK, 18, id_mod11_2(r->normalized)))
		return false;
	r->sex = (r->normalized[16] - '0') % 2 ? 'M' : 'F';
	return true;
}

/* An address code must name a prefecture or county that exists or existed. */
static bool area_ok(IdCheck *r, const char *s)
{
	memcpy(r->area, s, 6);
	r->area[6] = '\0';
	const Division *d = division_find6(s);
	if (!d)
		return ids_fail(r, ID_ERR_AREA, 1);
	if (division_level(d->code) == DIV_PROVINCE)
		return ids_fail(r, ID_ERR_AREA_LEVEL, 1);
	return true;
}

/* GB 11643-1989: 6 address + YYMMDD (19YY) + 3 sequence; convert to 18. */
static bool legacy15(IdCheck *r, const IdNorm *n)
{
	char b[19];
	if (!ids_chars_ok(r, n, 1, 15, ids_is_digit))
		return false;
	if (!area_ok(r, n->s))
		return false;
	memcpy(b, n->s, 6);
	memcpy(b + 6, "19", 2);
	memcpy(b + 8, n->s + 6, 9);
	b[17] = '\0';
	if (!ids_birth_ok(r, b + 6, 7))
		return false;
	b[17] = id_mod11_2(b);
	b[18] = '\0';
	snprintf(r->normalized, sizeof r->normalized, "%s", b);
	r->expected_check = b[17];
	r->from_legacy15 = true;
	r->sex = (b[16] - '0') % 2 ? 'M' : 'F';
	return true;
}

bool id_check_citizen(const char *s, IdCheck *r)
{
	IdNorm n;
	ids_normalize(s, 0, &n);
	ids_begin(r, ID_KIND_CITIZEN, &n);
	if (!ids_length_ok(r, &n, 18, 15))
		return false;
	if (n.len == 15)
		return legacy15(r, &n);
	if (!ids_chars_ok(r, &n, 1, 17, ids_is_digit) || !ids_chars_ok(r, &n, 18, 18, ids_is_digit_or_x))
		return false;
	return area_ok(r, n.s) && person_tail_ok(r);
}

/* The three prefixes of the residence permit for HK, Macao and Taiwan. */
static const char *const hmt_prefixes[] = { "810000", "820000", "830000" };

bool id_check_hmt_permit(const char *s, IdCheck *r)
{
	IdNorm n;
	ids_normalize(s, 0, &n);
	ids_begin(r, ID_KIND_HMT_PERMIT, &n);
	if (!ids_length_ok(r, &n, 18, 0))
		return false;
	if (!ids_chars_ok(r, &n, 1, 17, ids_is_digit) || !ids_chars_ok(r, &n, 18, 18, ids_is_digit_or_x))
		return false;
	memcpy(r->area, n.s, 6);
	r->area[6] = '\0';
	bool known = false;
	for (size_t i = 0; i < sizeof hmt_prefixes / sizeof hmt_prefixes[0]; i++)
		known |= memcmp(n.s, hmt_prefixes[i], 6) == 0;
	if (!known) {
		snprintf(r->detail, sizeof r->detail, "%s", r->area);
		return ids_fail(r, ID_ERR_HMT_PREFIX, 1);
	}
	return person_tail_ok(r);
}

/* 2023 foreign permanent residence ID: 9, province of acceptance (2), ISO
 * 3166-1 numeric nationality (3), YYYYMMDD, sequence (3), MOD 11-2 check. */
bool id_check_foreign_pr(const char *s, IdCheck *r)
{
	IdNorm n;
	ids_normalize(s, 0, &n);
	ids_begin(r, ID_KIND_FOREIGN_PR, &n);
	if (!ids_length_ok(r, &n, 18, 0))
		return false;
	if (!ids_chars_ok(r, &n, 1, 17, ids_is_digit) || !ids_chars_ok(r, &n, 18, 18, ids_is_digit_or_x))
		return false;
	if (n.s[0] != '9') {
		snprintf(r->detail, sizeof r->detail, "%c", n.s[0]);
		return ids_fail(r, ID_ERR_PREFIX, 1);
	}
	int prov = (int)ids_digits(n.s + 1, 2);
	const Division *d = division_find(prov * 10000);
	if (!d || !d->current || prov >= 71) {
		snprintf(r->detail, sizeof r->detail, "%.2s", n.s + 1);
		return ids_fail(r, ID_ERR_PROVINCE, 2);
	}
	memcpy(r->area, n.s + 1, 2);
	memcpy(r->area + 2, "0000", 5);
	r->country = (int)ids_digits(n.s + 3, 3);
	if (!country_find(r->country)) {
		snprintf(r->detail, sizeof r->detail, "%.3s", n.s + 3);
		return ids_fail(r, ID_ERR_COUNTRY, 4);
	}
	return person_tail_ok(r);
}
