/* screen_home: the clerk's home: the ticket being served with its actions,
 * the waiting queue, counts per category and the held tickets. Redraws
 * only the panels whose part of the model changed. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "screens/screens.h"
#include "screens/home.h"
#include "screens/draw.h"
#include "screens/format.h"
#include "screens/intake_ui.h"
#include "screens/drafts_ui.h"
#include "common/text.h"
#include "client/i18n.h"
#include "common/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const FkeyDef home_fkeys[] = {
	FK(ACT_CALL_NEXT), FK(ACT_RECALL), FK(ACT_SKIP), FK(ACT_HOLD),
	FK(ACT_TRANSFER), FK(ACT_FINISH), FK(ACT_REFRESH), FK(ACT_HELP),
	FK(ACT_QUIT), FK_LABEL(ACT_INTAKE, N_("Intake")), FK_END,
};
static const Action home_help[] = {
	ACT_CALL_NEXT, ACT_INTAKE, ACT_RECALL, ACT_SKIP, ACT_HOLD, ACT_TRANSFER, ACT_CHOOSE, ACT_FINISH,
	ACT_REFRESH, ACT_NEXT_FIELD, ACT_UP, ACT_DOWN, ACT_PAGE_UP, ACT_PAGE_DOWN, ACT_SELECT,
	ACT_DRAFTS, ACT_LOCK, ACT_REDRAW, ACT_HELP, ACT_QUIT, ACT_NONE,
};

/* The terminal is too small for panels below these. */
enum { MIN_PANEL_H = 9, MIN_PANEL_W = 40, SIDE_MIN_W = 72 };

/* Current ticket on top, the queue under it, a side pane when there is room;
 * a single window when the terminal is tiny. */
static void home_layout(Screen *s, int y, int x, int h, int w)
{
	Home *hm = s->data;
	bool tiny = h < MIN_PANEL_H || w < MIN_PANEL_W;
	hm->tiny = draw_window(hm->tiny, tiny ? h : 0, w, y, x);
	int ch = tiny ? 0 : (h >= 16 ? 5 : 4);
	int sw = tiny || w < SIDE_MIN_W ? 0 : (w >= 120 ? 40 : 30);
	int qh = tiny ? 0 : h - ch;
	hm->cur = draw_window(hm->cur, ch, w, y, x);
	hm->queue = draw_window(hm->queue, qh, w - sw, y + ch, x);
	/* The side pane: categories on top (as many rows as there are), the
	 * held tickets under them. */
	int cats_h = sw ? app.ncats + 3 : 0;
	if (cats_h < 5)
		cats_h = sw ? 8 : 0;
	if (cats_h > qh / 2)
		cats_h = qh / 2;
	hm->cats = draw_window(hm->cats, cats_h, sw, y + ch, x + w - sw);
	hm->held = draw_window(hm->held, sw ? qh - cats_h : 0, sw, y + ch + cats_h, x + w - sw);
	if (!hm->held)
		hm->focus = FOCUS_QUEUE;
	WINDOW *wins[SCREEN_MAXWIN] = {hm->tiny, hm->cur, hm->queue, hm->cats, hm->held, NULL};
	memcpy(s->win, wins, sizeof wins);
}

/* Redraw the panels whose part of the model changed. */
static void home_draw(Screen *s, unsigned what)
{
	Home *hm = s->data;
	bool all = what & (DRAW_ALL | DRAW_TICK | DRAW_STATE);
	if (hm->tiny) {
		home_draw_tiny(hm);
		return;
	}
	/* The side pane's height follows the number of categories. */
	if ((what & CH_QUEUE) && hm->cats && getmaxy(hm->cats) < app.ncats + 3 && getmaxy(hm->cats) < (getmaxy(hm->queue) / 2)) {
		home_layout(s, s->y, s->x, s->h, s->w);
		all = true;
	}
	if (all || (what & (CH_CURRENT | CH_ONLINE | CH_QUEUE)))
		home_draw_current(hm);
	if (all || (what & CH_QUEUE))
		home_draw_queue(hm);
	if (all || (what & (CH_QUEUE | CH_SESSION)))
		home_draw_cats(hm);
	if (all || (what & (CH_CURRENT | CH_ONLINE)))
		home_draw_held(hm);
}

/* What the queue actions need: a ticket being served (or none, or one
 * held). Other actions can always run. The events stream's state gates
 * nothing: an action is sent, and only a failed request says offline. */
