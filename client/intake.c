/* intake: the intake at the counter: its lifetime, the applicant as best
 * known, and the choice of a matter or bundle (guides and forms fetched,
 * forms merged into one, prefilled, checklist built). */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "client/intake.h"
#include "client/intake_int.h"
#include "client/app.h"
#include "client/catalog.h"
#include "client/i18n.h"
#include "client/loop.h"
#include "common/jsonx.h"
#include "common/text.h"
#include "common/xalloc.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static Intake *cur;
static unsigned next_serial;

static const char *const source_names[SRC__COUNT] = {
	[SRC_PERSON] = N_("People"), [SRC_ENTITY] = N_("Legal persons"),
	[SRC_LICENSES] = N_("E-licenses"), [SRC_CREDIT] = N_("Credit"),
	[SRC_PROOFS] = N_("Proofs"),
};

static const char *const state_names[] = {
	[LK_IDLE] = N_("not asked"), [LK_LOADING] = N_("loading"),
	[LK_FOUND] = N_("found"), [LK_NOT_FOUND] = N_("not found"),
	[LK_FAILED] = N_("failed"), [LK_NA] = N_("not applicable"),
};

const char *intake_source_name(IntakeSource s)
{
	return (unsigned)s < SRC__COUNT ? _(source_names[s]) : "";
}

const char *intake_state_name(LookupState s)
{
	return (unsigned)s <= LK_NA ? _(state_names[s]) : "";
}

/* ------------------------------------------------------------- helpers */

char *intake_answer_error(const ApiResponse *r)
{
	if (r->status == 0)
		return xasprintf(_("offline (%s)"), r->error ? r->error : "?");
	if (r->status == 404)
		return xstrdup(_("not found"));
	if (r->status == 501)
		return xstrdup(_("not available on this server yet"));
	if (r->error)
		return xstrdup(_("the server sent a malformed answer"));
	if (r->message && *r->message)
		return text_clean(r->message, 0);
	return xasprintf(_("HTTP status %ld"), r->status);
}

char *intake_url_escape(const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t n = strlen(s ? s : "");
	char *out = xmalloc(n * 3 + 1), *o = out;
	for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
		    *p == '-' || *p == '_' || *p == '.' || *p == '~') {
			*o++ = (char)*p;
		} else {
			*o++ = '%';
			*o++ = hex[*p >> 4];
			*o++ = hex[*p & 15];
		}
	}
	*o = '\0';
	return out;
}

char *intake_purpose_header(const Intake *in)
{
	if (!in->ticket_id || !*in->ticket_id)
		return NULL;
	return xasprintf("X-Ticket: %s", in->ticket_id);
}

char *intake_json_clean(const cJSON *obj, const char *key)
{
	const char *s = json_str(obj, key, NULL);
	return s ? text_clean(s, 0) : NULL;
}

/* Every string in a tree through the sanitizing sink, in place (records
 * from the network are shown and prefilled as they are). */
static void json_clean_tree(cJSON *j)
{
	for (; j; j = j->next) {
		if (cJSON_IsString(j) && j->valuestring) {
			char *c = text_clean(j->valuestring, TEXT_KEEP_NEWLINES);
			if (strcmp(c, j->valuestring) != 0)
				cJSON_SetValuestring(j, c);
			free(c);
		}
		if (j->string) {
			char *c = text_clean(j->string, 0);
			if (strcmp(c, j->string) != 0) {
				if (!(j->type & cJSON_StringIsConst))
					free(j->string);
				j->string = c;
				j->type &= ~cJSON_StringIsConst;
			} else {
				free(c);
			}
		}
		json_clean_tree(j->child);
	}
}

/* A clean deep copy of a network document. */
cJSON *intake_json_copy(const cJSON *j)
{
	cJSON *c = cJSON_Duplicate(j, 1);
	if (c)
		json_clean_tree(c->child);
	return c;
}

/* ------------------------------------------------------------ lifetime */

Intake *intake_current(void)
{
	return cur;
}

void intake_changed(Intake *in)
{
	if (!in)
		return;
	in->gen++;
	app_notify(CH_INTAKE);
}

