/* catalog: the matter catalog (事项, 办事指南), its forms and 一件事 bundles — synced into the store, served from memory. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "server/catalog.h"
#include "common/jsonx.h"
#include "common/timefmt.h"
#include "common/xalloc.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct {
	struct cat_matter *m;
	size_t nm;
	struct cat_form *f;
	size_t nf;
	struct cat_bundle *b;
	size_t nb;
} C;

/* ---- sync: embedded files -> store ---- */

/* One catalog entry of the embedded files. */
struct item {
	const char *kind;
	char key[72];
	int version;
	char *json;      /* compact */
	int64_t updated; /* its own updated_at, or 0 */
	char form_id[72];   /* matters: the form they use, or "" */
	bool form_changed;  /* matters: that form is new or changed */
};

struct items {
	struct item *v;
	size_t n, cap;
};

/* Add a Matter, FormSchema or Bundle object. */
static void items_add(struct items *it, const char *kind, const cJSON *doc, const char *keymember)
{
	const char *key = json_str(doc, keymember, NULL);
	if (!key || strlen(key) >= sizeof it->v[0].key) {
		fprintf(stderr, "yichuangd: catalog: a %s without a usable %s is left out\n", kind, keymember);
		return;
	}
	if (it->n == it->cap) {
		it->cap = it->cap ? it->cap * 2 : 128;
		it->v = xrealloc(it->v, it->cap * sizeof *it->v);
	}
	struct item *e = &it->v[it->n++];
	e->kind = kind;
	snprintf(e->key, sizeof e->key, "%s", key);
	e->version = strcmp(kind, "form") == 0 ? (int)json_long(doc, "version", 1) : 0;
	snprintf(e->form_id, sizeof e->form_id, "%s", strcmp(kind, "matter") == 0 ? json_str(doc, "form_id", "") : "");
	e->form_changed = false;
	e->json = json_print(doc);
	time_t t = time_parse_rfc3339(json_str(doc, "updated_at", ""));
	e->updated = t > 0 ? (int64_t)t : 0;
}

/* Parse the embedded files into items; bad files are reported and skipped. */
static void read_files(const struct catalog_file *files, size_t n, struct items *it)
{
	for (size_t i = 0; i < n; i++) {
		cJSON *doc = cJSON_ParseWithLength(files[i].text, files[i].len);
		if (!doc) {
			fprintf(stderr, "yichuangd: catalog: %s is not valid JSON\n", files[i].name);
			continue;
		}
		if (strcmp(files[i].name, "bundles.json") == 0) {
			const cJSON *b;
			cJSON_ArrayForEach(b, doc)
				items_add(it, "bundle", b, "id");
		} else if (strncmp(files[i].name, "matters/", 8) == 0) {
			const cJSON *m = json_obj(doc, "matter"), *f = json_obj(doc, "form");
			if (m)
				items_add(it, "matter", m, "code");
			if (f)
				items_add(it, "form", f, "id");
		}
		cJSON_Delete(doc);
	}
}

/* A form was written anew: its matters count as changed too, so that a
 * client syncing by updated_at (GET /v1/matters?since=) fetches it. */
static void form_changed(struct items *it, const char *form_id)
{
	for (size_t i = 0; i < it->n; i++)
		if (strcmp(it->v[i].kind, "matter") == 0 && strcmp(it->v[i].form_id, form_id) == 0)
			it->v[i].form_changed = true;
}

/* Sync one kind; returns rows changed or -1. */
static int sync_kind(struct store *st, const char *kind, struct items *it, int64_t now)
{
	struct catalog_row *rows;
	int nr = store_catalog_all(st, kind, &rows);
	if (nr < 0)
		return -1;
	int changed = 0;
	for (size_t i = 0; i < it->n; i++) {
		const struct item *e = &it->v[i];
		if (strcmp(e->kind, kind) != 0)
			continue;
		const struct catalog_row *r = NULL;
		for (int k = 0; k < nr && !r; k++)
			if (strcmp(rows[k].key, e->key) == 0 && rows[k].version == e->version)
				r = &rows[k];
		if (r && !r->deleted_at && strcmp(r->json, e->json) == 0 && !(nr && e->form_changed))
			continue;
		if (strcmp(kind, "form") == 0)
			form_changed(it, e->key);
		/* The first load keeps the catalog's own times; anything new,
		 * changed or back again later is stamped now, so a client that
		 * synced before sees it. */
		int64_t t = nr == 0 && e->updated && e->updated <= now ? e->updated : now;
		if (store_catalog_put(st, kind, e->key, e->version, e->json, t) != STORE_OK) {
			store_catalog_free(rows, nr);
			return -1;
		}
		changed++;
	}
	for (int k = 0; k < nr; k++) {
		if (rows[k].deleted_at)
			continue;
		bool present = false;
		for (size_t i = 0; i < it->n && !present; i++)
			present = strcmp(it->v[i].kind, kind) == 0 && strcmp(it->v[i].key, rows[k].key) == 0 &&
				  it->v[i].version == rows[k].version;
		if (!present) {
			if (store_catalog_delete(st, kind, rows[k].key, rows[k].version, now) != STORE_OK) {
				store_catalog_free(rows, nr);
				return -1;
			}
			changed++;
		}
	}
	store_catalog_free(rows, nr);
	return changed;
}

