/* idparam: identifiers in paths, queries and headers, checked the way a form field of that type checks them. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "server/idparam.h"
#include "server/problem.h"
#include "common/ids.h"
#include "forms/forms.h"
#include <pthread.h>
#include <stdio.h>
#include <string.h>

/* A form of the two identifier types: its fields check a value exactly as
 * the form engine checks a submitted case. */
static const char schema_json[] =
	"{\"id\":\"idparam\",\"version\":1,\"title\":\"identifiers\",\"matters\":[],"
	"\"updated_at\":\"2026-01-01T00:00:00Z\",\"sections\":[{\"key\":\"ids\",\"title\":\"ids\",\"fields\":["
	"{\"key\":\"person\",\"label\":\"id\",\"type\":\"id_number\"},"
	"{\"key\":\"uscc\",\"label\":\"uscc\",\"type\":\"uscc\"}]}]}";

static pthread_once_t g_once = PTHREAD_ONCE_INIT;
static FormSchema *g_schema;

static void build(void)
{
	g_schema = forms_schema_parse(schema_json, sizeof schema_json - 1, NULL);
}

/* The old 15-character foreign permanent residence ID (three letters,
 * twelve digits) has no check character to verify. */
static bool legacy_foreign(const char *s)
{
	if (strlen(s) != 15)
		return false;
	for (int i = 0; i < 15; i++)
		if (i < 3 ? !(s[i] >= 'A' && s[i] <= 'Z') : !(s[i] >= '0' && s[i] <= '9'))
			return false;
	return true;
}

bool idparam_check(const char *value, enum idparam_kind kind, const char *field, char *norm, size_t normsz,
		   bool *is_entity, cJSON **errs)
{
	pthread_once(&g_once, build);
	if (is_entity)
		*is_entity = false;
	if (!value || !*value) {
		problem_error(errs, field, "required", "%s is required", field);
		return false;
	}
	if (kind != IDP_USCC && legacy_foreign(value)) {
		snprintf(norm, normsz, "%s", value);
		return true;
	}
	IdCheck r;
	bool ok = id_detect_and_check(value, &r);
	bool entity = kind == IDP_USCC || (kind == IDP_HOLDER && r.kind == ID_KIND_USCC);
	const FormField *f = g_schema ? forms_field(g_schema, entity ? "uscc" : "person") : NULL;
	if (!f) {
		problem_error(errs, field, "invalid", "the identifier could not be checked");
		return false;
	}
	cJSON *v = cJSON_CreateString(value);
	FormsErrors fe;
	forms_errors_init(&fe);
	size_t n = forms_check_value(f, v, field, NULL, &fe);
	cJSON_Delete(v);
	if (n) {
		forms_errors_to_json(&fe, "", NULL, errs);
		forms_errors_free(&fe);
		return false;
	}
	forms_errors_free(&fe);
	if (entity && r.kind != ID_KIND_USCC)
		ok = id_check_uscc(value, &r);
	if (!ok) {
		problem_error(errs, field, "format", "%s is not a valid identifier", field);
		return false;
	}
	snprintf(norm, normsz, "%s", r.normalized);
	if (is_entity)
		*is_entity = entity;
	return true;
}
