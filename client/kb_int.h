/* kb_int: what the knowledge-index files share: posting lists, tokens,
 * the in-memory article table, the writer and the query (not for screens). */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef YC_KB_INT_H
#define YC_KB_INT_H
#include "client/kb.h"
#include "common/pinyin.h"
#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/*
 * The index. Every article version gets a posting number (ord, never
 * reused, newest largest). A token (a Han character, two adjacent Han
 * characters, "#word" for Latin letters and digits, "~abc" for pinyin
 * initials of one to three adjacent title characters) has posting lists in
 * segments: tl for titles and keywords, bl for bodies with the term
 * frequency. A list holds ords newest first, so a search reads the best
 * candidates by recency first and can stop early. Segments are written
 * when the writer's buffer fills and merged in levels (kb_index.c); an
 * article that is deleted or replaced leaves its ord dead until a merge.
 */

/* ------------------------------------------------------ posting lists */

typedef struct KbList {
	uint32_t *ord;  /* descending */
	uint8_t *tf;    /* term frequency (capped at 255); 1 for titles */
	int n, cap;
} KbList;

void kbl_free(KbList *l);
void kbl_push(KbList *l, uint32_t ord, unsigned tf);
/* Append encoded lists of segments, newest first (ords below every one
 * already in l); false when the bytes are malformed. */
bool kbl_decode_append(KbList *l, const uint8_t *p, size_t n, bool with_tf);
/* Encode ords (descending) and tf into a new buffer; *len its size. */
uint8_t *kbl_encode(const uint32_t *ord, const uint8_t *tf, int n, bool with_tf, size_t *len);
size_t kb_varint_put(uint8_t *p, uint64_t v);
bool kb_varint_get(const uint8_t **p, const uint8_t *end, uint64_t *v);

/* Iterators over encoded lists, newest ord first, combined with AND and
 * OR, so a search reads only as far as the hits it keeps (kb_iter.c). */
typedef struct KbIt KbIt;
typedef struct KbItPool KbItPool;   /* every iterator of one search */

/* A token's titles-and-keywords list, or (body) that and the bodies'.
 * Empty when the token is nowhere; NULL with *err on a store failure. */
KbIt *kb_it_token(Kb *kb, KbItPool *pool, const char *tok, bool body, char **err);
KbIt *kb_it_and(KbItPool *pool, KbIt **kids, int n);
KbIt *kb_it_or(KbItPool *pool, KbIt **kids, int n);
KbIt *kb_it_empty(KbItPool *pool);
/* Move to the first entry (call once), to the next, or to the first at or
 * below ord. False when there is none. */
bool kb_it_first(KbIt *it);
bool kb_it_next(KbIt *it);
bool kb_it_seek(KbIt *it, uint32_t ord);
uint32_t kb_it_ord(const KbIt *it);
unsigned kb_it_tf(const KbIt *it);
/* Entries, about (for idf): exact for one token, a bound for AND and OR. */
uint32_t kb_it_df(const KbIt *it);
/* True when the list was malformed (the index is damaged). */
bool kb_it_broken(const KbIt *it);
KbItPool *kb_pool_new(void);
void kb_pool_free(KbItPool *p);

/* -------------------------------------------------------------- tokens */

enum { KB_TOK_MAX = 40 }; /* bytes of a token */

typedef void (*kb_tok_cb)(const char *tok, size_t len, void *ud);

bool kb_is_han(uint32_t cp);
/* Han characters, pairs of adjacent Han characters, and "#word" for each
 * run of Latin letters and digits (lower case, full-width folded). */
void kb_tokens_text(const char *text, kb_tok_cb cb, void *ud);
/* "~" and the initials of one to three adjacent title characters, every
 * reading (letters and digits stand for themselves; spaces and punctuation
 * skipped, as the pinyin matchers do), and "^" and each reading in full of
 * each character. */
void kb_tokens_pinyin(const char *text, kb_tok_cb cb, void *ud);
/* The body markup as plain text: line markers ("# ", "- ", "1. ") dropped,
 * links "[text](kb:ID)" as their text, one line per block. New string. */