int catalog_sync(struct store *st, const struct catalog_file *files, size_t n, int64_t now)
{
	struct items it = { 0 };
	read_files(files, n, &it);
	int total = -1;
	if (store_begin(st) == STORE_OK) {
		int b = sync_kind(st, "form", &it, now);
		int a = b < 0 ? -1 : sync_kind(st, "matter", &it, now);
		int c = b < 0 ? -1 : sync_kind(st, "bundle", &it, now);
		if (c >= 0 && store_commit(st) == STORE_OK)
			total = a + b + c;
		else
			store_rollback(st);
	}
	for (size_t i = 0; i < it.n; i++)
		free(it.v[i].json);
	free(it.v);
	return total;
}

/* ---- load: store -> memory ---- */

/* Replace doc's updated_at with the stored change time. */
static void set_time(cJSON *doc, int64_t t)
{
	char ts[21];
	time_rfc3339((time_t)t, ts);
	cJSON_DeleteItemFromObjectCaseSensitive(doc, "updated_at");
	cJSON_AddStringToObject(doc, "updated_at", ts);
}

static char *dup_str(const cJSON *doc, const char *key)
{
	const char *s = json_str(doc, key, NULL);
	return s ? xstrdup(s) : NULL;
}

/* The MatterSummary of a Matter. */
static char *summary_of(const cJSON *m)
{
	static const char *const keys[] = { "code", "implementation_code", "name", "kind", "department", "targets" };
	cJSON *s = cJSON_CreateObject();
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
		const cJSON *v = cJSON_GetObjectItemCaseSensitive(m, keys[i]);
		if (v)
			cJSON_AddItemToObject(s, keys[i], cJSON_Duplicate(v, true));
	}
	const cJSON *p = json_obj(json_obj(m, "time_limits"), "promised");
	if (p)
		cJSON_AddItemToObject(s, "promised", cJSON_Duplicate(p, true));
	const cJSON *u = cJSON_GetObjectItemCaseSensitive(m, "updated_at");
	if (u)
		cJSON_AddItemToObject(s, "updated_at", cJSON_Duplicate(u, true));
	char *out = json_print(s);
	cJSON_Delete(s);
	return out;
}

static bool load_matter(struct cat_matter *m, const struct catalog_row *r)
{
	cJSON *doc = cJSON_Parse(r->json);
	if (!doc)
		return false;
	set_time(doc, r->updated_at);
	memset(m, 0, sizeof *m);
	m->doc = doc;
	m->code = dup_str(doc, "code");
	m->impl = dup_str(doc, "implementation_code");
	m->name = dup_str(doc, "name");
	m->short_name = dup_str(doc, "short_name");
	m->dept = xstrdup(json_str(json_obj(doc, "department"), "code", ""));
	m->form_id = dup_str(doc, "form_id");
	const cJSON *t;
	cJSON_ArrayForEach(t, json_arr(doc, "targets")) {
		if (cJSON_IsString(t) && strcmp(t->valuestring, "person") == 0)
			m->targets |= CAT_PERSON;
		if (cJSON_IsString(t) && strcmp(t->valuestring, "entity") == 0)
			m->targets |= CAT_ENTITY;
	}
	const cJSON *kw = json_arr(doc, "keywords");
	m->keywords = xcalloc((size_t)cJSON_GetArraySize(kw) + 1, sizeof *m->keywords);
	cJSON_ArrayForEach(t, kw)
		if (cJSON_IsString(t))
			m->keywords[m->nkeywords++] = xstrdup(t->valuestring);
	m->full = json_print(doc);
	m->summary = summary_of(doc);
	m->updated_at = r->updated_at;
	m->deleted_at = r->deleted_at;
	return m->code && m->name;
}

