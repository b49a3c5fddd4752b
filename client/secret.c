/* secret: the refresh token in the Secret Service (libsecret), called on a
 * worker thread that posts back; the caller never waits past its timeout,
 * and without a session bus the answer is "no keyring" at once. libsecret
 * is loaded (dlopen) the first time a keyring can exist: without a session
 * bus (SSH, the tests) its libraries (glib, gio, gcrypt …: about 3 MiB of
 * memory and 2 ms at every start) are never mapped. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "client/secret.h"
#include "client/i18n.h"
#include "client/loop.h"
#include "common/text.h"
#include "common/xalloc.h"

#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <libsecret/secret.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* What a lookup says when the keyring answered and holds no token. */
static const char no_token[] = N_("no stored token");

static const SecretSchema token_schema = {
	"org.yichuang.Token", SECRET_SCHEMA_NONE,
	{
		{"server", SECRET_SCHEMA_ATTRIBUTE_STRING},
		{"username", SECRET_SCHEMA_ATTRIBUTE_STRING},
		{NULL, 0},
	},
	0, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
};

typedef enum { OP_LOOKUP, OP_STORE, OP_CLEAR } Op;

/* The libsecret (and glib) calls used, found at run time. */
static struct {
	pthread_once_t once;
	void *handle;
	gchar *(*lookup)(const SecretSchema *, GCancellable *, GError **, ...);
	gboolean (*store)(const SecretSchema *, const gchar *, const gchar *, const gchar *,
			  GCancellable *, GError **, ...);
	gboolean (*clear)(const SecretSchema *, GCancellable *, GError **, ...);
	void (*password_free)(gchar *);
	void (*error_free)(GError *);
} L = { .once = PTHREAD_ONCE_INIT };

/* Load libsecret once (worker thread); L.handle stays NULL when it or one
 * of the calls is missing. */
static void lib_load(void)
{
	void *h = dlopen("libsecret-1.so.0", RTLD_NOW | RTLD_LOCAL);
	if (!h)
		return;
	/* Each symbol into its pointer; dlsym on the handle also finds
	 * glib's, which libsecret depends on. */
	const struct { const char *name; void **slot; } syms[] = {
		{"secret_password_lookup_nonpageable_sync", (void **)&L.lookup},
		{"secret_password_store_sync", (void **)&L.store},
		{"secret_password_clear_sync", (void **)&L.clear},
		{"secret_password_free", (void **)&L.password_free},
		{"g_error_free", (void **)&L.error_free},
	};
	for (size_t i = 0; i < sizeof syms / sizeof syms[0]; i++)
		if (!(*syms[i].slot = dlsym(h, syms[i].name))) {
			dlclose(h);
			return;
		}
	L.handle = h;
}

/* Workers still running, so that exit can let a store or clear finish. */
static struct {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	int running;
} W = { PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0 };

typedef struct Job {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	int refs;                /* the caller's side and the worker's */
	Op op;
	char *server, *username, *token;
	char *value;             /* found secret (wiped) */
	char *why;               /* reason when there is no value */
	bool finished;           /* the worker is done */
	bool abandoned;          /* the caller stopped waiting */
	/* Asynchronous callers. */
	bool async;
	secret_cb cb;
	void *ud;
	unsigned timer;
	bool delivered;
} Job;

static void job_unref(Job *j)
{
	pthread_mutex_lock(&j->lock);
	int left = --j->refs;
	pthread_mutex_unlock(&j->lock);
	if (left > 0)
		return;
	pthread_mutex_destroy(&j->lock);
	pthread_cond_destroy(&j->cond);
	free(j->server);
	free(j->username);
	xfree_secret(j->token);
	xfree_secret(j->value);
	free(j->why);
	free(j);
}

/* Is there a session bus to find a keyring on? Over SSH usually not, and
 * then libsecret must not even be tried (it could wait or autolaunch). */
static bool have_session_bus(void)
{
	const char *a = getenv("DBUS_SESSION_BUS_ADDRESS");
	return a && *a;
}

