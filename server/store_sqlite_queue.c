/* store_sqlite_queue: tickets, queue figures and the event log in SQLite. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "server/store_sqlite.h"
#include "common/xalloc.h"
#include <stdlib.h>
#include <string.h>

static const char *const status_names[TS_COUNT] = {
	[TS_WAITING] = "waiting",
	[TS_CALLED] = "called",
	[TS_HELD] = "held",
	[TS_SKIPPED] = "skipped",
	[TS_FINISHED] = "finished",
};

const char *ticket_status_name(enum ticket_status s)
{
	return (unsigned)s < TS_COUNT ? status_names[s] : "waiting";
}

int ticket_status_parse(const char *s)
{
	for (int i = 0; i < TS_COUNT; i++)
		if (strcmp(status_names[i], s) == 0)
			return i;
	return -1;
}

int store_ticket_next_number(struct store *st, const char *day, const char *category, int *number)
{
	sqlite3_stmt *s = sq_stmt(st, SQ_TK_COUNTER,
				  "INSERT INTO ticket_counters(day, category, last) VALUES(?1, ?2, 1) "
				  "ON CONFLICT(day, category) DO UPDATE SET last = last + 1 RETURNING last");
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_text(s, 1, day, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, category, -1, SQLITE_STATIC);
	int rc = sqlite3_step(s);
	if (rc != SQLITE_ROW) {
		sq_error(st, "ticket counter");
		sqlite3_reset(s);
		return STORE_ERROR;
	}
	*number = sqlite3_column_int(s, 0);
	sqlite3_step(s);
	sqlite3_reset(s);
	return STORE_OK;
}

/* Bind a time column: 0 means null. */
static void bind_time(sqlite3_stmt *s, int i, int64_t t)
{
	if (t > 0)
		sqlite3_bind_int64(s, i, t);
	else
		sqlite3_bind_null(s, i);
}

/* Bind the columns shared by insert and update (parameters 2..14). */
static void bind_ticket(sqlite3_stmt *s, const struct ticket *t)
{
	sqlite3_bind_text(s, 2, t->id, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, t->number, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, t->category, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 5, ticket_status_name(t->status), -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 6, t->priority);
	sqlite3_bind_int64(s, 7, t->issued_at);
	bind_time(s, 8, t->called_at);
	bind_time(s, 9, t->finished_at);
	sqlite3_bind_text(s, 10, t->window, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 11, t->staff_id, -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 12, t->recalls);
	sqlite3_bind_text(s, 13, t->transferred_from, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 14, t->note, -1, SQLITE_STATIC);
}

int store_ticket_insert(struct store *st, struct ticket *t)
{
	sqlite3_stmt *s = sq_stmt(st, SQ_TK_INSERT,
				  "INSERT INTO tickets(id, number, category, status, priority, issued_at, called_at,"
				  " finished_at, window_id, staff_id, recalls, transferred_from, note) "
				  "VALUES(?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, nullif(?10, ''), nullif(?11, ''), ?12,"
				  " nullif(?13, ''), nullif(?14, ''))");
	if (!s)
		return STORE_ERROR;
	bind_ticket(s, t);
	if (sq_exec_stmt(st, s) != STORE_OK)
		return STORE_ERROR;
	t->seq = sqlite3_last_insert_rowid(st->db);
	return STORE_OK;
}

int store_ticket_update(struct store *st, const struct ticket *t)
{
	sqlite3_stmt *s = sq_stmt(st, SQ_TK_UPDATE,
				  "UPDATE tickets SET id = ?2, number = ?3, category = ?4, status = ?5, priority = ?6,"
				  " issued_at = ?7, called_at = ?8, finished_at = ?9, window_id = nullif(?10, ''),"
				  " staff_id = nullif(?11, ''), recalls = ?12, transferred_from = nullif(?13, ''),"
				  " note = nullif(?14, '') WHERE seq = ?1");
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, t->seq);
	bind_ticket(s, t);
	return sq_exec_stmt(st, s);
}

#define TK_COLS "SELECT seq, id, number, category, status, priority, issued_at, coalesce(called_at, 0)," \
		" coalesce(finished_at, 0), coalesce(window_id, ''), coalesce(staff_id, ''), recalls," \
		" coalesce(transferred_from, ''), coalesce(note, '') FROM tickets "
#define TK_ORDER " ORDER BY priority DESC, issued_at, seq"
#define TK_AFTER " AND (priority < ?2 OR (priority = ?2 AND (issued_at > ?3 OR (issued_at = ?3 AND seq > ?4))))"

