/* serialize: a state to the case payload (CaseForm, Override[]) and to a draft, and a draft back into a state. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "forms/forms_int.h"
#include "common/jsonx.h"
#include "common/xalloc.h"
#include <stdlib.h>
#include <string.h>

/* [{id, version}] of the schema's forms. */
static cJSON *refs_json(const FormSchema *s)
{
	cJSON *arr = cJSON_CreateArray();
	for (size_t i = 0; i < s->n_sources; i++) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "id", s->sources[i].id);
		cJSON_AddNumberToObject(o, "version", s->sources[i].version);
		cJSON_AddItemToArray(arr, o);
	}
	return arr;
}

/* A table's rows with hidden and empty cells dropped. */
static cJSON *visible_rows(VisPass *vp, size_t idx, const cJSON *rows)
{
	cJSON *out = cJSON_CreateArray();
	const FormField *t = vp->st->schema->index[idx];
	const cJSON *row;
	cJSON_ArrayForEach(row, rows) {
		if (!cJSON_IsObject(row))
			continue;
		cJSON *o = cJSON_CreateObject();
		RowVis rv;
		rowvis_begin(&rv, vp, idx, row);
		for (size_t k = 0; k < t->n_fields; k++) {
			const cJSON *v = cJSON_GetObjectItemCaseSensitive(row, t->fields[k].key);
			if (!forms_value_empty(v) && rowvis_visible(&rv, k))
				cJSON_AddItemToObject(o, t->fields[k].key, cJSON_Duplicate(v, true));
		}
		rowvis_end(&rv);
		cJSON_AddItemToArray(out, o);
	}
	return out;
}

/* CaseForm; all_values keeps hidden values too (drafts lose nothing). */
static cJSON *case_form(const FormState *st, bool all_values)
{
	cJSON *form = cJSON_CreateObject();
	cJSON_AddItemToObject(form, "forms", refs_json(st->schema));
	cJSON *values = cJSON_AddObjectToObject(form, "values");
	VisPass vp;
	vis_begin(&vp, st);
	for (size_t i = 0; i < st->schema->n_index; i++) {
		const cJSON *v = st->e[i].value;
		const FormField *f = st->schema->index[i];
		if (forms_value_empty(v) || (!all_values && !vis_field(&vp, i)))
			continue;
		cJSON *out = f->type == FORM_TABLE && cJSON_IsArray(v) && !all_values ? visible_rows(&vp, i, v)
		                                                                     : cJSON_Duplicate(v, true);
		cJSON_AddItemToObject(values, f->key, out);
	}
	vis_end(&vp);
	return form;
}

cJSON *forms_case_form(const FormState *st)
{
	return case_form(st, false);
}

/* Override records: an authoritative prefill changed with a reason; for
 * the case only visible fields whose value differs from the original. */
static cJSON *overrides(const FormState *st, bool draft)
{
	cJSON *arr = cJSON_CreateArray();
	VisPass vp;
	vis_begin(&vp, st);
	for (size_t i = 0; i < st->schema->n_index; i++) {
		const Entry *en = &st->e[i];
		if (!en->has_prov || !en->prov.authoritative || !en->reason)
			continue;
		if (!draft && (value_equal(en->value, en->prov.original) || !vis_field(&vp, i)))
			continue;
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "field", st->schema->index[i]->key);
		cJSON_AddItemToObject(o, "value", en->value ? cJSON_Duplicate(en->value, true) : cJSON_CreateNull());
		cJSON_AddItemToObject(o, "original",
		                      en->prov.original ? cJSON_Duplicate(en->prov.original, true) : cJSON_CreateNull());
		cJSON_AddStringToObject(o, "source", en->prov.source);
		cJSON_AddStringToObject(o, "as_of", en->prov.as_of);
		cJSON_AddStringToObject(o, "reason", en->reason);
		cJSON_AddItemToArray(arr, o);
	}
	vis_end(&vp);
	return arr;
}

cJSON *forms_overrides_json(const FormState *st)
{
	return overrides(st, false);
}

cJSON *forms_draft_json(const FormState *st)
{
	cJSON *d = cJSON_CreateObject();
	cJSON_AddItemToObject(d, "form", case_form(st, true));
	cJSON_AddItemToObject(d, "overrides", overrides(st, true));
	cJSON *pre = cJSON_AddObjectToObject(d, "prefill");
	for (size_t i = 0; i < st->schema->n_index; i++) {
		const Entry *en = &st->e[i];
		if (!en->has_prov)
			continue;
		cJSON *o = cJSON_AddObjectToObject(pre, st->schema->index[i]->key);
		cJSON_AddStringToObject(o, "source", en->prov.source);
		cJSON_AddStringToObject(o, "as_of", en->prov.as_of);
		cJSON_AddBoolToObject(o, "authoritative", en->prov.authoritative);
		cJSON_AddItemToObject(o, "original",
		                      en->prov.original ? cJSON_Duplicate(en->prov.original, true) : cJSON_CreateNull());
	}
	if (st->today[0])
		cJSON_AddStringToObject(d, "today", st->today);
	return d;
}

