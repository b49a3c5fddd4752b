/* catalog_search: the matter picker's search over the catalog in memory:
 * names, codes, pinyin initials and full pinyin; bundles with matters. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "client/catalog.h"
#include "common/pinyin.h"
#include "common/xalloc.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Scores: the kind of match, then where it starts; the applicant's kind
 * outranks everything. */
enum {
	S_FIT = 10000,          /* for the applicant's kind (person / entity) */
	S_NAME_START = 900, S_NAME = 800, S_CODE = 700, S_INITIALS_START = 650,
	S_INITIALS = 600, S_FULL_START = 550, S_FULL = 500, S_MEMBER = 300,
	S_BUNDLE = 5,           /* a bundle before a matter matching as well */
};

/* Case-insensitive (ASCII) substring; its offset or -1. */
static long find_ci(const char *hay, const char *needle)
{
	size_t n = strlen(needle);
	if (!hay || n == 0)
		return -1;
	for (const char *p = hay; *p; p++)
		if (strncasecmp(p, needle, n) == 0)
			return p - hay;
	return -1;
}

/* How well a name matches: 0 when it does not; start and len get the match. */
static int score_name(const char *name, const char *q, const PinyinQuery *pq, size_t *start, size_t *len)
{
	long at = find_ci(name, q);
	if (at >= 0) {
		*start = (size_t)at;
		*len = strlen(q);
		return at == 0 ? S_NAME_START : S_NAME;
	}
	if (!pq->usable)
		return 0;
	if (pq->initials && pinyin_query_initials(pq, name, start, len))
		return *start == 0 ? S_INITIALS_START : S_INITIALS;
	if (pinyin_query_full(pq, name, start, len))
		return *start == 0 ? S_FULL_START : S_FULL;
	return 0;
}

/* Whether something for these targets suits the applicant (-1: unknown). */
static bool fits(bool person, bool entity, int applicant_entity)
{
	if (applicant_entity < 0)
		return true;
	return applicant_entity ? entity : person;
}

/* Best first; then bundles first; then the catalog's order. */
static int hit_cmp(const void *a, const void *b)
{
	const CatHit *x = a, *y = b;
	if (x->score != y->score)
		return x->score > y->score ? -1 : 1;
	if (x->is_bundle != y->is_bundle)
		return x->is_bundle ? -1 : 1;
	size_t n;
	if (!x->is_bundle) {
		const CatMatter *m = catalog_matters(&n);
		return strcmp(m[x->index].code, m[y->index].code);
	}
	return x->index < y->index ? -1 : x->index > y->index;
}

size_t catalog_search(const char *q, int applicant_entity, CatHit *hits, size_t max)
{
	size_t nb, nm, n = 0;
	const CatBundle *b = catalog_bundles(&nb);
	const CatMatter *m = catalog_matters(&nm);
	if (max == 0)
		return 0;
	while (q && (*q == ' ' || *q == '\t'))
		q++;
	bool all = !q || !*q;
	PinyinQuery pq;
	memset(&pq, 0, sizeof pq);
	if (!all)
		pinyin_query_init(&pq, q);
	/* Collect every hit, sort, keep the best max. */
	CatHit *v = xcalloc(nb + nm + 1, sizeof *v);
	size_t nv = 0;
	for (size_t i = 0; i < nb; i++) {
		CatHit h = {true, i, 0, 0, 0};
		if (all) {
			h.score = 1;
		} else {
			h.score = score_name(b[i].name, q, &pq, &h.mstart, &h.mlen);
			if (!h.score && find_ci(b[i].id, q) >= 0)
				h.score = S_CODE;
			for (size_t k = 0; !h.score && k < b[i].n; k++) {
				size_t s0, l0;
				if (score_name(b[i].names[k], q, &pq, &s0, &l0) >= S_NAME ||
				    find_ci(b[i].codes[k], q) >= 0)
					h.score = S_MEMBER;
			}
		}
		if (!h.score)
			continue;
		h.score += S_BUNDLE + (fits(b[i].for_person, b[i].for_entity, applicant_entity) ? S_FIT : 0);
		v[nv++] = h;
	}
	for (size_t i = 0; i < nm; i++) {
		CatHit h = {false, i, 0, 0, 0};
		if (all) {
			h.score = 1;
		} else {
			h.score = score_name(m[i].name, q, &pq, &h.mstart, &h.mlen);
			long c = find_ci(m[i].code, q);
			long ic = find_ci(m[i].impl_code, q);
			if (!h.score && (c >= 0 || ic >= 0))
				h.score = S_CODE + (c == 0 || ic == 0 ? 50 : 0);
		}
		if (!h.score)
			continue;
		h.score += fits(m[i].for_person, m[i].for_entity, applicant_entity) ? S_FIT : 0;
		v[nv++] = h;
	}
	qsort(v, nv, sizeof *v, hit_cmp);
	n = nv < max ? nv : max;
	memcpy(hits, v, n * sizeof *v);
	free(v);
	return n;
}
