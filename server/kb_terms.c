/* kb_terms: what the search index holds for an article (CJK bigrams, pinyin initials, matter tokens), and a query in the same terms. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "server/kb.h"
#include "server/sbuf.h"
#include "common/pinyin.h"
#include "common/text.h"
#include "common/xalloc.h"
#include <stdlib.h>
#include <string.h>

/* Separates groups of tokens that must not form a phrase together (a
 * letter, so the index keeps it, that no query ever produces). */
#define SEP " \xc7\x82 " /* U+01C2 */
/* Tokens of titles and keywords, and of pinyin initials, start with a
 * letter of their own: a search in the titles then reads only the titles'
 * (short) lists of documents, never the bodies'. */
#define SHORT_MARK "\xc7\x81" /* U+01C1 */
#define PY_MARK "\xc7\x82"    /* U+01C2 */
#define WORD_MAX 32      /* bytes of an ASCII word kept */
#define SPELLINGS 8      /* pinyin spellings of a title kept */

/* CJK ideographs (and 〇) form bigrams. */
static bool is_han(uint32_t c)
{
	return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) || (c >= 0xF900 && c <= 0xFAFF) ||
	       (c >= 0x20000 && c <= 0x3134F) || c == 0x3007;
}

/* ASCII and full-width letters and digits as lower-case ASCII; 0 for
 * anything else. */
static char ascii_of(uint32_t c)
{
	if (c >= 0xFF10 && c <= 0xFF19)
		c -= 0xFF10 - '0';
	else if (c >= 0xFF21 && c <= 0xFF3A)
		c -= 0xFF21 - 'A';
	else if (c >= 0xFF41 && c <= 0xFF5A)
		c -= 0xFF41 - 'a';
	if (c >= 'A' && c <= 'Z')
		return (char)(c - 'A' + 'a');
	if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
		return (char)c;
	return 0;
}

/* A run of text being split into tokens. */
struct split {
	const char *mark;      /* before every token, or "" */
	struct sbuf *out;
	struct sbuf *singles;  /* every Han character alone (titles), or NULL */
	bool run_final;        /* emit the last character of a Han run alone */
	char prev[5];          /* the previous Han character, "" at a run start */
	char word[WORD_MAX + 1];
	size_t wlen;
};

static void tok(struct sbuf *b, const char *s, size_t n)
{
	if (b->len)
		sbuf_add(b, " ", 1);
	sbuf_add(b, s, n);
}

/* A token with the split's mark. */
static void mtok(const struct split *sp, struct sbuf *b, const char *s, size_t n)
{
	if (b->len)
		sbuf_add(b, " ", 1);
	sbuf_puts(b, sp->mark);
	sbuf_add(b, s, n);
}

/* End the Han run and the ASCII word in progress. */
static void split_break(struct split *sp)
{
	if (sp->prev[0] && sp->run_final)
		mtok(sp, sp->out, sp->prev, strlen(sp->prev));
	sp->prev[0] = '\0';
	if (sp->wlen)
		mtok(sp, sp->out, sp->word, sp->wlen);
	sp->wlen = 0;
}

/* Feed text to a split: Han characters pair with their neighbours, ASCII
 * letters and digits make words, everything else breaks both. */
static void split_text(struct split *sp, const char *s)
{
	size_t n = strlen(s);
	while (n) {
		uint32_t c;
		size_t k = text_utf8_decode(s, n, &c);
		char a;
		if (is_han(c)) {
			if (sp->wlen) {
				mtok(sp, sp->out, sp->word, sp->wlen);
				sp->wlen = 0;
			}
			char pair[9];
			size_t pl = strlen(sp->prev);
			if (pl) {
				memcpy(pair, sp->prev, pl);
				memcpy(pair + pl, s, k);
				mtok(sp, sp->out, pair, pl + k);
			}
			memcpy(sp->prev, s, k);
			sp->prev[k] = '\0';
			if (sp->singles)
				mtok(sp, sp->singles, s, k);
		} else if ((a = ascii_of(c)) != 0) {
			if (sp->prev[0] && sp->run_final)
				mtok(sp, sp->out, sp->prev, strlen(sp->prev));
			sp->prev[0] = '\0';
			if (sp->wlen < WORD_MAX)
				sp->word[sp->wlen++] = a;
		} else {
			split_break(sp);
		}
		s += k;
		n -= k;
	}
	split_break(sp);
}

