/* app_model: JSON of the contract into the model (every string cleaned),
 * and keeping the waiting list, current ticket and held list right. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "client/app_model.h"
#include "common/jsonx.h"
#include "common/text.h"
#include "common/timefmt.h"
#include "common/xalloc.h"

#include <stdlib.h>
#include <string.h>

/* A cleaned copy of a string member, or NULL when missing or null. */
static char *clean_member(const cJSON *j, const char *key)
{
	const char *s = json_str(j, key, NULL);
	return s ? text_clean(s, TEXT_ONE_LINE) : NULL;
}

/* A time member, 0 when missing, null or malformed. */
static time_t time_member(const cJSON *j, const char *key)
{
	time_t t = time_parse_rfc3339(json_str(j, key, NULL));
	return t > 0 ? t : 0;
}

static const struct { const char *name; TicketStatus st; } statuses[] = {
	{"waiting", TS_WAITING}, {"called", TS_CALLED}, {"held", TS_HELD},
	{"skipped", TS_SKIPPED}, {"finished", TS_FINISHED},
};

TicketStatus ticket_status_parse(const char *s)
{
	for (size_t i = 0; s && i < sizeof statuses / sizeof statuses[0]; i++)
		if (strcmp(s, statuses[i].name) == 0)
			return statuses[i].st;
	return TS_UNKNOWN;
}

bool ticket_parse(Ticket *t, const cJSON *j)
{
	memset(t, 0, sizeof *t);
	if (!cJSON_IsObject(j) || !json_str(j, "id", NULL) || !json_str(j, "number", NULL))
		return false;
	t->id = clean_member(j, "id");
	t->number = clean_member(j, "number");
	t->category = clean_member(j, "category");
	if (!t->category)
		t->category = xstrdup("");
	t->status = ticket_status_parse(json_str(j, "status", NULL));
	t->priority = json_bool(j, "priority", false);
	t->issued_at = time_member(j, "issued_at");
	t->called_at = time_member(j, "called_at");
	t->finished_at = time_member(j, "finished_at");
	t->window = clean_member(j, "window");
	t->transferred_from = clean_member(j, "transferred_from");
	t->note = clean_member(j, "note");
	long r = json_long(j, "recalls", 0);
	t->recalls = r < 0 ? 0 : r > 1000000 ? 1000000 : (int)r;
	return true;
}

void ticket_copy(Ticket *dst, const Ticket *src)
{
	*dst = *src;
	dst->id = xstrdup(src->id);
	dst->number = xstrdup(src->number);
	dst->category = xstrdup(src->category);
	dst->window = xstrdup(src->window);
	dst->transferred_from = xstrdup(src->transferred_from);
	dst->note = xstrdup(src->note);
}

void ticket_free(Ticket *t)
{
	if (!t)
		return;
	free(t->id);
	free(t->number);
	free(t->category);
	free(t->window);
	free(t->transferred_from);
	free(t->note);
	memset(t, 0, sizeof *t);
}

bool category_parse(Category *c, const cJSON *j)
{
	memset(c, 0, sizeof *c);
	if (!cJSON_IsObject(j) || !json_str(j, "code", NULL))
		return false;
	c->code = clean_member(j, "code");
	c->name = clean_member(j, "name");
	if (!c->name)
		c->name = xstrdup(c->code);
	c->name_en = clean_member(j, "name_en");
	c->priority = json_bool(j, "priority", false);
	long w = json_long(j, "waiting", 0);
	c->waiting = w < 0 ? 0 : w > 1000000 ? 1000000 : (int)w;
	return true;
}

void category_free(Category *c)
{
	free(c->code);
	free(c->name);
	free(c->name_en);
	memset(c, 0, sizeof *c);
}

/* A count member kept in a sane range. */
static int count_member(const cJSON *j, const char *key)
{
	long v = json_long(j, key, 0);
	return v < 0 ? 0 : v > 100000000 ? 100000000 : (int)v;
}

