/* intake_flow: which intake screen follows which: identify → matter picker
 * (at once, while the lookups run) → credit gate when warned → form →
 * materials → review → receipt → home with the ticket still served; and the
 * 办事指南 pager. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "screens/intake_ui.h"
#include "screens/pager.h"
#include "screens/screen_form.h"
#include "client/catalog.h"
#include "client/i18n.h"
#include "client/intake_draft.h"
#include "client/loop.h"
#include "common/jsonx.h"
#include "common/text.h"
#include "common/xalloc.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* The screen just above home (the first of the intake), or NULL. */
static Screen *first_above_home(void)
{
	Screen *above = NULL;
	for (Screen *s = sm_top(); s; s = sm_below(s)) {
		if (strcmp(s->ops->name, "home") == 0)
			return above;
		above = s;
	}
	return NULL;
}

/* A lookup answered: the open form shows what it filled; a credit
 * warning that arrives after the picker stops the clerk at once. */
static void lookup_arrived(Intake *in, IntakeSource src)
{
	Screen *top = sm_top();
	if (top && screen_is_form(top))
		screen_form_refresh();
	if (src != SRC_CREDIT || !intake_credit_warnings(in) || in->credit_seen || !top)
		return;
	if (strcmp(top->ops->name, "matters") == 0 || strcmp(top->ops->name, "identify") == 0 ||
	    strcmp(top->ops->name, "credit-gate") == 0 || !first_above_home())
		return; /* the picker shows the banner; the gate comes after the choice */
	sm_push(screen_applicant_new(true, NULL));
}

void intake_flow_start(void)
{
	intake_on_lookup(lookup_arrived);
	/* The catalog loads while the applicant is identified. */
	if (catalog_state() == CAT_EMPTY || catalog_state() == CAT_FAILED)
		catalog_load(NULL, NULL);
	Screen *first = first_above_home();
	if (first)
		sm_pop(first);
	intake_end();
	sm_push(screen_identify_new());
}

void intake_flow_identified(const char *holder)
{
	Intake *in = intake_current();
	IdCheck c;
	id_detect_and_check(holder, &c);
	const char *norm = c.normalized[0] ? c.normalized : holder;
	/* Back on the identify screen with the same number: the lookups are
	 * there already. */
	if (!in || strcmp(in->holder, norm) != 0)
		in = intake_start(norm);
	sm_push(screen_matters_new());
}

/* ------------------------------------------------------------ drafts */

bool intake_flow_save(const char *step, const char *cursor)
{
	Intake *in = intake_current();
	return in && intake_draft_save(in, step, cursor);
}

void intake_flow_save_key(const char *step, const char *cursor)
{
	Intake *in = intake_current();
	if (!in)
		return;
	if (!intake_draft_save(in, step, cursor)) {
		/* Said once by the autosave; F2 asks again: say it again. */
		app_message(true, _("The draft could not be saved: %s"), in->draft_error ? in->draft_error : "?");
		return;
	}
	char hhmm[8];
	time_t now = time(NULL);
	strftime(hhmm, sizeof hhmm, "%H:%M", localtime(&now));
	app_message(false, _("Draft saved (%s)."), hhmm);
}

/* A committed change of the form: saved at once (durable before the
 * screen shows it), then once more when the key has been handled, with
 * the cursor where it went (Enter commits, then moves on). */
static bool save_posted;

static void save_form_now(void *ud)
{
	save_posted = false;
	if (screen_form_focus())
		intake_flow_save("form", screen_form_focus());
}

/* A field the server refused was changed: its problem is the clerk's
 * answer to it, and goes from the draft's errors. */
static void drop_answered(Intake *in, const char *key)
{
	if (!in || !in->resume_errors)
		return;
	char *field = xasprintf("form.values.%s", key);
	size_t n = strlen(field);
	for (int i = cJSON_GetArraySize(in->resume_errors) - 1; i >= 0; i--) {
		const char *f = json_str(cJSON_GetArrayItem(in->resume_errors, i), "field", "");
		if (strncmp(f, field, n) == 0 && (f[n] == '\0' || f[n] == '[' || f[n] == '.'))
			cJSON_DeleteItemFromArray(in->resume_errors, i);
	}
	free(field);
	if (cJSON_GetArraySize(in->resume_errors) == 0) {
		cJSON_Delete(in->resume_errors);
		in->resume_errors = NULL;
	}
}

