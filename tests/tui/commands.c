/* commands: what each scenario command does (server, spawn, keys, waits, http, files). */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "tests/tui/driver.h"
#include "tests/tui/commands.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

const char *c_term = "xterm-256color";
int c_timeout_ms = 5000;
double c_scale = 1.0;
static int c_cols = 80, c_rows = 24;
static int exit_checked;        /* the scenario looked at the exit itself */
static HttpReply last;          /* the last http answer */
static struct { char user[64]; char *token; } tokens[8];

int parse_int(const char *s, const char *what)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (!*s || *end || errno || v < -1000000000L || v > 1000000000L)
		fail("%s must be a whole number, not '%s'", what, s);
	return (int)v;
}

/* A wait's timeout: the optional SECONDS word (may be fractional), or
 * the default; scaled for slow (sanitizer) builds. */
static int timeout_of(const char *s)
{
	double sec = c_timeout_ms / 1000.0;
	if (s) {
		char *end;
		sec = strtod(s, &end);
		if (*end || sec <= 0)
			fail("timeout must be a number of seconds, not '%s'", s);
	}
	return (int)(sec * 1000 * c_scale);
}

void require_client(void)
{
	if (!term_pid()) {
		int st;
		if (term_status(&st, NULL) == 0)
			fail("the program is not running: it ended with %s %d", WIFEXITED(st) ? "status" : "signal",
			     WIFEXITED(st) ? WEXITSTATUS(st) : WTERMSIG(st));
		fail("no program is running (spawn first)");
	}
}

/* ---- waiting for the screen ---- */

struct want {
	const char *text;
	int present;
};

/* The wait is over when the text is (or is not) there, or the program ended. */
static int want_met(void *arg)
{
	struct want *w = arg;
	return term_contains(w->text) == w->present || !term_running();
}

static void wait_text(const char *text, const char *secs, int present)
{
	struct want w = {text, present};
	int ms = timeout_of(secs);
	require_client();
	term_wait(want_met, &w, ms);
	if (term_contains(text) == present)
		return;
	if (!term_running())
		require_client();
	fail("%s \"%s\" within %.1f s", present ? "the screen did not show" : "the screen still shows",
	     text, ms / 1000.0);
}

static void cmd_wait(int argc, char **w)
{
	wait_text(w[1], argc > 2 ? w[2] : NULL, 1);
}

static void cmd_wait_gone(int argc, char **w)
{
	wait_text(w[1], argc > 2 ? w[2] : NULL, 0);
}

/* expect and expect-not look once the output has settled. */
static void cmd_expect(int argc, char **w)
{
	(void)argc;
	term_settle(150, (int)(2000 * c_scale));
	int want = strcmp(w[0], "expect") == 0;
	if (term_contains(w[1]) != want)
		fail("the screen %s \"%s\"", want ? "does not show" : "shows", w[1]);
}

static void cmd_settle(int argc, char **w)
{
	term_settle(argc > 1 ? parse_int(w[1], "quiet ms") : 200, (int)(5000 * c_scale));
}

static void cmd_sleep(int argc, char **w)
{
	(void)argc;
	int ms = parse_int(w[1], "sleep ms");
	double end = now_ms() + ms;
	while (now_ms() < end)
		term_pump((int)(end - now_ms()) + 1);
}

/* ---- the program under test ---- */

static void cmd_term(int argc, char **w)
{
	(void)argc;
	static char name[64];
	snprintf(name, sizeof name, "%s", w[1]);
	c_term = name;
	c_cols = parse_int(w[2], "columns");
	c_rows = parse_int(w[3], "rows");
	char err[256];
	char probe[32];
	if (keys_lookup(c_term, "Up", probe, sizeof probe, err, sizeof err) < 0 && strstr(err, "entry"))
		fail("%s", err);
}

static void spawn(char **argv)
{
	char err[512];
	env_set("TERM", c_term);
	exit_checked = 0;
	if (term_spawn(argv, env_build(), c_cols, c_rows, err, sizeof err) < 0)
		fail("%s", err);
}

/* spawn ARGS…: the client from the build directory. */
static void cmd_spawn(int argc, char **w)
{
	char *argv[66];
	char prog[4096];
	snprintf(prog, sizeof prog, "%s/yichuang", g_build);
	argv[0] = prog;
	for (int i = 1; i < argc && i < 65; i++)
		argv[i] = w[i];
	argv[argc < 65 ? argc : 65] = NULL;
	spawn(argv);
}

