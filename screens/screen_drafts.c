/* screen_drafts: 草稿: the drafts of the local store, the last changed
 * first (applicant masked, matter, last change, state in words): Enter
 * resumes one, Delete or x deletes it after asking, e exports it to a
 * file, i imports one from a file, Esc goes back. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "screens/drafts_ui.h"
#include "screens/draw.h"
#include "screens/format.h"
#include "screens/intake_ui.h"
#include "screens/listview.h"
#include "screens/screens.h"
#include "client/app.h"
#include "client/drafts.h"
#include "client/i18n.h"
#include "client/local.h"
#include "client/outbox.h"
#include "common/text.h"
#include "common/xalloc.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct Drafts {
	ListView lv;
	WINDOW *w;
	Draft **v;
	size_t n;
	char *error;       /* the store could not be read: why */
	int state_w;
} Drafts;

static const FkeyDef drafts_fkeys[] = {
	FK_LABEL(ACT_SELECT, N_("Resume")), FK_OTHER(ACT_DELETE, N_("Delete")), FK_LABEL(ACT_EXPORT, N_("Export")),
	FK_LABEL(ACT_IMPORT, N_("Import")), FK(ACT_BACK), FK(ACT_HELP), FK_END,
};
static const Action drafts_help[] = {
	ACT_SELECT, ACT_DELETE, ACT_EXPORT, ACT_IMPORT, ACT_REFRESH, ACT_UP, ACT_DOWN, ACT_PAGE_UP, ACT_PAGE_DOWN,
	ACT_TOP, ACT_BOTTOM, ACT_BACK, ACT_HELP, ACT_NONE,
};

enum { DETAIL_ROWS = 2 };

/* The drafts again from the store; the selection stays on its draft. */
static void reload(Drafts *dr, const char *select_id)
{
	char keep[24] = "";
	if (select_id)
		snprintf(keep, sizeof keep, "%s", select_id);
	else if (dr->n && dr->lv.sel < (int)dr->n)
		snprintf(keep, sizeof keep, "%s", dr->v[dr->lv.sel]->id);
	drafts_list_free(dr->v, dr->n);
	dr->v = NULL;
	dr->n = 0;
	free(dr->error);
	dr->error = NULL;
	Store *s = local_store();
	if (!s)
		dr->error = xstrdup(local_error() ? local_error() : "?");
	else if (!(dr->v = drafts_list(s, &dr->n)) && store_last_error(s) != STORE_OK && store_last_message(s))
		dr->error = xstrdup(store_last_message(s));
	int sel = 0;
	for (size_t i = 0; *keep && i < dr->n; i++)
		if (strcmp(dr->v[i]->id, keep) == 0)
			sel = (int)i;
	dr->lv.sel = sel;
	lv_set(&dr->lv, (int)dr->n, dr->lv.rows);
}

/* The rows the list has in the window. */
static int list_rows(WINDOW *w)
{
	int rows = w ? getmaxy(w) - 3 - (getmaxy(w) >= 10 ? DETAIL_ROWS + 1 : 0) : 0;
	return rows > 0 ? rows : 0;
}

static void drafts_layout(Screen *s, int y, int x, int h, int w)
{
	Drafts *dr = s->data;
	dr->w = draw_window(dr->w, h, w, y, x);
	s->win[0] = dr->w;
	lv_set(&dr->lv, (int)dr->n, list_rows(dr->w));
	dr->state_w = 0;
	for (int st = DRAFT_OPEN; st <= DRAFT_SUBMITTED; st++)
		if (text_width(draft_state_name((DraftState)st)) > dr->state_w)
			dr->state_w = text_width(draft_state_name((DraftState)st));
}

/* "› 张** 330106********7400  居住证申领       10:30  Draft". */
static void draft_row(int i, WINDOW *w, int y, int x, int cols, bool selected, void *ud)
{
	Drafts *dr = ud;
	const Draft *d = dr->v[i];
	Role base = selected ? R_SELECTED : R_NORMAL;
	draw_text_pad(w, y, x, cols, base, selected ? glyph(G_SELECTED) : " ");
	char who[128], when[32], cell[256];
	drafts_masked_who(d, who, sizeof who);
	drafts_when_text(d->updated_at, false, when, sizeof when);
	int who_w = cols >= 100 ? 30 : 26, when_w = 11;
	int title_w = cols - 2 - who_w - when_w - dr->state_w - 4;
	int cx = x + 2;
	fmt_fit(cell, sizeof cell, who, who_w, true, true);
	draw_text(w, y, cx, who_w, base, cell);
	cx += who_w + 1;
	if (title_w > 4) {
		char *title = text_clean(d->title, TEXT_ONE_LINE);
		fmt_fit(cell, sizeof cell, title, title_w, true, true);
		draw_text(w, y, cx, title_w, base, cell);
		free(title);
		cx += title_w + 1;
	}
	fmt_fit(cell, sizeof cell, when, when_w, true, false);
	draw_text(w, y, cx, when_w, selected ? base : R_DIM, cell);
	cx += when_w + 1;
	Role sr = selected ? R_SELECTED : d->state == DRAFT_ATTENTION ? R_ERROR : d->state == DRAFT_QUEUED ? R_INFO : R_STRONG;
	draw_text(w, y, cx, x + cols - cx - 1, sr, draft_state_name(d->state));
}

