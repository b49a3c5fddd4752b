/* test_form_layout_keys: the form screen driven by keys through the real
 * keymap, no terminal: typing then Enter stores and moves on, the check as
 * typed on the message line, Esc undoes, digits choose, Space toggles and
 * conditional fields follow, locked values need a reason, rows are added
 * and removed, a division is found by pinyin, F10 goes to the first
 * problem or ends, F3 goes back; and the multi-line editor underneath. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <curses.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client/app.h"
#include "client/keymap.h"
#include "common/text.h"
#include "forms/forms.h"
#include "screens/form_screen.h"
#include "screens/format.h"
#include "screens/screen_form.h"
#include "screens/textedit.h"

#define DATA YC_SRCDIR "/tests/unit/common/data/forms/"

static char *load(const char *name, size_t *len)
{
	char path[512];
	snprintf(path, sizeof path, DATA "%s", name);
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *buf = malloc((size_t)n + 1);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	buf[n] = '\0';
	fclose(f);
	*len = (size_t)n;
	return buf;
}

/* What the form told its caller. */
static struct {
	int done_calls;
	bool submitted;
	int changes;
	char last[128];
} seen;

static void on_done(bool submitted, void *ud)
{
	seen.done_calls++;
	seen.submitted = submitted;
}

static void on_change(const char *key, void *ud)
{
	seen.changes++;
	snprintf(seen.last, sizeof seen.last, "%s", key);
}

typedef struct Fixture {
	FormSchema *s;
	FormState *st;
} Fixture;

static int setup_group(void **state)
{
	if (!setlocale(LC_ALL, "C.UTF-8"))
		setlocale(LC_ALL, "zh_CN.UTF-8");
	glyph_set_ascii(false);
	keymap_clear();
	assert_int_equal(keymap_load_file(YC_SRCDIR "/keymaps/default.keys", NULL, NULL), 0);
	return 0;
}

static int teardown_group(void **state)
{
	keymap_clear();
	free(app.message);
	app.message = NULL;
	return 0;
}

/* A form of a fixture open on an empty stack. */
static int open_form(void **state, const char *schema, const char *person)
{
	Fixture *fx = calloc(1, sizeof *fx);
	size_t len;
	char *json = load(schema, &len);
	fx->s = forms_schema_parse(json, len, NULL);
	free(json);
	assert_non_null(fx->s);
	fx->st = forms_state_new(fx->s);
	forms_state_set_today(fx->st, "2026-11-24");
	if (person) {
		json = load(person, &len);
		cJSON *doc = cJSON_Parse(json);
		free(json);
		assert_true(forms_prefill(fx->st, "person", doc) > 0);
		cJSON_Delete(doc);
	}
	memset(&seen, 0, sizeof seen);
	sm_init();
	screen_form_on_change(on_change, NULL);
	screen_form_open(fx->s, fx->st, on_done, NULL);
	*state = fx;
	return 0;
}

static int setup_birth(void **state)
{
	return open_form(state, "birth-register.json", NULL);
}

static int setup_birth_prefilled(void **state)
{
	return open_form(state, "birth-register.json", "person.json");
}

static int teardown(void **state)
{
	Fixture *fx = *state;
	sm_shutdown();
	screen_form_on_change(NULL, NULL);
	forms_state_free(fx->st);
	forms_schema_free(fx->s);
	free(fx);
	return 0;
}

/* The form on top (NULL when it is gone). */
static Form *form(void)
{
	Screen *s = sm_top();
	return s && screen_is_form(s) ? s->data : NULL;
}

static const char *focus(void)
{
	assert_non_null(form());
	return form()->focus;
}

/* Type UTF-8 text, one key per character as an IME sends it. */
static void type(const char *s)
{
	size_t n = strlen(s), i = 0;
	while (i < n) {
		uint32_t cp;
		i += text_utf8_decode(s + i, n - i, &cp);
		sm_key((int)cp, false);
	}
}

static void enter(void) { sm_key('\n', false); }
static void tab(void) { sm_key('\t', false); }

