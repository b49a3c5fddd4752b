/* cache: the cached session's documents in the cache table of the local store. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "client/cache.h"
#include "client/app_model.h"
#include "client/i18n.h"
#include "client/local.h"
#include "common/jsonx.h"
#include "common/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>

static long long now_ms(void)
{
	struct timeval tv;
	gettimeofday(&tv, NULL);
	return (long long)tv.tv_sec * 1000 + tv.tv_usec / 1000;
}

/* One row written with an open statement of INSERT OR REPLACE. */
static bool put_row(sqlite3_stmt *st, const char *kind, const char *key, const cJSON *json)
{
	char *text = cJSON_PrintUnformatted(json);
	if (!text)
		return false;
	sqlite3_reset(st);
	sqlite3_bind_text(st, 1, kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, key, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, text, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, json_str(json, "updated_at", ""), -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, now_ms());
	bool ok = sqlite3_step(st) == SQLITE_DONE;
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	free(text);
	return ok;
}

static sqlite3_stmt *prepare(Store *s, const char *sql)
{
	sqlite3_stmt *st = NULL;
	if (!s || sqlite3_prepare_v2(store_db(s), sql, -1, &st, NULL) != SQLITE_OK) {
		sqlite3_finalize(st);
		return NULL;
	}
	return st;
}

#define PUT_SQL "INSERT OR REPLACE INTO cache(kind, key, json, updated_at, fetched_at) VALUES(?,?,?,?,?)"

bool cache_put(const char *kind, const char *key, const cJSON *json)
{
	if (!kind || !key || !*key || !json)
		return false;
	sqlite3_stmt *st = prepare(local_store(), PUT_SQL);
	if (!st)
		return false;
	bool ok = put_row(st, kind, key, json);
	sqlite3_finalize(st);
	return ok;
}

int cache_put_items(const char *kind, const cJSON *items, const char *key_member)
{
	Store *s = local_store();
	sqlite3_stmt *st = prepare(s, PUT_SQL);
	if (!st)
		return -1;
	if (!store_begin(s)) {
		sqlite3_finalize(st);
		return -1;
	}
	int n = 0;
	const cJSON *it;
	cJSON_ArrayForEach(it, items) {
		const char *key = json_str(it, key_member, NULL);
		if (key && *key && cJSON_IsObject(it) && put_row(st, kind, key, it))
			n++;
	}
	sqlite3_finalize(st);
	return store_commit(s) ? n : -1;
}

cJSON *cache_get(const char *kind, const char *key)
{
	if (!kind || !key)
		return NULL;
	sqlite3_stmt *st = prepare(local_store(), "SELECT json FROM cache WHERE kind = ? AND key = ?");
	if (!st)
		return NULL;
	sqlite3_bind_text(st, 1, kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, key, -1, SQLITE_STATIC);
	cJSON *j = NULL;
	if (sqlite3_step(st) == SQLITE_ROW)
		j = cJSON_Parse((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return j;
}

bool cache_delete(const char *kind, const char *key)
{
	sqlite3_stmt *st = prepare(local_store(), "DELETE FROM cache WHERE kind = ? AND key = ?");
	if (!st || !kind || !key) {
		sqlite3_finalize(st);
		return false;
	}
	sqlite3_bind_text(st, 1, kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, key, -1, SQLITE_STATIC);
	bool ok = sqlite3_step(st) == SQLITE_DONE;
	sqlite3_finalize(st);
	return ok;
}

cJSON *cache_all(const char *kind)
{
	cJSON *arr = cJSON_CreateArray();
	sqlite3_stmt *st = prepare(local_store(), "SELECT json FROM cache WHERE kind = ? ORDER BY key");
	if (!st || !kind) {
		sqlite3_finalize(st);
		return arr;
	}
	sqlite3_bind_text(st, 1, kind, -1, SQLITE_STATIC);
	while (sqlite3_step(st) == SQLITE_ROW) {
		cJSON *j = cJSON_Parse((const char *)sqlite3_column_text(st, 0));
		if (j)
			cJSON_AddItemToArray(arr, j);
	}
	sqlite3_finalize(st);
	return arr;
}

bool cache_load_session(Staff *out, const char **why)
{
	static char text[1024];
	const char *user = app.cfg.username;
	const char *server = app.server ? app.server : app.cfg.server;
	memset(out, 0, sizeof *out);
	if (!user || !*user) {
		*why = _("no user name is known; give one with --user (or username in the config)");
		return false;
	}
	if (!local_store()) {
		snprintf(text, sizeof text, "%s", local_error() ? local_error() : _("the local store cannot be opened"));
		*why = text;
		return false;
	}
	cJSON *j = cache_get(CACHE_STAFF, user);
	bool ok = j && staff_parse(out, j);
	cJSON_Delete(j);
	if (!ok) {
		snprintf(text, sizeof text, _("no cached session for %s on %s; log in once while the server is reachable"),
			 user, server ? server : "?");
		*why = text;
	}
	return ok;
}

bool cache_has_catalog(void)
{
	sqlite3_stmt *st = prepare(local_store(), "SELECT 1 FROM cache WHERE kind = 'matter' LIMIT 1");
	bool any = st && sqlite3_step(st) == SQLITE_ROW;
	sqlite3_finalize(st);
	return any;
}
