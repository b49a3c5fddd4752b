/* cases_check: a CaseCreate checked against the catalog (matters, bundle, forms, materials) and the shared data. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "server/cases_int.h"
#include "server/idparam.h"
#include "server/problem.h"
#include "common/ids.h"
#include "common/jsonx.h"
#include "common/timefmt.h"
#include "common/xalloc.h"
#include "forms/forms.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const applicant_id_types[] = { "resident_id", "hk_macao_permit", "taiwan_permit",
						   "foreign_permanent", "uscc", NULL };
static const char *const person_id_types[] = { "resident_id", "hk_macao_permit", "taiwan_permit", "foreign_permanent",
						NULL };
static const char *const targets[] = { "person", "entity", NULL };
static const char *const statuses[] = { "submitted", "elicense", "deferred", "missing", "not_applicable", NULL };
static const char *const material_forms[] = { "original", "copy", "electronic", NULL };
static const char *const deliveries[] = { "window", "post", NULL };

/* The id_type a document number is: from its shape and prefix. */
static const char *id_type_of(const char *norm)
{
	IdCheck r;
	if (strlen(norm) == 15 && norm[0] >= 'A' && norm[0] <= 'Z')
		return "foreign_permanent";
	id_detect_and_check(norm, &r);
	switch (r.kind) {
	case ID_KIND_USCC:
		return "uscc";
	case ID_KIND_FOREIGN_PR:
		return "foreign_permanent";
	case ID_KIND_HMT_PERMIT:
		return strncmp(norm, "83", 2) == 0 ? "taiwan_permit" : "hk_macao_permit";
	default:
		return "resident_id";
	}
}

/* A document: id_type and id_number that agree. Copies the normalized number. */
static void check_document(const cJSON *o, const char *path, const char *const *types, char *norm, size_t normsz,
			   const char **type_out, cJSON **errs)
{
	char p[160];
	const char *type = cf_enum(o, "id_type", path, types, true, false, errs);
	const char *num = cf_string(o, "id_number", path, true, false, 1, 40, errs);
	norm[0] = '\0';
	if (!num)
		return;
	bool person_only = types == person_id_types;
	if (!idparam_check(num, person_only ? IDP_PERSON : IDP_HOLDER, cf_path(p, sizeof p, path, "id_number"), norm,
			   normsz, NULL, errs)) {
		norm[0] = '\0';
		return;
	}
	const char *real = id_type_of(norm);
	if (type && strcmp(type, real) != 0)
		problem_error(errs, cf_path(p, sizeof p, path, "id_type"), "invalid",
			      "%s is %s, but the number is a %s", p, type, real);
	if (type_out)
		*type_out = type;
}

static void check_applicant(const cJSON *body, struct case_plan *plan, cJSON **errs)
{
	static const char *const members[] = { "kind", "id_type", "id_number", "name", "phone", "address", NULL };
	const cJSON *a = cJSON_GetObjectItemCaseSensitive(body, "applicant");
	if (!cJSON_IsObject(a)) {
		problem_error(errs, "applicant", a ? "type" : "required", "applicant must be an object");
		return;
	}
	cf_only(a, members, "applicant", errs);
	const char *kind = cf_enum(a, "kind", "applicant", targets, true, false, errs);
	const char *type = NULL;
	check_document(a, "applicant", applicant_id_types, plan->applicant_id, sizeof plan->applicant_id, &type, errs);
	if (kind && type && (strcmp(kind, "entity") == 0) != (strcmp(type, "uscc") == 0))
		problem_error(errs, "applicant.id_type", "invalid", "a%s applicant needs %s", strcmp(kind, "entity") == 0 ?
			      "n entity" : " person", strcmp(kind, "entity") == 0 ? "a credit code (uscc)" : "an identity document");
	cf_string(a, "name", "applicant", true, false, 1, 100, errs);
	const char *phone = cf_string(a, "phone", "applicant", false, true, 1, 20, errs);
	if (phone && !cf_phone_ok(phone))
		problem_error(errs, "applicant.phone", "pattern", "applicant.phone must be 5 to 20 digits, + or -");
	cf_string(a, "address", "applicant", false, true, 0, 500, errs);
}