static void form_changed(const char *key, void *ud)
{
	drop_answered(intake_current(), key);
	intake_flow_save("form", key);
	if (save_posted)
		return;
	save_posted = true;
	loop_post(save_form_now, NULL);
}

/* F2 on the form. */
static void form_save_key(const char *cursor, void *ud)
{
	intake_flow_save_key("form", cursor);
}

/* The form screen answered: on to the materials, or back to the picker. */
static void form_done(bool submitted, void *ud)
{
	screen_form_on_change(NULL, NULL);
	screen_form_on_save(NULL, NULL);
	if (save_posted) {
		/* The last change, before the cursor's field is gone. */
		save_posted = false;
		intake_flow_save("form", NULL);
	}
	if (submitted && intake_current())
		intake_flow_materials();
}

void intake_flow_form(void)
{
	Intake *in = intake_current();
	if (!in)
		return;
	if (!in->form) {
		intake_flow_materials();
		return;
	}
	intake_flow_save("form", in->resume_cursor);
	screen_form_on_change(form_changed, NULL);
	screen_form_on_save(form_save_key, NULL);
	/* A resumed draft opens where it was left, its refused fields marked. */
	const char *cursor = in->resume_cursor;
	const cJSON *errors = in->resume_errors;
	screen_form_open_at(in->schema, in->form, cursor, errors, form_done, NULL);
	free(in->resume_cursor);
	in->resume_cursor = NULL;
}

/* The credit gate was acknowledged. */
static void gate_passed(void)
{
	intake_flow_form();
}

void intake_flow_chosen(void)
{
	Intake *in = intake_current();
	if (!in)
		return;
	/* Kept from the moment the matter is chosen. */
	intake_flow_save(in->form ? "form" : "materials", NULL);
	if (intake_credit_warnings(in) && !in->credit_seen) {
		sm_push(screen_applicant_new(true, gate_passed));
		return;
	}
	intake_flow_form();
}

void intake_flow_materials(void)
{
	intake_flow_save("materials", NULL);
	sm_push(screen_materials_new());
}

void intake_flow_review(void)
{
	intake_flow_save("review", NULL);
	sm_push(screen_review_new());
}

/* A resumed draft is there: its step (the form with the cursor where it
 * was, the materials, or the review), the credit gate first when it was
 * not acknowledged. */
static void resume_gate_passed(void)
{
	Intake *in = intake_current();
	const char *step = in && in->resume_step ? in->resume_step : "form";
	if (!in)
		return;
	if (strcmp(step, "form") == 0 || !in->form) {
		intake_flow_form();
		return;
	}
	/* The steps before it stay underneath, as if walked through. */
	if (strcmp(step, "materials") == 0) {
		intake_flow_materials();
	} else {
		intake_flow_materials();
		sm_push(screen_review_new());
	}
}

void intake_flow_resumed(void)
{
	Intake *in = intake_current();
	if (!in)
		return;
	intake_on_lookup(lookup_arrived);
	Screen *first = first_above_home();
	if (first)
		sm_pop(first);
	if (intake_credit_warnings(in) && !in->credit_seen) {
		sm_push(screen_applicant_new(true, resume_gate_passed));
		return;
	}
	resume_gate_passed();
}

/* The draft's matter is loaded (or could not be). */
static void resume_loaded(bool ok, void *ud)
{
	Intake *in = intake_current();
	if (!ok || !in) {
		if (in && in->load_error)
			app_message(true, _("The draft cannot be resumed: %s"), in->load_error);
		else if (!app.message || !*app.message)
			app_message(true, "%s", _("The draft cannot be resumed."));
		intake_end();
		return;
	}
	/* "Opening…" gives way ("the form changed" stays). */
	if (app.message && strcmp(app.message, _("Opening the draft…")) == 0)
		app_message(false, _("Draft resumed: %s"), in->title ? in->title : "");
	intake_flow_resumed();
}

void intake_flow_resume(const Draft *d)
{
	Intake *in = intake_current();
	if (in && strcmp(in->draft_id, d->id) == 0) {
		/* The intake in progress: back to where it stands. */
		intake_flow_resumed();
		return;
	}
	/* The intake in progress is kept as a draft before it is replaced. */
	if (in)
		intake_flow_save(NULL, NULL);
	if (catalog_state() == CAT_EMPTY || catalog_state() == CAT_FAILED)
		catalog_load(NULL, NULL);
	app_message(false, "%s", _("Opening the draft…"));
	intake_resume(d, resume_loaded, NULL);
}

