/* screen_kb: 知识库, the knowledge-base search: a query line on top and the
 * hits under it, searched again after every key press (typing never waits
 * for a search), titles and snippets with the matches highlighted, kind
 * and date; a preview of the selected article on wide terminals. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "screens/kb_screens_int.h"
#include "screens/draw.h"
#include "screens/format.h"
#include "client/catalog.h"
#include "client/i18n.h"
#include "client/knowledge.h"
#include "client/loop.h"
#include "common/text.h"
#include "common/xalloc.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The side preview from this width; server searches this long after the
 * last key (the local index answers at once). */
enum { SIDE_MIN_W = 110, SIDE_MIN_H = 14, SERVER_DELAY_MS = 150, QUERY_MAX = 100 };
/* Hits asked for at first: a few screens (fewer snippets to make on each
 * key press); more when the selection reaches the last one. */
enum { FIRST_LIMIT = 50, RECENT_MAX = 20 };

static const FkeyDef search_fkeys[] = {
	FK_LABEL(ACT_SELECT, N_("Open")), FK_LABEL(ACT_REFRESH, N_("Sync")), FK_OTHER(ACT_BACK, N_("Close")),
	FK(ACT_HELP), FK_END,
};
static const Action search_help[] = {
	ACT_SELECT, ACT_UP, ACT_DOWN, ACT_PAGE_UP, ACT_PAGE_DOWN, ACT_REFRESH, ACT_KNOWLEDGE, ACT_BACK, ACT_HELP,
	ACT_NONE,
};

static const ScreenOps search_ops;

bool screen_is_kb_search(const Screen *s)
{
	return s && s->ops == &search_ops;
}

/* ------------------------------------------------------------- search */

/* New hits (taken): the first one selected. */
static void set_results(Screen *s, KbResults *r, bool from_server, const char *query)
{
	KbSearch *k = s->data;
	/* The same query again (the index changed, back from an article):
	 * the same article stays selected. */
	char *keep = k->done_q && strcmp(k->done_q, query) == 0 && k->res.n > 0 ? xstrdup(k->res.hits[k->lv.sel].id) : NULL;
	kb_results_free(&k->res);
	k->res = *r;
	memset(r, 0, sizeof *r);
	k->from_server = from_server;
	free(k->done_q);
	k->done_q = xstrdup(query);
	k->lv.sel = k->lv.top = 0;
	for (int i = 0; keep && i < k->res.n; i++)
		if (strcmp(k->res.hits[i].id, keep) == 0)
			k->lv.sel = i;
	free(keep);
	lv_set(&k->lv, k->res.n, kbs_list_rows(k));
	kbs_preview_drop(k);
	screen_dirty(s, DRAW_STATE);
}

/* The server's hits for the query typed when they were asked. */
static void server_answer(KbResults *r, const char *error, void *ud)
{
	Screen *s = sm_find((unsigned)(uintptr_t)ud);
	if (!s) {
		if (r)
			kb_results_free(r);
		return;
	}
	KbSearch *k = s->data;
	k->srv = 0;
	if (!r) {
		/* The local hits stay; with none, the status says why. */
		free(k->srv_error);
		k->srv_error = xstrdup(error ? error : "?");
		screen_dirty(s, DRAW_STATE);
		return;
	}
	char *q = le_text(&k->q);
	set_results(s, r, true, q);
	free(q);
}

/* Ask the server after a pause in typing. */
static void server_fire(void *ud)
{
	Screen *s = sm_find((unsigned)(uintptr_t)ud);
	if (!s)
		return;
	KbSearch *k = s->data;
	k->srv_timer = 0;
	char *q = le_text(&k->q);
	if (*q)
		k->srv = knowledge_server_search(q, KB_LIMIT_MAX, server_answer, ud);
	free(q);
}

/* Whether the server should be asked too: the local index never had a
 * complete sync (the first one may still run) and there is a session. */
static bool server_wanted(void)
{
	KnowledgeStatus st = knowledge_status();
	return app.logged_in && !st.complete;
}

/* ------------------------------------------------------ read recently */

/* The articles read in this run, newest first, shown before anything is
 * typed. */
static struct {
	char *id, *title, *kind, *snippet;
	time_t updated;
} recent[RECENT_MAX];
static int nrecent;

static void recent_free(int i)
{
	free(recent[i].id);
	free(recent[i].title);
	free(recent[i].kind);
	free(recent[i].snippet);
}

