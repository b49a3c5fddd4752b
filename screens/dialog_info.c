/* dialog_info: a box of text over a screen (the help of a form field until
 * the knowledge base arrives); Enter or Esc closes it, F1 in it shows the
 * keys of the screen underneath. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "screens/form_dialogs.h"
#include "screens/screens.h"
#include "screens/draw.h"
#include "screens/format.h"
#include "client/i18n.h"
#include "common/text.h"
#include "common/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { MAX_LINES = 20 };

typedef struct Info {
	char *title, *text;
	unsigned keys_of;   /* screen id whose keys F1 shows */
	WINDOW *w;
} Info;

static const FkeyDef info_fkeys[] = {
	FK_OTHER(ACT_BACK, N_("Close")), FK_LABEL(ACT_HELP, N_("Keys")), FK_END,
};

/* The text's lines wrapped to cols: each paragraph (a line of the text)
 * on its own. Fills starts/lens (max) and returns the count. */
static int wrap(const char *text, int cols, size_t *starts, size_t *lens, int max)
{
	int n = 0;
	const char *p = text;
	while (*p && n < max) {
		size_t len = strcspn(p, "\n");
		char *para = xstrndup(p, len);
		size_t st[MAX_LINES], ln[MAX_LINES];
		int k = fmt_wrap(para, cols, st, ln, MAX_LINES);
		for (int i = 0; i < k && n < max; i++, n++) {
			starts[n] = (size_t)(p - text) + st[i];
			lens[n] = ln[i];
		}
		free(para);
		p += len;
		if (*p == '\n')
			p++;
	}
	return n;
}

/* A box sized to the wrapped text. */
static void info_layout(Screen *s, int y, int x, int h, int w)
{
	Info *in = s->data;
	size_t st[MAX_LINES], ln[MAX_LINES];
	int bw = w < 64 ? w : 64;
	int lines = wrap(in->text, bw - 4, st, ln, MAX_LINES);
	int bh = lines + 2;
	if (bh > h)
		bh = h;
	in->w = draw_window(in->w, bh, bw, y + (h - bh) / 2, x + (w - bw) / 2);
	s->win[0] = in->w;
}

/* The text wrapped by columns (CJK breaks anywhere, other text at spaces),
 * its own line breaks kept. */
static void info_draw(Screen *s, unsigned what)
{
	Info *in = s->data;
	if (!in->w)
		return;
	int bh = getmaxy(in->w), bw = getmaxx(in->w);
	werase(in->w);
	draw_frame(in->w, R_BORDER, in->title, R_TITLE);
	size_t st[MAX_LINES], ln[MAX_LINES];
	int lines = wrap(in->text, bw - 4, st, ln, MAX_LINES);
	for (int i = 0; i < lines && 1 + i < bh - 1; i++) {
		char *part = xstrndup(in->text + st[i], ln[i]);
		draw_text(in->w, 1 + i, 2, bw - 4, R_NORMAL, part);
		free(part);
	}
	wnoutrefresh(in->w);
}

/* Close on Enter and Esc; F1 swaps the box for the keys of the screen. */
static bool info_action(Screen *s, Action a)
{
	Info *in = s->data;
	if (a == ACT_HELP) {
		Screen *of = sm_find(in->keys_of);
		sm_pop(s);
		if (of)
			sm_push(screen_help_new(of));
		return true;
	}
	if (a == ACT_BACK || a == ACT_CANCEL || a == ACT_SELECT || a == ACT_SUBMIT) {
		sm_pop(s);
		return true;
	}
	return a != ACT_REDRAW && a != ACT_QUIT && a != ACT_LOCK;
}

static void info_destroy(Screen *s)
{
	Info *in = s->data;
	free(in->title);
	free(in->text);
	draw_delwin(&in->w);
	s->win[0] = NULL;
	free(in);
}

static const ScreenOps info_ops = {
	.name = "info",
	.context = KC_DIALOG,
	.overlay = true,
	.fkeys = info_fkeys,
	.layout = info_layout,
	.draw = info_draw,
	.on_action = info_action,
	.destroy = info_destroy,
};

Screen *dialog_info_new(const char *title, const char *text, const Screen *keys_of)
{
	Info *in = xcalloc(1, sizeof *in);
	in->title = text_clean(title, TEXT_ONE_LINE);
	in->text = text_clean(text, TEXT_KEEP_NEWLINES);
	in->keys_of = keys_of ? keys_of->id : 0;
	return screen_new(&info_ops, in);
}
