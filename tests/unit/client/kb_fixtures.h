/* kb_fixtures: a store in a fresh folder and knowledge-base change pages
 * built in memory, shared by the test_kb_* and test_store* files. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef YC_KB_FIXTURES_H
#define YC_KB_FIXTURES_H
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "client/kb.h"
#include "client/store.h"

/* A folder under /tmp removed with everything in it at teardown. */
static char fx_dir[64];

static inline int fx_mkdir(void)
{
	snprintf(fx_dir, sizeof fx_dir, "/tmp/yc-kb-XXXXXX");
	return mkdtemp(fx_dir) ? 0 : -1;
}

static inline void fx_rmdir(void)
{
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", fx_dir);
	if (system(cmd) != 0)
		fprintf(stderr, "cannot remove %s\n", fx_dir);
}

/* "<dir>/name" into a static buffer. */
static inline const char *fx_path(const char *name)
{
	static char p[256];
	snprintf(p, sizeof p, "%s/%s", fx_dir, name);
	return p;
}

/* One article as the contract's KbArticle. */
typedef struct FxArticle {
	const char *id, *title, *kind, *body, *keywords; /* keywords: space separated */
	int version;
	const char *updated; /* RFC 3339 */
} FxArticle;

static inline cJSON *fx_article(const FxArticle *a)
{
	cJSON *j = cJSON_CreateObject();
	cJSON_AddStringToObject(j, "id", a->id);
	cJSON_AddStringToObject(j, "title", a->title);
	cJSON_AddStringToObject(j, "kind", a->kind ? a->kind : "faq");
	cJSON_AddStringToObject(j, "body", a->body ? a->body : "");
	cJSON *kw = cJSON_AddArrayToObject(j, "keywords");
	if (a->keywords) {
		char *copy = strdup(a->keywords), *save = NULL;
		for (char *t = strtok_r(copy, " ", &save); t; t = strtok_r(NULL, " ", &save))
			cJSON_AddItemToArray(kw, cJSON_CreateString(t));
		free(copy);
	}
	cJSON_AddItemToArray(cJSON_AddArrayToObject(j, "matters"), cJSON_CreateString("310000-001"));
	cJSON_AddArrayToObject(j, "related");
	cJSON_AddNumberToObject(j, "version", a->version ? a->version : 1);
	cJSON_AddStringToObject(j, "updated_at", a->updated ? a->updated : "2026-01-01T00:00:00Z");
	return j;
}

/* A page: upserts of arts[0..n), then deletions of the ids in dels (NULL
 * ended), seq numbers from *seq on; cursor NULL ends the sync. */
static inline cJSON *fx_page(const FxArticle *arts, int n, const char *const *dels, long *seq, const char *cursor)
{
	cJSON *p = cJSON_CreateObject();
	cJSON *items = cJSON_AddArrayToObject(p, "items");
	char num[24];
	for (int i = 0; i < n; i++) {
		cJSON *it = cJSON_CreateObject();
		snprintf(num, sizeof num, "%ld", ++*seq);
		cJSON_AddStringToObject(it, "seq", num);
		cJSON_AddStringToObject(it, "op", "upsert");
		cJSON_AddStringToObject(it, "id", arts[i].id);
		cJSON_AddStringToObject(it, "at", "2026-01-01T00:00:00Z");
		cJSON_AddItemToObject(it, "article", fx_article(&arts[i]));
		cJSON_AddItemToArray(items, it);
	}
	for (int i = 0; dels && dels[i]; i++) {
		cJSON *it = cJSON_CreateObject();
		snprintf(num, sizeof num, "%ld", ++*seq);
		cJSON_AddStringToObject(it, "seq", num);
		cJSON_AddStringToObject(it, "op", "delete");
		cJSON_AddStringToObject(it, "id", dels[i]);
		cJSON_AddStringToObject(it, "at", "2026-01-01T00:00:00Z");
		cJSON_AddNullToObject(it, "article");
		cJSON_AddItemToArray(items, it);
	}
	if (cursor)
		cJSON_AddStringToObject(p, "next_cursor", cursor);
	else
		cJSON_AddNullToObject(p, "next_cursor");
	snprintf(num, sizeof num, "%ld", *seq);
	cJSON_AddStringToObject(p, "sync_token", num);
	return p;
}

/* Ids of the hits, space separated, into a static buffer. */
static inline const char *fx_ids(const KbResults *r)
{
	static char buf[2048];
	buf[0] = '\0';
	for (int i = 0; i < r->n; i++) {
		size_t n = strlen(buf);
		snprintf(buf + n, sizeof buf - n, "%s%s", i ? " " : "", r->hits[i].id);
	}
	return buf;
}

#endif
