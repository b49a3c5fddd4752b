/* dialog_reason: why the clerk changes a value that shared data filled in
 * and locked (e.g. the 人口库 name): a reason of 2 to 500 characters that
 * travels with the case; Enter gives it, Esc leaves the value locked. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "screens/form_dialogs.h"
#include "screens/bars.h"
#include "screens/draw.h"
#include "screens/format.h"
#include "screens/lineedit.h"
#include "client/i18n.h"
#include "common/text.h"
#include "common/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { REASON_MIN = 2, REASON_MAX = 500, MAX_LINES = 6 };

typedef struct Reason {
	char *question;
	LineEdit le;
	bool too_short;     /* Enter was pressed with less than REASON_MIN */
	reason_cb done;
	void *ud;
	bool answered;
	WINDOW *w;
	int field_y;
} Reason;

static const FkeyDef reason_fkeys[] = {
	FK_LABEL(ACT_SELECT, N_("Change it")), FK_OTHER(ACT_CANCEL, N_("Keep it")), FK_END,
};
static const Action reason_help[] = { ACT_SELECT, ACT_SUBMIT, ACT_CANCEL, ACT_NONE };

/* Wrapped question, the reason field, a line for the problem, the keys. */
static void reason_layout(Screen *s, int y, int x, int h, int w)
{
	Reason *r = s->data;
	size_t st[MAX_LINES], ln[MAX_LINES];
	int bw = w < 64 ? w : 64;
	int lines = fmt_wrap(r->question, bw - 4, st, ln, MAX_LINES);
	int bh = lines + 7;
	if (bh > h)
		bh = h;
	r->w = draw_window(r->w, bh, bw, y + (h - bh) / 2, x + (w - bw) / 2);
	s->win[0] = r->w;
}

/* The width of the reason field inside the box. */
static int field_w(const Reason *r, int *x)
{
	int lw = text_width(_("Reason:"));
	*x = 2 + lw + 1;
	return getmaxx(r->w) - *x - 2;
}

static void reason_draw(Screen *s, unsigned what)
{
	Reason *r = s->data;
	if (!r->w)
		return;
	int bh = getmaxy(r->w), bw = getmaxx(r->w);
	size_t st[MAX_LINES], ln[MAX_LINES];
	werase(r->w);
	draw_frame(r->w, R_BORDER, _("Change a locked value"), R_TITLE);
	int lines = fmt_wrap(r->question, bw - 4, st, ln, MAX_LINES);
	int y = 1;
	for (int i = 0; i < lines && y < bh - 5; i++, y++) {
		char *part = xstrndup(r->question + st[i], ln[i]);
		draw_text(r->w, y, 2, bw - 4, R_NORMAL, part);
		free(part);
	}
	r->field_y = y + 1;
	int fx, fw = field_w(r, &fx);
	char view[1024];
	int cur;
	draw_text(r->w, r->field_y, 2, bw - 4, R_STRONG, _("Reason:"));
	le_view(&r->le, fw, view, sizeof view, &cur);
	draw_text_pad(r->w, r->field_y, fx, fw, R_FIELD, view);
	if (r->too_short)
		draw_text(r->w, r->field_y + 1, 2, bw - 4, R_ERROR, _("! Give a reason of at least 2 characters."));
	FkeyItem items[4];
	FkeySpan spans[4];
	int n = fkeys_build(KC_DIALOG, true, reason_fkeys, NULL, NULL, items, 4);
	int shown = fkeys_layout(items, n, bw - 4, spans, NULL, 0);
	for (int k = 0; k < shown && bh >= 6; k++) {
		draw_text(r->w, bh - 2, 2 + spans[k].x, spans[k].key_w, R_KEY, items[spans[k].item].key);
		draw_text(r->w, bh - 2, 2 + spans[k].label_x, spans[k].label_w, R_LABEL, items[spans[k].item].label);
	}
	wnoutrefresh(r->w);
}

static bool reason_cursor(Screen *s, WINDOW **win, int *y, int *x)
{
	Reason *r = s->data;
	if (!r->w || r->field_y <= 0)
		return false;
	int fx, fw = field_w(r, &fx);
	char view[1024];
	int cur;
	le_view(&r->le, fw, view, sizeof view, &cur);
	*win = r->w;
	*y = r->field_y;
	*x = fx + cur;
	return true;
}

/* Answer once, then leave. */
static void answer(Screen *s, const char *reason)
{
	Reason *r = s->data;
	if (r->answered)
		return;
	r->answered = true;
	sm_pop(s);
	if (r->done)
		r->done(reason, r->ud);
}

static bool reason_key(Screen *s, int key, bool fn)
{
	Reason *r = s->data;
	if (!le_key(&r->le, key, fn))
		return false;
	screen_dirty(s, DRAW_STATE);
	return true;
}

/* Characters of the reason without the spaces around it. */
static int trimmed_chars(const LineEdit *le)
{
	int a = 0, b = le->len;
	while (a < b && (le->cp[a] == ' ' || le->cp[a] == 0x3000))
		a++;
	while (b > a && (le->cp[b - 1] == ' ' || le->cp[b - 1] == 0x3000))
		b--;
	return b - a;
}

/* Enter gives the reason when it is long enough; Esc keeps the value. */
static bool reason_action(Screen *s, Action a)
{
	Reason *r = s->data;
	if (a == ACT_SELECT || a == ACT_SUBMIT) {
		if (trimmed_chars(&r->le) < REASON_MIN) {
			r->too_short = true;
			screen_dirty(s, DRAW_STATE);
			return true;
		}
		char *text = le_text(&r->le);
		answer(s, text);
		free(text);
		return true;
	}
	if (a == ACT_CANCEL || a == ACT_BACK) {
		answer(s, NULL);
		return true;
	}
	return a != ACT_HELP && a != ACT_REDRAW && a != ACT_QUIT && a != ACT_LOCK;
}

static void reason_destroy(Screen *s)
{
	Reason *r = s->data;
	if (!r->answered && r->done) {
		r->answered = true;
		r->done(NULL, r->ud);
	}
	le_free(&r->le);
	free(r->question);
	draw_delwin(&r->w);
	s->win[0] = NULL;
	free(r);
}

static const ScreenOps reason_ops = {
	.name = "reason",
	.context = KC_DIALOG,
	.overlay = true,
	.text_input = true,
	.fkeys = reason_fkeys,
	.help = reason_help,
	.layout = reason_layout,
	.draw = reason_draw,
	.on_key = reason_key,
	.on_action = reason_action,
	.cursor = reason_cursor,
	.destroy = reason_destroy,
};

Screen *dialog_reason_new(const char *field_label, const char *source, const char *as_of, reason_cb done, void *ud)
{
	Reason *r = xcalloc(1, sizeof *r);
	char *label = text_clean(field_label, TEXT_ONE_LINE);
	char *src = text_clean(source, TEXT_ONE_LINE);
	char date[16];
	snprintf(date, sizeof date, "%.10s", as_of ? as_of : "");
	char *q = xasprintf(_("\"%s\" comes from %s (%s) and is locked. Say why it is changed: the reason and the original value go with the case."),
			    label, src, date);
	r->question = text_clean(q, TEXT_ONE_LINE);
	free(q);
	free(label);
	free(src);
	le_init(&r->le, REASON_MAX, false);
	r->done = done;
	r->ud = ud;
	return screen_new(&reason_ops, r);
}
