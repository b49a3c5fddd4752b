/* kb_query: a typed query as terms (Han, letters and digits, mixed), the
 * synonym spellings of Han terms, and the pinyin-initials tokens whose
 * title lists hold every title a letter term can match. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "client/kb_int.h"
#include "client/config.h"
#include "common/pinyin.h"
#include "common/text.h"
#include "common/xalloc.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Synonym groups: the built-in ones and the user's, loaded once. */
typedef struct KbSyn {
	char **v;
	int n;
} KbSyn;

static KbSyn *syn;
static int nsyn;
static pthread_once_t syn_once = PTHREAD_ONCE_INIT;

static const char *const builtin_synonyms[] = {
#include "client/kb_synonyms.def"
};

/* One group from "a b c" (fewer than two spellings: ignored). */
static void syn_add(const char *line)
{
	KbSyn g = {0};
	char *copy = xstrdup(line), *save = NULL;
	for (char *t = strtok_r(copy, " \t\r\n", &save); t; t = strtok_r(NULL, " \t\r\n", &save)) {
		if (strlen(t) >= sizeof ((KbTerm *)0)->alt[0])
			continue;
		g.v = xrealloc(g.v, (size_t)(g.n + 1) * sizeof *g.v);
		g.v[g.n++] = xstrdup(t);
	}
	free(copy);
	if (g.n < 2) {
		for (int i = 0; i < g.n; i++)
			free(g.v[i]);
		free(g.v);
		return;
	}
	syn = xrealloc(syn, (size_t)(nsyn + 1) * sizeof *syn);
	syn[nsyn++] = g;
}

/* The built-in groups, then the user's file (once, pthread_once). */
static void synonyms_load(void)
{
	for (size_t i = 0; i < sizeof builtin_synonyms / sizeof builtin_synonyms[0]; i++)
		syn_add(builtin_synonyms[i]);
	char *dir = config_default_dir();
	char *path = xasprintf("%s/synonyms", dir);
	FILE *f = fopen(path, "r");
	char line[1024];
	while (f && fgets(line, sizeof line, f)) {
		if (line[0] != '#') {
			char *c = text_clean(line, TEXT_ONE_LINE);
			syn_add(c);
			free(c);
		}
	}
	if (f)
		fclose(f);
	free(path);
	free(dir);
}

/* Every pinyin syllable any character is read with, sorted. */
static char (*syllables)[8];
static int nsyllables;
static pthread_once_t syllables_once = PTHREAD_ONCE_INIT;

/* Syllable order for the binary search. */
static int cmp_syl(const void *a, const void *b)
{
	return strcmp(a, b);
}

/* Every reading in use, from the characters of the BMP (once). */
static void syllables_build(void)
{
	/* The BMP holds every syllable in use; the supplementary planes would
	 * triple the time of this first letter query for nothing. */
	static const uint32_t ranges[][2] = {{0x3400, 0x4DBF}, {0x4E00, 0x9FFF}, {0xF900, 0xFAFF}};
	enum { SLOTS = 4096 }; /* a set of readings; there are about 1,500 */
	static char set[SLOTS][8];
	for (size_t r = 0; r < sizeof ranges / sizeof ranges[0]; r++) {
		for (uint32_t cp = ranges[r][0]; cp <= ranges[r][1]; cp++) {
			const char *rd[PINYIN_READINGS_MAX];
			int n = pinyin_readings(cp, rd, PINYIN_READINGS_MAX);
			for (int i = 0; i < n; i++) {
				size_t len = strlen(rd[i]);
				if (len >= 8 || nsyllables >= SLOTS / 2)
					continue;
				uint32_t h = 2166136261u;
				for (size_t k = 0; k < len; k++)
					h = (h ^ (unsigned char)rd[i][k]) * 16777619u;
				size_t j = h & (SLOTS - 1);
				while (set[j][0] && strcmp(set[j], rd[i]) != 0)
					j = (j + 1) & (SLOTS - 1);
				if (!set[j][0]) {
					memcpy(set[j], rd[i], len + 1);
					nsyllables++;
				}
			}
		}
	}
	syllables = xmalloc((size_t)(nsyllables ? nsyllables : 1) * sizeof *syllables);
	int k = 0;
	for (int j = 0; j < SLOTS; j++)
		if (set[j][0])
			memcpy(syllables[k++], set[j], 8);
	qsort(syllables, (size_t)nsyllables, sizeof *syllables, cmp_syl);
}

