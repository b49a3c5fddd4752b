/* catalog: the matter catalog (事项, 办事指南), its forms and 一件事 bundles — synced into the store, served from memory. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef YCD_CATALOG_H
#define YCD_CATALOG_H
#include "server/catalog_data.h"
#include "server/store.h"
#include "forms/forms.h"
#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct cat_matter {
	char *code, *impl, *name, *short_name, *dept;
	char **keywords;
	size_t nkeywords;
	char *form_id;            /* NULL when the matter needs no form */
	unsigned targets;         /* CAT_PERSON | CAT_ENTITY */
	cJSON *doc;               /* the Matter, updated_at as stored */
	char *full;               /* doc as JSON text */
	char *summary;            /* MatterSummary as JSON text */
	int64_t updated_at;
	int64_t deleted_at;       /* 0 while in the catalog */
};

enum { CAT_PERSON = 1, CAT_ENTITY = 2 };

struct cat_form {
	char *id;
	int version;
	char *json;               /* FormSchema text, updated_at as stored */
	FormSchema *schema;       /* parsed once; read-only */
	int64_t updated_at;
	bool deleted;
};

struct cat_bundle {
	char *id;
	cJSON *doc;               /* the Bundle */
	char *json;
	bool deleted;
};

/* Bring the store's catalog in line with files (the embedded catalog):
 * new and changed entries get a new updated_at, entries no longer there a
 * deleted_at. Returns how many rows changed, -1 on an error. */
int catalog_sync(struct store *st, const struct catalog_file *files, size_t n, int64_t now);
/* The files of a catalog directory laid out like data/catalog
 * (bundles.json, matters/<code>.json), for catalog_sync instead of the
 * embedded ones (--catalog DIR). -1 with a message in err. */
int catalog_dir_read(const char *dir, struct catalog_file **out, size_t *n, char *err, size_t errsz);
void catalog_dir_free(struct catalog_file *files, size_t n);
/* Read the store's catalog into memory (replacing what was loaded). Call
 * before the server threads start; the loaded catalog is read-only. */
int catalog_load(struct store *st);
void catalog_free(void);

/* Lookups; NULL when unknown. A matter by basic or implementation code
 * (deleted ones only when with_deleted). */
const struct cat_matter *catalog_matter(const char *code, bool with_deleted);
/* A form by id; version 0 is the newest one still in the catalog. */
const struct cat_form *catalog_form(const char *id, int version);
const struct cat_bundle *catalog_bundle(const char *id);
/* Everything loaded, in code / key order (deleted entries included). */
const struct cat_matter *catalog_matter_at(size_t i);
size_t catalog_matter_count(void);
const struct cat_bundle *catalog_bundle_at(size_t i);
size_t catalog_bundle_count(void);

/* Search (catalog_search.c): matters that match every word of q (names,
 * short names, codes, keywords, pinyin initials and full pinyin), best
 * first; of one department when dept is not NULL; changed after since when
 * since >= 0 (then ordered by updated_at; -1: any time). q NULL lists all. Fills out with
 * at most max entries; returns the number of matches (may exceed max). */
size_t catalog_search(const char *q, const char *dept, int64_t since, const struct cat_matter **out, size_t max);

#endif
