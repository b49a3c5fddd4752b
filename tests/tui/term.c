/* term: the program under test in a pty, its output fed into libvterm, the screen read back as text. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "tests/tui/driver.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <regex.h>
#include <signal.h>
#include <sys/resource.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <vterm.h>

static struct {
	VTerm *vt;
	VTermScreen *screen;
	int cols, rows;
	int master;       /* -1 when no program runs in the pty */
	pid_t pid;        /* 0 when none */
	int exited;       /* 1 once reaped */
	int status;       /* wait status */
	struct rusage ru;
	double t_spawn;   /* clock at fork */
	double t_exit;
	double t_last;    /* clock of the last output byte */
	long long bytes;  /* all bytes the program wrote */
	int extra_fd;     /* one more fd drained by the pump (server stdout) */
	void (*extra_cb)(int fd);
} T = {.master = -1, .extra_fd = -1, .cols = 80, .rows = 24};

double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* libvterm answers queries (cursor position, device attributes) through
 * this callback; the answers go back to the program like a terminal's. */
static void vt_output(const char *s, size_t len, void *user)
{
	(void)user;
	while (T.master >= 0 && len > 0) {
		ssize_t w = write(T.master, s, len);
		if (w <= 0 && errno != EINTR)
			return;
		if (w > 0)
			s += w, len -= (size_t)w;
	}
}

/* A fresh emulator of the given size (the old screen is dropped). */
static void vt_new(int cols, int rows)
{
	if (T.vt)
		vterm_free(T.vt);
	T.vt = vterm_new(rows, cols);
	vterm_set_utf8(T.vt, 1);
	vterm_output_set_callback(T.vt, vt_output, NULL);
	T.screen = vterm_obtain_screen(T.vt);
	vterm_screen_enable_altscreen(T.screen, 1);
	vterm_screen_reset(T.screen, 1);
	T.cols = cols;
	T.rows = rows;
}

void term_watch_fd(int fd, void (*cb)(int fd))
{
	T.extra_fd = fd;
	T.extra_cb = cb;
}

int term_spawn(char *const argv[], char *const envp[], int cols, int rows, char *err, size_t errsz)
{
	if (T.pid && !T.exited) {
		snprintf(err, errsz, "a program is already running in the pty");
		return -1;
	}
	if (T.master >= 0)
		close(T.master);
	vt_new(cols, rows);
	struct winsize ws = {.ws_row = (unsigned short)rows, .ws_col = (unsigned short)cols};
	int fds[2]; /* exec failure report: the child writes errno, the pipe closes on exec */
	if (pipe2(fds, O_CLOEXEC) < 0) {
		snprintf(err, errsz, "pipe: %s", strerror(errno));
		return -1;
	}
	T.t_spawn = now_ms();
	T.bytes = 0;
	T.exited = 0;
	T.t_last = T.t_spawn;
	pid_t pid = forkpty(&T.master, NULL, NULL, &ws);
	if (pid < 0) {
		snprintf(err, errsz, "forkpty: %s", strerror(errno));
		close(fds[0]);
		close(fds[1]);
		return -1;
	}
	if (pid == 0) {
		close(fds[0]);
		signal(SIGPIPE, SIG_DFL);
		if (term_fsize_limit > 0) {
			struct rlimit rl;
			getrlimit(RLIMIT_FSIZE, &rl);
			rl.rlim_cur = (rlim_t)term_fsize_limit; /* soft: may be raised again */
			setrlimit(RLIMIT_FSIZE, &rl);
		}
		execvpe(argv[0], argv, envp);
		int e = errno;
		if (write(fds[1], &e, sizeof e) < 0)
			_exit(127);
		_exit(127);
	}
	close(fds[1]);
	int e = 0;
	ssize_t r;
	while ((r = read(fds[0], &e, sizeof e)) < 0 && errno == EINTR)
		;
	close(fds[0]);
	T.pid = pid;
	fcntl(T.master, F_SETFL, fcntl(T.master, F_GETFL) | O_NONBLOCK);
	fcntl(T.master, F_SETFD, FD_CLOEXEC);
	if (r == (ssize_t)sizeof e) {
		snprintf(err, errsz, "cannot run %s: %s", argv[0], strerror(e));
		term_reap(1000);
		return -1;
	}
	return 0;
}

