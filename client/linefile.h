/* linefile: what the line-oriented file readers (config, keymap) share. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef YC_LINEFILE_H
#define YC_LINEFILE_H

/* Where a reader sends each problem it finds (NULL: nowhere). */
typedef void (*linefile_warn_fn)(const char *msg, void *ud);

/* Report "file:line: reason" (or "file: reason" when line <= 0). */
void linefile_warn(linefile_warn_fn warn, void *ud, const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

#endif
