/* api_int: what api.c (requests, tokens, answers) and api_multi.c (curl
 * multi driven by the loop) share. Not for other modules. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef YC_API_INT_H
#define YC_API_INT_H
#include "client/api.h"
#include <curl/curl.h>
#include <stdbool.h>
#include <stddef.h>

typedef struct ApiBuf {
	char *p;
	size_t len, cap;
} ApiBuf;

typedef struct Req Req;
struct Req {
	unsigned id;
	Req *next;               /* every live request */
	CURL *easy;              /* NULL while parked or finished */
	struct curl_slist *hdrs; /* may hold the bearer token: wiped on free */
	char *method, *path;
	char *body;              /* serialized JSON (may hold a password): wiped */
	char idem[37];
	char *extra_hdr;         /* one more header line (api_request_hdr), or NULL */
	bool auth_path;          /* login/refresh: no bearer, no retry, secrets inside */
	char *bearer;            /* its own token (api_request_as), else NULL: wiped */
	bool sent_bearer;
	unsigned token_gen;      /* generation of the token sent */
	bool retried;            /* already retried after a refresh */
	bool parked;             /* waiting for a refresh to finish */
	unsigned later_timer;    /* answer delivered from the loop soon */
	char *fail_error;        /* the error to report instead of curl's */
	api_cb cb;
	void *ud;

	/* The answer. */
	ApiBuf resp;
	bool too_large;
	long status;
	bool replayed;
	long retry_after;
	time_t date;
	char *content_type;
	CURLcode result;
	long os_errno;           /* the system's errno behind result, or 0 */
	char errbuf[CURL_ERROR_SIZE];

	/* Streams. */
	bool stream;
	char *last_event_id;
	api_stream_data_cb on_data;
	api_stream_done_cb on_done;
	bool stream_ok;          /* 200 seen: body goes to on_data */
	bool open_pending;       /* tell on_data(len 0) soon */
	ApiBuf pending;          /* body bytes not yet handed over */
	unsigned flush_timer;
	bool in_cb;              /* a stream callback is running */
	bool cancelled;
};

/* api_answer.c: the owned strings behind an ApiResponse. */
typedef struct ApiAnswer {
	ApiResponse r;
	char *error, *problem, *message;
} ApiAnswer;
void api_answer_build(ApiAnswer *a, const Req *r);
void api_answer_free(ApiAnswer *a, bool secret); /* secret: wipe the JSON's strings */
char *api_transport_error(const Req *r);        /* caller frees */
void api_json_wipe(cJSON *j);

/* api.c: a request sent with the given access token instead of the
 * session's: never parked for a refresh, never retried. */
unsigned api_request_as(const char *bearer, const char *method, const char *path,
			const cJSON *body, api_cb cb, void *ud);

/* api_revoke.c: end a replaced session on the server in the background.
 * Takes both strings (either may be NULL) and wipes them when done. */
void api_revoke_start(char *access, char *refresh);
/* Forget the revocations still running (api_shutdown, after it freed
 * their requests without calling back). */
void api_revoke_clear(void);

/* api_multi.c */
void api_multi_init(void);
void api_multi_shutdown(void);
/* Build r's easy handle (URL, headers, body, TLS, timeouts) and add it;
 * false when curl could not even start it (r->result says why). */
bool api_multi_start(Req *r, const char *base_url, const char *bearer,
		     const char *ca_file, long timeout_ms, long connect_timeout_ms);
/* Remove r's easy handle from the multi and free it and its headers. */
void api_multi_stop(Req *r);
/* Set by api.c: called for every finished transfer, outside curl. */
extern void (*api_multi_done)(Req *r);
/* Hand a stream's opening and pending bytes to its owner now. When the
 * owner cancelled it meanwhile, r is freed: check the return (false). */
bool api_stream_flush(Req *r);
void api_buf_add(ApiBuf *b, const char *s, size_t n);
void api_buf_wipe(ApiBuf *b);

#endif
