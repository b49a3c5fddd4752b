/* test_app: the model's operations against a tiny real server: login and
 * its failure messages (attempts left, minutes locked, offline), resume
 * through password_command, the queue and events, ticket operations,
 * a refused refresh ending the session, logout, and unlocking the idle
 * lock without losing the session. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdint.h>

#include "client/api.h"
#include "client/app.h"
#include "client/loop.h"
#include "common/jsonx.h"
#include "client/local.h"
#include "tests/unit/client/kb_fixtures.h"
#include "tests/unit/client/tinyhttp.h"

#define STAFF "{\"id\":\"s-clerk01\",\"username\":\"clerk01\",\"name\":\"张伟\",\"role\":\"clerk\"," \
	"\"hall\":{\"id\":\"xh01\",\"name\":\"徐汇区行政服务中心\"}," \
	"\"window\":{\"id\":\"W01\",\"name\":\"1号窗口\",\"categories\":[\"A\",\"B\",\"V\"]}}"
#define TICKET(id, num, cat, st, win) "{\"id\":\"" id "\",\"number\":\"" num "\",\"category\":\"" cat \
	"\",\"status\":\"" st "\",\"window\":" win ",\"issued_at\":\"2026-11-23T07:50:00Z\"}"

static volatile int refresh_ok = 1;
static volatile int a001_called;   /* the queue shows A001 being served */
static volatile int nlogins;        /* logins accepted: the Nth gets acc-N / ref-N */
static char revoked[8][128];        /* bearers logged out */
static volatile int nrevoked;

/* Whether a bearer is one the server gave out and was not logged out. */
static bool bearer_ok(const char *auth)
{
	if (strncmp(auth, "Bearer acc-", 11) != 0 || strcmp(auth, "Bearer acc-expired") == 0)
		return false;
	for (int i = 0; i < nrevoked; i++)
		if (strcmp(revoked[i], auth) == 0)
			return false;
	return true;
}

