/* test_intake_receipt: the promised date counted in working days (weekends,
 * holidays, make-up days), the QR code in half blocks, the receipt text
 * (masked identifier, password, materials), the saved file and lpr. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "client/app.h"
#include "client/config.h"
#include "client/intake.h"
#include "client/loop.h"
#include "client/receipt.h"
#include "tests/unit/client/intake_fixtures.h"

static void test_workdays(void **state)
{
	char out[11];
	/* Monday + 10 working days: two weeks later. */
	workdays_add(2026, 11, 23, 10, NULL, 0, NULL, 0, out);
	assert_string_equal(out, "2026-12-07");
	/* Friday + 1: Monday. Saturday + 1: Monday. */
	workdays_add(2026, 11, 27, 1, NULL, 0, NULL, 0, out);
	assert_string_equal(out, "2026-11-30");
	workdays_add(2026, 11, 28, 1, NULL, 0, NULL, 0, out);
	assert_string_equal(out, "2026-11-30");
	/* 0: the day itself (即办). */
	workdays_add(2026, 11, 28, 0, NULL, 0, NULL, 0, out);
	assert_string_equal(out, "2026-11-28");
	/* Leap day and the year's end. */
	workdays_add(2028, 2, 28, 1, NULL, 0, NULL, 0, out);
	assert_string_equal(out, "2028-02-29");
	workdays_add(2026, 12, 31, 1, NULL, 0, NULL, 0, out);
	assert_string_equal(out, "2027-01-01");
	/* 2025 National Day: 10-01..10-08 off, Sunday 09-28 and Saturday
	 * 10-11 worked (State Council notice of 2024-11-12). */
	const char *hol[] = {"2025-10-01", "2025-10-02", "2025-10-03", "2025-10-04",
			     "2025-10-05", "2025-10-06", "2025-10-07", "2025-10-08"};
	const char *work[] = {"2025-09-28", "2025-10-11"};
	workdays_add(2025, 9, 30, 1, hol, 8, work, 2, out);
	assert_string_equal(out, "2025-10-09");
	workdays_add(2025, 9, 26, 1, hol, 8, work, 2, out);
	assert_string_equal(out, "2025-09-28");
	workdays_add(2025, 9, 30, 3, hol, 8, work, 2, out);
	assert_string_equal(out, "2025-10-11");
	/* Without the lists the same days count as usual. */
	workdays_add(2025, 9, 30, 1, NULL, 0, NULL, 0, out);
	assert_string_equal(out, "2025-10-01");
}

static void test_qr(void **state)
{
	char **lines;
	int w;
	int n = receipt_qr("310104-20261123-000017", true, &lines, &w);
	assert_true(n > 10);
	assert_int_equal(n, (w + 1) / 2);
	/* Version 2 (25 modules) for this length at level M, 2 of quiet zone. */
	assert_int_equal(w, 25 + 4);
	/* The first line is quiet zone only: nothing drawn on paper. */
	for (const char *p = lines[0]; *p; p++)
		assert_int_equal(*p, ' ');
	/* Line 1 holds module rows 0 and 1 of the top-left finder: row 0 is
	 * dark across, row 1 dark at its ends only. */
	char want[64];
	snprintf(want, sizeof want, "  %s%s", "\u2588", "\u2580\u2580\u2580\u2580\u2580\u2588");
	assert_memory_equal(lines[1], want, strlen(want));
	receipt_lines_free(lines, n);
	/* The light-on-dark form draws the other modules. */
	n = receipt_qr("310104-20261123-000017", false, &lines, &w);
	assert_memory_equal(lines[0], "\u2588\u2588", 6);
	snprintf(want, sizeof want, "%s%s%s", "\u2588\u2588", " ", "\u2584\u2584\u2584\u2584\u2584 ");
	assert_memory_equal(lines[1], want, strlen(want));
	receipt_lines_free(lines, n);
	assert_int_equal(receipt_qr("", true, &lines, &w), 0);
}

