/* intake_catalog: the matter list and bundles fetched once per session, and
 * the guides and form schemas fetched on demand, all kept in memory. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "client/catalog.h"
#include "client/app.h"
#include "client/cache.h"
#include "client/intake_int.h"
#include "client/i18n.h"
#include "client/loop.h"
#include "common/jsonx.h"
#include "common/text.h"
#include "common/xalloc.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { PAGE_LIMIT = 200, MAX_PAGES = 100 };

typedef struct Waiter {
	unsigned id;
	catalog_doc_cb cb;
	void *ud;
	struct Waiter *next;
} Waiter;

/* A cached guide or form: loading while req is set. */
typedef struct Doc {
	bool form;                  /* else a guide */
	char *key;
	cJSON *json;
	unsigned req;
	bool orphan;                /* dropped by catalog_clear while in flight */
	Waiter *waiters;
	struct Doc *next;
} Doc;

typedef struct Loader {
	void (*cb)(bool ok, void *ud);
	void *ud;
	struct Loader *next;
} Loader;

static struct {
	CatState state;
	char *error;
	CatMatter *m;
	size_t nm, capm;
	CatBundle *b;
	size_t nb, capb;
	unsigned req;
	int pages;
	Loader *loaders;
	Doc *docs;
	unsigned next_waiter;
	unsigned gen;               /* bumped by catalog_clear: late answers are dropped */
} C;

static void matter_free(CatMatter *m)
{
	free(m->code);
	free(m->impl_code);
	free(m->name);
	free(m->department);
	free(m->promised_unit);
}

static void bundle_free(CatBundle *b)
{
	free(b->id);
	free(b->name);
	free(b->description);
	for (size_t i = 0; i < b->n; i++) {
		free(b->codes[i]);
		free(b->names[i]);
	}
	free(b->codes);
	free(b->names);
	for (size_t i = 0; i < b->n_forms; i++)
		free(b->form_ids[i]);
	free(b->form_ids);
}

/* Person / entity from a targets array. */
static void parse_targets(const cJSON *j, bool *person, bool *entity)
{
	*person = *entity = false;
	const cJSON *t;
	cJSON_ArrayForEach(t, json_arr(j, "targets")) {
		if (cJSON_IsString(t) && strcmp(t->valuestring, "person") == 0)
			*person = true;
		if (cJSON_IsString(t) && strcmp(t->valuestring, "entity") == 0)
			*entity = true;
	}
}

/* One MatterSummary into m (cleaned); false when it has no code or name. */
static bool matter_parse(CatMatter *m, const cJSON *it)
{
	const char *code = json_str(it, "code", NULL), *name = json_str(it, "name", NULL);
	if (!code || !name || !*code)
		return false;
	memset(m, 0, sizeof *m);
	m->code = text_clean(code, 0);
	m->impl_code = intake_json_clean(it, "implementation_code");
	m->name = text_clean(name, 0);
	m->department = intake_json_clean(json_obj(it, "department"), "name");
	parse_targets(it, &m->for_person, &m->for_entity);
	const cJSON *pr = json_obj(it, "promised");
	m->promised = (int)json_long(pr, "value", -1);
	m->promised_unit = intake_json_clean(pr, "unit");
	return true;
}

/* Add the page's matters; replace those already listed when update. */
static int matters_merge(const cJSON *page, bool update)
{
	const cJSON *items = json_arr(page, "items");
	if (!items)
		return -1;
	int added = 0;
	const cJSON *it;
	cJSON_ArrayForEach(it, items) {
		CatMatter m;
		if (!matter_parse(&m, it))
			continue;
		size_t i = 0;
		while (i < C.nm && strcmp(C.m[i].code, m.code) != 0)
			i++;
		if (i < C.nm && !update) { /* a page seen twice adds nothing */
			matter_free(&m);
			continue;
		}
		if (i < C.nm) {
			matter_free(&C.m[i]);
			C.m[i] = m;
			added++;
			continue;
		}
		if (C.nm == C.capm) {
			C.capm = C.capm ? C.capm * 2 : 64;
			C.m = xrealloc(C.m, C.capm * sizeof *C.m);
		}
		C.m[C.nm++] = m;
		added++;
	}
	return added;
}

int catalog_add_matters(const cJSON *page)
{
	return matters_merge(page, false);
}

/* A string array member as cleaned copies. */
static char **clean_strings(const cJSON *arr, const char *member, size_t *n)
{
	*n = 0;
	int cap = cJSON_GetArraySize(arr);
	char **v = xcalloc((size_t)cap + 1, sizeof *v);
	const cJSON *e;
	cJSON_ArrayForEach(e, arr) {
		const char *s = member ? json_str(e, member, NULL) : (cJSON_IsString(e) ? e->valuestring : NULL);
		if (s)
			v[(*n)++] = text_clean(s, 0);
	}
	return v;
}

