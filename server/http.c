/* http: libmicrohttpd glue — request bodies, dispatch through the route table, answers, the request log. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "server/http.h"
#include "server/faults.h"
#include "server/idem.h"
#include "server/model_json.h"
#include "server/park.h"
#include "server/problem.h"
#include "server/routes.h"
#include "server/sbuf.h"
#include "common/jsonx.h"
#include "common/text.h"
#include "common/timefmt.h"
#include "common/xalloc.h"
#include <microhttpd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

static struct MHD_Daemon *g_daemon;
static int64_t g_heartbeat_ms = 15000;

/* Everything MHD keeps for one request between its calls. */
struct conn_state {
	struct timespec t0;
	struct sbuf body;
	bool too_large;
	const struct route *route;  /* set once dispatched; a parked request runs it again */
	char *scratch;              /* path parameters */
	struct principal who;
	char *idem_scope;           /* a claimed Idempotency-Key */
	char *idem_key;
	bool fault_checked;         /* --faults looked at this request */
	bool fault_lost;            /* --faults "lost": run it, then drop the answer */
	struct req rq;
};

int64_t http_heartbeat_ms(void)
{
	return g_heartbeat_ms;
}

const char *req_header(const struct req *rq, const char *name)
{
	return MHD_lookup_connection_value(rq->conn, MHD_HEADER_KIND, name);
}

const char *req_query(const struct req *rq, const char *name)
{
	return MHD_lookup_connection_value(rq->conn, MHD_GET_ARGUMENT_KIND, name);
}

/* Milliseconds since t0. */
static double ms_since(const struct timespec *t0)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - t0->tv_sec) * 1e3 + (double)(t.tv_nsec - t0->tv_nsec) / 1e6;
}

/* The request log: time method path status ms staff. Never a body, a
 * password, a token or the Authorization header. */
static void log_request(const struct conn_state *cs, const char *method, const char *path, unsigned status)
{
	char ts[21];
	time_rfc3339(time(NULL), ts);
	char *p = text_clean(path, TEXT_ONE_LINE);
	char *m = text_clean(method, TEXT_ONE_LINE);
	fprintf(stderr, "%s %s %s %u %.2fms %s\n", ts, m, p, status, ms_since(&cs->t0),
		cs->who.staff_id[0] ? cs->who.staff_id : "-");
	free(p);
	free(m);
}

/* Hand the answer to MHD and log it. */
static enum MHD_Result send_resp(struct MHD_Connection *conn, struct conn_state *cs, const char *method,
				 const char *path, struct resp *rs)
{
	struct MHD_Response *r = rs->stream;
	if (!r) {
		if (rs->body)
			r = MHD_create_response_from_buffer(rs->len, rs->body, MHD_RESPMEM_MUST_FREE);
		else
			r = MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
		if (!r) {
			free(rs->body);
			rs->body = NULL;
			return MHD_NO;
		}
		rs->body = NULL; /* MHD owns it now */
		if (rs->ctype)
			MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, rs->ctype);
	}
	rs->stream = NULL;
	for (int i = 0; i < rs->nhdr; i++) {
		MHD_add_response_header(r, rs->hdr[i].name, rs->hdr[i].value);
		free(rs->hdr[i].value);
	}
	rs->nhdr = 0;
	unsigned status = rs->status ? rs->status : 500;
	enum MHD_Result ret = MHD_queue_response(conn, status, r);
	MHD_destroy_response(r);
	log_request(cs, method, path, status);
	return ret;
}

/* The bearer token of the request, or NULL. */
static const char *bearer(struct MHD_Connection *conn)
{
	const char *h = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_AUTHORIZATION);
	if (!h || strncasecmp(h, "Bearer ", 7) != 0)
		return NULL;
	h += 7;
	while (*h == ' ')
		h++;
	return h;
}

/* Is the Content-Type application/json (parameters allowed)? */
static bool is_json_type(const char *ct)
{
	if (!ct)
		return false;
	while (*ct == ' ')
		ct++;
	size_t n = strlen("application/json");
	return strncasecmp(ct, "application/json", n) == 0 && (ct[n] == '\0' || ct[n] == ';' || ct[n] == ' ');
}

