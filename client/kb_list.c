/* kb_list: posting lists (ords newest first with term frequencies): their
 * varint encoding, union and intersection, and a small cache of decoded
 * lists so that typing a longer query reuses the lists of the shorter one. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "client/kb_int.h"
#include "client/i18n.h"
#include "common/xalloc.h"

#include <stdlib.h>
#include <string.h>

enum {
	CACHE_BYTES = 6 << 20, /* decoded lists kept (bytes of ords and tfs) */
	CACHE_ENTRIES = 96,
};

struct KbCacheEnt {
	KbCacheEnt *next;
	char tok[KB_TOK_MAX + 1];
	bool body;
	uint64_t gen;
	KbList list;
};

void kbl_free(KbList *l)
{
	free(l->ord);
	free(l->tf);
	memset(l, 0, sizeof *l);
}

static void reserve(KbList *l, int n)
{
	if (n <= l->cap)
		return;
	int cap = l->cap ? l->cap : 16;
	while (cap < n)
		cap *= 2;
	l->ord = xrealloc(l->ord, (size_t)cap * sizeof *l->ord);
	l->tf = xrealloc(l->tf, (size_t)cap);
	l->cap = cap;
}

void kbl_push(KbList *l, uint32_t ord, unsigned tf)
{
	reserve(l, l->n + 1);
	l->ord[l->n] = ord;
	l->tf[l->n++] = (uint8_t)(tf > 255 ? 255 : tf ? tf : 1);
}

void kbl_union(const KbList *a, const KbList *b, KbList *out)
{
	out->n = 0;
	reserve(out, a->n + b->n);
	int i = 0, j = 0;
	while (i < a->n || j < b->n) {
		if (j >= b->n || (i < a->n && a->ord[i] > b->ord[j])) {
			out->ord[out->n] = a->ord[i];
			out->tf[out->n++] = a->tf[i++];
		} else if (i >= a->n || b->ord[j] > a->ord[i]) {
			out->ord[out->n] = b->ord[j];
			out->tf[out->n++] = b->tf[j++];
		} else {
			out->ord[out->n] = a->ord[i];
			out->tf[out->n++] = a->tf[i] > b->tf[j] ? a->tf[i] : b->tf[j];
			i++;
			j++;
		}
	}
}

/* First index at or after lo in a descending list whose ord <= want
 * (galloping, then binary search). */
