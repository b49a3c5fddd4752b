/* screen_matters: 事项: the matter picker, opened while the lookups run:
 * search by name, code, pinyin initials (gtgsh) or full pinyin, bundles
 * (一件事) listed with the matters, the guide one key away (F8), the
 * applicant above or at the side. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "screens/intake_ui.h"
#include "screens/draw.h"
#include "screens/format.h"
#include "screens/lineedit.h"
#include "screens/listview.h"
#include "client/catalog.h"
#include "client/i18n.h"
#include "common/text.h"
#include "common/xalloc.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { MAX_HITS = 512, SIDE_W = 44, SIDE_MIN_W = 110 };

typedef struct Matters {
	LineEdit q;
	CatHit hits[MAX_HITS];
	size_t nhits;
	ListView lv;
	WINDOW *strip, *list, *side;
	int strip_rows;              /* what the strip was laid out for */
	bool choosing;               /* a choice is loading */
	bool enter_ahead;            /* Enter came before the catalog: choose when it is in */
	char *choosing_name;
} Matters;

static const FkeyDef matters_fkeys[] = {
	FK_LABEL(ACT_SELECT, N_("Choose")), FK_LABEL(ACT_GUIDE, N_("Guide")),
	FK_LABEL(ACT_APPLICANT, N_("Applicant")), FK_LABEL(ACT_REFRESH, N_("Retry")), FK(ACT_BACK), FK(ACT_HELP),
	FK_END,
};
static const Action matters_help[] = {
	ACT_SELECT, ACT_GUIDE, ACT_APPLICANT, ACT_REFRESH, ACT_UP, ACT_DOWN, ACT_PAGE_UP, ACT_PAGE_DOWN,
	ACT_BACK, ACT_HELP, ACT_NONE,
};

/* The search again with what is typed. */
static void research(Matters *m)
{
	char *q = le_text(&m->q);
	Intake *in = intake_current();
	m->nhits = catalog_search(q, in ? in->entity : -1, m->hits, MAX_HITS);
	free(q);
	m->lv.sel = 0;
	m->lv.top = 0;
	lv_set(&m->lv, (int)m->nhits, m->lv.rows);
}

/* Side pane when wide; the strip on top otherwise; the list under the
 * search line. */
static void matters_layout(Screen *s, int y, int x, int h, int w)
{
	Matters *m = s->data;
	int sw = w >= SIDE_MIN_W && h >= 14 ? SIDE_W : 0;
	Intake *in = intake_current();
	/* Wide: the pane has the applicant, the banner still goes on top. */
	m->strip_rows = !in ? 0 : sw ? iui_banner_rows(in) : iui_strip_rows(in);
	if (m->strip_rows > h - 4)
		m->strip_rows = h > 6 ? 2 : 0;
	m->strip = draw_window(m->strip, m->strip_rows, w - sw, y, x);
	m->list = draw_window(m->list, h - m->strip_rows, w - sw, y + m->strip_rows, x);
	m->side = draw_window(m->side, sw ? h : 0, sw, y, x + w - sw);
	WINDOW *wins[SCREEN_MAXWIN] = {m->strip, m->list, m->side, NULL};
	memcpy(s->win, wins, sizeof wins);
	int rows = m->list ? getmaxy(m->list) - 3 : 0;
	lv_set(&m->lv, (int)m->nhits, rows > 0 ? rows : 0);
}

/* One row: the name with the match in bold, then code, department and
 * promised time as room allows; a bundle says so in words. */
static void matter_row(int i, WINDOW *w, int y, int x, int cols, bool selected, void *ud)
{
	Matters *m = ud;
	const CatHit *h = &m->hits[i];
	size_t n;
	Role base = selected ? R_SELECTED : R_NORMAL;
	draw_text_pad(w, y, x, cols, base, selected ? glyph(G_SELECTED) : " ");
	int cx = x + 2, cw = cols - 2;
	const char *name;
	char right[256] = "", tag[64] = "";
	if (h->is_bundle) {
		const CatBundle *b = &catalog_bundles(&n)[h->index];
		name = b->name;
		snprintf(tag, sizeof tag, "%s ", _("[bundle]"));
		snprintf(right, sizeof right, _("%zu matters, one form"), b->n);
	} else {
		const CatMatter *cm = &catalog_matters(&n)[h->index];
		name = cm->name;
		char pr[64];
		iui_duration(cm->promised, cm->promised_unit, pr, sizeof pr);
		if (cw >= 100)
			snprintf(right, sizeof right, "%s  %-18s %s", cm->code, cm->department ? cm->department : "", pr);
		else if (cw >= 60)
			snprintf(right, sizeof right, "%s  %s", cm->code, pr);
	}
	int rw = text_width(right);
	int nw = cw - rw - 2;
	if (nw < cw / 2) {
		nw = cw;
		rw = 0;
	}
	int used = 0;
	if (*tag)
		used += draw_text(w, y, cx, nw, selected ? R_SELECTED : R_STRONG, tag);
	/* Name: before, match, after. */
	size_t ms = h->mlen ? h->mstart : 0, ml = h->mlen;
	char part[512];
	snprintf(part, sizeof part, "%.*s", (int)ms, name);
	used += draw_text(w, y, cx + used, nw - used, base, part);
	if (ml && used < nw) {
		snprintf(part, sizeof part, "%.*s", (int)ml, name + ms);
		used += draw_text(w, y, cx + used, nw - used, selected ? R_SELECTED : R_STRONG, part);
	}
	if (used < nw)
		draw_text(w, y, cx + used, nw - used, base, name + ms + ml);
	if (rw)
		draw_text_right(w, y, cx + cw, rw, selected ? R_SELECTED : R_DIM, right);
}