/* The guides, forms, checklist and submission of the current choice. */
static void choice_free(Intake *in)
{
	forms_state_free(in->form);
	in->form = NULL;
	if (in->schema && !(in->n_parts == 1 && in->parts[0] == in->schema))
		forms_schema_free(in->schema);
	in->schema = NULL;
	for (size_t i = 0; i < in->n_parts; i++)
		forms_schema_free(in->parts[i]);
	free(in->parts);
	in->parts = NULL;
	in->n_parts = 0;
	for (size_t i = 0; i < in->n_matters; i++) {
		free(in->matters[i]);
		cJSON_Delete(in->guides ? in->guides[i] : NULL);
	}
	free(in->matters);
	free(in->guides);
	in->matters = NULL;
	in->guides = NULL;
	in->n_matters = 0;
	free(in->bundle_id);
	free(in->title);
	free(in->load_error);
	in->bundle_id = in->title = in->load_error = NULL;
	intake_materials_free(in);
	in->prefilled = 0;
}

void intake_end(void)
{
	Intake *in = cur;
	if (!in)
		return;
	cur = NULL;
	intake_lookups_cancel(in);
	if (in->sub.req)
		api_cancel(in->sub.req);
	in->sub.req = 0;
	for (int s = 0; s < SRC__COUNT; s++) {
		cJSON_Delete(in->lk[s].doc);
		free(in->lk[s].error);
		free(in->lk[s].as_of);
		free(in->lk[s].source);
	}
	choice_free(in);
	submission_free(&in->sub);
	free(in->ticket_id);
	free(in->ticket_number);
	free(in->resume_step);
	free(in->resume_cursor);
	cJSON_Delete(in->resume_errors);
	free(in->draft_error);
	if (app.draft_unsaved) { /* the top bar's mark was about this intake */
		app.draft_unsaved = false;
		app_notify(CH_DRAFTS);
	}
	xwipe(in, sizeof *in);
	free(in);
	app_notify(CH_INTAKE);
}

Intake *intake_start(const char *holder)
{
	intake_end();
	Intake *in = xcalloc(1, sizeof *in);
	in->serial = ++next_serial;
	id_detect_and_check(holder, &in->id);
	snprintf(in->holder, sizeof in->holder, "%s", in->id.normalized[0] ? in->id.normalized : (holder ? holder : ""));
	in->entity = in->id.kind == ID_KIND_USCC;
	if (app.current) {
		in->ticket_id = xstrdup(app.current->id);
		in->ticket_number = xstrdup(app.current->number);
	}
	in->started_ms = loop_now();
	cur = in;
	intake_lookups_start(in, false);
	intake_changed(in);
	return in;
}

/* ---------------------------------------------------------- applicant */

const char *intake_applicant_name(const Intake *in)
{
	static const char *const keys[] = {"applicant.name", "entity.name", "operator.name"};
	if (!in)
		return "";
	for (size_t i = 0; in->form && i < sizeof keys / sizeof keys[0]; i++) {
		const cJSON *v = forms_get(in->form, keys[i]);
		if (cJSON_IsString(v) && *v->valuestring)
			return v->valuestring;
	}
	const cJSON *doc = in->lk[in->entity ? SRC_ENTITY : SRC_PERSON].doc;
	const char *n = json_str(doc, "name", NULL);
	if (n)
		return n;
	return json_str(in->lk[SRC_LICENSES].doc ? cJSON_GetArrayItem(json_arr(in->lk[SRC_LICENSES].doc, "items"), 0) : NULL,
			"holder_name", "");
}

int intake_credit_warnings(const Intake *in)
{
	int n = 0;
	const cJSON *f;
	if (!in || in->lk[SRC_CREDIT].state != LK_FOUND)
		return 0;
	cJSON_ArrayForEach(f, json_arr(in->lk[SRC_CREDIT].doc, "flags")) {
		const char *k = json_str(f, "kind", "");
		if (strcmp(k, "black_list") == 0 || strcmp(k, "watch_list") == 0)
			n++;
	}
	return n;
}

/* ------------------------------------------------------------- choice */

/* Translator for the form engine's and identifier messages. */
static const char *tr(const char *s)
{
	return gettext(s);
}

