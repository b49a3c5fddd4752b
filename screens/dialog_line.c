/* dialog_line: one line of text asked in a box over the screen (the file a
 * draft is imported from); Enter gives it, Esc cancels. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "screens/drafts_ui.h"
#include "screens/bars.h"
#include "screens/draw.h"
#include "screens/lineedit.h"
#include "client/i18n.h"
#include "common/text.h"
#include "common/xalloc.h"

#include <stdlib.h>
#include <string.h>

enum { LINE_MAX_CHARS = 1024 };

typedef struct Line {
	char *title, *label;
	LineEdit le;
	line_cb done;
	void *ud;
	bool answered;
	WINDOW *w;
} Line;

static const FkeyDef line_fkeys[] = {
	FK_LABEL(ACT_SELECT, N_("OK")), FK_OTHER(ACT_CANCEL, N_("Cancel")), FK_END,
};
static const Action line_help[] = { ACT_SELECT, ACT_CANCEL, ACT_NONE };

static void line_layout(Screen *s, int y, int x, int h, int w)
{
	Line *l = s->data;
	int bw = w < 72 ? w : 72, bh = h < 6 ? h : 6;
	l->w = draw_window(l->w, bh, bw, y + (h - bh) / 2, x + (w - bw) / 2);
	s->win[0] = l->w;
}

/* Where the field starts and how wide it is. */
static int field_w(const Line *l, int *x)
{
	*x = 2 + text_width(l->label) + 1;
	return getmaxx(l->w) - *x - 2;
}

static void line_draw(Screen *s, unsigned what)
{
	Line *l = s->data;
	if (!l->w)
		return;
	int bh = getmaxy(l->w);
	werase(l->w);
	draw_frame(l->w, R_BORDER, l->title, R_TITLE);
	int fx, fw = field_w(l, &fx), cur;
	char view[2048];
	draw_text(l->w, 2, 2, fx - 2, R_STRONG, l->label);
	le_view(&l->le, fw, view, sizeof view, &cur);
	draw_text_pad(l->w, 2, fx, fw, R_FIELD, view);
	FkeyItem items[4];
	FkeySpan spans[4];
	int n = fkeys_build(KC_DIALOG, true, line_fkeys, NULL, NULL, items, 4);
	int shown = fkeys_layout(items, n, getmaxx(l->w) - 4, spans, NULL, 0);
	for (int k = 0; k < shown && bh >= 5; k++) {
		draw_text(l->w, bh - 2, 2 + spans[k].x, spans[k].key_w, R_KEY, items[spans[k].item].key);
		draw_text(l->w, bh - 2, 2 + spans[k].label_x, spans[k].label_w, R_LABEL, items[spans[k].item].label);
	}
	wnoutrefresh(l->w);
}

static bool line_cursor(Screen *s, WINDOW **win, int *y, int *x)
{
	Line *l = s->data;
	if (!l->w)
		return false;
	int fx, fw = field_w(l, &fx), cur;
	char view[2048];
	le_view(&l->le, fw, view, sizeof view, &cur);
	*win = l->w;
	*y = 2;
	*x = fx + cur;
	return true;
}

static void answer(Screen *s, const char *text)
{
	Line *l = s->data;
	if (l->answered)
		return;
	l->answered = true;
	sm_pop(s);
	if (l->done)
		l->done(text, l->ud);
}

static bool line_key(Screen *s, int key, bool fn)
{
	Line *l = s->data;
	if (!le_key(&l->le, key, fn))
		return false;
	screen_dirty(s, DRAW_STATE);
	return true;
}

static bool line_action(Screen *s, Action a)
{
	Line *l = s->data;
	if (a == ACT_SELECT || a == ACT_SUBMIT) {
		char *text = le_text(&l->le);
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

static void line_destroy(Screen *s)
{
	Line *l = s->data;
	if (!l->answered && l->done) {
		l->answered = true;
		l->done(NULL, l->ud);
	}
	le_free(&l->le);
	free(l->title);
	free(l->label);
	draw_delwin(&l->w);
	s->win[0] = NULL;
	free(l);
}

static const ScreenOps line_ops = {
	.name = "line",
	.context = KC_DIALOG,
	.overlay = true,
	.text_input = true,
	.fkeys = line_fkeys,
	.help = line_help,
	.layout = line_layout,
	.draw = line_draw,
	.on_key = line_key,
	.on_action = line_action,
	.cursor = line_cursor,
	.destroy = line_destroy,
};

Screen *dialog_line_new(const char *title, const char *label, const char *text, line_cb done, void *ud)
{
	Line *l = xcalloc(1, sizeof *l);
	l->title = text_clean(title, TEXT_ONE_LINE);
	l->label = text_clean(label, TEXT_ONE_LINE);
	le_init(&l->le, LINE_MAX_CHARS, false);
	if (text)
		le_set(&l->le, text);
	l->done = done;
	l->ud = ud;
	return screen_new(&line_ops, l);
}
