/* screen_manager: the stack of screens; dispatches keys and draws once per
 * loop turn. It knows nothing about any particular screen. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "screens/screen.h"
#include "screens/bars.h"
#include "screens/draw.h"
#include "common/xalloc.h"

#include <stdlib.h>
#include <string.h>

#define SM_MAX 16

static Screen *stack[SM_MAX];
static int depth;
static Screen *graveyard[SM_MAX * 2];
static int ngrave;
static unsigned next_id = 1;
static unsigned bars_dirty = DRAW_ALL;
static bool (*global_fn)(Action a);
static int rows, cols;
static bool cursor_on = true;
static WINDOW *body_bg;  /* cleared under a full screen drawn anew */

Screen *screen_new(const ScreenOps *ops, void *data)
{
	Screen *s = xcalloc(1, sizeof *s);
	s->ops = ops;
	s->data = data;
	s->id = next_id++;
	s->dirty = DRAW_ALL;
	return s;
}

/* Draw s at the next flush. */
void screen_dirty(Screen *s, unsigned what)
{
	if (s)
		s->dirty |= what;
}

/* An empty stack. */
void sm_init(void)
{
	depth = 0;
	ngrave = 0;
	bars_dirty = DRAW_ALL;
}

/* Destroy screens that were popped: never while their code may still run. */
static void reap(void)
{
	for (int i = 0; i < ngrave; i++) {
		Screen *s = graveyard[i];
		if (s->ops->destroy)
			s->ops->destroy(s);
		for (int k = 0; k < SCREEN_MAXWIN; k++)
			draw_delwin(&s->win[k]);
		free(s);
	}
	ngrave = 0;
}

/* Destroy every screen and the bars. */
void sm_shutdown(void)
{
	while (depth > 0)
		graveyard[ngrave++] = stack[--depth];
	reap();
	draw_delwin(&body_bg);
	bars_shutdown();
}

/* The body area between the top bar and the two bottom lines. */
static void body_area(int *y, int *h)
{
	*y = rows >= 1 ? 1 : 0;
	*h = rows - 3;
	if (*h < 0)
		*h = 0;
}

/* Give a screen the body area and ask it to make its windows. */
static void layout_screen(Screen *s)
{
	int y, h;
	body_area(&y, &h);
	s->y = y;
	s->x = 0;
	s->h = h;
	s->w = cols;
	if (s->ops->layout)
		s->ops->layout(s, y, 0, h, cols);
	s->dirty |= DRAW_ALL;
}

/* Everything visible from index i up must be drawn in full. */
static void uncover(void)
{
	for (int i = 0; i < depth; i++)
		stack[i]->dirty |= DRAW_ALL;
	bars_dirty |= DRAW_ALL;
	if (depth > 0 && stack[depth - 1]->ops->enter)
		stack[depth - 1]->ops->enter(stack[depth - 1]);
}

/* A new screen on top, laid out at once. */
void sm_push(Screen *s)
{
	if (depth == SM_MAX) {
		graveyard[ngrave++] = s;
		return;
	}
	stack[depth++] = s;
	layout_screen(s);
	bars_dirty |= DRAW_ALL;
	if (s->ops->enter)
		s->ops->enter(s);
}

/* Remove s and what is above it; they are destroyed after the current event. */
void sm_pop(Screen *s)
{
	int i;
	for (i = depth - 1; i >= 0 && stack[i] != s; i--)
		;
	if (i < 0)
		return;
	while (depth > i)
		graveyard[ngrave++] = stack[--depth];
	uncover();
}

/* Replace the whole stack with s (login, or home after login). */
void sm_reset(Screen *s)
{
	while (depth > 0)
		graveyard[ngrave++] = stack[--depth];
	sm_push(s);
	uncover();
}

Screen *sm_top(void)
{
	return depth ? stack[depth - 1] : NULL;
}

Screen *sm_below(const Screen *s)
{
	for (int i = 1; i < depth; i++)
		if (stack[i] == s)
			return stack[i - 1];
	return NULL;
}

