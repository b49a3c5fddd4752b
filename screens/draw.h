/* draw: attributes by role and small drawing helpers over curses windows.
 * Works without colour (vt100, NO_COLOR): every role has a plain attribute,
 * and nothing on screen needs colour to be understood. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef YC_SCREENS_DRAW_H
#define YC_SCREENS_DRAW_H
#include <stdbool.h>
#include <curses.h>

typedef enum Role {
	R_NORMAL, R_BAR, R_BAR_STRONG, R_KEY, R_LABEL, R_LABEL_OFF, R_ERROR,
	R_INFO, R_SELECTED, R_PRIORITY, R_ONLINE, R_OFFLINE, R_DIM, R_BORDER,
	R_TITLE, R_FIELD, R_STRONG,
	R_MATCH,       /* a search match in text (bold and underlined without colour) */
	R_SEL_MATCH,   /* a match inside a selected row */
	R_LINK,        /* a link in an article (underlined) */
	R_COUNT
} Role;

/* Set up colour pairs when color is wanted and the terminal has colours. */
void draw_init(bool color);
bool draw_has_color(void);
attr_t draw_attr(Role r);

/* (Re)create a window of h x w at y,x; deletes old. Returns NULL (and draws
 * nothing later) when the size is empty or does not fit the screen. */
WINDOW *draw_window(WINDOW *old, int h, int w, int y, int x);
void draw_delwin(WINDOW **w);

/* Text at y,x in at most cols columns (never splitting a character), in the
 * role's attribute; cut text ends with an ellipsis. Returns the columns
 * used. NULL windows are ignored everywhere. */
int draw_text(WINDOW *w, int y, int x, int cols, Role r, const char *s);
/* The same, padded with spaces to exactly cols columns. */
int draw_text_pad(WINDOW *w, int y, int x, int cols, Role r, const char *s);
/* Right-aligned so that it ends at column x_end (exclusive). */
int draw_text_right(WINDOW *w, int y, int x_end, int cols, Role r, const char *s);
/* Clear a window to a role's background. */
void draw_clear(WINDOW *w, Role r);
/* A border with an optional title on the top edge. */
void draw_frame(WINDOW *w, Role border, const char *title, Role title_role);
/* A horizontal rule inside a framed window at row y (joins the frame). */
void draw_rule(WINDOW *w, int y, Role border, const char *title, Role title_role);

#endif
