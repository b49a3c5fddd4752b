/* options: yichuangd's command line. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "server/options.h"
#include "server/faults.h"
#include "server/kb.h"
#include "server/shared.h"
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_LISTEN "127.0.0.1:8470"

void options_usage(FILE *f)
{
	fputs("Usage: yichuangd [OPTION]...\n"
	      "The yichuang backend for one service hall: REST v1 over HTTP.\n"
	      "\n"
	      "  --listen ADDR:PORT   address to listen on (default " DEFAULT_LISTEN ");\n"
	      "                       port 0 picks a free port\n"
	      "  --db FILE            SQLite database (default ./yichuangd.db)\n"
	      "  --demo               seed a demo hall into an empty database and issue\n"
	      "                       demo tickets over time\n"
	      "  --no-demo            the opposite of --demo (the default)\n"
	      "  --demo-rate SECONDS  mean seconds between demo arrivals (default 45;\n"
	      "                       0 turns arrivals off)\n"
	      "  --heartbeat SECONDS  event-stream heartbeat (default 15)\n"
	      "  --demo-scale N       keep N synthetic knowledge-base articles (0 to\n"
	      "                       1000000) for benchmarks; 0 removes them\n"
	      "  --catalog DIR        sync the matter catalog (matters, forms, bundles) from\n"
	      "                       DIR, laid out like the source tree's data/catalog\n"
	      "                       (bundles.json, matters/CODE.json), instead of the\n"
	      "                       catalog built in; changed entries get a new\n"
	      "                       updated_at, so clients sync them (for tests)\n"
	      "  --demo-people        print the demo applicants to try as TSV (kind,\n"
	      "                       identifier, name, what is special) and exit\n"
	      "  --delay SOURCE=MS[,SOURCE=MS...]\n"
	      "                       answer shared-data lookups of SOURCE (people,\n"
	      "                       entities, licenses, credit, proofs) MS milliseconds\n"
	      "                       late, without holding a thread (for benchmarks)\n"
	      "  --faults SPEC        make requests fail, for tests (may be repeated);\n"
	      "                       SPEC is RULE[,RULE...], a RULE is\n"
	      "                       [METHOD ]PATH=ACTION[xCOUNT]: PATH may hold * for\n"
	      "                       any characters; ACTION is a status 400-599 (answered\n"
	      "                       without doing anything), STATUS@FIELD (the same,\n"
	      "                       errors[] naming FIELD), reset (the connection is\n"
	      "                       closed), lost (the request runs, then the connection\n"
	      "                       is closed without the answer) or delay:MS (then the\n"
	      "                       request runs); xCOUNT limits the rule to the next\n"
	      "                       COUNT matching requests, e.g. 'POST /v1/cases=500x1',\n"
	      "                       'GET /v1/credit/*=500', 'POST /v1/cases=lostx1',\n"
	      "                       'POST /v1/cases=422@form.values.applicant.phonex1'\n"
	      "  --help               show this help and exit\n"
	      "  --version            show the version and exit\n"
	      "\n"
	      "The first line on standard output is 'listening on http://ADDR:PORT'.\n"
	      "SIGINT or SIGTERM stops the server cleanly.\n",
	      f);
}

int options_split_listen(const char *s, char *host, size_t hostsz, char *port, size_t portsz)
{
	const char *colon;
	const char *h = s;
	size_t hlen;
	if (*s == '[') {
		const char *close = strchr(s, ']');
		if (!close || close[1] != ':')
			return -1;
		h = s + 1;
		hlen = (size_t)(close - h);
		colon = close + 1;
	} else {
		colon = strrchr(s, ':');
		if (!colon)
			return -1;
		hlen = (size_t)(colon - s);
		if (memchr(s, ':', hlen))
			return -1; /* a bare IPv6 address needs brackets */
	}
	const char *p = colon + 1;
	size_t plen = strlen(p);
	if (hlen == 0 || hlen >= hostsz || plen == 0 || plen > 5 || plen >= portsz)
		return -1;
	for (size_t i = 0; i < plen; i++)
		if (p[i] < '0' || p[i] > '9')
			return -1;
	if (atol(p) > 65535)
		return -1;
	memcpy(host, h, hlen);
	host[hlen] = '\0';
	memcpy(port, p, plen + 1);
	return 0;
}

