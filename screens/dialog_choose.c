/* dialog_choose: pick one item from a short list in a box over the screen
 * (transfer to a category). Typing an item's first character moves to it. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "screens/screens.h"
#include "screens/draw.h"
#include "screens/format.h"
#include "screens/listview.h"
#include "client/i18n.h"
#include "common/text.h"
#include "common/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wctype.h>

typedef struct Choose {
	char *title;
	char **labels;
	int n;
	ListView lv;
	choose_cb done;
	void *ud;
	bool answered;
	WINDOW *w;
} Choose;

static const FkeyDef choose_fkeys[] = {
	FK(ACT_SELECT), FK_OTHER(ACT_BACK, N_("Cancel")), FK(ACT_HELP),
	FK_END,
};
static const Action choose_help[] = {
	ACT_UP, ACT_DOWN, ACT_PAGE_UP, ACT_PAGE_DOWN, ACT_TOP, ACT_BOTTOM, ACT_SELECT,
	ACT_CHOOSE, ACT_SUBMIT, ACT_CANCEL, ACT_BACK, ACT_HELP, ACT_NONE,
};

/* A box as wide as the longest label, centred in the body. */
static void choose_layout(Screen *s, int y, int x, int h, int w)
{
	Choose *c = s->data;
	int bw = text_width(c->title) + 6;
	for (int i = 0; i < c->n; i++) {
		int lw = text_width(c->labels[i]) + 6;
		if (lw > bw)
			bw = lw;
	}
	if (bw < 24)
		bw = 24;
	if (bw > w)
		bw = w;
	int bh = c->n + 2;
	if (bh > h)
		bh = h;
	c->w = draw_window(c->w, bh, bw, y + (h - bh) / 2, x + (w - bw) / 2);
	s->win[0] = c->w;
	lv_set(&c->lv, c->n, bh - 2);
}

/* One item; the selected one is marked in text, not only in reverse. */
static void choose_row(int i, WINDOW *w, int y, int x, int cols, bool selected, void *ud)
{
	Choose *c = ud;
	char line[512];
	snprintf(line, sizeof line, "%s %s", selected ? glyph(G_SELECTED) : " ", c->labels[i]);
	draw_text_pad(w, y, x, cols, selected ? R_SELECTED : R_NORMAL, line);
}

/* The frame with the title, then the items. */
static void choose_draw(Screen *s, unsigned what)
{
	Choose *c = s->data;
	if (!c->w)
		return;
	werase(c->w);
	draw_frame(c->w, R_BORDER, c->title, R_TITLE);
	lv_draw(&c->lv, c->w, 1, 1, getmaxx(c->w) - 2, true, choose_row, c);
	wnoutrefresh(c->w);
}

/* Answer once, then leave. */
static void answer(Screen *s, int index)
{
	Choose *c = s->data;
	if (c->answered)
		return;
	c->answered = true;
	sm_pop(s);
	if (c->done)
		c->done(index, c->ud);
}

/* Enter or F4 picks, Esc gives up, the arrows move. */
static bool choose_action(Screen *s, Action a)
{
	Choose *c = s->data;
	if (a == ACT_SELECT || a == ACT_SUBMIT || a == ACT_CHOOSE) {
		answer(s, c->n > 0 ? c->lv.sel : -1);
		return true;
	}
	if (a == ACT_CANCEL || a == ACT_BACK || a == ACT_QUIT) {
		answer(s, -1);
		return true;
	}
	if (lv_action(&c->lv, a)) {
		screen_dirty(s, DRAW_STATE);
		return true;
	}
	return false;
}

/* A typed character moves to the next item that starts with it. */
static bool choose_key(Screen *s, int key, bool fn)
{
	Choose *c = s->data;
	if (fn || !key_is_typed(key))
		return false;
	for (int k = 1; k <= c->n; k++) {
		int i = (c->lv.sel + k) % c->n;
		uint32_t cp;
		text_utf8_decode(c->labels[i], strlen(c->labels[i]), &cp);
		if (towlower((wint_t)cp) == towlower((wint_t)(key & ~KEYM_CHAR))) {
			c->lv.sel = i;
			lv_set(&c->lv, c->n, c->lv.rows);
			screen_dirty(s, DRAW_STATE);
			return true;
		}
	}
	return false;
}

/* Free the copies of the labels and the window. */
static void choose_destroy(Screen *s)
{
	Choose *c = s->data;
	/* Taken away without an answer (session lost): still answer. */
	if (!c->answered && c->done) {
		c->answered = true;
		c->done(-1, c->ud);
	}
	for (int i = 0; i < c->n; i++)
		free(c->labels[i]);
	free(c->labels);
	free(c->title);
	draw_delwin(&c->w);
	s->win[0] = NULL;
	free(c);
}

static const ScreenOps choose_ops = {
	.name = "choose",
	.context = KC_LIST,
	.overlay = true,
	.fkeys = choose_fkeys,
	.help = choose_help,
	.layout = choose_layout,
	.draw = choose_draw,
	.on_key = choose_key,
	.on_action = choose_action,
	.destroy = choose_destroy,
};

Screen *dialog_choose_new(const char *title, const char *const *labels, int n, choose_cb done, void *ud)
{
	Choose *c = xcalloc(1, sizeof *c);
	c->title = xstrdup(title);
	c->labels = xcalloc((size_t)n + 1, sizeof *c->labels);
	for (int i = 0; i < n; i++)
		c->labels[i] = text_clean(labels[i], 0);
	c->n = n;
	c->done = done;
	c->ud = ud;
	return screen_new(&choose_ops, c);
}
