/* form_harness: test-only program: opens one form from a schema file in
 * curses, the way the intake flow will, so that the TUI driver can drive
 * the form screen without a server; on exit it prints what the form holds.
 * Never installed. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "client/app.h"
#include "client/i18n.h"
#include "client/keymap.h"
#include "client/loop.h"
#include "common/xalloc.h"
#include "forms/forms.h"
#include "screens/bars.h"
#include "screens/draw.h"
#include "screens/keyin.h"
#include "screens/screen_form.h"
#include "screens/screens.h"

#include <cjson/cJSON.h>
#include <curses.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

/* Usage: form-harness SCHEMA.json [--today YYYY-MM-DD]
 *        [--prefill SOURCE FILE.json]… [--keymap NAME]
 * Exit 0: F10 with a valid form; 3: F3 (back); 4: quit (C-q).
 * Printed after the terminal is restored: "value KEY = JSON" for each
 * submitted value, "override KEY: REASON", and "changes N last KEY" (the
 * change listener's count and last key). */

static int exit_code = 4;
static bool leaving;     /* the loop ended: the form's last answer is not news */
static int changes;
static char last_change[256] = "-";

/* Read a whole file; NULL when it cannot be read. */
static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	char *buf = NULL;
	size_t n = 0, cap = 0, got;
	do {
		if (n + 4096 > cap) {
			cap = (cap ? cap * 2 : 8192);
			buf = xrealloc(buf, cap + 1);
		}
		got = fread(buf + n, 1, cap - n, f);
		n += got;
	} while (got > 0);
	fclose(f);
	buf[n] = '\0';
	*len = n;
	return buf;
}

/* Keys after Escape handling and normalizing (screens/keyin.c). */
static void deliver(int key, bool fn)
{
	sm_key(key, fn);
}

static void on_idle(void *ud)
{
	sm_flush();
}

static void on_term(int sig, void *ud)
{
	loop_quit(1);
}

/* The form answered: leave the loop with the answer as exit code. */
static void form_done(bool submitted, void *ud)
{
	if (leaving)
		return;
	exit_code = submitted ? 0 : 3;
	loop_quit(exit_code);
}

static void form_changed(const char *key, void *ud)
{
	changes++;
	snprintf(last_change, sizeof last_change, "%s", key);
}

/* Help, redraw and quit, as the client's global handler does them. */
static bool global(Action a)
{
	Screen *top = sm_top();
	if (a == ACT_HELP && top && strcmp(top->ops->name, "help") != 0) {
		sm_push(screen_help_new(top));
		return true;
	}
	if (a == ACT_REDRAW) {
		clearok(curscr, TRUE);
		sm_notify(DRAW_ALL);
		return true;
	}
	if (a == ACT_QUIT) {
		loop_quit(4);
		return true;
	}
	return false;
}

/* The model changed (the message line): mark what to draw. */
static void on_model(unsigned what, void *ud)
{
	sm_notify(what);
}

static void warn(const char *msg, void *ud)
{
	fprintf(stderr, "form-harness: %s\n", msg);
}

/* What the form holds, one line each, for the scenario to read. */
static void report(FormState *st)
{
	cJSON *cf = forms_case_form(st);
	const cJSON *v;
	cJSON_ArrayForEach(v, cJSON_GetObjectItemCaseSensitive(cf, "values")) {
		char *j = cJSON_PrintUnformatted(v);
		printf("value %s = %s\n", v->string, j);
		free(j);
	}
	cJSON_Delete(cf);
	cJSON *ov = forms_overrides_json(st);
	cJSON_ArrayForEach(v, ov) {
		const cJSON *f = cJSON_GetObjectItemCaseSensitive(v, "field");
		const cJSON *r = cJSON_GetObjectItemCaseSensitive(v, "reason");
		printf("override %s: %s\n", cJSON_IsString(f) ? f->valuestring : "?", cJSON_IsString(r) ? r->valuestring : "?");
	}
	cJSON_Delete(ov);
	printf("changes %d last %s\nexit %d\n", changes, last_change, exit_code);
}

int main(int argc, char **argv)
{
	i18n_init(argv[0]);
	if (argc < 2) {
		fprintf(stderr, "usage: form-harness SCHEMA.json [--today YMD] [--prefill SOURCE FILE]... [--keymap NAME]\n");
		return 2;
	}
	size_t len;
	char *json = slurp(argv[1], &len);
	FormsErrors errs;
	forms_errors_init(&errs);
	FormSchema *schema = json ? forms_schema_parse(json, len, &errs) : NULL;
	free(json);
	if (!schema) {
		fprintf(stderr, "form-harness: %s: not a form schema (%zu problems)\n", argv[1], errs.n);
		return 2;
	}
	forms_errors_free(&errs);
	FormState *st = forms_state_new(schema);
	const char *keymap = "default";
	for (int i = 2; i < argc; i++) {
		if (strcmp(argv[i], "--today") == 0 && i + 1 < argc) {
			forms_state_set_today(st, argv[++i]);
		} else if (strcmp(argv[i], "--keymap") == 0 && i + 1 < argc) {
			keymap = argv[++i];
		} else if (strcmp(argv[i], "--prefill") == 0 && i + 2 < argc) {
			char *doc = slurp(argv[i + 2], &len);
			cJSON *j = doc ? cJSON_Parse(doc) : NULL;
			if (!j || forms_prefill(st, argv[i + 1], j) < 0)
				fprintf(stderr, "form-harness: cannot prefill from %s\n", argv[i + 2]);
			cJSON_Delete(j);
			free(doc);
			i += 2;
		} else {
			fprintf(stderr, "form-harness: unknown argument %s\n", argv[i]);
			return 2;
		}
	}
	keymap_setup(keymap, NULL, warn, NULL);
	loop_init();

	SCREEN *term = newterm(NULL, stdout, stdin);
	if (!term) {
		fprintf(stderr, "form-harness: cannot use this terminal\n");
		return 2;
	}
	set_term(term);
	set_escdelay(KEYIN_ESC_MS);
	raw();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	leaveok(stdscr, TRUE);
	draw_init(true);
	refresh();
	keyin_start(deliver);
	loop_on_signal(SIGTERM, on_term, NULL);
	loop_on_signal(SIGHUP, on_term, NULL);
	loop_set_idle(on_idle, NULL);
	app_set_listener(on_model, NULL);

	sm_init();
	sm_set_global(global);
	sm_resize(LINES, COLS);
	screen_form_on_change(form_changed, NULL);
	screen_form_open(schema, st, form_done, NULL);
	loop_run();
	leaving = true;

	loop_set_idle(NULL, NULL);
	app_set_listener(NULL, NULL);
	keyin_stop();
	sm_shutdown();
	endwin();
	delscreen(term);
	report(st);
	forms_state_free(st);
	forms_schema_free(schema);
	keymap_clear();
	free(app.message);
	return exit_code;
}
