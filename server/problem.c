/* problem: RFC 9457 problem details (application/problem+json) with errors[]. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "server/problem.h"
#include "common/text.h"
#include "common/xalloc.h"
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* Every problem the server answers with: slug, status, title. */
static const struct {
	const char *slug;
	unsigned status;
	const char *title;
} kinds[] = {
	{ "malformed-json", 400, "Malformed JSON" },
	{ "unauthorized", 401, "Unauthorized" },
	{ "invalid-credentials", 401, "Invalid credentials" },
	{ "forbidden", 403, "Forbidden" },
	{ "not-found", 404, "Not found" },
	{ "queue-empty", 404, "Queue empty" },
	{ "method-not-allowed", 405, "Method not allowed" },
	{ "conflict", 409, "Conflict" },
	{ "ticket-state", 409, "Ticket state does not allow this" },
	{ "sync-expired", 410, "Sync token expired" },
	{ "payload-too-large", 413, "Payload too large" },
	{ "unsupported-media-type", 415, "Unsupported media type" },
	{ "invalid-request", 422, "Invalid request" },
	{ "idempotency-key-reuse", 422, "Idempotency key reused" },
	{ "purpose-required", 422, "Purpose required" },
	{ "account-locked", 423, "Account locked" },
	{ "internal", 500, "Internal server error" },
	{ "not-implemented", 501, "Not implemented" },
};

/* The request path as a URI reference: bytes outside the path characters
 * of RFC 3986 are percent-encoded. */
static char *uri_path(const char *path)
{
	static const char keep[] = "/-._~!$&'()*+,;=:@";
	static const char hex[] = "0123456789ABCDEF";
	size_t n = strlen(path);
	char *out = xmalloc(3 * n + 1), *o = out;
	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || strchr(keep, *p)) {
			*o++ = (char)*p;
		} else {
			*o++ = '%';
			*o++ = hex[*p >> 4];
			*o++ = hex[*p & 15];
		}
	}
	*o = '\0';
	return out;
}

/* The table row of a slug, or the "internal" row. */
static int kind_of(const char *slug)
{
	int internal = 0;
	for (int i = 0; i < (int)(sizeof kinds / sizeof kinds[0]); i++) {
		if (strcmp(kinds[i].slug, slug) == 0)
			return i;
		if (strcmp(kinds[i].slug, "internal") == 0)
			internal = i;
	}
	return internal;
}

unsigned problem_status(const char *slug)
{
	return kinds[kind_of(slug)].status;
}

const char *problem_slug_for(unsigned status)
{
	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
		if (kinds[i].status == status)
			return kinds[i].slug;
	return NULL;
}

cJSON *problem_new(const char *slug, const char *instance, const char *detail)
{
	int k = kind_of(slug);
	cJSON *p = cJSON_CreateObject();
	char *type = xasprintf("/problems/%s", kinds[k].slug);
	cJSON_AddStringToObject(p, "type", type);
	free(type);
	cJSON_AddStringToObject(p, "title", kinds[k].title);
	cJSON_AddNumberToObject(p, "status", kinds[k].status);
	/* Both may echo what the client sent: keep them valid, clean UTF-8. */
	if (detail) {
		char *d = text_clean(detail, TEXT_ONE_LINE);
		cJSON_AddStringToObject(p, "detail", d);
		free(d);
	}
	if (instance) {
		char *i = uri_path(instance);
		cJSON_AddStringToObject(p, "instance", i);
		free(i);
	}
	return p;
}

void problem_error(cJSON **errors, const char *field, const char *code, const char *fmt, ...)
{
	if (!*errors)
		*errors = cJSON_CreateArray();
	va_list ap;
	va_start(ap, fmt);
	char *msg = xvasprintf(fmt, ap);
	va_end(ap);
	cJSON *e = cJSON_CreateObject();
	cJSON_AddStringToObject(e, "field", field);
	cJSON_AddStringToObject(e, "code", code);
	cJSON_AddStringToObject(e, "message", msg);
	cJSON_AddItemToArray(*errors, e);
	free(msg);
}
