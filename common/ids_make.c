/* ids_make: valid identifiers for test and demo data, and a small reproducible PRNG. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "common/ids_int.h"
#include "common/countries.h"
#include "common/divisions.h"
#include <stdio.h>
#include <string.h>

/* Write 17 characters plus the check digit; out gets 19 bytes. */
static bool finish_person(char *body, char *out)
{
	char c = id_mod11_2(body);
	if (!c)
		return false;
	memcpy(out, body, 17);
	out[17] = c;
	out[18] = '\0';
	return true;
}

static bool fail_out(char *out)
{
	if (out)
		out[0] = '\0';
	return false;
}

bool id_make_citizen(const char *area, int y, int m, int d, int seq, char *out)
{
	char b[24];
	const Division *dv = division_find6(area);
	if (!out || !dv || division_level(dv->code) == DIV_PROVINCE || seq < 0 || seq > 999 ||
	    ids_date_rule(y, m, d) != ID_OK)
		return fail_out(out);
	snprintf(b, sizeof b, "%06d%04d%02d%02d%03d", (int)dv->code, y, m, d, seq);
	return finish_person(b, out);
}

/* The 1989 form: no century, no check digit; out gets 16 bytes. */
bool id_make_legacy15(const char *area, int y, int m, int d, int seq, char *out)
{
	const Division *dv = division_find6(area);
	if (!out || !dv || division_level(dv->code) == DIV_PROVINCE || seq < 0 || seq > 999 ||
	    y < 1900 || y > 1999 || ids_date_rule(y, m, d) != ID_OK)
		return fail_out(out);
	snprintf(out, 16, "%06d%02d%02d%02d%03d", (int)dv->code, y % 100, m, d, seq);
	return true;
}

bool id_make_hmt_permit(char region, int y, int m, int d, int seq, char *out)
{
	static const struct { char region; int prefix; } prefixes[] = {
		{ 'H', 810000 }, { 'M', 820000 }, { 'T', 830000 },
	};
	char b[24];
	if (!out || seq < 0 || seq > 999 || ids_date_rule(y, m, d) != ID_OK)
		return fail_out(out);
	for (size_t i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++) {
		if (prefixes[i].region != region)
			continue;
		snprintf(b, sizeof b, "%06d%04d%02d%02d%03d", prefixes[i].prefix, y, m, d, seq);
		return finish_person(b, out);
	}
	return fail_out(out);
}

bool id_make_foreign_pr(int province, int country, int y, int m, int d, int seq, char *out)
{
	char b[24];
	const Division *p = province > 0 && province < 71 ? division_find(province * 10000) : NULL;
	if (!out || !p || !p->current || !country_find(country) || seq < 0 || seq > 999 ||
	    ids_date_rule(y, m, d) != ID_OK)
		return fail_out(out);
	snprintf(b, sizeof b, "9%02d%03d%04d%02d%02d%03d", province, country, y, m, d, seq);
	return finish_person(b, out);
}

bool id_make_uscc(char authority, char category, const char *division, const char *org8, char *out)
{
	char b[19];
	if (!out || !division || !org8 || strlen(division) != 6 || strlen(org8) != 8 ||
	    !ids_uscc_pair_ok(authority, category) ||
	    (strcmp(division, "100000") != 0 && !division_find6(division)))
		return fail_out(out);
	for (int i = 0; i < 8; i++)
		if (id_uscc_value(org8[i]) < 0)
			return fail_out(out);
	b[0] = authority;
	b[1] = category;
	memcpy(b + 2, division, 6);
	memcpy(b + 8, org8, 8);
	b[16] = id_org_check(org8);
	b[17] = id_uscc_check(b);
	b[18] = '\0';
	memcpy(out, b, 19);
	return true;
}

bool id_make_mobile(int prefix3, long subscriber8, char *out)
{
	if (!out || prefix3 < 130 || prefix3 > 199 || subscriber8 < 0 || subscriber8 > 99999999L)
		return fail_out(out);
	snprintf(out, 12, "%03d%08ld", prefix3, subscriber8);
	return true;
}

/* splitmix64: tiny, fast, and good enough for demo data. */
uint64_t id_rand(uint64_t *state)
{
	uint64_t z = (*state += 0x9E3779B97F4A7C15ULL);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

static int rand_in(uint64_t *st, int lo, int hi)
{
	return lo + (int)(id_rand(st) % (uint64_t)(hi - lo + 1));
}

/* A current division of the wanted level, picked uniformly by retrying. */
static const Division *rand_division(uint64_t *st, bool county_only)
{
	for (;;) {
		const Division *d = &division_table[id_rand(st) % division_table_len];
		DivLevel l = division_level(d->code);
		if (d->current && d->code < 710000 && (l == DIV_COUNTY || (!county_only && l == DIV_PREFECTURE)))
			return d;
	}
}

void id_random_citizen(uint64_t *st, char *out)
{
	char area[8];
	snprintf(area, sizeof area, "%06d", (int)rand_division(st, true)->code);
	int y = rand_in(st, 1930, 2010), m = rand_in(st, 1, 12);
	int d = rand_in(st, 1, ids_days_in_month(y, m));
	id_make_citizen(area, y, m, d, rand_in(st, 0, 999), out);
}

void id_random_uscc(uint64_t *st, char *out)
{
	static const char chars[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
	char area[8], org[9], a = '9', c = '1';
	/* Most codes at a counter are companies (91) and sole traders (92). */
	int pick = rand_in(st, 0, 9);
	if (pick >= 8)
		ids_uscc_pair((size_t)rand_in(st, 0, (int)ids_uscc_pair_count() - 1), &a, &c);
	else if (pick >= 6)
		c = '2';
	snprintf(area, sizeof area, "%06d", (int)rand_division(st, false)->code);
	for (int i = 0; i < 8; i++)
		org[i] = chars[rand_in(st, 0, i == 0 ? 9 : 30)];
	org[8] = '\0';
	id_make_uscc(a, c, area, org, out);
}

void id_random_mobile(uint64_t *st, char *out)
{
	id_make_mobile(rand_in(st, 130, 199), (long)rand_in(st, 0, 99999999), out);
}