static void check_agent(const cJSON *body, cJSON **errs)
{
	static const char *const members[] = { "name", "id_type", "id_number", "phone", NULL };
	const cJSON *a = cJSON_GetObjectItemCaseSensitive(body, "agent");
	if (!a || cJSON_IsNull(a))
		return;
	if (!cJSON_IsObject(a)) {
		problem_error(errs, "agent", "type", "agent must be an object or null");
		return;
	}
	cf_only(a, members, "agent", errs);
	cf_string(a, "name", "agent", true, false, 1, 100, errs);
	char norm[32];
	check_document(a, "agent", person_id_types, norm, sizeof norm, NULL, errs);
	const char *phone = cf_string(a, "phone", "agent", false, true, 1, 20, errs);
	if (phone && !cf_phone_ok(phone))
		problem_error(errs, "agent.phone", "pattern", "agent.phone must be 5 to 20 digits, + or -");
}

/* matters: known codes, once each; the applicant's kind among their targets. */
static void check_matters(const cJSON *body, struct case_plan *plan, cJSON **errs)
{
	const cJSON *ms = cJSON_GetObjectItemCaseSensitive(body, "matters");
	if (!cJSON_IsArray(ms) || cJSON_GetArraySize(ms) < 1 || cJSON_GetArraySize(ms) > CASE_MAX_MATTERS) {
		problem_error(errs, "matters", ms ? "type" : "required", "matters must list 1 to %d matter codes",
			      CASE_MAX_MATTERS);
		return;
	}
	int i = 0;
	const cJSON *it;
	cJSON_ArrayForEach(it, ms) {
		char p[32];
		cf_index(p, sizeof p, "matters", i++);
		const struct cat_matter *m = cJSON_IsString(it) ? catalog_matter(it->valuestring, false) : NULL;
		if (!m) {
			problem_error(errs, p, cJSON_IsString(it) ? "unknown" : "type", "%s is not a matter of the catalog", p);
			continue;
		}
		bool dup = false;
		for (size_t k = 0; k < plan->nm; k++)
			dup = dup || plan->m[k] == m;
		if (dup)
			problem_error(errs, p, "invalid", "%s names matter %s twice", p, m->code);
		else
			plan->m[plan->nm++] = m;
	}
	const char *kind = json_str(json_obj(body, "applicant"), "kind", "");
	unsigned want = strcmp(kind, "person") == 0 ? CAT_PERSON : strcmp(kind, "entity") == 0 ? CAT_ENTITY : 0;
	for (size_t k = 0; want && k < plan->nm; k++)
		if (!(plan->m[k]->targets & want))
			problem_error(errs, "applicant.kind", "invalid", "matter %s does not serve a%s %s", plan->m[k]->code,
				      want == CAT_ENTITY ? "n" : "", kind);
}

/* bundle_id: a bundle holding every matter of the case. */
static void check_bundle(const cJSON *body, const struct case_plan *plan, cJSON **errs)
{
	const cJSON *b = cJSON_GetObjectItemCaseSensitive(body, "bundle_id");
	if (!b || cJSON_IsNull(b))
		return;
	const struct cat_bundle *bd = cJSON_IsString(b) ? catalog_bundle(b->valuestring) : NULL;
	if (!bd) {
		problem_error(errs, "bundle_id", cJSON_IsString(b) ? "unknown" : "type", "bundle_id is not a bundle of the catalog");
		return;
	}
	for (size_t k = 0; k < plan->nm; k++) {
		bool in = false;
		const cJSON *bm;
		cJSON_ArrayForEach(bm, json_arr(bd->doc, "matters"))
			in = in || strcmp(json_str(bm, "code", ""), plan->m[k]->code) == 0;
		if (!in)
			problem_error(errs, "bundle_id", "invalid", "matter %s is not part of bundle %s", plan->m[k]->code, bd->id);
	}
}

