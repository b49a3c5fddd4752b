/* article_nav: moving in a knowledge article: its paragraphs built with
 * links and matches, links taking the focus (Tab), finding in the text
 * (/ n N), scrolling, and the bottom edge that says where one is. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "screens/kb_screens_int.h"
#include "screens/draw.h"
#include "client/i18n.h"
#include "common/text.h"
#include "common/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The rows of text (inside the frame, above the bottom edge). */
void art_rewrap(Article *ar)
{
	plines_free(ar->lines, ar->n);
	ar->lines = NULL;
	ar->n = ar->w && ar->width > 0 ? paras_wrap(&ar->paras, ar->width, &ar->lines) : 0;
	if (ar->top > ar->n - ar->rows)
		ar->top = ar->n - ar->rows;
	if (ar->top < 0)
		ar->top = 0;
}

/* Paragraphs again: the article (or what is going on), its links, the
 * matches of the find and the link with the focus on top. */
void art_rebuild(Article *ar)
{
	paras_free(&ar->paras);
	kblinks_free(&ar->links);
	if (ar->a)
		kbv_article(&ar->paras, ar->a, &ar->links, kb_link_name, NULL);
	else if (ar->error)
		paras_add(&ar->paras, R_ERROR, 0, "%s", ar->error);
	else
		paras_add(&ar->paras, R_DIM, 0, "%s", _("Loading the article…"));
	ar->nm = kbv_find(&ar->paras, ar->find_q, ar->m, MATCH_MAX);
	if (ar->cm >= ar->nm)
		ar->cm = ar->nm ? ar->nm - 1 : 0;
	for (int i = 0; i < ar->nm; i++)
		paras_span(&ar->paras, (size_t)ar->m[i].para, ar->m[i].start, ar->m[i].len,
			   i == ar->cm && (ar->finding || ar->focus < 0) ? R_SELECTED : R_MATCH, -1);
	if (ar->focus >= ar->links.n)
		ar->focus = -1;
	if (ar->focus >= 0) {
		const KbLink *l = &ar->links.v[ar->focus];
		paras_span(&ar->paras, (size_t)l->para, l->start, l->len, R_SELECTED, ar->focus);
	}
	art_rewrap(ar);
}

/* Scroll so that line is on screen (a third down when it was not). */
void art_show_line(Article *ar, int line)
{
	if (line < 0 || (line >= ar->top && line < ar->top + ar->rows))
		return;
	ar->top = line - ar->rows / 3;
	if (ar->top > ar->n - ar->rows)
		ar->top = ar->n - ar->rows;
	if (ar->top < 0)
		ar->top = 0;
}

int art_link_line(const Article *ar, int i)
{
	const KbLink *l = &ar->links.v[i];
	return kbv_line_of(ar->lines, ar->n, l->para, l->start);
}

int art_match_line(const Article *ar, int i)
{
	return kbv_line_of(ar->lines, ar->n, ar->m[i].para, ar->m[i].start);
}

/* The bottom edge: the find line, the matches or the focused link's
 * target on the left; the position on the right. */
