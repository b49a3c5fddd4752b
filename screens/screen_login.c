/* screen_login: log in (server shown, username pre-filled, password never
 * echoed), resume a stored session first, and the idle lock screen, which
 * asks the same user's password again while the session goes on. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "screens/screens.h"
#include "screens/draw.h"
#include "screens/format.h"
#include "screens/lineedit.h"
#include "client/app_model.h"
#include "client/cache.h"
#include "client/i18n.h"
#include "client/offline.h"
#include "client/loop.h"
#include "common/text.h"
#include "common/xalloc.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { F_USER, F_PASS };

/* A stored session usually resumes within a few tens of milliseconds: the
 * form is not drawn (only to be replaced by home at once) unless resuming
 * takes longer than this. */
enum { RESUME_QUIET_MS = 300 };

typedef struct Login {
	bool lock;          /* the idle lock: user fixed, only the password */
	bool resume;        /* try app_resume_session() when first shown */
	bool resuming;      /* … and it has not answered yet */
	bool busy;          /* a login is in flight */
	LineEdit user, pass;
	char *lock_user, *lock_name;  /* the lock screen's user (kept: the
	                               * session may end while locked) */
	char *hidden_msg;   /* the lock screen: the message line's text when it
	                     * locked, not shown under the lock (privacy) and
	                     * shown again after unlocking */
	bool hidden_error;
	int focus;
	WINDOW *w;
	int field_x, field_w, user_y, pass_y; /* where the fields are, -1 hidden */
	int mark_x;         /* column of the focus mark, -1 none */
	int64_t shown_at;   /* when resuming began */
	unsigned quiet_timer;
	bool can_offline;   /* the server cannot be reached and a cached
	                     * session exists: F9 works offline */
} Login;

static const FkeyDef login_fkeys[] = {
	FK_LABEL(ACT_SELECT, N_("Log in")), FK(ACT_NEXT_FIELD), FK(ACT_HELP),
	FK(ACT_QUIT), FK_LABEL(ACT_ASSIST, N_("Work offline")), FK_END,
};
static const FkeyDef lock_fkeys[] = {
	FK_LABEL(ACT_SELECT, N_("Unlock")), FK(ACT_HELP), FK(ACT_QUIT), FK_END,
};
static const Action login_help[] = {
	ACT_SELECT, ACT_SUBMIT, ACT_NEXT_FIELD, ACT_PREV_FIELD, ACT_REDRAW, ACT_HELP, ACT_QUIT, ACT_NONE,
};

/* The labels of the form, aligned by display width. */
static const char *const labels[] = { N_("Server"), N_("Username"), N_("Password") };

/* The form box: centred and framed when there is room; smaller terminals
 * get the fields alone. */
static void login_layout(Screen *s, int y, int x, int h, int w)
{
	Login *l = s->data;
	int bw = w < 64 ? w : 64, bh = h < 12 ? h : 12;
	l->w = draw_window(l->w, bh, bw, y + (h - bh) / 2, x + (w - bw) / 2);
	s->win[0] = l->w;
}

/* What the screen is waiting for, else the last error, else nothing. */
static const char *status_text(const Login *l, Role *role)
{
	*role = R_STRONG;
	if (l->resuming)
		return _("Resuming the session…");
	if (l->busy)
		return l->lock ? _("Checking the password…") : _("Logging in…");
	bool hidden = l->hidden_msg && app.message && strcmp(app.message, l->hidden_msg) == 0;
	if (app.message && *app.message && !hidden) {
		*role = app.message_error ? R_ERROR : R_INFO;
		return app.message;
	}
	return "";
}

/* A text field between brackets (no attribute: one byte per key typed).
 * The focused one has a mark left of its label and the cursor; moving the
 * focus rewrites only the two marks (plain: a few bytes per Tab). */
static void draw_field(Login *l, int y, int x, int w, LineEdit *le, bool focused)
{
	char view[1024];
	int cur;
	if (w < 3)
		return;
	le_view(le, w - 2, view, sizeof view, &cur);
	if (focused && l->mark_x >= 0)
		draw_text(l->w, y, l->mark_x, 1, R_NORMAL, glyph(G_SELECTED));
	draw_text(l->w, y, x, 1, R_NORMAL, "[");
	draw_text_pad(l->w, y, x + 1, w - 2, R_FIELD, view);
	draw_text(l->w, y, x + w - 1, 1, R_NORMAL, "]");
}

/* Status or error text wrapped over up to rows lines; an error is marked
 * in text too, and its lines hang under the mark. margin: the text always
 * keeps the mark's two columns (aligned with the labels). */
