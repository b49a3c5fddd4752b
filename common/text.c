/* text: sanitizing sink for untrusted text and CJK-aware widths. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "common/text.h"
#include "common/xalloc.h"
#include <string.h>
#include <wchar.h>

size_t text_utf8_decode(const char *str, size_t n, uint32_t *cp)
{
	const unsigned char *s = (const unsigned char *)str;
	if (n == 0) {
		*cp = 0;
		return 0;
	}
	unsigned c = s[0];
	size_t len;
	uint32_t v, min;
	if (c < 0x80) {
		*cp = c;
		return 1;
	} else if (c >= 0xC2 && c <= 0xDF) {
		len = 2; v = c & 0x1F; min = 0x80;
	} else if (c >= 0xE0 && c <= 0xEF) {
		len = 3; v = c & 0x0F; min = 0x800;
	} else if (c >= 0xF0 && c <= 0xF4) {
		len = 4; v = c & 0x07; min = 0x10000;
	} else {
		*cp = 0xFFFD;
		return 1;
	}
	if (len > n) {
		*cp = 0xFFFD;
		return 1;
	}
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80) {
			*cp = 0xFFFD;
			return i;
		}
		v = (v << 6) | (s[i] & 0x3F);
	}
	if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) {
		*cp = 0xFFFD;
		return len;
	}
	*cp = v;
	return len;
}

size_t text_utf8_invalid_at(const char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		uint32_t cp;
		size_t len = text_utf8_decode(s + i, n - i, &cp);
		/* U+FFFD stands for what could not be decoded, unless it is
		 * written out itself (EF BF BD). */
		if (cp == 0xFFFD && !(len == 3 && memcmp(s + i, "\xEF\xBF\xBD", 3) == 0))
			return i;
		i += len;
	}
	return n;
}

size_t text_utf8_encode(uint32_t cp, char *out)
{
	unsigned char *o = (unsigned char *)out;
	if (cp < 0x80) {
		o[0] = (unsigned char)cp;
		return 1;
	} else if (cp < 0x800) {
		o[0] = (unsigned char)(0xC0 | (cp >> 6));
		o[1] = (unsigned char)(0x80 | (cp & 0x3F));
		return 2;
	} else if (cp < 0x10000) {
		o[0] = (unsigned char)(0xE0 | (cp >> 12));
		o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
		o[2] = (unsigned char)(0x80 | (cp & 0x3F));
		return 3;
	}
	o[0] = (unsigned char)(0xF0 | (cp >> 18));
	o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
	o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
	o[3] = (unsigned char)(0x80 | (cp & 0x3F));
	return 4;
}

/* Bidi embedding, override and isolate controls, and the marks: they can
 * make a string display differently from what it holds. */
static int is_bidi_control(uint32_t cp)
{
	return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) ||
	       cp == 0x200E || cp == 0x200F || cp == 0x061C;
}

/* Skip an escape sequence that starts at s[i] (ESC) or a C1 introducer
 * (already decoded as cp, ending at i). Returns the index after it. */
static size_t skip_escape(const char *s, size_t n, size_t i, uint32_t intro)
{
	/* intro is '[' (CSI), ']' (OSC), 'P' (DCS), '_' 'X' '^' (string
	 * sequences) or another final byte. */
	if (intro == '[') {
		while (i < n) {
			unsigned char c = (unsigned char)s[i++];
			if (c >= 0x40 && c <= 0x7E)
				break;
			if (c < 0x20 && c != 0x1B)
				continue;
			if (c == 0x1B || c >= 0x80)
				return i - 1; /* malformed: resume at it */
		}
		return i;
	}
	if (intro == ']' || intro == 'P' || intro == '_' || intro == 'X' || intro == '^') {
		/* String terminated by BEL, ESC \\ or C1 ST (U+009C). */
		while (i < n) {
			unsigned char c = (unsigned char)s[i];
			if (c == 0x07)
				return i + 1;
			if (c == 0x1B)
				return (i + 1 < n && s[i + 1] == '\\') ? i + 2 : i + 1;
			if (c == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] == 0x9C)
				return i + 2;
			i++;
		}
		return i;
	}
	/* Two-character escapes: intro is already the final byte (ESC c,
	 * ESC 7), or an intermediate 0x20-0x2F that more bytes follow. */
	if (intro >= 0x30)
		return i;
	while (i < n && (unsigned char)s[i] >= 0x20 && (unsigned char)s[i] <= 0x2F)
		i++;
	return i < n ? i + 1 : i;
}

