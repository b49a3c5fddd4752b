/* keyname: key names of the keymap files ("F6", "M-6", "C-x", "PgDn", "ā")
 * to ncurses key codes and back. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "client/keymap.h"
#include "common/text.h"

#include <curses.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

/* Named keys; the first name of a code is the one shown. */
static const struct { const char *name; int code; } named[] = {
	{"Enter", '\n'}, {"Return", '\n'}, {"Tab", '\t'}, {"BTab", KEY_BTAB},
	{"S-Tab", KEY_BTAB}, {"Esc", 27}, {"Escape", 27}, {"Up", KEY_UP},
	{"Down", KEY_DOWN}, {"Left", KEY_LEFT}, {"Right", KEY_RIGHT},
	{"PgUp", KEY_PPAGE}, {"PageUp", KEY_PPAGE}, {"PgDn", KEY_NPAGE},
	{"PageDown", KEY_NPAGE}, {"Home", KEY_HOME}, {"End", KEY_END},
	{"Backspace", KEY_BACKSPACE}, {"BS", KEY_BACKSPACE}, {"Delete", KEY_DC},
	{"Del", KEY_DC}, {"Insert", KEY_IC}, {"Ins", KEY_IC}, {"Space", ' '},
};

/* Control characters with a punctuation name (C-@ … C-_). */
static const struct { char c; int code; } ctrl_punct[] = {
	{'@', 0}, {'[', 27}, {'\\', 28}, {']', 29}, {'^', 30}, {'_', 31}, {'?', 127},
};

static bool is_curses_range(unsigned cp)
{
	return cp >= KEY_CODE_YES && cp <= KEY_MAX;
}

int key_normalize(int key)
{
	int meta = key & KEYM_META;
	int k = key & ~KEYM_META;
	if (k == '\r' || k == KEY_ENTER)
		k = '\n';
	else if (k == 127)
		k = KEY_BACKSPACE;
	return k | meta;
}

int key_from_curses(int rc, unsigned ch)
{
	if (rc == KEY_CODE_YES)
		return (int)ch;
	if (is_curses_range(ch))
		return (int)ch | KEYM_CHAR;
	return (int)ch;
}

/* A control key after "C-" or "^". */
static int parse_ctrl(const char *s)
{
	if (strlen(s) != 1) {
		if (strcasecmp(s, "Space") == 0)
			return 0;
		return -1;
	}
	char c = s[0];
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
		return (c | 0x20) & 0x1f;
	for (size_t i = 0; i < sizeof ctrl_punct / sizeof ctrl_punct[0]; i++)
		if (ctrl_punct[i].c == c)
			return ctrl_punct[i].code;
	return -1;
}

int key_parse(const char *name)
{
	if (!name || !*name)
		return -1;
	size_t n = strlen(name);
	if (n > 2 && (name[0] == 'M' || name[0] == 'm') && name[1] == '-') {
		int k = key_parse(name + 2);
		return k < 0 || (k & KEYM_META) ? -1 : key_normalize(k) | KEYM_META;
	}
	if (n > 2 && (name[0] == 'C' || name[0] == 'c') && name[1] == '-') {
		int k = parse_ctrl(name + 2);
		return k < 0 ? -1 : key_normalize(k);
	}
	if (n == 2 && name[0] == '^')
		return key_normalize(parse_ctrl(name + 1));
	if ((name[0] == 'F' || name[0] == 'f') && n >= 2 && n <= 3) {
		int num = 0;
		bool digits = true;
		for (size_t i = 1; i < n; i++) {
			if (name[i] < '0' || name[i] > '9')
				digits = false;
			else
				num = num * 10 + (name[i] - '0');
		}
		if (digits)
			return num >= 1 && num <= 63 ? KEY_F(num) : -1;
	}
	for (size_t i = 0; i < sizeof named / sizeof named[0]; i++)
		if (strcasecmp(name, named[i].name) == 0)
			return named[i].code;
	/* One character, ASCII or UTF-8. */
	uint32_t cp;
	size_t used = text_utf8_decode(name, n, &cp);
	if (used != n || cp == 0xFFFD || cp < 0x21 || cp == 0x7f || (cp >= 0x80 && cp < 0xA0))
		return -1;
	return is_curses_range(cp) ? (int)cp | KEYM_CHAR : (int)cp;
}

void key_label(int key, char *out, size_t outsz)
{
	if (outsz == 0)
		return;
	if (key < 0) {
		snprintf(out, outsz, "?");
		return;
	}
	key = key_normalize(key);
	if (key & KEYM_META) {
		char base[32];
		key_label(key & ~KEYM_META, base, sizeof base);
		snprintf(out, outsz, "M-%s", base);
		return;
	}
	if (key & KEYM_CHAR) {
		char u[5] = {0};
		text_utf8_encode((uint32_t)(key & ~KEYM_CHAR), u);
		snprintf(out, outsz, "%s", u);
		return;
	}
	if (key >= KEY_F(1) && key <= KEY_F(63)) {
		snprintf(out, outsz, "F%d", key - KEY_F0);
		return;
	}
	for (size_t i = 0; i < sizeof named / sizeof named[0]; i++)
		if (named[i].code == key) {
			snprintf(out, outsz, "%s", named[i].name);
			return;
		}
	if (key >= 0 && key < 0x20) {
		char c = key == 0 ? '@' : (key < 27 ? (char)('A' + key - 1) : "[\\]^_"[key - 27]);
		snprintf(out, outsz, "^%c", c);
		return;
	}
	if (key > 0x20 && key < 0x110000 && !is_curses_range((unsigned)key)) {
		char u[5] = {0};
		text_utf8_encode((uint32_t)key, u);
		snprintf(out, outsz, "%s", u);
		return;
	}
	snprintf(out, outsz, "<%d>", key);
}
