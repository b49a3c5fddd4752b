/* home_draw: the home screen's panels: the current ticket box, the waiting
 * list with today's figures, counts per category and the held tickets. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "screens/home.h"
#include "screens/bars.h"
#include "screens/draw.h"
#include "screens/format.h"
#include "client/i18n.h"
#include "common/text.h"
#include "common/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The label of a ticket's category ("综合受理"), or its code. */
static const char *cat_label(const char *code)
{
	const Category *c = app_category(code);
	return c ? category_label(c) : (code ? code : "");
}

/* A row of keys and labels (the current ticket's actions). */
static void draw_keys(WINDOW *w, int y, int x, int cols, const FkeyDef *defs)
{
	FkeyItem items[16];
	FkeySpan spans[16];
	int n = fkeys_build(KC_HOME, false, defs, NULL, home_can, items, 16);
	int shown = fkeys_layout(items, n, cols, spans, NULL, 0);
	for (int k = 0; k < shown; k++) {
		const FkeySpan *sp = &spans[k];
		const FkeyItem *it = &items[sp->item];
		draw_text(w, y, x + sp->x, sp->key_w, it->enabled ? R_KEY : R_DIM, it->key);
		draw_text(w, y, x + sp->label_x, sp->label_w, it->enabled ? R_NORMAL : R_DIM, it->label);
	}
}

/* "label value" pairs flowed over rows y..y+rows at x, cols wide. */
static void draw_pairs(WINDOW *w, int y, int x, int cols, int rows, const Pair *p, int n)
{
	int line[16], px[16];
	if (n > 16)
		n = 16;
	fmt_pairs_place(p, n, cols, 3, line, px);
	for (int i = 0; i < n; i++) {
		if (line[i] >= rows)
			break;
		int lw = draw_text(w, y + line[i], x + px[i], cols - px[i], R_NORMAL, p[i].label);
		int vx = px[i] + lw + 1;
		if (vx < cols)
			draw_text(w, y + line[i], x + vx, cols - vx, R_STRONG, p[i].value);
	}
}

static const FkeyDef ticket_actions[] = {
	FK(ACT_RECALL), FK(ACT_SKIP), FK(ACT_HOLD), FK(ACT_TRANSFER),
	FK(ACT_FINISH), FK_END,
};
static const FkeyDef idle_actions[] = {
	FK(ACT_CALL_NEXT), FK(ACT_RECALL), FK(ACT_REFRESH), FK_END,
};

/* The box of the ticket being served: number, details and its action keys. */
void home_draw_current(Home *h)
{
	WINDOW *w = h->cur;
	if (!w)
		return;
	int rows = getmaxy(w), cols = getmaxx(w);
	bool framed = rows >= 3;
	werase(w);
	if (framed)
		draw_frame(w, R_BORDER, _("Now serving"), R_TITLE);
	int y = framed ? 1 : 0, x = framed ? 2 : 0;
	int inner_w = cols - 2 * x, inner_h = rows - (framed ? 2 : 0);
	const Ticket *t = app.current;
	if (t) {
		char num[64], called[16], recalls[32], waited[64];
		snprintf(num, sizeof num, "%s%s", t->priority ? glyph(G_PRIORITY) : "", t->number);
		int nw = draw_text(w, y, x, inner_w, t->priority ? R_PRIORITY : R_STRONG, num);
		fmt_hhmm(called, sizeof called, t->called_at);
		snprintf(recalls, sizeof recalls, "%d", t->recalls);
		fmt_minutes(waited, sizeof waited, t->called_at && t->issued_at ? (long)(t->called_at - t->issued_at) : 0);
		Pair p[8];
		int n = 0;
		p[n++] = (Pair){_("Category"), cat_label(t->category)};
		p[n++] = (Pair){_("Status"), ticket_status_label(t->status)};
		p[n++] = (Pair){_("Called at"), called};
		p[n++] = (Pair){_("Recalls"), recalls};
		p[n++] = (Pair){_("Waited"), waited};
		if (t->transferred_from)
			p[n++] = (Pair){_("Transferred from"), cat_label(t->transferred_from)};
		if (t->note && *t->note)
			p[n++] = (Pair){_("Note"), t->note};
		int keys_row = inner_h >= 3 ? 1 : 0;
		draw_pairs(w, y, x + nw + 3, inner_w - nw - 3, inner_h - keys_row, p, n);
		if (keys_row)
			draw_keys(w, y + inner_h - 1, x, inner_w, ticket_actions);
	} else {
		char line[256];
		if (app.offline_session)
			snprintf(line, sizeof line, "%s", _("Working offline: intakes and drafts only (i, d)."));
		else
			snprintf(line, sizeof line, _("No ticket is being served. %d waiting."), app.stats.waiting);
		draw_text(w, y, x, inner_w, R_NORMAL, line);
		if (inner_h >= 2)
			draw_keys(w, y + inner_h - 1, x, inner_w, idle_actions);
	}
	/* Without a side pane the held tickets are named here. */
	if (!h->held && app.nheld > 0 && inner_h >= 3 && !t) {
		char numbers[384], held[512];
		int o = 0;
		numbers[0] = '\0';
		for (int i = 0; i < app.nheld && o < (int)sizeof numbers - 16; i++)
			o += snprintf(numbers + o, sizeof numbers - (size_t)o, "%s%s", i ? " " : "", app.held[i].number);
		snprintf(held, sizeof held, _("Held: %s"), numbers);
		draw_text(w, y + 1, x, inner_w, R_NORMAL, held);
	}
	wnoutrefresh(w);
}

