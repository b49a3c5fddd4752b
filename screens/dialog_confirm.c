/* dialog_confirm: a yes/no question in a box over the screen (quit while a
 * ticket is being served). The keys come from the keymap. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "screens/screens.h"
#include "screens/bars.h"
#include "screens/draw.h"
#include "screens/format.h"
#include "client/i18n.h"
#include "common/text.h"
#include "common/xalloc.h"

#include <stdlib.h>
#include <string.h>

typedef struct Confirm {
	char *title, *question;
	confirm_cb done;
	void *ud;
	bool answered;
	WINDOW *w;
} Confirm;

static const FkeyDef confirm_fkeys[] = {
	FK_LABEL(ACT_SELECT, N_("Yes")), FK_OTHER(ACT_CANCEL, N_("No")), FK_END,
};
static const Action confirm_help[] = { ACT_SELECT, ACT_SUBMIT, ACT_CANCEL, ACT_BACK, ACT_NONE };

enum { MAX_LINES = 8 };

/* A box sized to the wrapped question, centred in the body. */
static void confirm_layout(Screen *s, int y, int x, int h, int w)
{
	Confirm *c = s->data;
	size_t st[MAX_LINES], ln[MAX_LINES];
	int bw = w < 56 ? w : 56;
	int lines = fmt_wrap(c->question, bw - 4, st, ln, MAX_LINES);
	int bh = lines + 4;
	if (bh > h)
		bh = h;
	c->w = draw_window(c->w, bh, bw, y + (h - bh) / 2, x + (w - bw) / 2);
	s->win[0] = c->w;
}

/* The question, wrapped by columns, and the answers with their keys. */
static void confirm_draw(Screen *s, unsigned what)
{
	Confirm *c = s->data;
	if (!c->w)
		return;
	int bh = getmaxy(c->w), bw = getmaxx(c->w);
	size_t st[MAX_LINES], ln[MAX_LINES];
	werase(c->w);
	draw_frame(c->w, R_BORDER, c->title, R_TITLE);
	int lines = fmt_wrap(c->question, bw - 4, st, ln, MAX_LINES);
	for (int i = 0; i < lines && 1 + i < bh - 1; i++) {
		char *part = xstrndup(c->question + st[i], ln[i]);
		draw_text(c->w, 1 + i, 2, bw - 4, R_NORMAL, part);
		free(part);
	}
	/* The answers, with their keys, on the last inner line. */
	FkeyItem items[4];
	FkeySpan spans[4];
	int n = fkeys_build(KC_DIALOG, false, confirm_fkeys, NULL, NULL, items, 4);
	int shown = fkeys_layout(items, n, bw - 4, spans, NULL, 0);
	for (int k = 0; k < shown && bh >= 4; k++) {
		draw_text(c->w, bh - 2, 2 + spans[k].x, spans[k].key_w, R_KEY, items[spans[k].item].key);
		draw_text(c->w, bh - 2, 2 + spans[k].label_x, spans[k].label_w, R_LABEL, items[spans[k].item].label);
	}
	wnoutrefresh(c->w);
}

/* Answer once, then leave (the stack frees the dialog later). */
static void answer(Screen *s, bool yes)
{
	Confirm *c = s->data;
	if (c->answered)
		return;
	c->answered = true;
	sm_pop(s);
	if (c->done)
		c->done(yes, c->ud);
}

/* Enter: yes; Esc: no. */
static bool confirm_action(Screen *s, Action a)
{
	if (a == ACT_SUBMIT || a == ACT_SELECT) {
		answer(s, true);
		return true;
	}
	if (a == ACT_CANCEL || a == ACT_BACK) {
		answer(s, false);
		return true;
	}
	/* Everything else waits for the answer (help still opens). */
	return a != ACT_HELP && a != ACT_REDRAW;
}

/* Taken away without an answer (session lost): that is a no. */
static void confirm_destroy(Screen *s)
{
	Confirm *c = s->data;
	if (!c->answered && c->done) {
		c->answered = true;
		c->done(false, c->ud);
	}
	free(c->title);
	free(c->question);
	draw_delwin(&c->w);
	s->win[0] = NULL;
	free(c);
}

static const ScreenOps confirm_ops = {
	.name = "confirm",
	.context = KC_DIALOG,
	.overlay = true,
	.fkeys = confirm_fkeys,
	.help = confirm_help,
	.layout = confirm_layout,
	.draw = confirm_draw,
	.on_action = confirm_action,
	.destroy = confirm_destroy,
};

Screen *dialog_confirm_new(const char *title, const char *question, confirm_cb done, void *ud)
{
	Confirm *c = xcalloc(1, sizeof *c);
	c->title = xstrdup(title);
	c->question = text_clean(question, 0);
	c->done = done;
	c->ud = ud;
	return screen_new(&confirm_ops, c);
}
