/* intake_fixtures: shared-data records, a guide and a form in the
 * contract's shapes, for the intake tests. Header-only. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef YC_TEST_INTAKE_FIXTURES_H
#define YC_TEST_INTAKE_FIXTURES_H
#include <cjson/cJSON.h>
#include <stdlib.h>

#include "client/intake.h"
#include "forms/forms.h"

#define FX_ID "11010519491231002X"
#define FX_USCC "91310104MA1FL0XX7X"

static const char fx_person[] =
	"{\"source\":\"上海市人口综合库\",\"as_of\":\"2026-11-20T02:00:00Z\",\"authoritative\":true,"
	"\"id_number\":\"" FX_ID "\",\"id_type\":\"resident_id\",\"name\":\"王小明\\u001b[31m\","
	"\"gender\":\"male\",\"birth_date\":\"1949-12-31\",\"ethnicity\":\"汉族\",\"nationality\":\"CHN\","
	"\"household_address\":\"北京市西城区某街 1 号\",\"household_division\":\"110102\","
	"\"residence_address\":\"上海市徐汇区漕溪北路 1 号\",\"phone\":\"13812345678\","
	"\"id_valid_until\":null}";

static const char fx_licenses[] =
	"{\"items\":[{\"source\":\"电子证照库\",\"as_of\":\"2026-11-20T02:00:00Z\",\"authoritative\":true,"
	"\"id\":\"lic-1\",\"type\":\"resident_id\",\"type_name\":\"居民身份证\",\"number\":\"" FX_ID "\","
	"\"holder\":\"" FX_ID "\",\"holder_name\":\"王小明\",\"issuer\":\"北京市公安局西城分局\","
	"\"issued_on\":\"2020-01-01\",\"valid_until\":null,\"status\":\"valid\",\"data\":{}},"
	"{\"source\":\"电子证照库\",\"as_of\":\"2026-11-20T02:00:00Z\",\"authoritative\":true,"
	"\"id\":\"lic-2\",\"type\":\"household_register\",\"type_name\":\"居民户口簿\",\"number\":\"H1\","
	"\"holder\":\"" FX_ID "\",\"holder_name\":\"王小明\",\"issuer\":\"x\","
	"\"issued_on\":\"2020-01-01\",\"valid_until\":null,\"status\":\"expired\",\"data\":{}}],"
	"\"next_cursor\":null}";

static const char fx_credit_black[] =
	"{\"source\":\"信用中国（上海）\",\"as_of\":\"2026-11-20T02:00:00Z\",\"authoritative\":true,"
	"\"holder\":\"" FX_ID "\",\"holder_type\":\"person\",\"flags\":[{\"source\":\"最高人民法院\","
	"\"as_of\":\"2026-11-20T02:00:00Z\",\"authoritative\":true,\"kind\":\"black_list\",\"code\":\"sx\","
	"\"title\":\"失信被执行人\",\"authority\":\"徐汇区人民法院\",\"listed_on\":\"2025-03-01\",\"until\":null,"
	"\"detail\":null,\"measures\":[\"限制高消费\"]}]}";

static const char fx_form[] =
	"{\"id\":\"residence-permit\",\"version\":1,\"title\":\"居住证申领表\",\"matters\":[\"310104-000112-001\"],"
	"\"updated_at\":\"2026-11-02T01:30:00Z\",\"sections\":[{\"key\":\"applicant\",\"title\":\"申请人\",\"fields\":["
	"{\"key\":\"applicant.name\",\"label\":\"姓名\",\"type\":\"text\",\"required\":true,\"prefill\":\"person.name\"},"
	"{\"key\":\"applicant.id_number\",\"label\":\"身份证号\",\"type\":\"id_number\",\"required\":true,\"prefill\":\"person.id_number\"},"
	"{\"key\":\"applicant.phone\",\"label\":\"电话\",\"type\":\"phone\",\"required\":true,\"prefill\":\"person.phone\"},"
	"{\"key\":\"applicant.address\",\"label\":\"居住地址\",\"type\":\"address\",\"prefill\":\"person.residence_address\"},"
	"{\"key\":\"agent.entrusted\",\"label\":\"委托代理\",\"type\":\"bool\",\"default\":false},"
	"{\"key\":\"agent.name\",\"label\":\"代理人\",\"type\":\"text\",\"visible_if\":{\"field\":\"agent.entrusted\",\"op\":\"eq\",\"value\":true}}"
	"]}]}";

static const char fx_guide[] =
	"{\"code\":\"310104-000112-001\",\"name\":\"上海市居住证申领\",\"short_name\":\"居住证申领\",\"phone\":\"12345\","
	"\"form_id\":\"residence-permit\","
	"\"time_limits\":{\"legal\":{\"value\":15,\"unit\":\"working_days\"},\"promised\":{\"value\":10,\"unit\":\"working_days\"}},"
	"\"materials\":["
	"{\"id\":\"id_card\",\"name\":\"申请人有效身份证件\",\"requirement\":\"required\",\"forms\":[\"original\"],"
	"\"copies\":{\"original\":1,\"copy\":0},\"source\":\"government\",\"source_note\":null,"
	"\"elicense_type\":\"resident_id\",\"condition\":null,\"notes\":null},"
	"{\"id\":\"photo\",\"name\":\"数码照片回执\",\"requirement\":\"required\",\"forms\":[\"original\",\"electronic\"],"
	"\"copies\":{\"original\":1,\"copy\":0},\"source\":\"applicant\",\"source_note\":null,"
	"\"elicense_type\":null,\"condition\":null,\"notes\":\"照相馆拍摄\"},"
	"{\"id\":\"employment_proof\",\"name\":\"劳动合同\",\"requirement\":\"deferrable\",\"forms\":[\"copy\"],"
	"\"copies\":{\"original\":0,\"copy\":1},\"source\":\"applicant\",\"source_note\":null,"
	"\"elicense_type\":null,\"condition\":null,\"notes\":null},"
	"{\"id\":\"household\",\"name\":\"居民户口簿\",\"requirement\":\"required\",\"forms\":[\"original\"],"
	"\"copies\":{\"original\":1,\"copy\":0},\"source\":\"government\",\"source_note\":null,"
	"\"elicense_type\":\"household_register\",\"condition\":null,\"notes\":null},"
	"{\"id\":\"authorization\",\"name\":\"授权委托书\",\"requirement\":\"required\",\"forms\":[\"original\"],"
	"\"copies\":{\"original\":1,\"copy\":0},\"source\":\"applicant\",\"source_note\":null,"
	"\"elicense_type\":null,\"condition\":\"委托代理人办理的\",\"notes\":null},"
	"{\"id\":\"study_proof\",\"name\":\"在读证明\",\"requirement\":\"required\",\"forms\":[\"original\"],"
	"\"copies\":{\"original\":1,\"copy\":0},\"source\":\"applicant\",\"source_note\":null,"
	"\"elicense_type\":null,\"condition\":\"以连续就读申领的\",\"notes\":null}"
	"]}";

/* Give the intake the fixture guide and form as its choice. */
static inline bool fx_choose(Intake *in)
{
	cJSON **guides = calloc(1, sizeof *guides);
	guides[0] = cJSON_Parse(fx_guide);
	FormSchema **parts = calloc(1, sizeof *parts);
	parts[0] = forms_schema_parse(fx_form, sizeof fx_form - 1, NULL);
	if (!parts[0])
		return false;
	return intake_set_choice(in, NULL, "上海市居住证申领", guides, 1, parts, 1);
}

#endif
