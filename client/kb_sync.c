/* kb_sync: delta sync of the knowledge index. The loop fetches pages of
 * GET /v1/kb/changes (one ahead); a worker thread with its own connection
 * applies each page in a transaction and posts back what changed. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "client/kb_int.h"
#include "client/api.h"
#include "client/i18n.h"
#include "client/loop.h"
#include "common/jsonx.h"
#include "common/xalloc.h"

#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

enum { PAGE_LIMIT = 200, AHEAD = 2 };

typedef enum JobType { JOB_PAGE, JOB_RESYNC } JobType;

typedef struct Job {
	struct Job *next;
	JobType type;
	cJSON *page;
	unsigned long sync_id;
	bool full;
} Job;

/* What the worker posts back to the loop. */
typedef struct Result {
	unsigned long sync_id;
	JobType type;
	bool ok, complete;
	char *err;
	uint32_t *dead;
	int ndead;
	long ups, dels;
} Result;

struct KbSync {
	unsigned long id;
	Kb *kb;
	kb_sync_cb cb;
	void *ud;
	Store *wst;            /* the worker's connection */
	int lock_fd;           /* flock of "<store>-kbsync": one sync per store */
	KbWriter *w;
	pthread_t th;
	bool th_started;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	Job *head, *tail;      /* jobs waiting (mu) */
	bool quit;             /* (mu) */
	/* loop side */
	unsigned req;          /* request in flight, or 0 */
	char *since, *cursor;  /* where the next page starts */
	bool full;             /* this run started from 0 */
	bool fetched_all, restarted, stopping, offline;
	int jobs;              /* queued or being applied */
	long ups, dels;
	char *error;
	KbSync *next_active;
};

/* Syncs alive, so answers and posts that arrive after one ended find
 * nothing instead of freed memory. */
static KbSync *active;
static unsigned long next_id = 1;

/* The live sync of that id, or NULL when it ended. */
static KbSync *find_sync(unsigned long id)
{
	for (KbSync *s = active; s; s = s->next_active)
		if (s->id == id)
			return s;
	return NULL;
}

/* Free a posted result. */
static void result_free(Result *r)
{
	free(r->err);
	free(r->dead);
	free(r);
}

static void on_result(void *ud);

/* Apply one job in a transaction; on failure the writer is rebuilt from
 * what is committed, so nothing half-applied stays in its buffer. */
static Result *run_job(KbSync *s, Job *j)
{
	Result *r = xcalloc(1, sizeof *r);
	r->sync_id = j->sync_id;
	r->type = j->type;
	bool ok = store_begin(s->wst);
	if (ok && j->type == JOB_RESYNC) {
		ok = kb_writer_resync(s->w);
	} else if (ok) {
		ok = kb_writer_page(s->w, j->page, &r->complete, &r->dead, &r->ndead, &r->ups, &r->dels, &r->err);
		ok = ok && kb_writer_flush(s->w, r->complete ? 0 : KB_FLUSH_BYTES);
		ok = ok && (!r->complete || !j->full || kb_writer_optimize(s->w));
	}
	ok = ok && store_commit(s->wst);
	if (!ok) {
		store_rollback(s->wst);
		kb_writer_reset(s->w);
		kb_writer_recover(s->w);
		if (!r->err)
			r->err = xstrdup(store_last_message(s->wst) ? store_last_message(s->wst) : "?");
		r->complete = false;
	} else if (r->complete && j->full) {
		kb_store_tidy(s->wst);
	}
	r->ok = ok;
	return r;
}

/* The worker: applies jobs in order until told to quit. */
static void *worker(void *arg)
{
	KbSync *s = arg;
	pthread_mutex_lock(&s->mu);
	for (;;) {
		while (!s->head && !s->quit)
			pthread_cond_wait(&s->cv, &s->mu);
		if (s->quit)
			break;
		Job *j = s->head;
		s->head = j->next;
		if (!s->head)
			s->tail = NULL;
		pthread_mutex_unlock(&s->mu);
		Result *r = run_job(s, j);
		cJSON_Delete(j->page);
		free(j);
		loop_post(on_result, r);
		pthread_mutex_lock(&s->mu);
	}
	pthread_mutex_unlock(&s->mu);
	return NULL;
}

/* Hand a job to the worker. */
static void enqueue(KbSync *s, JobType type, cJSON *page)
{
	Job *j = xcalloc(1, sizeof *j);
	j->type = type;
	j->page = page;
	j->sync_id = s->id;
	j->full = s->full;
	pthread_mutex_lock(&s->mu);
	if (s->tail)
		s->tail->next = j;
	else
		s->head = j;
	s->tail = j;
	pthread_cond_signal(&s->cv);
	pthread_mutex_unlock(&s->mu);
	s->jobs++;
}

