/* test_keymap: key names both ways, binding files (good and bad lines),
 * lookups with the global fallback, and the search order of keymap_setup. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "client/keymap.h"

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

static void test_key_names(void **state)
{
	static const struct { const char *name; int code; const char *shown; } cases[] = {
		{"F1", KEY_F(1), "F1"}, {"F12", KEY_F(12), "F12"}, {"f6", KEY_F(6), "F6"},
		{"M-6", KEYM_META | '6', "M-6"}, {"M-0", KEYM_META | '0', "M-0"},
		{"M-x", KEYM_META | 'x', "M-x"}, {"C-x", 24, "^X"}, {"C-X", 24, "^X"},
		{"^Q", 17, "^Q"}, {"C-l", 12, "^L"}, {"Enter", '\n', "Enter"},
		{"Return", '\n', "Enter"}, {"C-m", '\n', "Enter"}, {"C-j", '\n', "Enter"},
		{"Tab", '\t', "Tab"}, {"C-i", '\t', "Tab"}, {"BTab", KEY_BTAB, "BTab"},
		{"Esc", 27, "Esc"}, {"C-[", 27, "Esc"}, {"Up", KEY_UP, "Up"},
		{"Down", KEY_DOWN, "Down"}, {"Left", KEY_LEFT, "Left"},
		{"Right", KEY_RIGHT, "Right"}, {"PgUp", KEY_PPAGE, "PgUp"},
		{"PgDn", KEY_NPAGE, "PgDn"}, {"Home", KEY_HOME, "Home"}, {"End", KEY_END, "End"},
		{"Backspace", KEY_BACKSPACE, "Backspace"}, {"Delete", KEY_DC, "Delete"},
		{"Insert", KEY_IC, "Insert"}, {"Space", ' ', "Space"}, {"a", 'a', "a"},
		{"?", '?', "?"}, {"#", '#', "#"}, {"G", 'G', "G"}, {"叫", 0x53EB, "叫"},
		{"M-Esc", KEYM_META | 27, "M-Esc"}, {"M-F1", KEYM_META | KEY_F(1), "M-F1"},
		{"ā", 0x101 | KEYM_CHAR, "ā"}, {"C-?", KEY_BACKSPACE, "Backspace"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int k = key_parse(cases[i].name);
		if (k != cases[i].code)
			fail_msg("key_parse(\"%s\") = %d, want %d", cases[i].name, k, cases[i].code);
		char buf[32];
		key_label(k, buf, sizeof buf);
		assert_string_equal(buf, cases[i].shown);
		/* And back: the label parses to the same key. */
		assert_int_equal(key_parse(buf), k);
	}
}

static void test_bad_key_names(void **state)
{
	static const char *const bad[] = {
		"", "F0", "F64", "M-", "C-", "C-1", "Foo", "ab", "M-M-x", "\x01", "\xff", "^",
	};
	assert_int_equal(key_parse("^"), '^'); /* a caret alone is the character */
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		if (strcmp(bad[i], "^") == 0)
			continue;
		if (key_parse(bad[i]) != -1)
			fail_msg("key_parse(\"%s\") should fail", bad[i]);
	}
}

static void test_round_trip_all_codes(void **state)
{
	/* Every key a terminal can give, named and parsed back. */
	int codes[600], n = 0;
	for (int f = 1; f <= 63; f++)
		codes[n++] = KEY_F(f);
	for (int c = 0x21; c < 0x7f; c++)
		codes[n++] = c;
	for (int c = 0; c < 0x20; c++)
		if (c != '\r')
			codes[n++] = c;
	codes[n++] = KEY_UP;
	codes[n++] = KEY_BTAB;
	for (int i = 0, m = n; i < m; i++)
		codes[n++] = codes[i] | KEYM_META;
	for (int i = 0; i < n; i++) {
		char buf[32];
		key_label(codes[i], buf, sizeof buf);
		assert_int_equal(key_parse(buf), key_normalize(codes[i]));
	}
}

