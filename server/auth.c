/* auth: password hashes, login with lockout, token pairs (hashed at rest), rotation and revocation. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "server/sbuf.h"
#include "server/auth.h"
#include "common/xalloc.h"
#include <pthread.h>
#include <sodium.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>

/* Failure counting is read-modify-write: one lock keeps parallel wrong
 * passwords from under-counting. The slow hash runs outside it. */
static pthread_mutex_t g_fail_lock = PTHREAD_MUTEX_INITIALIZER;
/* A real hash to verify against when the username does not exist, so a
 * missing user costs the same time as a wrong password. */
static char g_dummy_hash[crypto_pwhash_STRBYTES];

/* A small cache of resolved access tokens, so the hot path does no query. */
#define CACHE_SLOTS 256
struct cache_slot {
	unsigned char hash[STORE_HASH_LEN];
	struct principal who;
	int64_t expires;
	unsigned gen;
	bool used;
};
static struct cache_slot g_cache[CACHE_SLOTS];
static pthread_mutex_t g_cache_lock = PTHREAD_MUTEX_INITIALIZER;
static atomic_uint g_cache_gen = 1;

int auth_init(void)
{
	if (sodium_init() < 0)
		return -1;
	if (g_dummy_hash[0])
		return 0;
	return auth_hash_password("not a password: the dummy hash", g_dummy_hash, sizeof g_dummy_hash);
}

int auth_hash_password(const char *password, char *out, size_t outsz)
{
	if (outsz < crypto_pwhash_STRBYTES)
		return -1;
	return crypto_pwhash_str(out, password, strlen(password), AUTH_PWHASH_OPSLIMIT,
				 AUTH_PWHASH_MEMLIMIT) == 0 ? 0 : -1;
}

/* After a password was accepted: a hash made with other parameters (older
 * ones, another algorithm) is replaced by one made with today's. A failure
 * only leaves the old hash, which still verifies. */
static void upgrade_hash(struct store *st, struct staff *s, const char *password)
{
	if (crypto_pwhash_str_needs_rehash(s->pwhash, AUTH_PWHASH_OPSLIMIT, AUTH_PWHASH_MEMLIMIT) == 0)
		return;
	char fresh[sizeof s->pwhash];
	if (auth_hash_password(password, fresh, sizeof fresh) == 0) {
		memcpy(s->pwhash, fresh, sizeof fresh);
		if (store_staff_put(st, s) != STORE_OK)
			fprintf(stderr, "yichuangd: cannot store the upgraded password hash of %s\n", s->username);
	}
	sodium_memzero(fresh, sizeof fresh);
}

void auth_token_hash(const char *token, unsigned char out[STORE_HASH_LEN])
{
	crypto_generichash(out, STORE_HASH_LEN, (const unsigned char *)token, strlen(token),
			   (const unsigned char *)"yichuangd token", 15);
}

/* 32 random bytes as base64url, and the hash that is stored. */
static void new_token(char out[AUTH_TOKEN_CHARS + 1], unsigned char hash[STORE_HASH_LEN])
{
	unsigned char raw[32];
	randombytes_buf(raw, sizeof raw);
	sodium_bin2base64(out, AUTH_TOKEN_CHARS + 1, raw, sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof raw);
	auth_token_hash(out, hash);
}

void auth_cache_flush(void)
{
	atomic_fetch_add(&g_cache_gen, 1);
}

/* Mint a pair: a new session for staff_id, or new tokens for session_id. */
static enum auth_rc mint(struct store *st, const char *staff_id, int64_t session_id, int64_t now,
			 struct token_pair *out)
{
	unsigned char ah[STORE_HASH_LEN], rh[STORE_HASH_LEN];
	new_token(out->access, ah);
	new_token(out->refresh, rh);
	int rc;
	if (session_id > 0) {
		rc = store_session_rotate(st, session_id, ah, now + AUTH_ACCESS_TTL, rh, now + AUTH_REFRESH_TTL);
		out->session_id = session_id;
		auth_cache_flush();
	} else {
		rc = store_session_create(st, staff_id, now, ah, now + AUTH_ACCESS_TTL, rh, now + AUTH_REFRESH_TTL,
					  &out->session_id);
	}
	scopy(out->staff_id, sizeof out->staff_id, staff_id);
	if (rc != STORE_OK) {
		sodium_memzero(out->access, sizeof out->access);
		sodium_memzero(out->refresh, sizeof out->refresh);
		return rc == STORE_NOTFOUND ? AUTH_UNAUTHORIZED : AUTH_ERROR;
	}
	return AUTH_OK;
}

/* Under g_fail_lock: is the username locked now? */
static bool locked_now(struct store *st, const char *username, int64_t now, int64_t *until)
{
	int failures;
	if (store_login_get(st, username, &failures, until) != STORE_OK)
		return false;
	return *until > now;
}

void auth_login(struct store *st, const char *username, const char *password, int64_t now,
		struct login_result *out)
{
	memset(out, 0, sizeof *out);
	pthread_mutex_lock(&g_fail_lock);
	bool locked = locked_now(st, username, now, &out->locked_until);
	pthread_mutex_unlock(&g_fail_lock);
	if (locked) {
		out->rc = AUTH_LOCKED;
		return;
	}
	struct staff s;
	bool found = store_staff_by_username(st, username, &s) == STORE_OK;
	const char *hash = found ? s.pwhash : g_dummy_hash;
	bool ok = crypto_pwhash_str_verify(hash, password, strlen(password)) == 0 && found;

