/* screen_receipt: 受理回执: the receipt shown with its QR code (black on
 * white when the terminal has colours), saved as a file at once and sent
 * to the printer when one is set; Enter goes home with the ticket still
 * being served. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "screens/intake_ui.h"
#include "screens/draw.h"
#include "screens/format.h"
#include "screens/listview.h"
#include "screens/pager.h"
#include "client/i18n.h"
#include "client/receipt.h"
#include "common/jsonx.h"
#include "common/text.h"
#include "common/xalloc.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* A colour pair of our own above the roles' pairs: black on white. */
enum { QR_PAIR = R_COUNT + 2 };

typedef struct Receipt {
	char *text;            /* for paper, without the code */
	char *path;            /* where it was saved, or NULL */
	char **qr;
	int qr_n, qr_w;
	bool qr_dark;          /* drawn dark-on-light (colour) */
	Paras content;
	PLine *lines;
	int n, top, width, rows;
	bool side;             /* code at the side, else under the text */
	WINDOW *w;
} Receipt;

static const FkeyDef receipt_fkeys[] = {
	FK_LABEL(ACT_SELECT, N_("Done")), FK_LABEL(ACT_PRINT, N_("Print")), FK_LABEL(ACT_PAGE_DOWN, N_("Scroll")),
	FK(ACT_HELP), FK_END,
};
static const Action receipt_help[] = {
	ACT_SELECT, ACT_PRINT, ACT_UP, ACT_DOWN, ACT_PAGE_UP, ACT_PAGE_DOWN, ACT_HELP, ACT_NONE,
};

/* The text for paper without its code (the screen draws its own). */
static char *text_without_code(const char *t)
{
	const char *cut = strstr(t, "\u2588");
	if (!cut)
		return xstrdup(t);
	while (cut > t && cut[-1] != '\n')
		cut--;
	/* Drop every code line: they are the last ones. */
	return xstrndup(t, (size_t)(cut - t));
}

static void receipt_layout(Screen *s, int y, int x, int h, int w)
{
	Receipt *r = s->data;
	r->w = draw_window(r->w, h, w, y, x);
	s->win[0] = r->w;
	int tw = 0;
	for (const char *p = r->text; p && *p;) {
		const char *nl = strchr(p, '\n');
		char *line = nl ? xstrndup(p, (size_t)(nl - p)) : xstrdup(p);
		if (text_width(line) > tw)
			tw = text_width(line);
		free(line);
		p = nl ? nl + 1 : NULL;
	}
	r->side = w - 4 >= (tw < 60 ? tw : 60) + r->qr_w + 3 && h - 2 >= r->qr_n;
	r->width = r->side ? w - 4 - r->qr_w - 3 : w - 4;
	r->rows = h - 2;
	paras_free(&r->content);
	paras_add(&r->content, R_NORMAL, 0, "%s", r->text);
	if (!r->side)
		for (int i = 0; i < r->qr_n; i++)
			paras_raw(&r->content, R_NORMAL, 2, r->qr[i]); /* placeholders: drawn below */
	plines_free(r->lines, r->n);
	r->lines = NULL;
	r->n = r->width > 0 ? paras_wrap(&r->content, r->width, &r->lines) : 0;
}

/* One line of the code at y, x in the code's own colours. */
static void qr_line(Receipt *r, int y, int x, int i)
{
	if (r->qr_dark)
		wattrset(r->w, COLOR_PAIR(QR_PAIR));
	mvwaddstr(r->w, y, x, r->qr[i]);
	wattrset(r->w, A_NORMAL);
}

static void receipt_draw(Screen *s, unsigned what)
{
	Receipt *r = s->data;
	if (!r->w)
		return;
	werase(r->w);
	draw_frame(r->w, R_BORDER, _("Receipt of acceptance"), R_TITLE);
	int n_text = r->n - (r->side ? 0 : r->qr_n);
	plines_draw(r->w, 1, 2, r->width, r->rows, r->lines, n_text, r->top);
	if (r->side) {
		int qx = getmaxx(r->w) - 2 - r->qr_w;
		for (int i = 0; i < r->qr_n && 1 + i < getmaxy(r->w) - 1; i++)
			qr_line(r, 1 + i, qx, i);
	} else {
		for (int i = 0; i < r->qr_n; i++) {
			int row = n_text + i - r->top;
			if (row >= 0 && row < r->rows && r->qr_w <= r->width)
				qr_line(r, 1 + row, 4, i);
		}
	}
	wnoutrefresh(r->w);
}

