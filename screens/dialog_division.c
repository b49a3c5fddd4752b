/* dialog_division: the GB/T 2260 division picker over the form: province,
 * city, county level by level, or a search by name, pinyin (initials, full
 * or mixed) or code prefix under the level shown; current divisions only. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "screens/form_dialogs.h"
#include "screens/draw.h"
#include "screens/format.h"
#include "screens/lineedit.h"
#include "screens/listview.h"
#include "client/i18n.h"
#include "common/divisions.h"
#include "common/text.h"
#include "common/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct DivPick {
	char *title;
	int32_t parent;        /* 0: the provinces */
	LineEdit filter;
	int32_t *codes;        /* what is listed */
	int n, cap;
	ListView lv;
	division_cb done;
	void *ud;
	bool answered;
	WINDOW *w;
} DivPick;

static const FkeyDef div_fkeys[] = {
	FK_LABEL(ACT_SELECT, N_("Open / choose")), FK_LABEL(ACT_SUBMIT, N_("Choose this")),
	FK_OTHER(ACT_BACK, N_("Cancel")), FK(ACT_HELP), FK_END,
};
static const Action div_help[] = {
	ACT_UP, ACT_DOWN, ACT_PAGE_UP, ACT_PAGE_DOWN, ACT_SELECT, ACT_SUBMIT, ACT_BACK, ACT_HELP, ACT_NONE,
};