void intake_flow_receipt(void)
{
	/* The review and the steps before it are done: the receipt replaces
	 * them above home. */
	Screen *first = first_above_home();
	if (first)
		sm_pop(first);
	sm_push(screen_receipt_new());
}

void intake_flow_close(void)
{
	Screen *first = first_above_home();
	if (first)
		sm_pop(first);
	intake_end();
}

/* ------------------------------------------------------------- guide */

/* A Duration object in words. */
static void duration_text(const cJSON *d, char *out, size_t n)
{
	iui_duration(json_long(d, "value", -1), json_str(d, "unit", "working_days"), out, n);
}

static const char *const req_words[][2] = {
	{"required", N_("required")}, {"optional", N_("optional")}, {"deferrable", N_("may be handed in later (容缺后补)")},
};
static const char *const form_words[][2] = {
	{"original", N_("original")}, {"copy", N_("copy")}, {"electronic", N_("electronic")},
};

/* A word of a small table, translated; the code itself when unknown. */
static const char *word(const char *const (*t)[2], size_t n, const char *code)
{
	for (size_t i = 0; code && i < n; i++)
		if (strcmp(t[i][0], code) == 0)
			return _(t[i][1]);
	return code ? code : "";
}

/* One material of the guide. */
static void guide_material(Paras *p, const cJSON *m, int no)
{
	char forms[128] = "";
	size_t o = 0;
	const cJSON *f;
	cJSON_ArrayForEach(f, json_arr(m, "forms"))
		if (cJSON_IsString(f) && o < sizeof forms)
			o += (size_t)snprintf(forms + o, sizeof forms - o, "%s%s", o ? "/" : "",
					      word(form_words, 3, f->valuestring));
	const cJSON *c = json_obj(m, "copies");
	paras_add_hang(p, R_STRONG, 2, 4, "%d. %s", no, json_str(m, "name", ""));
	paras_add_hang(p, R_NORMAL, 6, 0, _("%s; %s; originals %ld, copies %ld"),
		       word(req_words, 3, json_str(m, "requirement", NULL)), forms, json_long(c, "original", 0),
		       json_long(c, "copy", 0));
	if (json_str(m, "elicense_type", NULL))
		paras_add_hang(p, R_INFO, 6, 0, "%s", _("Exists as an e-license: not needed on paper when found."));
	if (json_str(m, "condition", NULL))
		paras_add_hang(p, R_NORMAL, 6, 0, _("Only when: %s"), json_str(m, "condition", ""));
	if (json_str(m, "source_note", NULL))
		paras_add_hang(p, R_DIM, 6, 0, "%s", json_str(m, "source_note", ""));
	if (json_str(m, "notes", NULL))
		paras_add_hang(p, R_DIM, 6, 0, "%s", json_str(m, "notes", ""));
}