/* exec PROG ARGS…: any program (found on PATH) in the same pty set-up. */
static void cmd_exec(int argc, char **w)
{
	(void)argc;
	spawn(w + 1);
}

static void cmd_type(int argc, char **w)
{
	(void)argc;
	require_client();
	if (term_send(w[1], strlen(w[1])) < 0)
		fail("cannot write to the pty");
}

int keys_send(const char *spec)
{
	char name[64], bytes[64], err[256];
	int times = 1;
	const char *star = strrchr(spec, '*');
	snprintf(name, sizeof name, "%.*s", star && star != spec ? (int)(star - spec) : (int)strlen(spec),
		 spec);
	if (star && star != spec)
		times = parse_int(star + 1, "key repeat");
	int n = keys_lookup(c_term, name, bytes, sizeof bytes, err, sizeof err);
	if (n < 0)
		fail("%s", err);
	for (int i = 0; i < times; i++) {
		if (term_send(bytes, (size_t)n) < 0)
			fail("cannot write to the pty");
		/* a lone Esc must not run into the next key (curses' ESCDELAY) */
		if (n == 1 && bytes[0] == '\033') {
			double end = now_ms() + 200;
			while (now_ms() < end)
				term_pump((int)(end - now_ms()) + 1);
		}
	}
	return times;
}

static void cmd_key(int argc, char **w)
{
	require_client();
	for (int i = 1; i < argc; i++)
		keys_send(w[i]);
}

static void cmd_resize(int argc, char **w)
{
	(void)argc;
	c_cols = parse_int(w[1], "columns");
	c_rows = parse_int(w[2], "rows");
	if (c_cols < 1 || c_rows < 1 || c_cols > 1000 || c_rows > 1000)
		fail("size out of range");
	if (term_resize(c_cols, c_rows) < 0)
		fail("TIOCSWINSZ: %s", strerror(errno));
}

/* expect-exit CODE [SECONDS]: the program ends by itself with CODE. */
static void cmd_expect_exit(int argc, char **w)
{
	int code = parse_int(w[1], "exit code");
	int ms = timeout_of(argc > 2 ? w[2] : NULL);
	double end = now_ms() + ms;
	while (term_running() && now_ms() < end)
		term_pump(20);
	if (term_running())
		fail("the program did not end within %.1f s", ms / 1000.0);
	int st = 0;
	term_status(&st, NULL);
	exit_checked = 1;
	if (!WIFEXITED(st))
		fail("the program was killed by signal %d, expected exit %d", WTERMSIG(st), code);
	if (WEXITSTATUS(st) != code)
		fail("the program exited with %d, expected %d", WEXITSTATUS(st), code);
}

/* kill [SIGNAL]: the program gets SIGNAL (a number; default 9, SIGKILL)
 * and is reaped; it may not restore the terminal. */
static void cmd_kill(int argc, char **w)
{
	int sig = argc > 1 ? parse_int(w[1], "signal") : SIGKILL;
	require_client();
	if (kill(term_pid(), sig) < 0)
		fail("kill: %s", strerror(errno));
	double end = now_ms() + 5000;
	while (term_running() && now_ms() < end)
		term_pump(20);
	if (term_running())
		fail("the program did not end on signal %d", sig);
	exit_checked = 1;
}

/* limit fsize BYTES: the largest file the program may write (0: no
 * limit): for the next spawn, and at once for the one running (prlimit),
 * so a scenario can fill the disk and free it again. */
static void cmd_limit(int argc, char **w)
{
	(void)argc;
	if (strcmp(w[1], "fsize") != 0)
		fail("limit: only fsize is known");
	term_fsize_limit = parse_int(w[2], "file size limit");
	if (term_running()) {
		/* the soft limit only: raising it again needs no privilege */
		struct rlimit rl;
		if (prlimit(term_pid(), RLIMIT_FSIZE, NULL, &rl) < 0)
			fail("prlimit: %s", strerror(errno));
		rl.rlim_cur = term_fsize_limit > 0 ? (rlim_t)term_fsize_limit : rl.rlim_max;
		if (prlimit(term_pid(), RLIMIT_FSIZE, &rl, NULL) < 0)
			fail("prlimit: %s", strerror(errno));
	}
}

