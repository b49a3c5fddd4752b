/* test_model: the contract's JSON into the model: tickets, staff, queue;
 * malformed or missing members never crash and leave the model whole;
 * every string is cleaned; events keep the lists right. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client/app_model.h"
#include "common/jsonx.h"

static cJSON *parse(const char *s)
{
	cJSON *j = cJSON_Parse(s);
	assert_non_null(j);
	return j;
}

static const char ticket_json[] =
	"{\"id\":\"t-20261123-A007\",\"number\":\"A007\",\"category\":\"A\","
	"\"status\":\"called\",\"priority\":false,\"issued_at\":\"2026-11-23T08:15:02Z\","
	"\"called_at\":\"2026-11-23T08:20:00Z\",\"finished_at\":null,\"window\":\"W01\","
	"\"staff_id\":\"s-clerk01\",\"recalls\":2,\"transferred_from\":\"B\","
	"\"note\":\"needs\\u001b[31m red\\u202e text\"}";

static void test_ticket_full(void **state)
{
	cJSON *j = parse(ticket_json);
	Ticket t;
	assert_true(ticket_parse(&t, j));
	assert_string_equal(t.id, "t-20261123-A007");
	assert_string_equal(t.number, "A007");
	assert_string_equal(t.category, "A");
	assert_int_equal(t.status, TS_CALLED);
	assert_false(t.priority);
	assert_int_equal(t.issued_at, 1795421702);
	assert_int_equal(t.called_at, 1795422000);
	assert_int_equal(t.finished_at, 0);
	assert_string_equal(t.window, "W01");
	assert_string_equal(t.transferred_from, "B");
	assert_int_equal(t.recalls, 2);
	/* The escape sequence and the bidi override are gone. */
	assert_string_equal(t.note, "needs red text");
	ticket_free(&t);
	cJSON_Delete(j);
}

static void test_ticket_malformed(void **state)
{
	static const char *const bad[] = {
		"null", "[]", "\"A007\"", "{}", "{\"id\":\"x\"}", "{\"number\":\"A1\"}",
		"{\"id\":7,\"number\":\"A1\"}",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		cJSON *j = parse(bad[i]);
		Ticket t;
		assert_false(ticket_parse(&t, j));
		assert_null(t.id);
		ticket_free(&t);
		cJSON_Delete(j);
	}
	assert_false(ticket_parse(&(Ticket){0}, NULL));
	/* Wrong types in optional members: defaults, no crash. */
	cJSON *j = parse("{\"id\":\"t1\",\"number\":\"A1\",\"category\":5,\"status\":\"teleported\","
			 "\"priority\":\"yes\",\"issued_at\":\"yesterday\",\"window\":[],"
			 "\"recalls\":-3,\"note\":{}}");
	Ticket t;
	assert_true(ticket_parse(&t, j));
	assert_string_equal(t.category, "");
	assert_int_equal(t.status, TS_UNKNOWN);
	assert_false(t.priority);
	assert_int_equal(t.issued_at, 0);
	assert_null(t.window);
	assert_int_equal(t.recalls, 0);
	assert_null(t.note);
	ticket_free(&t);
	cJSON_Delete(j);
}

static void test_staff(void **state)
{
	cJSON *j = parse("{\"id\":\"s-clerk01\",\"username\":\"clerk01\",\"name\":\"张伟\","
			 "\"role\":\"clerk\",\"hall\":{\"id\":\"xh01\",\"name\":\"徐汇区行政服务中心\"},"
			 "\"window\":{\"id\":\"W01\",\"name\":\"1号窗口\",\"categories\":[\"A\",\"B\",7,\"V\"]}}");
	Staff s;
	assert_true(staff_parse(&s, j));
	assert_string_equal(s.name, "张伟");
	assert_string_equal(s.role, "clerk");
	assert_string_equal(s.hall_name, "徐汇区行政服务中心");
	assert_string_equal(s.window_id, "W01");
	assert_string_equal(s.window_name, "1号窗口");
	assert_int_equal(s.ncategories, 3);
	assert_string_equal(s.categories[2], "V");
	staff_free(&s);
	cJSON_Delete(j);

	j = parse("{\"id\":\"s-agent01\",\"username\":\"agent01\",\"window\":null,\"hall\":\"x\"}");
	assert_true(staff_parse(&s, j));
	assert_null(s.window_id);
	assert_int_equal(s.ncategories, 0);
	assert_string_equal(s.name, "agent01");
	assert_null(s.hall_name);
	staff_free(&s);
	cJSON_Delete(j);

	j = parse("{\"username\":\"x\"}");
	assert_false(staff_parse(&s, j));
	staff_free(&s);
	cJSON_Delete(j);
}