/* Fill a ticket from the current row of a TK_COLS query. */
static void ticket_row(sqlite3_stmt *s, struct ticket *t)
{
	char status[16];
	t->seq = sqlite3_column_int64(s, 0);
	sq_text(s, 1, t->id, sizeof t->id);
	sq_text(s, 2, t->number, sizeof t->number);
	sq_text(s, 3, t->category, sizeof t->category);
	sq_text(s, 4, status, sizeof status);
	int v = ticket_status_parse(status);
	t->status = v < 0 ? TS_WAITING : (enum ticket_status)v;
	t->priority = sqlite3_column_int(s, 5) != 0;
	t->issued_at = sqlite3_column_int64(s, 6);
	t->called_at = sqlite3_column_int64(s, 7);
	t->finished_at = sqlite3_column_int64(s, 8);
	sq_text(s, 9, t->window, sizeof t->window);
	sq_text(s, 10, t->staff_id, sizeof t->staff_id);
	t->recalls = sqlite3_column_int(s, 11);
	sq_text(s, 12, t->transferred_from, sizeof t->transferred_from);
	sq_text(s, 13, t->note, sizeof t->note);
}

/* Read up to max rows of a bound TK_COLS query; count or -1. */
static int ticket_rows(struct store *st, sqlite3_stmt *s, struct ticket *out, int max)
{
	if (!s)
		return -1;
	int n = 0, rc = SQLITE_DONE;
	while (n < max && (rc = sqlite3_step(s)) == SQLITE_ROW)
		ticket_row(s, &out[n++]);
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		sq_error(st, "tickets");
		return -1;
	}
	return n;
}

/* Exactly one ticket of a bound TK_COLS query. */
static int ticket_one(struct store *st, sqlite3_stmt *s, struct ticket *out)
{
	int n = ticket_rows(st, s, out, 1);
	return n < 0 ? STORE_ERROR : n == 0 ? STORE_NOTFOUND : STORE_OK;
}

int store_ticket_get(struct store *st, const char *id, struct ticket *out)
{
	sqlite3_stmt *s = sq_stmt(st, SQ_TK_GET, TK_COLS "WHERE id = ?1");
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_text(s, 1, id, -1, SQLITE_STATIC);
	return ticket_one(st, s, out);
}

int store_tickets_waiting(struct store *st, const char *category, const struct ticket_pos *after,
			  struct ticket *out, int max)
{
	static const struct {
		enum sq_slot slot;
		const char *sql;
	} q[2][2] = {
		{ { SQ_TK_WAITING, TK_COLS "WHERE status = 'waiting'" TK_ORDER " LIMIT ?5" },
		  { SQ_TK_WAITING_AFTER, TK_COLS "WHERE status = 'waiting'" TK_AFTER TK_ORDER " LIMIT ?5" } },
		{ { SQ_TK_WAITING_CAT, TK_COLS "WHERE status = 'waiting' AND category = ?1" TK_ORDER " LIMIT ?5" },
		  { SQ_TK_WAITING_CAT_AFTER,
		    TK_COLS "WHERE status = 'waiting' AND category = ?1" TK_AFTER TK_ORDER " LIMIT ?5" } },
	};
	int c = category && *category, a = after != NULL;
	sqlite3_stmt *s = sq_stmt(st, q[c][a].slot, q[c][a].sql);
	if (!s)
		return -1;
	if (c)
		sqlite3_bind_text(s, 1, category, -1, SQLITE_STATIC);
	if (a) {
		sqlite3_bind_int(s, 2, after->priority);
		sqlite3_bind_int64(s, 3, after->issued_at);
		sqlite3_bind_int64(s, 4, after->seq);
	}
	sqlite3_bind_int(s, 5, max);
	return ticket_rows(st, s, out, max);
}

int store_ticket_first_waiting(struct store *st, const char *catlist, struct ticket *out)
{
	sqlite3_stmt *s = sq_stmt(st, SQ_TK_FIRST,
				  TK_COLS "WHERE status = 'waiting' AND instr(?1, ',' || category || ',') > 0"
				  TK_ORDER " LIMIT 1");
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_text(s, 1, catlist, -1, SQLITE_STATIC);
	return ticket_one(st, s, out);
}

int store_ticket_called_at(struct store *st, const char *window, struct ticket *out)
{
	sqlite3_stmt *s = sq_stmt(st, SQ_TK_CALLED_AT,
				  TK_COLS "WHERE window_id = ?1 AND status = 'called' ORDER BY called_at DESC LIMIT 1");
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_text(s, 1, window, -1, SQLITE_STATIC);
	return ticket_one(st, s, out);
}

