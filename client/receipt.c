/* receipt: the 受理回执: working-day arithmetic for the promised date, the
 * receipt text with its QR code (libqrencode, half blocks), the saved file
 * and the printer. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "client/receipt.h"
#include "client/paths.h"
#include "client/app.h"
#include "client/i18n.h"
#include "client/loop.h"
#include "common/jsonx.h"
#include "common/text.h"
#include "common/timefmt.h"
#include "common/xalloc.h"

#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <qrencode.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

/* ------------------------------------------------------ working days */

/* Days since 1970-01-01 of a civil date (proleptic Gregorian). */
static long days_from_civil(int y, int m, int d)
{
	y -= m <= 2;
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* The civil date of a day number. */
static void civil_from_days(long z, int *y, int *m, int *d)
{
	z += 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	long doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

/* "YYYY-MM-DD" into out (11 bytes). */
static void ymd(char out[11], int y, int m, int d)
{
	char b[48];
	snprintf(b, sizeof b, "%04d-%02d-%02d", y, m, d);
	memcpy(out, b, 10);
	out[10] = '\0';
}

/* Whether "YYYY-MM-DD" of day z is in the list. */
static bool listed(long z, const char *const *list, size_t n)
{
	int y, m, d;
	char s[16];
	civil_from_days(z, &y, &m, &d);
	snprintf(s, sizeof s, "%04d-%02d-%02d", y, m, d);
	for (size_t i = 0; i < n; i++)
		if (list[i] && strcmp(list[i], s) == 0)
			return true;
	return false;
}

void workdays_add(int y, int m, int d, int n, const char *const *holidays, size_t nholidays,
		  const char *const *workdays, size_t nworkdays, char out[11])
{
	long z = days_from_civil(y, m, d);
	for (int counted = 0; counted < n;) {
		z++;
		int wd = (int)((z % 7 + 11) % 7); /* 0 Sunday; day 0 was a Thursday */
		bool work = wd != 0 && wd != 6;
		if (listed(z, workdays, nworkdays))
			work = true;
		else if (listed(z, holidays, nholidays))
			work = false;
		counted += work;
	}
	civil_from_days(z, &y, &m, &d);
	ymd(out, y, m, d);
}

/* A "YYYY-MM-DD" string's parts; false when it is not one. */
static bool parse_ymd(const char *s, int *y, int *m, int *d)
{
	return s && strlen(s) == 10 && sscanf(s, "%4d-%2d-%2d", y, m, d) == 3 && *m >= 1 && *m <= 12 && *d >= 1 &&
	       *d <= 31;
}

void receipt_due_date(const Intake *in, time_t day, char out[11])
{
	int y, m, d;
	const char *due = json_str(in->sub.created, "due_on", NULL);
	if (parse_ymd(due, &y, &m, &d)) {
		ymd(out, y, m, d);
		return;
	}
	struct tm tm;
	localtime_r(&day, &tm);
	char best[11];
	ymd(best, tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
	for (size_t i = 0; i < in->n_matters; i++) {
		const cJSON *p = json_obj(json_obj(in->guides[i], "time_limits"), "promised");
		long v = json_long(p, "value", 0);
		const char *unit = json_str(p, "unit", "working_days");
		char cand[11];
		if (v <= 0 || strcmp(unit, "hours") == 0)
			continue;
		if (strcmp(unit, "calendar_days") == 0) {
			int cy, cm, cd;
			civil_from_days(days_from_civil(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday) + v, &cy, &cm, &cd);
			ymd(cand, cy, cm, cd);
		} else {
			workdays_add(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, (int)v, NULL, 0, NULL, 0, cand);
		}
		if (strcmp(cand, best) > 0)
			memcpy(best, cand, sizeof best);
	}
	memcpy(out, best, 11);
}

/* ------------------------------------------------------------- QR code */

void receipt_lines_free(char **lines, int n)
{
	for (int i = 0; i < n; i++)
		free(lines[i]);
	free(lines);
}

int receipt_qr(const char *data, bool dark_blocks, char ***lines, int *width)
{
	*lines = NULL;
	*width = 0;
	QRcode *qr = data && *data ? QRcode_encodeString(data, 0, QR_ECLEVEL_M, QR_MODE_8, 1) : NULL;
	if (!qr)
		return 0;
	enum { QUIET = 2 };
	int size = qr->width + 2 * QUIET;
	int nl = (size + 1) / 2;
	char **v = xcalloc((size_t)nl + 1, sizeof *v);
	/* Module (x, y) is dark: the low bit of its byte. */
	for (int l = 0; l < nl; l++) {
		char *s = xmalloc((size_t)size * 3 + 1), *o = s;
		for (int x = 0; x < size; x++) {
			bool px[2];
			for (int k = 0; k < 2; k++) {
				int yy = 2 * l + k - QUIET, xx = x - QUIET;
				bool inside = yy >= 0 && yy < qr->width && xx >= 0 && xx < qr->width;
				bool dark = inside && (qr->data[yy * qr->width + xx] & 1);
				/* Below the last row is outside the code: never drawn. */
				px[k] = 2 * l + k < size && (dark_blocks ? dark : !dark);
			}
			const char *g = px[0] && px[1] ? "\u2588" : px[0] ? "\u2580" : px[1] ? "\u2584" : " ";
			size_t gl = strlen(g);
			memcpy(o, g, gl);
			o += gl;
		}
		*o = '\0';
		v[l] = s;
	}
	*width = size;
	QRcode_free(qr);
	*lines = v;
	return nl;
}

const char *receipt_qr_data(const Intake *in)
{
	return json_str(in->sub.created, "number", NULL);
}

/* ------------------------------------------------------------- the text */

/* Append a formatted piece to a growing string. */
static void cat(char **t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void cat(char **t, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *piece = xvasprintf(fmt, ap);
	va_end(ap);
	char *s = xasprintf("%s%s", *t, piece);
	free(piece);
	free(*t);
	*t = s;
}

/* "label  value" with labels padded to one width (CJK-aware). */
static void field(char **t, const char *label, const char *value)
{
	int pad = 16 - text_width(label);
	cat(t, "%s%*s%s\n", label, pad > 1 ? pad : 1, "", value ? value : "");
}

/* The list of material rows in one status. */
static void material_list(char **t, const Intake *in, MatStatus st, const char *title)
{
	int n = 0;
	for (size_t i = 0; i < in->n_mat; i++) {
		if (in->mat[i].status != st)
			continue;
		if (!n++)
			cat(t, "%s\n", title);
		cat(t, "  - %s\n", in->mat[i].name);
	}
}

char *receipt_text(const Intake *in, time_t now)
{
	const cJSON *c = in->sub.created;
	const char *number = json_str(c, "number", NULL);
	if (!number)
		return NULL;
	char *t = xstrdup("");
	cat(&t, "%s\n", _("RECEIPT OF ACCEPTANCE"));
	cat(&t, "%s %s\n\n", app.me.hall_name ? app.me.hall_name : "", app.me.window_name ? app.me.window_name : "");
	field(&t, _("Case number"), number);
	field(&t, _("Query password"), json_str(c, "query_password", ""));
	char idm[40], who[512];
	id_mask(in->holder, idm, sizeof idm);
	const char *name = json_str(json_obj(c, "applicant"), "name", intake_applicant_name(in));
	snprintf(who, sizeof who, "%s  %s", name, idm);
	field(&t, _("Applicant"), who);
	field(&t, _("Matter"), in->title);
	const cJSON *m;
	if (in->bundle_id)
		cJSON_ArrayForEach(m, json_arr(c, "matters"))
			cat(&t, "%16s- %s\n", "", json_str(m, "name", ""));
	time_t at = time_parse_rfc3339(json_str(c, "created_at", ""));
	if (at <= 0)
		at = now;
	struct tm tm;
	localtime_r(&at, &tm);
	char when[64], line[512];
	strftime(when, sizeof when, "%Y-%m-%d %H:%M", &tm);
	snprintf(line, sizeof line, "%s  %s%s%s", when, app.me.name ? app.me.name : "",
		 in->ticket_number ? "  " : "", in->ticket_number ? in->ticket_number : "");
	field(&t, _("Accepted"), line);
	char due[11];
	receipt_due_date(in, at, due);
	field(&t, _("Promised by"), due);
	cat(&t, "\n");
	material_list(&t, in, MS_SUBMITTED, _("Materials received:"));
	material_list(&t, in, MS_ELICENSE, _("Not needed on paper (e-license found):"));
	material_list(&t, in, MS_DEFERRED, _("To hand in later (容缺后补):"));
	cat(&t, "\n%s\n", _("Track the case with its number and query password, or scan the code."));
	char **qr;
	int w;
	int n = receipt_qr(number, true, &qr, &w);
	for (int i = 0; i < n; i++)
		cat(&t, "  %s\n", qr[i]);
	receipt_lines_free(qr, n);
	return t;
}

/* ------------------------------------------------------ file and print */

/* A file name from untrusted text: letters, digits, '-' and '_' only. */
static char *safe_name(const char *s)
{
	char *n = xstrdup(s && *s ? s : "receipt");
	for (char *p = n; *p; p++)
		if (!((*p >= '0' && *p <= '9') || (*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || *p == '-'))
			*p = '_';
	return n;
}

char *receipt_save(const char *dir, const char *name, const char *text, char **err)
{
	const char *x = getenv("XDG_DATA_HOME");
	const char *home = getenv("HOME");
	char *base = x && *x == '/' ? xasprintf("%s/yichuang/%s", x, dir)
				    : xasprintf("%s/.local/share/yichuang/%s", home && *home ? home : ".", dir);
	char *fname = safe_name(name);
	char *path = xasprintf("%s/%s.txt", base, fname);
	char *tmp = xasprintf("%s/.%s.tmp", base, fname);
	free(fname);
	int fd = -1;
	size_t len = strlen(text);
	bool ok = paths_make_dirs(base) == 0 && (fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600)) >= 0 &&
		  write(fd, text, len) == (ssize_t)len && fsync(fd) == 0;
	int e = errno;
	if (fd >= 0 && close(fd) != 0 && ok) {
		ok = false;
		e = errno;
	}
	if (ok && rename(tmp, path) != 0) {
		ok = false;
		e = errno;
	}
	if (!ok) {
		unlink(tmp);
		*err = xasprintf(_("cannot save %s: %s"), path, strerror(e));
		free(path);
		path = NULL;
	}
	free(tmp);
	free(base);
	return path;
}

typedef struct Print {
	pid_t pid;
	receipt_print_cb cb;
	void *ud;
	int polls;
} Print;

/* Look whether lpr has ended; its status says whether the job was taken. */
static void print_poll(void *ud)
{
	Print *p = ud;
	int st = 0;
	pid_t r = waitpid(p->pid, &st, WNOHANG);
	if (r == 0 && ++p->polls < 600) {
		loop_timer_add(100, print_poll, p);
		return;
	}
	if (r == 0) {
		kill(p->pid, SIGKILL);
		waitpid(p->pid, &st, 0);
	}
	bool ok = r > 0 && WIFEXITED(st) && WEXITSTATUS(st) == 0;
	char msg[128];
	if (ok)
		snprintf(msg, sizeof msg, "%s", _("sent to the printer"));
	else if (r > 0 && WIFEXITED(st))
		snprintf(msg, sizeof msg, _("lpr failed (exit status %d)"), WEXITSTATUS(st));
	else
		snprintf(msg, sizeof msg, "%s", _("lpr did not finish"));
	if (p->cb)
		p->cb(ok, msg, p->ud);
	free(p);
}

bool receipt_print(const char *printer, const char *path, receipt_print_cb cb, void *ud, char **err)
{
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, path, O_RDONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
	posix_spawnattr_t at;
	posix_spawnattr_init(&at);
	sigset_t none, dflt;
	sigemptyset(&none);
	sigemptyset(&dflt);
	sigaddset(&dflt, SIGPIPE);
	sigaddset(&dflt, SIGINT);
	sigaddset(&dflt, SIGTERM);
	posix_spawnattr_setsigmask(&at, &none);
	posix_spawnattr_setsigdefault(&at, &dflt);
	posix_spawnattr_setflags(&at, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
	bool named = printer && *printer && strcmp(printer, "default") != 0;
	char *argv[] = {"lpr", named ? "-P" : NULL, (char *)printer, NULL};
	pid_t pid;
	int rc = posix_spawnp(&pid, "lpr", &fa, &at, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	posix_spawnattr_destroy(&at);
	if (rc != 0) {
		*err = xasprintf(_("cannot run lpr: %s"), strerror(rc));
		return false;
	}
	Print *p = xcalloc(1, sizeof *p);
	p->pid = pid;
	p->cb = cb;
	p->ud = ud;
	loop_timer_add(50, print_poll, p);
	return true;
}
