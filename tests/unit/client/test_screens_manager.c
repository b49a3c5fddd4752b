/* test_screens_manager: the screen stack without a terminal: keys go to the
 * top screen first, then its keymap context, then the global handler; a
 * screen may pop itself while handling a key; callbacks find screens by id
 * only while they live. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "client/keymap.h"
#include "screens/screen.h"

typedef struct Probe {
	int keys, actions, destroyed_flag;
	Action last;
	bool pop_on_action;
	bool take_keys;
	int *destroyed;
} Probe;

static bool probe_key(Screen *s, int key, bool fn)
{
	Probe *p = s->data;
	p->keys++;
	return p->take_keys && !fn;
}

static bool probe_action(Screen *s, Action a)
{
	Probe *p = s->data;
	p->actions++;
	p->last = a;
	if (a == ACT_BACK && p->pop_on_action) {
		sm_pop(s);
		/* Still here: the screen is freed after the key, not now. */
		p->actions += 100;
		return true;
	}
	return a == ACT_BACK || a == ACT_CALL_NEXT;
}

static void probe_destroy(Screen *s)
{
	Probe *p = s->data;
	(*p->destroyed)++;
	free(p);
}

static const ScreenOps probe_home = {
	.name = "probe-home", .context = KC_HOME, .on_key = probe_key,
	.on_action = probe_action, .destroy = probe_destroy,
};
static const ScreenOps probe_dialog = {
	.name = "probe-dialog", .context = KC_DIALOG, .overlay = true, .on_key = probe_key,
	.on_action = probe_action, .destroy = probe_destroy,
};

static Action global_last;
static bool global_fn(Action a)
{
	global_last = a;
	return true;
}

static Screen *probe(const ScreenOps *ops, int *destroyed, Probe **out)
{
	Probe *p = calloc(1, sizeof *p);
	p->destroyed = destroyed;
	*out = p;
	return screen_new(ops, p);
}

static int setup(void **state)
{
	keymap_clear();
	assert_int_equal(keymap_load_string(
		"bind global F1 help\nbind global F3 back\nbind global C-q quit\n"
		"bind home n call-next\nbind dialog Esc cancel\n", "test.keys", NULL, NULL), 0);
	sm_init();
	sm_set_global(global_fn);
	global_last = ACT_NONE;
	return 0;
}

static void test_dispatch_order(void **state)
{
	int destroyed = 0;
	Probe *home, *dlg;
	Screen *h = probe(&probe_home, &destroyed, &home);
	sm_push(h);
	sm_key('n', false);
	assert_int_equal(home->keys, 1);
	assert_int_equal(home->last, ACT_CALL_NEXT);
	/* Not handled by the screen: the global handler gets it. */
	sm_key(KEY_F(1), true);
	assert_int_equal(home->last, ACT_HELP);
	assert_int_equal(global_last, ACT_HELP);
	/* A dialog on top takes the keys; its context has no "n". */
	Screen *d = probe(&probe_dialog, &destroyed, &dlg);
	sm_push(d);
	assert_ptr_equal(sm_top(), d);
	assert_ptr_equal(sm_below(d), h);
	sm_key('n', false);
	assert_int_equal(dlg->keys, 1);
	assert_int_equal(dlg->actions, 0);
	assert_int_equal(home->keys, 2); /* n and F1: nothing since */
	sm_key(27, false);
	assert_int_equal(dlg->last, ACT_CANCEL);
	/* Text input eats characters before the keymap sees them. */
	dlg->take_keys = true;
	sm_key(0x11, false);
	assert_int_equal(dlg->actions, 1);
	sm_shutdown();
	assert_int_equal(destroyed, 2);
}

static void test_pop_self_is_deferred(void **state)
{
	int destroyed = 0;
	Probe *home, *dlg;
	sm_push(probe(&probe_home, &destroyed, &home));
	Screen *d = probe(&probe_dialog, &destroyed, &dlg);
	unsigned id = d->id;
	sm_push(d);
	dlg->pop_on_action = true;
	assert_ptr_equal(sm_find(id), d);
	sm_key(KEY_F(3), true);
	assert_int_equal(dlg->actions, 101);  /* ran to the end of its handler */
	assert_int_equal(destroyed, 0);       /* freed later, not under it */
	assert_null(sm_find(id));             /* but already gone for callbacks */
	assert_int_equal(sm_depth(), 1);
	assert_ptr_equal(sm_find_ops(&probe_home), sm_top());
	sm_shutdown();
	assert_int_equal(destroyed, 2);
}

static void test_reset_replaces_all(void **state)
{
	int destroyed = 0;
	Probe *a, *b, *c;
	sm_push(probe(&probe_home, &destroyed, &a));
	sm_push(probe(&probe_dialog, &destroyed, &b));
	Screen *n = probe(&probe_home, &destroyed, &c);
	sm_reset(n);
	assert_int_equal(sm_depth(), 1);
	assert_ptr_equal(sm_top(), n);
	sm_shutdown();
	assert_int_equal(destroyed, 3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_dispatch_order, setup),
		cmocka_unit_test_setup(test_pop_self_is_deferred, setup),
		cmocka_unit_test_setup(test_reset_replaces_all, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
