/* secret_cmd: password_command: /bin/sh -c COMMAND with stdin from
 * /dev/null, its stdout read without blocking the loop, killed (with its
 * whole process group) after the timeout; the first line is the password. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "client/secret.h"
#include "client/i18n.h"
#include "client/loop.h"
#include "common/xalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

#define OUT_MAX 4096

typedef struct Cmd {
	pid_t pid;
	int fd;                  /* read end of the child's stdout, or -1 */
	char buf[OUT_MAX];       /* what it printed (wiped) */
	size_t len;
	int64_t deadline;
	secret_cb cb;
	void *ud;
	unsigned timer;
	bool reaped;
	int status;
	char why[128];
} Cmd;

/* Start /bin/sh -c command in its own process group, stdout into a pipe;
 * quiet sends stderr to /dev/null (the curses screen must stay clean). */
static bool cmd_spawn(Cmd *c, const char *command, bool quiet)
{
	int p[2];
	if (pipe2(p, O_CLOEXEC) != 0)
		return false;
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, p[1], 1);
	if (quiet)
		posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
	posix_spawnattr_t at;
	posix_spawnattr_init(&at);
	sigset_t none, dflt;
	sigemptyset(&none);
	sigemptyset(&dflt);
	sigaddset(&dflt, SIGPIPE); /* the loop ignores it; the command must not */
	sigaddset(&dflt, SIGINT);
	sigaddset(&dflt, SIGTERM);
	posix_spawnattr_setsigmask(&at, &none);
	posix_spawnattr_setsigdefault(&at, &dflt);
	posix_spawnattr_setpgroup(&at, 0);
	posix_spawnattr_setflags(&at, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
	char *argv[] = { "sh", "-c", (char *)command, NULL };
	int rc = posix_spawn(&c->pid, "/bin/sh", &fa, &at, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	posix_spawnattr_destroy(&at);
	close(p[1]);
	if (rc != 0) {
		close(p[0]);
		return false;
	}
	c->fd = p[0];
	fcntl(c->fd, F_SETFL, fcntl(c->fd, F_GETFL) | O_NONBLOCK);
	return true;
}

/* Read what is there; true at end of file (or when enough was read). */
static bool cmd_read(Cmd *c)
{
	for (;;) {
		if (c->len == OUT_MAX)
			return true;
		ssize_t n = read(c->fd, c->buf + c->len, OUT_MAX - c->len);
		if (n > 0) {
			c->len += (size_t)n;
			continue;
		}
		if (n < 0 && (errno == EAGAIN || errno == EINTR))
			return false;
		return true;
	}
}

/* Kill the command's process group and collect it. */
static void cmd_kill(Cmd *c)
{
	if (c->reaped)
		return;
	kill(-c->pid, SIGKILL);
	while (waitpid(c->pid, &c->status, 0) < 0 && errno == EINTR)
		;
	c->reaped = true;
}

/* The password (a new string) from a finished command, or NULL with why. */
static char *cmd_result(Cmd *c)
{
	if (WIFSIGNALED(c->status)) {
		snprintf(c->why, sizeof c->why, _("password_command was killed by signal %d"), WTERMSIG(c->status));
		return NULL;
	}
	if (!WIFEXITED(c->status) || WEXITSTATUS(c->status) != 0) {
		snprintf(c->why, sizeof c->why, _("password_command failed (exit status %d)"),
			 WIFEXITED(c->status) ? WEXITSTATUS(c->status) : -1);
		return NULL;
	}
	size_t n = 0;
	while (n < c->len && c->buf[n] != '\n' && c->buf[n] != '\0')
		n++;
	if (n > 0 && c->buf[n - 1] == '\r')
		n--;
	if (n == 0) {
		snprintf(c->why, sizeof c->why, "%s", _("password_command printed no password"));
		return NULL;
	}
	return xstrndup(c->buf, n);
}

static void cmd_free(Cmd *c)
{
	if (c->fd >= 0) {
		loop_unwatch_fd(c->fd);
		close(c->fd);
	}
	loop_timer_cancel(c->timer);
	xwipe(c->buf, sizeof c->buf);
	free(c);
}

/* Answer the caller and forget the command. */
static void cmd_finish(Cmd *c, bool timed_out)
{
	char *pw = NULL;
	if (timed_out) {
		cmd_kill(c);
		snprintf(c->why, sizeof c->why, "%s", _("password_command timed out"));
	} else {
		pw = cmd_result(c);
	}
	secret_cb cb = c->cb;
	void *ud = c->ud;
	char why[sizeof c->why];
	memcpy(why, c->why, sizeof why);
	cmd_free(c);
	cb(pw, pw ? NULL : why, ud);
	xfree_secret(pw);
}

/* Output closed: wait for the exit status, a few ms at a time. */
static void on_reap(void *ud)
{
	Cmd *c = ud;
	c->timer = 0;
	pid_t r = waitpid(c->pid, &c->status, WNOHANG);
	if (r == c->pid) {
		c->reaped = true;
		cmd_finish(c, false);
	} else if (loop_now() >= c->deadline) {
		cmd_finish(c, true);
	} else {
		c->timer = loop_timer_add(10, on_reap, c);
	}
}

static void on_output(int fd, int revents, void *ud)
{
	Cmd *c = ud;
	if (!cmd_read(c))
		return;
	loop_unwatch_fd(c->fd);
	close(c->fd);
	c->fd = -1;
	loop_timer_cancel(c->timer);
	c->timer = 0;
	on_reap(c);
}

static void on_cmd_timeout(void *ud)
{
	Cmd *c = ud;
	c->timer = 0;
	cmd_finish(c, true);
}

/* Spawn failure is answered from the loop, like every other answer. */
static void on_spawn_failed(void *ud)
{
	Cmd *c = ud;
	c->timer = 0;
	secret_cb cb = c->cb;
	void *cud = c->ud;
	cmd_free(c);
	cb(NULL, _("cannot run password_command"), cud);
}

void secret_password_command(const char *command, int timeout_ms, secret_cb cb, void *ud)
{
	Cmd *c = xcalloc(1, sizeof *c);
	c->fd = -1;
	c->cb = cb;
	c->ud = ud;
	c->deadline = loop_now() + (timeout_ms > 0 ? timeout_ms : 10000);
	if (!command || !*command || !cmd_spawn(c, command, true)) {
		c->timer = loop_timer_add(0, on_spawn_failed, c);
		return;
	}
	loop_watch_fd(c->fd, POLLIN, on_output, c);
	c->timer = loop_timer_add(c->deadline - loop_now(), on_cmd_timeout, c);
}

static int64_t mono_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

char *secret_password_command_sync(const char *command, int timeout_ms, const char **why)
{
	static char why_buf[128];
	Cmd c;
	memset(&c, 0, sizeof c);
	c.fd = -1;
	int64_t deadline = mono_ms() + (timeout_ms > 0 ? timeout_ms : 10000);
	if (!command || !*command || !cmd_spawn(&c, command, false)) {
		if (why)
			*why = _("cannot run password_command");
		return NULL;
	}
	bool timed_out = false;
	for (;;) {
		int64_t left = deadline - mono_ms();
		if (left <= 0) {
			timed_out = true;
			break;
		}
		struct pollfd p = { c.fd, POLLIN, 0 };
		int r = poll(&p, 1, (int)left);
		if (r < 0 && errno != EINTR)
			break;
		if (r > 0 && cmd_read(&c))
			break;
	}
	close(c.fd);
	while (!timed_out && !c.reaped) {
		pid_t r = waitpid(c.pid, &c.status, WNOHANG);
		if (r == c.pid)
			c.reaped = true;
		else if (mono_ms() >= deadline)
			timed_out = true;
		else
			nanosleep(&(struct timespec){0, 10000000}, NULL);
	}
	char *pw = NULL;
	if (timed_out) {
		cmd_kill(&c);
		snprintf(c.why, sizeof c.why, "%s", _("password_command timed out"));
	} else {
		pw = cmd_result(&c);
	}
	memcpy(why_buf, c.why, sizeof why_buf);
	xwipe(c.buf, sizeof c.buf);
	if (why)
		*why = pw ? NULL : why_buf;
	return pw;
}
