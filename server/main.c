/* main: yichuangd — options, start-up, signals (sigwait in main) and a clean shutdown. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "server/auth.h"
#include "server/catalog.h"
#include "server/demo.h"
#include "server/demo_world.h"
#include "server/faults.h"
#include "server/events.h"
#include "server/http.h"
#include "server/idem.h"
#include "server/kb.h"
#include "server/listener.h"
#include "server/options.h"
#include "server/park.h"
#include "server/store.h"
#include "server/version.h"
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#define MAINTENANCE_SECONDS 600 /* purge old keys, sessions and failure counts */

/* Raise the open-file limit to the hard limit (every stream is a socket);
 * returns how many connections to allow. */
static unsigned raise_nofile(void)
{
	struct rlimit rl;
	if (getrlimit(RLIMIT_NOFILE, &rl) != 0)
		return 1000;
	if (rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
		getrlimit(RLIMIT_NOFILE, &rl);
	}
	rlim_t n = rl.rlim_cur > 128 ? rl.rlim_cur - 64 : 64;
	if (n > 65536)
		n = 65536;
	return (unsigned)n;
}

/* Housekeeping between signals. */
static void maintenance(void)
{
	struct store *st = store_thread();
	if (!st)
		return;
	int64_t now = time(NULL);
	idem_purge(st, now);
	store_sessions_purge(st, now);
	store_login_purge(st, now - 86400);
}

/* Seed, load the hub and start the threads; -1 after reporting. */
static int start(const struct options *o, sigset_t *sigs)
{
	char err[512];
	if (auth_init() != 0) {
		fprintf(stderr, "yichuangd: libsodium failed to start\n");
		return -1;
	}
	if (store_global_open(o->db, err, sizeof err) != 0) {
		fprintf(stderr, "yichuangd: %s\n", err);
		return -1;
	}
	struct store *st = store_thread();
	if (!st)
		return -1;
	if (o->demo && demo_seed(st, time(NULL)) < 0) {
		fprintf(stderr, "yichuangd: the demo hall could not be seeded\n");
		return -1;
	}
	if (o->demo && demo_shared_seed(st) < 0) {
		fprintf(stderr, "yichuangd: the demo shared data could not be seeded\n");
		return -1;
	}
	if (o->catalog) {
		struct catalog_file *files;
		size_t n;
		if (catalog_dir_read(o->catalog, &files, &n, err, sizeof err) != 0) {
			fprintf(stderr, "yichuangd: %s\n", err);
			return -1;
		}
		int rc = catalog_sync(st, files, n, time(NULL));
		catalog_dir_free(files, n);
		if (rc < 0) {
			fprintf(stderr, "yichuangd: the catalog of %s could not be loaded\n", o->catalog);
			return -1;
		}
	} else if (o->demo && catalog_sync(st, catalog_files, catalog_files_len, time(NULL)) < 0) {
		fprintf(stderr, "yichuangd: the demo catalog could not be loaded\n");
		return -1;
	}
	if (catalog_load(st) != 0) {
		fprintf(stderr, "yichuangd: the catalog could not be read\n");
		return -1;
	}
	struct kb_options ko = { .demo = o->demo, .scale = o->demo_scale };
	if (kb_start(st, &ko, time(NULL)) != 0)
		return -1;
	if (faults_active())
		fprintf(stderr, "yichuangd: --faults is set: some requests fail on purpose\n");
	if (events_init(st) != 0) {
		fprintf(stderr, "yichuangd: the event log could not be read\n");
		return -1;
	}
	maintenance();
	char addr[300];
	int fd = listener_open(o->host, o->port, addr, sizeof addr, err, sizeof err);
	if (fd < 0) {
		fprintf(stderr, "yichuangd: %s\n", err);
		return -1;
	}
	/* Threads started from here inherit the blocked signals, so only
	 * sigwait in main sees SIGINT and SIGTERM. */
	pthread_sigmask(SIG_BLOCK, sigs, NULL);
	struct http_config hc = { .listen_fd = fd, .threads = 2, .conn_limit = raise_nofile(), .heartbeat = o->heartbeat };
	if (events_ticker_start() != 0 || park_start() != 0 || http_start(&hc) != 0) {
		fprintf(stderr, "yichuangd: the HTTP server did not start\n");
		close(fd);
		return -1;
	}
	printf("listening on http://%s\n", addr);
	fflush(stdout);
	if (o->demo && demo_arrivals_start(o->demo_rate) != 0)
		fprintf(stderr, "yichuangd: demo arrivals did not start\n");
	return 0;
}

/* Stop in the order that lets every stream end cleanly. */
static void stop(void)
{
	demo_arrivals_stop();
	events_shutdown(); /* wakes parked streams: MHD must not stop with any suspended */
	park_stop();       /* and delayed requests */
	http_stop();
	events_ticker_stop();
	events_fini();
	catalog_free();
	store_global_close();
}

int main(int argc, char **argv)
{
	struct options o;
	char err[512];
	if (options_parse(argc, argv, &o, err, sizeof err) != 0) {
		fprintf(stderr, "yichuangd: %s\nTry 'yichuangd --help'.\n", err);
		return 2;
	}
	if (o.help) {
		options_usage(stdout);
		return 0;
	}
	if (o.version) {
		printf("yichuangd %s\n", YCD_VERSION);
		return 0;
	}
	if (o.demo_people) {
		struct demo_world w;
		demo_world_make(&w, DEMO_WORLD_SEED);
		demo_world_print(&w, stdout);
		demo_world_free(&w);
		return fflush(stdout) == 0 ? 0 : 1;
	}
	signal(SIGPIPE, SIG_IGN);
	sigset_t sigs;
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGINT);
	sigaddset(&sigs, SIGTERM);
	if (start(&o, &sigs) != 0) {
		stop();
		return 1;
	}
	for (;;) {
		struct timespec ts = { MAINTENANCE_SECONDS, 0 };
		int sig = sigtimedwait(&sigs, NULL, &ts);
		if (sig == SIGINT || sig == SIGTERM) {
			fprintf(stderr, "yichuangd: %s, shutting down\n", sig == SIGINT ? "SIGINT" : "SIGTERM");
			break;
		}
		if (sig < 0 && errno == EAGAIN)
			maintenance();
	}
	stop();
	return 0;
}
