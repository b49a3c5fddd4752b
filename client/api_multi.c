/* api_multi: the curl multi interface driven by the loop: curl's sockets
 * and timer become loop watches and a loop timer; easy handles are set up
 * here (TLS on, timeouts, headers) and their bytes collected. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "client/api_int.h"
#include "client/loop.h"
#include "common/xalloc.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define MAX_BODY (8u << 20)     /* ordinary answers larger than this are refused */

void (*api_multi_done)(Req *r);
static void stream_flush_timer(void *ud);

static struct {
	CURLM *multi;
	unsigned timer;
} M;

void api_buf_add(ApiBuf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 1024;
		while (cap < b->len + n + 1)
			cap *= 2;
		/* Grow by hand so the old copy can be wiped: answers to auth
		 * calls hold tokens. */
		char *p = xmalloc(cap);
		if (b->p) {
			memcpy(p, b->p, b->len);
			xwipe(b->p, b->cap);
			free(b->p);
		}
		b->p = p;
		b->cap = cap;
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

void api_buf_wipe(ApiBuf *b)
{
	if (b->p) {
		xwipe(b->p, b->cap);
		free(b->p);
	}
	b->p = NULL;
	b->len = b->cap = 0;
}

/* Hand every finished transfer to api.c. Called after curl returned, so
 * the callbacks may add and remove handles freely. */
static void check_done(void)
{
	CURLMsg *msg;
	int left;
	while ((msg = curl_multi_info_read(M.multi, &left))) {
		if (msg->msg != CURLMSG_DONE)
			continue;
		Req *r = NULL;
		curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, (char **)&r);
		r->result = msg->data.result;
		r->os_errno = 0;
		if (r->result != CURLE_OK)
			curl_easy_getinfo(msg->easy_handle, CURLINFO_OS_ERRNO, &r->os_errno);
		curl_easy_getinfo(msg->easy_handle, CURLINFO_RESPONSE_CODE, &r->status);
		char *ct = NULL;
		curl_easy_getinfo(msg->easy_handle, CURLINFO_CONTENT_TYPE, &ct);
		free(r->content_type);
		r->content_type = xstrdup(ct);
		api_multi_stop(r);
		api_multi_done(r);
	}
}

/* A curl socket is ready. */
static void on_socket(int fd, int revents, void *ud)
{
	int flags = 0;
	if (revents & (POLLIN | POLLHUP))
		flags |= CURL_CSELECT_IN;
	if (revents & POLLOUT)
		flags |= CURL_CSELECT_OUT;
	if (revents & (POLLERR | POLLNVAL))
		flags |= CURL_CSELECT_ERR;
	int running;
	curl_multi_socket_action(M.multi, fd, flags, &running);
	check_done();
}

/* curl's timer ran out. */
static void on_timer(void *ud)
{
	M.timer = 0;
	if (!M.multi)
		return;
	int running;
	curl_multi_socket_action(M.multi, CURL_SOCKET_TIMEOUT, 0, &running);
	check_done();
}

/* CURLMOPT_SOCKETFUNCTION: watch or forget a socket. */
static int socket_cb(CURL *easy, curl_socket_t s, int what, void *userp, void *socketp)
{
	if (what == CURL_POLL_REMOVE) {
		loop_unwatch_fd(s);
		return 0;
	}
	short ev = 0;
	if (what & CURL_POLL_IN)
		ev |= POLLIN;
	if (what & CURL_POLL_OUT)
		ev |= POLLOUT;
	loop_watch_fd(s, ev, on_socket, NULL);
	return 0;
}

/* CURLMOPT_TIMERFUNCTION: one loop timer stands for curl's one timeout. */
static int timer_cb(CURLM *multi, long timeout_ms, void *userp)
{
	loop_timer_cancel(M.timer);
	M.timer = 0;
	if (timeout_ms >= 0)
		M.timer = loop_timer_add(timeout_ms, on_timer, NULL);
	return 0;
}

void api_multi_init(void)
{
	if (M.multi)
		return;
	curl_global_init(CURL_GLOBAL_DEFAULT);
	M.multi = curl_multi_init();
	curl_multi_setopt(M.multi, CURLMOPT_SOCKETFUNCTION, socket_cb);
	curl_multi_setopt(M.multi, CURLMOPT_TIMERFUNCTION, timer_cb);
}