void stats_parse(QueueStats *s, const cJSON *j)
{
	memset(s, 0, sizeof *s);
	if (!cJSON_IsObject(j))
		return;
	s->waiting = count_member(j, "waiting");
	s->avg_wait_seconds = count_member(j, "avg_wait_seconds");
	s->served_today = count_member(j, "served_today");
	s->longest_wait_seconds = count_member(j, "longest_wait_seconds");
}

bool staff_parse(Staff *s, const cJSON *j)
{
	memset(s, 0, sizeof *s);
	if (!cJSON_IsObject(j) || !json_str(j, "id", NULL))
		return false;
	s->id = clean_member(j, "id");
	s->username = clean_member(j, "username");
	s->name = clean_member(j, "name");
	if (!s->name)
		s->name = xstrdup(s->username ? s->username : s->id);
	s->role = clean_member(j, "role");
	const cJSON *hall = json_obj(j, "hall");
	s->hall_id = clean_member(hall, "id");
	s->hall_name = clean_member(hall, "name");
	const cJSON *win = json_obj(j, "window");
	if (win && json_str(win, "id", NULL)) {
		s->window_id = clean_member(win, "id");
		s->window_name = clean_member(win, "name");
		if (!s->window_name)
			s->window_name = xstrdup(s->window_id);
		const cJSON *cats = json_arr(win, "categories");
		int n = cats ? cJSON_GetArraySize(cats) : 0;
		s->categories = xcalloc((size_t)n + 1, sizeof *s->categories);
		const cJSON *c;
		cJSON_ArrayForEach(c, cats)
			if (cJSON_IsString(c))
				s->categories[s->ncategories++] = text_clean(c->valuestring, TEXT_ONE_LINE);
	}
	return true;
}

void staff_free(Staff *s)
{
	free(s->id);
	free(s->username);
	free(s->name);
	free(s->role);
	free(s->hall_id);
	free(s->hall_name);
	free(s->window_id);
	free(s->window_name);
	for (int i = 0; i < s->ncategories; i++)
		free(s->categories[i]);
	free(s->categories);
	memset(s, 0, sizeof *s);
}

/* Parse an array of tickets (bad items skipped). */
static Ticket *tickets_parse(const cJSON *arr, int *n)
{
	int cap = arr ? cJSON_GetArraySize(arr) : 0;
	Ticket *v = xcalloc((size_t)cap + 1, sizeof *v);
	*n = 0;
	const cJSON *it;
	cJSON_ArrayForEach(it, arr)
		if (ticket_parse(&v[*n], it))
			(*n)++;
	return v;
}

static void tickets_free(Ticket *v, int n)
{
	for (int i = 0; i < n; i++)
		ticket_free(&v[i]);
	free(v);
}

void model_clear_queue(App *a)
{
	tickets_free(a->waiting, a->nwaiting);
	a->waiting = NULL;
	a->nwaiting = 0;
	for (int i = 0; i < a->ncats; i++)
		category_free(&a->cats[i]);
	free(a->cats);
	a->cats = NULL;
	a->ncats = 0;
	if (a->current) {
		ticket_free(a->current);
		free(a->current);
		a->current = NULL;
	}
	tickets_free(a->held, a->nheld);
	a->held = NULL;
	a->nheld = 0;
	memset(&a->stats, 0, sizeof a->stats);
}

void model_apply_stats(App *a, const cJSON *stats)
{
	if (!cJSON_IsObject(stats))
		return;
	stats_parse(&a->stats, stats);
	const cJSON *by = json_obj(stats, "by_category");
	for (int i = 0; by && i < a->ncats; i++) {
		const cJSON *v = cJSON_GetObjectItemCaseSensitive(by, a->cats[i].code);
		if (cJSON_IsNumber(v))
			a->cats[i].waiting = v->valuedouble < 0 ? 0 : (int)v->valuedouble;
	}
}

