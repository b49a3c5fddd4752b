/* topbar: the first line: hall, window, clerk, the ticket being served,
 * online or offline in words (and whether the session is the cached one),
 * the submissions waiting in the outbox, the drafts needing attention, and
 * the clock. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "screens/bars.h"
#include "screens/draw.h"
#include "screens/screens.h"
#include "client/i18n.h"
#include "common/text.h"

#include <stdarg.h>
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

enum { MAX_SEGS = 6 };

/* Add a segment (printf-style) to segs. */
static Seg *seg_add(Seg *segs, int *n, Role role, int prio, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
static Seg *seg_add(Seg *segs, int *n, Role role, int prio, const char *fmt, ...)
{
	Seg *s = &segs[(*n)++];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(s->text, sizeof s->text, fmt, ap);
	va_end(ap);
	s->role = role;
	s->prio = prio;
	return s;
}

/* The right side, left to right: the ticket served, online or offline in
 * words (cached when the session is the cached one), the outbox, the
 * drafts that need attention, the clock. Returns how many. */
static int right_segs(Seg *segs)
{
	int n = 0;
	if (app.logged_in && !locked())
		seg_add(segs, &n, R_BAR_STRONG, 1, "%s %s", _("Serving"), app.current ? app.current->number : "-");
	seg_add(segs, &n, app.online ? R_ONLINE : R_OFFLINE, 3, "%s %s", glyph(app.online ? G_ONLINE : G_OFFLINE),
		app.online ? _("online") : _("offline"));
	if (app.offline_session)
		seg_add(segs, &n, R_BAR, 2, "%s", _("cached"));
	if (app.outbox_waiting > 0)
		seg_add(segs, &n, R_BAR_STRONG, 3, "%s%d %s", glyph(G_OUTBOX), app.outbox_waiting,
			app.outbox_sending ? _("sending") : _("waiting"));
	if (app.drafts_attention > 0)
		seg_add(segs, &n, R_OFFLINE, 3, "%s%d %s", glyph(G_ERROR), app.drafts_attention, _("attention"));
	if (app.draft_unsaved)
		seg_add(segs, &n, R_OFFLINE, 3, "%s%s", glyph(G_ERROR), _("not saved"));
	Seg *clock = &segs[n++];
	fmt_hhmm(clock->text, sizeof clock->text, app_server_now());
	clock->role = R_BAR;
	clock->prio = 2;
	return n;
}

/* Right side first, then the hall, window and clerk in what is left; the
 * lock screen hides the ticket. */
void topbar_draw(unsigned what)
{
	if (!win || !(what & (DRAW_ALL | DRAW_TICK | CH_SESSION | CH_ONLINE | CH_CURRENT | CH_DRAFTS)))
		return;
	int cols = getmaxx(win);
	Seg segs[MAX_SEGS];
	int n = right_segs(segs);

	/* Drop the least important pieces until the left side keeps at least
	 * a few columns (or only what must show is left). */
	bool drop[MAX_SEGS] = {false};
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
