/* app_session: log in (password, or a refresh token kept in the keyring, or
 * password_command), keep the rotating refresh token stored, log out. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "client/app.h"
#include "client/api.h"
#include "client/app_int.h"
#include "client/app_model.h"
#include "client/cache.h"
#include "client/i18n.h"
#include "client/loop.h"
#include "client/offline.h"
#include "client/secret.h"
#include "common/jsonx.h"
#include "common/timefmt.h"
#include "common/xalloc.h"

#include <stdlib.h>
#include <string.h>

#define KEYRING_TIMEOUT_MS 3000
#define PASSWORD_COMMAND_TIMEOUT_MS 15000

static char *session_user;   /* who the keyring entry belongs to */

/* Keep the newest refresh token in the keyring; failure only means the
 * next start asks for the password again. */
static void store_token(const char *refresh)
{
	if (session_user && refresh)
		secret_store(app.server, session_user, refresh, KEYRING_TIMEOUT_MS, NULL, NULL);
}

static void staff_cache_now(void *ud);

/* Local end of a session: stream stopped, tokens wiped, model emptied. */
static void session_end_local(bool forget_keyring)
{
	staff_cache_now(NULL); /* into this user's store, before another's */
	app_queue_stop();
	api_clear_tokens();
	if (forget_keyring && session_user)
		secret_clear(app.server, session_user, KEYRING_TIMEOUT_MS, NULL, NULL);
	model_clear_queue(&app);
	staff_free(&app.me);
	app.logged_in = false;
	app.offline_session = false;
	offline_resumed();
	app.online = false;
	app_notify(CH_SESSION | CH_QUEUE | CH_CURRENT | CH_ONLINE);
}

void app_session_lost(const char *why)
{
	if (!app.logged_in || app.offline_session)
		return; /* the cached session has no server session to lose */
	session_end_local(true);
	app_message(true, "%s", why);
}

/* api.c rotated the tokens (store the new one) or gave up on them. */
static void on_tokens(const char *refresh, void *ud)
{
	if (refresh) {
		if (app.logged_in)
			store_token(refresh);
	} else {
		app_session_lost(_("The session has expired; please log in again."));
	}
}

void app_session_init(void)
{
	api_on_tokens(on_tokens, NULL);
}

/* The staff profile waiting to be cached, and its timer. */
static struct {
	char *user;
	cJSON *staff;
	unsigned timer;
} pending;

enum { STAFF_CACHE_DELAY_MS = 500 };

static void staff_cache_now(void *ud)
{
	loop_timer_cancel(pending.timer);
	pending.timer = 0;
	if (pending.user && pending.staff)
		cache_put(CACHE_STAFF, pending.user, pending.staff);
	free(pending.user);
	cJSON_Delete(pending.staff);
	pending.user = NULL;
	pending.staff = NULL;
}

void app_session_flush(void)
{
	staff_cache_now(NULL);
}

static void staff_cache_later(const char *user, const cJSON *staff)
{
	loop_timer_cancel(pending.timer);
	free(pending.user);
	cJSON_Delete(pending.staff);
	pending.user = xstrdup(user);
	pending.staff = staff ? cJSON_Duplicate(staff, 1) : NULL;
	pending.timer = loop_timer_add(STAFF_CACHE_DELAY_MS, staff_cache_now, NULL);
}

/* Tokens and staff from a TokenPair: the session starts. */
static bool session_begin(const ApiResponse *r, const char *username)
{
	const char *acc = json_str(r->json, "access_token", NULL);
	const char *ref = json_str(r->json, "refresh_token", NULL);
	Staff s;
	if (!acc || !ref || !staff_parse(&s, json_obj(r->json, "staff")))
		return false;
	api_set_tokens(acc, ref);
	staff_free(&app.me);
	app.me = s;
	/* The offline session (if any) becomes this real one. */
	bool was_offline = app.offline_session;
	app.offline_session = false;
	offline_resumed();
	free(session_user);
	session_user = xstrdup(username && *username ? username : s.username);
	app.logged_in = true;
	/* The staff profile for an offline start (the raw object), written
	 * once the first screen is up: a first login creates the store. */
	staff_cache_later(session_user, json_obj(r->json, "staff"));
	app_note_date(r);
	store_token(api_refresh_token());
	free(app.message);
	app.message = NULL;
	app_notify(CH_SESSION | CH_MESSAGE | (was_offline ? CH_ONLINE : 0));
	app_queue_start();
	return true;
}

