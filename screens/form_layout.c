/* form_layout: the form as items and lines: sections, fields, table rows
 * and cells under the current values, their problems, and each line's
 * parts in columns (labels aligned by display width, CJK never split). */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "screens/form_view.h"
#include "screens/format.h"
#include "client/i18n.h"
#include "common/text.h"
#include "common/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Each mark in UTF-8 and in ASCII, one column either way. */
static const struct { const char *utf8, *ascii; } marks[FM_COUNT] = {
	[FM_FOCUS] = {"\u25B6", ">"},
	[FM_LOCKED] = {"\u25C6", "L"},
	[FM_OVERRIDDEN] = {"\u25C8", "O"},
	[FM_PREFILLED] = {"\u25C7", "P"},
	[FM_PROBLEM] = {"!", "!"},
	[FM_RULE] = {"\u2500", "-"},
	[FM_MORE_UP] = {"\u2191", "^"},
	[FM_MORE_DOWN] = {"\u2193", "v"},
};

/* The glyph set follows format.c's choice (its ellipsis is ASCII "~" when
 * the locale cannot show UTF-8). */
const char *fv_mark(FormMark m)
{
	bool ascii = strcmp(glyph(G_ELLIPSIS), "~") == 0;
	return ascii ? marks[m].ascii : marks[m].utf8;
}

void fv_init(FormView *v, const FormSchema *s, FormState *st)
{
	memset(v, 0, sizeof *v);
	v->schema = s;
	v->st = st;
	forms_errors_init(&v->errs);
	fv_rebuild(v);
}

/* Drop the items (their paths are owned). */
static void clear_items(FormView *v)
{
	for (int i = 0; i < v->n; i++)
		free(v->items[i].path);
	v->n = 0;
}

void fv_free(FormView *v)
{
	clear_items(v);
	free(v->items);
	for (int i = 0; i < v->nshown; i++)
		free(v->shown[i]);
	free(v->shown);
	forms_errors_free(&v->errs);
	memset(v, 0, sizeof *v);
}

/* Append an item; path is taken. */
static FormItem *add(FormView *v, FormItemKind kind, const FormSection *sec, const FormField *f, char *path)
{
	if (v->n == v->cap) {
		v->cap = v->cap ? v->cap * 2 : 64;
		v->items = xrealloc(v->items, (size_t)v->cap * sizeof *v->items);
	}
	FormItem *it = &v->items[v->n++];
	memset(it, 0, sizeof *it);
	it->kind = kind;
	it->sec = sec;
	it->f = f;
	it->path = path;
	it->row = -1;
	return it;
}

/* A table: its line, each row's heading and visible cells, then "add a
 * row" while more rows are allowed. */
static void add_table(FormView *v, const FormSection *sec, const FormField *t)
{
	FormItem *it = add(v, FI_TABLE, sec, t, xstrdup(t->key));
	it->required = forms_required(v->st, t->key);
	size_t rows = forms_row_count(v->st, t->key);
	for (size_t r = 0; r < rows; r++) {
		it = add(v, FI_ROW, sec, t, xstrdup(t->key));
		it->table = t;
		it->row = (int)r;
		it->depth = 1;
		for (size_t k = 0; k < t->n_fields; k++) {
			char *path = xasprintf("%s[%zu].%s", t->key, r, t->fields[k].key);
			if (!forms_visible(v->st, path)) {
				free(path);
				continue;
			}
			it = add(v, FI_CELL, sec, &t->fields[k], path);
			it->table = t;
			it->row = (int)r;
			it->depth = 2;
			it->required = forms_required(v->st, path);
		}
	}
	if (t->limits.max_items < 0 || rows < (size_t)t->limits.max_items) {
		it = add(v, FI_ADD_ROW, sec, t, xstrdup(t->key));
		it->table = t;
		it->depth = 1;
	}
}

