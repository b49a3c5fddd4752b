/* format: pure string layout for the screens, by display columns. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "screens/format.h"
#include "client/i18n.h"
#include "common/text.h"

#include <langinfo.h>
#include <stdio.h>
#include <string.h>

/* Each mark in UTF-8 and in ASCII; both are one column wide, so layout does
 * not depend on which set is in use. */
static const struct { const char *utf8, *ascii; } glyphs[G_COUNT] = {
	[G_ONLINE] = {"\u25CF", "*"},
	[G_OFFLINE] = {"\u25CB", "o"},
	[G_PRIORITY] = {"\u2605", "P"},
	[G_ELLIPSIS] = {"\u2026", "~"},
	[G_SEP] = {"\u2502", "|"},
	[G_ERROR] = {"!", "!"},
	[G_BUSY] = {"\u22EF", "."},
	[G_SELECTED] = {"\u25B6", ">"},
	[G_OUTBOX] = {"\u21E1", "^"},
};
static int ascii_glyphs = -1; /* -1: decide from the locale on first use */

void glyph_set_ascii(bool ascii)
{
	ascii_glyphs = ascii;
}

/* A mark in UTF-8 when the locale can show it, else in ASCII. */
const char *glyph(Glyph g)
{
	if (ascii_glyphs < 0) {
		const char *cs = nl_langinfo(CODESET);
		ascii_glyphs = !(cs && (strcmp(cs, "UTF-8") == 0 || strcmp(cs, "utf8") == 0));
	}
	return ascii_glyphs ? glyphs[g].ascii : glyphs[g].utf8;
}

/* See format.h: fit by columns, never splitting a character. */
int fmt_fit(char *out, size_t outsz, const char *s, int cols, bool pad, bool ellipsis)
{
	if (outsz == 0)
		return 0;
	out[0] = '\0';
	if (cols <= 0)
		return 0;
	if (!s)
		s = "";
	int used;
	size_t n = text_fit(s, cols, &used);
	if (s[n] != '\0' && ellipsis) {
		/* Cut: make room for the one-column ellipsis. */
		n = text_fit(s, cols - 1, &used);
		if (n >= outsz)
			n = outsz - 1;
		memcpy(out, s, n);
		out[n] = '\0';
		const char *e = glyph(G_ELLIPSIS);
		if (n + strlen(e) < outsz) {
			strcat(out, e);
			used++;
		}
	} else {
		if (n >= outsz)
			n = outsz - 1;
		memcpy(out, s, n);
		out[n] = '\0';
	}
	if (pad) {
		size_t len = strlen(out);
		while (used < cols && len + 1 < outsz) {
			out[len++] = ' ';
			used++;
		}
		out[len] = '\0';
	}
	return used;
}

/* Right-aligned fit, for numbers and times in columns. */
int fmt_fit_right(char *out, size_t outsz, const char *s, int cols)
{
	char tmp[512];
	int used = fmt_fit(tmp, sizeof tmp, s, cols, false, true);
	int lead = cols > used ? cols - used : 0;
	if ((size_t)lead + strlen(tmp) + 1 > outsz)
		lead = 0;
	memset(out, ' ', (size_t)lead);
	snprintf(out + lead, outsz - (size_t)lead, "%s", tmp);
	return used + lead;
}

/* Waited time in whole minutes, translated. */
void fmt_minutes(char *out, size_t outsz, long seconds)
{
	if (seconds < 0)
		seconds = 0;
	snprintf(out, outsz, _("%ld min"), seconds / 60);
}

/* Local wall-clock time of t. */
void fmt_hhmm(char *out, size_t outsz, time_t t)
{
	struct tm tm;
	if (t == 0 || !localtime_r(&t, &tm)) {
		snprintf(out, outsz, "--:--");
		return;
	}
	strftime(out, outsz, "%H:%M", &tm);
}

/* Columns the bar needs for items[0..n) where drop[i] is false. */
static int bar_width(const FkeyItem *items, const bool *drop, int n, int gap)
{
	int w = 0, shown = 0;
	for (int i = 0; i < n; i++) {
		if (drop[i])
			continue;
		if (shown++)
			w += gap;
		w += text_width(items[i].key) + 1 + text_width(items[i].label);
	}
	return w;
}

/* See format.h: gaps shrink first, then items go from the end, help last. */
int fkeys_layout(const FkeyItem *items, int n, int cols, FkeySpan *spans, char *out, size_t outsz)
{
	bool drop[64] = {0};
	if (n > 64)
		n = 64;
	int gap = 2;
	if (bar_width(items, drop, n, gap) > cols)
		gap = 1;
	/* Drop from the end, ordinary items first, then the kept ones. */
	for (int pass = 0; pass < 2 && bar_width(items, drop, n, gap) > cols; pass++)
		for (int i = n - 1; i >= 0 && bar_width(items, drop, n, gap) > cols; i--)
			if (!drop[i] && (pass == 1 || !items[i].keep)) {
				/* Never drop the last one standing: cut it instead. */
				int left = 0;
				for (int k = 0; k < n; k++)
					left += !drop[k];
				if (left > 1)
					drop[i] = true;
			}
	int x = 0, shown = 0;
	if (out && outsz)
		out[0] = '\0';
	for (int i = 0; i < n && x < cols; i++) {
		if (drop[i])
			continue;
		if (shown)
			x += gap;
		if (x >= cols)
			break;
		FkeySpan *sp = &spans[shown++];
		sp->item = i;
		sp->x = x;
		sp->key_w = text_width(items[i].key);
		if (sp->key_w > cols - x)
			sp->key_w = cols - x;
		sp->label_x = x + sp->key_w + 1;
		int room = cols - sp->label_x;
		int lw = text_width(items[i].label);
		sp->label_w = room <= 0 ? 0 : (lw < room ? lw : room);
		x = sp->label_x + sp->label_w;
	}
	if (out && outsz) {
		/* The text form, for tests and for terminals read by tools. */
		size_t o = 0;
		int col = 0;
		for (int k = 0; k < shown; k++) {
			const FkeySpan *sp = &spans[k];
			char part[256];
			while (col < sp->x && o + 1 < outsz) {
				out[o++] = ' ';
				col++;
			}
			fmt_fit(part, sizeof part, items[sp->item].key, sp->key_w, false, false);
			snprintf(out + o, outsz - o, "%s", part);
			o = strlen(out);
			col = sp->x + sp->key_w;
			if (sp->label_w > 0) {
				fmt_fit(part, sizeof part, items[sp->item].label, sp->label_w, false, true);
				snprintf(out + o, outsz - o, " %s", part);
				o = strlen(out);
				col = sp->label_x + sp->label_w;
			}
		}
		out[o < outsz ? o : outsz - 1] = '\0';
	}
	return shown;
}

