/* loop: one poll() loop over fds, one-shot timers, signals (self-pipe) and
 * work posted back from other threads. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "client/loop.h"
#include "common/timefmt.h"
#include "common/xalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct Watch {
	int fd;
	short events;
	loop_fd_cb cb;
	void *ud;
	unsigned gen;           /* changes when the fd is unwatched/rewatched */
} Watch;

typedef struct Timer {
	unsigned id;
	int64_t due;
	loop_timer_cb cb;
	void *ud;
} Timer;

typedef struct Post {
	loop_post_cb fn;
	void *ud;
	struct Post *next;
} Post;

static struct {
	bool ready;
	Watch *watches;
	size_t nwatches, capwatches;
	unsigned gen;
	Timer *timers;          /* kept sorted by due, then id */
	size_t ntimers, captimers;
	unsigned next_timer_id;
	int sig_pipe[2];
	int post_pipe[2];
	pthread_mutex_t post_lock;
	Post *posts, *posts_tail;
	struct { loop_signal_cb cb; void *ud; } sigs[65];
	void (*idle)(void *ud);
	void *idle_ud;
	bool quit;
	int code;
} L = { .post_lock = PTHREAD_MUTEX_INITIALIZER };

int64_t loop_now(void)
{
	return time_mono_ms();
}

/* A non-blocking, close-on-exec pipe; aborts when the system has none left
 * (nothing can work without it). */
static void make_pipe(int p[2])
{
	if (pipe2(p, O_NONBLOCK | O_CLOEXEC) != 0) {
		perror("yichuang: pipe");
		abort();
	}
}

/* Empty a non-blocking pipe. */
static void drain(int fd)
{
	char buf[256];
	while (read(fd, buf, sizeof buf) > 0)
		;
}

static void on_signal_pipe(int fd, int revents, void *ud);
static void on_post_pipe(int fd, int revents, void *ud);

void loop_init(void)
{
	if (!L.ready) {
		make_pipe(L.sig_pipe);
		make_pipe(L.post_pipe);
		L.ready = true;
		/* Writes to a closed pipe or socket must give EPIPE, not kill us. */
		signal(SIGPIPE, SIG_IGN);
	}
	L.nwatches = 0;
	L.ntimers = 0;
	L.quit = false;
	loop_watch_fd(L.sig_pipe[0], POLLIN, on_signal_pipe, NULL);
	loop_watch_fd(L.post_pipe[0], POLLIN, on_post_pipe, NULL);
}

static Watch *find_watch(int fd)
{
	for (size_t i = 0; i < L.nwatches; i++)
		if (L.watches[i].fd == fd)
			return &L.watches[i];
	return NULL;
}

void loop_watch_fd(int fd, short events, loop_fd_cb cb, void *ud)
{
	Watch *w = find_watch(fd);
	if (!w) {
		if (L.nwatches == L.capwatches) {
			L.capwatches = L.capwatches ? L.capwatches * 2 : 16;
			L.watches = xrealloc(L.watches, L.capwatches * sizeof *L.watches);
		}
		w = &L.watches[L.nwatches++];
		w->fd = fd;
		w->gen = ++L.gen;
	}
	w->events = events;
	w->cb = cb;
	w->ud = ud;
}

void loop_unwatch_fd(int fd)
{
	for (size_t i = 0; i < L.nwatches; i++)
		if (L.watches[i].fd == fd) {
			L.watches[i] = L.watches[--L.nwatches];
			return;
		}
}

unsigned loop_timer_add(int64_t delay_ms, loop_timer_cb cb, void *ud)
{
	if (delay_ms < 0)
		delay_ms = 0;
	if (L.ntimers == L.captimers) {
		L.captimers = L.captimers ? L.captimers * 2 : 16;
		L.timers = xrealloc(L.timers, L.captimers * sizeof *L.timers);
	}
	if (++L.next_timer_id == 0)
		L.next_timer_id = 1;
	Timer t = { L.next_timer_id, loop_now() + delay_ms, cb, ud };
	/* Insert after every timer due at or before t: equal deadlines fire in
	 * the order they were added. */
	size_t pos = L.ntimers;
	while (pos > 0 && L.timers[pos - 1].due > t.due)
		pos--;
	memmove(&L.timers[pos + 1], &L.timers[pos], (L.ntimers - pos) * sizeof *L.timers);
	L.timers[pos] = t;
	L.ntimers++;
	return t.id;
}

void loop_timer_cancel(unsigned id)
{
	if (id == 0)
		return;
	for (size_t i = 0; i < L.ntimers; i++)
		if (L.timers[i].id == id) {
			memmove(&L.timers[i], &L.timers[i + 1], (L.ntimers - i - 1) * sizeof *L.timers);
			L.ntimers--;
			return;
		}
}