static void handler(int fd, const THReq *r, void *ud)
{
	char auth[128], buf[1024];
	th_header(r, "Authorization", auth, sizeof auth);
	bool authed = bearer_ok(auth);
	const char *pj = "application/problem+json", *js = "application/json";
	if (strcmp(r->path, "/v1/auth/login") == 0) {
		cJSON *j = cJSON_Parse(r->body);
		const char *u = json_str(j, "username", ""), *p = json_str(j, "password", "");
		if (strcmp(u, "locked") == 0)
			th_reply(fd, 423, pj, "Retry-After: 570\r\n",
				 "{\"type\":\"/problems/account-locked\",\"title\":\"Locked\",\"status\":423,"
				 "\"locked_until\":\"2026-11-23T08:09:30Z\"}");
		else if (strcmp(p, "lockme") == 0)
			th_reply(fd, 423, pj, "Retry-After: 900\r\n",
				 "{\"type\":\"/problems/account-locked\",\"title\":\"Locked\",\"status\":423,"
				 "\"locked_until\":\"2026-11-23T08:15:00Z\"}");
		else if (strcmp(p, "demo") != 0)
			th_reply(fd, 401, pj, "", "{\"type\":\"/problems/invalid-credentials\",\"title\":\"Bad\","
				 "\"status\":401,\"remaining_attempts\":3}");
		else {
			int n = ++nlogins;
			snprintf(buf, sizeof buf, "{\"access_token\":\"acc-%d\",\"refresh_token\":\"ref-%d\","
				 "\"token_type\":\"Bearer\",\"expires_in\":900,\"staff\":" STAFF "}", n, n);
			th_reply(fd, 200, js, "", buf);
		}
		cJSON_Delete(j);
	} else if (strcmp(r->path, "/v1/auth/refresh") == 0) {
		if (refresh_ok)
			th_reply(fd, 200, js, "", "{\"access_token\":\"acc-r\",\"refresh_token\":\"ref-r\",\"staff\":" STAFF "}");
		else
			th_reply(fd, 401, pj, "", "{\"type\":\"/problems/unauthorized\",\"title\":\"Unauthorized\",\"status\":401}");
	} else if (!authed) {
		th_reply(fd, 401, pj, "", "{\"type\":\"/problems/unauthorized\",\"title\":\"Unauthorized\",\"status\":401}");
	} else if (strncmp(r->path, "/v1/queue?", 10) == 0) {
		snprintf(buf, sizeof buf, "{\"items\":[%s" TICKET("t-A002", "A002", "A", "waiting", "null") "],"
			 "\"next_cursor\":null,\"categories\":[{\"code\":\"A\",\"name\":\"综合受理\","
			 "\"name_en\":\"General intake\",\"waiting\":2}],\"stats\":{\"waiting\":2},"
			 "\"current\":%s,\"held\":[]}",
			 a001_called ? "" : TICKET("t-A001", "A001", "A", "waiting", "null") ",",
			 a001_called ? TICKET("t-A001", "A001", "A", "called", "\"W01\"") : "null");
		th_reply(fd, 200, js, "", buf);
	} else if (strcmp(r->path, "/v1/events") == 0) {
		const char *s = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n\r\n"
				"id: 9\nevent: ticket.issued\ndata: {\"ticket\":" TICKET("t-B001", "B001", "B", "waiting", "null")
				",\"stats\":{\"waiting\":3,\"by_category\":{\"A\":2}}}\n\n";
		th_send(fd, s, strlen(s));
		usleep(3000 * 1000);
	} else if (strcmp(r->path, "/v1/queue/call-next") == 0) {
		a001_called = 1;
		th_reply(fd, 200, js, "", TICKET("t-A001", "A001", "A", "called", "\"W01\""));
	} else if (strcmp(r->path, "/v1/tickets/t-A001/hold") == 0) {
		a001_called = 0;
		th_reply(fd, 200, js, "", TICKET("t-A001", "A001", "A", "held", "\"W01\""));
	} else if (strcmp(r->path, "/v1/tickets/t-A001/recall") == 0) {
		a001_called = 1;
		th_reply(fd, 200, js, "", TICKET("t-A001", "A001", "A", "called", "\"W01\""));
	} else if (strcmp(r->path, "/v1/tickets/t-A001/finish") == 0) {
		a001_called = 0;
		th_reply(fd, 200, js, "", TICKET("t-A001", "A001", "A", "finished", "\"W01\""));
	} else if (strcmp(r->path, "/v1/tickets/t-A001/transfer") == 0) {
		a001_called = 0;
		th_reply(fd, 200, js, "", TICKET("t-A001", "A001", "B", "waiting", "null"));
	} else if (strcmp(r->path, "/v1/auth/logout") == 0) {
		if (nrevoked < 8)
			snprintf(revoked[nrevoked++], sizeof revoked[0], "%s", auth);
		th_reply(fd, 204, js, "", "");
	} else {
		th_reply(fd, 404, pj, "", "{\"type\":\"/problems/not-found\",\"title\":\"Not found\",\"status\":404}");
	}
}

static struct {
	int calls;
	bool ok;
	char problem[64];
	unsigned seen;           /* CH_* bits notified */
} D;

static void on_done(bool ok, const char *problem, void *ud)
{
	D.calls++;
	D.ok = ok;
	snprintf(D.problem, sizeof D.problem, "%s", problem ? problem : "");
	loop_quit(0);
}

static void on_change(unsigned what, void *ud)
{
	D.seen |= what;
}

static void on_deadline(void *ud)
{
	loop_quit(99);
}

static void wait_done(void)
{
	int calls = D.calls;
	unsigned t = loop_timer_add(5000, on_deadline, NULL);
	assert_int_equal(loop_run(), 0);
	loop_timer_cancel(t);
	assert_int_equal(D.calls, calls + 1);
}

static void run_for(int ms)
{
	unsigned t = loop_timer_add(ms, on_deadline, NULL);
	while (loop_run() != 99)
		;
	loop_timer_cancel(t);
}

static char base[64];

