/* pinyin: readings from the generated Unihan table, query normalizing, initials/full matching, index spellings. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "common/pinyin.h"
#include "common/pinyin_table.h"
#include "common/text.h"
#include <string.h>

/* What one character of a text is to the matchers. */
enum { CH_BREAK, CH_SKIP, CH_HAN, CH_SYM };

/* Spaces and punctuation the matchers step over (inclusive ranges). */
static const struct { uint32_t lo, hi; } skip_ranges[] = {
	{ 0x09, 0x0D }, { 0x20, 0x2F }, { 0x3A, 0x40 }, { 0x5B, 0x60 }, { 0x7B, 0x7E },
	{ 0xA0, 0xBF }, { 0xD7, 0xD7 }, { 0x2000, 0x206F }, { 0x3000, 0x303F },
	{ 0xFE30, 0xFE4F }, { 0xFF01, 0xFF0F }, { 0xFF1A, 0xFF20 }, { 0xFF3B, 0xFF40 },
	{ 0xFF5B, 0xFF65 },
};

/* Characters a query drops: spaces and apostrophes (ASCII, curly, wide). */
static const uint32_t query_drop[] = { ' ', '\t', '\n', '\r', '\'', 0x2018, 0x2019, 0x3000, 0xFF07 };

/* The reading set of cp; 0 when it has no reading. */
static inline unsigned han_set(uint32_t cp)
{
	if (cp > pinyin_max_cp)
		return 0;
	return pinyin_pages[pinyin_page_idx[cp >> 8]][cp & 0xFF];
}

/* Decode one character of a NUL-terminated string (not at its end). */
static inline size_t next_cp(const char *s, uint32_t *cp)
{
	const unsigned char *u = (const unsigned char *)s;
	if (u[0] < 0x80) {
		*cp = u[0];
		return 1;
	}
	/* The BMP Han characters inline (they are most of the text); E0 and ED
	 * leads need the overlong and surrogate checks of the full decoder. */
	if (u[0] > 0xE0 && u[0] < 0xF0 && u[0] != 0xED && (u[1] & 0xC0) == 0x80 && (u[2] & 0xC0) == 0x80) {
		*cp = (uint32_t)(u[0] & 0x0F) << 12 | (uint32_t)(u[1] & 0x3F) << 6 | (u[2] & 0x3F);
		return 3;
	}
	/* Safe with n = 4: decoding stops at the NUL, which is no continuation byte. */
	return text_utf8_decode(s, 4, cp);
}

/* ASCII or full-width letter or digit folded to lower-case ASCII; 0 if none. */
static inline char fold_sym(uint32_t cp)
{
	if (cp >= 0xFF10 && cp <= 0xFF5A)
		cp -= 0xFF10 - '0';
	if (cp >= 'A' && cp <= 'Z')
		return (char)(cp - 'A' + 'a');
	if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9'))
		return (char)cp;
	return 0;
}

/* Index of a folded symbol in PinyinQuery.pos: a-z then 0-9. */
static inline int sym_index(char c)
{
	return c >= 'a' ? c - 'a' : 26 + c - '0';
}

/* Whether the matchers step over cp. */
static bool is_skip(uint32_t cp)
{
	for (size_t i = 0; i < sizeof skip_ranges / sizeof skip_ranges[0]; i++)
		if (cp >= skip_ranges[i].lo && cp <= skip_ranges[i].hi)
			return true;
	return false;
}

/* Sort cp into CH_*; *set gets its reading set, *sym its folded symbol. */
static inline int classify(uint32_t cp, unsigned *set, char *sym)
{
	*sym = 0;
	if ((*set = han_set(cp)) != 0)
		return CH_HAN;
	if ((*sym = fold_sym(cp)) != 0)
		return CH_SYM;
	return is_skip(cp) ? CH_SKIP : CH_BREAK;
}

/* Append n bytes at *used when they fit with room for the NUL. */
static bool put(char *out, size_t outsz, size_t *used, const char *b, size_t n)
{
	if (*used + n >= outsz)
		return false;
	memcpy(out + *used, b, n);
	*used += n;
	return true;
}

int pinyin_readings(uint32_t cp, const char **out, int max)
{
	unsigned set = han_set(cp);
	int n = 0;
	for (uint32_t k = pinyin_set_off[set]; set && k < pinyin_set_off[set + 1] && n < max; k++)
		out[n++] = pinyin_syl[pinyin_set_syl[k]];
	return n;
}

