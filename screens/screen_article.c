/* screen_article: a knowledge-base article in the pager: headings, lists,
 * links to matters and other articles (Tab, Enter), back and forward
 * through the articles read, and finding in the text (/, n, N). */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "screens/kb_screens.h"
#include "screens/draw.h"
#include "screens/format.h"
#include "screens/intake_ui.h"
#include "screens/kb_view.h"
#include "screens/lineedit.h"
#include "screens/listview.h"
#include "screens/pager.h"
#include "client/catalog.h"
#include "client/i18n.h"
#include "client/knowledge.h"
#include "common/text.h"
#include "common/xalloc.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { HIST_MAX = 64, MATCH_MAX = 512, FIND_MAX = 60 };

/* An article read: where the reader was in it. */
typedef struct Visit {
	char *id;
	int top, focus;
} Visit;

typedef struct Article {
	Visit hist[HIST_MAX];
	int nhist, cur;
	KbArticle *a;             /* the article shown; NULL while loading or failed */
	char *error;              /* why it failed */
	unsigned req;
	char *fallback;           /* search this when the first article fails */
	Paras paras;
	KbLinks links;
	PLine *lines;
	int n, width, rows, top;
	int focus;                /* the link with the focus, or -1 */
	LineEdit find;
	bool finding;             /* the find line takes the keys */
	char *find_q;             /* what is found ("" none) */
	KbMatch m[MATCH_MAX];
	int nm, cm;               /* matches, the current one */
	int find_x;               /* the cursor's column in the find line, as drawn */
	int find_top;             /* where the find started: back there when nothing matches */
	WINDOW *w;
} Article;

static const FkeyDef article_fkeys[] = {
	FK(ACT_BACK), FK_LABEL(ACT_NEXT_FIELD, N_("Link")), FK_LABEL(ACT_SELECT, N_("Open")),
	FK_LABEL(ACT_FIND, N_("Find")), FK_LABEL(ACT_FIND_NEXT, N_("Next")), FK_LABEL(ACT_FORWARD, N_("Forward")),
	FK_LABEL(ACT_KNOWLEDGE, N_("Search")), FK(ACT_HELP), FK_END,
};
static const Action article_help[] = {
	ACT_NEXT_FIELD, ACT_PREV_FIELD, ACT_SELECT, ACT_BACK, ACT_FORWARD, ACT_FIND, ACT_FIND_NEXT, ACT_FIND_PREV,
	ACT_UP, ACT_DOWN, ACT_PAGE_UP, ACT_PAGE_DOWN, ACT_TOP, ACT_BOTTOM, ACT_KNOWLEDGE, ACT_CANCEL, ACT_HELP,
	ACT_NONE,
};

static const ScreenOps article_ops;

bool screen_is_kb_article(const Screen *s)
{
	return s && s->ops == &article_ops;
}

/* ------------------------------------------------------------ content */

const char *kb_link_name(bool matter, const char *target, void *ud)
{
	static char name[256];
	if (matter) {
		const CatMatter *m = catalog_state() == CAT_READY ? catalog_matter(target) : NULL;
		return m ? m->name : NULL;
	}
	KbArticle *a = knowledge_article_now(target);
	if (!a)
		return NULL;
	snprintf(name, sizeof name, "%s", a->title);
	kb_article_free(a);
	return name;
}

/* The rows of text (inside the frame, above the bottom edge). */
static void rewrap(Article *ar)
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
static void rebuild(Article *ar)
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
	rewrap(ar);
}

/* Scroll so that line is on screen (a third down when it was not). */
static void show_line(Article *ar, int line)
{
	if (line < 0 || (line >= ar->top && line < ar->top + ar->rows))
		return;
	ar->top = line - ar->rows / 3;
	if (ar->top > ar->n - ar->rows)
		ar->top = ar->n - ar->rows;
	if (ar->top < 0)
		ar->top = 0;
}

static int link_line(const Article *ar, int i)
{
	const KbLink *l = &ar->links.v[i];
	return kbv_line_of(ar->lines, ar->n, l->para, l->start);
}

static int match_line(const Article *ar, int i)
{
	return kbv_line_of(ar->lines, ar->n, ar->m[i].para, ar->m[i].start);
}

/* ------------------------------------------------------------ loading */

static void load(Screen *s);