static int setup(void **state)
{
	unsetenv("DBUS_SESSION_BUS_ADDRESS");
	loop_init();
	int port = th_start(handler, NULL);
	snprintf(base, sizeof base, "http://127.0.0.1:%d", port);
	memset(&app, 0, sizeof app);
	config_load(&app.cfg, "/nonexistent/config", NULL, NULL);
	free(app.cfg.server);
	app.cfg.server = strdup(base);
	api_init(base, NULL);
	app_init();
	app_set_listener(on_change, NULL);
	memset(&D, 0, sizeof D);
	refresh_ok = 1;
	nlogins = 0;
	nrevoked = 0;
	a001_called = 0;
	return 0;
}

static int teardown(void **state)
{
	run_for(50); /* background keyring calls finish */
	app_set_listener(NULL, NULL);
	app_free();
	api_shutdown();
	th_stop();
	return 0;
}

static void test_login_failures(void **state)
{
	app_login("clerk01", "wrong", on_done, NULL);
	wait_done();
	assert_false(D.ok);
	assert_string_equal(D.problem, "invalid-credentials");
	assert_true(app.message_error);
	assert_string_equal(app.message, "Wrong user name or password; 3 attempts left before the account is locked.");

	app_login("locked", "x", on_done, NULL);
	wait_done();
	assert_string_equal(D.problem, "account-locked");
	/* locked_until 08:09:30 against the server's Date 08:00:00: 10 minutes. */
	assert_string_equal(app.message, "Account locked after too many failed logins; try again in 10 minutes.");

	app_login("", "", on_done, NULL);
	assert_int_equal(D.calls, 2); /* never inline */
	wait_done();
	assert_string_equal(app.message, "Enter your user name and password.");
	assert_false(app.logged_in);

	/* A port that is bound but not listening refuses connections. */
	int s = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	bind(s, (struct sockaddr *)&a, sizeof a);
	socklen_t al = sizeof a;
	getsockname(s, (struct sockaddr *)&a, &al);
	char url[64];
	snprintf(url, sizeof url, "http://127.0.0.1:%d", ntohs(a.sin_port));
	api_init(url, NULL);
	app_login("clerk01", "demo", on_done, NULL);
	wait_done();
	close(s);
	assert_string_equal(D.problem, "offline");
	assert_string_equal(app.message, "Cannot log in: offline (cannot connect to the server: connection refused)");
}

static void test_session_queue_and_operations(void **state)
{
	app_login("clerk01", "demo", on_done, NULL);
	wait_done();
	assert_true(D.ok);
	assert_true(app.logged_in);
	assert_true(D.seen & CH_SESSION);
	assert_string_equal(app.me.name, "张伟");
	assert_string_equal(app.me.window_id, "W01");
	assert_int_equal(app.server_clock_offset, (time_t)1795420800 - time(NULL)); /* within the second */
	/* The queue and the stream arrive by themselves. */
	run_for(600);
	assert_true(app.online);
	assert_true(D.seen & CH_ONLINE);
	assert_int_equal(app.nwaiting, 2); /* re-fetched after the event */
	assert_int_equal(app.stats.waiting, 2);
	assert_string_equal(category_label(app_category("A")), "General intake");
	assert_null(app_category("Z"));

	app_call_next(on_done, NULL);
	wait_done();
	assert_true(D.ok);
	assert_string_equal(app.current->number, "A001");
	assert_string_equal(app.message, "Ticket A001: called");
	assert_false(app.message_error);

	app_hold(on_done, NULL);
	wait_done();
	assert_null(app.current);
	assert_int_equal(app.nheld, 1);

	/* Skip with nothing called: said at once, nothing sent. */
	app_skip(on_done, NULL);
	wait_done();
	assert_false(D.ok);
	assert_string_equal(app.message, "Cannot skip the ticket: no ticket is being served at this window");

	app_recall(on_done, NULL); /* the held one */
	wait_done();
	assert_true(D.ok);
	assert_string_equal(app.current->number, "A001");
	assert_int_equal(app.nheld, 0);

	app_transfer("B", on_done, NULL);
	wait_done();
	assert_true(D.ok);
	assert_null(app.current);
	assert_string_equal(app.message, "Ticket A001: transferred to B");
	THReq r;
	assert_true(th_last("/v1/tickets/t-A001/transfer", &r));
	assert_string_equal(r.body, "{\"category\":\"B\"}");

	/* Two operations at once: the second waits its turn, then runs on
	 * the ticket the first one called. */
	app_call_next(NULL, NULL);
	app_finish(on_done, NULL);
	wait_done();
	assert_true(D.ok);
	assert_string_equal(app.message, "Ticket A001: finished");
	assert_null(app.current);

	app_logout(on_done, NULL);
	wait_done();
	assert_false(app.logged_in);
	assert_false(app.online);
	assert_int_equal(app.nwaiting, 0);
	assert_null(app.me.id);
	assert_string_equal(app.message, "Logged out.");
	assert_null(api_refresh_token());
	assert_int_equal(th_count("/v1/auth/logout"), 1);
}