/* The scope an Idempotency-Key lives in: the staff, or for public routes a
 * hash of the body field that names the caller. */
static char *idem_scope(const struct conn_state *cs)
{
	if (cs->who.staff_id[0])
		return xstrdup(cs->who.staff_id);
	const char *v = cs->route->idem_field ? json_str(cs->rq.json, cs->route->idem_field, "") : "";
	unsigned char h[STORE_HASH_LEN];
	auth_token_hash(v, h);
	char hex[33];
	static const char digits[] = "0123456789abcdef";
	for (int i = 0; i < 16; i++) {
		hex[2 * i] = digits[h[i] >> 4];
		hex[2 * i + 1] = digits[h[i] & 15];
	}
	hex[32] = '\0';
	return xasprintf("%s:%s", cs->route->pattern, hex);
}

/* Answer from a stored first answer. */
static void replay(struct conn_state *cs, struct idem_record *rec, struct resp *rs)
{
	if (rec->session_id > 0) {
		struct token_pair tp;
		struct store *st = store_thread();
		cJSON *o = NULL;
		if (st && auth_remint(st, rec->session_id, time(NULL), &tp) == AUTH_OK)
			o = json_token_pair(st, &tp);
		xwipe(&tp, sizeof tp);
		if (o)
			resp_json(rs, (unsigned)rec->status, o);
		else
			resp_problem(rs, &cs->rq, "unauthorized", "the session of this request has ended");
	} else {
		/* Only these two types are ever stored. */
		const char *ct = strcmp(rec->content_type, "application/problem+json") == 0 ? "application/problem+json"
				 : rec->content_type[0]                                      ? "application/json"
											     : NULL;
		resp_text(rs, (unsigned)rec->status, ct, rec->body, rec->body_len);
		rec->body = NULL;
	}
	resp_header(rs, "Idempotent-Replayed", "true");
}

/* Claim the Idempotency-Key if there is one. Returns false when rs holds
 * the answer already (replay or refusal). */
static bool idem_enter(struct conn_state *cs, struct resp *rs)
{
	const char *key = req_header(&cs->rq, "Idempotency-Key");
	if (!key || !(cs->route->flags & ROUTE_IDEM))
		return true;
	if (!idem_key_valid(key)) {
		cJSON *errs = NULL;
		problem_error(&errs, "Idempotency-Key", "format", "must be 1 to 200 printable ASCII characters");
		resp_invalid(rs, &cs->rq, errs);
		return false;
	}
	struct store *st = store_thread();
	if (!st) {
		resp_problem(rs, &cs->rq, "internal", "the database is not available");
		return false;
	}
	char fp[IDEM_FP_LEN + 1];
	idem_fingerprint(cs->rq.method, cs->rq.path, cs->rq.body, cs->rq.body_len, fp);
	char *scope = idem_scope(cs);
	struct idem_record rec;
	switch (idem_begin(st, scope, key, fp, time(NULL), &rec)) {
	case IDEM_NEW:
		cs->idem_scope = scope;
		cs->idem_key = xstrdup(key);
		return true;
	case IDEM_REPLAY:
		replay(cs, &rec, rs);
		store_idem_free(&rec);
		break;
	case IDEM_MISMATCH:
		resp_problem(rs, &cs->rq, "idempotency-key-reuse",
			     "this Idempotency-Key was used with another request");
		break;
	case IDEM_BUSY:
		resp_problem(rs, &cs->rq, "conflict", "a request with this Idempotency-Key is still running");
		break;
	default:
		resp_problem(rs, &cs->rq, "internal", "the idempotency store failed");
		break;
	}
	free(scope);
	return false;
}

/* Keep or drop the claimed key once the handler answered. */
static void idem_leave(struct conn_state *cs, const struct resp *rs)
{
	if (!cs->idem_key)
		return;
	struct store *st = store_thread();
	if (st) {
		if (idem_storable((int)rs->status) && !rs->stream)
			idem_finish(st, cs->idem_scope, cs->idem_key, (int)rs->status, rs->ctype ? rs->ctype : "",
				    rs->body, rs->len, rs->idem_session);
		else
			idem_abort(st, cs->idem_scope, cs->idem_key);
	}
	free(cs->idem_scope);
	free(cs->idem_key);
	cs->idem_scope = cs->idem_key = NULL;
}