bool intake_set_choice(Intake *in, const char *bundle_id, const char *title,
		       cJSON **guides, size_t n_guides, FormSchema **parts, size_t n_parts)
{
	choice_free(in);
	in->bundle_id = xstrdup(bundle_id);
	in->title = text_clean(title, 0);
	in->guides = guides;
	in->n_matters = n_guides;
	in->matters = xcalloc(n_guides + 1, sizeof *in->matters);
	for (size_t i = 0; i < n_guides; i++)
		in->matters[i] = xstrdup(json_str(guides[i], "code", ""));
	in->parts = parts;
	in->n_parts = n_parts;
	if (n_parts == 1) {
		in->schema = parts[0];
	} else if (n_parts > 1) {
		FormsErrors errs;
		forms_errors_init(&errs);
		in->schema = forms_merge((const FormSchema *const *)parts, n_parts, &errs);
		if (!in->schema) {
			char msg[512] = "";
			if (errs.n)
				forms_error_message(&errs.v[0], msg, sizeof msg, tr);
			in->load_error = xasprintf(_("the forms do not merge: %s"), msg);
		}
		forms_errors_free(&errs);
		if (!in->schema) {
			intake_changed(in);
			return false;
		}
	}
	if (in->schema) {
		in->form = forms_state_new(in->schema);
		intake_prefill_all(in);
	}
	intake_materials_build(in);
	in->sub.state = in->sub.state == SUB_DONE ? SUB_DONE : SUB_NONE;
	intake_changed(in);
	return true;
}

/* A choice being fetched: guides and forms arrive in any order. */
typedef struct Load {
	unsigned serial, seq;
	char *bundle_id, *title;
	size_t n_codes, n_forms;
	char **codes, **form_ids;
	cJSON **guides, **forms;
	unsigned *handles;          /* catalog handles, codes then forms */
	int pending;
	char *error;
	intake_cb cb;
	void *ud;
} Load;

/* One item of a load: which load and which slot. */
typedef struct Slot {
	Load *load;
	size_t index;
	bool form;
} Slot;

static void load_free(Load *l)
{
	for (size_t i = 0; i < l->n_codes; i++) {
		free(l->codes[i]);
		cJSON_Delete(l->guides[i]);
	}
	for (size_t i = 0; i < l->n_forms; i++) {
		free(l->form_ids[i]);
		cJSON_Delete(l->forms[i]);
	}
	free(l->codes);
	free(l->form_ids);
	free(l->guides);
	free(l->forms);
	free(l->handles);
	free(l->bundle_id);
	free(l->title);
	free(l->error);
	free(l);
}

/* Whether the intake and choice a load was for are still there. */
static Intake *load_target(const Load *l)
{
	return cur && cur->serial == l->serial && cur->choice_seq == l->seq ? cur : NULL;
}

static void form_arrived(const cJSON *doc, const char *error, void *ud);

/* Everything arrived (or something failed): build the choice. */
static void load_finish(Load *l)
{
	Intake *in = load_target(l);
	bool ok = false;
	if (in) {
		in->loading = false;
		if (l->error) {
			free(in->load_error);
			in->load_error = xstrdup(l->error);
			intake_changed(in);
		} else {
			FormSchema **parts = xcalloc(l->n_forms + 1, sizeof *parts);
			size_t np = 0;
			for (size_t i = 0; i < l->n_forms; i++) {
				FormsErrors errs;
				forms_errors_init(&errs);
				FormSchema *s = forms_schema_from_json(l->forms[i], &errs);
				if (!s && !l->error) {
					char msg[512] = "";
					if (errs.n)
						forms_error_message(&errs.v[0], msg, sizeof msg, tr);
					l->error = xasprintf(_("form %s is not usable: %s"), l->form_ids[i], msg);
				}
				forms_errors_free(&errs);
				if (s)
					parts[np++] = s;
			}
			if (l->error) {
				for (size_t i = 0; i < np; i++)
					forms_schema_free(parts[i]);
				free(parts);
				free(in->load_error);
				in->load_error = xstrdup(l->error);
				intake_changed(in);
			} else {
				ok = intake_set_choice(in, l->bundle_id, l->title, l->guides, l->n_codes, parts, np);
				l->guides = xcalloc(l->n_codes + 1, sizeof *l->guides); /* given away */
			}
		}
	}
	if (l->cb)
		l->cb(ok, l->ud);
	load_free(l);
}