/* ticket_id: null or a ticket that exists. */
static void check_ticket(struct store *st, const cJSON *body, cJSON **errs)
{
	const cJSON *t = cJSON_GetObjectItemCaseSensitive(body, "ticket_id");
	if (!t || cJSON_IsNull(t))
		return;
	struct ticket tk;
	if (!cJSON_IsString(t) || strlen(t->valuestring) > 39)
		problem_error(errs, "ticket_id", "type", "ticket_id must be a ticket id or null");
	else if (store_ticket_get(st, t->valuestring, &tk) != STORE_OK)
		problem_error(errs, "ticket_id", "unknown", "there is no ticket %s", t->valuestring);
}

/* form and overrides against the merged schema of the matters' forms. */
static void check_form(const cJSON *body, const struct case_plan *plan, const char *today, cJSON **errs)
{
	const FormSchema *schemas[CASE_MAX_MATTERS];
	size_t n = 0;
	for (size_t k = 0; k < plan->nm; k++) {
		if (!plan->m[k]->form_id)
			continue;
		const struct cat_form *f = catalog_form(plan->m[k]->form_id, 0);
		bool dup = false;
		for (size_t j = 0; f && j < n; j++)
			dup = dup || schemas[j] == f->schema;
		if (f && f->schema && !dup)
			schemas[n++] = f->schema;
	}
	const cJSON *form = cJSON_GetObjectItemCaseSensitive(body, "form");
	const cJSON *ovr = cJSON_GetObjectItemCaseSensitive(body, "overrides");
	/* No matter has a form: the case has none either (form is null). */
	if (n == 0) {
		if (!form)
			problem_error(errs, "form", "required", "form is required (null when no matter has a form)");
		else if (!cJSON_IsNull(form))
			problem_error(errs, "form", "invalid", "none of these matters has a form: form must be null");
		return;
	}
	if (cJSON_IsNull(form)) {
		problem_error(errs, "form", "required", "these matters have a form: form is required");
		return;
	}
	FormSchema *merged = NULL;
	const FormSchema *s = schemas[0];
	if (n > 1) {
		FormsErrors fe;
		forms_errors_init(&fe);
		merged = forms_merge(schemas, n, &fe);
		forms_errors_free(&fe);
		if (!merged) {
			problem_error(errs, "matters", "invalid", "the forms of these matters cannot be merged into one");
			return;
		}
		s = merged;
	}
	forms_validate_case(s, form, ovr, today, errs);
	forms_schema_free(merged);
	/* What the form engine leaves to the server: the time of each override. */
	int i = 0;
	const cJSON *o;
	const cJSON *list = cJSON_IsArray(ovr) ? ovr : NULL;
	cJSON_ArrayForEach(o, list) {
		char p[64];
		cf_index(p, sizeof p, "overrides", i++);
		const char *at = json_str(o, "as_of", NULL);
		if (cJSON_IsObject(o) && (!at || time_parse_rfc3339(at) < 0)) {
			char q[80];
			problem_error(errs, cf_path(q, sizeof q, p, "as_of"), at ? "format" : "required",
				      "%s must be the RFC 3339 time of the prefilled value", q);
		}
	}
}

const cJSON *case_guide_material(const struct cat_matter *m, const char *id)
{
	const cJSON *g;
	cJSON_ArrayForEach(g, json_arr(m->doc, "materials"))
		if (id && strcmp(json_str(g, "id", ""), id) == 0)
			return g;
	return NULL;
}

/* An e-license that satisfies a material: it exists, is of the material's
 * type and is valid. */
