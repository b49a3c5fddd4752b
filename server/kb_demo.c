/* kb_demo: the demo's FAQ, policy and notice articles — the written ones, and common questions filled in from each matter of the loaded catalog. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "server/kb_gen.h"
#include "server/kb_demo_text.h"
#include "server/catalog.h"
#include "common/jsonx.h"
#include "common/timefmt.h"
#include "common/xalloc.h"
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Short and full names people use for the same thing: an article whose
 * text holds one also gets the other as a keyword. */
static const struct {
	const char *full, *short_;
} synonyms[] = {
	{ "社会保险", "社保" },     { "医疗保险", "医保" },       { "住房公积金", "公积金" },
	{ "最低生活保障", "低保" }, { "居民身份证", "身份证" },   { "社会保障卡", "社保卡" },
	{ "居民户口簿", "户口本" }, { "不动产权证书", "房产证" }, { "不动产登记资料查询", "产调" },
	{ "个体工商户", "个体户" }, { "失业保险金", "失业金" },   { "基本养老保险", "养老金" },
};

static void add_synonyms(struct kb_article *a)
{
	for (size_t i = 0; i < sizeof synonyms / sizeof synonyms[0]; i++) {
		if (strstr(a->title, synonyms[i].full) || strstr(a->body, synonyms[i].full))
			kb_list_add(&a->keywords, synonyms[i].short_);
		if (strstr(a->title, synonyms[i].short_))
			kb_list_add(&a->keywords, synonyms[i].full);
	}
}

/* Add the space- or '|'-separated items of s to l; matters only when the
 * catalog has them. */
static void add_items(struct kb_list *l, const char *s, char sep, bool matters)
{
	while (s && *s) {
		const char *e = strchr(s, sep);
		size_t n = e ? (size_t)(e - s) : strlen(s);
		char *item = xstrndup(s, n);
		if (!matters || kb_matter_name(item))
			kb_list_add(l, item);
		free(item);
		s = e ? e + 1 : s + n;
	}
}

static void add_written(struct kb_set *out, const struct kb_written *w)
{
	struct kb_article *a = kb_set_new(out, w->id, w->kind);
	a->title = xstrdup(w->title);
	a->body = xstrdup(w->body);
	time_t t = time_parse_rfc3339(w->updated_at);
	a->updated_at = t > 0 ? (int64_t)t : 0;
	add_items(&a->keywords, w->keywords, '|', false);
	add_items(&a->matters, w->matters, ' ', true);
	add_items(&a->related, w->related, ' ', false);
	add_synonyms(a);
}

const char *kb_demo_title(const char *id)
{
	for (const struct kb_written *w = kb_written; w->id; w++)
		if (strcmp(w->id, id) == 0)
			return w->title;
	return NULL;
}

/* ---- questions filled in from a matter ---- */

/* A new FAQ about matter m: id "faq-<code>-<what>", its matter, the guide
 * as related, the matter's keywords. */
static struct kb_article *matter_faq(struct kb_set *out, const struct cat_matter *m, const char *what, char *title)
{
	char *id = xasprintf("faq-%s-%s", m->code, what);
	struct kb_article *a = kb_set_new(out, id, "faq");
	free(id);
	a->title = title;
	a->updated_at = m->updated_at;
	kb_list_add(&a->matters, m->code);
	char *gid = xasprintf("guide-%s", m->code);
	kb_list_add(&a->related, gid);
	free(gid);
	kb_list_add(&a->keywords, m->short_name);
	for (size_t i = 0; i < m->nkeywords && i < 4; i++)
		kb_list_add(&a->keywords, m->keywords[i]);
	return a;
}

/* The closing lines of every matter FAQ: who handles it, the guide. */
static void matter_footer(struct sbuf *b, const struct cat_matter *m)
{
	const char *dept = json_str(json_obj(m->doc, "department"), "name", "");
	sbuf_puts(b, "# 相关事项\n- ");
	kb_link_matter(b, m->code, m->name);
	sbuf_printf(b, "（实施机构：%s）\n- ", dept);
	char *gid = xasprintf("guide-%s", m->code);
	kb_link_kb(b, gid, "查看完整办事指南");
	free(gid);
	sbuf_puts(b, "\n");
}

