/* test_screens_listview: selection and scrolling stay in range and the
 * selection stays visible, whatever the list and window sizes do. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "screens/listview.h"

static void assert_visible(const ListView *lv)
{
	if (lv->n == 0)
		return;
	assert_true(lv->sel >= 0 && lv->sel < lv->n);
	assert_true(lv->sel >= lv->top && lv->sel < lv->top + lv->rows);
}

static void test_moves_and_ends(void **state)
{
	ListView lv = {0};
	lv_set(&lv, 30, 10);
	assert_true(lv_action(&lv, ACT_UP));
	assert_int_equal(lv.sel, 0);
	for (int i = 0; i < 12; i++)
		lv_action(&lv, ACT_DOWN);
	assert_int_equal(lv.sel, 12);
	assert_int_equal(lv.top, 3);
	assert_visible(&lv);
	lv_action(&lv, ACT_PAGE_DOWN);
	assert_int_equal(lv.sel, 21);
	assert_visible(&lv);
	lv_action(&lv, ACT_BOTTOM);
	assert_int_equal(lv.sel, 29);
	assert_int_equal(lv.top, 20);
	assert_false(lv_more_below(&lv));
	assert_true(lv_more_above(&lv));
	lv_action(&lv, ACT_PAGE_DOWN);
	assert_int_equal(lv.sel, 29);
	lv_action(&lv, ACT_TOP);
	assert_int_equal(lv.sel, 0);
	assert_int_equal(lv.top, 0);
	assert_false(lv_action(&lv, ACT_CALL_NEXT));
}

/* The list shrinks under the selection (tickets called away) and the
 * window shrinks (resize): both keep it valid and visible. */
static void test_shrinking(void **state)
{
	ListView lv = {0};
	lv_set(&lv, 30, 10);
	lv_action(&lv, ACT_BOTTOM);
	lv_set(&lv, 5, 10);
	assert_int_equal(lv.sel, 4);
	assert_int_equal(lv.top, 0);
	assert_visible(&lv);
	lv_set(&lv, 50, 10);
	lv.sel = 40;
	lv_set(&lv, 50, 3);
	assert_visible(&lv);
	lv_set(&lv, 50, 0);
	assert_true(lv.sel < 50 && lv.top >= 0);
	lv_set(&lv, 0, 5);
	assert_int_equal(lv.sel, 0);
	assert_int_equal(lv.top, 0);
	assert_true(lv_action(&lv, ACT_DOWN));
	assert_int_equal(lv.sel, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_moves_and_ends),
		cmocka_unit_test(test_shrinking),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
