/* options: yichuangd's command line. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef YCD_OPTIONS_H
#define YCD_OPTIONS_H
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct options {
	char host[256];     /* from --listen ADDR:PORT */
	char port[8];
	const char *db;
	bool demo;
	double demo_rate;   /* mean seconds between demo arrivals; 0 = none */
	double heartbeat;   /* SSE heartbeat seconds */
	bool demo_people;   /* print the demo applicants and exit */
	long demo_scale;    /* --demo-scale N synthetic articles; -1 when not given */
	const char *catalog; /* --catalog DIR instead of the embedded catalog, or NULL */
	bool help;
	bool version;
};

/* Parse argv into o (defaults first). 0 on success, -1 with a message in
 * err when an option is unknown, missing its value or out of range.
 * --delay and --faults take effect as they are parsed (both start empty). */
int options_parse(int argc, char **argv, struct options *o, char *err, size_t errsz);
/* Split "ADDR:PORT" or "[V6]:PORT"; -1 when malformed. */
int options_split_listen(const char *s, char *host, size_t hostsz, char *port, size_t portsz);
void options_usage(FILE *f);

#endif
