/* store_migrate: the schema of the local store, one step per version
 * (PRAGMA user_version), applied in order, each in its own transaction. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "client/store_int.h"
#include "client/i18n.h"
#include "common/xalloc.h"

#include <stdlib.h>

/*
 * A step is only ever appended: a released version's SQL never changes, so
 * a file of any older version reaches the same schema.
 */
static const struct {
	int version;
	const char *sql;
} steps[] = {
	{1, "CREATE TABLE kv(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;"},
	/* The knowledge base: articles (small rows, loaded at start), their
	 * bodies apart, and posting lists in segments (see kb_index.c). */
	{2, "CREATE TABLE kb_doc("
	    " ord INTEGER PRIMARY KEY AUTOINCREMENT," /* posting number: never reused, newest largest */
	    " id TEXT NOT NULL UNIQUE,"
	    " kind TEXT NOT NULL,"
	    " title TEXT NOT NULL,"
	    " keywords TEXT NOT NULL,"                 /* lists joined by U+001F */
	    " matters TEXT NOT NULL,"
	    " related TEXT NOT NULL,"
	    " version INTEGER NOT NULL,"
	    " updated_at INTEGER NOT NULL,"
	    " body_len INTEGER NOT NULL,"              /* characters, for bm25 */
	    " gen INTEGER NOT NULL DEFAULT 0);"        /* full resync generation */
	    "CREATE TABLE kb_body(ord INTEGER PRIMARY KEY, body TEXT NOT NULL);"
	    "CREATE TABLE kb_post(tok TEXT NOT NULL, seg INTEGER NOT NULL, tl BLOB, bl BLOB, PRIMARY KEY(tok, seg));"
	    "CREATE INDEX kb_post_seg ON kb_post(seg, tok);"
	    "CREATE TABLE kb_seg(seg INTEGER PRIMARY KEY, level INTEGER NOT NULL, docs INTEGER NOT NULL, bytes INTEGER NOT NULL);"},
	/* Drafts (autosaved intakes, see drafts.h) and the outbox: one row
	 * per submission waiting for the server's answer, with the
	 * idempotency key and the frozen body it is always sent with. */
	{3, "CREATE TABLE draft("
	    " id TEXT PRIMARY KEY,"
	    " created_at INTEGER NOT NULL,"            /* unix ms */
	    " updated_at INTEGER NOT NULL,"
	    " state TEXT NOT NULL,"                    /* open | queued | attention | submitted */
	    " holder TEXT NOT NULL,"                   /* the identifier, normalized */
	    " applicant TEXT NOT NULL DEFAULT '',"
	    " title TEXT NOT NULL DEFAULT '',"
	    " doc TEXT NOT NULL);"                     /* the whole draft as JSON */
	    "CREATE INDEX draft_updated ON draft(updated_at);"
	    "CREATE TABLE outbox("
	    " draft_id TEXT PRIMARY KEY REFERENCES draft(id) ON DELETE CASCADE,"
	    " idem_key TEXT NOT NULL UNIQUE,"
	    " body TEXT NOT NULL,"
	    " queued_at INTEGER NOT NULL,"
	    " attempts INTEGER NOT NULL DEFAULT 0,"
	    " next_at INTEGER NOT NULL DEFAULT 0,"      /* unix ms: not before */
	    " last_status INTEGER NOT NULL DEFAULT 0,"
	    " last_error TEXT);"},
	/* The cached session: the staff profile, the catalog's matters and
	 * bundles, guides and forms, each as the server's JSON. */
	{4, "CREATE TABLE cache("
	    " kind TEXT NOT NULL,"                     /* staff | matter | bundle | guide | form */
	    " key TEXT NOT NULL,"
	    " json TEXT NOT NULL,"
	    " updated_at TEXT NOT NULL DEFAULT '',"     /* the server's, when it gives one */
	    " fetched_at INTEGER NOT NULL,"             /* unix ms */
	    " PRIMARY KEY(kind, key)) WITHOUT ROWID;"},
};

int store_latest_version(void)
{
	return steps[sizeof steps / sizeof steps[0] - 1].version;
}

/* One step and its user_version in one transaction. */
static StoreError apply(Store *s, int i)
{
	int rc = sqlite3_exec(s->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(s->db, steps[i].sql, NULL, NULL, NULL);
	if (rc == SQLITE_OK) {
		char *v = xasprintf("PRAGMA user_version=%d", steps[i].version);
		rc = sqlite3_exec(s->db, v, NULL, NULL, NULL);
		free(v);
	}
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL);
	if (rc != SQLITE_OK) {
		StoreError e = store_fail(s, rc, _("updating its format"));
		store_rollback(s);
		return e;
	}
	return STORE_OK;
}

StoreError store_migrate(Store *s)
{
	int have = store_schema_version(s);
	if (have < 0)
		return store_fail(s, sqlite3_errcode(s->db), _("reading its format"));
	int latest = store_latest_version();
	if (have > latest) {
		free(s->last_msg);
		s->last_msg = xasprintf(_("The local store %s was written by a newer yichuang (format %d; this one knows up to %d). It was left as it is: use the newer yichuang."),
					s->path, have, latest);
		s->last = STORE_E_TOO_NEW;
		return s->last;
	}
	for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++) {
		if (steps[i].version <= have)
			continue;
		StoreError e = apply(s, (int)i);
		if (e != STORE_OK)
			return e;
	}
	return STORE_OK;
}
