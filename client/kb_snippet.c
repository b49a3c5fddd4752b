/* kb_snippet: what a hit shows: its article row, a one-line snippet around
 * the first match in the body, and highlight spans (byte offsets) for the
 * title, the snippet and any text (kb_find). */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "client/kb_int.h"
#include "client/i18n.h"
#include "common/text.h"
#include "common/xalloc.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum { SPANS_SCAN = 64 };

/* Next occurrence of the ASCII word w (lower case) in text, case-insensitive. */
static const char *find_ascii(const char *text, size_t len, const char *w, size_t wl)
{
	for (size_t i = 0; wl && i + wl <= len; i++)
		if (strncasecmp(text + i, w, wl) == 0)
			return text + i;
	return NULL;
}

/* No byte above 0x7F. */
static bool ascii_only(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s >= 0x80)
			return false;
	return true;
}

/* Spans by start; the longer first. */
static int cmp_span(const void *a, const void *b)
{
	const KbSpan *x = a, *y = b;
	return x->start < y->start ? -1 : x->start > y->start ? 1 : (x->len > y->len ? -1 : x->len < y->len);
}

/* Spans of every term; pinyin says whether letter terms match Han text
 * by pinyin (titles, kb_find) or only as written (snippets). */
static int spans(const KbQuery *q, const char *text, size_t len, KbSpan *out, int max, bool pinyin)
{
	KbSpan v[SPANS_SCAN];
	int n = 0;
	for (int i = 0; i < q->nterm && n < SPANS_SCAN; i++) {
		const KbTerm *t = &q->term[i];
		if (t->kind == KT_HAN) {
			for (int a = 0; a < t->nalt; a++) {
				size_t al = strlen(t->alt[a]);
				for (const char *p = text; n < SPANS_SCAN && (p = memmem(p, len - (size_t)(p - text), t->alt[a], al)); p += al)
					v[n++] = (KbSpan){(uint32_t)(p - text), (uint32_t)al};
			}
		} else if (pinyin && t->pq.usable) {
			size_t off = 0, st, l;
			while (n < SPANS_SCAN && off < len && pinyin_query_full(&t->pq, text + off, &st, &l)) {
				if (off + st + l > len)
					break;
				v[n++] = (KbSpan){(uint32_t)(off + st), (uint32_t)l};
				off += st + (l ? l : 1);
			}
		} else if (ascii_only(t->text)) {
			size_t wl = strlen(t->text);
			for (const char *p = text; n < SPANS_SCAN && (p = find_ascii(p, len - (size_t)(p - text), t->text, wl)); p += wl)
				v[n++] = (KbSpan){(uint32_t)(p - text), (uint32_t)wl};
		}
	}
	qsort(v, (size_t)n, sizeof *v, cmp_span);
	int k = 0;
	for (int i = 0; i < n; i++) {
		if (k > 0 && v[i].start <= out[k - 1].start + out[k - 1].len) {
			uint32_t end = v[i].start + v[i].len;
			if (end > out[k - 1].start + out[k - 1].len)
				out[k - 1].len = end - out[k - 1].start;
			continue;
		}
		if (k == max)
			break;
		out[k++] = v[i];
	}
	return k;
}

int kb_spans(const KbQuery *q, const char *text, size_t len, KbSpan *out, int max)
{
	return spans(q, text, len, out, max, true);
}

int kb_find(const char *query, const char *text, KbSpan *out, int max)
{
	KbQuery q;
	kb_query_parse(query, &q);
	return text && max > 0 ? spans(&q, text, strlen(text), out, max, true) : 0;
}

/* Byte offset of the earliest literal match of any term in text, or -1. */
static long first_match(const KbQuery *q, const char *text, size_t len)
{
	long best = -1;
	for (int i = 0; i < q->nterm; i++) {
		const KbTerm *t = &q->term[i];
		for (int a = 0; a < (t->kind == KT_HAN ? t->nalt : 1); a++) {
			const char *w = t->kind == KT_HAN ? t->alt[a] : t->text;
			const char *p = t->kind == KT_HAN ? memmem(text, len, w, strlen(w))
				      : ascii_only(w) ? find_ascii(text, len, w, strlen(w)) : NULL;
			if (p && (best < 0 || p - text < best))
				best = p - text;
		}
	}
	return best;
}

