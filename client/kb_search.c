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
	CAP_HITS = 2000,     /* hits of a pass that are scored; the newest first */
	CAP_VISIT = 40000,   /* candidates a pass looks at */
	WORDS_MAX = 64,      /* words a letter prefix expands to */
};

/* A term's candidates: tc titles (superset unless tc_exact), ac any field
 * with body term frequencies, words docs whose text has a word starting
 * with the term (letter terms). */
typedef struct TermSet {
	KbList tc, ac, words;
	bool tc_exact, ac_built;
	double idf;
} TermSet;

typedef KbRank Hit;

typedef struct Search {
	Kb *kb;
	KbQuery q;
	TermSet set[KB_TERMS_MAX];
	Hit *hits;
	int nhits, cap;
	char *err;
} Search;

static void copy_list(KbList *dst, const KbList *src)
{
	dst->n = 0;
	for (int i = 0; i < src->n; i++)
		kbl_push(dst, src->ord[i], src->tf[i]);
}

/* dst = dst ∪ src / dst ∩ src (first: copy). */
static void merge_into(KbList *dst, const KbList *src, bool and, bool *first)
{
	if (*first) {
		copy_list(dst, src);
		*first = false;
		return;
	}
	KbList out = {0};
	if (and)
		kbl_intersect(dst, src, &out);
	else
		kbl_union(dst, src, &out);
	kbl_free(dst);
	*dst = out;
}

/* The docs holding a Han spelling: its character, its pair, or all its
 * pairs (a superset of the phrase for three or more). */
static bool han_list(Search *s, const char *text, bool body, KbList *out)
{
	size_t off[65], n = 0, len = strlen(text);
	for (size_t i = 0; i < len && n < 64; i++)
		if (((unsigned char)text[i] & 0xC0) != 0x80)
			off[n++] = i;
	off[n] = len;
	bool first = true;
	out->n = 0;
	size_t grams = n > 1 ? n - 1 : n;
	for (size_t i = 0; i < grams; i++) {
		char tok[KB_TOK_MAX + 1];
		size_t end = off[n > 1 ? i + 2 : 1];
		if (end - off[i] > KB_TOK_MAX)
			break;
		memcpy(tok, text + off[i], end - off[i]);
		tok[end - off[i]] = '\0';
		const KbList *l = kb_lists_get(s->kb, tok, body, &s->err);
		if (!l)
			return false;
		merge_into(out, l, true, &first);
		if (out->n == 0)
			break;
	}
	return true;
}

