/* outbox_store: the outbox rows of the local store (one per submission
 * waiting for the server, with its idempotency key and frozen body) and
 * the draft state changes that go with them, each in one transaction. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "client/drafts.h"
#include "client/drafts_int.h"
#include "client/i18n.h"
#include "common/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Run one statement with the bound values: t text (NULL: null), i int64. */
typedef struct Bind {
	char kind;     /* 't' or 'i' */
	const char *t;
	int64_t i;
} Bind;

static bool run(Store *s, const char *sql, const Bind *b, int nb, const char *what)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(store_db(s), sql, -1, &st, NULL);
	for (int k = 0; rc == SQLITE_OK && k < nb; k++) {
		if (b[k].kind == 'i')
			sqlite3_bind_int64(st, k + 1, b[k].i);
		else if (b[k].t)
			sqlite3_bind_text(st, k + 1, b[k].t, -1, SQLITE_STATIC);
		else
			sqlite3_bind_null(st, k + 1);
	}
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		store_fail(s, rc, what);
		return false;
	}
	return true;
}

/* Whether draft_id has an outbox row (-1 on failure). */
static int has_row(Store *s, const char *draft_id)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(store_db(s), "SELECT 1 FROM outbox WHERE draft_id=?1", -1, &st, NULL);
	if (rc == SQLITE_OK) {
		sqlite3_bind_text(st, 1, draft_id, -1, SQLITE_STATIC);
		rc = sqlite3_step(st);
	}
	sqlite3_finalize(st);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	store_fail(s, rc, _("reading the outbox"));
	return -1;
}

bool outbox_enqueue(Store *s, Draft *d, const char *key, const char *body)
{
	if (!s || !d || !key || !*key || !body)
		return false;
	if (d->state == DRAFT_QUEUED)
		return false;
	if (!store_begin(s))
		return false;
	if (d->id[0] && has_row(s, d->id) != 0) {
		store_rollback(s);
		return false;
	}
	DraftState old = d->state;
	int64_t old_updated = d->updated_at;
	d->state = DRAFT_QUEUED;
	bool ok = drafts_write_row(s, d, true);
	Bind b[] = {{'t', d->id, 0}, {'t', key, 0}, {'t', body, 0}, {'i', NULL, drafts_now_ms()}};
	ok = ok && run(s, "INSERT INTO outbox(draft_id, idem_key, body, queued_at) VALUES(?1, ?2, ?3, ?4)", b, 4,
		       _("queueing a submission"));
	if (ok)
		ok = store_commit(s);
	else
		store_rollback(s);
	if (!ok) {
		d->state = old;
		d->updated_at = old_updated;
	}
	return ok;
}

OutboxItem **outbox_list(Store *s, size_t *n)
{
	*n = 0;
	if (!s)
		return NULL;
	sqlite3_stmt *st = NULL;
	OutboxItem **v = NULL;
	size_t cap = 0;
	int rc = sqlite3_prepare_v2(store_db(s),
		"SELECT draft_id, idem_key, body, queued_at, next_at, attempts, last_status, last_error"
		" FROM outbox ORDER BY queued_at, rowid", -1, &st, NULL);
	while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		OutboxItem *it = xcalloc(1, sizeof *it);
		snprintf(it->draft_id, sizeof it->draft_id, "%s", (const char *)sqlite3_column_text(st, 0));
		snprintf(it->key, sizeof it->key, "%s", (const char *)sqlite3_column_text(st, 1));
		it->body = xstrdup((const char *)sqlite3_column_text(st, 2));
		it->queued_at = sqlite3_column_int64(st, 3);
		it->next_at = sqlite3_column_int64(st, 4);
		it->attempts = sqlite3_column_int(st, 5);
		it->last_status = (long)sqlite3_column_int64(st, 6);
		const unsigned char *e = sqlite3_column_text(st, 7);
		it->last_error = e ? xstrdup((const char *)e) : NULL;
		if (*n == cap) {
			cap = cap ? cap * 2 : 8;
			v = xrealloc(v, cap * sizeof *v);
		}
		v[(*n)++] = it;
		rc = SQLITE_OK;
	}
	if (rc != SQLITE_DONE)
		store_fail(s, rc, _("reading the outbox"));
	sqlite3_finalize(st);
	return v;
}

