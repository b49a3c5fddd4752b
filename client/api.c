/* api: REST v1 requests: tokens, idempotency keys, one refresh-and-retry on
 * 401, and every answer turned into an ApiResponse with clean text. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "client/api_int.h"
#include "client/i18n.h"
#include "client/loop.h"
#include "common/jsonx.h"
#include "common/xalloc.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>

typedef struct Waiter {
	api_cb cb;
	void *ud;
	struct Waiter *next;
} Waiter;

static struct {
	char *base;
	char *ca_file;
	long timeout_ms, connect_timeout_ms;
	char *access, *refresh;  /* secrets: wiped when replaced */
	unsigned token_gen;
	Req *reqs;
	unsigned next_id;
	void (*on_tokens)(const char *refresh, void *ud);
	void *on_tokens_ud;
	bool refreshing;
	unsigned refresh_gen;    /* token generation the refresh started from */
	Waiter *waiters;         /* api_refresh() callers */
} A;

static void req_done(Req *r);
static void refresh_begin(void);

void api_new_key(char out[37])
{
	unsigned char b[16];
	size_t got = 0;
	while (got < sizeof b) {
		ssize_t n = getrandom(b + got, sizeof b - got, 0);
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	if (got < sizeof b) {
		int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
		ssize_t n = fd >= 0 ? read(fd, b, sizeof b) : -1;
		if (fd >= 0)
			close(fd);
		if (n != (ssize_t)sizeof b) {
			fputs("yichuang: no source of random numbers\n", stderr);
			abort();
		}
	}
	b[6] = (unsigned char)((b[6] & 0x0F) | 0x40); /* version 4 */
	b[8] = (unsigned char)((b[8] & 0x3F) | 0x80); /* RFC 4122 variant */
	snprintf(out, 37, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
		 b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9],
		 b[10], b[11], b[12], b[13], b[14], b[15]);
}

void api_init(const char *base_url, const ApiOptions *opt)
{
	api_multi_init();
	api_multi_done = req_done;
	free(A.base);
	A.base = xstrdup(base_url ? base_url : "http://127.0.0.1:8470");
	size_t n = strlen(A.base);
	while (n > 0 && A.base[n - 1] == '/')
		A.base[--n] = '\0';
	free(A.ca_file);
	A.ca_file = xstrdup(opt && opt->ca_file && *opt->ca_file ? opt->ca_file : NULL);
	A.timeout_ms = opt && opt->timeout_ms > 0 ? opt->timeout_ms : 10000;
	A.connect_timeout_ms = opt && opt->connect_timeout_ms > 0 ? opt->connect_timeout_ms
				 : (A.timeout_ms < 10000 ? A.timeout_ms : 10000);
}

const char *api_base_url(void)
{
	return A.base;
}

static Req *find_req(unsigned id)
{
	for (Req *r = A.reqs; r; r = r->next)
		if (r->id == id)
			return r;
	return NULL;
}

/* Unlink and free a request; its secrets are wiped. */
static void req_free(Req *r)
{
	for (Req **pp = &A.reqs; *pp; pp = &(*pp)->next)
		if (*pp == r) {
			*pp = r->next;
			break;
		}
	api_multi_stop(r);
	loop_timer_cancel(r->later_timer);
	loop_timer_cancel(r->flush_timer);
	xfree_secret(r->body);
	xfree_secret(r->bearer);
	free(r->method);
	free(r->path);
	free(r->content_type);
	free(r->last_event_id);
	free(r->fail_error);
	free(r->extra_hdr);
	api_buf_wipe(&r->resp);
	api_buf_wipe(&r->pending);
	xwipe(r, sizeof *r);
	free(r);
}

/* Call the owner of an ordinary request once, then free it. */
static void deliver(Req *r)
{
	ApiAnswer a;
	api_answer_build(&a, r);
	api_cb cb = r->cb;
	void *ud = r->ud;
	bool secret = r->auth_path;
	req_free(r); /* before cb: a cancel from cb finds nothing */
	if (cb)
		cb(&a.r, ud);
	api_answer_free(&a, secret);
}

