/* store: open the client's SQLite file (folder 0700, file 0600, WAL or a
 * rollback journal), classify failures into clear sentences, key/value. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "client/store.h"
#include "client/store_int.h"
#include "client/paths.h"
#include "client/i18n.h"
#include "common/xalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <stdio.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/vfs.h>
#include <unistd.h>

#define BUSY_TIMEOUT_MS 2000

/* Filesystems where WAL's shared memory cannot be trusted (statfs magic). */
static const unsigned long network_fs[] = {
	0x6969,     /* NFS */
	0x517B,     /* SMB */
	0xFF534D42, /* CIFS */
	0xFE534D42, /* SMB2 */
	0x65735546, /* FUSE (sshfs …) */
	0x01021997, /* 9P (VM shared folders) */
	0x5346414F, /* AFS */
	0x73757245, /* Coda */
	0x00C36400, /* Ceph */
};

/* Letters, digits, dash and single dots of s kept (others become one
 * '_'; no ".."), at most max. */
static void name_part(char *out, const char *s, size_t max)
{
	size_t n = 0;
	for (; *s && n < max; s++) {
		char c = *s;
		bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
			  (c == '.' && n > 0 && out[n - 1] != '.' && out[n - 1] != '_');
		if (!ok && n > 0 && out[n - 1] == '_')
			continue;
		out[n++] = ok ? c : '_';
	}
	out[n] = '\0';
}

/* FNV-1a, 64 bits: tells apart names that sanitize to the same text. */
static uint64_t fnv64(const char *a, const char *b)
{
	uint64_t h = 1469598103934665603ULL;
	for (const char *p = a; *p; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211ULL;
	h = (h ^ '\n') * 1099511628211ULL;
	for (const char *p = b; *p; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211ULL;
	return h;
}

/* $XDG_DATA_HOME/yichuang, or ~/.local/share/yichuang. */
static char *data_dir(void)
{
	const char *x = getenv("XDG_DATA_HOME");
	if (x && *x == '/')
		return xasprintf("%s/yichuang", x);
	const char *home = getenv("HOME");
	return xasprintf("%s/.local/share/yichuang", home && *home ? home : ".");
}

char *store_default_path(const char *server, const char *username)
{
	server = server ? server : "";
	username = username ? username : "";
	const char *host = strstr(server, "://");
	host = host ? host + 3 : server;
	char h[64], u[48];
	name_part(h, host, sizeof h - 1);
	name_part(u, username, sizeof u - 1);
	char *dir = data_dir();
	char *p = xasprintf("%s/%s-%s-%08x.db", dir, h[0] ? h : "server", u[0] ? u : "user",
			    (unsigned)(fnv64(server, username) & 0xffffffffu));
	free(dir);
	return p;
}

/* Hand a failure to the caller: its class, and the sentence (or free it). */
static void set_error(StoreError *code, char **err, StoreError c, char *msg)
{
	if (code)
		*code = c;
	if (err)
		*err = msg;
	else
		free(msg);
}

/* The folder 0700 and the file 0600, before SQLite opens it (its -wal and
 * -shm files then take the same mode). 0 or an errno, *where the path. */
static int prepare_file(const char *path, const char **where, char **dir_out)
{
	char *dir = xstrdup(path);
	char *slash = strrchr(dir, '/');
	*dir_out = dir;
	if (slash && slash != dir) {
		*slash = '\0';
		int e = paths_make_dirs(dir);
		if (e) {
			*where = dir;
			return e;
		}
		struct stat st;
		if (stat(dir, &st) == 0 && st.st_uid == geteuid() && (st.st_mode & 077))
			chmod(dir, 0700);
	}
	*where = path;
	int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0)
		return errno;
	struct stat st;
	if (fstat(fd, &st) == 0 && (st.st_mode & 077))
		fchmod(fd, 0600);
	close(fd);
	return 0;
}

/* Is path on a filesystem where WAL cannot be trusted? */
static bool on_network_fs(const char *path)
{
	struct statfs fs;
	if (statfs(path, &fs) != 0)
		return false;
	for (size_t i = 0; i < sizeof network_fs / sizeof network_fs[0]; i++)
		if ((unsigned long)fs.f_type == network_fs[i])
			return true;
	return false;
}

/* One pragma whose answer is a text ("wal"); NULL on failure. */
static char *pragma_text(sqlite3 *db, const char *sql, int *rc)
{
	sqlite3_stmt *st = NULL;
	char *out = NULL;
	*rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);
	if (*rc == SQLITE_OK) {
		*rc = sqlite3_step(st);
		if (*rc == SQLITE_ROW) {
			const unsigned char *t = sqlite3_column_text(st, 0);
			out = xstrdup(t ? (const char *)t : "");
			*rc = SQLITE_OK;
		} else if (*rc == SQLITE_DONE) {
			*rc = SQLITE_OK;
		}
	}
	sqlite3_finalize(st);
	return out;
}

