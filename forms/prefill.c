/* prefill: bind shared-data answers (person, entity, license, proof, credit) to fields, with provenance, locks and overrides. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "forms/forms_int.h"
#include "common/jsonx.h"
#include "common/xalloc.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The sources and how their paths look: a list source names the record
 * type (license.business_license.number) before the member. */
static const struct {
	const char *name;
	bool list;
} sources[] = {
	{ "person", false }, { "entity", false }, { "credit", false }, { "license", true }, { "proof", true },
};

/* The source a path starts with, or -1. */
static int source_of(const char *path)
{
	const char *dot = strchr(path, '.');
	size_t n = dot ? (size_t)(dot - path) : strlen(path);
	for (size_t i = 0; i < sizeof sources / sizeof sources[0]; i++)
		if (strlen(sources[i].name) == n && strncmp(sources[i].name, path, n) == 0)
			return (int)i;
	return -1;
}

bool forms_prefill_path_ok(const char *path)
{
	if (!key_ok(path) || !strchr(path, '.'))
		return false;
	int s = source_of(path);
	if (s < 0)
		return false;
	/* license.<type>.<member>: at least two dots */
	return !sources[s].list || strchr(strchr(path, '.') + 1, '.') != NULL;
}

/* Follow dotted members from obj; NULL when one is missing. */
static const cJSON *walk(const cJSON *obj, const char *dotted)
{
	char *copy = xstrdup(dotted), *save = NULL;
	const cJSON *v = obj;
	for (char *part = strtok_r(copy, ".", &save); part && v; part = strtok_r(NULL, ".", &save))
		v = cJSON_IsObject(v) ? cJSON_GetObjectItemCaseSensitive(v, part) : NULL;
	free(copy);
	return v;
}

/* In a page, an array or a single record: the first record of the type,
 * preferring a valid one. */
static const cJSON *find_record(const cJSON *doc, const char *type, size_t type_len)
{
	const cJSON *items = cJSON_IsArray(doc) ? doc : json_arr(doc, "items");
	const cJSON *best = NULL, *it;
	if (!items) {
		const char *t = json_str(doc, "type", "");
		return strlen(t) == type_len && strncmp(t, type, type_len) == 0 ? doc : NULL;
	}
	cJSON_ArrayForEach(it, items) {
		const char *t = json_str(it, "type", "");
		if (strlen(t) != type_len || strncmp(t, type, type_len) != 0)
			continue;
		if (strcmp(json_str(it, "status", "valid"), "valid") == 0)
			return it;
		if (!best)
			best = it;
	}
	return best;
}

/* Resolve a prefill path in the answer of its source: the value (NULL
 * when missing or null) and the record that carries its provenance. */
static const cJSON *resolve(const char *path, const cJSON *doc, const cJSON **record)
{
	int s = source_of(path);
	const char *rest = strchr(path, '.') + 1;
	*record = doc;
	if (sources[s].list) {
		const char *dot = strchr(rest, '.');
		*record = find_record(doc, rest, (size_t)(dot - rest));
		rest = dot + 1;
		if (!*record)
			return NULL;
	}
	const cJSON *v = walk(*record, rest);
	if (!v && sources[s].list)
		v = walk(json_obj(*record, "data"), rest);
	return cJSON_IsNull(v) ? NULL : v;
}

/* A source value as the field's value: strings as if typed (so IDs,
 * dates and amounts are normalized), numbers and booleans by type. */
static cJSON *as_field_value(const FormField *f, const cJSON *v)
{
	char buf[48];
	if (cJSON_IsString(v))
		return forms_value_from_text(f, v->valuestring);
	if (cJSON_IsNumber(v)) {
		if (f->type == FORM_INTEGER && v->valuedouble == floor(v->valuedouble))
			return cJSON_CreateNumber(v->valuedouble);
		snprintf(buf, sizeof buf, f->type == FORM_MONEY ? "%.2f" : "%.15g", v->valuedouble);
		return forms_value_from_text(f, buf);
	}
	if (cJSON_IsBool(v))
		return f->type == FORM_BOOL ? cJSON_CreateBool(cJSON_IsTrue(v))
		                            : forms_value_from_text(f, cJSON_IsTrue(v) ? "true" : "false");
	return NULL;
}