char *kb_plain(const char *markup);
/* Characters of a UTF-8 string. */
size_t kb_chars(const char *s);
/* A U+001F-joined list (keywords, matters) split into new strings; *n
 * their count, NULL when s is NULL or empty. */
char **kb_split_list(const char *s, int *n);

/* --------------------------------------------------- in-memory articles */

enum { KB_KIND_GUIDE, KB_KIND_FAQ, KB_KIND_POLICY, KB_KIND_NOTICE, KB_KIND_OTHER };

typedef struct KbDoc {
	uint32_t text_off;  /* title, then "\x1f" and each keyword, in Kb.text */
	uint16_t title_len; /* bytes of the title */
	uint16_t text_len;  /* bytes of title and keywords */
	uint32_t body_len;  /* characters of the plain body */
	uint32_t updated;   /* seconds since the epoch */
	uint8_t kind;
	uint8_t live;
} KbDoc;

typedef struct KbBlob KbBlob;
typedef struct KbSync KbSync;

struct Kb {
	Store *st;
	KbDoc *docs;           /* by ord */
	uint32_t docs_cap;
	uint32_t max_ord;      /* highest ord loaded */
	int live;
	uint64_t body_sum;     /* characters of live bodies, for bm25 */
	char *text;            /* titles and keywords */
	size_t text_len, text_cap, text_dead;
	uint64_t gen;          /* bumped whenever the index changes */
	sqlite3_stmt *q_tl, *q_both, *q_doc, *q_body, *q_words;
	KbBlob *cache;         /* lists read from the store, most recent first */
	size_t cache_bytes;
	bool loaded;           /* docs and text hold every article */
	struct Kb *shadow;     /* the table being loaded by the loader thread */
	pthread_t loader;
	KbSync *sync;          /* the running sync (kb_sync.c), or NULL */
	struct KbWriter *writer; /* kb_apply_page's, made on first use */
};

/* The index changed: mark the given ords dead, load articles above
 * max_ord, forget cached lists. */
bool kb_mem_refresh(Kb *kb, const uint32_t *dead, int ndead, char **err);
/* After a full merge: give free pages back to the disk, empty the WAL. */
void kb_store_tidy(Store *st);
/* Load the article table on first use. */
bool kb_mem_ready(Kb *kb, char **err);
/* Stop and free a finished or cancelled sync (kb_close). */
void kb_sync_free(Kb *kb);
/* Title (and keywords) text of a live ord, or NULL. */
static inline const char *kb_doc_text(const Kb *kb, uint32_t ord)
{
	return ord <= kb->max_ord && kb->docs[ord].live ? kb->text + kb->docs[ord].text_off : NULL;
}
int kb_kind_code(const char *kind);
const char *kb_kind_name(int code);

/* Keep the cache of encoded lists within its budget (after a search:
 * iterators point into it). */
void kb_cache_trim(Kb *kb);
void kb_cache_clear(Kb *kb);

/* ------------------------------------------------------------- writer */

enum { KB_FLUSH_BYTES = 24 << 20 }; /* the writer's buffer becomes a segment past this */

/* Builds postings of new articles in memory and writes them as segments.
 * Used by the sync worker (its own connection) and kb_apply_page. */
typedef struct KbWriter {
	Store *st;
	struct WEnt *tab;      /* token → postings, open addressing */
	size_t cap, used;
	size_t bytes;          /* memory the buffer holds, about */
	long postings, docs;   /* in the buffer */
	uint32_t cur;          /* the article being added */
	uint32_t max_added;
	size_t seg_bytes;      /* size of the segment being written */
} KbWriter;

KbWriter *kb_writer_new(Store *st);
void kb_writer_free(KbWriter *w);
/* Apply a KbChangePage inside the caller's transaction (which it must
 * roll back on failure, then reset the writer). The ords that died are
 * appended to *dead (a growing array, *ndead its count); *ups and *dels
 * count what was applied. False with *err (new sentence) when the page is
 * malformed (nothing written) or the store fails. */
bool kb_writer_page(KbWriter *w, const cJSON *page, bool *complete, uint32_t **dead, int *ndead,
		    long *ups, long *dels, char **err);
