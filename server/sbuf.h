/* sbuf: a growing byte buffer for building answers and stream frames. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef YCD_SBUF_H
#define YCD_SBUF_H
#include <stddef.h>

struct sbuf {
	char *p;    /* always NUL-terminated once anything was added */
	size_t len;
	size_t cap;
};

void sbuf_add(struct sbuf *b, const char *s, size_t n);
void sbuf_puts(struct sbuf *b, const char *s);
void sbuf_printf(struct sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Hand the bytes over (never NULL) and empty the buffer. */
char *sbuf_take(struct sbuf *b, size_t *len);
void sbuf_free(struct sbuf *b);
/* Copy src into dst of size bytes, cut at a character boundary, always
 * terminated. */
void scopy(char *dst, size_t size, const char *src);

#endif
