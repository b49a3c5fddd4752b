/* demo_hall: a fresh demo hall (staff, shared data, catalog) in a temporary database, for the server tests. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef TEST_DEMO_HALL_H
#define TEST_DEMO_HALL_H
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "server/auth.h"
#include "server/catalog.h"
#include "server/demo.h"
#include "server/demo_world.h"
#include "server/events.h"
#include "server/store.h"
#include <cjson/cJSON.h>

static char hall_dir[256];
static char hall_db[300];

/* A local noon on a Tuesday (2026-11-24), so days and working days are clear. */
static inline int64_t hall_noon(int day_offset)
{
	struct tm tm = { .tm_year = 126, .tm_mon = 10, .tm_mday = 24 + day_offset, .tm_hour = 12, .tm_isdst = -1 };
	return (int64_t)mktime(&tm);
}

/* Seed everything --demo seeds; 0 on success. */
static inline int hall_open(const char *name)
{
	const char *tmp = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
	snprintf(hall_dir, sizeof hall_dir, "%s/ycd-%s-XXXXXX", tmp, name);
	if (!mkdtemp(hall_dir))
		return -1;
	snprintf(hall_db, sizeof hall_db, "%s/h.db", hall_dir);
	char err[256];
	if (auth_init() != 0 || store_global_open(hall_db, err, sizeof err) != 0)
		return -1;
	struct store *st = store_thread();
	int64_t now = hall_noon(0);
	if (demo_seed(st, now) < 0 || demo_shared_seed(st) < 0 ||
	    catalog_sync(st, catalog_files, catalog_files_len, now) < 0 || catalog_load(st) != 0 || events_init(st) != 0)
		return -1;
	return 0;
}

static inline void hall_close(void)
{
	events_fini();
	catalog_free();
	store_global_close();
	char p[400];
	const char *sfx[] = { "", "-wal", "-shm" };
	for (int i = 0; i < 3; i++) {
		snprintf(p, sizeof p, "%s%s", hall_db, sfx[i]);
		unlink(p);
	}
	rmdir(hall_dir);
}

/* A complete CaseCreate for the featured 居住证 applicant (person 0). */
static inline cJSON *hall_permit_case(const struct demo_world *w)
{
	const struct demo_person *p = &w->people[0];
	char id[64], lic[96], b[64];
	snprintf(id, sizeof id, "%s", p->id);
	cJSON *c = cJSON_CreateObject();
	cJSON_AddItemToObject(c, "matters", cJSON_CreateStringArray((const char *[]){ "310104-000112-001" }, 1));
	cJSON *a = cJSON_AddObjectToObject(c, "applicant");
	cJSON_AddStringToObject(a, "kind", "person");
	cJSON_AddStringToObject(a, "id_type", "resident_id");
	cJSON_AddStringToObject(a, "id_number", id);
	cJSON_AddStringToObject(a, "name", p->name);
	cJSON_AddStringToObject(a, "phone", p->phone);
	cJSON_AddStringToObject(a, "address", p->res_addr);
	cJSON *form = cJSON_AddObjectToObject(c, "form");
	cJSON *refs = cJSON_AddArrayToObject(form, "forms");
	cJSON *r = cJSON_CreateObject();
	cJSON_AddStringToObject(r, "id", "residence-permit");
	cJSON_AddNumberToObject(r, "version", 1);
	cJSON_AddItemToArray(refs, r);
	cJSON *v = cJSON_AddObjectToObject(form, "values");
	cJSON_AddStringToObject(v, "applicant.name", p->name);
	cJSON_AddStringToObject(v, "applicant.id_number", id);
	cJSON_AddStringToObject(v, "applicant.gender", p->gender == 'M' ? "male" : "female");
	snprintf(b, sizeof b, "%04d-%02d-%02d", p->by, p->bm, p->bd);
	cJSON_AddStringToObject(v, "applicant.birth_date", b);
	cJSON_AddStringToObject(v, "applicant.ethnicity", p->ethnicity);
	cJSON_AddStringToObject(v, "applicant.household_address", p->hh_addr);
	cJSON_AddStringToObject(v, "applicant.household_division", p->hh_div);
	cJSON_AddStringToObject(v, "applicant.phone", p->phone);
	cJSON_AddStringToObject(v, "applicant.address", p->res_addr);
	cJSON_AddStringToObject(v, "residence.street", "xujiahui");
	cJSON_AddStringToObject(v, "residence.registered_on", "2024-03-12");
	cJSON_AddStringToObject(v, "residence.housing", "rent");
	cJSON_AddStringToObject(v, "permit.basis", "employment");
	cJSON_AddStringToObject(v, "permit.employer", "上海某某有限公司");
	cJSON_AddNumberToObject(v, "permit.si_months", p->si_months);
	cJSON_AddArrayToObject(c, "overrides");
	cJSON *ms = cJSON_AddArrayToObject(c, "materials");
	static const char *const rows[][2] = { { "id_card", "elicense" }, { "photo", "submitted" },
					       { "residence_registration", "elicense" }, { "employment_proof", "deferred" },
					       { "housing_proof", "not_applicable" }, { "study_proof", "not_applicable" } };
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		cJSON *m = cJSON_CreateObject();
		cJSON_AddStringToObject(m, "matter_code", "310104-000112-001");
		cJSON_AddStringToObject(m, "material_id", rows[i][0]);
		cJSON_AddStringToObject(m, "status", rows[i][1]);
		if (strcmp(rows[i][1], "elicense") == 0) {
			snprintf(lic, sizeof lic, "%s-%s", i == 0 ? "resident_id" : "residence_registration", id);
			cJSON_AddStringToObject(m, "license_id", lic);
		}
		cJSON_AddItemToArray(ms, m);
	}
	cJSON *dl = cJSON_AddObjectToObject(c, "delivery");
	cJSON_AddStringToObject(dl, "method", "window");
	cJSON_AddNullToObject(dl, "address");
	return c;
}

#endif