long term_fsize_limit;

/* Reap the program if it has ended; block up to wait_ms for it. */
int term_reap(int wait_ms)
{
	if (!T.pid || T.exited)
		return T.exited;
	double end = now_ms() + wait_ms;
	for (;;) {
		pid_t r = wait4(T.pid, &T.status, WNOHANG, &T.ru);
		if (r == T.pid) {
			T.exited = 1;
			T.t_exit = now_ms();
			return 1;
		}
		if (r < 0 && errno != EINTR) {
			T.exited = 1; /* not our child any more: treat as gone */
			T.status = 0;
			return 1;
		}
		if (now_ms() >= end)
			return 0;
		usleep(200);
	}
}

/* Read everything available now from the pty and the watched fd, waiting
 * up to timeout_ms for the first byte. Returns bytes read from the pty. */
long term_pump(int timeout_ms)
{
	struct pollfd p[2];
	int n = 0;
	if (T.master >= 0)
		p[n++] = (struct pollfd){.fd = T.master, .events = POLLIN};
	if (T.extra_fd >= 0)
		p[n++] = (struct pollfd){.fd = T.extra_fd, .events = POLLIN};
	if (n == 0) {
		if (timeout_ms > 0)
			usleep((useconds_t)timeout_ms * 1000);
		return 0;
	}
	if (poll(p, (nfds_t)n, timeout_ms) <= 0)
		return 0;
	long got = 0;
	for (int i = 0; i < n; i++) {
		if (!(p[i].revents & (POLLIN | POLLHUP | POLLERR)))
			continue;
		if (p[i].fd == T.extra_fd) {
			T.extra_cb(T.extra_fd);
			continue;
		}
		char buf[16384];
		for (;;) {
			ssize_t r = read(T.master, buf, sizeof buf);
			if (r > 0) {
				vterm_input_write(T.vt, buf, (size_t)r);
				T.bytes += r;
				got += r;
				T.t_last = now_ms();
				continue;
			}
			if (r < 0 && (errno == EAGAIN || errno == EINTR))
				break;
			/* EOF or EIO: every process holding the pty has gone */
			close(T.master);
			T.master = -1;
			term_reap(2000);
			break;
		}
	}
	return got;
}

/* Pump until cond(arg) holds or timeout_ms passes; 1 when it held. */
int term_wait(int (*cond)(void *), void *arg, int timeout_ms)
{
	double end = now_ms() + timeout_ms;
	for (;;) {
		if (cond(arg))
			return 1;
		double left = end - now_ms();
		if (left <= 0)
			return 0;
		if (T.master < 0 && T.extra_fd < 0) {
			usleep(left > 20 ? 20000 : (useconds_t)(left * 1000));
			continue;
		}
		term_pump(left > 50 ? 50 : (int)left + 1);
		if (T.master < 0)
			term_reap(0);
	}
}

/* Pump until the program has been quiet for quiet_ms (or max_ms passed). */
void term_settle(int quiet_ms, int max_ms)
{
	double end = now_ms() + max_ms;
	double quiet_from = now_ms();
	while (now_ms() < end && T.master >= 0) {
		if (term_pump(quiet_ms / 4 + 1) > 0)
			quiet_from = now_ms();
		else if (now_ms() - quiet_from >= quiet_ms)
			return;
	}
}

