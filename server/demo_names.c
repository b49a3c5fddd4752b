/* demo_names: tables of names, places, trade names and industries for the demo shared data. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "server/demo_world.h"
#include "common/divisions.h"
#include "common/ids.h"
#include <stdio.h>
#include <string.h>

#define N(a) (sizeof(a) / sizeof((a)[0]))

int demo_rand(uint64_t *rng, int lo, int hi)
{
	return lo + (int)(id_rand(rng) % (uint64_t)(hi - lo + 1));
}

/* Common surnames with rough weights (per mille of the population). */
static const struct {
	const char *s;
	int w;
} surnames[] = {
	{ "王", 72 }, { "李", 71 }, { "张", 68 }, { "刘", 53 }, { "陈", 45 }, { "杨", 31 }, { "黄", 22 },
	{ "赵", 20 }, { "吴", 20 }, { "周", 19 }, { "徐", 13 }, { "孙", 12 }, { "马", 12 }, { "朱", 11 },
	{ "胡", 11 }, { "郭", 11 }, { "何", 9 },  { "高", 9 },  { "林", 9 },  { "罗", 8 },  { "郑", 8 },
	{ "梁", 8 },  { "谢", 6 },  { "宋", 6 },  { "唐", 6 },  { "许", 5 },  { "韩", 5 },  { "冯", 5 },
	{ "邓", 5 },  { "曹", 5 },  { "彭", 5 },  { "曾", 4 },  { "肖", 4 },  { "田", 4 },  { "董", 4 },
	{ "袁", 4 },  { "潘", 4 },  { "于", 4 },  { "蒋", 4 },  { "蔡", 4 },  { "余", 4 },  { "杜", 4 },
	{ "叶", 4 },  { "程", 3 },  { "苏", 3 },  { "魏", 3 },  { "吕", 3 },  { "丁", 3 },  { "任", 3 },
	{ "沈", 3 },  { "姚", 3 },  { "卢", 3 },  { "姜", 3 },  { "崔", 3 },  { "钟", 3 },  { "谭", 3 },
	{ "陆", 3 },  { "汪", 3 },  { "范", 3 },  { "金", 3 },  { "石", 3 },  { "廖", 2 },  { "贾", 2 },
	{ "夏", 2 },  { "韦", 2 },  { "方", 2 },  { "白", 2 },  { "邹", 2 },  { "孟", 2 },  { "熊", 2 },
	{ "秦", 2 },  { "邱", 2 },  { "江", 2 },  { "尹", 2 },  { "薛", 2 },  { "段", 2 },  { "雷", 2 },
	{ "侯", 2 },  { "龙", 2 },  { "史", 2 },  { "陶", 2 },  { "黎", 2 },  { "贺", 2 },  { "顾", 2 },
	{ "毛", 2 },  { "郝", 2 },  { "龚", 2 },  { "邵", 2 },  { "万", 2 },  { "钱", 2 },  { "严", 2 },
	{ "戴", 2 },  { "莫", 1 },  { "孔", 1 },  { "汤", 1 },  { "欧阳", 1 }, { "司马", 1 }, { "诸葛", 1 },
};

static const char *const male_chars[] = {
	"伟", "强", "磊", "军", "洋", "勇", "杰", "涛", "明", "超", "刚", "平", "辉", "鹏", "华", "飞",
	"鑫", "波", "斌", "宇", "浩", "凯", "健", "俊", "帆", "旭", "宁", "龙", "林", "阳", "建", "国",
	"志", "文", "博", "晨", "昊", "天", "轩", "睿", "泽", "一", "鸣", "嘉", "振", "海", "峰", "成",
	"东", "亮", "毅", "诚", "彬", "晓", "永", "学", "德", "荣", "庆", "春", "铭", "哲", "皓", "远",
};

