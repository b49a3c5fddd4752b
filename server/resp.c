/* resp: building a handler's answer — JSON, problem details, headers. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "server/http.h"
#include "server/problem.h"
#include "common/jsonx.h"
#include "common/xalloc.h"
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

void resp_text(struct resp *rs, unsigned status, const char *ctype, char *body, size_t len)
{
	free(rs->body);
	rs->status = status;
	rs->ctype = ctype;
	rs->body = body;
	rs->len = len;
}

void resp_json(struct resp *rs, unsigned status, cJSON *obj)
{
	char *s = json_print(obj);
	cJSON_Delete(obj);
	resp_text(rs, status, "application/json", s, strlen(s));
}

void resp_empty(struct resp *rs, unsigned status)
{
	resp_text(rs, status, NULL, NULL, 0);
}

void resp_header(struct resp *rs, const char *name, const char *value)
{
	if (rs->nhdr >= HTTP_MAX_HEADERS)
		return;
	rs->hdr[rs->nhdr].name = name;
	rs->hdr[rs->nhdr].value = xstrdup(value);
	rs->nhdr++;
}

void resp_problem_obj(struct resp *rs, cJSON *p)
{
	unsigned status = (unsigned)json_long(p, "status", 500);
	char *s = json_print(p);
	cJSON_Delete(p);
	resp_text(rs, status, "application/problem+json", s, strlen(s));
}

void resp_problem(struct resp *rs, const struct req *rq, const char *slug, const char *fmt, ...)
{
	char *detail = NULL;
	if (fmt) {
		va_list ap;
		va_start(ap, fmt);
		detail = xvasprintf(fmt, ap);
		va_end(ap);
	}
	resp_problem_obj(rs, problem_new(slug, rq->path, detail));
	free(detail);
}

void resp_invalid(struct resp *rs, const struct req *rq, cJSON *errors)
{
	cJSON *p = problem_new("invalid-request", rq->path, "the request has invalid or missing fields");
	if (errors && cJSON_GetArraySize(errors) > 0)
		cJSON_AddItemToObject(p, "errors", errors);
	else
		cJSON_Delete(errors);
	resp_problem_obj(rs, p);
}
