/* test_config: defaults, every key, bad lines reported as file:line with
 * the rest still loaded, NO_COLOR, and the XDG location. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "client/config.h"

typedef struct Warns {
	char text[4096];
	int count;
} Warns;

static void collect(const char *msg, void *ud)
{
	Warns *w = ud;
	size_t n = strlen(w->text);
	snprintf(w->text + n, sizeof w->text - n, "%s\n", msg);
	w->count++;
}

static char dir[64];
static char path[128];

static int setup(void **state)
{
	snprintf(dir, sizeof dir, "/tmp/yc-config-XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	snprintf(path, sizeof path, "%s/config", dir);
	unsetenv("NO_COLOR");
	return 0;
}

static int teardown(void **state)
{
	unlink(path);
	rmdir(dir);
	return 0;
}

static void write_config(const char *text)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void test_defaults_when_missing(void **state)
{
	Config c;
	Warns w = {0};
	unlink(path);
	assert_int_equal(config_load(&c, path, collect, &w), 0);
	assert_int_equal(w.count, 0);
	assert_string_equal(c.server, "http://127.0.0.1:8470");
	assert_null(c.username);
	assert_null(c.password_command);
	assert_string_equal(c.keymap, "default");
	assert_null(c.ca_file);
	assert_int_equal(c.timeout, 10);
	assert_int_equal(c.idle_lock, 15);
	assert_true(c.color);
	assert_string_equal(c.dir, dir);
	config_free(&c);
}

static void test_every_key(void **state)
{
	write_config("# yichuang\n"
		     "server = https://hall.example:8470\n"
		     "  username=clerk01  \n"
		     "password_command = pass show yichuang/clerk01\n"
		     "keymap = vi\n"
		     "ca_file = \"/etc/ssl/hall ca.pem\"\n"
		     "timeout = 30\n"
		     "idle_lock = 0\n"
		     "color = no\n");
	Config c;
	Warns w = {0};
	assert_int_equal(config_load(&c, path, collect, &w), 0);
	if (w.count)
		fail_msg("%s", w.text);
	assert_string_equal(c.server, "https://hall.example:8470");
	assert_string_equal(c.username, "clerk01");
	assert_string_equal(c.password_command, "pass show yichuang/clerk01");
	assert_string_equal(c.keymap, "vi");
	assert_string_equal(c.ca_file, "/etc/ssl/hall ca.pem");
	assert_int_equal(c.timeout, 30);
	assert_int_equal(c.idle_lock, 0);
	assert_false(c.color);
	config_free(&c);
}

static void test_bad_lines(void **state)
{
	write_config("username = clerk02\n"
		     "colour = yes\n"
		     "timeout = soon\n"
		     "timeout = 0\n"
		     "idle_lock = -5\n"
		     "color = maybe\n"
		     "server = ftp://x\n"
		     "just words\n"
		     "password = secret\n"
		     "keymap = emacs\n");
	Config c;
	Warns w = {0};
	assert_int_equal(config_load(&c, path, collect, &w), 0);
	assert_int_equal(w.count, 8);
	char want[256];
	static const struct { int line; const char *why; } cases[] = {
		{2, "unknown key \"colour\""}, {3, "timeout must be"}, {4, "timeout must be"},
		{5, "idle_lock must be"}, {6, "color must be yes or no"},
		{7, "the server must start with http:// or https://: \"ftp://x\""}, {8, "expected \"key = value\""},
		{9, "passwords are never read from the config file"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		snprintf(want, sizeof want, "%s:%d: %s", path, cases[i].line, cases[i].why);
		if (!strstr(w.text, want))
			fail_msg("missing \"%s\" in:\n%s", want, w.text);
	}
	/* The good lines still count and bad values kept the defaults. */
	assert_string_equal(c.username, "clerk02");
	assert_string_equal(c.keymap, "emacs");
	assert_int_equal(c.timeout, 10);
	assert_int_equal(c.idle_lock, 15);
	assert_true(c.color);
	assert_string_equal(c.server, "http://127.0.0.1:8470");
	/* The password never lands anywhere. */
	assert_null(strstr(w.text, "secret"));
	config_free(&c);
}

static void test_no_color_env(void **state)
{
	write_config("color = yes\n");
	Config c;
	setenv("NO_COLOR", "1", 1);
	config_load(&c, path, NULL, NULL);
	assert_false(c.color);
	config_free(&c);
	setenv("NO_COLOR", "", 1); /* empty: no effect */
	config_load(&c, path, NULL, NULL);
	assert_true(c.color);
	config_free(&c);
	unsetenv("NO_COLOR");
}

static void test_unreadable_file(void **state)
{
	if (geteuid() == 0)
		skip(); /* root reads everything */
	write_config("timeout = 5\n");
	chmod(path, 0);
	Config c;
	Warns w = {0};
	assert_int_equal(config_load(&c, path, collect, &w), -1);
	assert_int_equal(w.count, 1);
	assert_int_equal(c.timeout, 10);
	config_free(&c);
	chmod(path, 0600);
}

static void test_unreadable_directory_as_file(void **state)
{
	/* A directory where the file should be: reported, defaults kept. */
	Config c;
	Warns w = {0};
	assert_int_equal(config_load(&c, dir, collect, &w), -1);
	assert_int_equal(w.count, 1);
	assert_non_null(strstr(w.text, "directory"));
	assert_int_equal(c.timeout, 10);
	config_free(&c);
}

static void test_xdg_default_path(void **state)
{
	setenv("XDG_CONFIG_HOME", dir, 1);
	char *d = config_default_dir();
	char want[128];
	snprintf(want, sizeof want, "%s/yichuang", dir);
	assert_string_equal(d, want);
	free(d);
	Config c;
	config_load(&c, NULL, NULL, NULL);
	snprintf(want, sizeof want, "%s/yichuang/config", dir);
	assert_string_equal(c.path, want);
	config_free(&c);
	unsetenv("XDG_CONFIG_HOME");
	setenv("HOME", "/home/someone", 1);
	d = config_default_dir();
	assert_string_equal(d, "/home/someone/.config/yichuang");
	free(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_defaults_when_missing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_every_key, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_lines, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_color_env, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unreadable_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unreadable_directory_as_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_xdg_default_path, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
