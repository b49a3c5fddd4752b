/* kb_search: the knowledge-base benchmark: a full sync of the local index
 * from yichuangd (or from a file of change pages), its size, then the
 * latency of every key press of realistic queries (each prefix searched
 * as typed) and the peak memory of a process that only searches. Prints
 * "MEASURE name value" lines for bench/run.sh. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "client/api.h"
#include "client/kb.h"
#include "client/loop.h"
#include "client/store.h"
#include "common/jsonx.h"
#include "common/xalloc.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* What a clerk types: Chinese a character at a time (as the IME commits
 * it), pinyin a letter at a time. Every prefix is one key press. */
static const char *const queries[] = {
	"居住证", "居住证办理", "社保", "社保卡补办", "医保", "异地就医备案", "住房公积金提取", "公积金贷款",
	"营业执照", "个体工商户", "出生医学证明", "户口迁移", "最低生活保障", "港澳通行证签注", "失业保险金",
	"不动产登记", "婚姻登记预约", "新生儿医保", "积分落户", "一网通办", "电子证照", "容缺受理",
	"证", "办", "税", "退休", "养老金", "12345",
	"jzz", "sbk", "yh", "gjj", "yidijiuyi", "shebao", "jzzbl", "hukou",
	"社保 zm", "居住证 材料", "公积金 tq", "医保 异地",
};

