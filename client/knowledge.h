/* knowledge: the knowledge base of the session, for the screens: the local
 * index of the user logged in (kb.h), opened on first use and kept in sync
 * in the background; articles from the index or, when not synced yet, from
 * the server; a server search while the index has never been complete. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef YC_KNOWLEDGE_H
#define YC_KNOWLEDGE_H
#include <stdbool.h>
#include <time.h>
#include "client/kb.h"

/* The index of the user logged in, opened on the first call of a session;
 * NULL when nobody is logged in or the store cannot be opened
 * (knowledge_status().error says why). Borrowed until logout. */
Kb *knowledge_kb(void);

typedef struct KnowledgeStatus {
	bool open;               /* the index is open */
	bool syncing;
	bool complete;           /* a sync has completed once (now or before) */
	int count;               /* articles in the index */
	long applied;            /* changes applied by the sync running */
	time_t last_sync;        /* the last complete sync (0: never) */
	const char *error;       /* why the index or the last sync failed (translated), or NULL */
	bool offline;            /* the last sync could not reach the server */
} KnowledgeStatus;
KnowledgeStatus knowledge_status(void);

/* Start a delta sync when logged in, online, the index open and none
 * running. Failures are quiet (no message line): they show in the status. */
void knowledge_sync(void);
/* The same when the last complete sync is older than max_age seconds. */
void knowledge_sync_if_older(long max_age);

/* The model changed (CH_* bits from app.h): a sync soon after login and
 * when the connection is back; the index closed at logout. */
void knowledge_on_model(unsigned what);

/* One listener, told (from the loop) when the index or the sync state
 * changed. NULL removes it. */
void knowledge_set_listener(void (*fn)(void *ud), void *ud);

/* An article: from the index, else from the server (GET
 * /v1/kb/articles/{id}, kept for the session). cb runs later from the
 * loop, exactly once unless cancelled, with the article (the callee's: it
 * frees it with kb_article_free) or NULL and a translated sentence
 * (not found, offline and not in the local copy, …). Returns a handle. */
typedef void (*knowledge_article_cb)(KbArticle *a, const char *error, void *ud);
unsigned knowledge_article(const char *id, knowledge_article_cb cb, void *ud);
/* The article from the index or what the session fetched, at once, or
 * NULL (the caller frees it). */
KbArticle *knowledge_article_now(const char *id);

/* The server's search (GET /v1/kb/search?q=), for while the local index
 * has never been complete. cb gets hits with highlight spans computed
 * here (the callee's: it frees them with kb_results_free), or NULL and a
 * sentence. */
typedef void (*knowledge_search_cb)(KbResults *r, const char *error, void *ud);
unsigned knowledge_server_search(const char *query, int limit, knowledge_search_cb cb, void *ud);

/* Stop a request: its callback never runs. 0 and unknown handles are
 * ignored. */
void knowledge_cancel(unsigned handle);

/* Close the index and forget everything of the session. */
void knowledge_close(void);

#endif
