/* test_forms_schema: parsing FormSchema JSON, every kind of problem reported with its JSON path, never a crash on bad input. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/xalloc.h"
#include "forms/forms.h"

#define DATA YC_SRCDIR "/tests/unit/common/data/forms/"

/* A fixture file's bytes, NUL-terminated; *len gets its size. */
static char *load(const char *name, size_t *len)
{
	char path[512];
	snprintf(path, sizeof path, DATA "%s", name);
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	char *buf = xmalloc(1 << 20);
	*len = fread(buf, 1, (1 << 20) - 1, f);
	buf[*len] = '\0';
	fclose(f);
	return buf;
}

/* All errors as "path: message" lines. */
static char *errs_text(const FormsErrors *e)
{
	char *out = xstrdup(""), msg[512];
	for (size_t i = 0; i < e->n; i++) {
		forms_error_message(&e->v[i], msg, sizeof msg, NULL);
		char *next = xasprintf("%s%s: %s\n", out, e->v[i].field, msg);
		free(out);
		out = next;
	}
	return out;
}

/* Parse a schema whose only section has the given fields; returns the
 * errors as text (schema freed). */
static char *problems_of_fields(const char *fields)
{
	char *json = xasprintf("{\"id\":\"f\",\"version\":1,\"title\":\"T\",\"matters\":[],"
	                       "\"updated_at\":\"2026-01-01T00:00:00Z\",\"sections\":[{\"key\":\"s\",\"title\":\"S\","
	                       "\"fields\":%s}]}", fields);
	FormsErrors e;
	forms_errors_init(&e);
	FormSchema *s = forms_schema_parse(json, strlen(json), &e);
	char *text = errs_text(&e);
	if (s)
		assert_int_equal(e.n, 0);
	else
		assert_true(e.n > 0);
	forms_schema_free(s);
	forms_errors_free(&e);
	free(json);
	return text;
}

/* The problems of a whole document. */
static char *problems_of(const char *json)
{
	FormsErrors e;
	forms_errors_init(&e);
	FormSchema *s = forms_schema_parse(json, strlen(json), &e);
	char *text = errs_text(&e);
	assert_true(s == NULL || e.n == 0);
	forms_schema_free(s);
	forms_errors_free(&e);
	return text;
}

/* Assert the problems of fields contain line (a whole "path: message"). */
#define EXPECT_FIELDS(fields, line)                                                    \
	do {                                                                            \
		char *t_ = problems_of_fields(fields);                                  \
		if (!strstr(t_, line "\n"))                                             \
			fail_msg("expected \"%s\" in:\n%s", line, t_);                  \
		free(t_);                                                               \
	} while (0)

static void test_fixtures_parse(void **state)
{
	static const char *const names[] = { "birth-register.json", "medical-insurance.json", "company-setup.json" };
	for (size_t i = 0; i < 3; i++) {
		size_t len;
		char *json = load(names[i], &len);
		FormsErrors e;
		forms_errors_init(&e);
		FormSchema *s = forms_schema_parse(json, len, &e);
		char *t = errs_text(&e);
		if (!s)
			fail_msg("%s: %s", names[i], t);
		free(t);
		assert_int_equal(e.n, 0);
		assert_int_equal(s->n_sources, 1);
		assert_string_equal(s->sources[0].id, s->id);
		forms_schema_free(s);
		forms_errors_free(&e);
		free(json);
	}
}

/* The parsed structure carries what the JSON says. */
static void test_structure(void **state)
{
	size_t len;
	char *json = load("birth-register.json", &len);
	FormSchema *s = forms_schema_parse(json, len, NULL);
	assert_non_null(s);
	assert_string_equal(s->id, "birth-register");
	assert_int_equal(s->version, 3);
	assert_int_equal(s->n_sections, 4);
	assert_int_equal(s->n_index, 14);
	assert_string_equal(s->index[0]->key, "applicant.name");
	const FormField *f = forms_field(s, "child.gender");
	assert_non_null(f);
	assert_int_equal(f->type, FORM_ENUM);
	assert_int_equal(f->n_options, 2);
	assert_string_equal(f->options[1].label, "女");
	assert_int_equal(f->section, 1);
	f = forms_field(s, "child.birth_date");
	assert_string_equal(f->limits.min_date, "today-1y");
	f = forms_field(s, "parents");
	assert_int_equal(f->type, FORM_TABLE);
	assert_int_equal(f->n_fields, 5);
	assert_int_equal(f->limits.max_items, 2);
	assert_non_null(forms_subfield(f, "relation"));
	assert_null(forms_subfield(f, "nope"));
	assert_null(forms_field(s, "parents.name"));
	f = forms_field(s, "applicant.name");
	assert_string_equal(f->prefill, "person.name");
	assert_int_equal(f->limits.min_length, 2);
	assert_int_equal(f->limits.min_items, -1);
	assert_true(forms_field(s, "child.multiple_birth")->def != NULL);
	forms_schema_free(s);
	free(json);
}