/* One guide arrived: keep a clean copy; a single matter names its form
 * here, so ask for it now. */
static void guide_arrived(const cJSON *doc, const char *error, void *ud)
{
	Slot *sl = ud;
	Load *l = sl->load;
	if (doc) {
		l->guides[sl->index] = intake_json_copy(doc);
		const char *fid = json_str(doc, "form_id", NULL);
		if (!l->bundle_id && fid && *fid) {
			l->n_forms = 1;
			free(l->form_ids);
			free(l->forms);
			l->form_ids = xcalloc(2, sizeof *l->form_ids);
			l->forms = xcalloc(2, sizeof *l->forms);
			l->form_ids[0] = xstrdup(fid);
			l->pending++;
			Slot *fs = xcalloc(1, sizeof *fs);
			*fs = (Slot){l, 0, true};
			l->handles[l->n_codes] = catalog_form(fid, form_arrived, fs);
		}
	} else if (!l->error) {
		l->error = xasprintf(_("the guide of %s: %s"), l->codes[sl->index], error ? error : "?");
	}
	free(sl);
	if (--l->pending == 0)
		load_finish(l);
}

static void form_arrived(const cJSON *doc, const char *error, void *ud)
{
	Slot *sl = ud;
	Load *l = sl->load;
	if (doc)
		l->forms[sl->index] = intake_json_copy(doc);
	else if (!l->error)
		l->error = xasprintf(_("form %s: %s"), l->form_ids[sl->index], error ? error : "?");
	free(sl);
	if (--l->pending == 0)
		load_finish(l);
}

/* Ask for every guide (and, for a bundle, every form) at once. */
static void load_start(Intake *in, const char *bundle_id, const char *title, char **codes, size_t n,
		       char **form_ids, size_t nf, intake_cb cb, void *ud)
{
	Load *l = xcalloc(1, sizeof *l);
	l->serial = in->serial;
	l->seq = ++in->choice_seq;
	l->bundle_id = xstrdup(bundle_id);
	l->title = xstrdup(title);
	l->n_codes = n;
	l->codes = xcalloc(n + 1, sizeof *l->codes);
	l->guides = xcalloc(n + 1, sizeof *l->guides);
	for (size_t i = 0; i < n; i++)
		l->codes[i] = xstrdup(codes[i]);
	l->n_forms = nf;
	l->form_ids = xcalloc(nf + 1, sizeof *l->form_ids);
	l->forms = xcalloc(nf + 1, sizeof *l->forms);
	for (size_t i = 0; i < nf; i++)
		l->form_ids[i] = xstrdup(form_ids[i]);
	l->handles = xcalloc(n + nf + 2, sizeof *l->handles);
	l->cb = cb;
	l->ud = ud;
	l->pending = (int)(n + nf);
	in->loading = true;
	free(in->load_error);
	in->load_error = NULL;
	intake_changed(in);
	for (size_t i = 0; i < n; i++) {
		Slot *s = xcalloc(1, sizeof *s);
		*s = (Slot){l, i, false};
		l->handles[i] = catalog_guide(codes[i], guide_arrived, s);
	}
	for (size_t i = 0; i < nf; i++) {
		Slot *s = xcalloc(1, sizeof *s);
		*s = (Slot){l, i, true};
		l->handles[n + i] = catalog_form(form_ids[i], form_arrived, s);
	}
}

void intake_choose_matter(Intake *in, const char *code, intake_cb cb, void *ud)
{
	const CatMatter *m = catalog_matter(code);
	char *codes[1] = {(char *)(m ? m->code : code)};
	load_start(in, NULL, m ? m->name : code, codes, 1, NULL, 0, cb, ud);
}

void intake_choose_bundle(Intake *in, const char *bundle_id, intake_cb cb, void *ud)
{
	const CatBundle *b = catalog_bundle(bundle_id);
	if (!b) {
		free(in->load_error);
		in->load_error = xstrdup(_("no such bundle"));
		intake_changed(in);
		if (cb)
			cb(false, ud);
		return;
	}
	load_start(in, b->id, b->name, b->codes, b->n, b->form_ids, b->n_forms, cb, ud);
}