/* "id v1, id2 v3" of a forms list. */
static char *refs_text(const cJSON *refs)
{
	char *out = xstrdup("");
	const cJSON *it;
	cJSON_ArrayForEach(it, refs) {
		char *next = xasprintf("%s%s%s v%ld", out, *out ? ", " : "", json_str(it, "id", "?"),
		                       json_long(it, "version", 0));
		free(out);
		out = next;
	}
	return out;
}

/* Same forms in any order, same versions. */
void forms_refs_check(const FormSchema *s, const cJSON *refs, const char *field, FormsErrors *e)
{
	cJSON *want = refs_json(s);
	bool same = cJSON_IsArray(refs) && cJSON_GetArraySize(refs) == cJSON_GetArraySize(want);
	const cJSON *w;
	cJSON_ArrayForEach(w, want) {
		bool found = false;
		const cJSON *it;
		cJSON_ArrayForEach(it, refs)
			found = found || (!strcmp(json_str(it, "id", ""), json_str(w, "id", "")) &&
			                  json_long(it, "version", 0) == json_long(w, "version", -1));
		same = same && found;
	}
	if (!same) {
		char *got = refs_text(refs), *exp = refs_text(want);
		ferr(e, field, M_FORMS_MISMATCH, 2, got, exp);
		free(got);
		free(exp);
	}
	cJSON_Delete(want);
}

/* Provenance of a draft's prefill entry or an override record. */
static void load_prov(Entry *en, const cJSON *o, bool authoritative)
{
	prov_free(&en->prov);
	en->has_prov = true;
	en->prov.source = xstrdup(json_str(o, "source", ""));
	en->prov.as_of = xstrdup(json_str(o, "as_of", ""));
	en->prov.authoritative = authoritative;
	const cJSON *orig = cJSON_GetObjectItemCaseSensitive(o, "original");
	en->prov.original = orig && !cJSON_IsNull(orig) ? cJSON_Duplicate(orig, true) : NULL;
}

/* Members of a table's rows that are not columns: reported and dropped
 * like unknown fields, since no one can see or clear them and the case
 * payload leaves them out (found by tests/fuzz). */
static void drop_unknown_columns(const FormField *t, cJSON *rows, FormsErrors *errs)
{
	size_t r = 0;
	cJSON *row;
	if (!cJSON_IsArray(rows))
		return;
	cJSON_ArrayForEach(row, rows) {
		for (cJSON *m = cJSON_IsObject(row) ? row->child : NULL, *next; m; m = next) {
			next = m->next;
			if (m->string && forms_subfield(t, m->string))
				continue;
			char *rp = path_index(t->key, r), *p = path_member(rp, m->string ? m->string : "");
			ferr(errs, p, M_UNKNOWN_COLUMN, 0);
			free(p);
			free(rp);
			cJSON_Delete(cJSON_DetachItemViaPointer(row, m));
		}
		r++;
	}
}

bool forms_load(FormState *st, const cJSON *doc, FormsErrors *errs)
{
	const cJSON *form = json_obj(doc, "form");
	if (!form)
		return false;
	/* The state becomes the draft: what it leaves empty is empty. */
	for (size_t i = 0; i < st->schema->n_index; i++) {
		cJSON_Delete(st->e[i].value);
		prov_free(&st->e[i].prov);
		free(st->e[i].reason);
		memset(&st->e[i], 0, sizeof st->e[i]);
	}
	forms_refs_check(st->schema, json_arr(form, "forms"), "form.forms", errs);
	const cJSON *it;
	cJSON_ArrayForEach(it, json_obj(form, "values")) {
		long i = schema_find(st->schema, it->string);
		if (i < 0) {
			ferr(errs, it->string, M_UNKNOWN_FIELD, 0);
			continue;
		}
		cJSON *v = cJSON_IsNull(it) ? NULL : cJSON_Duplicate(it, true);
		if (st->schema->index[i]->type == FORM_TABLE)
			drop_unknown_columns(st->schema->index[i], v, errs);
		state_store(st, (size_t)i, v);
	}
	cJSON_ArrayForEach(it, json_obj(doc, "prefill")) {
		long i = schema_find(st->schema, it->string);
		if (i >= 0 && cJSON_IsObject(it))
			load_prov(&st->e[i], it, json_bool(it, "authoritative", false));
	}
	cJSON_ArrayForEach(it, json_arr(doc, "overrides")) {
		long i = schema_find(st->schema, json_str(it, "field", ""));
		const char *reason = json_str(it, "reason", NULL);
		if (i < 0 || !reason)
			continue;
		if (!st->e[i].has_prov)
			load_prov(&st->e[i], it, true);
		free(st->e[i].reason);
		st->e[i].reason = xstrdup(reason);
	}
	/* A pinned date that does not parse is ignored like a missing one,
	 * rather than unpinning the state's (found by tests/fuzz). */
	const char *today = json_str(doc, "today", NULL);
	if (today && day_parse(today, NULL))
		forms_state_set_today(st, today);
	forms_mark_clean(st);
	st->gen++;
	return true;
}
