/* pager: paragraphs of text with a role and an indent, wrapped to the
 * window's width (CJK never split), drawn from a scroll position; and a
 * pager screen that shows them (the 办事指南, the one-time notice). */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef YC_SCREENS_PAGER_H
#define YC_SCREENS_PAGER_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <curses.h>
#include "screens/draw.h"
#include "screens/screen.h"

/* A part of a paragraph's (or line's) text drawn in a role of its own:
 * bytes [start, start + len) of the clean text. link >= 0 makes it a link
 * (its number in the owner's table); -1 is plain. Where spans overlap, the
 * later one shows. */
typedef struct PSpan {
	uint32_t start, len;
	Role role;
	int link;
} PSpan;

typedef struct Para {
	Role role;
	int indent;          /* columns; continuation lines hang at indent + hang */
	int hang;
	char *text;          /* clean; '\n' starts a new line */
	bool raw;            /* cut, never wrapped, spaces kept (a QR code) */
	char *label;         /* paras_field: shown before the text's first line */
	int label_w;
	PSpan *spans;        /* paras_span: inline roles and links */
	int nspans;
} Para;

typedef struct Paras {
	Para *v;
	size_t n, cap;
} Paras;

/* Append a paragraph (the formatted text is cleaned). */
void paras_add(Paras *p, Role r, int indent, const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* The same with a hanging indent for its continuation lines. */
void paras_add_hang(Paras *p, Role r, int indent, int hang, const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* "label  value" with the label in its own role, the value wrapped under
 * itself; labels padded to label_w columns. */
void paras_field(Paras *p, int label_w, const char *label, Role value_role, const char *value);
/* A line kept as it is (cut at the width, spaces kept). */
void paras_raw(Paras *p, Role r, int indent, const char *text);
/* A span on paragraph para (p->n - 1: the last one): bytes of its text as
 * stored (clean), e.g. a highlighted match or a link; cut at the text's
 * end. */
void paras_span(Paras *p, size_t para, uint32_t start, uint32_t len, Role r, int link);
void paras_free(Paras *p);

/* One wrapped line. */
typedef struct PLine {
	Role role;
	int indent;
	char *text;
	const char *label;   /* borrowed from the paragraph, first line only */
	int para;            /* the paragraph it comes from */
	uint32_t off;        /* where text starts in the paragraph's text */
	PSpan *spans;        /* the paragraph's spans on this line, in line bytes */
	int nspans;
} PLine;

/* Wrap every paragraph to width columns; returns the number of lines in
 * *out (free with plines_free; labels borrow from p, which must outlive
 * them). */
int paras_wrap(const Paras *p, int width, PLine **out);
void plines_free(PLine *l, int n);
/* Draw lines[top..] into rows rows of w at y, x, width wide. */
void plines_draw(WINDOW *w, int y, int x, int width, int rows, const PLine *lines, int n, int top);

/* A run of one role in a line: bytes [start, start + len) of its text. */
typedef struct PSeg {
	uint32_t start, len;
	Role role;
	int link;
} PSeg;
/* A line cut into runs of one role each (its spans over its role), in
 * order and covering the whole text; returns how many (at most max; the
 * last one then runs to the end). */
int pline_segments(const PLine *l, PSeg *out, int max);

/* A pager screen over the body (overlay when not full): title, content
 * (taken), and a line of keys. Esc, F3, q, F8 close it. */
Screen *screen_pager_new(const char *title, Paras *content);
/* Replace the content of a pager screen (taken), e.g. once it loaded. */
void screen_pager_set(Screen *s, const char *title, Paras *content);

#endif
