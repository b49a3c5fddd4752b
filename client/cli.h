/* cli: what the command line prints and the subcommands that run without
 * the curses UI (logout, check). */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef YC_CLI_H
#define YC_CLI_H
#include <stdbool.h>
#include <stdio.h>

bool cli_known_command(const char *name);
/* Whether the command takes arguments of its own (kb search …). */
bool cli_takes_args(const char *name);
/* --help: options, commands, the default keys (from the loaded keymap),
 * files and environment. */
void cli_usage(FILE *out);
/* --list-actions: every action, its help and its keys per context. */
void cli_list_actions(FILE *out);
/* Run a subcommand with the loop, api and app set up; argv[0] is its
 * name, the rest its arguments. Exit status. */
int cli_run(const char *name, int argc, char **argv);
/* --offline was given before the command. */
extern bool cli_offline;
/* yichuang kb search QUERY [--json] [--offline] [--limit N] (cli_kb.c). */
int cli_kb(int argc, char **argv);
/* yichuang drafts list [--json] | export ID [FILE] | import FILE
 * (cli_drafts.c). */
int cli_drafts(int argc, char **argv);
/* yichuang sync: log in (keyring or password_command), sync the cache,
 * send the outbox, print a summary; non-zero when something needs
 * attention or could not be sent (cli_sync.c). */
int cli_sync(int argc, char **argv);

#endif
