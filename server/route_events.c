/* route_events: GET /v1/events as a Server-Sent Events stream, or as a JSON long-poll. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "server/events.h"
#include "server/problem.h"
#include "server/routes.h"
#include "common/timefmt.h"
#include "common/xalloc.h"
#include <errno.h>
#include <microhttpd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BATCH 100          /* events per long-poll answer or stream refill */
#define SSE_BLOCK 8192     /* MHD's buffer for the stream */

/* A cursor value: a whole number >= 0; false when it is not. */
static bool parse_cursor(const char *s, int64_t *out)
{
	if (!s || !*s || strlen(s) > 19)
		return false;
	for (const char *p = s; *p; p++)
		if (*p < '0' || *p > '9')
			return false;
	errno = 0;
	long long v = strtoll(s, NULL, 10);
	if (errno)
		return false;
	*out = v;
	return true;
}

/* MHD's suspend, in the shape the hub calls it. */
static void suspend_conn(void *conn)
{
	MHD_suspend_connection(conn);
}

/* ---- Server-Sent Events ---- */

struct sse {
	struct ev_waiter w; /* first: the hub hands it back */
	struct MHD_Connection *conn;
	int64_t last;       /* id of the last event sent */
	int64_t beat_ms;    /* when the next heartbeat is due */
	int64_t every_ms;
	struct sbuf out;    /* bytes not yet given to MHD */
	size_t off;
};

static void sse_wake(struct ev_waiter *w)
{
	MHD_resume_connection(((struct sse *)w)->conn);
}

/* MHD asks for more of the stream: pending bytes, new events, a heartbeat,
 * or park until one of them is due. */
static ssize_t sse_read(void *cls, uint64_t pos, char *buf, size_t max)
{
	(void)pos;
	struct sse *s = cls;
	/* Parking is only refused when an event came in meanwhile, so a few
	 * rounds always make progress; more means something is broken. */
	for (int round = 0; round < 4; round++) {
		if (s->off < s->out.len) {
			size_t n = s->out.len - s->off < max ? s->out.len - s->off : max;
			memcpy(buf, s->out.p + s->off, n);
			s->off += n;
			return (ssize_t)n;
		}
		s->out.len = s->off = 0;
		if (events_closing())
			return MHD_CONTENT_READER_END_OF_STREAM;
		int64_t now = time_mono_ms();
		int n = events_collect(store_thread(), &s->last, BATCH, EV_SSE, &s->out);
		if (n < 0)
			return MHD_CONTENT_READER_END_WITH_ERROR;
		if (n > 0) {
			s->beat_ms = now + s->every_ms;
			continue;
		}
		if (now >= s->beat_ms) {
			sbuf_puts(&s->out, ": heartbeat\n\n");
			s->beat_ms = now + s->every_ms;
			continue;
		}
		s->w.after = s->last;
		s->w.deadline_ms = s->beat_ms;
		if (events_park(&s->w, suspend_conn, s->conn))
			return 0;
	}
	return MHD_CONTENT_READER_END_WITH_ERROR;
}

static void sse_free(void *cls)
{
	struct sse *s = cls;
	events_unpark(&s->w);
	sbuf_free(&s->out);
	free(s);
}

/* Start a stream after `after`. */
static void start_stream(struct req *rq, struct resp *rs, int64_t after)
{
	struct sse *s = xcalloc(1, sizeof *s);
	s->conn = rq->conn;
	s->last = after;
	s->w.wake = sse_wake;
	s->every_ms = http_heartbeat_ms();
	s->beat_ms = time_mono_ms() + s->every_ms;
	/* A first comment gets the headers and the stream going at once. */
	sbuf_puts(&s->out, ": connected\n\n");
	struct MHD_Response *r = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, SSE_BLOCK, sse_read, s, sse_free);
	if (!r) {
		sse_free(s);
		resp_problem(rs, rq, "internal", "the stream could not start");
		return;
	}
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, "text/event-stream");
	MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-cache");
	MHD_add_response_header(r, "X-Accel-Buffering", "no");
	rs->status = 200;
	rs->stream = r;
}

/* ---- long-poll ---- */

struct poll_wait {
	struct ev_waiter w;
	struct MHD_Connection *conn;
	int64_t after;
	int64_t deadline_ms;
};

static void poll_wake(struct ev_waiter *w)
{
	MHD_resume_connection(((struct poll_wait *)w)->conn);
}

static void poll_free(void *ctx)
{
	struct poll_wait *p = ctx;
	events_unpark(&p->w);
	free(p);
}

/* {"events":[...],"next_cursor":"N"} */
static void send_events(struct resp *rs, struct sbuf *items, int64_t cursor)
{
	struct sbuf b = { 0 };
	sbuf_puts(&b, "{\"events\":[");
	if (items->len)
		sbuf_add(&b, items->p, items->len);
	sbuf_printf(&b, "],\"next_cursor\":\"%lld\"}", (long long)cursor);
	size_t len;
	char *body = sbuf_take(&b, &len);
	resp_text(rs, 200, "application/json", body, len);
}

/* Answer with what there is, or park until an event or the deadline. */
static void long_poll(struct req *rq, struct resp *rs, struct poll_wait *p)
{
	for (int round = 0;; round++) {
		struct sbuf items = { 0 };
		int n = events_collect(store_thread(), &p->after, BATCH, EV_JSON, &items);
		if (n < 0) {
			sbuf_free(&items);
			resp_problem(rs, rq, "internal", "the event log could not be read");
			return;
		}
		if (n > 0 || events_closing() || time_mono_ms() >= p->deadline_ms || round >= 3) {
			send_events(rs, &items, p->after);
			sbuf_free(&items);
			return;
		}
		sbuf_free(&items);
		p->w.after = p->after;
		p->w.deadline_ms = p->deadline_ms;
		if (events_park(&p->w, suspend_conn, rq->conn)) {
			rs->parked = true;
			return;
		}
	}
}

void route_events(struct req *rq, struct resp *rs)
{
	if (rq->again) {
		long_poll(rq, rs, rq->ctx);
		return;
	}
	const char *accept = req_header(rq, "Accept");
	bool sse = accept && strstr(accept, "text/event-stream");
	const char *lei = sse ? req_header(rq, "Last-Event-ID") : NULL;
	const char *after_s = lei ? lei : req_query(rq, "after");
	const char *wait_s = req_query(rq, "wait");
	cJSON *errs = NULL;
	int64_t after = 0, wait = 25;
	bool has_after = after_s != NULL;
	if (after_s && !parse_cursor(after_s, &after))
		problem_error(&errs, lei ? "Last-Event-ID" : "after", "format", "must be an event id (a whole number)");
	if (wait_s && (!parse_cursor(wait_s, &wait) || wait > 60))
		problem_error(&errs, "wait", "range", "wait must be a whole number of seconds from 0 to 60");
	if (errs) {
		resp_invalid(rs, rq, errs);
		return;
	}
	int64_t last = events_last_id();
	if (!has_after || after > last)
		after = last; /* new events only; a cursor from the future starts now */
	if (sse) {
		start_stream(rq, rs, after);
		return;
	}
	struct poll_wait *p = xcalloc(1, sizeof *p);
	p->conn = rq->conn;
	p->after = after;
	p->w.wake = poll_wake;
	p->deadline_ms = has_after ? time_mono_ms() + wait * 1000 : 0;
	rq->ctx = p;
	rq->ctx_free = poll_free;
	long_poll(rq, rs, p);
}
