/* keymap: every key goes through here. Actions are a table; bindings are
 * data: "bind CONTEXT KEY ACTION" lines in keymaps/default.keys, then the
 * user's file. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef YC_KEYMAP_H
#define YC_KEYMAP_H
#include <stddef.h>

/* Key codes: ncurses codes (KEY_F(n), KEY_UP …) and characters; a key
 * preceded by Escape (Alt/Meta) has KEYM_META added. */
#define KEYM_META 0x40000000
/* A character whose code point falls in ncurses' key-code range
 * (U+0100..U+01FF: ā, ē, ǎ … of pinyin) carries KEYM_CHAR so that typing it
 * is never taken for a function key. key_from_curses() applies it. */
#define KEYM_CHAR 0x20000000

typedef enum Action {
	ACT_NONE = 0,
#define YC_ACTION(id, name, help) id,
#include "client/actions.def"
#undef YC_ACTION
	ACT_COUNT
} Action;

/* Contexts: "global" applies everywhere a screen has no binding of its own. */
typedef enum KeyContext {
	KC_GLOBAL, KC_LOGIN, KC_HOME, KC_LIST, KC_DIALOG, KC_HELP,
	KC_INTAKE,  /* the intake screens: identify, matters, materials, review, receipt */
	KC_FORM,    /* the form being filled (typed keys go to its fields first) */
	KC_COUNT
} KeyContext;

const char *action_name(Action a);
const char *action_help(Action a);   /* untranslated; wrap in _() to show */
Action action_by_name(const char *name); /* ACT_COUNT when unknown; "none" is ACT_NONE */
const char *keyctx_name(KeyContext c);

/* Parse a key name ("F6", "M-6", "C-x", "Enter", "Tab", "Esc", "Up", "PgDn",
 * "Space", "a", "?", a UTF-8 character); -1 when unknown. */
int key_parse(const char *name);
/* The key code for what get_wch() returned: rc is its return value
 * (KEY_CODE_YES for function keys, OK for characters), ch what it stored. */
int key_from_curses(int rc, unsigned ch);
/* Enter as '\n' whether it came as CR, LF or KEY_ENTER; DEL as
 * KEY_BACKSPACE. keymap_lookup() applies this itself. */
int key_normalize(int key);

/* Name of a key for the function-key bar ("F6", "M-6", "^X", "n").
 * (Not "key_name": ncurses already has a function of that name.) */
void key_label(int key, char *out, size_t outsz);

/* Reset to no bindings. */
void keymap_clear(void);
/* Load a file; each bad line is reported as "file:line: reason" through
 * warn and the rest still loads. Returns the number of bad lines, or -1 when
 * the file cannot be opened. */
int keymap_load_file(const char *path, void (*warn)(const char *msg, void *ud), void *ud);
/* Load from a string (tests; "file" names it in messages). */
int keymap_load_string(const char *text, const char *file, void (*warn)(const char *msg, void *ud), void *ud);
/* Find and load the keymap named by the config (default | emacs | vi | path):
 * the user's config dir first, then the installed keymaps/, then the source
 * tree; always loads default.keys first, then user.keys from the config dir. */
void keymap_setup(const char *name, const char *config_dir, void (*warn)(const char *msg, void *ud), void *ud);
/* The action bound to key in ctx, else in global, else ACT_NONE. */
Action keymap_lookup(KeyContext ctx, int key);
/* The first key bound to action in ctx (or global); 0 when none.
 * alt gets a second binding (e.g. the non-function-key one) or 0. */
int keymap_key_for(KeyContext ctx, Action a, int *alt);
/* The keys bound to action in exactly ctx (no fallback), in file order;
 * returns how many (up to max stored). For help screens and --list-actions. */
int keymap_keys(KeyContext ctx, Action a, int *keys, int max);
/* The context named name (as in keymap files), or -1. */
int keyctx_by_name(const char *name);

#endif