/* An answer that could not wait for curl (start failure, cancel). */
static void deliver_later(void *ud)
{
	Req *r = ud;
	r->later_timer = 0;
	if (r->stream) {
		char *err = api_transport_error(r);
		api_stream_done_cb done = r->on_done;
		void *sud = r->ud;
		req_free(r);
		done(0, err, sud);
		free(err);
		return;
	}
	deliver(r);
}

/* Send (or send again) a request with the current token. */
static void req_launch(Req *r)
{
	r->status = 0;
	r->result = CURLE_OK;
	r->os_errno = 0;
	r->errbuf[0] = '\0';
	r->too_large = false;
	r->replayed = false;
	r->date = 0;
	r->stream_ok = false;
	r->resp.len = 0;
	if (!r->auth_path && !r->bearer && !A.access && A.refresh) {
		/* Resumed session: get an access token first. */
		r->parked = true;
		refresh_begin();
		return;
	}
	r->token_gen = A.token_gen;
	const char *bearer = r->auth_path ? NULL : r->bearer ? r->bearer : A.access;
	if (!api_multi_start(r, A.base, bearer, A.ca_file, A.timeout_ms, A.connect_timeout_ms))
		r->later_timer = loop_timer_add(0, deliver_later, r);
}

static bool is_auth_path(const char *path)
{
	return strncmp(path, "/v1/auth/login", 14) == 0 || strncmp(path, "/v1/auth/refresh", 16) == 0;
}

/* Serialize a body that may hold a password into one buffer of ours (no
 * stray copies left by cJSON's own reallocations). */
static char *print_secret(const cJSON *body)
{
	for (size_t size = 512;; size *= 2) {
		char *buf = xmalloc(size);
		if (cJSON_PrintPreallocated((cJSON *)body, buf, (int)size, 0))
			return buf;
		xwipe(buf, size);
		free(buf);
	}
}

static Req *req_new(const char *method, const char *path)
{
	Req *r = xcalloc(1, sizeof *r);
	if (++A.next_id == 0)
		A.next_id = 1;
	r->id = A.next_id;
	r->method = xstrdup(method);
	r->path = xstrdup(path);
	r->auth_path = is_auth_path(path);
	r->retry_after = -1;
	r->next = A.reqs;
	A.reqs = r;
	return r;
}

unsigned api_request(const char *method, const char *path, const cJSON *body,
		     const char *idem_key, api_cb cb, void *ud)
{
	return api_request_hdr(method, path, body, idem_key, NULL, cb, ud);
}

/* A header with a line break would smuggle more headers in: refused, and
 * the caller hears of it from the loop like of any failure. */
unsigned api_request_hdr(const char *method, const char *path, const cJSON *body,
			 const char *idem_key, const char *header, api_cb cb, void *ud)
{
	if (header && strpbrk(header, "\r\n")) {
		Req *r = req_new(method, path);
		r->cb = cb;
		r->ud = ud;
		r->result = CURLE_BAD_FUNCTION_ARGUMENT;
		r->later_timer = loop_timer_add(0, deliver_later, r);
		return r->id;
	}
	Req *r = req_new(method, path);
	if (body)
		r->body = print_secret(body);
	if (idem_key && *idem_key)
		snprintf(r->idem, sizeof r->idem, "%s", idem_key);
	else
		api_new_key(r->idem);
	r->extra_hdr = xstrdup(header && *header ? header : NULL);
	r->cb = cb;
	r->ud = ud;
	unsigned id = r->id;
	req_launch(r);
	return id;
}

unsigned api_request_as(const char *bearer, const char *method, const char *path,
			const cJSON *body, api_cb cb, void *ud)
{
	Req *r = req_new(method, path);
	if (body)
		r->body = print_secret(body);
	api_new_key(r->idem);
	r->bearer = xstrdup(bearer);
	r->retried = true; /* its token is not the session's to refresh */
	r->cb = cb;
	r->ud = ud;
	unsigned id = r->id;
	req_launch(r);
	return id;
}

