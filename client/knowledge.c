/* knowledge: the session's knowledge base: the local index opened on first
 * use and synced in the background, articles and searches from the server
 * where the index has nothing yet. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "client/knowledge.h"
#include "client/api.h"
#include "client/app.h"
#include "client/i18n.h"
#include "client/loop.h"
#include "common/jsonx.h"
#include "common/text.h"
#include "common/timefmt.h"
#include "common/xalloc.h"

#include <curl/curl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A sync this long after login (the queue loads first), and soon after
 * the connection is back. */
enum { SYNC_AFTER_LOGIN_MS = 1500, SYNC_AFTER_ONLINE_MS = 500, CACHE_MAX = 32 };

/* A request of a screen: an article or a server search. */
typedef struct Req {
	unsigned id;
	knowledge_article_cb acb;
	knowledge_search_cb scb;
	void *ud;
	char *what;              /* article id or query */
	unsigned api;            /* request in flight, or 0 */
	unsigned timer;          /* an answer known at once, delivered from the loop */
	KbArticle *ready;        /* that answer */
	char *ready_error;
	struct Req *next;
} Req;

static struct {
	Store *st;
	Kb *kb;
	bool tried;              /* opening was tried in this session */
	char *open_error;
	bool syncing, offline;
	long applied;
	char *sync_error;
	unsigned sync_timer;
	void (*fn)(void *ud);
	void *ud;
	Req *reqs;
	unsigned next_id;
	cJSON *cache[CACHE_MAX]; /* articles fetched this session, newest last */
	int ncache;
} K;

/* Tell the listener. */
static void changed(void)
{
	if (K.fn)
		K.fn(K.ud);
}

void knowledge_set_listener(void (*fn)(void *ud), void *ud)
{
	K.fn = fn;
	K.ud = ud;
}

Kb *knowledge_kb(void)
{
	if (K.kb || K.tried || !app.logged_in)
		return K.kb;
	K.tried = true;
	const char *user = app.me.username && *app.me.username ? app.me.username : app.cfg.username;
	char *err = NULL;
	K.st = store_open(app.server ? app.server : app.cfg.server, user ? user : "", NULL, &err);
	if (K.st) {
		free(err);
		err = NULL;
		K.kb = kb_open(K.st, &err);
		if (!K.kb) {
			store_close(K.st);
			K.st = NULL;
		}
	}
	free(K.open_error);
	K.open_error = K.kb ? NULL : (err ? err : xstrdup(_("The local knowledge index cannot be opened.")));
	if (K.kb)
		free(err);
	return K.kb;
}

KnowledgeStatus knowledge_status(void)
{
	KnowledgeStatus s = {0};
	s.open = K.kb != NULL;
	s.syncing = K.kb && kb_sync_running(K.kb);
	s.count = K.kb ? kb_count(K.kb) : 0;
	s.last_sync = K.kb ? kb_last_sync(K.kb) : 0;
	s.complete = s.last_sync != 0;
	s.applied = K.applied;
	s.error = K.open_error ? K.open_error : K.sync_error;
	s.offline = K.offline;
	return s;
}

/* Each page of a sync and its end. */
static void sync_progress(const KbSyncProgress *p, void *ud)
{
	K.applied = p->upserts + p->deletes;
	if (p->done) {
		K.syncing = false;
		K.offline = p->offline;
		free(K.sync_error);
		K.sync_error = p->ok || !p->error ? NULL : xstrdup(p->error);
	}
	changed();
}

void knowledge_sync(void)
{
	/* The offline session reads the index; it syncs once resumed. */
	if (!app.logged_in || app.offline_session || !knowledge_kb() || kb_sync_running(K.kb))
		return;
	K.applied = 0;
	if (kb_sync_start(K.kb, sync_progress, NULL)) {
		K.syncing = true;
		changed();
	}
}

void knowledge_sync_if_older(long max_age)
{
	Kb *kb = knowledge_kb();
	if (kb && (kb_last_sync(kb) == 0 || time(NULL) - kb_last_sync(kb) > max_age || K.sync_error))
		knowledge_sync();
}

/* The timer set by the model's changes. */
static void sync_timer_fired(void *ud)
{
	K.sync_timer = 0;
	knowledge_sync();
}

/* Sync in ms unless a sync is already due sooner. */
static void sync_soon(int ms)
{
	if (!K.sync_timer)
		K.sync_timer = loop_timer_add(ms, sync_timer_fired, NULL);
}

void knowledge_on_model(unsigned what)
{
	if ((what & CH_SESSION) && !app.logged_in) {
		knowledge_close();
		return;
	}
	if (!app.logged_in)
		return;
	if (what & CH_SESSION)
		sync_soon(SYNC_AFTER_LOGIN_MS);
	else if ((what & CH_ONLINE) && app.online && (K.offline || K.sync_error || !K.kb || !kb_last_sync(K.kb)))
		sync_soon(SYNC_AFTER_ONLINE_MS);
}

