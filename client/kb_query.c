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

static int cmp_syl(const void *a, const void *b)
{
	return strcmp(a, b);
}

static void syllables_build(void)
{
	static const uint32_t ranges[][2] = {{0x3400, 0x4DBF}, {0x4E00, 0x9FFF}, {0xF900, 0xFAFF}, {0x20000, 0x323AF}};
	int cap = 2048;
	syllables = xmalloc((size_t)cap * sizeof *syllables);
	for (size_t r = 0; r < sizeof ranges / sizeof ranges[0]; r++) {
		for (uint32_t cp = ranges[r][0]; cp <= ranges[r][1]; cp++) {
			const char *rd[PINYIN_READINGS_MAX];
			int n = pinyin_readings(cp, rd, PINYIN_READINGS_MAX);
			for (int i = 0; i < n; i++) {
				if (strlen(rd[i]) >= 8)
					continue;
				bool seen = false;
				/* Most repeats are of the last few added. */
				for (int k = nsyllables - 1; k >= 0 && k >= nsyllables - 64 && !seen; k--)
					seen = strcmp(syllables[k], rd[i]) == 0;
				if (seen)
					continue;
				if (nsyllables == cap)
					syllables = xrealloc(syllables, (size_t)(cap *= 2) * sizeof *syllables);
				snprintf(syllables[nsyllables++], 8, "%s", rd[i]);
			}
		}
	}
	qsort(syllables, (size_t)nsyllables, sizeof *syllables, cmp_syl);
	int k = 0;
	for (int i = 0; i < nsyllables; i++)
		if (k == 0 || strcmp(syllables[k - 1], syllables[i]) != 0)
			memcpy(syllables[k++], syllables[i], 8);
	nsyllables = k;
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
} Dfs;

static void py_record(Dfs *d, const char *seq, int n)
{
	if (n == 0)
		return;
	char tok[8] = "~";
	memcpy(tok + 1, seq, (size_t)n);
	tok[n + 1] = '\0';
	for (int i = 0; i < d->t->npy; i++)
		if (strcmp(d->t->py[i], tok) == 0)
			return;
	if (d->t->npy == KB_PY_TOKENS_MAX) {
		d->overflow = true;
		return;
	}
	memcpy(d->t->py[d->t->npy++], tok, sizeof tok);
}

/* The initials of the first three characters a query can spell, over
 * every way to cut it into pieces the pinyin matcher accepts: a whole
 * reading, its initial, zh/ch/sh, or (last) the start of a reading. */
static void py_dfs(Dfs *d, size_t pos, char *seq, int depth)
{
	if (pos >= d->len || depth == 3) {
		py_record(d, seq, depth);
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
			seq[depth] = rd[i][0];
			py_dfs(d, pos + n, seq, depth + 1);
		}
		if (k == 0)
			py_record(d, seq, depth);
		return;
	}
	seq[depth] = (char)c;
	if (c >= '0' && c <= '9') {
		py_dfs(d, pos + 1, seq, depth + 1);
		return;
	}
	bool lens[9] = {false};
	lens[1] = true;
	if (pos + 1 < d->len && d->q[pos + 1] == 'h' && (c == 'z' || c == 'c' || c == 's'))
		lens[2] = true;
	for (size_t l = 2; l <= 7 && pos + l <= d->len; l++) {
		int k = syllable_kind(d->q + pos, l);
		if (k == 1 || (k == 2 && pos + l == d->len))
			lens[l] = true;
	}
	for (size_t l = 1; l <= 7; l++)
		if (lens[l])
			py_dfs(d, pos + l, seq, depth + 1);
}

/* Fewer, shorter tokens when there were too many. */
static void py_shorten(KbTerm *t, int keep)
{
	int n = t->npy;
	t->npy = 0;
	for (int i = 0; i < n; i++) {
		char tok[8];
		snprintf(tok, sizeof tok, "%.*s", keep + 1, t->py[i]);
		bool seen = false;
		for (int k = 0; k < t->npy && !seen; k++)
			seen = strcmp(t->py[k], tok) == 0;
		if (!seen)
			memcpy(t->py[t->npy++], tok, sizeof tok);
	}
}

static void py_tokens(KbTerm *t)
{
	pthread_once(&syllables_once, syllables_build);
	char seq[4];
	Dfs d = {t->text, strlen(t->text), t, false};
	t->npy = 0;
	py_dfs(&d, 0, seq, 0);
	if (d.overflow)
		py_shorten(t, 2);
	/* Initials typed as such (up to three) are matched by their token exactly. */
	t->py_exact = t->npy == 1 && strcmp(t->py[0] + 1, t->text) == 0;
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
	for (const char *s = query ? query : "";; ) {
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
}

bool kb_term_in_text(const KbTerm *t, const char *text, size_t len)
{
	if (t->kind == KT_HAN) {
		for (int i = 0; i < t->nalt; i++)
			if (memmem(text, len, t->alt[i], strlen(t->alt[i])))
				return true;
		return false;
	}
	return t->pq.usable && pinyin_query_full(&t->pq, text, NULL, NULL);
}
