/* form_draw: the form screen's windows: a title line, the form's lines
 * (scrolled to the focus), and the focused field's details in a side pane
 * on wide terminals or a line under the form on narrow ones. Typing
 * redraws only the value of the field typed into. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "screens/form_screen.h"
#include "screens/draw.h"
#include "screens/format.h"
#include "client/i18n.h"
#include "common/text.h"
#include "common/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Width from which the details get a side pane, and its width. */
enum { SIDE_FROM = 110, SIDE_W = 40, SIDE_W_WIDE = 48, MAX_DETAILS = 16 };

void form_windows(Form *fm, int y, int x, int h, int w)
{
	int side_w = w >= SIDE_FROM ? (w >= 150 ? SIDE_W_WIDE : SIDE_W) : 0;
	int main_w = w - side_w;
	int foot_h = !side_w && h >= 6 ? 1 : 0;
	int head_h = h >= 2 ? 1 : 0;
	fm->head = draw_window(fm->head, head_h, main_w, y, x);
	fm->body = draw_window(fm->body, h - head_h - foot_h, main_w, y + head_h, x);
	fm->foot = draw_window(fm->foot, foot_h, main_w, y + h - foot_h, x);
	fm->side = draw_window(fm->side, side_w ? h : 0, side_w, y, x + main_w);
	fv_cols(&fm->v, main_w, &fm->cols);
	form_scroll_to_focus(fm);
}

void form_free_windows(Form *fm)
{
	draw_delwin(&fm->head);
	draw_delwin(&fm->body);
	draw_delwin(&fm->foot);
	draw_delwin(&fm->side);
}

int form_body_rows(const Form *fm)
{
	return fm->body ? getmaxy(fm->body) : 0;
}

bool form_is_line(const Form *fm, int i)
{
	if (i < 0 || i >= fm->v.n)
		return false;
	const FormItem *it = &fm->v.items[i];
	return (it->kind == FI_FIELD || it->kind == FI_CELL) && ff_edit(it->f) == FE_LINE;
}

void form_scroll_to_focus(Form *fm)
{
	int h = form_body_rows(fm);
	if (h <= 0 || fm->fi < 0 || fm->fi >= fm->v.n) {
		fm->top = 0;
		return;
	}
	const FormItem *it = &fm->v.items[fm->fi];
	int first = it->line, last = it->line + it->nlines - 1;
	/* The heading of a section or a row just above comes along. */
	if (fm->fi > 0 && (fm->v.items[fm->fi - 1].kind == FI_SECTION || fm->v.items[fm->fi - 1].kind == FI_ROW))
		first = fm->v.items[fm->fi - 1].line;
	if (last - first + 1 > h)
		first = last - h + 1;
	if (first < fm->top)
		fm->top = first;
	if (last >= fm->top + h)
		fm->top = last - h + 1;
	if (fm->top > fm->v.lines - h)
		fm->top = fm->v.lines - h;
	if (fm->top < 0)
		fm->top = 0;
}

/* The title, then how many problems show, whether there is more above
 * or below, and where the cursor is. */
static void draw_head(Form *fm)
{
	WINDOW *w = fm->head;
	if (!w)
		return;
	int cols = getmaxx(w);
	werase(w);
	char right[128] = "", pos[64] = "";
	int total = 0, at = 0;
	for (int i = 0; i < fm->v.n; i++)
		if (fv_focusable(&fm->v.items[i])) {
			total++;
			if (i <= fm->fi)
				at++;
		}
	/* More lines above or below the body: arrows before the position. */
	int h = form_body_rows(fm);
	snprintf(pos, sizeof pos, "%s%s %d/%d", fm->top > 0 ? fv_mark(FM_MORE_UP) : " ",
		 fm->top + h < fm->v.lines ? fv_mark(FM_MORE_DOWN) : " ", at, total);
	int problems = 0;
	for (int i = 0; i < fm->v.n; i++)
		problems += fv_shown_error(&fm->v, &fm->v.items[i]) != NULL;
	if (problems)
		snprintf(right, sizeof right, ngettext("%s %d problem", "%s %d problems", problems), fv_mark(FM_PROBLEM),
			 problems);
	int pw = text_width(pos), rw = *right ? text_width(right) + 2 : 0;
	if (pw + rw + 4 > cols)
		pw = rw = 0;
	char *title = text_clean(fm->v.schema->title, TEXT_ONE_LINE);
	draw_text(w, 0, 0, cols - pw - rw - 1, R_TITLE, title);
	free(title);
	if (rw)
		draw_text_right(w, 0, cols - pw - 2, rw, R_ERROR, right);
	if (pw)
		draw_text_right(w, 0, cols, pw, R_DIM, pos);
	wnoutrefresh(w);
}