/* Under the list: where the selected draft stands, in words. */
static void draw_detail(WINDOW *w, int y, int x, int cols, const Draft *d)
{
	char *msg = text_clean(d->message ? d->message : "", TEXT_ONE_LINE);
	char *line;
	Role r = R_NORMAL;
	switch (d->state) {
	case DRAFT_ATTENTION:
		line = xasprintf(_("Needs attention: %s"), *msg ? msg : _("the server refused it"));
		r = R_ERROR;
		break;
	case DRAFT_QUEUED:
		line = *msg ? xasprintf(_("Waiting to be sent (last try: %s)"), msg)
			    : xstrdup(_("Waiting to be sent: it goes when the server answers."));
		r = R_INFO;
		break;
	case DRAFT_SUBMITTED:
		line = xasprintf(_("Submitted: case %s"), d->case_number ? d->case_number : "?");
		break;
	default:
		line = xasprintf(_("Being filled; left at the %s step."), d->step && strcmp(d->step, "review") == 0 ? _("review")
					: d->step && strcmp(d->step, "materials") == 0 ? _("materials") : _("form"));
		break;
	}
	draw_text(w, y, x, cols, r, line);
	free(line);
	free(msg);
	char when[32];
	drafts_when_text(d->created_at, true, when, sizeof when);
	char *tk = text_clean(d->ticket_number ? d->ticket_number : "", TEXT_ONE_LINE);
	line = *tk ? xasprintf(_("%s · started %s · ticket %s"), d->id, when, tk)
		   : xasprintf(_("%s · started %s · no ticket"), d->id, when);
	draw_text(w, y + 1, x, cols, R_DIM, line);
	free(line);
	free(tk);
}

static void drafts_draw(Screen *s, unsigned what)
{
	Drafts *dr = s->data;
	if (what & CH_DRAFTS)
		reload(dr, NULL);
	WINDOW *w = dr->w;
	if (!w)
		return;
	int rows = getmaxy(w), cols = getmaxx(w);
	werase(w);
	draw_frame(w, R_BORDER, _("Drafts"), R_TITLE);
	if (dr->error) {
		draw_text(w, 1, 2, cols - 4, R_ERROR, dr->error);
	} else if (dr->n == 0) {
		draw_text(w, 1, 2, cols - 4, R_DIM, _("No drafts. An intake is kept here from the moment its matter is chosen."));
	} else {
		char line[256];
		snprintf(line, sizeof line, ngettext("%zu draft, the last changed first.", "%zu drafts, the last changed first.", dr->n), dr->n);
		draw_text(w, 1, 2, cols - 4, R_INFO, line);
	}
	lv_draw(&dr->lv, w, 2, 1, cols - 2, true, draft_row, dr);
	if (rows >= 10 && dr->n > 0) {
		draw_rule(w, rows - DETAIL_ROWS - 2, R_BORDER, NULL, R_TITLE);
		draw_detail(w, rows - DETAIL_ROWS - 1, 2, cols - 4, dr->v[dr->lv.sel]);
	}
	wnoutrefresh(w);
}

/* ------------------------------------------------------------ actions */

static const Draft *selected(const Drafts *dr)
{
	return dr->n && dr->lv.sel < (int)dr->n ? dr->v[dr->lv.sel] : NULL;
}

/* Enter: an open or refused draft is resumed; the others say where they
 * stand. */
static void resume(Drafts *dr)
{
	const Draft *d = selected(dr);
	if (!d)
		return;
	if (d->state == DRAFT_QUEUED) {
		app_message(false, "%s", _("This one is waiting to be sent: it cannot be changed any more."));
		return;
	}
	if (d->state == DRAFT_SUBMITTED) {
		app_message(false, _("This one was submitted: case %s."), d->case_number ? d->case_number : "?");
		return;
	}
	intake_flow_resume(d);
}

/* The answer about deleting a draft (its id in ud). */
static void delete_answer(bool yes, void *ud)
{
	char *id = ud;
	Store *s = yes ? local_store() : NULL;
	if (yes && s) {
		if (drafts_delete(s, id)) {
			app_message(false, "%s", _("Draft deleted."));
			outbox_kick();
			app_notify(CH_DRAFTS);
		} else {
			app_message(true, "%s", store_last_message(s) ? store_last_message(s) : "?");
		}
	} else if (yes) {
		app_message(true, "%s", local_error() ? local_error() : "?");
	}
	free(id);
}