typedef struct LoginCtx {
	app_done_cb cb;
	void *ud;
	char *username;
	bool quiet;         /* the offline session's retries: no messages */
} LoginCtx;

static void login_ctx_free(LoginCtx *c)
{
	free(c->username);
	free(c);
}

/* Minutes until a lock ends, from locked_until or Retry-After (at least 1). */
static long lock_minutes(const ApiResponse *r)
{
	long secs = -1;
	time_t until = time_parse_rfc3339(json_str(r->json, "locked_until", NULL));
	if (until > 0) {
		time_t now = r->server_date > 0 ? r->server_date : app_server_now();
		secs = (long)(until - now);
	} else if (r->retry_after >= 0) {
		secs = r->retry_after;
	}
	if (secs < 0)
		return -1;
	long m = (secs + 59) / 60;
	return m < 1 ? 1 : m;
}

/* Why a login (or an unlock: the same user, only the password asked)
 * failed, in words the clerk can act on. */
static void login_failed(const ApiResponse *r, bool unlock)
{
	const char *p = r->problem ? r->problem : "";
	if (r->status == 0) {
		app_message(true, unlock ? _("Cannot unlock: offline (%s)") : _("Cannot log in: offline (%s)"),
			    r->error ? r->error : "?");
	} else if (strcmp(p, "invalid-credentials") == 0) {
		long left = json_long(r->json, "remaining_attempts", -1);
		if (left >= 0 && unlock)
			app_message(true, ngettext("Wrong password; %ld attempt left before the account is locked.",
						   "Wrong password; %ld attempts left before the account is locked.",
						   (unsigned long)left), left);
		else if (left >= 0)
			app_message(true, ngettext("Wrong user name or password; %ld attempt left before the account is locked.",
						   "Wrong user name or password; %ld attempts left before the account is locked.",
						   (unsigned long)left), left);
		else
			app_message(true, "%s", unlock ? _("Wrong password.") : _("Wrong user name or password."));
	} else if (strcmp(p, "account-locked") == 0) {
		long m = lock_minutes(r);
		if (m > 0)
			app_message(true, ngettext("Account locked after too many failed logins; try again in %ld minute.",
						   "Account locked after too many failed logins; try again in %ld minutes.",
						   (unsigned long)m), m);
		else
			app_message(true, "%s", _("Account locked after too many failed logins; try again later."));
	} else if (r->status == 422 || strcmp(p, "invalid-request") == 0) {
		app_message(true, "%s", unlock ? _("Enter the password.") : _("Enter your user name and password."));
	} else if (r->error) {
		app_message(true, "%s", unlock ? _("Cannot unlock: the server sent a malformed answer")
					       : _("Cannot log in: the server sent a malformed answer"));
	} else {
		app_message(true, unlock ? _("Cannot unlock: %s") : _("Cannot log in: %s"), r->message ? r->message : "?");
	}
}

/* The problem slug a failed login or unlock reports to its caller. */
static const char *login_problem(const ApiResponse *r)
{
	return r->problem ? r->problem : (r->status == 0 ? "offline" : "malformed");
}

static void on_login(const ApiResponse *r, void *ud)
{
	LoginCtx *c = ud;
	app_busy(-1);
	bool ok = false;
	if (r->status == 200 && !r->error) {
		ok = session_begin(r, c->username);
		if (!ok && !c->quiet)
			app_message(true, "%s", _("Cannot log in: the server sent a malformed answer"));
	} else if (!c->quiet) {
		login_failed(r, false);
	}
	if (c->cb)
		c->cb(ok, ok ? NULL : login_problem(r), c->ud);
	login_ctx_free(c);
}

