/* drafts: the draft records in the local store: state words, ids, put,
 * get, list and delete, each write one durable transaction. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "client/drafts.h"
#include "client/drafts_int.h"
#include "client/i18n.h"
#include "common/ids.h"
#include "common/jsonx.h"
#include "common/text.h"
#include "common/xalloc.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

static const struct {
	const char *word, *name;
} states[] = {
	[DRAFT_OPEN] = {"open", N_("Draft")},
	[DRAFT_QUEUED] = {"queued", N_("Waiting to send")},
	[DRAFT_ATTENTION] = {"attention", N_("Needs attention")},
	[DRAFT_SUBMITTED] = {"submitted", N_("Submitted")},
};
enum { N_STATES = sizeof states / sizeof states[0] };

const char *draft_state_word(DraftState s)
{
	return (unsigned)s < N_STATES ? states[s].word : "open";
}

int draft_state_parse(const char *word)
{
	for (int i = 0; word && i < N_STATES; i++)
		if (strcmp(states[i].word, word) == 0)
			return i;
	return -1;
}

const char *draft_state_name(DraftState s)
{
	return (unsigned)s < N_STATES ? _(states[s].name) : "";
}

int64_t drafts_now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void drafts_new_id(char out[24])
{
	unsigned char b[6] = {0};
	if (getrandom(b, sizeof b, 0) != (ssize_t)sizeof b) {
		/* No entropy source answered: time and pid still tell drafts apart. */
		int64_t t = drafts_now_ms() ^ ((int64_t)getpid() << 24);
		memcpy(b, &t, sizeof b);
	}
	snprintf(out, 24, "d%02x%02x%02x%02x%02x%02x", b[0], b[1], b[2], b[3], b[4], b[5]);
}

bool drafts_id_ok(const char *id)
{
	if (!id || id[0] != 'd' || strlen(id) != 13)
		return false;
	for (const char *p = id + 1; *p; p++)
		if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f')))
			return false;
	return true;
}

void drafts_masked_who(const Draft *d, char *out, size_t n)
{
	char idm[48] = "";
	if (d->holder && *d->holder)
		id_mask(d->holder, idm, sizeof idm);
	char *name = text_clean(d->applicant, TEXT_ONE_LINE);
	char masked[64] = "";
	if (*name) {
		/* The first character, then one '*' per character after it. */
		uint32_t cp;
		size_t first = text_utf8_decode(name, strlen(name), &cp), o = first;
		memcpy(masked, name, first < sizeof masked ? first : 0);
		for (const char *p = name + first; *p && o + 2 < sizeof masked;) {
			p += text_utf8_decode(p, strlen(p), &cp);
			masked[o++] = '*';
		}
		masked[o < sizeof masked ? o : sizeof masked - 1] = '\0';
	}
	char *id = text_clean(idm, TEXT_ONE_LINE);
	snprintf(out, n, "%s%s%s", masked, *masked && *id ? " " : "", id);
	free(id);
	free(name);
}

void drafts_when_text(int64_t ms, bool with_year, char *out, size_t n)
{
	time_t t = (time_t)(ms / 1000), now = time(NULL);
	struct tm tm, today;
	localtime_r(&t, &tm);
	localtime_r(&now, &today);
	size_t k;
	if (with_year)
		k = strftime(out, n, "%Y-%m-%d %H:%M", &tm);
	else if (tm.tm_year == today.tm_year && tm.tm_yday == today.tm_yday)
		k = strftime(out, n, "%H:%M", &tm);
	else
		k = strftime(out, n, "%m-%d %H:%M", &tm);
	if (n && !k)
		out[0] = '\0';
}

void draft_free(Draft *d)
{
	if (!d)
		return;
	free(d->holder);
	free(d->applicant);
	free(d->title);
	free(d->bundle_id);
	for (size_t i = 0; i < d->n_matters; i++)
		free(d->matters[i]);
	free(d->matters);
	free(d->ticket_id);
	free(d->ticket_number);
	free(d->step);
	free(d->cursor);
	cJSON_Delete(d->forms);
	cJSON_Delete(d->form);
	cJSON_Delete(d->materials);
	cJSON_Delete(d->errors);
	free(d->message);
	free(d->case_number);
	free(d);
}

bool drafts_write_row(Store *s, Draft *d, bool touch)
{
	if (!d->id[0])
		drafts_new_id(d->id);
	int64_t now = drafts_now_ms();
	if (!d->created_at)
		d->created_at = now;
	if (touch || !d->updated_at)
		d->updated_at = now;
	cJSON *doc = draft_to_json(d);
	char *text = json_print(doc);
	cJSON_Delete(doc);
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(store_db(s),
		"INSERT INTO draft(id, created_at, updated_at, state, holder, applicant, title, doc)"
		" VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT(id) DO UPDATE SET"
		" updated_at=excluded.updated_at, state=excluded.state, holder=excluded.holder,"
		" applicant=excluded.applicant, title=excluded.title, doc=excluded.doc", -1, &st, NULL);
	if (rc == SQLITE_OK) {
		sqlite3_bind_text(st, 1, d->id, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 2, d->created_at);
		sqlite3_bind_int64(st, 3, d->updated_at);
		sqlite3_bind_text(st, 4, draft_state_word(d->state), -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 5, d->holder ? d->holder : "", -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 6, d->applicant ? d->applicant : "", -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 7, d->title ? d->title : "", -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 8, text, -1, SQLITE_STATIC);
		rc = sqlite3_step(st);
	}
	sqlite3_finalize(st);
	free(text);
	if (rc != SQLITE_DONE) {
		store_fail(s, rc, _("saving a draft"));
		return false;
	}
	return true;
}

