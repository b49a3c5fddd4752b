/* screen_article: a knowledge-base article in the pager: headings, lists,
 * links to matters and other articles (Tab, Enter), back and forward
 * through the articles read, and finding in the text (/, n, N). */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "screens/kb_screens_int.h"
#include "screens/draw.h"
#include "screens/intake_ui.h"
#include "client/catalog.h"
#include "client/i18n.h"
#include "client/knowledge.h"
#include "common/text.h"
#include "common/xalloc.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

enum { TEXT_MAX_W = 96 };

bool screen_is_kb_article(const Screen *s)
{
	return s && s->ops == &article_ops;
}

/* ------------------------------------------------------------ content */

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
	if (a)
		kbs_recent_add(a);
	Visit *v = &ar->hist[ar->cur];
	ar->focus = v->focus;
	art_rebuild(ar);
	ar->top = v->top;
	if (v->top == 0 && ar->nm > 0 && ar->focus < 0) {
		/* First visit from a search: the first match in the body. */
		for (ar->cm = 0; ar->cm < ar->nm - 1 && ar->m[ar->cm].para < 3; ar->cm++)
			;
		art_rebuild(ar);
		art_show_line(ar, art_match_line(ar, ar->cm));
	}
	art_rewrap(ar);
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
	art_rebuild(ar);
	ar->top = top;
	art_rewrap(ar);
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
	art_rebuild(ar);
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
	if (ar->a && strcmp(ar->a->id, gid) == 0) {
		/* The guide links to its own matter: it is here already. */
		const char *name = kb_link_name(true, l->target, NULL);
		app_message(false, _("This is the service guide of %s."), name ? name : l->target);
		free(gid);
		return;
	}
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
	/* Lines of Chinese read best at about 48 characters. */
	ar->width = w - 4 < TEXT_MAX_W ? w - 4 : TEXT_MAX_W;
	ar->rows = h - 2;
	art_rewrap(ar);
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
	art_draw_bottom(ar);
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
			art_find_update(ar);
		}
		art_rebuild(ar);
		screen_dirty(s, DRAW_STATE);
		return true;
	}
	if (!le_key(&ar->find, key, fn))
		return false;
	art_find_update(ar);
	screen_dirty(s, DRAW_STATE);
	return true;
}

/* ------------------------------------------------------------ actions */

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
		art_focus_step(ar, a == ACT_NEXT_FIELD ? 1 : -1);
		break;
	case ACT_SELECT:
	case ACT_SUBMIT:
		if (ar->focus >= 0)
			follow(s, ar->focus);
		else
			art_focus_step(ar, 1);
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
			art_find_step(ar, a == ACT_FIND_NEXT ? 1 : -1);
		}
		break;
	default:
		if (!art_scroll(ar, a))
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
