/* commands: the scenario language's commands (one table) and the state they share. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef TUI_COMMANDS_H
#define TUI_COMMANDS_H

/* Run one command line already split into words (w[0] is the command). */
void command_run(int argc, char **w);
/* End of scenario checks: the program must not have crashed, the server
 * must stop cleanly. Calls fail() otherwise. */
void commands_finish(void);

/* measure.c: bench measurements, printed as "MEASURE name value" lines */
void cmd_measure(int argc, char **w);

/* Shared with measure.c */
extern const char *c_term;       /* TERM for the next spawn */
extern int c_timeout_ms;         /* default wait timeout */
extern double c_scale;           /* timeouts are multiplied by this (sanitizer builds) */
int keys_send(const char *name); /* one key (NAME or NAME*N); fail() on bad name */
int parse_int(const char *s, const char *what);
void require_client(void);

#endif
