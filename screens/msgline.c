/* msgline: the line above the function-key bar: the model's message (errors
 * marked in text, not only in colour), why the client is offline, and a
 * busy mark while requests are in flight. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "screens/bars.h"
#include "screens/draw.h"
#include "client/i18n.h"
#include "common/text.h"

#include <stdio.h>

static WINDOW *win;

/* Move the message line to row y. */
void msgline_resize(int y, int cols)
{
	win = draw_window(win, y >= 0 ? 1 : 0, cols, y, 0);
}

/* The message (or why the client is offline) and the busy mark. */
void msgline_draw(unsigned what)
{
	if (!win || !(what & (DRAW_ALL | CH_MESSAGE | CH_BUSY | CH_ONLINE | CH_SESSION)))
		return;
	int cols = getmaxx(win);
	char text[1024];
	Role role = R_NORMAL;
	text[0] = '\0';
	Screen *top = sm_top();
	bool shown_above = top && top->ops->own_message;
	if (app.message && *app.message && !shown_above) {
		if (app.message_error) {
			snprintf(text, sizeof text, "%s %s", glyph(G_ERROR), app.message);
			role = R_ERROR;
		} else {
			snprintf(text, sizeof text, "%s", app.message);
			role = R_INFO;
		}
	} else if (app.logged_in && !app.online && app.offline_reason) {
		/* Offline for a known reason (not merely still connecting at
		 * the start of a session). */
		snprintf(text, sizeof text, _("Offline (%s): reconnecting by itself."),
			 *app.offline_reason ? app.offline_reason : _("no connection"));
		role = R_ERROR;
	}
	char busy[64] = "";
	if (app.busy > 0)
		snprintf(busy, sizeof busy, "%s %s", glyph(G_BUSY), _("working"));
	int bw = *busy ? text_width(busy) + 1 : 0;
	if (bw > cols)
		bw = 0;
	werase(win);
	draw_text(win, 0, 0, cols - bw, role, text);
	if (bw)
		draw_text_right(win, 0, cols, bw, R_STRONG, busy);
	wnoutrefresh(win);
}
