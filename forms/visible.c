/* visible: which fields and cells are shown and required under the current values (hidden counts as empty). */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "forms/forms_int.h"
#include "common/xalloc.h"
#include <stdlib.h>
#include <string.h>

enum { UNKNOWN = 0, COMPUTING, SHOWN, HIDDEN };

void vis_begin(VisPass *vp, const FormState *st)
{
	vp->st = st;
	vp->memo = xcalloc(st->schema->n_index + 1, 1);
	vp->today = day_today(st->today);
	/* Dependencies first, so that no chain of conditions recurses deeply. */
	for (size_t k = 0; st->schema->order && k < st->schema->n_index; k++)
		vis_field(vp, st->schema->order[k]);
}

void vis_end(VisPass *vp)
{
	free(vp->memo);
	vp->memo = NULL;
}

/* A top-level key's effective value: NULL when hidden or unknown. */
static const cJSON *lookup_top(void *ctx, const char *key, const FormField **f)
{
	VisPass *vp = ctx;
	long i = schema_find(vp->st->schema, key);
	*f = i < 0 ? NULL : vp->st->schema->index[i];
	if (i < 0 || !vis_field(vp, (size_t)i))
		return NULL;
	return vp->st->e[i].value;
}

/* Memoized; a field met again while computing (a cycle, which the schema
 * check rejects) counts as hidden. */
bool vis_field(VisPass *vp, size_t idx)
{
	if (vp->memo[idx] == SHOWN || vp->memo[idx] == HIDDEN)
		return vp->memo[idx] == SHOWN;
	if (vp->memo[idx] == COMPUTING)
		return false;
	vp->memo[idx] = COMPUTING;
	const FormField *f = vp->st->schema->index[idx];
	const FormSection *sec = &vp->st->schema->sections[f->section];
	bool shown = cond_eval(sec->visible_if, lookup_top, vp, vp->today) &&
	             cond_eval(f->visible_if, lookup_top, vp, vp->today);
	vp->memo[idx] = shown ? SHOWN : HIDDEN;
	return shown;
}

bool vis_required(VisPass *vp, size_t idx)
{
	const FormField *f = vp->st->schema->index[idx];
	if (!vis_field(vp, idx))
		return false;
	return f->required || (f->required_if && cond_eval(f->required_if, lookup_top, vp, vp->today));
}

void rowvis_begin(RowVis *rv, VisPass *vp, size_t idx, const cJSON *row)
{
	rv->vp = vp;
	rv->table = vp->st->schema->index[idx];
	rv->row = row;
	rv->memo = xcalloc(rv->table->n_fields + 1, 1);
}

void rowvis_end(RowVis *rv)
{
	free(rv->memo);
	rv->memo = NULL;
}

/* In a row, a key is a sibling column first, else a top-level field. */
static const cJSON *lookup_row(void *ctx, const char *key, const FormField **f)
{
	RowVis *rv = ctx;
	for (size_t k = 0; k < rv->table->n_fields; k++)
		if (strcmp(rv->table->fields[k].key, key) == 0) {
			*f = &rv->table->fields[k];
			if (!rowvis_visible(rv, k))
				return NULL;
			return cJSON_GetObjectItemCaseSensitive(rv->row, key);
		}
	return lookup_top(rv->vp, key, f);
}

bool rowvis_visible(RowVis *rv, size_t k)
{
	if (rv->memo[k] == SHOWN || rv->memo[k] == HIDDEN)
		return rv->memo[k] == SHOWN;
	if (rv->memo[k] == COMPUTING)
		return false;
	rv->memo[k] = COMPUTING;
	bool shown = cond_eval(rv->table->fields[k].visible_if, lookup_row, rv, rv->vp->today);
	rv->memo[k] = shown ? SHOWN : HIDDEN;
	return shown;
}

bool rowvis_required(RowVis *rv, size_t k)
{
	const FormField *f = &rv->table->fields[k];
	if (!rowvis_visible(rv, k))
		return false;
	return f->required || (f->required_if && cond_eval(f->required_if, lookup_row, rv, rv->vp->today));
}

/* A cell's visibility or required-ness: the table must be shown and the
 * row exist. */
static bool cell_query(VisPass *vp, size_t idx, size_t row, const FormField *sub, bool required)
{
	const cJSON *rows = vp->st->e[idx].value;
	if (!vis_field(vp, idx) || !cJSON_IsArray(rows) || row >= (size_t)cJSON_GetArraySize(rows))
		return false;
	const FormField *t = vp->st->schema->index[idx];
	size_t k = (size_t)(sub - t->fields);
	if (k >= t->n_fields)
		return false;
	RowVis rv;
	rowvis_begin(&rv, vp, idx, cJSON_GetArrayItem(rows, (int)row));
	bool r = required ? rowvis_required(&rv, k) : rowvis_visible(&rv, k);
	rowvis_end(&rv);
	return r;
}

bool vis_cell(VisPass *vp, size_t idx, size_t row, const FormField *sub)
{
	return cell_query(vp, idx, row, sub, false);
}

bool vis_cell_required(VisPass *vp, size_t idx, size_t row, const FormField *sub)
{
	return cell_query(vp, idx, row, sub, true);
}

/* Public queries: one pass each. */
static bool query(const FormState *st, const char *path, bool required)
{
	FPath p;
	if (!st || !fpath_parse(st->schema, path, &p))
		return false;
	VisPass vp;
	vis_begin(&vp, st);
	bool r;
	if (p.cell)
		r = required ? vis_cell_required(&vp, p.idx, p.row, p.sub) : vis_cell(&vp, p.idx, p.row, p.sub);
	else
		r = required ? vis_required(&vp, p.idx) : vis_field(&vp, p.idx);
	vis_end(&vp);
	return r;
}

bool forms_visible(const FormState *st, const char *path)
{
	return query(st, path, false);
}

bool forms_required(const FormState *st, const char *path)
{
	return query(st, path, true);
}
