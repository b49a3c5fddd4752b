/* queue: ticket logic — issuing, call order, one called ticket per window, state rules, statistics. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "server/sbuf.h"
#include "server/queue.h"
#include "server/events.h"
#include "server/model_json.h"
#include "common/jsonx.h"
#include <pthread.h>
#include <stdatomic.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Every change goes through this lock: it keeps the store's transactions
 * and the hub's event order the same. */
static pthread_mutex_t g_write = PTHREAD_MUTEX_INITIALIZER;
/* Bumped after every committed change: cached views compare it. */
static atomic_uint g_generation = 1;

unsigned queue_generation(void)
{
	return atomic_load(&g_generation);
}

void queue_write_lock(void)
{
	pthread_mutex_lock(&g_write);
}

void queue_write_unlock(void)
{
	pthread_mutex_unlock(&g_write);
}

#define BIT(s) (1u << (s))

/* The state rules: which states an action starts from, where it leads,
 * and the event it announces. */
static const struct {
	const char *name;
	unsigned from;
	enum ticket_status to;
	const char *event;
	const char *needs;
} rules[QA_COUNT] = {
	[QA_RECALL] = { "recall", BIT(TS_CALLED) | BIT(TS_HELD) | BIT(TS_SKIPPED), TS_CALLED, "ticket.recalled",
			"called, held or skipped" },
	[QA_SKIP] = { "skip", BIT(TS_CALLED), TS_SKIPPED, "ticket.skipped", "called" },
	[QA_HOLD] = { "hold", BIT(TS_CALLED), TS_HELD, "ticket.held", "called" },
	[QA_TRANSFER] = { "transfer", BIT(TS_CALLED) | BIT(TS_HELD), TS_WAITING, "ticket.transferred",
			  "called or held" },
	[QA_FINISH] = { "finish", BIT(TS_CALLED), TS_FINISHED, "ticket.finished", "called" },
};

int queue_action_parse(const char *name)
{
	for (int i = 0; i < QA_COUNT; i++)
		if (strcmp(rules[i].name, name) == 0)
			return i;
	return -1;
}

void queue_day(int64_t t, char day[9], int64_t *day_start)
{
	time_t tt = (time_t)t;
	struct tm tm;
	localtime_r(&tt, &tm);
	if (day)
		strftime(day, 9, "%Y%m%d", &tm);
	if (day_start) {
		tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
		tm.tm_isdst = -1;
		*day_start = (int64_t)mktime(&tm);
	}
}

bool queue_category(struct store *st, const char *code, struct category *out)
{
	struct category cats[QUEUE_MAX_CATEGORIES];
	int n = store_categories(st, cats, QUEUE_MAX_CATEGORIES);
	for (int i = 0; i < n; i++) {
		if (strcmp(cats[i].code, code) == 0) {
			if (out)
				*out = cats[i];
			return true;
		}
	}
	return false;
}

int queue_stats(struct store *st, int64_t now, struct queue_stats *out)
{
	memset(out, 0, sizeof *out);
	int64_t day_start;
	queue_day(now, NULL, &day_start);
	struct queue_figures f;
	if (store_queue_figures(st, day_start, &f) != STORE_OK)
		return -1;
	struct category cats[QUEUE_MAX_CATEGORIES];
	int n = store_categories(st, cats, QUEUE_MAX_CATEGORIES);
	if (n < 0)
		return -1;
	out->waiting = f.waiting;
	out->served_today = f.served;
	out->avg_wait_seconds = f.called ? (int)((f.wait_sum + f.called / 2) / f.called) : 0;
	out->longest_wait_seconds = f.waiting && now > f.oldest_issued ? (int)(now - f.oldest_issued) : 0;
	out->ncat = n;
	for (int i = 0; i < n; i++) {
		scopy(out->by_cat[i].code, sizeof out->by_cat[i].code, cats[i].code);
		for (int j = 0; j < f.ncat; j++)
			if (strcmp(f.by_cat[j].code, cats[i].code) == 0)
				out->by_cat[i].waiting = f.by_cat[j].waiting;
	}
	return 0;
}

/* Inside the transaction: store the event with the ticket and the stats
 * after the change. Returns its id (0 on failure). The caller publishes
 * it after the commit. */
static int64_t append_event(struct store *st, const char *type, const struct ticket *t, int64_t now,
			    char **data_out)
{
	struct queue_stats s;
	if (queue_stats(st, now, &s) != 0)
		return 0;
	cJSON *d = cJSON_CreateObject();
	cJSON_AddItemToObject(d, "ticket", json_ticket(t));
	cJSON_AddItemToObject(d, "stats", json_stats(&s));
	char *data = json_print(d);
	cJSON_Delete(d);
	int64_t id = 0;
	if (store_event_append(st, type, now, data, &id) != STORE_OK) {
		free(data);
		return 0;
	}
	*data_out = data;
	return id;
}

