/* tui-driver: the parts of the pty + libvterm scenario driver and how they meet. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef TUI_DRIVER_H
#define TUI_DRIVER_H
#include <stddef.h>
#include <stdio.h>
#include <sys/resource.h>
#include <sys/types.h>

/* main.c: run-wide settings and the way out */
extern const char *g_build;      /* build directory holding yichuang, yichuangd */
extern const char *g_tmp;        /* this run's temporary directory */
extern int g_verbose;
/* Print "file:line: command: message", the screen and the server log tail,
 * clean up and exit 1. */
void fail(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
/* Stop everything started (client, server) and remove the temp dir. */
void cleanup(void);

/* vars.c: scenario variables ($NAME) and the spawned programs' environment */
void var_set(const char *name, const char *value);
const char *var_get(const char *name);           /* NULL when unset */
void env_set(const char *name, const char *value); /* value NULL: unset */
char **env_build(void);                          /* NULL-terminated; static */

/* script.c: the scenario language */
int script_run(const char *path);                /* 0 passed; fail() otherwise */
extern const char *g_file;                       /* where we are, for messages */
extern int g_line;
extern char g_cmdline[512];

/* term.c: one program in a pty seen through libvterm */
double now_ms(void);
int term_spawn(char *const argv[], char *const envp[], int cols, int rows, char *err, size_t errsz);
long term_pump(int timeout_ms);
int term_wait(int (*cond)(void *), void *arg, int timeout_ms);
void term_settle(int quiet_ms, int max_ms);
int term_reap(int wait_ms);
int term_row(int row, char *out, size_t outsz);
int term_contains(const char *text);
void term_dump(FILE *f);
int term_send(const char *s, size_t n);
int term_resize(int cols, int rows);
int term_running(void);
/* RLIMIT_FSIZE in bytes for the next spawn (0: none). */
extern long term_fsize_limit;
int term_status(int *status, struct rusage *ru);
pid_t term_pid(void);
long long term_bytes(void);
double term_t_spawn(void);
double term_t_last(void);
double term_t_exit(void);
void term_stop(int grace_ms);
void term_watch_fd(int fd, void (*cb)(int fd));

/* keys.c: key name → bytes for a TERM (terminfo) */
int keys_lookup(const char *term, const char *name, char *out, size_t outsz, char *err, size_t errsz);

/* server.c: build/yichuangd under the driver's control */
int server_start(char *const args[], int nargs, char *err, size_t errsz);
void server_kill(void);
int server_restart(char *err, size_t errsz);
int server_stop(char *err, size_t errsz);    /* SIGTERM; -1 unless it exits 0 */
void server_log_tail(FILE *f, int lines);
int server_port(void);

/* http.c: a small HTTP/1.1 client for direct calls to the server */
typedef struct HttpReply {
	int status;
	char *body;     /* NUL-terminated; caller frees */
} HttpReply;
int http_call(int port, const char *method, const char *path, const char *body,
	      const char *token, HttpReply *out, char *err, size_t errsz);
/* The string value of the first "key":"…" in json (naive scan). Caller frees. */
char *json_find_string(const char *json, const char *key);

#endif
