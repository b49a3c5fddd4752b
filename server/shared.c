/* shared: what every shared-data route does — purpose headers, the audit row, benchmark delays. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "server/shared.h"
#include "server/park.h"
#include "server/problem.h"
#include "server/sbuf.h"
#include "common/text.h"
#include "common/timefmt.h"
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *const names[SRC__COUNT] = { "people", "entities", "licenses", "credit", "proofs" };
static atomic_int g_delay[SRC__COUNT];

const char *shared_src_name(enum shared_src s)
{
	return s < SRC__COUNT ? names[s] : "?";
}

int shared_src_parse(const char *name, size_t len)
{
	for (int i = 0; i < SRC__COUNT; i++)
		if (strlen(names[i]) == len && strncmp(names[i], name, len) == 0)
			return i;
	return -1;
}

void shared_delay_set(enum shared_src s, int ms)
{
	if (s < SRC__COUNT)
		atomic_store(&g_delay[s], ms);
}

int shared_delay_ms(enum shared_src s)
{
	return s < SRC__COUNT ? atomic_load(&g_delay[s]) : 0;
}

int shared_delay_parse(const char *spec, char *err, size_t errsz)
{
	int ms[SRC__COUNT] = { 0 };
	const char *p = spec;
	while (*p) {
		size_t item = strcspn(p, ",");
		const char *eq = memchr(p, '=', item);
		int s = eq ? shared_src_parse(p, (size_t)(eq - p)) : -1;
		char *end = NULL;
		long v = eq ? strtol(eq + 1, &end, 10) : -1;
		if (s < 0 || !end || end != p + item || eq + 1 == end || v < 0 || v > 600000) {
			snprintf(err, errsz,
				 "--delay wants SOURCE=MS[,SOURCE=MS…] with SOURCE one of people, entities, licenses, "
				 "credit, proofs and MS from 0 to 600000, not '%.*s'", (int)item, p);
			return -1;
		}
		ms[s] = (int)v;
		p += item;
		if (*p == ',')
			p++;
	}
	for (int i = 0; i < SRC__COUNT; i++)
		shared_delay_set((enum shared_src)i, ms[i]);
	return 0;
}

bool shared_hold(struct req *rq, struct resp *rs, enum shared_src s)
{
	int ms = shared_delay_ms(s);
	if (rq->again || ms <= 0 || !rq->conn)
		return false;
	if (!park_until(rq->conn, time_mono_ms() + ms))
		return false;
	rs->parked = true;
	return true;
}

/* s fits ^t-[0-9]{8}-[A-Z][0-9]{3}$ (TicketIdValue). */
static bool ticket_id_ok(const char *s)
{
	if (strlen(s) != 15 || strncmp(s, "t-", 2) != 0 || s[10] != '-' || !(s[11] >= 'A' && s[11] <= 'Z'))
		return false;
	for (int i = 2; i < 15; i++)
		if (i != 10 && i != 11 && !(s[i] >= '0' && s[i] <= '9'))
			return false;
	return true;
}

/* s fits ^[0-9A-Z][0-9A-Z-]{5,39}$ (CaseNumberValue). */
static bool case_number_ok(const char *s)
{
	size_t n = strlen(s);
	if (n < 6 || n > 40 || s[0] == '-')
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'A' && s[i] <= 'Z') || s[i] == '-'))
			return false;
	return true;
}

void lookup_begin(const struct req *rq, struct lookup *lk, enum shared_src s, const char *subject)
{
	memset(lk, 0, sizeof *lk);
	scopy(lk->a.source, sizeof lk->a.source, shared_src_name(s));
	char *clean = text_clean(subject ? subject : "", TEXT_ONE_LINE);
	scopy(lk->a.subject, sizeof lk->a.subject, clean);
	free(clean);
	(void)rq;
}

bool lookup_allowed(const struct req *rq, struct resp *rs, struct lookup *lk)
{
	const char *t = req_header(rq, "X-Ticket"), *c = req_header(rq, "X-Case");
	if (t && *t) {
		if (ticket_id_ok(t)) {
			scopy(lk->a.purpose_kind, sizeof lk->a.purpose_kind, "ticket");
			scopy(lk->a.purpose, sizeof lk->a.purpose, t);
		} else {
			problem_error(&lk->errs, "X-Ticket", "format", "X-Ticket must be a ticket id such as t-20261123-A007");
		}
	}
	if (c && *c) {
		if (case_number_ok(c)) {
			if (!lk->a.purpose_kind[0]) {
				scopy(lk->a.purpose_kind, sizeof lk->a.purpose_kind, "case");
				scopy(lk->a.purpose, sizeof lk->a.purpose, c);
			}
		} else {
			problem_error(&lk->errs, "X-Case", "format", "X-Case must be a case number such as XH01-20261124-0017");
		}
	}
	if (lk->errs) {
		resp_invalid(rs, rq, lk->errs);
		lk->errs = NULL;
		lookup_end(lk, rs, "invalid", 0);
		audit_write(rq, &lk->a);
		return false;
	}
	if (!lk->a.purpose_kind[0]) {
		resp_problem(rs, rq, "purpose-required",
			     "state the purpose of this lookup with X-Ticket (the ticket served) or X-Case (the case handled)");
		lookup_end(lk, rs, "refused", 0);
		audit_write(rq, &lk->a);
		return false;
	}
	return true;
}

void lookup_end(struct lookup *lk, const struct resp *rs, const char *result, int count)
{
	lk->a.status = (int)rs->status;
	lk->a.count = count;
	scopy(lk->a.result, sizeof lk->a.result, result);
}

void audit_write(const struct req *rq, struct audit_rec *a)
{
	struct store *st = store_thread();
	a->at = time(NULL);
	if (rq->who) {
		scopy(a->staff_id, sizeof a->staff_id, rq->who->staff_id);
		scopy(a->role, sizeof a->role, rq->who->role);
	}
	if (!st || store_audit_append(st, a) != STORE_OK)
		fprintf(stderr, "yichuangd: audit: could not record a %s lookup by %s\n", a->source, a->staff_id);
}
