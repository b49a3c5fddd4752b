/* route_meta: GET /v1/health and GET /v1/meta. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "server/model_json.h"
#include "server/routes.h"
#include "server/version.h"
#include <time.h>

/* Liveness: answers without touching the database. */
void route_health(struct req *rq, struct resp *rs)
{
	(void)rq;
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "status", "ok");
	cJSON_AddItemToObject(o, "time", json_time(time(NULL)));
	resp_json(rs, 200, o);
}

/* What this server is and can do, so a client can adapt. */
void route_meta(struct req *rq, struct resp *rs)
{
	static const char *const caps[] = { "auth", "queue", "events", "events-longpoll", "shared-data", "catalog",
					    "cases", "knowledge" };
	struct store *st = store_thread();
	if (!st) {
		resp_problem(rs, rq, "internal", "the database is not available");
		return;
	}
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "api_version", YCD_API_VERSION);
	cJSON_AddStringToObject(o, "server", "yichuangd");
	cJSON_AddStringToObject(o, "server_version", YCD_VERSION);
	cJSON_AddItemToObject(o, "server_time", json_time(time(NULL)));
	cJSON_AddItemToObject(o, "hall", json_hall(st));
	cJSON *c = cJSON_AddArrayToObject(o, "capabilities");
	for (size_t i = 0; i < sizeof caps / sizeof caps[0]; i++)
		cJSON_AddItemToArray(c, cJSON_CreateString(caps[i]));
	resp_json(rs, 200, o);
}
