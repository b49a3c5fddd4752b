/* screen_help: F1: every key of the screen underneath, read from the
 * keymap, with what it does; scrolls when it does not fit. */
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

typedef struct HelpRow {
	char keys[64];
	const char *what;   /* translated help text */
} HelpRow;

typedef struct Help {
	char title[128];
	HelpRow *rows;
	int n, keys_w;
	ListView lv;
	WINDOW *w;
} Help;

static const FkeyDef help_fkeys[] = {
	FK_OTHER(ACT_BACK, N_("Close")), FK_LABEL(ACT_PAGE_DOWN, N_("Scroll")), FK_END,
};

/* A box as tall as the keys, at most the body. */
static void help_layout(Screen *s, int y, int x, int h, int w)
{
	Help *hp = s->data;
	int bw = w < 76 ? w : 76;
	int bh = hp->n + 3;
	if (bh > h)
		bh = h;
	hp->w = draw_window(hp->w, bh, bw, y + (h - bh) / 2, x + (w - bw) / 2);
	s->win[0] = hp->w;
	/* Small terminals give the footer's row to the keys. */
	lv_set(&hp->lv, hp->n, bh - 2 - (bh >= 8 ? 1 : 0));
}

/* Keys in one column, what they do in the next, aligned by display width. */
static void help_row(int i, WINDOW *w, int y, int x, int cols, bool selected, void *ud)
{
	Help *hp = ud;
	int kw = hp->keys_w < cols / 2 ? hp->keys_w : cols / 2;
	draw_text(w, y, x, kw, R_KEY, hp->rows[i].keys);
	draw_text(w, y, x + kw + 2, cols - kw - 2, R_NORMAL, hp->rows[i].what);
}

/* The frame, the keys and a hint for terminals without F-keys. */
static void help_draw(Screen *s, unsigned what)
{
	Help *hp = s->data;
	if (!hp->w)
		return;
	int bh = getmaxy(hp->w), bw = getmaxx(hp->w);
	werase(hp->w);
	draw_frame(hp->w, R_BORDER, hp->title, R_TITLE);
	lv_draw(&hp->lv, hp->w, 1, 2, bw - 4, false, help_row, hp);
	if (bh >= 8) {
		char more[256];
		snprintf(more, sizeof more, "%s%s", lv_more_below(&hp->lv) ? "... " : "",
			 _("Without F-keys: Esc then a digit (Esc 6 = F6)."));
		draw_text(hp->w, bh - 2, 2, bw - 4, R_DIM, more);
	}
	wnoutrefresh(hp->w);
}

/* Close on Esc, q, F1, Enter; the arrows scroll. */
static bool help_action(Screen *s, Action a)
{
	Help *hp = s->data;
	if (a == ACT_BACK || a == ACT_CANCEL || a == ACT_HELP || a == ACT_QUIT ||
	    a == ACT_SUBMIT || a == ACT_SELECT) {
		sm_pop(s);
		return true;
	}
	/* The list has no selection: moving scrolls, so start the move from
	 * the edge it goes towards. */
	hp->lv.sel = a == ACT_DOWN ? hp->lv.top + hp->lv.rows - 1 : hp->lv.top;
	if (lv_action(&hp->lv, a))
		screen_dirty(s, DRAW_STATE);
	return true;
}

/* Free the rows and the window. */
static void help_destroy(Screen *s)
{
	Help *hp = s->data;
	free(hp->rows);
	draw_delwin(&hp->w);
	s->win[0] = NULL;
	free(hp);
}

static const ScreenOps help_ops = {
	.name = "help",
	.context = KC_HELP,
	.overlay = true,
	.fkeys = help_fkeys,
	.layout = help_layout,
	.draw = help_draw,
	.on_action = help_action,
	.destroy = help_destroy,
};

/* "F6, n" for an action in a context; text fields skip keys that type. */
static void keys_text(const Screen *of, Action a, char *out, size_t outsz)
{
	int alt = 0;
	int key = keymap_key_for(of->ops->context, a, &alt);
	char k1[24] = "", k2[24] = "";
	if (key && !(of->ops->text_input && key_is_typed(key)))
		key_label(key, k1, sizeof k1);
	if (alt && !(of->ops->text_input && key_is_typed(alt)))
		key_label(alt, k2, sizeof k2);
	snprintf(out, outsz, "%s%s%s", k1, *k1 && *k2 ? ", " : "", k2);
}

Screen *screen_help_new(const Screen *of)
{
	Help *hp = xcalloc(1, sizeof *hp);
	snprintf(hp->title, sizeof hp->title, "%s", _("Keys on this screen"));
	int cap = 0;
	if (of && of->ops->help)
		for (const Action *a = of->ops->help; *a != ACT_NONE; a++)
			cap++;
	else if (of && of->ops->fkeys)
		for (const FkeyDef *d = of->ops->fkeys; d->action != ACT_NONE; d++)
			cap++;
	hp->rows = xcalloc((size_t)cap + 1, sizeof *hp->rows);
	for (int i = 0; i < cap; i++) {
		Action a = of->ops->help ? of->ops->help[i] : of->ops->fkeys[i].action;
		HelpRow *r = &hp->rows[hp->n];
		keys_text(of, a, r->keys, sizeof r->keys);
		if (!*r->keys)
			continue; /* not bound: nothing to press */
		r->what = _(action_help(a));
		int kw = text_width(r->keys);
		if (kw > hp->keys_w)
			hp->keys_w = kw;
		hp->n++;
	}
	return screen_new(&help_ops, hp);
}