/* One Bundle into b (cleaned); false without an id or a name. */
static bool bundle_parse(CatBundle *b, const cJSON *it)
{
	const char *id = json_str(it, "id", NULL), *name = json_str(it, "name", NULL);
	if (!id || !name)
		return false;
	memset(b, 0, sizeof *b);
	b->id = text_clean(id, 0);
	b->name = text_clean(name, 0);
	b->description = intake_json_clean(it, "description");
	parse_targets(it, &b->for_person, &b->for_entity);
	size_t nn;
	b->codes = clean_strings(json_arr(it, "matters"), "code", &b->n);
	b->names = clean_strings(json_arr(it, "matters"), "name", &nn);
	if (nn != b->n) { /* a matter without a name: keep the codes as names */
		for (size_t i = 0; i < nn; i++)
			free(b->names[i]);
		free(b->names);
		b->names = xcalloc(b->n + 1, sizeof *b->names);
		for (size_t i = 0; i < b->n; i++)
			b->names[i] = xstrdup(b->codes[i]);
	}
	b->form_ids = clean_strings(json_arr(it, "form_ids"), NULL, &b->n_forms);
	return true;
}

/* Add the page's bundles; replace those already listed when update. */
static int bundles_merge(const cJSON *page, bool update)
{
	const cJSON *items = json_arr(page, "items");
	if (!items)
		return -1;
	int added = 0;
	const cJSON *it;
	cJSON_ArrayForEach(it, items) {
		CatBundle b;
		if (!bundle_parse(&b, it))
			continue;
		size_t i = 0;
		while (i < C.nb && strcmp(C.b[i].id, b.id) != 0)
			i++;
		if (i < C.nb && !update) {
			bundle_free(&b);
			continue;
		}
		if (i < C.nb) {
			bundle_free(&C.b[i]);
			C.b[i] = b;
			added++;
			continue;
		}
		if (C.nb == C.capb) {
			C.capb = C.capb ? C.capb * 2 : 8;
			C.b = xrealloc(C.b, C.capb * sizeof *C.b);
		}
		C.b[C.nb++] = b;
		added++;
	}
	return added;
}

int catalog_add_bundles(const cJSON *page)
{
	return bundles_merge(page, false);
}

int catalog_update(const cJSON *page, bool bundles)
{
	if (C.state != CAT_READY)
		return 0; /* the next load reads them */
	return bundles ? bundles_merge(page, true) : matters_merge(page, true);
}

const CatMatter *catalog_matters(size_t *n)
{
	*n = C.nm;
	return C.m;
}

const CatBundle *catalog_bundles(size_t *n)
{
	*n = C.nb;
	return C.b;
}

const CatMatter *catalog_matter(const char *code)
{
	for (size_t i = 0; code && i < C.nm; i++)
		if (strcmp(C.m[i].code, code) == 0 || (C.m[i].impl_code && strcmp(C.m[i].impl_code, code) == 0))
			return &C.m[i];
	return NULL;
}

const CatBundle *catalog_bundle(const char *id)
{
	for (size_t i = 0; id && i < C.nb; i++)
		if (strcmp(C.b[i].id, id) == 0)
			return &C.b[i];
	return NULL;
}

CatState catalog_state(void)
{
	return C.state;
}

const char *catalog_error(void)
{
	return C.error;
}

/* Tell everyone waiting for the list how it went. */
static void loaders_finish(bool ok)
{
	Loader *l = C.loaders;
	C.loaders = NULL;
	while (l) {
		Loader *next = l->next;
		if (l->cb)
			l->cb(ok, l->ud);
		free(l);
		l = next;
	}
}

static void fetch_page(const char *what, const char *cursor);

/* The list from the cached session (offline); why: the reason the server
 * gave nothing, or NULL. Ready when at least one matter is cached. */
static void load_from_cache(const char *why)
{
	cJSON *page = cJSON_CreateObject();
	cJSON_AddItemToObject(page, "items", cache_all(CACHE_MATTER));
	int n = catalog_add_matters(page);
	cJSON_Delete(page);
	page = cJSON_CreateObject();
	cJSON_AddItemToObject(page, "items", cache_all(CACHE_BUNDLE));
	catalog_add_bundles(page);
	cJSON_Delete(page);
	if (n > 0 || C.nm > 0) {
		C.state = CAT_READY;
		loaders_finish(true);
		return;
	}
	free(C.error);
	C.error = why ? xasprintf(_("%s; the catalog is not cached: log in once while online"), why)
		      : xstrdup(_("the catalog is not cached: log in once while online"));
	C.state = CAT_FAILED;
	loaders_finish(false);
}