static void finish(struct kb_article *a, struct sbuf *b, const struct cat_matter *m)
{
	matter_footer(b, m);
	size_t len;
	a->body = sbuf_take(b, &len);
	add_synonyms(a);
}

/* The matter's own FAQ entries, one article each. */
static void faq_entries(struct kb_set *out, const struct cat_matter *m)
{
	const cJSON *e;
	int n = 0;
	cJSON_ArrayForEach(e, json_arr(m->doc, "faq")) {
		char what[16];
		snprintf(what, sizeof what, "q%d", ++n);
		struct kb_article *a = matter_faq(out, m, what, xstrdup(json_str(e, "question", m->name)));
		struct sbuf b = { 0 };
		sbuf_printf(&b, "%s\n本问题适用于“%s”。\n", json_str(e, "answer", ""), m->name);
		finish(a, &b, m);
	}
}

static bool agent_material(const cJSON *mat)
{
	const char *c = json_str(mat, "condition", "");
	return strstr(c, "委托") != NULL;
}

static void faq_materials(struct kb_set *out, const struct cat_matter *m)
{
	const cJSON *mats = json_arr(m->doc, "materials"), *e;
	struct kb_article *a = matter_faq(out, m, "materials", xasprintf("办理%s需要带哪些材料？", m->short_name));
	struct sbuf b = { 0 };
	sbuf_puts(&b, "办理");
	kb_link_matter(&b, m->code, m->name);
	sbuf_puts(&b, "，请按下列清单准备材料。\n# 基本材料\n");
	int cond = 0, el = 0, def = 0;
	cJSON_ArrayForEach(e, mats) {
		if (json_str(e, "condition", NULL)) {
			cond++;
			continue;
		}
		kb_material_line(&b, e);
	}
	if (cond) {
		sbuf_puts(&b, "# 特定情形下的材料\n");
		cJSON_ArrayForEach(e, mats)
			if (json_str(e, "condition", NULL))
				kb_material_line(&b, e);
	}
	cJSON_ArrayForEach(e, mats) {
		el += json_str(e, "elicense_type", NULL) != NULL;
		def += strcmp(json_str(e, "requirement", ""), "deferrable") == 0;
		kb_list_add(&a->keywords, json_str(e, "name", NULL));
	}
	sbuf_puts(&b, "# 温馨提示\n");
	if (el)
		sbuf_printf(&b, "- 以上有 %d 项材料可用电子证照，窗口通过数据共享调取后免提交纸质件。\n", el);
	if (def)
		sbuf_printf(&b, "- 有 %d 项材料可以容缺后补：先行受理，窗口出具一次性告知书，按期补交即可。\n", def);
	sbuf_puts(&b, "- 复印件请使用 A4 纸，证件正反面复印在同一页。\n");
	finish(a, &b, m);
}

static void faq_time(struct kb_set *out, const struct cat_matter *m)
{
	const cJSON *tl = json_obj(m->doc, "time_limits"), *e;
	char legal[64], promised[64];
	kb_duration(json_obj(tl, "legal"), legal, sizeof legal);
	kb_duration(json_obj(tl, "promised"), promised, sizeof promised);
	struct kb_article *a = matter_faq(out, m, "time", xasprintf("%s多长时间能办好？", m->short_name));
	kb_list_add(&a->keywords, "办理时限");
	struct sbuf b = { 0 };
	if (json_long(json_obj(tl, "promised"), "value", -1) == 0)
		sbuf_printf(&b, "%s是即办事项：材料齐全、符合法定形式的，窗口当场办结。\n", m->name);
	else
		sbuf_printf(&b, "%s的承诺办结时限为%s（法定时限%s），自窗口受理之日起计算，不含申请人补正材料的时间。\n",
			    m->name, promised, legal);
	if (cJSON_GetArraySize(json_arr(m->doc, "flow")) > 0) {
		sbuf_puts(&b, "# 办理环节\n");
		cJSON_ArrayForEach(e, json_arr(m->doc, "flow")) {
			const cJSON *lim = json_obj(e, "time_limit");
			char d[64] = "";
			if (lim && json_long(lim, "value", -1) == 0)
				snprintf(d, sizeof d, "即办");
			else if (lim)
				kb_duration(lim, d, sizeof d);
			sbuf_printf(&b, "%ld. %s：%s%s%s%s\n", json_long(e, "step", 0), json_str(e, "name", ""),
				    json_str(e, "description", ""), lim ? "（" : "", lim ? d : "", lim ? "）" : "");
		}
	}
	sbuf_puts(&b, "# 取件方式\n");
	cJSON_ArrayForEach(e, json_arr(m->doc, "delivery"))
		if (cJSON_IsString(e))
			sbuf_printf(&b, "- %s\n", kb_word_delivery(e->valuestring));
	sbuf_puts(&b, "办理进度可凭受理回执上的统一编号和查询密码查询，见[如何查询办件进度](kb:notice-query-progress)。\n");
	kb_list_add(&a->related, "notice-query-progress");
	finish(a, &b, m);
}

