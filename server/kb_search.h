/* kb_search: pages of search hits and of the change log as the contract's JSON. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef YCD_KB_SEARCH_H
#define YCD_KB_SEARCH_H
#include "server/kb.h"
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A search cursor "TIER.SEQ": the tier and seq of the last hit shown. */
bool kb_cursor_parse(const char *s, int *tier, int64_t *below);
/* Plain text around the first match of any term (the start when none),
 * on one line, with "…" where it was cut. Caller frees. */
char *kb_snippet(const char *plain, const struct kb_query *q);
/* KbHitPage from tier 3 down, continuing in tier below seq `below` (0:
 * from the top); NULL on a store error. Caller frees. */
char *kb_search_page(struct store *st, const struct kb_query *q, int tier, int64_t below, int limit, size_t *len);
/* KbChangePage of the writes after `after`; NULL on a store error. */
char *kb_changes_page(struct store *st, int64_t after, int limit, size_t *len);

#endif
