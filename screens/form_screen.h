/* form_screen: the form screen's state and the functions its files share:
 * screen_form.c (focus, commit, moving, Enter, F10, F3, F1, the screen's
 * operations), form_keys.c (typing), form_edit.c (overrides, lists, the
 * multi-line editor, toggles, table rows), form_draw.c (windows, drawing). */
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

/* A problem the server named on a field (a refused draft), shown until
 * the value changes from what it was. */
typedef struct ServerError {
	char *path, *message;
	cJSON *value;          /* the value then, or NULL */
} ServerError;

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
	char *msg_path;        /* … naming this field's problem (F10) */
	void (*done)(bool submitted, void *ud);
	void *ud;
	bool answered;
	WINDOW *head, *body, *foot, *side;
	FormCols cols;         /* of the body */
	ServerError *server;   /* the server's problems, shown on their fields */
	size_t n_server;
	bool server_shown;     /* F10 showed them once */
} Form;

/* screen_form.c: the core */
/* The form of a callback's user data (its screen id), NULL when gone. */
Screen *form_by_id(void *ud);
void *form_id_of(const Screen *s);
/* The focused item; the focused field or cell (NULL otherwise). */
const FormItem *form_cur(const Form *fm);
const FormItem *form_cur_field(const Form *fm);
/* The message line, only when it says something new; clear ours. */
void form_say(Form *fm, bool error, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void form_unsay(Form *fm);
/* The focused field is locked and no reason was given yet. */
bool form_locked_now(const Form *fm);
/* The focused line field's text into the editor; whether it changed. */
void form_load_edit(Form *fm);
bool form_edit_changed(const Form *fm);
/* A change was stored at path: the listener told, the form rebuilt. */
void form_changed(Screen *s, const char *path);
/* Store text at path (an override with the reason given, a revert when
 * it is the source's value again); say why the engine refused. */
FormsRc form_store_text(Form *fm, const char *path, const char *text);
void form_refused(Form *fm, FormsRc rc);
/* Store what was typed; leave the focused item; move. */
void form_commit(Screen *s);
void form_leave(Screen *s);
void form_move_to(Screen *s, int i);
void form_step(Screen *s, int dir);

/* form_keys.c: typed keys go to the focused field first. */
bool form_on_key(Screen *s, int key, bool fn);

/* form_edit.c */
void form_act_override(Screen *s);
void form_act_revert(Screen *s);
void form_act_list(Screen *s);
void form_act_toggle(Screen *s);
void form_act_row_add(Screen *s);
void form_act_row_remove(Screen *s);
/* Open the options list / division picker (filter: typed so far), or the
 * multi-line editor (typed: a first character). */
void form_open_options(Screen *s, const char *filter);
void form_open_divisions(Screen *s, const char *filter);
void form_open_textarea(Screen *s, const char *typed);
/* The table of the focused item; the first cell of row r of a table. */
const FormField *form_cur_table(const Form *fm);
int form_first_cell(const Form *fm, const char *key, int r);

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
