/* pager: paragraphs wrapped by display columns and drawn from a scroll
 * position, and the pager screen that shows them. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "screens/pager.h"
#include "screens/format.h"
#include "screens/listview.h"
#include "client/i18n.h"
#include "common/text.h"
#include "common/xalloc.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A new paragraph at the end (text taken). */
static Para *para_push(Paras *p, Role r, int indent, int hang, char *text)
{
	if (p->n == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 32;
		p->v = xrealloc(p->v, p->cap * sizeof *p->v);
	}
	Para *a = &p->v[p->n++];
	memset(a, 0, sizeof *a);
	a->role = r;
	a->indent = indent;
	a->hang = hang;
	a->text = text;
	return a;
}

void paras_add(Paras *p, Role r, int indent, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *s = xvasprintf(fmt, ap);
	va_end(ap);
	para_push(p, r, indent, 0, text_clean(s, TEXT_KEEP_NEWLINES));
	free(s);
}

void paras_add_hang(Paras *p, Role r, int indent, int hang, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *s = xvasprintf(fmt, ap);
	va_end(ap);
	para_push(p, r, indent, hang, text_clean(s, TEXT_KEEP_NEWLINES));
	free(s);
}

void paras_field(Paras *p, int label_w, const char *label, Role value_role, const char *value)
{
	Para *a = para_push(p, value_role, 0, 0, text_clean(value ? value : "", TEXT_KEEP_NEWLINES));
	a->label = text_clean(label, 0);
	a->label_w = label_w;
}

void paras_raw(Paras *p, Role r, int indent, const char *text)
{
	Para *a = para_push(p, r, indent, 0, text_clean(text, 0));
	a->raw = true;
}

void paras_span(Paras *p, size_t para, uint32_t start, uint32_t len, Role r, int link)
{
	if (para >= p->n)
		return;
	Para *a = &p->v[para];
	size_t tl = strlen(a->text);
	if (start >= tl || len == 0)
		return;
	if (len > tl - start)
		len = (uint32_t)(tl - start);
	a->spans = xrealloc(a->spans, (size_t)(a->nspans + 1) * sizeof *a->spans);
	a->spans[a->nspans++] = (PSpan){start, len, r, link};
}

void paras_free(Paras *p)
{
	for (size_t i = 0; i < p->n; i++) {
		free(p->v[i].text);
		free(p->v[i].label);
		free(p->v[i].spans);
	}
	free(p->v);
	memset(p, 0, sizeof *p);
}

/* Room for one more line. */
static PLine *line_push(PLine **v, int *n, int *cap)
{
	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 64;
		*v = xrealloc(*v, (size_t)*cap * sizeof **v);
	}
	PLine *l = &(*v)[(*n)++];
	memset(l, 0, sizeof *l);
	return l;
}

/* The paragraph's spans that fall on a line of len bytes at off, in the
 * line's bytes. */
static void line_spans(const Para *a, PLine *l, size_t len)
{
	for (int k = 0; k < a->nspans; k++) {
		const PSpan *sp = &a->spans[k];
		uint32_t s0 = sp->start > l->off ? sp->start : l->off;
		uint32_t e0 = sp->start + sp->len, le = l->off + (uint32_t)len;
		if (e0 > le)
			e0 = le;
		if (s0 >= e0)
			continue;
		l->spans = xrealloc(l->spans, (size_t)(l->nspans + 1) * sizeof *l->spans);
		l->spans[l->nspans++] = (PSpan){s0 - l->off, e0 - s0, sp->role, sp->link};
	}
}

