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

/* ---- shared data: the five sources' records as the contract's JSON ---- */
/* source is "people", "entities", "licenses", "credit" or "proofs"; id is
 * unique within it; holder is the identifier the record is about (a person
 * or entity is its own holder); type a license or proof type or a credit
 * list kind ("" otherwise). */
int store_shared_put(struct store *st, const char *source, const char *id, const char *holder, const char *type,
		     const char *json);
/* One record by id; *json is the caller's to free. */
int store_shared_get(struct store *st, const char *source, const char *id, char **json);
struct shared_row {
	char id[72];
	char *json; /* owned */
};
/* A holder's records in id order after after_id ("" from the start), of
 * one type when type is not NULL. Count (at most max) or -1; free each json. */
int store_shared_list(struct store *st, const char *source, const char *holder, const char *type,
		      const char *after_id, struct shared_row *out, int max);
int store_shared_count(struct store *st, const char *source);

/* ---- audit log of shared-data lookups and case reads ---- */
struct audit_rec {
	int64_t id;
	int64_t at;
	char staff_id[80];
	char role[16];
	char purpose_kind[8];  /* "ticket", "case" or "" (refused for want of one) */
	char purpose[48];
	char source[16];       /* people, entities, licenses, credit, proofs, cases */
	char subject[48];      /* the identifier or case number looked up */
	char query[64];        /* filters of a list, e.g. "type=residence" */
	char result[16];       /* found, not_found, invalid, refused, error */
	int status;            /* HTTP status answered */
	int count;             /* records answered */
};
/* Append; fills a->id. */
int store_audit_append(struct store *st, struct audit_rec *a);
/* Newest first, ids below before (0: from the newest), filtered by subject
 * and / or staff when not NULL. Count (at most max) or -1. */
int store_audit_list(struct store *st, const char *subject, const char *staff_id, int64_t before,
		     struct audit_rec *out, int max);

/* ---- catalog: matters, forms and bundles with change times ---- */
struct catalog_row {
	char kind[8];          /* "matter", "form", "bundle" */
	char key[72];
	int version;           /* forms: the schema version; else 0 */
	char *json;            /* owned */
	int64_t updated_at;
	int64_t deleted_at;    /* 0 while present */
};
/* Insert or replace (present again: deleted_at cleared). */
int store_catalog_put(struct store *st, const char *kind, const char *key, int version, const char *json,
		      int64_t updated_at);
int store_catalog_delete(struct store *st, const char *kind, const char *key, int version, int64_t at);
/* Every row of a kind, deleted ones too, by key and version. Count or -1;
 * *out is the caller's (store_catalog_free). */
int store_catalog_all(struct store *st, const char *kind, struct catalog_row **out);
void store_catalog_free(struct catalog_row *rows, int n);

/* ---- cases ---- */
struct case_rec {
	int64_t seq;
	char number[40];
	char status[24];
	char staff_id[80];
	char applicant_id[40];   /* normalized identifier */
	char applicant_name[160];
	int64_t created_at;
	int64_t updated_at;
	char pw_hash[160];       /* hash of the query password */
	char *json;              /* the Case without query_password; owned */
};
/* Next number of a hall's day ("20261123"); counts from 1. */
int store_case_next_number(struct store *st, const char *hall, const char *day, int *number);
/* Insert; fills c->seq. STORE_EXISTS when the number is taken. */
int store_case_insert(struct store *st, struct case_rec *c);
/* Status, updated_at and json of an existing case. */
int store_case_update(struct store *st, const struct case_rec *c);
int store_case_get(struct store *st, const char *number, struct case_rec *out);
struct case_filter {
	const char *q;           /* number prefix, name part or identifier; NULL: any */
	const char *status;      /* NULL: any */
	const char *staff_id;    /* NULL: anyone's */
	int64_t before;          /* seq below this (0: from the newest) */
};
/* Newest first; count (at most max) or -1. Free each with store_case_free. */
int store_cases_find(struct store *st, const struct case_filter *f, struct case_rec *out, int max);
void store_case_free(struct case_rec *c);

/* Names of the ticket states, and back. */
const char *ticket_status_name(enum ticket_status s);
int ticket_status_parse(const char *s);

#endif
