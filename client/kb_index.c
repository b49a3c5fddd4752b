/* kb_index: the index writer: postings of new articles gathered in memory,
 * written as a segment when the buffer fills, segments merged in levels
 * (dead articles dropped on the way), and recovery after a crash. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "client/kb_int.h"
#include "client/i18n.h"
#include "common/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum {
	FANIN = 8,         /* segments of one level merged into one of the next */
	SEG_STRIDE = 1024, /* flushed segments are numbered k * SEG_STRIDE; merges take the ids between */
	LEVEL_TOP = 99,    /* a fully merged index */
};

/* Postings of one token in the buffer, oldest ord first. */
typedef struct PostBuf {
	uint32_t *ord;
	uint8_t *tf;
	int n, cap;
} PostBuf;

/* A token in the buffer: up to 8 bytes packed in key (most tokens: a
 * Han character or pair, an initials gram), longer ones in long_tok. */
typedef struct WEnt {
	uint64_t key;
	char *long_tok;
	uint32_t hash, len;  /* len 0: a free slot */
	PostBuf tl, bl;
} WEnt;

/* Up to 8 bytes of a token as one number (zero padded). */
static uint64_t pack(const char *t, size_t n)
{
	uint64_t k = 0;
	memcpy(&k, t, n < 8 ? n : 8);
	return k;
}

/* The table slot hash: of the packed key, or FNV-1a of a long token. */
static uint32_t hash_tok(const char *s, size_t n, uint64_t key)
{
	if (n <= 8)
		return (uint32_t)((key * 0x9E3779B97F4A7C15ull) >> 32) | 1u;
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h | 1u;
}

/* The token's text: long_tok, or key unpacked into buf. */
static const char *ent_tok(const WEnt *e, char buf[9])
{
	if (e->long_tok)
		return e->long_tok;
	memcpy(buf, &e->key, 8);
	buf[e->len] = '\0';
	return buf;
}

/* The buffer entry of tok, made when missing. */
static WEnt *entry(KbWriter *w, const char *tok, size_t n)
{
	if ((w->used + 1) * 2 > w->cap) {
		size_t cap = w->cap ? w->cap * 2 : 4096;
		WEnt *tab = xcalloc(cap, sizeof *tab);
		for (size_t i = 0; i < w->cap; i++) {
			if (!w->tab[i].len)
				continue;
			size_t j = w->tab[i].hash & (cap - 1);
			while (tab[j].len)
				j = (j + 1) & (cap - 1);
			tab[j] = w->tab[i];
		}
		free(w->tab);
		w->tab = tab;
		w->cap = cap;
	}
	uint64_t key = pack(tok, n);
	uint32_t h = hash_tok(tok, n, key);
	size_t j = h & (w->cap - 1);
	for (WEnt *e; (e = &w->tab[j])->len; j = (j + 1) & (w->cap - 1))
		if (e->hash == h && e->len == n && e->key == key && (n <= 8 || memcmp(e->long_tok, tok, n) == 0))
			return e;
	WEnt *e = &w->tab[j];
	e->key = key;
	e->long_tok = n > 8 ? xstrndup(tok, n) : NULL;
	e->hash = h;
	e->len = (uint32_t)n;
	w->used++;
	w->bytes += n + sizeof *e;
	return e;
}

/* One occurrence of a token in the article being added. */
static void post(KbWriter *w, PostBuf *b)
{
	if (b->n && b->ord[b->n - 1] == w->cur) {
		if (b->tf[b->n - 1] < 255)
			b->tf[b->n - 1]++;
		return;
	}
	if (b->n == b->cap) {
		int cap = b->cap ? b->cap * 2 : 4;
		b->ord = xrealloc(b->ord, (size_t)cap * sizeof *b->ord);
		b->tf = xrealloc(b->tf, (size_t)cap);
		w->bytes += (size_t)(cap - b->cap) * 5;
		b->cap = cap;
	}
	b->ord[b->n] = w->cur;
	b->tf[b->n++] = 1;
	w->postings++;
}