	pthread_mutex_lock(&g_fail_lock);
	int failures = 0;
	int64_t until = 0;
	store_login_get(st, username, &failures, &until);
	if (until > now) {
		out->rc = AUTH_LOCKED;
		out->locked_until = until;
	} else if (ok) {
		store_login_clear(st, username);
		out->rc = AUTH_OK;
	} else {
		if (until)
			failures = 0; /* an old lock ran out: count afresh */
		failures++;
		if (failures >= AUTH_MAX_FAILURES) {
			out->rc = AUTH_LOCKED;
			out->locked_until = now + AUTH_LOCK_SECONDS;
			store_login_set(st, username, 0, out->locked_until, now);
		} else {
			out->rc = AUTH_INVALID;
			out->remaining = AUTH_MAX_FAILURES - failures;
			store_login_set(st, username, failures, 0, now);
		}
	}
	pthread_mutex_unlock(&g_fail_lock);
	if (out->rc == AUTH_OK) {
		upgrade_hash(st, &s, password);
		out->rc = mint(st, s.id, 0, now, &out->tokens);
	}
	sodium_memzero(&s, sizeof s);
}

enum auth_rc auth_refresh(struct store *st, const char *refresh_token, int64_t now, struct token_pair *out)
{
	memset(out, 0, sizeof *out);
	unsigned char h[STORE_HASH_LEN];
	auth_token_hash(refresh_token, h);
	struct session ses;
	int rc = store_session_by_refresh(st, h, &ses);
	if (rc == STORE_ERROR)
		return AUTH_ERROR;
	if (rc != STORE_OK || ses.revoked || ses.refresh_expires <= now)
		return AUTH_UNAUTHORIZED;
	return mint(st, ses.staff_id, ses.id, now, out);
}

enum auth_rc auth_remint(struct store *st, int64_t session_id, int64_t now, struct token_pair *out)
{
	memset(out, 0, sizeof *out);
	struct session ses;
	int rc = store_session_get(st, session_id, &ses);
	if (rc == STORE_ERROR)
		return AUTH_ERROR;
	if (rc != STORE_OK || ses.revoked || ses.refresh_expires <= now)
		return AUTH_UNAUTHORIZED;
	return mint(st, ses.staff_id, ses.id, now, out);
}

/* Look the hash up in the cache; true with *out filled on a hit. */
static bool cache_get(const unsigned char h[STORE_HASH_LEN], int64_t now, struct principal *out)
{
	struct cache_slot *c = &g_cache[h[0] % CACHE_SLOTS];
	bool hit = false;
	pthread_mutex_lock(&g_cache_lock);
	if (c->used && c->gen == atomic_load(&g_cache_gen) && c->expires > now &&
	    sodium_memcmp(c->hash, h, STORE_HASH_LEN) == 0) {
		*out = c->who;
		hit = true;
	}
	pthread_mutex_unlock(&g_cache_lock);
	return hit;
}

/* Remember a resolved token until it expires or the cache is flushed. */
static void cache_put(const unsigned char h[STORE_HASH_LEN], int64_t expires, unsigned gen,
		      const struct principal *who)
{
	struct cache_slot *c = &g_cache[h[0] % CACHE_SLOTS];
	pthread_mutex_lock(&g_cache_lock);
	memcpy(c->hash, h, STORE_HASH_LEN);
	c->who = *who;
	c->expires = expires;
	c->gen = gen;
	c->used = true;
	pthread_mutex_unlock(&g_cache_lock);
}

enum auth_rc auth_check(struct store *st, const char *access_token, int64_t now, struct principal *out)
{
	memset(out, 0, sizeof *out);
	if (!access_token || strlen(access_token) != AUTH_TOKEN_CHARS)
		return AUTH_UNAUTHORIZED;
	unsigned char h[STORE_HASH_LEN];
	auth_token_hash(access_token, h);
	if (cache_get(h, now, out))
		return AUTH_OK;
	/* Read the generation before the database: a flush that races with
	 * this lookup then makes the entry stale instead of wrongly fresh. */
	unsigned gen = atomic_load(&g_cache_gen);
	struct session ses;
	int rc = store_session_by_access(st, h, &ses);
	if (rc == STORE_ERROR)
		return AUTH_ERROR;
	if (rc != STORE_OK || ses.revoked || ses.access_expires <= now)
		return AUTH_UNAUTHORIZED;
	struct staff s;
	rc = store_staff_by_id(st, ses.staff_id, &s);
	if (rc != STORE_OK)
		return rc == STORE_ERROR ? AUTH_ERROR : AUTH_UNAUTHORIZED;
	out->session_id = ses.id;
	scopy(out->staff_id, sizeof out->staff_id, s.id);
	scopy(out->username, sizeof out->username, s.username);
	scopy(out->role, sizeof out->role, s.role);
	scopy(out->window_id, sizeof out->window_id, s.window_id);
	sodium_memzero(s.pwhash, sizeof s.pwhash);
	cache_put(h, ses.access_expires, gen, out);
	return AUTH_OK;
}

int auth_logout(struct store *st, int64_t session_id)
{
	int rc = store_session_revoke(st, session_id);
	auth_cache_flush();
	return rc == STORE_OK ? 0 : -1;
}
