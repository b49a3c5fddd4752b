/* state: a form being filled: values per key and table cell, set/get/clear, rows, dirty tracking. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "forms/forms_int.h"
#include "common/xalloc.h"
#include <stdlib.h>
#include <string.h>

FormState *state_alloc(const FormSchema *s, bool defaults)
{
	FormState *st = xcalloc(1, sizeof *st);
	st->schema = s;
	st->e = xcalloc(s->n_index ? s->n_index : 1, sizeof *st->e);
	for (size_t i = 0; defaults && i < s->n_index; i++)
		if (s->index[i]->def)
			st->e[i].value = cJSON_Duplicate(s->index[i]->def, true);
	return st;
}

FormState *forms_state_new(const FormSchema *s)
{
	return s ? state_alloc(s, true) : NULL;
}

void prov_free(FormsProvenance *p)
{
	free(p->source);
	free(p->as_of);
	cJSON_Delete(p->original);
	memset(p, 0, sizeof *p);
}

void forms_state_free(FormState *st)
{
	if (!st)
		return;
	for (size_t i = 0; i < st->schema->n_index; i++) {
		cJSON_Delete(st->e[i].value);
		prov_free(&st->e[i].prov);
		free(st->e[i].reason);
	}
	free(st->e);
	free(st);
}

const FormSchema *forms_state_schema(const FormState *st)
{
	return st->schema;
}

void forms_state_set_today(FormState *st, const char *ymd)
{
	st->today[0] = '\0';
	if (ymd && day_parse(ymd, NULL))
		memcpy(st->today, ymd, 11);
	st->gen++;
}

/* "key", or "key[row].sub" for a table cell. */
bool fpath_parse(const FormSchema *s, const char *path, FPath *p)
{
	memset(p, 0, sizeof *p);
	if (!path)
		return false;
	const char *br = strchr(path, '[');
	char *key = br ? xstrndup(path, (size_t)(br - path)) : xstrdup(path);
	long idx = schema_find(s, key);
	free(key);
	if (idx < 0)
		return false;
	p->idx = (size_t)idx;
	p->f = s->index[idx];
	if (!br)
		return true;
	char *end;
	if (br[1] < '0' || br[1] > '9')
		return false;
	unsigned long row = strtoul(br + 1, &end, 10);
	if (end[0] != ']' || end[1] != '.' || p->f->type != FORM_TABLE)
		return false;
	p->sub = forms_subfield(p->f, end + 2);
	p->cell = true;
	p->row = row;
	return p->sub != NULL;
}

bool value_equal(const cJSON *a, const cJSON *b)
{
	bool ea = forms_value_empty(a), eb = forms_value_empty(b);
	if (ea || eb)
		return ea && eb;
	return cJSON_Compare(a, b, true);
}

bool entry_locked(const Entry *en)
{
	return en->has_prov && en->prov.authoritative && !en->reason;
}

void state_store(FormState *st, size_t idx, cJSON *v)
{
	Entry *en = &st->e[idx];
	if (forms_value_empty(v) && !cJSON_IsArray(v)) {
		cJSON_Delete(v);
		v = NULL;
	}
	cJSON_Delete(en->value);
	en->value = v;
	en->dirty = true;
	st->gen++;
}

/* The object of row p->row of a table value, or NULL. */
static cJSON *row_of(const FormState *st, const FPath *p)
{
	const cJSON *rows = st->e[p->idx].value;
	if (!cJSON_IsArray(rows) || p->row >= (size_t)cJSON_GetArraySize(rows))
		return NULL;
	cJSON *row = cJSON_GetArrayItem(rows, (int)p->row);
	return cJSON_IsObject(row) ? row : NULL;
}

/* Put v (taken; NULL clears) at a field or cell. */
static FormsRc put(FormState *st, const FPath *p, cJSON *v)
{
	if (!p->cell) {
		state_store(st, p->idx, v);
		return FORMS_OK;
	}
	cJSON *row = row_of(st, p);
	if (!row) {
		cJSON_Delete(v);
		return FORMS_NO_FIELD;
	}
	cJSON_DeleteItemFromObjectCaseSensitive(row, p->sub->key);
	if (v && !forms_value_empty(v))
		cJSON_AddItemToObject(row, p->sub->key, v);
	else
		cJSON_Delete(v);
	st->e[p->idx].dirty = true;
	st->gen++;
	return FORMS_OK;
}

/* Store v (taken) at path unless locked, then check it as typed. */
static FormsRc set_checked(FormState *st, const char *path, cJSON *v, FormsErrors *errs)
{
	FPath p;
	if (!fpath_parse(st->schema, path, &p)) {
		cJSON_Delete(v);
		return FORMS_NO_FIELD;
	}
	const FormField *f = p.cell ? p.sub : p.f;
	if (entry_locked(&st->e[p.idx])) {
		FormsRc rc = value_equal(v, st->e[p.idx].value) ? FORMS_OK : FORMS_LOCKED;
		cJSON_Delete(v);
		return rc;
	}
	cJSON *copy = v ? cJSON_Duplicate(v, true) : NULL;
	FormsRc rc = put(st, &p, v);
	if (rc == FORMS_OK && forms_check_value(f, copy, path, st->today, errs) > 0)
		rc = FORMS_INVALID;
	cJSON_Delete(copy);
	return rc;
}