/* An intake with an accepted case. */
static Intake *accepted(const char *created)
{
	Intake *in = intake_start(FX_ID);
	assert_true(fx_choose(in));
	forms_set_text(in->form, "applicant.name", "王小明", NULL);
	intake_mat_toggle(in, 0, NULL);         /* 申请人有效身份证件 received */
	const char *why = NULL;
	for (size_t i = 0; i < in->n_mat; i++)
		if (in->mat[i].req == MR_DEFERRABLE)
			assert_true(intake_mat_defer(in, i, &why));
	in->sub.state = SUB_DONE;
	in->sub.created = cJSON_Parse(created);
	return in;
}

static void test_text(void **state)
{
	Intake *in = accepted("{\"number\":\"310104-20261123-000017\",\"query_password\":\"K7M2P9\","
			      "\"created_at\":\"2026-11-23T02:15:00Z\",\"due_on\":\"2026-12-09\","
			      "\"applicant\":{\"name\":\"王小明\"}}");
	char *t = receipt_text(in, 0);
	assert_non_null(t);
	assert_non_null(strstr(t, "310104-20261123-000017"));
	assert_non_null(strstr(t, "K7M2P9"));
	assert_non_null(strstr(t, "2026-12-09"));             /* the server's date wins */
	assert_non_null(strstr(t, "王小明"));
	assert_null(strstr(t, FX_ID));                        /* never the whole number */
	char masked[40];
	id_mask(FX_ID, masked, sizeof masked);
	assert_non_null(strstr(t, masked));
	assert_non_null(strstr(t, "申请人有效身份证件"));
	assert_non_null(strstr(t, "劳动合同"));                /* deferred */
	assert_non_null(strstr(t, "\u2588"));                  /* the code */
	free(t);
	/* Without the server's date: 10 working days after acceptance. */
	cJSON_DeleteItemFromObject(in->sub.created, "due_on");
	char due[11];
	receipt_due_date(in, 1795400100 /* 2026-11-23 UTC */, due);
	assert_string_equal(due, "2026-12-07");
	intake_end();
	/* No case: no receipt. */
	in = intake_start(FX_ID);
	assert_null(receipt_text(in, 0));
	intake_end();
}

static void test_notice(void **state)
{
	Intake *in = accepted("{\"number\":\"N\"}");
	char *t = intake_notice_text(in, 1795400100);
	/* Everything that blocks is listed with its copies; the deferred too;
	 * what is not needed is not. */
	assert_non_null(strstr(t, "数码照片回执"));
	assert_non_null(strstr(t, "照相馆拍摄"));
	assert_non_null(strstr(t, "居民户口簿"));
	assert_non_null(strstr(t, "劳动合同"));
	assert_null(strstr(t, "授权委托书"));
	assert_null(strstr(t, "在读证明"));
	assert_null(strstr(t, "申请人有效身份证件 ("));       /* received: not missing */
	assert_non_null(strstr(t, "12345"));
	free(t);
	intake_end();
}

static char tmpdir[256];

