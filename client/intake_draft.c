/* intake_draft: the intake at the counter as a draft in the local store:
 * made from the intake, saved after every committed change, and resumed
 * (the choice made again, then values, materials, step and cursor). */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "client/intake_draft.h"
#include "client/drafts_int.h"
#include "client/app.h"
#include "client/i18n.h"
#include "client/local.h"
#include "common/jsonx.h"
#include "common/text.h"
#include "common/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Material statuses as stored (the contract's words). */
static const char *const mat_words[] = {
	[MS_MISSING] = "missing", [MS_SUBMITTED] = "submitted", [MS_ELICENSE] = "elicense",
	[MS_DEFERRED] = "deferred", [MS_NA] = "not_applicable",
};
enum { N_MAT_WORDS = sizeof mat_words / sizeof mat_words[0] };

/* Values of a resumed draft that its form no longer has: kept in the
 * draft (saved with it again) for the intake they were loaded into. */
static struct {
	unsigned serial;
	cJSON *values;
} orphans;

/* The failure on the message line, said once until a save works. */
static bool failing;

static const char *tr(const char *s)
{
	return gettext(s);
}

/* [{id, version}] of the forms the intake's form is made of. */
static cJSON *forms_list(const Intake *in)
{
	if (!in->schema)
		return NULL;
	cJSON *a = cJSON_CreateArray();
	for (size_t i = 0; i < in->schema->n_sources; i++) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "id", in->schema->sources[i].id);
		cJSON_AddNumberToObject(o, "version", in->schema->sources[i].version);
		cJSON_AddItemToArray(a, o);
	}
	return a;
}

static cJSON *materials_list(const Intake *in)
{
	cJSON *a = cJSON_CreateArray();
	for (size_t i = 0; i < in->n_mat; i++) {
		const IntakeMaterial *m = &in->mat[i];
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "name", m->name ? m->name : "");
		cJSON_AddStringToObject(o, "status", (unsigned)m->status < N_MAT_WORDS ? mat_words[m->status] : "missing");
		cJSON_AddBoolToObject(o, "touched", m->touched);
		if (m->license_id)
			cJSON_AddStringToObject(o, "license_id", m->license_id);
		cJSON_AddItemToArray(a, o);
	}
	return a;
}

/* The form as a draft, with the values its form no longer has. */
static cJSON *form_doc(const Intake *in)
{
	if (!in->form)
		return NULL;
	cJSON *doc = forms_draft_json(in->form);
	cJSON *values = json_obj(json_obj(doc, "form"), "values");
	const cJSON *it;
	if (values && orphans.values && orphans.serial == in->serial)
		cJSON_ArrayForEach(it, orphans.values)
			if (!cJSON_GetObjectItemCaseSensitive(values, it->string))
				cJSON_AddItemToObject(values, it->string, cJSON_Duplicate(it, 1));
	return doc;
}

/* Where it stands, from the submission. */
static DraftState state_of(const Intake *in)
{
	switch (in->sub.state) {
	case SUB_QUEUED: return DRAFT_QUEUED;
	case SUB_DONE: return DRAFT_SUBMITTED;
	case SUB_REFUSED: return DRAFT_ATTENTION;
	default: return in->resume_errors ? DRAFT_ATTENTION : DRAFT_OPEN;
	}
}

/* A draft of the intake; prev (or NULL) gives step and cursor when not
 * given. */
static Draft *make(Intake *in, const char *step, const char *cursor, const Draft *prev)
{
	if (!in || !in->n_matters)
		return NULL;
	if (!in->draft_id[0])
		drafts_new_id(in->draft_id);
	Draft *d = xcalloc(1, sizeof *d);
	memcpy(d->id, in->draft_id, sizeof d->id);
	if (prev)
		d->created_at = prev->created_at;
	d->state = state_of(in);
	d->holder = xstrdup(in->holder);
	d->applicant = xstrdup(intake_applicant_name(in));
	d->title = xstrdup(in->title ? in->title : "");
	d->bundle_id = xstrdup(in->bundle_id);
	d->matters = xcalloc(in->n_matters + 1, sizeof *d->matters);
	for (size_t i = 0; i < in->n_matters; i++)
		d->matters[d->n_matters++] = xstrdup(in->matters[i]);
	d->ticket_id = xstrdup(in->ticket_id);
	d->ticket_number = xstrdup(in->ticket_number);
	/* Not given: as last saved, else where a resumed draft left off. */
	if (!step)
		step = prev && prev->step ? prev->step : in->resume_step ? in->resume_step : "form";
	if (!cursor)
		cursor = prev ? prev->cursor : in->resume_cursor;
	d->step = xstrdup(step);
	d->cursor = xstrdup(cursor);
	d->forms = forms_list(in);
	d->form = form_doc(in);
	d->materials = materials_list(in);
	d->credit_seen = in->credit_seen;
	const cJSON *errors = in->sub.state == SUB_REFUSED ? in->sub.errors : in->resume_errors;
	d->errors = errors && d->state == DRAFT_ATTENTION ? cJSON_Duplicate(errors, 1) : NULL;
	if (in->sub.state == SUB_REFUSED || in->sub.state == SUB_UNKNOWN)
		d->message = xstrdup(in->sub.message);
	else if (d->state == DRAFT_ATTENTION && prev)
		d->message = xstrdup(prev->message);
	if (in->sub.state == SUB_DONE)
		d->case_number = xstrdup(json_str(in->sub.created, "number", NULL));
	return d;
}