void outbox_item_free(OutboxItem *it)
{
	if (!it)
		return;
	free(it->body);
	free(it->last_error);
	free(it);
}

void outbox_list_free(OutboxItem **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		outbox_item_free(v[i]);
	free(v);
}

int outbox_count(Store *s)
{
	if (!s)
		return -1;
	sqlite3_stmt *st = NULL;
	int n = -1;
	int rc = sqlite3_prepare_v2(store_db(s), "SELECT count(*) FROM outbox", -1, &st, NULL);
	if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW)
		n = sqlite3_column_int(st, 0);
	else
		store_fail(s, rc, _("reading the outbox"));
	sqlite3_finalize(st);
	return n;
}

/* The draft of an outbox change, changed by fn and written back without
 * touching its last change (the outbox's bookkeeping is not the clerk's):
 * inside the caller's transaction. A draft that is gone is no failure. */
static bool update_draft(Store *s, const char *draft_id, void (*fn)(Draft *d, const void *arg), const void *arg)
{
	Draft *d = drafts_get(s, draft_id);
	if (!d)
		return true;
	fn(d, arg);
	bool ok = drafts_write_row(s, d, false);
	draft_free(d);
	return ok;
}

static void set_message(Draft *d, const void *arg)
{
	free(d->message);
	d->message = arg ? xstrdup(arg) : NULL;
}

bool outbox_attempt_failed(Store *s, const char *draft_id, long status, const char *error, int64_t next_at)
{
	if (!s || !draft_id || !store_begin(s))
		return false;
	Bind b[] = {{'i', NULL, next_at}, {'i', NULL, status}, {'t', error, 0}, {'t', draft_id, 0}};
	bool ok = run(s, "UPDATE outbox SET attempts=attempts+1, next_at=?1, last_status=?2, last_error=?3 WHERE draft_id=?4",
		      b, 4, _("recording a sending attempt"));
	ok = ok && update_draft(s, draft_id, set_message, error);
	if (ok)
		return store_commit(s);
	store_rollback(s);
	return false;
}

static void set_submitted(Draft *d, const void *arg)
{
	d->state = DRAFT_SUBMITTED;
	free(d->case_number);
	d->case_number = arg ? xstrdup(arg) : NULL;
	free(d->message);
	d->message = NULL;
	cJSON_Delete(d->errors);
	d->errors = NULL;
}

bool outbox_delivered(Store *s, const char *draft_id, const char *case_number)
{
	if (!s || !draft_id || !store_begin(s))
		return false;
	Bind b[] = {{'t', draft_id, 0}};
	bool ok = run(s, "DELETE FROM outbox WHERE draft_id=?1", b, 1, _("recording a delivered case"));
	ok = ok && update_draft(s, draft_id, set_submitted, case_number);
	if (ok)
		return store_commit(s);
	store_rollback(s);
	return false;
}

typedef struct Refusal {
	const cJSON *errors;
	const char *message;
} Refusal;

static void set_attention(Draft *d, const void *arg)
{
	const Refusal *r = arg;
	d->state = DRAFT_ATTENTION;
	cJSON_Delete(d->errors);
	d->errors = r->errors ? cJSON_Duplicate(r->errors, 1) : NULL;
	free(d->message);
	d->message = r->message ? xstrdup(r->message) : NULL;
}

bool outbox_refused(Store *s, const char *draft_id, const cJSON *errors, const char *message)
{
	if (!s || !draft_id || !store_begin(s))
		return false;
	Bind b[] = {{'t', draft_id, 0}};
	bool ok = run(s, "DELETE FROM outbox WHERE draft_id=?1", b, 1, _("recording a refused case"));
	Refusal r = {errors, message};
	ok = ok && update_draft(s, draft_id, set_attention, &r);
	if (ok)
		return store_commit(s);
	store_rollback(s);
	return false;
}
