/* screen: a screen is a struct with a small table of operations; the screen
 * manager keeps a stack of them, sends keys to the top one, and draws what
 * changed once per loop turn (the model says what through CH_* bits). */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef YC_SCREENS_SCREEN_H
#define YC_SCREENS_SCREEN_H
#include <stdbool.h>
#include <curses.h>
#include "client/app.h"
#include "client/keymap.h"

/* Draw reasons besides the model's CH_* bits. */
enum {
	DRAW_ALL = 1 << 16,   /* everything: new, uncovered, resized */
	DRAW_TICK = 1 << 17,  /* the minute changed (clock, waited minutes) */
	DRAW_STATE = 1 << 18, /* the screen's own state (selection, input) */
};

/* One function-key bar entry; label NULL uses the action's short label. */
typedef struct FkeyDef {
	Action action;
	const char *label;    /* untranslated msgid (N_), or NULL */
	bool other_key;       /* show the other key (Esc) rather than the F-key */
} FkeyDef;

/* Table rows: an action with its usual label, with a label of its own, and
 * with the other key shown; FK_END ends a table. */
#define FK(a) {(a), NULL, false}
#define FK_LABEL(a, l) {(a), (l), false}
#define FK_OTHER(a, l) {(a), (l), true}
#define FK_END {ACT_NONE, NULL, false}

typedef struct Screen Screen;

typedef struct ScreenOps {
	const char *name;
	KeyContext context;
	bool overlay;                 /* drawn over the screen below (dialogs) */
	bool own_message;             /* shows the message line's text itself */
	bool text_input;              /* printable keys are typed: the bar and
	                               * help show the other keys of an action */
	const FkeyDef *fkeys;         /* the bar, ended by ACT_NONE */
	const Action *help;           /* what F1 lists, ended by ACT_NONE (NULL: fkeys) */
	/* The body area changed (or the screen is new): (re)create windows. */
	void (*layout)(Screen *s, int y, int x, int h, int w);
	/* Draw into the windows and wnoutrefresh them; what: CH_* | DRAW_*. */
	void (*draw)(Screen *s, unsigned what);
	/* Text input sees keys first (fn: a function/cursor key, not a
	 * character); true when it used the key. */
	bool (*on_key)(Screen *s, int key, bool fn);
	/* A key's action in this screen's context; true when handled. */
	bool (*on_action)(Screen *s, Action a);
	/* Whether an action can run now (the bar dims the others). */
	bool (*can)(Screen *s, Action a);
	/* Where the terminal cursor goes (text input); false hides it. */
	bool (*cursor)(Screen *s, WINDOW **win, int *y, int *x);
	void (*enter)(Screen *s);     /* became the top */
	void (*destroy)(Screen *s);   /* free data and windows */
} ScreenOps;

#define SCREEN_MAXWIN 6

struct Screen {
	const ScreenOps *ops;
	void *data;
	unsigned id;                  /* for callbacks that outlive screens */
	unsigned dirty;
	int y, x, h, w;               /* body area */
	WINDOW *win[SCREEN_MAXWIN];   /* re-shown when a screen below redraws */
};

/* A new screen (not yet on the stack); data is owned by the screen and
 * freed by ops->destroy. */
Screen *screen_new(const ScreenOps *ops, void *data);
/* Mark a screen for drawing. */
void screen_dirty(Screen *s, unsigned what);

/* The stack. Popped screens are destroyed after the current key or
 * callback, so a screen may pop itself from its own on_action. */
void sm_init(void);
void sm_shutdown(void);
void sm_push(Screen *s);
void sm_pop(Screen *s);               /* s and everything above it */
void sm_reset(Screen *s);             /* replace the whole stack */
Screen *sm_top(void);
Screen *sm_below(const Screen *s);    /* the screen under s, or NULL */
Screen *sm_find(unsigned id);         /* NULL when gone */
Screen *sm_find_ops(const ScreenOps *ops);
int sm_depth(void);

/* A key from the terminal (KEYM_META may be set). */
void sm_key(int key, bool fn);
/* Run an action as if its key was pressed (top screen, then global). */
void sm_action(Action a);
/* The model changed, or a timer says so: mark every screen and bar. */
void sm_notify(unsigned what);
/* The terminal is rows x cols now: lay out everything again. */
void sm_resize(int rows, int cols);
/* Draw what is dirty and update the terminal once. */
void sm_flush(void);
/* Global actions no screen handled (help, quit, lock, redraw). */
void sm_set_global(bool (*fn)(Action a));

/* True for a key that a text field would take as a character. */
bool key_is_typed(int key);
/* The short label of an action for the bar (translated). */
const char *fkey_label(Action a);

#endif