enum { NEED_CURRENT = 1, NEED_NO_CURRENT = 2, NEED_CURRENT_OR_HELD = 4 };
static const struct { Action a; unsigned need; } needs[] = {
	{ACT_CALL_NEXT, NEED_NO_CURRENT},
	{ACT_RECALL, NEED_CURRENT_OR_HELD},
	{ACT_SKIP, NEED_CURRENT}, {ACT_HOLD, NEED_CURRENT},
	{ACT_FINISH, NEED_CURRENT}, {ACT_TRANSFER, NEED_CURRENT},
	{ACT_CHOOSE, NEED_CURRENT},
};

/* Whether an action can run now (the bar dims the others). */
bool home_can(Action a)
{
	for (size_t i = 0; i < sizeof needs / sizeof needs[0]; i++) {
		if (needs[i].a != a)
			continue;
		unsigned n = needs[i].need;
		return !((n & NEED_CURRENT) && !app.current) &&
		       !((n & NEED_NO_CURRENT) && app.current) &&
		       !((n & NEED_CURRENT_OR_HELD) && !app.current && app.nheld == 0);
	}
	return true;
}

/* The screen's can(), for the function-key bar. */
static bool home_can_screen(Screen *s, Action a)
{
	return home_can(a);
}

/* Queue operations report through the model and the message line. */
static void op_done(bool ok, const char *problem, void *ud)
{
}

/* Say why an action cannot run instead of sending it. While queue actions
 * are still running, keys typed ahead are not judged by the state on the
 * screen (it is about to change): the model runs them in order and says
 * then if one cannot run. Being offline is no reason: the events stream
 * may just not be up yet, so the request is tried, and only a transport
 * failure says offline (app_queue.c). */
static bool refuse(Action a)
{
	bool ahead = app_queue_pending() > 0;
	if ((a == ACT_TRANSFER || a == ACT_CHOOSE) && !app.current) {
		/* The dialog lists the categories other than the ticket's own. */
		app_message(true, "%s", ahead ? _("Wait: the previous actions are still running")
					      : _("No ticket is being served."));
		return true;
	}
	if (ahead)
		return false;
	if (a == ACT_CALL_NEXT && app.current) {
		app_message(true, _("%s is still being served: finish, hold, skip or transfer it first."),
			    app.current->number);
		return true;
	}
	if (a != ACT_CALL_NEXT && a != ACT_RECALL && !app.current) {
		app_message(true, "%s", _("No ticket is being served."));
		return true;
	}
	if (a == ACT_RECALL && !app.current && app.nheld == 0) {
		app_message(true, "%s", _("Nothing to recall: no ticket is being served or held."));
		return true;
	}
	return false;
}

/* Categories a ticket can go to, for the transfer dialog. */
static char **transfer_codes;
static int ntransfer_codes;

/* The category chosen in the transfer dialog (or none). */
static void transfer_pick(int index, void *ud)
{
	if (index >= 0 && index < ntransfer_codes && !refuse(ACT_TRANSFER))
		app_transfer(transfer_codes[index], op_done, NULL);
	for (int i = 0; i < ntransfer_codes; i++)
		free(transfer_codes[i]);
	free(transfer_codes);
	transfer_codes = NULL;
	ntransfer_codes = 0;
}

/* The transfer dialog: every category but the ticket's own, names aligned. */
static void open_transfer(void)
{
	if (transfer_codes)
		return;
	char **labels = xcalloc((size_t)app.ncats + 1, sizeof *labels);
	transfer_codes = xcalloc((size_t)app.ncats + 1, sizeof *transfer_codes);
	int name_w = 0;
	for (int i = 0; i < app.ncats; i++)
		if (text_width(category_label(&app.cats[i])) > name_w)
			name_w = text_width(category_label(&app.cats[i]));
	for (int i = 0; i < app.ncats; i++) {
		const Category *c = &app.cats[i];
		if (strcmp(c->code, app.current->category) == 0)
			continue;
		/* Names padded by display width so the counts line up. */
		char name[256], count[64];
		fmt_fit(name, sizeof name, category_label(c), name_w, true, false);
		snprintf(count, sizeof count, _("%d waiting"), c->waiting);
		labels[ntransfer_codes] = xasprintf("%s  %s  %s", c->code, name, count);
		transfer_codes[ntransfer_codes++] = xstrdup(c->code);
	}
	char title[128];
	snprintf(title, sizeof title, _("Transfer %s to"), app.current->number);
	sm_push(dialog_choose_new(title, (const char *const *)labels, ntransfer_codes, transfer_pick, NULL));
	for (int i = 0; i < ntransfer_codes; i++)
		free(labels[i]);
	free(labels);
}

