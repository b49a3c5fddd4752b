/* kb: open the knowledge index, keep its titles in memory for searching,
 * read articles, and apply change pages synchronously. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "client/kb_int.h"
#include "client/i18n.h"
#include "common/jsonx.h"
#include "common/text.h"
#include "common/timefmt.h"
#include "common/xalloc.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum {
	TEXT_MAX = 60000,        /* bytes of title and keywords kept per article */
	KB_FORMAT = 2,           /* of the posting lists; another one is rebuilt by a sync from 0 */
};

static const char *const kinds[] = {"guide", "faq", "policy", "notice"};

int kb_kind_code(const char *kind)
{
	for (int i = 0; i < (int)(sizeof kinds / sizeof kinds[0]); i++)
		if (kind && strcmp(kind, kinds[i]) == 0)
			return i;
	return KB_KIND_OTHER;
}

const char *kb_kind_name(int code)
{
	return code >= 0 && code < (int)(sizeof kinds / sizeof kinds[0]) ? kinds[code] : "other";
}

static const char *const stmt_sql[] = {
	"SELECT tl FROM kb_post WHERE tok=? ORDER BY seg DESC",
	"SELECT tl, bl FROM kb_post WHERE tok=? ORDER BY seg DESC",
	"SELECT id, kind, title, matters, updated_at FROM kb_doc WHERE ord=?",
	"SELECT body FROM kb_body WHERE ord=?",
	"SELECT DISTINCT tok FROM kb_post WHERE tok >= ? AND tok < ? LIMIT 65",
};

/* An index written in another format is emptied: the next sync fills it
 * again from the beginning (it is a cache of the server's). */
static bool check_format(Store *st)
{
	char *v = store_kv_get(st, "kb.format");
	int have = v ? atoi(v) : 0;
	free(v);
	if (have == KB_FORMAT)
		return true;
	char num[16];
	snprintf(num, sizeof num, "%d", KB_FORMAT);
	return store_begin(st) &&
	       store_exec(st, "DELETE FROM kb_post; DELETE FROM kb_seg; DELETE FROM kb_body; DELETE FROM kb_doc;"
			      " DELETE FROM kv WHERE key IN ('kb.since', 'kb.indexed_ord', 'kb.synced_at', 'kb.resync')") &&
	       store_kv_set(st, "kb.format", num) && store_commit(st);
}

static void loader_start(Kb *kb);
static void loader_join(Kb *kb);

Kb *kb_open(Store *st, char **err)
{
	if (!check_format(st)) {
		store_rollback(st);
		if (err)
			*err = xstrdup(store_last_message(st));
		return NULL;
	}
	Kb *kb = xcalloc(1, sizeof *kb);
	kb->st = st;
	sqlite3_stmt **v[] = {&kb->q_tl, &kb->q_both, &kb->q_doc, &kb->q_body, &kb->q_words};
	for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
		int rc = sqlite3_prepare_v3(store_db(st), stmt_sql[i], -1, SQLITE_PREPARE_PERSISTENT, v[i], NULL);
		if (rc != SQLITE_OK) {
			if (err)
				*err = store_error_text(st, rc, _("opening the knowledge index"));
			kb_close(kb);
			return NULL;
		}
	}
	loader_start(kb);
	return kb;
}

void kb_close(Kb *kb)
{
	if (!kb)
		return;
	loader_join(kb);
	kb_sync_free(kb); /* silently: the caller is going away */
	sqlite3_stmt *v[] = {kb->q_tl, kb->q_both, kb->q_doc, kb->q_body, kb->q_words};
	for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
		sqlite3_finalize(v[i]);
	kb_cache_clear(kb);
	kb_writer_free(kb->writer);
	free(kb->docs);
	free(kb->text);
	free(kb);
}

/* Room for ord in the article table. */
static void docs_reserve(Kb *kb, uint32_t ord)
{
	if (ord < kb->docs_cap)
		return;
	uint32_t cap = kb->docs_cap ? kb->docs_cap : 1024;
	while (cap <= ord)
		cap *= 2;
	kb->docs = xrealloc(kb->docs, (size_t)cap * sizeof *kb->docs);
	memset(kb->docs + kb->docs_cap, 0, (size_t)(cap - kb->docs_cap) * sizeof *kb->docs);
	kb->docs_cap = cap;
}

