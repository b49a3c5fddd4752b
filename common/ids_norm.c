/* ids_norm: input folding and the rule helpers every identifier check shares. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "common/ids_int.h"
#include "common/text.h"
#include <stdio.h>
#include <string.h>
#include <time.h>

/* Separators a clerk or a scanner may put between characters. */
static bool is_separator(uint32_t cp, int flags)
{
	static const uint32_t seps[] = { ' ', '\t', '\r', '\n', '-', 0x00A0, 0x2010, 0x2011,
		0x2012, 0x2013, 0x2014, 0x2015, 0x2212, 0x3000, 0xFF0D, 0x30FC };
	for (size_t i = 0; i < sizeof seps / sizeof seps[0]; i++)
		if (cp == seps[i])
			return true;
	if (flags & IDS_NORM_PHONE)
		return cp == '(' || cp == ')' || cp == 0xFF08 || cp == 0xFF09;
	return false;
}

/* Decode, fold full-width ASCII (an IME in full-width mode), upper-case. */
void ids_normalize(const char *s, int flags, IdNorm *n)
{
	memset(n, 0, sizeof *n);
	if (!s)
		return;
	size_t left = strlen(s);
	while (left > 0) {
		uint32_t cp;
		size_t used = text_utf8_decode(s, left, &cp);
		if (used == 0)
			break;
		if (cp >= 0xFF01 && cp <= 0xFF5E)
			cp -= 0xFF01 - 0x21;
		if (!is_separator(cp, flags)) {
			char c = '?';
			if (cp > 0x20 && cp < 0x7F) {
				c = (char)cp;
				if (c >= 'a' && c <= 'z')
					c = (char)(c - 'a' + 'A');
			} else if (n->bad_pos == 0) {
				n->bad_pos = n->len + 1;
				size_t k = used < sizeof n->bad - 1 ? used : sizeof n->bad - 1;
				if (cp == 0xFFFD || cp < 0x20 || cp == 0x7F)
					snprintf(n->bad, sizeof n->bad, "U+%04X", (unsigned)(cp & 0xFFFF));
				else
					memcpy(n->bad, s, k);
			}
			if (n->len < (int)sizeof n->s - 1)
				n->s[n->len] = c;
			n->len++;
		}
		s += used;
		left -= used;
	}
}

void ids_begin(IdCheck *r, IdKind kind, const IdNorm *n)
{
	memset(r, 0, sizeof *r);
	r->kind = kind;
	snprintf(r->normalized, sizeof r->normalized, "%s", n->s);
}

bool ids_fail(IdCheck *r, IdRule rule, int position)
{
	r->failed = rule;
	r->position = position;
	return false;
}

bool ids_length_ok(IdCheck *r, const IdNorm *n, int want, int want2)
{
	if (n->len == want || (want2 > 0 && n->len == want2))
		return true;
	r->length = n->len;
	r->expected_length = want;
	return ids_fail(r, n->len == 0 ? ID_ERR_EMPTY : ID_ERR_LENGTH, 0);
}

bool ids_chars_ok(IdCheck *r, const IdNorm *n, int from, int to, int (*ok)(int))
{
	for (int i = from; i <= to && i <= n->len; i++) {
		if (i == n->bad_pos) {
			snprintf(r->bad_char, sizeof r->bad_char, "%s", n->bad);
			return ids_fail(r, ID_ERR_CHAR, i);
		}
		if (!ok((unsigned char)n->s[i - 1])) {
			r->bad_char[0] = n->s[i - 1];
			r->bad_char[1] = '\0';
			return ids_fail(r, ID_ERR_CHAR, i);
		}
	}
	return true;
}

int ids_is_digit(int c)
{
	return c >= '0' && c <= '9';
}

int ids_is_digit_or_x(int c)
{
	return ids_is_digit(c) || c == 'X';
}

int ids_days_in_month(int y, int m)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	if (m < 1 || m > 12)
		return 0;
	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return days[m - 1];
}

/* Today in local time, as yyyymmdd, for the "not in the future" rule. */
static long today_ymd(void)
{
	time_t now = time(NULL);
	struct tm tm;
	if (!localtime_r(&now, &tm))
		return 99991231;
	return (tm.tm_year + 1900L) * 10000 + (tm.tm_mon + 1) * 100 + tm.tm_mday;
}

IdRule ids_date_rule(int y, int m, int d)
{
	if (d < 1 || d > ids_days_in_month(y, m))
		return ID_ERR_DATE;
	if (y < 1900)
		return ID_ERR_DATE_EARLY;
	if ((long)y * 10000 + m * 100 + d > today_ymd())
		return ID_ERR_DATE_FUTURE;
	return ID_OK;
}

long ids_digits(const char *s, int n)
{
	long v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

bool ids_birth_ok(IdCheck *r, const char *s, int pos)
{
	int y = (int)ids_digits(s, 4), m = (int)ids_digits(s + 4, 2), d = (int)ids_digits(s + 6, 2);
	snprintf(r->detail, sizeof r->detail, "%.4s-%.2s-%.2s", s, s + 4, s + 6);
	IdRule rule = ids_date_rule(y, m, d);
	if (rule != ID_OK)
		return ids_fail(r, rule, pos);
	r->birth_year = y;
	r->birth_month = m;
	r->birth_day = d;
	return true;
}

bool ids_check_char_ok(IdCheck *r, IdRule rule, int pos, char expected)
{
	char found = r->normalized[pos - 1];
	if (rule == ID_ERR_CHECK)
		r->expected_check = expected;
	if (found == expected)
		return true;
	r->found = found;
	r->expected_check = expected;
	return ids_fail(r, rule, pos);
}