static void faq_fee(struct kb_set *out, const struct cat_matter *m)
{
	const cJSON *fee = json_obj(m->doc, "fee");
	bool charged = json_bool(fee, "charged", false);
	struct kb_article *a = matter_faq(out, m, "fee", xasprintf("%s要收费吗？", m->short_name));
	kb_list_add(&a->keywords, "收费标准");
	struct sbuf b = { 0 };
	if (charged)
		sbuf_printf(&b, "%s按以下标准收费，窗口可使用统一收费平台扫码支付：\n", m->name);
	else
		sbuf_printf(&b, "%s", m->name);
	kb_fee_lines(&b, fee);
	if (!charged)
		sbuf_puts(&b, "窗口不收取任何费用，如遇收费请拨打 12345 反映。\n");
	finish(a, &b, m);
}

static void faq_where(struct kb_set *out, const struct cat_matter *m)
{
	const cJSON *d = m->doc;
	struct kb_article *a = matter_faq(out, m, "where", xasprintf("%s在哪里办理？办理时间是什么时候？", m->short_name));
	kb_list_add(&a->keywords, "办理地点");
	struct sbuf b = { 0 };
	sbuf_printf(&b, "%s可在徐汇区行政服务中心综合窗口办理，一窗受理、无差别收件。\n", m->name);
	const char *loc = json_str(d, "location", NULL), *hours = json_str(d, "hours", NULL);
	if (loc)
		sbuf_printf(&b, "- 地点：%s\n", loc);
	if (hours)
		sbuf_printf(&b, "- 时间：%s\n", hours);
	sbuf_printf(&b, "- 咨询电话：%s\n", json_str(d, "phone", "12345"));
	sbuf_puts(&b, "建议通过“随申办”预约后到场，老年人、残疾人等可走[绿色通道](kb:notice-green-channel)。\n");
	kb_list_add(&a->related, "notice-hours");
	kb_list_add(&a->related, "notice-green-channel");
	finish(a, &b, m);
}

static void faq_agent(struct kb_set *out, const struct cat_matter *m)
{
	const cJSON *mats = json_arr(m->doc, "materials"), *e;
	bool can = false;
	cJSON_ArrayForEach(e, mats)
		can = can || agent_material(e);
	struct kb_article *a = matter_faq(out, m, "agent", xasprintf("%s可以委托别人代办吗？", m->short_name));
	kb_list_add(&a->keywords, "代办");
	kb_list_add(&a->keywords, "委托");
	struct sbuf b = { 0 };
	if (can) {
		sbuf_printf(&b, "可以。%s可以委托代理人办理，代理人除申请材料外还须提交：\n", m->name);
		cJSON_ArrayForEach(e, mats)
			if (agent_material(e))
				kb_material_line(&b, e);
		sbuf_puts(&b, "委托书的写法见[委托他人代办需要准备哪些材料？](kb:faq-agent-authorization)。\n");
		kb_list_add(&a->related, "faq-agent-authorization");
	} else {
		sbuf_printf(&b, "%s一般须由申请人本人到窗口办理，窗口需要当场核验本人身份，部分事项还要采集照片、指纹或签署声明。\n"
			    "确有困难的，可以联系窗口咨询上门服务或[绿色通道](kb:notice-green-channel)。\n",
			    m->name);
		kb_list_add(&a->related, "notice-green-channel");
	}
	finish(a, &b, m);
}

