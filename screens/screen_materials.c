/* screen_materials: 收件: the checklist from the guides: e-licenses found in
 * the lookup satisfy their rows (免提交), 容缺后补 rows may be deferred, the
 * clerk marks what was handed in; an incomplete set prints the 一次性告知
 * listing everything missing. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "screens/intake_ui.h"
#include "screens/drafts_ui.h"
#include "screens/draw.h"
#include "screens/format.h"
#include "screens/listview.h"
#include "screens/pager.h"
#include "client/i18n.h"
#include "client/receipt.h"
#include "common/text.h"
#include "common/xalloc.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct Materials {
	ListView lv;
	WINDOW *strip, *list;
	int strip_rows, status_w;
} Materials;

static const FkeyDef materials_fkeys[] = {
	FK_LABEL(ACT_TOGGLE, N_("Received")), FK_LABEL(ACT_DEFER, N_("Later")),
	FK_LABEL(ACT_NOT_NEEDED, N_("Not needed")), FK_LABEL(ACT_ALL_RECEIVED, N_("All")),
	FK_LABEL(ACT_PRINT, N_("Notice")), FK_LABEL(ACT_SUBMIT, N_("Review")), FK_LABEL(ACT_BACK, N_("Form")),
	FK_LABEL(ACT_GUIDE, N_("Guide")), FK(ACT_HELP), FK(ACT_SAVE_DRAFT), FK_END,
};
static const Action materials_help[] = {
	ACT_TOGGLE, ACT_DEFER, ACT_NOT_NEEDED, ACT_ALL_RECEIVED, ACT_PRINT, ACT_SUBMIT, ACT_BACK, ACT_GUIDE,
	ACT_APPLICANT, ACT_SAVE_DRAFT, ACT_UP, ACT_DOWN, ACT_PAGE_UP, ACT_PAGE_DOWN, ACT_HELP, ACT_NONE,
};

enum { DETAIL_ROWS = 3 };

static void materials_layout(Screen *s, int y, int x, int h, int w)
{
	Materials *m = s->data;
	Intake *in = intake_current();
	m->strip_rows = in ? iui_strip_rows(in) : 0;
	if (m->strip_rows > h / 3)
		m->strip_rows = h / 3 >= 2 ? 2 : 0;
	m->strip = draw_window(m->strip, m->strip_rows, w, y, x);
	m->list = draw_window(m->list, h - m->strip_rows, w, y + m->strip_rows, x);
	s->win[0] = m->strip;
	s->win[1] = m->list;
	int rows = m->list ? getmaxy(m->list) - 3 - (getmaxy(m->list) >= 12 ? DETAIL_ROWS + 1 : 0) : 0;
	lv_set(&m->lv, in ? (int)in->n_mat : 0, rows > 0 ? rows : 0);
	m->status_w = 0;
	for (int st = MS_MISSING; st <= MS_NA; st++)
		if (text_width(intake_mat_status_name((MatStatus)st)) > m->status_w)
			m->status_w = text_width(intake_mat_status_name((MatStatus)st));
}

/* "[received] 数码照片回执  1 original  required". */
static void mat_row(int i, WINDOW *w, int y, int x, int cols, bool selected, void *ud)
{
	Materials *m = ud;
	const Intake *in = intake_current();
	const IntakeMaterial *mt = &in->mat[i];
	Role base = selected ? R_SELECTED : R_NORMAL;
	draw_text_pad(w, y, x, cols, base, selected ? glyph(G_SELECTED) : " ");
	char st[64], cell[96];
	fmt_fit(st, sizeof st, intake_mat_status_name(mt->status), m->status_w, true, false);
	snprintf(cell, sizeof cell, "[%s]", st);
	Role sr = selected ? R_SELECTED : intake_mat_blocks(mt) ? R_ERROR : mt->status == MS_NA ? R_DIM : R_STRONG;
	int cx = x + 2;
	cx += draw_text(w, y, cx, cols - (cx - x), sr, cell) + 1;
	char right[512] = "";
	if (mt->req != MR_REQUIRED)
		snprintf(right, sizeof right, "%s", intake_mat_req_name(mt->req));
	if (mt->condition && cols >= 90) {
		char c[512];
		snprintf(c, sizeof c, "%.100s%s%.300s", right, *right ? "  " : "", mt->condition);
		snprintf(right, sizeof right, "%s", c);
	}
	int rw = text_width(right);
	int nw = cols - (cx - x) - rw - 2;
	if (nw < 10) {
		nw = cols - (cx - x);
		rw = 0;
	}
	draw_text(w, y, cx, nw, mt->status == MS_NA && !selected ? R_DIM : base, mt->name);
	if (rw)
		draw_text_right(w, y, x + cols, rw, selected ? R_SELECTED : R_DIM, right);
}

