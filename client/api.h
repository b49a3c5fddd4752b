/* api: asynchronous REST v1 client over the curl multi interface, driven by
 * the loop. Tokens live here, in memory only, and are wiped when dropped. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef YC_API_H
#define YC_API_H
#include <cjson/cJSON.h>
#include <stdbool.h>
#include <time.h>

typedef struct ApiResponse {
	long status;            /* HTTP status; 0 when the request never got one */
	cJSON *json;            /* parsed body, NULL if none or malformed; freed after the callback */
	const char *error;      /* transport failure (sanitized) or "malformed answer"; NULL when fine */
	const char *problem;    /* problem+json "type" slug after /problems/ (e.g. "account-locked"), or NULL */
	const char *message;    /* best human text: problem detail/title (sanitized) or error */
	bool replayed;          /* Idempotent-Replayed: true */
	long retry_after;       /* Retry-After seconds, or -1 */
	time_t server_date;     /* the Date header, or 0 */
} ApiResponse;

typedef void (*api_cb)(const ApiResponse *r, void *ud);

typedef struct ApiOptions {
	const char *ca_file;    /* custom CA bundle or NULL */
	long timeout_ms;        /* whole-request timeout for ordinary calls */
	long connect_timeout_ms;
} ApiOptions;

/* Set the server base URL ("http://127.0.0.1:8470", no /v1). */
void api_init(const char *base_url, const ApiOptions *opt);
void api_shutdown(void);
const char *api_base_url(void);

/* Start a request; path begins with "/v1/". body may be NULL (borrowed,
 * serialized at once). Every POST carries an Idempotency-Key: idem_key when
 * given, else a fresh random one. cb always runs later, from the loop, exactly
 * once (also on cancel: status 0, error "cancelled"). Authenticated requests
 * that get 401 are retried once after a token refresh. Returns a handle. */
unsigned api_request(const char *method, const char *path, const cJSON *body,
		     const char *idem_key, api_cb cb, void *ud);
void api_cancel(unsigned handle);
/* The same with one more header line, e.g. "X-Ticket: t-20261123-A007"
 * (the purpose a shared-data request must state). header is copied; a line
 * with CR or LF is refused (the request fails with status 0). */
unsigned api_request_hdr(const char *method, const char *path, const cJSON *body,
			 const char *idem_key, const char *header, api_cb cb, void *ud);

/* Tokens (copied; the old ones are wiped). */
void api_set_tokens(const char *access, const char *refresh);
const char *api_refresh_token(void); /* borrowed; NULL when none */
/* Use a new session's tokens (unlock) and end the previous session on the
 * server in the background: logout with its access token, or after one
 * refresh with its refresh token when the access token has expired.
 * Requests already sent with the old token that get 401 are sent again
 * with the new one. */
void api_swap_tokens(const char *access, const char *refresh);
void api_clear_tokens(void);
/* Called after a refresh rotated the tokens (to store the new refresh token)
 * or when the session is gone for good (refresh refused: NULL). */
void api_on_tokens(void (*cb)(const char *refresh, void *ud), void *ud);

/* Refresh the tokens now with the refresh token held (for a session resumed
 * from the keyring). Joins a refresh already in flight. On 200 the new
 * tokens are in use before cb runs (the TokenPair, staff included, is in
 * r->json); a refused token (401) clears the tokens. */
unsigned api_refresh(api_cb cb, void *ud);

/* For the events stream: a curl easy handle configured with the base URL,
 * auth and CA, added to the same multi, with no total timeout. on_data is
 * called once with len 0 when the stream opened (status 200), then with the
 * body as it arrives; on_done once when it ends (status 0 with error on a
 * transport failure; a 401 is retried once after a refresh first). Both run
 * from the loop, never inside curl. api_cancel() on a stream stops it
 * silently (no on_done). */
typedef void (*api_stream_data_cb)(const char *buf, size_t len, void *ud);
typedef void (*api_stream_done_cb)(long status, const char *error, void *ud);
unsigned api_stream(const char *path, const char *last_event_id,
		    api_stream_data_cb on_data, api_stream_done_cb on_done, void *ud);

/* A random idempotency key (UUID v4 text) into out[37]. */
void api_new_key(char out[37]);

#endif