static const char *const female_chars[] = {
	"芳", "娜", "敏", "静", "丽", "艳", "娟", "霞", "秀", "玲", "英", "燕", "萍", "红", "婷", "雪",
	"琳", "慧", "莉", "倩", "颖", "佳", "悦", "欣", "怡", "晶", "洁", "丹", "蕾", "璐", "梦", "雨",
	"思", "诗", "雅", "琪", "瑶", "涵", "晓", "文", "月", "云", "兰", "凤", "美", "淑", "巧", "婉",
	"馨", "宁", "可", "心", "如", "彤", "昕", "冰", "珊", "莹", "薇", "岚", "青", "素", "梅", "洁",
};

const char *demo_surname(uint64_t *rng)
{
	int total = 0;
	for (size_t i = 0; i < N(surnames); i++)
		total += surnames[i].w;
	int r = demo_rand(rng, 0, total - 1);
	for (size_t i = 0; i < N(surnames); i++) {
		if (r < surnames[i].w)
			return surnames[i].s;
		r -= surnames[i].w;
	}
	return surnames[0].s;
}

void demo_given_name(uint64_t *rng, char gender, char *out, size_t n)
{
	const char *const *pool = gender == 'M' ? male_chars : female_chars;
	size_t np = gender == 'M' ? N(male_chars) : N(female_chars);
	const char *a = pool[id_rand(rng) % np];
	if (demo_rand(rng, 0, 9) < 3) {
		snprintf(out, n, "%s", a);
		return;
	}
	const char *b;
	do
		b = pool[id_rand(rng) % np];
	while (b == a);
	snprintf(out, n, "%s%s", a, b);
}

static const struct {
	const char *male, *female;
	int country; /* ISO 3166-1 numeric */
} foreigners[] = {
	{ "约翰·史密斯", "艾米丽·约翰逊", 840 }, { "汉斯·穆勒", "安娜·施密特", 276 },
	{ "山田太郎", "佐藤花子", 392 },         { "金敏俊", "朴智妍", 410 },
	{ "皮埃尔·杜邦", "玛丽·勒克莱尔", 250 }, { "詹姆斯·布朗", "奥利维亚·泰勒", 826 },
	{ "陈伟文", "林美玲", 702 },             { "迈克尔·威尔逊", "杰西卡·李", 124 },
	{ "卢卡·罗西", "朱莉娅·比安奇", 380 },   { "诺亚·威廉姆斯", "夏洛特·琼斯", 36 },
};

const char *demo_foreign_name(uint64_t *rng, char gender, int *country)
{
	size_t i = id_rand(rng) % N(foreigners);
	*country = foreigners[i].country;
	return gender == 'M' ? foreigners[i].male : foreigners[i].female;
}

/* Home counties of people who came to Shanghai (all current GB/T 2260 codes). */
static const char *const home_divisions[] = {
	"340104", "341202", "340302", "320106", "320583", "321002", "330106", "330382", "330681", "410105",
	"411302", "411503", "510107", "511623", "420106", "421126", "370102", "371302", "360102", "360124",
	"350203", "350582", "430104", "430624", "440106", "441302", "450102", "500103", "500235", "610113",
	"620102", "230102", "220104", "210102", "130104", "140105", "150102", "110105", "120101", "361102",
};

const char *demo_home_division(uint64_t *rng)
{
	return home_divisions[id_rand(rng) % N(home_divisions)];
}

static const char *const roads[] = {
	"人民路", "解放路", "中山路", "建设路", "和平路", "新华路", "胜利路", "长江路", "黄河路", "文化路",
	"朝阳路", "光明路", "青年路", "健康路", "学府路", "东风路", "团结路", "兴业路", "振兴路", "幸福路",
};

/* "安徽省 合肥市 蜀山区" without the spaces. */
static void division_text(const char *div, char *out, size_t n)
{
	char full[128];
	const Division *d = division_find6(div);
	if (!d || !division_full_name(d->code, full, sizeof full)) {
		snprintf(out, n, "%s", "");
		return;
	}
	size_t o = 0;
	for (const char *p = full; *p && o + 1 < n; p++)
		if (*p != ' ')
			out[o++] = *p;
	out[o] = '\0';
}