Draft *intake_draft_make(Intake *in, const char *step, const char *cursor)
{
	return make(in, step, cursor, NULL);
}

/* A save failed: why, on the message line once, and on the intake. A
 * full disk is said first in few words (the line is short); the store's
 * sentence names the file. */
static bool save_failed(Intake *in, const char *why, bool full)
{
	char *clean = text_clean(why ? why : _("the local store cannot be written"), TEXT_ONE_LINE);
	if (!failing || !in->draft_error || strcmp(in->draft_error, clean) != 0) {
		if (full)
			app_message(true, _("Disk full: the draft is not saved; the values stay on screen. %s"), clean);
		else
			app_message(true, _("The draft could not be saved: %s The values stay on screen."), clean);
	}
	failing = true;
	free(in->draft_error);
	in->draft_error = clean;
	if (!app.draft_unsaved) {
		app.draft_unsaved = true;
		app_notify(CH_DRAFTS);
	}
	return false;
}

bool intake_draft_save(Intake *in, const char *step, const char *cursor)
{
	if (!in || !in->n_matters)
		return false;
	Store *s = local_store();
	if (!s)
		return save_failed(in, local_error(), false);
	Draft *prev = in->draft_id[0] ? drafts_get(s, in->draft_id) : NULL;
	/* The outbox has it (or the server made the case): an intake that
	 * does not know it yet must not turn it back into a draft. */
	if (prev && (prev->state == DRAFT_QUEUED || prev->state == DRAFT_SUBMITTED) &&
	    in->sub.state != SUB_QUEUED && in->sub.state != SUB_DONE) {
		draft_free(prev);
		return true;
	}
	Draft *d = make(in, step, cursor, prev);
	draft_free(prev);
	if (!d)
		return false;
	bool ok = drafts_put(s, d);
	draft_free(d);
	if (!ok)
		return save_failed(in, store_last_message(s), store_last_error(s) == STORE_E_FULL);
	if (failing) {
		failing = false;
		app_message(false, "%s", _("Drafts are saved again."));
	}
	free(in->draft_error);
	in->draft_error = NULL;
	if (app.draft_unsaved) {
		app.draft_unsaved = false;
		app_notify(CH_DRAFTS);
	}
	return true;
}

/* ------------------------------------------------------------ resume */

/* Materials as the clerk left them: rows by name, those set by hand. */
static void restore_materials(Intake *in, const cJSON *list)
{
	const cJSON *it;
	cJSON_ArrayForEach(it, list) {
		const char *name = json_str(it, "name", NULL);
		if (!name || !json_bool(it, "touched", true))
			continue;
		for (size_t i = 0; i < in->n_mat; i++) {
			IntakeMaterial *m = &in->mat[i];
			if (!m->name || strcmp(m->name, name) != 0)
				continue;
			const char *w = json_str(it, "status", "");
			for (size_t k = 0; k < N_MAT_WORDS; k++)
				if (strcmp(mat_words[k], w) == 0) {
					m->status = (MatStatus)k;
					m->touched = true;
				}
			const char *lic = json_str(it, "license_id", NULL);
			if (lic && !m->license_id)
				m->license_id = text_clean(lic, TEXT_ONE_LINE);
		}
	}
}

/* Whether the draft's forms are the schema's, version for version. */
static bool same_forms(const Intake *in, const cJSON *forms)
{
	if (!in->schema)
		return !forms || cJSON_GetArraySize(forms) == 0;
	if ((size_t)cJSON_GetArraySize(forms) != in->schema->n_sources)
		return false;
	for (size_t i = 0; i < in->schema->n_sources; i++) {
		const FormRef *r = &in->schema->sources[i];
		bool found = false;
		const cJSON *f;
		cJSON_ArrayForEach(f, forms)
			if (strcmp(json_str(f, "id", ""), r->id) == 0 && json_long(f, "version", -1) == r->version)
				found = true;
		if (!found)
			return false;
	}
	return true;
}

