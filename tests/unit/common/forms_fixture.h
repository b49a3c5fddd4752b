/* forms_fixture: schema fixtures for the form-engine tests (include after
 * cmocka.h): parse a schema from text or from tests/unit/common/data/forms. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef YC_FORMS_FIXTURE_H
#define YC_FORMS_FIXTURE_H
#include "common/xalloc.h"
#include "forms/forms.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DATA YC_SRCDIR "/tests/unit/common/data/forms/"

/* A schema that must parse; the test fails with the first problem. */
static inline FormSchema *parse_text(const char *json)
{
	FormsErrors e;
	forms_errors_init(&e);
	FormSchema *s = forms_schema_parse(json, strlen(json), &e);
	if (!s)
		fail_msg("%s: %s", e.v[0].field, e.v[0].msgid);
	return s;
}

/* A fixture file of data/forms that must parse. */
static inline FormSchema *parse_file(const char *name)
{
	char path[512];
	snprintf(path, sizeof path, DATA "%s", name);
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	char *buf = xmalloc(1 << 20);
	size_t len = fread(buf, 1, (1 << 20) - 1, f);
	buf[len] = '\0';
	fclose(f);
	FormSchema *s = parse_text(buf);
	free(buf);
	return s;
}

#endif
