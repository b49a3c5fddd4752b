/* idem: Idempotency-Key handling — claim, replay, reuse detection, 30-day retention. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef YCD_IDEM_H
#define YCD_IDEM_H
#include "server/store.h"
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define IDEM_TTL (30 * 86400)   /* keys are kept 30 days */
#define IDEM_STALE 120          /* a claim this old with no answer was lost in a crash */
#define IDEM_FP_LEN 64

enum idem_rc {
	IDEM_NEW = 0,   /* claimed: run the request, then idem_finish or idem_abort */
	IDEM_REPLAY,    /* same key, same payload: answer with rec */
	IDEM_MISMATCH,  /* same key, other payload */
	IDEM_BUSY,      /* the first request with this key is still running */
	IDEM_ERROR,
};

/* 1..200 printable ASCII characters. */
bool idem_key_valid(const char *key);
/* Hex BLAKE2b of method, path and body. */
void idem_fingerprint(const char *method, const char *path, const char *body, size_t len,
		      char out[IDEM_FP_LEN + 1]);
/* Claim the key or find its first answer (rec; free with store_idem_free). */
enum idem_rc idem_begin(struct store *st, const char *scope, const char *key, const char *fp, int64_t now,
			struct idem_record *rec);
/* Keep the answer for replays. session_id > 0 stores "a token pair of this
 * session" instead of the body, so no token is ever written down. */
int idem_finish(struct store *st, const char *scope, const char *key, int status, const char *content_type,
		const char *body, size_t len, int64_t session_id);
/* Forget the claim (the answer is not worth keeping). */
void idem_abort(struct store *st, const char *scope, const char *key);
/* Whether an answer with this status is kept: the outcome of work that ran
 * (2xx, 403, 404, 409), not a refusal of the request itself. */
bool idem_storable(int status);
/* Drop keys older than the retention. */
int idem_purge(struct store *st, int64_t now);

#endif