static void check_license(struct store *st, const char *license_id, const char *want, const char *path, cJSON **errs)
{
	char *json = NULL;
	if (store_shared_get(st, "licenses", license_id, &json) != STORE_OK) {
		problem_error(errs, path, "unknown", "there is no e-license %s", license_id);
		return;
	}
	cJSON *l = cJSON_Parse(json);
	free(json);
	const char *type = json_str(l, "type", ""), *status = json_str(l, "status", "");
	if (strcmp(type, want) != 0)
		problem_error(errs, path, "invalid", "e-license %s is a %s, this material needs a %s", license_id, type, want);
	else if (strcmp(status, "valid") != 0)
		problem_error(errs, path, "invalid", "e-license %s is %s", license_id, status);
	cJSON_Delete(l);
}

size_t cases_check_material(struct store *st, const cJSON *in, const cJSON *guide, const char *path, cJSON **errs)
{
	size_t before = *errs ? (size_t)cJSON_GetArraySize(*errs) : 0;
	char p[120];
	const char *status = cf_enum(in, "status", path, statuses, true, false, errs);
	const char *req = json_str(guide, "requirement", "required");
	const char *name = json_str(guide, "name", "?");
	bool conditional = cJSON_IsString(cJSON_GetObjectItemCaseSensitive(guide, "condition"));
	const char *etype = json_str(guide, "elicense_type", NULL);
	const char *form = cf_enum(in, "form", path, material_forms, false, true, errs);
	const cJSON *copies = cJSON_GetObjectItemCaseSensitive(in, "copies");
	if (copies && (!cJSON_IsNumber(copies) || copies->valuedouble < 0 || copies->valuedouble > 1000 ||
		       copies->valuedouble != (double)(int)copies->valuedouble))
		problem_error(errs, cf_path(p, sizeof p, path, "copies"), "range", "%s must be a whole number from 0", p);
	const char *lic = cf_string(in, "license_id", path, false, true, 1, 64, errs);
	cf_path(p, sizeof p, path, "status");
	if (status && strcmp(status, "missing") == 0 && strcmp(req, "optional") != 0)
		problem_error(errs, p, "required", "%s (%s) is %s and may not be missing: print the one-time notice instead",
			      name, json_str(guide, "id", ""), req);
	if (status && strcmp(status, "deferred") == 0 && strcmp(req, "deferrable") != 0)
		problem_error(errs, p, "invalid", "%s may not be handed in later (only 容缺后补 materials may be deferred)", name);
	if (status && strcmp(status, "not_applicable") == 0 && !conditional)
		problem_error(errs, p, "invalid", "%s has no condition: it always applies", name);
	if (status && strcmp(status, "elicense") == 0) {
		if (!etype)
			problem_error(errs, p, "invalid", "%s cannot be satisfied by an e-license", name);
		else if (!lic)
			problem_error(errs, cf_path(p, sizeof p, path, "license_id"), "required",
				      "%s: name the e-license that satisfies it", p);
		else
			check_license(st, lic, etype, cf_path(p, sizeof p, path, "license_id"), errs);
	} else if (lic) {
		problem_error(errs, cf_path(p, sizeof p, path, "license_id"), "invalid", "%s is only for status elicense", p);
	}
	if (form && status && strcmp(status, "submitted") == 0) {
		bool ok = false;
		const cJSON *f;
		cJSON_ArrayForEach(f, json_arr(guide, "forms"))
			ok = ok || (cJSON_IsString(f) && strcmp(f->valuestring, form) == 0);
		if (!ok)
			problem_error(errs, cf_path(p, sizeof p, path, "form"), "enum", "%s is not accepted as %s", name, form);
	}
	return (*errs ? (size_t)cJSON_GetArraySize(*errs) : 0) - before;
}