/* Tab (then BTab, from the end) until the cursor is on path. */
static void go_to(const char *path)
{
	for (int i = 0; i < 60 && strcmp(focus(), path) != 0; i++)
		tab();
	for (int i = 0; i < 60 && strcmp(focus(), path) != 0; i++)
		sm_key(KEY_BTAB, true);
	assert_string_equal(focus(), path);
}

static char *text_at(Fixture *fx, const char *path)
{
	return forms_get_text(fx->st, path);
}

static void expect_text(Fixture *fx, const char *path, const char *want)
{
	char *t = text_at(fx, path);
	assert_string_equal(t, want);
	free(t);
}

static void test_typing_then_enter_stores_and_moves_on(void **state)
{
	Fixture *fx = *state;
	/* The cursor starts on the first empty field. */
	assert_string_equal(focus(), "applicant.name");
	type("张三");
	/* Nothing stored while typing … */
	assert_null(forms_get(fx->st, "applicant.name"));
	enter();
	/* … Enter stores, tells the listener and goes on. */
	expect_text(fx, "applicant.name", "张三");
	assert_int_equal(seen.changes, 1);
	assert_string_equal(seen.last, "applicant.name");
	assert_string_equal(focus(), "applicant.id_number");
	/* Tab stores too; a date typed without dashes is stored normalized. */
	go_to("child.birth_date");
	type("20261101");
	tab();
	expect_text(fx, "child.birth_date", "2026-11-01");
	assert_string_equal(focus(), "child.birth_weight");
	/* Up goes back, the value shows in the editor. */
	sm_key(KEY_UP, true);
	assert_string_equal(focus(), "child.birth_date");
	char *t = le_text(&form()->le);
	assert_string_equal(t, "2026-11-01");
	free(t);
}

static void test_checked_as_typed_and_undone_with_esc(void **state)
{
	Fixture *fx = *state;
	go_to("applicant.id_number");
	type("11010519491231002");
	/* Too short so far: what it takes is said, but not as an error. */
	assert_non_null(app.message);
	assert_non_null(strstr(app.message, "18 characters"));
	assert_false(app.message_error);
	type("1");
	/* The failing rule and the expected check digit. */
	assert_true(app.message_error);
	assert_non_null(strstr(app.message, "X"));
	sm_key(27, false); /* Esc: undo */
	char *t = le_text(&form()->le);
	assert_string_equal(t, "");
	free(t);
	assert_null(forms_get(fx->st, "applicant.id_number"));
	/* A wrong value is kept (nothing typed is lost) and its problem shows
	 * once the field is left. */
	type("110105194912310021");
	tab();
	expect_text(fx, "applicant.id_number", "110105194912310021");
	int i = fv_find(&form()->v, "applicant.id_number");
	assert_non_null(fv_shown_error(&form()->v, &form()->v.items[i]));
	assert_int_equal(form()->v.items[i].nlines, 2);
}

static void test_digits_choose_and_space_toggles(void **state)
{
	Fixture *fx = *state;
	go_to("child.gender");
	type("2");
	expect_text(fx, "child.gender", "female");
	/* A single choice made: on to the next field. */
	assert_string_equal(focus(), "child.birth_date");
	go_to("child.multiple_birth");
	assert_int_equal(fv_find(&form()->v, "child.birth_order"), -1);
	sm_key(' ', false); /* Space: toggle, through the keymap */
	assert_true(cJSON_IsTrue(forms_get(fx->st, "child.multiple_birth")));
	/* The conditional field appears right under it. */
	assert_int_equal(fv_find(&form()->v, "child.birth_order"), fv_find(&form()->v, "child.multiple_birth") + 1);
	type("n");
	assert_true(cJSON_IsFalse(forms_get(fx->st, "child.multiple_birth")));
	assert_int_equal(fv_find(&form()->v, "child.birth_order"), -1);
	/* F4 on a choice opens its list; Enter there picks and goes on. */
	go_to("delivery.method");
	sm_key(KEY_F(4), true);
	assert_string_equal(sm_top()->ops->name, "options");
	sm_key(KEY_DOWN, true);
	enter();
	assert_non_null(form());
	expect_text(fx, "delivery.method", "post");
	assert_string_equal(focus(), "delivery.address");
}