static void faq_conditions(struct kb_set *out, const struct cat_matter *m)
{
	const char *cond = json_str(m->doc, "conditions", NULL);
	if (!cond)
		return;
	struct kb_article *a = matter_faq(out, m, "conditions", xasprintf("哪些情况可以申请%s？", m->short_name));
	kb_list_add(&a->keywords, "申请条件");
	struct sbuf b = { 0 };
	sbuf_printf(&b, "%s的服务对象为", m->name);
	kb_join(&b, json_arr(m->doc, "targets"), kb_word_target, "、");
	sbuf_printf(&b, "。受理条件：\n%s\n", cond);
	const cJSON *e;
	bool head = false;
	cJSON_ArrayForEach(e, json_arr(m->doc, "legal_basis")) {
		if (!cJSON_IsString(e))
			continue;
		if (!head)
			sbuf_puts(&b, "# 依据\n");
		head = true;
		sbuf_printf(&b, "- %s\n", e->valuestring);
	}
	finish(a, &b, m);
}

/* ---- laws and materials shared by several matters ---- */

/* "《社会保险法》第五十八条" and "《社会保险法》" are the same law. */
static size_t law_key_len(const char *s)
{
	const char *end = strstr(s, "》");
	return end ? (size_t)(end - s) + strlen("》") : strlen(s);
}

/* A stable id suffix from a name. */
static void name_id(const char *name, size_t n, char out[17])
{
	unsigned char h[8];
	crypto_generichash(h, sizeof h, (const unsigned char *)name, n, NULL, 0);
	sodium_bin2hex(out, 17, h, sizeof h);
}

static void law_article(struct kb_set *out, const char *law, size_t klen)
{
	char hex[17];
	name_id(law, klen, hex);
	char *id = xasprintf("policy-law-%s", hex);
	for (size_t i = 0; i < out->n; i++)
		if (strcmp(out->v[i].id, id) == 0) {
			free(id);
			return;
		}
	struct kb_article *a = kb_set_new(out, id, "policy");
	free(id);
	a->title = xasprintf("法规依据：%s", law);
	char *name = xstrndup(law, klen);
	kb_list_add(&a->keywords, name);
	kb_list_add(&a->keywords, "法律依据");
	struct sbuf b = { 0 };
	sbuf_printf(&b, "%s是本中心以下事项的设定依据。办理前请对照各事项的受理条件和申请材料。\n# 依据该法规办理的事项\n", name);
	for (size_t i = 0; i < catalog_matter_count(); i++) {
		const struct cat_matter *m = catalog_matter_at(i);
		const cJSON *e;
		bool cites = false;
		cJSON_ArrayForEach(e, json_arr(m->doc, "legal_basis"))
			cites = cites || (cJSON_IsString(e) && strncmp(e->valuestring, name, klen) == 0);
		if (m->deleted_at || !cites)
			continue;
		char promised[64];
		kb_duration(json_obj(json_obj(m->doc, "time_limits"), "promised"), promised, sizeof promised);
		sbuf_puts(&b, "- ");
		kb_link_matter(&b, m->code, m->name);
		sbuf_printf(&b, "：%s，承诺时限%s。", json_str(json_obj(m->doc, "department"), "name", ""), promised);
		const char *cond = json_str(m->doc, "conditions", NULL);
		if (cond)
			sbuf_printf(&b, "受理条件：%s", cond);
		sbuf_puts(&b, "\n");
		kb_list_add(&a->matters, m->code);
		char *gid = xasprintf("guide-%s", m->code);
		kb_list_add(&a->related, gid);
		free(gid);
		kb_list_add(&a->keywords, m->short_name);
		if (m->updated_at > a->updated_at)
			a->updated_at = m->updated_at;
	}
	sbuf_puts(&b, "法规全文以国家法律法规数据库和政府公报公布的文本为准。\n");
	size_t len;
	a->body = sbuf_take(&b, &len);
	free(name);
	add_synonyms(a);
}