static const char queue_json[] =
	"{\"items\":["
	"{\"id\":\"t-V001\",\"number\":\"V001\",\"category\":\"V\",\"status\":\"waiting\",\"priority\":true,\"issued_at\":\"2026-11-23T08:10:00Z\"},"
	"{\"id\":\"t-A008\",\"number\":\"A008\",\"category\":\"A\",\"status\":\"waiting\",\"issued_at\":\"2026-11-23T08:11:00Z\"},"
	"{\"broken\":true},"
	"{\"id\":\"t-B002\",\"number\":\"B002\",\"category\":\"B\",\"status\":\"waiting\",\"issued_at\":\"2026-11-23T08:12:00Z\"}],"
	"\"next_cursor\":null,"
	"\"categories\":[{\"code\":\"A\",\"name\":\"综合受理\",\"name_en\":\"General intake\",\"priority\":false,\"waiting\":1},"
	"{\"code\":\"V\",\"name\":\"绿色通道\",\"name_en\":\"Priority lane\",\"priority\":true,\"waiting\":1},"
	"{\"name\":\"no code\"}],"
	"\"stats\":{\"waiting\":3,\"avg_wait_seconds\":312,\"served_today\":41,\"longest_wait_seconds\":900,"
	"\"by_category\":{\"A\":5,\"V\":2}},"
	"\"current\":{\"id\":\"t-A007\",\"number\":\"A007\",\"category\":\"A\",\"status\":\"called\",\"window\":\"W01\"},"
	"\"held\":[{\"id\":\"t-A003\",\"number\":\"A003\",\"category\":\"A\",\"status\":\"held\",\"window\":\"W01\"}]}";

static void load_queue(App *a)
{
	memset(a, 0, sizeof *a);
	a->me.window_id = strdup("W01");
	cJSON *j = parse(queue_json);
	assert_int_equal(model_apply_queue(a, j), 0);
	cJSON_Delete(j);
}

static void free_app(App *a)
{
	model_clear_queue(a);
	staff_free(&a->me);
}

static void test_queue(void **state)
{
	App a;
	load_queue(&a);
	assert_int_equal(a.nwaiting, 3);
	assert_string_equal(a.waiting[0].number, "V001");
	assert_string_equal(a.waiting[2].number, "B002");
	assert_int_equal(a.ncats, 2);
	assert_string_equal(a.cats[1].name_en, "Priority lane");
	assert_true(a.cats[1].priority);
	/* by_category overrides the counts of the categories. */
	assert_int_equal(a.cats[0].waiting, 5);
	assert_int_equal(a.stats.waiting, 3);
	assert_int_equal(a.stats.avg_wait_seconds, 312);
	assert_int_equal(a.stats.served_today, 41);
	assert_non_null(a.current);
	assert_string_equal(a.current->number, "A007");
	assert_int_equal(a.nheld, 1);
	assert_string_equal(a.held[0].number, "A003");
	free_app(&a);
}

static void test_queue_malformed_keeps_model(void **state)
{
	App a;
	load_queue(&a);
	static const char *const bad[] = {
		"{}", "[]", "null", "{\"items\":{}}", "{\"items\":\"x\"}",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		cJSON *j = parse(bad[i]);
		assert_int_equal(model_apply_queue(&a, j), -1);
		cJSON_Delete(j);
		assert_int_equal(a.nwaiting, 3);
		assert_non_null(a.current);
	}
	assert_int_equal(model_apply_queue(&a, NULL), -1);
	/* Missing optional parts: empty lists, categories kept, no current. */
	cJSON *j = parse("{\"items\":[],\"current\":null,\"held\":5,\"stats\":[]}");
	assert_int_equal(model_apply_queue(&a, j), 0);
	cJSON_Delete(j);
	assert_int_equal(a.nwaiting, 0);
	assert_null(a.current);
	assert_int_equal(a.nheld, 0);
	assert_int_equal(a.ncats, 2);
	free_app(&a);
}

