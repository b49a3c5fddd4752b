/* catalog_search: find matters by name, short name, code, keyword or pinyin (initials and full), best first. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "server/catalog.h"
#include "common/pinyin.h"
#include "common/xalloc.h"
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define MAX_TERMS 8

/* How well one word matches one matter: 0 when it does not. A table of
 * tests, strongest first; the best one counts. */
struct term {
	char text[128];
	PinyinQuery pq;
	bool pinyin;  /* letters and digits only: pinyin can match */
};

/* Case-insensitive substring (ASCII letters fold; Han bytes compare as is). */
static const char *find_ci(const char *hay, const char *needle)
{
	size_t n = strlen(needle);
	for (const char *h = hay; h && *h; h++)
		if (strncasecmp(h, needle, n) == 0)
			return h;
	return NULL;
}

/* Score of a text field: whole, prefix, part. */
static int text_score(const char *field, const char *t, int whole, int prefix, int part)
{
	if (!field || !*t)
		return 0;
	if (strcasecmp(field, t) == 0)
		return whole;
	const char *at = find_ci(field, t);
	if (!at)
		return 0;
	return at == field ? prefix : part;
}

/* Score by pinyin: initials at the start, initials anywhere, full pinyin. */
static int pinyin_score(const char *field, const struct term *t, int base)
{
	size_t start = 0;
	if (!field || !t->pinyin)
		return 0;
	if (pinyin_query_initials(&t->pq, field, &start, NULL))
		return start == 0 ? base + 100 : base;
	if (pinyin_query_full(&t->pq, field, &start, NULL))
		return start == 0 ? base - 50 : base - 100;
	return 0;
}

static int max2(int a, int b)
{
	return a > b ? a : b;
}

static int term_score(const struct cat_matter *m, const struct term *t)
{
	int s = 0;
	s = max2(s, text_score(m->code, t->text, 1000, 400, 0));
	s = max2(s, text_score(m->impl, t->text, 1000, 400, 0));
	s = max2(s, text_score(m->name, t->text, 900, 700, 500));
	s = max2(s, text_score(m->short_name, t->text, 800, 480, 450));
	for (size_t k = 0; k < m->nkeywords; k++)
		s = max2(s, text_score(m->keywords[k], t->text, 420, 320, 300));
	s = max2(s, pinyin_score(m->name, t, 250));
	s = max2(s, pinyin_score(m->short_name, t, 240));
	for (size_t k = 0; k < m->nkeywords; k++)
		s = max2(s, pinyin_score(m->keywords[k], t, 200));
	return s;
}

/* Split q at spaces (ASCII and U+3000) into at most MAX_TERMS words. */
static int split(const char *q, struct term *terms)
{
	int n = 0;
	const char *p = q;
	while (*p && n < MAX_TERMS) {
		while (*p == ' ' || *p == '\t' || strncmp(p, "\xe3\x80\x80", 3) == 0)
			p += *p == ' ' || *p == '\t' ? 1 : 3;
		if (!*p)
			break;
		size_t len = 0;
		while (p[len] && p[len] != ' ' && p[len] != '\t' && strncmp(p + len, "\xe3\x80\x80", 3) != 0)
			len++;
		struct term *t = &terms[n];
		if (len >= sizeof t->text)
			len = sizeof t->text - 1;
		memcpy(t->text, p, len);
		t->text[len] = '\0';
		t->pinyin = true;
		for (size_t i = 0; i < len; i++)
			if (!((t->text[i] >= 'a' && t->text[i] <= 'z') || (t->text[i] >= 'A' && t->text[i] <= 'Z') ||
			      (t->text[i] >= '0' && t->text[i] <= '9')))
				t->pinyin = false;
		if (t->pinyin)
			t->pinyin = pinyin_query_init(&t->pq, t->text);
		n++;
		p += len;
	}
	return n;
}

struct hit {
	const struct cat_matter *m;
	int score;
};

/* Best first, then by code. */
static int by_score(const void *a, const void *b)
{
	const struct hit *x = a, *y = b;
	if (x->score != y->score)
		return y->score - x->score;
	return strcmp(x->m->code, y->m->code);
}

/* Oldest change first, then by code. */
static int by_time(const void *a, const void *b)
{
	const struct hit *x = a, *y = b;
	if (x->m->updated_at != y->m->updated_at)
		return x->m->updated_at < y->m->updated_at ? -1 : 1;
	return strcmp(x->m->code, y->m->code);
}

size_t catalog_search(const char *q, const char *dept, int64_t since, const struct cat_matter **out, size_t max)
{
	struct term terms[MAX_TERMS];
	int nt = q ? split(q, terms) : 0;
	size_t n = catalog_matter_count(), found = 0;
	struct hit *hits = xcalloc(n + 1, sizeof *hits);
	for (size_t i = 0; i < n; i++) {
		const struct cat_matter *m = catalog_matter_at(i);
		if (m->deleted_at || (dept && strcmp(m->dept, dept) != 0) || (since >= 0 && m->updated_at <= since))
			continue;
		int total = 0;
		bool all = true;
		for (int k = 0; k < nt && all; k++) {
			int s = term_score(m, &terms[k]);
			all = s > 0;
			total += s;
		}
		if (!all || (q && nt == 0))
			continue;
		hits[found].m = m;
		hits[found].score = total;
		found++;
	}
	qsort(hits, found, sizeof *hits, nt ? by_score : since >= 0 ? by_time : by_score);
	for (size_t i = 0; i < found && i < max; i++)
		out[i] = hits[i].m;
	free(hits);
	return found;
}
