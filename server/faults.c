/* faults: requests made to fail on purpose for tests (--faults): an error status (optionally naming a field), a reset connection, a lost answer or a delay. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "server/faults.h"
#include "common/xalloc.h"
#include <fnmatch.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_RULES 32

struct rule {
	char method[16];   /* "" = any */
	char pattern[256];
	struct fault_hit hit;
	long left;         /* uses left; -1 = always */
};

static struct {
	pthread_mutex_t lock;
	struct rule r[MAX_RULES];
	int n;
} F = { .lock = PTHREAD_MUTEX_INITIALIZER };
static atomic_int g_rules; /* F.n, read without the lock on every request */

/* A FIELD of STATUS@FIELD: printable, no blanks, not empty. */
static bool field_ok(const char *f)
{
	size_t n = strlen(f);
	if (n == 0 || n >= FAULT_FIELD_MAX)
		return false;
	for (; *f; f++)
		if ((unsigned char)*f <= ' ' || (unsigned char)*f >= 0x7f)
			return false;
	return true;
}

/* Take a trailing xCOUNT off buf: 1 without one, 0 with one (r->left set),
 * -1 when it is there but not a count from 1 to 1000000. */
static int take_count(char *buf, struct rule *r)
{
	char *x = strrchr(buf, 'x');
	if (!x || x == buf)
		return 1;
	if (x[1] == '\0' || strspn(x + 1, "0123456789") != strlen(x + 1))
		return 1; /* an x of a field name (or "500x", which is no status) */
	long c = strtol(x + 1, NULL, 10);
	if (c < 1 || c > 1000000)
		return -1;
	r->left = c;
	*x = '\0';
	return 0;
}

/* A status from 400 to 599, maybe with @FIELD. */
static bool parse_status(char *buf, struct rule *r)
{
	char *at = strchr(buf, '@'), *end;
	if (at) {
		*at = '\0';
		if (!field_ok(at + 1))
			return false;
		snprintf(r->hit.field, sizeof r->hit.field, "%s", at + 1);
	}
	long st = strtol(buf, &end, 10);
	if (buf[0] < '0' || buf[0] > '9' || *end || st < 400 || st > 599)
		return false;
	r->hit.kind = FAULT_STATUS;
	r->hit.status = (unsigned)st;
	return true;
}

/* The ACTION[xCOUNT] part of a rule. */
static bool parse_action(const char *s, size_t len, struct rule *r)
{
	char buf[64 + FAULT_FIELD_MAX];
	if (len == 0 || len >= sizeof buf)
		return false;
	memcpy(buf, s, len);
	buf[len] = '\0';
	r->left = -1;
	if (take_count(buf, r) < 0)
		return false;
	char *end;
	if (strcmp(buf, "reset") == 0) {
		r->hit.kind = FAULT_RESET;
	} else if (strcmp(buf, "lost") == 0) {
		r->hit.kind = FAULT_LOST;
	} else if (strncmp(buf, "delay:", 6) == 0) {
		long ms = strtol(buf + 6, &end, 10);
		if (buf[6] < '0' || buf[6] > '9' || *end || ms > 600000)
			return false;
		r->hit.kind = FAULT_DELAY;
		r->hit.delay_ms = (int)ms;
	} else {
		return parse_status(buf, r);
	}
	return true;
}

/* One RULE of len bytes at s. */
static bool parse_rule(const char *s, size_t len, struct rule *r)
{
	memset(r, 0, sizeof *r);
	const char *eq = NULL;
	for (size_t i = len; i > 0; i--)
		if (s[i - 1] == '=') {
			eq = s + i - 1;
			break;
		}
	if (!eq || !parse_action(eq + 1, len - (size_t)(eq + 1 - s), r))
		return false;
	const char *p = s, *sp = memchr(s, ' ', (size_t)(eq - s));
	if (sp) {
		size_t ml = (size_t)(sp - s);
		if (ml == 0 || ml >= sizeof r->method)
			return false;
		for (size_t i = 0; i < ml; i++)
			if (s[i] < 'A' || s[i] > 'Z')
				return false;
		memcpy(r->method, s, ml);
		p = sp + 1;
	}
	size_t pl = (size_t)(eq - p);
	if (pl == 0 || pl >= sizeof r->pattern || p[0] != '/' || memchr(p, ' ', pl))
		return false;
	memcpy(r->pattern, p, pl);
	return true;
}

int faults_add(const char *spec, char *err, size_t errsz)
{
	struct rule parsed[MAX_RULES];
	int n = 0;
	const char *p = spec;
	while (*p) {
		size_t item = strcspn(p, ",");
		if (item && (n >= MAX_RULES || !parse_rule(p, item, &parsed[n]))) {
			snprintf(err, errsz,
				 "--faults wants [METHOD ]PATH=ACTION[xCOUNT] (ACTION: a status 400-599, STATUS@FIELD, "
				 "reset, lost or delay:MS), e.g. 'POST /v1/cases=500x1', not '%.*s'", (int)item, p);
			return -1;
		}
		if (item)
			n++;
		p += item;
		if (*p == ',')
			p++;
	}
	if (n == 0) {
		snprintf(err, errsz, "--faults wants at least one rule");
		return -1;
	}
	pthread_mutex_lock(&F.lock);
	if (F.n + n > MAX_RULES) {
		pthread_mutex_unlock(&F.lock);
		snprintf(err, errsz, "--faults: at most %d rules", MAX_RULES);
		return -1;
	}
	memcpy(&F.r[F.n], parsed, (size_t)n * sizeof parsed[0]);
	F.n += n;
	atomic_store(&g_rules, F.n);
	pthread_mutex_unlock(&F.lock);
	return 0;
}

void faults_clear(void)
{
	pthread_mutex_lock(&F.lock);
	F.n = 0;
	atomic_store(&g_rules, 0);
	pthread_mutex_unlock(&F.lock);
}

bool faults_active(void)
{
	return atomic_load(&g_rules) > 0;
}

struct fault_hit faults_match(const char *method, const char *path)
{
	struct fault_hit hit = { .kind = FAULT_NONE };
	if (!faults_active())
		return hit;
	pthread_mutex_lock(&F.lock);
	for (int i = 0; i < F.n; i++) {
		struct rule *r = &F.r[i];
		if (r->left == 0 || (r->method[0] && strcmp(r->method, method) != 0) || fnmatch(r->pattern, path, 0) != 0)
			continue;
		if (r->left > 0)
			r->left--;
		hit = r->hit;
		break;
	}
	pthread_mutex_unlock(&F.lock);
	return hit;
}