static void test_field_problems(void **state)
{
	EXPECT_FIELDS("[{\"key\":\"a\",\"label\":\"A\",\"type\":\"colour\"}]",
	              "sections[0].fields[0].type: unknown field type colour");
	EXPECT_FIELDS("[{\"label\":\"A\",\"type\":\"text\"}]", "sections[0].fields[0].key: missing");
	EXPECT_FIELDS("[{\"key\":\"a\",\"type\":\"text\"}]", "sections[0].fields[0].label: missing");
	EXPECT_FIELDS("[{\"key\":\"a\",\"label\":\"\",\"type\":\"text\"}]", "sections[0].fields[0].label: must not be empty");
	EXPECT_FIELDS("[{\"key\":\"a\",\"label\":\"A\"}]", "sections[0].fields[0].type: missing");
	EXPECT_FIELDS("[{\"key\":\"Applicant.Name\",\"label\":\"A\",\"type\":\"text\"}]",
	              "sections[0].fields[0].key: Applicant.Name is not a valid key");
	EXPECT_FIELDS("[{\"key\":\"a..b\",\"label\":\"A\",\"type\":\"text\"}]",
	              "sections[0].fields[0].key: a..b is not a valid key");
	EXPECT_FIELDS("[{\"key\":\"1a\",\"label\":\"A\",\"type\":\"text\"}]",
	              "sections[0].fields[0].key: 1a is not a valid key");
	EXPECT_FIELDS("[{\"key\":\"a\",\"label\":\"A\",\"type\":\"text\",\"requried\":true}]",
	              "sections[0].fields[0].requried: unknown member");
	EXPECT_FIELDS("[{\"key\":\"a\",\"label\":\"A\",\"type\":\"text\",\"required\":\"yes\"}]",
	              "sections[0].fields[0].required: must be true or false");
	EXPECT_FIELDS("[{\"key\":\"a\",\"label\":\"A\",\"type\":\"text\"},{\"key\":\"a\",\"label\":\"B\",\"type\":\"date\"}]",
	              "sections[0].fields[1].key: duplicate key a (first at sections[0].fields[0])");
	EXPECT_FIELDS("[{\"key\":\"a\",\"label\":\"A\",\"type\":\"text\",\"help\":\"kb 1\"}]",
	              "sections[0].fields[0].help: kb 1 is not a knowledge-base article id");
	EXPECT_FIELDS("[7]", "sections[0].fields[0]: must be an object");
}

static void test_option_problems(void **state)
{
	/* the brief's own example */
	EXPECT_FIELDS("[{\"key\":\"a\",\"label\":\"A\",\"type\":\"text\"},{\"key\":\"b\",\"label\":\"B\",\"type\":\"text\"},"
	              "{\"key\":\"c\",\"label\":\"C\",\"type\":\"text\"},{\"key\":\"d\",\"label\":\"D\",\"type\":\"enum\"}]",
	              "sections[0].fields[3].options: enum field needs options");
	EXPECT_FIELDS("[{\"key\":\"a\",\"label\":\"A\",\"type\":\"multi\",\"options\":[]}]",
	              "sections[0].fields[0].options: multi field needs options");
	EXPECT_FIELDS("[{\"key\":\"a\",\"label\":\"A\",\"type\":\"text\",\"options\":[{\"value\":\"x\",\"label\":\"X\"}]}]",
	              "sections[0].fields[0].options: options apply only to enum and multi fields");
	EXPECT_FIELDS("[{\"key\":\"a\",\"label\":\"A\",\"type\":\"enum\",\"options\":[{\"value\":\"x\",\"label\":\"X\"},"
	              "{\"value\":\"x\",\"label\":\"Y\"}]}]",
	              "sections[0].fields[0].options[1]: duplicate option x");
	EXPECT_FIELDS("[{\"key\":\"a\",\"label\":\"A\",\"type\":\"enum\",\"options\":[{\"value\":\"x\"}]}]",
	              "sections[0].fields[0].options[0].label: missing");
}

