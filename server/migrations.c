/* migrations: versioned SQLite schema steps, tracked in PRAGMA user_version. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "server/store_sqlite.h"
#include <stdio.h>

/* Step N brings the schema from version N to N+1. Never edit a shipped
 * step: add a new one. */
static const char *const steps[] = {
	/* 0 -> 1: the foundation (auth, queue, events, idempotency) */
	"CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);"
	"CREATE TABLE categories(code TEXT PRIMARY KEY, name TEXT NOT NULL, name_en TEXT NOT NULL,"
	" priority INTEGER NOT NULL DEFAULT 0, sort INTEGER NOT NULL DEFAULT 0);"
	"CREATE TABLE windows(id TEXT PRIMARY KEY, name TEXT NOT NULL, categories TEXT NOT NULL DEFAULT '');"
	"CREATE TABLE staff(id TEXT PRIMARY KEY, username TEXT NOT NULL UNIQUE, name TEXT NOT NULL,"
	" role TEXT NOT NULL CHECK (role IN ('clerk','agent','supervisor')),"
	" window_id TEXT REFERENCES windows(id), pwhash TEXT NOT NULL);"
	"CREATE TABLE sessions(id INTEGER PRIMARY KEY, staff_id TEXT NOT NULL REFERENCES staff(id),"
	" created_at INTEGER NOT NULL, access_hash BLOB NOT NULL UNIQUE, access_expires INTEGER NOT NULL,"
	" refresh_hash BLOB NOT NULL UNIQUE, refresh_expires INTEGER NOT NULL,"
	" revoked INTEGER NOT NULL DEFAULT 0);"
	"CREATE TABLE login_failures(username TEXT PRIMARY KEY, failures INTEGER NOT NULL,"
	" locked_until INTEGER NOT NULL DEFAULT 0, updated_at INTEGER NOT NULL);"
	"CREATE TABLE idempotency(scope TEXT NOT NULL, key TEXT NOT NULL, fingerprint TEXT NOT NULL,"
	" status INTEGER NOT NULL DEFAULT 0, content_type TEXT, body BLOB, session_id INTEGER,"
	" created_at INTEGER NOT NULL, PRIMARY KEY (scope, key));"
	"CREATE INDEX idempotency_created ON idempotency(created_at);"
	"CREATE TABLE ticket_counters(day TEXT NOT NULL, category TEXT NOT NULL, last INTEGER NOT NULL,"
	" PRIMARY KEY (day, category));"
	"CREATE TABLE tickets(seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, number TEXT NOT NULL,"
	" category TEXT NOT NULL, status TEXT NOT NULL, priority INTEGER NOT NULL DEFAULT 0,"
	" issued_at INTEGER NOT NULL, called_at INTEGER, finished_at INTEGER, window_id TEXT,"
	" staff_id TEXT, recalls INTEGER NOT NULL DEFAULT 0, transferred_from TEXT, note TEXT);"
	"CREATE INDEX tickets_order ON tickets(status, priority DESC, issued_at, seq);"
	"CREATE INDEX tickets_window ON tickets(window_id, status);"
	"CREATE INDEX tickets_called ON tickets(called_at);"
	"CREATE INDEX tickets_finished ON tickets(finished_at);"
	"CREATE TABLE events(id INTEGER PRIMARY KEY AUTOINCREMENT, type TEXT NOT NULL,"
	" time INTEGER NOT NULL, data TEXT NOT NULL);",
	/* 1 -> 2: the access token before a rotation stays good until it
	 * expires, so requests already in flight do not fail */
	"ALTER TABLE sessions ADD COLUMN prev_access_hash BLOB;"
	"ALTER TABLE sessions ADD COLUMN prev_access_expires INTEGER NOT NULL DEFAULT 0;"
	"CREATE INDEX sessions_prev_access ON sessions(prev_access_hash);",
	/* 2 -> 3: shared data (one table for the five sources, records as the
	 * contract's JSON), the audit log of lookups, the catalog with change
	 * times for delta sync */
	"CREATE TABLE shared_records(source TEXT NOT NULL, id TEXT NOT NULL, holder TEXT NOT NULL,"
	" type TEXT NOT NULL DEFAULT '', json TEXT NOT NULL, PRIMARY KEY (source, id));"
	"CREATE INDEX shared_records_holder ON shared_records(source, holder, type, id);"
	"CREATE TABLE audit(id INTEGER PRIMARY KEY AUTOINCREMENT, at INTEGER NOT NULL, staff_id TEXT NOT NULL,"
	" role TEXT NOT NULL DEFAULT '', purpose_kind TEXT NOT NULL DEFAULT '', purpose TEXT NOT NULL DEFAULT '',"
	" source TEXT NOT NULL, subject TEXT NOT NULL, query TEXT NOT NULL DEFAULT '', result TEXT NOT NULL,"
	" status INTEGER NOT NULL, count INTEGER NOT NULL DEFAULT 0);"
	"CREATE INDEX audit_subject ON audit(subject, id);"
	"CREATE INDEX audit_staff ON audit(staff_id, id);"
	"CREATE TABLE catalog(kind TEXT NOT NULL, key TEXT NOT NULL, version INTEGER NOT NULL DEFAULT 0,"
	" json TEXT NOT NULL, updated_at INTEGER NOT NULL, deleted_at INTEGER NOT NULL DEFAULT 0,"
	" PRIMARY KEY (kind, key, version));",
	/* 3 -> 4: cases (the contract's Case as JSON, with the columns a
	 * search needs) and their daily numbers per hall */
	"CREATE TABLE case_counters(hall TEXT NOT NULL, day TEXT NOT NULL, last INTEGER NOT NULL,"
	" PRIMARY KEY (hall, day));"
	"CREATE TABLE cases(seq INTEGER PRIMARY KEY, number TEXT NOT NULL UNIQUE, status TEXT NOT NULL,"
	" staff_id TEXT NOT NULL, applicant_id TEXT NOT NULL, applicant_name TEXT NOT NULL,"
	" created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, pw_hash TEXT NOT NULL, json TEXT NOT NULL);"
	"CREATE INDEX cases_applicant ON cases(applicant_id);"
	"CREATE INDEX cases_staff ON cases(staff_id, seq);"
	"CREATE INDEX cases_status ON cases(status, seq);",
	/* 4 -> 5: the knowledge base: one row per article at the change-log
	 * position (seq) of its last write, tombstones included, and a
	 * contentless FTS5 index of pre-split terms keyed by the same seq */
	"CREATE TABLE kb_articles(seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, origin INTEGER NOT NULL,"
	" version INTEGER NOT NULL, at INTEGER NOT NULL, hash TEXT NOT NULL DEFAULT '',"
	" deleted INTEGER NOT NULL DEFAULT 0, json TEXT);"
	"CREATE INDEX kb_articles_origin ON kb_articles(origin, id);"
	"CREATE VIRTUAL TABLE kb_fts USING fts5(title, py, kw, kwpy, body, mt, content='', columnsize=0,"
	" tokenize='unicode61 remove_diacritics 0');",
	/* 5 -> 6: a holder's records of every type in id order (the paging
	 * order of /v1/licenses and /v1/proofs) without scanning the source */
	"CREATE INDEX shared_records_holder_id ON shared_records(source, holder, id);",
};

