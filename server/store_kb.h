/* store_kb: the knowledge-base part of the storage interface — versioned articles, their change log with tombstones, and the search index. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef YCD_STORE_KB_H
#define YCD_STORE_KB_H
#include "server/store.h"
#include <stdbool.h>
#include <stdint.h>

/*
 * Every write (upsert or delete) of an article takes the next position in
 * the change log (seq); a row keeps only its last write, so the log answers
 * "everything after N" with one row per article. Deleted articles stay as
 * tombstones until purged; the floor is the highest seq purged, below which
 * a sync token can no longer be answered.
 */

/* The terms an article is found by, space-separated tokens (kb_terms.c). */
struct kb_terms {
	char *title; /* Han bigrams, then every Han character alone; ASCII words (marked) */
	char *py;    /* pinyin initials of the title as letter bigrams */
	char *kw;    /* keywords, like the title */
	char *kwpy;  /* pinyin initials of the keywords */
	char *body;  /* Han bigrams and the last character of each run; ASCII words */
	char *mt;    /* one token per matter: "m" and the code without hyphens */
};

struct kb_row {
	int64_t seq;        /* change-log position of the last write */
	char id[72];
	int origin;
	int version;
	int64_t at;         /* time of the last write */
	char hash[33];      /* content fingerprint; "" for tombstones */
	bool deleted;
	char *json;         /* the KbArticle; NULL for tombstones and in lists */
};

/* One write. json NULL deletes (leaves a tombstone). */
struct kb_write {
	const char *id;
	int origin;
	int version;
	int64_t at;
	const char *hash;
	const char *json;
	const struct kb_terms *terms;     /* of json; NULL when deleting */
	int64_t old_seq;                  /* the row's index entry to remove; 0: none */
	const struct kb_terms *old_terms; /* its terms, exactly as written then */
};
/* Many writes ahead (on) or done (off): a larger page cache meanwhile. */
int store_kb_bulk(struct store *st, bool on);
/* Write and take the next seq (*seq may be NULL). */
int store_kb_write(struct store *st, const struct kb_write *w, int64_t *seq);
/* Every row of an origin, tombstones too, by id, without json. Count or
 * -1; free with store_kb_rows_free. */
int store_kb_list(struct store *st, int origin, struct kb_row **out);
void store_kb_rows_free(struct kb_row *rows, int n);
void store_kb_row_free(struct kb_row *r);
/* One row (with json unless a tombstone) by id or by seq. */
int store_kb_get(struct store *st, const char *id, struct kb_row *out);
int store_kb_at(struct store *st, int64_t seq, struct kb_row *out);
/* Rows with seq > after in seq order (json included). Count (at most max)
 * or -1; free each with store_kb_row_free. */
int store_kb_changes(struct store *st, int64_t after, struct kb_row *out, int max);
/* The newest seq (0 when empty) and the floor. */
int store_kb_log(struct store *st, int64_t *last, int64_t *floor);
/* Drop tombstones written before `before`, never the newest row; the floor
 * rises to the highest seq dropped. */
int store_kb_purge(struct store *st, int64_t before, int *purged);
int store_kb_count(struct store *st, int *live, int *tombstones);

/* ---- search ---- */
enum {
	KB_Q_TERMS = 12,   /* terms of a query */
	KB_Q_TOKENS = 24,  /* tokens of one phrase */
	KB_Q_TOKLEN = 40,  /* bytes of one token with its NUL */
};
/* Which index columns a phrase may match. */
enum kb_family {
	KB_F_SHORT = 1,   /* title, keywords */
	KB_F_BODY = 2,    /* body */
	KB_F_PINYIN = 3,  /* pinyin initials of title and keywords */
};
struct kb_phrase {
	unsigned family;
	bool prefix;       /* the last token may be a prefix */
	int ntok;
	char tok[KB_Q_TOKENS][KB_Q_TOKLEN];
};
/* A term matches when one of its phrases does; a query when every term does. */
struct kb_qterm {
	char text[104];    /* the term as typed (lower-case ASCII), for snippets */
	int nalt;
	struct kb_phrase alt[3];   /* at most one per family */
};
struct kb_query {
	int nterm;
	struct kb_qterm term[KB_Q_TERMS];
	char matter[72];   /* "" or the mt token articles must carry */
};
/* Tiers of a search: 3 every term in title or its pinyin, 2 in keywords
 * too, 1 anywhere. The seqs of the tier's hits that are not in a higher
 * tier, below `below` (0: from the top), newest first. Count or -1. */
int store_kb_search(struct store *st, const struct kb_query *q, int tier, int64_t below, int64_t *seqs, int max);

/* ---- index upkeep ---- */
/* Empty the index / add one row's terms (for a rebuild). */
int store_kb_index_clear(struct store *st);
int store_kb_index_add(struct store *st, int64_t seq, const struct kb_terms *t);

#endif
