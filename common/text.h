/* text: the one sanitizing sink for untrusted text, and display widths. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef YC_TEXT_H
#define YC_TEXT_H
#include <stddef.h>
#include <stdint.h>

enum {
	TEXT_ONE_LINE = 0,      /* newlines and tabs become one space */
	TEXT_KEEP_NEWLINES = 1, /* keep '\n', tabs become a space */
};

/* Every string from the network, a draft or a chat goes through here before
 * it is shown: C0/C1 controls, DEL, escape sequences (CSI, OSC, DCS …) and
 * bidi overrides are dropped; invalid UTF-8 becomes U+FFFD. Returns a new
 * string the caller frees. NULL in gives "". */
char *text_clean(const char *in, int flags);

/* Decode one UTF-8 character at s (at most n bytes). Stores the code point
 * (U+FFFD when invalid) and returns the bytes used (>= 1 when n >= 1). */
size_t text_utf8_decode(const char *s, size_t n, uint32_t *cp);
/* The offset of the first byte of s[0..n) that is not valid UTF-8 (an
 * overlong form, a surrogate, a cut sequence…), or n when all of it is. */
size_t text_utf8_invalid_at(const char *s, size_t n);
/* Encode cp into out (4 bytes room); returns bytes written. */
size_t text_utf8_encode(uint32_t cp, char *out);

/* Columns one code point takes: wcwidth() of the current locale, with
 * controls and C1 forced to 0, CJK wide characters 2. */
int text_cp_width(uint32_t cp);
/* Columns of a (clean) UTF-8 string. */
int text_width(const char *s);
/* Bytes of the longest prefix of s that fits in cols columns without
 * splitting a character; *used (may be NULL) gets the columns it takes. */
size_t text_fit(const char *s, int cols, int *used);
/* Bytes of the longest suffix of s that fits in cols columns. */
size_t text_fit_tail(const char *s, int cols, int *used);

#endif