/* See kb_screens_int.h: first in the list, once. */
void kbs_recent_add(const KbArticle *a)
{
	int at = nrecent < RECENT_MAX ? nrecent : RECENT_MAX - 1;
	for (int i = 0; i < nrecent; i++)
		if (strcmp(recent[i].id, a->id) == 0)
			at = i;
	if (at < nrecent)
		recent_free(at);
	else
		nrecent++;
	memmove(&recent[1], &recent[0], (size_t)at * sizeof recent[0]);
	/* The snippet: the body's first paragraph that is not a heading. */
	Paras p = {0};
	KbLinks links = {0};
	kbv_body(&p, a->body, &links);
	const char *first = "";
	for (size_t i = 0; i < p.n && !*first; i++)
		if (p.v[i].role == R_NORMAL)
			first = p.v[i].text;
	recent[0].id = xstrdup(a->id);
	recent[0].title = xstrdup(a->title);
	recent[0].kind = xstrdup(a->kind);
	recent[0].snippet = text_clean(first, TEXT_ONE_LINE);
	recent[0].updated = a->updated_at;
	paras_free(&p);
	kblinks_free(&links);
}

/* See kb_screens_int.h. */
void kbs_recent_clear(void)
{
	for (int i = 0; i < nrecent; i++)
		recent_free(i);
	nrecent = 0;
}

/* The articles read recently as hits. */
static void recent_hits(KbResults *r)
{
	r->hits = nrecent ? xcalloc((size_t)nrecent, sizeof *r->hits) : NULL;
	for (int i = 0; i < nrecent; i++) {
		KbHit *h = &r->hits[r->n++];
		h->id = xstrdup(recent[i].id);
		h->title = xstrdup(recent[i].title);
		h->kind = xstrdup(recent[i].kind);
		h->snippet = xstrdup(recent[i].snippet);
		h->updated_at = recent[i].updated;
	}
	r->total = r->n;
}

/* The search itself, run from the loop after the keys that were waiting
 * have been typed and drawn. */
static void search_run(void *ud)
{
	Screen *s = sm_find((unsigned)(uintptr_t)ud);
	if (!s)
		return;
	KbSearch *k = s->data;
	k->posted = false;
	char *q = le_text(&k->q);
	if (k->fresh && strcmp(q, k->done_q) == 0) {
		free(q);
		return;
	}
	if (strcmp(q, k->done_q) != 0)
		k->limit = FIRST_LIMIT;
	k->fresh = true;
	knowledge_cancel(k->srv);
	k->srv = 0;
	loop_timer_cancel(k->srv_timer);
	k->srv_timer = 0;
	free(k->error);
	k->error = NULL;
	free(k->srv_error);
	k->srv_error = NULL;
	KbResults r = {0};
	Kb *kb = knowledge_kb();
	KbSearchOpts opt = {.limit = k->limit, .snippet_cols = k->w ? getmaxx(k->w) - 6 : KB_SNIPPET_COLS};
	char *err = NULL;
	if (kb && *q && !kb_search(kb, q, &opt, &r, &err))
		k->error = err ? err : xstrdup(_("The search failed."));
	if (!*q)
		recent_hits(&r);
	set_results(s, &r, false, q);
	if (*q && server_wanted())
		k->srv_timer = loop_timer_add(SERVER_DELAY_MS, server_fire, ud);
	free(q);
}

/* Search soon: once the keys already waiting are typed. */
static void search_soon(Screen *s)
{
	KbSearch *k = s->data;
	if (k->posted)
		return;
	k->posted = true;
	loop_post(search_run, (void *)(uintptr_t)s->id);
}

/* ------------------------------------------------------------- layout */

static void search_layout(Screen *s, int y, int x, int h, int w)
{
	KbSearch *k = s->data;
	int sw = w >= SIDE_MIN_W && h >= SIDE_MIN_H ? w * 45 / 100 : 0;
	k->w = draw_window(k->w, h, w - sw, y, x);
	k->side = draw_window(k->side, sw ? h : 0, sw, y, x + w - sw);
	WINDOW *wins[SCREEN_MAXWIN] = {k->w, k->side, NULL};
	memcpy(s->win, wins, sizeof wins);
	lv_set(&k->lv, k->res.n, kbs_list_rows(k));
	kbs_preview_drop(k);
	/* Snippets for the new width. */
	k->fresh = false;
	search_soon(s);
}

static void search_draw(Screen *s, unsigned what)
{
	kbs_draw_main(s);
	kbs_draw_side(s);
}

/* ------------------------------------------------------------- keys */

/* Typing: the query line at once, the search right after. */
static bool search_key(Screen *s, int key, bool fn)
{
	KbSearch *k = s->data;
	if (!le_key(&k->q, key, fn))
		return false;
	search_soon(s);
	screen_dirty(s, DRAW_STATE);
	return true;
}

/* Enter: the selected article, the query highlighted in it. */
static void open_selected(KbSearch *k)
{
	if (k->res.n == 0)
		return;
	kb_article_open(k->res.hits[k->lv.sel].id, k->done_q, NULL);
}

