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

#endif
