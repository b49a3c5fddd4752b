/* keyin: terminal keys (Escape + key = Meta) and resizes, for the loop. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "screens/keyin.h"
#include "screens/screens.h"
#include "client/keymap.h"
#include "client/loop.h"

#include <curses.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <unistd.h>

static void (*K_on_key)(int key, bool fn);
static bool esc_pending;
static unsigned esc_timer;

/* One code for Enter and Backspace whatever the terminal sent. */
static void deliver(int key, bool fn)
{
	key = key_normalize(key);
	if ((key & ~KEYM_META) == KEY_BACKSPACE)
		fn = true;
	K_on_key(key, fn);
}

/* No key followed the Escape in time: it was Escape itself. */
static void esc_fire(void *ud)
{
	esc_timer = 0;
	esc_pending = false;
	deliver(27, false);
}

/* A key from curses: Escape and the key after it (within KEYIN_ESC_MS) are
 * one Meta key ("Esc 6" is M-6 for terminals without F-keys). */
static void input(int key, bool fn)
{
	if (esc_pending) {
		loop_timer_cancel(esc_timer);
		esc_timer = 0;
		esc_pending = false;
		if (!fn && key == 27) {
			deliver(27, false);
		} else {
			deliver(key | KEYM_META, fn);
			return;
		}
	}
	if (!fn && key == 27) {
		esc_pending = true;
		esc_timer = loop_timer_add(KEYIN_ESC_MS, esc_fire, NULL);
		return;
	}
	deliver(key, fn);
}

void keyin_resize(void)
{
	struct winsize ws;
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 && ws.ws_col > 0)
		resize_term(ws.ws_row, ws.ws_col);
	/* stdscr is never drawn on, but it was touched by the resize: show it
	 * (blank) under everything so reading a key does not repaint it. */
	wnoutrefresh(stdscr);
	clearok(curscr, TRUE);
	sm_resize(LINES, COLS);
}

/* SIGWINCH, delivered by the loop (never in the handler). */
static void on_winch(int sig, void *ud)
{
	keyin_resize();
}

/* The terminal has input: read every key that is there. */
static void on_stdin(int fd, int revents, void *ud)
{
	wint_t wc;
	int r;
	while ((r = get_wch(&wc)) != ERR) {
		if (r == KEY_CODE_YES && wc == KEY_RESIZE)
			keyin_resize();
		else
			input(key_from_curses(r, (unsigned)wc), r == KEY_CODE_YES);
	}
	if (revents & (POLLHUP | POLLERR | POLLNVAL))
		loop_quit(1); /* the terminal went away */
}

void keyin_start(void (*on_key)(int key, bool fn))
{
	K_on_key = on_key;
	loop_watch_fd(STDIN_FILENO, POLLIN, on_stdin, NULL);
	loop_on_signal(SIGWINCH, on_winch, NULL);
}

void keyin_stop(void)
{
	loop_unwatch_fd(STDIN_FILENO);
	loop_timer_cancel(esc_timer);
	esc_timer = 0;
	esc_pending = false;
}