static void login_start(const char *username, const char *password, app_done_cb cb, void *ud, bool quiet)
{
	if (!username || !*username || !password || !*password) {
		if (!quiet)
			app_message(true, "%s", _("Enter your user name and password."));
		app_done_later(cb, ud, false, "invalid-request");
		return;
	}
	if (app.logged_in && !app.offline_session) {
		/* Another user: a new session. The old one is revoked (the
		 * request carries its token already) so it does not linger. */
		api_request("POST", "/v1/auth/logout", NULL, NULL, NULL, NULL);
		session_end_local(false);
	}
	LoginCtx *c = xcalloc(1, sizeof *c);
	c->cb = cb;
	c->ud = ud;
	c->username = xstrdup(username);
	c->quiet = quiet;
	cJSON *body = cJSON_CreateObject();
	cJSON_AddStringToObject(body, "username", username);
	cJSON *pw = cJSON_AddStringToObject(body, "password", password);
	app_busy(+1);
	api_request("POST", "/v1/auth/login", body, NULL, on_login, c);
	if (pw && pw->valuestring)
		xwipe(pw->valuestring, strlen(pw->valuestring));
	cJSON_Delete(body);
}

void app_login(const char *username, const char *password, app_done_cb cb, void *ud)
{
	login_start(username, password, cb, ud, false);
}

/* The same user's new session replaces the running one: the queue, the
 * events stream and the operations in flight go on with the new tokens,
 * and the old session is ended on the server in the background. */
static bool session_swap(const ApiResponse *r)
{
	const char *acc = json_str(r->json, "access_token", NULL);
	const char *ref = json_str(r->json, "refresh_token", NULL);
	Staff s;
	if (!acc || !ref || !*acc || !*ref || !staff_parse(&s, json_obj(r->json, "staff")))
		return false;
	api_swap_tokens(acc, ref);
	staff_free(&app.me);
	app.me = s;
	app_note_date(r);
	store_token(api_refresh_token());
	free(app.message);
	app.message = NULL;
	app_notify(CH_SESSION | CH_MESSAGE);
	return true;
}

static void on_unlock(const ApiResponse *r, void *ud)
{
	LoginCtx *c = ud;
	app_busy(-1);
	bool ok = false;
	if (r->status == 200 && !r->error) {
		/* The session may have ended while the password was checked. */
		ok = app.logged_in && !app.offline_session ? session_swap(r) : session_begin(r, c->username);
		if (!ok)
			app_message(true, "%s", _("Cannot unlock: the server sent a malformed answer"));
	} else if (r->problem && strcmp(r->problem, "account-locked") == 0 && app.logged_in) {
		/* Too many wrong passwords: the account is locked, and the
		 * session at this counter ends with it. */
		api_request("POST", "/v1/auth/logout", NULL, NULL, NULL, NULL);
		session_end_local(true);
		login_failed(r, true);
	} else {
		login_failed(r, true); /* the lock and the session stay */
	}
	if (c->cb)
		c->cb(ok, ok ? NULL : login_problem(r), c->ud);
	login_ctx_free(c);
}

void app_unlock(const char *password, app_done_cb cb, void *ud)
{
	const char *user = session_user ? session_user : app.me.username;
	if (!user || !*user) {
		app_message(true, "%s", _("Cannot unlock: no session to unlock; please log in."));
		app_done_later(cb, ud, false, "unauthorized");
		return;
	}
	if (!password || !*password) {
		app_message(true, "%s", _("Enter the password."));
		app_done_later(cb, ud, false, "invalid-request");
		return;
	}
	LoginCtx *c = xcalloc(1, sizeof *c);
	c->cb = cb;
	c->ud = ud;
	c->username = xstrdup(user);
	cJSON *body = cJSON_CreateObject();
	cJSON_AddStringToObject(body, "username", user);
	cJSON *pw = cJSON_AddStringToObject(body, "password", password);
	app_busy(+1);
	api_request("POST", "/v1/auth/login", body, NULL, on_unlock, c);
	if (pw && pw->valuestring)
		xwipe(pw->valuestring, strlen(pw->valuestring));
	cJSON_Delete(body);
}

