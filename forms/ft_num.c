/* ft_num: the number-like types: money (decimal yuan), integer and date, with their range limits. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "forms/forms_int.h"
#include "common/text.h"
#include "common/xalloc.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { MONEY_DIGITS = 13 };
#define INT_LIMIT 9007199254740991.0 /* 2^53 - 1: exact in a JSON number */

bool money_cents(const char *s, long long *cents)
{
	long long v = 0;
	int n = 0, dec = 0;
	for (; *s >= '0' && *s <= '9'; s++, n++)
		if (n < MONEY_DIGITS)
			v = v * 10 + (*s - '0');
	if (n == 0 || n > MONEY_DIGITS)
		return false;
	v *= 100;
	if (*s == '.') {
		s++;
		for (; *s >= '0' && *s <= '9'; s++, dec++)
			if (dec < 2)
				v += (*s - '0') * (dec == 0 ? 10 : 1);
		if (dec == 0 || dec > 2)
			return false;
	}
	if (*s)
		return false;
	if (cents)
		*cents = v;
	return true;
}

/* Drop what a clerk may type around an amount: spaces, thousands commas,
 * a leading ¥ / ￥ and a trailing 元. */
cJSON *ft_money_from_text(const FormField *f, const char *text)
{
	char *t = xstrdup(text);
	size_t o = 0, len = strlen(t);
	for (size_t i = 0; i < len; i++) {
		if (t[i] == ' ' || t[i] == ',')
			continue;
		if (o == 0 && strncmp(t + i, "\xC2\xA5", 2) == 0) {
			i += 1;
			continue;
		}
		if (o == 0 && strncmp(t + i, "\xEF\xBF\xA5", 3) == 0) {
			i += 2;
			continue;
		}
		if (strcmp(t + i, "\xE5\x85\x83") == 0)
			break;
		t[o++] = t[i];
	}
	t[o] = '\0';
	long long c;
	cJSON *v = money_cents(t, &c) ? NULL : cJSON_CreateString(text);
	if (!v) {
		char buf[32];
		snprintf(buf, sizeof buf, "%lld.%02lld", c / 100, c % 100);
		v = cJSON_CreateString(buf);
	}
	free(t);
	return v;
}

/* A limit number in cents, saturated. */
static long long limit_cents(double x)
{
	if (x > 1e15)
		return (long long)1e17;
	if (x < -1e15)
		return -(long long)1e17;
	return llround(x * 100);
}

size_t ft_money_check(const FormField *f, const cJSON *v, const char *path, FormsDay today, FormsErrors *e)
{
	long long c;
	char num[48];
	if (!cJSON_IsString(v)) {
		ferr(e, path, M_TYPE_STRING, 0);
		return 1;
	}
	const char *s = v->valuestring;
	if (!money_cents(s, &c)) {
		const char *dot = strchr(s, '.');
		bool decimals = dot && strspn(dot + 1, "0123456789") > 2 && !dot[1 + strspn(dot + 1, "0123456789")];
		ferr(e, path, decimals ? M_MONEY_DECIMALS : M_MONEY_FORMAT, 1, s);
		return 1;
	}
	if (f->limits.has_min && c < limit_cents(f->limits.min)) {
		snprintf(num, sizeof num, "%.2f", f->limits.min);
		ferr(e, path, M_MIN, 1, num);
		return 1;
	}
	if (f->limits.has_max && c > limit_cents(f->limits.max)) {
		snprintf(num, sizeof num, "%.2f", f->limits.max);
		ferr(e, path, M_MAX, 1, num);
		return 1;
	}
	return 0;
}

/* Digits with an optional sign; thousands commas and spaces dropped. */
cJSON *ft_integer_from_text(const FormField *f, const char *text)
{
	double v = 0;
	int n = 0;
	const char *s = text;
	bool neg = *s == '-';
	if (*s == '-' || *s == '+')
		s++;
	for (; *s; s++) {
		if (*s == ',' || *s == ' ')
			continue;
		if (*s < '0' || *s > '9' || ++n > 15)
			return cJSON_CreateString(text);
		v = v * 10 + (*s - '0');
	}
	return n ? cJSON_CreateNumber(neg ? -v : v) : cJSON_CreateString(text);
}