static void cmd_screen(int argc, char **w)
{
	(void)argc, (void)w;
	term_settle(100, 1000);
	term_dump(stdout);
	fflush(stdout);
}

static void cmd_echo(int argc, char **w)
{
	for (int i = 1; i < argc; i++)
		printf("%s%s", w[i], i + 1 < argc ? " " : "\n");
	fflush(stdout);
}

/* ---- environment, variables, files ---- */

static void cmd_env(int argc, char **w)
{
	for (int i = 1; i < argc; i++) {
		char *eq = strchr(w[i], '=');
		if (!eq || eq == w[i])
			fail("env wants NAME=VALUE, not '%s'", w[i]);
		*eq = 0;
		env_set(w[i], eq + 1);
	}
}

static void cmd_unset(int argc, char **w)
{
	for (int i = 1; i < argc; i++)
		env_set(w[i], NULL);
}

static void cmd_set(int argc, char **w)
{
	(void)argc;
	var_set(w[1], w[2]);
}

static void cmd_timeout(int argc, char **w)
{
	(void)argc;
	c_timeout_ms = timeout_of(w[1]);
	c_timeout_ms = (int)(c_timeout_ms / c_scale);
}

/* Make the parent folders of path (0700). */
static void mkdirs(const char *path)
{
	char buf[4096];
	snprintf(buf, sizeof buf, "%s", path);
	for (char *p = buf + 1; *p; p++)
		if (*p == '/') {
			*p = 0;
			mkdir(buf, 0700);
			*p = '/';
		}
}

/* write PATH TEXT (or a here-document): a file the program will read. */
static void cmd_write(int argc, char **w)
{
	(void)argc;
	mkdirs(w[1]);
	int fd = open(w[1], O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0)
		fail("cannot write %s: %s", w[1], strerror(errno));
	size_t n = strlen(w[2]);
	if (write(fd, w[2], n) != (ssize_t)n)
		fail("cannot write %s: %s", w[1], strerror(errno));
	close(fd);
}

/* ---- the server ---- */

static void cmd_server(int argc, char **w)
{
	char err[512] = "";
	if (strcmp(w[1], "start") == 0) {
		if (server_start(w + 2, argc - 2, err, sizeof err) < 0)
			fail("%s", err);
	} else if (strcmp(w[1], "kill") == 0) {
		server_kill();
	} else if (strcmp(w[1], "restart") == 0) {
		/* tokens live in the server's database: they survive the restart */
		if (server_restart(err, sizeof err) < 0)
			fail("%s", err);
	} else if (strcmp(w[1], "stop") == 0) {
		if (server_stop(err, sizeof err) < 0)
			fail("%s", err);
	} else {
		fail("server wants start, kill, restart or stop");
	}
}

/* A bearer token for user (logs in with password demo once). */
static const char *token_for(const char *user)
{
	size_t i;
	for (i = 0; i < sizeof tokens / sizeof tokens[0] && tokens[i].user[0]; i++)
		if (strcmp(tokens[i].user, user) == 0)
			return tokens[i].token;
	if (i == sizeof tokens / sizeof tokens[0])
		fail("too many users for http ... as USER");
	char body[256], err[256];
	snprintf(body, sizeof body, "{\"username\":\"%s\",\"password\":\"demo\"}", user);
	HttpReply r;
	if (http_call(server_port(), "POST", "/v1/auth/login", body, NULL, &r, err, sizeof err) < 0)
		fail("login as %s: %s", user, err);
	char *tok = json_find_string(r.body, "access_token");
	if (r.status != 200 || !tok)
		fail("login as %s: HTTP %d %s", user, r.status, r.body);
	free(r.body);
	snprintf(tokens[i].user, sizeof tokens[i].user, "%s", user);
	tokens[i].token = tok;
	return tok;
}

/* http METHOD PATH [JSON] [as USER] [status CODE]: a direct call; without
 * "status" any 2xx passes. Sets $HTTP_STATUS. */
