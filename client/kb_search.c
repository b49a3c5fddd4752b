/* kb_search: a query against the local index in two passes that stop
 * early: titles and keywords first (newest candidates first, at most a few
 * thousand scored), bodies only when the titles gave too few; then bm25 and
 * recency rank, and the best hits get their snippets. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "client/kb_int.h"
#include "client/i18n.h"
#include "common/xalloc.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum {
	CAP_HITS = 1000,     /* hits of a pass that are scored; the newest first */
	CAP_VISIT = 30000,   /* candidates a pass looks at */
	WORDS_MAX = 24,      /* words a Latin prefix expands to */
};

typedef KbRank Hit;

typedef struct Search {
	Kb *kb;
	KbQuery q;
	KbItPool *pool;
	bool title_exact[KB_TERMS_MAX];
	KbIt *any[KB_TERMS_MAX];   /* body pass: each term's candidates */
	KbIt *words[KB_TERMS_MAX]; /* body pass: letter terms' Latin words anywhere */
	double idf[KB_TERMS_MAX];
	Hit *hits;
	int nhits, cap;
	char *err;
	bool failed;
} Search;

/* A token's iterator; on a store failure the search fails. */
static KbIt *token(Search *s, const char *tok, bool body)
{
	KbIt *it = s->failed ? NULL : kb_it_token(s->kb, s->pool, tok, body, &s->err);
	if (!it) {
		s->failed = true;
		return kb_it_empty(s->pool);
	}
	return it;
}

/* Where a Han spelling may be: its character, its pair, or all its pairs
 * (the phrase itself is checked later, on the text). */
static KbIt *han(Search *s, const char *text, bool body)
{
	size_t off[65], n = 0, len = strlen(text);
	for (size_t i = 0; i < len && n < 64; i++)
		if (((unsigned char)text[i] & 0xC0) != 0x80)
			off[n++] = i;
	off[n] = len;
	if (n == 1)
		return token(s, text, body);
	KbIt *kids[64];
	int k = 0;
	for (size_t i = 0; i + 1 < n; i++) {
		char tok[KB_TOK_MAX + 1];
		size_t l = off[i + 2] - off[i];
		if (l > KB_TOK_MAX)
			continue;
		memcpy(tok, text + off[i], l);
		tok[l] = '\0';
		kids[k++] = token(s, tok, body);
	}
	return k ? kb_it_and(s->pool, kids, k) : kb_it_empty(s->pool);
}

/* Titles a letter or mixed term may match (pinyin groups). */
static KbIt *pinyin(Search *s, const KbTerm *t)
{
	KbIt *alts[KB_PY_GROUPS_MAX];
	for (int g = 0; g < t->ngroup; g++) {
		KbIt *kids[KB_PY_GROUP_TOKENS];
		for (int k = 0; k < t->grp[g].n; k++)
			kids[k] = token(s, t->grp[g].tok[k], false);
		alts[g] = kb_it_and(s->pool, kids, t->grp[g].n);
	}
	KbIt *it = t->ngroup ? kb_it_or(s->pool, alts, t->ngroup) : kb_it_empty(s->pool);
	if (t->kind != KT_MIXED)
		return it;
	/* The Han characters typed must be there too. */
	KbIt *kids[KB_TERMS_MAX * 8];
	int n = 0;
	kids[n++] = it;
	for (const char *p = t->text; *p && n < (int)(sizeof kids / sizeof kids[0]);) {
		size_t k = 1;
		while (((unsigned char)p[k] & 0xC0) == 0x80)
			k++;
		if ((unsigned char)*p >= 0x80) {
			char one[8];
			snprintf(one, sizeof one, "%.*s", (int)k, p);
			kids[n++] = token(s, one, false);
		}
		p += k;
	}
	return kb_it_and(s->pool, kids, n);
}