void fv_rebuild(FormView *v)
{
	clear_items(v);
	const FormSchema *s = v->schema;
	for (size_t si = 0; si < s->n_sections; si++) {
		const FormSection *sec = &s->sections[si];
		int heading = v->n;
		add(v, FI_SECTION, sec, NULL, xstrdup(sec->key ? sec->key : ""));
		for (size_t k = 0; k < sec->n_fields; k++) {
			const FormField *f = &sec->fields[k];
			if (!forms_visible(v->st, f->key))
				continue;
			if (f->type == FORM_TABLE) {
				add_table(v, sec, f);
				continue;
			}
			FormItem *it = add(v, FI_FIELD, sec, f, xstrdup(f->key));
			it->required = forms_required(v->st, f->key);
		}
		if (v->n == heading + 1) {
			/* Nothing of the section shows: no heading either. */
			free(v->items[heading].path);
			v->n = heading;
		}
	}
	forms_errors_free(&v->errs);
	forms_validate_all(v->st, &v->errs);
	int line = 0;
	for (int i = 0; i < v->n; i++) {
		FormItem *it = &v->items[i];
		it->line = line;
		it->nlines = fv_shown_error(v, it) ? 2 : 1;
		line += it->nlines;
	}
	v->lines = line;
}

bool fv_focusable(const FormItem *it)
{
	return it->kind != FI_SECTION && it->kind != FI_ROW;
}

int fv_find(const FormView *v, const char *path)
{
	for (int i = 0; path && i < v->n; i++) {
		const FormItem *it = &v->items[i];
		if ((it->kind == FI_FIELD || it->kind == FI_TABLE || it->kind == FI_CELL) && strcmp(it->path, path) == 0)
			return i;
	}
	return -1;
}

int fv_find_add_row(const FormView *v, const char *table_key)
{
	for (int i = 0; table_key && i < v->n; i++)
		if (v->items[i].kind == FI_ADD_ROW && strcmp(v->items[i].path, table_key) == 0)
			return i;
	return -1;
}

int fv_next(const FormView *v, int from, int dir)
{
	for (int i = from + dir; i >= 0 && i < v->n; i += dir)
		if (fv_focusable(&v->items[i]))
			return i;
	return -1;
}

int fv_first(const FormView *v)
{
	return fv_next(v, -1, 1);
}

/* Whether a path's problems show. */
static bool is_shown(const FormView *v, const char *path)
{
	if (v->show_all)
		return true;
	for (int i = 0; i < v->nshown; i++)
		if (strcmp(v->shown[i], path) == 0)
			return true;
	return false;
}

void fv_show(FormView *v, const char *path)
{
	if (!path || is_shown(v, path))
		return;
	if (v->nshown == v->capshown) {
		v->capshown = v->capshown ? v->capshown * 2 : 16;
		v->shown = xrealloc(v->shown, (size_t)v->capshown * sizeof *v->shown);
	}
	v->shown[v->nshown++] = xstrdup(path);
}

void fv_forget_rows(FormView *v, const char *table_key)
{
	size_t kl = strlen(table_key);
	int o = 0;
	for (int i = 0; i < v->nshown; i++) {
		if (strncmp(v->shown[i], table_key, kl) == 0 && v->shown[i][kl] == '[')
			free(v->shown[i]);
		else
			v->shown[o++] = v->shown[i];
	}
	v->nshown = o;
}

/* Whether a problem's field names this item: the path itself, an element
 * of it ("key[0]" of a multi), or for a table a row of it ("key[1]"). */
static bool error_is_of(const FormItem *it, const char *field)
{
	size_t n = strlen(it->path);
	if (strncmp(field, it->path, n) != 0)
		return false;
	if (field[n] == '\0')
		return true;
	if (field[n] != '[')
		return false;
	if (it->kind != FI_TABLE)
		return true;
	/* A table owns "key[r]" but not its cells "key[r].sub". */
	return strchr(field + n, '.') == NULL;
}

const FormsError *fv_item_error(const FormView *v, const FormItem *it)
{
	if (it->kind != FI_FIELD && it->kind != FI_TABLE && it->kind != FI_CELL)
		return NULL;
	for (size_t i = 0; i < v->errs.n; i++)
		if (error_is_of(it, v->errs.v[i].field))
			return &v->errs.v[i];
	return NULL;
}