static int seek(const KbList *l, int lo, uint32_t want)
{
	int step = 1, hi = lo;
	while (hi < l->n && l->ord[hi] > want) {
		lo = hi + 1;
		hi += step;
		step *= 2;
	}
	if (hi > l->n)
		hi = l->n;
	while (lo < hi) {
		int mid = lo + (hi - lo) / 2;
		if (l->ord[mid] > want)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

void kbl_intersect(const KbList *a, const KbList *b, KbList *out)
{
	if (a->n > b->n) {
		const KbList *t = a;
		a = b;
		b = t;
	}
	out->n = 0;
	reserve(out, a->n);
	int j = 0;
	for (int i = 0; i < a->n && j < b->n; i++) {
		j = seek(b, j, a->ord[i]);
		if (j < b->n && b->ord[j] == a->ord[i]) {
			out->ord[out->n] = a->ord[i];
			out->tf[out->n++] = a->tf[i] < b->tf[j] ? a->tf[i] : b->tf[j];
			j++;
		}
	}
}

int kbl_find(const KbList *l, uint32_t ord)
{
	int i = seek(l, 0, ord);
	return i < l->n && l->ord[i] == ord ? i : -1;
}

static size_t put_varint(uint8_t *p, uint64_t v)
{
	size_t n = 0;
	while (v >= 0x80) {
		p[n++] = (uint8_t)(v | 0x80);
		v >>= 7;
	}
	p[n++] = (uint8_t)v;
	return n;
}

/* A varint at *p (before end); false when truncated. */
static bool get_varint(const uint8_t **p, const uint8_t *end, uint64_t *v)
{
	uint64_t r = 0;
	for (int shift = 0; *p < end && shift < 64; shift += 7) {
		uint8_t b = *(*p)++;
		r |= (uint64_t)(b & 0x7F) << shift;
		if (!(b & 0x80)) {
			*v = r;
			return true;
		}
	}
	return false;
}

/*
 * Encoding: the first ord, then the gap to each next (smaller) one. With
 * term frequencies each number is shifted left once and its low bit says
 * a frequency above 1 follows as its own varint (most are 1).
 */
uint8_t *kbl_encode(const uint32_t *ord, const uint8_t *tf, int n, bool with_tf, size_t *len)
{
	uint8_t *buf = xmalloc((size_t)n * 12 + 1), *p = buf;
	for (int i = 0; i < n; i++) {
		uint64_t v = i == 0 ? ord[0] : (uint64_t)(ord[i - 1] - ord[i]);
		if (with_tf) {
			bool more = tf[i] > 1;
			p += put_varint(p, v << 1 | more);
			if (more)
				p += put_varint(p, tf[i]);
		} else {
			p += put_varint(p, v);
		}
	}
	*len = (size_t)(p - buf);
	return buf;
}

bool kbl_decode_append(KbList *l, const uint8_t *p, size_t n, bool with_tf)
{
	const uint8_t *end = p + n;
	uint32_t prev = 0;
	bool first = true;
	while (p < end) {
		uint64_t v, tf = 1;
		if (!get_varint(&p, end, &v))
			return false;
		if (with_tf) {
			if ((v & 1) && !get_varint(&p, end, &tf))
				return false;
			v >>= 1;
		}
		uint64_t ord = first ? v : prev - v;
		if (ord > UINT32_MAX || (!first && (v == 0 || v > prev)) || (l->n && first && ord >= l->ord[l->n - 1]))
			return false;
		kbl_push(l, (uint32_t)ord, (unsigned)tf);
		prev = (uint32_t)ord;
		first = false;
	}
	return true;
}

static size_t ent_bytes(const KbCacheEnt *e)
{
	return (size_t)e->list.cap * 5 + sizeof *e;
}

void kb_cache_clear(Kb *kb)
{
	while (kb->cache) {
		KbCacheEnt *e = kb->cache;
		kb->cache = e->next;
		kbl_free(&e->list);
		free(e);
	}
	kb->cache_bytes = 0;
}

/* Drop the least recently used entries beyond the budget. */
void kb_cache_trim(Kb *kb)
{
	int count = 0;
	size_t bytes = 0;
	for (KbCacheEnt **pp = &kb->cache; *pp;) {
		KbCacheEnt *e = *pp;
		count++;
		bytes += ent_bytes(e);
		if (count > 1 && (count > CACHE_ENTRIES || bytes > CACHE_BYTES)) {
			*pp = e->next;
			bytes -= ent_bytes(e);
			kbl_free(&e->list);
			free(e);
			continue;
		}
		pp = &e->next;
	}
	kb->cache_bytes = bytes;
}

/* Read every segment's lists of tok, newest segment first. */
static bool read_lists(Kb *kb, const char *tok, bool body, KbList *out, char **err)
{
	sqlite3_stmt *st = body ? kb->q_both : kb->q_tl;
	KbList t = {0}, b = {0};
	sqlite3_reset(st);
	sqlite3_bind_text(st, 1, tok, -1, SQLITE_STATIC);
	int rc;
	bool ok = true;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && ok) {
		const void *p = sqlite3_column_blob(st, 0);
		ok = !p || kbl_decode_append(&t, p, (size_t)sqlite3_column_bytes(st, 0), false);
		if (body && ok) {
			p = sqlite3_column_blob(st, 1);
			ok = !p || kbl_decode_append(&b, p, (size_t)sqlite3_column_bytes(st, 1), true);
		}
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
		if (err)
			*err = store_error_text(kb->st, rc, _("reading the knowledge index"));
		ok = false;
	} else if (!ok && err) {
		*err = store_error_text(kb->st, SQLITE_CORRUPT, _("reading the knowledge index"));
	}
	if (ok && body)
		kbl_union(&t, &b, out);
	else if (ok) {
		*out = t;
		memset(&t, 0, sizeof t);
	}
	kbl_free(&t);
	kbl_free(&b);
	return ok;
}

const KbList *kb_lists_get(Kb *kb, const char *tok, bool body, char **err)
{
	size_t tl = strlen(tok);
	if (tl > KB_TOK_MAX)
		tl = KB_TOK_MAX;
	KbCacheEnt **pp = &kb->cache;
	for (KbCacheEnt *e; (e = *pp) != NULL; pp = &e->next) {
		if (e->body == body && e->gen == kb->gen && strncmp(e->tok, tok, tl) == 0 && e->tok[tl] == '\0') {
			*pp = e->next; /* to the front */
			e->next = kb->cache;
			kb->cache = e;
			return &e->list;
		}
	}
	KbCacheEnt *e = xcalloc(1, sizeof *e);
	memcpy(e->tok, tok, tl);
	e->body = body;
	e->gen = kb->gen;
	if (!read_lists(kb, e->tok, body, &e->list, err)) {
		free(e);
		return NULL;
	}
	e->next = kb->cache;
	kb->cache = e;
	return &e->list;
}