/* The editor's view of the focused value; text that fits is shown from its
 * start again (after a resize to a wider terminal). */
static void edit_view(Form *fm, char *view, size_t n, int *cur)
{
	int w = 0;
	for (int i = 0; i < fm->le.len; i++)
		w += text_cp_width(fm->le.cp[i]);
	if (w < fm->cols.value_w)
		fm->le.scroll = 0;
	le_view(&fm->le, fm->cols.value_w, view, n, cur);
}

/* The value part of a line: the text being edited, the value, or a hint. */
static void draw_value(Form *fm, int i, int y, const FormLineParts *p)
{
	const FormCols *c = &fm->cols;
	/* The field being typed in shows its text; empty, its hint stays (the
	 * same cells as before it had the focus: moving costs nothing). */
	if (i == fm->fi && form_is_line(fm, i) && fm->le_path && (fm->le.len > 0 || !p->hint)) {
		char view[2048];
		int cur;
		edit_view(fm, view, sizeof view, &cur);
		/* No attribute on the edited text: one byte per key typed. */
		draw_text_pad(fm->body, y, c->value_x, c->value_w, R_FIELD, view);
	} else {
		draw_text_pad(fm->body, y, c->value_x, c->value_w, p->hint ? R_DIM : R_FIELD, p->value);
	}
	draw_text(fm->body, y, c->mark_x, 1, R_STRONG, *p->prov ? p->prov : " ");
	draw_text(fm->body, y, c->mark_x + 1, 1, R_ERROR, *p->problem ? p->problem : " ");
}

/* A section heading: a rule with the title in it. */
static void draw_heading(Form *fm, int y, const FormLineParts *p)
{
	int cols = getmaxx(fm->body);
	char rule[16];
	snprintf(rule, sizeof rule, "%s%s ", fv_mark(FM_RULE), fv_mark(FM_RULE));
	int x = draw_text(fm->body, y, 0, cols, R_BORDER, rule);
	x += draw_text(fm->body, y, x, cols - x, R_TITLE, p->label);
	if (x < cols)
		x += draw_text(fm->body, y, x, 1, R_NORMAL, " ");
	for (; x < cols; x++)
		draw_text(fm->body, y, x, 1, R_BORDER, fv_mark(FM_RULE));
}

/* Line k of item i at row y of the body. */
static void draw_line(Form *fm, int i, int k, int y)
{
	const FormItem *it = &fm->v.items[i];
	const FormCols *c = &fm->cols;
	FormLineParts p;
	fv_parts(&fm->v, i, &p);
	if (it->kind == FI_SECTION) {
		draw_heading(fm, y, &p);
		return;
	}
	if (k == 1) {
		char err[1100];
		snprintf(err, sizeof err, "%s %s", fv_mark(FM_PROBLEM), p.error);
		draw_text(fm->body, y, c->value_x, getmaxx(fm->body) - c->value_x, R_ERROR, err);
		return;
	}
	bool focused = i == fm->fi;
	/* The focus is the mark (and the terminal cursor): a label in another
	 * attribute would be sent again on every move. */
	draw_text(fm->body, y, 0, 1, R_STRONG, focused ? fv_mark(FM_FOCUS) : " ");
	Role lr = it->kind == FI_ROW || it->kind == FI_ADD_ROW ? R_DIM : R_NORMAL;
	draw_text_pad(fm->body, y, c->label_x, c->label_w, lr, p.label);
	if (it->kind != FI_ADD_ROW)
		draw_value(fm, i, y, &p);
}

