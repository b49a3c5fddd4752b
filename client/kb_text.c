/* kb_text: the tokens of the knowledge index (Han characters and pairs,
 * Latin words, pinyin initials of titles) and the body markup as plain text. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "client/kb_int.h"
#include "common/kbmarkup.h"
#include "common/pinyin.h"
#include "common/text.h"
#include "common/xalloc.h"

#include <stdio.h>
#include <string.h>

bool kb_is_han(uint32_t cp)
{
	return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
	       (cp >= 0x20000 && cp <= 0x323AF) || (cp >= 0xF900 && cp <= 0xFAFF) || cp == 0x3007;
}

/* ASCII or full-width letter or digit as lower-case ASCII; 0 if none. */
static char fold_alnum(uint32_t cp)
{
	if (cp >= 0xFF10 && cp <= 0xFF19)
		cp -= 0xFF10 - '0';
	else if (cp >= 0xFF21 && cp <= 0xFF3A)
		cp -= 0xFF21 - 'A';
	else if (cp >= 0xFF41 && cp <= 0xFF5A)
		cp -= 0xFF41 - 'a';
	if (cp >= 'A' && cp <= 'Z')
		return (char)(cp - 'A' + 'a');
	if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9'))
		return (char)cp;
	return 0;
}

/* One character of a NUL-terminated string. */
static size_t next_cp(const char *s, uint32_t *cp)
{
	const unsigned char *u = (const unsigned char *)s;
	if (u[0] < 0x80) {
		*cp = u[0];
		return 1;
	}
	return text_utf8_decode(s, strnlen(s, 4), cp);
}

size_t kb_chars(const char *s)
{
	size_t n = 0;
	for (const unsigned char *u = (const unsigned char *)s; *u; u++)
		n += (*u & 0xC0) != 0x80;
	return n;
}

void kb_tokens_text(const char *text, kb_tok_cb cb, void *ud)
{
	char word[KB_TOK_MAX];
	size_t wlen = 0;
	const char *prev = NULL; /* the previous Han character, for pairs */
	size_t prevn = 0;
	for (const char *s = text; s && *s;) {
		uint32_t cp;
		size_t n = next_cp(s, &cp);
		char c = fold_alnum(cp);
		if (c) {
			if (wlen == 0)
				word[wlen++] = '#';
			if (wlen < sizeof word)
				word[wlen++] = c;
		} else if (wlen) {
			cb(word, wlen, ud);
			wlen = 0;
		}
		if (kb_is_han(cp)) {
			cb(s, n, ud);
			if (prev) {
				char pair[8];
				memcpy(pair, prev, prevn);
				memcpy(pair + prevn, s, n);
				cb(pair, prevn + n, ud);
			}
			prev = s;
			prevn = n;
		} else {
			prev = NULL;
		}
		s += n;
	}
	if (wlen)
		cb(word, wlen, ud);
}

/* The initials a character can be typed with: first letters of its
 * readings, or the folded letter or digit itself. Returns how many; 0 for
 * a character the matchers step over; -1 for one that breaks a match.
 * Each reading in full goes to cb as "^reading". */
static int unit_initials(uint32_t cp, char out[PINYIN_READINGS_MAX], kb_tok_cb cb, void *ud)
{
	const char *r[PINYIN_READINGS_MAX];
	int n = pinyin_readings(cp, r, PINYIN_READINGS_MAX), k = 0;
	for (int i = 0; i < n; i++) {
		char tok[12];
		int l = snprintf(tok, sizeof tok, "^%s", r[i]);
		if (l > 1 && l < (int)sizeof tok)
			cb(tok, (size_t)l, ud);
		if (!memchr(out, r[i][0], (size_t)k))
			out[k++] = r[i][0];
	}
	if (k)
		return k;
	char c = fold_alnum(cp);
	if (c) {
		out[0] = c;
		return 1;
	}
	return cp < 0x20 || cp == 0x7F ? -1 : 0;
}

/* Every combination of the initials of units a..a+len-1 as "~xyz". */
static void emit_grams(char units[3][PINYIN_READINGS_MAX], const int *nu, int len, kb_tok_cb cb, void *ud)
{
	char tok[5] = {'~'};
	int idx[3] = {0, 0, 0}, emitted = 0;
	for (;;) {
		for (int i = 0; i < len; i++)
			tok[1 + i] = units[i][idx[i]];
		cb(tok, (size_t)len + 1, ud);
		if (++emitted >= 64)
			return;
		int i = len - 1;
		while (i >= 0 && ++idx[i] >= nu[i])
			idx[i--] = 0;
		if (i < 0)
			return;
	}
}

void kb_tokens_pinyin(const char *text, kb_tok_cb cb, void *ud)
{
	char win[3][PINYIN_READINGS_MAX]; /* the last three units, oldest first */
	int nwin[3], have = 0;
	for (const char *s = text; s && *s;) {
		uint32_t cp;
		s += next_cp(s, &cp);
		char cur[PINYIN_READINGS_MAX];
		int k = unit_initials(cp, cur, cb, ud);
		if (k < 0) {
			have = 0;
			continue;
		}
		if (k == 0)
			continue;
		if (have == 3) {
			memmove(win[0], win[1], sizeof win[0] * 2);
			nwin[0] = nwin[1];
			nwin[1] = nwin[2];
			have = 2;
		}
		memcpy(win[have], cur, (size_t)k);
		nwin[have++] = k;
		/* The grams ending at this unit: lengths 1 .. have. */
		for (int len = 1; len <= have; len++)
			emit_grams(win + (have - len), nwin + (have - len), len, cb, ud);
	}
}

char *kb_plain(const char *markup)
{
	return kbm_plain(markup);
}
