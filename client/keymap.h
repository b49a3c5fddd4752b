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

typedef enum Action {
	ACT_NONE = 0,
#define YC_ACTION(id, name, help) id,
#include "client/actions.def"
#undef YC_ACTION
	ACT_COUNT
} Action;

/* Contexts: "global" applies everywhere a screen has no binding of its own. */
typedef enum KeyContext { KC_GLOBAL, KC_LOGIN, KC_HOME, KC_LIST, KC_DIALOG, KC_HELP, KC_COUNT } KeyContext;

const char *action_name(Action a);
const char *action_help(Action a);   /* untranslated; wrap in _() to show */
Action action_by_name(const char *name);
const char *keyctx_name(KeyContext c);

/* Parse a key name ("F6", "M-6", "C-x", "Enter", "Tab", "Esc", "Up", "PgDn",
 * "Space", "a", "?", a UTF-8 character); -1 when unknown. */
int key_parse(const char *name);
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

#endif
