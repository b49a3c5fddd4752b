/* screen_kb: 知识库, the knowledge-base search: a query line on top and the
 * hits under it, searched again after every key press (typing never waits
 * for a search), titles and snippets with the matches highlighted, kind
 * and date; a preview of the selected article on wide terminals. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "screens/kb_screens.h"
#include "screens/draw.h"
#include "screens/format.h"
#include "screens/kb_view.h"
#include "screens/lineedit.h"
#include "screens/listview.h"
#include "screens/pager.h"
#include "screens/screen_form.h"
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

typedef struct KbSearch {
	LineEdit q;
	char *done_q;             /* the query the hits are for ("" at first) */
	bool fresh;               /* they are up to date with the index */
	KbResults res;
	bool from_server;         /* the hits came from the server's search */
	char *error;              /* the search failed: why */
	char *srv_error;          /* the server's search failed: why */
	bool posted;              /* a search is queued behind the keys */
	unsigned srv, srv_timer;  /* server search in flight / waiting */
	ListView lv;
	WINDOW *w, *side;
	/* The preview of the selected hit. */
	char *pv_id;
	Paras pv;
	PLine *pvl;
	int npvl, pv_width;
} KbSearch;

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

/* Rows of the list (two a hit). */
static int list_rows(const KbSearch *k)
{
	int r = k->w ? getmaxy(k->w) - 4 : 0;
	return r > 0 ? r / 2 : 0;
}

/* The preview is for another article now. */
static void preview_drop(KbSearch *k)
{
	free(k->pv_id);
	k->pv_id = NULL;
	plines_free(k->pvl, k->npvl);
	k->pvl = NULL;
	k->npvl = 0;
	paras_free(&k->pv);
}

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
	lv_set(&k->lv, k->res.n, list_rows(k));
	preview_drop(k);
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
	KbSearchOpts opt = {.limit = KB_LIMIT_MAX, .snippet_cols = k->w ? getmaxx(k->w) - 6 : KB_SNIPPET_COLS};
	char *err = NULL;
	if (kb && *q && !kb_search(kb, q, &opt, &r, &err))
		k->error = err ? err : xstrdup(_("The search failed."));
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
	lv_set(&k->lv, k->res.n, list_rows(k));
	preview_drop(k);
	/* Snippets for the new width. */
	k->fresh = false;
	search_soon(s);
}

/* The index's state for the top edge: count and last sync, or what is
 * going on. */
static void index_state(char *out, size_t n)
{
	KnowledgeStatus st = knowledge_status();
	char when[32] = "";
	if (st.last_sync) {
		char day[16], today[16];
		kbv_date(st.last_sync, day, sizeof day);
		kbv_date(time(NULL), today, sizeof today);
		if (strcmp(day, today) == 0)
			fmt_hhmm(when, sizeof when, st.last_sync);
		else
			snprintf(when, sizeof when, "%s", day);
	}
	if (!st.open && st.error)
		snprintf(out, n, "%s", _("no local copy"));
	else if (st.syncing)
		snprintf(out, n, _("syncing %s %d"), glyph(G_BUSY), st.count);
	else if (!app.online && st.last_sync)
		snprintf(out, n, _("offline: local copy of %s, %d articles"), when, st.count);
	else if (st.last_sync)
		snprintf(out, n, ngettext("%d article, synced %s", "%d articles, synced %s", st.count), st.count, when);
	else
		snprintf(out, n, ngettext("%d article, not synced yet", "%d articles, not synced yet", st.count), st.count);
}