static void test_curses_keys_and_chars(void **state)
{
	/* get_wch: KEY_CODE_YES means a function key; otherwise a character,
	 * even when its code point is in the key-code range. */
	assert_int_equal(key_from_curses(KEY_CODE_YES, KEY_F(11)), KEY_F(11));
	assert_int_equal(key_from_curses(OK, 0x113), 0x113 | KEYM_CHAR); /* ē is not F11 */
	assert_int_equal(key_from_curses(OK, 'n'), 'n');
	assert_int_equal(key_normalize('\r'), '\n');
	assert_int_equal(key_normalize(KEY_ENTER), '\n');
	assert_int_equal(key_normalize(127), KEY_BACKSPACE);
	assert_int_equal(key_normalize(KEYM_META | '\r'), KEYM_META | '\n');
}

static void test_actions(void **state)
{
	assert_string_equal(action_name(ACT_CALL_NEXT), "call-next");
	assert_int_equal(action_by_name("call-next"), ACT_CALL_NEXT);
	assert_int_equal(action_by_name("none"), ACT_NONE);
	assert_int_equal(action_by_name("no-such"), ACT_COUNT);
	assert_string_equal(action_help(ACT_QUIT), "Quit");
	for (int a = 1; a < ACT_COUNT; a++) {
		assert_true(strlen(action_name((Action)a)) > 0);
		assert_int_equal(action_by_name(action_name((Action)a)), a);
	}
	assert_int_equal(keyctx_by_name("home"), KC_HOME);
	assert_int_equal(keyctx_by_name("nowhere"), -1);
}

static void test_load_good_lines(void **state)
{
	keymap_clear();
	Warns w = {0};
	const char *text =
		"# comment\n"
		"\n"
		"   bind global F6 call-next   # trailing comment\n"
		"bind global M-6 call-next\n"
		"bind home n call-next\n"
		"bind home # help\n"
		"bind global Enter select\n"
		"bind home q quit\n"
		"unbind home q\n";
	assert_int_equal(keymap_load_string(text, "t.keys", collect, &w), 0);
	assert_int_equal(w.count, 0);
	assert_int_equal(keymap_lookup(KC_HOME, 'n'), ACT_CALL_NEXT);
	assert_int_equal(keymap_lookup(KC_HOME, '#'), ACT_HELP);
	assert_int_equal(keymap_lookup(KC_HOME, KEY_F(6)), ACT_CALL_NEXT); /* from global */
	assert_int_equal(keymap_lookup(KC_LOGIN, 'n'), ACT_NONE);          /* home only */
	assert_int_equal(keymap_lookup(KC_HOME, 'q'), ACT_NONE);           /* unbound */
	assert_int_equal(keymap_lookup(KC_LIST, '\r'), ACT_SELECT);        /* CR is Enter */
	assert_int_equal(keymap_lookup(KC_LIST, KEY_ENTER), ACT_SELECT);
	assert_int_equal(keymap_lookup(KC_LIST, KEYM_META | '6'), ACT_CALL_NEXT);
	int alt;
	assert_int_equal(keymap_key_for(KC_HOME, ACT_CALL_NEXT, &alt), KEY_F(6));
	assert_int_equal(alt, 'n');
	assert_int_equal(keymap_key_for(KC_LOGIN, ACT_CALL_NEXT, &alt), KEY_F(6));
	assert_int_equal(alt, KEYM_META | '6');
	assert_int_equal(keymap_key_for(KC_HOME, ACT_SKIP, &alt), 0);
	assert_int_equal(alt, 0);
	int keys[4];
	assert_int_equal(keymap_keys(KC_GLOBAL, ACT_CALL_NEXT, keys, 4), 2);
	assert_int_equal(keys[0], KEY_F(6));
	assert_int_equal(keys[1], KEYM_META | '6');
}

