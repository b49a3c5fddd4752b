/* server: starts, kills and restarts build/yichuangd for a scenario, and keeps its output in a log. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "tests/tui/driver.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define START_TIMEOUT_MS 15000
#define MAX_SARGS 64

static struct {
	pid_t pid;
	int out;              /* its stdout (a pipe), -1 when closed */
	int port;
	char *argv[MAX_SARGS + 1];
	int listen_arg;       /* index of the --listen value in argv */
	char logpath[4096];
} S = {.out = -1};

/* Append bytes to the server log. */
static void log_bytes(const char *b, size_t n)
{
	int fd = open(S.logpath, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0)
		return;
	if (write(fd, b, n) < 0) {
		/* nothing to do: the log is best effort */
	}
	close(fd);
}

/* The pump calls this when the server's stdout has something (or ended). */
static void drain(int fd)
{
	char buf[8192];
	ssize_t r = read(fd, buf, sizeof buf);
	if (r > 0) {
		log_bytes(buf, (size_t)r);
		return;
	}
	if (r < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	close(fd);
	S.out = -1;
	term_watch_fd(-1, NULL);
}

/* Is one of the default options named in the scenario's own args? */
static int named(char *const args[], int nargs, const char *opt)
{
	for (int i = 0; i < nargs; i++)
		if (strcmp(args[i], opt) == 0 || (strncmp(args[i], opt, strlen(opt)) == 0 &&
						 args[i][strlen(opt)] == '='))
			return 1;
	return 0;
}

/* Fork and exec S.argv; read the first stdout line for the port. */
static int launch(char *err, size_t errsz)
{
	int p[2];
	if (pipe2(p, O_CLOEXEC) < 0) {
		snprintf(err, errsz, "pipe: %s", strerror(errno));
		return -1;
	}
	pid_t pid = fork();
	if (pid < 0) {
		snprintf(err, errsz, "fork: %s", strerror(errno));
		return -1;
	}
	if (pid == 0) {
		int null = open("/dev/null", O_RDONLY);
		int log = open(S.logpath, O_WRONLY | O_APPEND | O_CREAT, 0600);
		dup2(null, 0);
		dup2(p[1], 1);
		dup2(log, 2);
		setpgid(0, 0); /* keep terminal signals of the driver's caller away */
		signal(SIGPIPE, SIG_DFL);
		execv(S.argv[0], S.argv);
		dprintf(2, "tui-driver: cannot run %s: %s\n", S.argv[0], strerror(errno));
		_exit(127);
	}
	close(p[1]);
	S.pid = pid;
	S.out = p[0];
	char line[512];
	size_t n = 0;
	double end = now_ms() + START_TIMEOUT_MS;
	while (n < sizeof line - 1) {
		struct pollfd pf = {.fd = S.out, .events = POLLIN};
		int left = (int)(end - now_ms());
		if (left <= 0 || poll(&pf, 1, left) <= 0) {
			snprintf(err, errsz, "yichuangd printed no 'listening on' line within %d s",
				 START_TIMEOUT_MS / 1000);
			return -1;
		}
		ssize_t r = read(S.out, line + n, 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			int st = 0;
			waitpid(pid, &st, 0);
			S.pid = 0;
			snprintf(err, errsz, "yichuangd ended before it listened (status %d)",
				 WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st));
			return -1;
		}
		if (line[n] == '\n')
			break;
		n++;
	}
	line[n] = 0;
	log_bytes(line, n);
	log_bytes("\n", 1);
	const char *pfx = "listening on http://127.0.0.1:";
	char *at = strstr(line, pfx);
	if (!at || atoi(at + strlen(pfx)) <= 0) {
		snprintf(err, errsz, "yichuangd's first line is not 'listening on http://127.0.0.1:PORT': %s",
			 line);
		return -1;
	}
	S.port = atoi(at + strlen(pfx));
	fcntl(S.out, F_SETFL, fcntl(S.out, F_GETFL) | O_NONBLOCK);
	term_watch_fd(S.out, drain);
	char url[64];
	snprintf(url, sizeof url, "http://127.0.0.1:%d", S.port);
	var_set("SERVER", url);
	snprintf(url, sizeof url, "%d", S.port);
	var_set("PORT", url);
	return 0;
}

