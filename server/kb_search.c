/* kb_search: a page of search hits (KbHitPage) and of the change log (KbChangePage) as the contract's JSON. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "server/kb_search.h"
#include "server/sbuf.h"
#include "common/jsonx.h"
#include "common/text.h"
#include "common/timefmt.h"
#include "common/xalloc.h"
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define SNIPPET_BEFORE 16 /* characters before the match */
#define SNIPPET_CHARS 60  /* characters in all */

bool kb_cursor_parse(const char *s, int *tier, int64_t *below)
{
	char *end;
	if (!s || s[0] < '1' || s[0] > '3' || s[1] != '.' || s[2] < '1' || s[2] > '9')
		return false;
	long long v = strtoll(s + 2, &end, 10);
	if (*end || v <= 0 || end - (s + 2) > 18)
		return false;
	*tier = s[0] - '0';
	*below = (int64_t)v;
	return true;
}

/* Byte offset of the start of the character n characters before p. */
static size_t back_chars(const char *s, size_t p, int n)
{
	while (p > 0 && n > 0) {
		p--;
		while (p > 0 && ((unsigned char)s[p] & 0xC0) == 0x80)
			p--;
		n--;
	}
	return p;
}

static size_t fwd_chars(const char *s, size_t len, size_t p, int n)
{
	while (p < len && n > 0) {
		p++;
		while (p < len && ((unsigned char)s[p] & 0xC0) == 0x80)
			p++;
		n--;
	}
	return p;
}

char *kb_snippet(const char *plain, const struct kb_query *q)
{
	size_t len = strlen(plain), at = len;
	for (int t = 0; q && t < q->nterm; t++) {
		const char *needle = q->term[t].text;
		const char *hit = needle[0] & 0x80 ? strstr(plain, needle) : strcasestr(plain, needle);
		if (hit && (size_t)(hit - plain) < at)
			at = (size_t)(hit - plain);
	}
	if (at == len)
		at = 0;
	size_t start = back_chars(plain, at, at ? SNIPPET_BEFORE : 0);
	size_t end = fwd_chars(plain, len, start, SNIPPET_CHARS);
	struct sbuf b = { 0 };
	if (start > 0)
		sbuf_puts(&b, "…");
	for (size_t i = start; i < end; i++)
		sbuf_add(&b, plain[i] == '\n' ? " " : plain + i, 1);
	if (end < len)
		sbuf_puts(&b, "…");
	size_t n;
	return sbuf_take(&b, &n);
}

/* The KbHit of a stored row. */
static cJSON *hit_json(const struct kb_row *r, const struct kb_query *q, double score)
{
	struct kb_article a;
	if (!r->json || !kb_article_parse(r->json, &a, NULL))
		return NULL;
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "id", a.id);
	cJSON_AddStringToObject(o, "title", a.title);
	cJSON_AddStringToObject(o, "kind", a.kind);
	char *plain = kb_plain(a.body);
	char *snip = kb_snippet(plain, q);
	cJSON_AddStringToObject(o, "snippet", snip);
	free(snip);
	free(plain);
	cJSON *m = cJSON_AddArrayToObject(o, "matters");
	for (size_t i = 0; i < a.matters.n; i++)
		cJSON_AddItemToArray(m, cJSON_CreateString(a.matters.v[i]));
	cJSON_AddNumberToObject(o, "score", score);
	char ts[21];
	time_rfc3339((time_t)a.updated_at, ts);
	cJSON_AddStringToObject(o, "updated_at", ts);
	kb_article_free(&a);
	return o;
}

char *kb_search_page(struct store *st, const struct kb_query *q, int tier, int64_t below, int limit, size_t *len)
{
	int want = limit + 1, n = 0;
	int64_t *seqs = xcalloc((size_t)want, sizeof *seqs);
	int *tiers = xcalloc((size_t)want, sizeof *tiers);
	for (int t = tier; t >= 1 && n < want; t--) {
		int got = store_kb_search(st, q, t, t == tier ? below : 0, seqs + n, want - n);
		if (got < 0) {
			free(seqs);
			free(tiers);
			return NULL;
		}
		for (int i = 0; i < got; i++)
			tiers[n + i] = t;
		n += got;
	}
	int64_t last = 0;
	store_kb_log(st, &last, NULL);
	cJSON *page = cJSON_CreateObject();
	cJSON *items = cJSON_AddArrayToObject(page, "items");
	int shown = n < limit ? n : limit;
	for (int i = 0; i < shown; i++) {
		struct kb_row r;
		if (store_kb_at(st, seqs[i], &r) != STORE_OK)
			continue;
		/* tier, then newer first; both within one answer only */
		double score = tiers[i] + (double)seqs[i] / (double)(last + 1);
		cJSON *h = hit_json(&r, q, score);
		if (h)
			cJSON_AddItemToArray(items, h);
		store_kb_row_free(&r);
	}
	if (n > limit) {
		char cur[32];
		snprintf(cur, sizeof cur, "%d.%" PRId64, tiers[limit - 1], seqs[limit - 1]);
		cJSON_AddStringToObject(page, "next_cursor", cur);
	} else {
		cJSON_AddNullToObject(page, "next_cursor");
	}
	free(seqs);
	free(tiers);
	char *s = json_print(page);
	cJSON_Delete(page);
	*len = strlen(s);
	return s;
}

char *kb_changes_page(struct store *st, int64_t after, int limit, size_t *len)
{
	struct kb_row *rows = xcalloc((size_t)limit + 1, sizeof *rows);
	int n = store_kb_changes(st, after, rows, limit + 1);
	if (n < 0) {
		free(rows);
		return NULL;
	}
	int shown = n < limit ? n : limit;
	struct sbuf b = { 0 };
	sbuf_puts(&b, "{\"items\":[");
	int64_t token = after;
	for (int i = 0; i < shown; i++) {
		const struct kb_row *r = &rows[i];
		char ts[21];
		time_rfc3339((time_t)r->at, ts);
		cJSON *id = cJSON_CreateString(r->id);
		char *ids = json_print(id);
		cJSON_Delete(id);
		bool del = r->deleted || !r->json;
		sbuf_printf(&b, "%s{\"seq\":\"%" PRId64 "\",\"op\":\"%s\",\"id\":%s,\"at\":\"%s\",\"article\":", i ? "," : "",
			    r->seq, del ? "delete" : "upsert", ids, ts);
		sbuf_puts(&b, del ? "null" : r->json);
		sbuf_puts(&b, "}");
		free(ids);
		token = r->seq;
	}
	if (n > limit)
		sbuf_printf(&b, "],\"next_cursor\":\"s%" PRId64 "\"", token);
	else
		sbuf_puts(&b, "],\"next_cursor\":null");
	sbuf_printf(&b, ",\"sync_token\":\"%" PRId64 "\"}", token);
	for (int i = 0; i < n; i++)
		store_kb_row_free(&rows[i]);
	free(rows);
	return sbuf_take(&b, len);
}