/* The article arrived, or could not be had. */
static void loaded(KbArticle *a, const char *error, void *ud)
{
	Screen *s = sm_find((unsigned)(uintptr_t)ud);
	if (!s) {
		kb_article_free(a);
		return;
	}
	Article *ar = s->data;
	ar->req = 0;
	kb_article_free(ar->a);
	ar->a = a;
	free(ar->error);
	ar->error = a ? NULL : xstrdup(error ? error : "?");
	if (!a && ar->fallback && ar->nhist == 1) {
		/* A field's help that cannot be had: search for the field. */
		char *q = xstrdup(ar->fallback);
		app_message(true, "%s", ar->error);
		sm_pop(s);
		kb_search_open(q);
		free(q);
		return;
	}
	Visit *v = &ar->hist[ar->cur];
	ar->focus = v->focus;
	rebuild(ar);
	ar->top = v->top;
	if (v->top == 0 && ar->nm > 0 && ar->focus < 0) {
		/* First visit from a search: the first match in the body. */
		for (ar->cm = 0; ar->cm < ar->nm - 1 && ar->m[ar->cm].para < 3; ar->cm++)
			;
		rebuild(ar);
		show_line(ar, match_line(ar, ar->cm));
	}
	rewrap(ar);
	screen_dirty(s, DRAW_ALL);
}

/* The catalog arrived: matters get their names. */
static void catalog_done(bool ok, void *ud)
{
	Screen *s = sm_find((unsigned)(uintptr_t)ud);
	if (!s || !ok)
		return;
	Article *ar = s->data;
	int top = ar->top;
	rebuild(ar);
	ar->top = top;
	rewrap(ar);
	screen_dirty(s, DRAW_STATE);
}

/* Show the history's current article. */
static void load(Screen *s)
{
	Article *ar = s->data;
	if (catalog_state() == CAT_EMPTY && app.logged_in)
		catalog_load(catalog_done, (void *)(uintptr_t)s->id);
	knowledge_cancel(ar->req);
	kb_article_free(ar->a);
	ar->a = NULL;
	free(ar->error);
	ar->error = NULL;
	ar->focus = -1;
	ar->top = 0;
	rebuild(ar);
	screen_dirty(s, DRAW_ALL);
	ar->req = knowledge_article(ar->hist[ar->cur].id, loaded, (void *)(uintptr_t)s->id);
}

/* Remember where the reader is in the current article. */
static void keep_place(Article *ar)
{
	if (ar->nhist == 0)
		return;
	ar->hist[ar->cur].top = ar->top;
	ar->hist[ar->cur].focus = ar->focus;
}

/* Go to article id: after the current one, forgetting the forward ones. */
static void go(Screen *s, const char *id)
{
	Article *ar = s->data;
	keep_place(ar);
	int at = ar->nhist ? ar->cur + 1 : 0;
	for (int i = at; i < ar->nhist; i++)
		free(ar->hist[i].id);
	ar->nhist = at;
	if (ar->nhist == HIST_MAX) {
		free(ar->hist[0].id);
		memmove(ar->hist, ar->hist + 1, (HIST_MAX - 1) * sizeof ar->hist[0]);
		ar->nhist--;
	}
	ar->hist[ar->nhist] = (Visit){xstrdup(id), 0, -1};
	ar->cur = ar->nhist++;
	load(s);
}

/* Follow link i: another article, or a matter's guide (its article when
 * the index has one, else the catalog's guide). */
static void follow(Screen *s, int i)
{
	Article *ar = s->data;
	const KbLink *l = &ar->links.v[i];
	if (!l->matter) {
		char *id = xstrdup(l->target);
		free(ar->find_q);
		ar->find_q = xstrdup("");
		go(s, id);
		free(id);
		return;
	}
	char *gid = xasprintf("guide-%s", l->target);
	KbArticle *a = knowledge_article_now(gid);
	if (a) {
		kb_article_free(a);
		free(ar->find_q);
		ar->find_q = xstrdup("");
		go(s, gid);
	} else {
		intake_flow_guide(l->target, NULL);
	}
	free(gid);
}

/* ------------------------------------------------------------ drawing */

