/* dialog_options: the F4 list of a field's options over the form: a search
 * line (part of the label or its pinyin), one choice picked with Enter, or
 * several toggled with Space; a digit picks or toggles an option by its
 * number while the search line is empty. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "screens/form_dialogs.h"
#include "screens/draw.h"
#include "screens/format.h"
#include "screens/lineedit.h"
#include "screens/listview.h"
#include "client/i18n.h"
#include "common/text.h"
#include "common/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct Options {
	char *title;
	char **labels, **values;
	int n;
	bool multi;
	bool *checked;
	LineEdit filter;
	int *shown, nshown;    /* option indexes that match the search */
	ListView lv;
	options_cb done;
	void *ud;
	bool answered;
	WINDOW *w;
} Options;

#define HINT_MULTI N_("Space: choose or drop · Enter: done · Esc: cancel")
#define HINT_ONE N_("Enter: choose · a digit: that option · Esc: cancel")

static const FkeyDef options_fkeys[] = {
	FK_LABEL(ACT_SELECT, N_("OK")), FK_OTHER(ACT_BACK, N_("Cancel")), FK(ACT_HELP), FK_END,
};
static const Action options_help[] = {
	ACT_UP, ACT_DOWN, ACT_PAGE_UP, ACT_PAGE_DOWN, ACT_SELECT, ACT_CHOOSE, ACT_SUBMIT, ACT_BACK, ACT_HELP, ACT_NONE,
};

bool pick_matches(const char *text, const char *filter, const PinyinQuery *pq, bool *at_start)
{
	bool start = false, ok = false;
	if (!filter || !*filter) {
		ok = start = true;
	} else {
		const char *hit = strcasestr(text, filter);
		size_t at, len;
		if (hit) {
			ok = true;
			start = hit == text;
		} else if (pq && pq->usable && pinyin_query_full(pq, text, &at, &len)) {
			ok = true;
			start = at == 0;
		}
	}
	if (at_start)
		*at_start = start;
	return ok;
}

/* The options that match the search; those that start with it first. */
static void refilter(Options *o)
{
	char *f = le_text(&o->filter);
	PinyinQuery pq;
	bool usable = pinyin_query_init(&pq, f);
	o->nshown = 0;
	for (int pass = 0; pass < 2; pass++)
		for (int i = 0; i < o->n; i++) {
			bool start, ok = pick_matches(o->labels[i], f, usable ? &pq : NULL, &start) ||
					 pick_matches(o->values[i], f, NULL, &start);
			if (ok && start == (pass == 0))
				o->shown[o->nshown++] = i;
		}
	free(f);
	o->lv.sel = 0;
	lv_set(&o->lv, o->nshown, o->lv.rows);
}

/* Search line, the list and a line of keys, in a frame sized to the labels. */
static void options_layout(Screen *s, int y, int x, int h, int w)
{
	Options *o = s->data;
	int bw = text_width(o->title) + 8;
	for (int i = 0; i < o->n; i++)
		if (text_width(o->labels[i]) + 12 > bw)
			bw = text_width(o->labels[i]) + 12;
	int hint = text_width(o->multi ? _(HINT_MULTI) : _(HINT_ONE)) + 4;
	if (bw < hint)
		bw = hint;
	if (bw > w)
		bw = w;
	int bh = o->n + 5;
	if (bh > h)
		bh = h;
	o->w = draw_window(o->w, bh, bw, y + (h - bh) / 2, x + (w - bw) / 2);
	s->win[0] = o->w;
	lv_set(&o->lv, o->nshown, bh - 5 > 1 ? bh - 5 : 1);
}

/* One option: its number, a check box when several can be chosen. */
static void options_row(int k, WINDOW *w, int y, int x, int cols, bool selected, void *ud)
{
	Options *o = ud;
	int i = o->shown[k];
	char num[16] = "  ";
	if (i < 9)
		snprintf(num, sizeof num, "%d", i + 1);
	char line[512];
	if (o->multi)
		snprintf(line, sizeof line, "%s %s %s %s", selected ? glyph(G_SELECTED) : " ", o->checked[i] ? "[x]" : "[ ]",
			 num, o->labels[i]);
	else
		snprintf(line, sizeof line, "%s %s %s", selected ? glyph(G_SELECTED) : " ", num, o->labels[i]);
	draw_text_pad(w, y, x, cols, selected ? R_SELECTED : R_NORMAL, line);
}

static void options_draw(Screen *s, unsigned what)
{
	Options *o = s->data;
	if (!o->w)
		return;
	int bh = getmaxy(o->w), bw = getmaxx(o->w);
	werase(o->w);
	draw_frame(o->w, R_BORDER, o->title, R_TITLE);
	char view[512];
	int cur;
	int lw = draw_text(o->w, 1, 2, bw - 4, R_NORMAL, _("Search:"));
	le_view(&o->filter, bw - 6 - lw, view, sizeof view, &cur);
	draw_text_pad(o->w, 1, 3 + lw, bw - 5 - lw, R_FIELD, view);
	if (o->nshown == 0)
		draw_text(o->w, 2, 2, bw - 4, R_DIM, _("Nothing matches."));
	else
		lv_draw(&o->lv, o->w, 2, 1, bw - 2, true, options_row, o);
	if (bh >= 6)
		draw_text(o->w, bh - 2, 2, bw - 4, R_DIM,
			  o->multi ? _(HINT_MULTI) : _(HINT_ONE));
	wnoutrefresh(o->w);
}

