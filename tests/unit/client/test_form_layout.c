/* test_form_layout: the form screen's layout as strings, no terminal:
 * sections and labels aligned by display width, values by type, hints,
 * conditional fields and table rows appearing with the values, problems
 * under the fields the clerk left, provenance marks, narrow widths that
 * never split a CJK character, and the division and search helpers. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/divisions.h"
#include "common/text.h"
#include "forms/forms.h"
#include "screens/form_dialogs.h"
#include "screens/form_view.h"
#include "screens/format.h"

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

static FormSchema *schema_file(const char *name)
{
	size_t len;
	char *json = load(name, &len);
	FormSchema *s = forms_schema_parse(json, len, NULL);
	free(json);
	assert_non_null(s);
	return s;
}

static void prefill(FormState *st, const char *source, const char *file)
{
	size_t len;
	char *json = load(file, &len);
	cJSON *doc = cJSON_Parse(json);
	free(json);
	assert_true(forms_prefill(st, source, doc) > 0);
	cJSON_Delete(doc);
}

static int setup(void **state)
{
	if (!setlocale(LC_ALL, "C.UTF-8"))
		setlocale(LC_ALL, "zh_CN.UTF-8");
	glyph_set_ascii(false);
	return 0;
}

/* Line k of the item at path, as drawn 80 columns wide. */
static const char *line_of(FormView *v, const char *path, int k, bool focused)
{
	static char out[2048];
	int i = fv_find(v, path);
	assert_true(i >= 0);
	fv_line_text(v, i, k, 80, focused, out, sizeof out);
	return out;
}

/* The items' first lines, joined by newlines (headings included). */
static char *all_lines(FormView *v, int width)
{
	size_t cap = 16384, o = 0;
	char *buf = calloc(1, cap), line[2048];
	for (int i = 0; i < v->n; i++)
		for (int k = 0; k < v->items[i].nlines; k++) {
			fv_line_text(v, i, k, width, false, line, sizeof line);
			o += (size_t)snprintf(buf + o, cap - o, "%s\n", line);
		}
	return buf;
}

static void test_sections_and_aligned_labels(void **state)
{
	FormSchema *s = schema_file("birth-register.json");
	FormState *st = forms_state_new(s);
	forms_state_set_today(st, "2026-11-24");
	FormView v;
	fv_init(&v, s, st);
	/* A heading rule across the width with the title in it. */
	char head[512];
	fv_line_text(&v, 0, 0, 80, false, head, sizeof head);
	assert_true(strncmp(head, "\u2500\u2500 申请人信息 \u2500", strlen("\u2500\u2500 申请人信息 \u2500")) == 0);
	assert_int_equal(text_width(head), 80);
	/* Labels padded by display width: the widest, 出生体重（克） (14
	 * columns), puts every value at column 2 + 14 + 2. */
	FormCols c;
	fv_cols(&v, 80, &c);
	assert_int_equal(c.label_w, 14);
	assert_int_equal(c.value_x, 18);
	assert_string_equal(line_of(&v, "applicant.name", 0, true), "\u25B6 申请人姓名*");
	assert_string_equal(line_of(&v, "applicant.phone", 0, false), "  联系电话*       11 digits");
	assert_string_equal(line_of(&v, "child.gender", 0, false), "  性别*           1 男  2 女");
	assert_string_equal(line_of(&v, "child.multiple_birth", 0, false), "  是否多胞胎      [ ] No");
	assert_string_equal(line_of(&v, "parents", 0, false), "  父母*           no rows yet");
	/* Every value starts in the same column. */
	const char *phone = line_of(&v, "applicant.phone", 0, false);
	size_t at = text_fit(phone, 18, NULL);
	assert_string_equal(phone + at, "11 digits");
	/* Hidden until their condition holds: 胎次 and 邮寄地址. */
	assert_int_equal(fv_find(&v, "child.birth_order"), -1);
	assert_int_equal(fv_find(&v, "delivery.address"), -1);
	fv_free(&v);
	forms_state_free(st);
	forms_schema_free(s);
}

