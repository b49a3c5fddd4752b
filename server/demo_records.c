/* demo_records: the demo world as shared-data records (people, entities, licenses, proofs, credit) in the store. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "server/demo_world.h"
#include "common/divisions.h"
#include "common/ids.h"
#include "common/jsonx.h"
#include "common/timefmt.h"
#include "common/xalloc.h"
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SRC_PEOPLE "上海市人口综合库"
#define SRC_ENTITIES "上海市市场监管局法人库"
#define SRC_LICENSES "全国一体化政务服务平台电子证照库"
#define SRC_CREDIT "信用中国（上海）公共信用信息平台"

/* Days from 1970-01-01 to a civil date (proleptic Gregorian). */
static int64_t days_from_civil(int y, int m, int d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* Provenance members: the record was read some hours to weeks before the
 * reference day. */
static void provenance(cJSON *o, uint64_t *rng, const char *source, int max_days)
{
	int64_t t = days_from_civil(DEMO_REF_Y, DEMO_REF_M, DEMO_REF_D) * 86400 -
		    (int64_t)demo_rand(rng, 3600, max_days * 86400);
	char ts[21];
	time_rfc3339((time_t)t, ts);
	cJSON_AddStringToObject(o, "source", source);
	cJSON_AddStringToObject(o, "as_of", ts);
	cJSON_AddBoolToObject(o, "authoritative", true);
}

static void add_date(cJSON *o, const char *key, int y, int m, int d)
{
	if (y <= 0) {
		cJSON_AddNullToObject(o, key);
		return;
	}
	char b[48];
	snprintf(b, sizeof b, "%04d-%02d-%02d", y, m, d);
	cJSON_AddStringToObject(o, key, b);
}

static void add_str_or_null(cJSON *o, const char *key, const char *v)
{
	if (v && *v)
		cJSON_AddStringToObject(o, key, v);
	else
		cJSON_AddNullToObject(o, key);
}

/* "12345.67" from cents. */
static void money(char *out, size_t n, long cents)
{
	snprintf(out, n, "%ld.%02ld", cents / 100, cents % 100);
}

/* ---- records ---- */

static cJSON *person_json(const struct demo_person *p, uint64_t *rng)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "id_number", p->id);
	cJSON_AddStringToObject(o, "id_type", p->id_type);
	cJSON_AddStringToObject(o, "name", p->name);
	cJSON_AddStringToObject(o, "gender", p->gender == 'M' ? "male" : "female");
	add_date(o, "birth_date", p->by, p->bm, p->bd);
	add_str_or_null(o, "ethnicity", p->ethnicity);
	cJSON_AddStringToObject(o, "nationality", p->nationality);
	add_str_or_null(o, "household_address", p->hh_addr);
	add_str_or_null(o, "household_division", p->hh_div);
	add_str_or_null(o, "residence_address", p->res_addr);
	add_str_or_null(o, "phone", p->phone);
	add_date(o, "id_valid_until", p->vy, p->vm, p->vd);
	provenance(o, rng, SRC_PEOPLE, 10);
	return o;
}

/* The county of a division as the start of an authority's name: "上海市徐汇区". */
static void place_of(const char *div, char *out, size_t n)
{
	char full[128];
	const Division *d = division_find6(div);
	size_t o = 0;
	if (d && division_full_name(d->code, full, sizeof full))
		for (const char *s = full; *s && o + 1 < n; s++)
			if (*s != ' ')
				out[o++] = *s;
	out[o] = '\0';
}

static cJSON *entity_json(const struct demo_world *w, const struct demo_entity *e, uint64_t *rng)
{
	const struct demo_person *r = &w->people[e->rep];
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "uscc", e->uscc);
	cJSON_AddStringToObject(o, "name", e->name);
	cJSON_AddStringToObject(o, "kind", e->kind);
	cJSON_AddStringToObject(o, "status", e->status);
	cJSON *lr = cJSON_AddObjectToObject(o, "legal_rep");
	cJSON_AddStringToObject(lr, "name", r->name);
	cJSON_AddStringToObject(lr, "id_type", r->id_type);
	cJSON_AddStringToObject(lr, "id_number", r->id);
	char buf[64];
	if (e->capital >= 0) {
		money(buf, sizeof buf, e->capital * 100);
		cJSON_AddStringToObject(o, "registered_capital", buf);
	} else {
		cJSON_AddNullToObject(o, "registered_capital");
	}
	add_date(o, "established_on", e->ey, e->em, e->ed);
	add_date(o, "term_until", e->ty, e->tm, e->td);
	cJSON_AddStringToObject(o, "address", e->addr);
	cJSON_AddStringToObject(o, "division", e->div);
	cJSON_AddStringToObject(o, "business_scope", e->scope);
	char auth[160];
	snprintf(auth, sizeof auth, "上海市%s市场监督管理局", e->district);
	cJSON_AddStringToObject(o, "registration_authority", auth);
	add_str_or_null(o, "phone", e->phone);
	provenance(o, rng, SRC_ENTITIES, 5);
	return o;
}