/* Values of the draft its form does not have, kept aside. */
static int keep_orphans(Intake *in, const cJSON *form)
{
	cJSON_Delete(orphans.values);
	orphans.values = NULL;
	orphans.serial = in->serial;
	int n = 0;
	const cJSON *it;
	cJSON_ArrayForEach(it, json_obj(json_obj(form, "form"), "values")) {
		if (in->schema && forms_field(in->schema, it->string))
			continue;
		if (!orphans.values)
			orphans.values = cJSON_CreateObject();
		cJSON_AddItemToObject(orphans.values, it->string, cJSON_Duplicate(it, 1));
		n++;
	}
	return n;
}

/* Problems of the loaded values under the form as it is now (not
 * "required": an unfinished draft is not wrong), as FieldError[]. */
static int value_problems(Intake *in, cJSON **errors)
{
	FormsErrors errs;
	forms_errors_init(&errs);
	forms_validate_all(in->form, &errs);
	cJSON *all = NULL;
	forms_errors_to_json(&errs, "form.values.", tr, &all);
	forms_errors_free(&errs);
	int n = 0;
	cJSON *it;
	cJSON_ArrayForEach(it, all) {
		if (strcmp(json_str(it, "code", ""), "required") == 0)
			continue;
		if (!*errors)
			*errors = cJSON_CreateArray();
		cJSON_AddItemToArray(*errors, cJSON_Duplicate(it, 1));
		n++;
	}
	cJSON_Delete(all);
	return n;
}

bool intake_draft_apply(Intake *in, const Draft *d)
{
	if (!in)
		return false;
	memcpy(in->draft_id, d->id, sizeof in->draft_id);
	cJSON *errors = d->errors ? cJSON_Duplicate(d->errors, 1) : NULL;
	int changed = 0;
	bool same = same_forms(in, d->forms);
	if (in->form && d->form) {
		FormsErrors errs;
		forms_errors_init(&errs);
		forms_load(in->form, d->form, &errs);
		forms_errors_free(&errs);
		changed += keep_orphans(in, d->form);
		if (!same)
			changed += value_problems(in, &errors);
	}
	/* Chosen before the catalog was there, the title is the code: the
	 * guide's name, else the draft's. */
	if (in->title && !in->bundle_id && in->n_matters && strcmp(in->title, in->matters[0]) == 0) {
		const char *name = in->guides ? json_str(in->guides[0], "name", NULL) : NULL;
		if (name || (d->title && *d->title)) {
			char *t = text_clean(name ? name : d->title, TEXT_ONE_LINE);
			free(in->title);
			in->title = t;
		}
	}
	restore_materials(in, d->materials);
	in->credit_seen = d->credit_seen;
	free(in->resume_step);
	free(in->resume_cursor);
	in->resume_step = xstrdup(d->step ? d->step : "form");
	in->resume_cursor = xstrdup(d->cursor);
	cJSON_Delete(in->resume_errors);
	in->resume_errors = errors;
	if (!same && d->form)
		app_message(true, ngettext("The form changed since this draft was saved; %d field to check.",
					   "The form changed since this draft was saved; %d fields to check.", changed),
			    changed);
	intake_changed(in);
	return true;
}

/* A resume waiting for its choice to load. */
typedef struct Resume {
	Draft *d;
	unsigned serial;
	intake_cb cb;
	void *ud;
} Resume;

static void chosen(bool ok, void *ud)
{
	Resume *r = ud;
	Intake *in = intake_current();
	if (!in || in->serial != r->serial)
		ok = false;
	if (ok)
		ok = intake_draft_apply(in, r->d);
	if (r->cb)
		r->cb(ok, r->ud);
	draft_free(r->d);
	free(r);
}

void intake_resume(const Draft *d, intake_cb cb, void *ud)
{
	cJSON *doc = draft_to_json(d);
	Draft *copy = drafts_parse(doc, false, NULL);
	cJSON_Delete(doc);
	if (!copy || (!copy->bundle_id && !copy->n_matters)) {
		app_message(true, "%s", _("This draft names no matter: it cannot be resumed."));
		draft_free(copy);
		if (cb)
			cb(false, ud);
		return;
	}
	memcpy(copy->id, d->id, sizeof copy->id);
	Intake *in = intake_start(copy->holder);
	/* The ticket goes with it only when it is the one being served. */
	bool same_ticket = copy->ticket_id && app.current && app.current->id &&
			   strcmp(app.current->id, copy->ticket_id) == 0;
	if (!same_ticket) {
		free(in->ticket_id);
		free(in->ticket_number);
		in->ticket_id = in->ticket_number = NULL;
	}
	memcpy(in->draft_id, copy->id, sizeof in->draft_id);
	Resume *r = xcalloc(1, sizeof *r);
	r->d = copy;
	r->serial = in->serial;
	r->cb = cb;
	r->ud = ud;
	if (copy->bundle_id)
		intake_choose_bundle(in, copy->bundle_id, chosen, r);
	else
		intake_choose_matter(in, copy->matters[0], chosen, r);
}