/* The libsecret call itself (worker thread). */
static void run_op(Job *j)
{
	pthread_once(&L.once, lib_load);
	if (!L.handle) {
		j->why = xstrdup(_("no keyring (libsecret cannot be loaded)"));
		return;
	}
	GError *err = NULL;
	if (j->op == OP_LOOKUP) {
		gchar *pw = L.lookup(&token_schema, NULL, &err,
			"server", j->server, "username", j->username, NULL);
		if (pw) {
			j->value = xstrdup(pw);
			L.password_free(pw);
		} else if (!err) {
			j->why = xstrdup(_(no_token));
		}
	} else if (j->op == OP_STORE) {
		char *label = xasprintf("yichuang: %s@%s", j->username, j->server);
		if (!L.store(&token_schema, SECRET_COLLECTION_DEFAULT, label,
			     j->token, NULL, &err, "server", j->server,
			     "username", j->username, NULL) && !err)
			j->why = xstrdup(_("the keyring refused the token"));
		free(label);
	} else {
		L.clear(&token_schema, NULL, &err,
			"server", j->server, "username", j->username, NULL);
	}
	if (err) {
		char *raw = xasprintf(_("keyring: %s"), err->message ? err->message : "?");
		j->why = text_clean(raw, TEXT_ONE_LINE);
		free(raw);
		L.error_free(err);
	}
}

/* Answer the asynchronous caller, once (loop thread). */
static void deliver(Job *j, const char *value, const char *why)
{
	if (j->delivered)
		return;
	j->delivered = true;
	loop_timer_cancel(j->timer);
	j->timer = 0;
	if (j->cb)
		j->cb(value, why, j->ud);
}

/* The worker's answer arrived on the loop thread. */
static void on_posted(void *ud)
{
	Job *j = ud;
	if (!j->delivered) {
		deliver(j, j->value, j->why);
		job_unref(j); /* the caller's reference */
	}
	job_unref(j);         /* the worker's reference */
}

/* The worker took too long: answer now, drop its answer later. */
static void on_timeout(void *ud)
{
	Job *j = ud;
	j->timer = 0;
	pthread_mutex_lock(&j->lock);
	j->abandoned = true;
	pthread_mutex_unlock(&j->lock);
	deliver(j, NULL, _("the keyring timed out"));
	job_unref(j);
}

static void *worker(void *arg)
{
	Job *j = arg;
	run_op(j);
	pthread_mutex_lock(&W.lock);
	W.running--;
	pthread_cond_broadcast(&W.cond);
	pthread_mutex_unlock(&W.lock);
	pthread_mutex_lock(&j->lock);
	j->finished = true;
	bool post = j->async && !j->abandoned;
	pthread_cond_broadcast(&j->cond);
	pthread_mutex_unlock(&j->lock);
	if (post)
		loop_post(on_posted, j);
	else
		job_unref(j);
	return NULL;
}

static Job *job_new(Op op, const char *server, const char *username, const char *token)
{
	Job *j = xcalloc(1, sizeof *j);
	pthread_mutex_init(&j->lock, NULL);
	pthread_cond_init(&j->cond, NULL);
	j->refs = 2;
	j->op = op;
	j->server = xstrdup(server ? server : "");
	j->username = xstrdup(username ? username : "");
	j->token = xstrdup(token);
	return j;
}

/* Run the worker detached; false when no thread could be made. */
static bool job_spawn(Job *j)
{
	pthread_attr_t attr;
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	pthread_t t;
	pthread_mutex_lock(&W.lock);
	int rc = pthread_create(&t, &attr, worker, j);
	if (rc == 0)
		W.running++;
	pthread_mutex_unlock(&W.lock);
	pthread_attr_destroy(&attr);
	return rc == 0;
}

void secret_flush(int timeout_ms)
{
	struct timespec until;
	clock_gettime(CLOCK_REALTIME, &until);
	int64_t ns = until.tv_nsec + (int64_t)timeout_ms * 1000000;
	until.tv_sec += ns / 1000000000;
	until.tv_nsec = ns % 1000000000;
	pthread_mutex_lock(&W.lock);
	while (W.running > 0)
		if (pthread_cond_timedwait(&W.cond, &W.lock, &until) == ETIMEDOUT)
			break;
	pthread_mutex_unlock(&W.lock);
}