void api_multi_shutdown(void)
{
	if (!M.multi)
		return;
	curl_multi_cleanup(M.multi); /* may still call timer_cb */
	M.multi = NULL;
	loop_timer_cancel(M.timer);
	M.timer = 0;
	curl_global_cleanup();
}

/* Schedule the hand-over of stream bytes from the loop, not from curl. */
static void stream_schedule(Req *r)
{
	if (!r->flush_timer)
		r->flush_timer = loop_timer_add(0, stream_flush_timer, r);
}

static void stream_flush_timer(void *ud)
{
	Req *r = ud;
	r->flush_timer = 0;
	api_stream_flush(r);
}

/* Give a stream's pending bytes (and its opening) to its owner. The owner
 * may cancel the stream from its callback: then it is freed here. */
bool api_stream_flush(Req *r)
{
	loop_timer_cancel(r->flush_timer);
	r->flush_timer = 0;
	r->in_cb = true;
	if (r->open_pending) {
		r->open_pending = false;
		r->on_data("", 0, r->ud);
	}
	if (!r->cancelled && r->pending.len > 0) {
		ApiBuf b = r->pending;
		memset(&r->pending, 0, sizeof r->pending);
		r->on_data(b.p, b.len, r->ud);
		free(b.p);
	}
	r->in_cb = false;
	if (r->cancelled) {
		api_cancel(r->id); /* now it can go */
		return false;
	}
	return true;
}

/* CURLOPT_WRITEFUNCTION: collect the body; a stream's body (once it is a
 * 200) is handed over through the loop. */
static size_t write_cb(char *ptr, size_t size, size_t nmemb, void *ud)
{
	Req *r = ud;
	size_t n = size * nmemb;
	if (r->stream && r->stream_ok) {
		api_buf_add(&r->pending, ptr, n);
		stream_schedule(r);
		return n;
	}
	if (r->resp.len + n > MAX_BODY) {
		r->too_large = true;
		return 0; /* makes curl stop with CURLE_WRITE_ERROR */
	}
	api_buf_add(&r->resp, ptr, n);
	return n;
}

/* Does header line h (len n) name field? Returns the value or NULL. */
static const char *header_value(const char *h, size_t n, const char *field, size_t *vlen)
{
	size_t fl = strlen(field);
	if (n <= fl || strncasecmp(h, field, fl) != 0 || h[fl] != ':')
		return NULL;
	const char *v = h + fl + 1;
	const char *end = h + n;
	while (v < end && (*v == ' ' || *v == '\t'))
		v++;
	while (end > v && (end[-1] == '\r' || end[-1] == '\n' || end[-1] == ' '))
		end--;
	*vlen = (size_t)(end - v);
	return v;
}

/* CURLOPT_HEADERFUNCTION: the few headers the client uses, and the end of
 * a stream's headers. */
static size_t header_cb(char *h, size_t size, size_t nmemb, void *ud)
{
	Req *r = ud;
	size_t n = size * nmemb, vl;
	const char *v;
	char tmp[128];
	if (n >= 5 && strncmp(h, "HTTP/", 5) == 0) {
		r->replayed = false; /* a new response (after 1xx) starts */
		r->retry_after = -1;
	} else if ((v = header_value(h, n, "Idempotent-Replayed", &vl))) {
		r->replayed = vl == 4 && strncasecmp(v, "true", 4) == 0;
	} else if ((v = header_value(h, n, "Retry-After", &vl)) && vl < sizeof tmp) {
		memcpy(tmp, v, vl);
		tmp[vl] = '\0';
		char *e;
		long s = strtol(tmp, &e, 10);
		r->retry_after = (*e == '\0' && s >= 0) ? s : -1;
	} else if ((v = header_value(h, n, "Date", &vl)) && vl < sizeof tmp) {
		memcpy(tmp, v, vl);
		tmp[vl] = '\0';
		time_t t = curl_getdate(tmp, NULL);
		r->date = t > 0 ? t : 0;
	} else if (r->stream && (n == 2 || n == 1) && (h[0] == '\r' || h[0] == '\n')) {
		long code = 0;
		curl_easy_getinfo(r->easy, CURLINFO_RESPONSE_CODE, &code);
		if (code == 200 && !r->stream_ok) {
			r->stream_ok = true;
			r->open_pending = true;
			stream_schedule(r);
		}
	}
	return n;
}