/* Everything before the handler: route, token, media type, JSON. Returns
 * false when rs holds the answer already. */
static bool prepare(struct conn_state *cs, struct MHD_Connection *conn, struct resp *rs)
{
	struct req *rq = &cs->rq;
	if (cs->too_large) {
		resp_problem(rs, rq, "payload-too-large", "request bodies are limited to %d bytes", HTTP_MAX_BODY);
		return false;
	}
	char allow[64];
	cs->scratch = xmalloc(strlen(rq->path) + 1);
	switch (routes_match(rq->method, rq->path, &cs->route, rq->params, &rq->nparams, cs->scratch, allow,
			     sizeof allow)) {
	case ROUTE_FOUND:
		break;
	case ROUTE_NO_METHOD:
		resp_problem(rs, rq, "method-not-allowed", "%s is not allowed here; use %s", rq->method, allow);
		resp_header(rs, MHD_HTTP_HEADER_ALLOW, allow);
		return false;
	default:
		resp_problem(rs, rq, "not-found", "no such resource");
		return false;
	}
	if (!(cs->route->flags & ROUTE_PUBLIC)) {
		struct store *st = store_thread();
		enum auth_rc rc = st ? auth_check(st, bearer(conn), time(NULL), &cs->who) : AUTH_ERROR;
		if (rc != AUTH_OK) {
			if (rc == AUTH_ERROR)
				resp_problem(rs, rq, "internal", "the session store failed");
			else
				resp_problem(rs, rq, "unauthorized", "a valid bearer access token is required");
			resp_header(rs, MHD_HTTP_HEADER_WWW_AUTHENTICATE, "Bearer");
			return false;
		}
		rq->who = &cs->who;
	}
	if (strcmp(rq->method, "POST") == 0 && rq->body_len > 0 &&
	    !is_json_type(MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE))) {
		resp_problem(rs, rq, "unsupported-media-type", "request bodies must be application/json");
		return false;
	}
	if (strcmp(rq->method, "POST") == 0 && rq->body_len > 0) {
		/* cJSON takes any bytes in strings: what is not UTF-8 must not
		 * reach the store, the audit log or an answer. */
		size_t bad = text_utf8_invalid_at(rq->body, rq->body_len);
		if (bad < rq->body_len) {
			resp_problem(rs, rq, "malformed-json", "the body is not valid UTF-8: error at byte %zu", bad);
			return false;
		}
		const char *end = NULL;
		rq->json = cJSON_ParseWithLengthOpts(rq->body, rq->body_len, &end, 0);
		/* Trailing bytes after the value make it malformed too. */
		while (rq->json && end && end < rq->body + rq->body_len && strchr(" \t\r\n", *end) && *end)
			end++;
		if (rq->json && end != rq->body + rq->body_len) {
			cJSON_Delete(rq->json);
			rq->json = NULL;
		}
		if (!rq->json) {
			size_t at = end && end >= rq->body ? (size_t)(end - rq->body) : 0;
			resp_problem(rs, rq, "malformed-json", "the body is not valid JSON: error at byte %zu", at);
			return false;
		}
		if (!cJSON_IsObject(rq->json)) {
			cJSON *errs = NULL;
			problem_error(&errs, "body", "type", "the request body must be a JSON object");
			resp_invalid(rs, rq, errs);
			return false;
		}
	}
	return idem_enter(cs, rs);
}

/* A problem answered by --faults for status; its errors[] names field
 * when one is given. */