/* Whether this window calls tickets of a category. */
static bool window_calls(const char *code)
{
	for (int k = 0; code && k < app.me.ncategories; k++)
		if (strcmp(app.me.categories[k], code) == 0)
			return true;
	return false;
}

/* One waiting ticket; wide panels add the time it was issued. The reading
 * cursor is a mark in the margin left of the row (plain, so that moving it
 * costs a few bytes); tickets are called in order, so it selects nothing. */
static void queue_row(int i, WINDOW *w, int y, int x, int cols, bool selected, void *ud)
{
	if (selected && x > 1)
		draw_text(w, y, x - 1, 1, R_NORMAL, glyph(G_SELECTED));
	const Ticket *t = &app.waiting[i];
	char line[1024], at[16];
	int extra = cols >= 56 ? 7 : 0;
	fmt_queue_row(line, sizeof line, t, cat_label(t->category), app_server_now(), cols - extra);
	if (extra) {
		fmt_hhmm(at, sizeof at, t->issued_at);
		size_t len = strlen(line);
		snprintf(line + len, sizeof line - len, "  %5s", at);
	}
	draw_text_pad(w, y, x, cols, t->priority ? R_PRIORITY : (window_calls(t->category) ? R_NORMAL : R_DIM), line);
}

/* The column names over a wide waiting list, aligned like the rows. */
static void queue_header(WINDOW *w, int y, int x, int cols)
{
	char num[64], cat[256], waited[64], at[64];
	int extra = cols >= 56 ? 7 : 0;
	int base = cols - extra;
	char mins[64];
	fmt_minutes(mins, sizeof mins, 0);
	int mw = text_width(mins) + 1;
	fmt_fit(num, sizeof num, _("No."), 6, true, true);
	fmt_fit(cat, sizeof cat, _("Category"), base - 8 - mw, true, true);
	fmt_fit_right(waited, sizeof waited, _("Waited"), mw);
	fmt_fit_right(at, sizeof at, extra ? _("Issued") : "", extra);
	char line[1024];
	snprintf(line, sizeof line, "  %s%s%s%s", num, cat, waited, at);
	draw_text(w, y, x, cols, R_DIM, line);
}