void art_draw_bottom(Article *ar)
{
	WINDOW *w = ar->w;
	int y = getmaxy(w) - 1, cols = getmaxx(w);
	char buf[512];
	int right = 0;
	if (ar->n > ar->rows) {
		snprintf(buf, sizeof buf, " %d/%d ", ar->top + ar->rows < ar->n ? ar->top + ar->rows : ar->n, ar->n);
		right = draw_text_right(w, y, cols - 2, 16, R_DIM, buf);
	}
	int room = cols - 4 - right - 1;
	if (ar->finding) {
		char view[256];
		int cur;
		draw_text_pad(w, y, 1, room + 2, R_NORMAL, "");
		int lw = draw_text(w, y, 2, room, R_STRONG, _("Find:"));
		char count[32] = "";
		if (ar->nm)
			snprintf(count, sizeof count, " %d/%d", ar->cm + 1, ar->nm);
		else if (ar->find_q && *ar->find_q)
			snprintf(count, sizeof count, " %s", _("none"));
		int cw = text_width(count);
		int fw = room - lw - 1 - cw;
		le_view(&ar->find, fw > 1 ? fw : 1, view, sizeof view, &cur);
		draw_text_pad(w, y, 2 + lw + 1, fw, R_FIELD, view);
		ar->find_x = 2 + lw + 1 + cur;
		draw_text(w, y, 2 + lw + 1 + fw, cw, R_DIM, count);
		return;
	}
	if (ar->focus >= 0) {
		const KbLink *l = &ar->links.v[ar->focus];
		const char *name = kb_link_name(l->matter, l->target, NULL);
		if (l->matter)
			snprintf(buf, sizeof buf, _(" Enter: the guide of %s (%s) "), name ? name : _("the matter"), l->target);
		else if (name)
			snprintf(buf, sizeof buf, _(" Enter: %s "), name);
		else
			snprintf(buf, sizeof buf, _(" Enter: article %s "), l->target);
		draw_text(w, y, 2, room, R_STRONG, buf);
	} else if (ar->nm) {
		snprintf(buf, sizeof buf, _(" \"%s\" %d/%d: n next, N previous "), ar->find_q, ar->cm + 1, ar->nm);
		draw_text(w, y, 2, room, R_DIM, buf);
	}
}

/* The find changed: matches again, the first one from the top of the
 * screen made current and shown. */
void art_find_update(Article *ar)
{
	free(ar->find_q);
	ar->find_q = le_text(&ar->find);
	ar->focus = -1;
	ar->cm = 0;
	art_rebuild(ar);
	for (int i = 0; i < ar->nm; i++)
		if (art_match_line(ar, i) >= ar->top) {
			ar->cm = i;
			break;
		}
	art_rebuild(ar);
	if (ar->nm)
		art_show_line(ar, art_match_line(ar, ar->cm));
	else
		ar->top = ar->find_top;
}

/* n / N: the next or previous match, round the end. */
void art_find_step(Article *ar, int dir)
{
	if (ar->nm == 0)
		return;
	ar->focus = -1;
	ar->cm = (ar->cm + dir + ar->nm) % ar->nm;
	art_rebuild(ar);
	art_show_line(ar, art_match_line(ar, ar->cm));
}

/* Tab / BTab: the next or previous link, from what is on screen. */
void art_focus_step(Article *ar, int dir)
{
	if (ar->links.n == 0)
		return;
	int f = ar->focus;
	if (f < 0 || art_link_line(ar, f) < ar->top || art_link_line(ar, f) >= ar->top + ar->rows) {
		/* From the screen: Tab the first link on it (or after it), BTab
		 * the last one on it (or before it); round the ends. */
		f = dir > 0 ? 0 : ar->links.n - 1;
		if (dir > 0) {
			for (int i = 0; i < ar->links.n; i++)
				if (art_link_line(ar, i) >= ar->top) {
					f = i;
					break;
				}
		} else {
			for (int i = ar->links.n - 1; i >= 0; i--)
				if (art_link_line(ar, i) < ar->top + ar->rows) {
					f = i;
					break;
				}
		}
	} else {
		f = (f + dir + ar->links.n) % ar->links.n;
	}
	ar->focus = f;
	art_rebuild(ar);
	art_show_line(ar, art_link_line(ar, f));
}

/* Scrolling: a link scrolled off the screen loses the focus. */
bool art_scroll(Article *ar, Action a)
{
	ListView lv = {ar->n, ar->top, ar->top, ar->rows};
	lv.sel = a == ACT_DOWN ? ar->top + ar->rows - 1 : ar->top;
	if (a == ACT_DOWN && lv.sel < ar->n - 1)
		lv.sel = ar->top + ar->rows - 1;
	if (ar->n == 0 || !lv_action(&lv, a))
		return a == ACT_UP || a == ACT_DOWN || a == ACT_PAGE_UP || a == ACT_PAGE_DOWN || a == ACT_TOP || a == ACT_BOTTOM;
	ar->top = lv.top;
	if (ar->focus >= 0) {
		int l = art_link_line(ar, ar->focus);
		if (l < ar->top || l >= ar->top + ar->rows) {
			ar->focus = -1;
			art_rebuild(ar);
		}
	}
	return true;
}
