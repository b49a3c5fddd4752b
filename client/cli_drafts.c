/* cli_drafts: yichuang drafts list [--json] | export ID [FILE] | import
 * FILE: the drafts of the local store without a screen or a server. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "client/cli.h"
#include "client/app.h"
#include "client/drafts.h"
#include "client/i18n.h"
#include "client/local.h"
#include "common/text.h"
#include "common/xalloc.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int usage(void)
{
	fprintf(stderr, "%s", _("Usage: yichuang drafts list [--json]\n"
				"       yichuang drafts export ID [FILE]\n"
				"       yichuang drafts import FILE\n"));
	return 2;
}

/* The store, or NULL having said why. */
static Store *store(void)
{
	Store *s = local_store();
	if (!s)
		fprintf(stderr, "yichuang: %s\n", local_error() ? local_error() : "?");
	return s;
}

/* s padded with spaces to cols display columns (cut when longer). */
static void cell(const char *s, int cols)
{
	char *c = text_clean(s, TEXT_ONE_LINE);
	int w = 0;
	size_t fit = text_fit(c, cols - 1, &w);
	printf("%.*s", (int)fit, c);
	for (; w < cols; w++)
		putchar(' ');
	free(c);
}

/* The state in words; attention with the server's reason. */
static char *state_text(const Draft *d)
{
	if (d->state == DRAFT_ATTENTION && d->message)
		return xasprintf(_("needs attention: %s"), d->message);
	if (d->state == DRAFT_SUBMITTED && d->case_number)
		return xasprintf(_("submitted: %s"), d->case_number);
	return xstrdup(draft_state_name(d->state));
}

static int list(bool json)
{
	Store *s = store();
	if (!s)
		return 2;
	size_t n;
	Draft **v = drafts_list(s, &n);
	if (!v && store_last_error(s) != STORE_OK) {
		fprintf(stderr, "yichuang: %s\n", store_last_message(s));
		return 2;
	}
	if (json) {
		cJSON *a = cJSON_CreateArray();
		for (size_t i = 0; i < n; i++)
			cJSON_AddItemToArray(a, draft_to_json(v[i]));
		char *t = cJSON_Print(a);
		puts(t);
		free(t);
		cJSON_Delete(a);
	} else if (n == 0) {
		printf("%s\n", _("No drafts."));
	} else {
		cell(_("ID"), 14);
		cell(_("STATE"), 18);
		cell(_("CHANGED"), 17);
		cell(_("APPLICANT"), 30);
		printf("%s\n", _("MATTER"));
		for (size_t i = 0; i < n; i++) {
			char when[32], who[128];
			drafts_when_text(v[i]->updated_at, true, when, sizeof when);
			drafts_masked_who(v[i], who, sizeof who);
			char *st = state_text(v[i]);
			cell(v[i]->id, 14);
			cell(draft_state_name(v[i]->state), 18);
			cell(when, 17);
			cell(who, 30);
			char *title = text_clean(v[i]->title, TEXT_ONE_LINE);
			printf("%s\n", title);
			free(title);
			if (v[i]->state == DRAFT_ATTENTION || v[i]->state == DRAFT_SUBMITTED)
				printf("%14s%s\n", "", st);
			free(st);
		}
	}
	drafts_list_free(v, n);
	return 0;
}

static int export(const char *id, const char *file)
{
	Store *s = store();
	if (!s)
		return 2;
	Draft *d = drafts_get(s, id);
	if (!d) {
		fprintf(stderr, _("yichuang: no draft %s (yichuang drafts list shows them)\n"), id);
		return 1;
	}
	int rc = 0;
	if (!file || strcmp(file, "-") == 0) {
		char *t = drafts_export_text(d);
		fputs(t, stdout);
		free(t);
		rc = fflush(stdout) == 0 ? 0 : 2;
	} else {
		char *err = NULL, *path = drafts_export_file(d, file, &err);
		if (path)
			fprintf(stderr, _("Draft %s exported to %s\n"), d->id, path);
		else
			fprintf(stderr, "yichuang: %s\n", err);
		rc = path ? 0 : 2;
		free(path);
		free(err);
	}
	draft_free(d);
	return rc;
}

static int import(const char *file)
{
	Store *s = store();
	if (!s)
		return 2;
	char *err = NULL;
	Draft *d = drafts_import_file(s, file, &err);
	if (!d) {
		fprintf(stderr, "yichuang: %s\n", err ? err : "?");
		free(err);
		return 1;
	}
	printf("%s\n", d->id);
	draft_free(d);
	return 0;
}

/* 0 done, 1 a draft that is not there or a file that is not a draft, 2
 * usage or the store failing. */
int cli_drafts(int argc, char **argv)
{
	static const struct option opts[] = {{"json", no_argument, NULL, 'j'}, {NULL, 0, NULL, 0}};
	bool json = false;
	int c;
	optind = 0; /* a full restart of getopt: main's parse left its state */
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'j')
			json = true;
		else
			return usage();
	}
	int rest = argc - optind;
	const char *cmd = rest > 0 ? argv[optind] : "list";
	if (strcmp(cmd, "list") == 0 && rest <= 1)
		return list(json);
	if (strcmp(cmd, "export") == 0 && (rest == 2 || rest == 3) && !json)
		return export(argv[optind + 1], rest == 3 ? argv[optind + 2] : NULL);
	if (strcmp(cmd, "import") == 0 && rest == 2 && !json)
		return import(argv[optind + 1]);
	return usage();
}
