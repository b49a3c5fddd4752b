/* test_catalog: the embedded catalog synced into the store (changes and deletions), loaded, and searched by name, code and pinyin. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "demo_hall.h"
#include "common/jsonx.h"

static int setup(void **state)
{
	(void)state;
	return hall_open("catalog");
}

static int teardown(void **state)
{
	(void)state;
	hall_close();
	return 0;
}

/* Everything embedded is there, with the catalog's own times on a first load. */
static void test_embedded(void **state)
{
	(void)state;
	size_t live = 0;
	for (size_t i = 0; i < catalog_matter_count(); i++)
		live += !catalog_matter_at(i)->deleted_at;
	assert_true(live >= 40);
	assert_int_equal(catalog_bundle_count(), 4);
	const struct cat_matter *m = catalog_matter("310104-000112-001", false);
	assert_non_null(m);
	assert_string_equal(m->name, "上海市居住证申领");
	assert_ptr_equal(catalog_matter(m->impl, false), m);
	assert_string_equal(json_str(m->doc, "updated_at", ""), "2026-11-02T01:30:00Z");
	const struct cat_form *f = catalog_form("residence-permit", 0);
	assert_non_null(f);
	assert_non_null(f->schema);
	assert_ptr_equal(catalog_form("residence-permit", f->version), f);
	assert_null(catalog_form("residence-permit", f->version + 1));
	/* Every matter's form parses, and every bundle's forms merge. */
	for (size_t i = 0; i < catalog_matter_count(); i++) {
		const struct cat_matter *x = catalog_matter_at(i);
		if (x->form_id && !catalog_form(x->form_id, 0))
			fail_msg("%s: form %s missing", x->code, x->form_id);
		if (x->form_id)
			assert_non_null(catalog_form(x->form_id, 0)->schema);
	}
	for (size_t i = 0; i < catalog_bundle_count(); i++) {
		const struct cat_bundle *b = catalog_bundle_at(i);
		const FormSchema *s[16];
		size_t n = 0;
		const cJSON *id;
		cJSON_ArrayForEach(id, json_arr(b->doc, "form_ids"))
			s[n++] = catalog_form(id->valuestring, 0)->schema;
		FormsErrors e;
		forms_errors_init(&e);
		FormSchema *merged = forms_merge(s, n, &e);
		if (!merged)
			fail_msg("bundle %s: %s", b->id, e.n ? e.v[0].field : "?");
		forms_schema_free(merged);
		forms_errors_free(&e);
	}
}

/* The first hit of a search. */
static const struct cat_matter *first(const char *q)
{
	const struct cat_matter *out[256];
	size_t n = catalog_search(q, NULL, -1, out, 256);
	return n ? out[0] : NULL;
}

static void test_search(void **state)
{
	(void)state;
	const struct cat_matter *m = first("gtgsh");
	assert_non_null(m);
	assert_non_null(strstr(m->name, "个体工商户"));
	assert_string_equal(first("居住证")->code, "310104-000112-001");
	assert_string_equal(first("310104-000202-001")->code, "310104-000202-001");
	assert_string_equal(first(catalog_matter("310104-000202-001", false)->impl)->code, "310104-000202-001");
	const struct cat_matter *out[256];
	/* Both words must match; nonsense matches nothing. */
	size_t both = catalog_search("居住证 签注", NULL, -1, out, 256);
	assert_int_equal(both, 1);
	assert_string_equal(out[0]->code, "310104-000112-002");
	assert_int_equal(catalog_search("zzzzqqqq", NULL, -1, out, 256), 0);
	/* Full pinyin too. */
	m = first("jumin shenfenzheng");
	assert_non_null(m);
	assert_non_null(strstr(m->name, "居民身份证"));
	/* A department filter keeps to it. */
	size_t n = catalog_search(NULL, "310104-SCJ", -1, out, 256);
	assert_true(n > 3);
	for (size_t i = 0; i < n; i++)
		assert_string_equal(out[i]->dept, "310104-SCJ");
}

/* A later catalog without one matter and with another changed: the store
 * records a deletion and a change, both newer than any earlier sync. */
static void test_sync_changes(void **state)
{
	(void)state;
	struct store *st = store_thread();
	int64_t later = hall_noon(0) + 3600;
	assert_int_equal(catalog_sync(st, catalog_files, catalog_files_len, later), 0); /* nothing changed */
	size_t n = catalog_files_len;
	struct catalog_file *files = calloc(n, sizeof *files);
	size_t k = 0;
	char *changed = NULL;
	for (size_t i = 0; i < n; i++) {
		if (strcmp(catalog_files[i].name, "matters/310104-000803-001.json") == 0)
			continue; /* 燃气过户 is gone */
		files[k] = catalog_files[i];
		if (strcmp(catalog_files[i].name, "matters/310104-000112-001.json") == 0) {
			cJSON *d = cJSON_ParseWithLength(catalog_files[i].text, catalog_files[i].len);
			cJSON_ReplaceItemInObject(json_obj(d, "matter"), "phone", cJSON_CreateString("021-12345678"));
			changed = cJSON_PrintUnformatted(d);
			cJSON_Delete(d);
			files[k].text = changed;
			files[k].len = strlen(changed);
		}
		k++;
	}
	/* The bundle that names the gone matter would fail the checker; the
	 * sync itself still records what it was given. */
	assert_true(catalog_sync(st, files, k, later) >= 2);
	assert_int_equal(catalog_load(st), 0);
	assert_null(catalog_matter("310104-000803-001", false));
	const struct cat_matter *gone = catalog_matter("310104-000803-001", true);
	assert_non_null(gone);
	assert_int_equal(gone->deleted_at, later);
	const struct cat_matter *m = catalog_matter("310104-000112-001", false);
	assert_int_equal(m->updated_at, later);
	assert_string_equal(json_str(m->doc, "phone", ""), "021-12345678");
	/* since: only the change; the deletion reported beside it. */
	const struct cat_matter *out[256];
	assert_int_equal(catalog_search(NULL, NULL, later - 1, out, 256), 1);
	assert_ptr_equal(out[0], m);
	assert_int_equal(catalog_search(NULL, NULL, later, out, 256), 0);
	/* Back again in the embedded catalog: present, stamped with the new time. */
	assert_true(catalog_sync(st, catalog_files, catalog_files_len, later + 60) >= 2);
	assert_int_equal(catalog_load(st), 0);
	m = catalog_matter("310104-000803-001", false);
	assert_non_null(m);
	assert_int_equal(m->updated_at, later + 60);
	assert_int_equal(m->deleted_at, 0);
	cJSON_free(changed);
	free(files);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_embedded),
		cmocka_unit_test(test_search),
		cmocka_unit_test(test_sync_changes),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