static void test_conditional_fields_come_and_go(void **state)
{
	FormSchema *s = schema_file("birth-register.json");
	FormState *st = forms_state_new(s);
	FormView v;
	fv_init(&v, s, st);
	int before = v.n;
	cJSON *yes = cJSON_CreateBool(true);
	assert_int_equal(forms_set_value(st, "child.multiple_birth", yes, NULL), FORMS_OK);
	fv_rebuild(&v);
	int i = fv_find(&v, "child.birth_order");
	assert_true(i >= 0);
	assert_int_equal(i, fv_find(&v, "child.multiple_birth") + 1);
	/* required_if makes it required: the mark shows. */
	assert_string_equal(line_of(&v, "child.birth_order", 0, false), "  胎次*");
	assert_int_equal(forms_set_text(st, "delivery.method", "邮寄", NULL), FORMS_OK);
	fv_rebuild(&v);
	assert_true(fv_find(&v, "delivery.address") >= 0);
	assert_int_equal(v.n, before + 2);
	/* And gone again. */
	assert_int_equal(forms_set_text(st, "delivery.method", "window", NULL), FORMS_OK);
	fv_rebuild(&v);
	assert_int_equal(fv_find(&v, "delivery.address"), -1);
	cJSON_Delete(yes);
	fv_free(&v);
	forms_state_free(st);
	forms_schema_free(s);
}

static void test_table_rows_and_cells(void **state)
{
	FormSchema *s = schema_file("birth-register.json");
	FormState *st = forms_state_new(s);
	FormView v;
	fv_init(&v, s, st);
	assert_true(fv_find_add_row(&v, "parents") >= 0);
	assert_int_equal(forms_row_add(st, "parents"), 0);
	assert_int_equal(forms_set_text(st, "parents[0].name", "张大山", NULL), FORMS_OK);
	assert_int_equal(forms_set_text(st, "parents[0].relation", "父亲", NULL), FORMS_OK);
	fv_rebuild(&v);
	/* Cells indent by 4: 身份证件号码* at 4 + 13 widens the label column. */
	assert_string_equal(line_of(&v, "parents", 0, false), "  父母*              1 row");
	/* The row's heading sums up its first cells; cells indent under it. */
	int t = fv_find(&v, "parents");
	char line[1024];
	fv_line_text(&v, t + 1, 0, 80, false, line, sizeof line);
	assert_int_equal(v.items[t + 1].kind, FI_ROW);
	assert_false(fv_focusable(&v.items[t + 1]));
	assert_string_equal(line, "    Row 1            张大山 \u00B7 父亲");
	assert_string_equal(line_of(&v, "parents[0].name", 0, false), "      姓名*          张大山");
	/* The next field after the table line skips the row heading. */
	assert_int_equal(fv_next(&v, t, 1), fv_find(&v, "parents[0].name"));
	/* 工作单位 only for those employed. */
	assert_int_equal(fv_find(&v, "parents[0].employer"), -1);
	assert_int_equal(forms_set_text(st, "parents[0].employed", "true", NULL), FORMS_OK);
	fv_rebuild(&v);
	assert_true(fv_find(&v, "parents[0].employer") >= 0);
	/* At most 2 rows: with two, no "add a row" line. */
	assert_int_equal(forms_row_add(st, "parents"), 1);
	fv_rebuild(&v);
	assert_int_equal(fv_find_add_row(&v, "parents"), -1);
	assert_string_equal(line_of(&v, "parents", 0, false), "  父母*              2 rows");
	fv_free(&v);
	forms_state_free(st);
	forms_schema_free(s);
}

static void test_problems_show_once_left(void **state)
{
	FormSchema *s = schema_file("birth-register.json");
	FormState *st = forms_state_new(s);
	FormView v;
	fv_init(&v, s, st);
	forms_set_text(st, "applicant.id_number", "110105194912310021", NULL);
	fv_rebuild(&v);
	/* A problem is not shown before the clerk leaves the field … */
	int i = fv_find(&v, "applicant.id_number");
	assert_non_null(fv_item_error(&v, &v.items[i]));
	assert_null(fv_shown_error(&v, &v.items[i]));
	assert_int_equal(v.items[i].nlines, 1);
	/* … then it is, with its mark and the expected check digit. */
	fv_show(&v, "applicant.id_number");
	fv_rebuild(&v);
	i = fv_find(&v, "applicant.id_number");
	assert_int_equal(v.items[i].nlines, 2);
	const char *l0 = line_of(&v, "applicant.id_number", 0, false);
	assert_string_equal(l0 + strlen(l0) - 1, "!");
	const char *l1 = line_of(&v, "applicant.id_number", 1, false);
	assert_non_null(strstr(l1, "! "));
	assert_non_null(strstr(l1, "X"));
	assert_int_equal(text_fit(l1, 18, NULL), strspn(l1, " "));
	/* Lines below moved down by one. */
	assert_int_equal(v.items[i + 1].line, v.items[i].line + 2);
	/* An empty required field left behind is not flagged yet … */
	fv_show(&v, "applicant.name");
	fv_rebuild(&v);
	i = fv_find(&v, "applicant.name");
	assert_non_null(fv_item_error(&v, &v.items[i]));
	assert_null(fv_shown_error(&v, &v.items[i]));
	/* … F10 shows all, the empty required ones too. */
	v.show_all = true;
	fv_rebuild(&v);
	assert_non_null(strstr(line_of(&v, "applicant.name", 1, false), "required"));
	assert_int_equal(fv_first_error(&v), fv_find(&v, "applicant.name"));
	assert_true(fv_count_errors(&v) >= 6);
	fv_free(&v);
	forms_state_free(st);
	forms_schema_free(s);
}