/* Latin words starting with the term ("1" only the word 1 itself). */
static KbIt *words(Search *s, const char *text)
{
	for (const char *p = text; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9')))
			return kb_it_empty(s->pool);
	char lo[KB_TOK_MAX + 1], hi[KB_TOK_MAX + 1];
	snprintf(lo, sizeof lo, "#%s", text);
	if (strlen(text) < 2)
		return token(s, lo, true);
	snprintf(hi, sizeof hi, "%s", lo);
	hi[strlen(hi) - 1]++;
	sqlite3_stmt *st = s->kb->q_words;
	KbIt *kids[WORDS_MAX];
	char (*toks)[KB_TOK_MAX + 1] = xmalloc(WORDS_MAX * sizeof *toks);
	int n = 0, rc;
	sqlite3_reset(st);
	sqlite3_bind_text(st, 1, lo, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, hi, -1, SQLITE_STATIC);
	while (n < WORDS_MAX && (rc = sqlite3_step(st)) == SQLITE_ROW)
		snprintf(toks[n++], KB_TOK_MAX + 1, "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_reset(st);
	for (int i = 0; i < n; i++)
		kids[i] = token(s, toks[i], true);
	free(toks);
	return n ? kb_it_or(s->pool, kids, n) : kb_it_empty(s->pool);
}

/* A term's title candidates; *exact when they need no check. */
static KbIt *term_titles(Search *s, const KbTerm *t, bool *exact)
{
	if (t->kind != KT_HAN) {
		*exact = t->kind == KT_LETTERS && t->py_exact;
		return pinyin(s, t);
	}
	KbIt *alts[KB_ALTS_MAX];
	*exact = true;
	for (int a = 0; a < t->nalt; a++) {
		alts[a] = han(s, t->alt[a], false);
		*exact = *exact && kb_chars(t->alt[a]) <= 2;
	}
	return kb_it_or(s->pool, alts, t->nalt);
}

/* A term's candidates in any field, with body term frequencies. */
static KbIt *term_any(Search *s, const KbTerm *t, int i)
{
	if (t->kind == KT_HAN) {
		KbIt *alts[KB_ALTS_MAX];
		for (int a = 0; a < t->nalt; a++)
			alts[a] = han(s, t->alt[a], true);
		return kb_it_or(s->pool, alts, t->nalt);
	}
	if (t->kind == KT_MIXED)
		return pinyin(s, t);
	s->words[i] = words(s, t->text);
	kb_it_first(s->words[i]);
	KbIt *kids[2] = {pinyin(s, t), words(s, t->text)};
	return kb_it_or(s->pool, kids, 2);
}

/* 0..1, higher for newer articles (a year and a half's half-life). */
static double recency(uint32_t updated)
{
	double age = difftime(time(NULL), (time_t)updated) / 86400.0;
	return age <= 0 ? 1.0 : exp(-age / 800.0);
}

/* Title pass score: where and how much of the title the terms cover. */
static double title_score(const Search *s, uint32_t ord)
{
	const KbDoc *d = &s->kb->docs[ord];
	const char *text = s->kb->text + d->text_off;
	double score = 100.0;
	size_t covered = 0;
	for (int i = 0; i < s->q.nterm; i++) {
		const KbTerm *t = &s->q.term[i];
		size_t start = SIZE_MAX, len = 0;
		if (t->kind == KT_HAN) {
			for (int a = 0; a < t->nalt; a++) {
				const char *p = kb_find_bytes(text, d->title_len, t->alt[a], strlen(t->alt[a]));
				if (p && (size_t)(p - text) < start) {
					start = (size_t)(p - text);
					len = strlen(t->alt[a]);
				}
			}
		} else if (!pinyin_query_full(&t->pq, text, &start, &len) || start >= d->title_len) {
			start = SIZE_MAX;
		}
		if (start == SIZE_MAX) {
			score += 1.5; /* a keyword */
			continue;
		}
		score += start == 0 ? 4.0 : 3.0;
		covered += len;
	}
	if (d->title_len)
		score += 3.0 * (double)(covered > d->title_len ? d->title_len : covered) / d->title_len;
	return score + recency(d->updated) + (d->kind == KB_KIND_GUIDE ? 0.3 : 0.0);
}

/* Body pass score: bm25 over the terms (tf where the iterators stand),
 * plus recency. */
static double body_score(const Search *s, uint32_t ord)
{
	const KbDoc *d = &s->kb->docs[ord];
	double avg = s->kb->live ? (double)s->kb->body_sum / s->kb->live : 1.0, score = 0;
	for (int i = 0; i < s->q.nterm; i++) {
		double tf = kb_it_tf(s->any[i]);
		score += s->idf[i] * tf * 2.2 / (tf + 1.2 * (0.25 + 0.75 * d->body_len / (avg > 0 ? avg : 1)));
	}
	return score + 0.5 * recency(d->updated);
}

/* Keep a hit of a pass with its score. */
static void hit_add(Search *s, uint32_t ord, bool title)
{
	if (s->nhits == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 256;
		s->hits = xrealloc(s->hits, (size_t)s->cap * sizeof *s->hits);
	}
	s->hits[s->nhits++] = (Hit){ord, title, title ? title_score(s, ord) : body_score(s, ord)};
}

/* Title pass: every term in the title or keywords. */
static bool pass_titles(Search *s, bool *more)
{
	KbIt *kids[KB_TERMS_MAX];
	for (int i = 0; i < s->q.nterm; i++)
		kids[i] = term_titles(s, &s->q.term[i], &s->title_exact[i]);
	if (s->failed)
		return false;
	KbIt *c = kb_it_and(s->pool, kids, s->q.nterm);
	int found = 0, visited = 0;
	for (bool on = kb_it_first(c); on; on = kb_it_next(c)) {
		if (found >= CAP_HITS || ++visited > CAP_VISIT) {
			*more = true;
			break;
		}
		uint32_t o = kb_it_ord(c);
		const char *text = kb_doc_text(s->kb, o);
		if (!text)
			continue;
		bool ok = true;
		for (int k = 0; ok && k < s->q.nterm; k++)
			ok = s->title_exact[k] || kb_term_in_text(&s->q.term[k], text, s->kb->docs[o].text_len);
		if (ok) {
			hit_add(s, o, true);
			found++;
		}
	}
	return !kb_it_broken(c);
}

/* Is the letter term k there by a Latin word, or else by its title? */
static bool letters_match(Search *s, int k, uint32_t o, const char *text)
{
	KbIt *w = s->words[k];
	if (w && kb_it_seek(w, o) && kb_it_ord(w) == o)
		return true;
	return kb_term_in_text(&s->q.term[k], text, s->kb->docs[o].text_len);
}

/* Body pass: the other articles where every term is somewhere. */
static bool pass_any(Search *s, bool *more)
{
	double n = s->kb->live > 0 ? s->kb->live : 1;
	for (int i = 0; i < s->q.nterm; i++) {
		s->any[i] = term_any(s, &s->q.term[i], i);
		double df = kb_it_df(s->any[i]);
		s->idf[i] = log(1.0 + (n - df + 0.5) / (df + 0.5));
	}
	if (s->failed)
		return false;
	KbIt *c = kb_it_and(s->pool, s->any, s->q.nterm);
	int nt = s->nhits, found = 0, j = 0, visited = 0;
	/* Title hits were added newest first: skip them by walking along. */
	for (bool on = kb_it_first(c); on; on = kb_it_next(c)) {
		if (found >= CAP_HITS || ++visited > CAP_VISIT) {
			*more = true;
			break;
		}
		uint32_t o = kb_it_ord(c);
		while (j < nt && s->hits[j].ord > o)
			j++;
		const char *text = kb_doc_text(s->kb, o);
		if ((j < nt && s->hits[j].ord == o) || !text)
			continue;
		bool ok = true;
		for (int k = 0; ok && k < s->q.nterm; k++) {
			const KbTerm *t = &s->q.term[k];
			if (t->kind == KT_LETTERS)
				ok = letters_match(s, k, o, text);
			else if (t->kind == KT_MIXED)
				ok = kb_term_in_text(t, text, s->kb->docs[o].text_len);
			/* Han terms: their pairs are there; snippets check phrases. */
		}
		if (ok) {
			hit_add(s, o, false);
			found++;
		}
	}
	return !kb_it_broken(c);
}

/* Better score first; newer first among equals. */
static int cmp_hit(const void *a, const void *b)
{
	const Hit *x = a, *y = b;
	if (x->score != y->score)
		return x->score < y->score ? 1 : -1;
	return x->ord < y->ord ? 1 : x->ord > y->ord ? -1 : 0;
}

/* Move the k best of v[0..n) to its front, in no order (quickselect). */
static void select_best(Hit *v, int n, int k)
{
	int lo = 0, hi = n - 1;
	while (k > 0 && k < n && lo < hi) {
		Hit pivot = v[lo + (hi - lo) / 2];
		int i = lo, j = hi;
		while (i <= j) {
			while (cmp_hit(&v[i], &pivot) < 0)
				i++;
			while (cmp_hit(&v[j], &pivot) > 0)
				j--;
			if (i <= j) {
				Hit t = v[i];
				v[i++] = v[j];
				v[j--] = t;
			}
		}
		if (k - 1 <= j)
			hi = j;
		else if (k - 1 >= i)
			lo = i;
		else
			break;
	}
}

void kb_results_free(KbResults *r)
{
	for (int i = 0; r && i < r->n; i++) {
		KbHit *h = &r->hits[i];
		free(h->id);
		free(h->title);
		free(h->kind);
		free(h->snippet);
		for (int k = 0; k < h->nmatters; k++)
			free(h->matters[k]);
		free(h->matters);
	}
	if (r) {
		free(r->hits);
		memset(r, 0, sizeof *r);
	}
}

/* Both passes and the results, inside one read transaction. */
static bool run(Search *s, int limit, int cols, KbResults *out)
{
	bool more = false;
	if (!kb_mem_ready(s->kb, &s->err) || !pass_titles(s, &more))
		return false;
	/* Sorted by ord, newest first, as the body pass expects. */
	if (s->nhits < limit) {
		if (!pass_any(s, &more))
			return false;
	} else {
		more = true; /* bodies not searched: there may be more */
	}
	/* Only the best few need an order: bring them to the front, sort
	 * those, and more only when phrase checks dropped too many. */
	int head = 0, dropped = 0;
	out->hits = xcalloc((size_t)limit, sizeof *out->hits);
	while (out->n < limit && head < s->nhits) {
		int want = (limit - out->n) * 2 + 16;
		int k = head + want < s->nhits ? head + want : s->nhits;
		select_best(s->hits + head, s->nhits - head, k - head);
		qsort(s->hits + head, (size_t)(k - head), sizeof *s->hits, cmp_hit);
		int d = 0;
		if (!kb_results_fill(s->kb, &s->q, s->hits + head, k - head, limit, cols, out, &d, &s->err))
			return false;
		dropped += d;
		head = k;
	}
	out->total = s->nhits - dropped;
	out->total_more = more;
	return true;
}

bool kb_search(Kb *kb, const char *query, const KbSearchOpts *opt, KbResults *out, char **err)
{
	memset(out, 0, sizeof *out);
	int limit = opt && opt->limit > 0 ? opt->limit : KB_LIMIT_DEFAULT;
	limit = limit > KB_LIMIT_MAX ? KB_LIMIT_MAX : limit;
	Search *s = xcalloc(1, sizeof *s);
	s->kb = kb;
	s->pool = kb_pool_new();
	kb_query_parse(query, &s->q);
	bool ok = true;
	if (s->q.nterm > 0) {
		sqlite3 *db = store_db(kb->st);
		bool txn = sqlite3_get_autocommit(db) && sqlite3_exec(db, "BEGIN", NULL, NULL, NULL) == SQLITE_OK;
		ok = run(s, limit, opt ? opt->snippet_cols : 0, out);
		if (!ok && !s->err)
			s->err = store_error_text(kb->st, SQLITE_CORRUPT, _("reading the knowledge index"));
		if (txn)
			sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
	}
	kb_pool_free(s->pool);
	kb_cache_trim(kb);
	if (!ok)
		kb_results_free(out);
	if (!ok && err)
		*err = s->err;
	else
		free(s->err);
	free(s->hits);
	free(s);
	return ok;
}