/* Counts by status for the heading line. */
static void summary(const Intake *in, char *out, size_t n)
{
	int c[MS_NA + 1] = {0};
	for (size_t i = 0; i < in->n_mat; i++)
		c[in->mat[i].status]++;
	int blocking = intake_mat_blocking(in);
	snprintf(out, n, _("%d received, %d by e-license, %d later, %d not needed; %d missing"), c[MS_SUBMITTED],
		 c[MS_ELICENSE], c[MS_DEFERRED], c[MS_NA], blocking);
}

/* The selected row's details under the list. */
static void draw_detail(WINDOW *w, int y, int x, int cols, const IntakeMaterial *mt)
{
	char o[64] = "", c[64] = "";
	if (mt->originals)
		snprintf(o, sizeof o, _("%d original(s)"), mt->originals);
	if (mt->copies)
		snprintf(c, sizeof c, _("%d copy(ies)"), mt->copies);
	char *line = xasprintf("%s%s%s · %s · %s", o, *o && *c ? ", " : "", c, intake_mat_req_name(mt->req),
			       mt->matters ? mt->matters : "");
	draw_text(w, y, x, cols, R_NORMAL, line);
	free(line);
	if (mt->status == MS_ELICENSE && mt->license_name)
		line = xasprintf(_("Satisfied by the e-license %s: no paper needed."), mt->license_name);
	else if (mt->condition)
		line = xasprintf(_("Only when: %s"), mt->condition);
	else
		line = xstrdup(mt->source_note ? mt->source_note : "");
	draw_text(w, y + 1, x, cols, mt->status == MS_ELICENSE ? R_INFO : R_NORMAL, line);
	free(line);
	draw_text(w, y + 2, x, cols, R_DIM, mt->notes ? mt->notes : "");
}

static void materials_draw(Screen *s, unsigned what)
{
	Materials *m = s->data;
	Intake *in = intake_current();
	if (!in)
		return;
	if (m->strip_rows != iui_strip_rows(in) && m->strip_rows >= 2)
		materials_layout(s, s->y, s->x, s->h, s->w);
	lv_set(&m->lv, (int)in->n_mat, m->lv.rows);
	if (m->strip) {
		werase(m->strip);
		iui_draw_strip(m->strip, 0, 1, getmaxx(m->strip) - 2, in);
		wnoutrefresh(m->strip);
	}
	WINDOW *w = m->list;
	if (!w)
		return;
	int rows = getmaxy(w), cols = getmaxx(w);
	werase(w);
	char title[512], line[512];
	snprintf(title, sizeof title, _("Materials: %s"), in->title ? in->title : "");
	draw_frame(w, R_BORDER, title, R_TITLE);
	summary(in, line, sizeof line);
	draw_text(w, 1, 2, cols - 4, intake_mat_blocking(in) ? R_ERROR : R_INFO, line);
	if (in->n_mat == 0)
		draw_text(w, 2, 2, cols - 4, R_DIM, _("The guide lists no materials."));
	lv_draw(&m->lv, w, 2, 1, cols - 2, true, mat_row, m);
	if (rows >= 12 && in->n_mat > 0) {
		draw_rule(w, rows - DETAIL_ROWS - 2, R_BORDER, NULL, R_TITLE);
		draw_detail(w, rows - DETAIL_ROWS - 1, 2, cols - 4, &in->mat[m->lv.sel]);
	}
	wnoutrefresh(w);
}

/* lpr's answer about a notice. */
static void printed(bool ok, const char *msg, void *ud)
{
	app_message(!ok, _("One-time notice: %s"), msg);
}

