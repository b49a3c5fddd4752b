/* sse: incremental Server-Sent Events parser (WHATWG event-stream rules). */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "client/sse.h"
#include "common/xalloc.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#define SSE_MAX_LINE (1u << 20)
#define SSE_MAX_DATA (4u << 20)

typedef struct Buf {
	char *p;
	size_t len, cap;
} Buf;

struct SseParser {
	sse_event_cb cb;
	void *ud;
	Buf line;               /* the line being read */
	bool discard;           /* the current line overflowed: drop it */
	bool after_cr;          /* last byte was CR: a following LF ends nothing */
	bool started;           /* past a leading byte order mark */
	Buf data;               /* joined data lines of the event */
	bool has_data;
	bool data_overflow;
	char *type;             /* event field of the event, or NULL */
	char *event_id;         /* id field of this event, or NULL */
	char *last_id;          /* the last id seen on the stream */
};

/* Append n bytes to b, keeping a terminating NUL. */
static void buf_add(Buf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 128;
		while (cap < b->len + n + 1)
			cap *= 2;
		b->p = xrealloc(b->p, cap);
		b->cap = cap;
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

SseParser *sse_new(sse_event_cb cb, void *ud)
{
	SseParser *p = xcalloc(1, sizeof *p);
	p->cb = cb;
	p->ud = ud;
	p->last_id = xstrdup("");
	return p;
}

void sse_free(SseParser *p)
{
	if (!p)
		return;
	free(p->line.p);
	free(p->data.p);
	free(p->type);
	free(p->event_id);
	free(p->last_id);
	free(p);
}

const char *sse_last_id(const SseParser *p)
{
	return p->last_id;
}

/* A blank line: deliver the event if it had data, then start afresh. */
static void dispatch(SseParser *p)
{
	if (p->has_data && !p->data_overflow) {
		if (p->data.len > 0 && p->data.p[p->data.len - 1] == '\n')
			p->data.p[--p->data.len] = '\0';
		p->cb(p->event_id, p->type && *p->type ? p->type : "message",
		      p->data.p ? p->data.p : "", p->ud);
	}
	p->data.len = 0;
	if (p->data.p)
		p->data.p[0] = '\0';
	p->has_data = false;
	p->data_overflow = false;
	free(p->type);
	p->type = NULL;
	free(p->event_id);
	p->event_id = NULL;
}

/* One complete line (without its end). */
static void process_line(SseParser *p, const char *line, size_t len)
{
	if (len == 0) {
		dispatch(p);
		return;
	}
	if (line[0] == ':')
		return; /* comment (heartbeat) */
	const char *colon = memchr(line, ':', len);
	size_t nlen = colon ? (size_t)(colon - line) : len;
	const char *val = colon ? colon + 1 : line + len;
	size_t vlen = colon ? len - nlen - 1 : 0;
	if (vlen > 0 && *val == ' ') {
		val++;
		vlen--;
	}
	if (nlen == 4 && memcmp(line, "data", 4) == 0) {
		if (p->data.len + vlen + 1 > SSE_MAX_DATA) {
			p->data_overflow = true;
			return;
		}
		buf_add(&p->data, val, vlen);
		buf_add(&p->data, "\n", 1);
		p->has_data = true;
	} else if (nlen == 5 && memcmp(line, "event", 5) == 0) {
		free(p->type);
		p->type = xstrndup(val, vlen);
	} else if (nlen == 2 && memcmp(line, "id", 2) == 0) {
		if (memchr(val, '\0', vlen))
			return; /* the spec ignores ids holding NUL */
		free(p->event_id);
		p->event_id = xstrndup(val, vlen);
		free(p->last_id);
		p->last_id = xstrndup(val, vlen);
	}
	/* "retry" and unknown fields are ignored. */
}

int sse_feed(SseParser *p, const char *buf, size_t len)
{
	int rc = 0;
	size_t i = 0;
	if (!p->started && len > 0) {
		/* A UTF-8 byte order mark may open the stream; it may also be
		 * split across feeds, so only a complete one at the start counts. */
		if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
			i = 3;
		p->started = true;
	}
	while (i < len) {
		char c = buf[i];
		if (c == '\n' && p->after_cr) {
			p->after_cr = false;
			i++;
			continue;
		}
		p->after_cr = false;
		/* Find the end of this line in the slice. */
		size_t j = i;
		while (j < len && buf[j] != '\n' && buf[j] != '\r')
			j++;
		if (!p->discard) {
			if (p->line.len + (j - i) > SSE_MAX_LINE) {
				p->discard = true;
				p->line.len = 0;
				rc = -1;
			} else {
				buf_add(&p->line, buf + i, j - i);
			}
		}
		if (j == len)
			break; /* line continues in the next slice */
		p->after_cr = buf[j] == '\r';
		if (!p->discard)
			process_line(p, p->line.p ? p->line.p : "", p->line.len);
		p->discard = false;
		p->line.len = 0;
		i = j + 1;
	}
	return rc;
}