/* Monotonic milliseconds. */
static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* Ascending doubles. */
static int cmp_d(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

/* The q-quantile of v[0..n) (sorted here). */
static double quantile(double *v, int n, double q)
{
	if (n == 0)
		return 0;
	qsort(v, (size_t)n, sizeof *v, cmp_d);
	int i = (int)(q * (n - 1) + 0.5);
	return v[i];
}

/* A line of /proc/self/status in KiB (VmRSS:, VmHWM:). */
static long vm_kib(const char *key)
{
	FILE *f = fopen("/proc/self/status", "r");
	char line[256];
	long v = -1;
	while (f && fgets(line, sizeof line, f))
		if (strncmp(line, key, strlen(key)) == 0)
			v = atol(line + strlen(key) + 1);
	if (f)
		fclose(f);
	return v;
}

/* Prefixes of q as typed: UTF-8 characters or ASCII letters. */
static int prefixes(const char *q, char out[][96], int max)
{
	int n = 0;
	for (size_t i = 1; q[i - 1] && n < max; i++) {
		if (((unsigned char)q[i] & 0xC0) == 0x80)
			continue;
		if (q[i - 1] == ' ')
			continue; /* the space alone changes nothing */
		snprintf(out[n++], 96, "%.*s", (int)i, q);
	}
	return n;
}

/* Search phase, in its own process so its peak memory is its own. */
static int run_search(const char *db, int rounds)
{
	char *err = NULL;
	Store *st = store_open_path(db, NULL, &err);
	Kb *kb = st ? kb_open(st, &err) : NULL;
	if (!kb) {
		fprintf(stderr, "kb_search: %s\n", err ? err : "?");
		return 1;
	}
	KbResults r;
	long rss_open = vm_kib("VmRSS:");
	double t0 = now_ms();
	kb_search(kb, "证", NULL, &r, NULL); /* loads the titles */
	double first = now_ms() - t0;
	kb_results_free(&r);
	fprintf(stderr, "kb_search: RSS %ld KiB opened, %ld KiB after the first search\n", rss_open, vm_kib("VmRSS:"));
	int cap = 4096, n = 0, n1 = 0, n2 = 0, n3 = 0;
	double *all = xmalloc(cap * sizeof *all), *one = xmalloc(cap * sizeof *one);
	double *two = xmalloc(cap * sizeof *two), *more = xmalloc(cap * sizeof *more);
	double worst = 0;
	const char *worst_q = "";
	char (*seen)[96] = xmalloc((size_t)cap * sizeof *seen);
	long hits = 0;
	for (int round = 0; round < rounds; round++) {
		for (size_t i = 0; i < sizeof queries / sizeof queries[0]; i++) {
			char p[32][96];
			int np = prefixes(queries[i], p, 32);
			for (int k = 0; k < np && n < cap; k++) {
				KbSearchOpts o = {.limit = 20, .snippet_cols = 60};
				double a = now_ms();
				bool ok = kb_search(kb, p[k], &o, &r, &err);
				double ms = now_ms() - a;
				if (!ok) {
					fprintf(stderr, "kb_search: %s\n", err);
					return 1;
				}
				hits += r.n;
				if ((round == 0 && i < 3) || (getenv("KB_BENCH_SLOW") && ms > atof(getenv("KB_BENCH_SLOW"))))
					fprintf(stderr, "  %-16s %6.3f ms  %d hits (total %d%s)\n", p[k], ms, r.n, r.total, r.total_more ? "+" : "");
				kb_results_free(&r);
				all[n++] = ms;
				size_t chars = 0;
				for (const char *c = p[k]; *c; c++)
					chars += ((unsigned char)*c & 0xC0) != 0x80 && *c != ' ';
				if (chars == 1)
					one[n1++] = ms;
				else if (chars == 2)
					two[n2++] = ms;
				else
					more[n3++] = ms;
				if (ms > worst) {
					worst = ms;
					memcpy(seen[n - 1], p[k], sizeof seen[0]);
					worst_q = seen[n - 1];
				}
			}
		}
	}
	printf("MEASURE kb_keys %d\n", n);
	printf("MEASURE kb_first_search_ms %.2f\n", first);
	printf("MEASURE kb_key_ms_median %.3f\n", quantile(all, n, 0.5));
	printf("MEASURE kb_key_ms_p99 %.3f\n", quantile(all, n, 0.99));
	printf("MEASURE kb_key_ms_max %.3f\n", worst);
	printf("MEASURE kb_1char_ms_median %.3f\n", quantile(one, n1, 0.5));
	printf("MEASURE kb_1char_ms_p99 %.3f\n", quantile(one, n1, 0.99));
	printf("MEASURE kb_2char_ms_median %.3f\n", quantile(two, n2, 0.5));
	printf("MEASURE kb_2char_ms_p99 %.3f\n", quantile(two, n2, 0.99));
	printf("MEASURE kb_3char_ms_median %.3f\n", quantile(more, n3, 0.5));
	printf("MEASURE kb_3char_ms_p99 %.3f\n", quantile(more, n3, 0.99));
	printf("MEASURE kb_search_peak_rss_mib %.1f\n", vm_kib("VmHWM:") / 1024.0);
	printf("MEASURE kb_articles %d\n", kb_count(kb));
	fprintf(stderr, "kb_search: slowest key press %.2f ms for \"%s\"; %ld hits shown\n", worst, worst_q, hits);
	free(seen);
	free(all);
	free(one);
	free(two);
	free(more);
	kb_close(kb);
	store_close(st);
	return 0;
}

/* ---- the yardstick: plain FTS5 over the same articles (ANCHORS.md) ---- */

/* Text with every run of Han characters as overlapping pairs ("居住证" →
 * "居住 住证"; one alone stays), the rest as it is. New string. */
static char *bigrams(const char *s)
{
	size_t n = strlen(s);
	char *out = xmalloc(n * 3 + 2), *o = out;
	const char *prev = NULL;
	size_t prevn = 0;
	bool run1 = false; /* a run of one so far */
	for (const char *p = s; *p;) {
		unsigned char c = (unsigned char)*p;
		size_t k = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
		bool han = k >= 3;
		if (han && prev) {
			if (!run1)
				*o++ = ' ';
			memcpy(o, prev, prevn);
			o += prevn;
			memcpy(o, p, k);
			o += k;
			run1 = false;
		} else if (han) {
			run1 = true;
		} else {
			if (prev && run1) {
				*o++ = ' ';
				memcpy(o, prev, prevn);
				o += prevn;
			}
			*o++ = ' ';
			memcpy(o, p, k);
			o += k;
			run1 = false;
		}
		prev = han ? p : NULL;
		prevn = k;
		p += k;
	}
	if (prev && run1) {
		*o++ = ' ';
		memcpy(o, prev, prevn);
		o += prevn;
	}
	*o = '\0';
	return out;
}

/* Build the FTS5 index of the client's articles into fts (once). */
static bool fts_build(const char *db, const char *fts, double *secs)
{
	sqlite3 *f;
	if (sqlite3_open(fts, &f) != SQLITE_OK)
		return false;
	char *sql = sqlite3_mprintf("ATTACH %Q AS c; PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;"
				    "CREATE TABLE IF NOT EXISTS articles(ord INTEGER PRIMARY KEY, title TEXT);"
				    "CREATE VIRTUAL TABLE IF NOT EXISTS f USING fts5(title, body, tokenize='unicode61');", db);
	int rc = sqlite3_exec(f, sql, NULL, NULL, NULL);
	sqlite3_free(sql);
	sqlite3_stmt *q = NULL, *a = NULL, *b = NULL;
	double t0 = now_ms();
	bool empty = true;
	if (rc == SQLITE_OK && sqlite3_prepare_v2(f, "SELECT count(*) FROM articles", -1, &q, NULL) == SQLITE_OK &&
	    sqlite3_step(q) == SQLITE_ROW)
		empty = sqlite3_column_int(q, 0) == 0;
	sqlite3_finalize(q);
	q = NULL;
	if (rc == SQLITE_OK && empty) {
		rc = sqlite3_exec(f, "BEGIN", NULL, NULL, NULL);
		sqlite3_prepare_v2(f, "SELECT d.ord, d.title, b.body FROM c.kb_doc d JOIN c.kb_body b ON b.ord = d.ord", -1, &q, NULL);
		sqlite3_prepare_v2(f, "INSERT INTO articles(ord, title) VALUES(?, ?)", -1, &a, NULL);
		sqlite3_prepare_v2(f, "INSERT INTO f(rowid, title, body) VALUES(?, ?, ?)", -1, &b, NULL);
		while (rc == SQLITE_OK && sqlite3_step(q) == SQLITE_ROW) {
			sqlite3_int64 ord = sqlite3_column_int64(q, 0);
			const char *title = (const char *)sqlite3_column_text(q, 1);
			char *t2 = bigrams(title), *b2 = bigrams((const char *)sqlite3_column_text(q, 2));
			sqlite3_bind_int64(a, 1, ord);
			sqlite3_bind_text(a, 2, title, -1, SQLITE_TRANSIENT);
			sqlite3_step(a);
			sqlite3_reset(a);
			sqlite3_bind_int64(b, 1, ord);
			sqlite3_bind_text(b, 2, t2, -1, SQLITE_TRANSIENT);
			sqlite3_bind_text(b, 3, b2, -1, SQLITE_TRANSIENT);
			rc = sqlite3_step(b) == SQLITE_DONE ? SQLITE_OK : SQLITE_ERROR;
			sqlite3_reset(b);
			free(t2);
			free(b2);
		}
		sqlite3_finalize(q);
		sqlite3_finalize(a);
		sqlite3_finalize(b);
		if (rc == SQLITE_OK)
			rc = sqlite3_exec(f, "COMMIT; INSERT INTO f(f) VALUES('optimize')", NULL, NULL, NULL);
	}
	*secs = (now_ms() - t0) / 1000.0;
	sqlite3_close(f);
	return rc == SQLITE_OK;
}

/* The same key presses as FTS5 queries: one character as a prefix query,
 * more as a phrase of pairs; ORDER BY rank LIMIT 20, titles joined.
 * Letters (pinyin) have no FTS5 equivalent and are left out. */
static void fts_measure(const char *fts, int rounds)
{
	sqlite3 *f;
	if (sqlite3_open(fts, &f) != SQLITE_OK)
		return;
	sqlite3_stmt *q = NULL;
	if (sqlite3_prepare_v2(f, "SELECT a.title FROM f JOIN articles a ON a.ord = f.rowid WHERE f MATCH ? ORDER BY rank LIMIT 20",
			       -1, &q, NULL) != SQLITE_OK) {
		sqlite3_close(f);
		return;
	}
	int cap = 4096, n = 0, n1 = 0;
	double *all = xmalloc(cap * sizeof *all), *one = xmalloc(cap * sizeof *one);
	for (int round = 0; round < rounds; round++) {
		for (size_t i = 0; i < sizeof queries / sizeof queries[0]; i++) {
			if ((unsigned char)queries[i][0] < 0x80 || strchr(queries[i], ' '))
				continue;
			char p[32][96];
			int np = prefixes(queries[i], p, 32);
			for (int k = 0; k < np && n < cap; k++) {
				char *pairs = bigrams(p[k]);
				char match[400];
				bool single = strlen(p[k]) <= 4;
				snprintf(match, sizeof match, single ? "\"%s\"*" : "\"%s\"", pairs + (pairs[0] == ' '));
				free(pairs);
				double a = now_ms();
				sqlite3_bind_text(q, 1, match, -1, SQLITE_TRANSIENT);
				while (sqlite3_step(q) == SQLITE_ROW)
					;
				sqlite3_reset(q);
				double ms = now_ms() - a;
				all[n++] = ms;
				if (single)
					one[n1++] = ms;
			}
		}
	}
	printf("MEASURE fts5_key_ms_median %.3f\n", quantile(all, n, 0.5));
	printf("MEASURE fts5_key_ms_p99 %.3f\n", quantile(all, n, 0.99));
	printf("MEASURE fts5_1char_ms_median %.3f\n", quantile(one, n1, 0.5));
	printf("MEASURE fts5_1char_ms_p99 %.3f\n", quantile(one, n1, 0.99));
	free(all);
	free(one);
	sqlite3_finalize(q);
	sqlite3_close(f);
}

/* Sync phase from a file of KbChangePage lines. */
static int sync_file(Kb *kb, const char *file)
{
	FILE *f = fopen(file, "r");
	if (!f) {
		perror(file);
		return 1;
	}
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	char *err = NULL;
	while ((len = getline(&line, &cap, f)) > 0) {
		cJSON *p = json_parse_n(line, (size_t)len);
		bool done = false;
		if (!p || !kb_apply_page(kb, p, &done, &err)) {
			fprintf(stderr, "kb_search: %s\n", err ? err : "malformed page");
			return 1;
		}
		cJSON_Delete(p);
		if (done && !kb_optimize(kb, &err)) {
			fprintf(stderr, "kb_search: %s\n", err);
			return 1;
		}
	}
	free(line);
	fclose(f);
	return 0;
}

typedef struct Wait {
	bool done, ok;
	long status;
	char *msg;
} Wait;

/* The login answer: tokens in use. */
static void on_login(const ApiResponse *r, void *ud)
{
	Wait *w = ud;
	w->status = r->status;
	if (r->status == 200)
		api_set_tokens(json_str(r->json, "access_token", NULL), json_str(r->json, "refresh_token", NULL));
	else
		w->msg = xstrdup(r->message ? r->message : "?");
	loop_quit(0);
}

/* The end of the sync stops the loop. */
static void on_sync(const KbSyncProgress *p, void *ud)
{
	Wait *w = ud;
	if (!p->done)
		return;
	w->done = true;
	w->ok = p->ok;
	w->msg = p->error ? xstrdup(p->error) : NULL;
	loop_quit(0);
}

/* Sync phase from yichuangd, through the client's own sync. */
static int sync_server(Kb *kb, const char *url, const char *user, const char *pass)
{
	loop_init();
	ApiOptions o = {.timeout_ms = 120000, .connect_timeout_ms = 5000};
	api_init(url, &o);
	cJSON *body = cJSON_CreateObject();
	cJSON_AddStringToObject(body, "username", user);
	cJSON_AddStringToObject(body, "password", pass);
	Wait w = {0};
	api_request("POST", "/v1/auth/login", body, NULL, on_login, &w);
	cJSON_Delete(body);
	loop_run();
	if (w.status != 200) {
		fprintf(stderr, "kb_search: cannot log in to %s: %s\n", url, w.msg ? w.msg : "?");
		return 1;
	}
	Wait s = {0};
	kb_sync_start(kb, on_sync, &s);
	while (!s.done)
		loop_run();
	if (!s.ok) {
		fprintf(stderr, "kb_search: sync failed: %s\n", s.msg ? s.msg : "?");
		return 1;
	}
	api_shutdown();
	return 0;
}

/* Bytes of a file, 0 when missing. */
static long long file_size(const char *path)
{
	struct stat sb;
	return stat(path, &sb) == 0 ? (long long)sb.st_size : 0;
}

int main(int argc, char **argv)
{
	const char *db = NULL, *pages = NULL, *url = NULL, *user = "clerk01", *pass = "demo", *fts = NULL;
	int rounds = 3;
	bool search_only = false;
	static const struct option opts[] = {
		{"db", required_argument, NULL, 'd'}, {"pages", required_argument, NULL, 'p'},
		{"server", required_argument, NULL, 's'}, {"user", required_argument, NULL, 'u'},
		{"password", required_argument, NULL, 'w'}, {"rounds", required_argument, NULL, 'r'},
		{"search-only", no_argument, NULL, 'o'}, {"fts5", required_argument, NULL, 'f'},
		{NULL, 0, NULL, 0},
	};
	int c;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'p': pages = optarg; break;
		case 's': url = optarg; break;
		case 'u': user = optarg; break;
		case 'w': pass = optarg; break;
		case 'r': rounds = atoi(optarg); break;
		case 'o': search_only = true; break;
		case 'f': fts = optarg; break;
		default:
			fprintf(stderr, "usage: kb_search --db FILE [--server URL [--user U --password P] | --pages FILE | --search-only | --fts5 FILE] [--rounds N]\n");
			return 2;
		}
	}
	if (!db)
		return 2;
	if (search_only)
		return run_search(db, rounds);
	if (fts) {
		/* The yardstick, after the client's own figures. */
		double secs = 0;
		if (!fts_build(db, fts, &secs)) {
			fprintf(stderr, "kb_search: cannot build the FTS5 yardstick in %s\n", fts);
			return 1;
		}
		if (secs > 1)
			printf("MEASURE fts5_build_s %.1f\n", secs);
		printf("MEASURE fts5_file_mib %.1f\n", file_size(fts) / 1048576.0);
		fts_measure(fts, 1);
		return 0;
	}
	unlink(db);
	char *err = NULL;
	Store *st = store_open_path(db, NULL, &err);
	Kb *kb = st ? kb_open(st, &err) : NULL;
	if (!kb) {
		fprintf(stderr, "kb_search: %s\n", err ? err : "?");
		return 1;
	}
	double t0 = now_ms();
	int rc = url ? sync_server(kb, url, user, pass) : pages ? sync_file(kb, pages) : 2;
	double sync_s = (now_ms() - t0) / 1000.0;
	if (rc != 0)
		return rc;
	printf("MEASURE kb_sync_s %.1f\n", sync_s);
	printf("MEASURE kb_sync_peak_rss_mib %.1f\n", vm_kib("VmHWM:") / 1024.0);
	sqlite3_int64 post = 0, text = 0;
	sqlite3_stmt *q = NULL;
	if (sqlite3_prepare_v2(store_db(st), "SELECT (SELECT sum(length(tl)) + sum(length(bl)) FROM kb_post),"
			       " (SELECT sum(length(body)) FROM kb_body)", -1, &q, NULL) == SQLITE_OK && sqlite3_step(q) == SQLITE_ROW) {
		post = sqlite3_column_int64(q, 0);
		text = sqlite3_column_int64(q, 1);
	}
	sqlite3_finalize(q);
	kb_close(kb);
	store_close(st);
	char wal[512];
	snprintf(wal, sizeof wal, "%s-wal", db);
	printf("MEASURE kb_file_mib %.1f\n", (file_size(db) + file_size(wal)) / 1048576.0);
	printf("MEASURE kb_postings_mib %.1f\n", post / 1048576.0);
	printf("MEASURE kb_bodies_mib %.1f\n", text / 1048576.0);
	fflush(stdout);
	char r[16];
	snprintf(r, sizeof r, "%d", rounds);
	execl("/proc/self/exe", argv[0], "--db", db, "--search-only", "--rounds", r, (char *)NULL);
	perror("exec");
	return 1;
}