static void test_f10_goes_to_the_first_problem_then_ends(void **state)
{
	Fixture *fx = *state;
	sm_key(KEY_F(10), true);
	assert_int_equal(seen.done_calls, 0);
	assert_string_equal(focus(), "applicant.name");
	assert_true(app.message_error);
	assert_non_null(strstr(app.message, "need attention"));
	/* Fill in everything required. */
	type("张三");
	enter();
	type("11010519491231002X");
	enter();
	type("13800138000");
	enter();
	go_to("child.name");
	type("张小明");
	enter();
	type("1");
	type("2026-11-01");
	enter();
	go_to("parents");
	enter(); /* no rows yet: a row is added, the cursor in its first cell */
	assert_string_equal(focus(), "parents[0].name");
	type("张大山");
	enter();
	type("110105199001011232");
	enter();
	type("1");
	go_to("delivery.method");
	type("1");
	assert_int_equal(fv_count_errors(&form()->v), 0);
	sm_key(KEY_F(10), true);
	assert_int_equal(seen.done_calls, 1);
	assert_true(seen.submitted);
	assert_null(form());
	expect_text(fx, "parents[0].id_number", "110105199001011232");
}

/* F10 before a late prefill: the cursor is on the then-empty field, flagged;
 * the prefill fills it: no problem shows on it, nor on the message line. */
static void test_late_prefill_clears_the_flag(void **state)
{
	Fixture *fx = *state;
	sm_key(KEY_F(10), true);
	assert_string_equal(focus(), "applicant.name");
	assert_true(app.message_error);
	int i = fv_find(&form()->v, "applicant.name");
	assert_non_null(fv_shown_error(&form()->v, &form()->v.items[i]));
	size_t len;
	char *json = load("person.json", &len);
	cJSON *doc = cJSON_Parse(json);
	free(json);
	assert_true(forms_prefill(fx->st, "person", doc) > 0);
	cJSON_Delete(doc);
	screen_form_refresh();
	expect_text(fx, "applicant.name", "王小明");
	i = fv_find(&form()->v, "applicant.name");
	assert_null(fv_shown_error(&form()->v, &form()->v.items[i]));
	assert_int_equal(form()->v.items[i].nlines, 1);
	assert_false(app.message && app.message_error && strstr(app.message, "申请人姓名"));
	char *t = le_text(&form()->le);
	assert_string_equal(t, "王小明");
	free(t);
}

/* The field the screen shows focused (the marked item) is the one keys go
 * to: its path, and the line editor's when it takes text. */
static void expect_keys_go_to(const char *path)
{
	Form *fm = form();
	assert_non_null(fm);
	assert_true(fm->fi >= 0);
	assert_string_equal(fm->v.items[fm->fi].path, path);
	if (fm->le_path)
		assert_string_equal(fm->le_path, path);
}

/* Digits typed right after F10 go to the first problem, wherever F10 was
 * pressed from (text being typed, a choice, a yes/no, a table) and when a
 * late prefill arrives in between. */
static void test_digits_after_f10_go_to_the_first_problem(void **state)
{
	Fixture *fx = *state;
	static const char *const from[] = { "child.birth_weight", "child.gender", "child.multiple_birth", "parents",
					    "delivery.method" };
	for (size_t k = 0; k < sizeof from / sizeof *from; k++) {
		go_to(from[k]);
		if (strcmp(from[k], "child.birth_weight") == 0)
			type("32");
		sm_key(KEY_F(10), true);
		expect_keys_go_to("applicant.name");
		type("12");
		expect_keys_go_to("applicant.name");
		char *t = le_text(&form()->le);
		assert_string_equal(t, "12");
		free(t);
		sm_key(27, false);
	}
	/* F10, then the people database answers (filling the first problem),
	 * then digits: they go to the field now marked, the phone stays empty. */
	go_to("child.birth_weight");
	sm_key(KEY_F(10), true);
	size_t len;
	char *json = load("person.json", &len);
	cJSON *doc = cJSON_Parse(json);
	free(json);
	assert_true(forms_prefill(fx->st, "person", doc) > 0);
	cJSON_Delete(doc);
	screen_form_refresh();
	const char *marked = form()->v.items[form()->fi].path;
	char *want = strdup(marked);
	type("1");
	expect_keys_go_to(want);
	free(want);
}

