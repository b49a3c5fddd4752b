/* intake_materials: the materials checklist of the chosen matters: one row
 * per material name, e-licenses found in the lookup satisfy theirs (免提交),
 * 容缺后补 rows may be deferred, and the 一次性告知 (one-time notice) lists
 * everything still missing. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "client/intake.h"
#include "client/intake_int.h"
#include "client/app.h"
#include "client/i18n.h"
#include "common/jsonx.h"
#include "common/text.h"
#include "common/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *const status_names[] = {
	[MS_MISSING] = N_("missing"), [MS_SUBMITTED] = N_("received"),
	[MS_ELICENSE] = N_("e-license"), [MS_DEFERRED] = N_("deferred"),
	[MS_NA] = N_("not needed"),
};
static const char *const status_json[] = {
	[MS_MISSING] = "missing", [MS_SUBMITTED] = "submitted", [MS_ELICENSE] = "elicense",
	[MS_DEFERRED] = "deferred", [MS_NA] = "not_applicable",
};
static const char *const req_names[] = {
	[MR_REQUIRED] = N_("required"), [MR_DEFERRABLE] = N_("may be handed in later"),
	[MR_OPTIONAL] = N_("optional"),
};

const char *intake_mat_status_name(MatStatus s)
{
	return (unsigned)s <= MS_NA ? _(status_names[s]) : "";
}

const char *intake_mat_req_name(MatReq r)
{
	return (unsigned)r <= MR_OPTIONAL ? _(req_names[r]) : "";
}

bool intake_mat_blocks(const IntakeMaterial *m)
{
	return m->req != MR_OPTIONAL && m->status == MS_MISSING;
}

void intake_materials_free(Intake *in)
{
	for (size_t i = 0; i < in->n_mat; i++) {
		IntakeMaterial *m = &in->mat[i];
		free(m->name);
		free(m->condition);
		free(m->notes);
		free(m->source_note);
		free(m->elicense_type);
		free(m->form);
		free(m->matters);
		free(m->license_id);
		free(m->license_name);
		for (size_t k = 0; k < m->n_refs; k++) {
			free(m->refs[k].matter_code);
			free(m->refs[k].material_id);
			free(m->refs[k].form);
		}
		free(m->refs);
	}
	free(in->mat);
	in->mat = NULL;
	in->n_mat = 0;
}

static MatReq parse_req(const char *s)
{
	if (s && strcmp(s, "deferrable") == 0)
		return MR_DEFERRABLE;
	if (s && strcmp(s, "optional") == 0)
		return MR_OPTIONAL;
	return MR_REQUIRED;
}

/* What is handed in: the original when accepted, else the first form. */
static char *pick_form(const cJSON *forms)
{
	const cJSON *f;
	cJSON_ArrayForEach(f, forms)
		if (cJSON_IsString(f) && strcmp(f->valuestring, "original") == 0)
			return xstrdup("original");
	f = cJSON_GetArrayItem(forms, 0);
	return xstrdup(cJSON_IsString(f) ? f->valuestring : "original");
}

/* Add one material of one matter: a new row, or another reference of a
 * row with the same name (the strictest requirement wins; a row needed
 * without a condition anywhere has none). */
