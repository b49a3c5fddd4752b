/* queue_view: the body of GET /v1/queue, cached until the queue changes or the second turns. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef YCD_QUEUE_VIEW_H
#define YCD_QUEUE_VIEW_H
#include "server/queue.h"
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The whole answer: waiting tickets in call order (one category or all,
 * after the cursor's place, at most limit), next_cursor, categories,
 * stats, and the window's current and held tickets. NULL on a store
 * error; the caller frees. */
char *queue_view(struct store *st, const char *category, const char *cursor, const struct ticket_pos *after,
		 int limit, const char *window, int64_t now, size_t *len);
/* The opaque paging cursor of a ticket's place in call order, and back. */
char *queue_cursor_encode(const struct ticket *t);
bool queue_cursor_decode(const char *s, struct ticket_pos *pos);

#endif
