/* kb_list: posting lists (ords newest first with term frequencies) in
 * memory and their varint encoding, for the writer and segment merges. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "client/kb_int.h"
#include "client/i18n.h"
#include "common/xalloc.h"

#include <stdlib.h>
#include <string.h>

void kbl_free(KbList *l)
{
	free(l->ord);
	free(l->tf);
	memset(l, 0, sizeof *l);
}

/* Room for n entries. */
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

/* Write v as a varint (7 bits a byte, low first); its length. */
size_t kb_varint_put(uint8_t *p, uint64_t v)
{
	size_t n = 0;
	while (v >= 0x80) {
		p[n++] = (uint8_t)(v | 0x80);
		v >>= 7;
	}
	p[n++] = (uint8_t)v;
	return n;
}

/* Read a varint at *p (before end); false when truncated. */
bool kb_varint_get(const uint8_t **p, const uint8_t *end, uint64_t *v)
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
 * Encoding of one segment's list: the count, the first ord, then the gap
 * to each next (smaller) one. With term frequencies each number but the
 * count is shifted left once and its low bit says a frequency above 1
 * follows as its own varint (most are 1). A token's segments, newest
 * first, concatenate into one list.
 */
uint8_t *kbl_encode(const uint32_t *ord, const uint8_t *tf, int n, bool with_tf, size_t *len)
{
	uint8_t *buf = xmalloc((size_t)n * 12 + 11), *p = buf;
	p += kb_varint_put(p, (uint64_t)n);
	for (int i = 0; i < n; i++) {
		uint64_t v = i == 0 ? ord[0] : (uint64_t)(ord[i - 1] - ord[i]);
		if (with_tf) {
			bool more = tf[i] > 1;
			p += kb_varint_put(p, v << 1 | more);
			if (more)
				p += kb_varint_put(p, tf[i]);
		} else {
			p += kb_varint_put(p, v);
		}
	}
	*len = (size_t)(p - buf);
	return buf;
}

bool kbl_decode_append(KbList *l, const uint8_t *p, size_t n, bool with_tf)
{
	const uint8_t *end = p + n;
	while (p < end) {
		uint64_t count;
		if (!kb_varint_get(&p, end, &count) || count == 0 || count > UINT32_MAX)
			return false;
		uint32_t prev = 0;
		for (uint64_t k = 0; k < count; k++) {
			uint64_t v, tf = 1;
			if (!kb_varint_get(&p, end, &v))
				return false;
			if (with_tf) {
				if ((v & 1) && !kb_varint_get(&p, end, &tf))
					return false;
				v >>= 1;
			}
			uint64_t ord = k == 0 ? v : prev - v;
			if (ord > UINT32_MAX || (k > 0 && (v == 0 || v > prev)) || (l->n && k == 0 && ord >= l->ord[l->n - 1]))
				return false;
			kbl_push(l, (uint32_t)ord, (unsigned)tf);
			prev = (uint32_t)ord;
		}
	}
	return true;
}