static void add_material(Intake *in, size_t *cap, const char *matter_code, const char *matter_name,
			 const cJSON *j)
{
	const char *name = json_str(j, "name", NULL), *id = json_str(j, "id", NULL);
	if (!name || !id)
		return;
	IntakeMaterial *m = NULL;
	for (size_t i = 0; i < in->n_mat; i++)
		if (strcmp(in->mat[i].name, name) == 0)
			m = &in->mat[i];
	const char *cond = json_str(j, "condition", NULL);
	if (!m) {
		if (in->n_mat == *cap) {
			*cap = *cap ? *cap * 2 : 16;
			in->mat = xrealloc(in->mat, *cap * sizeof *in->mat);
		}
		m = &in->mat[in->n_mat++];
		memset(m, 0, sizeof *m);
		m->name = xstrdup(name);
		m->condition = xstrdup(cond);
		m->notes = xstrdup(json_str(j, "notes", NULL));
		m->source_note = xstrdup(json_str(j, "source_note", NULL));
		m->elicense_type = xstrdup(json_str(j, "elicense_type", NULL));
		m->form = pick_form(json_arr(j, "forms"));
		m->originals = (int)json_long(json_obj(j, "copies"), "original", 1);
		m->copies = (int)json_long(json_obj(j, "copies"), "copy", 0);
		m->req = parse_req(json_str(j, "requirement", NULL));
		m->matters = xstrdup(matter_name);
	} else {
		MatReq r = parse_req(json_str(j, "requirement", NULL));
		if (r < m->req)
			m->req = r;
		if (!cond) {
			free(m->condition);
			m->condition = NULL;
		}
		if (!m->elicense_type && json_str(j, "elicense_type", NULL))
			m->elicense_type = xstrdup(json_str(j, "elicense_type", NULL));
		if (!strstr(m->matters, matter_name)) {
			char *s = xasprintf("%s、%s", m->matters, matter_name);
			free(m->matters);
			m->matters = s;
		}
	}
	/* Each matter says for itself in which form it takes the material. */
	m->refs = xrealloc(m->refs, (m->n_refs + 1) * sizeof *m->refs);
	MatRef *r = &m->refs[m->n_refs++];
	r->matter_code = xstrdup(matter_code);
	r->material_id = xstrdup(id);
	r->form = pick_form(json_arr(j, "forms"));
	r->copies = (int)(json_long(json_obj(j, "copies"), "original", 1) + json_long(json_obj(j, "copies"), "copy", 0));
}

/* A valid e-license of the holder of this type, or NULL. */
static const cJSON *find_license(const Intake *in, const char *type)
{
	const cJSON *l;
	if (!type || in->lk[SRC_LICENSES].state != LK_FOUND)
		return NULL;
	cJSON_ArrayForEach(l, json_arr(in->lk[SRC_LICENSES].doc, "items")) {
		if (strcmp(json_str(l, "type", ""), type) == 0 && strcmp(json_str(l, "status", ""), "valid") == 0)
			return l;
	}
	return NULL;
}

/* A condition about someone applying on the applicant's behalf. */
static bool agent_condition(const char *cond)
{
	return cond && (strstr(cond, "代理") || strstr(cond, "委托"));
}

/* Whether the form says an agent applies. */
static bool agent_entrusted(const Intake *in)
{
	const cJSON *v = in->form ? forms_get(in->form, "agent.entrusted") : NULL;
	return cJSON_IsTrue(v);
}

/* Whether a condition names the chosen option of one of the form's
 * choices ("以合法稳定住所申领的" when 申领条件 is 合法稳定住所). */
static bool condition_chosen(const Intake *in, const char *cond)
{
	for (size_t i = 0; in->form && i < in->schema->n_index; i++) {
		const FormField *f = in->schema->index[i];
		if (f->type != FORM_ENUM || !forms_visible(in->form, f->key))
			continue;
		const cJSON *v = forms_get(in->form, f->key);
		if (!cJSON_IsString(v))
			continue;
		for (size_t k = 0; k < f->n_options; k++)
			if (strcmp(f->options[k].value, v->valuestring) == 0 && strlen(f->options[k].label) >= 6 &&
			    strstr(cond, f->options[k].label))
				return true;
	}
	return false;
}

/* The status a row has when the clerk has not set it: 免提交 when an
 * e-license is there. A conditional row is not needed unless its
 * condition names an agent (and the form has one) or an option chosen in
 * the form; the clerk can always say otherwise. */