static void draw_status(Login *l, int y, int x, int cols, int rows, bool margin)
{
	Role role;
	const char *text = status_text(l, &role);
	int indent = role == R_ERROR || margin ? 2 : 0;
	size_t st[4], ln[4];
	int n = fmt_wrap(text, cols - indent, st, ln, rows < 4 ? rows : 4);
	if (role == R_ERROR && n > 0)
		draw_text(l->w, y, x, indent, role, glyph(G_ERROR));
	for (int i = 0; i < n; i++) {
		char part[1024];
		snprintf(part, sizeof part, "%.*s", (int)ln[i], text + st[i]);
		draw_text(l->w, y + i, x + indent, cols - indent, role, part);
	}
}

/* Rows, top to bottom, of the framed form and of the bare one. */
enum { ROW_NONE = -1 };
typedef struct FormRows { int server, user, pass, status, status_rows; } FormRows;

/* Which row each part of the form goes on. */
static FormRows form_rows(int bh, bool framed)
{
	if (framed)
		return (FormRows){2, 4, 5, 7, bh - 8};
	/* Little room: the password first, then the user, the status, the
	 * server. */
	FormRows r = {ROW_NONE, ROW_NONE, ROW_NONE, ROW_NONE, 1};
	int y = 0;
	if (bh >= 4)
		r.server = y++;
	if (bh >= 2)
		r.user = y++;
	r.pass = y++;
	if (bh >= 3)
		r.status = y++;
	return r;
}

/* The whole form; small, so it is drawn in full. */
static void login_draw(Screen *s, unsigned what)
{
	Login *l = s->data;
	if (!l->w)
		return;
	int bh = getmaxy(l->w), bw = getmaxx(l->w);
	bool framed = bh >= 10 && bw >= 30;
	FormRows r = form_rows(bh, framed);
	werase(l->w);
	if (l->resuming && loop_now() - l->shown_at < RESUME_QUIET_MS) {
		wnoutrefresh(l->w);
		return;
	}
	if (framed)
		draw_frame(l->w, R_BORDER, l->lock ? _("Screen locked") : _("yichuang counter workstation"), R_TITLE);
	/* Framed: the focus mark two columns in, the labels after it; the
	 * status starts under the mark (an error's "!" there), as wide as
	 * the box allows. */
	int left = framed ? 4 : 0, inner = bw - left - (framed ? 2 : 0);
	int status_x = framed ? 2 : 0;
	l->mark_x = framed ? 2 : -1;
	int lw = 0;
	for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++)
		if (text_width(_(labels[i])) > lw)
			lw = text_width(_(labels[i]));
	lw += 1;
	if (lw > inner / 3)
		lw = inner / 3;
	l->field_x = left + lw;
	l->field_w = inner - lw;
	l->user_y = l->pass_y = ROW_NONE;
	if (r.server != ROW_NONE && l->lock) {
		char who[512];
		snprintf(who, sizeof who, _("Locked. Enter the password of %s to go on."), l->lock_name);
		draw_text(l->w, r.server, left, inner, R_NORMAL, who);
	} else if (r.server != ROW_NONE) {
		draw_text(l->w, r.server, left, lw, R_NORMAL, _(labels[0]));
		draw_text(l->w, r.server, l->field_x + 1, l->field_w - 1, R_NORMAL, app.server ? app.server : "");
	}
	if (r.user != ROW_NONE) {
		draw_text(l->w, r.user, left, lw, R_NORMAL, _(labels[1]));
		if (l->lock) {
			draw_text(l->w, r.user, l->field_x + 1, l->field_w - 1, R_STRONG, l->lock_user);
		} else {
			draw_field(l, r.user, l->field_x, l->field_w, &l->user, l->focus == F_USER);
			l->user_y = r.user;
		}
	}
	draw_text(l->w, r.pass, left, lw, R_NORMAL, _(labels[2]));
	draw_field(l, r.pass, l->field_x, l->field_w, &l->pass, l->focus == F_PASS);
	l->pass_y = r.pass;
	if (r.status != ROW_NONE)
		draw_status(l, r.status, status_x, bw - 2 * status_x, r.status_rows, framed);
	wnoutrefresh(l->w);
}

/* The terminal cursor sits in the focused field. */
static bool login_cursor(Screen *s, WINDOW **win, int *y, int *x)
{
	Login *l = s->data;
	LineEdit *le = l->focus == F_USER ? &l->user : &l->pass;
	int fy = l->focus == F_USER ? l->user_y : l->pass_y;
	if (!l->w || fy < 0 || l->field_w < 3)
		return false;
	char view[1024];
	int cur;
	le_view(le, l->field_w - 2, view, sizeof view, &cur);
	*win = l->w;
	*y = fy;
	*x = l->field_x + 1 + cur;
	return true;
}

