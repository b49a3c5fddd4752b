/* sse: incremental Server-Sent Events parser (no I/O; unit-tested). */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef YC_SSE_H
#define YC_SSE_H
#include <stddef.h>

typedef struct SseParser SseParser;
/* id may be NULL when the event had none; data is the joined data lines. */
typedef void (*sse_event_cb)(const char *id, const char *type, const char *data, void *ud);

SseParser *sse_new(sse_event_cb cb, void *ud);
/* Feed any slice of the stream; events are delivered as they complete.
 * Lines longer than 1 MiB are dropped. Returns 0, or -1 on overflow. */
int sse_feed(SseParser *p, const char *buf, size_t len);
/* The last id seen ("" when none). Borrowed. */
const char *sse_last_id(const SseParser *p);
void sse_free(SseParser *p);

#endif