static void test_values_by_type(void **state)
{
	FormSchema *s = schema_file("company-setup.json");
	FormState *st = forms_state_new(s);
	prefill(st, "entity", "entity.json");
	prefill(st, "proof", "proofs.json");
	FormView v;
	fv_init(&v, s, st);
	/* Locked values from an authoritative source, a non-authoritative one. */
	const char *l = line_of(&v, "company.name", 0, false);
	assert_non_null(strstr(l, "上海一窗科技有限公司"));
	assert_string_equal(l + strlen(l) - strlen("\u25C6"), "\u25C6");
	l = line_of(&v, "company.si_months", 0, false);
	assert_string_equal(l + strlen(l) - strlen("\u25C7"), "\u25C7");
	assert_non_null(strstr(line_of(&v, "company.division", 0, false), "310104 上海市 徐汇区"));
	assert_non_null(strstr(line_of(&v, "company.capital", 0, false), "1000000.00 yuan"));
	/* Choices by label. */
	const char *vals[] = {"it", "food"};
	cJSON *arr = cJSON_CreateStringArray(vals, 2);
	assert_int_equal(forms_set_value(st, "company.industries", arr, NULL), FORMS_OK);
	cJSON_Delete(arr);
	fv_rebuild(&v);
	assert_non_null(strstr(line_of(&v, "company.industries", 0, false), "信息技术, 餐饮"));
	/* An override changes the mark; a revert locks again. */
	assert_int_equal(forms_override(st, "company.name", "上海一窗信息科技有限公司", "营业执照已变更", NULL), FORMS_OK);
	fv_rebuild(&v);
	l = line_of(&v, "company.name", 0, false);
	assert_string_equal(l + strlen(l) - strlen("\u25C8"), "\u25C8");
	FieldDetail d[16];
	int n = ff_details(&v, fv_find(&v, "company.name"), d, 16);
	bool reason = false, was = false;
	for (int k = 0; k < n; k++) {
		reason |= strcmp(d[k].value, "营业执照已变更") == 0;
		was |= strcmp(d[k].value, "上海一窗科技有限公司") == 0;
	}
	assert_true(reason && was);
	assert_int_equal(forms_revert(st, "company.name"), FORMS_OK);
	fv_rebuild(&v);
	assert_true(forms_locked(st, "company.name"));
	/* The detail line for narrow screens: mark, source, date, state. */
	char detail[512];
	ff_detail_line(&v, fv_find(&v, "company.uscc"), detail, sizeof detail);
	assert_non_null(strstr(detail, "\u25C6 [上海市法人库 2026-11-19]"));
	/* ASCII marks where the locale has no UTF-8. */
	glyph_set_ascii(true);
	l = line_of(&v, "company.name", 0, false);
	assert_string_equal(l + strlen(l) - 2, " L");
	glyph_set_ascii(false);
	fv_free(&v);
	forms_state_free(st);
	forms_schema_free(s);
}

static void test_narrow_never_splits_cjk(void **state)
{
	FormSchema *s = schema_file("birth-register.json");
	FormState *st = forms_state_new(s);
	prefill(st, "person", "person.json");
	FormView v;
	fv_init(&v, s, st);
	for (int width = 20; width <= 50; width++) {
		char *lines = all_lines(&v, width);
		for (char *l = strtok(lines, "\n"); l; l = strtok(NULL, "\n")) {
			assert_true(text_width(l) <= width);
			/* No replacement characters: nothing was cut mid-character. */
			assert_null(strstr(l, "\xEF\xBF\xBD"));
		}
		free(lines);
	}
	/* 30 columns: labels get 12, a long one ends in an ellipsis. */
	FormCols c;
	fv_cols(&v, 30, &c);
	assert_int_equal(c.label_w, 12);
	char line[512];
	fv_line_text(&v, fv_find(&v, "child.birth_weight"), 0, 30, false, line, sizeof line);
	assert_true(strncmp(line, "  出生体重（\u2026", strlen("  出生体重（\u2026")) == 0);
	fv_free(&v);
	forms_state_free(st);
	forms_schema_free(s);
}

