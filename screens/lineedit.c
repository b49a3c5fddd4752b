/* lineedit: single-line UTF-8 editor with column-aware cursor and masking. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "screens/lineedit.h"
#include "screens/utf8edit.h"
#include "client/keymap.h"
#include "common/text.h"
#include "common/xalloc.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CTRL(c) ((c) & 0x1f)
#define MASK "******"

/* An empty field of at most max characters. */
void le_init(LineEdit *le, int max, bool secret)
{
	memset(le, 0, sizeof *le);
	le->max = max > 0 ? max : 1;
	le->cp = xcalloc((size_t)le->max, sizeof *le->cp);
	le->secret = secret;
}

/* Wipe and free the buffer (passwords must not linger). */
void le_free(LineEdit *le)
{
	if (le->cp) {
		xwipe(le->cp, (size_t)le->max * sizeof *le->cp);
		free(le->cp);
	}
	memset(le, 0, sizeof *le);
}

/* Wipe the text and put the cursor at the start. */
void le_clear(LineEdit *le)
{
	xwipe(le->cp, (size_t)le->max * sizeof *le->cp);
	le->len = le->cur = le->scroll = 0;
}

/* Whether nothing was typed. */
bool le_empty(const LineEdit *le)
{
	return le->len == 0;
}

/* Characters a field accepts: no controls, no newline. */
static bool insertable(uint32_t c)
{
	return ue_insertable(c, false);
}

/* Insert at the cursor when there is room and the character is text. */
static void insert(LineEdit *le, uint32_t c)
{
	ue_insert(le->cp, &le->len, &le->cur, le->max, c, false);
}

/* Remove code points [from, to). */
static void cut(LineEdit *le, int from, int to)
{
	ue_cut(le->cp, &le->len, &le->cur, from, to);
}

/* Replace the text with (cleaned) untrusted text. */
void le_set(LineEdit *le, const char *utf8)
{
	le_clear(le);
	char *clean = text_clean(utf8, 0);
	size_t n = strlen(clean), i = 0;
	while (i < n) {
		uint32_t c;
		i += text_utf8_decode(clean + i, n - i, &c);
		insert(le, c);
	}
	xfree_secret(clean);
}

/* The text as UTF-8. */
char *le_text(const LineEdit *le)
{
	char *out = xmalloc((size_t)le->len * 4 + 1);
	size_t o = 0;
	for (int i = 0; i < le->len; i++)
		o += text_utf8_encode(le->cp[i], out + o);
	out[o] = '\0';
	return out;
}

/* Start of the word before the cursor (spaces, then non-spaces). */
static int word_start(const LineEdit *le)
{
	int i = le->cur;
	while (i > 0 && le->cp[i - 1] == ' ')
		i--;
	while (i > 0 && le->cp[i - 1] != ' ')
		i--;
	return i;
}

static void op_left(LineEdit *le) { if (le->cur > 0) le->cur--; }
static void op_right(LineEdit *le) { if (le->cur < le->len) le->cur++; }
static void op_home(LineEdit *le) { le->cur = 0; }
static void op_end(LineEdit *le) { le->cur = le->len; }
static void op_backspace(LineEdit *le) { cut(le, le->cur - 1, le->cur); }
static void op_delete(LineEdit *le) { cut(le, le->cur, le->cur + 1); }
static void op_kill_end(LineEdit *le) { cut(le, le->cur, le->len); }
static void op_kill_start(LineEdit *le) { cut(le, 0, le->cur); }
static void op_kill_word(LineEdit *le) { cut(le, word_start(le), le->cur); }

/* The editing keys: curses key codes (fn) and control characters. */
static const struct {
	int key;
	bool fn;
	void (*op)(LineEdit *le);
} edit_keys[] = {
	{KEY_LEFT, true, op_left}, {KEY_RIGHT, true, op_right},
	{KEY_HOME, true, op_home}, {KEY_END, true, op_end},
	{KEY_BACKSPACE, true, op_backspace}, {KEY_DC, true, op_delete},
	{CTRL('a'), false, op_home}, {CTRL('e'), false, op_end},
	{CTRL('b'), false, op_left}, {CTRL('f'), false, op_right},
	{CTRL('h'), false, op_backspace}, {0x7F, false, op_backspace},
	{CTRL('d'), false, op_delete}, {CTRL('k'), false, op_kill_end},
	{CTRL('u'), false, op_kill_start}, {CTRL('w'), false, op_kill_word},
};

/* Editing keys from the table, else insert a character. */
bool le_key(LineEdit *le, int key, bool fn)
{
	for (size_t i = 0; i < sizeof edit_keys / sizeof edit_keys[0]; i++)
		if (edit_keys[i].key == key && edit_keys[i].fn == fn) {
			edit_keys[i].op(le);
			return true;
		}
	if (fn || key < 0 || (key & KEYM_META))
		return false;
	key &= ~KEYM_CHAR; /* pinyin ā … in the curses key range */
	if (!insertable((uint32_t)key))
		return false;
	insert(le, (uint32_t)key);
	return true;
}

/* The visible slice and the cursor column; secret fields show only a fixed
 * mask. */
int le_view(LineEdit *le, int width, char *out, size_t outsz, int *cursor_col)
{
	if (outsz)
		out[0] = '\0';
	*cursor_col = 0;
	if (width <= 0 || outsz == 0)
		return 0;
	if (le->secret) {
		/* Never the length, never the characters. */
		int used = 0;
		if (le->len > 0 && width > (int)strlen(MASK)) {
			snprintf(out, outsz, "%s", MASK);
			used = (int)strlen(MASK);
		}
		*cursor_col = used;
		return used;
	}
	/* Keep the cursor inside [scroll, scroll + width), with one column
	 * for the cursor itself at the end. */
	if (le->scroll > le->cur)
		le->scroll = le->cur;
	for (;;) {
		int w = 0;
		for (int i = le->scroll; i < le->cur; i++)
			w += text_cp_width(le->cp[i]);
		int cw = le->cur < le->len ? text_cp_width(le->cp[le->cur]) : 1;
		if (w + (cw > 0 ? cw : 1) <= width || le->scroll >= le->cur)
			break;
		le->scroll++;
	}
	/* Room again (a wider field, text deleted): show what fits before
	 * the cursor rather than keep it scrolled off. */
	while (le->scroll > 0) {
		int w = 0;
		for (int i = le->scroll - 1; i < le->cur; i++)
			w += text_cp_width(le->cp[i]);
		int cw = le->cur < le->len ? text_cp_width(le->cp[le->cur]) : 1;
		if (w + (cw > 0 ? cw : 1) > width)
			break;
		le->scroll--;
	}
	size_t o = 0;
	int used = 0;
	for (int i = le->scroll; i < le->len; i++) {
		int cw = text_cp_width(le->cp[i]);
		if (used + cw > width || o + 5 > outsz)
			break;
		if (i == le->cur)
			*cursor_col = used;
		o += text_utf8_encode(le->cp[i], out + o);
		used += cw;
	}
	out[o] = '\0';
	if (le->cur >= le->len || le->cur < le->scroll) {
		int w = 0;
		for (int i = le->scroll; i < le->cur && i < le->len; i++)
			w += text_cp_width(le->cp[i]);
		*cursor_col = w < width ? w : width - 1;
	}
	return used;
}
