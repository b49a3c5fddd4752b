/* listview: selection and scrolling of a list; rows drawn by the screen. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "screens/listview.h"

/* Keep sel in range and top such that sel is on screen. */
static void clamp(ListView *lv)
{
	if (lv->n <= 0) {
		lv->sel = lv->top = 0;
		return;
	}
	if (lv->sel >= lv->n)
		lv->sel = lv->n - 1;
	if (lv->sel < 0)
		lv->sel = 0;
	int rows = lv->rows > 0 ? lv->rows : 1;
	if (lv->sel < lv->top)
		lv->top = lv->sel;
	if (lv->sel >= lv->top + rows)
		lv->top = lv->sel - rows + 1;
	/* No empty rows at the end while there are items above. */
	if (lv->top > lv->n - rows)
		lv->top = lv->n - rows;
	if (lv->top < 0)
		lv->top = 0;
}

/* New counts (the model changed, the window was resized). */
void lv_set(ListView *lv, int n, int rows)
{
	lv->n = n;
	lv->rows = rows;
	clamp(lv);
}

/* Movement actions; the page is one row less than the window, to keep
 * context. */
bool lv_action(ListView *lv, Action a)
{
	int page = lv->rows > 1 ? lv->rows - 1 : 1;
	static const struct { Action a; int dir; bool page, end; } moves[] = {
		{ACT_UP, -1, false, false}, {ACT_DOWN, 1, false, false},
		{ACT_PAGE_UP, -1, true, false}, {ACT_PAGE_DOWN, 1, true, false},
		{ACT_TOP, -1, false, true}, {ACT_BOTTOM, 1, false, true},
	};
	for (unsigned i = 0; i < sizeof moves / sizeof moves[0]; i++) {
		if (moves[i].a != a)
			continue;
		if (moves[i].end) {
			lv->sel = moves[i].dir < 0 ? 0 : lv->n - 1;
		} else if (moves[i].page) {
			lv->sel += moves[i].dir * page;
			lv->top += moves[i].dir * page;
		} else {
			lv->sel += moves[i].dir;
		}
		clamp(lv);
		return true;
	}
	return false;
}

/* Clear each row, then let the screen draw the item on it. */
void lv_draw(const ListView *lv, WINDOW *win, int y, int x, int w, bool focused, lv_row_fn row, void *ud)
{
	if (!win || w <= 0)
		return;
	for (int r = 0; r < lv->rows; r++) {
		int i = lv->top + r;
		wmove(win, y + r, x);
		for (int k = 0; k < w; k++)
			waddch(win, ' ');
		if (i < lv->n)
			row(i, win, y + r, x, w, focused && i == lv->sel, ud);
	}
}

/* Items hidden above the first row. */
bool lv_more_above(const ListView *lv)
{
	return lv->top > 0;
}

/* Items hidden below the last row. */
bool lv_more_below(const ListView *lv)
{
	return lv->top + lv->rows < lv->n;
}
