/* kb_sync: bring the store's articles in line with what the catalog, the demo and --demo-scale generate; start-up of the knowledge base. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "server/kb.h"
#include "common/timefmt.h"
#include "common/xalloc.h"
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Bump when kb_terms_of changes what it writes: the index is rebuilt, as
 * removing entries from a contentless index needs the very terms. */
#define KB_INDEX_VERSION "3"
#define BATCH 5000 /* writes per transaction */

struct action {
	size_t src;     /* index in the source, or SIZE_MAX for a deletion */
	int row;        /* index in the stored rows, or -1 for a new article */
	int rank;       /* kind order */
	int64_t updated;
};

/* Notices first and guides last, then oldest first: later writes rank
 * higher among equal search hits. Deletions last. */
static int action_cmp(const void *pa, const void *pb)
{
	const struct action *a = pa, *b = pb;
	if (a->rank != b->rank)
		return a->rank < b->rank ? -1 : 1;
	if (a->updated != b->updated)
		return a->updated < b->updated ? -1 : 1;
	if (a->src != b->src)
		return a->src < b->src ? -1 : 1;
	return a->row < b->row ? -1 : a->row > b->row;
}

/* The index terms of a stored row, to remove it from the index. */
static bool stored_terms(struct store *st, const char *id, struct kb_terms *t, int64_t *seq)
{
	struct kb_row r;
	if (store_kb_get(st, id, &r) != STORE_OK)
		return false;
	struct kb_article a;
	bool ok = !r.deleted && r.json && kb_article_parse(r.json, &a, NULL);
	if (ok) {
		kb_terms_of(&a, t);
		kb_article_free(&a);
		*seq = r.seq;
	}
	store_kb_row_free(&r);
	return ok;
}

/* Carry out one action. */
static int apply(struct store *st, enum kb_origin origin, const struct kb_source *src, const struct action *ac,
		 const struct kb_row *rows, int64_t now)
{
	const struct kb_row *row = ac->row >= 0 ? &rows[ac->row] : NULL;
	struct kb_terms old = { 0 }, terms = { 0 };
	int64_t old_seq = 0;
	bool have_old = row && !row->deleted && stored_terms(st, row->id, &old, &old_seq);
	struct kb_write w = { .origin = origin, .at = now, .old_seq = have_old ? old_seq : 0,
			      .old_terms = have_old ? &old : NULL };
	struct kb_article a = { 0 };
	char hash[33] = "";
	char *json = NULL;
	if (ac->src != SIZE_MAX) {
		src->get(src->ctx, ac->src, &a);
		kb_article_hash(&a, hash);
		w.id = a.id;
		w.version = row ? row->version + 1 : 1;
		w.hash = hash;
		json = kb_article_json(&a, w.version);
		w.json = json;
		kb_terms_of(&a, &terms);
		w.terms = &terms;
	} else {
		w.id = row->id;
		w.version = row->version;
	}
	int rc = store_kb_write(st, &w, NULL);
	free(json);
	kb_article_free(&a);
	kb_terms_free(&terms);
	if (have_old)
		kb_terms_free(&old);
	return rc;
}

/* Write the actions in batches of BATCH per transaction. */
static int apply_all(struct store *st, enum kb_origin origin, const struct kb_source *src, const struct action *acts,
		     size_t n, const struct kb_row *rows, int64_t now)
{
	for (size_t i = 0; i < n;) {
		if (store_begin(st) != STORE_OK)
			return -1;
		size_t end = i + BATCH < n ? i + BATCH : n;
		for (; i < end; i++)
			if (apply(st, origin, src, &acts[i], rows, now) != STORE_OK) {
				store_rollback(st);
				return -1;
			}
		if (store_commit(st) != STORE_OK) {
			store_rollback(st);
			return -1;
		}
	}
	return 0;
}

