/* intake_lookup: the five shared-data lookups, all sent at once with the
 * ticket as their purpose; each source has its own state (loading, found,
 * not found, failed), so a slow or failing one holds up nothing, and each
 * record fills the form the moment it arrives. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "client/app.h"
#include "client/intake.h"
#include "client/intake_int.h"
#include "client/i18n.h"
#include "client/loop.h"
#include "common/jsonx.h"
#include "common/xalloc.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* What each source asks and what it fills. */
static const struct {
	const char *path, *query; /* the escaped holder goes between them */
	const char *prefill;    /* forms_prefill source name */
	bool list;              /* a page of items */
	int who;                /* 1: persons only, 2: entities only, 3: both */
} sources[SRC__COUNT] = {
	[SRC_PERSON] = {"/v1/people/", "", "person", false, 1},
	[SRC_ENTITY] = {"/v1/entities/", "", "entity", false, 2},
	[SRC_LICENSES] = {"/v1/licenses?holder=", "&limit=200", "license", true, 3},
	[SRC_CREDIT] = {"/v1/credit/", "", "credit", false, 3},
	[SRC_PROOFS] = {"/v1/proofs?holder=", "&limit=200", "proof", true, 3},
};

/* The request's owner, packed into the callback's user data: a late answer
 * for an intake that is gone finds no intake with its serial. */
static void *pack(const Intake *in, IntakeSource s)
{
	return (void *)(((uintptr_t)in->serial << 3) | (uintptr_t)s);
}

static void on_lookup(const ApiResponse *r, void *ud)
{
	uintptr_t v = (uintptr_t)ud;
	IntakeSource s = (IntakeSource)(v & 7);
	Intake *in = intake_current();
	if (!in || in->serial != (unsigned)(v >> 3) || s >= SRC__COUNT)
		return;
	in->lk[s].req = 0;
	char *err = NULL;
	if (r->status != 200 && r->status != 404)
		err = intake_answer_error(r);
	intake_lookup_answer(in, s, r->status, r->error ? NULL : r->json, err);
	free(err);
}

/* Forget what a source said before. */
static void lookup_reset(Lookup *l)
{
	cJSON_Delete(l->doc);
	l->doc = NULL;
	free(l->error);
	free(l->as_of);
	free(l->source);
	l->error = l->as_of = l->source = NULL;
}

/* Why a source was not asked in the cached session. */
static const char *offline_text(void)
{
	return _("unavailable offline — fill in by hand");
}

void intake_lookups_start(Intake *in, bool retry)
{
	char *purpose = intake_purpose_header(in);
	char *holder = intake_url_escape(in->holder);
	int kind = in->entity ? 2 : 1;
	for (int s = 0; s < SRC__COUNT; s++) {
		Lookup *l = &in->lk[s];
		/* F5 asks again what failed, and what the cached session could
		 * not ask once the session is a real one. */
		bool was_offline = l->state == LK_NA && l->error && strcmp(l->error, offline_text()) == 0;
		if (retry && l->state != LK_FAILED && l->state != LK_IDLE && !(was_offline && !app.offline_session))
			continue;
		if (l->req)
			continue;
		lookup_reset(l);
		l->started_ms = loop_now();
		l->done_ms = 0;
		if (app.offline_session) {
			/* Nothing is prefilled or guessed from the cache. */
			l->state = LK_NA;
			l->error = xstrdup(offline_text());
			continue;
		}
		if (!(sources[s].who & kind)) {
			l->state = LK_NA;
			l->error = xstrdup(in->entity ? _("a credit code has no record in the people database")
						      : _("a person has no record in the legal-person database"));
			continue;
		}
		if (!purpose) {
			/* Shared data is only consulted for a stated purpose: the
			 * ticket being served. */
			l->state = LK_NA;
			l->error = xstrdup(_("no ticket is being served: a lookup must state its purpose"));
			continue;
		}
		l->state = LK_LOADING;
		char *path = xasprintf("%s%s%s", sources[s].path, holder, sources[s].query);
		l->req = api_request_hdr("GET", path, NULL, NULL, purpose, on_lookup, pack(in, (IntakeSource)s));
		free(path);
	}
	free(holder);
	free(purpose);
	intake_changed(in);
}

void intake_lookups_cancel(Intake *in)
{
	for (int s = 0; s < SRC__COUNT; s++) {
		if (in->lk[s].req)
			api_cancel(in->lk[s].req);
		in->lk[s].req = 0;
		if (in->lk[s].state == LK_LOADING)
			in->lk[s].state = LK_IDLE;
	}
}

int intake_lookups_pending(const Intake *in)
{
	int n = 0;
	for (int s = 0; in && s < SRC__COUNT; s++)
		n += in->lk[s].state == LK_LOADING;
	return n;
}

static int count_prefilled(Intake *in);

/* Provenance of a record: its own, or its first item's. */
static void note_provenance(Lookup *l, const cJSON *doc, bool list)
{
	const cJSON *rec = list ? cJSON_GetArrayItem(json_arr(doc, "items"), 0) : doc;
	l->source = intake_json_clean(rec, "source");
	l->as_of = intake_json_clean(rec, "as_of");
}

static void (*observer)(Intake *in, IntakeSource s);

void intake_on_lookup(void (*fn)(Intake *in, IntakeSource s))
{
	observer = fn;
}

void intake_lookup_answer(Intake *in, IntakeSource s, long status, const cJSON *json, const char *error)
{
	if (!in || (unsigned)s >= SRC__COUNT)
		return;
	Lookup *l = &in->lk[s];
	lookup_reset(l);
	l->done_ms = loop_now();
	if (status == 404) {
		l->state = LK_NOT_FOUND;
	} else if (status == 200 && cJSON_IsObject(json) && (!sources[s].list || json_arr(json, "items"))) {
		bool empty = sources[s].list && cJSON_GetArraySize(json_arr(json, "items")) == 0;
		l->state = empty ? LK_NOT_FOUND : LK_FOUND;
		if (!empty) {
			l->doc = intake_json_copy(json);
			note_provenance(l, l->doc, sources[s].list);
		}
	} else {
		l->state = LK_FAILED;
		l->error = xstrdup(error ? error : status == 200 ? _("the server sent a malformed answer")
							 : _("no answer"));
	}
	if (l->state == LK_FOUND && in->form) {
		forms_prefill(in->form, sources[s].prefill, l->doc);
		count_prefilled(in);
	}
	if (s == SRC_LICENSES)
		intake_materials_refresh(in);
	intake_changed(in);
	if (observer)
		observer(in, s);
}

int intake_prefill_all(Intake *in)
{
	if (!in->form)
		return 0;
	for (int s = 0; s < SRC__COUNT; s++)
		if (in->lk[s].state == LK_FOUND && in->lk[s].doc)
			forms_prefill(in->form, sources[s].prefill, in->lk[s].doc);
	return count_prefilled(in);
}

/* Fields that carry a source now. */
static int count_prefilled(Intake *in)
{
	int n = 0;
	for (size_t i = 0; i < in->schema->n_index; i++)
		if (forms_provenance(in->form, in->schema->index[i]->key))
			n++;
	in->prefilled = n;
	return n;
}
