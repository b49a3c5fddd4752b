/* catalog: the hall's matters and 一件事 bundles, fetched once per session
 * and kept in memory; guides and form schemas fetched on demand and kept
 * too; and the picker's search (name, code, pinyin initials or full
 * pinyin). No curses. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef YC_CATALOG_H
#define YC_CATALOG_H
#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>

typedef struct CatMatter {
	char *code, *impl_code, *name, *department; /* clean */
	bool for_person, for_entity;
	int promised;                /* value of the promised time limit */
	char *promised_unit;         /* working_days | calendar_days | hours */
} CatMatter;

typedef struct CatBundle {
	char *id, *name, *description;
	bool for_person, for_entity;
	char **codes, **names;       /* its matters */
	size_t n;
	char **form_ids;
	size_t n_forms;
} CatBundle;

typedef enum CatState { CAT_EMPTY = 0, CAT_LOADING, CAT_READY, CAT_FAILED } CatState;

/* One search result: a bundle (is_bundle) or a matter, by index. */
typedef struct CatHit {
	bool is_bundle;
	size_t index;
	int score;
	size_t mstart, mlen;         /* matched bytes in the name, for highlighting (mlen 0: none) */
} CatHit;

/* The list (GET /v1/matters, every page, and GET /v1/bundles) once per
 * session: a second call while it loads or after it loaded does nothing
 * but call cb. A failed load is tried again by the next call. */
void catalog_load(void (*cb)(bool ok, void *ud), void *ud);
CatState catalog_state(void);
const char *catalog_error(void);   /* why the load failed, or NULL */
/* Forget everything (logout, tests). */
void catalog_clear(void);

const CatMatter *catalog_matters(size_t *n);
const CatBundle *catalog_bundles(size_t *n);
const CatMatter *catalog_matter(const char *code);  /* by basic or implementation code */
const CatBundle *catalog_bundle(const char *id);

/* Add a MatterPage's items / a BundlePage's items (strings cleaned).
 * Returns how many were added; -1 when the page is malformed. */
int catalog_add_matters(const cJSON *page);
int catalog_add_bundles(const cJSON *page);

/* Search: bundles and matters whose name, code or implementation code
 * contains q, or whose name matches q by pinyin initials ("gtgsh") or full
 * pinyin. Best first; things for the applicant's kind (person: entity false;
 * entity: true) before the others; an empty q lists bundles then matters in
 * code order. Returns how many hits were stored (at most max). */
size_t catalog_search(const char *q, int applicant_entity, CatHit *hits, size_t max);

/* A matter's guide (GET /v1/matters/{code}) and a form schema (GET
 * /v1/forms/{id}), cached for the session. cb gets the JSON (borrowed:
 * copy what you keep) or NULL with a translated reason. cb runs from the
 * loop, never inline. Returns a handle for catalog_cancel. */
typedef void (*catalog_doc_cb)(const cJSON *doc, const char *error, void *ud);
unsigned catalog_guide(const char *code, catalog_doc_cb cb, void *ud);
unsigned catalog_form(const char *id, catalog_doc_cb cb, void *ud);
/* The callback of handle will not run. */
void catalog_cancel(unsigned handle);

/* Offline (app.offline_session, or a request that got no answer) the list,
 * guides and forms come from the cached session (cache.h); the error then
 * says "not cached" when they are not there either. */

/* The cache sync found newer versions: matters or bundles of a page
 * replace those listed (added when new; nothing when the list is not
 * loaded); a kept guide (form false) or form is forgotten, so that the
 * next ask reads it again. */
int catalog_update(const cJSON *page, bool bundles);
void catalog_forget(bool form, const char *key);

#endif
