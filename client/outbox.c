/* outbox: the background sender of queued submissions (stub until built). */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "client/outbox.h"

void outbox_listen(void (*fn)(const OutboxEvent *ev, void *ud), void *ud) {}
void outbox_unlisten(void *ud) {}
void outbox_kick(void) {}
void outbox_on_model(unsigned what) {}
void outbox_stop(void) {}