/* Apply one ticket JSON to the model. */
static unsigned apply(App *a, const char *json)
{
	cJSON *j = parse(json);
	Ticket t;
	assert_true(ticket_parse(&t, j));
	unsigned ch = model_apply_ticket(a, &t);
	ticket_free(&t);
	cJSON_Delete(j);
	return ch;
}

static void test_events_keep_lists_right(void **state)
{
	App a;
	load_queue(&a);
	/* A new ticket is issued: it lands in call order. */
	unsigned ch = apply(&a, "{\"id\":\"t-A009\",\"number\":\"A009\",\"category\":\"A\","
			    "\"status\":\"waiting\",\"issued_at\":\"2026-11-23T08:11:30Z\"}");
	assert_true(ch & CH_QUEUE);
	assert_int_equal(a.nwaiting, 4);
	assert_string_equal(a.waiting[2].number, "A009");
	/* A priority ticket goes before every ordinary one. */
	apply(&a, "{\"id\":\"t-V002\",\"number\":\"V002\",\"category\":\"V\",\"status\":\"waiting\","
		  "\"priority\":true,\"issued_at\":\"2026-11-23T09:00:00Z\"}");
	assert_string_equal(a.waiting[1].number, "V002");
	/* Another window calls A008: it leaves the waiting list, not ours. */
	ch = apply(&a, "{\"id\":\"t-A008\",\"number\":\"A008\",\"category\":\"A\",\"status\":\"called\",\"window\":\"W02\"}");
	assert_int_equal(a.nwaiting, 4);
	assert_string_equal(a.current->number, "A007");
	assert_false(ch & CH_CURRENT);
	/* Our current ticket is held: no current, one more held. */
	ch = apply(&a, "{\"id\":\"t-A007\",\"number\":\"A007\",\"category\":\"A\",\"status\":\"held\",\"window\":\"W01\"}");
	assert_true(ch & CH_CURRENT);
	assert_null(a.current);
	assert_int_equal(a.nheld, 2);
	/* We call V001: it is current and gone from the waiting list. */
	apply(&a, "{\"id\":\"t-V001\",\"number\":\"V001\",\"category\":\"V\",\"status\":\"called\",\"window\":\"W01\"}");
	assert_string_equal(a.current->number, "V001");
	assert_string_equal(a.waiting[0].number, "V002");
	/* It is transferred to B: waiting again, no current. */
	apply(&a, "{\"id\":\"t-V001\",\"number\":\"V001\",\"category\":\"B\",\"status\":\"waiting\","
		  "\"issued_at\":\"2026-11-23T08:10:00Z\",\"transferred_from\":\"V\"}");
	assert_null(a.current);
	assert_string_equal(a.waiting[1].number, "V001");
	/* A held ticket recalled: current, out of held. */
	apply(&a, "{\"id\":\"t-A003\",\"number\":\"A003\",\"category\":\"A\",\"status\":\"called\",\"window\":\"W01\",\"recalls\":1}");
	assert_string_equal(a.current->number, "A003");
	assert_int_equal(a.current->recalls, 1);
	assert_int_equal(a.nheld, 1);
	assert_string_equal(a.held[0].number, "A007");
	/* Finished: no current. */
	apply(&a, "{\"id\":\"t-A003\",\"number\":\"A003\",\"category\":\"A\",\"status\":\"finished\",\"window\":\"W01\"}");
	assert_null(a.current);
	free_app(&a);
}

static void test_status_names(void **state)
{
	assert_int_equal(ticket_status_parse("waiting"), TS_WAITING);
	assert_int_equal(ticket_status_parse("skipped"), TS_SKIPPED);
	assert_int_equal(ticket_status_parse("finished"), TS_FINISHED);
	assert_int_equal(ticket_status_parse("WAITING"), TS_UNKNOWN);
	assert_int_equal(ticket_status_parse(NULL), TS_UNKNOWN);
}

int main(void)
{
	setenv("TZ", "UTC", 1);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ticket_full),
		cmocka_unit_test(test_ticket_malformed),
		cmocka_unit_test(test_staff),
		cmocka_unit_test(test_queue),
		cmocka_unit_test(test_queue_malformed_keeps_model),
		cmocka_unit_test(test_events_keep_lists_right),
		cmocka_unit_test(test_status_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