/* The only work done in a signal handler: one byte into the self-pipe. */
static void signal_handler(int sig)
{
	int saved = errno;
	unsigned char b = (unsigned char)sig;
	ssize_t r = write(L.sig_pipe[1], &b, 1);
	(void)r;
	errno = saved;
}

void loop_on_signal(int sig, loop_signal_cb cb, void *ud)
{
	if (sig <= 0 || sig >= (int)(sizeof L.sigs / sizeof L.sigs[0]))
		return;
	L.sigs[sig].cb = cb;
	L.sigs[sig].ud = ud;
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = cb ? signal_handler : SIG_DFL;
	sa.sa_flags = SA_RESTART;
	sigemptyset(&sa.sa_mask);
	sigaction(sig, &sa, NULL);
}

/* Signals arrive here as bytes, on the loop thread. */
static void on_signal_pipe(int fd, int revents, void *ud)
{
	unsigned char buf[64];
	ssize_t n;
	while ((n = read(fd, buf, sizeof buf)) > 0)
		for (ssize_t i = 0; i < n; i++) {
			int sig = buf[i];
			if (sig < (int)(sizeof L.sigs / sizeof L.sigs[0]) && L.sigs[sig].cb)
				L.sigs[sig].cb(sig, L.sigs[sig].ud);
		}
}

void loop_post(loop_post_cb fn, void *ud)
{
	Post *p = xmalloc(sizeof *p);
	p->fn = fn;
	p->ud = ud;
	p->next = NULL;
	pthread_mutex_lock(&L.post_lock);
	if (L.posts_tail)
		L.posts_tail->next = p;
	else
		L.posts = p;
	L.posts_tail = p;
	pthread_mutex_unlock(&L.post_lock);
	char b = 1;
	ssize_t r = write(L.post_pipe[1], &b, 1); /* full pipe: already woken */
	(void)r;
}

/* Run everything posted so far, in order. */
static void on_post_pipe(int fd, int revents, void *ud)
{
	drain(fd);
	pthread_mutex_lock(&L.post_lock);
	Post *p = L.posts;
	L.posts = L.posts_tail = NULL;
	pthread_mutex_unlock(&L.post_lock);
	while (p) {
		Post *next = p->next;
		p->fn(p->ud);
		free(p);
		p = next;
	}
}

void loop_quit(int code)
{
	L.quit = true;
	L.code = code;
}

void loop_set_idle(void (*fn)(void *ud), void *ud)
{
	L.idle = fn;
	L.idle_ud = ud;
}

/* Fire every timer that is due now. A timer added by a callback with delay
 * 0 waits for the next turn, so a timer chain cannot starve the fds. */
static void run_timers(void)
{
	int64_t now = loop_now();
	unsigned last = L.next_timer_id;
	while (L.ntimers > 0 && L.timers[0].due <= now && !L.quit) {
		Timer t = L.timers[0];
		if (t.id > last)
			break; /* added by a callback of this turn */
		memmove(&L.timers[0], &L.timers[1], (L.ntimers - 1) * sizeof *L.timers);
		L.ntimers--;
		t.cb(t.ud);
	}
}

/* Milliseconds poll() may sleep: until the next timer, or forever. */
static int next_timeout(void)
{
	if (L.ntimers == 0)
		return -1;
	int64_t d = L.timers[0].due - loop_now();
	if (d <= 0)
		return 0;
	return d > 60000 ? 60000 : (int)d;
}

/* Poll once and dispatch the fds that are ready. Callbacks may watch and
 * unwatch fds: a watch that changed since the poll set was built is
 * skipped. */
static void poll_once(void)
{
	size_t n = L.nwatches;
	struct pollfd *pfd = xcalloc(n ? n : 1, sizeof *pfd);
	unsigned *gens = xcalloc(n ? n : 1, sizeof *gens);
	for (size_t i = 0; i < n; i++) {
		pfd[i].fd = L.watches[i].fd;
		pfd[i].events = L.watches[i].events;
		gens[i] = L.watches[i].gen;
	}
	int r = poll(pfd, n, next_timeout());
	if (r < 0 && errno != EINTR) {
		perror("yichuang: poll");
		abort();
	}
	for (size_t i = 0; r > 0 && i < n && !L.quit; i++) {
		if (!pfd[i].revents)
			continue;
		Watch *w = find_watch(pfd[i].fd);
		if (!w || w->gen != gens[i])
			continue;
		w->cb(pfd[i].fd, pfd[i].revents, w->ud);
	}
	free(pfd);
	free(gens);
}

int loop_run(void)
{
	L.quit = false;
	while (!L.quit) {
		run_timers();
		if (L.quit)
			break;
		if (L.idle)
			L.idle(L.idle_ud);
		if (L.quit)
			break;
		poll_once();
	}
	L.quit = false;
	return L.code;
}
