/* divisions: look-ups in the generated GB/T 2260 table. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "common/divisions.h"
#include <stdio.h>
#include <string.h>

/* Binary search: the generator writes the table sorted by code. */
const Division *division_find(int32_t code)
{
	size_t lo = 0, hi = division_table_len;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (division_table[mid].code == code)
			return &division_table[mid];
		if (division_table[mid].code < code)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* Six ASCII digits to a code, then look it up. */
const Division *division_find6(const char *s)
{
	int32_t code = 0;
	if (!s)
		return NULL;
	for (int i = 0; i < 6; i++) {
		if (s[i] < '0' || s[i] > '9')
			return NULL;
		code = code * 10 + (s[i] - '0');
	}
	return division_find(code);
}

/* The level is in the shape: xx0000 province, xxxx00 prefecture. */
DivLevel division_level(int32_t code)
{
	if (code < 100000 || code > 999999)
		return DIV_NONE;
	if (code % 10000 == 0)
		return DIV_PROVINCE;
	if (code % 100 == 0)
		return DIV_PREFECTURE;
	return DIV_COUNTY;
}

/* Province entry above (or equal to) a code. */
const Division *division_province(int32_t code)
{
	return division_level(code) == DIV_NONE ? NULL : division_find(code / 10000 * 10000);
}

/* Prefecture entry above (or equal to) a county or prefecture code. */
const Division *division_prefecture(int32_t code)
{
	DivLevel l = division_level(code);
	if (l == DIV_NONE || l == DIV_PROVINCE)
		return NULL;
	return division_find(code / 100 * 100);
}

/* Append name to out unless empty or a bare grouping word of the table. */
static void add_name(char *out, size_t n, const char *name)
{
	static const char *const groups[] = { "市辖区", "县", "省直辖县级行政区划",
		"自治区直辖县级行政区划", "省直辖县级行政单位" };
	size_t len = strlen(out);
	if (!name || !*name)
		return;
	for (size_t i = 0; i < sizeof groups / sizeof groups[0]; i++)
		if (strcmp(name, groups[i]) == 0)
			return;
	snprintf(out + len, n - len, "%s%s", len ? " " : "", name);
}

/* "广东省 广州市 天河区" from the three levels present in the table. */
bool division_full_name(int32_t code, char *out, size_t n)
{
	const Division *self = division_find(code);
	if (!out || n == 0)
		return false;
	out[0] = '\0';
	if (!self)
		return false;
	const Division *prov = division_province(code);
	const Division *pref = division_prefecture(code);
	if (prov && prov != self)
		add_name(out, n, prov->name);
	if (pref && pref != self)
		add_name(out, n, pref->name);
	add_name(out, n, self->name);
	if (!out[0])
		snprintf(out, n, "%s", self->name);
	return true;
}