/* "no keyring" (or another immediate answer) from the loop, not inline. */
static void on_immediate(void *ud)
{
	Job *j = ud;
	j->timer = 0;
	deliver(j, NULL, j->why);
	job_unref(j);
	job_unref(j);
}

static void start_async(Op op, const char *server, const char *username, const char *token,
			int timeout_ms, secret_cb cb, void *ud)
{
	Job *j = job_new(op, server, username, token);
	j->async = true;
	j->cb = cb;
	j->ud = ud;
	if (!have_session_bus() || !job_spawn(j)) {
		j->why = xstrdup(have_session_bus() ? _("cannot start the keyring worker") : _("no keyring"));
		j->timer = loop_timer_add(0, on_immediate, j);
		return;
	}
	j->timer = loop_timer_add(timeout_ms > 0 ? timeout_ms : 3000, on_timeout, j);
}

void secret_lookup(const char *server, const char *username, int timeout_ms, secret_cb cb, void *ud)
{
	start_async(OP_LOOKUP, server, username, NULL, timeout_ms, cb, ud);
}

void secret_store(const char *server, const char *username, const char *token, int timeout_ms,
		  secret_cb cb, void *ud)
{
	start_async(OP_STORE, server, username, token, timeout_ms, cb, ud);
}

void secret_clear(const char *server, const char *username, int timeout_ms, secret_cb cb, void *ud)
{
	start_async(OP_CLEAR, server, username, NULL, timeout_ms, cb, ud);
}

/* Run a job and wait at most timeout_ms; returns the job (finished or not)
 * with the caller's reference, or NULL with *why set. */
static Job *run_sync(Op op, const char *server, const char *username, int timeout_ms, const char **why)
{
	if (!have_session_bus()) {
		*why = _("no keyring");
		return NULL;
	}
	Job *j = job_new(op, server, username, NULL);
	if (!job_spawn(j)) {
		job_unref(j);
		job_unref(j);
		*why = _("cannot start the keyring worker");
		return NULL;
	}
	struct timespec until;
	clock_gettime(CLOCK_REALTIME, &until);
	int64_t ns = until.tv_nsec + (int64_t)(timeout_ms > 0 ? timeout_ms : 3000) * 1000000;
	until.tv_sec += ns / 1000000000;
	until.tv_nsec = ns % 1000000000;
	pthread_mutex_lock(&j->lock);
	while (!j->finished)
		if (pthread_cond_timedwait(&j->cond, &j->lock, &until) == ETIMEDOUT)
			break;
	bool done = j->finished;
	if (!done)
		j->abandoned = true;
	pthread_mutex_unlock(&j->lock);
	if (!done) {
		job_unref(j);
		*why = _("the keyring timed out");
		return NULL;
	}
	return j;
}

bool secret_why_absent(const char *why)
{
	return why && strcmp(why, _(no_token)) == 0;
}

/* A reason that outlives its job, for the synchronous callers. */
static const char *keep_why(const char *why)
{
	static char buf[512];
	snprintf(buf, sizeof buf, "%s", why ? why : _("the keyring could not be read"));
	return buf;
}

char *secret_lookup_sync(const char *server, const char *username, int timeout_ms, const char **why)
{
	const char *w = NULL;
	Job *j = run_sync(OP_LOOKUP, server, username, timeout_ms, &w);
	char *value = NULL;
	if (j) {
		value = j->value;
		j->value = NULL;
		w = value ? NULL : keep_why(j->why);
		job_unref(j);
	}
	if (why)
		*why = w;
	return value;
}

int secret_clear_sync(const char *server, const char *username, int timeout_ms, const char **why)
{
	const char *w = NULL;
	Job *j = run_sync(OP_CLEAR, server, username, timeout_ms, &w);
	int rc = -1;
	if (j) {
		rc = j->why ? -1 : 0;
		if (j->why)
			w = keep_why(j->why);
		job_unref(j);
	}
	if (why)
		*why = w;
	return rc;
}
