/* cache_sync: keep the cached catalog fresh by cursor (GET /v1/matters?since=), at login, when back online and every CACHE_SYNC_PERIOD seconds. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "client/cache.h"
#include "client/api.h"
#include "client/catalog.h"
#include "client/intake_int.h"
#include "client/local.h"
#include "client/loop.h"
#include "common/jsonx.h"
#include "common/xalloc.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum { SYNC_AFTER_LOGIN_MS = 2000, SYNC_AFTER_ONLINE_MS = 1000, PARALLEL = 4, PAGE_LIMIT = 200, MAX_PAGES = 100 };

#define KV_SINCE "cache.since"
_Static_assert(PARALLEL <= 8, "a fetch tag keeps its slot in 3 bits");

/* A guide or form to fetch again. */
typedef struct Job {
	bool form;
	char *key;
	struct Job *next;
} Job;

static struct {
	bool running, failed;
	unsigned gen;              /* bumped when a sync is dropped: late answers go */
	char *since;               /* the cursor this sync started from (NULL: everything) */
	char *server_time;         /* the next cursor */
	unsigned list_req;         /* meta, a page of matters or bundles */
	int pages;
	unsigned reqs[PARALLEL];   /* guides and forms in flight */
	Job *inflight[PARALLEL];   /* their jobs (freed here, not by a late answer) */
	Job *jobs, *last;
	unsigned timer;            /* the next sync */
	time_t last_ok;
} S;

static void *tag(void)
{
	return (void *)(uintptr_t)S.gen;
}

static bool current(void *ud)
{
	return (unsigned)(uintptr_t)ud == S.gen && S.running;
}

static void job_add(bool form, const char *key)
{
	for (Job *j = S.jobs; j; j = j->next)
		if (j->form == form && strcmp(j->key, key) == 0)
			return;
	Job *j = xcalloc(1, sizeof *j);
	j->form = form;
	j->key = xstrdup(key);
	if (S.last)
		S.last->next = j;
	else
		S.jobs = j;
	S.last = j;
}

static void job_free(Job *j)
{
	if (j) {
		free(j->key);
		free(j);
	}
}

static void jobs_free(void)
{
	while (S.jobs) {
		Job *j = S.jobs;
		S.jobs = j->next;
		job_free(j);
	}
	S.last = NULL;
	for (int i = 0; i < PARALLEL; i++) {
		job_free(S.inflight[i]);
		S.inflight[i] = NULL;
	}
}

/* A fetch's tag: the sync it belongs to and its slot (an answer after
 * the sync was dropped finds nothing: the loop may never deliver it). */
static void *job_tag(int slot)
{
	return (void *)(((uintptr_t)S.gen << 3) | (uintptr_t)slot);
}

/* Drop a running sync (logout, offline session); nothing is written. */
static void sync_drop(void)
{
	S.gen++;
	if (S.list_req)
		api_cancel(S.list_req);
	for (int i = 0; i < PARALLEL; i++)
		if (S.reqs[i])
			api_cancel(S.reqs[i]);
	memset(S.reqs, 0, sizeof S.reqs);
	S.list_req = 0;
	jobs_free();
	free(S.since);
	free(S.server_time);
	S.since = S.server_time = NULL;
	S.running = false;
}

/* Everything answered: the server time is the next cursor, unless
 * something failed (the same changes are asked again next time). */
static void sync_end(void)
{
	Store *st = local_store();
	if (!S.failed && S.server_time && st && store_kv_set(st, KV_SINCE, S.server_time))
		S.last_ok = time(NULL);
	free(S.since);
	free(S.server_time);
	S.since = S.server_time = NULL;
	S.running = false;
}

static void jobs_run(void);

/* A guide or a form arrived (or did not). */
static void on_doc(const ApiResponse *r, void *ud)
{
	int slot = (int)((uintptr_t)ud & 7);
	if ((unsigned)((uintptr_t)ud >> 3) != S.gen || !S.running || !S.inflight[slot])
		return; /* dropped */
	Job *j = S.inflight[slot];
	S.inflight[slot] = NULL;
	S.reqs[slot] = 0;
	bool ok = r->status == 200 && cJSON_IsObject(r->json);
	if (ok) {
		cache_put(j->form ? CACHE_FORM : CACHE_GUIDE, j->key, r->json);
		catalog_forget(j->form, j->key);
		const char *form_id = j->form ? NULL : json_str(r->json, "form_id", NULL);
		if (form_id && *form_id)
			job_add(true, form_id);
	} else if (r->status == 404 && !j->form) {
		cache_delete(CACHE_GUIDE, j->key);
	} else if (r->status != 404) {
		S.failed = true;
	}
	job_free(j);
	jobs_run();
}

