/* test_demo_world: the seeded generator — same seed same world, valid identifiers, relations that hold, records stored. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "demo_hall.h"
#include "common/divisions.h"
#include "common/ids.h"
#include "common/jsonx.h"

static struct demo_world W;

static int setup(void **state)
{
	(void)state;
	demo_world_make(&W, DEMO_WORLD_SEED);
	return hall_open("world");
}

static int teardown(void **state)
{
	(void)state;
	demo_world_free(&W);
	hall_close();
	return 0;
}

/* Index of a person by identifier, or -1. */
static int person_of(const char *id)
{
	for (int i = 0; i < W.npeople; i++)
		if (strcmp(W.people[i].id, id) == 0)
			return i;
	return -1;
}

static void test_deterministic(void **state)
{
	(void)state;
	struct demo_world a, b;
	demo_world_make(&a, DEMO_WORLD_SEED);
	demo_world_make(&b, DEMO_WORLD_SEED);
	assert_int_equal(a.npeople, b.npeople);
	assert_memory_equal(a.people, b.people, sizeof a.people[0] * (size_t)a.npeople);
	assert_memory_equal(a.entities, b.entities, sizeof a.entities[0] * (size_t)a.nentities);
	demo_world_free(&b);
	demo_world_make(&b, DEMO_WORLD_SEED + 1);
	assert_string_not_equal(a.people[0].id, b.people[0].id);
	demo_world_free(&a);
	demo_world_free(&b);
}

/* Sizes asked for; every identifier valid and unique. */
static void test_identifiers(void **state)
{
	(void)state;
	assert_true(W.npeople >= 2000);
	assert_true(W.nentities >= 500);
	int stored = 0, migrants = 0, no_household = 0, foreign = 0, black = 0, sole = 0;
	for (int i = 0; i < W.npeople; i++) {
		const struct demo_person *p = &W.people[i];
		IdCheck r;
		if (!id_detect_and_check(p->id, &r))
			fail_msg("person %d: %s: %s", i, p->id, id_message_msgid(&r));
		assert_true(r.kind == ID_KIND_CITIZEN || r.kind == ID_KIND_HMT_PERMIT || r.kind == ID_KIND_FOREIGN_PR);
		assert_int_equal(r.sex, p->gender);
		assert_int_equal(r.birth_year, p->by);
		for (int j = 0; j < i; j++)
			assert_string_not_equal(W.people[j].id, p->id);
		if (p->hh_div[0])
			assert_non_null(division_find6(p->hh_div));
		else
			no_household++;
		IdCheck ph;
		if (p->phone[0])
			assert_true(id_check_mobile(p->phone, &ph));
		stored += !(p->flags & DP_ABSENT);
		migrants += !!(p->flags & DP_MIGRANT);
		foreign += r.kind == ID_KIND_FOREIGN_PR;
		black += p->credit == DC_BLACK;
	}
	for (int i = 0; i < W.nentities; i++) {
		IdCheck r;
		assert_true(id_check_uscc(W.entities[i].uscc, &r));
		assert_true(strncmp(W.entities[i].uscc, W.entities[i].sole ? "92" : "91", 2) == 0);
		sole += W.entities[i].sole;
		for (int j = 0; j < i; j++) {
			assert_string_not_equal(W.entities[j].uscc, W.entities[i].uscc);
			assert_string_not_equal(W.entities[j].name, W.entities[i].name);
		}
	}
	assert_true(stored >= 2000 && stored < W.npeople); /* some have no record */
	assert_true(migrants > 300 && no_household > 40 && foreign > 20 && black > 20);
	assert_true(sole >= 150 && W.nentities - sole >= 300);
}

/* Legal representatives, employers and spouses exist and are on record. */
static void test_relations(void **state)
{
	(void)state;
	for (int i = 0; i < W.nentities; i++) {
		const struct demo_entity *e = &W.entities[i];
		assert_true(e->rep >= 0 && e->rep < W.npeople);
		assert_false(W.people[e->rep].flags & DP_ABSENT);
	}
	for (int i = 0; i < W.npeople; i++) {
		const struct demo_person *p = &W.people[i];
		if (p->employer >= 0) {
			assert_true(p->employer < W.nentities);
			assert_false(W.entities[p->employer].sole);
			assert_string_equal(W.entities[p->employer].status, "active");
		}
		assert_true(p->employer >= -1);
		if (p->spouse >= 0) {
			assert_int_equal(W.people[p->spouse].spouse, i);
			assert_int_not_equal(W.people[p->spouse].gender, p->gender);
			assert_false(W.people[p->spouse].flags & DP_ABSENT);
		}
	}
}

/* What the store holds agrees with the world: every license and proof
 * belongs to a holder on record, every legal representative is a person. */