static void test_table_problems(void **state)
{
	EXPECT_FIELDS("[{\"key\":\"t\",\"label\":\"T\",\"type\":\"table\",\"fields\":[{\"key\":\"u\",\"label\":\"U\","
	              "\"type\":\"table\",\"fields\":[{\"key\":\"x\",\"label\":\"X\",\"type\":\"text\"}]}]}]",
	              "sections[0].fields[0].fields[0].type: tables cannot be nested");
	EXPECT_FIELDS("[{\"key\":\"t\",\"label\":\"T\",\"type\":\"table\"}]",
	              "sections[0].fields[0].fields: a table field needs fields");
	EXPECT_FIELDS("[{\"key\":\"a\",\"label\":\"A\",\"type\":\"text\",\"fields\":[{\"key\":\"x\",\"label\":\"X\",\"type\":\"text\"}]}]",
	              "sections[0].fields[0].fields: fields apply only to table fields");
	EXPECT_FIELDS("[{\"key\":\"t\",\"label\":\"T\",\"type\":\"table\",\"fields\":[{\"key\":\"x\",\"label\":\"X\",\"type\":\"text\"},"
	              "{\"key\":\"x\",\"label\":\"Y\",\"type\":\"text\"}]}]",
	              "sections[0].fields[0].fields[1].key: duplicate key x (first at sections[0].fields[0].fields[0])");
	EXPECT_FIELDS("[{\"key\":\"t\",\"label\":\"T\",\"type\":\"table\",\"prefill\":\"person.name\",\"fields\":[{\"key\":\"x\","
	              "\"label\":\"X\",\"type\":\"text\"}]}]",
	              "sections[0].fields[0].prefill: table fields cannot be prefilled");
}

static void test_limit_problems(void **state)
{
	EXPECT_FIELDS("[{\"key\":\"a\",\"label\":\"A\",\"type\":\"text\",\"limits\":{\"min_length\":5,\"max_length\":2}}]",
	              "sections[0].fields[0].limits: min_length is greater than max_length");
	EXPECT_FIELDS("[{\"key\":\"a\",\"label\":\"A\",\"type\":\"integer\",\"limits\":{\"min\":10,\"max\":2}}]",
	              "sections[0].fields[0].limits: min is greater than max");
	EXPECT_FIELDS("[{\"key\":\"a\",\"label\":\"A\",\"type\":\"date\",\"limits\":{\"min_date\":\"2026-02-01\",\"max_date\":\"2026-01-01\"}}]",
	              "sections[0].fields[0].limits: min_date is greater than max_date");
	EXPECT_FIELDS("[{\"key\":\"a\",\"label\":\"A\",\"type\":\"text\",\"limits\":{\"min\":1}}]",
	              "sections[0].fields[0].limits.min: limit min does not apply to text fields");
	EXPECT_FIELDS("[{\"key\":\"a\",\"label\":\"A\",\"type\":\"bool\",\"limits\":{\"pattern\":\"x\"}}]",
	              "sections[0].fields[0].limits.pattern: limit pattern does not apply to bool fields");
	EXPECT_FIELDS("[{\"key\":\"a\",\"label\":\"A\",\"type\":\"text\",\"limits\":{\"max_length\":0}}]",
	              "sections[0].fields[0].limits.max_length: must be at least 1");
	EXPECT_FIELDS("[{\"key\":\"a\",\"label\":\"A\",\"type\":\"text\",\"limits\":{\"min_length\":1.5}}]",
	              "sections[0].fields[0].limits.min_length: must be an integer");
	EXPECT_FIELDS("[{\"key\":\"a\",\"label\":\"A\",\"type\":\"money\",\"limits\":{\"max\":\"100\"}}]",
	              "sections[0].fields[0].limits.max: must be a number");
	EXPECT_FIELDS("[{\"key\":\"a\",\"label\":\"A\",\"type\":\"date\",\"limits\":{\"min_date\":\"yesterday\"}}]",
	              "sections[0].fields[0].limits.min_date: yesterday is not a date (YYYY-MM-DD) or today, today-18y, today+30d");
	EXPECT_FIELDS("[{\"key\":\"a\",\"label\":\"A\",\"type\":\"date\",\"limits\":{\"max_date\":\"2026-02-30\"}}]",
	              "sections[0].fields[0].limits.max_date: 2026-02-30 is not a date (YYYY-MM-DD) or today, today-18y, today+30d");
	EXPECT_FIELDS("[{\"key\":\"a\",\"label\":\"A\",\"type\":\"text\",\"limits\":{\"maxlen\":3}}]",
	              "sections[0].fields[0].limits.maxlen: unknown member");
	EXPECT_FIELDS("[{\"key\":\"a\",\"label\":\"A\",\"type\":\"text\",\"limits\":[]}]",
	              "sections[0].fields[0].limits: must be an object");
}