static void article_layout(Screen *s, int y, int x, int h, int w)
{
	Article *ar = s->data;
	ar->w = draw_window(ar->w, h, w, y, x);
	s->win[0] = ar->w;
	ar->width = w - 4;
	ar->rows = h - 2;
	rewrap(ar);
}

/* The bottom edge: the find line, the matches or the focused link's
 * target on the left; the position on the right. */
static void draw_bottom(Article *ar)
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

static void article_draw(Screen *s, unsigned what)
{
	Article *ar = s->data;
	if (!ar->w)
		return;
	werase(ar->w);
	char title[128];
	if (ar->nhist > 1)
		snprintf(title, sizeof title, "%s %d/%d", _("Knowledge base"), ar->cur + 1, ar->nhist);
	else
		snprintf(title, sizeof title, "%s", _("Knowledge base"));
	draw_frame(ar->w, R_BORDER, title, R_TITLE);
	plines_draw(ar->w, 1, 2, ar->width, ar->rows, ar->lines, ar->n, ar->top);
	draw_bottom(ar);
	wnoutrefresh(ar->w);
}

static bool article_cursor(Screen *s, WINDOW **win, int *y, int *x)
{
	Article *ar = s->data;
	if (!ar->finding || !ar->w)
		return false;
	*win = ar->w;
	*y = getmaxy(ar->w) - 1;
	*x = ar->find_x;
	return true;
}

/* ------------------------------------------------------------ finding */

/* The find changed: matches again, the first one from the top of the
 * screen made current and shown. */
static void find_update(Article *ar)
{
	free(ar->find_q);
	ar->find_q = le_text(&ar->find);
	ar->focus = -1;
	ar->cm = 0;
	rebuild(ar);
	for (int i = 0; i < ar->nm; i++)
		if (match_line(ar, i) >= ar->top) {
			ar->cm = i;
			break;
		}
	rebuild(ar);
	if (ar->nm)
		show_line(ar, match_line(ar, ar->cm));
	else
		ar->top = ar->find_top;
}

/* n / N: the next or previous match, round the end. */
static void find_step(Article *ar, int dir)
{
	if (ar->nm == 0)
		return;
	ar->focus = -1;
	ar->cm = (ar->cm + dir + ar->nm) % ar->nm;
	rebuild(ar);
	show_line(ar, match_line(ar, ar->cm));
}

/* While the find line is open it takes the keys: Enter keeps the
 * matches, Esc drops them. */
static bool article_key(Screen *s, int key, bool fn)
{
	Article *ar = s->data;
	if (!ar->finding)
		return false;
	if (!fn && (key == '\n' || key == 27)) {
		ar->finding = false;
		if (key == 27) {
			le_clear(&ar->find);
			find_update(ar);
		}
		rebuild(ar);
		screen_dirty(s, DRAW_STATE);
		return true;
	}
	if (!le_key(&ar->find, key, fn))
		return false;
	find_update(ar);
	screen_dirty(s, DRAW_STATE);
	return true;
}

/* ------------------------------------------------------------ actions */

/* Tab / BTab: the next or previous link, from what is on screen. */
static void focus_step(Article *ar, int dir)
{
	if (ar->links.n == 0)
		return;
	int f = ar->focus;
	if (f < 0 || link_line(ar, f) < ar->top || link_line(ar, f) >= ar->top + ar->rows) {
		/* From the screen: Tab the first link on it (or after it), BTab
		 * the last one on it (or before it); round the ends. */
		f = dir > 0 ? 0 : ar->links.n - 1;
		if (dir > 0) {
			for (int i = 0; i < ar->links.n; i++)
				if (link_line(ar, i) >= ar->top) {
					f = i;
					break;
				}
		} else {
			for (int i = ar->links.n - 1; i >= 0; i--)
				if (link_line(ar, i) < ar->top + ar->rows) {
					f = i;
					break;
				}
		}
	} else {
		f = (f + dir + ar->links.n) % ar->links.n;
	}
	ar->focus = f;
	rebuild(ar);
	show_line(ar, link_line(ar, f));
}

