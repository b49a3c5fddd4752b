/* divisions: GB/T 2260 administrative division codes, current and historical. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef YC_DIVISIONS_H
#define YC_DIVISIONS_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The table is generated (tools/gen-divisions.js) from public npm packages
 * into data/divisions.tsv and common/divisions_data.c; never edit it by hand. */

typedef enum DivLevel {
	DIV_NONE = 0,
	DIV_PROVINCE,   /* xx0000 */
	DIV_PREFECTURE, /* xxxx00 */
	DIV_COUNTY,     /* anything else */
} DivLevel;

typedef struct Division {
	int32_t code;     /* six digits as a number: 110105 */
	uint8_t current;  /* 1 in the current table, 0 only in historical tables */
	const char *name; /* UTF-8; "" when the source gives no trustworthy name */
} Division;

/* The generated table, sorted by code. */
extern const Division division_table[];
extern const size_t division_table_len;
extern const char division_table_source[];

/* Entry for a code, or NULL when the code never existed (per the sources). */
const Division *division_find(int32_t code);
/* Same for six ASCII digits at s (need not be terminated); NULL if not digits. */
const Division *division_find6(const char *s);
/* Level implied by the shape of a code. */
DivLevel division_level(int32_t code);
/* The province (xx0000) and prefecture (xxxx00) entries above a code; NULL
 * when that level is not in the table. */
const Division *division_province(int32_t code);
const Division *division_prefecture(int32_t code);
/* Write "北京市 朝阳区"-style full name (province, prefecture, county, each
 * once) into out; returns false (out = "") when the code is unknown. */
bool division_full_name(int32_t code, char *out, size_t n);

#endif