static void test_bad_lines_reported_rest_loads(void **state)
{
	keymap_clear();
	Warns w = {0};
	const char *text =
		"bind global F1 help\n"
		"bind nowhere F2 help\n"
		"bind global Fx help\n"
		"bind global F3 fly\n"
		"bind global F4\n"
		"bind global F4 choose extra\n"
		"unbind global\n"
		"press global F5 refresh\n"
		"bind home s skip\n";
	assert_int_equal(keymap_load_string(text, "my.keys", collect, &w), 7);
	assert_int_equal(w.count, 7);
	assert_non_null(strstr(w.text, "my.keys:2: unknown context \"nowhere\""));
	assert_non_null(strstr(w.text, "my.keys:3: unknown key \"Fx\""));
	assert_non_null(strstr(w.text, "my.keys:4: unknown action \"fly\""));
	assert_non_null(strstr(w.text, "my.keys:5: wrong number of words"));
	assert_non_null(strstr(w.text, "my.keys:6: wrong number of words"));
	assert_non_null(strstr(w.text, "my.keys:7: wrong number of words"));
	assert_non_null(strstr(w.text, "my.keys:8: unknown command \"press\""));
	/* The good lines around them loaded. */
	assert_int_equal(keymap_lookup(KC_GLOBAL, KEY_F(1)), ACT_HELP);
	assert_int_equal(keymap_lookup(KC_HOME, 's'), ACT_SKIP);
	assert_int_equal(keymap_lookup(KC_GLOBAL, KEY_F(3)), ACT_NONE);
}

static void test_none_hides_global(void **state)
{
	keymap_clear();
	keymap_load_string("bind global q quit\nbind login q none\n", "t", NULL, NULL);
	assert_int_equal(keymap_lookup(KC_HOME, 'q'), ACT_QUIT);
	assert_int_equal(keymap_lookup(KC_LOGIN, 'q'), ACT_NONE);
	int alt;
	assert_int_equal(keymap_key_for(KC_LOGIN, ACT_QUIT, &alt), 0);
}

