/* park: hold a request for a while without holding a thread (suspend, then resume from a timer thread). */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef YCD_PARK_H
#define YCD_PARK_H
#include <stdbool.h>
#include <stdint.h>

struct MHD_Connection;

/* Suspend the connection until deadline_ms (monotonic): its handler is
 * called again then. False when parking is not running (or stopping): the
 * caller goes on at once. Call only from the handler of that connection. */
bool park_until(struct MHD_Connection *conn, int64_t deadline_ms);
/* The timer thread; park_stop resumes everything still parked. */
int park_start(void);
void park_stop(void);

#endif
