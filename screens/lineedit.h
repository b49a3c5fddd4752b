/* lineedit: a single-line UTF-8 editor for text fields: characters from an
 * IME arrive as wide characters, the cursor moves by characters and is shown
 * by columns (CJK is two), the view scrolls sideways, and secret fields show
 * no characters at all (only a fixed mask once something is typed). */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef YC_SCREENS_LINEEDIT_H
#define YC_SCREENS_LINEEDIT_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct LineEdit {
	uint32_t *cp;     /* max code points, allocated once (never moved) */
	int len, max;
	int cur;          /* cursor, in code points */
	int scroll;       /* first code point shown */
	bool secret;
} LineEdit;

void le_init(LineEdit *le, int max, bool secret);
/* Wipe and free. */
void le_free(LineEdit *le);
/* Wipe the text. */
void le_clear(LineEdit *le);
/* Replace the text (untrusted text is cleaned first); cursor at the end. */
void le_set(LineEdit *le, const char *utf8);
/* The text as a new UTF-8 string; the caller frees it (xfree_secret for a
 * secret field). */
char *le_text(const LineEdit *le);
bool le_empty(const LineEdit *le);
/* Editing keys (Left, Right, Home, End, Backspace, Delete, C-a C-e C-b C-f
 * C-d C-k C-u C-w) and printable characters; true when the key was used.
 * fn is true for curses key codes. */
bool le_key(LineEdit *le, int key, bool fn);
/* What to show in width columns: the visible part into out, the cursor's
 * column into *cursor_col. Adjusts the scroll so the cursor stays visible.
 * Returns the columns used. */
int le_view(LineEdit *le, int width, char *out, size_t outsz, int *cursor_col);

#endif