/* Title-like text: bigrams, then every Han character alone. */
static void short_tokens(struct sbuf *out, const char *s)
{
	struct sbuf singles = { 0 };
	struct split sp = { .mark = SHORT_MARK, .out = out, .singles = &singles };
	split_text(&sp, s);
	if (singles.len) {
		sbuf_puts(out, out->len ? SEP : SEP + 1);
		sbuf_add(out, singles.p, singles.len);
	}
	sbuf_free(&singles);
}

/* Pinyin initials of s, every likely spelling, as letter bigrams (apart
 * from the next spelling's), then every letter once. Pinyin tokens start
 * with the separator letter, so a prefix query for an ASCII word never
 * has to step through them. */
static void initials_tokens(struct sbuf *out, const char *s)
{
	char sp[1024];
	bool seen[128] = { false };
	int n = pinyin_expand_initials(s, sp, sizeof sp, SPELLINGS);
	char *save = NULL;
	for (char *w = n > 0 ? strtok_r(sp, " ", &save) : NULL; w; w = strtok_r(NULL, " ", &save)) {
		if (out->len)
			sbuf_puts(out, SEP + 1);
		size_t len = strlen(w);
		for (size_t i = 0; i < len; i++) {
			seen[(unsigned char)w[i] & 127] = true;
			if (i + 1 < len) {
				char pair[5] = PY_MARK;
				pair[2] = w[i];
				pair[3] = w[i + 1];
				tok(out, pair, 4);
			}
		}
	}
	for (int c = 0; c < 128; c++) {
		if (!seen[c])
			continue;
		char one[4] = PY_MARK;
		one[2] = (char)c;
		sbuf_puts(out, SEP + 1);
		sbuf_add(out, one, 3);
	}
}

/* The mt token of a matter code: "m" and its letters and digits. */
void kb_matter_token(const char *code, char *out, size_t size)
{
	size_t o = 0;
	if (size < 2) {
		if (size)
			out[0] = '\0';
		return;
	}
	out[o++] = 'm';
	for (const char *p = code; *p && o + 1 < size; p++) {
		char a = ascii_of((unsigned char)*p);
		if (a)
			out[o++] = a;
	}
	out[o] = '\0';
}

void kb_terms_of(const struct kb_article *a, struct kb_terms *t)
{
	struct sbuf title = { 0 }, py = { 0 }, kw = { 0 }, kwpy = { 0 }, body = { 0 }, mt = { 0 };
	short_tokens(&title, a->title);
	initials_tokens(&py, a->title);
	for (size_t i = 0; i < a->keywords.n; i++) {
		if (kw.len)
			sbuf_puts(&kw, SEP + 1);
		short_tokens(&kw, a->keywords.v[i]);
		initials_tokens(&kwpy, a->keywords.v[i]);
	}
	char *plain = kb_plain(a->body);
	struct split sp = { .mark = "", .out = &body, .run_final = true };
	split_text(&sp, plain);
	free(plain);
	for (size_t i = 0; i < a->matters.n; i++) {
		char m[72];
		kb_matter_token(a->matters.v[i], m, sizeof m);
		tok(&mt, m, strlen(m));
	}
	size_t len;
	t->title = sbuf_take(&title, &len);
	t->py = sbuf_take(&py, &len);
	t->kw = sbuf_take(&kw, &len);
	t->kwpy = sbuf_take(&kwpy, &len);
	t->body = sbuf_take(&body, &len);
	t->mt = sbuf_take(&mt, &len);
}

void kb_terms_free(struct kb_terms *t)
{
	free(t->title);
	free(t->py);
	free(t->kw);
	free(t->kwpy);
	free(t->body);
	free(t->mt);
	memset(t, 0, sizeof *t);
}

/* ---- queries ---- */

static struct kb_phrase *alt_new(struct kb_qterm *t, unsigned family, bool prefix)
{
	struct kb_phrase *p = &t->alt[t->nalt++];
	memset(p, 0, sizeof *p);
	p->family = family;
	p->prefix = prefix;
	return p;
}