size_t ft_integer_check(const FormField *f, const cJSON *v, const char *path, FormsDay today, FormsErrors *e)
{
	char num[48];
	if (cJSON_IsString(v)) {
		ferr(e, path, M_NOT_INTEGER, 1, v->valuestring);
		return 1;
	}
	if (!cJSON_IsNumber(v)) {
		ferr(e, path, M_TYPE_INTEGER, 0);
		return 1;
	}
	double x = v->valuedouble;
	if (!(fabs(x) <= INT_LIMIT) || x != floor(x)) {
		snprintf(num, sizeof num, "%.15g", x);
		ferr(e, path, M_NOT_INTEGER, 1, num);
		return 1;
	}
	if (f->limits.has_min && x < f->limits.min) {
		snprintf(num, sizeof num, "%.15g", ceil(f->limits.min));
		ferr(e, path, M_MIN, 1, num);
		return 1;
	}
	if (f->limits.has_max && x > f->limits.max) {
		snprintf(num, sizeof num, "%.15g", floor(f->limits.max));
		ferr(e, path, M_MAX, 1, num);
		return 1;
	}
	return 0;
}

/* Up to three groups of digits (full-width ones folded) separated by
 * - / . 年 月 日 or spaces; 8 digits alone are YYYYMMDD. */
static bool date_groups(const char *s, int g[3], int len[3], int *ng)
{
	size_t n = strlen(s);
	*ng = 0;
	bool in = false;
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		i += text_utf8_decode(s + i, n - i, &cp);
		if (cp >= 0xFF10 && cp <= 0xFF19)
			cp = '0' + (cp - 0xFF10);
		if (cp >= '0' && cp <= '9') {
			if (!in) {
				if (*ng == 3)
					return false;
				g[*ng] = 0, len[*ng] = 0, (*ng)++, in = true;
			}
			if (++len[*ng - 1] > 8)
				return false;
			g[*ng - 1] = g[*ng - 1] * 10 + (int)(cp - '0');
			continue;
		}
		in = false;
		if (!(cp == '-' || cp == '/' || cp == '.' || cp == ' ' || cp == 0x5E74 || cp == 0x6708 || cp == 0x65E5))
			return false;
	}
	return true;
}

cJSON *ft_date_from_text(const FormField *f, const char *text)
{
	int g[3], len[3], ng;
	FormsDay d = { 0, 0, 0 };
	char buf[11], probe[11];
	if (date_groups(text, g, len, &ng)) {
		if (ng == 1 && len[0] == 8)
			d = (FormsDay){ g[0] / 10000, g[0] / 100 % 100, g[0] % 100 };
		else if (ng == 3 && len[0] == 4 && len[1] <= 2 && len[2] <= 2)
			d = (FormsDay){ g[0], g[1], g[2] };
	}
	if (d.y > 0) {
		day_format(d, probe);
		if (day_parse(probe, NULL)) {
			memcpy(buf, probe, sizeof buf);
			return cJSON_CreateString(buf);
		}
	}
	return cJSON_CreateString(text);
}

size_t ft_date_check(const FormField *f, const cJSON *v, const char *path, FormsDay today, FormsErrors *e)
{
	FormsDay d, lim;
	char buf[11];
	if (!cJSON_IsString(v)) {
		ferr(e, path, M_TYPE_STRING, 0);
		return 1;
	}
	const char *s = v->valuestring;
	if (!day_parse(s, &d)) {
		bool shape = strlen(s) == 10 && s[4] == '-' && s[7] == '-' && strspn(s, "0123456789-") == 10;
		ferr(e, path, shape ? M_DATE_REAL : M_DATE_FORMAT, 1, s);
		return 1;
	}
	if (f->limits.min_date && day_spec_resolve(f->limits.min_date, today, &lim) && day_cmp(d, lim) < 0) {
		day_format(lim, buf);
		ferr(e, path, M_DATE_MIN, 1, buf);
		return 1;
	}
	if (f->limits.max_date && day_spec_resolve(f->limits.max_date, today, &lim) && day_cmp(d, lim) > 0) {
		day_format(lim, buf);
		ferr(e, path, M_DATE_MAX, 1, buf);
		return 1;
	}
	return 0;
}
