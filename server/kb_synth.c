/* kb_synth: synthetic knowledge-base articles for benchmarks (--demo-scale N): titles of 8-20 and bodies of 300-800 characters of government-service wording, the same for the same number. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "server/kb.h"
#include "server/sbuf.h"
#include "common/xalloc.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define PICK(r, a) ((a)[kb_rng_below((r), (unsigned)N(a))])

static const char *const topics[] = {
	"居住证", "居民身份证", "户口迁移", "出生登记", "社会保险", "医疗保险", "住房公积金", "不动产登记",
	"营业执照", "个体工商户", "食品经营许可", "数电发票", "清税证明", "失业保险金", "养老金", "最低生活保障",
	"临时救助", "老年综合津贴", "婚姻登记", "港澳通行证", "普通护照", "异地就医", "社会保障卡", "公章刻制",
	"企业注销", "税务登记", "残疾人证", "人才引进", "积分落户", "公共租赁住房", "房屋租赁备案", "灵活就业",
	"创业补贴", "职业技能培训", "医疗救助", "长期护理保险", "生育保险", "工伤认定", "义务教育入学", "托育服务",
	"新生儿医保", "电子证照", "契税缴纳", "居住登记", "企业开办", "银行开户", "公积金贷款", "特困供养",
};
static const char *const acts[] = {
	"申领", "办理", "变更", "注销", "补领", "换领", "备案", "查询", "核定", "审核", "缴纳", "提取", "转移", "认定", "签注", "预约",
};
static const char *const suffixes[] = {
	"办事指南", "常见问题", "政策解读", "办理须知", "操作说明", "注意事项", "服务指引", "流程说明", "材料清单", "温馨提示",
};
static const char *const notice_heads[] = { "关于做好", "关于调整", "关于优化", "关于进一步规范", "关于开展" };
static const char *const notice_tails[] = { "工作的通知", "有关事项的公告", "服务安排的通知", "实施细则的通知" };
static const char *const places[] = {
	"徐汇区", "黄浦区", "静安区", "长宁区", "浦东新区", "闵行区", "普陀区", "杨浦区", "虹口区", "宝山区",
	"湖南路街道", "天平路街道", "枫林路街道", "斜土路街道", "田林街道", "虹梅路街道", "康健新村街道", "长桥街道",
	"漕河泾街道", "龙华街道", "凌云路街道", "华泾镇",
};
static const char *const depts[] = {
	"公安分局", "市场监督管理局", "税务局", "人力资源和社会保障局", "医疗保障局", "民政局",
	"住房公积金管理中心", "不动产登记事务中心", "卫生健康委员会", "社区事务受理服务中心", "行政服务中心",
};
static const char *const people[] = {
	"来沪人员", "本市户籍居民", "新就业高校毕业生", "退休人员", "灵活就业人员", "新办企业", "个体经营者", "困难家庭",
	"残疾人", "老年人", "港澳台居民", "外籍人士", "新生儿父母", "退役军人", "在职职工", "用人单位",
};
static const char *const materials[] = {
	"居民身份证", "居民户口簿", "营业执照", "授权委托书", "劳动合同", "租赁合同", "不动产权证书", "结婚证",
	"出生医学证明", "数码照片回执", "银行结算账户", "社保缴费记录", "在读证明", "收入证明", "病历资料", "申请表",
};
static const char *const durations[] = {
	"即办", "1个工作日", "3个工作日", "5个工作日", "7个工作日", "10个工作日", "15个工作日", "20个工作日",
};
static const char *const channels[] = {
	"综合窗口", "随申办", "一网通办", "自助服务终端", "社区事务受理服务中心", "12345市民服务热线",
};
static const char *const headings[] = {
	"# 办理条件", "# 申请材料", "# 办理流程", "# 办理时限", "# 咨询方式", "# 政策依据", "# 常见问题", "# 温馨提示",
};

/* One sentence with its slots filled. */
static void sentence(struct kb_rng *r, struct sbuf *b, const char *topic, const char *act)
{
	const char *p = PICK(r, people), *m1 = PICK(r, materials), *m2 = PICK(r, materials);
	const char *d = PICK(r, depts), *c = PICK(r, channels), *t = PICK(r, durations);
	unsigned n = 3 + kb_rng_below(r, 12), k = 1 + kb_rng_below(r, 12);
	switch (kb_rng_below(r, 18)) {
	case 0: sbuf_printf(b, "%s办理%s%s的，应当向%s提出申请，可通过%s提交材料。", p, topic, act, d, c); break;
	case 1: sbuf_printf(b, "申请时须提供%s、%s等材料，已有电子证照的免于提交纸质件。", m1, m2); break;
	case 2: sbuf_printf(b, "材料齐全、符合法定形式的，窗口当场受理，%s内办结。", t); break;
	case 3: sbuf_printf(b, "符合容缺受理条件的，可先行受理，申请人应在%u个工作日内补交%s。", n, m1); break;
	case 4: sbuf_puts(b, "对不符合条件的申请，窗口出具一次性告知书，载明不予受理的理由和依据。"); break;
	case 5: sbuf_printf(b, "%s%s不收取任何费用，如遇收费可拨打12345反映。", topic, act); break;
	case 6: sbuf_puts(b, "办理结果可选择窗口领取或免费邮寄送达，选择邮寄的请填写准确的收件地址。"); break;
	case 7: sbuf_printf(b, "申请人可通过%s查询办理进度，也可凭受理回执上的统一编号和查询密码查询。", c); break;
	case 8: sbuf_puts(b, "委托他人代办的，代理人须携带授权委托书和本人有效身份证件原件。"); break;
	case 9: sbuf_printf(b, "%s%s自%u月起优化%s%s流程，申请材料由%u项精简为%u项。", PICK(r, places), d, k, topic, act, n + 3, n); break;
	case 10: sbuf_printf(b, "根据本市有关规定，%s在%s方面可享受相应的公共服务待遇。", p, topic); break;
	case 11: sbuf_printf(b, "窗口工作人员核验申请人身份后，通过数据共享调取%s等信息，减少群众重复提交。", m1); break;
	case 12: sbuf_printf(b, "逾期未办理的，将影响后续%s相关待遇的享受，请及时办理。", topic); break;
	case 13: sbuf_puts(b, "对审核结果有异议的，可以自收到决定之日起六十日内依法申请行政复议。"); break;
	case 14: sbuf_puts(b, "社会保险（社保）、医疗保险（医保）和住房公积金（公积金）相关事项可在同一窗口一并办理。"); break;
	case 15: sbuf_printf(b, "%s首次申请%s的，须本人到场核验身份并签署承诺书。", p, topic); break;
	case 16: sbuf_printf(b, "本事项由%s负责解释，咨询电话12345，工作日%u:00至17:00。", d, 8 + kb_rng_below(r, 2)); break;
	default: sbuf_printf(b, "%s可在%s预约后到场，老年人、残疾人等可走绿色通道优先办理。", p, c); break;
	}
}