/* A field left empty is not yet a mistake: the clerk may come back to it.
 * "Required" shows after F10; other problems once the field is left. */
const FormsError *fv_shown_error(const FormView *v, const FormItem *it)
{
	const FormsError *e = fv_item_error(v, it);
	if (!e || !is_shown(v, it->path))
		return NULL;
	return e->code != FORMS_E_REQUIRED || v->show_all ? e : NULL;
}

int fv_count_errors(const FormView *v)
{
	int n = 0;
	for (int i = 0; i < v->n; i++)
		n += fv_item_error(v, &v->items[i]) != NULL;
	return n;
}

int fv_first_error(const FormView *v)
{
	for (int i = 0; i < v->n; i++)
		if (fv_item_error(v, &v->items[i]))
			return i;
	return -1;
}

/* gettext as the engine's translator. */
static const char *tr(const char *s)
{
	return gettext(s);
}

void fv_error_text(const FormsError *e, char *out, size_t n)
{
	forms_error_message(e, out, n, tr);
}

/* The label of an item with its indent and required mark. */
static void label_of(const FormView *v, const FormItem *it, char *out, size_t n)
{
	char ind[16];
	int d = it->depth * 2 < 15 ? it->depth * 2 : 14;
	memset(ind, ' ', (size_t)d);
	ind[d] = '\0';
	if (it->kind == FI_ROW) {
		char row[64];
		snprintf(row, sizeof row, _("Row %d"), it->row + 1);
		snprintf(out, n, "%s%s", ind, row);
		return;
	}
	if (it->kind == FI_ADD_ROW) {
		snprintf(out, n, "%s+ %s", ind, _("Add a row"));
		return;
	}
	char *clean = text_clean(it->f ? it->f->label : "", TEXT_ONE_LINE);
	snprintf(out, n, "%s%s%s", ind, clean, it->required ? "*" : "");
	free(clean);
}

void fv_cols(const FormView *v, int width, FormCols *c)
{
	int lw = 4;
	for (int i = 0; i < v->n; i++) {
		const FormItem *it = &v->items[i];
		if (it->kind == FI_SECTION)
			continue;
		char label[512];
		label_of(v, it, label, sizeof label);
		int w = text_width(label);
		if (w > lw)
			lw = w;
	}
	int cap = width * 2 / 5;
	if (cap < 6)
		cap = 6;
	if (lw > cap)
		lw = cap;
	c->label_x = 2;
	c->label_w = lw;
	c->value_x = c->label_x + lw + 2;
	c->mark_x = width - 2;
	c->value_w = c->mark_x - 1 - c->value_x;
	if (c->value_w < 4) {
		/* Very narrow: the value gets room before the label does. */
		int need = 4 - c->value_w;
		c->label_w = lw - need > 2 ? lw - need : 2;
		c->value_x = c->label_x + c->label_w + 1;
		c->value_w = c->mark_x - 1 - c->value_x;
		if (c->value_w < 0)
			c->value_w = 0;
	}
}

/* A row heading shows its first filled cells, for context. */
static void row_summary(const FormView *v, const FormItem *it, char *out, size_t n)
{
	out[0] = '\0';
	int shown = 0;
	for (size_t k = 0; k < it->table->n_fields && shown < 3; k++) {
		char *path = xasprintf("%s[%d].%s", it->table->key, it->row, it->table->fields[k].key);
		char *d = ff_display(v->st, &it->table->fields[k], path);
		if (*d && it->table->fields[k].type != FORM_BOOL) {
			size_t len = strlen(out);
			snprintf(out + len, n - len, "%s%s", shown ? " \u00B7 " : "", d);
			shown++;
		}
		free(d);
		free(path);
	}
}

/* The provenance mark of a top-level field: locked, overridden, or
 * prefilled and unchanged; "" otherwise. */
