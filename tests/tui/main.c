/* tui-driver: runs a scenario against the real client in a pty (libvterm screen) and a real yichuangd. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "tests/tui/driver.h"
#include "tests/tui/commands.h"

#include <ftw.h>
#include <locale.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

const char *g_build = "build";
const char *g_tmp;
int g_verbose;
static int keep_tmp;
static char tmpdir[4096];

static void usage(void)
{
	fprintf(stderr,
		"usage: tui-driver [-b BUILD_DIR] [-t TOTAL_SECONDS] [-s TIMEOUT_SCALE] [-k] [-v] SCENARIO.scn\n"
		"  -b  where yichuang and yichuangd are (default build)\n"
		"  -t  the whole run is killed after this long (default 120)\n"
		"  -s  multiply every wait's timeout (e.g. 3 for sanitizer builds)\n"
		"  -k  keep the temporary directory\n"
		"  -v  print each command as it runs\n");
	exit(2);
}

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st, (void)flag, (void)ftw;
	return remove(path);
}

void cleanup(void)
{
	term_stop(2000);
	server_kill();
	if (tmpdir[0] && !keep_tmp)
		nftw(tmpdir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	else if (tmpdir[0])
		fprintf(stderr, "tui-driver: kept %s\n", tmpdir);
}

void fail(const char *fmt, ...)
{
	static int failing;
	if (failing++)
		_exit(1);
	va_list ap;
	fflush(stdout);
	printf("FAIL %s:%d: %s\n  ", g_file, g_line, g_cmdline);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	term_dump(stdout);
	server_log_tail(stdout, 15);
	fflush(stdout);
	cleanup();
	exit(1);
}

/* Last resort: the whole run took too long. */
static void on_alarm(int sig)
{
	(void)sig;
	static const char msg[] = "FAIL overall time limit reached\n";
	if (write(1, msg, sizeof msg - 1) < 0)
		_exit(3);
	printf("  at %s:%d: %s\n", g_file, g_line, g_cmdline);
	term_dump(stdout);
	fflush(stdout);
	if (term_pid())
		kill(term_pid(), SIGKILL);
	server_kill();
	_exit(3);
}

/* The run's private directories: home, XDG config/data/runtime/cache. */
static void make_dirs(void)
{
	const char *base = getenv("TMPDIR");
	snprintf(tmpdir, sizeof tmpdir, "%s/yc-tui.XXXXXX", base && base[0] ? base : "/tmp");
	if (!mkdtemp(tmpdir)) {
		perror("tui-driver: mkdtemp");
		exit(2);
	}
	g_tmp = tmpdir;
	var_set("TMP", tmpdir);
	var_set("BUILD", g_build);
	char cwd[4096];
	var_set("SRC", getcwd(cwd, sizeof cwd) ? cwd : ".");
	static const struct { const char *var, *sub; } dirs[] = {
		{"HOME", "home"}, {"XDG_CONFIG_HOME", "home/.config"}, {"XDG_DATA_HOME", "home/.local/share"},
		{"XDG_CACHE_HOME", "home/.cache"}, {"XDG_RUNTIME_DIR", "run"},
	};
	for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; i++) {
		char p[4200];
		snprintf(p, sizeof p, "%s/%s", tmpdir, dirs[i].sub);
		char *slash = strrchr(p, '/');
		for (char *q = p + strlen(tmpdir) + 1; q < slash; q++)
			if (*q == '/') {
				*q = 0;
				mkdir(p, 0700);
				*q = '/';
			}
		mkdir(p, 0700);
		var_set(dirs[i].var, p);
		env_set(dirs[i].var, p);
	}
	env_set("LANG", "C.UTF-8");
}

int main(int argc, char **argv)
{
	int total = 120, opt;
	while ((opt = getopt(argc, argv, "b:t:s:kv")) != -1) {
		switch (opt) {
		case 'b': g_build = optarg; break;
		case 't': total = atoi(optarg); break;
		case 's': c_scale = atof(optarg); break;
		case 'k': keep_tmp = 1; break;
		case 'v': g_verbose = 1; break;
		default: usage();
		}
	}
	if (optind != argc - 1 || total <= 0 || c_scale <= 0)
		usage();
	/* "re:" patterns see UTF-8 characters, not bytes */
	if (!setlocale(LC_CTYPE, "C.UTF-8"))
		setlocale(LC_CTYPE, "");
	signal(SIGPIPE, SIG_IGN);
	signal(SIGALRM, on_alarm);
	alarm((unsigned)total);
	make_dirs();
	script_run(argv[optind]);
	commands_finish();
	cleanup();
	return 0;
}