/* One paragraph's lines: each '\n'-separated piece wrapped on its own. */
static void wrap_para(const Para *a, int para, int width, PLine **v, int *n, int *cap)
{
	int x0 = a->indent + a->label_w;
	bool first = true;
	const char *s = a->text;
	do {
		const char *nl = strchr(s, '\n');
		char *piece = nl ? xstrndup(s, (size_t)(nl - s)) : xstrdup(s);
		/* Leading spaces of a line of text indent it (and its wraps);
		 * every line but the paragraph's first hangs. */
		size_t lead = a->raw ? 0 : strspn(piece, " ");
		int base = x0 + (int)lead;
		int cols = width - base - a->hang;
		if (a->raw || cols < 4) {
			PLine *l = line_push(v, n, cap);
			l->role = a->role;
			l->indent = base < width ? base : 0;
			l->text = xstrdup(piece + lead);
			l->label = first ? a->label : NULL;
			l->para = para;
			l->off = (uint32_t)(s - a->text + lead);
			line_spans(a, l, strlen(l->text));
		} else {
			size_t st[256], ln[256];
			int k = fmt_wrap(piece + lead, cols, st, ln, 256);
			if (k == 0) {
				st[0] = ln[0] = 0;
				k = 1;
			}
			for (int i = 0; i < k; i++) {
				PLine *l = line_push(v, n, cap);
				l->role = a->role;
				l->indent = first && i == 0 ? base : base + a->hang;
				l->text = xstrndup(piece + lead + st[i], ln[i]);
				l->label = first && i == 0 ? a->label : NULL;
				l->para = para;
				l->off = (uint32_t)(s - a->text + lead + st[i]);
				line_spans(a, l, ln[i]);
			}
		}
		free(piece);
		first = false;
		s = nl ? nl + 1 : NULL;
	} while (s);
}

int paras_wrap(const Paras *p, int width, PLine **out)
{
	PLine *v = NULL;
	int n = 0, cap = 0;
	for (size_t i = 0; p && i < p->n; i++)
		wrap_para(&p->v[i], (int)i, width, &v, &n, &cap);
	*out = v;
	return n;
}

void plines_free(PLine *l, int n)
{
	for (int i = 0; i < n; i++) {
		free(l[i].text);
		free(l[i].spans);
	}
	free(l);
}

int pline_segments(const PLine *l, PSeg *out, int max)
{
	uint32_t len = (uint32_t)strlen(l->text), pos = 0;
	int k = 0;
	while (pos < len && k < max) {
		/* The role at pos is the last span over it; the run ends where
		 * any span starts or ends. */
		PSeg g = {pos, 0, l->role, -1};
		uint32_t end = len;
		for (int i = 0; i < l->nspans; i++) {
			const PSpan *sp = &l->spans[i];
			uint32_t e = sp->start + sp->len;
			if (sp->start <= pos && pos < e) {
				g.role = sp->role;
				g.link = sp->link;
			}
			if (sp->start > pos && sp->start < end)
				end = sp->start;
			if (e > pos && e < end)
				end = e;
		}
		if (k == max - 1)
			end = len;
		g.len = end - pos;
		out[k++] = g;
		pos = end;
	}
	return k;
}

/* A line's text in runs of its roles, cut at cols columns. */
static void draw_line(WINDOW *w, int y, int x, int cols, const PLine *l)
{
	if (l->nspans == 0) {
		draw_text(w, y, x, cols, l->role, l->text);
		return;
	}
	PSeg seg[64];
	int n = pline_segments(l, seg, 64), used = 0;
	for (int i = 0; i < n && used < cols; i++) {
		char *part = xstrndup(l->text + seg[i].start, seg[i].len);
		used += draw_text(w, y, x + used, cols - used, seg[i].role, part);
		free(part);
	}
}

void plines_draw(WINDOW *w, int y, int x, int width, int rows, const PLine *lines, int n, int top)
{
	for (int r = 0; r < rows; r++) {
		wmove(w, y + r, x);
		for (int c = 0; c < width; c++)
			waddch(w, ' ');
		int i = top + r;
		if (i < 0 || i >= n)
			continue;
		const PLine *l = &lines[i];
		if (l->label)
			draw_text(w, y + r, x, l->indent > 1 ? l->indent - 1 : l->indent, R_NORMAL, l->label);
		if (l->indent < width)
			draw_line(w, y + r, x + l->indent, width - l->indent, l);
	}
}

/* ---------------------------------------------------------- the screen */

typedef struct Pager {
	char *title;
	Paras content;
	PLine *lines;
	int n, width, top, rows;
	WINDOW *w;
} Pager;

