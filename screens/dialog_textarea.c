/* dialog_textarea: a textarea field (经营范围, remarks) edited over the form
 * in a box of several rows: Enter starts a new line, F10 ends, Esc cancels
 * (asking first when the text changed, so nothing typed is lost by one
 * key). The box follows resizes; the text stays. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "screens/form_dialogs.h"
#include "screens/screens.h"
#include "screens/draw.h"
#include "screens/format.h"
#include "screens/textedit.h"
#include "client/i18n.h"
#include "common/text.h"
#include "common/xalloc.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct TextArea {
	char *title;
	char *orig;         /* the text it started with */
	TextEdit te;
	textarea_cb done;
	void *ud;
	bool answered;
	WINDOW *w;
} TextArea;

static const FkeyDef textarea_fkeys[] = {
	FK_LABEL(ACT_SUBMIT, N_("Done")), FK_OTHER(ACT_CANCEL, N_("Cancel")), FK_END,
};
static const Action textarea_help[] = { ACT_SUBMIT, ACT_CANCEL, ACT_NONE };

/* Most of the body, at most 100 columns wide. */
static void textarea_layout(Screen *s, int y, int x, int h, int w)
{
	TextArea *t = s->data;
	int bw = w < 100 ? w : 100, bh = h - 2 > 6 ? h - 2 : h;
	t->w = draw_window(t->w, bh, bw, y + (h - bh) / 2, x + (w - bw) / 2);
	s->win[0] = t->w;
}

/* The text area inside the frame: rows and columns. */
static void area(const TextArea *t, int *rows, int *cols)
{
	*rows = getmaxy(t->w) - 3;
	*cols = getmaxx(t->w) - 4;
	if (*rows < 1)
		*rows = 1;
	if (*cols < 2)
		*cols = 2;
}

static void textarea_draw(Screen *s, unsigned what)
{
	TextArea *t = s->data;
	if (!t->w)
		return;
	int rows, cols, bh = getmaxy(t->w), bw = getmaxx(t->w);
	area(t, &rows, &cols);
	te_scroll(&t->te, cols, rows);
	werase(t->w);
	draw_frame(t->w, R_BORDER, t->title, R_TITLE);
	int n = te_rows(&t->te, cols, NULL, 0);
	TeRow *rv = xmalloc((size_t)n * sizeof *rv);
	te_rows(&t->te, cols, rv, n);
	for (int r = 0; r < rows && t->te.top + r < n; r++) {
		const TeRow *row = &rv[t->te.top + r];
		char *line = xmalloc((size_t)(row->end - row->start) * 4 + 1);
		size_t o = 0;
		for (int i = row->start; i < row->end; i++)
			o += text_utf8_encode(t->te.cp[i], line + o);
		line[o] = '\0';
		draw_text(t->w, 1 + r, 2, cols, R_FIELD, line);
		free(line);
	}
	free(rv);
	char foot[256];
	snprintf(foot, sizeof foot, _("%d of at most %d characters · Enter: new line · F10: done · Esc: cancel"),
		 t->te.len, t->te.max);
	if (bh >= 4)
		draw_text(t->w, bh - 2, 2, bw - 4, R_DIM, foot);
	wnoutrefresh(t->w);
}

static bool textarea_cursor(Screen *s, WINDOW **win, int *y, int *x)
{
	TextArea *t = s->data;
	if (!t->w)
		return false;
	int rows, cols, row, col;
	area(t, &rows, &cols);
	te_scroll(&t->te, cols, rows);
	te_cursor(&t->te, cols, &row, &col);
	*win = t->w;
	*y = 1 + row - t->te.top;
	*x = 2 + (col < cols ? col : cols - 1);
	return true;
}

/* Answer once, then leave. */
static void answer(Screen *s, const char *text)
{
	TextArea *t = s->data;
	if (t->answered)
		return;
	t->answered = true;
	sm_pop(s);
	if (t->done)
		t->done(text, t->ud);
}

/* Every key that edits goes to the editor, Enter included. */
static bool textarea_key(Screen *s, int key, bool fn)
{
	TextArea *t = s->data;
	int rows, cols;
	if (!t->w)
		return false;
	area(t, &rows, &cols);
	if (!te_key(&t->te, key, fn, cols))
		return false;
	screen_dirty(s, DRAW_STATE);
	return true;
}

/* "Discard the changes?" answered. */
static void discard_answer(bool yes, void *ud)
{
	Screen *s = sm_find((unsigned)(uintptr_t)ud);
	if (s && yes)
		answer(s, NULL);
}

static bool textarea_action(Screen *s, Action a)
{
	TextArea *t = s->data;
	char *text = te_text(&t->te);
	bool changed = strcmp(text, t->orig) != 0;
	if (a == ACT_SUBMIT) {
		answer(s, text);
	} else if (a == ACT_CANCEL || a == ACT_BACK) {
		if (changed)
			sm_push(dialog_confirm_new(_("Cancel"), _("Discard the changes to this text?"), discard_answer,
						   (void *)(uintptr_t)s->id));
		else
			answer(s, NULL);
	} else {
		free(text);
		return a != ACT_HELP && a != ACT_REDRAW && a != ACT_QUIT && a != ACT_LOCK;
	}
	free(text);
	return true;
}

static void textarea_destroy(Screen *s)
{
	TextArea *t = s->data;
	if (!t->answered && t->done) {
		t->answered = true;
		t->done(NULL, t->ud);
	}
	te_free(&t->te);
	free(t->orig);
	free(t->title);
	draw_delwin(&t->w);
	s->win[0] = NULL;
	free(t);
}

static const ScreenOps textarea_ops = {
	.name = "textarea",
	.context = KC_DIALOG,
	.overlay = true,
	.text_input = true,
	.fkeys = textarea_fkeys,
	.help = textarea_help,
	.layout = textarea_layout,
	.draw = textarea_draw,
	.on_key = textarea_key,
	.on_action = textarea_action,
	.cursor = textarea_cursor,
	.destroy = textarea_destroy,
};

Screen *dialog_textarea_new(const char *title, const char *text, int max_chars, textarea_cb done, void *ud)
{
	TextArea *t = xcalloc(1, sizeof *t);
	t->title = text_clean(title, TEXT_ONE_LINE);
	te_init(&t->te, max_chars > 0 ? max_chars : 10000);
	te_set(&t->te, text ? text : "");
	t->orig = te_text(&t->te);
	t->done = done;
	t->ud = ud;
	return screen_new(&textarea_ops, t);
}