bool drafts_put(Store *s, Draft *d)
{
	if (!s || !d)
		return false;
	int64_t old_created = d->created_at, old_updated = d->updated_at;
	char old_id[24];
	memcpy(old_id, d->id, sizeof old_id);
	bool ok = store_begin(s);
	if (ok && !drafts_write_row(s, d, true)) {
		store_rollback(s);
		ok = false;
	} else if (ok) {
		ok = store_commit(s);
	}
	if (!ok) {
		/* Nothing was saved: d is as the caller had it. */
		d->created_at = old_created;
		d->updated_at = old_updated;
		memcpy(d->id, old_id, sizeof old_id);
	}
	return ok;
}

/* Drafts of a query whose first column is doc (bound: id when given). */
static Draft **query(Store *s, const char *sql, const char *id, size_t *n)
{
	*n = 0;
	sqlite3_stmt *st = NULL;
	Draft **v = NULL;
	size_t cap = 0;
	int rc = sqlite3_prepare_v2(store_db(s), sql, -1, &st, NULL);
	if (rc == SQLITE_OK && id)
		sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *text = (const char *)sqlite3_column_text(st, 0);
		cJSON *doc = text ? cJSON_Parse(text) : NULL;
		Draft *d = doc ? drafts_parse(doc, false, NULL) : NULL;
		cJSON_Delete(doc);
		if (d) {
			/* The columns are the truth of what they hold. */
			snprintf(d->id, sizeof d->id, "%s", (const char *)sqlite3_column_text(st, 1));
			d->created_at = sqlite3_column_int64(st, 2);
			d->updated_at = sqlite3_column_int64(st, 3);
			int state = draft_state_parse((const char *)sqlite3_column_text(st, 4));
			d->state = state < 0 ? DRAFT_OPEN : (DraftState)state;
			if (*n == cap) {
				cap = cap ? cap * 2 : 8;
				v = xrealloc(v, cap * sizeof *v);
			}
			v[(*n)++] = d;
		}
		rc = SQLITE_OK;
	}
	if (rc != SQLITE_DONE)
		store_fail(s, rc, _("reading the drafts"));
	sqlite3_finalize(st);
	return v;
}

#define COLS "SELECT doc, id, created_at, updated_at, state FROM draft"

Draft *drafts_get(Store *s, const char *id)
{
	size_t n;
	if (!s || !id)
		return NULL;
	Draft **v = query(s, COLS " WHERE id=?1", id, &n);
	Draft *d = n ? v[0] : NULL;
	for (size_t i = 1; i < n; i++)
		draft_free(v[i]);
	free(v);
	return d;
}

Draft **drafts_list(Store *s, size_t *n)
{
	*n = 0;
	return s ? query(s, COLS " ORDER BY updated_at DESC, rowid DESC", NULL, n) : NULL;
}

void drafts_list_free(Draft **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		draft_free(v[i]);
	free(v);
}

bool drafts_delete(Store *s, const char *id)
{
	if (!s || !id || !store_begin(s))
		return false;
	static const char *const sql[] = {"DELETE FROM outbox WHERE draft_id=?1", "DELETE FROM draft WHERE id=?1"};
	for (size_t i = 0; i < sizeof sql / sizeof sql[0]; i++) {
		sqlite3_stmt *st = NULL;
		int rc = sqlite3_prepare_v2(store_db(s), sql[i], -1, &st, NULL);
		if (rc == SQLITE_OK) {
			sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
			rc = sqlite3_step(st);
		}
		sqlite3_finalize(st);
		if (rc != SQLITE_DONE) {
			store_fail(s, rc, _("deleting a draft"));
			store_rollback(s);
			return false;
		}
	}
	return store_commit(s);
}

Draft *drafts_import(Store *s, const cJSON *doc, char **err)
{
	Draft *d = draft_from_json(doc, err);
	if (!d)
		return NULL;
	Draft *there = drafts_get(s, d->id);
	if (there || !drafts_id_ok(d->id))
		drafts_new_id(d->id);
	draft_free(there);
	if (!drafts_put(s, d)) {
		if (err)
			*err = xstrdup(store_last_message(s) ? store_last_message(s) : _("the draft could not be saved"));
		draft_free(d);
		return NULL;
	}
	return d;
}