/* The offline session reads the cache, from the loop (never inline). */
static void load_cached_later(void *ud)
{
	if ((unsigned)(uintptr_t)ud == C.gen && C.state == CAT_LOADING)
		load_from_cache(NULL);
}

/* One page of matters or bundles; the next page, or the bundles, or done. */
static void on_page(const ApiResponse *r, void *ud)
{
	uintptr_t tag = (uintptr_t)ud;
	bool bundles = tag & 1;
	if ((unsigned)(tag >> 1) != C.gen)
		return; /* cancelled by catalog_clear */
	C.req = 0;
	int added = r->status == 200 && !r->error
		? (bundles ? catalog_add_bundles(r->json) : catalog_add_matters(r->json)) : -1;
	if (added >= 0)
		cache_put_items(bundles ? CACHE_BUNDLE : CACHE_MATTER, json_arr(r->json, "items"), bundles ? "id" : "code");
	if (added < 0 && r->status == 0) {
		char *why = intake_answer_error(r);
		load_from_cache(why);
		free(why);
		return;
	}
	if (added < 0) {
		free(C.error);
		C.error = r->status == 200 ? xstrdup(_("the server sent a malformed answer")) : intake_answer_error(r);
		C.state = CAT_FAILED;
		loaders_finish(false);
		return;
	}
	const char *next = json_str(r->json, "next_cursor", NULL);
	if (next && *next && ++C.pages < MAX_PAGES) {
		fetch_page(bundles ? "bundles" : "matters", next);
		return;
	}
	if (!bundles) {
		C.pages = 0;
		fetch_page("bundles", NULL);
		return;
	}
	C.state = CAT_READY;
	loaders_finish(true);
}

/* GET /v1/matters or /v1/bundles, from a cursor. */
static void fetch_page(const char *what, const char *cursor)
{
	char *cur = cursor ? intake_url_escape(cursor) : NULL;
	char *path = cur ? xasprintf("/v1/%s?limit=%d&cursor=%s", what, PAGE_LIMIT, cur)
			 : xasprintf("/v1/%s?limit=%d", what, PAGE_LIMIT);
	uintptr_t tag = ((uintptr_t)C.gen << 1) | (strcmp(what, "bundles") == 0);
	C.req = api_request("GET", path, NULL, NULL, on_page, (void *)tag);
	free(path);
	free(cur);
}

/* Run a loader's callback from the loop (never inline). */
typedef struct LaterLoad {
	void (*cb)(bool ok, void *ud);
	void *ud;
	bool ok;
} LaterLoad;

static void load_later(void *ud)
{
	LaterLoad *l = ud;
	if (l->cb)
		l->cb(l->ok, l->ud);
	free(l);
}

void catalog_load(void (*cb)(bool ok, void *ud), void *ud)
{
	if (C.state == CAT_READY) {
		LaterLoad *l = xcalloc(1, sizeof *l);
		*l = (LaterLoad){cb, ud, true};
		loop_timer_add(0, load_later, l);
		return;
	}
	Loader *l = xcalloc(1, sizeof *l);
	l->cb = cb;
	l->ud = ud;
	l->next = C.loaders;
	C.loaders = l;
	if (C.state == CAT_LOADING)
		return;
	C.state = CAT_LOADING;
	C.pages = 0;
	free(C.error);
	C.error = NULL;
	if (app.offline_session)
		loop_timer_add(0, load_cached_later, (void *)(uintptr_t)C.gen);
	else
		fetch_page("matters", NULL);
}

/* ---------------------------------------------------------------- docs */

static Doc *doc_find(bool form, const char *key)
{
	for (Doc *d = C.docs; d; d = d->next)
		if (d->form == form && strcmp(d->key, key) == 0)
			return d;
	return NULL;
}

static void doc_unlink(Doc *d)
{
	for (Doc **pp = &C.docs; *pp; pp = &(*pp)->next)
		if (*pp == d) {
			*pp = d->next;
			return;
		}
}

/* Hand the answer (or the failure) to every waiter still there. */
static void doc_deliver(Doc *d, const char *error)
{
	Waiter *w = d->waiters;
	d->waiters = NULL;
	while (w) {
		Waiter *next = w->next;
		if (w->cb)
			w->cb(error ? NULL : d->json, error, w->ud);
		free(w);
		w = next;
	}
}

static void doc_free(Doc *d)
{
	for (Waiter *w = d->waiters, *n; w; w = n) {
		n = w->next;
		free(w);
	}
	cJSON_Delete(d->json);
	free(d->key);
	free(d);
}

/* The guide or form arrived: keep it, or forget the entry on failure so
 * that the next ask tries again. */
