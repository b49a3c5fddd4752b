/* draw: attributes by role and small drawing helpers over curses windows. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "screens/draw.h"
#include "screens/format.h"
#include "common/text.h"
#include "common/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Each role: its colours (fg, bg; -1 is the terminal's default) with an
 * attribute added, and the attribute used when there is no colour. The
 * plain attributes alone must tell every role apart that matters: the bars
 * and labels are reverse, selection is reverse, errors and priority bold. */
static const struct {
	short fg, bg;
	attr_t color_attr;
	attr_t plain;
} roles[R_COUNT] = {
	[R_NORMAL] = {-1, -1, A_NORMAL, A_NORMAL},
	[R_BAR] = {COLOR_WHITE, COLOR_BLUE, A_NORMAL, A_REVERSE},
	[R_BAR_STRONG] = {COLOR_WHITE, COLOR_BLUE, A_BOLD, A_REVERSE | A_BOLD},
	[R_KEY] = {-1, -1, A_BOLD, A_BOLD},
	[R_LABEL] = {COLOR_BLACK, COLOR_CYAN, A_NORMAL, A_REVERSE},
	[R_LABEL_OFF] = {COLOR_BLUE, COLOR_CYAN, A_NORMAL, A_NORMAL},
	[R_ERROR] = {COLOR_RED, -1, A_BOLD, A_BOLD},
	[R_INFO] = {COLOR_GREEN, -1, A_NORMAL, A_NORMAL},
	/* Colour alone (no bold): moving a selection then costs no
	 * attribute reset on either row. */
	[R_SELECTED] = {COLOR_BLACK, COLOR_CYAN, A_NORMAL, A_REVERSE},
	[R_PRIORITY] = {COLOR_YELLOW, -1, A_BOLD, A_BOLD},
	[R_ONLINE] = {COLOR_GREEN, COLOR_BLUE, A_BOLD, A_REVERSE | A_BOLD},
	[R_OFFLINE] = {COLOR_WHITE, COLOR_RED, A_BOLD, A_BOLD},
	[R_DIM] = {-1, -1, A_DIM, A_DIM},
	[R_BORDER] = {COLOR_BLUE, -1, A_NORMAL, A_NORMAL},
	[R_TITLE] = {-1, -1, A_BOLD, A_BOLD},
	[R_FIELD] = {-1, -1, A_NORMAL, A_NORMAL},
	[R_STRONG] = {-1, -1, A_BOLD, A_BOLD},
	[R_MATCH] = {COLOR_BLACK, COLOR_YELLOW, A_NORMAL, A_BOLD | A_UNDERLINE},
	[R_SEL_MATCH] = {COLOR_BLACK, COLOR_YELLOW, A_BOLD, A_REVERSE | A_BOLD | A_UNDERLINE},
	[R_LINK] = {COLOR_CYAN, -1, A_UNDERLINE, A_UNDERLINE},
};
static bool use_color;

/* Colour only when wanted, not switched off by NO_COLOR, and possible. */
void draw_init(bool color)
{
	const char *nc = getenv("NO_COLOR");
	use_color = color && !(nc && *nc) && has_colors();
	if (!use_color)
		return;
	start_color();
	use_default_colors();
	for (int r = 0; r < R_COUNT; r++)
		init_pair((short)(r + 1), roles[r].fg, roles[r].bg);
}

/* Whether roles use colour pairs (else plain attributes). */
bool draw_has_color(void)
{
	return use_color;
}

/* The attribute of a role in the current mode. */
attr_t draw_attr(Role r)
{
	if (r < 0 || r >= R_COUNT)
		return A_NORMAL;
	if (!use_color)
		return roles[r].plain;
	/* Default colours are pair 0: a pair of its own would cost an
	 * attribute reset after every character typed. */
	if (roles[r].fg == -1 && roles[r].bg == -1)
		return roles[r].color_attr;
	return COLOR_PAIR(r + 1) | roles[r].color_attr;
}