int kb_sync(struct store *st, enum kb_origin origin, const struct kb_source *src, int64_t now,
	    struct kb_sync_stats *stats)
{
	struct kb_sync_stats s = { 0 };
	struct kb_row *rows;
	int nr = store_kb_list(st, origin, &rows);
	if (nr < 0)
		return -1;
	struct action *acts = xcalloc(src->n + (size_t)nr + 1, sizeof *acts);
	size_t na = 0;
	int j = 0;
	for (size_t i = 0; i < src->n; i++) {
		struct kb_article a;
		src->get(src->ctx, i, &a);
		while (j < nr && strcmp(rows[j].id, a.id) < 0) {
			if (!rows[j].deleted)
				acts[na++] = (struct action){ SIZE_MAX, j, 99, 0 };
			j++;
		}
		const struct kb_row *row = j < nr && strcmp(rows[j].id, a.id) == 0 ? &rows[j] : NULL;
		char hash[33];
		kb_article_hash(&a, hash);
		if (row && !row->deleted && strcmp(row->hash, hash) == 0) {
			s.unchanged++;
		} else {
			acts[na++] = (struct action){ i, row ? j : -1, kb_kind_rank(a.kind), a.updated_at };
			if (row && !row->deleted)
				s.changed++;
			else
				s.added++;
		}
		if (row)
			j++;
		kb_article_free(&a);
	}
	for (; j < nr; j++)
		if (!rows[j].deleted)
			acts[na++] = (struct action){ SIZE_MAX, j, 99, 0 };
	for (size_t i = 0; i < na; i++)
		s.deleted += acts[i].src == SIZE_MAX;
	qsort(acts, na, sizeof *acts, action_cmp);
	bool bulk = na > BATCH;
	if (bulk)
		store_kb_bulk(st, true);
	int rc = apply_all(st, origin, src, acts, na, rows, now);
	if (bulk)
		store_kb_bulk(st, false);
	free(acts);
	store_kb_rows_free(rows, nr);
	if (stats)
		*stats = s;
	return rc;
}

/* ---- a set as a source ---- */

static void list_copy(struct kb_list *dst, const struct kb_list *src)
{
	for (size_t i = 0; i < src->n; i++)
		kb_list_add(dst, src->v[i]);
}

static void set_get(void *ctx, size_t i, struct kb_article *a)
{
	const struct kb_article *s = &((const struct kb_set *)ctx)->v[i];
	memset(a, 0, sizeof *a);
	a->id = xstrdup(s->id);
	a->title = xstrdup(s->title ? s->title : "");
	a->kind = s->kind;
	a->body = xstrdup(s->body ? s->body : "");
	list_copy(&a->keywords, &s->keywords);
	list_copy(&a->matters, &s->matters);
	list_copy(&a->related, &s->related);
	a->updated_at = s->updated_at;
}

int kb_sync_set(struct store *st, enum kb_origin origin, struct kb_set *set, int64_t now, struct kb_sync_stats *stats)
{
	kb_set_sort(set);
	for (size_t i = 1; i < set->n; i++)
		if (strcmp(set->v[i - 1].id, set->v[i].id) == 0) {
			fprintf(stderr, "yichuangd: knowledge base: article id %s is generated twice\n", set->v[i].id);
			return -1;
		}
	struct kb_source src = { set->n, set_get, set };
	return kb_sync(st, origin, &src, now, stats);
}

static void synth_get(void *ctx, size_t i, struct kb_article *a)
{
	(void)ctx;
	kb_synth_article(i, a);
}

/* ---- start-up ---- */

/* Re-index every live article when the terms' format changed. */
static int index_check(struct store *st)
{
	char v[16];
	int m = store_meta_get(st, "kb_index", v, sizeof v);
	if (m == STORE_ERROR)
		return -1;
	if (m == STORE_OK && strcmp(v, KB_INDEX_VERSION) == 0)
		return 0;
	int live = 0;
	if (store_kb_count(st, &live, NULL) == STORE_OK && live > 0)
		fprintf(stderr, "yichuangd: knowledge base: the search index changed format, indexing %d articles again\n",
			live);
	if (store_begin(st) != STORE_OK)
		return -1;
	int rc = store_kb_index_clear(st) == STORE_OK ? 0 : -1;
	struct kb_row rows[256];
	int64_t after = 0;
	int n;
	while (rc == 0 && (n = store_kb_changes(st, after, rows, 256)) > 0) {
		for (int i = 0; i < n; i++) {
			struct kb_article a;
			if (rc == 0 && rows[i].json && kb_article_parse(rows[i].json, &a, NULL)) {
				struct kb_terms t;
				kb_terms_of(&a, &t);
				rc = store_kb_index_add(st, rows[i].seq, &t) == STORE_OK ? 0 : -1;
				kb_terms_free(&t);
				kb_article_free(&a);
			}
			after = rows[i].seq;
			store_kb_row_free(&rows[i]);
		}
	}
	if (rc == 0 && n >= 0 && store_meta_set(st, "kb_index", KB_INDEX_VERSION) == STORE_OK &&
	    store_commit(st) == STORE_OK)
		return 0;
	store_rollback(st);
	return -1;
}