/* One waiting ticket as a row of exactly cols columns. */
void fmt_queue_row(char *out, size_t outsz, const Ticket *t, const char *category, time_t now, int cols)
{
	char mins[64], num[64], cat[256], right[128];
	out[0] = '\0';
	if (cols <= 0)
		return;
	long waited = t->issued_at ? (long)(now - t->issued_at) : 0;
	fmt_minutes(mins, sizeof mins, waited);
	/* Mark (2) + number (5 wide) + category (flexible) + waited (right). */
	const char *mark = t->priority ? glyph(G_PRIORITY) : " ";
	int mw = text_width(mins);
	int rest = cols - 2 - 6;
	if (rest < mw + 1) {
		/* Narrow: mark, number and minutes only, as far as they go. */
		char line[256];
		snprintf(line, sizeof line, "%s %s %s", mark, t->number, mins);
		fmt_fit(out, outsz, line, cols, true, false);
		return;
	}
	fmt_fit(num, sizeof num, t->number, 5, true, true);
	fmt_fit(cat, sizeof cat, category ? category : t->category, rest - mw - 1, true, true);
	fmt_fit_right(right, sizeof right, mins, mw + 1);
	snprintf(out, outsz, "%s %s %s%s", mark, num, cat, right);
}

/* Flow label/value pairs into lines. */
int fmt_pairs_place(const Pair *pairs, int n, int cols, int gap, int *line, int *x)
{
	int ln = 0, col = 0;
	for (int i = 0; i < n; i++) {
		int w = text_width(pairs[i].label) + 1 + text_width(pairs[i].value);
		if (col > 0 && col + gap + w > cols) {
			ln++;
			col = 0;
		} else if (col > 0) {
			col += gap;
		}
		line[i] = ln;
		x[i] = col;
		col += w;
	}
	return n > 0 ? ln + 1 : 0;
}

/* Wrap by columns: at spaces when there are some, else anywhere between
 * characters. */
/* Whether a line may break before byte k of s (k > 0, at a character):
 * after a space, or between characters where one is wide (Chinese breaks
 * between any two characters), but never before closing punctuation. */
static bool break_at(const char *s, size_t k)
{
	if (s[k] == ' ' || s[k - 1] == ' ')
		return true;
	uint32_t next, prev;
	text_utf8_decode(s + k, 4, &next);
	size_t b = k;
	do
		b--;
	while (b > 0 && ((unsigned char)s[b] & 0xC0) == 0x80);
	text_utf8_decode(s + b, k - b, &prev);
	static const char closing[] = "\uFF0C\u3002\u3001\uFF1B\uFF1A\uFF1F\uFF01\uFF09\u300D\u300F\u201D\u2019\u3011\u300B";
	char nb[5] = {0};
	text_utf8_encode(next, nb);
	if (next < 0x80 ? next && strchr(",.;:?!)]}", (int)next) != NULL : strstr(closing, nb) != NULL)
		return false;
	return text_cp_width(next) == 2 || text_cp_width(prev) == 2;
}

int fmt_wrap(const char *s, int cols, size_t *starts, size_t *lens, int max)
{
	size_t n = strlen(s), i = 0;
	int lines = 0;
	if (cols <= 0)
		return 0;
	while (i < n && lines < max) {
		while (i < n && s[i] == ' ')
			i++;
		if (i >= n)
			break;
		size_t fit = text_fit(s + i, cols, NULL);
		if (fit == 0) {
			/* A character wider than the line: show it alone. */
			uint32_t cp;
			fit = text_utf8_decode(s + i, n - i, &cp);
		}
		size_t len = fit;
		if (i + fit < n && !break_at(s + i, fit)) {
			/* Break at the last chance in the line if it has one:
			 * after a space, or next to a Chinese character. */
			size_t k = fit;
			do
				k--;
			while (k > 0 && ((unsigned char)s[i + k] & 0xC0) == 0x80);
			while (k > 0 && !break_at(s + i, k))
				do
					k--;
				while (k > 0 && ((unsigned char)s[i + k] & 0xC0) == 0x80);
			if (k > 0)
				len = k;
		}
		size_t end = len;
		while (end > 0 && s[i + end - 1] == ' ')
			end--;
		starts[lines] = i;
		lens[lines] = end;
		lines++;
		i += len;
	}
	return lines;
}