/* Keep up to PARALLEL fetches going; the end when none is left. */
static void jobs_run(void)
{
	for (int i = 0; i < PARALLEL && S.jobs; i++) {
		if (S.reqs[i])
			continue;
		Job *j = S.jobs;
		S.jobs = j->next;
		if (!S.jobs)
			S.last = NULL;
		j->next = NULL;
		S.inflight[i] = j;
		char *k = intake_url_escape(j->key);
		char *path = xasprintf("/v1/%s/%s", j->form ? "forms" : "matters", k);
		S.reqs[i] = api_request("GET", path, NULL, NULL, on_doc, job_tag(i));
		free(path);
		free(k);
	}
	for (int i = 0; i < PARALLEL; i++)
		if (S.reqs[i])
			return;
	if (!S.jobs)
		sync_end();
}

static void fetch_list(bool bundles, const char *cursor);

/* A page of matters (changed since the cursor) or of bundles. */
static void on_page(const ApiResponse *r, void *ud)
{
	uintptr_t v = (uintptr_t)ud;
	bool bundles = v & 1;
	if (!current((void *)(v >> 1)))
		return;
	S.list_req = 0;
	const cJSON *items = r->status == 200 ? json_arr(r->json, "items") : NULL;
	if (!items) {
		S.failed = true;
		jobs_free();
		sync_end();
		return;
	}
	cache_put_items(bundles ? CACHE_BUNDLE : CACHE_MATTER, items, bundles ? "id" : "code");
	catalog_update(r->json, bundles);
	const cJSON *it;
	if (!bundles) {
		cJSON_ArrayForEach(it, items) {
			const char *code = json_str(it, "code", NULL);
			if (code && *code)
				job_add(false, code);
		}
		cJSON_ArrayForEach(it, json_arr(r->json, "deleted")) {
			const char *code = json_str(it, "code", NULL);
			if (!code)
				continue;
			cache_delete(CACHE_MATTER, code);
			cache_delete(CACHE_GUIDE, code);
			catalog_forget(false, code);
		}
	}
	const char *next = json_str(r->json, "next_cursor", NULL);
	if (next && *next && ++S.pages < MAX_PAGES) {
		fetch_list(bundles, next);
		return;
	}
	if (!bundles) {
		S.pages = 0;
		fetch_list(true, NULL);
		return;
	}
	jobs_run();
}

/* GET /v1/matters?since= or /v1/bundles, from a page cursor. */
static void fetch_list(bool bundles, const char *cursor)
{
	char *cur = cursor ? intake_url_escape(cursor) : NULL;
	char *since = !bundles && S.since ? intake_url_escape(S.since) : NULL;
	char *path = xasprintf("/v1/%s?limit=%d%s%s%s%s", bundles ? "bundles" : "matters", PAGE_LIMIT,
			       since ? "&since=" : "", since ? since : "", cur ? "&cursor=" : "", cur ? cur : "");
	S.list_req = api_request("GET", path, NULL, NULL, on_page, (void *)(((uintptr_t)S.gen << 1) | bundles));
	free(path);
	free(since);
	free(cur);
}

/* The server's time first: the next cursor covers what changes meanwhile. */
static void on_meta(const ApiResponse *r, void *ud)
{
	if (!current(ud))
		return;
	S.list_req = 0;
	const char *t = r->status == 200 ? json_str(r->json, "server_time", NULL) : NULL;
	if (!t || !*t) {
		S.failed = true;
		sync_end();
		return;
	}
	S.server_time = xstrdup(t);
	S.pages = 0;
	fetch_list(false, NULL);
}

void cache_sync(void)
{
	if (S.running || !app.logged_in || app.offline_session)
		return;
	Store *st = local_store();
	if (!st)
		return;
	S.running = true;
	S.failed = false;
	free(S.since);
	S.since = store_kv_get(st, KV_SINCE);
	S.list_req = api_request("GET", "/v1/meta", NULL, NULL, on_meta, tag());
}

void cache_stop(void)
{
	loop_timer_cancel(S.timer);
	S.timer = 0;
	if (S.running)
		sync_drop();
}

bool cache_sync_running(void)
{
	return S.running;
}

static void sync_timer_fired(void *ud);

/* The next sync in ms (sooner wins). */
static void sync_in(int64_t ms)
{
	loop_timer_cancel(S.timer);
	S.timer = loop_timer_add(ms, sync_timer_fired, NULL);
}

static void sync_timer_fired(void *ud)
{
	S.timer = 0;
	if (!app.logged_in || app.offline_session)
		return;
	cache_sync();
	sync_in((int64_t)CACHE_SYNC_PERIOD * 1000);
}

void cache_on_model(unsigned what)
{
	if ((what & CH_SESSION) && (!app.logged_in || app.offline_session)) {
		loop_timer_cancel(S.timer);
		S.timer = 0;
		if (S.running)
			sync_drop();
		return;
	}
	if (!app.logged_in || app.offline_session)
		return;
	if (what & CH_SESSION)
		sync_in(SYNC_AFTER_LOGIN_MS);
	else if ((what & CH_ONLINE) && app.online && !S.running &&
		 (S.last_ok == 0 || time(NULL) - S.last_ok > CACHE_SYNC_PERIOD))
		sync_in(SYNC_AFTER_ONLINE_MS);
}
