/* test_secret: the keyring never makes the caller wait past its timeout
 * (no bus: "no keyring" at once; a bus that never answers: "timed out",
 * the late answer dropped; a bus without a keyring: its error), and
 * password_command (first line, failures, timeout with the group killed). */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <dlfcn.h>
#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "client/loop.h"
#include "client/secret.h"

typedef struct Got {
	int calls;
	bool has_value;
	char value[128];
	char why[256];
	int64_t at;
} Got;

static void on_answer(const char *value, const char *why, void *ud)
{
	Got *g = ud;
	g->calls++;
	g->has_value = value != NULL;
	snprintf(g->value, sizeof g->value, "%s", value ? value : "");
	snprintf(g->why, sizeof g->why, "%s", why ? why : "");
	g->at = loop_now();
	loop_quit(0);
}

static void on_deadline(void *ud)
{
	loop_quit(99);
}

/* Run the loop for one answer; then a little longer to catch a second. */
static void wait_answer(Got *g, int ms)
{
	unsigned t = loop_timer_add(ms, on_deadline, NULL);
	assert_int_equal(loop_run(), 0);
	loop_timer_cancel(t);
	t = loop_timer_add(50, on_deadline, NULL);
	loop_run();
	loop_timer_cancel(t);
	assert_int_equal(g->calls, 1);
}

static void test_no_bus_answers_at_once(void **state)
{
	loop_init();
	unsetenv("DBUS_SESSION_BUS_ADDRESS");
	Got g = {0};
	int64_t t0 = loop_now();
	secret_lookup("http://127.0.0.1:8470", "clerk01", 3000, on_answer, &g);
	assert_int_equal(g.calls, 0); /* from the loop, not inline */
	wait_answer(&g, 1000);
	assert_false(g.has_value);
	assert_string_equal(g.why, "no keyring");
	assert_true(g.at - t0 < 100);

	Got s = {0};
	secret_store("http://127.0.0.1:8470", "clerk01", "tok", 3000, on_answer, &s);
	wait_answer(&s, 1000);
	assert_string_equal(s.why, "no keyring");
	secret_clear("http://127.0.0.1:8470", "clerk01", 3000, NULL, NULL); /* no callback: fine */
	unsigned t = loop_timer_add(50, on_deadline, NULL);
	assert_int_equal(loop_run(), 99); /* it finishes quietly */
	loop_timer_cancel(t);

	const char *why = NULL;
	assert_null(secret_lookup_sync("http://x", "u", 3000, &why));
	assert_string_equal(why, "no keyring");
	/* No keyring is not the same as a keyring without a token (yichuang
	 * logout: exit 1, a token may be stored elsewhere). */
	assert_false(secret_why_absent(why));
	assert_true(secret_why_absent("no stored token"));
	assert_false(secret_why_absent(NULL));
	assert_int_equal(secret_clear_sync("http://x", "u", 3000, &why), -1);
	/* Without a bus libsecret (and glib, gio …) was never even loaded:
	 * about 3 MiB and 2 ms of every start saved. */
	assert_null(dlopen("libsecret-1.so.0", RTLD_NOW | RTLD_NOLOAD));
	assert_null(dlopen("libgio-2.0.so.0", RTLD_NOW | RTLD_NOLOAD));
}

/* A session bus with no keyring on it (a real dbus-daemon), in a child
 * process: GLib keeps its bus connection for the life of a process. */
static void test_bus_without_keyring(void **state)
{
	FILE *p = popen("dbus-daemon --session --fork --print-address=1 --print-pid=1 2>/dev/null", "r");
	char addr[512] = "", pidline[32] = "";
	if (!p || !fgets(addr, sizeof addr, p) || !fgets(pidline, sizeof pidline, p)) {
		if (p)
			pclose(p);
		skip();
	}
	pclose(p);
	addr[strcspn(addr, "\n")] = '\0';
	pid_t daemon = (pid_t)atoi(pidline);
	pid_t child = fork();
	if (child == 0) {
		setenv("DBUS_SESSION_BUS_ADDRESS", addr, 1);
		loop_init();
		Got g = {0};
		secret_lookup("http://127.0.0.1:8470", "clerk01", 5000, on_answer, &g);
		unsigned t = loop_timer_add(6000, on_deadline, NULL);
		int rc = loop_run();
		loop_timer_cancel(t);
		/* An answer from the bus (an error), not the timeout. */
		bool ok = rc == 0 && g.calls == 1 && !g.has_value && strncmp(g.why, "keyring: ", 9) == 0;
		if (!ok)
			fprintf(stderr, "why: %s\n", g.why);
		const char *why = NULL;
		char *v = secret_lookup_sync("http://127.0.0.1:8470", "clerk01", 5000, &why);
		ok = ok && !v && why && strncmp(why, "keyring: ", 9) == 0 && !secret_why_absent(why);
		_exit(ok ? 0 : 1);
	}
	int status = 0;
	waitpid(child, &status, 0);
	kill(daemon, SIGTERM);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
}