/* ------------------------------------------------------------ requests */

static Req *req_new(void *ud, const char *what)
{
	Req *r = xcalloc(1, sizeof *r);
	r->id = ++K.next_id ? K.next_id : ++K.next_id;
	r->ud = ud;
	r->what = xstrdup(what ? what : "");
	r->next = K.reqs;
	K.reqs = r;
	return r;
}

/* Take r off the list (it must be there) and free it. */
static void req_free(Req *r)
{
	for (Req **p = &K.reqs; *p; p = &(*p)->next)
		if (*p == r) {
			*p = r->next;
			break;
		}
	kb_article_free(r->ready);
	free(r->ready_error);
	free(r->what);
	free(r);
}

static Req *req_find(unsigned id)
{
	for (Req *r = K.reqs; id && r; r = r->next)
		if (r->id == id)
			return r;
	return NULL;
}

void knowledge_cancel(unsigned handle)
{
	Req *r = req_find(handle);
	if (!r)
		return;
	loop_timer_cancel(r->timer);
	/* The cancelled request's callback finds no request by its id. */
	if (r->api)
		api_cancel(r->api);
	req_free(r);
}

/* An answer known at once, handed over from the loop. */
static void deliver_ready(void *ud)
{
	Req *r = req_find((unsigned)(uintptr_t)ud);
	if (!r)
		return;
	r->timer = 0;
	KbArticle *a = r->ready;
	r->ready = NULL;
	knowledge_article_cb cb = r->acb;
	void *cud = r->ud;
	char *err = r->ready_error;
	r->ready_error = NULL;
	req_free(r);
	if (cb)
		cb(a, a ? NULL : err, cud);
	else
		kb_article_free(a);
	free(err);
}

/* An article the session fetched from the server, or NULL. */
static KbArticle *from_cache(const char *id)
{
	for (int i = K.ncache - 1; i >= 0; i--)
		if (strcmp(json_str(K.cache[i], "id", ""), id) == 0)
			return kb_article_from_json(K.cache[i]);
	return NULL;
}

/* Keep a fetched article (the oldest goes when full). */
static void to_cache(const cJSON *j)
{
	if (K.ncache == CACHE_MAX) {
		cJSON_Delete(K.cache[0]);
		memmove(K.cache, K.cache + 1, (CACHE_MAX - 1) * sizeof K.cache[0]);
		K.ncache--;
	}
	K.cache[K.ncache++] = cJSON_Duplicate(j, true);
}

KbArticle *knowledge_article_now(const char *id)
{
	if (!id || !*id)
		return NULL;
	Kb *kb = knowledge_kb();
	KbArticle *a = kb ? kb_article(kb, id) : NULL;
	return a ? a : from_cache(id);
}

/* Why a request got no answer, as a sentence (new string). */
static char *failure_text(const ApiResponse *resp, const char *what)
{
	if (resp->status == 404)
		return xasprintf(_("The article %s does not exist on the server (any more)."), what);
	if (resp->status == 0)
		return xasprintf(_("The article %s is not in the local copy yet, and the server cannot be reached (%s)."),
				 what, resp->message ? resp->message : _("no connection"));
	return xasprintf(_("The server did not give the article %s: %s"), what,
			 resp->message ? resp->message : _("malformed answer"));
}

/* GET /v1/kb/articles/{id} answered. */
static void article_answer(const ApiResponse *resp, void *ud)
{
	Req *r = req_find((unsigned)(uintptr_t)ud);
	if (!r)
		return;
	r->api = 0;
	KbArticle *a = NULL;
	char *err = NULL;
	if (resp->status == 200 && resp->json && (a = kb_article_from_json(resp->json)))
		to_cache(resp->json);
	else if (resp->status == 200)
		err = xasprintf(_("The server's answer for the article %s was malformed."), r->what);
	else
		err = failure_text(resp, r->what);
	knowledge_article_cb cb = r->acb;
	void *cud = r->ud;
	req_free(r);
	if (cb)
		cb(a, a ? NULL : err, cud);
	else
		kb_article_free(a);
	free(err);
}

