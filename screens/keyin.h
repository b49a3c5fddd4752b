/* keyin: keys from the terminal for every curses front end (the client and
 * test harnesses): Escape + key within a short time is Meta + key, Enter and
 * Backspace get one code whatever the terminal sent, resizes are followed. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef YC_KEYIN_H
#define YC_KEYIN_H
#include <stdbool.h>

/* Escape followed by a key within this time is Meta + that key; a lone
 * Escape is Escape. The same delay goes to curses (set_escdelay). */
enum { KEYIN_ESC_MS = 25 };

/* Watch stdin and SIGWINCH in the loop; each key goes to on_key (fn: it is
 * a function key, not text). */
void keyin_start(void (*on_key)(int key, bool fn));
/* Stop watching stdin and drop a pending Escape. */
void keyin_stop(void);
/* Follow the terminal's size now; everything is laid out again. */
void keyin_resize(void);

#endif
