/* test_loop: timers fire in deadline order (ties in insertion order) and
 * not early, cancel works, loop_post from threads, fds, signals through the
 * self-pipe, the idle hook and the quit code. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "client/loop.h"

static char order[64];
static int64_t fired_at[16];

static void mark(void *ud)
{
	intptr_t i = (intptr_t)ud;
	size_t n = strlen(order);
	order[n] = (char)('a' + i);
	order[n + 1] = '\0';
	fired_at[i] = loop_now();
}

static void quit_cb(void *ud)
{
	loop_quit((int)(intptr_t)ud);
}

static void test_timer_order(void **state)
{
	loop_init();
	order[0] = '\0';
	int64_t t0 = loop_now();
	loop_timer_add(60, mark, (void *)3);
	loop_timer_add(20, mark, (void *)1);
	loop_timer_add(0, mark, (void *)0);
	loop_timer_add(20, mark, (void *)2); /* same deadline as 1: after it */
	unsigned cancelled = loop_timer_add(40, mark, (void *)5);
	loop_timer_add(80, quit_cb, (void *)7);
	loop_timer_cancel(cancelled);
	loop_timer_cancel(0);      /* ignored */
	loop_timer_cancel(999999); /* ignored */
	assert_int_equal(loop_run(), 7);
	assert_string_equal(order, "abcd");
	assert_true(fired_at[1] - t0 >= 20);
	assert_true(fired_at[3] - t0 >= 60);
	assert_true(loop_now() - t0 < 1000);
}

static unsigned chain_timer;
static int chain_count;

/* A timer that re-adds itself with delay 0 must not starve fds. */
static void chain(void *ud)
{
	chain_count++;
	chain_timer = loop_timer_add(0, chain, NULL);
}

static void on_pipe(int fd, int revents, void *ud)
{
	char buf[16];
	ssize_t n = read(fd, buf, sizeof buf);
	assert_true(n > 0);
	loop_timer_cancel(chain_timer);
	loop_unwatch_fd(fd);
	loop_quit(3);
}

static void test_fd_and_no_starvation(void **state)
{
	loop_init();
	int p[2];
	assert_int_equal(pipe(p), 0);
	loop_watch_fd(p[0], POLLIN, on_pipe, NULL);
	chain_count = 0;
	chain_timer = loop_timer_add(0, chain, NULL);
	assert_int_equal(write(p[1], "x", 1), 1);
	assert_int_equal(loop_run(), 3);
	assert_true(chain_count < 100);
	close(p[0]);
	close(p[1]);
}

#define THREADS 4
#define POSTS 250

static int posted;

static void on_posted(void *ud)
{
	posted++;
	if (posted == THREADS * POSTS)
		loop_quit(0);
}

static void *poster(void *arg)
{
	for (int i = 0; i < POSTS; i++)
		loop_post(on_posted, NULL);
	return NULL;
}

static void test_post_from_threads(void **state)
{
	loop_init();
	posted = 0;
	loop_timer_add(5000, quit_cb, (void *)1); /* safety net */
	pthread_t t[THREADS];
	for (int i = 0; i < THREADS; i++)
		pthread_create(&t[i], NULL, poster, NULL);
	assert_int_equal(loop_run(), 0);
	for (int i = 0; i < THREADS; i++)
		pthread_join(t[i], NULL);
	assert_int_equal(posted, THREADS * POSTS);
}

static int got_signal;

static void on_sig(int sig, void *ud)
{
	got_signal = sig;
	loop_quit(4);
}

static void raise_later(void *ud)
{
	kill(getpid(), SIGUSR1);
}

static void test_signal_through_pipe(void **state)
{
	loop_init();
	got_signal = 0;
	loop_on_signal(SIGUSR1, on_sig, NULL);
	loop_timer_add(10, raise_later, NULL);
	loop_timer_add(5000, quit_cb, (void *)1);
	assert_int_equal(loop_run(), 4);
	assert_int_equal(got_signal, SIGUSR1);
	loop_on_signal(SIGUSR1, NULL, NULL);
}

static int idle_runs;

static void idle(void *ud)
{
	idle_runs++;
}

static void test_idle_hook_and_sleep(void **state)
{
	loop_init();
	idle_runs = 0;
	loop_set_idle(idle, NULL);
	int64_t t0 = loop_now();
	loop_timer_add(100, quit_cb, (void *)0);
	loop_run();
	/* It slept until the timer instead of spinning. */
	assert_true(loop_now() - t0 >= 100);
	assert_true(idle_runs >= 1 && idle_runs < 10);
	loop_set_idle(NULL, NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_timer_order),
		cmocka_unit_test(test_fd_and_no_starvation),
		cmocka_unit_test(test_post_from_threads),
		cmocka_unit_test(test_signal_through_pipe),
		cmocka_unit_test(test_idle_hook_and_sleep),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