/* No page written yet (a file just made). */
static bool is_empty(sqlite3 *db)
{
	int rc;
	char *n = pragma_text(db, "PRAGMA page_count", &rc);
	bool empty = n && atoi(n) == 0;
	free(n);
	return empty;
}

/* WAL, or a rollback journal where WAL cannot work: on a network
 * filesystem, or when SQLite refuses WAL (no shared memory). */
static int set_journal(Store *s)
{
	int rc = SQLITE_OK;
	char *mode = NULL;
	if (!on_network_fs(s->path))
		mode = pragma_text(s->db, "PRAGMA journal_mode=WAL", &rc);
	s->wal = mode && strcmp(mode, "wal") == 0;
	free(mode);
	if (rc == SQLITE_BUSY || rc == SQLITE_NOTADB || rc == SQLITE_CORRUPT || (rc & 0xff) == SQLITE_FULL)
		return rc;
	if (!s->wal) {
		mode = pragma_text(s->db, "PRAGMA journal_mode=DELETE", &rc);
		free(mode);
	}
	return rc;
}

Store *store_open_vfs(const char *path, const char *vfs, StoreError *code, char **err)
{
	const char *where = path;
	char *dir = NULL;
	int e = prepare_file(path, &where, &dir);
	if (e) {
		StoreError c = (e == EACCES || e == EROFS || e == EPERM) ? STORE_E_READONLY
			     : (e == ENOSPC || e == EDQUOT) ? STORE_E_FULL : STORE_E_OPEN;
		set_error(code, err, c,
			  xasprintf(_("Cannot create the local store %s: %s (%s). Check that the folder can be written, or set XDG_DATA_HOME to one that can."),
				    path, where, strerror(e)));
		free(dir);
		return NULL;
	}
	free(dir);
	/* A write past a file size limit must fail (and be reported as a full
	 * disk), not kill the program with SIGXFSZ. */
	struct sigaction sa;
	if (sigaction(SIGXFSZ, NULL, &sa) == 0 && sa.sa_handler == SIG_DFL)
		signal(SIGXFSZ, SIG_IGN);
	Store *s = xcalloc(1, sizeof *s);
	s->path = xstrdup(path);
	int rc = sqlite3_open_v2(path, &s->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, vfs);
	if (rc == SQLITE_OK) {
		sqlite3_extended_result_codes(s->db, 1);
		sqlite3_busy_timeout(s->db, BUSY_TIMEOUT_MS);
		/* Reading the header finds a file that is not a database. */
		rc = sqlite3_exec(s->db, "SELECT count(*) FROM sqlite_master", NULL, NULL, NULL);
	}
	/* A new file gives pages freed by merges back (PRAGMA incremental_vacuum). */
	if (rc == SQLITE_OK && is_empty(s->db))
		rc = sqlite3_exec(s->db, "PRAGMA auto_vacuum=INCREMENTAL", NULL, NULL, NULL);
	if (rc == SQLITE_OK)
		rc = set_journal(s);
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(s->db, "PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY", NULL, NULL, NULL);
	StoreError c = STORE_OK;
	if (rc != SQLITE_OK)
		c = store_fail(s, rc, _("opening"));
	else
		c = store_migrate(s);
	if (c != STORE_OK) {
		set_error(code, err, c, xstrdup(s->last_msg ? s->last_msg : "?"));
		store_close(s);
		return NULL;
	}
	/* Start with an empty write-ahead log (what the last run left is
	 * copied into the file): it grows only as this run writes, and a full
	 * disk shows at the first write that needs room, not at a random one.
	 * Busy (another connection reading) only means it stays as it is. */
	if (s->wal)
		sqlite3_exec(s->db, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL);
	/* The log starts again after a checkpoint: cut it back then instead
	 * of keeping the size the knowledge sync once needed. */
	sqlite3_exec(s->db, "PRAGMA journal_size_limit=0", NULL, NULL, NULL);
	if (code)
		*code = STORE_OK;
	return s;
}