/* Append the UTF-8 encoding of cp to buf. */
static size_t put_utf8(char *out, uint32_t cp)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xC0 | cp >> 6);
		out[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xE0 | cp >> 12);
		out[1] = (char)(0x80 | (cp >> 6 & 0x3F));
		out[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	out[0] = (char)(0xF0 | cp >> 18);
	out[1] = (char)(0x80 | (cp >> 12 & 0x3F));
	out[2] = (char)(0x80 | (cp >> 6 & 0x3F));
	out[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

int term_row(int row, char *out, size_t outsz)
{
	size_t n = 0;
	if (!T.vt || row < 0 || row >= T.rows) {
		out[0] = 0;
		return 0;
	}
	for (int col = 0; col < T.cols && n + 4 * VTERM_MAX_CHARS_PER_CELL + 1 < outsz; col++) {
		VTermScreenCell c;
		vterm_screen_get_cell(T.screen, (VTermPos){.row = row, .col = col}, &c);
		if (c.chars[0] == (uint32_t)-1) /* right half of a wide character */
			continue;
		if (c.chars[0] == 0) {
			out[n++] = ' ';
			continue;
		}
		for (int i = 0; i < VTERM_MAX_CHARS_PER_CELL && c.chars[i]; i++)
			n += put_utf8(out + n, c.chars[i]);
	}
	while (n > 0 && out[n - 1] == ' ')
		n--;
	out[n] = 0;
	return (int)n;
}

/* Does any row contain text? A text starting "re:" is an extended regex. */
int term_contains(const char *text)
{
	char row[4096];
	regex_t re;
	int is_re = strncmp(text, "re:", 3) == 0;
	if (is_re && regcomp(&re, text + 3, REG_EXTENDED | REG_NOSUB) != 0)
		return 0;
	int found = 0;
	for (int r = 0; r < T.rows && !found; r++) {
		term_row(r, row, sizeof row);
		found = is_re ? regexec(&re, row, 0, NULL, 0) == 0 : strstr(row, text) != NULL;
	}
	if (is_re)
		regfree(&re);
	return found;
}

void term_dump(FILE *f)
{
	char row[4096];
	VTermPos cur = {0, 0};
	if (T.vt)
		vterm_state_get_cursorpos(vterm_obtain_state(T.vt), &cur);
	fprintf(f, "--- screen %dx%d, cursor row %d col %d, %lld bytes written ---\n",
		T.cols, T.rows, cur.row, cur.col, T.bytes);
	for (int r = 0; r < T.rows; r++) {
		term_row(r, row, sizeof row);
		fprintf(f, "%2d|%s\n", r, row);
	}
	fprintf(f, "--- end of screen ---\n");
}

int term_send(const char *s, size_t n)
{
	if (T.master < 0)
		return -1;
	while (n > 0) {
		ssize_t w = write(T.master, s, n);
		if (w < 0 && errno == EAGAIN) {
			term_pump(10); /* the program is not reading: drain its output */
			continue;
		}
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		s += w, n -= (size_t)w;
	}
	return 0;
}

int term_resize(int cols, int rows)
{
	if (!T.vt)
		vt_new(cols, rows);
	vterm_set_size(T.vt, rows, cols);
	T.cols = cols;
	T.rows = rows;
	if (T.master < 0)
		return 0;
	struct winsize ws = {.ws_row = (unsigned short)rows, .ws_col = (unsigned short)cols};
	/* the kernel sends SIGWINCH to the pty's foreground process group */
	return ioctl(T.master, TIOCSWINSZ, &ws);
}

int term_running(void)
{
	if (T.pid && !T.exited)
		term_reap(0);
	return T.pid && !T.exited;
}

int term_status(int *status, struct rusage *ru)
{
	if (!T.pid || !T.exited)
		return -1;
	if (status)
		*status = T.status;
	if (ru)
		*ru = T.ru;
	return 0;
}

pid_t term_pid(void)
{
	return T.exited ? 0 : T.pid;
}

long long term_bytes(void)
{
	return T.bytes;
}

double term_t_spawn(void)
{
	return T.t_spawn;
}

double term_t_last(void)
{
	return T.t_last;
}

double term_t_exit(void)
{
	return T.t_exit;
}

void term_stop(int grace_ms)
{
	if (T.pid && !T.exited) {
		/* as when a terminal window closes: hang up, then insist */
		kill(T.pid, SIGHUP);
		term_settle(50, grace_ms / 2);
		if (!term_reap(grace_ms / 2)) {
			kill(T.pid, SIGTERM);
			if (!term_reap(grace_ms))
				kill(T.pid, SIGKILL), term_reap(5000);
		}
	}
	if (T.master >= 0)
		close(T.master);
	T.master = -1;
}
