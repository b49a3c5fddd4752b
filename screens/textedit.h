/* textedit: a small multi-line UTF-8 editor for textarea fields: lines end
 * at '\n' and wrap by display columns (CJK two, never split), the cursor
 * moves by characters and by rows as shown, and the view follows it. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef YC_SCREENS_TEXTEDIT_H
#define YC_SCREENS_TEXTEDIT_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct TextEdit {
	uint32_t *cp;     /* max code points, allocated once */
	int len, max;
	int cur;          /* cursor, in code points */
	int top;          /* first row shown */
	int want_col;     /* column Up/Down aim for (-1: the cursor's) */
} TextEdit;

/* One row as shown: code points [start, end) (end excludes the '\n'). */
typedef struct TeRow {
	int start, end;
} TeRow;

void te_init(TextEdit *te, int max);
void te_free(TextEdit *te);
/* Replace the text (cleaned, newlines kept); cursor at the end. */
void te_set(TextEdit *te, const char *utf8);
/* The text as UTF-8; caller frees. */
char *te_text(const TextEdit *te);
/* Rows of the text wrapped at width columns; returns how many (at most
 * max stored; the count is exact). */
int te_rows(const TextEdit *te, int width, TeRow *rows, int max);
/* Row and column of the cursor at that width. */
void te_cursor(const TextEdit *te, int width, int *row, int *col);
/* Editing keys (arrows by rows at width, Home/End of the row, Backspace,
 * Delete, C-a C-e C-k), Enter ('\n') and printable characters; true when
 * the key was used. */
bool te_key(TextEdit *te, int key, bool fn, int width);
/* Keep the cursor's row within the height rows shown from te->top. */
void te_scroll(TextEdit *te, int width, int height);

#endif
