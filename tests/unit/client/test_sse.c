/* test_sse: the SSE parser on whole streams, at every split point, with
 * CRLF, multi-line data, comments, ids and overlong lines. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client/sse.h"

/* Every event received, as "id|type|data\n" lines. */
typedef struct Log {
	char buf[8192];
	int count;
} Log;

static void on_event(const char *id, const char *type, const char *data, void *ud)
{
	Log *l = ud;
	size_t n = strlen(l->buf);
	snprintf(l->buf + n, sizeof l->buf - n, "%s|%s|%s\n", id ? id : "(null)", type, data);
	l->count++;
}

static const char stream[] =
	"\xEF\xBB\xBF: hello, a comment\n"
	"retry: 3000\n"
	"id: 41\n"
	"event: ticket.issued\n"
	"data: {\"a\":1}\n"
	"\n"
	": heartbeat\n"
	"\n"
	"id: 42\r\n"
	"event: ticket.called\r\n"
	"data: line one\r\n"
	"data: line two\r\n"
	"data\r\n"
	"\r\n"
	"data:no space\r"
	"\r"
	"id\n"
	"data: x\n"
	"\n"
	"event: orphan\n"
	"\n"
	"data: trailing not dispatched";

static const char expected[] =
	"41|ticket.issued|{\"a\":1}\n"
	"42|ticket.called|line one\nline two\n\n"
	"(null)|message|no space\n"
	"|message|x\n";

static void feed_split(const char *s, size_t n, size_t at, Log *l, SseParser **pp)
{
	SseParser *p = sse_new(on_event, l);
	assert_int_equal(sse_feed(p, s, at), 0);
	assert_int_equal(sse_feed(p, s + at, n - at), 0);
	*pp = p;
}

static void test_whole_stream(void **state)
{
	Log l = {0};
	SseParser *p = sse_new(on_event, &l);
	assert_int_equal(sse_feed(p, stream, strlen(stream)), 0);
	assert_string_equal(l.buf, expected);
	assert_int_equal(l.count, 4);
	/* An empty "id" line resets the last id. */
	assert_string_equal(sse_last_id(p), "");
	sse_free(p);
}

static void test_split_at_every_byte(void **state)
{
	size_t n = strlen(stream);
	for (size_t at = 0; at <= n; at++) {
		Log l = {0};
		SseParser *p;
		feed_split(stream, n, at, &l, &p);
		assert_string_equal(l.buf, expected);
		sse_free(p);
	}
}

static void test_one_byte_at_a_time(void **state)
{
	Log l = {0};
	SseParser *p = sse_new(on_event, &l);
	size_t n = strlen(stream);
	assert_int_equal(sse_feed(p, stream, 3), 0); /* the BOM in one piece */
	for (size_t i = 3; i < n; i++)
		assert_int_equal(sse_feed(p, stream + i, 1), 0);
	assert_string_equal(l.buf, expected);
	sse_free(p);
}

static void test_last_id_tracks_events(void **state)
{
	Log l = {0};
	SseParser *p = sse_new(on_event, &l);
	assert_string_equal(sse_last_id(p), "");
	const char *s = "id: 7\ndata: a\n\ndata: b\n\n";
	sse_feed(p, s, strlen(s));
	/* The second event has no id of its own; the stream's last id stays. */
	assert_string_equal(l.buf, "7|message|a\n(null)|message|b\n");
	assert_string_equal(sse_last_id(p), "7");
	sse_free(p);
}

static void test_cr_lf_split_counts_once(void **state)
{
	Log l = {0};
	SseParser *p = sse_new(on_event, &l);
	/* CR at the end of one feed, LF at the start of the next: one line end. */
	sse_feed(p, "data: a\r", 8);
	sse_feed(p, "\ndata: b\r", 9);
	sse_feed(p, "\n\r", 2);
	sse_feed(p, "\n", 1);
	assert_string_equal(l.buf, "(null)|message|a\nb\n");
	sse_free(p);
}

static void test_comment_only_and_unknown_fields(void **state)
{
	Log l = {0};
	SseParser *p = sse_new(on_event, &l);
	const char *s = ": only a comment\n\nfoo: bar\nevent: x\n\n";
	sse_feed(p, s, strlen(s));
	assert_int_equal(l.count, 0);
	sse_free(p);
}

static void test_overlong_line_dropped(void **state)
{
	Log l = {0};
	SseParser *p = sse_new(on_event, &l);
	size_t big = (1u << 20) + 10;
	char *line = malloc(big);
	memset(line, 'x', big);
	memcpy(line, "data: ", 6);
	assert_int_equal(sse_feed(p, line, big), -1);
	free(line);
	const char *rest = "\ndata: ok\n\n";
	assert_int_equal(sse_feed(p, rest, strlen(rest)), 0);
	assert_string_equal(l.buf, "(null)|message|ok\n");
	sse_free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_whole_stream),
		cmocka_unit_test(test_split_at_every_byte),
		cmocka_unit_test(test_one_byte_at_a_time),
		cmocka_unit_test(test_last_id_tracks_events),
		cmocka_unit_test(test_cr_lf_split_counts_once),
		cmocka_unit_test(test_comment_only_and_unknown_fields),
		cmocka_unit_test(test_overlong_line_dropped),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