/* kb_tokens_* callback: a title or keyword token. */
static void add_title(const char *tok, size_t n, void *ud)
{
	KbWriter *w = ud;
	post(w, &entry(w, tok, n)->tl);
}

/* kb_tokens_* callback: a body token. */
static void add_body(const char *tok, size_t n, void *ud)
{
	KbWriter *w = ud;
	post(w, &entry(w, tok, n)->bl);
}

void kb_writer_add(KbWriter *w, uint32_t ord, const char *title_kw, const char *plain_body)
{
	w->cur = ord;
	kb_tokens_text(title_kw, add_title, w);
	kb_tokens_pinyin(title_kw, add_title, w);
	kb_tokens_text(plain_body, add_body, w);
	if (ord > w->max_added)
		w->max_added = ord;
	w->docs++;
}

/* Forget the buffer (after a flush, or a transaction rolled back). */
void kb_writer_reset(KbWriter *w)
{
	for (size_t i = 0; i < w->cap; i++) {
		free(w->tab[i].long_tok);
		free(w->tab[i].tl.ord);
		free(w->tab[i].tl.tf);
		free(w->tab[i].bl.ord);
		free(w->tab[i].bl.tf);
	}
	free(w->tab);
	w->tab = NULL;
	w->cap = w->used = 0;
	w->bytes = 0;
	w->postings = 0;
	w->docs = 0;
	w->max_added = 0;
}

KbWriter *kb_writer_new(Store *st)
{
	KbWriter *w = xcalloc(1, sizeof *w);
	w->st = st;
	return w;
}

void kb_writer_free(KbWriter *w)
{
	if (!w)
		return;
	kb_writer_reset(w);
	free(w);
}

/* Fail with the store's sentence for rc. */
static bool fail(KbWriter *w, int rc)
{
	store_fail(w->st, rc, _("saving the knowledge index"));
	return false;
}

/* An entry with its text, for writing in token order. */
typedef struct Named {
	char buf[9];
	WEnt *e;
} Named;

/* Its text. */
static const char *named_tok(const Named *n)
{
	return n->e->long_tok ? n->e->long_tok : n->buf;
}

/* Token order (bytes), as SQLite sorts them. */
static int cmp_named(const void *a, const void *b)
{
	return strcmp(named_tok(a), named_tok(b));
}

/* A PostBuf (oldest first) encoded newest first. */
static uint8_t *encode_buf(const PostBuf *b, bool with_tf, size_t *len)
{
	if (!b->n) {
		*len = 0;
		return NULL;
	}
	uint32_t *o = xmalloc((size_t)b->n * sizeof *o);
	uint8_t *t = xmalloc((size_t)b->n);
	for (int i = 0; i < b->n; i++) {
		o[i] = b->ord[b->n - 1 - i];
		t[i] = b->tf[b->n - 1 - i];
	}
	uint8_t *p = kbl_encode(o, t, b->n, with_tf, len);
	free(o);
	free(t);
	return p;
}

/* Bind an encoded list (freed by SQLite), or NULL when there is none. */
static int bind_blob(sqlite3_stmt *st, int col, uint8_t *p, size_t n)
{
	return p ? sqlite3_bind_blob(st, col, p, (int)n, free) : sqlite3_bind_null(st, col);
}