/* Percent-encode an opaque cursor for the query string. */
static char *url_escape(const char *in)
{
	char *out = xmalloc(strlen(in) * 3 + 1), *o = out;
	for (const unsigned char *p = (const unsigned char *)in; *p; p++) {
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || strchr("-_.~", *p))
			*o++ = (char)*p;
		else
			o += sprintf(o, "%%%02X", *p);
	}
	*o = '\0';
	return out;
}

static void on_page(const ApiResponse *r, void *ud);

/* Ask for the next page: since and, within a run, the cursor. */
static void fetch(KbSync *s)
{
	char *since = url_escape(s->since);
	char *cur = s->cursor ? url_escape(s->cursor) : NULL;
	char *path = cur ? xasprintf("/v1/kb/changes?since=%s&limit=%d&cursor=%s", since, PAGE_LIMIT, cur)
			 : xasprintf("/v1/kb/changes?since=%s&limit=%d", since, PAGE_LIMIT);
	s->req = api_request("GET", path, NULL, NULL, on_page, (void *)(uintptr_t)s->id);
	free(path);
	free(since);
	free(cur);
}

/* Unhook, stop the worker (after the job it is on) and free. */
static void sync_destroy(KbSync *s)
{
	for (KbSync **pp = &active; *pp; pp = &(*pp)->next_active)
		if (*pp == s) {
			*pp = s->next_active;
			break;
		}
	if (s->req)
		api_cancel(s->req);
	if (s->th_started) {
		pthread_mutex_lock(&s->mu);
		s->quit = true;
		pthread_cond_signal(&s->cv);
		pthread_mutex_unlock(&s->mu);
		pthread_join(s->th, NULL);
	}
	for (Job *j = s->head, *n; j; j = n) {
		n = j->next;
		cJSON_Delete(j->page);
		free(j);
	}
	pthread_mutex_destroy(&s->mu);
	pthread_cond_destroy(&s->cv);
	kb_writer_free(s->w);
	store_close(s->wst);
	if (s->lock_fd >= 0)
		close(s->lock_fd);
	free(s->since);
	free(s->cursor);
	free(s->error);
	free(s);
}

/* The run is over: free it first (cb may start another), then report. */
static void finish(KbSync *s, bool ok)
{
	KbSyncProgress p = {
		.done = true, .ok = ok, .offline = s->offline,
		.upserts = s->ups, .deletes = s->dels,
	};
	kb_sync_cb cb = s->cb;
	void *ud = s->ud;
	char *error = s->error;
	Kb *kb = s->kb;
	s->error = NULL;
	kb->sync = NULL;
	sync_destroy(s);
	p.count = kb_count(kb);
	p.error = ok ? NULL : error ? error : _("The knowledge-base sync stopped.");
	if (cb)
		cb(&p, ud);
	free(error);
}

/* Stop on an error: at once, or when the page being applied is done. */
static void fail(KbSync *s, char *error, bool offline)
{
	if (!s->error)
		s->error = error;
	else
		free(error);
	s->offline = s->offline || offline;
	s->stopping = true;
	if (s->req) {
		unsigned h = s->req;
		s->req = 0;
		api_cancel(h);
	}
	if (s->jobs == 0)
		finish(s, false);
}

/* A page arrived (loop thread): queue it, fetch ahead, or handle 410 and errors. */
static void on_page(const ApiResponse *r, void *ud)
{
	KbSync *s = find_sync((unsigned long)(uintptr_t)ud);
	if (!s || s->stopping)
		return;
	s->req = 0;
	if (r->status == 200 && r->json) {
		const char *next = json_str(r->json, "next_cursor", NULL);
		free(s->cursor);
		s->cursor = next ? xstrdup(next) : NULL;
		s->fetched_all = !next;
		enqueue(s, JOB_PAGE, cJSON_Duplicate(r->json, 1));
		if (!s->fetched_all && s->jobs < AHEAD)
			fetch(s);
		return;
	}
	if (r->status == 410 && !s->restarted) {
		/* The server forgot our position: everything again from 0. */
		s->restarted = true;
		s->full = true;
		free(s->since);
		free(s->cursor);
		s->since = xstrdup("0");
		s->cursor = NULL;
		enqueue(s, JOB_RESYNC, NULL);
		return;
	}
	if (r->status == 0)
		fail(s, xasprintf(_("The server could not be reached for the knowledge base: %s"), r->message ? r->message : "?"), true);
	else
		fail(s, xasprintf(_("The server refused the knowledge-base sync (%ld): %s"), r->status, r->message ? r->message : "?"), false);
}

