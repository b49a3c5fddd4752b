/* fuzz_forms_schema: FormSchema parsing and checking (forms_schema_parse), then a state over what parsed. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "forms/forms.h"
#include "tests/fuzz/fuzz.h"
#include "tests/fuzz/fuzz_schema.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_locale();
	return 0;
}

static void check_schema(const FormSchema *s)
{
	FUZZ_CHECK(s->id && s->title);
	FUZZ_CHECK(s->n_sections > 0);
	size_t fields = 0;
	for (size_t i = 0; i < s->n_sections; i++)
		fields += s->sections[i].n_fields;
	FUZZ_CHECK(s->n_index == fields);
	for (size_t i = 0; i < s->n_index; i++) {
		const FormField *f = s->index[i];
		/* Every field is found by its key, and its type's name maps back. */
		FUZZ_CHECK(forms_field(s, f->key) == f);
		FormType t;
		FUZZ_CHECK(forms_type_from_name(forms_type_name(f->type), &t) && t == f->type);
		FUZZ_CHECK(f->section < s->n_sections);
		FUZZ_CHECK(f->type != FORM_TABLE || f->n_fields > 0);
		for (size_t j = 0; j < f->n_fields; j++)
			FUZZ_CHECK(forms_subfield(f, f->fields[j].key) == &f->fields[j]);
	}
}

/* An empty state over the schema: its draft loads back to the same draft. */
static void check_state(const FormSchema *s)
{
	FormState *st = forms_state_new(s);
	forms_state_set_today(st, FUZZ_TODAY);
	FormsErrors e;
	forms_errors_init(&e);
	forms_validate_all(st, &e);
	fuzz_check_errors(&e);
	forms_errors_free(&e);
	cJSON *draft = forms_draft_json(st);
	FormState *back = forms_state_new(s);
	forms_state_set_today(back, FUZZ_TODAY);
	FUZZ_CHECK(forms_load(back, draft, NULL));
	cJSON *again = forms_draft_json(back);
	FUZZ_CHECK(same_json(draft, again));
	cJSON *cf = forms_case_form(st);
	FUZZ_CHECK(cJSON_IsObject(cf));
	cJSON_Delete(cf);
	cJSON_Delete(again);
	cJSON_Delete(draft);
	forms_state_free(back);
	forms_state_free(st);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	FormsErrors e;
	forms_errors_init(&e);
	FormSchema *s = forms_schema_parse((const char *)data, size, &e);
	FUZZ_CHECK((s == NULL) == (e.n > 0));
	fuzz_check_errors(&e);
	forms_errors_free(&e);
	if (!s)
		return 0;
	check_schema(s);
	check_state(s);
	/* A merge of one form is that form again. */
	const FormSchema *one[1] = {s};
	FormSchema *m = forms_merge(one, 1, NULL);
	FUZZ_CHECK(m != NULL && m->n_index == s->n_index);
	check_schema(m);
	forms_schema_free(m);
	forms_schema_free(s);
	return 0;
}
