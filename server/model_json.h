/* model_json: the JSON shapes of the contract (Ticket, QueueStats, Category, Staff, TokenPair). */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef YCD_MODEL_JSON_H
#define YCD_MODEL_JSON_H
#include "server/auth.h"
#include "server/queue.h"
#include "server/store.h"
#include <cjson/cJSON.h>

/* Each returns a new object the caller owns. */
cJSON *json_ticket(const struct ticket *t);
cJSON *json_stats(const struct queue_stats *s);
cJSON *json_category(const struct category *c, int waiting);
/* {"id","name"} of the hall from the store's settings. */
cJSON *json_hall(struct store *st);
/* Staff with hall and window (null when none). */
cJSON *json_staff(struct store *st, const struct staff *s);
/* TokenPair with the staff it belongs to; NULL when the staff is gone. */
cJSON *json_token_pair(struct store *st, const struct token_pair *tp);
/* An RFC 3339 time, or null for 0. */
cJSON *json_time(int64_t t);

#endif
