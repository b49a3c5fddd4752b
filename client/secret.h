/* secret: where the refresh token and password come from. The Secret Service
 * (libsecret) is called on a worker thread with a timeout and answers
 * through the loop; with no keyring the token is simply not kept (never a
 * plain file), and the password comes from password_command or a prompt. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef YC_SECRET_H
#define YC_SECRET_H
#include <stdbool.h>

/* value is NULL when nothing was found or the keyring is unavailable; why
 * then says which ("no keyring", "timed out" …). value is wiped and freed
 * after the callback: copy it if needed. */
typedef void (*secret_cb)(const char *value, const char *why, void *ud);

/* Look up / store / clear the refresh token for (server, username). Each
 * runs on a worker thread with a timeout of timeout_ms and calls cb from the
 * loop exactly once (cb may be NULL for store and clear). */
void secret_lookup(const char *server, const char *username, int timeout_ms, secret_cb cb, void *ud);
void secret_store(const char *server, const char *username, const char *token, int timeout_ms, secret_cb cb, void *ud);
void secret_clear(const char *server, const char *username, int timeout_ms, secret_cb cb, void *ud);

/* Before exit: wait (at most timeout_ms) for keyring workers still running,
 * so a token stored or cleared just before quitting is not lost. */
void secret_flush(int timeout_ms);

/* Run password_command (via /bin/sh -c, stdin from /dev/null, stdout read
 * to the first newline) without blocking the loop; killed after timeout_ms.
 * cb gets the password or NULL with why. */
void secret_password_command(const char *command, int timeout_ms, secret_cb cb, void *ud);

/* Blocking variants for command-line subcommands (no loop running).
 * Return a new string the caller wipes (xfree_secret) or NULL; *why set. */
char *secret_lookup_sync(const char *server, const char *username, int timeout_ms, const char **why);
int secret_clear_sync(const char *server, const char *username, int timeout_ms, const char **why);
char *secret_password_command_sync(const char *command, int timeout_ms, const char **why);
/* Whether a lookup's why means the keyring answered and holds no token
 * (as opposed to a keyring that could not be asked: no bus, timeout). */
bool secret_why_absent(const char *why);

#endif