/* Apply one resolved value to entry i; true when the value was set. */
static bool apply(FormState *st, size_t i, cJSON *v, const cJSON *record)
{
	Entry *en = &st->e[i];
	const char *source = json_str(record, "source", "");
	const char *as_of = json_str(record, "as_of", "");
	bool auth = json_bool(record, "authoritative", false) && *source && *as_of;
	bool untouched = forms_value_empty(en->value) ||
	                 (en->has_prov && value_equal(en->value, en->prov.original) && !en->reason);
	bool overridden = en->has_prov && en->prov.authoritative && en->reason;
	if (!auth && !untouched) {
		cJSON_Delete(v);
		return false;
	}
	prov_free(&en->prov);
	en->has_prov = true;
	en->prov.source = xstrdup(source);
	en->prov.as_of = xstrdup(as_of);
	en->prov.authoritative = auth;
	en->prov.original = cJSON_Duplicate(v, true);
	if (overridden && auth) {
		cJSON_Delete(v); /* the clerk's override stands; its original is refreshed */
		st->gen++;
		return false;
	}
	free(en->reason);
	en->reason = NULL;
	if (value_equal(en->value, v)) {
		cJSON_Delete(v);
		st->gen++;
		return true;
	}
	state_store(st, i, v);
	return true;
}

int forms_prefill(FormState *st, const char *source, const cJSON *doc)
{
	int filled = 0;
	if (!st || !source || !doc)
		return 0;
	size_t slen = strlen(source);
	for (size_t i = 0; i < st->schema->n_index; i++) {
		const FormField *f = st->schema->index[i];
		if (!f->prefill || strncmp(f->prefill, source, slen) != 0 || f->prefill[slen] != '.')
			continue;
		const cJSON *record;
		const cJSON *raw = resolve(f->prefill, doc, &record);
		cJSON *v = raw ? as_field_value(f, raw) : NULL;
		if (!v)
			continue; /* source missing: the field stays as it is, editable */
		if (apply(st, i, v, record))
			filled++;
	}
	return filled;
}

const FormsProvenance *forms_provenance(const FormState *st, const char *key)
{
	long i = schema_find(st->schema, key);
	return i >= 0 && st->e[i].has_prov ? &st->e[i].prov : NULL;
}

bool forms_locked(const FormState *st, const char *key)
{
	long i = schema_find(st->schema, key);
	return i >= 0 && entry_locked(&st->e[i]);
}

FormsRc forms_override(FormState *st, const char *key, const char *text, const char *reason, FormsErrors *errs)
{
	long i = schema_find(st->schema, key);
	if (i < 0)
		return FORMS_NO_FIELD;
	Entry *en = &st->e[i];
	const FormField *f = st->schema->index[i];
	if (!en->has_prov)
		return FORMS_NOT_PREFILLED;
	if (f->type == FORM_TABLE)
		return FORMS_WRONG_KIND;
	if (en->prov.authoritative) {
		if (!reason || reason_problem(reason))
			return FORMS_NO_REASON;
		free(en->reason);
		en->reason = trim_dup(reason);
	}
	return forms_set_text(st, key, text, errs);
}

const char *forms_override_reason(const FormState *st, const char *key)
{
	long i = schema_find(st->schema, key);
	return i >= 0 ? st->e[i].reason : NULL;
}

FormsRc forms_revert(FormState *st, const char *key)
{
	long i = schema_find(st->schema, key);
	if (i < 0)
		return FORMS_NO_FIELD;
	Entry *en = &st->e[i];
	if (!en->has_prov)
		return FORMS_NOT_PREFILLED;
	free(en->reason);
	en->reason = NULL;
	state_store(st, (size_t)i, en->prov.original ? cJSON_Duplicate(en->prov.original, true) : NULL);
	return FORMS_OK;
}
