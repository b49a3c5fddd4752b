/* kb: the local knowledge-base index (in the store), its delta sync from
 * GET /v1/kb/changes, and search fast enough to run on every key press. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef YC_KB_H
#define YC_KB_H
#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stdint.h>
#include <time.h>
#include "client/store.h"

/*
 * Search: the query is split on spaces into terms that must all match
 * (AND). A term of Chinese characters matches where the text contains it
 * (any length, one character included), in titles, keywords and bodies; a
 * term of letters matches titles by pinyin, initials or full, every reading
 * of polyphonic characters (银行 ← "yh", "yinhang"; 重庆 ← "cq", "zq"),
 * and words of Latin letters or digits anywhere; mixed terms ("社保zm",
 * "重qing") match titles like a pinyin IME. Synonyms (社保 = 社会保险 …)
 * widen a term. Matches in a title or keyword rank above body matches;
 * within those, a bm25-like score of the text, then recency.
 *
 * All text handed out (titles, snippets, bodies) has been through
 * text_clean(); highlight spans are byte offsets into those strings and
 * never split a UTF-8 character.
 *
 * Threads: a Kb is used from the loop thread. kb_search reads the local
 * index only (never the network) and returns within a few milliseconds;
 * the heavy part of a sync runs on a worker with its own connection.
 */

typedef struct Kb Kb;

enum {
	KB_HL_MAX = 8,        /* highlight spans kept per title or snippet */
	KB_LIMIT_DEFAULT = 20,
	KB_LIMIT_MAX = 200,
	KB_SNIPPET_COLS = 60, /* default snippet width in columns */
};

/* Open the index held in st (borrowed: close kb before st). NULL with *err
 * (new sentence) when the store cannot be read. The titles searched in
 * memory load on a thread from here, so open it early (at login): the
 * first search then finds them ready (100,000 articles: about 50 ms). */
Kb *kb_open(Store *st, char **err);
void kb_close(Kb *kb);

/* Articles in the local index. */
int kb_count(Kb *kb);
/* When the last complete sync ended (0: never). */
time_t kb_last_sync(Kb *kb);

/* ------------------------------------------------------------- search */

typedef struct KbSpan {
	uint32_t start, len; /* bytes */
} KbSpan;

typedef struct KbHit {
	char *id;
	char *title;                 /* one line */
	char *kind;                  /* guide | faq | policy | notice */
	char *snippet;               /* one line around the first body match, or the body's start */
	KbSpan title_hl[KB_HL_MAX];
	int ntitle_hl;
	KbSpan snippet_hl[KB_HL_MAX];
	int nsnippet_hl;
	char **matters;              /* matter codes the article is about */
	int nmatters;
	bool in_title;               /* every term matched the title or keywords */
	double score;                /* higher is better; within one answer only */
	time_t updated_at;
} KbHit;

typedef struct KbResults {
	KbHit *hits;                 /* best first */
	int n;
	int total;                   /* articles matching (see total_more) */
	bool total_more;             /* the search stopped early: at least total */
} KbResults;

typedef struct KbSearchOpts {
	int limit;                   /* 0: KB_LIMIT_DEFAULT; at most KB_LIMIT_MAX */
	int snippet_cols;            /* 0: KB_SNIPPET_COLS */
} KbSearchOpts;

/* Search the local index. opt may be NULL. An empty query gives no hits
 * and true. False (with *err, a new sentence, when err is not NULL) only
 * when the store fails; out is then empty. Free out with kb_results_free. */
bool kb_search(Kb *kb, const char *query, const KbSearchOpts *opt, KbResults *out, char **err);
void kb_results_free(KbResults *r);

/* Where query's terms (with synonyms, and pinyin for letter terms) occur
 * in text: up to max spans in text order, non-overlapping. For highlighting
 * an article in the pager and searching inside it. */
int kb_find(const char *query, const char *text, KbSpan *out, int max);

/* ----------------------------------------------------------- articles */

typedef struct KbArticle {
	char *id, *title, *kind;
	char *body;                  /* as the server wrote it, cleaned (newlines kept) */
	char **keywords;
	int nkeywords;
	char **matters;
	int nmatters;
	char **related;              /* article ids */
	int nrelated;
	int version;
	time_t updated_at;
} KbArticle;

/* An article from the local index, or NULL when it is not there. */
KbArticle *kb_article(Kb *kb, const char *id);
/* An article from a KbArticle JSON object (GET /v1/kb/articles/{id}),
 * cleaned; NULL when malformed. */
KbArticle *kb_article_from_json(const cJSON *j);
void kb_article_free(KbArticle *a);

/* --------------------------------------------------------------- sync */

typedef struct KbSyncProgress {
	bool done;                   /* the last report of this run */
	bool ok;                     /* done: the index is up to date */
	bool offline;                /* done: the server could not be reached */
	long upserts, deletes;       /* applied so far in this run */
	int count;                   /* articles in the index now */
	const char *error;           /* done && !ok: why (translated, clean) */
} KbSyncProgress;

typedef void (*kb_sync_cb)(const KbSyncProgress *p, void *ud);

/* Start a delta sync with the session api.h holds: pages of GET
 * /v1/kb/changes?since= are fetched from the loop and applied on a worker
 * thread, each page in one transaction with its cursor, so an interrupted
 * sync resumes where it stopped; a 410 sync-expired starts again from 0
 * and drops what the server no longer has. cb (may be NULL) runs from the
 * loop after each page and once with done. False when a sync is already
 * running (it goes on). The index stays searchable throughout; new
 * articles become searchable in batches (every few thousand in a first
 * sync) and all at the end. Another program syncing the same store makes
 * this one end at once (done, not ok, with a sentence saying so). */
bool kb_sync_start(Kb *kb, kb_sync_cb cb, void *ud);
/* Stop after the page being applied (cb gets done, ok false). */
void kb_sync_cancel(Kb *kb);
bool kb_sync_running(const Kb *kb);

/* Apply one KbChangePage (items, next_cursor, sync_token) at once, in one
 * transaction: for tests, tools and benchmarks. *complete (may be NULL)
 * is set when next_cursor was null (the sync token was stored). False
 * with *err (new sentence) when the page is malformed or the store fails;
 * nothing of the page is then kept. */
bool kb_apply_page(Kb *kb, const cJSON *page, bool *complete, char **err);
/* The since= value the next sync starts from ("0" when never synced). New string. */
char *kb_sync_since(Kb *kb);
/* Merge the index into as few pieces as possible (after a full sync). */
bool kb_optimize(Kb *kb, char **err);

#endif