static bool search_action(Screen *s, Action a)
{
	KbSearch *k = s->data;
	switch (a) {
	case ACT_SELECT:
	case ACT_SUBMIT:
		open_selected(k);
		return true;
	case ACT_BACK:
	case ACT_CANCEL:
	case ACT_KNOWLEDGE:
		sm_pop(s);
		return true;
	case ACT_REFRESH:
		knowledge_sync();
		screen_dirty(s, DRAW_STATE);
		return true;
	case ACT_NEXT_FIELD:
		a = ACT_DOWN;
		break;
	case ACT_PREV_FIELD:
		a = ACT_UP;
		break;
	default:
		break;
	}
	if (lv_action(&k->lv, a)) {
		if (k->lv.sel == k->res.n - 1 && (k->res.total_more || k->res.total > k->res.n) &&
		    !k->from_server && k->limit < KB_LIMIT_MAX) {
			/* The end of what was asked for: ask for more. */
			k->limit = k->limit * 2 < KB_LIMIT_MAX ? k->limit * 2 : KB_LIMIT_MAX;
			k->fresh = false;
			search_soon(s);
		}
		screen_dirty(s, DRAW_STATE);
		return true;
	}
	return false;
}

static bool search_can(Screen *s, Action a)
{
	KbSearch *k = s->data;
	if (a == ACT_SELECT)
		return k->res.n > 0;
	if (a == ACT_REFRESH)
		return app.logged_in && !knowledge_status().syncing;
	return true;
}

/* Shown (again): the index opened, synced when it is old, the hits
 * again (the index may have changed under an article). */
/* The catalog arrived: matters in the preview get their names. */
static void catalog_loaded(bool ok, void *ud)
{
	Screen *s = sm_find((unsigned)(uintptr_t)ud);
	if (!s || !ok)
		return;
	kbs_preview_drop(s->data);
	screen_dirty(s, DRAW_STATE);
}

static void search_enter(Screen *s)
{
	KbSearch *k = s->data;
	knowledge_sync_if_older(300);
	if (catalog_state() == CAT_EMPTY && app.logged_in)
		catalog_load(catalog_loaded, (void *)(uintptr_t)s->id);
	/* The server's hits stay until the local copy can answer instead. */
	if (!k->from_server || knowledge_status().complete) {
		k->fresh = false;
		search_soon(s);
	}
}

static void search_destroy(Screen *s)
{
	KbSearch *k = s->data;
	knowledge_cancel(k->srv);
	loop_timer_cancel(k->srv_timer);
	le_free(&k->q);
	free(k->done_q);
	free(k->error);
	free(k->srv_error);
	kb_results_free(&k->res);
	kbs_preview_drop(k);
	draw_delwin(&k->w);
	draw_delwin(&k->side);
	memset(s->win, 0, sizeof s->win);
	free(k);
}

static const ScreenOps search_ops = {
	.name = "knowledge",
	.context = KC_LIST,
	.text_input = true,
	.fkeys = search_fkeys,
	.help = search_help,
	.layout = search_layout,
	.draw = search_draw,
	.on_key = search_key,
	.on_action = search_action,
	.can = search_can,
	.cursor = kbs_cursor,
	.enter = search_enter,
	.destroy = search_destroy,
};

/* ------------------------------------------------------------- opening */

void kb_search_open(const char *query)
{
	Screen *s = sm_find_ops(&search_ops);
	if (s) {
		Screen *above = NULL;
		for (Screen *t = sm_top(); t && t != s; t = sm_below(t))
			above = t;
		if (above)
			sm_pop(above);
	} else {
		KbSearch *k = xcalloc(1, sizeof *k);
		le_init(&k->q, QUERY_MAX, false);
		k->done_q = xstrdup("");
		k->limit = FIRST_LIMIT;
		s = screen_new(&search_ops, k);
		sm_push(s);
	}
	if (query) {
		KbSearch *k = s->data;
		char *one = text_clean(query, TEXT_ONE_LINE);
		le_set(&k->q, one);
		free(one);
		search_soon(s);
	}
	screen_dirty(s, DRAW_ALL);
}

void kb_knowledge_key(void)
{
	Screen *top = sm_top();
	if (screen_is_kb_search(top))
		sm_pop(top);
	else
		kb_search_open(NULL);
}

/* See kb_screens_int.h: after a sync page or its end. */
void kbs_index_changed(void)
{
	if (!app.logged_in)
		kbs_recent_clear(); /* logout: the next user reads their own */
	Screen *s = sm_find_ops(&search_ops);
	if (s) {
		KbSearch *k = s->data;
		KnowledgeStatus st = knowledge_status();
		if ((!st.syncing || k->res.n == 0) && (!k->from_server || st.complete)) {
			k->fresh = false;
			search_soon(s);
		}
		screen_dirty(s, DRAW_STATE);
	}
}