/* The cursor stays in the search line. */
static bool options_cursor(Screen *s, WINDOW **win, int *y, int *x)
{
	Options *o = s->data;
	if (!o->w)
		return false;
	char view[512];
	int cur, bw = getmaxx(o->w);
	int lw = text_width(_("Search:"));
	le_view(&o->filter, bw - 6 - lw, view, sizeof view, &cur);
	*win = o->w;
	*y = 1;
	*x = 3 + lw + cur;
	return true;
}

/* Answer once, then leave. */
static void answer(Screen *s, bool ok, int index)
{
	Options *o = s->data;
	if (o->answered)
		return;
	o->answered = true;
	sm_pop(s);
	if (o->done)
		o->done(ok, index, o->multi ? o->checked : NULL, o->ud);
}

/* Space toggles (several), a digit on an empty search picks or toggles,
 * other typing searches. */
static bool options_key(Screen *s, int key, bool fn)
{
	Options *o = s->data;
	if (!fn && key == ' ' && o->multi) {
		if (o->nshown > 0)
			o->checked[o->shown[o->lv.sel]] ^= true;
		screen_dirty(s, DRAW_STATE);
		return true;
	}
	if (!fn && key >= '1' && key <= '9' && le_empty(&o->filter) && key - '1' < o->n) {
		int i = key - '1';
		if (!o->multi) {
			answer(s, true, i);
			return true;
		}
		o->checked[i] ^= true;
		screen_dirty(s, DRAW_STATE);
		return true;
	}
	if (!le_key(&o->filter, key, fn))
		return false;
	refilter(o);
	screen_dirty(s, DRAW_STATE);
	return true;
}

static bool options_action(Screen *s, Action a)
{
	Options *o = s->data;
	if (a == ACT_SELECT || a == ACT_SUBMIT || a == ACT_CHOOSE) {
		if (o->multi)
			answer(s, true, -1);
		else if (o->nshown > 0)
			answer(s, true, o->shown[o->lv.sel]);
		return true;
	}
	if (a == ACT_CANCEL || a == ACT_BACK) {
		answer(s, false, -1);
		return true;
	}
	if (lv_action(&o->lv, a)) {
		screen_dirty(s, DRAW_STATE);
		return true;
	}
	return false;
}

/* Taken away without an answer: a cancel. */
static void options_destroy(Screen *s)
{
	Options *o = s->data;
	if (!o->answered && o->done) {
		o->answered = true;
		o->done(false, -1, NULL, o->ud);
	}
	for (int i = 0; i < o->n; i++) {
		free(o->labels[i]);
		free(o->values[i]);
	}
	free(o->labels);
	free(o->values);
	free(o->checked);
	free(o->shown);
	free(o->title);
	le_free(&o->filter);
	draw_delwin(&o->w);
	s->win[0] = NULL;
	free(o);
}

static const ScreenOps options_ops = {
	.name = "options",
	.context = KC_LIST,
	.overlay = true,
	.text_input = true,
	.fkeys = options_fkeys,
	.help = options_help,
	.layout = options_layout,
	.draw = options_draw,
	.on_key = options_key,
	.on_action = options_action,
	.cursor = options_cursor,
	.destroy = options_destroy,
};

Screen *dialog_options_new(const char *title, const FormField *f, bool multi, const bool *checked,
			   const char *filter, options_cb done, void *ud)
{
	Options *o = xcalloc(1, sizeof *o);
	o->title = text_clean(title, TEXT_ONE_LINE);
	o->n = (int)f->n_options;
	o->labels = xcalloc((size_t)o->n + 1, sizeof *o->labels);
	o->values = xcalloc((size_t)o->n + 1, sizeof *o->values);
	o->checked = xcalloc((size_t)o->n + 1, sizeof *o->checked);
	o->shown = xcalloc((size_t)o->n + 1, sizeof *o->shown);
	for (int i = 0; i < o->n; i++) {
		o->labels[i] = text_clean(f->options[i].label, TEXT_ONE_LINE);
		o->values[i] = text_clean(f->options[i].value, TEXT_ONE_LINE);
		o->checked[i] = checked && checked[i];
	}
	o->multi = multi;
	o->done = done;
	o->ud = ud;
	le_init(&o->filter, 64, false);
	if (filter)
		le_set(&o->filter, filter);
	o->lv.rows = 1;
	refilter(o);
	/* A single choice starts on the option chosen now. */
	for (int k = 0; !multi && checked && k < o->nshown; k++)
		if (checked[o->shown[k]])
			o->lv.sel = k;
	return screen_new(&options_ops, o);
}
