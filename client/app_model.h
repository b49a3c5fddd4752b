/* app_model: the model's JSON parsing and list bookkeeping (no network),
 * shared by the app_*.c files and unit-tested on its own. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef YC_APP_MODEL_H
#define YC_APP_MODEL_H
#include "client/app.h"
#include <cjson/cJSON.h>

TicketStatus ticket_status_parse(const char *s);
/* Parse a Ticket object; false (t zeroed) when j is not an object or has no
 * id/number. Every string is cleaned. */
bool ticket_parse(Ticket *t, const cJSON *j);
void ticket_copy(Ticket *dst, const Ticket *src);
void ticket_free(Ticket *t);              /* the members; t itself stays */
bool category_parse(Category *c, const cJSON *j);
void category_free(Category *c);
void stats_parse(QueueStats *s, const cJSON *j);
/* Staff (also accepts a TokenPair's "staff" member's value). */
bool staff_parse(Staff *s, const cJSON *j);
void staff_free(Staff *s);

/* The answer of GET /v1/queue into the model: waiting list, categories,
 * stats, current and held. -1 (model untouched) when it is malformed. */
int model_apply_queue(App *a, const cJSON *j);
/* One ticket's new state (an event, or an operation's answer) placed in
 * the waiting list, current and held. Returns CH_* bits that changed. */
unsigned model_apply_ticket(App *a, const Ticket *t);
/* Stats (and the per-category counts of its by_category). */
void model_apply_stats(App *a, const cJSON *stats);
/* Forget the queue (logout). */
void model_clear_queue(App *a);

#endif