/* What one license record needs besides its data. */
struct lic {
	const char *type, *type_name, *number, *holder, *holder_name, *issuer;
	int iy, im, id;
	int vy, vm, vd;   /* vy 0: no expiry */
	const char *status;
};

static cJSON *license_json(const struct lic *l, cJSON *data, uint64_t *rng, char *id_out, size_t idsz)
{
	snprintf(id_out, idsz, "%s-%s", l->type, l->holder);
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "id", id_out);
	cJSON_AddStringToObject(o, "type", l->type);
	cJSON_AddStringToObject(o, "type_name", l->type_name);
	cJSON_AddStringToObject(o, "number", l->number);
	cJSON_AddStringToObject(o, "holder", l->holder);
	cJSON_AddStringToObject(o, "holder_name", l->holder_name);
	cJSON_AddStringToObject(o, "issuer", l->issuer);
	add_date(o, "issued_on", l->iy, l->im, l->id);
	add_date(o, "valid_until", l->vy, l->vm, l->vd);
	cJSON_AddStringToObject(o, "status", l->status ? l->status : "valid");
	cJSON_AddItemToObject(o, "data", data);
	provenance(o, rng, SRC_LICENSES, 3);
	return o;
}

/* Everything the store calls need while writing the world. */
struct writer {
	struct store *st;
	int written;
	bool failed;
};

/* Store one record and free it. */
static void put(struct writer *wr, const char *source, const char *id, const char *holder, const char *type,
		cJSON *o)
{
	char *j = json_print(o);
	cJSON_Delete(o);
	if (!wr->failed && store_shared_put(wr->st, source, id, holder, type, j) != STORE_OK)
		wr->failed = true;
	wr->written++;
	free(j);
}

static void put_license(struct writer *wr, const struct lic *l, cJSON *data, uint64_t *rng)
{
	char id[96];
	cJSON *o = license_json(l, data, rng, id, sizeof id);
	put(wr, "licenses", id, l->holder, l->type, o);
}