/* Typing goes to the focused field. */
static bool login_key(Screen *s, int key, bool fn)
{
	Login *l = s->data;
	LineEdit *le = (l->focus == F_USER && !l->lock) ? &l->user : &l->pass;
	if (!le_key(le, key, fn))
		return false;
	screen_dirty(s, DRAW_STATE);
	return true;
}

/* Into the offline session (the cached session of the configured user):
 * home, saying so. */
static bool go_offline(void)
{
	const char *why = NULL;
	if (!offline_begin(true, &why)) {
		app_message(true, _("Cannot work offline: %s"), why);
		return false;
	}
	app_message(true, _("Offline: working from the cached session of %s (reconnects by itself)."),
		    app.cfg.username);
	sm_reset(screen_home_new());
	return true;
}

/* The server cannot be reached: with a cached session for the user typed,
 * offer it (F9), or take it at once when password_command logs in without
 * anyone at the keyboard (a counter that lost its network keeps working).
 * True when the screen is gone. */
static bool offer_offline(Login *l)
{
	char *user = le_text(&l->user);
	if (*user && (!app.cfg.username || strcmp(user, app.cfg.username) != 0)) {
		free(app.cfg.username);
		app.cfg.username = user;
		user = NULL;
	}
	free(user);
	Staff st;
	const char *why;
	if (!cache_load_session(&st, &why))
		return false;
	staff_free(&st);
	if (app.cfg.password_command && *app.cfg.password_command)
		return go_offline();
	l->can_offline = true;
	app_message(true, _("The server cannot be reached. F9 (or Esc 9): work offline from the cached session of %s"),
		    app.cfg.username);
	return false;
}

/* After a login or a resume: home, or back to asking. */
static void login_done(bool ok, const char *problem, void *ud)
{
	Screen *s = sm_find((unsigned)(uintptr_t)ud);
	if (!s)
		return;
	Login *l = s->data;
	l->busy = l->resuming = false;
	l->can_offline = false;
	screen_dirty(s, DRAW_STATE);
	if (!ok && !l->lock && problem && strcmp(problem, "offline") == 0 && offer_offline(l))
		return;
	if (ok) {
		le_clear(&l->pass);
		/* Unlocked: the message from before the lock comes back,
		 * unless there is a newer one. */
		if (l->lock && l->hidden_msg && !app.message)
			app_message(l->hidden_error, "%s", l->hidden_msg);
		if (l->lock)
			sm_pop(s);
		else
			sm_reset(screen_home_new());
		return;
	}
	/* Too many wrong passwords locked the account and ended the session:
	 * nothing is left to unlock; the login screen says why. */
	if (l->lock && !app.logged_in && problem && strcmp(problem, "account-locked") == 0) {
		sm_reset(screen_login_new(false));
		return;
	}
	/* A refused password is gone; a network failure keeps it so that
	 * Enter simply tries again. */
	if (problem && (strcmp(problem, "invalid-credentials") == 0 ||
			strcmp(problem, "account-locked") == 0 ||
			strcmp(problem, "unauthorized") == 0 ||
			strcmp(problem, "invalid-request") == 0))
		le_clear(&l->pass);
	l->focus = (le_empty(&l->user) && !l->lock) ? F_USER : F_PASS;
}

/* Log in (or unlock) with what was typed; the password copy is wiped at
 * once. */
static void submit(Screen *s)
{
	Login *l = s->data;
	if (l->busy || l->resuming)
		return;
	char *user = l->lock ? xstrdup(l->lock_user) : le_text(&l->user);
	if (!*user) {
		app_message(true, "%s", _("Enter the username."));
		l->focus = F_USER;
		free(user);
		return;
	}
	if (le_empty(&l->pass)) {
		app_message(true, "%s", _("Enter the password."));
		l->focus = F_PASS;
		free(user);
		return;
	}
	char *pass = le_text(&l->pass);
	l->busy = true;
	screen_dirty(s, DRAW_STATE);
	/* The lock checks the password before it touches the session: a
	 * wrong one must not log the clerk out. */
	if (l->lock)
		app_unlock(pass, login_done, (void *)(uintptr_t)s->id);
	else
		app_login(user, pass, login_done, (void *)(uintptr_t)s->id);
	xfree_secret(pass);
	free(user);
}

/* Enter: in the username field it moves on while the password is still
 * empty; otherwise it logs in. */
static void act_enter(Screen *s)
{
	Login *l = s->data;
	if (l->focus == F_USER && le_empty(&l->pass) && !l->lock)
		l->focus = F_PASS;
	else
		submit(s);
}