static void add_stats(struct kb_sync_stats *sum, const struct kb_sync_stats *s)
{
	sum->added += s->added;
	sum->changed += s->changed;
	sum->deleted += s->deleted;
}

/* The demo's first seed also writes the withdrawn notices, so that the
 * next sync leaves their tombstones in the change log. */
static int sync_demo(struct store *st, int64_t now, struct kb_sync_stats *sum)
{
	struct kb_row *rows;
	int nr = store_kb_list(st, KB_ORIGIN_DEMO, &rows);
	if (nr < 0)
		return -1;
	store_kb_rows_free(rows, nr);
	struct kb_set set = { 0 };
	struct kb_sync_stats s;
	int rc = 0;
	kb_gen_demo(&set);
	if (nr == 0) {
		kb_gen_demo_withdrawn(&set);
		rc = kb_sync_set(st, KB_ORIGIN_DEMO, &set, now, &s);
		kb_set_free(&set);
		kb_gen_demo(&set);
		if (rc == 0)
			add_stats(sum, &s);
	}
	if (rc == 0)
		rc = kb_sync_set(st, KB_ORIGIN_DEMO, &set, now, &s);
	if (rc == 0)
		add_stats(sum, &s);
	kb_set_free(&set);
	return rc;
}

int kb_start(struct store *st, const struct kb_options *o, int64_t now)
{
	struct kb_sync_stats sum = { 0 }, s;
	if (index_check(st) != 0) {
		fprintf(stderr, "yichuangd: knowledge base: the search index could not be rebuilt\n");
		return -1;
	}
	if (o->scale >= 0) {
		int64_t t0 = time_mono_ms();
		struct kb_source src = { (size_t)o->scale, synth_get, NULL };
		if (kb_sync(st, KB_ORIGIN_SYNTH, &src, now, &s) != 0) {
			fprintf(stderr, "yichuangd: knowledge base: the synthetic articles could not be written\n");
			return -1;
		}
		add_stats(&sum, &s);
		if (!o->quiet)
			fprintf(stderr, "yichuangd: knowledge base: %ld synthetic articles (%zu written, %zu deleted) in %.1f s\n",
				o->scale, s.added + s.changed, s.deleted, (double)(time_mono_ms() - t0) / 1000.0);
	}
	if (o->demo && sync_demo(st, now, &sum) != 0) {
		fprintf(stderr, "yichuangd: knowledge base: the demo articles could not be written\n");
		return -1;
	}
	struct kb_set set = { 0 };
	kb_gen_catalog(&set);
	int rc = kb_sync_set(st, KB_ORIGIN_CATALOG, &set, now, &s);
	kb_set_free(&set);
	if (rc != 0) {
		fprintf(stderr, "yichuangd: knowledge base: the guides could not be written\n");
		return -1;
	}
	add_stats(&sum, &s);
	int purged = 0, live = 0, dead = 0;
	if (store_begin(st) == STORE_OK) {
		if (store_kb_purge(st, now - (int64_t)KB_TOMBSTONE_DAYS * 86400, &purged) == STORE_OK)
			store_commit(st);
		else
			store_rollback(st);
	}
	store_kb_count(st, &live, &dead);
	if (!o->quiet)
		fprintf(stderr, "yichuangd: knowledge base: %d articles, %d deleted (%zu added, %zu changed, %zu deleted now)\n",
			live, dead, sum.added, sum.changed, sum.deleted);
	return 0;
}