static void list_item(struct kb_rng *r, struct sbuf *b)
{
	switch (kb_rng_below(r, 4)) {
	case 0: sbuf_printf(b, "- %s原件一份，复印件一份", PICK(r, materials)); break;
	case 1: sbuf_printf(b, "- 经%s审核的%s", PICK(r, depts), PICK(r, materials)); break;
	case 2: sbuf_printf(b, "- %s可通过%s办理", PICK(r, people), PICK(r, channels)); break;
	default: sbuf_printf(b, "- 承诺时限：%s", PICK(r, durations)); break;
	}
}

/* Characters (not bytes) of UTF-8 text. */
static size_t chars(const char *s, size_t n)
{
	size_t c = 0;
	for (size_t i = 0; i < n; i++)
		c += ((unsigned char)s[i] & 0xC0) != 0x80;
	return c;
}

static char *make_title(struct kb_rng *r, const char *kind, const char *topic, const char *act)
{
	for (int tries = 0;; tries++) {
		char *t;
		if (strcmp(kind, "notice") == 0)
			t = xasprintf("%s%s%s%s", PICK(r, notice_heads), topic, act, PICK(r, notice_tails));
		else if (kb_rng_below(r, 3) == 0)
			t = xasprintf("%s%s%s%s", PICK(r, places), topic, act, PICK(r, suffixes));
		else if (strcmp(kind, "faq") == 0)
			t = xasprintf("%s%s%s需要注意什么", PICK(r, people), topic, act);
		else
			t = xasprintf("%s%s%s", topic, act, PICK(r, suffixes));
		size_t c = chars(t, strlen(t));
		if ((c >= 8 && c <= 20) || tries >= 8)
			return t;
		free(t);
	}
}

/* Sections of sentences and list items until the body holds 300-800
 * characters. */
static char *make_body(struct kb_rng *r, const char *topic, const char *act)
{
	size_t target = 300 + kb_rng_below(r, 501);
	struct sbuf b = { 0 };
	size_t have = 0;
	while (have < target) {
		struct sbuf part = { 0 };
		if (have && kb_rng_below(r, 3) == 0)
			sbuf_printf(&part, "%s\n", PICK(r, headings));
		unsigned n = 1 + kb_rng_below(r, 3);
		for (unsigned i = 0; i < n; i++)
			sentence(r, &part, kb_rng_below(r, 4) ? topic : PICK(r, topics), act);
		sbuf_puts(&part, "\n");
		if (kb_rng_below(r, 3) == 0) {
			list_item(r, &part);
			sbuf_puts(&part, "\n");
		}
		size_t c = chars(part.p, part.len);
		if (have + c > 800) {
			sbuf_free(&part);
			if (have >= 300)
				break;
			sentence(r, &b, topic, act);
			sbuf_puts(&b, "\n");
			have = chars(b.p, b.len);
			continue;
		}
		sbuf_add(&b, part.p, part.len);
		have += c;
		sbuf_free(&part);
	}
	size_t len;
	return sbuf_take(&b, &len);
}

void kb_synth_id(size_t i, char out[24])
{
	snprintf(out, 24, "syn-%07lu", (unsigned long)((i + 1) % 100000000));
}

void kb_synth_article(size_t i, struct kb_article *a)
{
	static const char *const kinds[] = { "faq", "faq", "faq", "faq", "guide", "guide", "policy", "policy", "notice", "policy" };
	struct kb_rng r = { 0x5EEDull * 0x9E3779B97F4A7C15ull ^ (uint64_t)i * 0xD1B54A32D192ED03ull };
	memset(a, 0, sizeof *a);
	char id[24];
	kb_synth_id(i, id);
	a->id = xstrdup(id);
	a->kind = kinds[kb_rng_below(&r, (unsigned)N(kinds))];
	const char *topic = PICK(&r, topics), *act = PICK(&r, acts);
	a->title = make_title(&r, a->kind, topic, act);
	a->body = make_body(&r, topic, act);
	kb_list_add(&a->keywords, topic);
	kb_list_add(&a->keywords, act);
	/* 2026-11-01 minus up to two years */
	a->updated_at = 1793491200 - (int64_t)kb_rng_below(&r, 730 * 86400);
	if (i > 0) {
		char rel[24];
		kb_synth_id((size_t)(kb_rng_next(&r) % i), rel);
		kb_list_add(&a->related, rel);
	}
}
