/* kb_iter: posting lists read once from the store and kept encoded in a
 * small cache, and iterators over them (newest ord first) joined by AND
 * and OR, decoding only as far as a search goes. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "client/kb_int.h"
#include "client/i18n.h"
#include "common/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum {
	CACHE_BYTES = 3 << 20, /* encoded lists kept between key presses */
	CACHE_ENTRIES = 256,
};

/* A token's lists as stored: every segment, newest first, concatenated. */
struct KbBlob {
	KbBlob *next;
	char tok[KB_TOK_MAX + 1];
	uint64_t gen;
	bool have_body;
	uint8_t *tl, *bl;
	size_t tln, bln;
};

enum { IT_EMPTY, IT_LEAF, IT_AND, IT_OR };

struct KbIt {
	uint8_t type;
	bool done, broken, with_tf, first;
	uint32_t cur, df;
	uint8_t tf;
	/* leaf */
	const uint8_t *p, *end;
	uint64_t left;      /* entries left in the current segment */
	uint32_t prev;
	/* AND, OR */
	KbIt **kid;
	int nkid;
};

struct KbItPool {
	void **v;
	int n, cap;
};

KbItPool *kb_pool_new(void)
{
	return xcalloc(1, sizeof(KbItPool));
}

/* Zeroed memory that lives as long as the search. */
static void *pool_alloc(KbItPool *p, size_t n)
{
	if (p->n == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 32;
		p->v = xrealloc(p->v, (size_t)p->cap * sizeof *p->v);
	}
	return p->v[p->n++] = xcalloc(1, n);
}

void kb_pool_free(KbItPool *p)
{
	if (!p)
		return;
	for (int i = 0; i < p->n; i++)
		free(p->v[i]);
	free(p->v);
	free(p);
}

/* ---------------------------------------------------------------- cache */

static size_t blob_bytes(const KbBlob *b)
{
	return b->tln + b->bln + sizeof *b;
}

/* Free a cached token. */
static void blob_free(KbBlob *b)
{
	free(b->tl);
	free(b->bl);
	free(b);
}

void kb_cache_clear(Kb *kb)
{
	while (kb->cache) {
		KbBlob *b = kb->cache;
		kb->cache = b->next;
		blob_free(b);
	}
	kb->cache_bytes = 0;
}

void kb_cache_trim(Kb *kb)
{
	int count = 0;
	size_t bytes = 0;
	for (KbBlob **pp = &kb->cache; *pp;) {
		KbBlob *b = *pp;
		count++;
		bytes += blob_bytes(b);
		if (count > 1 && (count > CACHE_ENTRIES || bytes > CACHE_BYTES || b->gen != kb->gen)) {
			*pp = b->next;
			bytes -= blob_bytes(b);
			blob_free(b);
			continue;
		}
		pp = &b->next;
	}
	kb->cache_bytes = bytes;
}

/* Append a column's bytes to a growing buffer. */
static void append(uint8_t **buf, size_t *len, const void *p, size_t n)
{
	if (!p || !n)
		return;
	*buf = xrealloc(*buf, *len + n);
	memcpy(*buf + *len, p, n);
	*len += n;
}

/* Read every segment's lists of a token (newest first). Adding the
 * bodies to a token read before keeps its title list where it is:
 * iterators of this search may point into it. */
static bool blob_read(Kb *kb, KbBlob *b, bool body, char **err)
{
	sqlite3_stmt *st = body ? kb->q_both : kb->q_tl;
	sqlite3_reset(st);
	sqlite3_bind_text(st, 1, b->tok, -1, SQLITE_STATIC);
	bool titles = !b->tl && !b->tln;
	if (body) {
		free(b->bl);
		b->bl = NULL;
		b->bln = 0;
	}
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (titles)
			append(&b->tl, &b->tln, sqlite3_column_blob(st, 0), (size_t)sqlite3_column_bytes(st, 0));
		if (body)
			append(&b->bl, &b->bln, sqlite3_column_blob(st, 1), (size_t)sqlite3_column_bytes(st, 1));
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		if (err)
			*err = store_error_text(kb->st, rc, _("reading the knowledge index"));
		return false;
	}
	b->have_body = b->have_body || body;
	return true;
}