int store_tickets_at_window(struct store *st, const char *window, enum ticket_status status,
			    struct ticket *out, int max)
{
	sqlite3_stmt *s = sq_stmt(st, SQ_TK_AT_WINDOW,
				  TK_COLS "WHERE window_id = ?1 AND status = ?2 ORDER BY issued_at, seq LIMIT ?3");
	if (!s)
		return -1;
	sqlite3_bind_text(s, 1, window, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, ticket_status_name(status), -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 3, max);
	return ticket_rows(st, s, out, max);
}

int store_queue_figures(struct store *st, int64_t day_start, struct queue_figures *out)
{
	memset(out, 0, sizeof *out);
	sqlite3_stmt *s = sq_stmt(st, SQ_FIG_WAITING,
				  "SELECT category, count(*), min(issued_at) FROM tickets "
				  "WHERE status = 'waiting' GROUP BY category ORDER BY category");
	if (!s)
		return STORE_ERROR;
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		int n = sqlite3_column_int(s, 1);
		int64_t oldest = sqlite3_column_int64(s, 2);
		out->waiting += n;
		if (!out->oldest_issued || oldest < out->oldest_issued)
			out->oldest_issued = oldest;
		if (out->ncat < (int)(sizeof out->by_cat / sizeof out->by_cat[0])) {
			sq_text(s, 0, out->by_cat[out->ncat].code, sizeof out->by_cat[0].code);
			out->by_cat[out->ncat++].waiting = n;
		}
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return STORE_ERROR;
	s = sq_stmt(st, SQ_FIG_CALLED,
		    "SELECT count(*), coalesce(sum(called_at - issued_at), 0) FROM tickets WHERE called_at >= ?1");
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, day_start);
	if (sqlite3_step(s) == SQLITE_ROW) {
		out->called = sqlite3_column_int(s, 0);
		out->wait_sum = sqlite3_column_int64(s, 1);
	}
	sqlite3_reset(s);
	s = sq_stmt(st, SQ_FIG_SERVED,
		    "SELECT count(*) FROM tickets WHERE finished_at >= ?1 AND status = 'finished'");
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, day_start);
	if (sqlite3_step(s) == SQLITE_ROW)
		out->served = sqlite3_column_int(s, 0);
	sqlite3_reset(s);
	return STORE_OK;
}

int store_event_append(struct store *st, const char *type, int64_t time, const char *data, int64_t *id)
{
	sqlite3_stmt *s = sq_stmt(st, SQ_EV_APPEND, "INSERT INTO events(type, time, data) VALUES(?1, ?2, ?3)");
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_text(s, 1, type, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, time);
	sqlite3_bind_text(s, 3, data, -1, SQLITE_STATIC);
	if (sq_exec_stmt(st, s) != STORE_OK)
		return STORE_ERROR;
	*id = sqlite3_last_insert_rowid(st->db);
	return STORE_OK;
}

/* Read event rows of a bound query; count or -1. */
static int event_rows(struct store *st, sqlite3_stmt *s, struct event_rec *out, int max)
{
	int n = 0, rc = SQLITE_DONE;
	while (n < max && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct event_rec *e = &out[n++];
		e->id = sqlite3_column_int64(s, 0);
		sq_text(s, 1, e->type, sizeof e->type);
		e->time = sqlite3_column_int64(s, 2);
		const unsigned char *d = sqlite3_column_text(s, 3);
		e->data = xstrdup(d ? (const char *)d : "{}");
	}
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		sq_error(st, "events");
		while (n > 0)
			free(out[--n].data);
		return -1;
	}
	return n;
}

int store_events_after(struct store *st, int64_t after, struct event_rec *out, int max)
{
	sqlite3_stmt *s = sq_stmt(st, SQ_EV_AFTER,
				  "SELECT id, type, time, data FROM events WHERE id > ?1 ORDER BY id LIMIT ?2");
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, after);
	sqlite3_bind_int(s, 2, max);
	return event_rows(st, s, out, max);
}

int store_events_tail(struct store *st, struct event_rec *out, int max)
{
	sqlite3_stmt *s = sq_stmt(st, SQ_EV_TAIL,
				  "SELECT * FROM (SELECT id, type, time, data FROM events ORDER BY id DESC LIMIT ?1) "
				  "ORDER BY id");
	if (!s)
		return -1;
	sqlite3_bind_int(s, 1, max);
	return event_rows(st, s, out, max);
}

int64_t store_event_last_id(struct store *st)
{
	/* sqlite_sequence keeps the highest id ever given, even when the newest
	 * rows were deleted, so ids never go back. */
	sqlite3_stmt *s = sq_stmt(st, SQ_EV_LAST,
				  "SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'events'), 0),"
				  " coalesce((SELECT max(id) FROM events), 0))");
	if (!s)
		return -1;
	int64_t id = -1;
	if (sqlite3_step(s) == SQLITE_ROW)
		id = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	return id;
}