void demo_address(uint64_t *rng, const char *div, char *out, size_t n)
{
	char place[128];
	division_text(div, place, sizeof place);
	const char *road = roads[id_rand(rng) % N(roads)];
	int no = demo_rand(rng, 1, 399), bld = demo_rand(rng, 1, 30), room = demo_rand(rng, 1, 18) * 100 +
									   demo_rand(rng, 1, 6);
	if (demo_rand(rng, 0, 3) == 0)
		snprintf(out, n, "%s%s%d号", place, road, no);
	else
		snprintf(out, n, "%s%s%d号%d栋%d室", place, road, no, bld, room);
}

/* Roads of 徐汇区 and of a few other districts of Shanghai. */
static const struct {
	const char *div, *name;
	const char *roads[8];
} sh_districts[] = {
	{ "310104", "徐汇区", { "漕溪北路", "肇嘉浜路", "天钥桥路", "宜山路", "虹桥路", "衡山路", "龙华中路", "田林路" } },
	{ "310101", "黄浦区", { "南京东路", "西藏中路", "淮海中路", "复兴中路", "河南南路", "中华路", "陆家浜路", "瑞金二路" } },
	{ "310105", "长宁区", { "长宁路", "延安西路", "仙霞路", "天山路", "古北路", "娄山关路", "定西路", "愚园路" } },
	{ "310106", "静安区", { "南京西路", "威海路", "北京西路", "延平路", "江宁路", "共和新路", "广中路", "万航渡路" } },
	{ "310112", "闵行区", { "莘庄路", "沪闵路", "七莘路", "虹井路", "都市路", "春申路", "银都路", "古美路" } },
	{ "310115", "浦东新区", { "世纪大道", "张杨路", "浦东南路", "东方路", "锦绣路", "川沙路", "杨高中路", "成山路" } },
};

void demo_shanghai_address(uint64_t *rng, const char *div, char *out, size_t n)
{
	size_t k = 0;
	for (size_t i = 0; i < N(sh_districts); i++)
		if (strcmp(sh_districts[i].div, div) == 0)
			k = i;
	const char *road = sh_districts[k].roads[id_rand(rng) % 8];
	int no = demo_rand(rng, 1, 1200);
	if (demo_rand(rng, 0, 2) == 0)
		snprintf(out, n, "上海市%s%s%d号%d室", sh_districts[k].name, road, no,
			 demo_rand(rng, 1, 30) * 100 + demo_rand(rng, 1, 8));
	else
		snprintf(out, n, "上海市%s%s%d弄%d号%d室", sh_districts[k].name, road, no, demo_rand(rng, 1, 40),
			 demo_rand(rng, 1, 22) * 100 + demo_rand(rng, 1, 4));
}

void demo_mobile(uint64_t *rng, char *out)
{
	static const int prefixes[] = { 130, 131, 132, 133, 135, 136, 137, 138, 139, 150, 151, 152, 155, 156,
					157, 158, 159, 166, 173, 177, 180, 181, 182, 185, 186, 187, 188, 189,
					191, 198, 199 };
	id_make_mobile(prefixes[id_rand(rng) % N(prefixes)], (long)demo_rand(rng, 0, 99999999), out);
}

static const char *const trade_names[] = {
	"一窗", "汇智", "启航", "云帆", "恒信", "嘉禾", "华瑞", "锦程", "星辰", "益民", "瑞丰", "弘毅",
	"同舟", "明德", "天悦", "海纳", "博远", "聚贤", "卓越", "和煦", "新程", "安泰", "鼎盛", "睿思",
	"青禾", "晨曦", "友邻", "乐享", "知行", "润泽", "宏图", "正和", "徐家", "漕河", "梧桐", "枫林",
};

const char *demo_trade_name(uint64_t *rng)
{
	return trade_names[id_rand(rng) % N(trade_names)];
}