/* The licenses of a person. */
static void person_licenses(struct writer *wr, const struct demo_world *w, int i, uint64_t *rng)
{
	const struct demo_person *p = &w->people[i];
	char place[128], issuer[192], number[96];
	const char *g = p->gender == 'M' ? "男" : "女";
	if (strcmp(p->id_type, "resident_id") == 0) {
		place_of(p->hh_div[0] ? p->hh_div : "310104", place, sizeof place);
		snprintf(issuer, sizeof issuer, "%s公安局", place);
		struct lic l = { "resident_id", "居民身份证", p->id, p->id, p->name, issuer, p->iy, p->im, p->id_,
				 p->vy, p->vm, p->vd, (p->flags & DP_EXPIRED_ID) ? "expired" : "valid" };
		cJSON *d = cJSON_CreateObject();
		cJSON_AddStringToObject(d, "name", p->name);
		cJSON_AddStringToObject(d, "gender", g);
		cJSON_AddStringToObject(d, "ethnicity", p->ethnicity ? p->ethnicity : "");
		add_date(d, "birth_date", p->by, p->bm, p->bd);
		cJSON_AddStringToObject(d, "address", p->hh_addr[0] ? p->hh_addr : p->res_addr);
		put_license(wr, &l, d, rng);
	}
	if (p->hh_div[0]) {
		place_of(p->hh_div, place, sizeof place);
		snprintf(issuer, sizeof issuer, "%s公安局", place);
		snprintf(number, sizeof number, "%.6s%07d", p->hh_div, demo_rand(rng, 0, 9999999));
		struct lic l = { "household_register", "居民户口簿", number, p->id, p->name, issuer,
				 p->by + (p->by < 1990 ? 30 : 0), demo_rand(rng, 1, 12), demo_rand(rng, 1, 28), 0, 0, 0, NULL };
		cJSON *d = cJSON_CreateObject();
		cJSON_AddStringToObject(d, "household_type", "家庭户");
		cJSON_AddStringToObject(d, "relation", demo_rand(rng, 0, 2) ? "户主" : "配偶");
		cJSON_AddStringToObject(d, "address", p->hh_addr);
		put_license(wr, &l, d, rng);
	}
	if (p->spouse >= 0) {
		const struct demo_person *s = &w->people[p->spouse];
		const struct demo_person *hus = p->gender == 'M' ? p : s, *wife = p->gender == 'M' ? s : p;
		/* Both halves of a pair print the same number. */
		int lo = i < p->spouse ? i : p->spouse;
		snprintf(number, sizeof number, "J310104-%04d-%06d", p->married_y, 1000 + lo);
		struct lic l = { "marriage_certificate", "结婚证", number, p->id, p->name, "上海市徐汇区民政局",
				 p->married_y, 5, 20, 0, 0, 0, NULL };
		cJSON *d = cJSON_CreateObject();
		cJSON_AddStringToObject(d, "husband", hus->name);
		cJSON_AddStringToObject(d, "husband_id_number", hus->id);
		cJSON_AddStringToObject(d, "wife", wife->name);
		cJSON_AddStringToObject(d, "wife_id_number", wife->id);
		add_date(d, "registered_on", p->married_y, 5, 20);
		put_license(wr, &l, d, rng);
	}
	if (p->flags & DP_HOME) {
		int y = demo_rand(rng, 2008, DEMO_REF_Y - 1);
		snprintf(number, sizeof number, "沪（%d）徐字不动产权第%06d号", y, demo_rand(rng, 1, 99999));
		struct lic l = { "real_estate_certificate", "不动产权证书", number, p->id, p->name, "上海市不动产登记局",
				 y, demo_rand(rng, 1, 12), demo_rand(rng, 1, 28), 0, 0, 0, NULL };
		cJSON *d = cJSON_CreateObject();
		cJSON_AddStringToObject(d, "address", p->res_addr);
		char area[16];
		snprintf(area, sizeof area, "%d.%02d", demo_rand(rng, 38, 160), demo_rand(rng, 0, 99));
		cJSON_AddStringToObject(d, "area_sqm", area);
		cJSON_AddStringToObject(d, "use", "住宅");
		cJSON_AddStringToObject(d, "ownership", p->spouse >= 0 ? "共同共有" : "单独所有");
		put_license(wr, &l, d, rng);
	}
	if (p->flags & DP_MIGRANT) {
		snprintf(number, sizeof number, "JZDJ310104%04d%06d", p->res_y, demo_rand(rng, 0, 999999));
		struct lic l = { "residence_registration", "居住登记凭证", number, p->id, p->name, "上海市公安局徐汇分局",
				 p->res_y, p->res_m, p->res_d, 0, 0, 0, NULL };
		cJSON *d = cJSON_CreateObject();
		cJSON_AddStringToObject(d, "address", p->res_addr);
		add_date(d, "registered_on", p->res_y, p->res_m, p->res_d);
		put_license(wr, &l, d, rng);
	}
	if (p->flags & DP_PERMIT) {
		int y = p->res_y + 1 > DEMO_REF_Y ? DEMO_REF_Y : p->res_y + 1;
		snprintf(number, sizeof number, "31%016d", demo_rand(rng, 0, 99999999));
		struct lic l = { "residence_permit", "上海市居住证", number, p->id, p->name, "上海市公安局",
				 y, p->res_m, p->res_d, y + 3, p->res_m, p->res_d, y + 3 < DEMO_REF_Y ? "expired" : "valid" };
		cJSON *d = cJSON_CreateObject();
		cJSON_AddStringToObject(d, "address", p->res_addr);
		put_license(wr, &l, d, rng);
	}
	if (p->flags & DP_HK_PASS) {
		int y = demo_rand(rng, DEMO_REF_Y - 9, DEMO_REF_Y);
		snprintf(number, sizeof number, "C%08d", demo_rand(rng, 0, 99999999));
		struct lic l = { "hk_macao_pass", "往来港澳通行证", number, p->id, p->name, "国家移民管理局",
				 y, 3, 1, y + 10, 2, 28, NULL };
		put_license(wr, &l, cJSON_CreateObject(), rng);
	}
	if (p->flags & DP_DISABLED) {
		snprintf(number, sizeof number, "%s%d%d", p->id, demo_rand(rng, 1, 7), demo_rand(rng, 1, 4));
		struct lic l = { "disability_certificate", "残疾人证", number, p->id, p->name, "上海市徐汇区残疾人联合会",
				 DEMO_REF_Y - 3, 6, 1, DEMO_REF_Y + 7, 6, 1, NULL };
		put_license(wr, &l, cJSON_CreateObject(), rng);
	}
	if (p->flags & DP_RETIRED) {
		int y = p->by + (p->gender == 'M' ? 60 : 55);
		snprintf(number, sizeof number, "沪退%04d%06d", y, demo_rand(rng, 0, 999999));
		struct lic l = { "retirement_certificate", "退休证", number, p->id, p->name,
				 "上海市徐汇区人力资源和社会保障局", y, p->bm, p->bd > 28 ? 28 : p->bd, 0, 0, 0, NULL };
		put_license(wr, &l, cJSON_CreateObject(), rng);
	}
	if (DEMO_REF_Y - p->by <= 6 && strcmp(p->id_type, "resident_id") == 0) {
		snprintf(number, sizeof number, "Q310%07d", demo_rand(rng, 0, 9999999));
		struct lic l = { "birth_medical_certificate", "出生医学证明", number, p->id, p->name,
				 "上海市徐汇区卫生健康委员会", p->by, p->bm, p->bd, 0, 0, 0, NULL };
		put_license(wr, &l, cJSON_CreateObject(), rng);
	}
}

