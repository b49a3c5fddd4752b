/* demo: seeds a demo hall into an empty database and runs a thread of ticket arrivals. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef YCD_DEMO_H
#define YCD_DEMO_H
#include "server/store.h"
#include <stdint.h>

#define DEMO_HALL_ID "xh01"
#define DEMO_HALL_NAME "徐汇区行政服务中心"
#define DEMO_PASSWORD "demo"

/* Seed the demo hall (categories, windows, staff, a dozen waiting tickets)
 * when the database has no staff yet. 1 seeded, 0 left alone, -1 error. */
int demo_seed(struct store *st, int64_t now);
/* Issue tickets at random with this mean gap (seconds); 0 does nothing. */
int demo_arrivals_start(double mean_seconds);
void demo_arrivals_stop(void);

#endif
