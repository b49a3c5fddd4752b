/* config: $XDG_CONFIG_HOME/yichuang/config ("key = value" lines). */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef YC_CONFIG_H
#define YC_CONFIG_H
#include <stdbool.h>

typedef struct Config {
	char *path;             /* the file read (or that would be read) */
	char *dir;              /* its folder: user keymaps live here too */
	char *server;           /* server = http://127.0.0.1:8470 */
	char *username;         /* username = clerk01 (pre-filled at login) */
	char *password_command; /* password_command = pass show yichuang */
	char *keymap;           /* keymap = default | emacs | vi | a path */
	char *ca_file;          /* ca_file = /path/to/ca.pem */
	int timeout;            /* timeout = 10 (seconds per request) */
	int idle_lock;          /* idle_lock = 15 (minutes; 0 off) */
	bool color;             /* color = yes|no (NO_COLOR also turns it off) */
	char *printer;          /* printer = NAME | default: receipts go to lpr; NULL: not printed */
} Config;

/* Load defaults, then the file at path (NULL: the XDG default). A missing
 * file is fine. Bad lines are reported through warn("file:line: reason")
 * and skipped. Returns 0, or -1 when the file exists but cannot be read. */
int config_load(Config *c, const char *path, void (*warn)(const char *msg, void *ud), void *ud);
void config_free(Config *c);
/* $XDG_CONFIG_HOME/yichuang (or ~/.config/yichuang); caller frees. */
char *config_default_dir(void);

#endif
