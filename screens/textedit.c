/* textedit: multi-line UTF-8 editing with rows wrapped by display columns. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "screens/textedit.h"
#include "screens/utf8edit.h"
#include "client/keymap.h"
#include "common/text.h"
#include "common/xalloc.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>

#define CTRL(c) ((c) & 0x1f)

void te_init(TextEdit *te, int max)
{
	memset(te, 0, sizeof *te);
	te->max = max > 0 ? max : 1;
	te->cp = xcalloc((size_t)te->max + 1, sizeof *te->cp);
	te->want_col = -1;
}

void te_free(TextEdit *te)
{
	free(te->cp);
	memset(te, 0, sizeof *te);
}

/* Text characters and the newline; no other controls, no bidi overrides. */
static bool insertable(uint32_t c)
{
	return ue_insertable(c, true);
}

/* Insert at the cursor when there is room. */
static void insert(TextEdit *te, uint32_t c)
{
	ue_insert(te->cp, &te->len, &te->cur, te->max, c, true);
}

/* Remove code points [from, to). */
static void cut(TextEdit *te, int from, int to)
{
	ue_cut(te->cp, &te->len, &te->cur, from, to);
}

void te_set(TextEdit *te, const char *utf8)
{
	te->len = te->cur = te->top = 0;
	char *clean = text_clean(utf8, TEXT_KEEP_NEWLINES);
	size_t n = strlen(clean), i = 0;
	while (i < n) {
		uint32_t c;
		i += text_utf8_decode(clean + i, n - i, &c);
		insert(te, c);
	}
	free(clean);
}

char *te_text(const TextEdit *te)
{
	char *out = xmalloc((size_t)te->len * 4 + 1);
	size_t o = 0;
	for (int i = 0; i < te->len; i++)
		o += text_utf8_encode(te->cp[i], out + o);
	out[o] = '\0';
	return out;
}

/* Columns of one code point (never negative). */
static int cw(uint32_t c)
{
	int w = text_cp_width(c);
	return w > 0 ? w : 0;
}

int te_rows(const TextEdit *te, int width, TeRow *rows, int max)
{
	int n = 0, start = 0, w = 0;
	if (width < 2)
		width = 2;
	for (int i = 0; i < te->len; i++) {
		uint32_t c = te->cp[i];
		if (c == '\n') {
			if (n < max)
				rows[n] = (TeRow){start, i};
			n++;
			start = i + 1;
			w = 0;
			continue;
		}
		if (w + cw(c) > width && i > start) {
			if (n < max)
				rows[n] = (TeRow){start, i};
			n++;
			start = i;
			w = 0;
		}
		w += cw(c);
	}
	if (n < max)
		rows[n] = (TeRow){start, te->len};
	return n + 1;
}

/* All rows in a new array (*n of them); caller frees. */
static TeRow *all_rows(const TextEdit *te, int width, int *n)
{
	TeRow *rows = xmalloc(((size_t)te->len + 1) * sizeof *rows);
	*n = te_rows(te, width, rows, te->len + 1);
	return rows;
}

/* The row of position pos: the last one starting at or before it. */
static int row_of(const TeRow *rows, int n, int pos)
{
	int r = 0;
	while (r + 1 < n && rows[r + 1].start <= pos)
		r++;
	return r;
}

/* Columns from a row's start to pos. */
static int col_of(const TextEdit *te, const TeRow *row, int pos)
{
	int w = 0;
	for (int i = row->start; i < pos && i < row->end; i++)
		w += cw(te->cp[i]);
	return w;
}

void te_cursor(const TextEdit *te, int width, int *row, int *col)
{
	int n;
	TeRow *rows = all_rows(te, width, &n);
	*row = row_of(rows, n, te->cur);
	*col = col_of(te, &rows[*row], te->cur);
	free(rows);
}

/* Up or down one row, keeping the column aimed at. */
static void vertical(TextEdit *te, int width, int dir)
{
	int n;
	TeRow *rows = all_rows(te, width, &n);
	int r = row_of(rows, n, te->cur);
	if (te->want_col < 0)
		te->want_col = col_of(te, &rows[r], te->cur);
	int t = r + dir;
	if (t < 0 || t >= n) {
		free(rows);
		return;
	}
	int i = rows[t].start, w = 0;
	while (i < rows[t].end && w + cw(te->cp[i]) <= te->want_col)
		w += cw(te->cp[i++]);
	/* A wrapped row's end is the next row's start: stay on this row. */
	if (i == rows[t].end && t + 1 < n && rows[t + 1].start == i && i > rows[t].start)
		i--;
	te->cur = i;
	free(rows);
}

/* Start or end of the cursor's row. */
static void row_edge(TextEdit *te, int width, bool end)
{
	int n;
	TeRow *rows = all_rows(te, width, &n);
	int r = row_of(rows, n, te->cur);
	te->cur = end ? rows[r].end : rows[r].start;
	free(rows);
}

bool te_key(TextEdit *te, int key, bool fn, int width)
{
	if (fn && (key == KEY_UP || key == KEY_DOWN)) {
		vertical(te, width, key == KEY_UP ? -1 : 1);
		return true;
	}
	if ((fn && key == KEY_LEFT) || (!fn && key == CTRL('b'))) {
		if (te->cur > 0)
			te->cur--;
	} else if ((fn && key == KEY_RIGHT) || (!fn && key == CTRL('f'))) {
		if (te->cur < te->len)
			te->cur++;
	} else if ((fn && key == KEY_HOME) || (!fn && key == CTRL('a'))) {
		row_edge(te, width, false);
	} else if ((fn && key == KEY_END) || (!fn && key == CTRL('e'))) {
		row_edge(te, width, true);
	} else if ((fn && key == KEY_BACKSPACE) || (!fn && (key == CTRL('h') || key == 0x7F))) {
		cut(te, te->cur - 1, te->cur);
	} else if ((fn && key == KEY_DC) || (!fn && key == CTRL('d'))) {
		cut(te, te->cur, te->cur + 1);
	} else if (!fn && key == CTRL('k')) {
		int e = te->cur;
		while (e < te->len && te->cp[e] != '\n')
			e++;
		cut(te, te->cur, e == te->cur ? e + 1 : e);
	} else if (!fn && !(key & KEYM_META) && key >= 0) {
		uint32_t c = (uint32_t)(key & ~KEYM_CHAR);
		if (!insertable(c))
			return false;
		insert(te, c);
	} else {
		return false;
	}
	te->want_col = -1;
	return true;
}

void te_scroll(TextEdit *te, int width, int height)
{
	int row, col;
	te_cursor(te, width, &row, &col);
	if (height < 1)
		height = 1;
	if (row < te->top)
		te->top = row;
	if (row >= te->top + height)
		te->top = row - height + 1;
}
