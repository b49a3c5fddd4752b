/* xalloc: allocation that never returns NULL silently (aborts with a message). */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef YC_XALLOC_H
#define YC_XALLOC_H
#include <stddef.h>
#include <stdarg.h>

void *xmalloc(size_t n);
void *xcalloc(size_t nmemb, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);            /* NULL in, NULL out */
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *xvasprintf(const char *fmt, va_list ap);
/* Overwrite then free a string that held a secret (token, password). */
void xfree_secret(char *s);
/* Overwrite n bytes in a way the compiler cannot drop. */
void xwipe(void *p, size_t n);

#endif
