/* store: the narrow storage interface of yichuangd (SQLite now; a PostgreSQL store can follow). */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef YCD_STORE_H
#define YCD_STORE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* One connection. Each thread gets its own through store_thread(); a
 * connection is never shared between threads at the same time. */
struct store;

enum store_rc {
	STORE_OK = 0,
	STORE_NOTFOUND = 1,
	STORE_EXISTS = 2,
	STORE_ERROR = -1,
};

/* ---- lifecycle ---- */
/* Open (create) the database at path and bring its schema up to date.
 * On failure returns -1 and a message in err. */
int store_global_open(const char *path, char *err, size_t errsz);
/* Close every connection. No other thread may use the store any more. */
void store_global_close(void);
/* This thread's connection, opened on first use; NULL when closed. */
struct store *store_thread(void);
/* A write transaction (taken at once, so two writers never deadlock). */
int store_begin(struct store *st);
int store_commit(struct store *st);
void store_rollback(struct store *st);
/* Schema version of the open database. */
int store_schema_version(struct store *st);

/* ---- hall settings ---- */
/* Copies the value into buf; STORE_NOTFOUND when unset. */
int store_meta_get(struct store *st, const char *key, char *buf, size_t size);
int store_meta_set(struct store *st, const char *key, const char *value);

/* ---- categories and windows ---- */
struct category {
	char code[8];
	char name[64];
	char name_en[64];
	bool priority;
	int sort;
};
/* Categories in display order; returns the count (at most max) or -1. */
int store_categories(struct store *st, struct category *out, int max);
int store_category_put(struct store *st, const struct category *c);

struct window {
	char id[16];
	char name[64];
	char categories[64]; /* comma separated codes, e.g. "A,B,V" */
};
int store_window_get(struct store *st, const char *id, struct window *out);
int store_window_put(struct store *st, const struct window *w);

/* ---- staff ---- */
struct staff {
	char id[80];        /* "s-" + username */
	char username[64];
	char name[64];
	char role[16];      /* clerk, agent, supervisor */
	char window_id[16]; /* "" when the staff has no window */
	char pwhash[160];   /* crypto_pwhash_str output */
};
int store_staff_count(struct store *st);
int store_staff_by_username(struct store *st, const char *username, struct staff *out);
int store_staff_by_id(struct store *st, const char *id, struct staff *out);
int store_staff_put(struct store *st, const struct staff *s);

/* ---- sessions (only token hashes are stored) ---- */
#define STORE_HASH_LEN 32
struct session {
	int64_t id;
	char staff_id[80];
	int64_t access_expires;
	int64_t refresh_expires;
	bool revoked;
};
int store_session_create(struct store *st, const char *staff_id, int64_t now,
			 const unsigned char access_hash[STORE_HASH_LEN], int64_t access_expires,
			 const unsigned char refresh_hash[STORE_HASH_LEN], int64_t refresh_expires,
			 int64_t *id);
/* By the current access token or the one before the last rotation. */
int store_session_by_access(struct store *st, const unsigned char hash[STORE_HASH_LEN], struct session *out);
int store_session_by_refresh(struct store *st, const unsigned char hash[STORE_HASH_LEN], struct session *out);
int store_session_get(struct store *st, int64_t id, struct session *out);
/* Replace both token hashes of a live session (rotation); the access
 * token being replaced stays good until its own expiry. */
int store_session_rotate(struct store *st, int64_t id,
			 const unsigned char access_hash[STORE_HASH_LEN], int64_t access_expires,
			 const unsigned char refresh_hash[STORE_HASH_LEN], int64_t refresh_expires);
int store_session_revoke(struct store *st, int64_t id);
/* Drop sessions whose refresh token expired before t, or revoked ones. */
int store_sessions_purge(struct store *st, int64_t t);

/* ---- failed logins, per username string ---- */
int store_login_get(struct store *st, const char *username, int *failures, int64_t *locked_until);
int store_login_set(struct store *st, const char *username, int failures, int64_t locked_until, int64_t now);
int store_login_clear(struct store *st, const char *username);
int store_login_purge(struct store *st, int64_t before);