static void test_f3_goes_back_keeping_what_was_typed(void **state)
{
	Fixture *fx = *state;
	type("李四");
	enter();
	type("1101");
	sm_key(KEY_F(3), true);
	assert_int_equal(seen.done_calls, 1);
	assert_false(seen.submitted);
	assert_null(form());
	expect_text(fx, "applicant.name", "李四");
	expect_text(fx, "applicant.id_number", "1101");
	/* Opened again on the same state: the cursor is where it was. */
	screen_form_open(fx->s, fx->st, on_done, NULL);
	assert_string_equal(focus(), "applicant.id_number");
}

static void test_locked_value_changes_only_with_a_reason(void **state)
{
	Fixture *fx = *state;
	/* Prefill filled the applicant: the cursor starts at the phone. */
	assert_string_equal(focus(), "applicant.phone");
	sm_key(KEY_BTAB, true);
	sm_key(KEY_BTAB, true);
	assert_string_equal(focus(), "applicant.name");
	type("x");
	expect_text(fx, "applicant.name", "王小明");
	assert_true(app.message_error);
	assert_non_null(strstr(app.message, "locked"));
	/* Enter asks why; Esc there keeps the value locked. */
	enter();
	assert_string_equal(sm_top()->ops->name, "reason");
	sm_key(27, false);
	assert_non_null(form());
	assert_true(forms_locked(fx->st, "applicant.name"));
	/* A reason of one character is not enough. */
	enter();
	type("改");
	enter();
	assert_string_equal(sm_top()->ops->name, "reason");
	type("名");
	enter();
	assert_non_null(form());
	sm_key(KEY_BACKSPACE, true);
	sm_key(KEY_BACKSPACE, true);
	type("晓明");
	enter();
	expect_text(fx, "applicant.name", "王晓明");
	assert_string_equal(forms_override_reason(fx->st, "applicant.name"), "改名");
	assert_string_equal(seen.last, "applicant.name");
	/* M-r: back to the source's value, locked again. */
	sm_key(KEY_BTAB, true);
	sm_key('r' | KEYM_META, false);
	expect_text(fx, "applicant.name", "王小明");
	assert_true(forms_locked(fx->st, "applicant.name"));
	assert_null(forms_override_reason(fx->st, "applicant.name"));
}

static void test_rows_added_and_removed(void **state)
{
	Fixture *fx = *state;
	go_to("parents");
	sm_key(KEY_IC, true); /* Insert: add a row */
	assert_int_equal(forms_row_count(fx->st, "parents"), 1);
	assert_string_equal(focus(), "parents[0].name");
	type("甲");
	enter();
	sm_key('a' | KEYM_META, false); /* M-a: another */
	assert_int_equal(forms_row_count(fx->st, "parents"), 2);
	assert_string_equal(focus(), "parents[1].name");
	type("乙");
	enter();
	/* At most two rows. */
	sm_key(KEY_IC, true);
	assert_int_equal(forms_row_count(fx->st, "parents"), 2);
	assert_true(app.message_error);
	/* M-d in the first row asks, Enter removes it; 乙 moves up. */
	go_to("parents[0].id_number");
	sm_key('d' | KEYM_META, false);
	assert_string_equal(sm_top()->ops->name, "confirm");
	enter();
	assert_int_equal(forms_row_count(fx->st, "parents"), 1);
	expect_text(fx, "parents[0].name", "乙");
	assert_string_equal(focus(), "parents[0].name");
	assert_string_equal(seen.last, "parents");
}