/* A regular expression that does not compile is named with regerror's text. */
static void test_bad_regex(void **state)
{
	char *t = problems_of_fields("[{\"key\":\"a\",\"label\":\"A\",\"type\":\"text\",\"limits\":{\"pattern\":\"[a-\"}}]");
	assert_non_null(strstr(t, "sections[0].fields[0].limits.pattern: bad regular expression: "));
	free(t);
	t = problems_of_fields("[{\"key\":\"a\",\"label\":\"A\",\"type\":\"text\",\"limits\":{\"pattern\":\"(ab\"}}]");
	assert_non_null(strstr(t, "limits.pattern: bad regular expression"));
	free(t);
	/* a good one passes */
	t = problems_of_fields("[{\"key\":\"a\",\"label\":\"A\",\"type\":\"text\",\"limits\":{\"pattern\":\"[A-Z]{2}[0-9]+\"}}]");
	assert_string_equal(t, "");
	free(t);
}

static void test_condition_problems(void **state)
{
	EXPECT_FIELDS("[{\"key\":\"a\",\"label\":\"A\",\"type\":\"text\"},{\"key\":\"b\",\"label\":\"B\",\"type\":\"text\","
	              "\"visible_if\":{\"field\":\"nope\",\"op\":\"empty\"}}]",
	              "sections[0].fields[1].visible_if.field: refers to unknown field nope");
	EXPECT_FIELDS("[{\"key\":\"a\",\"label\":\"A\",\"type\":\"text\"},{\"key\":\"b\",\"label\":\"B\",\"type\":\"text\","
	              "\"required_if\":{\"all\":[{\"field\":\"a\",\"op\":\"empty\"},{\"not\":{\"field\":\"zz\",\"op\":\"empty\"}}]}}]",
	              "sections[0].fields[1].required_if.all[1].not.field: refers to unknown field zz");
	EXPECT_FIELDS("[{\"key\":\"a\",\"label\":\"A\",\"type\":\"text\",\"visible_if\":{\"field\":\"a\",\"op\":\"like\",\"value\":\"x\"}}]",
	              "sections[0].fields[0].visible_if.op: unknown operator like");
	EXPECT_FIELDS("[{\"key\":\"a\",\"label\":\"A\",\"type\":\"text\"},{\"key\":\"b\",\"label\":\"B\",\"type\":\"text\","
	              "\"visible_if\":{\"field\":\"a\",\"op\":\"eq\"}}]",
	              "sections[0].fields[1].visible_if.value: operator eq needs a value");
	EXPECT_FIELDS("[{\"key\":\"a\",\"label\":\"A\",\"type\":\"text\"},{\"key\":\"b\",\"label\":\"B\",\"type\":\"text\","
	              "\"visible_if\":{\"field\":\"a\",\"op\":\"empty\",\"value\":1}}]",
	              "sections[0].fields[1].visible_if.value: operator empty takes no value");
	EXPECT_FIELDS("[{\"key\":\"a\",\"label\":\"A\",\"type\":\"text\"},{\"key\":\"b\",\"label\":\"B\",\"type\":\"text\","
	              "\"visible_if\":{\"field\":\"a\",\"op\":\"in\",\"value\":\"x\"}}]",
	              "sections[0].fields[1].visible_if.value: operator in needs a list");
	EXPECT_FIELDS("[{\"key\":\"a\",\"label\":\"A\",\"type\":\"text\"},{\"key\":\"b\",\"label\":\"B\",\"type\":\"text\","
	              "\"visible_if\":{\"field\":\"a\",\"op\":\"lt\",\"value\":\"x\"}}]",
	              "sections[0].fields[1].visible_if.op: operator lt does not apply to text field a");
	EXPECT_FIELDS("[{\"key\":\"colour\",\"label\":\"A\",\"type\":\"enum\",\"options\":[{\"value\":\"red\",\"label\":\"R\"}]},"
	              "{\"key\":\"b\",\"label\":\"B\",\"type\":\"text\",\"visible_if\":{\"field\":\"colour\",\"op\":\"eq\",\"value\":\"blue\"}}]",
	              "sections[0].fields[1].visible_if.value: blue is not an option of colour");
	EXPECT_FIELDS("[{\"key\":\"n\",\"label\":\"N\",\"type\":\"integer\"},{\"key\":\"b\",\"label\":\"B\",\"type\":\"text\","
	              "\"visible_if\":{\"field\":\"n\",\"op\":\"gt\",\"value\":\"ten\"}}]",
	              "sections[0].fields[1].visible_if.value: the value does not suit integer field n");
	EXPECT_FIELDS("[{\"key\":\"a\",\"label\":\"A\",\"type\":\"text\",\"visible_if\":{\"any\":[]}}]",
	              "sections[0].fields[0].visible_if.any: must not be an empty list");
	EXPECT_FIELDS("[{\"key\":\"a\",\"label\":\"A\",\"type\":\"text\",\"visible_if\":{\"when\":1}}]",
	              "sections[0].fields[0].visible_if: a condition has field and op, or one of all, any, not");
	EXPECT_FIELDS("[{\"key\":\"a\",\"label\":\"A\",\"type\":\"text\",\"visible_if\":{\"field\":\"a\",\"op\":\"empty\",\"x\":1}}]",
	              "sections[0].fields[0].visible_if.x: unknown member");
}