/* ---- idempotency keys ---- */
struct idem_record {
	char fingerprint[72];
	int status;            /* 0 while the first request is still running */
	char content_type[64];
	char *body;            /* owned; may be NULL */
	size_t body_len;
	int64_t session_id;    /* > 0: a token pair of that session, re-minted on replay */
	int64_t created_at;
};
/* Claim (scope, key) for a new request. STORE_OK: claimed; STORE_EXISTS:
 * *existing is filled (free its body with store_idem_free). */
int store_idem_claim(struct store *st, const char *scope, const char *key,
		     const char *fingerprint, int64_t now, struct idem_record *existing);
int store_idem_finish(struct store *st, const char *scope, const char *key, int status,
		      const char *content_type, const char *body, size_t body_len, int64_t session_id);
int store_idem_release(struct store *st, const char *scope, const char *key);
int store_idem_purge(struct store *st, int64_t before);
void store_idem_free(struct idem_record *r);

/* ---- tickets ---- */
enum ticket_status {
	TS_WAITING = 0,
	TS_CALLED,
	TS_HELD,
	TS_SKIPPED,
	TS_FINISHED,
	TS_COUNT
};
struct ticket {
	int64_t seq;           /* storage order; ties in issued_at break on it */
	char id[40];           /* "t-20261123-A007" */
	char number[16];       /* "A007" */
	char category[8];
	enum ticket_status status;
	bool priority;
	int64_t issued_at;
	int64_t called_at;     /* 0 = null */
	int64_t finished_at;   /* 0 = null */
	char window[16];       /* "" = null */
	char staff_id[80];     /* "" = null */
	int recalls;
	char transferred_from[8]; /* "" = null */
	char note[2048];          /* "" = null */
};
/* Position in call order, for keyset paging. */
struct ticket_pos {
	bool priority;
	int64_t issued_at;
	int64_t seq;
};

/* Next number of a category on a day ("20261123"); counts from 1. */
int store_ticket_next_number(struct store *st, const char *day, const char *category, int *number);
/* Insert; fills t->seq. */
int store_ticket_insert(struct store *st, struct ticket *t);
int store_ticket_update(struct store *st, const struct ticket *t);
int store_ticket_get(struct store *st, const char *id, struct ticket *out);
/* Waiting tickets in call order (priority first, then issued_at), optionally
 * one category, starting after *after (NULL: from the start). Returns the
 * count (at most max) or -1. */
int store_tickets_waiting(struct store *st, const char *category, const struct ticket_pos *after,
			  struct ticket *out, int max);
/* First waiting ticket in call order among the categories of the list
 * ",A,B,V," (commas around every code). */
int store_ticket_first_waiting(struct store *st, const char *catlist, struct ticket *out);
/* The called ticket at a window. */
int store_ticket_called_at(struct store *st, const char *window, struct ticket *out);
/* Tickets of a window in one status, oldest first; count or -1. */
int store_tickets_at_window(struct store *st, const char *window, enum ticket_status status,
			    struct ticket *out, int max);

/* Raw figures for the queue statistics. */
struct queue_figures {
	int waiting;
	int64_t oldest_issued;   /* 0 when nobody waits */
	int64_t wait_sum;        /* sum of called_at - issued_at, called since day_start */
	int called;              /* tickets called since day_start */
	int served;              /* finished since day_start */
	struct {
		char code[8];
		int waiting;
	} by_cat[32];
	int ncat;
};
int store_queue_figures(struct store *st, int64_t day_start, struct queue_figures *out);

/* ---- events ---- */
struct event_rec {
	int64_t id;
	char type[32];
	int64_t time;
	char *data; /* owned JSON text */
};
int store_event_append(struct store *st, const char *type, int64_t time, const char *data, int64_t *id);
/* Events with id > after, oldest first; count (at most max) or -1.
 * Free each data. */
int store_events_after(struct store *st, int64_t after, struct event_rec *out, int max);
/* The newest events (at most max), oldest first. */
int store_events_tail(struct store *st, struct event_rec *out, int max);
int64_t store_event_last_id(struct store *st);

/* Names of the ticket states, and back. */
const char *ticket_status_name(enum ticket_status s);
int ticket_status_parse(const char *s);

#endif