/* One proof record. */
static void put_proof(struct writer *wr, const char *holder, const char *type, const char *type_name,
		      const char *summary, cJSON *data, const char *issuer, const char *source, uint64_t *rng)
{
	char id[96];
	snprintf(id, sizeof id, "%s-%s", type, holder);
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "id", id);
	cJSON_AddStringToObject(o, "type", type);
	cJSON_AddStringToObject(o, "type_name", type_name);
	cJSON_AddStringToObject(o, "holder", holder);
	cJSON_AddStringToObject(o, "summary", summary);
	cJSON_AddItemToObject(o, "data", data);
	cJSON_AddStringToObject(o, "issuer", issuer);
	cJSON_AddNullToObject(o, "valid_until");
	provenance(o, rng, source, 2);
	put(wr, "proofs", id, holder, type, o);
}

static void person_proofs(struct writer *wr, const struct demo_world *w, int i, uint64_t *rng)
{
	const struct demo_person *p = &w->people[i];
	char sum[256], b[64];
	if (p->si_months > 0) {
		cJSON *d = cJSON_CreateObject();
		cJSON_AddNumberToObject(d, "months", p->si_months);
		snprintf(b, sizeof b, "%04d-%02d", p->si_since_y, p->si_since_m);
		cJSON_AddStringToObject(d, "since", b);
		const struct demo_entity *e = p->employer >= 0 ? &w->entities[p->employer] : NULL;
		add_str_or_null(d, "employer", e ? e->name : NULL);
		add_str_or_null(d, "employer_uscc", e ? e->uscc : NULL);
		snprintf(sum, sizeof sum, "本市累计缴纳职工社会保险 %d 个月", p->si_months);
		put_proof(wr, p->id, "social_insurance_months", "社会保险缴费证明", sum, d,
			  "上海市社会保险事业管理中心", "上海市社会保险信息系统", rng);
		d = cJSON_CreateObject();
		int med = p->si_months - demo_rand(rng, 0, p->si_months > 6 ? 6 : 0);
		cJSON_AddNumberToObject(d, "months", med);
		cJSON_AddStringToObject(d, "since", b);
		snprintf(sum, sizeof sum, "本市累计参加职工基本医疗保险 %d 个月", med);
		put_proof(wr, p->id, "medical_insurance_months", "医疗保险参保证明", sum, d, "上海市医疗保障局",
			  "上海市医疗保障信息平台", rng);
	}
	if (p->flags & DP_MIGRANT) {
		cJSON *d = cJSON_CreateObject();
		snprintf(b, sizeof b, "%04d-%02d-%02d", p->res_y, p->res_m, p->res_d);
		cJSON_AddStringToObject(d, "since", b);
		cJSON_AddStringToObject(d, "address", p->res_addr);
		snprintf(sum, sizeof sum, "自 %s 起在本市徐汇区办理居住登记", b);
		put_proof(wr, p->id, "residence", "居住登记证明", sum, d, "上海市公安局徐汇分局",
			  "上海市实有人口信息系统", rng);
	}
	if (p->hf_account[0]) {
		cJSON *d = cJSON_CreateObject();
		cJSON_AddStringToObject(d, "account", p->hf_account);
		money(b, sizeof b, p->hf_balance_cents);
		cJSON_AddStringToObject(d, "balance", b);
		char mo[32];
		money(mo, sizeof mo, p->hf_monthly_cents);
		cJSON_AddStringToObject(d, "monthly", mo);
		cJSON_AddStringToObject(d, "status", "正常缴存");
		snprintf(sum, sizeof sum, "住房公积金正常缴存，账户余额 %s 元", b);
		put_proof(wr, p->id, "housing_fund", "住房公积金缴存证明", sum, d, "上海市公积金管理中心",
			  "上海市公积金管理中心", rng);
	}
	if (p->si_months > 12 && demo_rand(rng, 0, 2) == 0) {
		cJSON *d = cJSON_CreateObject();
		cJSON_AddNumberToObject(d, "year", DEMO_REF_Y - 1);
		money(b, sizeof b, (long)demo_rand(rng, 0, 6000000));
		cJSON_AddStringToObject(d, "amount", b);
		snprintf(sum, sizeof sum, "%d 年度个人所得税已缴 %s 元", DEMO_REF_Y - 1, b);
		put_proof(wr, p->id, "tax_payment", "纳税证明", sum, d, "国家税务总局上海市徐汇区税务局",
			  "国家税务总局上海市税务局", rng);
	}
	if (p->flags & DP_NO_CRIME) {
		cJSON *d = cJSON_CreateObject();
		add_date(d, "checked_on", DEMO_REF_Y, DEMO_REF_M, demo_rand(rng, 1, DEMO_REF_D));
		put_proof(wr, p->id, "no_criminal_record", "无犯罪记录证明", "经查询，未发现有犯罪记录", d,
			  "上海市公安局徐汇分局", "上海市公安局", rng);
	}
}

