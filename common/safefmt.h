/* safefmt: a printf subset for translated messages that cannot misbehave on
 * a bad translation: %s, %N$s (N 1-9) and %% only. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef YC_SAFEFMT_H
#define YC_SAFEFMT_H
#include <stddef.h>

/* Format fmt into out (n bytes, always terminated) with argv[0..argc-1];
 * a NULL argument is ""; %N$s beyond argc and anything else after % are
 * copied as they stand. */
void safefmt(char *out, size_t n, const char *fmt, const char *const *argv, int argc);

#endif
