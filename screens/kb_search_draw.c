/* kb_search_draw: drawing the knowledge search: the query line, how many
 * hits or why none, each hit in two rows (title with the matches marked,
 * kind and date; the snippet), and the preview of the selected article. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "screens/kb_screens_int.h"
#include "screens/draw.h"
#include "screens/format.h"
#include "client/i18n.h"
#include "client/knowledge.h"
#include "common/text.h"
#include "common/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Rows of the list (two a hit). */
int kbs_list_rows(const KbSearch *k)
{
	int r = k->w ? getmaxy(k->w) - 4 : 0;
	return r > 0 ? r / 2 : 0;
}

/* The preview is for another article now. */
void kbs_preview_drop(KbSearch *k)
{
	free(k->pv_id);
	k->pv_id = NULL;
	plines_free(k->pvl, k->npvl);
	k->pvl = NULL;
	k->npvl = 0;
	paras_free(&k->pv);
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
		return k->res.n ? _("Read recently (type to search):")
				: _("Type Chinese, pinyin initials (jzz) or pinyin; Enter opens the article.");
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

void kbs_draw_main(Screen *s)
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
void kbs_draw_side(Screen *s)
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
		kbs_preview_drop(k);
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

bool kbs_cursor(Screen *s, WINDOW **win, int *y, int *x)
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