/* Every line in view. */
static void draw_body(Form *fm)
{
	WINDOW *w = fm->body;
	if (!w)
		return;
	werase(w);
	int h = getmaxy(w);
	for (int i = 0; i < fm->v.n; i++) {
		const FormItem *it = &fm->v.items[i];
		for (int k = 0; k < it->nlines; k++) {
			int y = it->line + k - fm->top;
			if (y >= 0 && y < h)
				draw_line(fm, i, k, y);
		}
	}
	wnoutrefresh(w);
}

/* Narrow screens: the focused field's source, or its choices, on one line. */
static void draw_foot(Form *fm)
{
	if (!fm->foot)
		return;
	char line[1024];
	ff_detail_line(&fm->v, fm->fi, line, sizeof line);
	werase(fm->foot);
	draw_text(fm->foot, 0, 0, getmaxx(fm->foot), R_DIM, line);
	wnoutrefresh(fm->foot);
}

/* Wide screens: the focused field's details, names in a column, values
 * wrapped beside them. */
static void draw_side(Form *fm)
{
	WINDOW *w = fm->side;
	if (!w)
		return;
	int h = getmaxy(w), cols = getmaxx(w) - 4;
	werase(w);
	draw_frame(w, R_BORDER, _("This field"), R_TITLE);
	FieldDetail d[MAX_DETAILS];
	int n = ff_details(&fm->v, fm->fi, d, MAX_DETAILS), y = 1, nw = 0;
	for (int k = 0; k < n; k++)
		if (text_width(d[k].name) > nw)
			nw = text_width(d[k].name);
	if (nw > cols / 3)
		nw = cols / 3;
	for (int k = 0; k < n && y < h - 1; k++) {
		draw_text(w, y, 2, nw, R_STRONG, d[k].name);
		size_t st[8], ln[8];
		int lines = fmt_wrap(d[k].value, cols - nw - 2, st, ln, 8);
		for (int l = 0; l < lines && y < h - 1; l++, y++) {
			char *part = xstrndup(d[k].value + st[l], ln[l]);
			draw_text(w, y, 4 + nw, cols - nw - 2, d[k].problem ? R_ERROR : R_NORMAL, part);
			free(part);
		}
		if (lines == 0)
			y++;
	}
	wnoutrefresh(w);
}

void form_draw_all(Form *fm)
{
	fv_cols(&fm->v, fm->body ? getmaxx(fm->body) : 0, &fm->cols);
	form_scroll_to_focus(fm);
	draw_head(fm);
	draw_body(fm);
	draw_foot(fm);
	draw_side(fm);
}

void form_draw_field(Form *fm)
{
	if (!fm->body || fm->fi < 0)
		return;
	int y = fm->v.items[fm->fi].line - fm->top;
	if (y < 0 || y >= getmaxy(fm->body))
		return;
	FormLineParts p;
	fv_parts(&fm->v, fm->fi, &p);
	draw_value(fm, fm->fi, y, &p);
	wnoutrefresh(fm->body);
}

bool form_cursor_at(Form *fm, WINDOW **win, int *y, int *x)
{
	if (!fm->body || !form_is_line(fm, fm->fi) || !fm->le_path)
		return false;
	int row = fm->v.items[fm->fi].line - fm->top;
	if (row < 0 || row >= getmaxy(fm->body) || fm->cols.value_w <= 0)
		return false;
	char view[2048];
	int cur;
	edit_view(fm, view, sizeof view, &cur);
	*win = fm->body;
	*y = row;
	*x = fm->cols.value_x + cur;
	return true;
}