/* Visibility that depends on itself, directly or around a loop. */
static void test_cycles(void **state)
{
	EXPECT_FIELDS("[{\"key\":\"a\",\"label\":\"A\",\"type\":\"text\",\"visible_if\":{\"field\":\"a\",\"op\":\"not_empty\"}}]",
	              "sections[0].fields[0].visible_if: visible_if conditions form a cycle through a");
	char *t = problems_of_fields(
		"[{\"key\":\"a\",\"label\":\"A\",\"type\":\"text\",\"visible_if\":{\"field\":\"b\",\"op\":\"empty\"}},"
		"{\"key\":\"b\",\"label\":\"B\",\"type\":\"text\",\"visible_if\":{\"field\":\"c\",\"op\":\"empty\"}},"
		"{\"key\":\"c\",\"label\":\"C\",\"type\":\"text\",\"visible_if\":{\"field\":\"a\",\"op\":\"empty\"}}]");
	assert_non_null(strstr(t, "form a cycle through"));
	free(t);
	/* required_if may read anything: no cycle */
	t = problems_of_fields("[{\"key\":\"a\",\"label\":\"A\",\"type\":\"text\",\"required_if\":{\"field\":\"b\",\"op\":\"empty\"}},"
	                       "{\"key\":\"b\",\"label\":\"B\",\"type\":\"text\",\"required_if\":{\"field\":\"a\",\"op\":\"empty\"}}]");
	assert_string_equal(t, "");
	free(t);
	/* columns of a table among themselves */
	t = problems_of_fields("[{\"key\":\"t\",\"label\":\"T\",\"type\":\"table\",\"fields\":["
	                       "{\"key\":\"x\",\"label\":\"X\",\"type\":\"text\",\"visible_if\":{\"field\":\"y\",\"op\":\"empty\"}},"
	                       "{\"key\":\"y\",\"label\":\"Y\",\"type\":\"text\",\"visible_if\":{\"field\":\"x\",\"op\":\"empty\"}}]}]");
	assert_non_null(strstr(t, "sections[0].fields[0].fields["));
	assert_non_null(strstr(t, "form a cycle through"));
	free(t);
}