static void test_backspace_variants(void **state)
{
	keymap_clear();
	keymap_load_string("bind global Backspace back\n", "t", NULL, NULL);
	assert_int_equal(keymap_lookup(KC_HOME, 127), ACT_BACK);
	assert_int_equal(keymap_lookup(KC_HOME, 8), ACT_BACK);
	assert_int_equal(keymap_lookup(KC_HOME, KEY_BACKSPACE), ACT_BACK);
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void test_file_errors_name_the_file(void **state)
{
	char dir[] = "/tmp/yc-keymap-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char path[256];
	snprintf(path, sizeof path, "%s/x.keys", dir);
	write_file(path, "bind home n call-next\nbind home\n");
	Warns w = {0};
	keymap_clear();
	assert_int_equal(keymap_load_file(path, collect, &w), 1);
	char want[300];
	snprintf(want, sizeof want, "%s:2: wrong number of words", path);
	assert_non_null(strstr(w.text, want));
	assert_int_equal(keymap_lookup(KC_HOME, 'n'), ACT_CALL_NEXT);
	assert_int_equal(keymap_load_file("/nonexistent/x.keys", collect, &w), -1);
	unlink(path);
	rmdir(dir);
}

static void test_setup_order_and_user_override(void **state)
{
	char dir[] = "/tmp/yc-keymap-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char p1[256], p2[256];
	/* The user's dir has its own vi.keys and a user.keys. */
	snprintf(p1, sizeof p1, "%s/vi.keys", dir);
	write_file(p1, "bind home j down\nbind home x finish\n");
	snprintf(p2, sizeof p2, "%s/user.keys", dir);
	write_file(p2, "bind home x hold\nunbind home q\nbind home F6 none\n");
	Warns w = {0};
	keymap_setup("vi", dir, collect, &w);
	assert_int_equal(w.count, 0);
	/* default.keys from the source tree (this test runs from it). */
	assert_int_equal(keymap_lookup(KC_GLOBAL, KEY_F(7)), ACT_RECALL);
	assert_int_equal(keymap_lookup(KC_HOME, 'n'), ACT_CALL_NEXT);
	/* vi.keys from the user's dir, not the tree's. */
	assert_int_equal(keymap_lookup(KC_HOME, 'j'), ACT_DOWN);
	assert_int_equal(keymap_lookup(KC_HOME, 'G'), ACT_NONE);
	/* user.keys last. */
	assert_int_equal(keymap_lookup(KC_HOME, 'x'), ACT_HOLD);
	assert_int_equal(keymap_lookup(KC_HOME, 'q'), ACT_NONE);
	assert_int_equal(keymap_lookup(KC_HOME, KEY_F(6)), ACT_NONE);
	assert_int_equal(keymap_lookup(KC_LOGIN, KEY_F(6)), ACT_CALL_NEXT);
	unlink(p1);
	unlink(p2);

	/* Without the user's vi.keys, the tree's is used. */
	memset(&w, 0, sizeof w);
	keymap_setup("vi", dir, collect, &w);
	assert_int_equal(w.count, 0);
	assert_int_equal(keymap_lookup(KC_HOME, 'G'), ACT_BOTTOM);
	assert_int_equal(keymap_lookup(KC_HOME, 'q'), ACT_QUIT);

	/* An unknown keymap name is reported; the defaults stay. */
	memset(&w, 0, sizeof w);
	keymap_setup("nosuch", dir, collect, &w);
	assert_int_equal(w.count, 1);
	assert_non_null(strstr(w.text, "nosuch"));
	assert_int_equal(keymap_lookup(KC_GLOBAL, KEY_F(1)), ACT_HELP);
	rmdir(dir);
}

static void test_shipped_keymaps_are_clean(void **state)
{
	static const char *const files[] = {"default", "emacs", "vi"};
	for (size_t i = 0; i < 3; i++) {
		char path[512];
		snprintf(path, sizeof path, "%s/keymaps/%s.keys", YC_SRCDIR, files[i]);
		Warns w = {0};
		keymap_clear();
		assert_int_equal(keymap_load_file(path, collect, &w), 0);
		if (w.count)
			fail_msg("%s", w.text);
	}
	/* Every counter F-key has a twin that is not a function key. */
	keymap_setup("default", NULL, NULL, NULL);
	static const Action fk[] = {
		ACT_HELP, ACT_SAVE_DRAFT, ACT_BACK, ACT_CHOOSE, ACT_REFRESH, ACT_CALL_NEXT,
		ACT_RECALL, ACT_KNOWLEDGE, ACT_ASSIST, ACT_SUBMIT, ACT_CANCEL, ACT_LOCK,
	};
	for (size_t i = 0; i < sizeof fk / sizeof fk[0]; i++) {
		int alt = 0;
		int k = keymap_key_for(KC_HOME, fk[i], &alt);
		assert_true(k >= KEY_F(1) && k <= KEY_F(12));
		if (alt == 0)
			fail_msg("%s has no non-function key", action_name(fk[i]));
	}
	assert_int_equal(keymap_lookup(KC_HOME, KEYM_META | '0'), ACT_SUBMIT);
	assert_int_equal(keymap_lookup(KC_HOME, 's'), ACT_SKIP);
	assert_int_equal(keymap_lookup(KC_HOME, 'h'), ACT_HOLD);
	assert_int_equal(keymap_lookup(KC_HOME, 't'), ACT_TRANSFER);
	assert_int_equal(keymap_lookup(KC_HOME, 'f'), ACT_FINISH);
	assert_int_equal(keymap_lookup(KC_HOME, '?'), ACT_HELP);
	assert_int_equal(keymap_lookup(KC_LOGIN, 'q'), ACT_NONE); /* letters are text there */
	assert_int_equal(keymap_lookup(KC_LOGIN, 17), ACT_QUIT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_key_names),
		cmocka_unit_test(test_bad_key_names),
		cmocka_unit_test(test_round_trip_all_codes),
		cmocka_unit_test(test_curses_keys_and_chars),
		cmocka_unit_test(test_actions),
		cmocka_unit_test(test_load_good_lines),
		cmocka_unit_test(test_bad_lines_reported_rest_loads),
		cmocka_unit_test(test_none_hides_global),
		cmocka_unit_test(test_backspace_variants),
		cmocka_unit_test(test_file_errors_name_the_file),
		cmocka_unit_test(test_setup_order_and_user_override),
		cmocka_unit_test(test_shipped_keymaps_are_clean),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