/* Add a header line to the list (copied by curl). */
static void add_header(Req *r, const char *line)
{
	struct curl_slist *l = curl_slist_append(r->hdrs, line);
	if (l)
		r->hdrs = l;
}

bool api_multi_start(Req *r, const char *base_url, const char *bearer,
		     const char *ca_file, long timeout_ms, long connect_timeout_ms)
{
	r->easy = curl_easy_init();
	if (!r->easy) {
		r->result = CURLE_OUT_OF_MEMORY;
		return false;
	}
	CURL *e = r->easy;
	char *url = xasprintf("%s%s", base_url, r->path);
	curl_easy_setopt(e, CURLOPT_URL, url);
	free(url);
	curl_easy_setopt(e, CURLOPT_PRIVATE, (char *)r);
	curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 2L);
	if (ca_file && *ca_file)
		curl_easy_setopt(e, CURLOPT_CAINFO, ca_file);
	curl_easy_setopt(e, CURLOPT_USERAGENT, "yichuang/" YC_VERSION);
	curl_easy_setopt(e, CURLOPT_ERRORBUFFER, r->errbuf);
	curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, write_cb);
	curl_easy_setopt(e, CURLOPT_WRITEDATA, r);
	curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, header_cb);
	curl_easy_setopt(e, CURLOPT_HEADERDATA, r);
	curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, connect_timeout_ms);
	curl_easy_setopt(e, CURLOPT_TCP_KEEPALIVE, 1L);
	if (!r->stream)
		curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, timeout_ms);

	add_header(r, r->stream ? "Accept: text/event-stream" : "Accept: application/json, application/problem+json");
	add_header(r, "Expect:");
	if (r->stream && r->last_event_id && *r->last_event_id) {
		char *h = xasprintf("Last-Event-ID: %s", r->last_event_id);
		add_header(r, h);
		free(h);
	}
	if (bearer) {
		char *h = xasprintf("Authorization: Bearer %s", bearer);
		add_header(r, h);
		xfree_secret(h);
		r->sent_bearer = true;
	} else {
		r->sent_bearer = false;
	}
	if (r->extra_hdr)
		add_header(r, r->extra_hdr);
	if (strcmp(r->method, "POST") == 0) {
		char *h = xasprintf("Idempotency-Key: %s", r->idem);
		add_header(r, h);
		free(h);
	}
	if (r->body) {
		add_header(r, "Content-Type: application/json");
	} else if (strcmp(r->method, "GET") != 0) {
		add_header(r, "Content-Type:"); /* no body, no type */
	}
	if (strcmp(r->method, "POST") == 0) {
		curl_easy_setopt(e, CURLOPT_POST, 1L);
		curl_easy_setopt(e, CURLOPT_POSTFIELDS, r->body ? r->body : "");
		curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE, (long)(r->body ? strlen(r->body) : 0));
	} else if (strcmp(r->method, "GET") != 0) {
		curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST, r->method);
		if (r->body) {
			curl_easy_setopt(e, CURLOPT_POSTFIELDS, r->body);
			curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE, (long)strlen(r->body));
		}
	}
	curl_easy_setopt(e, CURLOPT_HTTPHEADER, r->hdrs);

	r->retry_after = -1;
	if (curl_multi_add_handle(M.multi, e) != CURLM_OK) {
		r->result = CURLE_FAILED_INIT;
		api_multi_stop(r);
		return false;
	}
	return true;
}

void api_multi_stop(Req *r)
{
	if (r->easy) {
		curl_multi_remove_handle(M.multi, r->easy);
		curl_easy_cleanup(r->easy);
		r->easy = NULL;
	}
	for (struct curl_slist *l = r->hdrs; l; l = l->next)
		if (l->data)
			xwipe(l->data, strlen(l->data));
	curl_slist_free_all(r->hdrs);
	r->hdrs = NULL;
}
