/* form_screen: the form screen's state, shared by screen_form.c (keys,
 * actions, editing) and form_draw.c (windows and drawing). */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef YC_SCREENS_FORM_SCREEN_H
#define YC_SCREENS_FORM_SCREEN_H
#include <stdbool.h>
#include <curses.h>
#include "screens/form_view.h"
#include "screens/lineedit.h"
#include "screens/screen.h"

/* Only the focused field's value changed (a key typed into it). */
enum { DRAW_FIELD = 1 << 24 };

typedef struct Form {
	FormView v;
	char *focus;           /* path of the focused item */
	bool focus_add_row;    /* … which is the table's "add a row" line */
	int fi;                /* its index since the last rebuild, -1: none */
	int top;               /* first line shown */
	LineEdit le;           /* the text of the focused line field */
	char *le_path;         /* whose text le holds, NULL when none */
	char *le_orig;         /* the text it was loaded with */
	char *reason;          /* override reason given for the focused field */
	bool msg_mine;         /* the message line shows one of ours */
	void (*done)(bool submitted, void *ud);
	void *ud;
	bool answered;
	WINDOW *head, *body, *foot, *side;
	FormCols cols;         /* of the body */
} Form;

/* form_draw.c */
void form_windows(Form *fm, int y, int x, int h, int w);
void form_free_windows(Form *fm);
void form_draw_all(Form *fm);
/* Only the focused line's value and marks (typing). */
void form_draw_field(Form *fm);
/* Lines the body shows. */
int form_body_rows(const Form *fm);
/* Keep the focused item (with its heading) on screen. */
void form_scroll_to_focus(Form *fm);
/* Where the terminal cursor goes when a line field has the focus. */
bool form_cursor_at(Form *fm, WINDOW **win, int *y, int *x);
/* Whether item i is edited on its line (typed text). */
bool form_is_line(const Form *fm, int i);

#endif
