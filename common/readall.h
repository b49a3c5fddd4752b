/* readall: a whole stream or file read into one string. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef YC_READALL_H
#define YC_READALL_H
#include <stddef.h>
#include <stdio.h>

/* Everything left in f (not closed) as a new NUL-terminated string, its
 * length in *len. NULL on a read error (errno set), or EFBIG when it holds
 * more than max bytes (0: no limit). */
char *read_all(FILE *f, size_t max, size_t *len);
/* The same for the file at path. */
char *read_file(const char *path, size_t max, size_t *len);

#endif