unsigned api_stream(const char *path, const char *last_event_id,
		    api_stream_data_cb on_data, api_stream_done_cb on_done, void *ud)
{
	Req *r = req_new("GET", path);
	r->stream = true;
	r->last_event_id = xstrdup(last_event_id);
	r->on_data = on_data;
	r->on_done = on_done;
	r->ud = ud;
	unsigned id = r->id;
	req_launch(r);
	return id;
}

void api_cancel(unsigned handle)
{
	Req *r = find_req(handle);
	if (!r)
		return;
	if (r->stream) {
		if (r->in_cb)
			r->cancelled = true; /* freed when its callback returns */
		else
			req_free(r);
		return;
	}
	if (r->cancelled)
		return;
	api_multi_stop(r);
	r->parked = false;
	r->cancelled = true;
	loop_timer_cancel(r->later_timer);
	r->later_timer = loop_timer_add(0, deliver_later, r);
}

/* A stream ended: hand over what is pending, then say how it ended. */
static void stream_end(Req *r)
{
	if (!api_stream_flush(r))
		return;
	char *err = NULL;
	if (r->result != CURLE_OK)
		err = api_transport_error(r);
	else if (r->status != 200) {
		ApiAnswer a;
		api_answer_build(&a, r);
		err = xstrdup(a.message ? a.message : _("the events stream was refused"));
		api_answer_free(&a, false);
	}
	long status = r->result == CURLE_OK ? r->status : 0;
	api_stream_done_cb done = r->on_done;
	void *ud = r->ud;
	req_free(r);
	done(status, err, ud);
	free(err);
}

/* A transfer finished (from api_multi.c, outside curl). */
static void req_done(Req *r)
{
	bool unauthorized = r->result == CURLE_OK && r->status == 401;
	if (unauthorized && r->sent_bearer && !r->retried && A.refresh) {
		r->retried = true;
		if (r->token_gen != A.token_gen && A.access) {
			req_launch(r); /* someone refreshed meanwhile */
			return;
		}
		r->parked = true;
		refresh_begin();
		return;
	}
	if (r->stream)
		stream_end(r);
	else
		deliver(r);
}

/* The refresh answer: new tokens and the parked requests sent again, or
 * the session is over and they get their 401. notify: tell on_tokens. */
static void refresh_finish(const ApiResponse *resp, bool notify)
{
	ApiResponse stale;
	A.refreshing = false;
	const char *acc = json_str(resp->json, "access_token", NULL);
	const char *ref = json_str(resp->json, "refresh_token", NULL);
	bool ok = resp->status == 200 && acc && ref && *acc && *ref;
	if (A.refresh_gen != A.token_gen) {
		/* The tokens were set or cleared while this refresh ran (login,
		 * logout): its answer is stale; the parked go with what is now. */
		ok = A.access != NULL;
		stale = (ApiResponse){ .status = 401, .retry_after = -1, .problem = "unauthorized",
				       .message = _("not logged in") };
		resp = &stale;
	} else if (ok) {
		api_set_tokens(acc, ref);
		if (A.on_tokens && notify)
			A.on_tokens(A.refresh, A.on_tokens_ud);
	} else if (resp->status >= 400 && resp->status < 500) {
		api_clear_tokens();
		if (A.on_tokens && notify)
			A.on_tokens(NULL, A.on_tokens_ud);
	}
	/* Collect the parked requests by id first: callbacks may start new
	 * requests or cancel parked ones. */
	size_t n = 0;
	for (Req *r = A.reqs; r; r = r->next)
		n += r->parked;
	unsigned *ids = xcalloc(n ? n : 1, sizeof *ids);
	n = 0;
	for (Req *r = A.reqs; r; r = r->next)
		if (r->parked)
			ids[n++] = r->id;
	for (size_t i = 0; i < n; i++) {
		Req *r = find_req(ids[i]);
		if (!r || !r->parked)
			continue; /* cancelled meanwhile */
		r->parked = false;
		if (ok) {
			r->retried = true;
			req_launch(r);
		} else if (resp->status == 0 || resp->status >= 500) {
			/* No answer to the refresh: the request fails like it (the
			 * session may still be fine). */
			r->status = 0;
			r->result = CURLE_COULDNT_CONNECT;
			free(r->fail_error);
			r->fail_error = xstrdup(resp->message ? resp->message : _("cannot connect to the server"));
			r->later_timer = loop_timer_add(0, deliver_later, r);
		} else {
			if (!r->status) { /* never sent (no access token yet) */
				r->status = 401;
				r->result = CURLE_OK;
			}
			if (r->stream)
				stream_end(r);
			else
				deliver(r);
		}
	}
	free(ids);
	Waiter *w = A.waiters;
	A.waiters = NULL;
	while (w) {
		Waiter *next = w->next;
		w->cb(resp, w->ud);
		free(w);
		w = next;
	}
}

