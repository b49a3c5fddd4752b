/* cache: the session cached in the local store (stub until built). */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "client/cache.h"

bool cache_put(const char *kind, const char *key, const cJSON *json) { return false; }
cJSON *cache_get(const char *kind, const char *key) { return NULL; }
bool cache_delete(const char *kind, const char *key) { return false; }
cJSON *cache_all(const char *kind) { return cJSON_CreateArray(); }
bool cache_load_session(Staff *out, const char **why) { *why = "not built"; return false; }
bool cache_has_catalog(void) { return false; }
void cache_sync(void) {}
void cache_on_model(unsigned what) {}
