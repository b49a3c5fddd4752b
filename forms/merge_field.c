/* merge_field: one key asked by several forms becomes one field: same type, same options, stricter limits. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "forms/forms_int.h"
#include "common/xalloc.h"
#include <stdlib.h>
#include <string.h>

/* The same set of option values (labels and order may differ). */
static bool options_agree(const FormField *a, const FormField *b)
{
	if (a->n_options != b->n_options)
		return false;
	for (size_t i = 0; i < b->n_options; i++)
		if (!option_find(a, b->options[i].value))
			return false;
	return true;
}

/* The later (want_later) or earlier of two date limits, resolved today. */
static void pick_date(char **dst, const char *src, bool want_later)
{
	FormsDay today = day_today(NULL), a, b;
	if (!src)
		return;
	if (!*dst || !day_spec_resolve(*dst, today, &a)) {
		free(*dst);
		*dst = xstrdup(src);
		return;
	}
	if (day_spec_resolve(src, today, &b) && (want_later ? day_cmp(b, a) > 0 : day_cmp(b, a) < 0)) {
		free(*dst);
		*dst = xstrdup(src);
	}
}

/* The larger of two "at least" limits, the smaller of two "at most". */
static void pick_int(int *dst, int src, bool want_larger)
{
	if (src < 0)
		return;
	if (*dst < 0 || (want_larger ? src > *dst : src < *dst))
		*dst = src;
}

/* The stricter of each limit; all patterns; limits that cannot hold together are reported. */
static void limits_merge(FormField *d, const FormField *s, const char *path, FormsErrors *e)
{
	FormLimits *l = &d->limits;
	const FormLimits *o = &s->limits;
	char err[128];
	pick_int(&l->min_length, o->min_length, true);
	pick_int(&l->max_length, o->max_length, false);
	pick_int(&l->min_items, o->min_items, true);
	pick_int(&l->max_items, o->max_items, false);
	if (o->has_min && (!l->has_min || o->min > l->min))
		l->has_min = true, l->min = o->min;
	if (o->has_max && (!l->has_max || o->max < l->max))
		l->has_max = true, l->max = o->max;
	pick_date(&l->min_date, o->min_date, true);
	pick_date(&l->max_date, o->max_date, false);
	for (size_t i = 0; s->patterns && i < s->patterns->n; i++)
		if (!patterns_has(d->patterns, s->patterns->src[i]))
			patterns_add(&d->patterns, s->patterns->src[i], err, sizeof err);
	if (!l->pattern && o->pattern)
		l->pattern = xstrdup(o->pattern);
	static const struct {
		const char *lo, *hi;
	} pairs[] = { { "min_length", "max_length" }, { "min_items", "max_items" }, { "min", "max" } };
	bool bad[3] = {
		l->min_length >= 0 && l->max_length >= 0 && l->min_length > l->max_length,
		l->min_items >= 0 && l->max_items >= 0 && l->min_items > l->max_items,
		l->has_min && l->has_max && l->min > l->max,
	};
	for (int i = 0; i < 3; i++)
		if (bad[i])
			ferr(e, path, S_MERGE_LIMITS, 3, d->key, pairs[i].lo, pairs[i].hi);
}

/* A column's conditions across forms: shown if shown in any form,
 * required if required in any. */
static void column_conds(FormField *d, const FormField *s)
{
	if (!d->visible_if || !s->visible_if) {
		cond_free(d->visible_if);
		d->visible_if = NULL;
	} else if (!cond_equal(d->visible_if, s->visible_if)) {
		FormCond *both[2] = { d->visible_if, cond_clone(s->visible_if) };
		d->visible_if = cond_group(true, both, 2);
	}
	d->required = d->required || s->required;
	if (d->required) {
		cond_free(d->required_if);
		d->required_if = NULL;
	} else if (s->required_if && !d->required_if) {
		d->required_if = cond_clone(s->required_if);
	} else if (s->required_if && !cond_equal(d->required_if, s->required_if)) {
		FormCond *both[2] = { d->required_if, cond_clone(s->required_if) };
		d->required_if = cond_group(true, both, 2);
	}
}

/* A table's columns: same keys merge, new ones are appended. */
static void columns_merge(FormField *d, const char *dst_form, const FormField *s, const char *src_form,
                          const char *path, FormsErrors *e)
{
	for (size_t i = 0; i < s->n_fields; i++) {
		const FormField *col = &s->fields[i];
		FormField *have = (FormField *)forms_subfield(d, col->key);
		char *cp = path_member(path, col->key);
		if (have) {
			field_merge(have, dst_form, col, src_form, cp, e);
			column_conds(have, col);
		} else {
			d->fields = xrealloc(d->fields, (d->n_fields + 1) * sizeof *d->fields);
			field_clone(&d->fields[d->n_fields++], col);
		}
		free(cp);
	}
}

void field_merge(FormField *d, const char *dst_form, const FormField *s, const char *src_form, const char *path,
                 FormsErrors *e)
{
	if (d->type != s->type) {
		ferr(e, path, S_MERGE_TYPE, 5, d->key, forms_type_name(d->type), dst_form, forms_type_name(s->type),
		     src_form);
		return;
	}
	if (!options_agree(d, s))
		ferr(e, path, S_MERGE_OPTIONS, 3, d->key, dst_form, src_form);
	if (d->prefill && s->prefill && strcmp(d->prefill, s->prefill) != 0)
		ferr(e, path, S_MERGE_PREFILL, 5, d->key, d->prefill, dst_form, s->prefill, src_form);
	if (!d->prefill)
		d->prefill = xstrdup(s->prefill);
	if (!d->help)
		d->help = xstrdup(s->help);
	if (!d->placeholder)
		d->placeholder = xstrdup(s->placeholder);
	if (!d->def && s->def)
		d->def = cJSON_Duplicate(s->def, true);
	limits_merge(d, s, path, e);
	if (d->type == FORM_TABLE)
		columns_merge(d, dst_form, s, src_form, path, e);
}
