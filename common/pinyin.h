/* pinyin: readings of Han characters, and typed pinyin (initials, full, mixed) matched against Chinese text. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef YC_PINYIN_H
#define YC_PINYIN_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * The readings come from the Unihan database (kMandarin, kTGHZ2013, kXHC1983,
 * kHanyuPinyin), every reading of every character, generated at build time.
 * A reading is toneless lowercase ASCII with ü spelt v ("lv", "nve").
 *
 * Text is UTF-8. Positions are byte offsets into the text, for highlighting.
 * Letters and digits in the text (ASCII or full-width) match themselves.
 * Spaces and punctuation between characters are skipped by the matchers, so
 * "社会 保险" matches "shbx"; any other character breaks a match.
 * No function allocates.
 */

enum {
	PINYIN_READINGS_MAX = 16, /* no character has more readings */
	PINYIN_QUERY_MAX = 63,    /* bytes of a normalized query; longer ones never match */
	PINYIN_EXPAND_CHARS = 64, /* characters of a text the expansions spell */
};

/* Readings of cp, customary one first, into out (at most max); returns how
 * many were stored, 0 when cp is not a Han character with a reading. */
int pinyin_readings(uint32_t cp, const char **out, int max);

/* Typed input as the matchers see it: ASCII and full-width letters lower
 * case, ü as v, spaces and apostrophes ("xi'an") removed, other characters
 * (Han, digits) kept, controls and invalid UTF-8 dropped. Writes at most
 * outsz bytes with a NUL, never splitting a character; returns the length. */
size_t pinyin_normalize(const char *in, char *out, size_t outsz);

/* The first letter of each Han character's customary reading ("个体工商户"
 * gives "gtgsh"); other characters pass through, ASCII and full-width letters
 * and digits folded to lower-case ASCII. Output as pinyin_normalize. */
size_t pinyin_initials(const char *utf8, char *out, size_t outsz);

/* Every spelling of the text for an index, most likely first: by initials
 * ("重庆" gives "zq cq tq") or by full pinyin ("zhongqing chongqing
 * tongqing"). Only letters, digits and Han characters with readings count,
 * the first PINYIN_EXPAND_CHARS of them.
 * Spellings are separated by one space; at most cap of them, and only whole
 * ones that fit outsz (with the NUL). The order is by how far the choice
 * strays from each character's customary reading, so a small cap keeps the
 * likely ones. Returns how many were written. */
int pinyin_expand_initials(const char *utf8, char *out, size_t outsz, int cap);
int pinyin_expand_full(const char *utf8, char *out, size_t outsz, int cap);

/* A query prepared once and matched against many texts. */
typedef struct PinyinQuery {
	char q[PINYIN_QUERY_MAX + 1]; /* normalized */
	uint8_t len;                  /* bytes of q */
	uint32_t letters;             /* bit c - 'a' set when letter c is in q */
	bool usable;                  /* 1..PINYIN_QUERY_MAX bytes */
	bool initials;                /* only letters and digits: initials can match */
	uint64_t pos[36];             /* a-z, 0-9: bit i set when q[i] is that symbol */
} PinyinQuery;

/* Normalize and prepare query; false when it can never match (empty, or
 * longer than PINYIN_QUERY_MAX once normalized). */
bool pinyin_query_init(PinyinQuery *pq, const char *query);

/* By initials: consecutive characters of text, each matching one query
 * letter by the first letter of any of its readings ("重庆" matches "cq" and
 * "zq"). The leftmost match is reported: *start and *len (either may be
 * NULL) get its bytes in text. */
bool pinyin_query_initials(const PinyinQuery *pq, const char *text, size_t *start, size_t *len);

/* By full or mixed pinyin, as a pinyin IME reads it: each character is
 * spelt by one of its readings in full, by its initial letter, or by zh/ch/sh,
 * and the last one by any start of a reading, so "chongqing", "zhongqing",
 * "chongq", "cqing", "zhq" and "cq" all match "重庆". Han characters in the
 * query match themselves ("重qing"). Leftmost, then shortest, match. */
bool pinyin_query_full(const PinyinQuery *pq, const char *text, size_t *start, size_t *len);

/* One-off forms of the two above for a single text. */
bool pinyin_match_initials(const char *text, const char *query, size_t *start, size_t *len);
bool pinyin_match_full(const char *text, const char *query, size_t *start, size_t *len);

#endif