static const struct {
	const char *suffix, *scope;
} company_industries[] = {
	{ "信息科技有限公司", "一般项目：技术服务、技术开发、技术咨询、技术交流、技术转让、技术推广；软件开发；信息系统集成服务；计算机系统服务。（除依法须经批准的项目外，凭营业执照依法自主开展经营活动）" },
	{ "餐饮管理有限公司", "许可项目：餐饮服务；食品销售。一般项目：餐饮管理；食品销售（仅销售预包装食品）。（依法须经批准的项目，经相关部门批准后方可开展经营活动）" },
	{ "贸易有限公司", "一般项目：日用百货销售；服装服饰批发；五金产品零售；电子产品销售；货物进出口；技术进出口。（除依法须经批准的项目外，凭营业执照依法自主开展经营活动）" },
	{ "文化传媒有限公司", "一般项目：组织文化艺术交流活动；广告设计、代理；广告制作；会议及展览服务；平面设计。（除依法须经批准的项目外，凭营业执照依法自主开展经营活动）" },
	{ "企业管理咨询有限公司", "一般项目：企业管理咨询；信息咨询服务（不含许可类信息咨询服务）；市场营销策划；财务咨询。（除依法须经批准的项目外，凭营业执照依法自主开展经营活动）" },
	{ "建筑装饰工程有限公司", "许可项目：建设工程施工。一般项目：住宅室内装饰装修；建筑材料销售。（依法须经批准的项目，经相关部门批准后方可开展经营活动）" },
	{ "物业管理有限公司", "一般项目：物业管理；停车场服务；家政服务；园林绿化工程施工。（除依法须经批准的项目外，凭营业执照依法自主开展经营活动）" },
	{ "教育科技有限公司", "一般项目：技术服务、技术开发；教育咨询服务（不含涉许可审批的教育培训活动）；软件开发。（除依法须经批准的项目外，凭营业执照依法自主开展经营活动）" },
	{ "医疗器械有限公司", "许可项目：第三类医疗器械经营。一般项目：第一类医疗器械销售；第二类医疗器械销售。（依法须经批准的项目，经相关部门批准后方可开展经营活动）" },
	{ "电子商务有限公司", "一般项目：互联网销售（除销售需要许可的商品）；供应链管理服务；日用百货销售。（除依法须经批准的项目外，凭营业执照依法自主开展经营活动）" },
};

static const struct {
	const char *suffix, *scope;
} sole_industries[] = {
	{ "小吃店", "许可项目：小型餐饮；食品销售。（依法须经批准的项目，经相关部门批准后方可开展经营活动）" },
	{ "便利店", "许可项目：食品销售；烟草制品零售。一般项目：日用百货销售。（依法须经批准的项目，经相关部门批准后方可开展经营活动）" },
	{ "理发店", "许可项目：理发服务。一般项目：美甲服务。（依法须经批准的项目，经相关部门批准后方可开展经营活动）" },
	{ "水果店", "许可项目：食品销售。一般项目：食用农产品零售。（依法须经批准的项目，经相关部门批准后方可开展经营活动）" },
	{ "服装店", "一般项目：服装服饰零售；鞋帽零售。（除依法须经批准的项目外，凭营业执照依法自主开展经营活动）" },
	{ "五金店", "一般项目：五金产品零售；电线、电缆经营。（除依法须经批准的项目外，凭营业执照依法自主开展经营活动）" },
	{ "家电维修部", "一般项目：日用电器修理；家用电器销售。（除依法须经批准的项目外，凭营业执照依法自主开展经营活动）" },
	{ "洗衣店", "一般项目：洗染服务；缝纫修补服务。（除依法须经批准的项目外，凭营业执照依法自主开展经营活动）" },
	{ "面馆", "许可项目：小型餐饮。（依法须经批准的项目，经相关部门批准后方可开展经营活动）" },
	{ "家政服务部", "一般项目：家政服务；养老服务（不含机构养老）。（除依法须经批准的项目外，凭营业执照依法自主开展经营活动）" },
};

void demo_industry(uint64_t *rng, bool sole, const char **suffix, const char **scope)
{
	if (sole) {
		size_t i = id_rand(rng) % N(sole_industries);
		*suffix = sole_industries[i].suffix;
		*scope = sole_industries[i].scope;
	} else {
		size_t i = id_rand(rng) % N(company_industries);
		*suffix = company_industries[i].suffix;
		*scope = company_industries[i].scope;
	}
}