/* The waiting list with its column names, counts and today's figures. */
void home_draw_queue(Home *h)
{
	WINDOW *w = h->queue;
	if (!w)
		return;
	int rows = getmaxy(w), cols = getmaxx(w);
	werase(w);
	char title[128], stats[512], avg[64], longest[64];
	if (app.offline_session)
		snprintf(title, sizeof title, "%s", _("Waiting"));
	else
		snprintf(title, sizeof title, "%s %d", _("Waiting"), app.nwaiting);
	draw_frame(w, R_BORDER, title, R_TITLE);
	int inner_w = cols - 4, y = 1;
	int inner_h = rows - 2;
	bool header = cols >= 60 && inner_h >= 6;
	int stat_rows = inner_h >= 4 ? 1 : 0;
	/* Without a side pane, counts per category get a line of their own. */
	bool cat_line = !h->cats && inner_h >= 6;
	if (header)
		queue_header(w, y++, 2, inner_w);
	int list_rows = inner_h - (header ? 1 : 0) - stat_rows - (cat_line ? 1 : 0);
	if (list_rows < 0)
		list_rows = 0;
	/* The cursor stays on its ticket when the list changed; hidden, it
	 * waits on the first row shown. */
	if (!h->qcursor)
		h->qlv.sel = h->qlv.top;
	for (int i = 0; h->qcursor && h->qsel_id && i < app.nwaiting; i++)
		if (strcmp(app.waiting[i].id, h->qsel_id) == 0) {
			h->qlv.sel = i;
			break;
		}
	lv_set(&h->qlv, app.nwaiting, list_rows);
	home_queue_note_sel(h);
	if (app.offline_session && list_rows > 0) {
		/* Nothing is known of the queue: no list, no counts, no figures. */
		draw_text(w, y, 2, inner_w, R_DIM, _("Not known offline."));
		if (list_rows > 1)
			draw_text(w, y + 1, 2, inner_w, R_DIM, _("F5 tries the server."));
		wnoutrefresh(w);
		return;
	}
	if (app.nwaiting == 0 && list_rows > 0)
		draw_text(w, y, 2, inner_w, R_DIM, _("Nobody is waiting."));
	else
		lv_draw(&h->qlv, w, y, 2, inner_w, h->qcursor && h->focus == FOCUS_QUEUE, queue_row, NULL);
	if (lv_more_below(&h->qlv))
		draw_text(w, rows - 1, cols - 8, 6, R_BORDER, " ... ");
	if (cat_line) {
		char counts[512];
		int o = 0;
		counts[0] = '\0';
		for (int i = 0; i < app.ncats && o < (int)sizeof counts - 32; i++)
			o += snprintf(counts + o, sizeof counts - (size_t)o, "%s%s %d", i ? "  " : "",
				      app.cats[i].code, app.cats[i].waiting);
		draw_text(w, rows - 2 - stat_rows, 2, inner_w, R_NORMAL, counts);
	}
	if (stat_rows) {
		fmt_minutes(avg, sizeof avg, app.stats.avg_wait_seconds);
		fmt_minutes(longest, sizeof longest, app.stats.longest_wait_seconds);
		snprintf(stats, sizeof stats, _("Avg wait %s %s Served %d %s Longest %s"),
			 avg, glyph(G_SEP), app.stats.served_today, glyph(G_SEP), longest);
		draw_text(w, rows - 2, 2, inner_w, R_NORMAL, stats);
	}
	wnoutrefresh(w);
}

void home_queue_note_sel(Home *h)
{
	const char *id = h->qlv.sel < app.nwaiting ? app.waiting[h->qlv.sel].id : NULL;
	if (id && h->qsel_id && strcmp(id, h->qsel_id) == 0)
		return;
	free(h->qsel_id);
	h->qsel_id = id ? xstrdup(id) : NULL;
}

/* Waiting tickets per category; those this window does not call are dimmed
 * and named below. */
void home_draw_cats(Home *h)
{
	WINDOW *w = h->cats;
	if (!w)
		return;
	int rows = getmaxy(w), cols = getmaxx(w);
	werase(w);
	draw_frame(w, R_BORDER, _("Categories"), R_TITLE);
	int inner_w = cols - 4;
	int y = 1;
	for (int i = 0; i < app.ncats && y < rows - 2; i++, y++) {
		const Category *c = &app.cats[i];
		bool mine = window_calls(c->code);
		char left[256], count[32];
		snprintf(left, sizeof left, "%s%s %s", c->priority ? glyph(G_PRIORITY) : " ", c->code, category_label(c));
		snprintf(count, sizeof count, "%d", c->waiting);
		int cw = text_width(count);
		draw_text(w, y, 2, inner_w - cw - 1, mine ? R_NORMAL : R_DIM, left);
		draw_text_right(w, y, 2 + inner_w, cw, mine ? R_STRONG : R_DIM, count);
	}
	/* Which categories this window calls, in words. */
	char codes[192], mine[256];
	int o = 0;
	codes[0] = '\0';
	for (int k = 0; k < app.me.ncategories && o < (int)sizeof codes - 8; k++)
		o += snprintf(codes + o, sizeof codes - (size_t)o, "%s%s", k ? " " : "", app.me.categories[k]);
	snprintf(mine, sizeof mine, _("This window: %s"), codes);
	if (rows >= 3)
		draw_text(w, rows - 2, 2, inner_w, R_DIM, mine);
	wnoutrefresh(w);
}

