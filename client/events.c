/* events: the live queue stream: GET /v1/events as SSE, resumed after the
 * last id, reconnected with backoff and jitter, watched for silence. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "client/events.h"
#include "client/api.h"
#include "client/i18n.h"
#include "client/loop.h"
#include "client/sse.h"
#include "common/jsonx.h"
#include "common/xalloc.h"

#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

static struct {
	bool running;
	EventsHandler h;
	void *ud;
	unsigned stream;         /* api handle, 0 when not connected */
	SseParser *parser;
	bool online;
	char *why;               /* the last reason given while offline */
	char *last_id;
	int64_t backoff_ms;
	int64_t opened_at;       /* when the stream last opened */
	int64_t last_byte;       /* when the stream last said anything */
	unsigned retry_timer, watchdog_timer;
	int watchdog_ms, backoff_min_ms, backoff_max_ms;
} E = { .watchdog_ms = 40000, .backoff_min_ms = 500, .backoff_max_ms = 10000 };

static void connect_now(void);
static void on_retry(void *ud);

void events_set_timing(int watchdog_ms, int backoff_min_ms, int backoff_max_ms)
{
	E.watchdog_ms = watchdog_ms > 0 ? watchdog_ms : 40000;
	E.backoff_min_ms = backoff_min_ms > 0 ? backoff_min_ms : 500;
	E.backoff_max_ms = backoff_max_ms >= E.backoff_min_ms ? backoff_max_ms : E.backoff_min_ms;
}

bool events_online(void)
{
	return E.online;
}

const char *events_last_id(void)
{
	return E.last_id ? E.last_id : "";
}

/* Tell the owner when the state (or, offline, the reason) changes. */
static void set_state(bool online, const char *why)
{
	bool changed = online != E.online ||
		       (!online && (!E.why || !why || strcmp(E.why, why) != 0));
	E.online = online;
	free(E.why);
	E.why = xstrdup(why);
	if (changed && E.h.on_state)
		E.h.on_state(online, why, E.ud);
}

/* One complete SSE event: hand its JSON data to the owner. */
static void on_sse(const char *id, const char *type, const char *data, void *ud)
{
	if (id) {
		free(E.last_id);
		E.last_id = xstrdup(id);
	}
	cJSON *j = json_parse_n(data, strlen(data));
	if (!j)
		return; /* malformed event: skipped, the queue re-fetch repairs */
	if (E.h.on_event)
		E.h.on_event(id, type, j, E.ud);
	cJSON_Delete(j);
}

static void drop_stream(void)
{
	if (E.stream)
		api_cancel(E.stream);
	E.stream = 0;
	loop_timer_cancel(E.watchdog_timer);
	E.watchdog_timer = 0;
}

/* Wait, then connect again; the wait doubles up to the maximum, with
 * jitter so a hall full of clients does not reconnect in step. */
static void schedule_retry(const char *why)
{
	drop_stream();
	set_state(false, why);
	if (!E.running)
		return;
	/* A stream that stayed up a while was healthy: start small again. */
	if (E.opened_at && loop_now() - E.opened_at >= 10000)
		E.backoff_ms = E.backoff_min_ms;
	E.opened_at = 0;
	uint32_t rnd = 0;
	if (getrandom(&rnd, sizeof rnd, GRND_NONBLOCK) != (ssize_t)sizeof rnd)
		rnd = (uint32_t)rand();
	int64_t b = E.backoff_ms;
	int64_t delay = b * 3 / 4 + (int64_t)(rnd % (uint32_t)(b / 2 + 1));
	E.backoff_ms = b * 2 > E.backoff_max_ms ? E.backoff_max_ms : b * 2;
	loop_timer_cancel(E.retry_timer);
	E.retry_timer = loop_timer_add(delay, on_retry, NULL);
}

/* No byte for watchdog_ms: the stream is dead even if TCP says nothing. */
static void on_watchdog(void *ud)
{
	E.watchdog_timer = 0;
	int64_t quiet = loop_now() - E.last_byte;
	if (quiet < E.watchdog_ms) {
		E.watchdog_timer = loop_timer_add(E.watchdog_ms - quiet, on_watchdog, NULL);
		return;
	}
	schedule_retry(_("no heartbeat from the server"));
}

static void on_data(const char *buf, size_t len, void *ud)
{
	E.last_byte = loop_now();
	if (len == 0) {
		E.opened_at = loop_now();
		set_state(true, NULL);
		return;
	}
	sse_feed(E.parser, buf, len);
}

static void on_done(long status, const char *error, void *ud)
{
	E.stream = 0;
	char *why;
	if (error)
		why = xstrdup(error);
	else if (status == 200)
		why = xstrdup(_("the server closed the events stream"));
	else
		why = xasprintf(_("the events stream was refused (HTTP %ld)"), status);
	schedule_retry(why);
	free(why);
}

/* Open the stream, resuming after the last id seen. */
static void connect_now(void)
{
	E.retry_timer = 0;
	drop_stream();
	if (!E.running)
		return;
	sse_free(E.parser);
	E.parser = sse_new(on_sse, NULL);
	E.last_byte = loop_now();
	E.watchdog_timer = loop_timer_add(E.watchdog_ms, on_watchdog, NULL);
	E.stream = api_stream("/v1/events", E.last_id, on_data, on_done, NULL);
}

static void on_retry(void *ud)
{
	connect_now();
}

void events_start(const EventsHandler *h, void *ud)
{
	events_stop();
	E.h = *h;
	E.ud = ud;
	E.running = true;
	E.backoff_ms = E.backoff_min_ms;
	connect_now();
}

void events_stop(void)
{
	E.running = false;
	drop_stream();
	loop_timer_cancel(E.retry_timer);
	E.retry_timer = 0;
	E.online = false;
	free(E.why);
	E.why = NULL;
	sse_free(E.parser);
	E.parser = NULL;
}

void events_kick(void)
{
	if (!E.running || E.online)
		return;
	E.backoff_ms = E.backoff_min_ms;
	loop_timer_cancel(E.retry_timer);
	connect_now();
}

/* Forget the resume point (a new session starts with new events only). */
void events_reset_id(void)
{
	free(E.last_id);
	E.last_id = NULL;
}
