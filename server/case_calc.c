/* case_calc: case numbers, promised completion dates in working days, money amounts. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "server/case_calc.h"
#include <stdio.h>
#include <string.h>
#include <time.h>

bool case_number_make(const char *hall_id, const char *day, int serial, char *out, size_t outsz)
{
	char hall[16];
	size_t n = 0;
	for (const char *p = hall_id; p && *p && n < 12; p++) {
		char c = *p;
		if (c >= 'a' && c <= 'z')
			c = (char)(c - 32);
		if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
			hall[n++] = c;
	}
	hall[n] = '\0';
	if (n == 0 || !day || strlen(day) != 8 || strspn(day, "0123456789") != 8 || serial < 1 ||
	    serial > CASE_MAX_SERIAL)
		return false;
	int w = snprintf(out, outsz, "%s-%s-%04d", hall, day, serial);
	return w > 0 && (size_t)w < outsz;
}

bool case_number_split(const char *number, char *hall, size_t hallsz, char day[9], int *serial)
{
	const char *a = strchr(number, '-');
	const char *b = a ? strchr(a + 1, '-') : NULL;
	if (!a || !b || a == number || (size_t)(a - number) > 12 || (size_t)(a - number) >= hallsz || b - a != 9 ||
	    strlen(b + 1) != 4 || strspn(b + 1, "0123456789") != 4 || strspn(a + 1, "0123456789") != 8)
		return false;
	for (const char *p = number; p < a; p++)
		if (!((*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9')))
			return false;
	memcpy(hall, number, (size_t)(a - number));
	hall[a - number] = '\0';
	memcpy(day, a + 1, 8);
	day[8] = '\0';
	int s = 0;
	for (const char *p = b + 1; *p; p++)
		s = s * 10 + (*p - '0');
	*serial = s;
	return s >= 1;
}

/* Move a civil date by days (timegm at noon keeps clear of DST). */
static void add_days(struct tm *t, int days)
{
	t->tm_mday += days;
	t->tm_hour = 12;
	time_t x = timegm(t);
	gmtime_r(&x, t);
}

void case_due_date(int y, int m, int d, int value, const char *unit, int *oy, int *om, int *od)
{
	struct tm t = { 0 };
	t.tm_year = y - 1900;
	t.tm_mon = m - 1;
	t.tm_mday = d;
	add_days(&t, 0);
	if (unit && strcmp(unit, "calendar_days") == 0) {
		add_days(&t, value);
	} else {
		int working = value;
		if (unit && strcmp(unit, "hours") == 0)
			working = value <= 8 ? 0 : (value + 7) / 8 - 1;
		while (working > 0) {
			add_days(&t, 1);
			if (t.tm_wday != 0 && t.tm_wday != 6)
				working--;
		}
	}
	*oy = t.tm_year + 1900;
	*om = t.tm_mon + 1;
	*od = t.tm_mday;
}

bool money_parse(const char *s, int64_t *cents)
{
	if (!s)
		return false;
	const char *dot = strchr(s, '.');
	size_t ip = dot ? (size_t)(dot - s) : 0;
	if (!dot || ip < 1 || ip > 13 || strspn(s, "0123456789") != ip || strlen(dot + 1) != 2 ||
	    strspn(dot + 1, "0123456789") != 2)
		return false;
	int64_t v = 0;
	for (const char *p = s; *p; p++)
		if (*p != '.')
			v = v * 10 + (*p - '0');
	*cents = v;
	return true;
}

void money_format(int64_t cents, char *out, size_t outsz)
{
	if (cents < 0)
		cents = 0;
	snprintf(out, outsz, "%lld.%02lld", (long long)(cents / 100), (long long)(cents % 100));
}
