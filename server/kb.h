/* kb: the knowledge base — articles (办事指南, FAQ, policy, notices) generated from the catalog and the demo, synced into the store with a change log. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef YCD_KB_H
#define YCD_KB_H
#include "server/store.h"
#include "server/store_kb.h"
#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Body markup (documented in the contract's KbArticle): one block per line,
 * blank lines between groups. "# " heading, "## " subheading, "- " list
 * item, "1. " numbered item, anything else a paragraph. Inline links
 * "[text](matter:CODE)" and "[text](kb:ID)"; every other bracket is text.
 */

/* Where an article comes from; a sync only touches its own origin. */
enum kb_origin {
	KB_ORIGIN_CATALOG = 1, /* the guides of the loaded catalog (always) */
	KB_ORIGIN_DEMO = 2,    /* FAQ, policy and notice articles of --demo */
	KB_ORIGIN_SYNTH = 3,   /* --demo-scale N synthetic articles */
};

/* A list of strings without duplicates. */
struct kb_list {
	char **v;
	size_t n, cap;
};

struct kb_article {
	char *id;
	char *title;
	const char *kind;             /* static: "guide", "faq", "policy", "notice" */
	char *body;                   /* markup */
	struct kb_list keywords;
	struct kb_list matters;       /* basic codes */
	struct kb_list related;       /* article ids */
	int64_t updated_at;
};

struct kb_set {
	struct kb_article *v;
	size_t n, cap;
};

/* ---- articles (kb_article.c) ---- */
/* Append a copy of s unless it is NULL, empty or already there. */
void kb_list_add(struct kb_list *l, const char *s);
bool kb_list_has(const struct kb_list *l, const char *s);
void kb_list_free(struct kb_list *l);
/* A new article at the end of the set (the set owns it): id and kind set,
 * everything else empty. Pointers into the set move when it grows. */
struct kb_article *kb_set_new(struct kb_set *s, const char *id, const char *kind);
void kb_set_free(struct kb_set *s);
/* Sort by id (for kb_set_find and the sync). */
void kb_set_sort(struct kb_set *s);
/* An article of a sorted set by id; NULL when missing. */
const struct kb_article *kb_set_find(const struct kb_set *s, const char *id);
void kb_article_free(struct kb_article *a);
/* The contract's KbArticle as compact JSON (caller frees). */
char *kb_article_json(const struct kb_article *a, int version);
/* Back from that JSON: fills a (free with kb_article_free) and *version;
 * false when it is not a KbArticle. */
bool kb_article_parse(const char *json, struct kb_article *a, int *version);
/* Fingerprint of everything but the version: 32 hex digits. */
void kb_article_hash(const struct kb_article *a, char out[33]);
/* The markup as plain text: line markers dropped, links as their text,
 * one line per block (caller frees). */
char *kb_plain(const char *markup);
/* Check markup: every link names a matter or article that has() knows.
 * Returns the first bad target (static buffer) or NULL. */
const char *kb_links_check(const char *markup, bool (*has)(void *ctx, bool matter, const char *target), void *ctx);
/* Order of kinds in a sync (notices first, guides last: later writes rank
 * higher among equal search hits). */
int kb_kind_rank(const char *kind);
bool kb_kind_valid(const char *kind);

/* A small deterministic generator (splitmix64) for the demo texts. */
struct kb_rng {
	uint64_t s;
};
uint64_t kb_rng_next(struct kb_rng *r);
/* Uniform in [0, n); 0 when n is 0. */
unsigned kb_rng_below(struct kb_rng *r, unsigned n);

/* ---- index terms and queries (kb_terms.c) ---- */
/* The terms of an article for the index (free with kb_terms_free). */
void kb_terms_of(const struct kb_article *a, struct kb_terms *t);
void kb_terms_free(struct kb_terms *t);
/* The index token of a matter code ("m" + letters and digits). */
void kb_matter_token(const char *code, char *out, size_t size);
/* Split search words into terms: each run of Han characters, each ASCII
 * word (also read as pinyin initials). False when nothing is left. */
bool kb_query_parse(const char *text, struct kb_query *q);

/* ---- generators ---- */
/* The 办事指南 of every matter of the loaded catalog, one guide per
 * department and per 一件事 bundle (kb_guide.c). */
void kb_gen_catalog(struct kb_set *out);
/* The guide of one matter (a contract Matter); updated is its change time. */
void kb_gen_guide(struct kb_set *out, const cJSON *matter, int64_t updated);
/* The demo's FAQ, policy and notice articles, templates filled from the
 * loaded catalog plus written ones (kb_demo.c, kb_demo_text.c). */
void kb_gen_demo(struct kb_set *out);
/* Ids of demo articles that were withdrawn: the demo seed writes and then
 * deletes them, so the change log shows deletions from the start. */
void kb_gen_demo_withdrawn(struct kb_set *out);
/* Synthetic article i (0-based) of the --demo-scale set into *a, which the
 * caller frees with kb_article_free (kb_synth.c). Deterministic. */
void kb_synth_article(size_t i, struct kb_article *a);
/* The id of synthetic article i ("syn-0000001"); ids sort like i. */
void kb_synth_id(size_t i, char out[24]);
#define KB_SYNTH_MAX 1000000

/* ---- sync and start-up (kb_sync.c) ---- */
/* Articles of one origin, in id order, produced one at a time. */
struct kb_source {
	size_t n;
	/* Fill *a with article i (caller frees it); ids must ascend with i. */
	void (*get)(void *ctx, size_t i, struct kb_article *a);
	void *ctx;
};
struct kb_sync_stats {
	size_t added, changed, deleted, unchanged;
};
/* Bring the store's articles of an origin in line with src: new and
 * changed ones are written with a new version and change-log entry,
 * missing ones become tombstones. 0 or -1. */
int kb_sync(struct store *st, enum kb_origin origin, const struct kb_source *src, int64_t now,
	    struct kb_sync_stats *stats);
/* The same for an in-memory set (sorted here). */
int kb_sync_set(struct store *st, enum kb_origin origin, struct kb_set *set, int64_t now, struct kb_sync_stats *stats);

struct kb_options {
	bool demo;   /* sync the demo articles */
	long scale;  /* synthetic articles to keep; -1 leaves them as they are */
	bool quiet;  /* no summary line on stderr */
};
/* At start-up, after catalog_load: rebuild the search index if its format
 * changed, sync synthetic, demo and catalog articles, drop tombstones
 * older than KB_TOMBSTONE_DAYS. 0 or -1 after reporting. */
int kb_start(struct store *st, const struct kb_options *o, int64_t now);
#define KB_TOMBSTONE_DAYS 180

#endif
