/* screens: the constructors of every screen and dialog. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef YC_SCREENS_SCREENS_H
#define YC_SCREENS_SCREENS_H
#include <stdbool.h>
#include "screens/screen.h"

/* Login: server shown, username (pre-filled), password never echoed.
 * resume: first try app_resume_session() and show a busy state meanwhile. */
Screen *screen_login_new(bool resume);
/* The lock screen (idle lock): the same user's password again. */
Screen *screen_lock_new(void);
bool screen_is_lock(const Screen *s);
/* Home: top bar, queue panel, current ticket, held list, side pane. */
Screen *screen_home_new(void);
/* F1: the keys of screen s (the one underneath). */
Screen *screen_help_new(const Screen *of);

/* Pick one of n items (labels copied); done(index or -1, ud). */
typedef void (*choose_cb)(int index, void *ud);
Screen *dialog_choose_new(const char *title, const char *const *labels, int n, choose_cb done, void *ud);
/* A yes/no question; done(yes, ud). */
typedef void (*confirm_cb)(bool yes, void *ud);
Screen *dialog_confirm_new(const char *title, const char *question, confirm_cb done, void *ud);

/* One line of text asked in a box: an optional question wrapped above the
 * field, then the label and the field; done(text) on Enter once the text
 * has min_chars characters (spaces around it not counted; shorter, the
 * box says too_short), done(NULL) on Esc or when the box goes unanswered.
 * The key labels say what Enter and Esc do. */
typedef void (*input_cb)(const char *text, void *ud);
typedef struct InputSpec {
	const char *title, *question, *label, *text;  /* question, text: may be NULL */
	int min_chars, max_chars;
	int width;                                    /* of the box (0: 72 columns) */
	const char *too_short;                        /* translated */
	bool reason;                                  /* keys "Change it" / "Keep it", else "OK" / "Cancel" */
} InputSpec;
Screen *dialog_input_new(const InputSpec *spec, input_cb done, void *ud);

#endif