static void test_refused_refresh_ends_session(void **state)
{
	app_login("clerk01", "demo", on_done, NULL);
	wait_done();
	run_for(300);
	/* The server forgets us: access and refresh tokens both refused. */
	api_set_tokens("acc-expired", "ref-dead");
	refresh_ok = 0;
	memset(&D, 0, sizeof D);
	app_call_next(on_done, NULL);
	wait_done();
	assert_false(D.ok);
	assert_false(app.logged_in);
	assert_true(D.seen & CH_SESSION);
	assert_true(app.message_error);
	assert_non_null(strstr(app.message, "log in again"));
}

static void test_resume_with_password_command(void **state)
{
	app.cfg.password_command = strdup("echo demo");
	app.cfg.username = strdup("clerk01");
	app_resume_session(NULL, on_done, NULL);
	wait_done();
	assert_true(D.ok);
	assert_true(app.logged_in);
	THReq r;
	assert_true(th_last("/v1/auth/login", &r));
	assert_non_null(strstr(r.body, "\"password\":\"demo\""));

	/* No user name: the login screen must ask. */
	app_logout(on_done, NULL);
	wait_done();
	free(app.cfg.username);
	app.cfg.username = NULL;
	app_resume_session(NULL, on_done, NULL);
	wait_done();
	assert_false(D.ok);
	assert_false(app.logged_in);
}

/* The bearer of the last request to path ("" when none). */
static const char *last_bearer(const char *path)
{
	static char auth[128];
	THReq r;
	auth[0] = '\0';
	if (th_last(path, &r))
		th_header(&r, "Authorization", auth, sizeof auth);
	return auth;
}

/* A wrong password at the lock changes nothing but the message: the
 * session, its queue and its ticket stay; the right one swaps in a new
 * session of the same user and ends the old one on the server. */
static void test_unlock(void **state)
{
	app_login("clerk01", "demo", on_done, NULL);
	wait_done();
	run_for(300);
	app_call_next(on_done, NULL);
	wait_done();
	assert_string_equal(app.current->number, "A001");
	int logouts = th_count("/v1/auth/logout");

	app_unlock("wrong", on_done, NULL);
	wait_done();
	assert_false(D.ok);
	assert_string_equal(D.problem, "invalid-credentials");
	assert_string_equal(app.message, "Wrong password; 3 attempts left before the account is locked.");
	assert_true(app.logged_in);
	assert_true(app.online);
	assert_non_null(app.current);
	assert_int_equal(app.nwaiting, 1);
	assert_string_equal(api_refresh_token(), "ref-1");
	assert_int_equal(th_count("/v1/auth/logout"), logouts);
	THReq r;
	assert_true(th_last("/v1/auth/login", &r));
	assert_non_null(strstr(r.body, "\"username\":\"clerk01\""));

	app_unlock("demo", on_done, NULL);
	wait_done();
	assert_true(D.ok);
	assert_true(app.logged_in);
	assert_string_equal(app.current->number, "A001"); /* the queue never went away */
	assert_string_equal(app.me.name, "张伟");
	assert_string_equal(api_refresh_token(), "ref-2");
	run_for(200);
	/* The old session is ended with its own token, not the new one. */
	assert_int_equal(th_count("/v1/auth/logout"), logouts + 1);
	assert_string_equal(last_bearer("/v1/auth/logout"), "Bearer acc-1");
	app_finish(on_done, NULL);
	wait_done();
	assert_true(D.ok);
	assert_string_equal(last_bearer("/v1/tickets/t-A001/finish"), "Bearer acc-2");
	assert_true(app.logged_in);
}

