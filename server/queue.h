/* queue: ticket logic — issuing, call order, one called ticket per window, state rules, statistics. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef YCD_QUEUE_H
#define YCD_QUEUE_H
#include "server/store.h"
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum queue_rc {
	Q_OK = 0,
	Q_NOT_FOUND,     /* no such ticket */
	Q_FORBIDDEN,     /* no window, or another window's ticket */
	Q_STATE,         /* not allowed in the ticket's (or window's) state */
	Q_EMPTY,         /* nobody waiting in those categories */
	Q_BAD_CATEGORY,  /* unknown category code */
	Q_FULL,          /* the category gave out all 999 numbers today */
	Q_ERROR,
};

enum queue_action {
	QA_RECALL = 0,
	QA_SKIP,
	QA_HOLD,
	QA_TRANSFER,
	QA_FINISH,
	QA_COUNT
};

#define QUEUE_MAX_CATEGORIES 32
#define QUEUE_MAX_NUMBER 999 /* numbers are a letter and 3 digits */

struct queue_stats {
	int waiting;
	int avg_wait_seconds;     /* mean(called_at - issued_at) of tickets called today */
	int served_today;         /* finished today */
	int longest_wait_seconds; /* the longest anyone waiting has waited */
	int ncat;
	struct {
		char code[8];
		int waiting;
	} by_cat[QUEUE_MAX_CATEGORIES];  /* every category, display order */
};

/* Who acts: the staff and the window they sit at ("" = none). */
struct queue_actor {
	const char *staff_id;
	const char *window;
};

/* The local day of t as "20261123" and the time its midnight fell. */
void queue_day(int64_t t, char day[9], int64_t *day_start);
/* A known category by code; false when unknown. */
bool queue_category(struct store *st, const char *code, struct category *out);
/* Statistics as of now. */
int queue_stats(struct store *st, int64_t now, struct queue_stats *out);

/* Insert a waiting ticket numbered for the day of issued_at: no event, no
 * transaction of its own (the demo seed uses it inside one). */
enum queue_rc queue_new_ticket(struct store *st, const char *category, bool priority, int64_t issued_at,
			       struct ticket *out);
/* The kiosk: issue a ticket now and announce ticket.issued. */
enum queue_rc queue_issue(struct store *st, const char *category, bool priority, int64_t now, struct ticket *out);
/* Call the first waiting ticket (priority lane first, then issued_at) of
 * the categories (NULL/0: the window's own); the window's priority-lane
 * categories always come along. */
enum queue_rc queue_call_next(struct store *st, const struct queue_actor *who, const char *const *cats, int ncats,
			      int64_t now, struct ticket *out, char *detail, size_t detailsz);
/* recall, skip, hold, transfer (to_category, note) or finish one ticket. */
enum queue_rc queue_act(struct store *st, const struct queue_actor *who, const char *ticket_id, enum queue_action a,
			const char *to_category, const char *note, int64_t now, struct ticket *out, char *detail,
			size_t detailsz);
/* The hall's write lock: whatever appends an event (tickets, cases) holds
 * it from its transaction's begin until the event is published, so events
 * are published in id order. */
void queue_write_lock(void);
void queue_write_unlock(void);
/* Changes so far in this process; a cached view is good while it holds. */
unsigned queue_generation(void);
/* The action named in a path ("recall" ...), or -1. */
int queue_action_parse(const char *name);

#endif
