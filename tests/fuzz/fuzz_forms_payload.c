/* fuzz_forms_payload: the server's check of submitted values (forms_validate_payload, forms_validate_case) against a fixed form. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "common/jsonx.h"
#include "forms/forms.h"
#include "tests/fuzz/fuzz.h"
#include "tests/fuzz/fuzz_schema.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_locale();
	fuzz_schema();
	return 0;
}

/* FieldError objects: {field, code, message}, strings, code one of the names. */
static void check_field_errors(const cJSON *arr, size_t from, size_t added)
{
	FUZZ_CHECK(added == 0 || cJSON_IsArray(arr));
	FUZZ_CHECK((size_t)cJSON_GetArraySize(arr) == from + added);
	for (size_t i = from; i < from + added; i++) {
		const cJSON *x = cJSON_GetArrayItem(arr, (int)i);
		const char *field = json_str(x, "field", NULL), *code = json_str(x, "code", NULL);
		const char *msg = json_str(x, "message", NULL);
		FUZZ_CHECK(field && code && msg && *msg);
		bool known = false;
		for (int c = 0; c < FORMS_E_CODE__COUNT; c++)
			known |= strcmp(code, forms_code_name((FormsCode)c)) == 0;
		FUZZ_CHECK(known);
		FUZZ_CHECK(fuzz_utf8_ok(msg));
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	cJSON *doc = json_parse_n((const char *)data, size);
	if (!doc)
		return 0;
	const FormSchema *s = fuzz_schema();
	/* The input as FormValues, and as a whole CaseCreate {form, overrides}. */
	const cJSON *values = cJSON_IsObject(doc) && json_obj(doc, "form") ? json_obj(json_obj(doc, "form"), "values") : doc;
	cJSON *errors = NULL;
	size_t n = forms_validate_payload(s, values, &errors);
	check_field_errors(errors, 0, n);
	FormsErrors e;
	forms_errors_init(&e);
	FUZZ_CHECK(forms_check_payload(s, values, FUZZ_TODAY, &e) == e.n);
	fuzz_check_errors(&e);
	forms_errors_free(&e);

	size_t m = forms_validate_case(s, json_obj(doc, "form") ? json_obj(doc, "form") : doc, cJSON_GetObjectItem(doc, "overrides"),
	                               FUZZ_TODAY, &errors);
	check_field_errors(errors, n, m);
	cJSON_Delete(errors);
	cJSON_Delete(doc);
	return 0;
}
