/* store_int: what store.c and store_migrate.c share (not for other modules). */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef YC_STORE_INT_H
#define YC_STORE_INT_H
#include "client/store.h"

struct Store {
	sqlite3 *db;
	char *path;
	bool wal;
	StoreError last;    /* last failure */
	char *last_msg;     /* its sentence, or NULL */
};

/* Bring the schema of s up to store_latest_version(); STORE_OK or the
 * failure (message kept on s). Each version is applied in its own
 * transaction together with the new user_version. */
StoreError store_migrate(Store *s);
/* store_open_path with an SQLite VFS by name (NULL: the default); tests
 * use "unix-dotfile", which has no shared memory, to see WAL refused. */
Store *store_open_vfs(const char *path, const char *vfs, StoreError *code, char **err);

#endif
