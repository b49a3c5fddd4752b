/* kb_view: knowledge articles as pager paragraphs with links, finding in
 * them, and the labels of search hits; pure layout, no curses. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "screens/kb_view.h"
#include "screens/format.h"
#include "client/i18n.h"
#include "common/text.h"
#include "common/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void kblinks_free(KbLinks *l)
{
	for (int i = 0; i < l->n; i++)
		free(l->v[i].target);
	free(l->v);
	memset(l, 0, sizeof *l);
}

/* Whether glyphs are ASCII (a locale that cannot show a bullet). */
static bool ascii(void)
{
	return strcmp(glyph(G_ELLIPSIS), "~") == 0;
}

/* A growing string. */
typedef struct Buf {
	char *s;
	size_t n, cap;
} Buf;

static void buf_put(Buf *b, const char *s, size_t n)
{
	if (b->n + n + 1 > b->cap) {
		b->cap = (b->n + n + 1) * 2;
		b->s = xrealloc(b->s, b->cap);
	}
	memcpy(b->s + b->n, s, n);
	b->n += n;
	b->s[b->n] = '\0';
}

/* A link found in a block, before it has its paragraph. */
typedef struct Pending {
	bool matter;
	char *target;
	uint32_t start, len;
} Pending;

/* The link at s ("[text](kb:ID)" or "[text](matter:CODE)", within n
 * bytes): its text and target, and the bytes it takes; 0 when s is no
 * link (then '[' is text). */
static size_t parse_link(const char *s, size_t n, size_t *text_len, bool *matter, const char **target, size_t *target_len)
{
	const char *close = memchr(s, ']', n);
	if (!close || close == s + 1)
		return 0;
	size_t tl = (size_t)(close - s - 1);
	if (memchr(s + 1, '[', tl))
		return 0;
	const char *p = close + 1, *end = s + n;
	size_t skip;
	if (end - p > 8 && strncmp(p, "(matter:", 8) == 0) {
		*matter = true;
		skip = 8;
	} else if (end - p > 4 && strncmp(p, "(kb:", 4) == 0) {
		*matter = false;
		skip = 4;
	} else {
		return 0;
	}
	const char *t = p + skip;
	size_t k = 0;
	while (t + k < end && t[k] != ')' && k <= 64 &&
	       (strchr("_-.", t[k]) || (t[k] >= '0' && t[k] <= '9') || ((t[k] | 0x20) >= 'a' && (t[k] | 0x20) <= 'z')))
		k++;
	if (k == 0 || k > 64 || t + k >= end || t[k] != ')')
		return 0;
	*text_len = tl;
	*target = t;
	*target_len = k;
	return (size_t)(t + k + 1 - s);
}

/* One block: prefix, then the inline text with its links as spans. */
static void add_block(Paras *p, Role r, int indent, int hang, const char *prefix, const char *src, size_t n, KbLinks *links)
{
	Buf b = {0};
	buf_put(&b, prefix, strlen(prefix));
	Pending pend[64];
	int np = 0;
	size_t i = 0;
	while (i < n) {
		size_t tl, gl, used;
		bool matter;
		const char *target;
		if (src[i] == '[' && (used = parse_link(src + i, n - i, &tl, &matter, &target, &gl)) > 0) {
			if (np < 64) {
				pend[np] = (Pending){matter, xstrndup(target, gl), (uint32_t)b.n, (uint32_t)tl};
				np++;
			}
			buf_put(&b, src + i + 1, tl);
			i += used;
			continue;
		}
		buf_put(&b, src + i, 1);
		i++;
	}
	paras_add_hang(p, r, indent, hang, "%s", b.s ? b.s : "");
	/* The paragraph's text is cleaned again: offsets hold only when it is
	 * the same text (it is, for clean input). */
	bool same = strcmp(p->v[p->n - 1].text, b.s ? b.s : "") == 0;
	for (int k = 0; k < np; k++) {
		if (same) {
			if (links->n == links->cap) {
				links->cap = links->cap ? links->cap * 2 : 16;
				links->v = xrealloc(links->v, (size_t)links->cap * sizeof *links->v);
			}
			paras_span(p, p->n - 1, pend[k].start, pend[k].len, R_LINK, links->n);
			links->v[links->n++] = (KbLink){pend[k].matter, pend[k].target, (int)p->n - 1, pend[k].start, pend[k].len};
		} else {
			free(pend[k].target);
		}
	}
	free(b.s);
}

/* A blank line between groups (never two, never first). */
static void blank(Paras *p)
{
	if (p->n > 0 && p->v[p->n - 1].text[0] != '\0')
		paras_add(p, R_NORMAL, 0, "%s", "");
}

/* Digits then ". ": the bytes of that number marker, else 0. */
static size_t numbered(const char *s, size_t n)
{
	size_t k = 0;
	while (k < n && k < 4 && s[k] >= '0' && s[k] <= '9')
		k++;
	return k > 0 && k + 1 < n && s[k] == '.' && s[k + 1] == ' ' ? k + 2 : 0;
}