/* Lower-case ASCII, ü as v, drop spaces and apostrophes; see pinyin.h. */
size_t pinyin_normalize(const char *in, char *out, size_t outsz)
{
	size_t used = 0;
	if (outsz == 0)
		return 0;
	for (const char *s = in; s && *s;) {
		uint32_t cp;
		size_t n = next_cp(s, &cp);
		const char *b = s;
		s += n;
		bool drop = cp == 0xFFFD || cp < 0x20 || cp == 0x7F;
		for (size_t i = 0; i < sizeof query_drop / sizeof query_drop[0]; i++)
			drop = drop || cp == query_drop[i];
		if (drop)
			continue;
		char c = fold_sym(cp);
		if (cp == 0xFC || cp == 0xDC)
			c = 'v';
		if (!(c ? put(out, outsz, &used, &c, 1) : put(out, outsz, &used, b, n)))
			break;
	}
	out[used] = 0;
	return used;
}

/* First letters of customary readings; other characters pass through. */
size_t pinyin_initials(const char *utf8, char *out, size_t outsz)
{
	size_t used = 0;
	if (outsz == 0)
		return 0;
	for (const char *s = utf8; s && *s;) {
		uint32_t cp;
		size_t n = next_cp(s, &cp);
		const char *b = s;
		s += n;
		unsigned set;
		char c;
		int kind = classify(cp, &set, &c);
		if (kind == CH_HAN)
			c = pinyin_syl[pinyin_set_syl[pinyin_set_off[set]]][0];
		else if (kind != CH_SYM && cp == 0xFFFD)
			continue;
		if (!(kind == CH_HAN || kind == CH_SYM ? put(out, outsz, &used, &c, 1) : put(out, outsz, &used, b, n)))
			break;
	}
	out[used] = 0;
	return used;
}

bool pinyin_query_init(PinyinQuery *pq, const char *query)
{
	memset(pq, 0, sizeof *pq);
	char buf[PINYIN_QUERY_MAX + 2];
	size_t n = pinyin_normalize(query, buf, sizeof buf);
	if (n == 0 || n > PINYIN_QUERY_MAX)
		return false;
	memcpy(pq->q, buf, n + 1);
	pq->len = (uint8_t)n;
	pq->usable = true;
	pq->initials = true;
	for (size_t i = 0; i < n; i++) {
		char c = buf[i];
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) {
			pq->initials = false;
			continue;
		}
		pq->pos[sym_index(c)] |= 1ULL << i;
		if (c >= 'a')
			pq->letters |= 1U << (c - 'a');
	}
	return true;
}

/* Shift-and over the text: bit i of d says q[0..i] matches the characters
 * ending here; a ring remembers where the last 64 characters began. */
bool pinyin_query_initials(const PinyinQuery *pq, const char *text, size_t *start, size_t *len)
{
	if (!pq->usable || !pq->initials || !text)
		return false;
	uint64_t d = 0, done = 1ULL << (pq->len - 1);
	size_t ring[64];
	unsigned count = 0;
	for (const char *s = text; *s;) {
		const char *at = s;
		uint32_t cp;
		s += next_cp(s, &cp);
		unsigned set;
		char sym;
		uint64_t hit = 0;
		switch (classify(cp, &set, &sym)) {
		case CH_SKIP:
			continue;
		case CH_BREAK:
			d = 0;
			continue;
		case CH_SYM:
			hit = pq->pos[sym_index(sym)];
			break;
		default:
			for (uint32_t m = pinyin_set_mask[set] & pq->letters; m; m &= m - 1)
				hit |= pq->pos[__builtin_ctz(m)];
		}
		ring[count++ & 63] = (size_t)(at - text);
		d = ((d << 1) | 1) & hit;
		if (d & done) {
			size_t first = ring[(count - pq->len) & 63];
			if (start)
				*start = first;
			if (len)
				*len = (size_t)(s - text) - first;
			return true;
		}
	}
	return false;
}

/* Letters shared by the start of q and reading r; a typed u stands for ü (v). */
static inline int common_prefix(const char *q, const char *r)
{
	int k = 0;
	while (r[k] && q[k] && (q[k] == r[k] || (q[k] == 'u' && r[k] == 'v')))
		k++;
	return k;
}

