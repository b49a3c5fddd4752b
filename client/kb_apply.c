/* kb_apply: one page of GET /v1/kb/changes checked whole, then written:
 * upserts replace an article (new ord, old one dead), deletions remove it,
 * and the position in the change log is kept with the page. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "client/kb_int.h"
#include "client/i18n.h"
#include "common/jsonx.h"
#include "common/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct Change {
	bool del;
	const char *seq, *id;
	KbArticle *a;
} Change;

/* A sync token or seq: 1 to 19 decimal digits. */
static bool digits(const char *s)
{
	if (!s || !*s || strlen(s) > 19)
		return false;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

bool kb_valid_id(const char *s)
{
	size_t n = s ? strlen(s) : 0;
	if (n < 1 || n > 64)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-'))
			return false;
	}
	return true;
}

/* The list joined by U+001F (what kb_doc keeps). New string. */
static char *join(char **v, int n)
{
	size_t len = 1;
	for (int i = 0; i < n; i++)
		len += strlen(v[i]) + 1;
	char *out = xmalloc(len), *o = out;
	for (int i = 0; i < n; i++) {
		if (i)
			*o++ = '\x1f';
		size_t l = strlen(v[i]);
		memcpy(o, v[i], l);
		o += l;
	}
	*o = '\0';
	return out;
}

/* Check every item first, so a malformed page changes nothing. */
static Change *check_page(const cJSON *page, int *n, char **err)
{
	const cJSON *items = json_arr(page, "items");
	const cJSON *next = cJSON_GetObjectItemCaseSensitive(page, "next_cursor");
	if (!items || !digits(json_str(page, "sync_token", NULL)) || (next && !cJSON_IsNull(next) && !cJSON_IsString(next))) {
		*err = xstrdup(_("The server's list of knowledge-base changes is malformed (items, next_cursor or sync_token); nothing of it was applied."));
		return NULL;
	}
	*n = cJSON_GetArraySize(items);
	Change *c = xcalloc((size_t)(*n ? *n : 1), sizeof *c);
	int i = 0;
	const cJSON *it;
	cJSON_ArrayForEach(it, items) {
		const char *op = json_str(it, "op", "");
		c[i].seq = json_str(it, "seq", NULL);
		c[i].id = json_str(it, "id", NULL);
		c[i].del = strcmp(op, "delete") == 0;
		bool ok = digits(c[i].seq) && kb_valid_id(c[i].id) && (c[i].del || strcmp(op, "upsert") == 0);
		if (ok && !c[i].del) {
			c[i].a = kb_article_from_json(json_obj(it, "article"));
			ok = c[i].a && strcmp(c[i].a->id, c[i].id) == 0;
		}
		if (!ok) {
			*err = xasprintf(_("Change %d of the server's knowledge-base page is malformed; nothing of the page was applied."), i + 1);
			for (int k = 0; k <= i; k++)
				kb_article_free(c[k].a);
			free(c);
			return NULL;
		}
		i++;
	}
	return c;
}

/* Remember an ord whose article went, for the in-memory table. */
static void push_dead(uint32_t **dead, int *ndead, uint32_t ord)
{
	if (*ndead == 0 || (*ndead >= 16 && (*ndead & (*ndead - 1)) == 0))
		*dead = xrealloc(*dead, (size_t)(*ndead ? *ndead * 2 : 16) * sizeof **dead);
	(*dead)[(*ndead)++] = ord;
}

typedef struct Stmts {
	sqlite3_stmt *find, *del_doc, *del_body, *ins_doc, *ins_body, *touch;
} Stmts;

static const char *const stmt_sql[] = {
	"SELECT ord, version FROM kb_doc WHERE id=?",
	"DELETE FROM kb_doc WHERE ord=?",
	"DELETE FROM kb_body WHERE ord=?",
	"INSERT INTO kb_doc(id, kind, title, keywords, matters, related, version, updated_at, body_len, gen)"
	" VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	"INSERT INTO kb_body(ord, body) VALUES(?, ?)",
	"UPDATE kb_doc SET gen=? WHERE ord=?",
};