static void test_stored_records(void **state)
{
	(void)state;
	struct store *st = store_thread();
	assert_int_equal(demo_shared_seed(st), 0); /* seeded once */
	int people = store_shared_count(st, "people"), entities = store_shared_count(st, "entities");
	assert_true(people >= 2000);
	assert_int_equal(entities, W.nentities);
	int licenses = 0, proofs = 0;
	for (int i = 0; i < W.npeople; i++) {
		const struct demo_person *p = &W.people[i];
		char *json = NULL;
		int rc = store_shared_get(st, "people", p->id, &json);
		assert_int_equal(rc, (p->flags & DP_ABSENT) ? STORE_NOTFOUND : STORE_OK);
		free(json);
		struct shared_row rows[32];
		int n = store_shared_list(st, "licenses", p->id, NULL, "", rows, 32);
		for (int k = 0; k < n; k++) {
			cJSON *l = cJSON_Parse(rows[k].json);
			assert_string_equal(json_str(l, "holder", ""), p->id);
			assert_string_equal(json_str(l, "holder_name", ""), p->name);
			assert_non_null(json_str(l, "source", NULL));
			cJSON_Delete(l);
			free(rows[k].json);
		}
		if (p->flags & DP_ABSENT)
			assert_int_equal(n, 0);
		licenses += n;
		n = store_shared_list(st, "proofs", p->id, NULL, "", rows, 32);
		for (int k = 0; k < n; k++) {
			cJSON *pr = cJSON_Parse(rows[k].json);
			const char *uscc = json_str(json_obj(pr, "data"), "employer_uscc", NULL);
			if (uscc) {
				char *ej = NULL;
				assert_int_equal(store_shared_get(st, "entities", uscc, &ej), STORE_OK);
				free(ej);
			}
			cJSON_Delete(pr);
			free(rows[k].json);
		}
		proofs += n;
	}
	assert_true(licenses > people);
	assert_true(proofs > 1000);
	for (int i = 0; i < W.nentities; i++) {
		char *json = NULL;
		assert_int_equal(store_shared_get(st, "entities", W.entities[i].uscc, &json), STORE_OK);
		cJSON *e = cJSON_Parse(json);
		const char *rep = json_str(json_obj(e, "legal_rep"), "id_number", "");
		int r = person_of(rep);
		assert_true(r >= 0);
		assert_string_equal(json_str(json_obj(e, "legal_rep"), "name", ""), W.people[r].name);
		char *pj = NULL;
		assert_int_equal(store_shared_get(st, "people", rep, &pj), STORE_OK);
		free(pj);
		cJSON_Delete(e);
		free(json);
		struct shared_row rows[2];
		int n = store_shared_list(st, "licenses", W.entities[i].uscc, "business_license", "", rows, 2);
		assert_int_equal(n, 1);
		free(rows[0].json);
	}
}

/* The reference applicants have what their intakes prefill. */
static void test_featured(void **state)
{
	(void)state;
	struct store *st = store_thread();
	const struct demo_feature *permit = NULL, *company = NULL, *absent = NULL, *bad = NULL;
	for (int i = 0; i < W.nfeatures; i++) {
		const struct demo_feature *f = &W.features[i];
		if (strstr(f->note, "居住证申领"))
			permit = f;
		if (strstr(f->note, "企业开办"))
			company = f;
		if (strstr(f->note, "no record"))
			absent = f;
		if (strcmp(f->kind, "invalid") == 0)
			bad = f;
	}
	assert_non_null(permit);
	assert_non_null(company);
	assert_non_null(absent);
	assert_non_null(bad);
	static const char *const keys[][2] = { { "social_insurance_months", "months" }, { "social_insurance_months", "employer" },
					       { "social_insurance_months", "employer_uscc" }, { "residence", "since" },
					       { "medical_insurance_months", "months" }, { "housing_fund", "account" },
					       { "housing_fund", "balance" } };
	for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++) {
		struct shared_row row;
		assert_int_equal(store_shared_list(st, "proofs", permit->ident, keys[k][0], "", &row, 1), 1);
		cJSON *p = cJSON_Parse(row.json);
		if (!cJSON_GetObjectItem(json_obj(p, "data"), keys[k][1]))
			fail_msg("proof.%s.%s missing", keys[k][0], keys[k][1]);
		cJSON_Delete(p);
		free(row.json);
	}
	char *json = NULL;
	assert_int_equal(store_shared_get(st, "people", permit->ident, &json), STORE_OK);
	cJSON *p = cJSON_Parse(json);
	assert_false(cJSON_IsNull(cJSON_GetObjectItem(p, "phone")));
	assert_string_not_equal(json_str(p, "household_division", "31"), "310104");
	cJSON_Delete(p);
	free(json);
	assert_int_equal(store_shared_get(st, "people", absent->ident, &json), STORE_NOTFOUND);
	IdCheck r;
	assert_true(id_check_citizen(absent->ident, &r));
	assert_false(id_check_citizen(bad->ident, &r));
	assert_int_equal(r.failed, ID_ERR_CHECK);
	assert_int_equal(store_shared_get(st, "entities", company->ident, &json), STORE_OK);
	cJSON *e = cJSON_Parse(json);
	assert_string_equal(json_str(e, "status", ""), "active");
	assert_non_null(strstr(json_str(e, "kind", ""), "有限责任公司("));
	cJSON_Delete(e);
	free(json);
	/* The TSV names every featured applicant on a line of four columns. */
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	demo_world_print(&W, f);
	fclose(f);
	int lines = 0;
	for (char *s = buf; *s; s++)
		lines += *s == '\n';
	assert_int_equal(lines, W.nfeatures + 1);
	assert_non_null(strstr(buf, permit->ident));
	free(buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_deterministic),
		cmocka_unit_test(test_identifiers),
		cmocka_unit_test(test_relations),
		cmocka_unit_test(test_stored_records),
		cmocka_unit_test(test_featured),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