/* Query positions reachable after one Han character with reading set set
 * from position j: a whole reading, its first letter, its zh/ch/sh, or any
 * start of it when that ends the query. */
static uint64_t step_han(const PinyinQuery *pq, unsigned j, unsigned set)
{
	uint64_t to = 0;
	const char *q = pq->q + j;
	unsigned left = pq->len - j;
	for (uint32_t k = pinyin_set_off[set]; k < pinyin_set_off[set + 1]; k++) {
		const char *r = pinyin_syl[pinyin_set_syl[k]];
		unsigned n = (unsigned)common_prefix(q, r);
		if (n == 0)
			continue;
		to |= 1ULL << (j + 1);
		if (r[n] == 0)
			to |= 1ULL << (j + n);
		if (n >= 2 && r[1] == 'h' && (r[0] == 'z' || r[0] == 'c' || r[0] == 's'))
			to |= 1ULL << (j + 2);
		if (n == left)
			to |= 1ULL << pq->len;
	}
	return to;
}

/* All positions reachable from the set from after character cp. */
static uint64_t step(const PinyinQuery *pq, uint64_t from, uint32_t cp, int kind, unsigned set, char sym)
{
	uint64_t to = 0;
	for (; from; from &= from - 1) {
		unsigned j = (unsigned)__builtin_ctzll(from);
		if (j >= pq->len)
			continue;
		if ((unsigned char)pq->q[j] >= 0x80) {
			uint32_t qcp;
			size_t n = next_cp(pq->q + j, &qcp);
			if (qcp == cp)
				to |= 1ULL << (j + n);
		} else if (kind == CH_SYM) {
			if (pq->q[j] == sym)
				to |= 1ULL << (j + 1);
		} else if (kind == CH_HAN) {
			to |= step_han(pq, j, set);
		}
	}
	return to;
}

/* Whether cp could begin a match of the query (a cheap first filter). */
static inline bool can_start(const PinyinQuery *pq, uint32_t cp, int kind, unsigned set, char sym)
{
	unsigned char c = (unsigned char)pq->q[0];
	if (c >= 0x80)
		return true;
	if (kind == CH_SYM)
		return sym == (char)c;
	return kind == CH_HAN && c >= 'a' && c <= 'z' && (pinyin_set_mask[set] >> (c - 'a') & 1);
}

/* Try each start in turn; from it, follow the set of query positions the
 * characters so far can reach until the whole query is reached. */
bool pinyin_query_full(const PinyinQuery *pq, const char *text, size_t *start, size_t *len)
{
	if (!pq->usable || !text)
		return false;
	uint64_t done = 1ULL << pq->len;
	for (const char *s = text; *s;) {
		const char *at = s;
		uint32_t cp;
		unsigned set;
		char sym;
		s += next_cp(s, &cp);
		int kind = classify(cp, &set, &sym);
		if (!can_start(pq, cp, kind, set, sym))
			continue;
		uint64_t reach = step(pq, 1, cp, kind, set, sym);
		const char *end = s;
		while (reach && !(reach & done) && *end) {
			end += next_cp(end, &cp);
			kind = classify(cp, &set, &sym);
			if (kind != CH_SKIP)
				reach = step(pq, reach, cp, kind, set, sym);
		}
		if (reach & done) {
			if (start)
				*start = (size_t)(at - text);
			if (len)
				*len = (size_t)(end - at);
			return true;
		}
	}
	return false;
}

bool pinyin_match_initials(const char *text, const char *query, size_t *start, size_t *len)
{
	PinyinQuery pq;
	return pinyin_query_init(&pq, query) && pinyin_query_initials(&pq, text, start, len);
}

bool pinyin_match_full(const char *text, const char *query, size_t *start, size_t *len)
{
	PinyinQuery pq;
	return pinyin_query_init(&pq, query) && pinyin_query_full(&pq, text, start, len);
}

/* The state of one expansion: each character's options (initial letters or
 * reading indices, customary first) and the choice being spelt. */
