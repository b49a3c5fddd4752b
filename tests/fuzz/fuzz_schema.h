/* fuzz_schema: the fixed form the forms_load and payload targets fill (every field type, a table, conditions, a pattern). */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef YC_FUZZ_SCHEMA_H
#define YC_FUZZ_SCHEMA_H
#include "forms/forms.h"
#include "tests/fuzz/fuzz.h"

/* Date limits read "today"; fixed so a run never depends on the clock. */
#define FUZZ_TODAY "2026-11-23"

static const char fuzz_schema_json[] =
	"{\"id\":\"fuzz-form\",\"version\":2,\"title\":\"fuzz\",\"matters\":[\"310104-000101-001\"],"
	"\"updated_at\":\"2026-10-01T08:00:00Z\",\"sections\":["
	"{\"key\":\"a\",\"title\":\"A\",\"fields\":["
	"{\"key\":\"a.name\",\"label\":\"N\",\"type\":\"text\",\"required\":true,\"prefill\":\"person.name\","
	"\"limits\":{\"min_length\":2,\"max_length\":30}},"
	"{\"key\":\"a.id\",\"label\":\"I\",\"type\":\"id_number\",\"required\":true,\"prefill\":\"person.id_number\"},"
	"{\"key\":\"a.phone\",\"label\":\"P\",\"type\":\"phone\"},"
	"{\"key\":\"a.uscc\",\"label\":\"U\",\"type\":\"uscc\"},"
	"{\"key\":\"a.div\",\"label\":\"D\",\"type\":\"division\"},"
	"{\"key\":\"a.addr\",\"label\":\"A\",\"type\":\"address\",\"limits\":{\"max_length\":100}},"
	"{\"key\":\"a.note\",\"label\":\"T\",\"type\":\"textarea\",\"limits\":{\"max_length\":200}},"
	"{\"key\":\"a.code\",\"label\":\"C\",\"type\":\"text\",\"limits\":{\"pattern\":\"[A-Z]{2}[0-9]+\"}}]},"
	"{\"key\":\"b\",\"title\":\"B\",\"fields\":["
	"{\"key\":\"b.kind\",\"label\":\"K\",\"type\":\"enum\",\"required\":true,"
	"\"options\":[{\"value\":\"x\",\"label\":\"X\"},{\"value\":\"y\",\"label\":\"Y\"}]},"
	"{\"key\":\"b.day\",\"label\":\"D\",\"type\":\"date\",\"limits\":{\"min_date\":\"today-1y\",\"max_date\":\"today\"}},"
	"{\"key\":\"b.n\",\"label\":\"N\",\"type\":\"integer\",\"limits\":{\"min\":1,\"max\":8000}},"
	"{\"key\":\"b.money\",\"label\":\"M\",\"type\":\"money\",\"limits\":{\"min\":0}},"
	"{\"key\":\"b.flag\",\"label\":\"F\",\"type\":\"bool\",\"default\":false},"
	"{\"key\":\"b.more\",\"label\":\"M\",\"type\":\"integer\","
	"\"visible_if\":{\"field\":\"b.flag\",\"op\":\"eq\",\"value\":true},"
	"\"required_if\":{\"field\":\"b.flag\",\"op\":\"eq\",\"value\":true}},"
	"{\"key\":\"b.tags\",\"label\":\"T\",\"type\":\"multi\",\"limits\":{\"min_items\":1,\"max_items\":2},"
	"\"options\":[{\"value\":\"p\",\"label\":\"P\"},{\"value\":\"q\",\"label\":\"Q\"},{\"value\":\"r\",\"label\":\"R\"}]}]},"
	"{\"key\":\"c\",\"title\":\"C\",\"visible_if\":{\"field\":\"b.kind\",\"op\":\"eq\",\"value\":\"y\"},\"fields\":["
	"{\"key\":\"rows\",\"label\":\"R\",\"type\":\"table\",\"required\":true,\"limits\":{\"min_items\":1,\"max_items\":3},"
	"\"fields\":["
	"{\"key\":\"name\",\"label\":\"N\",\"type\":\"text\",\"required\":true},"
	"{\"key\":\"id_number\",\"label\":\"I\",\"type\":\"id_number\"},"
	"{\"key\":\"rel\",\"label\":\"R\",\"type\":\"enum\",\"options\":[{\"value\":\"f\",\"label\":\"F\"},{\"value\":\"m\",\"label\":\"M\"}]},"
	"{\"key\":\"job\",\"label\":\"J\",\"type\":\"text\","
	"\"visible_if\":{\"field\":\"working\",\"op\":\"eq\",\"value\":true},"
	"\"required_if\":{\"field\":\"working\",\"op\":\"eq\",\"value\":true}},"
	"{\"key\":\"working\",\"label\":\"W\",\"type\":\"bool\"}]}]}]}";

/* The schema, parsed once; a parse failure is a broken target, not a find. */
static inline const FormSchema *fuzz_schema(void)
{
	static FormSchema *s;
	if (!s) {
		FormsErrors e;
		forms_errors_init(&e);
		s = forms_schema_parse(fuzz_schema_json, sizeof fuzz_schema_json - 1, &e);
		if (!s) {
			fprintf(stderr, "fuzz schema: %s: %s\n", e.n ? e.v[0].field : "?", e.n ? e.v[0].msgid : "?");
			abort();
		}
		forms_errors_free(&e);
	}
	return s;
}

/* Every error names a field, has a known code and formats to a message. */
static inline void fuzz_check_errors(const FormsErrors *e)
{
	for (size_t i = 0; i < e->n; i++) {
		const FormsError *x = &e->v[i];
		FUZZ_CHECK(x->field != NULL && x->msgid != NULL);
		FUZZ_CHECK((unsigned)x->code < FORMS_E_CODE__COUNT);
		FUZZ_CHECK(forms_code_name(x->code) != NULL);
		char msg[512];
		forms_error_message(x, msg, sizeof msg, NULL);
		FUZZ_CHECK(msg[0] != '\0');
	}
}

/* The same JSON text (cJSON_Compare looks keys up, so it fails an object
 * against itself when a key repeats). */
static inline bool same_json(const cJSON *a, const cJSON *b)
{
	char *pa = cJSON_PrintUnformatted(a), *pb = cJSON_PrintUnformatted(b);
	bool same = pa && pb && strcmp(pa, pb) == 0;
	cJSON_free(pa);
	cJSON_free(pb);
	return same;
}

#endif
