/* fuzz_forms_load: a draft document loaded by forms_load against a fixed form, then saved and loaded again. */
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

static FormState *state(void)
{
	FormState *st = forms_state_new(fuzz_schema());
	forms_state_set_today(st, FUZZ_TODAY);
	return st;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	cJSON *doc = json_parse_n((const char *)data, size);
	if (!doc)
		return 0;
	FormState *st = state();
	FormsErrors e;
	forms_errors_init(&e);
	bool loaded = forms_load(st, doc, &e);
	fuzz_check_errors(&e);
	forms_errors_free(&e);
	if (!loaded) {
		cJSON_Delete(doc);
		forms_state_free(st);
		return 0;
	}
	/* What was loaded saves to a draft that loads to the same state. */
	cJSON *draft = forms_draft_json(st);
	FormState *back = state();
	FUZZ_CHECK(forms_load(back, draft, NULL));
	cJSON *again = forms_draft_json(back);
	FUZZ_CHECK(same_json(draft, again));

	/* The client's view of the form agrees with the server's check of the
	 * payload it would send: no errors on one side means none on the other. */
	forms_errors_init(&e);
	size_t client = forms_validate_all(st, &e);
	fuzz_check_errors(&e);
	forms_errors_free(&e);
	cJSON *cf = forms_case_form(st);
	FUZZ_CHECK(cJSON_IsObject(cf));
	forms_errors_init(&e);
	/* The same day on both sides: the draft may pin its own. */
	const char *today = json_str(draft, "today", FUZZ_TODAY);
	size_t server = forms_check_payload(fuzz_schema(), json_obj(cf, "values"), today, &e);
	fuzz_check_errors(&e);
	forms_errors_free(&e);
	if ((client == 0) != (server == 0)) {
		char *p = json_print(cf);
		fprintf(stderr, "client %zu errors, server %zu on %s\n", client, server, p);
		free(p);
	}
	FUZZ_CHECK((client == 0) == (server == 0));

	cJSON *ov = forms_overrides_json(st);
	FUZZ_CHECK(cJSON_IsArray(ov));
	cJSON *errors = NULL;
	forms_validate_case(fuzz_schema(), cf, ov, today, &errors);
	cJSON_Delete(errors);
	cJSON_Delete(ov);
	cJSON_Delete(cf);
	cJSON_Delete(again);
	cJSON_Delete(draft);
	forms_state_free(back);
	forms_state_free(st);
	cJSON_Delete(doc);
	return 0;
}
