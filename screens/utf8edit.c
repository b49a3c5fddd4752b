/* utf8edit: code-point buffer edits shared by the line and text editors. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "screens/utf8edit.h"
#include "common/xalloc.h"

#include <string.h>

/* Text characters (and the newline for multi-line fields); no other
 * controls, no surrogates, no bidi overrides. */
bool ue_insertable(uint32_t c, bool newline)
{
	if (c == '\n')
		return newline;
	if (c < 0x20 || (c >= 0x7F && c < 0xA0) || c > 0x10FFFF)
		return false;
	if ((c >= 0xD800 && c <= 0xDFFF) || (c >= 0x202A && c <= 0x202E) ||
	    (c >= 0x2066 && c <= 0x2069) || c == 0x200E || c == 0x200F)
		return false;
	return true;
}

/* Insert at the cursor when there is room and the character is text. */
bool ue_insert(uint32_t *cp, int *len, int *cur, int max, uint32_t c, bool newline)
{
	if (*len >= max || !ue_insertable(c, newline))
		return false;
	memmove(cp + *cur + 1, cp + *cur, (size_t)(*len - *cur) * sizeof *cp);
	cp[(*cur)++] = c;
	(*len)++;
	return true;
}

/* Remove code points [from, to); the freed tail is wiped (it may have
 * held a password). */
void ue_cut(uint32_t *cp, int *len, int *cur, int from, int to)
{
	if (from < 0)
		from = 0;
	if (to > *len)
		to = *len;
	if (from >= to)
		return;
	memmove(cp + from, cp + to, (size_t)(*len - to) * sizeof *cp);
	*len -= to - from;
	xwipe(cp + *len, (size_t)(to - from) * sizeof *cp);
	if (*cur > to)
		*cur -= to - from;
	else if (*cur > from)
		*cur = from;
}
