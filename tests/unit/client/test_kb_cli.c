/* test_kb_cli: "yichuang kb search": offline against the local store (text
 * and JSON, exit status), and with a server: a session from
 * password_command, the sync, then the search; a dead server leaves the
 * local search working. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <fcntl.h>

#include "tests/unit/client/kb_fixtures.h"
#include "tests/unit/client/tinyhttp.h"
#include "client/api.h"
#include "client/app.h"
#include "client/cli.h"
#include "client/loop.h"
#include "client/secret.h"
#include "common/jsonx.h"

static const FxArticle arts[] = {
	{"kb-1", "居住证办理指南", "guide", "来沪人员办理居住证的条件。", NULL, 1, "2025-01-01T00:00:00Z"},
	{"kb-2", "招商银行社保卡", "faq", "社保卡可在银行网点激活。", NULL, 1, "2025-01-02T00:00:00Z"},
};

static char out_path[128];

static int setup(void **state)
{
	if (fx_mkdir() != 0)
		return -1;
	setenv("XDG_DATA_HOME", fx_dir, 1);
	setenv("XDG_CONFIG_HOME", fx_dir, 1);
	unsetenv("DBUS_SESSION_BUS_ADDRESS"); /* no keyring: password_command */
	snprintf(out_path, sizeof out_path, "%s/out.txt", fx_dir);
	loop_init();
	free(app.server);
	free(app.cfg.username);
	free(app.cfg.password_command);
	app.server = strdup("http://127.0.0.1:1");
	app.cfg.username = strdup("clerk01");
	app.cfg.password_command = NULL;
	app.cfg.color = false;
	return 0;
}

static int teardown(void **state)
{
	fx_rmdir();
	return 0;
}

/* Put the articles in the store of (app.server, clerk01). */
static void seed(void)
{
	Store *st = store_open(app.server, "clerk01", NULL, NULL);
	Kb *kb = kb_open(st, NULL);
	long seq = 0;
	cJSON *p = fx_page(arts, 2, NULL, &seq, NULL);
	assert_true(kb_apply_page(kb, p, NULL, NULL));
	cJSON_Delete(p);
	kb_close(kb);
	store_close(st);
}

/* Run cli_kb with its standard output in a file; its text in buf. */
static int run(char *buf, size_t bufsz, int argc, const char **argv)
{
	fflush(stdout);
	int saved = dup(1);
	int fd = open(out_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	dup2(fd, 1);
	close(fd);
	int rc = cli_kb(argc, (char **)argv);
	fflush(stdout);
	dup2(saved, 1);
	close(saved);
	FILE *f = fopen(out_path, "r");
	size_t n = fread(buf, 1, bufsz - 1, f);
	buf[n] = '\0';
	fclose(f);
	return rc;
}

static void test_offline_text_and_json(void **state)
{
	seed();
	char buf[8192];
	const char *a1[] = {"kb", "search", "jzz", "--offline"};
	assert_int_equal(run(buf, sizeof buf, 4, a1), 0);
	assert_non_null(strstr(buf, "居住证办理指南  [kb-1]"));
	assert_null(strstr(buf, "kb-2"));
	/* Terms in two arguments; JSON for scripts. */
	const char *a2[] = {"kb", "--offline", "search", "社保", "yh", "--json"};
	assert_int_equal(run(buf, sizeof buf, 6, a2), 0);
	cJSON *j = cJSON_Parse(buf);
	assert_non_null(j);
	assert_string_equal(json_str(j, "query", ""), "社保 yh");
	assert_false(json_bool(j, "synced", true));
	cJSON *items = json_arr(j, "items");
	assert_int_equal(cJSON_GetArraySize(items), 1);
	cJSON *h = cJSON_GetArrayItem(items, 0);
	assert_string_equal(json_str(h, "id", ""), "kb-2");
	cJSON *hl = json_arr(h, "title_highlights");
	assert_int_equal(cJSON_GetArraySize(hl), 1); /* 银行 and 社保, side by side: one run */
	assert_int_equal(cJSON_GetArrayItem(cJSON_GetArrayItem(hl, 0), 0)->valueint, strlen("招商"));
	assert_int_equal(cJSON_GetArrayItem(cJSON_GetArrayItem(hl, 0), 1)->valueint, strlen("银行社保"));
	cJSON_Delete(j);
	/* Nothing found: exit 1. A bad command line: 2. */
	const char *a3[] = {"kb", "search", "鑫", "--offline"};
	assert_int_equal(run(buf, sizeof buf, 4, a3), 1);
	const char *a4[] = {"kb", "find", "x"};
	assert_int_equal(run(buf, sizeof buf, 3, a4), 2);
}

static void handler(int fd, const THReq *r, void *ud)
{
	if (strcmp(r->path, "/v1/auth/login") == 0) {
		bool ok = strstr(r->body, "\"password\":\"demo\"") != NULL;
		if (ok)
			th_reply(fd, 200, "application/json", "",
				 "{\"access_token\":\"acc\",\"refresh_token\":\"ref\",\"token_type\":\"Bearer\",\"expires_in\":900}");
		else
			th_reply(fd, 401, "application/problem+json", "", "{\"type\":\"/problems/bad-credentials\",\"title\":\"Wrong\",\"status\":401}");
		return;
	}
	char auth[128];
	if (strncmp(r->path, "/v1/kb/changes?since=0&", 23) != 0 || strcmp(th_header(r, "Authorization", auth, sizeof auth), "Bearer acc") != 0) {
		th_reply(fd, 401, "application/problem+json", "", "{\"type\":\"/problems/unauthorized\",\"title\":\"No\",\"status\":401}");
		return;
	}
	long seq = 0;
	cJSON *p = fx_page(arts, 2, NULL, &seq, NULL);
	char *body = cJSON_PrintUnformatted(p);
	th_reply(fd, 200, "application/json", "", body);
	free(body);
	cJSON_Delete(p);
}

static void test_sync_first_with_password_command(void **state)
{
	int port = th_start(handler, NULL);
	free(app.server);
	char base[64];
	snprintf(base, sizeof base, "http://127.0.0.1:%d", port);
	app.server = strdup(base);
	app.cfg.password_command = strdup("echo demo");
	ApiOptions o = {.timeout_ms = 5000, .connect_timeout_ms = 2000};
	api_init(base, &o);
	char buf[8192];
	const char *a1[] = {"kb", "search", "居住证", "--json"};
	assert_int_equal(run(buf, sizeof buf, 4, a1), 0);
	cJSON *j = cJSON_Parse(buf);
	assert_non_null(j);
	assert_true(json_bool(j, "synced", false));
	assert_string_equal(json_str(cJSON_GetArrayItem(json_arr(j, "items"), 0), "id", ""), "kb-1");
	cJSON_Delete(j);
	assert_int_equal(th_count("/v1/auth/login"), 1);
	api_shutdown();
	th_stop();
	/* The server gone: the copy is searched all the same. */
	api_init(base, &o);
	const char *a2[] = {"kb", "search", "社保卡"};
	assert_int_equal(run(buf, sizeof buf, 3, a2), 0);
	assert_non_null(strstr(buf, "[kb-2]"));
	api_shutdown();
	secret_flush(1000);
	free(app.cfg.password_command);
	app.cfg.password_command = NULL;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_offline_text_and_json, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sync_first_with_password_command, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