WINDOW *draw_window(WINDOW *old, int h, int w, int y, int x)
{
	if (old)
		delwin(old);
	if (h <= 0 || w <= 0 || y < 0 || x < 0 || y + h > LINES || x + w > COLS)
		return NULL;
	WINDOW *win = newwin(h, w, y, x);
	if (win)
		leaveok(win, TRUE);
	return win;
}

/* Delete a window and forget it. */
void draw_delwin(WINDOW **w)
{
	if (*w)
		delwin(*w);
	*w = NULL;
}

/* Shared by the text helpers: fit, then write in one call. */
static int put(WINDOW *w, int y, int x, int cols, Role r, const char *s, bool pad)
{
	if (!w || cols <= 0 || y < 0 || y >= getmaxy(w) || x < 0 || x >= getmaxx(w))
		return 0;
	if (cols > getmaxx(w) - x)
		cols = getmaxx(w) - x;
	size_t cap = strlen(s ? s : "") + (size_t)cols + 8;
	char small[512];
	char *buf = cap <= sizeof small ? small : xmalloc(cap);
	int used = fmt_fit(buf, cap, s, cols, pad, true);
	wattrset(w, draw_attr(r));
	mvwaddstr(w, y, x, buf);
	wattrset(w, A_NORMAL);
	if (buf != small)
		free(buf);
	return used;
}

/* Text cut to cols columns, ending in an ellipsis when cut. */
int draw_text(WINDOW *w, int y, int x, int cols, Role r, const char *s)
{
	return put(w, y, x, cols, r, s, false);
}

/* Text cut or padded to exactly cols columns. */
int draw_text_pad(WINDOW *w, int y, int x, int cols, Role r, const char *s)
{
	return put(w, y, x, cols, r, s, true);
}

/* Text that ends at x_end, for counts and times. */
int draw_text_right(WINDOW *w, int y, int x_end, int cols, Role r, const char *s)
{
	int tw = text_width(s ? s : "");
	if (tw > cols)
		tw = cols;
	int x = x_end - tw;
	if (x < 0) {
		tw += x;
		x = 0;
	}
	return put(w, y, x, tw, r, s, false);
}

/* Paint every cell with the role's attribute (bars). */
void draw_clear(WINDOW *w, Role r)
{
	if (!w)
		return;
	int h = getmaxy(w), wd = getmaxx(w);
	attr_t a = draw_attr(r);
	wattrset(w, a);
	for (int y = 0; y < h; y++) {
		wmove(w, y, 0);
		for (int x = 0; x < wd; x++)
			waddch(w, ' ' | a);
	}
	wattrset(w, A_NORMAL);
}

/* A box border with its title on the top edge. */
void draw_frame(WINDOW *w, Role border, const char *title, Role title_role)
{
	if (!w || getmaxy(w) < 2 || getmaxx(w) < 2)
		return;
	wattrset(w, draw_attr(border));
	box(w, 0, 0);
	wattrset(w, A_NORMAL);
	if (title && *title && getmaxx(w) > 4) {
		char t[512];
		snprintf(t, sizeof t, " %s ", title);
		draw_text(w, 0, 1, getmaxx(w) - 2, title_role, t);
	}
}

/* A rule across a framed window, joined to the frame. */
void draw_rule(WINDOW *w, int y, Role border, const char *title, Role title_role)
{
	if (!w || y <= 0 || y >= getmaxy(w) - 1)
		return;
	int wd = getmaxx(w);
	wattrset(w, draw_attr(border));
	mvwaddch(w, y, 0, ACS_LTEE);
	mvwhline(w, y, 1, ACS_HLINE, wd - 2);
	mvwaddch(w, y, wd - 1, ACS_RTEE);
	wattrset(w, A_NORMAL);
	if (title && *title && wd > 4) {
		char t[512];
		snprintf(t, sizeof t, " %s ", title);
		draw_text(w, y, 1, wd - 2, title_role, t);
	}
}
