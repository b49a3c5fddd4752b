/* day: calendar dates of date fields, and the relative limits "today-18y". */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "forms/forms_int.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Days in a month of the Gregorian calendar. */
static int month_days(int y, int m)
{
	static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	if (m < 1 || m > 12)
		return 0;
	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return days[m - 1];
}

/* n ASCII digits at s as a number, -1 when one is not a digit. */
static int digits(const char *s, int n)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

bool day_parse(const char *s, FormsDay *out)
{
	if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return false;
	int y = digits(s, 4), m = digits(s + 5, 2), d = digits(s + 8, 2);
	if (y < 1 || m < 1 || d < 1 || d > month_days(y, m))
		return false;
	if (out)
		*out = (FormsDay){ y, m, d };
	return true;
}

void day_format(FormsDay d, char out[11])
{
	unsigned y = (unsigned)d.y % 10000, m = (unsigned)d.m % 100, dd = (unsigned)d.d % 100;
	char buf[32];
	snprintf(buf, sizeof buf, "%04u-%02u-%02u", y, m, dd);
	memcpy(out, buf, 10);
	out[10] = '\0';
}

int day_cmp(FormsDay a, FormsDay b)
{
	if (a.y != b.y)
		return a.y < b.y ? -1 : 1;
	if (a.m != b.m)
		return a.m < b.m ? -1 : 1;
	return a.d < b.d ? -1 : a.d > b.d;
}

/* Days since 1970-01-01 of a civil date, and back (H. Hinnant's algorithm). */
static long days_from_civil(int y, int m, int d)
{
	y -= m <= 2;
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* The civil date of a day number. */
static FormsDay civil_from_days(long z)
{
	z += 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	long doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long y = yoe + era * 400;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;
	int d = (int)(doy - (153 * mp + 2) / 5 + 1);
	int m = (int)(mp < 10 ? mp + 3 : mp - 9);
	return (FormsDay){ (int)(y + (m <= 2)), m, d };
}

/* Split "today[+-]N[dmy]": sign, amount, unit; false on other syntax. */
static bool spec_split(const char *spec, int *sign, long *n, char *unit)
{
	if (strncmp(spec, "today", 5) != 0)
		return false;
	spec += 5;
	*sign = 0, *n = 0, *unit = 'd';
	if (!*spec)
		return true;
	if (*spec != '+' && *spec != '-')
		return false;
	*sign = *spec++ == '-' ? -1 : 1;
	const char *p = spec;
	while (*p >= '0' && *p <= '9') {
		if (*n > 100000)
			return false;
		*n = *n * 10 + (*p++ - '0');
	}
	if (p == spec || (*p != 'd' && *p != 'm' && *p != 'y') || p[1])
		return false;
	*unit = *p;
	return true;
}

bool day_spec_ok(const char *spec)
{
	int sign;
	long n;
	char unit;
	return spec && (day_parse(spec, NULL) || spec_split(spec, &sign, &n, &unit));
}

bool day_spec_resolve(const char *spec, FormsDay today, FormsDay *out)
{
	int sign;
	long n;
	char unit;
	if (!spec)
		return false;
	if (day_parse(spec, out))
		return true;
	if (!spec_split(spec, &sign, &n, &unit))
		return false;
	if (unit == 'd') {
		*out = civil_from_days(days_from_civil(today.y, today.m, today.d) + sign * n);
		return true;
	}
	long months = (long)today.y * 12 + (today.m - 1) + sign * (unit == 'y' ? n * 12 : n);
	if (months < 12 || months >= 10000L * 12)
		return false;
	FormsDay r = { (int)(months / 12), (int)(months % 12) + 1, today.d };
	if (r.d > month_days(r.y, r.m))
		r.d = month_days(r.y, r.m); /* 02-29 minus a year is 02-28 */
	*out = r;
	return true;
}

FormsDay day_today(const char *override)
{
	FormsDay d;
	if (override && day_parse(override, &d))
		return d;
	time_t t = time(NULL);
	struct tm tm;
	localtime_r(&t, &tm);
	return (FormsDay){ tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday };
}
