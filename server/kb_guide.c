/* kb_guide: the 办事指南 articles — one per matter of the loaded catalog, one per department, one per 一件事 bundle. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "server/kb_gen.h"
#include "server/catalog.h"
#include "common/jsonx.h"
#include "common/timefmt.h"
#include "common/xalloc.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Collect the help article ids of a form schema (any depth). */
static void help_ids(const cJSON *v, struct kb_list *out)
{
	const cJSON *e;
	if (cJSON_IsObject(v)) {
		const char *h = json_str(v, "help", NULL);
		if (h && strncmp(h, "guide-", 6) != 0)
			kb_list_add(out, h);
	}
	if (cJSON_IsObject(v) || cJSON_IsArray(v))
		cJSON_ArrayForEach(e, v)
			help_ids(e, out);
}

/* The ids of FAQ articles a matter's form points to. */
static void form_helps(const char *form_id, struct kb_list *out)
{
	const struct cat_form *f = form_id ? catalog_form(form_id, 0) : NULL;
	cJSON *doc = f ? cJSON_Parse(f->json) : NULL;
	if (doc)
		help_ids(doc, out);
	cJSON_Delete(doc);
}

static void section_basics(struct sbuf *b, const cJSON *m)
{
	const cJSON *dept = json_obj(m, "department");
	sbuf_puts(b, "# 基本信息\n");
	sbuf_printf(b, "- 事项名称：%s\n", json_str(m, "name", ""));
	sbuf_printf(b, "- 基本编码：%s\n", json_str(m, "code", ""));
	const char *impl = json_str(m, "implementation_code", NULL);
	if (impl)
		sbuf_printf(b, "- 实施编码：%s\n", impl);
	sbuf_printf(b, "- 事项类型：%s\n", kb_word_matter_kind(json_str(m, "kind", "")));
	sbuf_printf(b, "- 实施机构：%s\n", json_str(dept, "name", ""));
	sbuf_puts(b, "- 服务对象：");
	kb_join(b, json_arr(m, "targets"), kb_word_target, "、");
	sbuf_puts(b, "\n");
	const cJSON *basis = json_arr(m, "legal_basis");
	if (cJSON_GetArraySize(basis) > 0) {
		sbuf_puts(b, "# 设定依据\n");
		const cJSON *e;
		cJSON_ArrayForEach(e, basis)
			if (cJSON_IsString(e))
				sbuf_printf(b, "- %s\n", e->valuestring);
	}
	const char *cond = json_str(m, "conditions", NULL);
	if (cond)
		sbuf_printf(b, "# 受理条件\n%s\n", cond);
}

static void section_materials(struct sbuf *b, const cJSON *m)
{
	const cJSON *mats = json_arr(m, "materials"), *e;
	if (cJSON_GetArraySize(mats) == 0)
		return;
	sbuf_puts(b, "# 申请材料\n");
	cJSON_ArrayForEach(e, mats)
		kb_material_line(b, e);
	bool elicense = false, deferrable = false;
	cJSON_ArrayForEach(e, mats) {
		elicense = elicense || json_str(e, "elicense_type", NULL);
		deferrable = deferrable || strcmp(json_str(e, "requirement", ""), "deferrable") == 0;
	}
	if (elicense)
		sbuf_puts(b, "已归集电子证照的材料，窗口通过数据共享调取核验，申请人无需提交纸质件（免提交）。\n");
	if (deferrable)
		sbuf_puts(b, "标注“容缺后补”的材料缺少时可先行受理，窗口出具一次性告知书，申请人应在告知期限内补交。\n");
}

static void section_time_fee(struct sbuf *b, const cJSON *m)
{
	const cJSON *tl = json_obj(m, "time_limits");
	char legal[64], promised[64];
	kb_duration(json_obj(tl, "legal"), legal, sizeof legal);
	kb_duration(json_obj(tl, "promised"), promised, sizeof promised);
	sbuf_printf(b, "# 办理时限\n- 法定办结时限：%s\n- 承诺办结时限：%s\n", legal, promised);
	sbuf_puts(b, "# 收费标准\n");
	kb_fee_lines(b, json_obj(m, "fee"));
	const cJSON *flow = json_arr(m, "flow"), *e;
	if (cJSON_GetArraySize(flow) == 0)
		return;
	sbuf_puts(b, "# 办理流程\n");
	cJSON_ArrayForEach(e, flow) {
		const cJSON *lim = json_obj(e, "time_limit");
		sbuf_printf(b, "%ld. %s：%s", json_long(e, "step", 0), json_str(e, "name", ""), json_str(e, "description", ""));
		if (lim) {
			char d[64];
			kb_duration(lim, d, sizeof d);
			sbuf_printf(b, "（%s）", json_long(lim, "value", 0) == 0 ? "即办" : d);
		}
		sbuf_puts(b, "\n");
	}
}