/* Prepare the statements of a page. */
static int prepare_all(sqlite3 *db, Stmts *s)
{
	sqlite3_stmt **v = (sqlite3_stmt **)s;
	int rc = SQLITE_OK;
	for (size_t i = 0; i < sizeof stmt_sql / sizeof stmt_sql[0] && rc == SQLITE_OK; i++)
		rc = sqlite3_prepare_v2(db, stmt_sql[i], -1, &v[i], NULL);
	return rc;
}

/* Finalize them. */
static void finalize_all(Stmts *s)
{
	sqlite3_stmt **v = (sqlite3_stmt **)s;
	for (size_t i = 0; i < sizeof stmt_sql / sizeof stmt_sql[0]; i++)
		sqlite3_finalize(v[i]);
}

/* Run a statement to its end with one or two integer parameters. */
static int run_ints(sqlite3_stmt *st, sqlite3_int64 a, sqlite3_int64 b, int nb)
{
	sqlite3_reset(st);
	sqlite3_bind_int64(st, 1, a);
	if (nb > 1)
		sqlite3_bind_int64(st, 2, b);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* Remove an article's rows; its ord becomes dead. */
static int remove_doc(Stmts *s, sqlite3_int64 ord, uint32_t **dead, int *ndead)
{
	int rc = run_ints(s->del_doc, ord, 0, 1);
	if (rc == SQLITE_OK)
		rc = run_ints(s->del_body, ord, 0, 1);
	if (rc == SQLITE_OK)
		push_dead(dead, ndead, (uint32_t)ord);
	return rc;
}

/* Insert an article under a new ord and index it. */
static int insert_doc(KbWriter *w, Stmts *s, const KbArticle *a, long gen)
{
	char *kw = join(a->keywords, a->nkeywords);
	char *mt = join(a->matters, a->nmatters);
	char *rel = join(a->related, a->nrelated);
	char *plain = kb_plain(a->body);
	sqlite3_stmt *st = s->ins_doc;
	sqlite3_reset(st);
	sqlite3_bind_text(st, 1, a->id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, a->kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, a->title, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, kw, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, mt, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, rel, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 7, a->version);
	sqlite3_bind_int64(st, 8, (sqlite3_int64)a->updated_at);
	sqlite3_bind_int64(st, 9, (sqlite3_int64)kb_chars(plain));
	sqlite3_bind_int64(st, 10, gen);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	rc = rc == SQLITE_DONE ? SQLITE_OK : rc;
	sqlite3_int64 ord = sqlite3_last_insert_rowid(store_db(w->st));
	if (rc == SQLITE_OK) {
		sqlite3_reset(s->ins_body);
		sqlite3_bind_int64(s->ins_body, 1, ord);
		sqlite3_bind_text(s->ins_body, 2, a->body, -1, SQLITE_STATIC);
		rc = sqlite3_step(s->ins_body);
		sqlite3_reset(s->ins_body);
		rc = rc == SQLITE_DONE ? SQLITE_OK : rc;
	}
	if (rc == SQLITE_OK) {
		char *tk = *kw ? xasprintf("%s\x1f%s", a->title, kw) : xstrdup(a->title);
		kb_writer_add(w, (uint32_t)ord, tk, plain);
		free(tk);
	}
	free(kw);
	free(mt);
	free(rel);
	free(plain);
	return rc;
}

/* One change. *ups / *dels count what was applied. */
static int apply_one(KbWriter *w, Stmts *s, const Change *c, long gen, uint32_t **dead, int *ndead, long *ups, long *dels)
{
	sqlite3_reset(s->find);
	sqlite3_bind_text(s->find, 1, c->id, -1, SQLITE_STATIC);
	int rc = sqlite3_step(s->find);
	sqlite3_int64 ord = rc == SQLITE_ROW ? sqlite3_column_int64(s->find, 0) : 0;
	int version = rc == SQLITE_ROW ? sqlite3_column_int(s->find, 1) : 0;
	sqlite3_reset(s->find);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return rc;
	if (c->del) {
		if (!ord)
			return SQLITE_OK;
		(*dels)++;
		return remove_doc(s, ord, dead, ndead);
	}
	if (ord && version == c->a->version)
		return run_ints(s->touch, gen, ord, 2); /* already here: only seen again */
	if (ord && (rc = remove_doc(s, ord, dead, ndead)) != SQLITE_OK)
		return rc;
	(*ups)++;
	return insert_doc(w, s, c->a, gen);
}

/* A number kept in the key/value table, or def. */
static long kv_long(Store *st, const char *key, long def)
{
	char *v = store_kv_get(st, key);
	long r = v ? atol(v) : def;
	free(v);
	return r;
}

/* Keep a number in the key/value table. */
static bool kv_long_set(Store *st, const char *key, long long v)
{
	char num[24];
	snprintf(num, sizeof num, "%lld", v);
	return store_kv_set(st, key, num);
}

/* The end of a resync: what the server no longer sent goes. */
static int drop_unseen(KbWriter *w, Stmts *s, long gen, uint32_t **dead, int *ndead, long *dels)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(store_db(w->st), "SELECT ord FROM kb_doc WHERE gen < ?", -1, &st, NULL);
	sqlite3_int64 *v = NULL;
	int n = 0;
	if (rc == SQLITE_OK)
		sqlite3_bind_int64(st, 1, gen);
	while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		v = xrealloc(v, (size_t)(n + 1) * sizeof *v);
		v[n++] = sqlite3_column_int64(st, 0);
		rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	rc = rc == SQLITE_DONE ? SQLITE_OK : rc;
	for (int i = 0; i < n && rc == SQLITE_OK; i++) {
		rc = remove_doc(s, v[i], dead, ndead);
		(*dels)++;
	}
	free(v);
	return rc;
}

