/* autosave: the draft benchmark: the time to make one committed field
 * change durable (intake_draft_save: the whole draft written in one
 * transaction with synchronous=FULL) over the 居住证 form of the catalog,
 * filled as at the counter; prints "MEASURE name value" lines. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "client/app.h"
#include "client/intake.h"
#include "client/intake_draft.h"
#include "client/local.h"
#include "client/loop.h"
#include "common/jsonx.h"
#include "common/readall.h"
#include "common/xalloc.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int cmp_d(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

/* The values a clerk has in the form by the time of the last fields. */
static const char *const filled[][2] = {
	{"applicant.name", "田薇馨"}, {"applicant.id_number", "330106199605297400"}, {"applicant.gender", "female"},
	{"applicant.birth_date", "1996-05-29"}, {"applicant.ethnicity", "汉族"},
	{"applicant.household_address", "浙江省杭州市西湖区光明路126号15栋1401室"},
	{"applicant.household_division", "330106"}, {"applicant.phone", "15963446935"},
	{"applicant.address", "上海市徐汇区天钥桥路571弄8号304室"}, {"residence.registered_on", "2024-04-23"},
};

int main(int argc, char **argv)
{
	const char *catalog = "data/catalog/matters/310104-000112-001.json";
	const char *dir = NULL;
	int n = 500, c;
	while ((c = getopt(argc, argv, "c:d:n:")) != -1) {
		if (c == 'c')
			catalog = optarg;
		else if (c == 'd')
			dir = optarg;
		else if (c == 'n')
			n = atoi(optarg);
		else {
			fprintf(stderr, "usage: autosave -d DATA_DIR [-c MATTER.json] [-n SAVES]\n");
			return 2;
		}
	}
	if (!dir || n < 10) {
		fprintf(stderr, "usage: autosave -d DATA_DIR [-c MATTER.json] [-n SAVES]\n");
		return 2;
	}
	mkdir(dir, 0700);
	setenv("XDG_DATA_HOME", dir, 1);
	loop_init();
	app.cfg.server = xstrdup("http://127.0.0.1:9");
	app.cfg.username = xstrdup("clerk01");

	size_t len;
	char *text = read_file(catalog, 0, &len);
	cJSON *doc = text ? cJSON_Parse(text) : NULL;
	if (!doc) {
		fprintf(stderr, "autosave: cannot read %s\n", catalog);
		return 1;
	}
	char *form = json_print(json_obj(doc, "form"));
	cJSON **guides = xcalloc(1, sizeof *guides);
	guides[0] = cJSON_Duplicate(json_obj(doc, "matter"), 1);
	FormSchema **parts = xcalloc(1, sizeof *parts);
	parts[0] = forms_schema_parse(form, strlen(form), NULL);
	Intake *in = intake_start("330106199605297400");
	if (!parts[0] || !intake_set_choice(in, NULL, json_str(guides[0], "name", "?"), guides, 1, parts, 1)) {
		fprintf(stderr, "autosave: the form does not load\n");
		return 1;
	}
	for (size_t i = 0; i < sizeof filled / sizeof filled[0]; i++)
		forms_set_text(in->form, filled[i][0], filled[i][1], NULL);

	double *ms = xcalloc((size_t)n, sizeof *ms);
	char value[64];
	for (int i = 0; i < n; i++) {
		/* One field changed, as the clerk commits it, then the save. */
		snprintf(value, sizeof value, "%s%d", i % 2 ? "上海市某某公司" : "某某学校", i);
		forms_set_text(in->form, i % 2 ? "permit.employer" : "permit.school", value, NULL);
		double t0 = now_ms();
		if (!intake_draft_save(in, "form", i % 2 ? "permit.employer" : "permit.school")) {
			fprintf(stderr, "autosave: save %d failed: %s\n", i, in->draft_error ? in->draft_error : "?");
			return 1;
		}
		ms[i] = now_ms() - t0;
	}
	qsort(ms, (size_t)n, sizeof *ms, cmp_d);
	Draft *d = intake_draft_make(in, "form", NULL);
	cJSON *dj = draft_to_json(d);
	char *dtext = json_print(dj);
	printf("MEASURE autosave_ms_median %.3f\n", ms[n / 2]);
	printf("MEASURE autosave_ms_p99 %.3f\n", ms[(n * 99) / 100]);
	printf("MEASURE autosave_ms_max %.3f\n", ms[n - 1]);
	printf("MEASURE autosave_saves %d\n", n);
	printf("MEASURE draft_bytes %zu\n", strlen(dtext));
	printf("MEASURE store_wal %d\n", store_is_wal(local_store()));
	free(dtext);
	cJSON_Delete(dj);
	draft_free(d);
	free(ms);
	intake_end();
	local_close();
	cJSON_Delete(doc);
	free(form);
	free(text);
	return 0;
}