static void test_default_and_prefill_problems(void **state)
{
	EXPECT_FIELDS("[{\"key\":\"a\",\"label\":\"A\",\"type\":\"integer\",\"default\":\"abc\"}]",
	              "sections[0].fields[0].default: abc is not a whole number");
	EXPECT_FIELDS("[{\"key\":\"a\",\"label\":\"A\",\"type\":\"enum\",\"default\":\"z\",\"options\":[{\"value\":\"x\",\"label\":\"X\"}]}]",
	              "sections[0].fields[0].default: z is not one of the choices");
	EXPECT_FIELDS("[{\"key\":\"a\",\"label\":\"A\",\"type\":\"text\",\"prefill\":\"foo.bar\"}]",
	              "sections[0].fields[0].prefill: foo.bar is not a prefill path (person., entity., license., proof., credit.)");
	EXPECT_FIELDS("[{\"key\":\"a\",\"label\":\"A\",\"type\":\"text\",\"prefill\":\"license.number\"}]",
	              "sections[0].fields[0].prefill: license.number is not a prefill path (person., entity., license., proof., credit.)");
	EXPECT_FIELDS("[{\"key\":\"a\",\"label\":\"A\",\"type\":\"multi\",\"prefill\":\"person.name\",\"options\":[{\"value\":\"x\",\"label\":\"X\"}]}]",
	              "sections[0].fields[0].prefill: multi fields cannot be prefilled");
	char *t = problems_of_fields("[{\"key\":\"a\",\"label\":\"A\",\"type\":\"text\",\"prefill\":\"proof.social_insurance_months.months\"}]");
	assert_string_equal(t, "");
	free(t);
}

static void test_document_problems(void **state)
{
	char *t = problems_of("{\"id\":\"Bad Id\",\"version\":0,\"title\":\"\",\"matters\":[\"x\"],\"updated_at\":\"yesterday\","
	                      "\"sections\":[],\"extra\":1}");
	assert_non_null(strstr(t, "extra: unknown member\n"));
	assert_non_null(strstr(t, "id: Bad Id is not a valid form id\n"));
	assert_non_null(strstr(t, "version: must be a whole number from 1\n"));
	assert_non_null(strstr(t, "title: must not be empty\n"));
	assert_non_null(strstr(t, "matters[0]: x is not a matter code\n"));
	assert_non_null(strstr(t, "updated_at: yesterday is not an RFC 3339 time\n"));
	assert_non_null(strstr(t, "sections: must not be an empty list\n"));
	free(t);
	t = problems_of("{\"id\":\"f\",\"version\":1,\"title\":\"T\",\"matters\":[],\"updated_at\":\"2026-01-01T00:00:00Z\","
	                "\"sections\":[{\"key\":\"s\",\"title\":\"S\",\"fields\":[{\"key\":\"a\",\"label\":\"A\",\"type\":\"text\"}]},"
	                "{\"key\":\"s\",\"title\":\"S2\",\"fields\":[{\"key\":\"a\",\"label\":\"A\",\"type\":\"text\"}]},"
	                "{\"key\":\"Bad\",\"title\":\"S3\",\"fields\":[]}]}");
	assert_non_null(strstr(t, "sections[1].key: duplicate section key s (first at sections[0])\n"));
	assert_non_null(strstr(t, "sections[1].fields[0].key: duplicate key a (first at sections[0].fields[0])\n"));
	assert_non_null(strstr(t, "sections[2].key: Bad is not a valid key\n"));
	assert_non_null(strstr(t, "sections[2].fields: must not be an empty list\n"));
	free(t);
	t = problems_of("[1,2]");
	assert_string_equal(t, ": must be an object\n");
	free(t);
	t = problems_of("{\"id\": ");
	assert_string_equal(t, ": not valid JSON\n");
	free(t);
}