/* Ids are what the contract allows: letters, digits, '-' and '_'. */
static bool id_valid(const char *id)
{
	size_t n = strlen(id);
	return n >= 1 && n <= 64 && strspn(id, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-") == n;
}

unsigned knowledge_article(const char *id, knowledge_article_cb cb, void *ud)
{
	Req *r = req_new(ud, id);
	r->acb = cb;
	unsigned h = r->id;
	if (!id || !id_valid(id)) {
		r->ready_error = xasprintf(_("\"%s\" is not an article id."), r->what);
	} else if ((r->ready = knowledge_article_now(id))) {
		/* local */
	} else if (!app.logged_in || app.offline_session) {
		r->ready_error = xasprintf(_("The article %s is not in the local copy."), id);
	} else {
		char path[128];
		snprintf(path, sizeof path, "/v1/kb/articles/%s", id);
		r->api = api_request("GET", path, NULL, NULL, article_answer, (void *)(uintptr_t)h);
		return h;
	}
	r->timer = loop_timer_add(0, deliver_ready, (void *)(uintptr_t)h);
	return h;
}

/* ------------------------------------------------------- server search */

/* A KbHit from the server's JSON, with spans for query (kb_find). */
static void hit_from_json(KbHit *h, const cJSON *j, const char *query)
{
	h->id = text_clean(json_str(j, "id", ""), TEXT_ONE_LINE);
	h->title = text_clean(json_str(j, "title", ""), TEXT_ONE_LINE);
	h->kind = text_clean(json_str(j, "kind", ""), TEXT_ONE_LINE);
	h->snippet = text_clean(json_str(j, "snippet", ""), TEXT_ONE_LINE);
	h->ntitle_hl = kb_find(query, h->title, h->title_hl, KB_HL_MAX);
	h->nsnippet_hl = kb_find(query, h->snippet, h->snippet_hl, KB_HL_MAX);
	h->in_title = h->ntitle_hl > 0;
	const cJSON *m = json_arr(j, "matters");
	int nm = m ? cJSON_GetArraySize(m) : 0;
	h->matters = nm ? xcalloc((size_t)nm, sizeof *h->matters) : NULL;
	const cJSON *it;
	cJSON_ArrayForEach(it, m)
		if (cJSON_IsString(it))
			h->matters[h->nmatters++] = text_clean(it->valuestring, TEXT_ONE_LINE);
	const cJSON *sc = cJSON_GetObjectItemCaseSensitive(j, "score");
	h->score = cJSON_IsNumber(sc) ? sc->valuedouble : 0;
	time_t t = time_parse_rfc3339(json_str(j, "updated_at", ""));
	h->updated_at = t > 0 ? t : 0;
}

/* GET /v1/kb/search answered. */
static void search_answer(const ApiResponse *resp, void *ud)
{
	Req *r = req_find((unsigned)(uintptr_t)ud);
	if (!r)
		return;
	r->api = 0;
	knowledge_search_cb cb = r->scb;
	void *cud = r->ud;
	const cJSON *items = resp->status == 200 ? json_arr(resp->json, "items") : NULL;
	if (!cb) {
		req_free(r);
		return;
	}
	if (!items) {
		char *err = resp->status == 200 ? xstrdup(_("malformed answer"))
			  : xstrdup(resp->message ? resp->message : _("no connection"));
		req_free(r);
		cb(NULL, err, cud);
		free(err);
		return;
	}
	KbResults res = {0};
	int n = cJSON_GetArraySize(items);
	res.hits = n ? xcalloc((size_t)n, sizeof *res.hits) : NULL;
	const cJSON *it;
	cJSON_ArrayForEach(it, items)
		if (cJSON_IsObject(it) && json_str(it, "id", NULL))
			hit_from_json(&res.hits[res.n++], it, r->what);
	res.total = res.n;
	res.total_more = cJSON_IsString(cJSON_GetObjectItemCaseSensitive(resp->json, "next_cursor"));
	req_free(r);
	cb(&res, NULL, cud);
}

unsigned knowledge_server_search(const char *query, int limit, knowledge_search_cb cb, void *ud)
{
	Req *r = req_new(ud, query);
	r->scb = cb;
	char *q = curl_easy_escape(NULL, r->what, 0);
	char *path = xasprintf("/v1/kb/search?q=%s&limit=%d", q ? q : "", limit > 0 && limit <= KB_LIMIT_MAX ? limit : KB_LIMIT_DEFAULT);
	curl_free(q);
	unsigned h = r->id;
	r->api = api_request("GET", path, NULL, NULL, search_answer, (void *)(uintptr_t)h);
	free(path);
	return h;
}

/* ---------------------------------------------------------------- end */

void knowledge_close(void)
{
	loop_timer_cancel(K.sync_timer);
	K.sync_timer = 0;
	while (K.reqs)
		knowledge_cancel(K.reqs->id);
	kb_close(K.kb); /* stops a sync silently */
	if (K.st)
		store_close(K.st);
	for (int i = 0; i < K.ncache; i++)
		cJSON_Delete(K.cache[i]);
	free(K.open_error);
	free(K.sync_error);
	void (*fn)(void *) = K.fn;
	void *ud = K.ud;
	unsigned next = K.next_id; /* late answers must never match a new request */
	memset(&K, 0, sizeof K);
	K.fn = fn;
	K.ud = ud;
	K.next_id = next;
	changed();
}
