/* fkeybar: the function-key bar on the last line: the keys of the current
 * screen, from the keymap, with short labels. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "screens/bars.h"
#include "screens/draw.h"
#include "client/i18n.h"

#include <stdio.h>
#include <string.h>

/* Short labels for the bar; the long help is in actions.def. */
static const char *const short_labels[ACT_COUNT] = {
	[ACT_HELP] = N_("Help"),
	[ACT_SAVE_DRAFT] = N_("Save"),
	[ACT_BACK] = N_("Back"),
	[ACT_CHOOSE] = N_("Choose"),
	[ACT_REFRESH] = N_("Refresh"),
	[ACT_CALL_NEXT] = N_("Call"),
	[ACT_RECALL] = N_("Recall"),
	[ACT_KNOWLEDGE] = N_("Knowledge"),
	[ACT_ASSIST] = N_("Assist"),
	[ACT_SUBMIT] = N_("OK"),
	[ACT_CANCEL] = N_("Cancel"),
	[ACT_SKIP] = N_("Skip"),
	[ACT_HOLD] = N_("Hold"),
	[ACT_TRANSFER] = N_("Transfer"),
	[ACT_FINISH] = N_("Finish"),
	[ACT_QUIT] = N_("Quit"),
	[ACT_UP] = N_("Up"),
	[ACT_DOWN] = N_("Down"),
	[ACT_PAGE_UP] = N_("PgUp"),
	[ACT_PAGE_DOWN] = N_("PgDn"),
	[ACT_TOP] = N_("Top"),
	[ACT_BOTTOM] = N_("Bottom"),
	[ACT_NEXT_FIELD] = N_("Next"),
	[ACT_PREV_FIELD] = N_("Previous"),
	[ACT_SELECT] = N_("Select"),
	[ACT_REDRAW] = N_("Redraw"),
	[ACT_LOCK] = N_("Lock"),
};

static WINDOW *win;
static char last_line[1024];
static unsigned long last_mask;

/* Keys a text field takes as characters (the bar avoids them there). */
bool key_is_typed(int key)
{
	if (key & KEYM_META)
		return false;
	if (key & KEYM_CHAR)
		return true;
	return key >= 0x20 && key != 0x7F && (key < KEY_MIN || key > KEY_MAX);
}

/* The bar's short label of an action, translated. */
const char *fkey_label(Action a)
{
	if (a <= ACT_NONE || a >= ACT_COUNT || !short_labels[a])
		return "";
	return _(short_labels[a]);
}

int fkeys_build(KeyContext ctx, bool text_input, const FkeyDef *defs,
		const Screen *s, bool (*can)(Action a), FkeyItem *items, int max)
{
	int n = 0;
	for (const FkeyDef *d = defs; d && d->action != ACT_NONE && n < max; d++) {
		int alt = 0;
		int key = keymap_key_for(ctx, d->action, &alt);
		if (d->other_key && alt)
			key = alt;
		if (text_input && key_is_typed(key))
			key = alt && !key_is_typed(alt) ? alt : 0;
		if (key == 0)
			continue; /* unbound, or only by a key that types: nothing to show */
		FkeyItem *it = &items[n++];
		key_label(key, it->key, sizeof it->key);
		it->label = d->label ? _(d->label) : fkey_label(d->action);
		if (s && s->ops->can)
			it->enabled = s->ops->can((Screen *)s, d->action);
		else
			it->enabled = !can || can(d->action);
		it->keep = d->action == ACT_HELP;
	}
	return n;
}

/* The bar of a screen: its own list, in its own keymap context. */
int fkeybar_items(const Screen *s, FkeyItem *items, int max)
{
	if (!s)
		return 0;
	return fkeys_build(s->ops->context, s->ops->text_input, s->ops->fkeys, s, NULL, items, max);
}

/* Move the bar to row y; the next draw repaints it. */
void fkeybar_resize(int y, int cols)
{
	win = draw_window(win, y >= 0 ? 1 : 0, cols, y, 0);
	last_line[0] = '\0';
}

/* Draw the bar when its text or states changed (or everything must be
 * drawn). */
void fkeybar_draw(Screen *s, unsigned what)
{
	FkeyItem items[32];
	FkeySpan spans[32];
	char line[1024];
	if (!win)
		return;
	int n = fkeybar_items(s, items, 32);
	int cols = getmaxx(win);
	int shown = fkeys_layout(items, n, cols, spans, line, sizeof line);
	unsigned long mask = 0;
	for (int i = 0; i < n && i < 32; i++)
		mask |= (unsigned long)items[i].enabled << i;
	/* Same keys, labels and states as on screen: send nothing. */
	if (!(what & DRAW_ALL) && mask == last_mask && strcmp(line, last_line) == 0)
		return;
	snprintf(last_line, sizeof last_line, "%s", line);
	last_mask = mask;
	draw_clear(win, R_NORMAL);
	for (int k = 0; k < shown; k++) {
		const FkeySpan *sp = &spans[k];
		const FkeyItem *it = &items[sp->item];
		draw_text(win, 0, sp->x, sp->key_w, R_KEY, it->key);
		if (sp->label_w > 0)
			draw_text_pad(win, 0, sp->label_x, sp->label_w, it->enabled ? R_LABEL : R_LABEL_OFF, it->label);
	}
	wnoutrefresh(win);
}

/* Free the bar windows at exit. */
void bars_shutdown(void)
{
	draw_delwin(&win);
	topbar_resize(-1, 0);
	msgline_resize(-1, 0);
}