char *text_clean(const char *in, int flags)
{
	if (!in)
		return xstrdup("");
	size_t n = strlen(in);
	/* U+FFFD (3 bytes) can replace a single invalid byte: worst case 3x. */
	char *out = xmalloc(n * 3 + 1);
	size_t o = 0, i = 0;
	while (i < n) {
		uint32_t cp;
		size_t len = text_utf8_decode(in + i, n - i, &cp);
		i += len;
		if (cp == 0x1B) {
			if (i >= n)
				break;
			uint32_t intro = (unsigned char)in[i++];
			i = skip_escape(in, n, i, intro);
			continue;
		}
		if (cp >= 0x80 && cp <= 0x9F) {
			/* C1: CSI, OSC, DCS, APC, PM, SOS introduce sequences. */
			static const struct { uint32_t c1; uint32_t as; } c1seq[] = {
				{0x9B, '['}, {0x9D, ']'}, {0x90, 'P'}, {0x9F, '_'},
				{0x9E, '^'}, {0x98, 'X'},
			};
			for (size_t k = 0; k < sizeof c1seq / sizeof c1seq[0]; k++)
				if (c1seq[k].c1 == cp) {
					i = skip_escape(in, n, i, c1seq[k].as);
					break;
				}
			continue;
		}
		if (cp == '\n' && (flags & TEXT_KEEP_NEWLINES)) {
			out[o++] = '\n';
			continue;
		}
		if (cp == '\n' || cp == '\t' || cp == '\r') {
			if (cp == '\r' && i < n && in[i] == '\n')
				continue; /* CRLF: let the LF decide */
			if (o > 0 && out[o - 1] != ' ' && out[o - 1] != '\n')
				out[o++] = ' ';
			continue;
		}
		if (cp < 0x20 || cp == 0x7F || is_bidi_control(cp))
			continue;
		o += text_utf8_encode(cp, out + o);
	}
	out[o] = '\0';
	return out;
}

int text_cp_width(uint32_t cp)
{
	if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0))
		return 0;
	if (cp < 0x7F)
		return 1;
	int w = wcwidth((wchar_t)cp);
	if (w >= 0)
		return w;
	/* Locale without width data: wide East Asian ranges by hand. */
	if ((cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) ||
	    (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
	    (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
	    (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x20000 && cp <= 0x3FFFD))
		return 2;
	return 1;
}

int text_width(const char *s)
{
	int w = 0;
	size_t n = strlen(s), i = 0;
	while (i < n) {
		uint32_t cp;
		i += text_utf8_decode(s + i, n - i, &cp);
		w += text_cp_width(cp);
	}
	return w;
}

size_t text_fit(const char *s, int cols, int *used)
{
	int w = 0;
	size_t n = strlen(s), i = 0;
	while (i < n) {
		uint32_t cp;
		size_t len = text_utf8_decode(s + i, n - i, &cp);
		int cw = text_cp_width(cp);
		if (w + cw > cols)
			break;
		w += cw;
		i += len;
	}
	if (used)
		*used = w;
	return i;
}

size_t text_fit_tail(const char *s, int cols, int *used)
{
	size_t n = strlen(s);
	size_t start = n;
	int w = 0;
	while (start > 0) {
		size_t p = start - 1;
		while (p > 0 && ((unsigned char)s[p] & 0xC0) == 0x80)
			p--;
		uint32_t cp;
		text_utf8_decode(s + p, start - p, &cp);
		int cw = text_cp_width(cp);
		if (w + cw > cols)
			break;
		w += cw;
		start = p;
	}
	if (used)
		*used = w;
	return n - start;
}
