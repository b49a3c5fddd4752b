/* fuzz_sse: the client's Server-Sent Events parser (client/sse.h), fed whole and in slices. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "client/sse.h"
#include "tests/fuzz/fuzz.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	return 0;
}

/* Every event delivered, as "id\x1ftype\x1fdata\x1e". */
typedef struct Log {
	char *p;
	size_t len, cap;
	size_t events;
} Log;

static void put(Log *l, const char *s, size_t n)
{
	if (l->len + n + 1 > l->cap) {
		l->cap = (l->len + n + 1) * 2;
		l->p = realloc(l->p, l->cap);
		FUZZ_CHECK(l->p != NULL);
	}
	memcpy(l->p + l->len, s, n);
	l->len += n;
	l->p[l->len] = '\0';
}

static void on_event(const char *id, const char *type, const char *data, void *ud)
{
	Log *l = ud;
	FUZZ_CHECK(type && *type && data);
	/* Lines end at CR or LF: no field holds one, only data joins lines with LF. */
	FUZZ_CHECK(!strpbrk(type, "\r\n") && !strchr(data, '\r'));
	FUZZ_CHECK(!id || !strpbrk(id, "\r\n"));
	put(l, id ? id : "\x1d", id ? strlen(id) : 1);
	put(l, "\x1f", 1);
	put(l, type, strlen(type));
	put(l, "\x1f", 1);
	put(l, data, strlen(data));
	put(l, "\x1e", 1);
	l->events++;
}

/* Feed data in slices whose sizes come from seed; returns the last id. */
static char *run(const uint8_t *data, size_t size, uint32_t seed, Log *l)
{
	SseParser *p = sse_new(on_event, l);
	size_t i = 0;
	bool first = true;
	while (i < size) {
		size_t n = size - i;
		if (seed) {
			seed = seed * 1103515245u + 12345u;
			n = 1 + (seed >> 16) % 7;
			/* A byte order mark counts only when the first slice holds it whole. */
			if (first && n < 3)
				n = 3;
			if (n > size - i)
				n = size - i;
		}
		FUZZ_CHECK(sse_feed(p, (const char *)data + i, n) == 0);
		i += n;
		first = false;
	}
	char *last = strdup(sse_last_id(p));
	FUZZ_CHECK(last != NULL);
	sse_free(p);
	return last;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	Log whole = {0}, sliced = {0};
	char *a = run(data, size, 0, &whole);
	uint32_t seed = 2166136261u;
	for (size_t i = 0; i < size; i++)
		seed = (seed ^ data[i]) * 16777619u;
	char *b = run(data, size, seed | 1, &sliced);
	/* Where the stream is cut must not change what it means. */
	FUZZ_CHECK(whole.events == sliced.events && whole.len == sliced.len);
	FUZZ_CHECK(whole.len == 0 || memcmp(whole.p, sliced.p, whole.len) == 0);
	FUZZ_CHECK(strcmp(a, b) == 0);
	free(a);
	free(b);
	free(whole.p);
	free(sliced.p);
	return 0;
}