typedef struct Expand {
	bool full;
	int n;
	unsigned set[PINYIN_EXPAND_CHARS];      /* 0 for a letter or digit */
	char opt[PINYIN_EXPAND_CHARS][PINYIN_READINGS_MAX];
	int nopt[PINYIN_EXPAND_CHARS];
	int spare[PINYIN_EXPAND_CHARS + 1];     /* sum of (nopt - 1) from i on */
	int choice[PINYIN_EXPAND_CHARS];
	char *out;
	size_t outsz, used;
	int count, cap;
	bool stop;
} Expand;

/* Gather the characters of utf8 and their options. */
static void expand_load(Expand *e, const char *utf8)
{
	for (const char *s = utf8; s && *s && e->n < PINYIN_EXPAND_CHARS;) {
		uint32_t cp;
		unsigned set;
		char sym;
		s += next_cp(s, &cp);
		int kind = classify(cp, &set, &sym), i = e->n, k = 0;
		if (kind == CH_SYM) {
			e->set[i] = 0;
			e->opt[i][k++] = sym;
		} else if (kind == CH_HAN) {
			e->set[i] = set;
			uint32_t seen = 0, first = pinyin_set_off[set];
			for (uint32_t r = first; r < pinyin_set_off[set + 1] && k < PINYIN_READINGS_MAX; r++) {
				char c = pinyin_syl[pinyin_set_syl[r]][0];
				if (e->full)
					e->opt[i][k++] = (char)(r - first);
				else if (!(seen >> (c - 'a') & 1))
					e->opt[i][k++] = c;
				seen |= 1U << (c - 'a');
			}
		} else {
			continue;
		}
		e->nopt[e->n++] = k;
	}
	e->spare[e->n] = 0;
	for (int i = e->n - 1; i >= 0; i--)
		e->spare[i] = e->spare[i + 1] + e->nopt[i] - 1;
}

/* Whether the space-separated list out[0..used) holds word. */
static bool expand_has(const Expand *e, const char *word, size_t n)
{
	for (size_t i = 0; i < e->used;) {
		size_t w = strcspn(e->out + i, " ");
		if (w == n && memcmp(e->out + i, word, n) == 0)
			return true;
		i += w + 1;
	}
	return false;
}

/* Spell the current choice and append it unless it is there already. */
static void expand_emit(Expand *e)
{
	char word[PINYIN_EXPAND_CHARS * (PINYIN_SYL_LEN - 1) + 1];
	size_t n = 0;
	for (int i = 0; i < e->n; i++) {
		char o = e->opt[i][e->choice[i]];
		if (!e->full || !e->set[i]) {
			word[n++] = o;
			continue;
		}
		const char *r = pinyin_syl[pinyin_set_syl[pinyin_set_off[e->set[i]] + (unsigned char)o]];
		size_t rl = strlen(r);
		memcpy(word + n, r, rl);
		n += rl;
	}
	if (expand_has(e, word, n))
		return;
	size_t sep = e->count ? 1 : 0;
	if (e->used + sep + n >= e->outsz) {
		e->stop = true;
		return;
	}
	if (sep)
		e->out[e->used++] = ' ';
	memcpy(e->out + e->used, word, n);
	e->used += n;
	e->out[e->used] = 0;
	e->stop = ++e->count >= e->cap;
}

/* Every choice from character i on whose option indices add up to budget. */
static void expand_walk(Expand *e, int i, int budget)
{
	if (i == e->n) {
		if (budget == 0)
			expand_emit(e);
		return;
	}
	for (int k = 0; k < e->nopt[i] && k <= budget && !e->stop; k++) {
		if (budget - k > e->spare[i + 1])
			continue;
		e->choice[i] = k;
		expand_walk(e, i + 1, budget - k);
	}
}

/* Spellings in rounds of growing distance from the customary ones. */
static int expand(const char *utf8, bool full, char *out, size_t outsz, int cap)
{
	Expand e = { .full = full, .out = out, .outsz = outsz, .cap = cap };
	if (outsz == 0)
		return 0;
	out[0] = 0;
	expand_load(&e, utf8);
	for (int budget = 0; e.n > 0 && cap > 0 && budget <= e.spare[0] && !e.stop; budget++)
		expand_walk(&e, 0, budget);
	return e.count;
}

int pinyin_expand_initials(const char *utf8, char *out, size_t outsz, int cap)
{
	return expand(utf8, false, out, outsz, cap);
}

int pinyin_expand_full(const char *utf8, char *out, size_t outsz, int cap)
{
	return expand(utf8, true, out, outsz, cap);
}