/* The whole 办事指南 of a matter as paragraphs. */
static void guide_paras(Paras *p, const cJSON *g)
{
	enum { L = 12 };
	char line[512];
	paras_add(p, R_TITLE, 0, "%s", json_str(g, "name", ""));
	paras_field(p, L, _("Code"), R_NORMAL, json_str(g, "code", ""));
	paras_field(p, L, _("Implementation"), R_NORMAL, json_str(g, "implementation_code", ""));
	paras_field(p, L, _("Department"), R_NORMAL, json_str(json_obj(g, "department"), "name", ""));
	const cJSON *tl = json_obj(g, "time_limits");
	char legal[64], promised[64];
	duration_text(json_obj(tl, "legal"), legal, sizeof legal);
	duration_text(json_obj(tl, "promised"), promised, sizeof promised);
	snprintf(line, sizeof line, _("promised %s (legal limit %s)"), promised, legal);
	paras_field(p, L, _("Time limit"), R_NORMAL, line);
	const cJSON *fee = json_obj(g, "fee");
	if (!json_bool(fee, "charged", false)) {
		paras_field(p, L, _("Fee"), R_NORMAL, _("free of charge"));
	} else {
		const cJSON *it;
		cJSON_ArrayForEach(it, json_arr(fee, "items")) {
			snprintf(line, sizeof line, "%s %s %s", json_str(it, "name", ""), json_str(it, "amount", ""), _("yuan"));
			paras_field(p, L, _("Fee"), R_NORMAL, line);
		}
	}
	if (json_str(fee, "note", NULL))
		paras_add(p, R_DIM, L, "%s", json_str(fee, "note", ""));
	if (json_str(g, "conditions", NULL))
		paras_field(p, L, _("Conditions"), R_NORMAL, json_str(g, "conditions", ""));
	paras_add(p, R_NORMAL, 0, " ");
	paras_add(p, R_TITLE, 0, "%s", _("Materials"));
	int no = 0;
	const cJSON *m;
	cJSON_ArrayForEach(m, json_arr(g, "materials"))
		guide_material(p, m, ++no);
	if (cJSON_GetArraySize(json_arr(g, "flow")) > 0) {
		paras_add(p, R_NORMAL, 0, " ");
		paras_add(p, R_TITLE, 0, "%s", _("Flow"));
		cJSON_ArrayForEach(m, json_arr(g, "flow"))
			paras_add_hang(p, R_NORMAL, 2, 4, "%ld. %s: %s", json_long(m, "step", 0), json_str(m, "name", ""),
				       json_str(m, "description", ""));
	}
	if (cJSON_GetArraySize(json_arr(g, "faq")) > 0) {
		paras_add(p, R_NORMAL, 0, " ");
		paras_add(p, R_TITLE, 0, "%s", _("Questions"));
		cJSON_ArrayForEach(m, json_arr(g, "faq")) {
			paras_add_hang(p, R_STRONG, 2, 3, "%s %s", _("Q:"), json_str(m, "question", ""));
			paras_add_hang(p, R_NORMAL, 2, 3, "%s %s", _("A:"), json_str(m, "answer", ""));
		}
	}
	if (cJSON_GetArraySize(json_arr(g, "legal_basis")) > 0) {
		paras_add(p, R_NORMAL, 0, " ");
		paras_add(p, R_TITLE, 0, "%s", _("Legal basis"));
		cJSON_ArrayForEach(m, json_arr(g, "legal_basis"))
			if (cJSON_IsString(m))
				paras_add_hang(p, R_NORMAL, 2, 2, "%s", m->valuestring);
	}
	paras_add(p, R_NORMAL, 0, " ");
	paras_field(p, L, _("Where"), R_NORMAL, json_str(g, "location", ""));
	paras_field(p, L, _("Hours"), R_NORMAL, json_str(g, "hours", ""));
	paras_field(p, L, _("Phone"), R_NORMAL, json_str(g, "phone", ""));
}

/* The guide arrived for the pager that waits for it. */
static void guide_arrived(const cJSON *doc, const char *error, void *ud)
{
	Screen *s = sm_find((unsigned)(uintptr_t)ud);
	if (!s)
		return;
	Paras p = {0};
	if (doc)
		guide_paras(&p, doc);
	else
		paras_add(&p, R_ERROR, 0, _("The guide could not be loaded: %s"), error ? error : "?");
	screen_pager_set(s, doc ? json_str(doc, "name", NULL) : NULL, &p);
}

void intake_flow_guide(const char *code, const char *bundle_id)
{
	Paras p = {0};
	const CatBundle *b = bundle_id ? catalog_bundle(bundle_id) : NULL;
	if (b) {
		/* A bundle: what it is and its matters; F8 on a matter of it
		 * in the checklist shows that matter's own guide. */
		paras_add(&p, R_TITLE, 0, "%s", b->name);
		paras_add(&p, R_NORMAL, 0, "%s", b->description ? b->description : "");
		paras_add(&p, R_NORMAL, 0, " ");
		paras_add(&p, R_TITLE, 0, "%s", _("Matters done together"));
		for (size_t i = 0; i < b->n; i++)
			paras_add_hang(&p, R_NORMAL, 2, 4, "%zu. %s  %s", i + 1, b->names[i], b->codes[i]);
		paras_add(&p, R_NORMAL, 0, " ");
		paras_add(&p, R_DIM, 0, "%s", _("Their forms are merged into one: a field is asked once however many matters need it."));
		sm_push(screen_pager_new(b->name, &p));
		return;
	}
	if (!code)
		return;
	paras_add(&p, R_DIM, 0, "%s", _("Loading the guide…"));
	Screen *s = screen_pager_new(_("Service guide"), &p);
	sm_push(s);
	catalog_guide(code, guide_arrived, (void *)(uintptr_t)s->id);
}