int model_apply_queue(App *a, const cJSON *j)
{
	const cJSON *items = json_arr(j, "items");
	if (!items)
		return -1;
	/* Parse everything before touching the model. */
	int nw, nh, nc = 0;
	Ticket *w = tickets_parse(items, &nw);
	Ticket *h = tickets_parse(json_arr(j, "held"), &nh);
	const cJSON *cats = json_arr(j, "categories");
	Category *c = xcalloc((size_t)(cats ? cJSON_GetArraySize(cats) : 0) + 1, sizeof *c);
	const cJSON *it;
	cJSON_ArrayForEach(it, cats)
		if (category_parse(&c[nc], it))
			nc++;
	Ticket cur;
	bool has_cur = ticket_parse(&cur, cJSON_GetObjectItemCaseSensitive(j, "current"));

	Category *old_c = a->cats; /* kept when the answer has none */
	int old_nc = a->ncats;
	a->cats = NULL;
	a->ncats = 0;
	model_clear_queue(a);
	if (cats) {
		for (int i = 0; i < old_nc; i++)
			category_free(&old_c[i]);
		free(old_c);
		a->cats = c;
		a->ncats = nc;
	} else {
		free(c);
		a->cats = old_c;
		a->ncats = old_nc;
	}
	a->waiting = w;
	a->nwaiting = nw;
	a->held = h;
	a->nheld = nh;
	if (has_cur) {
		a->current = xmalloc(sizeof *a->current);
		*a->current = cur;
	}
	model_apply_stats(a, json_obj(j, "stats"));
	return 0;
}

static int find_ticket(const Ticket *v, int n, const char *id)
{
	for (int i = 0; i < n; i++)
		if (v[i].id && strcmp(v[i].id, id) == 0)
			return i;
	return -1;
}

/* Remove v[i], keeping the order. */
static void remove_at(Ticket *v, int *n, int i)
{
	ticket_free(&v[i]);
	memmove(&v[i], &v[i + 1], (size_t)(*n - i - 1) * sizeof *v);
	(*n)--;
}

/* Call order: the priority lane first, then by issue time. */
static bool before(const Ticket *x, const Ticket *y)
{
	if (x->priority != y->priority)
		return x->priority;
	return x->issued_at < y->issued_at;
}

unsigned model_apply_ticket(App *a, const Ticket *t)
{
	unsigned ch = 0;
	if (!t || !t->id)
		return 0;
	/* The waiting list. */
	int i = find_ticket(a->waiting, a->nwaiting, t->id);
	if (i >= 0) {
		remove_at(a->waiting, &a->nwaiting, i);
		ch |= CH_QUEUE;
	}
	if (t->status == TS_WAITING) {
		a->waiting = xrealloc(a->waiting, ((size_t)a->nwaiting + 1) * sizeof *a->waiting);
		int pos = a->nwaiting;
		while (pos > 0 && before(t, &a->waiting[pos - 1]))
			pos--;
		memmove(&a->waiting[pos + 1], &a->waiting[pos], (size_t)(a->nwaiting - pos) * sizeof *a->waiting);
		ticket_copy(&a->waiting[pos], t);
		a->nwaiting++;
		ch |= CH_QUEUE;
	}
	/* This window's called ticket. */
	bool mine = a->me.window_id && t->window && strcmp(a->me.window_id, t->window) == 0;
	bool was_current = a->current && strcmp(a->current->id, t->id) == 0;
	if (was_current || (mine && t->status == TS_CALLED)) {
		if (a->current) {
			ticket_free(a->current);
			free(a->current);
			a->current = NULL;
		}
		if (t->status == TS_CALLED && (mine || was_current)) {
			a->current = xmalloc(sizeof *a->current);
			ticket_copy(a->current, t);
		}
		ch |= CH_CURRENT;
	}
	/* This window's held tickets. */
	int h = find_ticket(a->held, a->nheld, t->id);
	if (h >= 0) {
		remove_at(a->held, &a->nheld, h);
		ch |= CH_CURRENT;
	}
	if (t->status == TS_HELD && (mine || h >= 0 || was_current)) {
		a->held = xrealloc(a->held, ((size_t)a->nheld + 1) * sizeof *a->held);
		ticket_copy(&a->held[a->nheld++], t);
		ch |= CH_CURRENT;
	}
	return ch;
}