/* Append a token, with mark (may be "") before it. */
static void phrase_tok(struct kb_phrase *p, const char *mark, const char *s, size_t n)
{
	size_t m = strlen(mark);
	if (p->ntok >= KB_Q_TOKENS || m + n >= KB_Q_TOKLEN)
		return;
	memcpy(p->tok[p->ntok], mark, m);
	memcpy(p->tok[p->ntok] + m, s, n);
	p->tok[p->ntok][m + n] = '\0';
	p->ntok++;
}

/* The bigrams of a run of two or more Han characters as one phrase. */
static void han_bigrams(struct kb_phrase *p, const char *mark, const char *s, size_t n)
{
	uint32_t c;
	size_t i = 0;
	while (i < n && p->ntok < KB_Q_TOKENS) {
		size_t k1 = text_utf8_decode(s + i, n - i, &c);
		if (i + k1 >= n)
			break;
		size_t k2 = text_utf8_decode(s + i + k1, n - i - k1, &c);
		phrase_tok(p, mark, s + i, k1 + k2);
		i += k1;
	}
}

/* A run of Han characters (at most KB_Q_TOKENS + 1 of them): in titles and
 * keywords one character is a token of its own, in bodies the start of a
 * bigram (or the last character of a run); two or more are a phrase of
 * bigrams. */
static void han_term(struct kb_query *q, const char *s, size_t n)
{
	if (q->nterm >= KB_Q_TERMS)
		return;
	struct kb_qterm *t = &q->term[q->nterm++];
	memset(t, 0, sizeof *t);
	size_t cut = n < sizeof t->text ? n : sizeof t->text - 1;
	while (cut && (s[cut] & 0xC0) == 0x80)
		cut--;
	memcpy(t->text, s, cut);
	uint32_t c;
	if (text_utf8_decode(s, n, &c) == n) {
		phrase_tok(alt_new(t, KB_F_SHORT, false), SHORT_MARK, s, n);
		phrase_tok(alt_new(t, KB_F_BODY, true), "", s, n);
		return;
	}
	han_bigrams(alt_new(t, KB_F_SHORT, false), SHORT_MARK, s, n);
	han_bigrams(alt_new(t, KB_F_BODY, false), "", s, n);
}

/* An ASCII word: a word prefix in the text (one letter: that word), and
 * when it is all letters, pinyin initials of the title or keywords ("jzz"
 * for 居住证; one letter: any character with that initial). */
static void ascii_term(struct kb_query *q, const char *w, size_t n)
{
	if (q->nterm >= KB_Q_TERMS)
		return;
	struct kb_qterm *t = &q->term[q->nterm++];
	memset(t, 0, sizeof *t);
	if (n > WORD_MAX)
		n = WORD_MAX;
	memcpy(t->text, w, n);
	phrase_tok(alt_new(t, KB_F_SHORT, n > 1), SHORT_MARK, w, n);
	phrase_tok(alt_new(t, KB_F_BODY, n > 1), "", w, n);
	bool letters = true;
	for (size_t i = 0; i < n; i++)
		letters = letters && w[i] >= 'a' && w[i] <= 'z';
	if (!letters)
		return;
	struct kb_phrase *p = alt_new(t, KB_F_PINYIN, false);
	if (n == 1)
		phrase_tok(p, PY_MARK, w, 1);
	for (size_t i = 0; i + 1 < n; i++)
		phrase_tok(p, PY_MARK, w + i, 2);
}

bool kb_query_parse(const char *text, struct kb_query *q)
{
	memset(q, 0, sizeof *q);
	char han[(KB_Q_TOKENS + 1) * 4 + 1], word[WORD_MAX + 1];
	size_t hl = 0, wl = 0, hc = 0;
	size_t n = strlen(text);
	for (;;) {
		uint32_t c = 0;
		size_t k = n ? text_utf8_decode(text, n, &c) : 0;
		char a = n ? ascii_of(c) : 0;
		bool h = n && is_han(c);
		if (!h && hl) {
			han_term(q, han, hl);
			hl = hc = 0;
		}
		if (!a && wl) {
			ascii_term(q, word, wl);
			wl = 0;
		}
		if (!n)
			break;
		if (h && hc < KB_Q_TOKENS + 1) {
			memcpy(han + hl, text, k);
			hl += k;
			hc++;
		} else if (a && wl < WORD_MAX) {
			word[wl++] = a;
		}
		text += k;
		n -= k;
	}
	return q->nterm > 0;
}
