/* queue_view: the body of GET /v1/queue, cached until the queue changes or the second turns. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "server/queue_view.h"
#include "server/model_json.h"
#include "server/sbuf.h"
#include "common/jsonx.h"
#include "common/xalloc.h"
#include <inttypes.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HELD_MAX 50
#define SHARED_SLOTS 8   /* distinct (category, cursor, limit) views kept */
#define WINDOW_SLOTS 16  /* windows kept */

/* A cached JSON fragment: the members of an object without its braces. */
struct slot {
	char key[160];
	unsigned gen;
	int64_t second;   /* 0: good for any second */
	char *frag;
	size_t len;
};

static struct slot g_shared[SHARED_SLOTS], g_window[WINDOW_SLOTS];
static unsigned g_next_shared, g_next_window;
static pthread_mutex_t g_lock = PTHREAD_MUTEX_INITIALIZER;

char *queue_cursor_encode(const struct ticket *t)
{
	char raw[96];
	int n = snprintf(raw, sizeof raw, "q1.%d.%" PRId64 ".%" PRId64, t->priority ? 1 : 0, t->issued_at, t->seq);
	size_t sz = sodium_base64_ENCODED_LEN((size_t)n, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	char *out = xmalloc(sz);
	sodium_bin2base64(out, sz, (const unsigned char *)raw, (size_t)n, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	return out;
}

bool queue_cursor_decode(const char *s, struct ticket_pos *pos)
{
	unsigned char raw[96];
	size_t n = 0;
	if (strlen(s) > 120 || sodium_base642bin(raw, sizeof raw - 1, s, strlen(s), NULL, &n, NULL,
						 sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0)
		return false;
	raw[n] = '\0';
	int prio, used = 0;
	int64_t issued, seq;
	if (sscanf((const char *)raw, "q1.%d.%" SCNd64 ".%" SCNd64 "%n", &prio, &issued, &seq, &used) != 3 ||
	    used != (int)n || (prio != 0 && prio != 1))
		return false;
	pos->priority = prio;
	pos->issued_at = issued;
	pos->seq = seq;
	return true;
}

/* Print an object and keep what is between its braces. */
static char *fragment(cJSON *o, size_t *len)
{
	char *s = json_print(o);
	cJSON_Delete(o);
	size_t n = strlen(s);
	memmove(s, s + 1, n - 2);
	s[n - 2] = '\0';
	*len = n - 2;
	return s;
}

/* Look a fragment up; a copy on a hit. */
static char *cache_get(struct slot *slots, int n, const char *key, unsigned gen, int64_t second, size_t *len)
{
	char *out = NULL;
	pthread_mutex_lock(&g_lock);
	for (int i = 0; i < n; i++) {
		struct slot *s = &slots[i];
		if (s->frag && s->gen == gen && (s->second == 0 || s->second == second) && strcmp(s->key, key) == 0) {
			out = xmalloc(s->len + 1);
			memcpy(out, s->frag, s->len + 1);
			*len = s->len;
			break;
		}
	}
	pthread_mutex_unlock(&g_lock);
	return out;
}

/* Keep a copy of a fragment, replacing the same key or the oldest slot. */
static void cache_put(struct slot *slots, int n, unsigned *next, const char *key, unsigned gen, int64_t second,
		      const char *frag, size_t len)
{
	pthread_mutex_lock(&g_lock);
	struct slot *s = NULL;
	for (int i = 0; i < n && !s; i++)
		if (slots[i].frag && strcmp(slots[i].key, key) == 0)
			s = &slots[i];
	if (!s)
		s = &slots[(*next)++ % (unsigned)n];
	free(s->frag);
	scopy(s->key, sizeof s->key, key);
	s->gen = gen;
	s->second = second;
	s->frag = xmalloc(len + 1);
	memcpy(s->frag, frag, len + 1);
	s->len = len;
	pthread_mutex_unlock(&g_lock);
}

/* Categories with their waiting counts, from the stats. */
static cJSON *categories_json(struct store *st, const struct queue_stats *s)
{
	struct category cats[QUEUE_MAX_CATEGORIES];
	int n = store_categories(st, cats, QUEUE_MAX_CATEGORIES);
	cJSON *a = cJSON_CreateArray();
	for (int i = 0; i < n; i++) {
		int waiting = 0;
		for (int j = 0; j < s->ncat; j++)
			if (strcmp(s->by_cat[j].code, cats[i].code) == 0)
				waiting = s->by_cat[j].waiting;
		cJSON_AddItemToArray(a, json_category(&cats[i], waiting));
	}
	return a;
}

/* "items","next_cursor","categories","stats": the same for every staff. */
static char *build_shared(struct store *st, const char *category, const struct ticket_pos *after, int limit,
			  int64_t now, size_t *len)
{
	struct queue_stats stats;
	struct ticket *items = xmalloc(((size_t)limit + 1) * sizeof *items);
	int n = store_tickets_waiting(st, category, after, items, limit + 1);
	if (n < 0 || queue_stats(st, now, &stats) != 0) {
		free(items);
		return NULL;
	}
	cJSON *o = cJSON_CreateObject();
	cJSON *arr = cJSON_AddArrayToObject(o, "items");
	for (int i = 0; i < n && i < limit; i++)
		cJSON_AddItemToArray(arr, json_ticket(&items[i]));
	if (n > limit) {
		char *next = queue_cursor_encode(&items[limit - 1]);
		cJSON_AddStringToObject(o, "next_cursor", next);
		free(next);
	} else {
		cJSON_AddNullToObject(o, "next_cursor");
	}
	free(items);
	cJSON_AddItemToObject(o, "categories", categories_json(st, &stats));
	cJSON_AddItemToObject(o, "stats", json_stats(&stats));
	return fragment(o, len);
}

/* "current","held": the staff's own window. */
static char *build_window(struct store *st, const char *window, size_t *len)
{
	cJSON *o = cJSON_CreateObject();
	struct ticket *h = xmalloc(HELD_MAX * sizeof *h);
	if (window[0] && store_ticket_called_at(st, window, h) == STORE_OK)
		cJSON_AddItemToObject(o, "current", json_ticket(h));
	else
		cJSON_AddNullToObject(o, "current");
	cJSON *held = cJSON_AddArrayToObject(o, "held");
	int n = window[0] ? store_tickets_at_window(st, window, TS_HELD, h, HELD_MAX) : 0;
	for (int i = 0; i < n; i++)
		cJSON_AddItemToArray(held, json_ticket(&h[i]));
	free(h);
	return fragment(o, len);
}

char *queue_view(struct store *st, const char *category, const char *cursor, const struct ticket_pos *after,
		 int limit, const char *window, int64_t now, size_t *len)
{
	/* Read the generation first: a change racing with the build then
	 * leaves an entry nobody will match. */
	unsigned gen = queue_generation();
	char key[160];
	snprintf(key, sizeof key, "%s|%.120s|%d", category ? category : "", cursor ? cursor : "", limit);
	size_t slen = 0, wlen = 0;
	char *shared = cache_get(g_shared, SHARED_SLOTS, key, gen, now, &slen);
	if (!shared) {
		shared = build_shared(st, category, after, limit, now, &slen);
		if (!shared)
			return NULL;
		cache_put(g_shared, SHARED_SLOTS, &g_next_shared, key, gen, now, shared, slen);
	}
	const char *w = window ? window : "";
	char *win = cache_get(g_window, WINDOW_SLOTS, w, gen, 0, &wlen);
	if (!win) {
		win = build_window(st, w, &wlen);
		cache_put(g_window, WINDOW_SLOTS, &g_next_window, w, gen, 0, win, wlen);
	}
	struct sbuf b = { 0 };
	sbuf_add(&b, "{", 1);
	sbuf_add(&b, shared, slen);
	sbuf_add(&b, ",", 1);
	sbuf_add(&b, win, wlen);
	sbuf_add(&b, "}", 1);
	free(shared);
	free(win);
	return sbuf_take(&b, len);
}