/* Commit the change with its event, then announce it; the write lock is
 * held by the caller. */
static enum queue_rc commit_with_event(struct store *st, const char *type, const struct ticket *t, int64_t now)
{
	char *data = NULL;
	int64_t id = append_event(st, type, t, now, &data);
	if (!id || store_commit(st) != STORE_OK) {
		free(data);
		store_rollback(st);
		return Q_ERROR;
	}
	atomic_fetch_add(&g_generation, 1);
	events_publish(id, type, now, data);
	free(data);
	return Q_OK;
}

/* Roll back, leave the write lock and pass rc on. */
static enum queue_rc fail(struct store *st, enum queue_rc rc)
{
	store_rollback(st);
	pthread_mutex_unlock(&g_write);
	return rc;
}

/* Write a formatted reason for a refusal. */
static void say(char *detail, size_t sz, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void say(char *detail, size_t sz, const char *fmt, ...)
{
	if (!detail || !sz)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(detail, sz, fmt, ap);
	va_end(ap);
}

enum queue_rc queue_new_ticket(struct store *st, const char *category, bool priority, int64_t issued_at,
			       struct ticket *out)
{
	struct category c;
	if (!queue_category(st, category, &c))
		return Q_BAD_CATEGORY;
	char day[9];
	queue_day(issued_at, day, NULL);
	int n;
	if (store_ticket_next_number(st, day, c.code, &n) != STORE_OK)
		return Q_ERROR;
	if (n > QUEUE_MAX_NUMBER)
		return Q_FULL;
	if (n < 1)
		return Q_ERROR;
	memset(out, 0, sizeof *out);
	snprintf(out->number, sizeof out->number, "%.7s%03d", c.code, n % 1000);
	snprintf(out->id, sizeof out->id, "t-%s-%s", day, out->number);
	scopy(out->category, sizeof out->category, c.code);
	out->status = TS_WAITING;
	out->priority = priority || c.priority;
	out->issued_at = issued_at;
	return store_ticket_insert(st, out) == STORE_OK ? Q_OK : Q_ERROR;
}

enum queue_rc queue_issue(struct store *st, const char *category, bool priority, int64_t now, struct ticket *out)
{
	pthread_mutex_lock(&g_write);
	if (store_begin(st) != STORE_OK)
		return fail(st, Q_ERROR);
	enum queue_rc rc = queue_new_ticket(st, category, priority, now, out);
	if (rc != Q_OK)
		return fail(st, rc);
	rc = commit_with_event(st, "ticket.issued", out, now);
	pthread_mutex_unlock(&g_write);
	return rc;
}

/* Is code in the list ",A,B,V,"? */
static bool in_list(const char *list, const char *code)
{
	size_t n = strlen(code);
	for (const char *p = list; (p = strstr(p, code)); p += n)
		if (p > list && p[-1] == ',' && p[n] == ',')
			return true;
	return false;
}

/* Append "CODE," to a category list unless it is there already. */
static void catlist_add(char *list, size_t sz, const char *code)
{
	if (in_list(list, code))
		return;
	size_t len = strlen(list), n = strlen(code);
	if (len + n + 2 > sz)
		return;
	memcpy(list + len, code, n);
	list[len + n] = ',';
	list[len + n + 1] = '\0';
}

enum queue_rc queue_call_next(struct store *st, const struct queue_actor *who, const char *const *cats, int ncats,
			      int64_t now, struct ticket *out, char *detail, size_t detailsz)
{
	if (!who->window || !*who->window) {
		say(detail, detailsz, "you have no window to call tickets to");
		return Q_FORBIDDEN;
	}
	pthread_mutex_lock(&g_write);
	if (store_begin(st) != STORE_OK)
		return fail(st, Q_ERROR);
	struct window w;
	if (store_window_get(st, who->window, &w) != STORE_OK) {
		say(detail, detailsz, "window %s does not exist", who->window);
		return fail(st, Q_FORBIDDEN);
	}
	struct ticket cur;
	if (store_ticket_called_at(st, w.id, &cur) == STORE_OK) {
		say(detail, detailsz, "window %s already has called ticket %s; finish, skip, hold or transfer it first",
		    w.id, cur.number);
		return fail(st, Q_STATE);
	}
	char list[256] = ",";
	char wcats[sizeof w.categories + 2];
	snprintf(wcats, sizeof wcats, ",%s,", w.categories);
	if (ncats > 0) {
		for (int i = 0; i < ncats; i++) {
			if (!queue_category(st, cats[i], NULL)) {
				say(detail, detailsz, "unknown category %s", cats[i]);
				return fail(st, Q_BAD_CATEGORY);
			}
			catlist_add(list, sizeof list, cats[i]);
		}
	} else {
		scopy(list, sizeof list, wcats);
	}
	/* The window's priority lane comes along whatever was asked. */
	struct category all[QUEUE_MAX_CATEGORIES];
	int n = store_categories(st, all, QUEUE_MAX_CATEGORIES);
	for (int i = 0; i < n; i++)
		if (all[i].priority && in_list(wcats, all[i].code))
			catlist_add(list, sizeof list, all[i].code);
	int rc = store_ticket_first_waiting(st, list, out);
	if (rc == STORE_NOTFOUND) {
		say(detail, detailsz, "nobody is waiting in categories %s", list);
		return fail(st, Q_EMPTY);
	}
	if (rc != STORE_OK)
		return fail(st, Q_ERROR);
	out->status = TS_CALLED;
	out->called_at = now;
	scopy(out->window, sizeof out->window, w.id);
	scopy(out->staff_id, sizeof out->staff_id, who->staff_id);
	if (store_ticket_update(st, out) != STORE_OK)
		return fail(st, Q_ERROR);
	enum queue_rc q = commit_with_event(st, "ticket.called", out, now);
	pthread_mutex_unlock(&g_write);
	return q;
}

/* Change the ticket as the action says (the checks are done). */
static void apply(struct ticket *t, enum queue_action a, const struct queue_actor *who,
		  const struct category *to, const char *note, int64_t now)
{
	t->status = rules[a].to;
	switch (a) {
	case QA_RECALL:
		t->recalls++;
		scopy(t->staff_id, sizeof t->staff_id, who->staff_id);
		break;
	case QA_TRANSFER:
		scopy(t->transferred_from, sizeof t->transferred_from, t->category);
		scopy(t->category, sizeof t->category, to->code);
		t->priority = t->priority || to->priority;
		t->window[0] = t->staff_id[0] = '\0';
		t->called_at = 0;
		if (note)
			scopy(t->note, sizeof t->note, note);
		break;
	case QA_FINISH:
		t->finished_at = now;
		break;
	default:
		break;
	}
}

enum queue_rc queue_act(struct store *st, const struct queue_actor *who, const char *ticket_id, enum queue_action a,
			const char *to_category, const char *note, int64_t now, struct ticket *out, char *detail,
			size_t detailsz)
{
	if ((unsigned)a >= QA_COUNT)
		return Q_ERROR;
	pthread_mutex_lock(&g_write);
	if (store_begin(st) != STORE_OK)
		return fail(st, Q_ERROR);
	int rc = store_ticket_get(st, ticket_id, out);
	if (rc == STORE_NOTFOUND) {
		say(detail, detailsz, "no ticket %s", ticket_id);
		return fail(st, Q_NOT_FOUND);
	}
	if (rc != STORE_OK)
		return fail(st, Q_ERROR);
	if (!who->window || !*who->window) {
		say(detail, detailsz, "you have no window");
		return fail(st, Q_FORBIDDEN);
	}
	if (out->window[0] && strcmp(out->window, who->window) != 0) {
		say(detail, detailsz, "ticket %s belongs to window %s", out->number, out->window);
		return fail(st, Q_FORBIDDEN);
	}
	if (!(rules[a].from & BIT(out->status))) {
		say(detail, detailsz, "ticket %s is %s; %s needs a ticket that is %s", out->number,
		    ticket_status_name(out->status), rules[a].name, rules[a].needs);
		return fail(st, Q_STATE);
	}
	struct ticket cur;
	if (a == QA_RECALL && out->status != TS_CALLED && store_ticket_called_at(st, who->window, &cur) == STORE_OK) {
		say(detail, detailsz, "ticket %s is %s and window %s already has called ticket %s", out->number,
		    ticket_status_name(out->status), who->window, cur.number);
		return fail(st, Q_STATE);
	}
	struct category to = { .code = "" };
	if (a == QA_TRANSFER && !queue_category(st, to_category ? to_category : "", &to)) {
		say(detail, detailsz, "unknown category %s", to_category ? to_category : "");
		return fail(st, Q_BAD_CATEGORY);
	}
	if (a == QA_RECALL && out->status != TS_CALLED)
		scopy(out->window, sizeof out->window, who->window);
	apply(out, a, who, &to, note, now);
	if (store_ticket_update(st, out) != STORE_OK)
		return fail(st, Q_ERROR);
	enum queue_rc q = commit_with_event(st, rules[a].event, out, now);
	pthread_mutex_unlock(&g_write);
	return q;
}
