/* countries: ISO 3166-1 (GB/T 2659) numeric country codes. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef YC_COUNTRIES_H
#define YC_COUNTRIES_H
#include <stddef.h>

/* Generated (tools/gen-divisions.js) into data/countries.tsv and
 * common/countries_data.c; used for the nationality code of the 2023
 * foreign permanent residence ID. */
typedef struct Country {
	int numeric;         /* 156 */
	const char *alpha3;  /* "CHN" */
	const char *name_zh; /* "中国" */
	const char *name_en; /* "China" */
} Country;

extern const Country country_table[];
extern const size_t country_table_len;

/* Entry for a numeric code, or NULL. */
const Country *country_find(int numeric);

#endif