static void section_place(struct sbuf *b, const cJSON *m)
{
	sbuf_puts(b, "# 办理地点和时间\n");
	const char *loc = json_str(m, "location", NULL), *hours = json_str(m, "hours", NULL);
	const char *phone = json_str(m, "phone", NULL);
	if (loc)
		sbuf_printf(b, "- 办理地点：%s\n", loc);
	if (hours)
		sbuf_printf(b, "- 办理时间：%s\n", hours);
	if (phone)
		sbuf_printf(b, "- 咨询电话：%s\n", phone);
	sbuf_puts(b, "- 结果送达：");
	kb_join(b, json_arr(m, "delivery"), kb_word_delivery, "、");
	sbuf_puts(b, "\n");
}

static void section_faq(struct sbuf *b, const cJSON *m)
{
	const cJSON *faq = json_arr(m, "faq"), *e;
	if (cJSON_GetArraySize(faq) == 0)
		return;
	sbuf_puts(b, "# 常见问题\n");
	cJSON_ArrayForEach(e, faq)
		sbuf_printf(b, "## %s\n%s\n", json_str(e, "question", ""), json_str(e, "answer", ""));
}

/* Related matters (links to the catalog) and the FAQ its form points to. */
static void section_links(struct sbuf *b, const cJSON *m, struct kb_article *a, const struct kb_list *helps)
{
	const cJSON *rel = json_arr(m, "related"), *e;
	bool head = false;
	cJSON_ArrayForEach(e, rel) {
		const char *name = cJSON_IsString(e) ? kb_matter_name(e->valuestring) : NULL;
		if (!name)
			continue;
		if (!head)
			sbuf_puts(b, "# 相关事项\n");
		head = true;
		sbuf_puts(b, "- ");
		kb_link_matter(b, e->valuestring, name);
		sbuf_puts(b, "（");
		char *gid = xasprintf("guide-%s", e->valuestring);
		kb_link_kb(b, gid, "办事指南");
		kb_list_add(&a->related, gid);
		free(gid);
		sbuf_puts(b, "）\n");
	}
	head = false;
	for (size_t i = 0; i < helps->n; i++) {
		const char *title = kb_demo_title(helps->v[i]);
		if (!title)
			continue;
		if (!head)
			sbuf_puts(b, "# 填表说明\n");
		head = true;
		sbuf_puts(b, "- ");
		kb_link_kb(b, helps->v[i], title);
		sbuf_puts(b, "\n");
		kb_list_add(&a->related, helps->v[i]);
	}
}

void kb_gen_guide(struct kb_set *out, const cJSON *m, int64_t updated)
{
	const char *code = json_str(m, "code", NULL), *name = json_str(m, "name", NULL);
	if (!code || !name)
		return;
	char *id = xasprintf("guide-%s", code);
	struct kb_article *a = kb_set_new(out, id, "guide");
	free(id);
	a->title = xasprintf("%s办事指南", name);
	a->updated_at = updated;
	kb_list_add(&a->matters, code);
	const cJSON *e;
	cJSON_ArrayForEach(e, json_arr(m, "keywords"))
		if (cJSON_IsString(e))
			kb_list_add(&a->keywords, e->valuestring);
	kb_list_add(&a->keywords, json_str(m, "short_name", NULL));
	kb_list_add(&a->keywords, json_str(json_obj(m, "department"), "name", NULL));
	kb_list_add(&a->keywords, "办事指南");
	struct kb_list helps = { 0 };
	form_helps(json_str(m, "form_id", NULL), &helps);
	struct sbuf b = { 0 };
	sbuf_puts(&b, "本指南对应事项：");
	kb_link_matter(&b, code, name);
	sbuf_printf(&b, "。在窗口受理时选择该事项即可调出表单和材料清单。\n");
	section_basics(&b, m);
	section_materials(&b, m);
	section_time_fee(&b, m);
	section_place(&b, m);
	section_faq(&b, m);
	section_links(&b, m, a, &helps);
	kb_list_free(&helps);
	size_t len;
	a->body = sbuf_take(&b, &len);
}

