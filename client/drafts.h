/* drafts: intakes saved in the local store (autosaved on every committed
 * change), and the outbox rows of those submitted: the records, their
 * states, export and import as JSON. No network, no curses. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef YC_DRAFTS_H
#define YC_DRAFTS_H
#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "client/store.h"

/*
 * A draft is one intake as far as the clerk got: who (the identifier and
 * the name as known), what (a matter or a bundle, with the forms and their
 * versions), the form's values with their provenance and overrides, the
 * materials checklist, where the cursor was, and where it stands:
 *
 *   open       being filled (or left to be resumed)
 *   queued     submitted; the case waits in the outbox for the server
 *   attention  the server refused it: the clerk must fix what errors name
 *   submitted  the server made the case (case_number); kept for the day
 *
 * Every write is one transaction with synchronous=FULL: when drafts_put
 * returns true the draft survives a kill -9 or a power cut.
 */

typedef enum DraftState { DRAFT_OPEN = 0, DRAFT_QUEUED, DRAFT_ATTENTION, DRAFT_SUBMITTED } DraftState;

typedef struct Draft {
	char id[24];            /* "d" + 12 lowercase hex, made by drafts_new_id */
	int64_t created_at;     /* unix ms */
	int64_t updated_at;
	DraftState state;
	char *holder;           /* the identifier, normalized (shown masked) */
	char *applicant;        /* the name as best known, or "" */
	char *title;            /* the matter's or bundle's name */
	char *bundle_id;        /* or NULL */
	char **matters;         /* codes */
	size_t n_matters;
	char *ticket_id, *ticket_number;   /* or NULL (walk-in, offline) */
	char *step;             /* where to resume: "form" | "materials" | "review" */
	char *cursor;           /* the field path the cursor was on, or NULL */
	cJSON *forms;           /* [{id, version}] the form was built from, or NULL (no form) */
	cJSON *form;            /* forms_draft_json() of the form, or NULL */
	cJSON *materials;       /* [{name, status, license_id?}] as the clerk left them */
	bool credit_seen;
	cJSON *errors;          /* FieldError[] of the server's refusal (attention), or NULL */
	char *message;          /* the last outbox failure or refusal, or NULL */
	char *case_number;      /* submitted */
} Draft;

/* The stored word of a state ("open"…) and back (-1 when unknown). */
const char *draft_state_word(DraftState s);
int draft_state_parse(const char *word);
/* Translated, short, for screens ("Draft", "Waiting to send", …). */
const char *draft_state_name(DraftState s);

/* A new random id into out (sizeof Draft.id). */
void drafts_new_id(char out[24]);

/* Insert or replace d (by id), updated_at set to now, in one durable
 * transaction. False with store_last_message(s) on failure (full disk,
 * read-only, locked): nothing half-written stays. */
bool drafts_put(Store *s, Draft *d);
/* The draft with id (new, free with draft_free), or NULL. */
Draft *drafts_get(Store *s, const char *id);
/* Every draft, the last changed first (*n of them; free with
 * drafts_list_free). NULL with *n 0 when there is none or on failure. */
Draft **drafts_list(Store *s, size_t *n);
void drafts_list_free(Draft **v, size_t n);
/* Remove a draft and its outbox row. */
bool drafts_delete(Store *s, const char *id);
void draft_free(Draft *d);

/* The draft as a self-contained JSON document ({"yichuang_draft": 1, …}),
 * and back. import keeps the id when it is free, else gives a new one;
 * a queued draft comes in as open (its outbox row is not exported). NULL
 * and *err (new, translated) on a document that is not a draft. */
cJSON *draft_to_json(const Draft *d);
Draft *draft_from_json(const cJSON *doc, char **err);
/* Import doc into s (draft_from_json, the id kept when free, then
 * drafts_put): the new draft (caller frees), or NULL and *err (new). */
Draft *drafts_import(Store *s, const cJSON *doc, char **err);
/* Who a draft is for, masked for lists: "张** 110101********123X". */
void drafts_masked_who(const Draft *d, char *out, size_t n);
/* Export (drafts_file.c): the document as text (pretty, newline at the
 * end); written to path, or to $XDG_DATA_HOME/yichuang/exports/<id>.json
 * when path is NULL (folders 0700, file 0600): the path written, or NULL
 * and *err. drafts_export_dir is that folder. Import reads a file ("-":
 * standard input) into s: the new draft or NULL and *err. All new. */
char *drafts_export_text(const Draft *d);
char *drafts_export_dir(void);
char *drafts_export_file(const Draft *d, const char *path, char **err);
Draft *drafts_import_file(Store *s, const char *path, char **err);
/* When it last changed, for lists: "10:30" today, else "11-23 10:30"
 * (local time); with_year gives "2026-11-23 10:30" always. */
void drafts_when_text(int64_t ms, bool with_year, char *out, size_t n);

/* -------------------------------------------------------------- outbox */

typedef struct OutboxItem {
	char draft_id[24];
	char key[37];           /* Idempotency-Key: the same on every attempt */
	char *body;             /* CaseCreate JSON, frozen when queued */
	int64_t queued_at, next_at;  /* unix ms */
	int attempts;
	long last_status;       /* 0: none or no answer */
	char *last_error;       /* or NULL */
} OutboxItem;

/* Queue d's submission: the outbox row (key, body) and d's state queued
 * in one transaction. False when it fails, or when d is queued already. */
bool outbox_enqueue(Store *s, Draft *d, const char *key, const char *body);
/* Rows in queue order (oldest first); free with outbox_list_free. */
OutboxItem **outbox_list(Store *s, size_t *n);
void outbox_list_free(OutboxItem **v, size_t n);
void outbox_item_free(OutboxItem *it);
/* Rows waiting (-1 on failure). */
int outbox_count(Store *s);
/* An attempt without a definite answer (5xx, no answer, timeout): the
 * row stays with the same key and body, next_at set. */
bool outbox_attempt_failed(Store *s, const char *draft_id, long status, const char *error, int64_t next_at);
/* The server made the case: the row goes, the draft becomes submitted
 * with case_number. One transaction. */
bool outbox_delivered(Store *s, const char *draft_id, const char *case_number);
/* The server refused it (4xx): the row goes, the draft needs attention
 * with the server's FieldError[] (may be NULL) and message. */
bool outbox_refused(Store *s, const char *draft_id, const cJSON *errors, const char *message);

#endif