bool kb_writer_page(KbWriter *w, const cJSON *page, bool *complete, uint32_t **dead, int *ndead,
		    long *ups, long *dels, char **err)
{
	int n = 0;
	Change *c = check_page(page, &n, err);
	if (!c)
		return false;
	const cJSON *next = cJSON_GetObjectItemCaseSensitive(page, "next_cursor");
	bool done = !next || cJSON_IsNull(next);
	Stmts s = {0};
	long gen = kv_long(w->st, "kb.gen", 0);
	int rc = prepare_all(store_db(w->st), &s);
	for (int i = 0; i < n && rc == SQLITE_OK; i++)
		rc = apply_one(w, &s, &c[i], gen, dead, ndead, ups, dels);
	bool ok = rc == SQLITE_OK;
	if (ok && n > 0)
		ok = store_kv_set(w->st, "kb.since", c[n - 1].seq);
	if (ok && done) {
		if (kv_long(w->st, "kb.resync", 0)) {
			ok = (rc = drop_unseen(w, &s, gen, dead, ndead, dels)) == SQLITE_OK && store_kv_delete(w->st, "kb.resync");
		}
		ok = ok && store_kv_set(w->st, "kb.since", json_str(page, "sync_token", "0")) &&
		     kv_long_set(w->st, "kb.synced_at", (long long)time(NULL));
	}
	if (rc != SQLITE_OK)
		store_fail(w->st, rc, _("saving the knowledge index"));
	if (!ok)
		*err = xstrdup(store_last_message(w->st));
	finalize_all(&s);
	for (int i = 0; i < n; i++)
		kb_article_free(c[i].a);
	free(c);
	if (complete)
		*complete = ok && done;
	return ok;
}

bool kb_writer_resync(KbWriter *w)
{
	long gen = kv_long(w->st, "kb.gen", 0) + 1;
	return kv_long_set(w->st, "kb.gen", gen) && store_kv_set(w->st, "kb.resync", "1") &&
	       store_kv_set(w->st, "kb.since", "0");
}