/* The line under the query: how many hits, or why there are none. */
static const char *status_line(const KbSearch *k, char *buf, size_t n, Role *role)
{
	KnowledgeStatus st = knowledge_status();
	*role = R_DIM;
	if (k->error) {
		*role = R_ERROR;
		return k->error;
	}
	if (!k->done_q || !*k->done_q) {
		if (!st.open && st.error) {
			*role = R_ERROR;
			return st.error;
		}
		return _("Type Chinese, pinyin initials (jzz) or pinyin; Enter opens the article.");
	}
	if (k->res.n == 0) {
		if (k->srv || k->srv_timer)
			return _("Nothing in the local copy yet; asking the server…");
		if (k->srv_error) {
			*role = R_ERROR;
			snprintf(buf, n, _("Nothing in the local copy, and the server cannot search now (%s)."), k->srv_error);
			return buf;
		}
		snprintf(buf, n, _("Nothing found for \"%s\". Try fewer characters, another word or pinyin initials."),
			 k->done_q);
		return buf;
	}
	if (k->res.total_more)
		snprintf(buf, n, _("At least %d results"), k->res.total);
	else
		snprintf(buf, n, ngettext("%d result", "%d results", k->res.total), k->res.total);
	if (k->from_server) {
		size_t l = strlen(buf);
		snprintf(buf + l, n - l, " %s", _("(from the server: the local copy is incomplete)"));
	}
	return buf;
}

/* Text with highlighted spans, in cols columns: the base role outside
 * them, hl inside. Returns the columns used. */
static int draw_marked(WINDOW *w, int y, int x, int cols, Role base, Role hl, const char *text, const KbSpan *sp, int n)
{
	PLine l = {.role = base, .text = (char *)text};
	PSpan spans[KB_HL_MAX];
	int k = 0;
	for (int i = 0; i < n && i < KB_HL_MAX; i++)
		spans[k++] = (PSpan){sp[i].start, sp[i].len, hl, -1};
	l.spans = spans;
	l.nspans = k;
	PSeg seg[2 * KB_HL_MAX + 2];
	int ns = pline_segments(&l, seg, 2 * KB_HL_MAX + 2), used = 0;
	for (int i = 0; i < ns && used < cols; i++) {
		char *part = xstrndup(text + seg[i].start, seg[i].len);
		used += draw_text(w, y, x + used, cols - used, seg[i].role, part);
		free(part);
	}
	return used;
}

/* Hit i in two rows: mark, title, kind and date; the snippet under it. */
static void hit_rows(KbSearch *k, int i, int y)
{
	WINDOW *w = k->w;
	const KbHit *h = &k->res.hits[i];
	bool sel = i == k->lv.sel;
	int cols = getmaxx(w) - 2, x = 1;
	Role base = sel ? R_SELECTED : R_NORMAL;
	draw_text_pad(w, y, x, cols, base, sel ? glyph(G_SELECTED) : " ");
	draw_text_pad(w, y + 1, x, cols, R_NORMAL, "");
	char right[96];
	kbv_hit_right(h, cols / 3, right, sizeof right);
	int rw = text_width(right);
	int tw = cols - 2 - (rw ? rw + 2 : 0);
	draw_marked(w, y, x + 2, tw, base, sel ? R_SEL_MATCH : R_MATCH, h->title, h->title_hl, h->ntitle_hl);
	if (rw)
		draw_text_right(w, y, x + cols - 1, rw, sel ? R_SELECTED : R_DIM, right);
	draw_marked(w, y + 1, x + 4, cols - 5, R_DIM, R_MATCH, h->snippet, h->snippet_hl, h->nsnippet_hl);
}

static void draw_main(Screen *s)
{
	KbSearch *k = s->data;
	WINDOW *w = k->w;
	if (!w)
		return;
	int rows = getmaxy(w), cols = getmaxx(w);
	werase(w);
	draw_frame(w, R_BORDER, _("Knowledge base"), R_TITLE);
	char buf[512];
	index_state(buf, sizeof buf);
	int tw = text_width(_("Knowledge base")) + 4;
	draw_text_right(w, 0, cols - 2, cols - tw - 4 > 0 ? cols - tw - 4 : 0, R_DIM, buf);
	int x = 2, cw = cols - 4;
	int lw = draw_text(w, 1, x, cw, R_NORMAL, _("Search"));
	char view[512];
	int cur;
	le_view(&k->q, cw - lw - 3, view, sizeof view, &cur);
	draw_text(w, 1, x + lw + 1, 1, R_STRONG, "[");
	draw_text_pad(w, 1, x + lw + 2, cw - lw - 3, R_FIELD, view);
	draw_text(w, 1, x + cw - 1, 1, R_STRONG, "]");
	Role role;
	const char *st = status_line(k, buf, sizeof buf, &role);
	if (rows > 3)
		draw_text(w, 2, x, cw, role, st);
	for (int i = k->lv.top; i < k->res.n && i < k->lv.top + k->lv.rows; i++)
		hit_rows(k, i, 3 + 2 * (i - k->lv.top));
	if (k->res.n > k->lv.rows && rows > 4) {
		snprintf(buf, sizeof buf, " %d/%d ", k->lv.sel + 1, k->res.n);
		draw_text_right(w, rows - 1, cols - 2, 16, R_DIM, buf);
	}
	wnoutrefresh(w);
}