/* Search line, list or what the catalog is doing. */
static void draw_list(Screen *s)
{
	Matters *m = s->data;
	WINDOW *w = m->list;
	if (!w)
		return;
	int rows = getmaxy(w), cols = getmaxx(w);
	werase(w);
	draw_frame(w, R_BORDER, _("Choose the matter"), R_TITLE);
	int x = 2, cw = cols - 4;
	int lw = draw_text(w, 1, x, cw, R_NORMAL, _("Search"));
	char view[256];
	int cur;
	le_view(&m->q, cw - lw - 3, view, sizeof view, &cur);
	draw_text(w, 1, x + lw + 1, 1, R_STRONG, "[");
	draw_text_pad(w, 1, x + lw + 2, cw - lw - 3, R_FIELD, view);
	draw_text(w, 1, x + cw - 1, 1, R_STRONG, "]");
	const char *status = NULL;
	Role role = R_DIM;
	char buf[512];
	if (m->choosing) {
		snprintf(buf, sizeof buf, _("Loading the guide and form of %s…"), m->choosing_name);
		status = buf;
	} else if (catalog_state() == CAT_LOADING || catalog_state() == CAT_EMPTY) {
		status = _("Loading the catalog…");
	} else if (catalog_state() == CAT_FAILED) {
		snprintf(buf, sizeof buf, _("The catalog did not load (%s). F5 tries again."),
			 catalog_error() ? catalog_error() : "?");
		status = buf;
		role = R_ERROR;
	} else if (m->nhits == 0) {
		status = _("Nothing matches. Try fewer characters, a code, or pinyin initials (gtgsh).");
	}
	if (status && rows > 3)
		draw_text(w, 2, x, cw, role, status);
	if (!status || m->choosing)
		lv_draw(&m->lv, w, 2 + (m->choosing ? 1 : 0), 1, cols - 2, true, matter_row, m);
	wnoutrefresh(w);
}

static void matters_draw(Screen *s, unsigned what)
{
	Matters *m = s->data;
	Intake *in = intake_current();
	/* The strip grows when a credit warning arrives. */
	if (in && (m->side ? iui_banner_rows(in) : iui_strip_rows(in)) != m->strip_rows) {
		matters_layout(s, s->y, s->x, s->h, s->w);
		what |= DRAW_ALL;
	}
	if (m->strip && in) {
		werase(m->strip);
		if (m->side)
			iui_draw_banner(m->strip, 0, 0, getmaxx(m->strip), m->strip_rows, in);
		else
			iui_draw_strip(m->strip, 0, 1, getmaxx(m->strip) - 2, in);
		wnoutrefresh(m->strip);
	}
	if (m->side)
		iui_draw_pane(m->side, in);
	draw_list(s);
}

static bool matters_cursor(Screen *s, WINDOW **win, int *y, int *x)
{
	Matters *m = s->data;
	if (!m->list || m->choosing)
		return false;
	int cw = getmaxx(m->list) - 4;
	int lw = text_width(_("Search"));
	char view[256];
	int cur;
	le_view(&m->q, cw - lw - 3, view, sizeof view, &cur);
	*win = m->list;
	*y = 1;
	*x = 2 + lw + 2 + cur;
	return true;
}

static bool matters_key(Screen *s, int key, bool fn)
{
	Matters *m = s->data;
	if (m->choosing || !le_key(&m->q, key, fn))
		return false;
	research(m);
	screen_dirty(s, DRAW_STATE);
	return true;
}

static void choose(Screen *s);

/* The catalog arrived (or did not). */
static void catalog_done(bool ok, void *ud)
{
	Screen *s = sm_find((unsigned)(uintptr_t)ud);
	if (!s)
		return;
	Matters *m = s->data;
	research(m);
	screen_dirty(s, DRAW_ALL);
	if (m->enter_ahead) {
		m->enter_ahead = false;
		choose(s);
	}
}