static void test_checked_as_typed(void **state)
{
	FormSchema *s = schema_file("birth-register.json");
	const FormField *id = forms_field(s, "applicant.id_number");
	char msg[512];
	/* Too short so far: what the field takes, the same for every key. */
	assert_int_equal(ff_check_typed(id, id->key, "11010519491231002", msg, sizeof msg), TC_PENDING);
	assert_string_equal(msg, "身份证件号码: 18 characters (old numbers 15), checked as typed");
	char again[512];
	assert_int_equal(ff_check_typed(id, id->key, "1101051949", again, sizeof again), TC_PENDING);
	assert_string_equal(again, msg);
	assert_int_equal(ff_check_typed(id, id->key, "110105194912310021", msg, sizeof msg), TC_BAD);
	/* The failing rule and the expected check digit. */
	assert_non_null(strstr(msg, "身份证件号码: "));
	assert_non_null(strstr(msg, "X"));
	assert_int_equal(ff_check_typed(id, id->key, "11010519491231002x", msg, sizeof msg), TC_OK);
	assert_string_equal(msg, "");
	const FormField *date = forms_field(s, "child.birth_date");
	assert_int_equal(ff_check_typed(date, date->key, "2026-02-30", msg, sizeof msg), TC_BAD);
	const FormField *name = forms_field(s, "child.name");
	assert_int_equal(ff_check_typed(name, name->key, "张", msg, sizeof msg), TC_PENDING);
	assert_int_equal(ff_edit(name), FE_LINE);
	assert_int_equal(ff_edit(forms_field(s, "child.gender")), FE_CHOICE);
	assert_int_equal(ff_edit(forms_field(s, "child.multiple_birth")), FE_BOOL);
	assert_int_equal(ff_edit(forms_field(s, "parents")), FE_TABLE);
	assert_true(ff_has_list(forms_field(s, "applicant.household_division")));
	assert_false(ff_has_list(name));
	forms_schema_free(s);
}

static void test_divisions_and_search(void **state)
{
	int32_t codes[64];
	/* 34 provinces at the top. */
	assert_int_equal(division_children(0, codes, 64), 34);
	assert_int_equal(codes[0], 110000);
	/* A municipality lists its districts directly (市辖区 is no longer a
	 * current code). */
	int n = division_children(310000, codes, 64);
	bool xuhui = false;
	for (int i = 0; i < n; i++) {
		xuhui |= codes[i] == 310104;
		assert_true(codes[i] != 310100);
	}
	assert_true(xuhui);
	/* A province lists cities, a city its counties. */
	n = division_children(330000, codes, 64);
	assert_true(n >= 11);
	assert_int_equal(codes[0], 330100);
	n = division_children(330100, codes, 64);
	bool xihu = false;
	for (int i = 0; i < n; i++)
		xihu |= codes[i] == 330106;
	assert_true(xihu);
	assert_int_equal(division_children(310104, codes, 64), 0);
	/* By part of the name, by pinyin initials or in full, mixed. */
	PinyinQuery pq;
	bool start;
	assert_true(pinyin_query_init(&pq, "xh"));
	assert_true(pick_matches("徐汇区", "xh", &pq, &start));
	assert_true(start);
	assert_true(pinyin_query_init(&pq, "xuhui"));
	assert_true(pick_matches("徐汇区", "xuhui", &pq, NULL));
	assert_true(pick_matches("徐汇区", "汇", NULL, &start));
	assert_false(start);
	assert_true(pinyin_query_init(&pq, "zz"));
	assert_false(pick_matches("徐汇区", "zz", &pq, NULL));
	assert_true(pick_matches("徐汇区", "", NULL, NULL));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sections_and_aligned_labels),
		cmocka_unit_test(test_conditional_fields_come_and_go),
		cmocka_unit_test(test_table_rows_and_cells),
		cmocka_unit_test(test_problems_show_once_left),
		cmocka_unit_test(test_values_by_type),
		cmocka_unit_test(test_narrow_never_splits_cjk),
		cmocka_unit_test(test_checked_as_typed),
		cmocka_unit_test(test_divisions_and_search),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