/* A credit flag of a holder: kind and list from tables. */
static void put_flag(struct writer *wr, const char *holder, enum demo_credit c, bool entity, uint64_t *rng)
{
	static const struct {
		enum demo_credit c;
		bool entity;
		const char *kind, *code, *title, *authority, *detail;
		const char *measures[3];
	} lists[] = {
		{ DC_BLACK, false, "black_list", "SXBZXR", "失信被执行人", "上海市徐汇区人民法院",
		  "未履行生效法律文书确定的给付义务",
		  { "限制高消费", "限制担任企业法定代表人及高级管理人员", "限制乘坐飞机、高铁" } },
		{ DC_WATCH, false, "watch_list", "ZDGZ-SB", "社会保险领域重点关注对象", "上海市人力资源和社会保障局",
		  "存在冒领社会保险待遇嫌疑，正在核查", { "办理社会保险待遇事项时重点核查", NULL, NULL } },
		{ DC_BLACK, true, "black_list", "YZWFSX", "严重违法失信主体名单", "上海市徐汇区市场监督管理局",
		  "提交虚假材料取得公司登记", { "不予通过政府采购资格审查", "限制参与工程招投标", "在行政许可中从严审查" } },
		{ DC_WATCH, true, "watch_list", "JYYC", "经营异常名录", "上海市徐汇区市场监督管理局",
		  "通过登记的住所或者经营场所无法联系", { "列为重点监管对象", "办理变更登记时予以提示", NULL } },
		{ DC_RED, true, "red_list", "NSXYA", "纳税信用A级纳税人", "国家税务总局上海市徐汇区税务局", NULL,
		  { "增值税专用发票按需领用", "办理涉税事项绿色通道", NULL } },
	};
	for (size_t i = 0; i < sizeof lists / sizeof lists[0]; i++) {
		if (lists[i].c != c || lists[i].entity != entity)
			continue;
		char id[96];
		snprintf(id, sizeof id, "%s-%s-1", lists[i].kind, holder);
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "kind", lists[i].kind);
		cJSON_AddStringToObject(o, "code", lists[i].code);
		cJSON_AddStringToObject(o, "title", lists[i].title);
		cJSON_AddStringToObject(o, "authority", lists[i].authority);
		int y = DEMO_REF_Y - demo_rand(rng, 0, 2), m = demo_rand(rng, 1, y == DEMO_REF_Y ? DEMO_REF_M - 1 : 12);
		add_date(o, "listed_on", y, m, demo_rand(rng, 1, 28));
		if (c == DC_RED)
			add_date(o, "until", DEMO_REF_Y + 1, 4, 30);
		else
			cJSON_AddNullToObject(o, "until");
		add_str_or_null(o, "detail", lists[i].detail);
		cJSON *ms = cJSON_AddArrayToObject(o, "measures");
		for (int k = 0; k < 3 && lists[i].measures[k]; k++)
			cJSON_AddItemToArray(ms, cJSON_CreateString(lists[i].measures[k]));
		provenance(o, rng, SRC_CREDIT, 2);
		put(wr, "credit", id, holder, lists[i].kind, o);
	}
}

