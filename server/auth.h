/* auth: password hashes, login with lockout, token pairs (hashed at rest), rotation and revocation. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef YCD_AUTH_H
#define YCD_AUTH_H
#include "server/store.h"
#include <stdbool.h>
#include <stdint.h>

#define AUTH_ACCESS_TTL 900          /* 15 minutes */
#define AUTH_REFRESH_TTL 2592000     /* 30 days */
#define AUTH_MAX_FAILURES 5
#define AUTH_LOCK_SECONDS 900        /* 15 minutes */
#define AUTH_TOKEN_CHARS 43          /* 32 bytes, base64url without padding */
/* Argon2id with the OWASP parameters (m = 19 MiB, t = 2, p = 1): about
 * 20 ms a login on this kind of machine. Hashes made with other parameters
 * still verify and are replaced at the next successful login. */
#define AUTH_PWHASH_OPSLIMIT 2ULL
#define AUTH_PWHASH_MEMLIMIT ((size_t)19 * 1024 * 1024)

/* Who is asking: resolved from a bearer token. */
struct principal {
	int64_t session_id;
	char staff_id[80];
	char username[64];
	char role[16];
	char window_id[16]; /* "" when the staff has no window */
};

/* A freshly minted token pair (the only time tokens exist in clear). */
struct token_pair {
	char access[AUTH_TOKEN_CHARS + 1];
	char refresh[AUTH_TOKEN_CHARS + 1];
	int64_t session_id;
	char staff_id[80];
};

enum auth_rc {
	AUTH_OK = 0,
	AUTH_INVALID,      /* wrong username or password; see remaining */
	AUTH_LOCKED,       /* too many failures; see locked_until */
	AUTH_UNAUTHORIZED, /* token missing, unknown, expired or revoked */
	AUTH_ERROR,
};

struct login_result {
	enum auth_rc rc;
	struct token_pair tokens;
	int remaining;          /* attempts left before the lock (AUTH_INVALID) */
	int64_t locked_until;   /* AUTH_LOCKED */
};

/* libsodium set-up; 0 on success. Call once before anything else. */
int auth_init(void);
/* A salted slow hash (crypto_pwhash_str, Argon2id, AUTH_PWHASH_*) into
 * out; 0 on success. */
int auth_hash_password(const char *password, char *out, size_t outsz);
/* Check a password, count failures per username string (whether or not the
 * user exists) and lock after AUTH_MAX_FAILURES in a row. An accepted
 * password whose hash has other parameters is hashed again (upgrade). */
void auth_login(struct store *st, const char *username, const char *password, int64_t now,
		struct login_result *out);
/* Exchange a refresh token for a new pair; the old refresh token dies. */
enum auth_rc auth_refresh(struct store *st, const char *refresh_token, int64_t now, struct token_pair *out);
/* New pair for a live session (an idempotent replay of login or refresh). */
enum auth_rc auth_remint(struct store *st, int64_t session_id, int64_t now, struct token_pair *out);
/* Resolve an access token. */
enum auth_rc auth_check(struct store *st, const char *access_token, int64_t now, struct principal *out);
/* Revoke the session's access and refresh tokens. */
int auth_logout(struct store *st, int64_t session_id);
/* Hash a token the way it is stored (also used to scope idempotency keys). */
void auth_token_hash(const char *token, unsigned char out[STORE_HASH_LEN]);
/* Forget cached token lookups (after a logout or rotation). */
void auth_cache_flush(void);

#endif