/* The cached lists of tok, read when missing. */
static KbBlob *blob_get(Kb *kb, const char *tok, bool body, char **err)
{
	KbBlob **pp = &kb->cache;
	for (KbBlob *b; (b = *pp) != NULL; pp = &b->next) {
		if (b->gen != kb->gen || strcmp(b->tok, tok) != 0)
			continue;
		if (body && !b->have_body && !blob_read(kb, b, true, err))
			return NULL;
		*pp = b->next; /* to the front */
		b->next = kb->cache;
		kb->cache = b;
		return b;
	}
	KbBlob *b = xcalloc(1, sizeof *b);
	snprintf(b->tok, sizeof b->tok, "%s", tok);
	b->gen = kb->gen;
	if (!blob_read(kb, b, body, err)) {
		blob_free(b);
		return NULL;
	}
	b->next = kb->cache;
	kb->cache = b;
	return b;
}

/* ------------------------------------------------------------ iterators */

/* Entries of an encoded list: the sum of its segments' counts. */
static uint32_t count_entries(const uint8_t *p, size_t n, bool with_tf)
{
	const uint8_t *end = p + n;
	uint64_t total = 0;
	while (p < end) {
		uint64_t c, v;
		if (!kb_varint_get(&p, end, &c))
			break;
		total += c;
		for (uint64_t k = 0; k < c && p < end; k++) {
			if (!kb_varint_get(&p, end, &v))
				return (uint32_t)total;
			if (with_tf && (v & 1) && !kb_varint_get(&p, end, &v))
				return (uint32_t)total;
		}
	}
	return total > UINT32_MAX ? UINT32_MAX : (uint32_t)total;
}

/* An iterator over one encoded list (segments concatenated). */
static KbIt *leaf(KbItPool *pool, const uint8_t *p, size_t n, bool with_tf)
{
	KbIt *it = pool_alloc(pool, sizeof *it);
	it->type = n ? IT_LEAF : IT_EMPTY;
	it->p = p;
	it->end = p + n;
	it->with_tf = with_tf;
	/* The count of the newest segment is a cheap lower bound; the whole
	 * count needs a pass, done only for short lists where it is cheap. */
	it->df = n < 4096 ? count_entries(p, n, with_tf) : (uint32_t)(n / (with_tf ? 1.6 : 1.4));
	return it;
}

KbIt *kb_it_empty(KbItPool *pool)
{
	KbIt *it = pool_alloc(pool, sizeof *it);
	it->type = IT_EMPTY;
	return it;
}

KbIt *kb_it_token(Kb *kb, KbItPool *pool, const char *tok, bool body, char **err)
{
	KbBlob *b = blob_get(kb, tok, body, err);
	if (!b)
		return NULL;
	KbIt *t = leaf(pool, b->tl, b->tln, false);
	if (!body)
		return t;
	KbIt *kids[2] = {t, leaf(pool, b->bl, b->bln, true)};
	return kb_it_or(pool, kids, 2);
}

/* An AND or OR of kids; df its estimate. */
static KbIt *inner(KbItPool *pool, int type, KbIt **kids, int n)
{
	KbIt *it = pool_alloc(pool, sizeof *it);
	it->type = (uint8_t)type;
	it->kid = pool_alloc(pool, (size_t)(n ? n : 1) * sizeof *kids);
	memcpy(it->kid, kids, (size_t)n * sizeof *kids);
	it->nkid = n;
	uint64_t df = type == IT_AND ? UINT32_MAX : 0;
	for (int i = 0; i < n; i++)
		df = type == IT_AND ? (kids[i]->df < df ? kids[i]->df : df) : df + kids[i]->df;
	it->df = n == 0 ? 0 : df > UINT32_MAX ? UINT32_MAX : (uint32_t)df;
	return it;
}

KbIt *kb_it_and(KbItPool *pool, KbIt **kids, int n)
{
	return n == 1 ? kids[0] : inner(pool, IT_AND, kids, n);
}

KbIt *kb_it_or(KbItPool *pool, KbIt **kids, int n)
{
	return n == 1 ? kids[0] : inner(pool, IT_OR, kids, n);
}