static void refresh_done(const ApiResponse *resp, void *ud)
{
	refresh_finish(resp, true);
}

/* No refresh token to try: everyone waiting gets a 401, from the loop. */
static void refresh_none(void *ud)
{
	ApiResponse none = { .status = 401, .retry_after = -1,
			     .problem = "unauthorized", .message = _("not logged in") };
	refresh_finish(&none, false);
}

/* Start the one refresh in flight, if none is. */
static void refresh_begin(void)
{
	if (A.refreshing)
		return;
	A.refreshing = true;
	if (!A.refresh) {
		A.refresh_gen = A.token_gen;
		loop_timer_add(0, refresh_none, NULL);
		return;
	}
	A.refresh_gen = A.token_gen;
	cJSON *body = cJSON_CreateObject();
	cJSON_AddStringToObject(body, "refresh_token", A.refresh);
	api_request("POST", "/v1/auth/refresh", body, NULL, refresh_done, NULL);
	api_json_wipe(body);
	cJSON_Delete(body);
}

unsigned api_refresh(api_cb cb, void *ud)
{
	Waiter *w = xcalloc(1, sizeof *w);
	w->cb = cb;
	w->ud = ud;
	Waiter **pp = &A.waiters;
	while (*pp)
		pp = &(*pp)->next;
	*pp = w;
	refresh_begin();
	return 0;
}

/* Replace a secret string, wiping the old one. */
static void set_secret(char **slot, const char *v)
{
	xfree_secret(*slot);
	*slot = v && *v ? xstrdup(v) : NULL;
}

void api_set_tokens(const char *access, const char *refresh)
{
	/* The arguments may be the current strings (on_tokens passes
	 * A.refresh back): copy before wiping. */
	char *acc = access && *access ? xstrdup(access) : NULL;
	char *ref = refresh && *refresh ? xstrdup(refresh) : NULL;
	set_secret(&A.access, NULL);
	set_secret(&A.refresh, NULL);
	A.access = acc;
	A.refresh = ref;
	A.token_gen++;
}

const char *api_refresh_token(void)
{
	return A.refresh;
}

void api_swap_tokens(const char *access, const char *refresh)
{
	char *old_access = A.access, *old_refresh = A.refresh;
	A.access = A.refresh = NULL;
	api_set_tokens(access, refresh);
	api_revoke_start(old_access, old_refresh);
}

void api_clear_tokens(void)
{
	set_secret(&A.access, NULL);
	set_secret(&A.refresh, NULL);
	A.token_gen++;
}

void api_on_tokens(void (*cb)(const char *refresh, void *ud), void *ud)
{
	A.on_tokens = cb;
	A.on_tokens_ud = ud;
}

void api_shutdown(void)
{
	while (A.reqs)
		req_free(A.reqs);
	while (A.waiters) {
		Waiter *w = A.waiters;
		A.waiters = w->next;
		free(w);
	}
	A.refreshing = false;
	api_revoke_clear();
	api_clear_tokens();
	api_multi_shutdown();
	free(A.base);
	A.base = NULL;
	free(A.ca_file);
	A.ca_file = NULL;
}
