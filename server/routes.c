/* routes: the route table (method + path pattern -> handler) and its matcher. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "server/routes.h"
#include <stdbool.h>
#include <string.h>

#define P ROUTE_PUBLIC
#define I ROUTE_IDEM

static const struct route table[] = {
	/* meta */
	{ "GET", "/v1/health", route_health, P, NULL },
	{ "GET", "/v1/meta", route_meta, P, NULL },
	/* auth */
	{ "POST", "/v1/auth/login", route_login, P | I, "username" },
	{ "POST", "/v1/auth/refresh", route_refresh, P | I, "refresh_token" },
	{ "POST", "/v1/auth/logout", route_logout, I, NULL },
	{ "GET", "/v1/me", route_me, 0, NULL },
	/* queue */
	{ "GET", "/v1/queue", route_queue_get, 0, NULL },
	{ "POST", "/v1/queue/tickets", route_queue_issue, I, NULL },
	{ "POST", "/v1/queue/call-next", route_queue_call_next, I, NULL },
	{ "POST", "/v1/tickets/{id}/recall", route_ticket_action, I, NULL },
	{ "POST", "/v1/tickets/{id}/skip", route_ticket_action, I, NULL },
	{ "POST", "/v1/tickets/{id}/hold", route_ticket_action, I, NULL },
	{ "POST", "/v1/tickets/{id}/transfer", route_ticket_action, I, NULL },
	{ "POST", "/v1/tickets/{id}/finish", route_ticket_action, I, NULL },
	/* events */
	{ "GET", "/v1/events", route_events, 0, NULL },
	/* shared data: purpose header required, every lookup audited */
	{ "GET", "/v1/people/{id_number}", route_person, 0, NULL },
	{ "GET", "/v1/entities/{uscc}", route_entity, 0, NULL },
	{ "GET", "/v1/licenses", route_licenses, 0, NULL },
	{ "GET", "/v1/credit/{holder}", route_credit, 0, NULL },
	{ "GET", "/v1/proofs", route_proofs, 0, NULL },
	{ "GET", "/v1/audit", route_audit, 0, NULL },
	/* catalog */
	{ "GET", "/v1/matters", route_matters, 0, NULL },
	{ "GET", "/v1/matters/{code}", route_matter, 0, NULL },
	{ "GET", "/v1/bundles", route_bundles, 0, NULL },
	{ "GET", "/v1/forms/{id}", route_form, 0, NULL },
	/* cases */
	{ "POST", "/v1/cases", route_case_create, I, NULL },
	{ "GET", "/v1/cases", route_cases_list, 0, NULL },
	{ "GET", "/v1/cases/{number}", route_case_get, 0, NULL },
	{ "POST", "/v1/cases/{number}/materials", route_case_materials, I, NULL },
	{ "POST", "/v1/cases/{number}/payment", route_case_payment, I, NULL },
	{ "POST", "/v1/cases/{number}/evaluation", route_case_evaluation, I, NULL },
	/* knowledge base */
	{ "GET", "/v1/kb/search", route_kb_search, 0, NULL },
	{ "GET", "/v1/kb/articles/{id}", route_kb_article, 0, NULL },
	{ "GET", "/v1/kb/changes", route_kb_changes, 0, NULL },
	/* later issues: 501 not-implemented */
	{ "POST", "/v1/assist/sessions", route_later, 0, NULL },
	{ "GET", "/v1/assist/sessions", route_later, 0, NULL },
	{ "POST", "/v1/assist/sessions/{id}/accept", route_later, 0, NULL },
	{ "POST", "/v1/assist/sessions/{id}/close", route_later, 0, NULL },
	{ "GET", "/v1/assist/sessions/{id}/messages", route_later, 0, NULL },
	{ "POST", "/v1/assist/sessions/{id}/messages", route_later, 0, NULL },
};

#undef P
#undef I

const struct route *routes_table(size_t *n)
{
	*n = sizeof table / sizeof table[0];
	return table;
}

/* Does path fit pat? A {name} takes one non-empty segment; its offset and
 * length go to off[]. */
static bool fits(const char *pat, const char *path, size_t off[][2], int *np)
{
	const char *p = pat, *s = path;
	int n = 0;
	while (*p && *s) {
		if (*p == '{') {
			const char *close = strchr(p, '}');
			size_t seg = strcspn(s, "/");
			if (!close || seg == 0 || n >= HTTP_MAX_PARAMS)
				return false;
			off[n][0] = (size_t)(s - path);
			off[n][1] = seg;
			n++;
			p = close + 1;
			s += seg;
		} else if (*p == *s) {
			p++;
			s++;
		} else {
			return false;
		}
	}
	if (*p || *s)
		return false;
	*np = n;
	return true;
}

/* Add a method to the Allow list unless it is there. */
static void allow_add(char *allow, size_t sz, const char *method)
{
	if (!allow || !sz)
		return;
	size_t mlen = strlen(method);
	for (const char *a = allow; (a = strstr(a, method)); a += mlen)
		if ((a == allow || a[-1] == ' ') && (a[mlen] == ',' || a[mlen] == '\0'))
			return;
	size_t len = strlen(allow);
	if (len + mlen + 3 > sz)
		return;
	if (len)
		strcat(allow, ", ");
	strcat(allow, method);
}

enum route_match routes_match(const char *method, const char *path, const struct route **out,
			      const char **params, int *nparams, char *scratch, char *allow, size_t allowsz)
{
	size_t off[HTTP_MAX_PARAMS][2];
	int np = 0;
	bool path_known = false;
	if (allow && allowsz)
		allow[0] = '\0';
	*out = NULL;
	*nparams = 0;
	for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
		if (!fits(table[i].pattern, path, off, &np))
			continue;
		path_known = true;
		if (strcmp(table[i].method, method) != 0) {
			allow_add(allow, allowsz, table[i].method);
			continue;
		}
		char *w = scratch;
		for (int k = 0; k < np; k++) {
			memcpy(w, path + off[k][0], off[k][1]);
			w[off[k][1]] = '\0';
			params[k] = w;
			w += off[k][1] + 1;
		}
		*nparams = np;
		*out = &table[i];
		return ROUTE_FOUND;
	}
	return path_known ? ROUTE_NO_METHOD : ROUTE_NO_PATH;
}