/* One CaseMaterial from a guide material and its input (or none). */
static cJSON *material_of(const struct cat_matter *m, const cJSON *guide, const cJSON *in, int64_t now)
{
	cJSON *c = cJSON_CreateObject();
	cJSON_AddStringToObject(c, "matter_code", m->code);
	cJSON_AddStringToObject(c, "material_id", json_str(guide, "id", ""));
	cJSON_AddStringToObject(c, "name", json_str(guide, "name", ""));
	const char *req = json_str(guide, "requirement", "required");
	cJSON_AddStringToObject(c, "requirement", req);
	bool conditional = cJSON_IsString(cJSON_GetObjectItemCaseSensitive(guide, "condition"));
	const char *status = in ? json_str(in, "status", "missing") : conditional ? "not_applicable" : "missing";
	cJSON_AddStringToObject(c, "status", status);
	bool got = strcmp(status, "submitted") == 0;
	const char *form = got ? json_str(in, "form", NULL) : NULL;
	if (form)
		cJSON_AddStringToObject(c, "form", form);
	else
		cJSON_AddNullToObject(c, "form");
	const cJSON *cp = in ? cJSON_GetObjectItemCaseSensitive(in, "copies") : NULL;
	const cJSON *gc = json_obj(guide, "copies");
	long copies = cJSON_IsNumber(cp) ? (long)cp->valuedouble : got ? json_long(gc, "original", 0) + json_long(gc, "copy", 0) : 0;
	cJSON_AddNumberToObject(c, "copies", (double)copies);
	const char *lic = strcmp(status, "elicense") == 0 ? json_str(in, "license_id", NULL) : NULL;
	if (lic)
		cJSON_AddStringToObject(c, "license_id", lic);
	else
		cJSON_AddNullToObject(c, "license_id");
	if (got || lic) {
		char ts[21];
		time_rfc3339((time_t)now, ts);
		cJSON_AddStringToObject(c, "received_at", ts);
	} else {
		cJSON_AddNullToObject(c, "received_at");
	}
	return c;
}

/* materials: each input on a material of the case's matters, once, with a
 * status its guide allows; every material the guides require listed. */
static void check_materials(struct store *st, const cJSON *body, struct case_plan *plan, int64_t now, cJSON **errs)
{
	static const char *const members[] = { "matter_code", "material_id", "status", "form", "copies", "license_id", NULL };
	const cJSON *in = cJSON_GetObjectItemCaseSensitive(body, "materials");
	if (!cJSON_IsArray(in)) {
		problem_error(errs, "materials", in ? "type" : "required", "materials must be a list of CaseMaterialInput");
		return;
	}
	int n = cJSON_GetArraySize(in);
	const cJSON **match = xcalloc((size_t)n + 1, sizeof *match);   /* input i -> guide material */
	const struct cat_matter **of = xcalloc((size_t)n + 1, sizeof *of);
	for (int i = 0; i < n; i++) {
		const cJSON *it = cJSON_GetArrayItem(in, i);
		char p[40], q[80];
		cf_index(p, sizeof p, "materials", i);
		if (!cJSON_IsObject(it)) {
			problem_error(errs, p, "type", "%s must be an object", p);
			continue;
		}
		cf_only(it, members, p, errs);
		const char *code = json_str(it, "matter_code", NULL), *id = json_str(it, "material_id", NULL);
		const struct cat_matter *m = code ? catalog_matter(code, false) : NULL;
		bool in_case = false;
		for (size_t k = 0; m && k < plan->nm; k++)
			in_case = in_case || plan->m[k] == m;
		if (!in_case) {
			problem_error(errs, cf_path(q, sizeof q, p, "matter_code"), code ? "unknown" : "required",
				      "%s is not one of the case's matters", q);
			continue;
		}
		const cJSON *g = case_guide_material(m, id);
		if (!g) {
			problem_error(errs, cf_path(q, sizeof q, p, "material_id"), id ? "unknown" : "required",
				      "%s is not a material of matter %s", q, m->code);
			continue;
		}
		for (int k = 0; k < i; k++)
			if (match[k] == g) {
				problem_error(errs, cf_path(q, sizeof q, p, "material_id"), "invalid", "material %s of %s is listed twice",
					      id, m->code);
				g = NULL;
				break;
			}
		if (!g)
			continue;
		match[i] = g;
		of[i] = m;
		cases_check_material(st, it, g, p, errs);
	}
	plan->materials = cJSON_CreateArray();
	for (size_t k = 0; k < plan->nm; k++) {
		const cJSON *g;
		cJSON_ArrayForEach(g, json_arr(plan->m[k]->doc, "materials")) {
			const cJSON *input = NULL;
			for (int i = 0; i < n && !input; i++)
				if (match[i] == g && of[i] == plan->m[k])
					input = cJSON_GetArrayItem(in, i);
			const char *req = json_str(g, "requirement", "required");
			bool conditional = cJSON_IsString(cJSON_GetObjectItemCaseSensitive(g, "condition"));
			if (!input && !conditional && strcmp(req, "optional") != 0)
				problem_error(errs, "materials", "required", "material %s (%s) of matter %s is %s: list it",
					      json_str(g, "id", ""), json_str(g, "name", ""), plan->m[k]->code, req);
			if (input && strcmp(json_str(input, "status", ""), "deferred") == 0)
				plan->deferred++;
			cJSON_AddItemToArray(plan->materials, material_of(plan->m[k], g, input, now));
		}
	}
	free(match);
	free(of);
}

