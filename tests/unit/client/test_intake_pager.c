/* test_intake_pager: paragraphs wrapped by display columns (CJK never
 * split), hanging and leading-space indents, labels on first lines only,
 * raw lines kept as they are; and the source line of the applicant strip. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <locale.h>
#include <string.h>

#include "client/app.h"
#include "client/intake.h"
#include "common/text.h"
#include "screens/format.h"
#include "screens/intake_ui.h"
#include "screens/pager.h"

static void test_wrap_cjk(void **state)
{
	Paras p = {0};
	/* 12 wide characters in 10 columns: 5 a line, never half of one. */
	paras_add(&p, R_NORMAL, 0, "%s", "一二三四五六七八九十百千");
	PLine *l;
	int n = paras_wrap(&p, 10, &l);
	assert_int_equal(n, 3);
	assert_string_equal(l[0].text, "一二三四五");
	assert_string_equal(l[1].text, "六七八九十");
	assert_string_equal(l[2].text, "百千");
	for (int i = 0; i < n; i++)
		assert_true(text_width(l[i].text) + l[i].indent <= 10);
	plines_free(l, n);
	paras_free(&p);
}

static void test_indents_and_labels(void **state)
{
	Paras p = {0};
	paras_add_hang(&p, R_STRONG, 2, 3, "1. %s", "aaaa bbbb cccc dddd");
	paras_field(&p, 8, "Name", R_NORMAL, "xxxx yyyy zzzz");
	paras_add(&p, R_NORMAL, 0, "top\n    When: later on\nend");
	paras_raw(&p, R_NORMAL, 2, "  \u2588\u2588  \u2580 ");
	/* Controls from the network never reach the screen. */
	paras_add(&p, R_NORMAL, 0, "%s", "bad\x1b[2Jtext");
	PLine *l;
	int n = paras_wrap(&p, 14, &l);
	int i = 0;
	/* Hanging: the first line at 2, the rest at 2 + 3. */
	assert_int_equal(l[i].indent, 2);
	assert_string_equal(l[i++].text, "1. aaaa");
	assert_int_equal(l[i].indent, 5);
	assert_string_equal(l[i++].text, "bbbb cccc");
	assert_int_equal(l[i].indent, 5);
	assert_string_equal(l[i++].text, "dddd");
	/* A field: label on its first line, value wrapped under itself. */
	assert_string_equal(l[i].label, "Name");
	assert_int_equal(l[i].indent, 8);
	assert_string_equal(l[i++].text, "xxxx");
	assert_null(l[i].label);
	assert_int_equal(l[i].indent, 8);
	assert_string_equal(l[i++].text, "yyyy");
	assert_string_equal(l[i++].text, "zzzz");
	/* Lines of a text; leading spaces indent. */
	assert_string_equal(l[i++].text, "top");
	assert_int_equal(l[i].indent, 4);
	assert_string_equal(l[i++].text, "When:");      /* 10 columns left */
	assert_int_equal(l[i].indent, 4);
	assert_string_equal(l[i++].text, "later on");
	assert_string_equal(l[i++].text, "end");
	/* Raw: spaces kept, never wrapped. */
	assert_int_equal(l[i].indent, 2);
	assert_string_equal(l[i++].text, "  \u2588\u2588  \u2580 ");
	assert_string_equal(l[i++].text, "badtext");
	assert_int_equal(i, n);
	plines_free(l, n);
	paras_free(&p);
}

static void test_sources_line(void **state)
{
	app.current = NULL;
	Intake *in = intake_start("11010519491231002X");
	char line[512];
	/* No ticket: nothing asked, and the legal-person database is not
	 * listed for a person. */
	iui_sources_line(in, line, sizeof line);
	assert_null(strstr(line, "Legal persons"));
	assert_non_null(strstr(line, "People"));
	assert_non_null(strstr(line, "not applicable"));
	intake_lookup_answer(in, SRC_CREDIT, 500, NULL, "down");
	intake_lookup_answer(in, SRC_PERSON, 404, NULL, NULL);
	iui_sources_line(in, line, sizeof line);
	assert_non_null(strstr(line, "Credit !failed"));
	assert_non_null(strstr(line, "People \u25CBnot found"));
	char d[64];
	iui_duration(1, "working_days", d, sizeof d);
	assert_string_equal(d, "1 working day");
	iui_duration(10, "working_days", d, sizeof d);
	assert_string_equal(d, "10 working days");
	iui_duration(0, "working_days", d, sizeof d);
	assert_string_equal(d, "on the spot");
	intake_end();
}

int main(void)
{
	setlocale(LC_ALL, "C.UTF-8");
	glyph_set_ascii(false);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_wrap_cjk),
		cmocka_unit_test(test_indents_and_labels),
		cmocka_unit_test(test_sources_line),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
