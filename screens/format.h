/* format: pure string layout for the screens (no curses): fitting and
 * padding by display columns, minutes, the function-key bar and the queue
 * rows. Unit-tested as strings. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef YC_SCREENS_FORMAT_H
#define YC_SCREENS_FORMAT_H
#include <stdbool.h>
#include <stddef.h>
#include <time.h>
#include "client/app.h"

/* Marks shown without colour: UTF-8 glyphs when the locale can show them,
 * else ASCII. */
typedef enum Glyph {
	G_ONLINE, G_OFFLINE, G_PRIORITY, G_ELLIPSIS, G_SEP, G_ERROR, G_BUSY,
	G_SELECTED, G_OUTBOX, G_COUNT
} Glyph;
const char *glyph(Glyph g);
/* Force the ASCII set (tests, or a locale that is not UTF-8). */
void glyph_set_ascii(bool ascii);

/* Copy into out the longest prefix of s that fits in cols columns without
 * splitting a character; when s is cut and ellipsis is set, the last column
 * shows an ellipsis. pad: fill with spaces up to cols. Returns the columns
 * written. out must have room for strlen(s) + cols + 4 bytes. */
int fmt_fit(char *out, size_t outsz, const char *s, int cols, bool pad, bool ellipsis);
/* Like fmt_fit, padded on the left (right-aligned). */
int fmt_fit_right(char *out, size_t outsz, const char *s, int cols);

/* "12 min" / "12 分钟" style (translated); seconds rounded down to minutes. */
void fmt_minutes(char *out, size_t outsz, long seconds);
/* HH:MM of t in local time; "--:--" when t is 0. */
void fmt_hhmm(char *out, size_t outsz, time_t t);

/* One item of the function-key bar. */
typedef struct FkeyItem {
	char key[24];           /* "F6", "M-6", "^X", "s" */
	const char *label;      /* translated, clean */
	bool enabled;
	bool keep;              /* dropped last when the bar is too narrow (help) */
} FkeyItem;
/* Where an item landed: its key at x (width key_w), its label after it. */
typedef struct FkeySpan { int item, x, key_w, label_x, label_w; } FkeySpan;
/* Lay out items on one line of cols columns, in order; when they do not all
 * fit the gap shrinks, then items are dropped from the end (keep items
 * last), then labels are cut. Fills spans (room for n) and returns how many
 * are shown. out (optional) gets the line as text. */
int fkeys_layout(const FkeyItem *items, int n, int cols, FkeySpan *spans, char *out, size_t outsz);

/* One line of the waiting list: priority mark, number, category, waited
 * time right-aligned; exactly cols columns. */
void fmt_queue_row(char *out, size_t outsz, const Ticket *t, const char *category, time_t now, int cols);

/* "label value" pairs flowed into lines of cols columns with gap columns
 * between them; a pair wider than a line gets a line of its own (cut when
 * drawn). line[i] and x[i] get where pair i goes; returns the lines used. */
typedef struct Pair { const char *label, *value; } Pair;
int fmt_pairs_place(const Pair *pairs, int n, int cols, int gap, int *line, int *x);

/* Break s into lines of at most cols columns: at spaces when a line has
 * one, else between characters (CJK needs no spaces). starts[i], lens[i]
 * get each line's bytes; returns the number of lines (at most max). */
int fmt_wrap(const char *s, int cols, size_t *starts, size_t *lens, int max);

#endif
