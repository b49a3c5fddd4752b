/* home: the state shared by the home screen's files (screen_home.c: keys,
 * actions, layout; home_draw.c: the panels). */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef YC_SCREENS_HOME_H
#define YC_SCREENS_HOME_H
#include "screens/listview.h"
#include "screens/screen.h"

enum { FOCUS_QUEUE, FOCUS_HELD };

typedef struct Home {
	WINDOW *cur;       /* the current ticket box */
	WINDOW *queue;     /* waiting tickets */
	WINDOW *cats;      /* side pane: counts per category (NULL when narrow) */
	WINDOW *held;      /* side pane: held tickets (NULL when narrow) */
	WINDOW *tiny;      /* the whole body when the terminal is very small */
	ListView qlv, hlv;
	int focus;
	/* The waiting list's reading cursor: a mark in the list's margin,
	 * shown from the first key that moves in the list. Moving it
	 * rewrites two cells; the list scrolls only at its edges (a scroll
	 * rewrites every row of a panel that shares its lines with the side
	 * pane). It follows its ticket when the list changes. */
	bool qcursor;
	char *qsel_id;     /* the ticket under it, or NULL */
} Home;

/* Panels: each draws its window and wnoutrefreshes it. */
void home_draw_current(Home *h);
void home_draw_queue(Home *h);
void home_draw_cats(Home *h);
void home_draw_held(Home *h);
void home_draw_tiny(Home *h);
/* Whether an action can run now (no ticket …). */
bool home_can(Action a);
/* The waiting list's cursor moved (or the list changed): remember the
 * ticket under it. */
void home_queue_note_sel(Home *h);

#endif
