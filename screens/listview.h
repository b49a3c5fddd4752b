/* listview: a scrolling list's position (selection, first row shown) and
 * its drawing through a row callback; the rows come from the screen. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef YC_SCREENS_LISTVIEW_H
#define YC_SCREENS_LISTVIEW_H
#include <stdbool.h>
#include <curses.h>
#include "client/keymap.h"

typedef struct ListView {
	int n;       /* items */
	int sel;     /* selected item, kept in 0..n-1 (0 when empty) */
	int top;     /* first item shown */
	int rows;    /* rows shown */
} ListView;

/* Set the number of items and rows; keeps the selection in range and
 * visible. */
void lv_set(ListView *lv, int n, int rows);
/* Move by an action (up, down, page up/down, top, bottom); true when the
 * action is a movement (even at the ends). */
bool lv_action(ListView *lv, Action a);
/* Draw rows top..top+rows at y,x of w columns: row(i, win, y, x, w,
 * selected, ud) draws item i. Empty rows are cleared. */
typedef void (*lv_row_fn)(int i, WINDOW *win, int y, int x, int w, bool selected, void *ud);
void lv_draw(const ListView *lv, WINDOW *win, int y, int x, int w, bool focused, lv_row_fn row, void *ud);
bool lv_more_above(const ListView *lv);
bool lv_more_below(const ListView *lv);

#endif
