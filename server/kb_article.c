/* kb_article: knowledge-base articles in memory — lists, sets, the contract's JSON, fingerprints, body markup as plain text. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "server/kb.h"
#include "server/sbuf.h"
#include "common/kbmarkup.h"
#include "common/jsonx.h"
#include "common/timefmt.h"
#include "common/xalloc.h"
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void kb_list_add(struct kb_list *l, const char *s)
{
	if (!s || !*s || kb_list_has(l, s))
		return;
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 8;
		l->v = xrealloc(l->v, l->cap * sizeof *l->v);
	}
	l->v[l->n++] = xstrdup(s);
}

bool kb_list_has(const struct kb_list *l, const char *s)
{
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->v[i], s) == 0)
			return true;
	return false;
}

void kb_list_free(struct kb_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	memset(l, 0, sizeof *l);
}

struct kb_article *kb_set_new(struct kb_set *s, const char *id, const char *kind)
{
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 64;
		s->v = xrealloc(s->v, s->cap * sizeof *s->v);
	}
	struct kb_article *a = &s->v[s->n++];
	memset(a, 0, sizeof *a);
	a->id = xstrdup(id);
	a->kind = kind;
	return a;
}

void kb_article_free(struct kb_article *a)
{
	free(a->id);
	free(a->title);
	free(a->body);
	kb_list_free(&a->keywords);
	kb_list_free(&a->matters);
	kb_list_free(&a->related);
	memset(a, 0, sizeof *a);
}

void kb_set_free(struct kb_set *s)
{
	for (size_t i = 0; i < s->n; i++)
		kb_article_free(&s->v[i]);
	free(s->v);
	memset(s, 0, sizeof *s);
}

static int by_id(const void *a, const void *b)
{
	return strcmp(((const struct kb_article *)a)->id, ((const struct kb_article *)b)->id);
}

void kb_set_sort(struct kb_set *s)
{
	if (s->n > 1)
		qsort(s->v, s->n, sizeof *s->v, by_id);
}

const struct kb_article *kb_set_find(const struct kb_set *s, const char *id)
{
	struct kb_article key = { .id = (char *)id };
	return s->n ? bsearch(&key, s->v, s->n, sizeof *s->v, by_id) : NULL;
}

/* ---- JSON ---- */

static cJSON *list_json(const struct kb_list *l)
{
	cJSON *a = cJSON_CreateArray();
	for (size_t i = 0; i < l->n; i++)
		cJSON_AddItemToArray(a, cJSON_CreateString(l->v[i]));
	return a;
}

char *kb_article_json(const struct kb_article *a, int version)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "id", a->id);
	cJSON_AddStringToObject(o, "title", a->title ? a->title : "");
	cJSON_AddStringToObject(o, "kind", a->kind ? a->kind : "faq");
	cJSON_AddStringToObject(o, "body", a->body ? a->body : "");
	cJSON_AddItemToObject(o, "keywords", list_json(&a->keywords));
	cJSON_AddItemToObject(o, "matters", list_json(&a->matters));
	cJSON_AddItemToObject(o, "related", list_json(&a->related));
	cJSON_AddNumberToObject(o, "version", version);
	char ts[21];
	time_rfc3339((time_t)a->updated_at, ts);
	cJSON_AddStringToObject(o, "updated_at", ts);
	char *s = json_print(o);
	cJSON_Delete(o);
	return s;
}

static const char *const kinds[] = { "notice", "policy", "faq", "guide" };

int kb_kind_rank(const char *kind)
{
	for (int i = 0; i < (int)(sizeof kinds / sizeof kinds[0]); i++)
		if (kind && strcmp(kind, kinds[i]) == 0)
			return i;
	return -1;
}

bool kb_kind_valid(const char *kind)
{
	return kb_kind_rank(kind) >= 0;
}

static bool list_from(const cJSON *arr, struct kb_list *l)
{
	const cJSON *e;
	if (!cJSON_IsArray(arr))
		return false;
	cJSON_ArrayForEach(e, arr) {
		if (!cJSON_IsString(e))
			return false;
		kb_list_add(l, e->valuestring);
	}
	return true;
}

bool kb_article_parse(const char *json, struct kb_article *a, int *version)
{
	memset(a, 0, sizeof *a);
	cJSON *o = json ? cJSON_Parse(json) : NULL;
	if (!o)
		return false;
	const char *kind = json_str(o, "kind", "");
	bool ok = json_str(o, "id", NULL) && json_str(o, "title", NULL) && json_str(o, "body", NULL) &&
		  kb_kind_valid(kind);
	if (ok) {
		a->id = xstrdup(json_str(o, "id", ""));
		a->title = xstrdup(json_str(o, "title", ""));
		a->body = xstrdup(json_str(o, "body", ""));
		a->kind = kinds[kb_kind_rank(kind)];
		time_t t = time_parse_rfc3339(json_str(o, "updated_at", ""));
		a->updated_at = t > 0 ? (int64_t)t : 0;
		if (version)
			*version = (int)json_long(o, "version", 1);
		ok = list_from(json_arr(o, "keywords"), &a->keywords) && list_from(json_arr(o, "matters"), &a->matters) &&
		     list_from(json_arr(o, "related"), &a->related);
	}
	cJSON_Delete(o);
	if (!ok)
		kb_article_free(a);
	return ok;
}

void kb_article_hash(const struct kb_article *a, char out[33])
{
	char *j = kb_article_json(a, 0);
	unsigned char h[16];
	crypto_generichash(h, sizeof h, (const unsigned char *)j, strlen(j), NULL, 0);
	free(j);
	sodium_bin2hex(out, 33, h, sizeof h);
}

/* ---- markup ---- */

char *kb_plain(const char *markup)
{
	return kbm_plain(markup);
}

const char *kb_links_check(const char *markup, bool (*has)(void *ctx, bool matter, const char *target), void *ctx)
{
	static _Thread_local char bad[96];
	for (const char *p = markup ? strchr(markup, '[') : NULL; p; p = strchr(p + 1, '[')) {
		KbLink k;
		if (!kbm_link_at(p, &k))
			continue;
		char t[80];
		snprintf(t, sizeof t, "%.*s", (int)k.target_len, k.target);
		if (!has(ctx, k.matter, t)) {
			snprintf(bad, sizeof bad, "%s:%s", k.matter ? "matter" : "kb", t);
			return bad;
		}
	}
	return NULL;
}

/* ---- generator ---- */

uint64_t kb_rng_next(struct kb_rng *r)
{
	uint64_t z = (r->s += 0x9E3779B97F4A7C15ull);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

unsigned kb_rng_below(struct kb_rng *r, unsigned n)
{
	return n ? (unsigned)(kb_rng_next(r) % n) : 0;
}