static void cmd_http(int argc, char **w)
{
	const char *body = NULL, *user = NULL;
	int want = 0;
	for (int i = 3; i < argc; i++) {
		if (strcmp(w[i], "as") == 0 && i + 1 < argc)
			user = w[++i];
		else if (strcmp(w[i], "status") == 0 && i + 1 < argc)
			want = parse_int(w[++i], "status");
		else if (!body && i == 3)
			body = w[i];
		else
			fail("http METHOD PATH [JSON] [as USER] [status CODE]: unexpected '%s'", w[i]);
	}
	if (!server_port())
		fail("no server (server start first)");
	char err[256];
	free(last.body);
	last.body = NULL;
	if (http_call(server_port(), w[1], w[2], body, user ? token_for(user) : NULL, &last, err,
		      sizeof err) < 0)
		fail("%s", err);
	char st[16];
	snprintf(st, sizeof st, "%d", last.status);
	var_set("HTTP_STATUS", st);
	if (want ? last.status != want : (last.status < 200 || last.status > 299))
		fail("HTTP %d (wanted %s%d): %s", last.status, want ? "" : "2xx, not ", want ? want : last.status,
		     last.body);
	if (g_verbose)
		fprintf(stderr, "  -> %d %s\n", last.status, last.body);
}

/* capture NAME KEY: $NAME = the first "KEY":"…" string of the last answer. */
static void cmd_capture(int argc, char **w)
{
	(void)argc;
	char *v = last.body ? json_find_string(last.body, w[2]) : NULL;
	if (!v)
		fail("the last http answer has no string \"%s\": %s", w[2], last.body ? last.body : "(none)");
	var_set(w[1], v);
	free(v);
}

/* expect-body TEXT: the last http answer contains TEXT. */
static void cmd_expect_body(int argc, char **w)
{
	(void)argc;
	if (!last.body || !strstr(last.body, w[1]))
		fail("the last http answer does not contain %s: %s", w[1], last.body ? last.body : "(none)");
}

static const struct command {
	const char *name;
	int min, max;       /* words after the command */
	void (*fn)(int argc, char **w);
} commands[] = {
	{"server", 1, 60, cmd_server},
	{"env", 1, 60, cmd_env},
	{"unset", 1, 60, cmd_unset},
	{"set", 2, 2, cmd_set},
	{"term", 3, 3, cmd_term},
	{"spawn", 0, 60, cmd_spawn},
	{"exec", 1, 60, cmd_exec},
	{"type", 1, 1, cmd_type},
	{"key", 1, 60, cmd_key},
	{"wait", 1, 2, cmd_wait},
	{"wait-gone", 1, 2, cmd_wait_gone},
	{"expect", 1, 1, cmd_expect},
	{"expect-not", 1, 1, cmd_expect},
	{"settle", 0, 1, cmd_settle},
	{"resize", 2, 2, cmd_resize},
	{"http", 2, 7, cmd_http},
	{"capture", 2, 2, cmd_capture},
	{"expect-body", 1, 1, cmd_expect_body},
	{"sleep", 1, 1, cmd_sleep},
	{"timeout", 1, 1, cmd_timeout},
	{"expect-exit", 1, 2, cmd_expect_exit},
	{"screen", 0, 0, cmd_screen},
	{"kill", 0, 1, cmd_kill},
	{"limit", 2, 2, cmd_limit},
	{"echo", 0, 60, cmd_echo},
	{"write", 2, 2, cmd_write},
	{"measure", 1, 6, cmd_measure},
};

void command_run(int argc, char **w)
{
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
		const struct command *c = &commands[i];
		if (strcmp(c->name, w[0]) != 0)
			continue;
		if (argc - 1 < c->min || argc - 1 > c->max)
			fail("%s takes %d to %d words, not %d", c->name, c->min, c->max, argc - 1);
		c->fn(argc, w);
		return;
	}
	fail("unknown command '%s'", w[0]);
}

void commands_finish(void)
{
	int st;
	char err[512];
	/* a program that already ended must have ended well (or been checked) */
	if (term_status(&st, NULL) == 0 && !exit_checked && !(WIFEXITED(st) && WEXITSTATUS(st) == 0))
		fail("the program ended with %s %d", WIFEXITED(st) ? "status" : "signal",
		     WIFEXITED(st) ? WEXITSTATUS(st) : WTERMSIG(st));
	if (term_running()) {
		term_stop(3000);
		if (term_status(&st, NULL) == 0 && WIFSIGNALED(st) && WTERMSIG(st) != SIGHUP &&
		    WTERMSIG(st) != SIGTERM && WTERMSIG(st) != SIGKILL)
			fail("the program crashed with signal %d when the terminal hung up", WTERMSIG(st));
	}
	if (server_stop(err, sizeof err) < 0)
		fail("%s", err);
}