Screen *sm_find(unsigned id)
{
	for (int i = 0; i < depth; i++)
		if (stack[i]->id == id)
			return stack[i];
	return NULL;
}

Screen *sm_find_ops(const ScreenOps *ops)
{
	for (int i = depth - 1; i >= 0; i--)
		if (stack[i]->ops == ops)
			return stack[i];
	return NULL;
}

/* How many screens are on the stack. */
int sm_depth(void)
{
	return depth;
}

/* The handler of actions no screen takes. */
void sm_set_global(bool (*fn)(Action a))
{
	global_fn = fn;
}

/* The top screen first, then the global handler. */
void sm_action(Action a)
{
	Screen *s = sm_top();
	if (a == ACT_NONE)
		return;
	if (s && s->ops->on_action && s->ops->on_action(s, a))
		return;
	if (global_fn)
		global_fn(a);
}

/* Text input first, then the keymap of the top screen's context. */
void sm_key(int key, bool fn)
{
	Screen *s = sm_top();
	if (!s)
		return;
	if (s->ops->on_key && s->ops->on_key(s, key, fn))
		return;
	sm_action(keymap_lookup(s->ops->context, key));
}

/* Mark every screen and bar; drawing waits for the flush. */
void sm_notify(unsigned what)
{
	for (int i = 0; i < depth; i++)
		stack[i]->dirty |= what;
	bars_dirty |= what;
}

/* New terminal size: bars and screens get new windows. */
void sm_resize(int r, int c)
{
	rows = r;
	cols = c;
	topbar_resize(rows >= 1 ? 0 : -1, cols);
	msgline_resize(rows >= 3 ? rows - 2 : -1, cols);
	fkeybar_resize(rows >= 2 ? rows - 1 : -1, cols);
	int by, bh;
	body_area(&by, &bh);
	body_bg = draw_window(body_bg, bh, cols, by, 0);
	for (int i = 0; i < depth; i++)
		layout_screen(stack[i]);
	bars_dirty |= DRAW_ALL;
}

/* Re-show a screen's windows without drawing them again. */
static void reshow(Screen *s)
{
	for (int k = 0; k < SCREEN_MAXWIN; k++)
		if (s->win[k]) {
			touchwin(s->win[k]);
			wnoutrefresh(s->win[k]);
		}
}

/* Put the terminal cursor where the top screen edits text, else hide it. */
static void place_cursor(void)
{
	Screen *s = sm_top();
	WINDOW *w = NULL;
	int y = 0, x = 0;
	bool want = s && s->ops->cursor && s->ops->cursor(s, &w, &y, &x) && w;
	if (want) {
		leaveok(w, FALSE);
		wmove(w, y, x);
		wnoutrefresh(w);
		leaveok(w, TRUE);
	}
	if (want != cursor_on) {
		curs_set(want ? 1 : 0);
		cursor_on = want;
	}
}

/* Once per loop turn: draw what is dirty, then one doupdate(). */
void sm_flush(void)
{
	reap();
	if (depth == 0)
		return;
	if (bars_dirty) {
		topbar_draw(bars_dirty);
		msgline_draw(bars_dirty);
	}
	/* The bar compares with what it shows (a screen's state can enable or
	 * dim an action without any model change). */
	fkeybar_draw(sm_top(), bars_dirty);
	bars_dirty = 0;
	int base = depth - 1;
	while (base > 0 && stack[base]->ops->overlay)
		base--;
	/* A full screen drawn anew owns the whole body: what the screens
	 * under it showed must not show through around its windows. */
	if ((stack[base]->dirty & DRAW_ALL) && body_bg) {
		werase(body_bg);
		wnoutrefresh(body_bg);
	}
	bool below = false;
	for (int i = base; i < depth; i++) {
		Screen *s = stack[i];
		if (s->dirty) {
			unsigned what = s->dirty;
			s->dirty = 0;
			if (below)
				what |= DRAW_ALL;
			if (s->ops->draw)
				s->ops->draw(s, what);
			below = true;
		} else if (below) {
			reshow(s);
		}
	}
	place_cursor();
	doupdate();
}
