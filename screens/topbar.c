/* topbar: the first line: hall, window, clerk, the ticket being served,
 * online or offline in words, and the clock. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "screens/bars.h"
#include "screens/draw.h"
#include "screens/screens.h"
#include "client/i18n.h"
#include "common/text.h"

#include <stdio.h>
#include <string.h>

static WINDOW *win;

/* Move the top bar to row y. */
void topbar_resize(int y, int cols)
{
	win = draw_window(win, y >= 0 ? 1 : 0, cols, y, 0);
}

/* One piece of the right side, drawn in its own role. */
typedef struct Seg {
	char text[128];
	Role role;
	int prio;      /* lower goes first when the line is short */
} Seg;

/* The left side: hall, window and clerk, as far as they fit. */
static void left_text(char *out, size_t outsz)
{
	const char *sep = glyph(G_SEP);
	if (!app.logged_in) {
		snprintf(out, outsz, "%s", _("yichuang"));
		return;
	}
	snprintf(out, outsz, "%s %s %s %s %s",
		 app.me.hall_name ? app.me.hall_name : "", sep,
		 app.me.window_name ? app.me.window_name : _("no window"), sep,
		 app.me.name ? app.me.name : "");
}

/* Whether the lock screen is up: the ticket at the counter is nobody
 * else's business then. */
static bool locked(void)
{
	for (Screen *s = sm_top(); s; s = sm_below(s))
		if (screen_is_lock(s))
			return true;
	return false;
}

/* Right side first (online state, clock, current ticket), then the hall,
 * window and clerk in what is left; the lock screen hides the ticket. */
void topbar_draw(unsigned what)
{
	if (!win || !(what & (DRAW_ALL | DRAW_TICK | CH_SESSION | CH_ONLINE | CH_CURRENT)))
		return;
	int cols = getmaxx(win);
	Seg segs[3];
	int n = 0;
	if (app.logged_in && !locked()) {
		Seg *s = &segs[n++];
		snprintf(s->text, sizeof s->text, "%s %s", _("Serving"),
			 app.current ? app.current->number : "-");
		s->role = R_BAR_STRONG;
		s->prio = 1;
	}
	Seg *on = &segs[n++];
	snprintf(on->text, sizeof on->text, "%s %s", glyph(app.online ? G_ONLINE : G_OFFLINE),
		 app.online ? _("online") : _("offline"));
	on->role = app.online ? R_ONLINE : R_OFFLINE;
	on->prio = 3;
	Seg *clock = &segs[n++];
	fmt_hhmm(clock->text, sizeof clock->text, app_server_now());
	clock->role = R_BAR;
	clock->prio = 2;

	/* Drop the least important pieces until the left side keeps at least
	 * a few columns (or only the online state is left). */
	bool drop[3] = {false, false, false};
	for (int p = 1; p <= 2; p++) {
		int need = 0;
		for (int i = 0; i < n; i++)
			if (!drop[i])
				need += text_width(segs[i].text) + 2;
		if (cols - need >= 12)
			break;
		for (int i = 0; i < n; i++)
			if (segs[i].prio == p)
				drop[i] = true;
	}
	draw_clear(win, R_BAR);
	int x = cols;
	for (int i = n - 1; i >= 0; i--) {
		if (drop[i])
			continue;
		int w = text_width(segs[i].text);
		x -= w + 1;
		if (x < 0)
			x = 0;
		draw_text(win, 0, x, cols - x, segs[i].role, segs[i].text);
		x -= 1;
	}
	char left[512];
	left_text(left, sizeof left);
	if (x > 1)
		draw_text(win, 0, 1, x - 1, R_BAR, left);
	wnoutrefresh(win);
}