/* The old access token expired while the screen was locked: it is
 * refreshed once with the old refresh token, then that session ends. */
static void test_unlock_expired_access(void **state)
{
	app_login("clerk01", "demo", on_done, NULL);
	wait_done();
	api_set_tokens("acc-expired", "ref-1");
	app_unlock("demo", on_done, NULL);
	wait_done();
	assert_true(D.ok);
	run_for(300);
	assert_int_equal(th_count("/v1/auth/logout"), 2);
	assert_string_equal(last_bearer("/v1/auth/logout"), "Bearer acc-r");
	THReq r;
	assert_true(th_last("/v1/auth/refresh", &r));
	assert_non_null(strstr(r.body, "\"refresh_token\":\"ref-1\""));
	assert_string_equal(api_refresh_token(), "ref-2");
	assert_true(app.logged_in);
}

/* The failure that locks the account ends the session (logging out is
 * right then); offline, the lock simply stays. */
static void test_unlock_locks_account(void **state)
{
	app_login("clerk01", "demo", on_done, NULL);
	wait_done();
	run_for(300);
	app_unlock("lockme", on_done, NULL);
	wait_done();
	assert_false(D.ok);
	assert_string_equal(D.problem, "account-locked");
	assert_false(app.logged_in);
	assert_int_equal(app.nwaiting, 0);
	assert_null(api_refresh_token());
	assert_string_equal(app.message, "Account locked after too many failed logins; try again in 15 minutes.");
	run_for(200);
	assert_int_equal(th_count("/v1/auth/logout"), 1);
	assert_string_equal(last_bearer("/v1/auth/logout"), "Bearer acc-1");

	/* The session lost while locked: the right password starts a new one
	 * for the same user. */
	app_unlock("demo", on_done, NULL);
	wait_done();
	assert_true(D.ok);
	assert_true(app.logged_in);
	assert_string_equal(api_refresh_token(), "ref-2");
}

static void test_unlock_offline(void **state)
{
	app_login("clerk01", "demo", on_done, NULL);
	wait_done();
	int s = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	bind(s, (struct sockaddr *)&a, sizeof a);
	socklen_t al = sizeof a;
	getsockname(s, (struct sockaddr *)&a, &al);
	char url[64];
	snprintf(url, sizeof url, "http://127.0.0.1:%d", ntohs(a.sin_port));
	api_init(url, NULL);
	app_unlock("demo", on_done, NULL);
	wait_done();
	close(s);
	assert_false(D.ok);
	assert_string_equal(D.problem, "offline");
	assert_true(app.logged_in);
	assert_string_equal(api_refresh_token(), "ref-1");
	assert_string_equal(app.message, "Cannot unlock: offline (cannot connect to the server: connection refused)");
	api_init(base, NULL);
}

static void test_labels(void **state)
{
	assert_string_equal(ticket_status_label(TS_HELD), "held");
	assert_string_equal(ticket_status_label((TicketStatus)99), "unknown");
	Category c = { "V", "绿色通道", NULL, true, 0 };
	assert_string_equal(category_label(&c), "绿色通道"); /* no English name */
	assert_string_equal(category_label(NULL), "");
	time_t now = time(NULL);
	app.server_clock_offset = 3600;
	assert_true(app_server_now() - now >= 3600 && app_server_now() - now <= 3601);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_login_failures, setup, teardown),
		cmocka_unit_test_setup_teardown(test_session_queue_and_operations, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refused_refresh_ends_session, setup, teardown),
		cmocka_unit_test_setup_teardown(test_resume_with_password_command, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unlock, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unlock_expired_access, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unlock_locks_account, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unlock_offline, setup, teardown),
		cmocka_unit_test_setup_teardown(test_labels, setup, teardown),
	};
	/* A login caches the staff profile in the user's local store: in a
	 * folder of the test's own, not the home of whoever runs it. */
	if (fx_mkdir() != 0)
		return 1;
	setenv("XDG_DATA_HOME", fx_dir, 1);
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	local_close();
	fx_rmdir();
	return rc;
}