/* The chosen matter's guide and form arrived (or did not). */
static void chosen(bool ok, void *ud)
{
	Screen *s = sm_find((unsigned)(uintptr_t)ud);
	if (!s)
		return;
	Matters *m = s->data;
	m->choosing = false;
	screen_dirty(s, DRAW_ALL);
	Intake *in = intake_current();
	if (!ok) {
		app_message(true, _("Cannot open %s: %s"), m->choosing_name,
			    in && in->load_error ? in->load_error : "?");
		return;
	}
	intake_flow_chosen();
}

/* Enter: load the selected matter or bundle, then go on. */
static void choose(Screen *s)
{
	Matters *m = s->data;
	Intake *in = intake_current();
	/* Typed ahead of the catalog (a fast clerk, a scanner): chosen when
	 * it arrives. */
	if (in && catalog_state() != CAT_READY && catalog_state() != CAT_FAILED) {
		m->enter_ahead = true;
		return;
	}
	if (!in || m->choosing || m->nhits == 0)
		return;
	const CatHit *h = &m->hits[m->lv.sel];
	size_t n;
	/* The same choice again (back from its form): what was filled stays. */
	const char *code = h->is_bundle ? NULL : catalog_matters(&n)[h->index].code;
	const char *bid = h->is_bundle ? catalog_bundles(&n)[h->index].id : NULL;
	if (in->n_matters && !in->loading && !in->load_error &&
	    (bid ? in->bundle_id && strcmp(in->bundle_id, bid) == 0
		 : !in->bundle_id && in->n_matters == 1 && strcmp(in->matters[0], code) == 0)) {
		intake_flow_chosen();
		return;
	}
	m->choosing = true;
	free(m->choosing_name);
	void *id = (void *)(uintptr_t)s->id;
	if (h->is_bundle) {
		const CatBundle *b = &catalog_bundles(&n)[h->index];
		m->choosing_name = xstrdup(b->name);
		intake_choose_bundle(in, b->id, chosen, id);
	} else {
		const CatMatter *cm = &catalog_matters(&n)[h->index];
		m->choosing_name = xstrdup(cm->name);
		intake_choose_matter(in, cm->code, chosen, id);
	}
	screen_dirty(s, DRAW_STATE);
}

/* F8: the guide of the selected row. */
static void guide(Matters *m)
{
	if (m->nhits == 0)
		return;
	const CatHit *h = &m->hits[m->lv.sel];
	size_t n;
	if (h->is_bundle)
		intake_flow_guide(NULL, catalog_bundles(&n)[h->index].id);
	else
		intake_flow_guide(catalog_matters(&n)[h->index].code, NULL);
}

static bool matters_action(Screen *s, Action a)
{
	Matters *m = s->data;
	Intake *in = intake_current();
	if (a == ACT_SELECT || a == ACT_SUBMIT) {
		choose(s);
		return true;
	}
	if (a == ACT_GUIDE) {
		guide(m);
		return true;
	}
	if (a == ACT_APPLICANT) {
		if (in)
			sm_push(screen_applicant_new(false, NULL));
		return true;
	}
	if (a == ACT_REFRESH) {
		if (in)
			intake_lookups_start(in, true);
		if (catalog_state() == CAT_FAILED)
			catalog_load(catalog_done, (void *)(uintptr_t)s->id);
		screen_dirty(s, DRAW_ALL);
		return true;
	}
	if (a == ACT_BACK || a == ACT_CANCEL) {
		if (!m->choosing)
			sm_pop(s);
		return true;
	}
	if (!m->choosing && lv_action(&m->lv, a)) {
		screen_dirty(s, DRAW_STATE);
		return true;
	}
	return false;
}

/* Shown (again): the catalog once per session. */
static void matters_enter(Screen *s)
{
	Matters *m = s->data;
	if (catalog_state() != CAT_READY)
		catalog_load(catalog_done, (void *)(uintptr_t)s->id); /* joins one in flight */
	else if (m->nhits == 0)
		research(m);
}

static void matters_destroy(Screen *s)
{
	Matters *m = s->data;
	le_free(&m->q);
	free(m->choosing_name);
	draw_delwin(&m->strip);
	draw_delwin(&m->list);
	draw_delwin(&m->side);
	memset(s->win, 0, sizeof s->win);
	free(m);
}

static const ScreenOps matters_ops = {
	.name = "matters",
	.context = KC_INTAKE,
	.text_input = true,
	.fkeys = matters_fkeys,
	.help = matters_help,
	.layout = matters_layout,
	.draw = matters_draw,
	.on_key = matters_key,
	.on_action = matters_action,
	.cursor = matters_cursor,
	.enter = matters_enter,
	.destroy = matters_destroy,
};

Screen *screen_matters_new(void)
{
	Matters *m = xcalloc(1, sizeof *m);
	le_init(&m->q, 60, false);
	return screen_new(&matters_ops, m);
}
