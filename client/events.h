/* events: the live queue stream: SSE from GET /v1/events with
 * Last-Event-ID resume, reconnect with backoff, online/offline state. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef YC_EVENTS_H
#define YC_EVENTS_H
#include <cjson/cJSON.h>
#include <stdbool.h>

typedef struct EventsHandler {
	/* data is borrowed for the call. */
	void (*on_event)(const char *id, const char *type, const cJSON *data, void *ud);
	/* online true when the stream is up; why says what failed otherwise. */
	void (*on_state)(bool online, const char *why, void *ud);
} EventsHandler;

/* Start (or restart) the stream; reconnects by itself with backoff
 * (0.5 s doubling to 10 s, with jitter) after any failure, resuming after
 * the last event id. No heartbeat for 40 s counts as a failure. */
void events_start(const EventsHandler *h, void *ud);
void events_stop(void);
bool events_online(void);
const char *events_last_id(void);
/* Reconnect now (e.g. on F5), skipping the backoff wait. */
void events_kick(void);
/* Forget the resume point (a new session starts with new events only). */
void events_reset_id(void);
/* Tests: shorter watchdog and backoff (0 keeps the default). */
void events_set_timing(int watchdog_ms, int backoff_min_ms, int backoff_max_ms);

#endif