static MatStatus auto_status(const Intake *in, IntakeMaterial *m)
{
	free(m->license_id);
	free(m->license_name);
	m->license_id = m->license_name = NULL;
	if (m->condition && !(agent_condition(m->condition) ? agent_entrusted(in) : condition_chosen(in, m->condition)))
		return MS_NA;
	const cJSON *lic = find_license(in, m->elicense_type);
	if (lic) {
		m->license_id = xstrdup(json_str(lic, "id", NULL));
		char num[40];
		id_mask(json_str(lic, "number", ""), num, sizeof num); /* a 居民身份证's number is the ID */
		m->license_name = xasprintf("%s %s", json_str(lic, "type_name", ""), num);
		return MS_ELICENSE;
	}
	return MS_MISSING;
}

void intake_materials_build(Intake *in)
{
	intake_materials_free(in);
	size_t cap = 0;
	for (size_t g = 0; g < in->n_matters; g++) {
		const cJSON *guide = in->guides[g];
		const char *mname = json_str(guide, "short_name", NULL);
		if (!mname || !*mname)
			mname = json_str(guide, "name", in->matters[g]);
		const cJSON *j;
		cJSON_ArrayForEach(j, json_arr(guide, "materials"))
			add_material(in, &cap, in->matters[g], mname, j);
	}
	for (size_t i = 0; i < in->n_mat; i++)
		in->mat[i].status = auto_status(in, &in->mat[i]);
}

void intake_materials_refresh(Intake *in)
{
	for (size_t i = 0; i < in->n_mat; i++) {
		IntakeMaterial *m = &in->mat[i];
		MatStatus a = auto_status(in, m);
		if (!m->touched)
			m->status = a;
	}
}

/* Set row i by hand; back at its automatic status it is untouched again. */
static void set_status(Intake *in, IntakeMaterial *m, MatStatus s)
{
	m->status = s;
	m->touched = s != auto_status(in, m);
	intake_changed(in);
}

bool intake_mat_toggle(Intake *in, size_t i, const char **why)
{
	if (i >= in->n_mat)
		return false;
	IntakeMaterial *m = &in->mat[i];
	if (m->status == MS_SUBMITTED) {
		MatStatus a = auto_status(in, m);
		set_status(in, m, a == MS_SUBMITTED ? MS_MISSING : a);
	} else {
		set_status(in, m, MS_SUBMITTED);
	}
	return true;
}

bool intake_mat_defer(Intake *in, size_t i, const char **why)
{
	if (i >= in->n_mat)
		return false;
	IntakeMaterial *m = &in->mat[i];
	if (m->req != MR_DEFERRABLE) {
		*why = _("Only materials marked 容缺后补 may be handed in later.");
		return false;
	}
	set_status(in, m, m->status == MS_DEFERRED ? MS_MISSING : MS_DEFERRED);
	return true;
}

bool intake_mat_not_needed(Intake *in, size_t i, const char **why)
{
	if (i >= in->n_mat)
		return false;
	IntakeMaterial *m = &in->mat[i];
	if (!m->condition && m->req != MR_OPTIONAL) {
		*why = _("Every applicant of this matter needs this material.");
		return false;
	}
	set_status(in, m, m->status == MS_NA ? MS_MISSING : MS_NA);
	return true;
}

int intake_mat_all_received(Intake *in)
{
	int n = 0;
	for (size_t i = 0; i < in->n_mat; i++)
		if (intake_mat_blocks(&in->mat[i])) {
			in->mat[i].status = MS_SUBMITTED;
			in->mat[i].touched = true;
			n++;
		}
	if (n)
		intake_changed(in);
	return n;
}

int intake_mat_blocking(const Intake *in)
{
	int n = 0;
	for (size_t i = 0; in && i < in->n_mat; i++)
		n += intake_mat_blocks(&in->mat[i]);
	return n;
}