static void test_division_found_by_pinyin(void **state)
{
	Fixture *fx = *state;
	go_to("applicant.household_division");
	/* A letter in a division field searches by name. */
	type("xuhui");
	assert_string_equal(sm_top()->ops->name, "division");
	enter();
	expect_text(fx, "applicant.household_division", "310104");
	assert_string_equal(focus(), "child.name");
	/* F4 opens it at the place chosen; Left goes up to its province, and
	 * F10 chooses the level under the cursor. */
	sm_key(KEY_BTAB, true);
	sm_key(KEY_F(4), true);
	assert_string_equal(sm_top()->ops->name, "division");
	sm_key(KEY_LEFT, true);
	sm_key(KEY_LEFT, true);
	sm_key(KEY_F(10), true);
	expect_text(fx, "applicant.household_division", "310000");
	/* Digits are typed as a code. */
	sm_key(KEY_BTAB, true);
	assert_string_equal(focus(), "applicant.household_division");
	sm_key(0x15, false); /* C-u */
	type("330106");
	enter();
	expect_text(fx, "applicant.household_division", "330106");
}

static void test_textedit_rows_and_cursor(void **state)
{
	TextEdit te;
	te_init(&te, 100);
	te_set(&te, "软件开发；信息技术\nab");
	/* 10 columns: 软件开发； (10) wraps, 信息技术 (8) fits, then ab. */
	TeRow rows[8];
	assert_int_equal(te_rows(&te, 10, rows, 8), 3);
	assert_int_equal(rows[0].start, 0);
	assert_int_equal(rows[0].end, 5);
	assert_int_equal(rows[1].end, 9);
	assert_int_equal(rows[2].start, 10);
	int row, col;
	te_cursor(&te, 10, &row, &col);
	assert_int_equal(row, 2);
	assert_int_equal(col, 2);
	/* Up keeps the column: from after "ab" (2) into 信息技术 after 信. */
	assert_true(te_key(&te, KEY_UP, true, 10));
	te_cursor(&te, 10, &row, &col);
	assert_int_equal(row, 1);
	assert_int_equal(col, 2);
	assert_int_equal(te.cur, 6);
	/* Enter is a new line; Backspace joins again. */
	assert_true(te_key(&te, '\n', false, 10));
	char *t = te_text(&te);
	assert_string_equal(t, "软件开发；信\n息技术\nab");
	free(t);
	assert_true(te_key(&te, KEY_BACKSPACE, true, 10));
	t = te_text(&te);
	assert_string_equal(t, "软件开发；信息技术\nab");
	free(t);
	/* Controls are not text; the limit holds. */
	assert_false(te_key(&te, 0x1b, false, 10));
	te_free(&te);
	te_init(&te, 3);
	for (int i = 0; i < 5; i++)
		te_key(&te, 'a', false, 10);
	assert_int_equal(te.len, 3);
	te_free(&te);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_typing_then_enter_stores_and_moves_on, setup_birth, teardown),
		cmocka_unit_test_setup_teardown(test_checked_as_typed_and_undone_with_esc, setup_birth, teardown),
		cmocka_unit_test_setup_teardown(test_digits_choose_and_space_toggles, setup_birth, teardown),
		cmocka_unit_test_setup_teardown(test_f10_goes_to_the_first_problem_then_ends, setup_birth, teardown),
		cmocka_unit_test_setup_teardown(test_late_prefill_clears_the_flag, setup_birth, teardown),
		cmocka_unit_test_setup_teardown(test_digits_after_f10_go_to_the_first_problem, setup_birth, teardown),
		cmocka_unit_test_setup_teardown(test_f3_goes_back_keeping_what_was_typed, setup_birth, teardown),
		cmocka_unit_test_setup_teardown(test_locked_value_changes_only_with_a_reason, setup_birth_prefilled, teardown),
		cmocka_unit_test_setup_teardown(test_rows_added_and_removed, setup_birth, teardown),
		cmocka_unit_test_setup_teardown(test_division_found_by_pinyin, setup_birth, teardown),
		cmocka_unit_test(test_textedit_rows_and_cursor),
	};
	return cmocka_run_group_tests(tests, setup_group, teardown_group);
}