/* Docs with a word starting with prefix ("#ab…"), titles or any field. */
static bool word_list(Search *s, const char *text, bool body, KbList *out)
{
	char lo[KB_TOK_MAX + 1], hi[KB_TOK_MAX + 1];
	snprintf(lo, sizeof lo, "#%s", text);
	for (const char *p = text; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9')))
			return true; /* not a word */
	snprintf(hi, sizeof hi, "%s", lo);
	hi[strlen(hi) - 1]++;
	sqlite3_stmt *st = s->kb->q_words;
	char (*toks)[KB_TOK_MAX + 1] = xmalloc((WORDS_MAX + 1) * sizeof *toks);
	int n = 0, rc;
	sqlite3_reset(st);
	sqlite3_bind_text(st, 1, lo, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, hi, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && n <= WORDS_MAX)
		snprintf(toks[n++], KB_TOK_MAX + 1, "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_reset(st);
	bool ok = rc == SQLITE_ROW || rc == SQLITE_DONE;
	if (!ok)
		s->err = store_error_text(s->kb->st, rc, _("reading the knowledge index"));
	bool first = true;
	for (int i = 0; ok && i < n && i < WORDS_MAX; i++) {
		const KbList *l = kb_lists_get(s->kb, toks[i], body, &s->err);
		ok = l != NULL;
		if (ok)
			merge_into(out, l, false, &first);
	}
	free(toks);
	return ok;
}

/* Title candidates of one term. */
static bool term_titles(Search *s, const KbTerm *t, TermSet *ts)
{
	KbList tmp = {0};
	bool first = true, ok = true;
	if (t->kind == KT_HAN) {
		ts->tc_exact = true;
		for (int a = 0; ok && a < t->nalt; a++) {
			ok = han_list(s, t->alt[a], false, &tmp);
			merge_into(&ts->tc, &tmp, false, &first);
			ts->tc_exact = ts->tc_exact && kb_chars(t->alt[a]) <= 2;
		}
	} else {
		for (int i = 0; ok && i < t->npy; i++) {
			const KbList *l = kb_lists_get(s->kb, t->py[i], false, &s->err);
			ok = l != NULL;
			if (ok)
				merge_into(&ts->tc, l, false, &first);
		}
		ts->tc_exact = t->kind == KT_LETTERS && t->py_exact;
		if (ok && t->kind == KT_MIXED) {
			/* The Han characters typed must be there too. */
			char han[72];
			size_t n = 0;
			for (const char *p = t->text; *p; p++)
				if ((unsigned char)*p >= 0x80 && n < sizeof han - 1)
					han[n++] = *p;
			han[n] = '\0';
			for (const char *p = han; ok && *p;) {
				size_t k = 1;
				while (((unsigned char)p[k] & 0xC0) == 0x80)
					k++;
				char one[8];
				snprintf(one, sizeof one, "%.*s", (int)k, p);
				const KbList *l = kb_lists_get(s->kb, one, false, &s->err);
				ok = l != NULL;
				if (ok)
					merge_into(&ts->tc, l, true, &first);
				p += k;
			}
		}
	}
	kbl_free(&tmp);
	return ok;
}

/* Any-field candidates of one term, with term frequencies. */
static bool term_any(Search *s, const KbTerm *t, TermSet *ts)
{
	KbList tmp = {0};
	bool first = true, ok = true;
	ts->ac_built = true;
	if (t->kind == KT_HAN) {
		for (int a = 0; ok && a < t->nalt; a++) {
			ok = han_list(s, t->alt[a], true, &tmp);
			merge_into(&ts->ac, &tmp, false, &first);
		}
	} else {
		if (t->kind == KT_LETTERS)
			ok = word_list(s, t->text, true, &ts->words);
		merge_into(&ts->ac, &ts->tc, false, &first);
		if (ok && ts->words.n)
			merge_into(&ts->ac, &ts->words, false, &first);
	}
	kbl_free(&tmp);
	double n = s->kb->live > 0 ? s->kb->live : 1, df = ts->ac.n;
	ts->idf = log(1.0 + (n - df + 0.5) / (df + 0.5));
	return ok;
}

/* Candidates in every term's list (newest first). */
static void intersect_all(Search *s, bool any, KbList *out)
{
	int order[KB_TERMS_MAX];
	for (int i = 0; i < s->q.nterm; i++)
		order[i] = i;
	/* Smallest first keeps the intermediate lists small. */
	for (int i = 1; i < s->q.nterm; i++)
		for (int k = i; k > 0; k--) {
			const KbList *a = any ? &s->set[order[k]].ac : &s->set[order[k]].tc;
			const KbList *b = any ? &s->set[order[k - 1]].ac : &s->set[order[k - 1]].tc;
			if (a->n >= b->n)
				break;
			int t = order[k];
			order[k] = order[k - 1];
			order[k - 1] = t;
		}
	bool first = true;
	for (int i = 0; i < s->q.nterm; i++) {
		merge_into(out, any ? &s->set[order[i]].ac : &s->set[order[i]].tc, true, &first);
		if (out->n == 0)
			break;
	}
}

/* 0..1, higher for newer articles (a year's half-life). */
static double recency(uint32_t updated)
{
	double age = difftime(time(NULL), (time_t)updated) / 86400.0;
	return age <= 0 ? 1.0 : exp(-age / 525.0);
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
				const char *p = memmem(text, d->title_len, t->alt[a], strlen(t->alt[a]));
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

/* Body pass score: bm25 over the terms, plus recency. */
static double body_score(const Search *s, uint32_t ord)
{
	const KbDoc *d = &s->kb->docs[ord];
	double avg = s->kb->live ? (double)s->kb->body_sum / s->kb->live : 1.0, score = 0;
	for (int i = 0; i < s->q.nterm; i++) {
		const TermSet *ts = &s->set[i];
		int k = kbl_find(&ts->ac, ord);
		double tf = k >= 0 ? ts->ac.tf[k] : 1;
		score += ts->idf * tf * 2.2 / (tf + 1.2 * (0.25 + 0.75 * d->body_len / (avg > 0 ? avg : 1)));
	}
	return score + 0.5 * recency(d->updated);
}

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
	for (int i = 0; i < s->q.nterm; i++)
		if (!term_titles(s, &s->q.term[i], &s->set[i]))
			return false;
	KbList c = {0};
	intersect_all(s, false, &c);
	int found = 0;
	for (int i = 0; i < c.n; i++) {
		if (found >= CAP_HITS || i >= CAP_VISIT) {
			*more = true;
			break;
		}
		const char *text = kb_doc_text(s->kb, c.ord[i]);
		if (!text)
			continue;
		bool ok = true;
		for (int k = 0; ok && k < s->q.nterm; k++)
			ok = s->set[k].tc_exact || kb_term_in_text(&s->q.term[k], text, s->kb->docs[c.ord[i]].text_len);
		if (ok) {
			hit_add(s, c.ord[i], true);
			found++;
		}
	}
	kbl_free(&c);
	return true;
}

/* Body pass: the other articles where every term is somewhere. */
static bool pass_any(Search *s, bool *more)
{
	for (int i = 0; i < s->q.nterm; i++)
		if (!term_any(s, &s->q.term[i], &s->set[i]))
			return false;
	KbList c = {0};
	intersect_all(s, true, &c);
	int nt = s->nhits, found = 0, j = 0;
	/* Title hits were added newest first: skip them by walking along. */
	for (int i = 0; i < c.n; i++) {
		if (found >= CAP_HITS || i >= CAP_VISIT) {
			*more = true;
			break;
		}
		uint32_t o = c.ord[i];
		while (j < nt && s->hits[j].ord > o)
			j++;
		if ((j < nt && s->hits[j].ord == o) || !kb_doc_text(s->kb, o))
			continue;
		const char *text = kb_doc_text(s->kb, o);
		bool ok = true;
		for (int k = 0; ok && k < s->q.nterm; k++) {
			const KbTerm *t = &s->q.term[k];
			if (t->kind == KT_HAN)
				continue; /* pairs found it; snippets check phrases */
			ok = kbl_find(&s->set[k].words, o) >= 0 || kb_term_in_text(t, text, s->kb->docs[o].text_len);
		}
		if (ok) {
			hit_add(s, o, false);
			found++;
		}
	}
	kbl_free(&c);
	return true;
}

static int cmp_hit(const void *a, const void *b)
{
	const Hit *x = a, *y = b;
	if (x->score != y->score)
		return x->score < y->score ? 1 : -1;
	return x->ord < y->ord ? 1 : x->ord > y->ord ? -1 : 0;
}

static void search_free(Search *s)
{
	for (int i = 0; i < KB_TERMS_MAX; i++) {
		kbl_free(&s->set[i].tc);
		kbl_free(&s->set[i].ac);
		kbl_free(&s->set[i].words);
	}
	free(s->hits);
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

bool kb_search(Kb *kb, const char *query, const KbSearchOpts *opt, KbResults *out, char **err)
{
	memset(out, 0, sizeof *out);
	int limit = opt && opt->limit > 0 ? opt->limit : KB_LIMIT_DEFAULT;
	limit = limit > KB_LIMIT_MAX ? KB_LIMIT_MAX : limit;
	Search *s = xcalloc(1, sizeof *s);
	s->kb = kb;
	kb_query_parse(query, &s->q);
	bool ok = true, more = false;
	sqlite3 *db = store_db(kb->st);
	bool txn = s->q.nterm > 0 && sqlite3_get_autocommit(db) && sqlite3_exec(db, "BEGIN", NULL, NULL, NULL) == SQLITE_OK;
	if (s->q.nterm > 0) {
		ok = kb_mem_ready(kb, &s->err) && pass_titles(s, &more);
		int titles = s->nhits;
		if (ok && titles < limit)
			ok = pass_any(s, &more);
		if (ok) {
			qsort(s->hits, (size_t)s->nhits, sizeof *s->hits, cmp_hit);
			ok = kb_results_fill(kb, &s->q, s->hits, s->nhits, limit, opt ? opt->snippet_cols : 0, out, &s->err);
			out->total_more = more;
		}
	}
	if (txn)
		sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
	kb_cache_trim(kb);
	if (!ok) {
		kb_results_free(out);
		if (err)
			*err = s->err ? s->err : xstrdup("?");
		else
			free(s->err);
	} else {
		free(s->err);
	}
	search_free(s);
	free(s);
	return ok;
}
