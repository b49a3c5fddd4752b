/* timefmt: RFC 3339 times shared by client and server. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef YC_TIMEFMT_H
#define YC_TIMEFMT_H
#include <time.h>
#include <stdint.h>

/* "2026-11-23T08:15:02Z" into out (at least 21 bytes). */
void time_rfc3339(time_t t, char out[21]);
/* Parse RFC 3339 (Z or ±hh:mm offset); -1 when malformed. */
time_t time_parse_rfc3339(const char *s);
/* Monotonic milliseconds. */
int64_t time_mono_ms(void);

#endif