/* One held ticket; the selection is marked in text too. */
static void held_row(int i, WINDOW *w, int y, int x, int cols, bool selected, void *ud)
{
	const Ticket *t = &app.held[i];
	char line[512], at[16];
	fmt_hhmm(at, sizeof at, t->called_at);
	char left[256];
	int aw = text_width(at) + 1;
	fmt_fit(left, sizeof left, t->number, 5, true, true);
	snprintf(line, sizeof line, "%s %s %s", selected ? glyph(G_SELECTED) : " ", left, cat_label(t->category));
	Role role = selected ? R_SELECTED : R_NORMAL;
	/* The time keeps a column of its own: a long category name stops
	 * short of it instead of running into it. */
	bool with_time = cols > aw + 8;
	draw_text_pad(w, y, x, with_time ? cols - aw : cols, role, line);
	if (with_time) {
		draw_text_pad(w, y, x + cols - aw, aw, role, "");
		draw_text_right(w, y, x + cols, aw, role, at);
	}
}

/* The held tickets; Enter recalls the selected one. */
void home_draw_held(Home *h)
{
	WINDOW *w = h->held;
	if (!w)
		return;
	int rows = getmaxy(w), cols = getmaxx(w);
	werase(w);
	char title[128];
	snprintf(title, sizeof title, "%s%s%s %d", h->focus == FOCUS_HELD ? glyph(G_SELECTED) : "",
		 h->focus == FOCUS_HELD ? " " : "", _("Held"), app.nheld);
	draw_frame(w, R_BORDER, title, R_TITLE);
	int inner_w = cols - 3, inner_h = rows - 2;
	bool hint = h->focus == FOCUS_HELD && app.nheld > 0 && inner_h >= 3;
	lv_set(&h->hlv, app.nheld, inner_h - (hint ? 1 : 0));
	if (app.nheld == 0 && inner_h > 0)
		draw_text(w, 1, 2, inner_w, R_DIM, _("No held tickets."));
	else
		lv_draw(&h->hlv, w, 1, 1, inner_w, h->focus == FOCUS_HELD, held_row, NULL);
	if (hint) {
		static const FkeyDef pick[] = {FK_LABEL(ACT_SELECT, N_("Recall")), FK_END};
		draw_keys(w, rows - 2, 2, inner_w, pick);
	}
	wnoutrefresh(w);
}

/* A very small terminal: the essentials in a few lines, and why. */
void home_draw_tiny(Home *h)
{
	WINDOW *w = h->tiny;
	if (!w)
		return;
	int rows = getmaxy(w), cols = getmaxx(w);
	werase(w);
	char line[256];
	snprintf(line, sizeof line, "%s %s %s", _("Serving"), app.current ? app.current->number : "-",
		 app.current ? ticket_status_label(app.current->status) : "");
	draw_text(w, 0, 0, cols, R_STRONG, line);
	if (rows >= 2) {
		snprintf(line, sizeof line, "%s %d %s %s %d", _("Waiting"), app.nwaiting, glyph(G_SEP), _("Held"), app.nheld);
		draw_text(w, 1, 0, cols, R_NORMAL, line);
	}
	if (rows >= 3) {
		snprintf(line, sizeof line, _("Terminal too small (%dx%d); 80x24 shows everything."), COLS, LINES);
		draw_text(w, rows - 1, 0, cols, R_DIM, line);
	}
	wnoutrefresh(w);
}