char *kb_snippet(const KbQuery *q, const char *plain, int cols, KbSpan *sp, int *nsp, bool *found)
{
	size_t len = strlen(plain);
	long at = first_match(q, plain, len);
	*found = at >= 0;
	size_t start = 0;
	if (at > 0) {
		/* A few characters of context before the match, within its line. */
		int back = cols / 4;
		start = (size_t)at;
		while (start > 0 && back > 0 && plain[start - 1] != '\n') {
			do
				start--;
			while (start > 0 && ((unsigned char)plain[start] & 0xC0) == 0x80);
			back -= (unsigned char)plain[start] >= 0x80 ? 2 : 1;
		}
	}
	size_t take = len - start > (size_t)cols * 4 ? (size_t)cols * 4 : len - start;
	while (take > 0 && start + take < len && ((unsigned char)plain[start + take] & 0xC0) == 0x80)
		take--;
	bool dots = start > 0 && plain[start - 1] != '\n';
	char *buf = xmalloc(take + 4);
	size_t o = 0;
	if (dots) {
		memcpy(buf, "\xe2\x80\xa6", 3); /* … */
		o = 3;
	}
	for (size_t i = 0; i < take; i++)
		buf[o++] = plain[start + i] == '\n' ? ' ' : plain[start + i];
	buf[o] = '\0';
	buf[text_fit(buf, cols > 0 ? cols : KB_SNIPPET_COLS, NULL)] = '\0';
	*nsp = spans(q, buf, strlen(buf), sp, KB_HL_MAX, false);
	return buf;
}

/* A body hit of a phrase of three or more characters was found by its
 * pairs: keep it only when the phrase (or a synonym) is really there. */
static bool phrases_there(const KbQuery *q, const char *plain, const char *title_kw)
{
	for (int i = 0; i < q->nterm; i++) {
		const KbTerm *t = &q->term[i];
		if (t->kind != KT_HAN)
			continue;
		bool ok = false;
		for (int a = 0; a < t->nalt && !ok; a++)
			ok = strstr(plain, t->alt[a]) || strstr(title_kw, t->alt[a]);
		if (!ok)
			return false;
	}
	return true;
}

/* A text column as a new string ("" for NULL). */
static char *col_text(sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);
	return xstrdup(t ? (const char *)t : "");
}

/* The body of ord as plain text, or NULL. */
static char *body_plain(Kb *kb, uint32_t ord, int *rc)
{
	sqlite3_reset(kb->q_body);
	sqlite3_bind_int64(kb->q_body, 1, ord);
	*rc = sqlite3_step(kb->q_body);
	char *p = *rc == SQLITE_ROW ? kb_plain((const char *)sqlite3_column_text(kb->q_body, 0)) : NULL;
	sqlite3_reset(kb->q_body);
	if (*rc == SQLITE_ROW || *rc == SQLITE_DONE)
		*rc = SQLITE_OK;
	return p;
}

bool kb_results_fill(Kb *kb, const KbQuery *q, const KbRank *ranked, int n, int limit, int cols,
		     KbResults *out, int *dropped_out, char **err)
{
	int dropped = 0, rc = SQLITE_OK;
	cols = cols > 0 ? cols : KB_SNIPPET_COLS;
	for (int i = 0; i < n && out->n < limit && rc == SQLITE_OK; i++) {
		uint32_t ord = ranked[i].ord;
		const char *title_kw = kb_doc_text(kb, ord);
		char *plain = title_kw ? body_plain(kb, ord, &rc) : NULL;
		if (!plain || (!ranked[i].title && !phrases_there(q, plain, title_kw))) {
			free(plain);
			dropped++;
			continue;
		}
		sqlite3_stmt *st = kb->q_doc;
		sqlite3_reset(st);
		sqlite3_bind_int64(st, 1, ord);
		rc = sqlite3_step(st);
		if (rc != SQLITE_ROW) {
			sqlite3_reset(st);
			free(plain);
			dropped++;
			rc = rc == SQLITE_DONE ? SQLITE_OK : rc;
			continue;
		}
		KbHit *h = &out->hits[out->n++];
		h->id = col_text(st, 0);
		h->kind = col_text(st, 1);
		h->title = col_text(st, 2);
		h->matters = kb_split_list((const char *)sqlite3_column_text(st, 3), &h->nmatters);
		h->updated_at = (time_t)sqlite3_column_int64(st, 4);
		sqlite3_reset(st);
		rc = SQLITE_OK;
		h->in_title = ranked[i].title;
		h->score = ranked[i].score;
		h->ntitle_hl = kb_spans(q, h->title, strlen(h->title), h->title_hl, KB_HL_MAX);
		bool found;
		h->snippet = kb_snippet(q, plain, cols, h->snippet_hl, &h->nsnippet_hl, &found);
		free(plain);
	}
	if (rc != SQLITE_OK) {
		if (err)
			*err = store_error_text(kb->st, rc, _("reading the knowledge index"));
		return false;
	}
	*dropped_out = dropped;
	return true;
}