/* One guide per department: its matters with links. */
static void gen_departments(struct kb_set *out)
{
	for (size_t i = 0; i < catalog_matter_count(); i++) {
		const struct cat_matter *m = catalog_matter_at(i);
		if (m->deleted_at)
			continue;
		char *id = xasprintf("dept-%s", m->dept);
		bool seen = false;
		for (size_t k = 0; k < out->n && !seen; k++)
			seen = strcmp(out->v[k].id, id) == 0;
		if (seen) {
			free(id);
			continue;
		}
		const char *dname = json_str(json_obj(m->doc, "department"), "name", m->dept);
		struct kb_article *a = kb_set_new(out, id, "guide");
		free(id);
		a->title = xasprintf("%s窗口事项一览", dname);
		kb_list_add(&a->keywords, dname);
		kb_list_add(&a->keywords, "事项清单");
		struct sbuf b = { 0 };
		sbuf_printf(&b, "%s在徐汇区行政服务中心综合窗口受理以下事项，窗口“一窗受理”，后台分类审批。\n# 可办事项\n",
			    dname);
		for (size_t k = i; k < catalog_matter_count(); k++) {
			const struct cat_matter *o = catalog_matter_at(k);
			if (o->deleted_at || strcmp(o->dept, m->dept) != 0)
				continue;
			const char *promised = "";
			char d[64];
			kb_duration(json_obj(json_obj(o->doc, "time_limits"), "promised"), d, sizeof d);
			promised = d;
			sbuf_puts(&b, "- ");
			kb_link_matter(&b, o->code, o->name);
			sbuf_printf(&b, "：承诺时限 %s，", promised);
			char *gid = xasprintf("guide-%s", o->code);
			kb_link_kb(&b, gid, "查看办事指南");
			sbuf_puts(&b, "\n");
			kb_list_add(&a->matters, o->code);
			kb_list_add(&a->related, gid);
			free(gid);
			if (o->updated_at > a->updated_at)
				a->updated_at = o->updated_at;
		}
		const char *phone = json_str(m->doc, "phone", "12345");
		sbuf_printf(&b, "# 咨询\n咨询电话：%s。也可拨打 12345 市民服务热线。\n", phone);
		size_t len;
		a->body = sbuf_take(&b, &len);
	}
}

/* One guide per 一件事 bundle. */
static void gen_bundles(struct kb_set *out)
{
	for (size_t i = 0; i < catalog_bundle_count(); i++) {
		const struct cat_bundle *bd = catalog_bundle_at(i);
		if (bd->deleted)
			continue;
		const char *name = json_str(bd->doc, "name", bd->id);
		char *id = xasprintf("bundle-%s", bd->id);
		struct kb_article *a = kb_set_new(out, id, "guide");
		free(id);
		a->title = xasprintf("%s办事指南", name);
		time_t t = time_parse_rfc3339(json_str(bd->doc, "updated_at", ""));
		a->updated_at = t > 0 ? (int64_t)t : 0;
		kb_list_add(&a->keywords, name);
		kb_list_add(&a->keywords, "一件事");
		kb_list_add(&a->keywords, "一表填报");
		struct sbuf b = { 0 };
		sbuf_printf(&b, "%s\n# 包含事项\n", json_str(bd->doc, "description", ""));
		const cJSON *e;
		int step = 1;
		cJSON_ArrayForEach(e, json_arr(bd->doc, "matters")) {
			const char *code = json_str(e, "code", NULL);
			const char *mname = code ? kb_matter_name(code) : NULL;
			if (!mname)
				continue;
			sbuf_printf(&b, "%d. ", step++);
			kb_link_matter(&b, code, mname);
			char *gid = xasprintf("guide-%s", code);
			sbuf_puts(&b, "（");
			kb_link_kb(&b, gid, "办事指南");
			sbuf_puts(&b, "）\n");
			kb_list_add(&a->matters, code);
			kb_list_add(&a->related, gid);
			free(gid);
		}
		sbuf_puts(&b, "# 办理方式\n"
			      "- 一次告知：窗口按合并后的材料清单一次性告知全部所需材料，同一材料只收一次。\n"
			      "- 一表填报：各事项表单合并为一张表，同一信息只填一次，能从数据共享调取的自动填入。\n"
			      "- 一窗受理：综合窗口统一收件，后台按顺序流转各部门办理，办理进度可凭受理回执查询。\n");
		size_t len;
		a->body = sbuf_take(&b, &len);
	}
}

void kb_gen_catalog(struct kb_set *out)
{
	for (size_t i = 0; i < catalog_matter_count(); i++) {
		const struct cat_matter *m = catalog_matter_at(i);
		if (!m->deleted_at)
			kb_gen_guide(out, m->doc, m->updated_at);
	}
	gen_departments(out);
	gen_bundles(out);
}