static void fault_problem(struct resp *rs, const struct req *rq, unsigned status, const char *field)
{
	static const char why[] = "this request failed on purpose (--faults)";
	const char *slug = problem_slug_for(status);
	cJSON *p = problem_new(slug ? slug : "internal", rq->path, why);
	if (!slug) {
		cJSON_ReplaceItemInObjectCaseSensitive(p, "type", cJSON_CreateString("/problems/injected-fault"));
		cJSON_ReplaceItemInObjectCaseSensitive(p, "title", cJSON_CreateString("Injected fault"));
		cJSON_ReplaceItemInObjectCaseSensitive(p, "status", cJSON_CreateNumber(status));
	}
	if (field && *field) {
		cJSON *errs = NULL;
		problem_error(&errs, field, "injected", "rejected on purpose (--faults)");
		cJSON_AddItemToObject(p, "errors", errs);
	}
	resp_problem_obj(rs, p);
}

/* --faults, before anything else runs: FAULT_STATUS fills rs, FAULT_DELAY
 * parks the request (it comes back here and goes on), FAULT_RESET asks to
 * drop the connection, FAULT_LOST lets it run and marks its answer to be
 * dropped. Returns the fault that ends the request now. */
static enum fault_kind fault_first(struct conn_state *cs, struct MHD_Connection *conn, struct resp *rs)
{
	if (cs->fault_checked)
		return FAULT_NONE;
	cs->fault_checked = true;
	struct fault_hit h = faults_match(cs->rq.method, cs->rq.path);
	switch (h.kind) {
	case FAULT_STATUS:
		fault_problem(rs, &cs->rq, h.status, h.field);
		return FAULT_STATUS;
	case FAULT_RESET:
		log_request(cs, cs->rq.method, cs->rq.path, 0);
		return FAULT_RESET;
	case FAULT_LOST:
		cs->fault_lost = true;
		return FAULT_NONE;
	case FAULT_DELAY:
		if (park_until(conn, time_mono_ms() + h.delay_ms)) {
			rs->parked = true;
			return FAULT_DELAY;
		}
		return FAULT_NONE;
	default:
		return FAULT_NONE;
	}
}

/* --faults "lost": the request ran (its effects and its idempotency record
 * stay); the answer is thrown away and the connection closed. */
static enum MHD_Result lose_answer(struct conn_state *cs, const char *method, const char *url, struct resp *rs)
{
	log_request(cs, method, url, rs->status ? rs->status : 500);
	if (rs->stream)
		MHD_destroy_response(rs->stream);
	free(rs->body);
	for (int i = 0; i < rs->nhdr; i++)
		free(rs->hdr[i].value);
	return MHD_NO;
}

/* The handler's last call for a request: dispatch and answer. */
static enum MHD_Result answer(struct conn_state *cs, struct MHD_Connection *conn, const char *url,
			      const char *method)
{
	struct resp rs = { 0 };
	struct req *rq = &cs->rq;
	if (cs->route) {
		rq->again = true; /* a parked request woke up */
		cs->route->fn(rq, &rs);
	} else {
		rq->method = method;
		rq->path = url;
		rq->conn = conn;
		rq->body = cs->body.p;
		rq->body_len = cs->body.len;
		enum fault_kind f = fault_first(cs, conn, &rs);
		if (f == FAULT_RESET)
			return MHD_NO;
		if (f == FAULT_NONE && prepare(cs, conn, &rs))
			cs->route->fn(rq, &rs);
	}
	if (rs.parked) {
		free(rs.body);
		for (int i = 0; i < rs.nhdr; i++)
			free(rs.hdr[i].value);
		return MHD_YES;
	}
	idem_leave(cs, &rs);
	if (cs->fault_lost)
		return lose_answer(cs, method, url, &rs);
	return send_resp(conn, cs, method, url, &rs);
}

/* MHD's access handler: first call sets up, middle calls collect the body,
 * the last call answers (so keep-alive works). */