/* A ticket was called: the applicant is identified next, the cursor in
 * the identifier field. */
static void call_done(bool ok, const char *problem, void *ud)
{
	if (ok && app.current)
		intake_flow_start();
}

static void do_call(void) { app_call_next(call_done, NULL); }
static void do_skip(void) { app_skip(op_done, NULL); }
static void do_hold(void) { app_hold(op_done, NULL); }
static void do_finish(void) { app_finish(op_done, NULL); }

/* The queue operations: each checked by refuse() first. Transfer asks
 * for the category first. */
static const struct { Action a; void (*run)(void); } queue_ops[] = {
	{ACT_CALL_NEXT, do_call}, {ACT_SKIP, do_skip}, {ACT_HOLD, do_hold},
	{ACT_FINISH, do_finish}, {ACT_TRANSFER, open_transfer}, {ACT_CHOOSE, open_transfer},
};

/* Recall: the selected held ticket when the held list has the focus. */
static void recall(Home *hm)
{
	if (refuse(ACT_RECALL))
		return;
	if (hm->focus == FOCUS_HELD && !app.current && hm->hlv.sel < app.nheld)
		app_recall_ticket(app.held[hm->hlv.sel].id, op_done, NULL);
	else
		app_recall(op_done, NULL);
}

/* Queue operations, recall of a held ticket, focus and scrolling. */
static bool home_action(Screen *s, Action a)
{
	Home *hm = s->data;
	for (size_t i = 0; i < sizeof queue_ops / sizeof queue_ops[0]; i++)
		if (queue_ops[i].a == a) {
			if (!refuse(a))
				queue_ops[i].run();
			return true;
		}
	if (a == ACT_RECALL || (a == ACT_SELECT && hm->focus == FOCUS_HELD)) {
		if (a == ACT_SELECT && app.current) {
			app_message(true, _("%s is still being served: finish, hold, skip or transfer it first."),
				    app.current->number);
			return true;
		}
		recall(hm);
		return true;
	}
	if (a == ACT_REFRESH) {
		app_refresh();
		return true;
	}
	if (a == ACT_DRAFTS) {
		drafts_open();
		return true;
	}
	if (a == ACT_INTAKE) {
		/* With the ticket being served, or without one (no lookups). */
		intake_flow_start();
		return true;
	}
	if (a == ACT_NEXT_FIELD || a == ACT_PREV_FIELD) {
		if (hm->held)
			hm->focus = hm->focus == FOCUS_QUEUE ? FOCUS_HELD : FOCUS_QUEUE;
		screen_dirty(s, DRAW_STATE);
		return true;
	}
	if (hm->focus == FOCUS_HELD && lv_action(&hm->hlv, a)) {
		screen_dirty(s, DRAW_STATE);
		return true;
	}
	if (hm->focus == FOCUS_QUEUE) {
		/* The first Up or Down shows the reading cursor where it is;
		 * then keys move it (see home.h). */
		ListView *lv = &hm->qlv;
		bool show = !hm->qcursor && (a == ACT_UP || a == ACT_DOWN);
		ListView before = *lv;
		if (!lv_action(lv, a))
			return false;
		if (show)
			*lv = before;
		hm->qcursor = true;
		home_queue_note_sel(hm);
		screen_dirty(s, DRAW_STATE);
		return true;
	}
	return false;
}

/* Free the windows. */
static void home_destroy(Screen *s)
{
	Home *hm = s->data;
	draw_delwin(&hm->tiny);
	draw_delwin(&hm->cur);
	draw_delwin(&hm->queue);
	draw_delwin(&hm->cats);
	draw_delwin(&hm->held);
	memset(s->win, 0, sizeof s->win);
	free(hm->qsel_id);
	free(hm);
}

static const ScreenOps home_ops = {
	.name = "home",
	.context = KC_HOME,
	.fkeys = home_fkeys,
	.help = home_help,
	.layout = home_layout,
	.draw = home_draw,
	.on_action = home_action,
	.can = home_can_screen,
	.destroy = home_destroy,
};

Screen *screen_home_new(void)
{
	/* The first home of this start offers the last draft left open. */
	drafts_offer_resume();
	return screen_new(&home_ops, xcalloc(1, sizeof(Home)));
}
