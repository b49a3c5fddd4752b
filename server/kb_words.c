/* kb_words: the catalog's codes in Chinese and the small pieces of wording every generated article shares. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "server/kb_gen.h"
#include "server/catalog.h"
#include "common/jsonx.h"
#include <stdio.h>
#include <string.h>

struct word {
	const char *code, *zh;
};

#define N(a) (sizeof(a) / sizeof((a)[0]))

static const struct word matter_kinds[] = {
	{ "license", "行政许可" },         { "penalty", "行政处罚" },     { "enforcement", "行政强制" },
	{ "levy", "行政征收" },            { "payment", "行政给付" },     { "inspection", "行政检查" },
	{ "confirmation", "行政确认" },    { "reward", "行政奖励" },      { "adjudication", "行政裁决" },
	{ "other_power", "其他行政权力" }, { "public_service", "公共服务" },
};
static const struct word targets[] = { { "person", "自然人" }, { "entity", "法人" } };
static const struct word requirements[] = {
	{ "required", "必需" },
	{ "optional", "非必需" },
	{ "deferrable", "容缺后补（可先受理，限期补交）" },
};
static const struct word forms[] = { { "original", "原件" }, { "copy", "复印件" }, { "electronic", "电子材料" } };
static const struct word sources[] = {
	{ "applicant", "申请人自备" },
	{ "government", "政府部门核发" },
	{ "intermediary", "中介机构出具" },
	{ "other", "其他单位出具" },
};
static const struct word elicenses[] = {
	{ "resident_id", "居民身份证" },
	{ "household_register", "居民户口簿" },
	{ "business_license", "营业执照" },
	{ "birth_medical_certificate", "出生医学证明" },
	{ "marriage_certificate", "结婚证" },
	{ "real_estate_certificate", "不动产权证书" },
	{ "residence_permit", "上海市居住证" },
	{ "residence_registration", "居住登记凭证" },
	{ "hk_macao_pass", "往来港澳通行证" },
	{ "disability_certificate", "残疾人证" },
	{ "retirement_certificate", "退休证" },
};
static const struct word deliveries[] = { { "window", "窗口领取" }, { "post", "邮寄送达" } };
static const struct word units[] = {
	{ "working_days", "个工作日" },
	{ "calendar_days", "个自然日" },
	{ "hours", "小时" },
};

static const char *lookup(const struct word *t, size_t n, const char *code)
{
	for (size_t i = 0; code && i < n; i++)
		if (strcmp(t[i].code, code) == 0)
			return t[i].zh;
	return code ? code : "";
}

const char *kb_word_matter_kind(const char *code)
{
	return lookup(matter_kinds, N(matter_kinds), code);
}

const char *kb_word_target(const char *code)
{
	return lookup(targets, N(targets), code);
}

const char *kb_word_requirement(const char *code)
{
	return lookup(requirements, N(requirements), code);
}

const char *kb_word_form(const char *code)
{
	return lookup(forms, N(forms), code);
}

const char *kb_word_source(const char *code)
{
	return lookup(sources, N(sources), code);
}

const char *kb_word_elicense(const char *code)
{
	return lookup(elicenses, N(elicenses), code);
}

const char *kb_word_delivery(const char *code)
{
	return lookup(deliveries, N(deliveries), code);
}

void kb_duration(const cJSON *d, char *buf, size_t size)
{
	long v = json_long(d, "value", -1);
	if (v < 0)
		snprintf(buf, size, "以实际办理为准");
	else if (v == 0)
		snprintf(buf, size, "即办（材料齐全的当场办结）");
	else
		snprintf(buf, size, "%ld %s", v, lookup(units, N(units), json_str(d, "unit", "working_days")));
}

void kb_join(struct sbuf *b, const cJSON *arr, const char *(*word)(const char *), const char *sep)
{
	const cJSON *e;
	bool first = true;
	cJSON_ArrayForEach(e, arr) {
		if (!cJSON_IsString(e))
			continue;
		sbuf_printf(b, "%s%s", first ? "" : sep, word ? word(e->valuestring) : e->valuestring);
		first = false;
	}
}

void kb_material_line(struct sbuf *b, const cJSON *m)
{
	const char *cond = json_str(m, "condition", NULL);
	sbuf_printf(b, "- %s", json_str(m, "name", "材料"));
	if (cond)
		sbuf_printf(b, "（%s）", cond);
	sbuf_puts(b, "：");
	const cJSON *copies = json_obj(m, "copies");
	long orig = json_long(copies, "original", 0), copy = json_long(copies, "copy", 0);
	if (orig)
		sbuf_printf(b, "原件 %ld 份", orig);
	if (copy)
		sbuf_printf(b, "%s复印件 %ld 份", orig ? "、" : "", copy);
	if (!orig && !copy)
		kb_join(b, json_arr(m, "forms"), kb_word_form, "或");
	sbuf_printf(b, "；%s", kb_word_requirement(json_str(m, "requirement", "required")));
	const char *src = json_str(m, "source", "applicant");
	const char *note = json_str(m, "source_note", NULL);
	sbuf_printf(b, "；%s", note ? note : kb_word_source(src));
	const char *el = json_str(m, "elicense_type", NULL);
	if (el)
		sbuf_printf(b, "；已有电子证照（%s）的免提交纸质材料", kb_word_elicense(el));
	const char *notes = json_str(m, "notes", NULL);
	if (notes)
		sbuf_printf(b, "。%s", notes);
	sbuf_puts(b, "\n");
}

void kb_fee_lines(struct sbuf *b, const cJSON *fee)
{
	const char *note = json_str(fee, "note", NULL);
	if (!json_bool(fee, "charged", false)) {
		sbuf_printf(b, "不收费。%s\n", note ? note : "");
		return;
	}
	const cJSON *it;
	cJSON_ArrayForEach(it, json_arr(fee, "items")) {
		const char *basis = json_str(it, "basis", NULL);
		sbuf_printf(b, "- %s：%s 元", json_str(it, "name", "费用"), json_str(it, "amount", "0.00"));
		if (basis)
			sbuf_printf(b, "（收费依据：%s）", basis);
		sbuf_puts(b, "\n");
	}
	if (note)
		sbuf_printf(b, "说明：%s\n", note);
}

void kb_link_matter(struct sbuf *b, const char *code, const char *name)
{
	sbuf_printf(b, "[%s](matter:%s)", name, code);
}

void kb_link_kb(struct sbuf *b, const char *id, const char *title)
{
	sbuf_printf(b, "[%s](kb:%s)", title, id);
}

const char *kb_matter_name(const char *code)
{
	const struct cat_matter *m = code ? catalog_matter(code, false) : NULL;
	return m ? m->name : NULL;
}