static void on_doc(const ApiResponse *r, void *ud)
{
	Doc *d = ud;
	d->req = 0;
	if (d->orphan) {
		doc_free(d);
		return;
	}
	if (r->status == 200 && r->json && cJSON_IsObject(r->json)) {
		d->json = cJSON_Duplicate(r->json, 1);
		cache_put(d->form ? CACHE_FORM : CACHE_GUIDE, d->key, r->json);
		doc_deliver(d, NULL);
		return;
	}
	if (r->status == 0 && (d->json = cache_get(d->form ? CACHE_FORM : CACHE_GUIDE, d->key))) {
		doc_deliver(d, NULL); /* offline: the cached copy */
		return;
	}
	char *why = r->status == 200 ? xstrdup(_("the server sent a malformed answer")) : intake_answer_error(r);
	if (r->status == 0) {
		char *more = xasprintf(_("%s; not cached: log in once while online"), why);
		free(why);
		why = more;
	}
	doc_unlink(d);
	doc_deliver(d, why);
	free(why);
	doc_free(d);
}

/* A cached document handed over from the loop: found again by its key, so
 * a catalog_clear in between leaves nothing to call. */
typedef struct DocLater {
	bool form;
	char *key;
} DocLater;

static void doc_later(void *ud)
{
	DocLater *l = ud;
	Doc *d = doc_find(l->form, l->key);
	if (d && d->json) {
		doc_deliver(d, NULL);
	} else if (d && !d->req) {
		/* Offline and not cached. */
		doc_unlink(d);
		doc_deliver(d, _("not cached: log in once while online"));
		doc_free(d);
	}
	free(l->key);
	free(l);
}

static unsigned doc_get(bool form, const char *key, catalog_doc_cb cb, void *ud)
{
	Doc *d = doc_find(form, key);
	bool fresh = !d;
	if (fresh) {
		d = xcalloc(1, sizeof *d);
		d->form = form;
		d->key = xstrdup(key);
		d->next = C.docs;
		C.docs = d;
	}
	Waiter *w = xcalloc(1, sizeof *w);
	if (++C.next_waiter == 0)
		C.next_waiter = 1;
	w->id = C.next_waiter;
	w->cb = cb;
	w->ud = ud;
	w->next = d->waiters;
	d->waiters = w;
	if (fresh && app.offline_session)
		d->json = cache_get(form ? CACHE_FORM : CACHE_GUIDE, key);
	if (d->json || (fresh && app.offline_session)) {
		DocLater *l = xcalloc(1, sizeof *l);
		l->form = form;
		l->key = xstrdup(key);
		loop_timer_add(0, doc_later, l);
	} else if (fresh) {
		char *k = intake_url_escape(key);
		char *path = xasprintf("/v1/%s/%s", form ? "forms" : "matters", k);
		d->req = api_request("GET", path, NULL, NULL, on_doc, d);
		free(path);
		free(k);
	}
	return w->id;
}

unsigned catalog_guide(const char *code, catalog_doc_cb cb, void *ud)
{
	return doc_get(false, code ? code : "", cb, ud);
}

unsigned catalog_form(const char *id, catalog_doc_cb cb, void *ud)
{
	return doc_get(true, id ? id : "", cb, ud);
}

void catalog_forget(bool form, const char *key)
{
	Doc *d = key ? doc_find(form, key) : NULL;
	if (!d || d->req || d->waiters)
		return; /* loading, or being handed over: the answer is new anyway */
	doc_unlink(d);
	doc_free(d);
}

void catalog_cancel(unsigned handle)
{
	for (Doc *d = C.docs; handle && d; d = d->next)
		for (Waiter *w = d->waiters; w; w = w->next)
			if (w->id == handle) {
				w->cb = NULL;
				return;
			}
}

void catalog_clear(void)
{
	C.gen++;
	if (C.req)
		api_cancel(C.req);
	C.req = 0;
	for (size_t i = 0; i < C.nm; i++)
		matter_free(&C.m[i]);
	for (size_t i = 0; i < C.nb; i++)
		bundle_free(&C.b[i]);
	free(C.m);
	free(C.b);
	C.m = NULL;
	C.b = NULL;
	C.nm = C.nb = C.capm = C.capb = 0;
	free(C.error);
	C.error = NULL;
	C.state = CAT_EMPTY;
	Loader *l = C.loaders;
	C.loaders = NULL;
	while (l) {
		Loader *n = l->next;
		free(l);
		l = n;
	}
	while (C.docs) {
		Doc *d = C.docs;
		C.docs = d->next;
		if (d->req) {
			/* The cancel still calls on_doc, which frees it. */
			d->orphan = true;
			for (Waiter *w = d->waiters, *n; w; w = n) {
				n = w->next;
				free(w);
			}
			d->waiters = NULL;
			api_cancel(d->req);
			continue;
		}
		doc_free(d);
	}
}
