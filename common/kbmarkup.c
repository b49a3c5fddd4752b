/* kbmarkup: reading the knowledge-base article markup. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "common/kbmarkup.h"
#include "common/xalloc.h"
#include <string.h>

size_t kbm_marker_len(const char *l)
{
	if (strncmp(l, "## ", 3) == 0)
		return 3;
	if (strncmp(l, "# ", 2) == 0 || strncmp(l, "- ", 2) == 0)
		return 2;
	size_t d = 0;
	while (l[d] >= '0' && l[d] <= '9' && d < 3)
		d++;
	return d && l[d] == '.' && l[d + 1] == ' ' ? d + 2 : 0;
}

bool kbm_link_at(const char *s, KbLink *l)
{
	if (*s != '[')
		return false;
	const char *close = strpbrk(s + 1, "[]\n");
	if (!close || *close != ']' || close[1] != '(')
		return false;
	const char *t = close + 2;
	size_t pre;
	bool matter;
	if (strncmp(t, "matter:", 7) == 0)
		pre = 7, matter = true;
	else if (strncmp(t, "kb:", 3) == 0)
		pre = 3, matter = false;
	else
		return false;
	const char *end = strpbrk(t, ")\n ");
	if (!end || *end != ')' || end == t + pre)
		return false;
	l->text = s + 1;
	l->text_len = (size_t)(close - s - 1);
	l->target = t + pre;
	l->target_len = (size_t)(end - t - pre);
	l->whole = (size_t)(end + 1 - s);
	l->matter = matter;
	return true;
}

char *kbm_plain(const char *markup)
{
	const char *l = markup ? markup : "";
	char *out = xmalloc(strlen(l) + 1), *o = out;
	while (*l) {
		const char *eol = strchr(l, '\n');
		size_t n = eol ? (size_t)(eol - l) : strlen(l);
		size_t m = kbm_marker_len(l);
		bool numbered = m && l[0] >= '0' && l[0] <= '9';
		const char *p = l + (numbered ? 0 : m), *e = l + n;
		/* The line break before this block, taken back below when the
		 * block turns out empty ("- [](kb:1)"; found by tests/fuzz). */
		char *start = o;
		if (p < e && o > out)
			*o++ = '\n';
		char *body = o;
		while (p < e) {
			KbLink k;
			if (*p == '[' && kbm_link_at(p, &k) && p + k.whole <= e) {
				memcpy(o, k.text, k.text_len);
				o += k.text_len;
				p += k.whole;
			} else {
				*o++ = *p++;
			}
		}
		if (o == body)
			o = start;
		l = eol ? eol + 1 : l + n;
	}
	*o = '\0';
	return out;
}
