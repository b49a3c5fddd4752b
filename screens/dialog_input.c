/* dialog_input: one line of text asked in a box over the screen (a reason
 * for changing a locked value, the file a draft is imported from). */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "screens/screens.h"
#include "screens/bars.h"
#include "screens/draw.h"
#include "screens/format.h"
#include "screens/lineedit.h"
#include "client/i18n.h"
#include "common/text.h"
#include "common/xalloc.h"

#include <stdlib.h>
#include <string.h>

enum { MAX_LINES = 6 };

typedef struct Input {
	char *title, *question, *label, *too_short_text;
	int min_chars, width;
	LineEdit le;
	bool too_short;     /* Enter was pressed with less than min_chars */
	input_cb done;
	void *ud;
	bool answered;
	WINDOW *w;
	int field_y;
} Input;

static const FkeyDef ok_fkeys[] = {
	FK_LABEL(ACT_SELECT, N_("OK")), FK_OTHER(ACT_CANCEL, N_("Cancel")), FK_END,
};
static const FkeyDef reason_fkeys[] = {
	FK_LABEL(ACT_SELECT, N_("Change it")), FK_OTHER(ACT_CANCEL, N_("Keep it")), FK_END,
};
static const Action input_help[] = { ACT_SELECT, ACT_SUBMIT, ACT_CANCEL, ACT_NONE };

/* Lines of the wrapped question in a box of width bw. */
static int question_lines(const Input *in, int bw, size_t *st, size_t *ln)
{
	return in->question ? fmt_wrap(in->question, bw - 4, st, ln, MAX_LINES) : 0;
}

/* The question, the field, a line for the problem, the keys. */
static void input_layout(Screen *s, int y, int x, int h, int w)
{
	Input *in = s->data;
	size_t st[MAX_LINES], ln[MAX_LINES];
	int bw = w < in->width ? w : in->width;
	int lines = question_lines(in, bw, st, ln);
	int bh = lines ? lines + 7 : 6;
	if (bh > h)
		bh = h;
	in->w = draw_window(in->w, bh, bw, y + (h - bh) / 2, x + (w - bw) / 2);
	s->win[0] = in->w;
}

/* Where the field starts and how wide it is. */
static int field_w(const Input *in, int *x)
{
	*x = 2 + text_width(in->label) + 1;
	return getmaxx(in->w) - *x - 2;
}

static void input_draw(Screen *s, unsigned what)
{
	Input *in = s->data;
	if (!in->w)
		return;
	int bh = getmaxy(in->w), bw = getmaxx(in->w);
	size_t st[MAX_LINES], ln[MAX_LINES];
	werase(in->w);
	draw_frame(in->w, R_BORDER, in->title, R_TITLE);
	int lines = question_lines(in, bw, st, ln), y = 1;
	for (int i = 0; i < lines && y < bh - 5; i++, y++) {
		char *part = xstrndup(in->question + st[i], ln[i]);
		draw_text(in->w, y, 2, bw - 4, R_NORMAL, part);
		free(part);
	}
	in->field_y = lines ? y + 1 : 2;
	int fx, fw = field_w(in, &fx), cur;
	char view[2048];
	draw_text(in->w, in->field_y, 2, bw - 4, R_STRONG, in->label);
	le_view(&in->le, fw, view, sizeof view, &cur);
	draw_text_pad(in->w, in->field_y, fx, fw, R_FIELD, view);
	if (in->too_short)
		draw_text(in->w, in->field_y + 1, 2, bw - 4, R_ERROR, in->too_short_text);
	FkeyItem items[4];
	FkeySpan spans[4];
	int n = fkeys_build(KC_DIALOG, true, s->ops->fkeys, NULL, NULL, items, 4);
	int shown = fkeys_layout(items, n, bw - 4, spans, NULL, 0);
	for (int k = 0; k < shown && bh >= 5; k++) {
		draw_text(in->w, bh - 2, 2 + spans[k].x, spans[k].key_w, R_KEY, items[spans[k].item].key);
		draw_text(in->w, bh - 2, 2 + spans[k].label_x, spans[k].label_w, R_LABEL, items[spans[k].item].label);
	}
	wnoutrefresh(in->w);
}

static bool input_cursor(Screen *s, WINDOW **win, int *y, int *x)
{
	Input *in = s->data;
	if (!in->w || in->field_y <= 0)
		return false;
	int fx, fw = field_w(in, &fx), cur;
	char view[2048];
	le_view(&in->le, fw, view, sizeof view, &cur);
	*win = in->w;
	*y = in->field_y;
	*x = fx + cur;
	return true;
}

/* Answer once, then leave. */
static void answer(Screen *s, const char *text)
{
	Input *in = s->data;
	if (in->answered)
		return;
	in->answered = true;
	sm_pop(s);
	if (in->done)
		in->done(text, in->ud);
}

static bool input_key(Screen *s, int key, bool fn)
{
	Input *in = s->data;
	if (!le_key(&in->le, key, fn))
		return false;
	screen_dirty(s, DRAW_STATE);
	return true;
}

/* Characters of the text without the spaces (also ideographic) around it. */
static int trimmed_chars(const LineEdit *le)
{
	int a = 0, b = le->len;
	while (a < b && (le->cp[a] == ' ' || le->cp[a] == 0x3000))
		a++;
	while (b > a && (le->cp[b - 1] == ' ' || le->cp[b - 1] == 0x3000))
		b--;
	return b - a;
}

static bool input_action(Screen *s, Action a)
{
	Input *in = s->data;
	if (a == ACT_SELECT || a == ACT_SUBMIT) {
		if (trimmed_chars(&in->le) < in->min_chars) {
			in->too_short = true;
			screen_dirty(s, DRAW_STATE);
			return true;
		}
		char *text = le_text(&in->le);
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

static void input_destroy(Screen *s)
{
	Input *in = s->data;
	if (!in->answered && in->done) {
		in->answered = true;
		in->done(NULL, in->ud);
	}
	le_free(&in->le);
	free(in->title);
	free(in->question);
	free(in->label);
	free(in->too_short_text);
	draw_delwin(&in->w);
	s->win[0] = NULL;
	free(in);
}

#define INPUT_OPS(nm, fk) { \
	.name = (nm), .context = KC_DIALOG, .overlay = true, .text_input = true, \
	.fkeys = (fk), .help = input_help, .layout = input_layout, .draw = input_draw, \
	.on_key = input_key, .on_action = input_action, .cursor = input_cursor, \
	.destroy = input_destroy, }
static const ScreenOps ok_ops = INPUT_OPS("input", ok_fkeys), reason_ops = INPUT_OPS("reason", reason_fkeys);

Screen *dialog_input_new(const InputSpec *spec, input_cb done, void *ud)
{
	Input *in = xcalloc(1, sizeof *in);
	in->title = text_clean(spec->title, TEXT_ONE_LINE);
	in->question = spec->question ? text_clean(spec->question, TEXT_ONE_LINE) : NULL;
	in->label = text_clean(spec->label, TEXT_ONE_LINE);
	in->too_short_text = xstrdup(spec->too_short ? spec->too_short : "");
	in->min_chars = spec->min_chars;
	in->width = spec->width > 0 ? spec->width : 72;
	le_init(&in->le, spec->max_chars > 0 ? spec->max_chars : 1024, false);
	if (spec->text)
		le_set(&in->le, spec->text);
	in->done = done;
	in->ud = ud;
	return screen_new(spec->reason ? &reason_ops : &ok_ops, in);
}
