/* test_screens_fkeybar: the function-key bar is built from the keymap (not
 * hard-coded): F-keys first, a screen's own letters, and a text screen never
 * offers a key that would type into its field. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "client/keymap.h"
#include "common/text.h"
#include "screens/bars.h"

static const FkeyDef queue_keys[] = {
	FK(ACT_CALL_NEXT), FK(ACT_RECALL), FK(ACT_SKIP), FK(ACT_HOLD),
	FK(ACT_TRANSFER), FK(ACT_FINISH), FK(ACT_HELP), FK(ACT_QUIT),
	FK_END,
};
static const FkeyDef form_keys[] = {
	FK_LABEL(ACT_SUBMIT, "Log in"), FK(ACT_NEXT_FIELD), FK(ACT_HELP), FK(ACT_QUIT),
	FK_END,
};

static bool skip_disabled(Screen *s, Action a)
{
	return a != ACT_SKIP;
}

static const ScreenOps home_like = {
	.name = "home", .context = KC_HOME, .fkeys = queue_keys, .can = skip_disabled,
};
static const ScreenOps login_like = {
	.name = "login", .context = KC_LOGIN, .text_input = true, .fkeys = form_keys,
};

static int load_default(void **state)
{
	setlocale(LC_ALL, "C.UTF-8");
	keymap_clear();
	int bad = keymap_load_file(YC_SRCDIR "/keymaps/default.keys", NULL, NULL);
	assert_int_equal(bad, 0);
	return 0;
}

static void test_home_bar_from_keymap(void **state)
{
	Screen s = { .ops = &home_like };
	FkeyItem it[16];
	FkeySpan sp[16];
	char line[512];
	int n = fkeybar_items(&s, it, 16);
	assert_int_equal(n, 8);
	fkeys_layout(it, n, 80, sp, line, sizeof line);
	assert_string_equal(line, "F6 Call  F7 Recall  s Skip  h Hold  t Transfer  f Finish  F1 Help  q Quit");
	assert_false(it[2].enabled);
	assert_true(it[0].enabled);
	assert_true(it[6].keep);
}

/* A user binding changes the bar: it is read, not hard-coded. */
static void test_rebinding_shows(void **state)
{
	assert_int_equal(keymap_load_string("unbind home s\nbind home x skip\n", "user.keys", NULL, NULL), 0);
	Screen s = { .ops = &home_like };
	FkeyItem it[16];
	int n = fkeybar_items(&s, it, 16);
	assert_int_equal(n, 8);
	assert_string_equal(it[2].key, "x");
}

/* On a screen with a text field, q types a q: quit shows as ^Q. */
static void test_text_screen_hides_typing_keys(void **state)
{
	Screen s = { .ops = &login_like };
	FkeyItem it[16];
	FkeySpan sp[16];
	char line[512];
	int n = fkeybar_items(&s, it, 16);
	fkeys_layout(it, n, 80, sp, line, sizeof line);
	assert_string_equal(line, "F10 Log in  Tab Next  F1 Help  ^Q Quit");
	for (int i = 0; i < n; i++)
		assert_false(key_is_typed(key_parse(it[i].key)));
}

static void test_key_is_typed(void **state)
{
	assert_true(key_is_typed('q'));
	assert_true(key_is_typed(0x5F20)); /* 张 */
	assert_true(key_is_typed(0x01CE | KEYM_CHAR));
	assert_false(key_is_typed('q' | KEYM_META));
	assert_false(key_is_typed(0x11));
	assert_false(key_is_typed(key_parse("F6")));
	assert_false(key_is_typed(key_parse("Tab")));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_home_bar_from_keymap, load_default),
		cmocka_unit_test_setup(test_rebinding_shows, load_default),
		cmocka_unit_test_setup(test_text_screen_hides_typing_keys, load_default),
		cmocka_unit_test(test_key_is_typed),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
