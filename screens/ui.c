/* ui: the curses front end: starts and restores the terminal, reads keys
 * (Escape + key = Meta), follows resizes, ticks the clock, locks the screen
 * when idle, and hands everything else to the screen manager. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "screens/ui.h"
#include "screens/bars.h"
#include "screens/draw.h"
#include "screens/drafts_ui.h"
#include "screens/keyin.h"
#include "screens/kb_screens.h"
#include "screens/screens.h"
#include "client/app.h"
#include "client/cache.h"
#include "client/outbox.h"
#include "client/i18n.h"
#include "client/keymap.h"
#include "client/knowledge.h"
#include "client/loop.h"

#include <langinfo.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>


static SCREEN *term;
static unsigned clock_timer, lock_timer;
static int64_t last_input;

/* Whether the lock screen is anywhere on the stack. */
static bool locked(void)
{
	for (Screen *s = sm_top(); s; s = sm_below(s))
		if (screen_is_lock(s))
			return true;
	return false;
}

/* Lock now when logged in and not already locked. The offline session
 * is not locked: it began without a password (--offline, or the server
 * unreachable), and unlocking needs the server. */
static void lock_now(void)
{
	if (app.logged_in && !app.offline_session && !locked())
		sm_push(screen_lock_new());
}

/* The idle timer: lock when nothing was typed for idle_lock minutes,
 * else wait for the rest of that time. */
static void lock_check(void *ud)
{
	lock_timer = 0;
	int64_t idle_ms = (int64_t)app.cfg.idle_lock * 60000;
	if (idle_ms <= 0)
		return;
	int64_t left = last_input + idle_ms - loop_now();
	if (left > 0) {
		lock_timer = loop_timer_add(left, lock_check, NULL);
		return;
	}
	lock_now();
}

/* One key, after Escape handling and normalizing (keyin.c), to the screens;
 * it also restarts the idle-lock time. */
static void deliver(int key, bool fn)
{
	last_input = loop_now();
	if (!lock_timer && app.cfg.idle_lock > 0)
		lock_timer = loop_timer_add((int64_t)app.cfg.idle_lock * 60000, lock_check, NULL);
	sm_key(key, fn);
}

/* SIGTERM, SIGHUP: leave the loop so that the terminal is restored. */
static void on_term_signal(int sig, void *ud)
{
	loop_quit(0);
}

/* Before the loop sleeps: draw what changed, one terminal update. */
static void on_idle(void *ud)
{
	sm_flush();
}

/* Redraw the clock and the waited minutes when the minute turns. */
static void clock_tick(void *ud)
{
	time_t now = app_server_now();
	sm_notify(DRAW_TICK);
	clock_timer = loop_timer_add((int64_t)(60 - now % 60) * 1000 + 20, clock_tick, NULL);
}

/* The model changed: mark what to draw; a lost session goes back to the
 * login screen. */
static void on_model(unsigned what, void *ud)
{
	static int was_online = -1; /* -1: not yet known in this session */
	sm_notify(what);
	knowledge_on_model(what);
	cache_on_model(what);
	outbox_on_model(what);
	if (!app.logged_in)
		was_online = -1;
	else if ((what & CH_ONLINE) && was_online < 0)
		was_online = app.online;
	else if ((what & CH_ONLINE) && app.online != was_online) {
		/* Say so in words, once per change: the old message would
		 * otherwise hide it. */
		was_online = app.online;
		if (app.online)
			app_message(false, "%s", _("Online again."));
		else
			app_message(true, _("Offline (%s): reconnecting by itself."),
				    app.offline_reason && *app.offline_reason ? app.offline_reason : _("no connection"));
	}
	/* A lost session goes back to the login screen, unless the lock
	 * screen is up: unlocking starts a new session of the same user, and
	 * the lock stays until that works. */
	if ((what & CH_SESSION) && !app.logged_in && !locked()) {
		Screen *top = sm_top();
		if (!(top && top->ops->context == KC_LOGIN))
			sm_reset(screen_login_new(false));
	}
}

