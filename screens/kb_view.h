/* kb_view: the knowledge screens' layout without curses: an article's body
 * markup as pager paragraphs with links, its related articles and matters,
 * finding text in it, and the labels of a search hit. Unit-tested as
 * strings. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef YC_SCREENS_KB_VIEW_H
#define YC_SCREENS_KB_VIEW_H
#include <stdbool.h>
#include <stddef.h>
#include <time.h>
#include "client/kb.h"
#include "screens/pager.h"

/* A link of an article: to a matter (its code) or to another article. */
typedef struct KbLink {
	bool matter;
	char *target;
	int para;                /* where it is: paragraph and bytes of its text */
	uint32_t start, len;
} KbLink;

typedef struct KbLinks {
	KbLink *v;
	int n, cap;
} KbLinks;
void kblinks_free(KbLinks *l);

/*
 * The body markup (the contract's KbArticle): one block per line, blank
 * lines between groups; "# " a heading, "## " a subheading, "- " a list
 * item, "1. " a numbered item, anything else a paragraph; inline links
 * "[text](matter:CODE)" and "[text](kb:ID)" show their text; every other
 * bracket is text. Appends paragraphs to p; each link becomes a span
 * (R_LINK, its index in links) and an entry in links.
 */
void kbv_body(Paras *p, const char *markup, KbLinks *links);

/* Names of what links point to, for the lists under the body: an
 * article's title or a matter's name; NULL when unknown (the id shows). */
typedef const char *(*kbv_name_fn)(bool matter, const char *target, void *ud);

/* A whole article: the title, a line of kind, date and id, the body, and
 * its related articles and matters as lists of links. */
void kbv_article(Paras *p, const KbArticle *a, KbLinks *links, kbv_name_fn name, void *ud);

/* Matches of a find: paragraph and bytes of its text. */
typedef struct KbMatch {
	int para;
	uint32_t start, len;
} KbMatch;
/* Where query occurs in the paragraphs (kb_find: synonyms and pinyin too),
 * in order; returns how many (at most max). */
int kbv_find(const Paras *p, const char *query, KbMatch *out, int max);

/* The first line (of n wrapped lines) showing bytes at of paragraph para,
 * or -1. */
int kbv_line_of(const PLine *lines, int n, int para, uint32_t at);

/* "办事指南" for guide, "常见问题" for faq … (translated); the kind itself
 * when unknown. */
const char *kbv_kind_label(const char *kind);
/* YYYY-MM-DD in local time; "" for 0. */
void kbv_date(time_t t, char *out, size_t n);
/* The right side of a hit's title row: "办事指南 · 2026-11-20", only the
 * date when that does not fit in cols, nothing when neither does. */
void kbv_hit_right(const KbHit *h, int cols, char *out, size_t n);

#endif
