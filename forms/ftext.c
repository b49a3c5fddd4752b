/* ftext: UTF-8 character counts, trimming and the clean-text rule for form values. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "forms/forms_int.h"
#include "common/text.h"
#include "common/xalloc.h"
#include <stdlib.h>
#include <string.h>

size_t utf8_chars(const char *s)
{
	size_t n = 0, len = s ? strlen(s) : 0;
	for (size_t i = 0; i < len; n++) {
		uint32_t cp;
		i += text_utf8_decode(s + i, len - i, &cp);
	}
	return n;
}

/* White space at either end of a value: ASCII blanks and the ideographic
 * space an IME types. Returns its byte length at s, 0 when none. */
static size_t space_at(const char *s)
{
	if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r' || *s == '\v' || *s == '\f')
		return 1;
	if ((unsigned char)s[0] == 0xE3 && (unsigned char)s[1] == 0x80 && (unsigned char)s[2] == 0x80)
		return 3;
	return 0;
}

char *trim_dup(const char *s)
{
	if (!s)
		return xstrdup("");
	size_t k;
	while ((k = space_at(s)) > 0)
		s += k;
	size_t end = strlen(s), last = 0;
	/* Find the end of the last non-space character. */
	for (size_t i = 0; i < end;) {
		k = space_at(s + i);
		if (k) {
			i += k;
		} else {
			uint32_t cp;
			i += text_utf8_decode(s + i, end - i, &cp);
			last = i;
		}
	}
	return xstrndup(s, last);
}

/* Controls, DEL, C1 and the bidi overrides and isolates, which can make a
 * value read differently from what it is. */
static bool forbidden(uint32_t cp, bool multiline)
{
	if (cp == '\n' || cp == '\t')
		return !multiline;
	return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || (cp >= 0x202A && cp <= 0x202E) ||
	       (cp >= 0x2066 && cp <= 0x2069);
}

FormsMsg text_problem(const char *s, bool multiline)
{
	size_t len = strlen(s);
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		size_t k = text_utf8_decode(s + i, len - i, &cp);
		if (cp == 0xFFFD && !(k == 3 && memcmp(s + i, "\xEF\xBF\xBD", 3) == 0))
			return M_BAD_UTF8;
		if (forbidden(cp, multiline))
			return M_CONTROL;
		i += k;
	}
	return 0;
}

FormsMsg reason_problem(const char *reason)
{
	char *t = trim_dup(reason);
	size_t n = utf8_chars(t);
	FormsMsg m = text_problem(t, true);
	free(t);
	if (m)
		return m;
	if (n < 2)
		return M_REASON_SHORT;
	return n > 500 ? M_REASON_LONG : 0;
}
