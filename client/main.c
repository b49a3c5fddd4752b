/* main: command line, then config, keymap, loop, api and model, then the
 * curses UI; also the subcommands (logout, check, kb). */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "client/api.h"
#include "client/app.h"
#include "client/cli.h"
#include "client/config.h"
#include "client/i18n.h"
#include "client/keymap.h"
#include "client/loop.h"
#include "client/offline.h"
#include "client/secret.h"
#include "screens/ui.h"
#include "common/xalloc.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>

/* Config and keymap warnings: on stderr now, and the first one on the
 * message line once the UI is up (curses clears the terminal). */
static struct {
	int count;
	char *first;
} warnings;

static void warn_stderr(const char *msg, void *ud)
{
	fprintf(stderr, "yichuang: %s\n", msg);
	if (warnings.count++ == 0)
		warnings.first = xstrdup(msg);
}

/* No core file may hold a token or a password. */
static void harden(void)
{
	struct rlimit rl = { 0, 0 };
	setrlimit(RLIMIT_CORE, &rl);
	prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
}

enum { OPT_OFFLINE = 256, OPT_LIST_ACTIONS };

static const struct option long_opts[] = {
	{"server", required_argument, NULL, 's'},
	{"user", required_argument, NULL, 'u'},
	{"config", required_argument, NULL, 'c'},
	{"keymap", required_argument, NULL, 'k'},
	{"offline", no_argument, NULL, OPT_OFFLINE},
	{"list-actions", no_argument, NULL, OPT_LIST_ACTIONS},
	{"help", no_argument, NULL, 'h'},
	{"version", no_argument, NULL, 'V'},
	{NULL, 0, NULL, 0},
};

/* The options given, before or after a command without arguments of its own. */
typedef struct Opts {
	const char *server, *user, *config, *keymap;
	bool offline, help, list;
} Opts;

/* Parse options from optind until a word that is no option ("+"). -1 to
 * go on, else the exit status (--version, a bad option). */
static int parse_opts(int argc, char **argv, Opts *o)
{
	int c;
	while ((c = getopt_long(argc, argv, "+s:u:c:k:hV", long_opts, NULL)) != -1) {
		switch (c) {
		case 's': o->server = optarg; break;
		case 'u': o->user = optarg; break;
		case 'c': o->config = optarg; break;
		case 'k': o->keymap = optarg; break;
		case OPT_OFFLINE: o->offline = true; break;
		case OPT_LIST_ACTIONS: o->list = true; break;
		case 'h': o->help = true; break;
		case 'V':
			printf("yichuang %s\n", YC_VERSION);
			return 0;
		default:
			fprintf(stderr, _("Try 'yichuang --help'.\n"));
			return 2;
		}
	}
	return -1;
}

int main(int argc, char **argv)
{
	harden();
	i18n_init(argv[0]);
	Opts o = {0};
	/* Options end at the command: "kb search" has options of its own.
	 * Other commands still take the global ones after them. */
	int rc0 = parse_opts(argc, argv, &o);
	if (rc0 >= 0)
		return rc0;
	const char *command = optind < argc ? argv[optind] : NULL;
	int args = optind;
	if (command && cli_known_command(command) && !cli_takes_args(command)) {
		optind++;
		if ((rc0 = parse_opts(argc, argv, &o)) >= 0)
			return rc0;
		args = optind - 1;
	}
	if ((command && !cli_known_command(command)) || (command && !cli_takes_args(command) && optind < argc)) {
		fprintf(stderr, _("yichuang: unknown command \"%s\"; try 'yichuang --help'.\n"),
			argv[command && cli_known_command(command) ? optind : args]);
		return 2;
	}
	const char *server = o.server, *user = o.user, *config = o.config, *keymap = o.keymap;
	bool offline = o.offline, help = o.help, list = o.list;

	config_load(&app.cfg, config, warn_stderr, NULL);
	if (server) {
		free(app.cfg.server);
		app.cfg.server = xstrdup(server);
	}
	if (user) {
		free(app.cfg.username);
		app.cfg.username = xstrdup(user);
	}
	if (keymap) {
		free(app.cfg.keymap);
		app.cfg.keymap = xstrdup(keymap);
	}
	keymap_setup(app.cfg.keymap, app.cfg.dir, warn_stderr, NULL);
	if (help) {
		cli_usage(stdout);
		return 0;
	}
	if (list) {
		cli_list_actions(stdout);
		return 0;
	}
	cli_offline = offline;

	loop_init();
	ApiOptions opt = {
		.ca_file = app.cfg.ca_file,
		.timeout_ms = app.cfg.timeout * 1000L,
		.connect_timeout_ms = (app.cfg.timeout < 10 ? app.cfg.timeout : 10) * 1000L,
	};
	api_init(app.cfg.server, &opt);
	app_init();

	int rc;
	const char *why = NULL;
	if (command) {
		rc = cli_run(command, argc - args, argv + args);
	} else if (offline && !offline_begin(false, &why)) {
		/* Before curses: say exactly what an offline start needs. */
		fprintf(stderr, _("yichuang: cannot work offline: %s\n"), why);
		rc = 1;
	} else {
		if (warnings.count == 1)
			app_message(true, "%s", warnings.first);
		else if (warnings.count > 1)
			app_message(true, _("%s (and %d more warnings, printed on standard error)"), warnings.first, warnings.count - 1);
		rc = ui_run();
	}
	secret_flush(3000);
	app_free();
	api_shutdown();
	keymap_clear();
	free(warnings.first);
	return rc;
}