static bool load_form(struct cat_form *f, const struct catalog_row *r)
{
	cJSON *doc = cJSON_Parse(r->json);
	if (!doc)
		return false;
	set_time(doc, r->updated_at);
	memset(f, 0, sizeof *f);
	f->id = xstrdup(r->key);
	f->version = r->version;
	f->json = json_print(doc);
	FormsErrors e;
	forms_errors_init(&e);
	f->schema = forms_schema_from_json(doc, &e);
	if (!f->schema)
		fprintf(stderr, "yichuangd: catalog: form %s v%d does not parse (%s)\n", r->key, r->version,
			e.n ? e.v[0].field : "?");
	forms_errors_free(&e);
	cJSON_Delete(doc);
	f->updated_at = r->updated_at;
	f->deleted = r->deleted_at != 0;
	return true;
}

static bool load_bundle(struct cat_bundle *b, const struct catalog_row *r)
{
	cJSON *doc = cJSON_Parse(r->json);
	if (!doc)
		return false;
	set_time(doc, r->updated_at);
	b->id = xstrdup(r->key);
	b->doc = doc;
	b->json = json_print(doc);
	b->deleted = r->deleted_at != 0;
	return true;
}

int catalog_load(struct store *st)
{
	catalog_free();
	struct catalog_row *rows;
	int n = store_catalog_all(st, "matter", &rows);
	if (n < 0)
		return -1;
	C.m = xcalloc((size_t)n + 1, sizeof *C.m);
	for (int i = 0; i < n; i++)
		if (load_matter(&C.m[C.nm], &rows[i]))
			C.nm++;
	store_catalog_free(rows, n);
	if ((n = store_catalog_all(st, "form", &rows)) < 0)
		return -1;
	C.f = xcalloc((size_t)n + 1, sizeof *C.f);
	for (int i = 0; i < n; i++)
		if (load_form(&C.f[C.nf], &rows[i]))
			C.nf++;
	store_catalog_free(rows, n);
	if ((n = store_catalog_all(st, "bundle", &rows)) < 0)
		return -1;
	C.b = xcalloc((size_t)n + 1, sizeof *C.b);
	for (int i = 0; i < n; i++)
		if (load_bundle(&C.b[C.nb], &rows[i]))
			C.nb++;
	store_catalog_free(rows, n);
	return 0;
}

void catalog_free(void)
{
	for (size_t i = 0; i < C.nm; i++) {
		struct cat_matter *m = &C.m[i];
		free(m->code);
		free(m->impl);
		free(m->name);
		free(m->short_name);
		free(m->dept);
		free(m->form_id);
		for (size_t k = 0; k < m->nkeywords; k++)
			free(m->keywords[k]);
		free(m->keywords);
		cJSON_Delete(m->doc);
		free(m->full);
		free(m->summary);
	}
	for (size_t i = 0; i < C.nf; i++) {
		free(C.f[i].id);
		free(C.f[i].json);
		forms_schema_free(C.f[i].schema);
	}
	for (size_t i = 0; i < C.nb; i++) {
		free(C.b[i].id);
		cJSON_Delete(C.b[i].doc);
		free(C.b[i].json);
	}
	free(C.m);
	free(C.f);
	free(C.b);
	memset(&C, 0, sizeof C);
}

const struct cat_matter *catalog_matter(const char *code, bool with_deleted)
{
	for (size_t i = 0; code && i < C.nm; i++)
		if ((strcmp(C.m[i].code, code) == 0 || (C.m[i].impl && strcmp(C.m[i].impl, code) == 0)) &&
		    (with_deleted || !C.m[i].deleted_at))
			return &C.m[i];
	return NULL;
}

const struct cat_form *catalog_form(const char *id, int version)
{
	const struct cat_form *best = NULL;
	for (size_t i = 0; id && i < C.nf; i++) {
		const struct cat_form *f = &C.f[i];
		if (strcmp(f->id, id) != 0)
			continue;
		if (version > 0 && f->version == version)
			return f;
		if (version <= 0 && !f->deleted && (!best || f->version > best->version))
			best = f;
	}
	return best;
}

const struct cat_bundle *catalog_bundle(const char *id)
{
	for (size_t i = 0; id && i < C.nb; i++)
		if (!C.b[i].deleted && strcmp(C.b[i].id, id) == 0)
			return &C.b[i];
	return NULL;
}

const struct cat_matter *catalog_matter_at(size_t i)
{
	return i < C.nm ? &C.m[i] : NULL;
}

size_t catalog_matter_count(void)
{
	return C.nm;
}

const struct cat_bundle *catalog_bundle_at(size_t i)
{
	return i < C.nb ? &C.b[i] : NULL;
}

size_t catalog_bundle_count(void)
{
	return C.nb;
}