/* The selected article at the side, its matches highlighted. */
static void draw_side(Screen *s)
{
	KbSearch *k = s->data;
	WINDOW *w = k->side;
	if (!w)
		return;
	werase(w);
	draw_frame(w, R_BORDER, _("Preview"), R_TITLE);
	int width = getmaxx(w) - 4, rows = getmaxy(w) - 2;
	const KbHit *h = k->res.n > 0 ? &k->res.hits[k->lv.sel] : NULL;
	if (h && (!k->pv_id || strcmp(k->pv_id, h->id) != 0 || k->pv_width != width)) {
		preview_drop(k);
		k->pv_id = xstrdup(h->id);
		k->pv_width = width;
		KbArticle *a = knowledge_article_now(h->id);
		KbLinks links = {0};
		if (a) {
			kbv_article(&k->pv, a, &links, kb_link_name, NULL);
		} else {
			paras_add(&k->pv, R_TITLE, 0, "%s", h->title);
			paras_add(&k->pv, R_NORMAL, 0, "%s", h->snippet);
			paras_add(&k->pv, R_DIM, 0, "%s", _("Not in the local copy yet: Enter fetches it from the server."));
		}
		KbMatch m[256];
		int nm = kbv_find(&k->pv, k->done_q, m, 256);
		for (int i = 0; i < nm; i++)
			paras_span(&k->pv, (size_t)m[i].para, m[i].start, m[i].len, R_MATCH, -1);
		k->npvl = paras_wrap(&k->pv, width, &k->pvl);
		kblinks_free(&links);
		kb_article_free(a);
	}
	if (h)
		plines_draw(w, 1, 2, width, rows, k->pvl, k->npvl, 0);
	wnoutrefresh(w);
}

static void search_draw(Screen *s, unsigned what)
{
	draw_main(s);
	draw_side(s);
}

static bool search_cursor(Screen *s, WINDOW **win, int *y, int *x)
{
	KbSearch *k = s->data;
	if (!k->w)
		return false;
	int cw = getmaxx(k->w) - 4;
	int lw = text_width(_("Search"));
	char view[512];
	int cur;
	le_view(&k->q, cw - lw - 3, view, sizeof view, &cur);
	*win = k->w;
	*y = 1;
	*x = 2 + lw + 2 + cur;
	return true;
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
static void search_enter(Screen *s)
{
	KbSearch *k = s->data;
	knowledge_sync_if_older(300);
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
	preview_drop(k);
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
	.cursor = search_cursor,
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

/* The index changed (a sync page, its end): the knowledge screens redraw;
 * the search runs again so that new articles show. */
static void on_knowledge(void *ud)
{
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

/* F1 on a form field: its help article, or a search for its label. */
static void form_help(const FormField *f, const char *path, void *ud)
{
	char *label = text_clean(f->label, TEXT_ONE_LINE);
	if (f->help && *f->help)
		kb_article_open(f->help, NULL, label);
	else
		kb_search_open(label);
	free(label);
}

void kb_ui_init(void)
{
	knowledge_set_listener(on_knowledge, NULL);
	screen_form_on_help(form_help, NULL);
}

void kb_ui_shutdown(void)
{
	knowledge_set_listener(NULL, NULL);
	screen_form_on_help(NULL, NULL);
	knowledge_close();
}
