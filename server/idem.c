/* idem: Idempotency-Key handling — claim, replay, reuse detection, 30-day retention. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "server/idem.h"
#include <sodium.h>
#include <string.h>

bool idem_key_valid(const char *key)
{
	if (!key)
		return false;
	size_t n = strlen(key);
	if (n < 1 || n > 200)
		return false;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)key[i] < 0x20 || (unsigned char)key[i] > 0x7e)
			return false;
	return true;
}

void idem_fingerprint(const char *method, const char *path, const char *body, size_t len,
		      char out[IDEM_FP_LEN + 1])
{
	crypto_generichash_state h;
	unsigned char d[32];
	crypto_generichash_init(&h, NULL, 0, sizeof d);
	crypto_generichash_update(&h, (const unsigned char *)method, strlen(method) + 1);
	crypto_generichash_update(&h, (const unsigned char *)path, strlen(path) + 1);
	if (body && len)
		crypto_generichash_update(&h, (const unsigned char *)body, len);
	crypto_generichash_final(&h, d, sizeof d);
	sodium_bin2hex(out, IDEM_FP_LEN + 1, d, sizeof d);
}

enum idem_rc idem_begin(struct store *st, const char *scope, const char *key, const char *fp, int64_t now,
			struct idem_record *rec)
{
	for (int attempt = 0; attempt < 2; attempt++) {
		int rc = store_idem_claim(st, scope, key, fp, now, rec);
		if (rc == STORE_OK)
			return IDEM_NEW;
		if (rc != STORE_EXISTS)
			return IDEM_ERROR;
		bool expired = rec->created_at < now - IDEM_TTL;
		bool lost = rec->status == 0 && rec->created_at < now - IDEM_STALE;
		if (!expired && !lost)
			break;
		/* An old key is free again: forget it and claim afresh. */
		store_idem_free(rec);
		store_idem_release(st, scope, key);
	}
	if (strcmp(rec->fingerprint, fp) != 0) {
		store_idem_free(rec);
		return IDEM_MISMATCH;
	}
	if (rec->status == 0) {
		store_idem_free(rec);
		return IDEM_BUSY;
	}
	return IDEM_REPLAY;
}

int idem_finish(struct store *st, const char *scope, const char *key, int status, const char *content_type,
		const char *body, size_t len, int64_t session_id)
{
	if (session_id > 0)
		body = NULL, len = 0;
	return store_idem_finish(st, scope, key, status, content_type, body, len, session_id) == STORE_OK ? 0 : -1;
}

void idem_abort(struct store *st, const char *scope, const char *key)
{
	store_idem_release(st, scope, key);
}

bool idem_storable(int status)
{
	return (status >= 200 && status < 300) || status == 403 || status == 404 || status == 409;
}

int idem_purge(struct store *st, int64_t now)
{
	return store_idem_purge(st, now - IDEM_TTL) == STORE_OK ? 0 : -1;
}