static const char *prov_mark(const FormView *v, const FormItem *it)
{
	if (it->kind != FI_FIELD)
		return "";
	const FormsProvenance *p = forms_provenance(v->st, it->path);
	if (!p)
		return "";
	if (forms_override_reason(v->st, it->path))
		return fv_mark(FM_OVERRIDDEN);
	if (forms_locked(v->st, it->path))
		return fv_mark(FM_LOCKED);
	const cJSON *now = forms_get(v->st, it->path);
	return now && p->original && cJSON_Compare(now, p->original, true) ? fv_mark(FM_PREFILLED) : "";
}

void fv_parts(const FormView *v, int i, FormLineParts *p)
{
	const FormItem *it = &v->items[i];
	memset(p, 0, sizeof *p);
	p->prov = p->problem = "";
	if (it->kind == FI_SECTION) {
		char *t = text_clean(it->sec->title, TEXT_ONE_LINE);
		snprintf(p->label, sizeof p->label, "%s", t);
		free(t);
		return;
	}
	label_of(v, it, p->label, sizeof p->label);
	if (it->kind == FI_FIELD || it->kind == FI_CELL) {
		char *d = ff_display(v->st, it->f, it->path);
		snprintf(p->value, sizeof p->value, "%s", d);
		free(d);
		if (!*p->value) {
			ff_hint(it->f, p->value, sizeof p->value);
			p->hint = true;
		}
	} else if (it->kind == FI_TABLE) {
		size_t rows = forms_row_count(v->st, it->path);
		if (rows == 0) {
			snprintf(p->value, sizeof p->value, "%s", _("no rows yet"));
			p->hint = true;
		} else {
			snprintf(p->value, sizeof p->value, ngettext("%zu row", "%zu rows", rows), rows);
		}
	} else if (it->kind == FI_ROW) {
		row_summary(v, it, p->value, sizeof p->value);
		p->hint = true;
	}
	p->prov = prov_mark(v, it);
	const FormsError *e = fv_shown_error(v, it);
	if (e) {
		p->problem = fv_mark(FM_PROBLEM);
		fv_error_text(e, p->error, sizeof p->error);
	}
}

/* Append s fitted (or padded) to cols columns. */
static void put(char *out, size_t n, const char *s, int cols, bool pad)
{
	size_t len = strlen(out);
	if (len + 1 >= n || cols <= 0)
		return;
	fmt_fit(out + len, n - len, s, cols, pad, true);
}

/* Drop trailing spaces (the plain text form is compared in tests). */
static void rtrim(char *s)
{
	size_t n = strlen(s);
	while (n > 0 && s[n - 1] == ' ')
		s[--n] = '\0';
}

void fv_line_text(const FormView *v, int i, int k, int width, bool focused, char *out, size_t n)
{
	FormCols c;
	FormLineParts p;
	out[0] = '\0';
	if (i < 0 || i >= v->n || n < 8)
		return;
	fv_cols(v, width, &c);
	fv_parts(v, i, &p);
	const FormItem *it = &v->items[i];
	if (it->kind == FI_SECTION) {
		char head[600];
		snprintf(head, sizeof head, "%s%s %s ", fv_mark(FM_RULE), fv_mark(FM_RULE), p.label);
		put(out, n, head, width, false);
		for (int w = text_width(out); w < width && strlen(out) + 4 < n; w++)
			strcat(out, fv_mark(FM_RULE));
		return;
	}
	if (k == 1) {
		char err[1100];
		snprintf(err, sizeof err, "%s %s", fv_mark(FM_PROBLEM), p.error);
		put(out, n, "", c.value_x, true);
		put(out, n, err, width - c.value_x, false);
		rtrim(out);
		return;
	}
	put(out, n, focused ? fv_mark(FM_FOCUS) : " ", 1, true);
	put(out, n, " ", 1, true);
	put(out, n, p.label, c.label_w, true);
	put(out, n, "", c.value_x - c.label_x - c.label_w, true);
	put(out, n, p.value, c.value_w, true);
	put(out, n, "", c.mark_x - c.value_x - c.value_w, true);
	put(out, n, *p.prov ? p.prov : " ", 1, true);
	put(out, n, *p.problem ? p.problem : " ", 1, true);
	rtrim(out);
}