/* Several problems in one schema are all reported, not only the first. */
static void test_all_problems_reported(void **state)
{
	FormsErrors e;
	forms_errors_init(&e);
	const char *json = "{\"id\":\"f\",\"version\":1,\"title\":\"T\",\"matters\":[],\"updated_at\":\"2026-01-01T00:00:00Z\","
	                   "\"sections\":[{\"key\":\"s\",\"title\":\"S\",\"fields\":["
	                   "{\"key\":\"a\",\"label\":\"A\",\"type\":\"colour\"},"
	                   "{\"key\":\"b\",\"type\":\"enum\"},"
	                   "{\"key\":\"c\",\"label\":\"C\",\"type\":\"text\",\"visible_if\":{\"field\":\"q\",\"op\":\"empty\"}}]}]}";
	assert_null(forms_schema_parse(json, strlen(json), &e));
	assert_int_equal(e.n, 4);
	assert_non_null(forms_errors_find(&e, "sections[0].fields[0].type"));
	assert_non_null(forms_errors_find(&e, "sections[0].fields[1].label"));
	assert_non_null(forms_errors_find(&e, "sections[0].fields[1].options"));
	assert_non_null(forms_errors_find(&e, "sections[0].fields[2].visible_if.field"));
	assert_int_equal(forms_errors_find(&e, "sections[0].fields[1].options")->code, FORMS_E_INVALID);
	forms_errors_free(&e);
	/* errs may be NULL */
	assert_null(forms_schema_parse(json, strlen(json), NULL));
	assert_null(forms_schema_parse(NULL, 0, NULL));
}

/* Conditions deeper than the limit are refused, not recursed into. */
static void test_deep_condition(void **state)
{
	char *cond = xstrdup("{\"field\":\"a\",\"op\":\"empty\"}");
	for (int i = 0; i < 40; i++) {
		char *next = xasprintf("{\"not\":%s}", cond);
		free(cond);
		cond = next;
	}
	char *fields = xasprintf("[{\"key\":\"a\",\"label\":\"A\",\"type\":\"text\"},{\"key\":\"b\",\"label\":\"B\","
	                         "\"type\":\"text\",\"visible_if\":%s}]", cond);
	char *t = problems_of_fields(fields);
	assert_non_null(strstr(t, "conditions nested deeper than 16"));
	free(t);
	free(fields);
	free(cond);
}

/* Fields f0 … f(n-1), each shown once the one before is filled. */
static char *chain_fields(int n)
{
	size_t cap = (size_t)n * 128 + 16, o = 0;
	char *out = xmalloc(cap);
	out[o++] = '[';
	for (int i = 0; i < n; i++) {
		o += (size_t)snprintf(out + o, cap - o, "%s{\"key\":\"f%d\",\"label\":\"F\",\"type\":\"text\",\"required\":true",
		                      i ? "," : "", i);
		if (i)
			o += (size_t)snprintf(out + o, cap - o, ",\"visible_if\":{\"field\":\"f%d\",\"op\":\"not_empty\"}", i - 1);
		out[o++] = '}';
	}
	snprintf(out + o, cap - o, "]");
	return out;
}

/* A form may have at most 2000 fields; one that long still works, its
 * chain of conditions evaluated without deep recursion. */
static void test_size_limits(void **state)
{
	char *fields = chain_fields(2001);
	char *t = problems_of_fields(fields);
	assert_string_equal(t, "sections[0].fields: more than 2000 entries\n");
	free(t);
	free(fields);
	fields = chain_fields(2000);
	char *json = xasprintf("{\"id\":\"f\",\"version\":1,\"title\":\"T\",\"matters\":[],"
	                       "\"updated_at\":\"2026-01-01T00:00:00Z\",\"sections\":[{\"key\":\"s\",\"title\":\"S\","
	                       "\"fields\":%s}]}", fields);
	FormSchema *s = forms_schema_parse(json, strlen(json), NULL);
	assert_non_null(s);
	FormState *st = forms_state_new(s);
	FormsErrors e;
	forms_errors_init(&e);
	assert_int_equal(forms_validate_all(st, &e), 1); /* only f0 is shown */
	forms_errors_free(&e);
	for (int i = 0; i < 3; i++) {
		char key[16];
		snprintf(key, sizeof key, "f%d", i);
		assert_int_equal(forms_set_text(st, key, "x", NULL), FORMS_OK);
	}
	assert_true(forms_visible(st, "f3"));
	assert_false(forms_visible(st, "f4"));
	assert_false(forms_visible(st, "f1999"));
	assert_int_equal(forms_validate_all(st, &e), 1);
	assert_string_equal(e.v[0].field, "f3");
	forms_errors_free(&e);
	forms_state_free(st);
	forms_schema_free(s);
	free(json);
	free(fields);
}

