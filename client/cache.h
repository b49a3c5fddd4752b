/* cache: the session kept in the local store for offline work: the staff
 * profile, the catalog (matters, bundles), guides and forms, written as
 * they arrive from the server and read when it cannot be reached; kept
 * fresh by a sync by cursor (GET /v1/matters?since=) at login and every
 * CACHE_SYNC_PERIOD seconds while online. No curses. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef YC_CACHE_H
#define YC_CACHE_H
#include <cjson/cJSON.h>
#include <stdbool.h>
#include "client/app.h"

enum { CACHE_SYNC_PERIOD = 600 };

/* Kinds of cached documents. */
#define CACHE_STAFF "staff"     /* key: user name; the Staff object of /v1/me */
#define CACHE_MATTER "matter"   /* key: code; a MatterSummary */
#define CACHE_BUNDLE "bundle"   /* key: id; a Bundle */
#define CACHE_GUIDE "guide"     /* key: code; a Matter (the full guide) */
#define CACHE_FORM "form"       /* key: id; the newest FormSchema */

/* Write / read one document in local_store() (the JSON as the server
 * sent it; readers clean what they show). put is quiet on failure (the
 * cache is a copy); get returns a new object or NULL. */
bool cache_put(const char *kind, const char *key, const cJSON *json);
cJSON *cache_get(const char *kind, const char *key);
bool cache_delete(const char *kind, const char *key);
/* Every object of items keyed by its string member key_member, in one
 * transaction (a page of matters or bundles). How many, -1 on failure. */
int cache_put_items(const char *kind, const cJSON *items, const char *key_member);
/* Every document of a kind, as a JSON array (new; empty when none). */
cJSON *cache_all(const char *kind);

/* The offline start: the staff profile of the configured user from the
 * cache into *out. False, with *why (translated, static) saying exactly
 * what is missing: no user name, no store, never logged in here. */
bool cache_load_session(Staff *out, const char **why);
/* Whether the catalog was cached (at least one matter). */
bool cache_has_catalog(void);

/* Start a sync now (logged in, online, none running): the matters changed
 * since the last cursor (and those deleted), their guides and forms
 * again, the bundles. Quiet: failures wait for the next period. */
void cache_sync(void);
/* Whether a sync is running (yichuang sync waits for its end). */
bool cache_sync_running(void);
/* The model changed (CH_* bits): a sync at login and when back online,
 * the period timer, the staff profile saved at login. */
void cache_on_model(unsigned what);
/* Drop a sync in flight and the timer (the end of the program). */
void cache_stop(void);

#endif