static void laws(struct kb_set *out)
{
	for (size_t i = 0; i < catalog_matter_count(); i++) {
		const struct cat_matter *m = catalog_matter_at(i);
		const cJSON *e;
		if (m->deleted_at)
			continue;
		cJSON_ArrayForEach(e, json_arr(m->doc, "legal_basis"))
			if (cJSON_IsString(e))
				law_article(out, e->valuestring, law_key_len(e->valuestring));
	}
}

/* Matters of the catalog that ask for a material of this name. */
static size_t material_users(const char *name)
{
	size_t n = 0;
	for (size_t i = 0; i < catalog_matter_count(); i++) {
		const struct cat_matter *m = catalog_matter_at(i);
		const cJSON *e;
		bool uses = false;
		cJSON_ArrayForEach(e, json_arr(m->doc, "materials"))
			uses = uses || strcmp(json_str(e, "name", ""), name) == 0;
		n += uses && !m->deleted_at;
	}
	return n;
}

static void material_article(struct kb_set *out, const char *name)
{
	char hex[17];
	name_id(name, strlen(name), hex);
	char *id = xasprintf("faq-material-%s", hex);
	for (size_t i = 0; i < out->n; i++)
		if (strcmp(out->v[i].id, id) == 0) {
			free(id);
			return;
		}
	struct kb_article *a = kb_set_new(out, id, "faq");
	free(id);
	a->title = xasprintf("哪些事项要提交“%s”？有什么要求？", name);
	kb_list_add(&a->keywords, name);
	kb_list_add(&a->keywords, "申请材料");
	struct sbuf b = { 0 };
	sbuf_printf(&b, "以下事项的材料清单中有“%s”，各事项对份数和形式的要求如下：\n", name);
	bool el = false;
	for (size_t i = 0; i < catalog_matter_count(); i++) {
		const struct cat_matter *m = catalog_matter_at(i);
		const cJSON *e;
		if (m->deleted_at)
			continue;
		cJSON_ArrayForEach(e, json_arr(m->doc, "materials")) {
			if (strcmp(json_str(e, "name", ""), name) != 0)
				continue;
			sbuf_puts(&b, "## ");
			kb_link_matter(&b, m->code, m->name);
			sbuf_puts(&b, "\n");
			kb_material_line(&b, e);
			el = el || json_str(e, "elicense_type", NULL);
			kb_list_add(&a->matters, m->code);
			kb_list_add(&a->keywords, m->short_name);
			if (m->updated_at > a->updated_at)
				a->updated_at = m->updated_at;
		}
	}
	if (el)
		sbuf_puts(&b, "该材料已有电子证照的，窗口调取核验后免提交纸质件，见[电子证照与“免提交”](kb:policy-elicense)。\n");
	kb_list_add(&a->related, "policy-elicense");
	size_t len;
	a->body = sbuf_take(&b, &len);
	add_synonyms(a);
}

static void materials(struct kb_set *out)
{
	for (size_t i = 0; i < catalog_matter_count(); i++) {
		const struct cat_matter *m = catalog_matter_at(i);
		const cJSON *e;
		if (m->deleted_at)
			continue;
		cJSON_ArrayForEach(e, json_arr(m->doc, "materials")) {
			const char *name = json_str(e, "name", NULL);
			if (name && material_users(name) >= 2)
				material_article(out, name);
		}
	}
}

void kb_gen_demo(struct kb_set *out)
{
	for (const struct kb_written *w = kb_written; w->id; w++)
		add_written(out, w);
	for (size_t i = 0; i < catalog_matter_count(); i++) {
		const struct cat_matter *m = catalog_matter_at(i);
		if (m->deleted_at)
			continue;
		faq_entries(out, m);
		faq_conditions(out, m);
		faq_materials(out, m);
		faq_time(out, m);
		faq_fee(out, m);
		faq_where(out, m);
		faq_agent(out, m);
	}
	laws(out);
	materials(out);
}

void kb_gen_demo_withdrawn(struct kb_set *out)
{
	for (const struct kb_written *w = kb_withdrawn; w->id; w++)
		add_written(out, w);
}