int server_start(char *const args[], int nargs, char *err, size_t errsz)
{
	if (S.pid) {
		snprintf(err, errsz, "the server is already running");
		return -1;
	}
	char db[4096];
	snprintf(S.logpath, sizeof S.logpath, "%s/server.log", g_tmp);
	snprintf(db, sizeof db, "%s/server.db", g_tmp);
	var_set("DB", db);
	for (int i = 0; S.argv[i]; i++)
		free(S.argv[i]), S.argv[i] = NULL;
	int n = 0;
	S.argv[n++] = malloc(strlen(g_build) + 16);
	sprintf(S.argv[0], "%s/yichuangd", g_build);
	S.listen_arg = -1;
	if (!named(args, nargs, "--listen")) {
		S.argv[n++] = strdup("--listen");
		S.listen_arg = n;
		S.argv[n++] = strdup("127.0.0.1:0");
	}
	if (!named(args, nargs, "--db")) {
		S.argv[n++] = strdup("--db");
		S.argv[n++] = strdup(db);
	}
	if (!named(args, nargs, "--demo") && !named(args, nargs, "--no-demo"))
		S.argv[n++] = strdup("--demo");
	if (!named(args, nargs, "--demo-rate")) {
		S.argv[n++] = strdup("--demo-rate");
		S.argv[n++] = strdup("0");
	}
	for (int i = 0; i < nargs && n < MAX_SARGS; i++) {
		if (strcmp(args[i], "--listen") == 0 && i + 1 < nargs)
			S.listen_arg = n + 1;
		S.argv[n++] = strdup(args[i]);
	}
	S.argv[n] = NULL;
	return launch(err, errsz);
}

void server_kill(void)
{
	if (S.pid) {
		kill(S.pid, SIGKILL);
		waitpid(S.pid, NULL, 0);
		S.pid = 0;
	}
	if (S.out >= 0) {
		term_watch_fd(-1, NULL);
		close(S.out);
		S.out = -1;
	}
}

int server_restart(char *err, size_t errsz)
{
	if (!S.argv[0]) {
		snprintf(err, errsz, "the server was never started");
		return -1;
	}
	server_kill();
	if (S.listen_arg > 0) {
		char addr[64];
		snprintf(addr, sizeof addr, "127.0.0.1:%d", S.port);
		free(S.argv[S.listen_arg]);
		S.argv[S.listen_arg] = strdup(addr);
	}
	return launch(err, errsz);
}

int server_stop(char *err, size_t errsz)
{
	if (!S.pid)
		return 0;
	kill(S.pid, SIGTERM);
	int st = 0;
	double end = now_ms() + 10000;
	pid_t r;
	while ((r = waitpid(S.pid, &st, WNOHANG)) == 0 && now_ms() < end)
		term_pump(20);
	if (r == 0) {
		server_kill();
		snprintf(err, errsz, "yichuangd did not stop within 10 s of SIGTERM");
		return -1;
	}
	S.pid = 0;
	server_kill();
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
		snprintf(err, errsz, "yichuangd ended with %s %d after SIGTERM",
			 WIFEXITED(st) ? "status" : "signal", WIFEXITED(st) ? WEXITSTATUS(st) : WTERMSIG(st));
		return -1;
	}
	return 0;
}

int server_port(void)
{
	return S.port;
}

void server_log_tail(FILE *f, int lines)
{
	FILE *in = S.logpath[0] ? fopen(S.logpath, "r") : NULL;
	if (!in)
		return;
	char **ring = calloc((size_t)lines, sizeof *ring);
	char buf[1024];
	long n = 0;
	while (fgets(buf, sizeof buf, in)) {
		free(ring[n % lines]);
		ring[n % lines] = strdup(buf);
		n++;
	}
	fclose(in);
	fprintf(f, "--- last lines of the server log ---\n");
	for (long i = n > lines ? n - lines : 0; i < n; i++)
		fputs(ring[i % lines], f);
	for (int i = 0; i < lines; i++)
		free(ring[i]);
	free(ring);
}