void kbv_body(Paras *p, const char *markup, KbLinks *links)
{
	const char *s = markup ? markup : "";
	const char *bullet = ascii() ? "- " : "\u2022 ";
	while (*s) {
		const char *nl = strchr(s, '\n');
		size_t n = nl ? (size_t)(nl - s) : strlen(s);
		size_t lead = 0;
		while (lead < n && s[lead] == ' ')
			lead++;
		const char *t = s + lead;
		size_t tn = n - lead, k;
		if (tn == 0) {
			blank(p);
		} else if (tn > 3 && strncmp(t, "## ", 3) == 0) {
			if (p->n > 0 && p->v[p->n - 1].role != R_TITLE)
				blank(p);
			add_block(p, R_STRONG, 0, 0, "", t + 3, tn - 3, links);
		} else if (tn > 2 && strncmp(t, "# ", 2) == 0) {
			blank(p);
			add_block(p, R_TITLE, 0, 0, "", t + 2, tn - 2, links);
		} else if (tn > 2 && strncmp(t, "- ", 2) == 0) {
			add_block(p, R_NORMAL, 2, 2, bullet, t + 2, tn - 2, links);
		} else if ((k = numbered(t, tn)) > 0) {
			char num[8];
			snprintf(num, sizeof num, "%.*s", (int)k, t);
			add_block(p, R_NORMAL, 2, (int)k, num, t + k, tn - k, links);
		} else {
			add_block(p, R_NORMAL, 0, 0, "", t, tn, links);
		}
		s = nl ? nl + 1 : s + n;
	}
	while (p->n > 0 && p->v[p->n - 1].text[0] == '\0') {
		Para *last = &p->v[--p->n];
		free(last->text);
		free(last->label);
		free(last->spans);
	}
}

/* A list item that is one link: "• name". */
static void link_item(Paras *p, bool matter, const char *target, const char *name, KbLinks *links)
{
	char *clean_t = text_clean(target, TEXT_ONE_LINE);
	char *clean_n = text_clean(name && *name ? name : target, TEXT_ONE_LINE);
	/* Brackets in a name would end the link early: they become full-width. */
	for (char *c = clean_n; *c; c++)
		if (*c == '[' || *c == ']')
			*c = *c == '[' ? '(' : ')';
	char *line = matter && name && *name ? xasprintf("- [%s](matter:%s) %s", clean_n, clean_t, clean_t)
					    : xasprintf("- [%s](%s:%s)", clean_n, matter ? "matter" : "kb", clean_t);
	kbv_body(p, line, links);
	free(line);
	free(clean_t);
	free(clean_n);
}

void kbv_article(Paras *p, const KbArticle *a, KbLinks *links, kbv_name_fn name, void *ud)
{
	paras_add(p, R_TITLE, 0, "%s", a->title ? a->title : "");
	char date[16];
	kbv_date(a->updated_at, date, sizeof date);
	paras_add(p, R_DIM, 0, _("%s · updated %s · %s"), kbv_kind_label(a->kind), date, a->id ? a->id : "");
	paras_add(p, R_NORMAL, 0, "%s", "");
	kbv_body(p, a->body, links);
	if (a->nrelated > 0) {
		blank(p);
		paras_add(p, R_TITLE, 0, "%s", _("Related articles"));
		for (int i = 0; i < a->nrelated; i++)
			link_item(p, false, a->related[i], name ? name(false, a->related[i], ud) : NULL, links);
	}
	/* A matter's own guide does not link to itself. */
	int shown = 0;
	for (int i = 0; i < a->nmatters; i++) {
		if (a->id && strncmp(a->id, "guide-", 6) == 0 && strcmp(a->id + 6, a->matters[i]) == 0)
			continue;
		if (shown++ == 0) {
			blank(p);
			paras_add(p, R_TITLE, 0, "%s", _("Matters"));
		}
		link_item(p, true, a->matters[i], name ? name(true, a->matters[i], ud) : NULL, links);
	}
}

int kbv_find(const Paras *p, const char *query, KbMatch *out, int max)
{
	int k = 0;
	if (!query || !*query)
		return 0;
	for (size_t i = 0; i < p->n && k < max; i++) {
		KbSpan sp[64];
		int n = kb_find(query, p->v[i].text, sp, 64);
		for (int j = 0; j < n && k < max; j++)
			out[k++] = (KbMatch){(int)i, sp[j].start, sp[j].len};
	}
	return k;
}

int kbv_line_of(const PLine *lines, int n, int para, uint32_t at)
{
	int found = -1;
	for (int i = 0; i < n; i++) {
		if (lines[i].para == para && lines[i].off <= at)
			found = i;
		else if (lines[i].para > para)
			break;
	}
	return found;
}

const char *kbv_kind_label(const char *kind)
{
	static const struct { const char *kind, *label; } kinds[] = {
		{"guide", N_("Service guide")}, {"faq", N_("FAQ")},
		{"policy", N_("Policy document")}, {"notice", N_("Announcement")},
	};
	for (size_t i = 0; kind && i < sizeof kinds / sizeof kinds[0]; i++)
		if (strcmp(kind, kinds[i].kind) == 0)
			return _(kinds[i].label);
	return kind ? kind : "";
}

void kbv_date(time_t t, char *out, size_t n)
{
	struct tm tm;
	if (t <= 0 || !localtime_r(&t, &tm) || strftime(out, n, "%Y-%m-%d", &tm) == 0)
		out[0] = '\0';
}

void kbv_hit_right(const KbHit *h, int cols, char *out, size_t n)
{
	char date[16];
	kbv_date(h->updated_at, date, sizeof date);
	snprintf(out, n, "%s \u00b7 %s", kbv_kind_label(h->kind), date);
	if (text_width(out) <= cols)
		return;
	snprintf(out, n, "%s", date);
	if (text_width(out) > cols)
		out[0] = '\0';
}
