/* loop: the one event loop: poll() over the terminal, curl sockets, a signal
 * pipe and a worker pipe, with timers. Nothing in the UI thread blocks. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef YC_LOOP_H
#define YC_LOOP_H
#include <stdint.h>
#include <poll.h>

typedef void (*loop_fd_cb)(int fd, int revents, void *ud);
typedef void (*loop_timer_cb)(void *ud);
typedef void (*loop_signal_cb)(int sig, void *ud);
typedef void (*loop_post_cb)(void *ud);

void loop_init(void);
/* Watch fd for events (POLLIN/POLLOUT); calling again changes the events or
 * callback of an fd already watched. */
void loop_watch_fd(int fd, short events, loop_fd_cb cb, void *ud);
void loop_unwatch_fd(int fd);
/* One-shot timer after delay_ms; returns an id > 0. */
unsigned loop_timer_add(int64_t delay_ms, loop_timer_cb cb, void *ud);
void loop_timer_cancel(unsigned id); /* 0 or unknown ids are ignored */
/* Deliver sig (SIGWINCH, SIGTERM, SIGINT, SIGHUP, SIGCHLD …) through the
 * self-pipe: cb runs in the loop, never in the handler. */
void loop_on_signal(int sig, loop_signal_cb cb, void *ud);
/* Thread-safe: run fn(ud) on the loop thread soon (workers post back). */
void loop_post(loop_post_cb fn, void *ud);
/* Run until loop_quit(); returns the code passed to it. */
int loop_run(void);
void loop_quit(int code);
/* Monotonic milliseconds. */
int64_t loop_now(void);
/* A callback run before each poll() sleep (the UI flushes its drawing). */
void loop_set_idle(void (*fn)(void *ud), void *ud);

#endif