static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url, const char *method,
				  const char *version, const char *upload_data, size_t *upload_data_size,
				  void **con_cls)
{
	(void)cls;
	(void)version;
	struct conn_state *cs = *con_cls;
	if (!cs) {
		cs = xcalloc(1, sizeof *cs);
		clock_gettime(CLOCK_MONOTONIC, &cs->t0);
		*con_cls = cs;
		const char *cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
		if (cl && strtoull(cl, NULL, 10) > HTTP_MAX_BODY) {
			/* Refuse before reading it; MHD closes the connection. */
			struct resp rs = { 0 };
			cs->rq.path = url;
			resp_problem(&rs, &cs->rq, "payload-too-large", "request bodies are limited to %d bytes",
				     HTTP_MAX_BODY);
			cs->route = NULL;
			cs->too_large = true;
			return send_resp(conn, cs, method, url, &rs);
		}
		return MHD_YES;
	}
	if (*upload_data_size) {
		if (!cs->too_large && cs->body.len + *upload_data_size > HTTP_MAX_BODY) {
			cs->too_large = true;
			sbuf_free(&cs->body);
		}
		if (!cs->too_large)
			sbuf_add(&cs->body, upload_data, *upload_data_size);
		*upload_data_size = 0;
		return MHD_YES;
	}
	return answer(cs, conn, url, method);
}

/* MHD's request-completed callback: free the request's state. */
static void on_done(void *cls, struct MHD_Connection *conn, void **con_cls, enum MHD_RequestTerminationCode toe)
{
	(void)cls;
	(void)conn;
	(void)toe;
	struct conn_state *cs = *con_cls;
	if (!cs)
		return;
	if (cs->rq.ctx_free)
		cs->rq.ctx_free(cs->rq.ctx);
	cJSON_Delete(cs->rq.json);
	sbuf_free(&cs->body);
	free(cs->scratch);
	free(cs->idem_scope);
	free(cs->idem_key);
	free(cs);
	*con_cls = NULL;
}

/* MHD messages that only say a client went away: normal for event
 * streams, and the request log has the rest. */
static const char *const quiet_mhd[] = {
	"no longer available",
	"has been disconnected",
	"closed by remote side",
};

/* MHD's own messages go to stderr with a prefix, without the noise and
 * without the HTML of its built-in error pages. */
static void mhd_log(void *cls, const char *fmt, va_list ap)
{
	(void)cls;
	char *msg = xvasprintf(fmt, ap);
	for (size_t i = 0; i < sizeof quiet_mhd / sizeof quiet_mhd[0]; i++) {
		if (strstr(msg, quiet_mhd[i])) {
			free(msg);
			return;
		}
	}
	char *html = strstr(msg, " ('<");
	if (html)
		*html = '\0';
	char *clean = text_clean(msg, TEXT_ONE_LINE);
	fprintf(stderr, "yichuangd: http: %s\n", clean);
	free(clean);
	free(msg);
}

int http_start(const struct http_config *cfg)
{
	g_heartbeat_ms = (int64_t)(cfg->heartbeat * 1000.0);
	if (g_heartbeat_ms < 10)
		g_heartbeat_ms = 10;
	unsigned flags = MHD_USE_EPOLL_INTERNAL_THREAD | MHD_ALLOW_SUSPEND_RESUME | MHD_USE_ERROR_LOG;
	g_daemon = MHD_start_daemon(flags, 0, NULL, NULL, on_request, NULL,
				    MHD_OPTION_EXTERNAL_LOGGER, mhd_log, NULL,
				    MHD_OPTION_LISTEN_SOCKET, (MHD_socket)cfg->listen_fd,
				    MHD_OPTION_THREAD_POOL_SIZE, cfg->threads > 1 ? cfg->threads : 0u,
				    MHD_OPTION_CONNECTION_LIMIT, cfg->conn_limit,
				    MHD_OPTION_CONNECTION_TIMEOUT, 120u,
				    MHD_OPTION_NOTIFY_COMPLETED, on_done, NULL,
				    MHD_OPTION_END);
	return g_daemon ? 0 : -1;
}

void http_stop(void)
{
	if (!g_daemon)
		return;
	/* No MHD_quiesce_daemon first: with an epoll thread pool it races the
	 * workers removing the listen socket from their epoll sets, and
	 * libmicrohttpd 0.9.75 aborts ("Failed to remove listen FD from epoll
	 * set"). MHD_stop_daemon stops accepting and closes the socket itself. */
	MHD_stop_daemon(g_daemon);
	g_daemon = NULL;
}