/* A "bus" that accepts and then never says a word. */
static void test_silent_bus_times_out(void **state)
{
	loop_init();
	char path[] = "/tmp/yc-silent-bus-XXXXXX";
	int tmp = mkstemp(path);
	close(tmp);
	unlink(path);
	int s = socket(AF_UNIX, SOCK_STREAM, 0);
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	snprintf(a.sun_path, sizeof a.sun_path, "%s", path);
	assert_int_equal(bind(s, (struct sockaddr *)&a, sizeof a), 0);
	assert_int_equal(listen(s, 8), 0);
	char addr[256];
	snprintf(addr, sizeof addr, "unix:path=%s", path);
	setenv("DBUS_SESSION_BUS_ADDRESS", addr, 1);
	Got g = {0};
	int64_t t0 = loop_now();
	secret_lookup("http://127.0.0.1:8470", "clerk01", 300, on_answer, &g);
	wait_answer(&g, 3000);
	assert_false(g.has_value);
	assert_string_equal(g.why, "the keyring timed out");
	assert_true(g.at - t0 >= 300 && g.at - t0 < 1000);

	const char *why = NULL;
	t0 = loop_now();
	assert_null(secret_lookup_sync("http://x", "u", 200, &why));
	assert_string_equal(why, "the keyring timed out");
	assert_true(loop_now() - t0 < 1000);
	close(s);
	unlink(path);
	unsetenv("DBUS_SESSION_BUS_ADDRESS");
}

static void run_cmd(const char *cmd, int timeout_ms, Got *g)
{
	memset(g, 0, sizeof *g);
	secret_password_command(cmd, timeout_ms, on_answer, g);
	assert_int_equal(g->calls, 0);
	wait_answer(g, timeout_ms + 3000);
}

static void test_password_command(void **state)
{
	loop_init();
	Got g;
	run_cmd("printf 'demo pass\\nsecond line\\n'", 3000, &g);
	assert_true(g.has_value);
	assert_string_equal(g.value, "demo pass");

	run_cmd("printf 'crlf\\r\\n'", 3000, &g);
	assert_string_equal(g.value, "crlf");

	run_cmd("read x; echo \"stdin:$x.\"", 3000, &g); /* stdin is /dev/null */
	assert_string_equal(g.value, "stdin:.");

	run_cmd("echo leaked; exit 3", 3000, &g);
	assert_false(g.has_value);
	assert_non_null(strstr(g.why, "exit status 3"));

	run_cmd("true", 3000, &g);
	assert_false(g.has_value);
	assert_non_null(strstr(g.why, "no password"));

	run_cmd("", 3000, &g);
	assert_false(g.has_value);
}

static void test_password_command_timeout_kills(void **state)
{
	loop_init();
	char pidfile[] = "/tmp/yc-pwcmd-XXXXXX";
	int fd = mkstemp(pidfile);
	close(fd);
	char cmd[256];
	/* A grandchild keeps stdout open: only killing the group ends it. */
	snprintf(cmd, sizeof cmd, "sleep 30 & echo $! > %s; wait", pidfile);
	Got g;
	int64_t t0 = loop_now();
	run_cmd(cmd, 300, &g);
	assert_false(g.has_value);
	assert_string_equal(g.why, "password_command timed out");
	assert_true(g.at - t0 >= 300 && g.at - t0 < 1500);
	FILE *f = fopen(pidfile, "r");
	assert_non_null(f);
	int pid = 0;
	assert_int_equal(fscanf(f, "%d", &pid), 1);
	fclose(f);
	unlink(pidfile);
	usleep(50000);
	/* Gone, or a zombie waiting for whoever reaps orphans here. */
	char stat[64], line[256] = "";
	snprintf(stat, sizeof stat, "/proc/%d/stat", pid);
	f = fopen(stat, "r");
	if (f) {
		if (!fgets(line, sizeof line, f))
			line[0] = '\0';
		fclose(f);
		char *rp = strrchr(line, ')');
		assert_non_null(rp);
		assert_int_equal(rp[2], 'Z');
	} else {
		assert_int_equal(errno, ENOENT);
	}
}

static void test_password_command_sync(void **state)
{
	const char *why = NULL;
	char *pw = secret_password_command_sync("echo s3cret", 3000, &why);
	assert_non_null(pw);
	assert_string_equal(pw, "s3cret");
	free(pw);
	assert_null(secret_password_command_sync("exit 1", 3000, &why));
	assert_non_null(strstr(why, "exit status 1"));
	int64_t t0 = loop_now();
	assert_null(secret_password_command_sync("sleep 10", 200, &why));
	assert_string_equal(why, "password_command timed out");
	assert_true(loop_now() - t0 < 1500);
}

int main(void)
{
	/* The child test forks: run it before any thread exists. */
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bus_without_keyring),
		cmocka_unit_test(test_no_bus_answers_at_once),
		cmocka_unit_test(test_password_command),
		cmocka_unit_test(test_password_command_timeout_kills),
		cmocka_unit_test(test_password_command_sync),
		cmocka_unit_test(test_silent_bus_times_out),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