/* Resuming: keyring, then password_command, then the login screen. */
static void resume_with_command(LoginCtx *c);

static void on_resume_refresh(const ApiResponse *r, void *ud)
{
	LoginCtx *c = ud;
	app_busy(-1);
	if (r->status == 200 && !r->error && session_begin(r, c->username)) {
		if (c->cb)
			c->cb(true, NULL, c->ud);
		login_ctx_free(c);
		return;
	}
	if (r->status == 401 || r->status == 400 || r->status == 422)
		secret_clear(app.server, c->username, KEYRING_TIMEOUT_MS, NULL, NULL); /* stale */
	api_clear_tokens();
	if (r->status == 0) {
		/* Offline: the token may be fine; the login screen says why. */
		if (!c->quiet)
			app_message(true, _("Cannot reach the server: %s"), r->error ? r->error : "?");
		if (c->cb)
			c->cb(false, "offline", c->ud);
		login_ctx_free(c);
		return;
	}
	resume_with_command(c);
}

static void on_keyring(const char *value, const char *why, void *ud)
{
	LoginCtx *c = ud;
	if (!value) {
		resume_with_command(c);
		return;
	}
	api_set_tokens(NULL, value);
	app_busy(+1);
	api_refresh(on_resume_refresh, c);
}

static void on_password(const char *value, const char *why, void *ud)
{
	LoginCtx *c = ud;
	if (!value) {
		if (!c->quiet)
			app_message(true, "%s", why ? why : _("password_command gave no password"));
		if (c->cb)
			c->cb(false, NULL, c->ud);
		login_ctx_free(c);
		return;
	}
	login_start(c->username, value, c->cb, c->ud, c->quiet); /* value is wiped by secret_cmd */
	login_ctx_free(c);
}

static void resume_with_command(LoginCtx *c)
{
	const char *cmd = app.cfg.password_command;
	if (cmd && *cmd) {
		secret_password_command(cmd, PASSWORD_COMMAND_TIMEOUT_MS, on_password, c);
		return;
	}
	if (c->cb)
		c->cb(false, NULL, c->ud);
	login_ctx_free(c);
}

static void resume(const char *username, app_done_cb cb, void *ud, bool quiet)
{
	const char *u = username && *username ? username : app.cfg.username;
	if (!u || !*u) {
		app_done_later(cb, ud, false, NULL);
		return;
	}
	LoginCtx *c = xcalloc(1, sizeof *c);
	c->cb = cb;
	c->ud = ud;
	c->username = xstrdup(u);
	c->quiet = quiet;
	secret_lookup(app.server, u, KEYRING_TIMEOUT_MS, on_keyring, c);
}

void app_resume_session(const char *username, app_done_cb cb, void *ud)
{
	resume(username, cb, ud, false);
}

void app_resume_quietly(const char *username, app_done_cb cb, void *ud)
{
	resume(username, cb, ud, true);
}

typedef struct LogoutCtx {
	app_done_cb cb;
	void *ud;
} LogoutCtx;

static void on_logout(const ApiResponse *r, void *ud)
{
	LogoutCtx *c = ud;
	app_busy(-1);
	bool told = r->status == 204 || r->status == 200 || r->status == 401;
	session_end_local(true);
	if (told)
		app_message(false, "%s", _("Logged out."));
	else
		app_message(true, "%s", _("Logged out here; the server could not be told (the session ends by itself)."));
	if (c->cb)
		c->cb(true, NULL, c->ud);
	free(c);
}

void app_logout(app_done_cb cb, void *ud)
{
	if (app.offline_session) {
		/* No server session: only the cached one ends. */
		offline_end();
		app_message(false, "%s", _("Logged out."));
		app_done_later(cb, ud, true, NULL);
		return;
	}
	if (!app.logged_in) {
		app_done_later(cb, ud, true, NULL);
		return;
	}
	LogoutCtx *c = xcalloc(1, sizeof *c);
	c->cb = cb;
	c->ud = ud;
	app_busy(+1);
	api_request("POST", "/v1/auth/logout", NULL, NULL, on_logout, c);
}