/* An entity's business licence. */
static void entity_license(struct writer *wr, const struct demo_world *w, const struct demo_entity *e,
			   uint64_t *rng)
{
	char issuer[160], cap[32];
	snprintf(issuer, sizeof issuer, "上海市%s市场监督管理局", e->district);
	bool dead = strcmp(e->status, "revoked") == 0 || strcmp(e->status, "cancelled") == 0;
	struct lic l = { "business_license", "营业执照", e->uscc, e->uscc, e->name, issuer, e->ey, e->em, e->ed,
			 e->ty, e->tm, e->td, dead ? "revoked" : "valid" };
	cJSON *d = cJSON_CreateObject();
	cJSON_AddStringToObject(d, "name", e->name);
	cJSON_AddStringToObject(d, "type", e->kind);
	cJSON_AddStringToObject(d, e->sole ? "operator" : "legal_rep", w->people[e->rep].name);
	if (e->capital >= 0) {
		money(cap, sizeof cap, e->capital * 100);
		cJSON_AddStringToObject(d, "registered_capital", cap);
	}
	add_date(d, "established_on", e->ey, e->em, e->ed);
	cJSON_AddStringToObject(d, "address", e->addr);
	cJSON_AddStringToObject(d, "business_scope", e->scope);
	put_license(wr, &l, d, rng);
}

int demo_world_store(const struct demo_world *w, struct store *st)
{
	struct writer wr = { st, 0, false };
	for (int i = 0; i < w->npeople && !wr.failed; i++) {
		const struct demo_person *p = &w->people[i];
		if (p->flags & DP_ABSENT)
			continue;
		/* Each record draws from its own stream, so records stay the
		 * same when others are added. */
		uint64_t rng = 0x9e3779b97f4a7c15ULL * (uint64_t)(i + 1);
		put(&wr, "people", p->id, p->id, "", person_json(p, &rng));
		person_licenses(&wr, w, i, &rng);
		person_proofs(&wr, w, i, &rng);
		put_flag(&wr, p->id, p->credit, false, &rng);
	}
	for (int i = 0; i < w->nentities && !wr.failed; i++) {
		const struct demo_entity *e = &w->entities[i];
		uint64_t rng = 0xd1b54a32d192ed03ULL * (uint64_t)(i + 1);
		put(&wr, "entities", e->uscc, e->uscc, "", entity_json(w, e, &rng));
		entity_license(&wr, w, e, &rng);
		put_flag(&wr, e->uscc, e->credit, true, &rng);
	}
	return wr.failed ? -1 : wr.written;
}

int demo_shared_seed(struct store *st)
{
	int n = store_shared_count(st, "people");
	if (n < 0)
		return -1;
	if (n > 0)
		return 0;
	struct demo_world w;
	demo_world_make(&w, DEMO_WORLD_SEED);
	int rc = -1;
	if (store_begin(st) == STORE_OK) {
		if (demo_world_store(&w, st) >= 0 && store_commit(st) == STORE_OK)
			rc = 1;
		else
			store_rollback(st);
	}
	demo_world_free(&w);
	return rc;
}