/* 1: s[0..n) is a syllable; 2: only the start of one; 0: neither. */
static int syllable_kind(const char *s, size_t n)
{
	if (n == 0 || n >= 8)
		return 0;
	char key[8];
	memcpy(key, s, n);
	key[n] = '\0';
	int lo = 0, hi = nsyllables;
	while (lo < hi) {
		int mid = (lo + hi) / 2;
		if (strcmp(syllables[mid], key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < nsyllables && strcmp(syllables[lo], key) == 0)
		return 1;
	return lo < nsyllables && strncmp(syllables[lo], key, n) == 0 ? 2 : 0;
}

typedef struct Dfs {
	const char *q;
	size_t len;
	KbTerm *t;
	bool overflow;
	char seq[4];      /* initials of the pieces so far */
	char syl[3][8];   /* readings typed in full, in pieces before the last */
	int nsyl;
} Dfs;

/* One way to read the start of the query: a candidate group. */
static void py_record(Dfs *d, int depth)
{
	if (depth == 0)
		return;
	char tok[KB_PY_GROUP_TOKENS][10];
	int n = 0;
	snprintf(tok[n++], sizeof tok[0], "~%.*s", depth, d->seq);
	for (int i = 0; i < d->nsyl && n < KB_PY_GROUP_TOKENS; i++)
		snprintf(tok[n++], sizeof tok[0], "^%s", d->syl[i]);
	for (int g = 0; g < d->t->ngroup; g++) {
		if (d->t->grp[g].n != n)
			continue;
		bool same = true;
		for (int k = 0; k < n && same; k++)
			same = strcmp(d->t->grp[g].tok[k], tok[k]) == 0;
		if (same)
			return;
	}
	if (d->t->ngroup == KB_PY_GROUPS_MAX) {
		d->overflow = true;
		return;
	}
	d->t->grp[d->t->ngroup].n = n;
	memcpy(d->t->grp[d->t->ngroup++].tok, tok, sizeof tok);
}

/* Every way to cut the query into pieces the pinyin matcher accepts (a
 * whole reading, its initial, zh/ch/sh, or last the start of a reading),
 * as far as the first three characters. */
static void py_dfs(Dfs *d, size_t pos, int depth)
{
	if (pos >= d->len || depth == 3) {
		py_record(d, depth);
		return;
	}
	unsigned char c = (unsigned char)d->q[pos];
	if (c >= 0x80) {
		uint32_t cp;
		size_t n = text_utf8_decode(d->q + pos, d->len - pos, &cp);
		const char *rd[PINYIN_READINGS_MAX];
		int k = pinyin_readings(cp, rd, PINYIN_READINGS_MAX);
		char done[PINYIN_READINGS_MAX];
		int nd = 0;
		for (int i = 0; i < k; i++) {
			if (memchr(done, rd[i][0], (size_t)nd))
				continue;
			done[nd++] = rd[i][0];
			d->seq[depth] = rd[i][0];
			py_dfs(d, pos + n, depth + 1);
		}
		if (k == 0)
			py_record(d, depth);
		return;
	}
	d->seq[depth] = (char)c;
	if (c >= '0' && c <= '9') {
		py_dfs(d, pos + 1, depth + 1);
		return;
	}
	bool lens[8] = {false}, full[8] = {false};
	lens[1] = true;
	if (pos + 1 < d->len && d->q[pos + 1] == 'h' && (c == 'z' || c == 'c' || c == 's'))
		lens[2] = true;
	for (size_t l = 2; l <= 7 && pos + l <= d->len; l++) {
		int k = syllable_kind(d->q + pos, l);
		full[l] = k == 1 && pos + l < d->len; /* the last piece may be the start of a longer reading */
		if (k == 1 || (k == 2 && pos + l == d->len))
			lens[l] = true;
	}
	for (size_t l = 1; l <= 7; l++) {
		if (!lens[l])
			continue;
		bool s = full[l] && d->nsyl < 3;
		if (s)
			snprintf(d->syl[d->nsyl++], sizeof d->syl[0], "%.*s", (int)l, d->q + pos);
		py_dfs(d, pos + l, depth + 1);
		if (s)
			d->nsyl--;
	}
}

/* Does token a imply token b ("~yha" implies "~yh": its titles have
 * those initials too)? */
static bool implies(const char *a, const char *b)
{
	return strcmp(a, b) == 0 || (a[0] == '~' && b[0] == '~' && strncmp(a, b, strlen(b)) == 0);
}

/* Drop groups whose titles another group already covers (a group with
 * more or longer tokens finds a subset). */
static void py_prune(KbTerm *t)
{
	int k = 0;
	for (int g = 0; g < t->ngroup; g++) {
		bool covered = false;
		for (int h = 0; h < t->ngroup && !covered; h++) {
			if (h == g)
				continue;
			bool all = true; /* every token of h implied by one of g */
			for (int j = 0; j < t->grp[h].n && all; j++) {
				bool one = false;
				for (int i = 0; i < t->grp[g].n && !one; i++)
					one = implies(t->grp[g].tok[i], t->grp[h].tok[j]);
				all = one;
			}
			/* Of two groups that imply each other, keep the first. */
			covered = all && (h < g || !t->grp[g].n);
			if (all && h > g) {
				bool back = true;
				for (int j = 0; j < t->grp[g].n && back; j++) {
					bool one = false;
					for (int i = 0; i < t->grp[h].n && !one; i++)
						one = implies(t->grp[h].tok[i], t->grp[g].tok[j]);
					back = one;
				}
				covered = !back;
			}
		}
		if (!covered)
			t->grp[k++] = t->grp[g];
	}
	t->ngroup = k;
}

/* The candidate groups of a letter or mixed term, and whether they are exact. */
static void py_tokens(KbTerm *t)
{
	pthread_once(&syllables_once, syllables_build);
	Dfs d = {.q = t->text, .len = strlen(t->text), .t = t};
	t->ngroup = 0;
	py_dfs(&d, 0, 0);
	if (d.overflow) {
		/* Too many readings: the initials of the first two characters,
		 * a looser but short union. */
		int n = t->ngroup;
		t->ngroup = 0;
		for (int g = 0; g < n; g++) {
			char tok[10];
			snprintf(tok, sizeof tok, "%.3s", t->grp[g].tok[0]);
			bool seen = false;
			for (int k = 0; k < t->ngroup && !seen; k++)
				seen = strcmp(t->grp[k].tok[0], tok) == 0;
			if (!seen) {
				t->grp[t->ngroup].n = 1;
				memcpy(t->grp[t->ngroup++].tok[0], tok, sizeof tok);
			}
		}
	}
	py_prune(t);
	/* Initials typed as such (up to three): their token is exact. */
	t->py_exact = t->ngroup == 1 && t->grp[0].n == 1 && strcmp(t->grp[0].tok[0] + 1, t->text) == 0;
}

/* Add a spelling unless it is there already. */
static void alt_add(KbTerm *t, const char *s)
{
	if (t->nalt >= KB_ALTS_MAX || strlen(s) >= sizeof t->alt[0])
		return;
	for (int i = 0; i < t->nalt; i++)
		if (strcmp(t->alt[i], s) == 0)
			return;
	memmove(t->alt[t->nalt++], s, strlen(s) + 1);
}

/* Spellings with one synonym swapped for another ("社保卡" → "社会保险卡"). */
static void synonyms(KbTerm *t)
{
	pthread_once(&syn_once, synonyms_load);
	t->nalt = 0;
	alt_add(t, t->text);
	for (int g = 0; g < nsyn; g++) {
		const KbSyn *s = &syn[g];
		for (int i = 0; i < s->n; i++) {
			const char *at = strstr(t->text, s->v[i]);
			if (!at)
				continue;
			size_t ml = strlen(s->v[i]);
			for (int k = 0; k < s->n; k++) {
				if (k == i || (strstr(s->v[k], s->v[i]) && strstr(t->text, s->v[k])))
					continue;
				char buf[160];
				snprintf(buf, sizeof buf, "%.*s%s%s", (int)(at - t->text), t->text, s->v[k], at + ml);
				alt_add(t, buf);
			}
		}
	}
}

/* Characters that separate terms: spaces and punctuation, but not the
 * apostrophe of "xi'an". */
static bool separator(uint32_t cp)
{
	if (cp == '\'' || cp == 0x2019)
		return false;
	return cp <= 0x2F || (cp >= 0x3A && cp <= 0x40) || (cp >= 0x5B && cp <= 0x60) || (cp >= 0x7B && cp <= 0xBF) ||
	       (cp >= 0x2000 && cp <= 0x206F) || (cp >= 0x3000 && cp <= 0x303F) || (cp >= 0xFE30 && cp <= 0xFE4F) ||
	       (cp >= 0xFF01 && cp <= 0xFF0F) || (cp >= 0xFF1A && cp <= 0xFF20) || (cp >= 0xFF3B && cp <= 0xFF40) ||
	       (cp >= 0xFF5B && cp <= 0xFF65);
}

/* Classify and prepare one normalized term. */
static void term_finish(KbQuery *q, const char *raw)
{
	KbTerm *t = &q->term[q->nterm];
	memset(t, 0, sizeof *t);
	pinyin_normalize(raw, t->text, PINYIN_QUERY_MAX + 1);
	if (!t->text[0])
		return;
	bool han = false, latin = false;
	for (const char *s = t->text; *s;) {
		uint32_t cp;
		s += text_utf8_decode(s, strlen(s), &cp);
		if (kb_is_han(cp))
			han = true;
		else if (cp < 0x80)
			latin = true;
	}
	if (!han && !latin)
		return;
	t->kind = han && latin ? KT_MIXED : han ? KT_HAN : KT_LETTERS;
	if (t->kind == KT_HAN)
		synonyms(t);
	else {
		pinyin_query_init(&t->pq, t->text);
		py_tokens(t);
	}
	q->nterm++;
}

void kb_query_parse(const char *query, KbQuery *q)
{
	q->nterm = 0;
	char buf[256];
	size_t n = 0;
	char *clean = text_clean(query, TEXT_ONE_LINE);
	for (const char *s = clean;; ) {
		uint32_t cp = 0;
		size_t k = *s ? text_utf8_decode(s, strlen(s), &cp) : 0;
		bool sep = !*s || separator(cp);
		if (!sep && n + k < sizeof buf && (cp < 0x80 || kb_is_han(cp) || (cp >= 0xFF10 && cp <= 0xFF5A) || cp == 0xFC || cp == 0xDC || cp == 0x2019)) {
			memcpy(buf + n, s, k);
			n += k;
		}
		if (sep && n) {
			buf[n] = '\0';
			if (q->nterm < KB_TERMS_MAX)
				term_finish(q, buf);
			n = 0;
		}
		if (!*s)
			break;
		s += k;
	}
	free(clean);
}

bool kb_term_in_text(const KbTerm *t, const char *text, size_t len)
{
	if (t->kind == KT_HAN) {
		for (int i = 0; i < t->nalt; i++)
			if (kb_find_bytes(text, len, t->alt[i], strlen(t->alt[i])))
				return true;
		return false;
	}
	return t->pq.usable && pinyin_query_full(&t->pq, text, NULL, NULL);
}