/* lpr's answer. */
static void printed(bool ok, const char *msg, void *ud)
{
	app_message(!ok, _("Receipt: %s"), msg);
}

/* Send the saved file to the printer (p, and once on opening). */
static void print(Receipt *r, bool asked)
{
	char *err = NULL;
	if (!r->path) {
		app_message(true, "%s", _("The receipt could not be saved, so it cannot be printed."));
	} else if (!app.cfg.printer) {
		if (asked)
			app_message(true, _("No printer is set (printer = in the config). The receipt is saved as %s."), r->path);
	} else if (!receipt_print(app.cfg.printer, r->path, printed, NULL, &err)) {
		app_message(true, "%s", err);
		free(err);
	}
}

static bool receipt_action(Screen *s, Action a)
{
	Receipt *r = s->data;
	/* Not F10: a submit pressed twice must not skip the receipt. */
	if (a == ACT_SELECT || a == ACT_BACK || a == ACT_CANCEL) {
		Intake *in = intake_current();
		if (in && in->ticket_number)
			app_message(false, _("Case %s accepted; %s is still being served (f finishes it)."),
				    json_str(in->sub.created, "number", "?"), in->ticket_number);
		intake_flow_close();
		return true;
	}
	if (a == ACT_PRINT) {
		print(r, true);
		return true;
	}
	ListView lv = {r->n, 0, r->top, r->rows};
	lv.sel = a == ACT_DOWN ? r->top + r->rows - 1 : r->top;
	if (lv_action(&lv, a)) {
		r->top = lv.top;
		screen_dirty(s, DRAW_STATE);
		return true;
	}
	return false;
}

/* The last screen of an intake: the intake (personal data) goes with it,
 * also when the session ends and the stack is reset. */
static void receipt_destroy(Screen *s)
{
	Receipt *r = s->data;
	intake_end();
	free(r->text);
	free(r->path);
	receipt_lines_free(r->qr, r->qr_n);
	paras_free(&r->content);
	plines_free(r->lines, r->n);
	draw_delwin(&r->w);
	s->win[0] = NULL;
	free(r);
}

static const ScreenOps receipt_ops = {
	.name = "receipt",
	.context = KC_INTAKE,
	.fkeys = receipt_fkeys,
	.help = receipt_help,
	.layout = receipt_layout,
	.draw = receipt_draw,
	.on_action = receipt_action,
	.destroy = receipt_destroy,
};

bool intake_receipt_shown(void)
{
	return sm_find_ops(&receipt_ops) != NULL;
}

Screen *screen_receipt_new(void)
{
	Receipt *r = xcalloc(1, sizeof *r);
	Intake *in = intake_current();
	char *paper = in ? receipt_text(in, time(NULL)) : NULL;
	if (paper) {
		char *err = NULL;
		r->path = receipt_save("receipts", json_str(in->sub.created, "number", "receipt"), paper, &err);
		if (!r->path) {
			app_message(true, "%s", err);
			free(err);
		}
		r->text = text_without_code(paper);
		free(paper);
	} else {
		r->text = xstrdup(_("No case was accepted."));
	}
	r->qr_dark = draw_has_color() && init_pair(QR_PAIR, COLOR_BLACK, COLOR_WHITE) == OK;
	if (in)
		r->qr_n = receipt_qr(receipt_qr_data(in), r->qr_dark, &r->qr, &r->qr_w);
	Screen *s = screen_new(&receipt_ops, r);
	print(r, false);
	if (r->path && !app.cfg.printer)
		app_message(false, _("Receipt saved as %s."), r->path);
	return s;
}