/* A number of seconds in [min, 86400]; min itself allowed when incl. */
static int seconds(const char *s, double min, bool incl, double *out)
{
	char *end;
	errno = 0;
	double v = strtod(s, &end);
	if (!*s || *end || errno || !isfinite(v) || v > 86400 || v < min || (!incl && v == min))
		return -1;
	*out = v;
	return 0;
}

int options_parse(int argc, char **argv, struct options *o, char *err, size_t errsz)
{
	enum { O_LISTEN = 1, O_DB, O_DEMO, O_NODEMO, O_RATE, O_BEAT, O_HELP, O_VERSION, O_PEOPLE, O_DELAY, O_FAULTS, O_SCALE, O_CATALOG };
	static const struct option longs[] = {
		{ "listen", required_argument, NULL, O_LISTEN },
		{ "db", required_argument, NULL, O_DB },
		{ "demo", no_argument, NULL, O_DEMO },
		{ "no-demo", no_argument, NULL, O_NODEMO },
		{ "demo-rate", required_argument, NULL, O_RATE },
		{ "heartbeat", required_argument, NULL, O_BEAT },
		{ "demo-people", no_argument, NULL, O_PEOPLE },
		{ "demo-scale", required_argument, NULL, O_SCALE },
		{ "delay", required_argument, NULL, O_DELAY },
		{ "faults", required_argument, NULL, O_FAULTS },
		{ "catalog", required_argument, NULL, O_CATALOG },
		{ "help", no_argument, NULL, O_HELP },
		{ "version", no_argument, NULL, O_VERSION },
		{ NULL, 0, NULL, 0 },
	};
	memset(o, 0, sizeof *o);
	options_split_listen(DEFAULT_LISTEN, o->host, sizeof o->host, o->port, sizeof o->port);
	o->db = "./yichuangd.db";
	o->demo_rate = 45;
	o->demo_scale = -1;
	o->heartbeat = 15;
	opterr = 0;
	optind = 1;
	faults_clear();
	shared_delay_parse("", err, errsz);
	int c;
	while ((c = getopt_long(argc, argv, ":", longs, NULL)) != -1) {
		switch (c) {
		case O_LISTEN:
			if (options_split_listen(optarg, o->host, sizeof o->host, o->port, sizeof o->port) != 0) {
				snprintf(err, errsz, "--listen wants ADDR:PORT (e.g. 127.0.0.1:8470 or [::1]:0), not '%s'",
					 optarg);
				return -1;
			}
			break;
		case O_DB:
			if (!*optarg) {
				snprintf(err, errsz, "--db wants a file name");
				return -1;
			}
			o->db = optarg;
			break;
		case O_DEMO:
			o->demo = true;
			break;
		case O_NODEMO:
			o->demo = false;
			break;
		case O_RATE:
			if (seconds(optarg, 0, true, &o->demo_rate) != 0) {
				snprintf(err, errsz, "--demo-rate wants seconds from 0 to 86400, not '%s'", optarg);
				return -1;
			}
			break;
		case O_BEAT:
			if (seconds(optarg, 0, false, &o->heartbeat) != 0) {
				snprintf(err, errsz, "--heartbeat wants seconds above 0 and up to 86400, not '%s'", optarg);
				return -1;
			}
			break;
		case O_PEOPLE:
			o->demo_people = true;
			break;
		case O_SCALE: {
			char *end;
			errno = 0;
			long v = strtol(optarg, &end, 10);
			if (!*optarg || *end || errno || v < 0 || v > KB_SYNTH_MAX) {
				snprintf(err, errsz, "--demo-scale wants a number of articles from 0 to %d, not '%s'",
					 KB_SYNTH_MAX, optarg);
				return -1;
			}
			o->demo_scale = v;
			break;
		}
		case O_DELAY:
			if (shared_delay_parse(optarg, err, errsz) != 0)
				return -1;
			break;
		case O_FAULTS:
			if (faults_add(optarg, err, errsz) != 0)
				return -1;
			break;
		case O_CATALOG:
			if (!*optarg) {
				snprintf(err, errsz, "--catalog wants a directory");
				return -1;
			}
			o->catalog = optarg;
			break;
		case O_HELP:
			o->help = true;
			break;
		case O_VERSION:
			o->version = true;
			break;
		case ':':
			snprintf(err, errsz, "option '%s' needs a value", argv[optind - 1]);
			return -1;
		default:
			snprintf(err, errsz, "unknown option '%s'", argv[optind - 1]);
			return -1;
		}
	}
	if (optind < argc) {
		snprintf(err, errsz, "unexpected argument '%s'", argv[optind]);
		return -1;
	}
	return 0;
}