/* The next entry of a leaf. */
static bool leaf_next(KbIt *it)
{
	uint64_t v, tf = 1;
	if (it->left == 0) {
		if (it->p >= it->end || !kb_varint_get(&it->p, it->end, &it->left) || it->left == 0) {
			it->broken = it->p < it->end;
			return !(it->done = true);
		}
		it->first = true;
	}
	if (!kb_varint_get(&it->p, it->end, &v) || (it->with_tf && (v & 1) && !kb_varint_get(&it->p, it->end, &tf))) {
		it->broken = true;
		return !(it->done = true);
	}
	if (it->with_tf)
		v >>= 1;
	uint64_t ord = it->first ? v : (uint64_t)it->prev - v;
	/* Each segment's ords lie below the newer one's. */
	if ((it->first && it->cur && v >= it->cur) || (!it->first && (v == 0 || v > it->prev)) || ord > UINT32_MAX) {
		it->broken = true;
		return !(it->done = true);
	}
	it->first = false;
	it->left--;
	it->cur = it->prev = (uint32_t)ord;
	it->tf = (uint8_t)(tf > 255 ? 255 : tf);
	return true;
}

/* OR: the largest current ord of the kids; tf the largest there. */
static bool or_settle(KbIt *it)
{
	bool any = false;
	uint32_t best = 0;
	uint8_t tf = 0;
	for (int i = 0; i < it->nkid; i++) {
		KbIt *k = it->kid[i];
		it->broken = it->broken || k->broken;
		if (k->done)
			continue;
		if (!any || k->cur > best) {
			best = k->cur;
			tf = k->tf;
			any = true;
		} else if (k->cur == best && k->tf > tf) {
			tf = k->tf;
		}
	}
	it->cur = best;
	it->tf = tf;
	return !(it->done = !any);
}

/* AND: move the kids until all stand on one ord; tf the smallest. */
static bool and_settle(KbIt *it)
{
	for (;;) {
		uint32_t target = UINT32_MAX;
		for (int i = 0; i < it->nkid; i++) {
			KbIt *k = it->kid[i];
			it->broken = it->broken || k->broken;
			if (k->done)
				return !(it->done = true);
			if (k->cur < target)
				target = k->cur;
		}
		bool same = true;
		uint8_t tf = 255;
		for (int i = 0; i < it->nkid; i++) {
			KbIt *k = it->kid[i];
			if (k->cur > target && !kb_it_seek(k, target))
				return !(it->done = true);
			same = same && k->cur == target;
			tf = k->tf < tf ? k->tf : tf;
		}
		if (same) {
			it->cur = target;
			it->tf = tf;
			return true;
		}
	}
}

bool kb_it_first(KbIt *it)
{
	switch (it->type) {
	case IT_LEAF:
		return leaf_next(it);
	case IT_EMPTY:
		return !(it->done = true);
	default:
		if (it->nkid == 0)
			return !(it->done = true);
		for (int i = 0; i < it->nkid; i++)
			kb_it_first(it->kid[i]);
		return it->type == IT_OR ? or_settle(it) : and_settle(it);
	}
}

bool kb_it_next(KbIt *it)
{
	if (it->done)
		return false;
	switch (it->type) {
	case IT_LEAF:
		return leaf_next(it);
	case IT_OR:
		for (int i = 0; i < it->nkid; i++)
			if (!it->kid[i]->done && it->kid[i]->cur == it->cur)
				kb_it_next(it->kid[i]);
		return or_settle(it);
	case IT_AND:
		if (!kb_it_next(it->kid[0]))
			return !(it->done = true);
		return and_settle(it);
	default:
		return false;
	}
}

bool kb_it_seek(KbIt *it, uint32_t ord)
{
	if (it->done)
		return false;
	if (it->cur <= ord)
		return true;
	switch (it->type) {
	case IT_LEAF:
		while (leaf_next(it))
			if (it->cur <= ord)
				return true;
		return false;
	case IT_OR:
		for (int i = 0; i < it->nkid; i++)
			kb_it_seek(it->kid[i], ord);
		return or_settle(it);
	case IT_AND:
		if (!kb_it_seek(it->kid[0], ord))
			return !(it->done = true);
		return and_settle(it);
	default:
		return false;
	}
}

uint32_t kb_it_ord(const KbIt *it) { return it->cur; }
unsigned kb_it_tf(const KbIt *it) { return it->tf ? it->tf : 1; }
uint32_t kb_it_df(const KbIt *it) { return it->df; }
bool kb_it_broken(const KbIt *it) { return it->broken; }