/* Index of the first entry with a code >= code. */
static size_t lower_bound(int32_t code)
{
	size_t lo = 0, hi = division_table_len;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (division_table[mid].code < code)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* The range of codes under a place: [*from, *to). */
static void span_of(int32_t parent, int32_t *from, int32_t *to)
{
	if (parent == 0) {
		*from = 100000;
		*to = 1000000;
	} else if (division_level(parent) == DIV_PROVINCE) {
		*from = parent + 1;
		*to = parent + 10000;
	} else {
		*from = parent + 1;
		*to = parent + 100;
	}
}

/* A current entry for code, or NULL. */
static const Division *current(int32_t code)
{
	const Division *d = division_find(code);
	return d && d->current ? d : NULL;
}

/* Whether code belongs directly under parent: provinces under the root; a
 * city, or a county with no current city above it, under its province; a
 * county under its city. */
static bool directly_under(int32_t parent, int32_t code)
{
	DivLevel l = division_level(code);
	if (parent == 0)
		return l == DIV_PROVINCE;
	if (division_level(parent) == DIV_PROVINCE)
		return l == DIV_PREFECTURE || (l == DIV_COUNTY && !current(code / 100 * 100));
	return l == DIV_COUNTY;
}

int division_children(int32_t parent, int32_t *codes, int max)
{
	if (division_level(parent) == DIV_COUNTY)
		return 0;
	int32_t from, to;
	span_of(parent, &from, &to);
	int n = 0;
	for (size_t i = lower_bound(from); i < division_table_len && division_table[i].code < to; i++) {
		const Division *d = &division_table[i];
		if (!d->current || !directly_under(parent, d->code))
			continue;
		if (n < max)
			codes[n] = d->code;
		n++;
	}
	return n;
}

/* Whether a place has places under it. */
static bool has_children(int32_t code)
{
	if (division_level(code) == DIV_COUNTY)
		return false;
	int32_t one;
	return division_children(code, &one, 1) > 0;
}

/* Add a code to the list. */
static void push(DivPick *p, int32_t code)
{
	if (p->n == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 64;
		p->codes = xrealloc(p->codes, (size_t)p->cap * sizeof *p->codes);
	}
	p->codes[p->n++] = code;
}

/* Whether a code starts with the digits typed. */
static bool code_prefix(int32_t code, const char *f)
{
	char c[16];
	snprintf(c, sizeof c, "%06d", (int)code);
	return strspn(f, "0123456789") == strlen(f) && strncmp(c, f, strlen(f)) == 0;
}

/* The children of the level shown, or with a search every current place
 * under it that matches. */
static void relist(DivPick *p)
{
	char *f = le_text(&p->filter);
	p->n = 0;
	if (!*f) {
		int32_t from, to;
		span_of(p->parent, &from, &to);
		for (size_t i = lower_bound(from); i < division_table_len && division_table[i].code < to; i++)
			if (division_table[i].current && directly_under(p->parent, division_table[i].code))
				push(p, division_table[i].code);
	} else {
		PinyinQuery pq;
		bool usable = pinyin_query_init(&pq, f);
		int32_t from, to;
		span_of(p->parent, &from, &to);
		size_t lo = lower_bound(from);
		/* Matches from the start first, and in each, provinces before
		 * cities before counties: "sh" puts 上海市 before 石景山区. */
		for (int pass = 0; pass < 6; pass++)
			for (size_t i = lo; i < division_table_len && division_table[i].code < to; i++) {
				const Division *d = &division_table[i];
				bool start;
				if (!d->current || (int)division_level(d->code) != pass % 3 + 1)
					continue;
				bool ok = pick_matches(d->name, f, usable ? &pq : NULL, &start);
				if (!ok && code_prefix(d->code, f))
					ok = start = true;
				if (ok && start == (pass < 3))
					push(p, d->code);
			}
	}
	free(f);
	p->lv.sel = 0;
	lv_set(&p->lv, p->n, p->lv.rows);
}

/* A box most of the body high, wide enough for full names. */
static void div_layout(Screen *s, int y, int x, int h, int w)
{
	DivPick *p = s->data;
	int bw = w < 60 ? w : 60, bh = h < 22 ? h : 22;
	p->w = draw_window(p->w, bh, bw, y + (h - bh) / 2, x + (w - bw) / 2);
	s->win[0] = p->w;
	lv_set(&p->lv, p->n, bh - 5 > 1 ? bh - 5 : 1);
}

/* One place: its name (the full name while searching), a mark when it has
 * places under it, its code on the right. */
static void div_row(int k, WINDOW *w, int y, int x, int cols, bool selected, void *ud)
{
	DivPick *p = ud;
	int32_t code = p->codes[k];
	char name[256], line[512], num[16];
	if (le_empty(&p->filter) || !division_full_name(code, name, sizeof name))
		snprintf(name, sizeof name, "%s", division_find(code)->name);
	snprintf(line, sizeof line, "%s %s%s", selected ? glyph(G_SELECTED) : " ", name,
		 has_children(code) ? " \u203A" : "");
	snprintf(num, sizeof num, "%06d", (int)code);
	Role r = selected ? R_SELECTED : R_NORMAL;
	draw_text_pad(w, y, x, cols, r, line);
	draw_text_right(w, y, x + cols - 1, 6, r, num);
}

/* Where the list is: the names of the levels above. */
static void where(const DivPick *p, char *out, size_t n)
{
	if (p->parent == 0) {
		snprintf(out, n, "%s", _("All provinces"));
		return;
	}
	if (!division_full_name(p->parent, out, n))
		snprintf(out, n, "%06d", (int)p->parent);
}

static void div_draw(Screen *s, unsigned what)
{
	DivPick *p = s->data;
	if (!p->w)
		return;
	int bh = getmaxy(p->w), bw = getmaxx(p->w);
	werase(p->w);
	draw_frame(p->w, R_BORDER, p->title, R_TITLE);
	char view[256], place[256], head[512];
	int cur;
	where(p, place, sizeof place);
	int lw = draw_text(p->w, 1, 2, bw - 4, R_NORMAL, _("Search:"));
	le_view(&p->filter, bw / 2 - lw, view, sizeof view, &cur);
	draw_text_pad(p->w, 1, 3 + lw, bw / 2 - lw, R_FIELD, view);
	snprintf(head, sizeof head, "%s %s", glyph(G_SEP), place);
	draw_text(p->w, 1, 4 + bw / 2, bw - 6 - bw / 2, R_STRONG, head);
	if (p->n == 0)
		draw_text(p->w, 2, 2, bw - 4, R_DIM, _("Nothing matches."));
	else
		lv_draw(&p->lv, p->w, 2, 1, bw - 2, true, div_row, p);
	if (bh >= 6)
		draw_text(p->w, bh - 2, 2, bw - 4, R_DIM,
			  _("Enter: open or choose · F10: choose this level · Left: up · Esc: cancel"));
	wnoutrefresh(p->w);
}

static bool div_cursor(Screen *s, WINDOW **win, int *y, int *x)
{
	DivPick *p = s->data;
	if (!p->w)
		return false;
	char view[256];
	int cur, bw = getmaxx(p->w);
	int lw = text_width(_("Search:"));
	le_view(&p->filter, bw / 2 - lw, view, sizeof view, &cur);
	*win = p->w;
	*y = 1;
	*x = 3 + lw + cur;
	return true;
}

/* Answer once, then leave. */
static void answer(Screen *s, bool ok, int32_t code)
{
	DivPick *p = s->data;
	if (p->answered)
		return;
	p->answered = true;
	sm_pop(s);
	if (p->done)
		p->done(ok, ok ? code : 0, p->ud);
}

/* Show the places under code (search cleared), the cursor on sel. */
static void go(DivPick *p, int32_t parent, int32_t sel)
{
	p->parent = parent;
	le_clear(&p->filter);
	relist(p);
	for (int k = 0; k < p->n; k++)
		if (p->codes[k] == sel)
			p->lv.sel = k;
	lv_set(&p->lv, p->n, p->lv.rows);
}

/* The level above a place: its city when listed under one, else its
 * province, else the root. */
static int32_t parent_of(int32_t code)
{
	DivLevel l = division_level(code);
	if (l == DIV_PROVINCE || l == DIV_NONE)
		return 0;
	if (l == DIV_COUNTY && current(code / 100 * 100))
		return code / 100 * 100;
	return code / 10000 * 10000;
}

/* Up one level, the cursor on where we came from. */
static void up(DivPick *p)
{
	if (p->parent != 0)
		go(p, parent_of(p->parent), p->parent);
}

/* Left or Backspace on an empty search go up, Right goes down; other keys
 * edit the search. */
static bool div_key(Screen *s, int key, bool fn)
{
	DivPick *p = s->data;
	if (le_empty(&p->filter) && fn && (key == KEY_LEFT || key == KEY_BACKSPACE)) {
		up(p);
		screen_dirty(s, DRAW_STATE);
		return true;
	}
	if (le_empty(&p->filter) && fn && key == KEY_RIGHT) {
		if (p->n > 0 && has_children(p->codes[p->lv.sel]))
			go(p, p->codes[p->lv.sel], 0);
		screen_dirty(s, DRAW_STATE);
		return true;
	}
	if (!le_key(&p->filter, key, fn))
		return false;
	relist(p);
	screen_dirty(s, DRAW_STATE);
	return true;
}

static bool div_action(Screen *s, Action a)
{
	DivPick *p = s->data;
	int32_t code = p->n > 0 ? p->codes[p->lv.sel] : 0;
	if (a == ACT_SELECT || a == ACT_CHOOSE) {
		if (code && has_children(code))
			go(p, code, 0);
		else if (code)
			answer(s, true, code);
		screen_dirty(s, DRAW_STATE);
		return true;
	}
	if (a == ACT_SUBMIT) {
		if (code)
			answer(s, true, code);
		return true;
	}
	if (a == ACT_CANCEL || a == ACT_BACK) {
		answer(s, false, 0);
		return true;
	}
	if (lv_action(&p->lv, a)) {
		screen_dirty(s, DRAW_STATE);
		return true;
	}
	return false;
}

static void div_destroy(Screen *s)
{
	DivPick *p = s->data;
	if (!p->answered && p->done) {
		p->answered = true;
		p->done(false, 0, p->ud);
	}
	le_free(&p->filter);
	free(p->codes);
	free(p->title);
	draw_delwin(&p->w);
	s->win[0] = NULL;
	free(p);
}

static const ScreenOps div_ops = {
	.name = "division",
	.context = KC_LIST,
	.overlay = true,
	.text_input = true,
	.fkeys = div_fkeys,
	.help = div_help,
	.layout = div_layout,
	.draw = div_draw,
	.on_key = div_key,
	.on_action = div_action,
	.cursor = div_cursor,
	.destroy = div_destroy,
};

Screen *dialog_division_new(const char *title, int32_t cur, const char *filter, division_cb done, void *ud)
{
	DivPick *p = xcalloc(1, sizeof *p);
	p->title = text_clean(title, TEXT_ONE_LINE);
	p->done = done;
	p->ud = ud;
	p->lv.rows = 1;
	le_init(&p->filter, 32, false);
	if (cur && current(cur))
		go(p, parent_of(cur), cur);
	else
		go(p, 0, 0);
	if (filter && *filter) {
		le_set(&p->filter, filter);
		relist(p);
	}
	return screen_new(&div_ops, p);
}
