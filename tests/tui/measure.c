/* measure: the driver's bench mode — start-up time to a stable frame, bytes per key, exit time, peak memory. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "tests/tui/driver.h"
#include "tests/tui/commands.h"

#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

static void report(const char *name, double value)
{
	printf("MEASURE %s %.3f\n", name, value);
	fflush(stdout);
}

static int shows(void *text)
{
	return term_contains(text) || !term_running();
}

/* measure start TEXT [QUIET_MS [NAME]]: from exec to the byte that made
 * TEXT appear, and to the last byte of that frame (quiet for QUIET_MS after). */
static void m_start(int argc, char **w)
{
	int quiet = argc > 3 ? parse_int(w[3], "quiet ms") : 200;
	require_client();
	term_wait(shows, w[2], (int)(c_timeout_ms * c_scale));
	if (!term_contains(w[2]))
		fail("the screen did not show \"%s\"", w[2]);
	double t_text = term_t_last() - term_t_spawn();
	term_settle(quiet, (int)(10000 * c_scale));
	char key[96];
	const char *name = argc > 4 ? w[4] : "start";
	snprintf(key, sizeof key, "%s_text_ms", name);
	report(key, t_text);
	snprintf(key, sizeof key, "%s_frame_ms", name);
	report(key, term_t_last() - term_t_spawn());
}

/* Send one key or one character and count what comes back until quiet. */
static long one(const char *key, const char *chars, size_t n, int quiet)
{
	long long b0 = term_bytes();
	if (key)
		keys_send(key);
	else if (term_send(chars, n) < 0)
		fail("cannot write to the pty");
	term_settle(quiet, 2000);
	return (long)(term_bytes() - b0);
}

/* Report the mean, min and max of n counts; the mean. */
static double stats(const char *name, const long *v, int n)
{
	long sum = 0, lo = v[0], hi = v[0];
	for (int i = 0; i < n; i++) {
		sum += v[i];
		lo = v[i] < lo ? v[i] : lo;
		hi = v[i] > hi ? v[i] : hi;
	}
	char key[96];
	report(name, (double)sum / n);
	snprintf(key, sizeof key, "%s_min", name);
	report(key, (double)lo);
	snprintf(key, sizeof key, "%s_max", name);
	report(key, (double)hi);
	return (double)sum / n;
}

/* measure keys KEY N [QUIET_MS [NAME [MAX]]]: terminal bytes per press of
 * KEY; with MAX a mean above MAX bytes fails (a test, not only a bench). */
static void m_keys(int argc, char **w)
{
	if (argc < 4)
		fail("measure keys KEY N [QUIET_MS [NAME [MAX]]]");
	int n = parse_int(w[3], "count"), quiet = argc > 4 ? parse_int(w[4], "quiet ms") : 60;
	int max = argc > 6 ? parse_int(w[6], "max bytes") : -1;
	if (n < 1 || n > 10000)
		fail("count out of range");
	require_client();
	term_settle(200, 5000);
	long *v = calloc((size_t)n, sizeof *v);
	for (int i = 0; i < n; i++)
		v[i] = one(w[2], NULL, 0, quiet);
	double mean = stats(argc > 5 ? w[5] : "bytes_per_key", v, n);
	free(v);
	if (max >= 0 && mean > max)
		fail("%.1f bytes per %s (at most %d wanted)", mean, w[2], max);
}

/* measure type TEXT [QUIET_MS [NAME]]: terminal bytes per typed character. */
static void m_type(int argc, char **w)
{
	int quiet = argc > 3 ? parse_int(w[3], "quiet ms") : 60;
	require_client();
	term_settle(200, 5000);
	size_t len = strlen(w[2]);
	long *v = calloc(len + 1, sizeof *v);
	int n = 0;
	for (size_t i = 0; i < len;) {
		size_t k = 1;
		while (i + k < len && ((unsigned char)w[2][i + k] & 0xC0) == 0x80)
			k++;
		v[n++] = one(NULL, w[2] + i, k, quiet);
		i += k;
	}
	if (n)
		(void)stats(argc > 4 ? w[4] : "bytes_per_char", v, n);
	free(v);
}

static void print_rss(void)
{
	struct rusage ru;
	if (term_status(NULL, &ru) < 0)
		fail("no ended program to measure");
	report("maxrss_kib", (double)ru.ru_maxrss);
}

/* measure exit [SECONDS]: from exec to the program's own exit, and its peak memory. */
static void m_exit(int argc, char **w)
{
	double end = now_ms() + (argc > 2 ? parse_int(w[2], "seconds") * 1000.0 : c_timeout_ms) * c_scale;
	while (term_running() && now_ms() < end)
		term_pump(20);
	if (term_running())
		fail("the program did not end by itself");
	report("exit_ms", term_t_exit() - term_t_spawn());
	print_rss();
}

/* measure rss: peak memory (max RSS of the process), hanging up first if it still runs. */
static void m_rss(int argc, char **w)
{
	(void)argc, (void)w;
	if (term_running())
		term_stop(3000);
	print_rss();
}

void cmd_measure(int argc, char **w)
{
	static const struct { const char *name; int min; void (*fn)(int, char **); } m[] = {
		{"start", 1, m_start}, {"keys", 2, m_keys}, {"type", 1, m_type},
		{"exit", 0, m_exit}, {"rss", 0, m_rss},
	};
	for (size_t i = 0; i < sizeof m / sizeof m[0]; i++)
		if (strcmp(w[1], m[i].name) == 0) {
			if (argc - 2 < m[i].min)
				fail("measure %s needs more words", m[i].name);
			m[i].fn(argc, w);
			return;
		}
	fail("measure wants start, keys, type, exit or rss");
}