static void delete(Drafts *dr)
{
	const Draft *d = selected(dr);
	if (!d)
		return;
	Intake *in = intake_current();
	if (in && strcmp(in->draft_id, d->id) == 0) {
		app_message(true, "%s", _("This draft is the intake in progress: close the intake first."));
		return;
	}
	char who[128];
	drafts_masked_who(d, who, sizeof who);
	char *title = text_clean(d->title, TEXT_ONE_LINE);
	char *q = d->state == DRAFT_QUEUED
		? xasprintf(_("Delete the draft of %s — %s? It is waiting to be sent: deleted, it is never sent. This cannot be undone."), who, title)
		: xasprintf(_("Delete the draft of %s — %s? This cannot be undone."), who, title);
	sm_push(dialog_confirm_new(_("Delete a draft"), q, delete_answer, xstrdup(d->id)));
	free(q);
	free(title);
}

static void export(Drafts *dr)
{
	const Draft *d = selected(dr);
	if (!d)
		return;
	char *err = NULL, *path = drafts_export_file(d, NULL, &err);
	const char *home = getenv("HOME");
	size_t hl = home ? strlen(home) : 0;
	if (path && hl > 1 && strncmp(path, home, hl) == 0 && path[hl] == '/')
		app_message(false, _("Draft exported to ~%s"), path + hl);
	else if (path)
		app_message(false, _("Draft exported to %s"), path);
	else
		app_message(true, "%s", err ? err : "?");
	free(path);
	free(err);
}

/* The file named in the prompt. */
static void import_answer(const char *text, void *ud)
{
	Screen *s = sm_find((unsigned)(uintptr_t)ud);
	if (!text || !*text || !s)
		return;
	Store *st = local_store();
	if (!st) {
		app_message(true, "%s", local_error() ? local_error() : "?");
		return;
	}
	char *err = NULL;
	Draft *d = drafts_import_file(st, text, &err);
	if (!d) {
		app_message(true, "%s", err ? err : "?");
		free(err);
		return;
	}
	app_message(false, _("Draft imported as %s."), d->id);
	reload(s->data, d->id);
	draft_free(d);
	outbox_kick();
	app_notify(CH_DRAFTS);
}

static void import(Screen *s)
{
	char *dir = drafts_export_dir();
	char *start = xasprintf("%s/", dir);
	InputSpec spec = {.title = _("Import a draft"), .label = _("File:"), .text = start};
	sm_push(dialog_input_new(&spec, import_answer, (void *)(uintptr_t)s->id));
	free(start);
	free(dir);
}

static bool drafts_action(Screen *s, Action a)
{
	Drafts *dr = s->data;
	switch (a) {
	case ACT_SELECT: resume(dr); return true;
	case ACT_DELETE: delete(dr); return true;
	case ACT_EXPORT: export(dr); return true;
	case ACT_IMPORT: import(s); return true;
	case ACT_REFRESH: reload(dr, NULL); break;
	case ACT_BACK: case ACT_CANCEL: sm_pop(s); return true;
	case ACT_DRAFTS: return true;
	default:
		if (!lv_action(&dr->lv, a))
			return false;
	}
	screen_dirty(s, DRAW_STATE);
	return true;
}

static bool drafts_can(Screen *s, Action a)
{
	const Draft *d = selected(s->data);
	switch (a) {
	case ACT_SELECT: return d && (d->state == DRAFT_OPEN || d->state == DRAFT_ATTENTION);
	case ACT_DELETE: case ACT_EXPORT: return d != NULL;
	default: return true;
	}
}

static void drafts_enter(Screen *s)
{
	reload(s->data, NULL);
}

static void drafts_destroy(Screen *s)
{
	Drafts *dr = s->data;
	drafts_list_free(dr->v, dr->n);
	free(dr->error);
	draw_delwin(&dr->w);
	memset(s->win, 0, sizeof s->win);
	free(dr);
}

static const ScreenOps drafts_ops = {
	.name = "drafts",
	.context = KC_INTAKE,
	.fkeys = drafts_fkeys,
	.help = drafts_help,
	.layout = drafts_layout,
	.draw = drafts_draw,
	.on_action = drafts_action,
	.can = drafts_can,
	.enter = drafts_enter,
	.destroy = drafts_destroy,
};

Screen *screen_drafts_new(void)
{
	Drafts *dr = xcalloc(1, sizeof *dr);
	reload(dr, NULL);
	return screen_new(&drafts_ops, dr);
}

void drafts_open(void)
{
	Screen *there = sm_find_ops(&drafts_ops);
	if (!there) {
		sm_push(screen_drafts_new());
		return;
	}
	/* Already open under other screens: back to it. */
	Screen *above = NULL;
	for (Screen *s = sm_top(); s && s != there; s = sm_below(s))
		above = s;
	if (above)
		sm_pop(above);
}
