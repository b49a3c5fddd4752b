/* case_server: a small POST /v1/cases for the client's tests (over
 * tinyhttp), keeping Idempotency-Key → body like yichuangd: a key seen
 * again with the same body replays its case, with another body is refused;
 * knobs make the next requests fail (500), be refused (422 naming a
 * field), lose their answer after the case was made, or answer late. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef YC_TEST_CASE_SERVER_H
#define YC_TEST_CASE_SERVER_H
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "tests/unit/client/tinyhttp.h"

/* The case numbers it gives: XH01-20261124-0001 and on. */
#define CS_NUMBER "XH01-20261124-%04d"

static struct {
	pthread_mutex_t lock;
	char keys[16][128];
	char bodies[16][8192];
	int ncases;
	int fail_next, lose_next, refuse_next;
	int slow_ms;               /* every answer this late */
	int active, max_active;    /* requests being answered at once */
	const char *refuse_errors; /* the errors[] of a refusal (JSON) */
} CS = {.lock = PTHREAD_MUTEX_INITIALIZER};

/* Forget every case and knob. */
static inline void cs_reset(void)
{
	pthread_mutex_lock(&CS.lock);
	CS.ncases = CS.fail_next = CS.lose_next = CS.refuse_next = CS.slow_ms = 0;
	CS.active = CS.max_active = 0;
	CS.refuse_errors = NULL;
	pthread_mutex_unlock(&CS.lock);
}

static inline void cs_created(int fd, int n, bool replayed)
{
	char out[256];
	snprintf(out, sizeof out, "{\"number\":\"" CS_NUMBER "\",\"query_password\":\"AB12CD\","
		 "\"due_on\":\"2026-12-08\",\"created_at\":\"2026-11-24T02:15:00Z\"}", n + 1);
	th_reply(fd, 201, "application/json", replayed ? "Idempotent-Replayed: true\r\n" : "", out);
}

/* The tinyhttp handler. */
static inline void cs_handler(int fd, const THReq *r, void *ud)
{
	(void)ud;
	if (strcmp(r->path, "/v1/cases") != 0 || strcmp(r->method, "POST") != 0) {
		th_reply(fd, 404, "application/problem+json", "", "{\"type\":\"/problems/not-found\",\"status\":404}");
		return;
	}
	char key[128];
	th_header(r, "Idempotency-Key", key, sizeof key);
	pthread_mutex_lock(&CS.lock);
	if (++CS.active > CS.max_active)
		CS.max_active = CS.active;
	int slow = CS.slow_ms;
	pthread_mutex_unlock(&CS.lock);
	if (slow)
		usleep((useconds_t)slow * 1000);
	pthread_mutex_lock(&CS.lock);
	CS.active--;
	if (CS.fail_next) {
		CS.fail_next--;
		pthread_mutex_unlock(&CS.lock);
		th_reply(fd, 500, "application/problem+json", "",
			 "{\"type\":\"/problems/internal\",\"title\":\"Internal\",\"status\":500,\"detail\":\"boom\"}");
		return;
	}
	if (CS.refuse_next) {
		CS.refuse_next--;
		char body[1024];
		snprintf(body, sizeof body,
			 "{\"type\":\"/problems/invalid-request\",\"title\":\"Invalid\",\"status\":422,\"detail\":\"bad\","
			 "\"errors\":%s}",
			 CS.refuse_errors ? CS.refuse_errors
					  : "[{\"field\":\"form.values.applicant.phone\",\"code\":\"format\",\"message\":\"wrong\"}]");
		pthread_mutex_unlock(&CS.lock);
		th_reply(fd, 422, "application/problem+json", "", body);
		return;
	}
	for (int i = 0; i < CS.ncases; i++)
		if (strcmp(CS.keys[i], key) == 0) {
			bool same = strcmp(CS.bodies[i], r->body) == 0;
			pthread_mutex_unlock(&CS.lock);
			if (same)
				cs_created(fd, i, true);
			else
				th_reply(fd, 422, "application/problem+json", "",
					 "{\"type\":\"/problems/idempotency-key-reuse\",\"status\":422}");
			return;
		}
	int n = CS.ncases++;
	snprintf(CS.keys[n], sizeof CS.keys[n], "%s", key);
	snprintf(CS.bodies[n], sizeof CS.bodies[n], "%s", r->body);
	bool lose = CS.lose_next > 0;
	if (lose)
		CS.lose_next--;
	pthread_mutex_unlock(&CS.lock);
	if (!lose) /* lost: the case exists, its answer never comes */
		cs_created(fd, n, false);
}

#endif