/* delivery: a method every matter offers; posting needs an address. */
static void check_delivery(const cJSON *body, const struct case_plan *plan, cJSON **errs)
{
	static const char *const members[] = { "method", "address", NULL };
	const cJSON *d = cJSON_GetObjectItemCaseSensitive(body, "delivery");
	if (!cJSON_IsObject(d)) {
		problem_error(errs, "delivery", d ? "type" : "required", "delivery must be an object");
		return;
	}
	cf_only(d, members, "delivery", errs);
	const char *method = cf_enum(d, "method", "delivery", deliveries, true, false, errs);
	const char *addr = cf_string(d, "address", "delivery", false, true, 0, 500, errs);
	if (method && strcmp(method, "post") == 0 && (!addr || !*addr))
		problem_error(errs, "delivery.address", "required", "delivery.address is required for post");
	for (size_t k = 0; method && k < plan->nm; k++) {
		bool ok = false;
		const cJSON *x;
		cJSON_ArrayForEach(x, json_arr(plan->m[k]->doc, "delivery"))
			ok = ok || (cJSON_IsString(x) && strcmp(x->valuestring, method) == 0);
		if (!ok)
			problem_error(errs, "delivery.method", "invalid", "matter %s is not delivered by %s", plan->m[k]->code,
				      method);
	}
}

size_t cases_check_create(struct store *st, const cJSON *body, const char *today, int64_t now,
			  struct case_plan *plan, cJSON **errs)
{
	static const char *const members[] = { "matters", "bundle_id", "ticket_id", "applicant", "agent", "form",
					       "overrides", "materials", "delivery", "note", NULL };
	memset(plan, 0, sizeof *plan);
	size_t before = *errs ? (size_t)cJSON_GetArraySize(*errs) : 0;
	cf_only(body, members, "", errs);
	check_applicant(body, plan, errs);
	check_agent(body, errs);
	check_matters(body, plan, errs);
	check_bundle(body, plan, errs);
	check_ticket(st, body, errs);
	if (plan->nm) {
		check_form(body, plan, today, errs);
		check_materials(st, body, plan, now, errs);
		check_delivery(body, plan, errs);
	}
	cf_string(body, "note", "", false, true, 0, 2000, errs);
	return (*errs ? (size_t)cJSON_GetArraySize(*errs) : 0) - before;
}

void case_plan_free(struct case_plan *p)
{
	cJSON_Delete(p->materials);
	p->materials = NULL;
}
