/* drafts_int: what drafts.c, draft_json.c and outbox_store.c share (not for
 * other modules: they use drafts.h). */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef YC_DRAFTS_INT_H
#define YC_DRAFTS_INT_H
#include "client/drafts.h"

/* Unix milliseconds now (wall clock). */
int64_t drafts_now_ms(void);
/* Write d's row inside a transaction the caller holds; touch sets
 * updated_at to now first (a change of the clerk's, not the outbox's
 * bookkeeping). False with the store's message on failure. */
bool drafts_write_row(Store *s, Draft *d, bool touch);
/* The draft stored as doc (the column's JSON), state taken as it is
 * (import turns queued into open; a stored row keeps it). */
Draft *drafts_parse(const cJSON *doc, bool import, char **err);
/* Whether id looks like one of drafts_new_id's. */
bool drafts_id_ok(const char *id);

#endif