/* The answer to "quit while serving?". */
static void quit_answer(bool yes, void *ud)
{
	if (yes)
		loop_quit(0);
}

/* F1: the keys of the screen on top (not of the help itself). */
static void show_help(void)
{
	Screen *top = sm_top();
	if (top && strcmp(top->ops->name, "help") != 0)
		sm_push(screen_help_new(top));
}

/* Quit, asking first while a ticket is being served. */
static void quit(void)
{
	if (!(app.logged_in && app.current)) {
		loop_quit(0);
		return;
	}
	char q[256];
	snprintf(q, sizeof q, _("%s is still being served. Quit anyway? It stays called at this window."),
		 app.current->number);
	sm_push(dialog_confirm_new(_("Quit"), q, quit_answer, NULL));
}

/* C-l: repaint everything, whatever the terminal shows now. */
static void redraw(void)
{
	clearok(curscr, TRUE);
	sm_notify(DRAW_ALL);
}

/* Actions no screen took. */
static const struct { Action a; void (*run)(void); } global_actions[] = {
	{ACT_HELP, show_help}, {ACT_QUIT, quit}, {ACT_LOCK, lock_now}, {ACT_REDRAW, redraw},
	{ACT_KNOWLEDGE, kb_knowledge_key}, {ACT_DRAFTS, drafts_open},
};

/* Actions that have keys already but whose screens come in a later
 * version: a key press says so instead of doing nothing. */
static const Action later_actions[] = {
	ACT_ASSIST, ACT_INTAKE,
};

/* Run an action no screen took. */
static bool global_action(Action a)
{
	for (size_t i = 0; i < sizeof global_actions / sizeof global_actions[0]; i++)
		if (global_actions[i].a == a) {
			global_actions[i].run();
			return true;
		}
	for (size_t i = 0; i < sizeof later_actions / sizeof later_actions[0]; i++)
		if (later_actions[i] == a) {
			app_message(true, _("\"%s\" is not available in this version yet."), _(action_help(a)));
			return true;
		}
	return false;
}

/* See ui.h. */
int ui_run(void)
{
	/* Line drawing as UTF-8 text where the locale is UTF-8: the VT100
	 * alternate character set costs a charset switch and an attribute
	 * reset around every border cell that is redrawn. A user's own
	 * setting wins. */
	if (strcmp(nl_langinfo(CODESET), "UTF-8") == 0)
		setenv("NCURSES_NO_UTF8_ACS", "1", 0);
	term = newterm(NULL, stdout, stdin);
	if (!term) {
		fprintf(stderr, "yichuang: %s\n", _("cannot use this terminal (check TERM)"));
		return 1;
	}
	set_term(term);
	set_escdelay(KEYIN_ESC_MS);
	raw();
	noecho();
	nonl();
	intrflush(stdscr, FALSE);
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	leaveok(stdscr, TRUE);
	draw_init(app.cfg.color);
	refresh(); /* clear once; stdscr is never drawn on again */

	keyin_start(deliver);
	loop_on_signal(SIGTERM, on_term_signal, NULL);
	loop_on_signal(SIGHUP, on_term_signal, NULL);
	loop_set_idle(on_idle, NULL);
	app_set_listener(on_model, NULL);

	sm_init();
	sm_set_global(global_action);
	kb_ui_init();
	sm_resize(LINES, COLS);
	last_input = loop_now();
	if (app.cfg.idle_lock > 0)
		lock_timer = loop_timer_add((int64_t)app.cfg.idle_lock * 60000, lock_check, NULL);
	clock_tick(NULL);
	if (app.logged_in)
		sm_push(screen_home_new());
	else
		sm_push(screen_login_new(true));

	int rc = loop_run();

	loop_set_idle(NULL, NULL);
	keyin_stop();
	loop_timer_cancel(clock_timer);
	loop_timer_cancel(lock_timer);
	app_set_listener(NULL, NULL);
	sm_shutdown();
	kb_ui_shutdown();
	endwin();
	delscreen(term);
	return rc;
}
