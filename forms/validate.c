/* validate: errors of visible fields and cells: required(_if), type and limits; unknown columns. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "forms/forms_int.h"
#include "common/xalloc.h"
#include <stdlib.h>
#include <string.h>

/* One cell of a row under rv, at path. */
static size_t validate_cell(RowVis *rv, size_t k, const char *path, FormsErrors *e)
{
	const FormField *sub = &rv->table->fields[k];
	if (!rowvis_visible(rv, k))
		return 0;
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(rv->row, sub->key);
	if (forms_value_empty(v)) {
		if (!rowvis_required(rv, k))
			return 0;
		ferr(e, path, M_REQUIRED, 0);
		return 1;
	}
	return ftype(sub->type)->check(sub, v, path, rv->vp->today, e);
}

/* A row: members that are not columns, then each column. */
static size_t validate_row(VisPass *vp, size_t idx, const cJSON *row, const char *rpath, FormsErrors *e)
{
	const FormField *t = vp->st->schema->index[idx];
	size_t n = 0;
	const cJSON *m;
	cJSON_ArrayForEach(m, row) {
		if (!forms_subfield(t, m->string)) {
			char *p = path_member(rpath, m->string);
			ferr(e, p, M_UNKNOWN_COLUMN, 0);
			free(p);
			n++;
		}
	}
	RowVis rv;
	rowvis_begin(&rv, vp, idx, row);
	for (size_t k = 0; k < t->n_fields; k++) {
		char *p = path_member(rpath, t->fields[k].key);
		n += validate_cell(&rv, k, p, e);
		free(p);
	}
	rowvis_end(&rv);
	return n;
}

size_t validate_entry(VisPass *vp, size_t idx, FormsErrors *e)
{
	const FormField *f = vp->st->schema->index[idx];
	const cJSON *v = vp->st->e[idx].value;
	if (!vis_field(vp, idx))
		return 0;
	if (forms_value_empty(v)) {
		if (!vis_required(vp, idx))
			return 0;
		ferr(e, f->key, M_REQUIRED, 0);
		return 1;
	}
	size_t n = ftype(f->type)->check(f, v, f->key, vp->today, e);
	if (f->type != FORM_TABLE || !cJSON_IsArray(v))
		return n;
	size_t i = 0;
	const cJSON *row;
	cJSON_ArrayForEach(row, v) {
		if (cJSON_IsObject(row)) {
			char *rp = path_index(f->key, i);
			n += validate_row(vp, idx, row, rp, e);
			free(rp);
		}
		i++;
	}
	return n;
}

size_t forms_validate_field(const FormState *st, const char *path, FormsErrors *e)
{
	FPath p;
	if (!st || !fpath_parse(st->schema, path, &p))
		return 0;
	VisPass vp;
	vis_begin(&vp, st);
	size_t n = 0;
	if (!p.cell) {
		n = validate_entry(&vp, p.idx, e);
	} else if (vis_field(&vp, p.idx) && cJSON_IsArray(st->e[p.idx].value) &&
	           p.row < (size_t)cJSON_GetArraySize(st->e[p.idx].value)) {
		const cJSON *row = cJSON_GetArrayItem(st->e[p.idx].value, (int)p.row);
		if (cJSON_IsObject(row)) {
			RowVis rv;
			rowvis_begin(&rv, &vp, p.idx, row);
			n = validate_cell(&rv, (size_t)(p.sub - p.f->fields), path, e);
			rowvis_end(&rv);
		}
	}
	vis_end(&vp);
	return n;
}

size_t forms_validate_all(const FormState *st, FormsErrors *e)
{
	if (!st)
		return 0;
	VisPass vp;
	vis_begin(&vp, st);
	size_t n = 0;
	for (size_t i = 0; i < st->schema->n_index; i++)
		n += validate_entry(&vp, i, e);
	vis_end(&vp);
	return n;
}