/* An article id as the contract allows it ([A-Za-z0-9_-]{1,64}). */
bool kb_valid_id(const char *s);
/* Forget the buffer (after a flush, or when a transaction was rolled
 * back: then kb_writer_recover rebuilds it from what was committed). */
void kb_writer_reset(KbWriter *w);
/* Index articles stored but not yet in a segment (after a crash). */
bool kb_writer_recover(KbWriter *w);
/* Write the buffer as a segment when it holds more than `over` bytes
 * (0: whenever it holds anything), then merge levels that are full. */
bool kb_writer_flush(KbWriter *w, size_t over);
/* Merge every segment into one, dropping dead ords. */
bool kb_writer_optimize(KbWriter *w);
/* Start a full resync (after 410): a new generation; articles the server
 * no longer sends are dropped by kb_writer_page when it completes. */
bool kb_writer_resync(KbWriter *w);
/* Index one article's text (title+keywords, plain body) under ord. */
void kb_writer_add(KbWriter *w, uint32_t ord, const char *title_kw, const char *plain_body);

/* -------------------------------------------------------------- query */

enum {
	KB_TERMS_MAX = 8,
	KB_ALTS_MAX = 4,       /* spellings of a term with synonyms */
	KB_PY_GROUPS_MAX = 48, /* ways a letter term can be read, for candidates */
	KB_PY_GROUP_TOKENS = 3,
};

typedef enum KbTermKind { KT_HAN, KT_LETTERS, KT_DIGITS, KT_MIXED } KbTermKind;

typedef struct KbTerm {
	KbTermKind kind;
	char text[72];                      /* normalized */
	int nalt;
	char alt[KB_ALTS_MAX][72];          /* Han spellings (the term first, then synonyms) */
	/* Titles a letter term can match are in the union over groups of the
	 * intersection of a group's tokens: "~yh" (initials of the first
	 * three characters) and "^yin" (a whole reading typed in full). */
	int ngroup;
	struct {
		int n;
		char tok[KB_PY_GROUP_TOKENS][10];
	} grp[KB_PY_GROUPS_MAX];
	bool py_exact;                      /* that union is exactly the titles the term matches */
	PinyinQuery pq;                     /* letter and mixed terms */
} KbTerm;

typedef struct KbQuery {
	int nterm;
	KbTerm term[KB_TERMS_MAX];
} KbQuery;

/* Split and classify a query. Han terms get their synonym spellings (the
 * built-in groups of kb_synonyms.def and the user's file), letter terms
 * their pinyin tokens. */
void kb_query_parse(const char *query, KbQuery *q);
/* memmem for the short texts of titles: first byte, then the rest
 * (glibc's memmem spends more setting up than searching here). */
static inline const char *kb_find_bytes(const char *h, size_t hn, const char *n, size_t nn)
{
	if (nn == 0)
		return h;
	for (const char *p = h, *end = h + hn; nn <= (size_t)(end - p) && (p = memchr(p, n[0], (size_t)(end - p) - nn + 1)) != NULL; p++)
		if (memcmp(p + 1, n + 1, nn - 1) == 0)
			return p;
	return NULL;
}

/* Does the term match this title-and-keywords text (exactly)? */
bool kb_term_in_text(const KbTerm *t, const char *text, size_t len);

/* A scored hit: from the title pass or the body pass. */
typedef struct KbRank {
	uint32_t ord;
	bool title;
	double score;
} KbRank;

/* Hits from ranked (best first) appended to out (room for limit) until
 * it holds limit: article rows read, snippets made, body hits whose
 * phrase is not really there dropped (*dropped counts them). */
bool kb_results_fill(Kb *kb, const KbQuery *q, const KbRank *ranked, int n, int limit, int cols,
		     KbResults *out, int *dropped, char **err);

/* Spans of the query's terms in text (kb_snippet.c). */
int kb_spans(const KbQuery *q, const char *text, size_t len, KbSpan *out, int max);
/* A one-line snippet of about cols columns around the first match in the
 * plain body, with spans. New string. */
char *kb_snippet(const KbQuery *q, const char *plain, int cols, KbSpan *spans, int *nspans, bool *found);

#endif