static const char *zh(const char *msgid)
{
	if (strcmp(msgid, "duplicate key %1$s (first at %2$s)") == 0)
		return "键 %1$s 重复（首次出现于 %2$s）";
	if (strcmp(msgid, "%1$s field needs options") == 0)
		return "%2$s %d %n %1$s 字段需要选项 %%"; /* a careless translation */
	return msgid;
}

/* Messages go through the caller's translator, positional arguments and
 * all; a bad translation cannot make the formatter read garbage. */
static void test_translated_messages(void **state)
{
	FormsErrors e;
	forms_errors_init(&e);
	const char *json = "{\"id\":\"f\",\"version\":1,\"title\":\"T\",\"matters\":[],\"updated_at\":\"2026-01-01T00:00:00Z\","
	                   "\"sections\":[{\"key\":\"s\",\"title\":\"S\",\"fields\":["
	                   "{\"key\":\"a\",\"label\":\"A\",\"type\":\"text\"},{\"key\":\"a\",\"label\":\"B\",\"type\":\"enum\"}]}]}";
	assert_null(forms_schema_parse(json, strlen(json), &e));
	char msg[256];
	const FormsError *dup = forms_errors_find(&e, "sections[0].fields[1].key");
	assert_non_null(dup);
	assert_string_equal(dup->msgid, "duplicate key %1$s (first at %2$s)");
	assert_string_equal(dup->args[0], "a");
	assert_string_equal(dup->args[1], "sections[0].fields[0]");
	forms_error_message(dup, msg, sizeof msg, zh);
	assert_string_equal(msg, "键 a 重复（首次出现于 sections[0].fields[0]）");
	forms_error_message(forms_errors_find(&e, "sections[0].fields[1].options"), msg, sizeof msg, zh);
	assert_string_equal(msg, " %d %n enum 字段需要选项 %");
	/* a short buffer truncates, terminated */
	forms_error_message(dup, msg, 8, NULL);
	assert_string_equal(msg, "duplica");
	forms_errors_free(&e);
}

/* Cheap fuzzing: every prefix of a fixture and seeded random byte
 * mutations must give a schema or errors, never a crash or a leak (run
 * under ASan in make check). */
static void test_mutations_do_not_crash(void **state)
{
	size_t len;
	char *json = load("birth-register.json", &len);
	for (size_t cut = 0; cut < len; cut += 7) {
		FormsErrors e;
		forms_errors_init(&e);
		FormSchema *s = forms_schema_parse(json, cut, &e);
		assert_true(s == NULL && e.n > 0);
		forms_errors_free(&e);
	}
	uint64_t seed = 0x9E3779B97F4A7C15ull;
	char *copy = xmalloc(len + 1);
	static const char bytes[] = "{}[]\",:0123456789aetnufl -\\\x01\xff";
	int parsed = 0, rejected = 0;
	for (int round = 0; round < 3000; round++) {
		memcpy(copy, json, len + 1);
		for (int k = 0; k < 3; k++) {
			seed = seed * 6364136223846793005ull + 1442695040888963407ull;
			size_t at = (size_t)(seed >> 33) % len;
			copy[at] = bytes[(seed >> 17) % (sizeof bytes - 1)];
		}
		FormsErrors e;
		forms_errors_init(&e);
		FormSchema *s = forms_schema_parse(copy, len, &e);
		if (s) {
			parsed++;
			assert_int_equal(e.n, 0);
		} else {
			rejected++;
			assert_true(e.n > 0);
		}
		forms_schema_free(s);
		forms_errors_free(&e);
	}
	assert_true(parsed > 0 && rejected > 0);
	free(copy);
	free(json);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fixtures_parse),
		cmocka_unit_test(test_structure),
		cmocka_unit_test(test_field_problems),
		cmocka_unit_test(test_option_problems),
		cmocka_unit_test(test_table_problems),
		cmocka_unit_test(test_limit_problems),
		cmocka_unit_test(test_bad_regex),
		cmocka_unit_test(test_condition_problems),
		cmocka_unit_test(test_cycles),
		cmocka_unit_test(test_default_and_prefill_problems),
		cmocka_unit_test(test_document_problems),
		cmocka_unit_test(test_all_problems_reported),
		cmocka_unit_test(test_deep_condition),
		cmocka_unit_test(test_size_limits),
		cmocka_unit_test(test_translated_messages),
		cmocka_unit_test(test_mutations_do_not_crash),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