/* Title and keywords of an article appended to the text arena; its offset. */
static uint32_t text_add(Kb *kb, const char *title, const char *kw, uint16_t *tlen, uint16_t *len)
{
	size_t a = strlen(title), b = kw ? strlen(kw) : 0;
	if (a > TEXT_MAX)
		a = TEXT_MAX;
	if (a + b + 1 > TEXT_MAX)
		b = 0;
	size_t need = a + (b ? b + 1 : 0) + 1;
	if (kb->text_len + need > kb->text_cap) {
		kb->text_cap = (kb->text_len + need) * 2;
		kb->text = xrealloc(kb->text, kb->text_cap);
	}
	uint32_t off = (uint32_t)kb->text_len;
	char *p = kb->text + off;
	memcpy(p, title, a);
	if (b) {
		p[a] = '\x1f';
		memcpy(p + a + 1, kw, b);
	}
	p[a + (b ? b + 1 : 0)] = '\0';
	kb->text_len += need;
	*tlen = (uint16_t)a;
	*len = (uint16_t)(need - 1);
	return off;
}

/* Forget the table (to load it again whole). */
static void mem_clear(Kb *kb)
{
	free(kb->docs);
	free(kb->text);
	kb->docs = NULL;
	kb->text = NULL;
	kb->docs_cap = kb->max_ord = 0;
	kb->text_len = kb->text_cap = kb->text_dead = 0;
	kb->live = 0;
	kb->body_sum = 0;
	kb->loaded = false;
}

/* Articles above max_ord into the table. */
static bool mem_load(Kb *kb, char **err)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(store_db(kb->st),
				    "SELECT ord, kind, title, keywords, updated_at, body_len FROM kb_doc WHERE ord > ? ORDER BY ord",
				    -1, &st, NULL);
	if (rc == SQLITE_OK)
		sqlite3_bind_int64(st, 1, kb->max_ord);
	while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		uint32_t ord = (uint32_t)sqlite3_column_int64(st, 0);
		docs_reserve(kb, ord);
		KbDoc *d = &kb->docs[ord];
		d->kind = (uint8_t)kb_kind_code((const char *)sqlite3_column_text(st, 1));
		d->text_off = text_add(kb, (const char *)sqlite3_column_text(st, 2),
				       (const char *)sqlite3_column_text(st, 3), &d->title_len, &d->text_len);
		sqlite3_int64 up = sqlite3_column_int64(st, 4);
		d->updated = up < 0 ? 0 : up > UINT32_MAX ? UINT32_MAX : (uint32_t)up;
		d->body_len = (uint32_t)sqlite3_column_int64(st, 5);
		d->live = 1;
		kb->live++;
		kb->body_sum += d->body_len;
		kb->max_ord = ord;
		rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE && rc != SQLITE_OK) {
		if (err)
			*err = store_error_text(kb->st, rc, _("reading the knowledge index"));
		return false;
	}
	kb->loaded = true;
	return true;
}

/* The table loaded on a thread of its own from kb_open, so the first
 * search finds it ready. */
static void *loader(void *arg)
{
	Kb *shadow = arg;
	shadow->loaded = mem_load(shadow, NULL);
	return NULL;
}

/* Start loading the article table on a thread with its own connection. */
static void loader_start(Kb *kb)
{
	Store *c = store_clone(kb->st, NULL, NULL);
	if (!c)
		return;
	kb->shadow = xcalloc(1, sizeof *kb->shadow);
	kb->shadow->st = c;
	if (pthread_create(&kb->loader, NULL, loader, kb->shadow) != 0) {
		store_close(c);
		free(kb->shadow);
		kb->shadow = NULL;
	}
}

/* Wait for the loader and take its table (when it could read one). */
static void loader_join(Kb *kb)
{
	if (!kb->shadow)
		return;
	pthread_join(kb->loader, NULL);
	Kb *sh = kb->shadow;
	kb->shadow = NULL;
	if (sh->loaded && !kb->loaded) {
		kb->docs = sh->docs;
		kb->docs_cap = sh->docs_cap;
		kb->max_ord = sh->max_ord;
		kb->live = sh->live;
		kb->body_sum = sh->body_sum;
		kb->text = sh->text;
		kb->text_len = sh->text_len;
		kb->text_cap = sh->text_cap;
		kb->loaded = true;
	} else {
		free(sh->docs);
		free(sh->text);
	}
	store_close(sh->st);
	free(sh);
}