/* The worker applied a job (loop thread): refresh memory, report, go on. */
static void on_result(void *ud)
{
	Result *r = ud;
	KbSync *s = find_sync(r->sync_id);
	if (!s) {
		result_free(r);
		return;
	}
	s->jobs--;
	char *err = NULL;
	if (!kb_mem_refresh(s->kb, r->dead, r->ndead, &err) && r->ok) {
		r->ok = false;
		r->err = err;
		err = NULL;
	}
	free(err);
	s->ups += r->ups;
	s->dels += r->dels;
	if (!r->ok) {
		fail(s, r->err, false);
		r->err = NULL;
	} else if (s->stopping) {
		if (s->jobs == 0)
			finish(s, false);
	} else if (r->complete) {
		finish(s, true);
	} else {
		if (s->cb) {
			KbSyncProgress p = {.upserts = s->ups, .deletes = s->dels, .count = kb_count(s->kb)};
			s->cb(&p, s->ud);
		}
		/* The callback may have cancelled: look again. */
		if ((s = find_sync(r->sync_id)) != NULL && !s->stopping && !s->req && !s->fetched_all && s->jobs < AHEAD)
			fetch(s);
	}
	result_free(r);
}

/* Report a sync that could not start, from the loop. */
static void report_later(void *ud)
{
	KbSync *s = find_sync((unsigned long)(uintptr_t)ud);
	if (s)
		finish(s, false);
}

/* Only one writer may build a store's index at a time (two would index
 * the same new articles twice): a lock on a file beside the store. */
static char *take_lock(KbSync *s)
{
	char *path = xasprintf("%s-kbsync", store_path(s->kb->st));
	s->lock_fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	free(path);
	if (s->lock_fd < 0 || flock(s->lock_fd, LOCK_EX | LOCK_NB) == 0)
		return NULL; /* no lock file possible: go on alone */
	return xstrdup(_("Another yichuang is updating this knowledge base; it is up to date when that ends."));
}

bool kb_sync_start(Kb *kb, kb_sync_cb cb, void *ud)
{
	if (kb->sync)
		return false;
	/* kb_apply_page's writer may hold articles not yet in a segment: the
	 * sync's writer indexes them from the store instead. */
	kb_writer_free(kb->writer);
	kb->writer = NULL;
	KbSync *s = xcalloc(1, sizeof *s);
	s->lock_fd = -1;
	s->id = next_id++;
	s->kb = kb;
	s->cb = cb;
	s->ud = ud;
	pthread_mutex_init(&s->mu, NULL);
	pthread_cond_init(&s->cv, NULL);
	s->next_active = active;
	active = s;
	kb->sync = s;
	s->since = kb_sync_since(kb);
	s->full = strcmp(s->since, "0") == 0;
	char *err = take_lock(s);
	if (!err)
		s->wst = store_clone(kb->st, NULL, &err);
	if (s->wst) {
		/* A first sync writes hundreds of pages of a cache the server can
		 * send again: WAL without a sync per commit is still never torn,
		 * and a power cut only loses pages fetched again next time. */
		if (s->full && store_is_wal(s->wst))
			store_exec(s->wst, "PRAGMA synchronous=NORMAL");
		s->w = kb_writer_new(s->wst);
		if (!kb_writer_recover(s->w))
			err = xstrdup(store_last_message(s->wst));
	}
	if (!err && pthread_create(&s->th, NULL, worker, s) == 0)
		s->th_started = true;
	else if (!err)
		err = xstrdup(_("Cannot start the knowledge-base sync (no thread)."));
	if (err) {
		s->error = err;
		s->stopping = true;
		loop_post(report_later, (void *)(uintptr_t)s->id);
		return true;
	}
	fetch(s);
	return true;
}

void kb_sync_cancel(Kb *kb)
{
	KbSync *s = kb->sync;
	if (!s || s->stopping)
		return;
	pthread_mutex_lock(&s->mu);
	for (Job *j = s->head, *n; j; j = n) {
		n = j->next;
		cJSON_Delete(j->page);
		free(j);
		s->jobs--;
	}
	s->head = s->tail = NULL;
	pthread_mutex_unlock(&s->mu);
	fail(s, xstrdup(_("The knowledge-base sync was cancelled.")), false);
}

bool kb_sync_running(const Kb *kb)
{
	return kb->sync != NULL;
}

void kb_sync_free(Kb *kb)
{
	if (kb->sync) {
		sync_destroy(kb->sync);
		kb->sync = NULL;
	}
}