#define NSTEPS ((int)(sizeof steps / sizeof steps[0]))

/* Read PRAGMA user_version. */
static int user_version(sqlite3 *db)
{
	sqlite3_stmt *s;
	int v = -1;
	if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &s, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(s) == SQLITE_ROW)
		v = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	return v;
}

/* Run each missing step in its own transaction together with the version
 * bump, so a crash leaves the schema at a whole version. */
int sq_migrate(sqlite3 *db, char *err, size_t errsz)
{
	int v = user_version(db);
	if (v < 0) {
		snprintf(err, errsz, "cannot read the schema version: %s", sqlite3_errmsg(db));
		return -1;
	}
	if (v > NSTEPS) {
		snprintf(err, errsz, "database schema version %d is newer than this yichuangd (%d)", v, NSTEPS);
		return -1;
	}
	for (; v < NSTEPS; v++) {
		char *msg = NULL;
		char bump[64];
		snprintf(bump, sizeof bump, "PRAGMA user_version = %d;", v + 1);
		if (sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, &msg) != SQLITE_OK ||
		    sqlite3_exec(db, steps[v], NULL, NULL, &msg) != SQLITE_OK ||
		    sqlite3_exec(db, bump, NULL, NULL, &msg) != SQLITE_OK ||
		    sqlite3_exec(db, "COMMIT", NULL, NULL, &msg) != SQLITE_OK) {
			snprintf(err, errsz, "schema step %d failed: %s", v + 1, msg ? msg : sqlite3_errmsg(db));
			sqlite3_free(msg);
			sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
			return -1;
		}
	}
	return 0;
}