bool kb_mem_refresh(Kb *kb, const uint32_t *dead, int ndead, char **err)
{
	loader_join(kb);
	kb->gen++;
	kb_cache_clear(kb);
	for (int i = 0; kb->loaded && i < ndead; i++) {
		uint32_t o = dead[i];
		if (o > kb->max_ord || !kb->docs[o].live)
			continue;
		kb->docs[o].live = 0;
		kb->live--;
		kb->body_sum -= kb->docs[o].body_len;
		kb->text_dead += kb->docs[o].text_len + 1u;
	}
	if (kb->text_dead > (8u << 20) && kb->text_dead * 2 > kb->text_len)
		mem_clear(kb);
	return mem_load(kb, err);
}

bool kb_mem_ready(Kb *kb, char **err)
{
	loader_join(kb);
	return kb->loaded || mem_load(kb, err);
}

int kb_count(Kb *kb)
{
	if (kb->loaded)
		return kb->live;
	sqlite3_stmt *st = NULL;
	int n = 0;
	if (sqlite3_prepare_v2(store_db(kb->st), "SELECT count(*) FROM kb_doc", -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return n;
}

time_t kb_last_sync(Kb *kb)
{
	char *v = store_kv_get(kb->st, "kb.synced_at");
	time_t t = v ? (time_t)atoll(v) : 0;
	free(v);
	return t;
}

char *kb_sync_since(Kb *kb)
{
	char *v = store_kv_get(kb->st, "kb.since");
	return v ? v : xstrdup("0");
}

/* A U+001F-joined list split into new strings. */
char **kb_split_list(const char *s, int *n)
{
	*n = 0;
	if (!s || !*s)
		return NULL;
	int cap = 1;
	for (const char *p = s; *p; p++)
		cap += *p == '\x1f';
	char **v = xcalloc((size_t)cap, sizeof *v);
	for (const char *p = s;;) {
		const char *e = strchr(p, '\x1f');
		v[(*n)++] = e ? xstrndup(p, (size_t)(e - p)) : xstrdup(p);
		if (!e)
			break;
		p = e + 1;
	}
	return v;
}

/* A text column as a new string ("" for NULL). */
static char *col(sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);
	return xstrdup(t ? (const char *)t : "");
}

KbArticle *kb_article(Kb *kb, const char *id)
{
	sqlite3_stmt *st = NULL;
	KbArticle *a = NULL;
	int rc = sqlite3_prepare_v2(store_db(kb->st),
				    "SELECT d.id, d.kind, d.title, d.keywords, d.matters, d.related, d.version, d.updated_at, b.body"
				    " FROM kb_doc d JOIN kb_body b ON b.ord = d.ord WHERE d.id=?", -1, &st, NULL);
	if (rc == SQLITE_OK) {
		sqlite3_bind_text(st, 1, id ? id : "", -1, SQLITE_STATIC);
		if (sqlite3_step(st) == SQLITE_ROW) {
			a = xcalloc(1, sizeof *a);
			a->id = col(st, 0);
			a->kind = col(st, 1);
			a->title = col(st, 2);
			a->keywords = kb_split_list((const char *)sqlite3_column_text(st, 3), &a->nkeywords);
			a->matters = kb_split_list((const char *)sqlite3_column_text(st, 4), &a->nmatters);
			a->related = kb_split_list((const char *)sqlite3_column_text(st, 5), &a->nrelated);
			a->version = sqlite3_column_int(st, 6);
			a->updated_at = (time_t)sqlite3_column_int64(st, 7);
			a->body = col(st, 8);
		}
	}
	sqlite3_finalize(st);
	return a;
}

/* Free a list of n strings. */
static void free_list(char **v, int n)
{
	for (int i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

void kb_article_free(KbArticle *a)
{
	if (!a)
		return;
	free(a->id);
	free(a->title);
	free(a->kind);
	free(a->body);
	free_list(a->keywords, a->nkeywords);
	free_list(a->matters, a->nmatters);
	free_list(a->related, a->nrelated);
	free(a);
}

/* An array of strings, cleaned to one line each (empty ones dropped);
 * false when present but not an array of strings. */
static bool str_list(const cJSON *j, const char *key, char ***out, int *n)
{
	const cJSON *arr = cJSON_GetObjectItemCaseSensitive(j, key);
	*out = NULL;
	*n = 0;
	if (!arr)
		return true;
	if (!cJSON_IsArray(arr))
		return false;
	*out = xcalloc((size_t)cJSON_GetArraySize(arr) + 1, sizeof **out);
	const cJSON *it;
	cJSON_ArrayForEach(it, arr) {
		if (!cJSON_IsString(it))
			return false;
		char *c = text_clean(it->valuestring, TEXT_ONE_LINE);
		if (*c)
			(*out)[(*n)++] = c;
		else
			free(c);
	}
	return true;
}

KbArticle *kb_article_from_json(const cJSON *j)
{
	const char *id = json_str(j, "id", NULL), *title = json_str(j, "title", NULL);
	const char *kind = json_str(j, "kind", NULL), *body = json_str(j, "body", NULL);
	const char *up = json_str(j, "updated_at", NULL);
	const cJSON *ver = cJSON_GetObjectItemCaseSensitive(j, "version");
	time_t t = up ? time_parse_rfc3339(up) : -1;
	if (!cJSON_IsObject(j) || !kb_valid_id(id) || !title || !kind || !body || t == -1 || !cJSON_IsNumber(ver) ||
	    ver->valuedouble < 1 || ver->valuedouble > 2147483647.0)
		return NULL;
	KbArticle *a = xcalloc(1, sizeof *a);
	a->id = xstrdup(id);
	a->title = text_clean(title, TEXT_ONE_LINE);
	a->kind = text_clean(kind, TEXT_ONE_LINE);
	a->body = text_clean(body, TEXT_KEEP_NEWLINES);
	a->version = (int)ver->valuedouble;
	a->updated_at = t;
	bool ok = *a->title && str_list(j, "keywords", &a->keywords, &a->nkeywords) &&
		  str_list(j, "matters", &a->matters, &a->nmatters) && str_list(j, "related", &a->related, &a->nrelated);
	for (int i = 0; ok && i < a->nrelated; i++)
		ok = kb_valid_id(a->related[i]);
	if (!ok) {
		kb_article_free(a);
		return NULL;
	}
	return a;
}

void kb_store_tidy(Store *st)
{
	sqlite3_exec(store_db(st), "PRAGMA incremental_vacuum", NULL, NULL, NULL);
	sqlite3_wal_checkpoint_v2(store_db(st), NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);
}

/* The writer kb_apply_page uses, rebuilt from what is committed. */
static KbWriter *own_writer(Kb *kb)
{
	if (!kb->writer) {
		kb->writer = kb_writer_new(kb->st);
		if (!kb_writer_recover(kb->writer)) {
			kb_writer_free(kb->writer);
			kb->writer = NULL;
		}
	}
	return kb->writer;
}

/* After a failed transaction: the buffer as the store has it. */
static void writer_rollback(Kb *kb)
{
	store_rollback(kb->st);
	kb_writer_reset(kb->writer);
	kb_writer_recover(kb->writer);
}

bool kb_apply_page(Kb *kb, const cJSON *page, bool *complete, char **err)
{
	bool done = false;
	if (complete)
		*complete = false;
	if (kb_sync_running(kb)) {
		if (err)
			*err = xstrdup(_("A knowledge-base sync is running; try again when it ends."));
		return false;
	}
	KbWriter *w = own_writer(kb);
	char *why = NULL;
	uint32_t *dead = NULL;
	int ndead = 0;
	long ups = 0, dels = 0;
	bool ok = w && store_begin(kb->st);
	if (ok && !kb_writer_page(w, page, &done, &dead, &ndead, &ups, &dels, &why)) {
		ok = false;
	} else if (ok) {
		ok = kb_writer_flush(w, done ? 0 : KB_FLUSH_BYTES) && store_commit(kb->st);
	}
	if (!ok) {
		if (w)
			writer_rollback(kb);
		if (err)
			*err = why ? why : xstrdup(store_last_message(kb->st) ? store_last_message(kb->st) : "?");
		else
			free(why);
		free(dead);
		return false;
	}
	ok = kb_mem_refresh(kb, dead, ndead, err);
	free(dead);
	if (complete)
		*complete = done;
	return ok;
}

bool kb_optimize(Kb *kb, char **err)
{
	KbWriter *w = kb_sync_running(kb) ? NULL : own_writer(kb);
	bool ok = w && store_begin(kb->st) && kb_writer_optimize(w) && store_commit(kb->st);
	if (!ok) {
		if (w)
			writer_rollback(kb);
		if (err)
			*err = xstrdup(store_last_message(kb->st) ? store_last_message(kb->st)
								  : _("A knowledge-base sync is running; try again when it ends."));
		return false;
	}
	kb_store_tidy(kb->st);
	return kb_mem_refresh(kb, NULL, 0, err);
}
