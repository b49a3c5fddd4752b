/* countries: look-ups in the generated ISO 3166-1 numeric table. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "common/countries.h"

/* Binary search over the table, sorted by numeric code by the generator. */
const Country *country_find(int numeric)
{
	size_t lo = 0, hi = country_table_len;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (country_table[mid].numeric == numeric)
			return &country_table[mid];
		if (country_table[mid].numeric < numeric)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}