/* Single-integer query ("SELECT max(seg) …"); def when NULL or no row. */
static sqlite3_int64 query_int(sqlite3 *db, const char *sql, sqlite3_int64 def, int *rc)
{
	sqlite3_stmt *st = NULL;
	*rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);
	if (*rc == SQLITE_OK && (*rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (sqlite3_column_type(st, 0) != SQLITE_NULL)
			def = sqlite3_column_int64(st, 0);
		*rc = SQLITE_OK;
	} else if (*rc == SQLITE_DONE) {
		*rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	return def;
}

static bool insert_post(KbWriter *w, sqlite3_stmt *ins, const char *tok, sqlite3_int64 seg,
			uint8_t *tl, size_t tln, uint8_t *bl, size_t bln)
{
	sqlite3_reset(ins);
	sqlite3_bind_text(ins, 1, tok, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(ins, 2, seg);
	bind_blob(ins, 3, tl, tln);
	bind_blob(ins, 4, bl, bln);
	int rc = sqlite3_step(ins);
	sqlite3_reset(ins);
	sqlite3_clear_bindings(ins);
	w->seg_bytes += tln + bln;
	return rc == SQLITE_DONE || fail(w, rc);
}

/* Describe a segment in kb_seg. */
static bool seg_row(KbWriter *w, sqlite3_int64 seg, int level, long docs, size_t bytes)
{
	char *sql = sqlite3_mprintf("INSERT INTO kb_seg(seg, level, docs, bytes) VALUES(%lld, %d, %ld, %lld)",
				    (long long)seg, level, docs, (long long)bytes);
	int rc = sqlite3_exec(store_db(w->st), sql, NULL, NULL, NULL);
	sqlite3_free(sql);
	return rc == SQLITE_OK || fail(w, rc);
}

static bool merge_levels(KbWriter *w);

/* The buffer as a new level-0 segment (inside the caller's transaction). */
static bool write_segment(KbWriter *w)
{
	sqlite3 *db = store_db(w->st);
	int rc;
	sqlite3_int64 top = query_int(db, "SELECT max(seg) FROM kb_seg", 0, &rc);
	if (rc != SQLITE_OK)
		return fail(w, rc);
	sqlite3_int64 seg = (top / SEG_STRIDE + 1) * SEG_STRIDE;
	Named *v = xmalloc((w->used ? w->used : 1) * sizeof *v);
	size_t n = 0;
	for (size_t i = 0; i < w->cap; i++) {
		if (!w->tab[i].len)
			continue;
		v[n].e = &w->tab[i];
		ent_tok(&w->tab[i], v[n].buf);
		n++;
	}
	qsort(v, n, sizeof *v, cmp_named);
	sqlite3_stmt *ins = NULL;
	rc = sqlite3_prepare_v2(db, "INSERT INTO kb_post(tok, seg, tl, bl) VALUES(?, ?, ?, ?)", -1, &ins, NULL);
	bool ok = rc == SQLITE_OK || fail(w, rc);
	w->seg_bytes = 0;
	for (size_t i = 0; ok && i < n; i++) {
		size_t tln, bln;
		uint8_t *tl = encode_buf(&v[i].e->tl, false, &tln);
		uint8_t *bl = encode_buf(&v[i].e->bl, true, &bln);
		ok = insert_post(w, ins, named_tok(&v[i]), seg, tl, tln, bl, bln);
	}
	sqlite3_finalize(ins);
	free(v);
	ok = ok && seg_row(w, seg, 0, w->docs, w->seg_bytes);
	if (ok) {
		char num[24];
		snprintf(num, sizeof num, "%u", w->max_added);
		ok = store_kv_set(w->st, "kb.indexed_ord", num);
	}
	return ok;
}

bool kb_writer_flush(KbWriter *w, size_t over)
{
	if (w->docs == 0 || w->bytes <= over)
		return true;
	if (!write_segment(w))
		return false;
	kb_writer_reset(w);
	return merge_levels(w);
}

/* Ords that still have an article (for dropping dead postings). */
static uint8_t *live_bitmap(KbWriter *w, uint32_t *maxord)
{
	sqlite3 *db = store_db(w->st);
	int rc;
	sqlite3_int64 top = query_int(db, "SELECT max(seq) FROM sqlite_sequence WHERE name='kb_doc'", 0, &rc);
	if (rc != SQLITE_OK) {
		fail(w, rc);
		return NULL;
	}
	*maxord = (uint32_t)top;
	uint8_t *bits = xcalloc((size_t)top / 8 + 1, 1);
	sqlite3_stmt *st = NULL;
	rc = sqlite3_prepare_v2(db, "SELECT ord FROM kb_doc", -1, &st, NULL);
	while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		sqlite3_int64 o = sqlite3_column_int64(st, 0);
		if (o >= 0 && o <= top)
			bits[o / 8] |= (uint8_t)(1u << (o % 8));
		rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE && rc != SQLITE_OK) {
		free(bits);
		fail(w, rc);
		return NULL;
	}
	return bits;
}

/* Keep the live ords of l. */
static void drop_dead(KbList *l, const uint8_t *bits, uint32_t maxord)
{
	int k = 0;
	for (int i = 0; i < l->n; i++) {
		uint32_t o = l->ord[i];
		if (o <= maxord && (bits[o / 8] >> (o % 8) & 1)) {
			l->ord[k] = o;
			l->tf[k++] = l->tf[i];
		}
	}
	l->n = k;
}

/* Merge segments segs[0..n) (ascending ids, contiguous) into one of
 * `level`, numbered just above the newest of them. */
static bool merge(KbWriter *w, const sqlite3_int64 *segs, int n, int level)
{
	sqlite3 *db = store_db(w->st);
	uint32_t maxord = 0;
	uint8_t *bits = live_bitmap(w, &maxord);
	if (!bits)
		return false;
	sqlite3_int64 out = segs[n - 1] + 1;
	sqlite3_stmt **cur = xcalloc((size_t)n, sizeof *cur), *ins = NULL;
	bool *on = xcalloc((size_t)n, sizeof *on);
	int rc = sqlite3_prepare_v2(db, "INSERT INTO kb_post(tok, seg, tl, bl) VALUES(?, ?, ?, ?)", -1, &ins, NULL);
	for (int i = 0; i < n && rc == SQLITE_OK; i++) {
		rc = sqlite3_prepare_v2(db, "SELECT tok, tl, bl FROM kb_post WHERE seg=? ORDER BY tok", -1, &cur[i], NULL);
		if (rc == SQLITE_OK) {
			sqlite3_bind_int64(cur[i], 1, segs[i]);
			rc = sqlite3_step(cur[i]);
			on[i] = rc == SQLITE_ROW;
			rc = rc == SQLITE_ROW || rc == SQLITE_DONE ? SQLITE_OK : rc;
		}
	}
	bool ok = rc == SQLITE_OK || fail(w, rc);
	w->seg_bytes = 0;
	KbList t = {0}, b = {0};
	while (ok) {
		const char *min = NULL;
		for (int i = 0; i < n; i++)
			if (on[i] && (!min || strcmp((const char *)sqlite3_column_text(cur[i], 0), min) < 0))
				min = (const char *)sqlite3_column_text(cur[i], 0);
		if (!min)
			break;
		char tok[KB_TOK_MAX + 1];
		snprintf(tok, sizeof tok, "%s", min);
		t.n = b.n = 0;
		for (int i = n - 1; i >= 0 && ok; i--) {
			if (!on[i] || strcmp((const char *)sqlite3_column_text(cur[i], 0), tok) != 0)
				continue;
			const void *p = sqlite3_column_blob(cur[i], 1);
			ok = !p || kbl_decode_append(&t, p, (size_t)sqlite3_column_bytes(cur[i], 1), false);
			p = sqlite3_column_blob(cur[i], 2);
			ok = ok && (!p || kbl_decode_append(&b, p, (size_t)sqlite3_column_bytes(cur[i], 2), true));
			rc = sqlite3_step(cur[i]);
			on[i] = rc == SQLITE_ROW;
			if (rc != SQLITE_ROW && rc != SQLITE_DONE)
				ok = fail(w, rc);
		}
		if (!ok) {
			if (rc == SQLITE_ROW || rc == SQLITE_DONE)
				fail(w, SQLITE_CORRUPT);
			break;
		}
		drop_dead(&t, bits, maxord);
		drop_dead(&b, bits, maxord);
		if (!t.n && !b.n)
			continue;
		size_t tln = 0, bln = 0;
		uint8_t *tl = t.n ? kbl_encode(t.ord, t.tf, t.n, false, &tln) : NULL;
		uint8_t *bl = b.n ? kbl_encode(b.ord, b.tf, b.n, true, &bln) : NULL;
		ok = insert_post(w, ins, tok, out, tl, tln, bl, bln);
	}
	kbl_free(&t);
	kbl_free(&b);
	for (int i = 0; i < n; i++)
		sqlite3_finalize(cur[i]);
	sqlite3_finalize(ins);
	free(cur);
	free(on);
	free(bits);
	long docs = 0;
	for (int i = 0; ok && i < n; i++) {
		int r2;
		char *sql = sqlite3_mprintf("SELECT docs FROM kb_seg WHERE seg=%lld", (long long)segs[i]);
		docs += (long)query_int(db, sql, 0, &r2);
		sqlite3_free(sql);
		sql = sqlite3_mprintf("DELETE FROM kb_post WHERE seg=%lld; DELETE FROM kb_seg WHERE seg=%lld",
				      (long long)segs[i], (long long)segs[i]);
		rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
		sqlite3_free(sql);
		ok = rc == SQLITE_OK || fail(w, rc);
	}
	return ok && seg_row(w, out, level, docs, w->seg_bytes);
}

/* Segment ids of one level (or all, level < 0), ascending; count. */
static int segs_of(KbWriter *w, int level, sqlite3_int64 **out)
{
	sqlite3_stmt *st = NULL;
	int n = 0, cap = 16;
	*out = xmalloc((size_t)cap * sizeof **out);
	int rc = sqlite3_prepare_v2(store_db(w->st),
				    level < 0 ? "SELECT seg FROM kb_seg ORDER BY seg" : "SELECT seg FROM kb_seg WHERE level=? ORDER BY seg",
				    -1, &st, NULL);
	if (rc == SQLITE_OK && level >= 0)
		sqlite3_bind_int(st, 1, level);
	while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n == cap)
			*out = xrealloc(*out, (size_t)(cap *= 2) * sizeof **out);
		(*out)[n++] = sqlite3_column_int64(st, 0);
		rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE && rc != SQLITE_OK) {
		fail(w, rc);
		return -1;
	}
	return n;
}