static void test_save(void **state)
{
	snprintf(tmpdir, sizeof tmpdir, "/tmp/yc-receipt-XXXXXX");
	assert_non_null(mkdtemp(tmpdir));
	setenv("XDG_DATA_HOME", tmpdir, 1);
	char *err = NULL;
	char *path = receipt_save("receipts", "310104-20261123-000017", "回执\n", &err);
	assert_non_null(path);
	char want[512];
	snprintf(want, sizeof want, "%s/yichuang/receipts/310104-20261123-000017.txt", tmpdir);
	assert_string_equal(path, want);
	struct stat st;
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	snprintf(want, sizeof want, "%s/yichuang/receipts", tmpdir);
	assert_int_equal(stat(want, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0700);
	FILE *f = fopen(path, "r");
	char buf[64] = "";
	assert_non_null(fgets(buf, sizeof buf, f));
	fclose(f);
	assert_string_equal(buf, "回执\n");
	/* A hostile name stays inside the folder. */
	char *p2 = receipt_save("receipts", "../../x", "y", &err);
	assert_non_null(p2);
	assert_null(strstr(p2, "/../"));
	free(p2);
	free(path);
	/* A folder that cannot be made: an error, no crash. */
	setenv("XDG_DATA_HOME", "/proc/nonexistent", 1);
	assert_null(receipt_save("receipts", "n", "t", &err));
	assert_non_null(err);
	free(err);
}

static int printed;
static bool print_ok;

static void on_printed(bool ok, const char *msg, void *ud)
{
	printed++;
	print_ok = ok;
	loop_quit(0);
}

static void on_timeout(void *ud)
{
	loop_quit(99);
}

static void test_print(void **state)
{
	loop_init();
	char bin[512], script[1024], out[600], path[600];
	snprintf(bin, sizeof bin, "%s/bin", tmpdir);
	mkdir(bin, 0700);
	snprintf(out, sizeof out, "%s/printed", tmpdir);
	snprintf(script, sizeof script, "%s/lpr", bin);
	FILE *f = fopen(script, "w");
	fprintf(f, "#!/bin/sh\necho \"$*\" > '%s.args'\ncat > '%s'\n[ \"$2\" = broken ] && exit 3\nexit 0\n", out, out);
	fclose(f);
	chmod(script, 0700);
	char *oldpath = strdup(getenv("PATH"));
	char newpath[2048];
	snprintf(newpath, sizeof newpath, "%s:%s", bin, oldpath);
	setenv("PATH", newpath, 1);
	snprintf(path, sizeof path, "%s/doc.txt", tmpdir);
	f = fopen(path, "w");
	fputs("受理回执 text\n", f);
	fclose(f);
	char *err = NULL;
	assert_true(receipt_print("counter01", path, on_printed, NULL, &err));
	unsigned t = loop_timer_add(5000, on_timeout, NULL);
	assert_int_equal(loop_run(), 0);
	loop_timer_cancel(t);
	assert_int_equal(printed, 1);
	assert_true(print_ok);
	char buf[1024] = "";
	f = fopen(out, "r");
	assert_non_null(fgets(buf, sizeof buf, f));
	fclose(f);
	assert_string_equal(buf, "受理回执 text\n");
	snprintf(buf, sizeof buf, "%s.args", out);
	f = fopen(buf, "r");
	assert_non_null(fgets(buf, sizeof buf, f));
	fclose(f);
	assert_string_equal(buf, "-P counter01\n");
	/* lpr failing is reported. */
	assert_true(receipt_print("broken", path, on_printed, NULL, &err));
	t = loop_timer_add(5000, on_timeout, NULL);
	assert_int_equal(loop_run(), 0);
	loop_timer_cancel(t);
	assert_int_equal(printed, 2);
	assert_false(print_ok);
	setenv("PATH", oldpath, 1);
	free(oldpath);
}

static int warnings;

static void on_warn(const char *msg, void *ud)
{
	warnings++;
}

/* The printer key: a queue name, default, empty for none, bad names refused. */
static void test_printer_config(void **state)
{
	char path[512];
	snprintf(path, sizeof path, "%s/config", tmpdir);
	FILE *f = fopen(path, "w");
	fputs("printer = counter-01.hall@cups\n", f);
	fclose(f);
	Config c;
	warnings = 0;
	assert_int_equal(config_load(&c, path, on_warn, NULL), 0);
	assert_string_equal(c.printer, "counter-01.hall@cups");
	assert_int_equal(warnings, 0);
	config_free(&c);
	f = fopen(path, "w");
	fputs("printer = default\nprinter = -Pevil\nprinter = a b\nprinter = x;rm\n", f);
	fclose(f);
	assert_int_equal(config_load(&c, path, on_warn, NULL), 0);
	assert_string_equal(c.printer, "default");
	assert_int_equal(warnings, 3);
	config_free(&c);
	f = fopen(path, "w");
	fputs("printer = p1\nprinter =\n", f);
	fclose(f);
	assert_int_equal(config_load(&c, path, on_warn, NULL), 0);
	assert_null(c.printer);
	config_free(&c);
	/* Unset by default. */
	unlink(path);
	assert_int_equal(config_load(&c, path, on_warn, NULL), 0);
	assert_null(c.printer);
	config_free(&c);
}

int main(void)
{
	setenv("TZ", "UTC", 1);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_workdays),
		cmocka_unit_test(test_qr),
		cmocka_unit_test(test_text),
		cmocka_unit_test(test_notice),
		cmocka_unit_test(test_save),
		cmocka_unit_test(test_print),
		cmocka_unit_test(test_printer_config),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