/* Scrolling: a link scrolled off the screen loses the focus. */
static bool scroll_by(Article *ar, Action a)
{
	ListView lv = {ar->n, ar->top, ar->top, ar->rows};
	lv.sel = a == ACT_DOWN ? ar->top + ar->rows - 1 : ar->top;
	if (a == ACT_DOWN && lv.sel < ar->n - 1)
		lv.sel = ar->top + ar->rows - 1;
	if (ar->n == 0 || !lv_action(&lv, a))
		return a == ACT_UP || a == ACT_DOWN || a == ACT_PAGE_UP || a == ACT_PAGE_DOWN || a == ACT_TOP || a == ACT_BOTTOM;
	ar->top = lv.top;
	if (ar->focus >= 0) {
		int l = link_line(ar, ar->focus);
		if (l < ar->top || l >= ar->top + ar->rows) {
			ar->focus = -1;
			rebuild(ar);
		}
	}
	return true;
}

static bool article_action(Screen *s, Action a)
{
	Article *ar = s->data;
	switch (a) {
	case ACT_BACK:
		if (ar->cur > 0) {
			keep_place(ar);
			ar->cur--;
			load(s);
		} else {
			sm_pop(s);
		}
		return true;
	case ACT_FORWARD:
		if (ar->cur < ar->nhist - 1) {
			keep_place(ar);
			ar->cur++;
			load(s);
		}
		return true;
	case ACT_CANCEL:
		sm_pop(s);
		return true;
	case ACT_KNOWLEDGE: {
		/* Back to the search this article came from, or a new one. */
		Screen *below = sm_below(s);
		sm_pop(s);
		if (!screen_is_kb_search(below))
			kb_search_open(NULL);
		return true;
	}
	case ACT_NEXT_FIELD:
	case ACT_PREV_FIELD:
		focus_step(ar, a == ACT_NEXT_FIELD ? 1 : -1);
		break;
	case ACT_SELECT:
	case ACT_SUBMIT:
		if (ar->focus >= 0)
			follow(s, ar->focus);
		else
			focus_step(ar, 1);
		break;
	case ACT_FIND:
		/* A new find: what was found stays highlighted until typing. */
		ar->finding = true;
		ar->find_top = ar->top;
		le_clear(&ar->find);
		break;
	case ACT_FIND_NEXT:
	case ACT_FIND_PREV:
		if (ar->nm == 0) {
			ar->finding = true;
			ar->find_top = ar->top;
			le_set(&ar->find, ar->find_q ? ar->find_q : "");
		} else {
			find_step(ar, a == ACT_FIND_NEXT ? 1 : -1);
		}
		break;
	default:
		if (!scroll_by(ar, a))
			return false;
		break;
	}
	screen_dirty(s, DRAW_STATE);
	return true;
}

static bool article_can(Screen *s, Action a)
{
	Article *ar = s->data;
	switch (a) {
	case ACT_FORWARD:
		return ar->cur < ar->nhist - 1;
	case ACT_NEXT_FIELD:
	case ACT_PREV_FIELD:
	case ACT_SELECT:
		return ar->links.n > 0;
	case ACT_FIND_NEXT:
	case ACT_FIND_PREV:
		return ar->nm > 0;
	default:
		return true;
	}
}

static void article_destroy(Screen *s)
{
	Article *ar = s->data;
	knowledge_cancel(ar->req);
	for (int i = 0; i < ar->nhist; i++)
		free(ar->hist[i].id);
	kb_article_free(ar->a);
	free(ar->error);
	free(ar->fallback);
	free(ar->find_q);
	le_free(&ar->find);
	paras_free(&ar->paras);
	kblinks_free(&ar->links);
	plines_free(ar->lines, ar->n);
	draw_delwin(&ar->w);
	s->win[0] = NULL;
	free(ar);
}

static const ScreenOps article_ops = {
	.name = "article",
	.context = KC_HELP,
	.fkeys = article_fkeys,
	.help = article_help,
	.layout = article_layout,
	.draw = article_draw,
	.on_key = article_key,
	.on_action = article_action,
	.can = article_can,
	.cursor = article_cursor,
	.destroy = article_destroy,
};

void kb_article_open(const char *id, const char *find, const char *fallback)
{
	Article *ar = xcalloc(1, sizeof *ar);
	ar->focus = -1;
	ar->fallback = fallback ? xstrdup(fallback) : NULL;
	ar->find_q = xstrdup(find ? find : "");
	le_init(&ar->find, FIND_MAX, false);
	Screen *s = screen_new(&article_ops, ar);
	sm_push(s);
	go(s, id);
}