/* p: the 一次性告知 saved, printed when a printer is set, and shown. */
static void print_notice(Intake *in)
{
	char *text = intake_notice_text(in, time(NULL));
	char name[96], *err = NULL;
	time_t now = time(NULL);
	struct tm tm;
	localtime_r(&now, &tm);
	char stamp[32];
	strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm);
	snprintf(name, sizeof name, "%s-%s", in->ticket_number ? in->ticket_number : "notice", stamp);
	char *path = receipt_save("notices", name, text, &err);
	if (!path) {
		app_message(true, "%s", err);
		free(err);
	} else if (app.cfg.printer) {
		if (receipt_print(app.cfg.printer, path, printed, NULL, &err))
			app_message(false, _("One-time notice saved as %s and sent to the printer."), path);
		else {
			app_message(true, "%s", err);
			free(err);
		}
	} else {
		app_message(false, _("One-time notice saved as %s (no printer set)."), path);
	}
	free(path);
	Paras p = {0};
	paras_add(&p, R_NORMAL, 0, "%s", text);
	sm_push(screen_pager_new(_("One-time notice of missing materials"), &p));
	free(text);
}

/* F10: on to the review when nothing needed is missing. */
static void go_on(Intake *in)
{
	int n = intake_mat_blocking(in);
	if (n > 0) {
		app_message(true, _("%d needed material(s) missing: Space marks one received, d defers a 容缺 one, p prints the one-time notice."), n);
		return;
	}
	intake_flow_review();
}

/* Row actions: the model says no with a reason. */
static const struct {
	Action a;
	bool (*run)(Intake *in, size_t i, const char **why);
} row_ops[] = {
	{ACT_TOGGLE, intake_mat_toggle}, {ACT_SELECT, intake_mat_toggle},
	{ACT_DEFER, intake_mat_defer}, {ACT_NOT_NEEDED, intake_mat_not_needed},
};

static bool materials_action(Screen *s, Action a)
{
	Materials *m = s->data;
	Intake *in = intake_current();
	if (!in)
		return false;
	for (size_t k = 0; k < sizeof row_ops / sizeof row_ops[0]; k++)
		if (row_ops[k].a == a) {
			const char *why = NULL;
			if (!row_ops[k].run(in, (size_t)m->lv.sel, &why) && why)
				app_message(true, "%s", why);
			else
				intake_flow_save("materials", NULL);
			screen_dirty(s, DRAW_STATE);
			return true;
		}
	if (a == ACT_ALL_RECEIVED) {
		intake_mat_all_received(in);
		intake_flow_save("materials", NULL);
	} else if (a == ACT_SAVE_DRAFT) {
		intake_flow_save_key("materials", NULL);
	} else if (a == ACT_DRAFTS) {
		intake_flow_save("materials", NULL);
		drafts_open();
	} else if (a == ACT_PRINT) {
		print_notice(in);
	} else if (a == ACT_SUBMIT) {
		go_on(in);
	} else if (a == ACT_BACK || a == ACT_CANCEL) {
		/* Back to the form; a matter without one goes back to the picker. */
		sm_pop(s);
		if (in->form)
			intake_flow_form();
	} else if (a == ACT_GUIDE || a == ACT_KNOWLEDGE) {
		intake_flow_guide(in->n_matters ? in->matters[0] : NULL, in->bundle_id);
	} else if (a == ACT_APPLICANT) {
		sm_push(screen_applicant_new(false, NULL));
	} else if (!lv_action(&m->lv, a)) {
		return false;
	}
	screen_dirty(s, DRAW_STATE);
	return true;
}

/* Shown again (back from the review, or the form changed the agent). */
static void materials_enter(Screen *s)
{
	Intake *in = intake_current();
	if (in)
		intake_materials_refresh(in);
}

static void materials_destroy(Screen *s)
{
	Materials *m = s->data;
	draw_delwin(&m->strip);
	draw_delwin(&m->list);
	memset(s->win, 0, sizeof s->win);
	free(m);
}

static const ScreenOps materials_ops = {
	.name = "materials",
	.context = KC_INTAKE,
	.fkeys = materials_fkeys,
	.help = materials_help,
	.layout = materials_layout,
	.draw = materials_draw,
	.on_action = materials_action,
	.enter = materials_enter,
	.destroy = materials_destroy,
};

Screen *screen_materials_new(void)
{
	return screen_new(&materials_ops, xcalloc(1, sizeof(Materials)));
}
