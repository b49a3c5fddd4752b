/* store: the client's local SQLite file, one per server and user: opened
 * with versioned migrations, WAL (or a rollback journal where WAL cannot
 * work), clear messages for every failure, and a key/value table. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef YC_STORE_H
#define YC_STORE_H
#include <sqlite3.h>
#include <stdbool.h>

/*
 * The file lives in $XDG_DATA_HOME/yichuang/ (~/.local/share/yichuang/ when
 * unset), a folder made with mode 0700; the file has mode 0600. Its name is
 * derived from the server URL and the user name: readable letters kept,
 * everything else replaced, plus a hash of both so two servers never share
 * a file ("127.0.0.1_8470-clerk01-3f9a1c2e.db").
 *
 * Schema versions (PRAGMA user_version) are applied in order by
 * store_migrate.c; a file made by a newer yichuang is refused, never
 * changed. Version 1: key/value; 2: knowledge base. Drafts and the outbox
 * come as later versions.
 *
 * Errors never abort: every function that can fail returns a StoreError
 * (or false/NULL) and a translated sentence naming the file and what to do.
 * One Store is used by one thread; a worker opens its own with store_clone.
 */

typedef struct Store Store;

typedef enum StoreError {
	STORE_OK = 0,
	STORE_E_OPEN,     /* the folder or file cannot be made or opened */
	STORE_E_LOCKED,   /* another program holds the file (busy past the timeout) */
	STORE_E_CORRUPT,  /* not a database, or damaged */
	STORE_E_FULL,     /* the disk (or a file size limit) is full */
	STORE_E_READONLY, /* the file or its folder cannot be written */
	STORE_E_TOO_NEW,  /* written by a newer yichuang (user_version above ours) */
	STORE_E_IO,       /* another I/O error */
	STORE_E_OTHER,
} StoreError;

/* The file for (server, username): a new string. */
char *store_default_path(const char *server, const char *username);

/* Open (creating the folder and file when missing) and migrate. On failure
 * NULL, *code (may be NULL) set and *err (may be NULL) a new sentence. */
Store *store_open(const char *server, const char *username, StoreError *code, char **err);
Store *store_open_path(const char *path, StoreError *code, char **err);
/* A second connection to the same file for another thread (no migration). */
Store *store_clone(const Store *s, StoreError *code, char **err);
void store_close(Store *s);

sqlite3 *store_db(Store *s);
const char *store_path(const Store *s);
/* Journal mode in use: true for WAL, false when it fell back (network
 * filesystem, no shared memory) to a rollback journal. */
bool store_is_wal(const Store *s);
int store_schema_version(Store *s);
/* The version this build migrates to. */
int store_latest_version(void);

/* Class of an SQLite result code (extended codes too). */
StoreError store_classify(int rc);
/* A sentence for a failure while doing `what` ("saving the knowledge
 * index"): names the file and, for a full disk, a lock or damage, what to
 * do. rc is the SQLite result code. New string. */
char *store_error_text(const Store *s, int rc, const char *what);
/* The code and sentence of the last failure on s (STORE_OK / NULL if none). */
StoreError store_last_error(const Store *s);
const char *store_last_message(const Store *s);
/* Remember a failure of rc while doing what (for store_last_message). */
StoreError store_fail(Store *s, int rc, const char *what);

/* A write transaction (BEGIN IMMEDIATE). commit on failure rolls back and
 * keeps the message for store_last_message. */
bool store_begin(Store *s);
bool store_commit(Store *s);
void store_rollback(Store *s);
/* Run SQL (no results); false with store_last_message on failure. */
bool store_exec(Store *s, const char *sql);

/* Key/value table (sync cursors, small settings). get returns a new string
 * or NULL; set and delete return false on failure (message kept). */
char *store_kv_get(Store *s, const char *key);
bool store_kv_set(Store *s, const char *key, const char *value);
bool store_kv_delete(Store *s, const char *key);

#endif