/* Merge every level that holds FANIN segments, from the lowest up. Newer
 * segments always sit on lower levels, so a level's segments are
 * contiguous, and a level only fills when the one below merged. */
static bool merge_levels(KbWriter *w)
{
	for (int level = 0; level < LEVEL_TOP - 1; level++) {
		sqlite3_int64 *segs;
		int n = segs_of(w, level, &segs);
		bool ok = n >= 0 && (n < FANIN || merge(w, segs, n, level + 1));
		free(segs);
		if (!ok)
			return false;
		if (n < FANIN)
			break;
	}
	return true;
}

bool kb_writer_optimize(KbWriter *w)
{
	if (!kb_writer_flush(w, 0))
		return false;
	sqlite3_int64 *segs;
	int n = segs_of(w, -1, &segs);
	int rc;
	bool dead = query_int(store_db(w->st), "SELECT (SELECT sum(docs) FROM kb_seg) > (SELECT count(*) FROM kb_doc)", 0, &rc) != 0;
	bool ok = n >= 0 && (rc == SQLITE_OK || fail(w, rc)) && (n == 0 || (n == 1 && !dead) || merge(w, segs, n, LEVEL_TOP));
	free(segs);
	return ok;
}

bool kb_writer_recover(KbWriter *w)
{
	char *v = store_kv_get(w->st, "kb.indexed_ord");
	long long from = v ? atoll(v) : 0;
	free(v);
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(store_db(w->st),
				    "SELECT d.ord, d.title, d.keywords, b.body FROM kb_doc d JOIN kb_body b ON b.ord = d.ord"
				    " WHERE d.ord > ? ORDER BY d.ord", -1, &st, NULL);
	if (rc == SQLITE_OK)
		sqlite3_bind_int64(st, 1, from);
	while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *title = (const char *)sqlite3_column_text(st, 1);
		const char *kw = (const char *)sqlite3_column_text(st, 2);
		char *tk = kw && *kw ? xasprintf("%s\x1f%s", title, kw) : xstrdup(title);
		char *plain = kb_plain((const char *)sqlite3_column_text(st, 3));
		kb_writer_add(w, (uint32_t)sqlite3_column_int64(st, 0), tk, plain);
		free(tk);
		free(plain);
		rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE || rc == SQLITE_OK || fail(w, rc);
}