cJSON *intake_materials_json(const Intake *in)
{
	cJSON *arr = cJSON_CreateArray();
	for (size_t i = 0; i < in->n_mat; i++) {
		const IntakeMaterial *m = &in->mat[i];
		for (size_t k = 0; k < m->n_refs; k++) {
			cJSON *o = cJSON_CreateObject();
			cJSON_AddStringToObject(o, "matter_code", m->refs[k].matter_code);
			cJSON_AddStringToObject(o, "material_id", m->refs[k].material_id);
			cJSON_AddStringToObject(o, "status", status_json[m->status]);
			if (m->status == MS_SUBMITTED) {
				cJSON_AddStringToObject(o, "form", m->refs[k].form);
				cJSON_AddNumberToObject(o, "copies", m->refs[k].copies);
			} else {
				cJSON_AddNullToObject(o, "form");
				cJSON_AddNumberToObject(o, "copies", 0);
			}
			if (m->status == MS_ELICENSE && m->license_id)
				cJSON_AddStringToObject(o, "license_id", m->license_id);
			else
				cJSON_AddNullToObject(o, "license_id");
			cJSON_AddItemToArray(arr, o);
		}
	}
	return arr;
}

/* "原件 1 份、复印件 1 份" of a row. */
static void copies_text(const IntakeMaterial *m, char *out, size_t n)
{
	char o[64] = "", c[64] = "";
	if (m->originals > 0)
		snprintf(o, sizeof o, _("%d original(s)"), m->originals);
	if (m->copies > 0)
		snprintf(c, sizeof c, _("%d copy(ies)"), m->copies);
	snprintf(out, n, "%s%s%s", o, *o && *c ? _(", ") : "", c);
}

/* Append one listed row of the notice. */
static void notice_row(char **text, int no, const IntakeMaterial *m)
{
	char copies[160];
	copies_text(m, copies, sizeof copies);
	char *s = xasprintf("%s%2d. %s%s%s%s\n", *text, no, m->name, *copies ? " (" : "", copies, *copies ? ")" : "");
	free(*text);
	*text = s;
	const char *extra[] = {m->condition, m->notes};
	const char *label[] = {_("When:"), _("Requirements:")};
	for (int k = 0; k < 2; k++)
		if (extra[k] && *extra[k]) {
			s = xasprintf("%s    %s %s\n", *text, label[k], extra[k]);
			free(*text);
			*text = s;
		}
}

char *intake_notice_text(const Intake *in, time_t now)
{
	char day[64], idm[40];
	struct tm tm;
	localtime_r(&now, &tm);
	strftime(day, sizeof day, "%Y-%m-%d", &tm);
	id_mask(in->holder, idm, sizeof idm);
	char *t = xasprintf("%s\n\n%s %s (%s)\n%s %s\n%s %s %s\n%s %s\n\n%s\n",
			    _("ONE-TIME NOTICE OF MISSING MATERIALS"),
			    _("Applicant:"), intake_applicant_name(in), idm,
			    _("Matter:"), in->title ? in->title : "",
			    _("Counter:"), app.me.hall_name ? app.me.hall_name : "",
			    app.me.window_name ? app.me.window_name : "",
			    _("Date:"), day,
			    _("To complete this application, please bring every material listed below:"));
	int no = 0;
	for (size_t i = 0; i < in->n_mat; i++)
		if (intake_mat_blocks(&in->mat[i]))
			notice_row(&t, ++no, &in->mat[i]);
	if (no == 0) {
		char *s = xasprintf("%s%s\n", t, _("(nothing is missing)"));
		free(t);
		t = s;
	}
	int deferred = 0;
	for (size_t i = 0; i < in->n_mat; i++)
		if (in->mat[i].status == MS_DEFERRED) {
			if (!deferred++) {
				char *s = xasprintf("%s\n%s\n", t, _("Accepted without these; hand them in later (容缺后补):"));
				free(t);
				t = s;
			}
			notice_row(&t, deferred, &in->mat[i]);
		}
	const char *phone = in->n_matters ? json_str(in->guides[0], "phone", NULL) : NULL;
	char *s = xasprintf("%s\n%s\n%s%s%s\n", t,
			    _("This notice lists everything that is missing at once (一次性告知)."),
			    phone ? _("Enquiries: ") : "", phone ? phone : "", phone ? "" : "");
	free(t);
	return s;
}