Store *store_open_path(const char *path, StoreError *code, char **err)
{
	return store_open_vfs(path, NULL, code, err);
}

Store *store_open(const char *server, const char *username, StoreError *code, char **err)
{
	char *path = store_default_path(server, username);
	Store *s = store_open_path(path, code, err);
	free(path);
	return s;
}

Store *store_clone(const Store *orig, StoreError *code, char **err)
{
	Store *s = xcalloc(1, sizeof *s);
	s->path = xstrdup(orig->path);
	s->wal = orig->wal;
	int rc = sqlite3_open_v2(s->path, &s->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc == SQLITE_OK) {
		sqlite3_extended_result_codes(s->db, 1);
		sqlite3_busy_timeout(s->db, BUSY_TIMEOUT_MS);
		rc = sqlite3_exec(s->db, "PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY", NULL, NULL, NULL);
	}
	if (rc != SQLITE_OK) {
		StoreError c = store_fail(s, rc, _("opening"));
		set_error(code, err, c, xstrdup(s->last_msg));
		store_close(s);
		return NULL;
	}
	if (code)
		*code = STORE_OK;
	return s;
}

void store_close(Store *s)
{
	if (!s)
		return;
	sqlite3_close_v2(s->db);
	free(s->path);
	free(s->last_msg);
	free(s);
}

sqlite3 *store_db(Store *s) { return s->db; }
const char *store_path(const Store *s) { return s->path; }
bool store_is_wal(const Store *s) { return s->wal; }
StoreError store_last_error(const Store *s) { return s->last; }
const char *store_last_message(const Store *s) { return s->last_msg; }

