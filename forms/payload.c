/* payload: the server's check of a submitted case (values and overrides) against the schema, as FieldError objects. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "forms/forms_int.h"
#include "common/jsonx.h"
#include "common/xalloc.h"
#include <stdlib.h>
#include <string.h>

/* A state holding exactly the submitted values (no defaults). */
static FormState *state_of(const FormSchema *s, const cJSON *values, const char *today, FormsErrors *errs)
{
	FormState *st = state_alloc(s, false);
	if (today)
		forms_state_set_today(st, today);
	const cJSON *it;
	cJSON_ArrayForEach(it, values) {
		long i = schema_find(s, it->string);
		if (i < 0)
			ferr(errs, it->string, M_UNKNOWN_FIELD, 0);
		else if (!cJSON_IsNull(it)) {
			/* A repeated key: the last one counts, as in forms_load
			 * (the first one leaked; found by tests/fuzz). */
			cJSON_Delete(st->e[i].value);
			st->e[i].value = cJSON_Duplicate(it, true);
		}
	}
	return st;
}

size_t forms_check_payload(const FormSchema *s, const cJSON *values, const char *today, FormsErrors *errs)
{
	size_t n0 = errs ? errs->n : 0;
	if (!s)
		return 0;
	if (!cJSON_IsObject(values)) {
		ferr(errs, "", M_NOT_OBJECT, 0);
		return 1;
	}
	FormState *st = state_of(s, values, today, errs);
	size_t n = forms_validate_all(st, errs);
	forms_state_free(st);
	return errs ? errs->n - n0 : n;
}

size_t forms_validate_payload(const FormSchema *s, const cJSON *values, cJSON **errors)
{
	FormsErrors e;
	forms_errors_init(&e);
	size_t n = forms_check_payload(s, values, NULL, &e);
	if (n)
		forms_errors_to_json(&e, "", NULL, errors);
	forms_errors_free(&e);
	return n;
}

/* One Override record at path (overrides[i]). */
static void check_override(const FormSchema *s, const cJSON *o, const cJSON *values, const char *path,
                           FormsErrors *e)
{
	char *fp = path_member(path, "field"), *rp = path_member(path, "reason");
	char *vp = path_member(path, "value"), *sp = path_member(path, "source");
	const char *field = json_str(o, "field", NULL);
	const char *reason = json_str(o, "reason", NULL);
	FormsMsg m;
	if (!field)
		ferr(e, fp, M_REQUIRED, 0);
	else if (schema_find(s, field) < 0)
		ferr(e, fp, M_UNKNOWN_FIELD, 0);
	if (!reason)
		ferr(e, rp, M_REQUIRED, 0);
	else if ((m = reason_problem(reason)))
		ferr(e, rp, m, 0);
	if (!*json_str(o, "source", ""))
		ferr(e, sp, M_REQUIRED, 0);
	const cJSON *ov = cJSON_GetObjectItemCaseSensitive(o, "value");
	const cJSON *sv = field ? cJSON_GetObjectItemCaseSensitive(values, field) : NULL;
	if (field && schema_find(s, field) >= 0 && !value_equal(ov, sv))
		ferr(e, vp, M_OVERRIDE_VALUE, 0);
	free(fp);
	free(rp);
	free(vp);
	free(sp);
}

/* Each override: a known field, once, a reason, the value submitted. */
static void check_overrides(const FormSchema *s, const cJSON *overrides, const cJSON *values, FormsErrors *e)
{
	if (!overrides || cJSON_IsNull(overrides))
		return;
	if (!cJSON_IsArray(overrides)) {
		ferr(e, "overrides", M_NOT_ARRAY, 0);
		return;
	}
	size_t i = 0;
	const cJSON *o;
	cJSON_ArrayForEach(o, overrides) {
		char *p = path_index("overrides", i++);
		if (!cJSON_IsObject(o)) {
			ferr(e, p, M_NOT_OBJECT, 0);
		} else {
			check_override(s, o, values, p, e);
			const char *field = json_str(o, "field", NULL);
			for (const cJSON *b = overrides->child; field && b != o; b = b->next)
				if (!strcmp(json_str(b, "field", ""), field)) {
					char *fp = path_member(p, "field");
					ferr(e, fp, M_OVERRIDE_DUP, 1, field);
					free(fp);
					break;
				}
		}
		free(p);
	}
}

size_t forms_validate_case(const FormSchema *s, const cJSON *form, const cJSON *overrides, const char *today,
                           cJSON **errors)
{
	FormsErrors e, ve;
	forms_errors_init(&e);
	forms_errors_init(&ve);
	size_t n;
	if (!cJSON_IsObject(form)) {
		ferr(&e, "form", M_NOT_OBJECT, 0);
	} else {
		forms_refs_check(s, json_arr(form, "forms"), "form.forms", &e);
		const cJSON *values = cJSON_GetObjectItemCaseSensitive(form, "values");
		if (!values)
			ferr(&e, "form.values", M_REQUIRED, 0);
		else if (!cJSON_IsObject(values))
			ferr(&e, "form.values", M_NOT_OBJECT, 0);
		else
			forms_check_payload(s, values, today, &ve);
		check_overrides(s, overrides, values, &e);
	}
	n = e.n + ve.n;
	forms_errors_to_json(&e, "", NULL, n ? errors : NULL);
	forms_errors_to_json(&ve, "form.values.", NULL, n ? errors : NULL);
	forms_errors_free(&e);
	forms_errors_free(&ve);
	return n;
}
