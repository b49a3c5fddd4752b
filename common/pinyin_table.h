/* pinyin_table: the tables tools/gen-pinyin generates (build/gen/pinyin_data.c); used only by pinyin.c. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef YC_PINYIN_TABLE_H
#define YC_PINYIN_TABLE_H
#include <stdint.h>

#define PINYIN_SYL_LEN 8 /* longest toneless syllable ("zhuang") and its NUL */

/* Counts over the whole table, for sanity checks and reports. */
extern const uint32_t pinyin_nchars, pinyin_nreadings;
extern const uint16_t pinyin_nsets;
extern const uint32_t pinyin_max_cp;
/* Toneless syllables, lowercase ASCII, ü spelt v. */
extern const char pinyin_syl[][PINYIN_SYL_LEN];
/* Reading set s (s >= 1) is the syllable ids pinyin_set_syl[pinyin_set_off[s]
 * .. pinyin_set_off[s + 1]), customary reading first; set 0 is empty. */
extern const uint16_t pinyin_set_syl[];
extern const uint32_t pinyin_set_off[];
/* Bit (letter - 'a') is set when some reading of set s starts with letter. */
extern const uint32_t pinyin_set_mask[];
/* Character cp (<= pinyin_max_cp) has reading set
 * pinyin_pages[pinyin_page_idx[cp >> 8]][cp & 0xFF]; page 0 is all zero. */
extern const uint16_t pinyin_page_idx[];
extern const uint16_t pinyin_pages[][256];

#endif