int store_schema_version(Store *s)
{
	sqlite3_stmt *st = NULL;
	int v = -1;
	if (sqlite3_prepare_v2(s->db, "PRAGMA user_version", -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return v;
}

/* SQLite's primary result codes, by class. */
static const struct { int rc; StoreError e; } classes[] = {
	{SQLITE_BUSY, STORE_E_LOCKED},   {SQLITE_LOCKED, STORE_E_LOCKED},
	{SQLITE_CORRUPT, STORE_E_CORRUPT}, {SQLITE_NOTADB, STORE_E_CORRUPT},
	{SQLITE_FULL, STORE_E_FULL},     {SQLITE_READONLY, STORE_E_READONLY},
	{SQLITE_PERM, STORE_E_READONLY}, {SQLITE_AUTH, STORE_E_READONLY},
	{SQLITE_CANTOPEN, STORE_E_OPEN}, {SQLITE_IOERR, STORE_E_IO},
	{SQLITE_NOMEM, STORE_E_OTHER},
};

StoreError store_classify(int rc)
{
	if (rc == SQLITE_OK || rc == SQLITE_DONE || rc == SQLITE_ROW)
		return STORE_OK;
	for (size_t i = 0; i < sizeof classes / sizeof classes[0]; i++)
		if ((rc & 0xff) == classes[i].rc)
			return classes[i].e;
	return STORE_E_OTHER;
}

/* Is a file of the store (or its journal) at the file size limit? */
static bool at_size_limit(const char *path)
{
	struct rlimit rl;
	if (!path || getrlimit(RLIMIT_FSIZE, &rl) != 0 || rl.rlim_cur == RLIM_INFINITY)
		return false;
	static const char *const ext[] = {"", "-wal", "-journal"};
	for (size_t i = 0; i < sizeof ext / sizeof ext[0]; i++) {
		char f[4096];
		struct stat sb;
		snprintf(f, sizeof f, "%s%s", path, ext[i]);
		if (stat(f, &sb) == 0 && (rlim_t)sb.st_size + 65536 >= rl.rlim_cur)
			return true;
	}
	return false;
}

/* Less than a megabyte left on the store's filesystem? */
static bool disk_nearly_full(const char *path)
{
	struct statvfs fs;
	if (!path || statvfs(path, &fs) != 0)
		return false;
	return (unsigned long long)fs.f_bavail * fs.f_frsize < (1u << 20);
}

/* The class, refined for an I/O error: a write refused for space
 * (ENOSPC, EDQUOT) or size (EFBIG: RLIMIT_FSIZE) is a full disk. SQLite
 * does not always keep the errno, so the disk and the limit are looked at
 * too. */
static StoreError classify_db(sqlite3 *db, const char *path, int rc)
{
	StoreError c = store_classify(rc);
	if (c == STORE_E_IO) {
		int e = db ? sqlite3_system_errno(db) : 0;
		if (e == ENOSPC || e == EDQUOT || e == EFBIG || at_size_limit(path) || disk_nearly_full(path))
			c = STORE_E_FULL;
	}
	return c;
}

char *store_error_text(const Store *s, int rc, const char *what)
{
	const char *path = s ? s->path : "?";
	StoreError c = classify_db(s ? s->db : NULL, s ? s->path : NULL, rc);
	const char *detail = s && s->db ? sqlite3_errmsg(s->db) : sqlite3_errstr(rc);
	switch (c) {
	case STORE_E_FULL:
		return xasprintf(_("The disk holding the local store %s is full (or a file size limit was reached) while %s. Nothing saved before was lost; free some space and try again."),
				 path, what);
	case STORE_E_LOCKED:
		return xasprintf(_("The local store %s is in use by another program (another yichuang?) while %s. Close it and try again."),
				 path, what);
	case STORE_E_CORRUPT:
		return xasprintf(_("The local store %s is damaged or is not a yichuang store (%s) while %s. Move it aside and start again: a new one is made (drafts in the old file are not read)."),
				 path, detail, what);
	case STORE_E_READONLY:
		return xasprintf(_("The local store %s cannot be written (%s) while %s. Check the file's and its folder's permissions."),
				 path, detail, what);
	case STORE_E_OPEN:
		return xasprintf(_("The local store %s cannot be opened (%s) while %s."), path, detail, what);
	default:
		return xasprintf(_("The local store %s failed while %s: %s."), path, what, detail);
	}
}

StoreError store_fail(Store *s, int rc, const char *what)
{
	free(s->last_msg);
	s->last_msg = store_error_text(s, rc, what);
	s->last = classify_db(s->db, s->path, rc);
	return s->last;
}

bool store_exec(Store *s, const char *sql)
{
	int rc = sqlite3_exec(s->db, sql, NULL, NULL, NULL);
	if (rc != SQLITE_OK) {
		store_fail(s, rc, _("writing"));
		return false;
	}
	return true;
}

bool store_begin(Store *s)
{
	int rc = sqlite3_exec(s->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
	if (rc != SQLITE_OK) {
		store_fail(s, rc, _("starting to write"));
		return false;
	}
	return true;
}

bool store_commit(Store *s)
{
	int rc = sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL);
	if (rc != SQLITE_OK) {
		store_fail(s, rc, _("saving"));
		store_rollback(s);
		return false;
	}
	return true;
}

void store_rollback(Store *s)
{
	if (!sqlite3_get_autocommit(s->db))
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
}

char *store_kv_get(Store *s, const char *key)
{
	sqlite3_stmt *st = NULL;
	char *v = NULL;
	int rc = sqlite3_prepare_v2(s->db, "SELECT value FROM kv WHERE key=?", -1, &st, NULL);
	if (rc == SQLITE_OK) {
		sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW)
			v = xstrdup((const char *)sqlite3_column_text(st, 0));
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		store_fail(s, rc, _("reading"));
	sqlite3_finalize(st);
	return v;
}

/* One statement with up to two text parameters. */
static bool exec2(Store *s, const char *sql, const char *a, const char *b)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);
	if (rc == SQLITE_OK) {
		sqlite3_bind_text(st, 1, a, -1, SQLITE_STATIC);
		if (b)
			sqlite3_bind_text(st, 2, b, -1, SQLITE_STATIC);
		rc = sqlite3_step(st);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		store_fail(s, rc, _("writing"));
		return false;
	}
	return true;
}

bool store_kv_set(Store *s, const char *key, const char *value)
{
	return exec2(s, "INSERT INTO kv(key, value) VALUES(?, ?) ON CONFLICT(key) DO UPDATE SET value=excluded.value",
		     key, value ? value : "");
}

bool store_kv_delete(Store *s, const char *key)
{
	return exec2(s, "DELETE FROM kv WHERE key=?", key, NULL);
}