static const FkeyDef pager_fkeys[] = {
	FK_OTHER(ACT_BACK, N_("Close")), FK_LABEL(ACT_PAGE_DOWN, N_("Scroll")), FK(ACT_HELP), FK_END,
};
static const Action pager_help[] = {
	ACT_UP, ACT_DOWN, ACT_PAGE_UP, ACT_PAGE_DOWN, ACT_TOP, ACT_BOTTOM, ACT_BACK, ACT_HELP, ACT_NONE,
};

/* Wrap the content to the window's inner width. */
static void pager_rewrap(Pager *pg)
{
	plines_free(pg->lines, pg->n);
	pg->lines = NULL;
	pg->n = pg->w ? paras_wrap(&pg->content, pg->width, &pg->lines) : 0;
	if (pg->top > pg->n - pg->rows)
		pg->top = pg->n - pg->rows;
	if (pg->top < 0)
		pg->top = 0;
}

/* The whole body, framed. */
static void pager_layout(Screen *s, int y, int x, int h, int w)
{
	Pager *pg = s->data;
	pg->w = draw_window(pg->w, h, w, y, x);
	s->win[0] = pg->w;
	pg->width = w - 4;
	pg->rows = h - 2;
	pager_rewrap(pg);
}

static void pager_draw(Screen *s, unsigned what)
{
	Pager *pg = s->data;
	if (!pg->w)
		return;
	werase(pg->w);
	draw_frame(pg->w, R_BORDER, pg->title, R_TITLE);
	plines_draw(pg->w, 1, 2, pg->width, pg->rows, pg->lines, pg->n, pg->top);
	if (pg->n > pg->rows) {
		char pos[64];
		snprintf(pos, sizeof pos, " %d/%d ", pg->top + pg->rows < pg->n ? pg->top + pg->rows : pg->n, pg->n);
		draw_text_right(pg->w, getmaxy(pg->w) - 1, getmaxx(pg->w) - 2, 16, R_DIM, pos);
	}
	wnoutrefresh(pg->w);
}

/* Scroll; close on back, cancel, the guide or knowledge key again. */
static bool pager_action(Screen *s, Action a)
{
	Pager *pg = s->data;
	if (a == ACT_BACK || a == ACT_CANCEL || a == ACT_GUIDE || a == ACT_KNOWLEDGE || a == ACT_SELECT ||
	    a == ACT_QUIT) {
		sm_pop(s);
		return true;
	}
	ListView lv = {pg->n, pg->top, pg->top, pg->rows};
	lv.sel = a == ACT_DOWN ? pg->top + pg->rows - 1 : pg->top;
	if (pg->n > 0 && lv_action(&lv, a)) {
		pg->top = lv.top;
		screen_dirty(s, DRAW_STATE);
		return true;
	}
	return a == ACT_UP || a == ACT_DOWN;
}

static void pager_destroy(Screen *s)
{
	Pager *pg = s->data;
	plines_free(pg->lines, pg->n);
	paras_free(&pg->content);
	free(pg->title);
	draw_delwin(&pg->w);
	s->win[0] = NULL;
	free(pg);
}

static const ScreenOps pager_ops = {
	.name = "pager",
	.context = KC_HELP,
	.fkeys = pager_fkeys,
	.help = pager_help,
	.layout = pager_layout,
	.draw = pager_draw,
	.on_action = pager_action,
	.destroy = pager_destroy,
};

Screen *screen_pager_new(const char *title, Paras *content)
{
	Pager *pg = xcalloc(1, sizeof *pg);
	pg->title = text_clean(title, 0);
	if (content) {
		pg->content = *content;
		memset(content, 0, sizeof *content);
	}
	return screen_new(&pager_ops, pg);
}

void screen_pager_set(Screen *s, const char *title, Paras *content)
{
	if (!s || s->ops != &pager_ops)
		return;
	Pager *pg = s->data;
	if (title) {
		free(pg->title);
		pg->title = text_clean(title, 0);
	}
	paras_free(&pg->content);
	pg->content = *content;
	memset(content, 0, sizeof *content);
	pg->top = 0;
	pager_rewrap(pg);
	screen_dirty(s, DRAW_ALL);
}