/* Tab, arrows: the other field (the lock screen has only one). */
static void act_other_field(Screen *s)
{
	Login *l = s->data;
	if (!l->lock)
		l->focus = l->focus == F_USER ? F_PASS : F_USER;
}

static const struct { Action a; void (*run)(Screen *s); } login_actions[] = {
	{ACT_SUBMIT, act_enter}, {ACT_SELECT, act_enter},
	{ACT_NEXT_FIELD, act_other_field}, {ACT_PREV_FIELD, act_other_field},
	{ACT_UP, act_other_field}, {ACT_DOWN, act_other_field},
};

/* Enter, Tab and the arrows from the table; F9 works offline when that
 * was offered. */
static bool login_action(Screen *s, Action a)
{
	Login *l = s->data;
	if (a == ACT_ASSIST && !l->lock && l->can_offline) {
		go_offline();
		return true;
	}
	for (size_t i = 0; i < sizeof login_actions / sizeof login_actions[0]; i++)
		if (login_actions[i].a == a) {
			login_actions[i].run(s);
			screen_dirty(s, DRAW_STATE);
			return true;
		}
	return false;
}

/* Resuming takes a while: show the form and what it waits for. */
static void quiet_over(void *ud)
{
	Screen *s = sm_find((unsigned)(uintptr_t)ud);
	if (!s)
		return;
	Login *l = s->data;
	l->quiet_timer = 0;
	screen_dirty(s, DRAW_STATE);
}

/* First shown: try the stored session before asking. */
static void login_enter(Screen *s)
{
	Login *l = s->data;
	if (!l->resume)
		return;
	l->resume = false;
	l->resuming = true;
	l->shown_at = loop_now();
	l->quiet_timer = loop_timer_add(RESUME_QUIET_MS, quiet_over, (void *)(uintptr_t)s->id);
	app_resume_session(app.cfg.username, login_done, (void *)(uintptr_t)s->id);
}

/* Wipe the fields and free everything. */
static void login_destroy(Screen *s)
{
	Login *l = s->data;
	loop_timer_cancel(l->quiet_timer);
	le_free(&l->user);
	le_free(&l->pass);
	free(l->lock_user);
	free(l->lock_name);
	free(l->hidden_msg);
	draw_delwin(&l->w);
	s->win[0] = NULL;
	free(l);
}

/* F9 only while working offline is offered. */
static bool login_can(Screen *s, Action a)
{
	Login *l = s->data;
	return a != ACT_ASSIST || l->can_offline;
}

static const ScreenOps login_ops = {
	.name = "login",
	.context = KC_LOGIN,
	.own_message = true,
	.text_input = true,
	.fkeys = login_fkeys,
	.help = login_help,
	.layout = login_layout,
	.draw = login_draw,
	.on_key = login_key,
	.on_action = login_action,
	.can = login_can,
	.cursor = login_cursor,
	.enter = login_enter,
	.destroy = login_destroy,
};

static const ScreenOps lock_ops = {
	.name = "lock",
	.context = KC_LOGIN,
	.own_message = true,
	.text_input = true,
	.fkeys = lock_fkeys,
	.help = login_help,
	.layout = login_layout,
	.draw = login_draw,
	.on_key = login_key,
	.on_action = login_action,
	.cursor = login_cursor,
	.destroy = login_destroy,
};

/* The state shared by the login and lock screens. */
static Login *login_data(bool lock)
{
	Login *l = xcalloc(1, sizeof *l);
	l->lock = lock;
	le_init(&l->user, 64, false);
	le_init(&l->pass, 256, true);
	l->user_y = l->pass_y = -1;
	l->mark_x = -1;
	return l;
}

Screen *screen_login_new(bool resume)
{
	Login *l = login_data(false);
	if (app.cfg.username && *app.cfg.username) {
		le_set(&l->user, app.cfg.username);
		l->focus = F_PASS;
		l->resume = resume;
	}
	return screen_new(&login_ops, l);
}

Screen *screen_lock_new(void)
{
	Login *l = login_data(true);
	l->focus = F_PASS;
	l->lock_user = xstrdup(app.me.username ? app.me.username : "");
	l->lock_name = xstrdup(app.me.name && *app.me.name ? app.me.name : l->lock_user);
	l->hidden_msg = xstrdup(app.message && *app.message ? app.message : NULL);
	l->hidden_error = app.message_error;
	return screen_new(&lock_ops, l);
}

/* Whether s is the lock screen. */
bool screen_is_lock(const Screen *s)
{
	return s && s->ops == &lock_ops;
}