FormsRc forms_set_text(FormState *st, const char *path, const char *text, FormsErrors *errs)
{
	FPath p;
	if (!fpath_parse(st->schema, path, &p))
		return FORMS_NO_FIELD;
	const FormField *f = p.cell ? p.sub : p.f;
	if (f->type == FORM_TABLE)
		return FORMS_WRONG_KIND;
	return set_checked(st, path, forms_value_from_text(f, text), errs);
}

FormsRc forms_set_value(FormState *st, const char *path, const cJSON *v, FormsErrors *errs)
{
	return set_checked(st, path, v && !cJSON_IsNull(v) ? cJSON_Duplicate(v, true) : NULL, errs);
}

FormsRc forms_clear(FormState *st, const char *path)
{
	return set_checked(st, path, NULL, NULL);
}

FormsRc forms_multi_toggle(FormState *st, const char *key, const char *value)
{
	long i = schema_find(st->schema, key);
	if (i < 0 || !value)
		return FORMS_NO_FIELD;
	if (st->schema->index[i]->type != FORM_MULTI)
		return FORMS_WRONG_KIND;
	if (entry_locked(&st->e[i]))
		return FORMS_LOCKED;
	const cJSON *cur = st->e[i].value;
	cJSON *next = cJSON_IsArray(cur) ? cJSON_Duplicate(cur, true) : cJSON_CreateArray();
	int at = -1, k = 0;
	const cJSON *it;
	cJSON_ArrayForEach(it, next) {
		if (cJSON_IsString(it) && strcmp(it->valuestring, value) == 0)
			at = k;
		k++;
	}
	if (at >= 0)
		cJSON_DeleteItemFromArray(next, at);
	else
		cJSON_AddItemToArray(next, cJSON_CreateString(value));
	state_store(st, (size_t)i, next);
	return FORMS_OK;
}

int forms_row_add(FormState *st, const char *key)
{
	long i = schema_find(st->schema, key);
	if (i < 0 || st->schema->index[i]->type != FORM_TABLE)
		return -1;
	Entry *en = &st->e[i];
	if (!cJSON_IsArray(en->value)) {
		cJSON_Delete(en->value);
		en->value = cJSON_CreateArray();
	}
	cJSON_AddItemToArray(en->value, cJSON_CreateObject());
	en->dirty = true;
	st->gen++;
	return cJSON_GetArraySize(en->value) - 1;
}

FormsRc forms_row_remove(FormState *st, const char *key, size_t row)
{
	long i = schema_find(st->schema, key);
	if (i < 0)
		return FORMS_NO_FIELD;
	if (st->schema->index[i]->type != FORM_TABLE)
		return FORMS_WRONG_KIND;
	Entry *en = &st->e[i];
	if (!cJSON_IsArray(en->value) || row >= (size_t)cJSON_GetArraySize(en->value))
		return FORMS_NO_FIELD;
	cJSON_DeleteItemFromArray(en->value, (int)row);
	en->dirty = true;
	st->gen++;
	return FORMS_OK;
}

size_t forms_row_count(const FormState *st, const char *key)
{
	long i = schema_find(st->schema, key);
	if (i < 0 || !cJSON_IsArray(st->e[i].value))
		return 0;
	return (size_t)cJSON_GetArraySize(st->e[i].value);
}

const cJSON *forms_get(const FormState *st, const char *path)
{
	FPath p;
	if (!fpath_parse(st->schema, path, &p))
		return NULL;
	const cJSON *v = st->e[p.idx].value;
	if (p.cell) {
		const cJSON *row = row_of(st, &p);
		v = row ? cJSON_GetObjectItemCaseSensitive(row, p.sub->key) : NULL;
	}
	return forms_value_empty(v) && !cJSON_IsArray(v) ? NULL : v;
}

char *forms_get_text(const FormState *st, const char *path)
{
	FPath p;
	if (!fpath_parse(st->schema, path, &p))
		return xstrdup("");
	return forms_value_text(p.cell ? p.sub : p.f, forms_get(st, path));
}

bool forms_is_dirty(const FormState *st, const char *key)
{
	long i = schema_find(st->schema, key);
	return i >= 0 && st->e[i].dirty;
}

bool forms_any_dirty(const FormState *st)
{
	for (size_t i = 0; i < st->schema->n_index; i++)
		if (st->e[i].dirty)
			return true;
	return false;
}

void forms_mark_clean(FormState *st)
{
	for (size_t i = 0; i < st->schema->n_index; i++)
		st->e[i].dirty = false;
}

unsigned long forms_generation(const FormState *st)
{
	return st->gen;
}
