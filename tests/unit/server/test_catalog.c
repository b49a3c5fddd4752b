/* test_catalog: the embedded catalog synced into the store (changes and deletions), loaded, and searched by name, code and pinyin. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "demo_hall.h"
#include "common/jsonx.h"
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

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

/* A form with a new version: the matter that uses it is stamped too, so a
 * client syncing matters by since= fetches its guide and form again. */
static void test_form_change_stamps_matter(void **state)
{
	(void)state;
	struct store *st = store_thread();
	int64_t later = hall_noon(0) + 7200;
	size_t n = catalog_files_len;
	struct catalog_file *files = calloc(n, sizeof *files);
	char *changed = NULL;
	for (size_t i = 0; i < n; i++) {
		files[i] = catalog_files[i];
		if (strcmp(catalog_files[i].name, "matters/310104-000112-001.json") == 0) {
			cJSON *d = cJSON_ParseWithLength(catalog_files[i].text, catalog_files[i].len);
			cJSON *f = json_obj(d, "form");
			int v = (int)json_long(f, "version", 1);
			cJSON_ReplaceItemInObject(f, "version", cJSON_CreateNumber(v + 1));
			changed = cJSON_PrintUnformatted(d);
			cJSON_Delete(d);
			files[i].text = changed;
			files[i].len = strlen(changed);
		}
	}
	int old_version = catalog_form("residence-permit", 0)->version;
	assert_true(catalog_sync(st, files, n, later) >= 2); /* the new form, the old one gone, the matter */
	assert_int_equal(catalog_load(st), 0);
	assert_int_equal(catalog_form("residence-permit", 0)->version, old_version + 1);
	const struct cat_matter *m = catalog_matter("310104-000112-001", false);
	assert_int_equal(m->updated_at, later);
	const struct cat_matter *out[256];
	assert_int_equal(catalog_search(NULL, NULL, later - 1, out, 256), 1);
	assert_ptr_equal(out[0], m);
	/* The same again changes nothing. */
	assert_int_equal(catalog_sync(st, files, n, later + 60), 0);
	cJSON_free(changed);
	free(files);
}

/* --catalog DIR reads the same files as the embedded catalog. */
static void test_catalog_dir(void **state)
{
	(void)state;
	char dir[200];
	const char *tmp = getenv("TMPDIR");
	snprintf(dir, sizeof dir, "%s/yc-catdir-XXXXXX", tmp && *tmp ? tmp : P_tmpdir);
	assert_non_null(mkdtemp(dir));
	char path[256];
	snprintf(path, sizeof path, "%s/matters", dir);
	assert_int_equal(mkdir(path, 0700), 0);
	for (size_t i = 0; i < catalog_files_len; i++) {
		snprintf(path, sizeof path, "%s/%s", dir, catalog_files[i].name);
		FILE *f = fopen(path, "wb");
		assert_non_null(f);
		fwrite(catalog_files[i].text, 1, catalog_files[i].len, f);
		fclose(f);
	}
	struct catalog_file *files;
	size_t n;
	char err[256];
	assert_int_equal(catalog_dir_read(dir, &files, &n, err, sizeof err), 0);
	assert_int_equal(n, catalog_files_len);
	for (size_t i = 0; i < n; i++) {
		assert_string_equal(files[i].name, catalog_files[i].name);
		assert_int_equal(files[i].len, catalog_files[i].len);
		assert_memory_equal(files[i].text, catalog_files[i].text, n ? files[i].len : 0);
	}
	catalog_dir_free(files, n);
	char cmd[300];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
	/* Not a catalog: a clear message. */
	assert_int_equal(catalog_dir_read(dir, &files, &n, err, sizeof err), -1);
	assert_non_null(strstr(err, "is not a catalog directory"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_embedded),
		cmocka_unit_test(test_search),
		cmocka_unit_test(test_sync_changes),
		cmocka_unit_test(test_form_change_stamps_matter),
		cmocka_unit_test(test_catalog_dir),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
