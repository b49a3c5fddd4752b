/* http: libmicrohttpd glue — request bodies, dispatch through the route table, answers, the request log. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef YCD_HTTP_H
#define YCD_HTTP_H
#include "server/auth.h"
#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#define HTTP_MAX_BODY (64 * 1024)
#define HTTP_MAX_PARAMS 4
#define HTTP_MAX_HEADERS 6

struct MHD_Connection;
struct MHD_Response;

/* A request as a handler sees it. */
struct req {
	const char *method;
	const char *path;                      /* decoded, without the query */
	const char *params[HTTP_MAX_PARAMS];   /* path parameters in pattern order */
	int nparams;
	const char *body;
	size_t body_len;
	cJSON *json;                           /* the body as an object, or NULL when empty */
	const struct principal *who;           /* NULL on public routes */
	struct MHD_Connection *conn;
	bool again;                            /* called again after a park */
	void *ctx;                             /* handler state kept across parks */
	void (*ctx_free)(void *ctx);
};

/* The answer a handler builds. */
struct resp {
	unsigned status;
	char *body;                            /* owned */
	size_t len;
	const char *ctype;
	struct {
		const char *name;
		char *value;                   /* owned */
	} hdr[HTTP_MAX_HEADERS];
	int nhdr;
	int64_t idem_session;                  /* a token pair: replays re-mint for this session */
	bool parked;                           /* the handler suspended the connection */
	struct MHD_Response *stream;           /* a streaming answer the handler made */
};

/* Request accessors. */
const char *req_header(const struct req *rq, const char *name);
const char *req_query(const struct req *rq, const char *name);

/* Answer builders (resp.c). */
void resp_json(struct resp *rs, unsigned status, cJSON *obj);            /* takes obj */
void resp_text(struct resp *rs, unsigned status, const char *ctype, char *body, size_t len); /* takes body */
void resp_empty(struct resp *rs, unsigned status);
void resp_header(struct resp *rs, const char *name, const char *value);
/* A problem: the status comes from the slug; detail is printf-style. */
void resp_problem(struct resp *rs, const struct req *rq, const char *slug, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* A problem object built by the caller (status read from it); takes p. */
void resp_problem_obj(struct resp *rs, cJSON *p);
/* 422 invalid-request with errors[] (takes errors). */
void resp_invalid(struct resp *rs, const struct req *rq, cJSON *errors);

/* Server start and stop. */
struct http_config {
	int listen_fd;          /* bound, listening socket */
	unsigned threads;       /* epoll worker threads */
	unsigned conn_limit;
	double heartbeat;       /* SSE heartbeat seconds */
};
int http_start(const struct http_config *cfg);
void http_stop(void);
/* The heartbeat interval in ms (for the events route). */
int64_t http_heartbeat_ms(void);

#endif
