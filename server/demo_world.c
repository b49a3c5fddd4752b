/* demo_world: a seeded, deterministic world of synthetic people and legal persons for the demo shared data. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "server/demo_world.h"
#include "common/countries.h"
#include "common/ids.h"
#include "common/xalloc.h"
#include <stdlib.h>
#include <string.h>

/* ---- a set of strings, so identifiers and names stay unique ---- */

struct strset {
	char **slot;
	size_t cap;
};

static uint64_t fnv(const char *s)
{
	uint64_t h = 1469598103934665603ULL;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

/* Add s; false when it was there already. */
static bool set_add(struct strset *set, const char *s)
{
	size_t i = fnv(s) & (set->cap - 1);
	while (set->slot[i]) {
		if (strcmp(set->slot[i], s) == 0)
			return false;
		i = (i + 1) & (set->cap - 1);
	}
	set->slot[i] = xstrdup(s);
	return true;
}

static void set_free(struct strset *set)
{
	for (size_t i = 0; i < set->cap; i++)
		free(set->slot[i]);
	free(set->slot);
}

/* ---- people ---- */

enum profile { PR_LOCAL, PR_MIGRANT, PR_CHILD, PR_FOREIGN, PR_HMT };

static const char *const ethnicities[] = { "回族", "满族", "蒙古族", "壮族", "朝鲜族", "土家族", "苗族", "彝族" };

static int age_of(const struct demo_person *p)
{
	int a = DEMO_REF_Y - p->by;
	if (p->bm > DEMO_REF_M || (p->bm == DEMO_REF_M && p->bd > DEMO_REF_D))
		a--;
	return a;
}

static int days_in(int y, int m)
{
	static const int d[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return m == 2 && leap ? 29 : d[m - 1];
}

/* A birth date for the profile. */
static void birth(uint64_t *rng, enum profile pr, struct demo_person *p)
{
	if (pr == PR_CHILD)
		p->by = demo_rand(rng, 2009, DEMO_REF_Y - 1);
	else if (pr == PR_MIGRANT)
		p->by = demo_rand(rng, 1965, 2004);
	else
		p->by = demo_rand(rng, 1946, 2006);
	p->bm = demo_rand(rng, 1, 12);
	p->bd = demo_rand(rng, 1, days_in(p->by, p->bm));
}

/* The document's issue date and expiry by the rules of the card. */
static void validity(uint64_t *rng, struct demo_person *p, bool expired)
{
	int age = age_of(p), years;
	if (strcmp(p->id_type, "resident_id") == 0)
		years = age < 16 ? 5 : age < 26 ? 10 : age < 46 ? 20 : 0;
	else if (strcmp(p->id_type, "foreign_permanent") == 0)
		years = age < 18 ? 5 : 10;
	else
		years = 5;
	if (expired) {
		/* Ran out within the last three years. */
		years = years ? years : 20;
		p->vy = DEMO_REF_Y - demo_rand(rng, 0, 2);
		p->vm = demo_rand(rng, 1, p->vy == DEMO_REF_Y ? DEMO_REF_M - 1 : 12);
		p->vd = demo_rand(rng, 1, 28);
		p->iy = p->vy - years;
		p->im = p->vm;
		p->id_ = p->vd;
		return;
	}
	int span = years ? years : 10;
	p->iy = DEMO_REF_Y - demo_rand(rng, 0, span - 1);
	if (p->iy < p->by + 1)
		p->iy = p->by + 1;
	p->im = demo_rand(rng, 1, 12);
	p->id_ = demo_rand(rng, 1, 28);
	if (p->iy == DEMO_REF_Y && p->im > DEMO_REF_M - 1)
		p->im = DEMO_REF_M - 1;
	if (!years) {
		p->vy = 0;
		return;
	}
	p->vy = p->iy + years;
	p->vm = p->im;
	p->vd = p->id_;
}

/* Identifier and name of a person of the profile; false on a clash. */
static bool identity(uint64_t *rng, enum profile pr, struct demo_person *p, struct strset *ids)
{
	int seq = demo_rand(rng, 0, 499) * 2 + (p->gender == 'M');
	bool ok;
	if (pr == PR_FOREIGN) {
		int country;
		snprintf(p->name, sizeof p->name, "%s", demo_foreign_name(rng, p->gender, &country));
		ok = id_make_foreign_pr(31, country, p->by, p->bm, p->bd, seq, p->id);
		const Country *c = country_find(country);
		snprintf(p->nationality, sizeof p->nationality, "%s", c ? c->alpha3 : "USA");
		p->id_type = "foreign_permanent";
	} else if (pr == PR_HMT) {
		char region = "HHMT"[demo_rand(rng, 0, 3)];
		ok = id_make_hmt_permit(region, p->by, p->bm, p->bd, seq, p->id);
		p->id_type = region == 'T' ? "taiwan_permit" : "hk_macao_permit";
		snprintf(p->nationality, sizeof p->nationality, "CHN");
	} else {
		const char *area = p->hh_div[0] ? p->hh_div : demo_home_division(rng);
		ok = id_make_citizen(area, p->by, p->bm, p->bd, seq, p->id);
		p->id_type = "resident_id";
		snprintf(p->nationality, sizeof p->nationality, "CHN");
	}
	if (pr != PR_FOREIGN) {
		char given[16];
		demo_given_name(rng, p->gender, given, sizeof given);
		snprintf(p->name, sizeof p->name, "%s%s", demo_surname(rng), given);
	}
	return ok && set_add(ids, p->id);
}

/* Household registration and addresses. */
static void household(uint64_t *rng, enum profile pr, struct demo_person *p)
{
	static const char *const sh_other[] = { "310101", "310105", "310106", "310112", "310115" };
	p->hh_div[0] = p->hh_addr[0] = '\0';
	if (pr == PR_LOCAL || pr == PR_CHILD) {
		const char *div = demo_rand(rng, 0, 9) < 7 ? "310104" : sh_other[demo_rand(rng, 0, 4)];
		snprintf(p->hh_div, sizeof p->hh_div, "%s", div);
		demo_shanghai_address(rng, div, p->hh_addr, sizeof p->hh_addr);
		if (demo_rand(rng, 0, 9) < 8 && strcmp(div, "310104") == 0)
			snprintf(p->res_addr, sizeof p->res_addr, "%s", p->hh_addr);
		else
			demo_shanghai_address(rng, "310104", p->res_addr, sizeof p->res_addr);
	} else if (pr == PR_MIGRANT) {
		snprintf(p->hh_div, sizeof p->hh_div, "%s", demo_home_division(rng));
		demo_address(rng, p->hh_div, p->hh_addr, sizeof p->hh_addr);
		demo_shanghai_address(rng, "310104", p->res_addr, sizeof p->res_addr);
	} else {
		demo_shanghai_address(rng, "310104", p->res_addr, sizeof p->res_addr);
	}
}

/* Insurance, housing fund, licences and flags that follow from age and profile. */
static void life(uint64_t *rng, enum profile pr, struct demo_person *p)
{
	int age = age_of(p);
	bool adult = age >= 18;
	p->employer = -1;
	p->spouse = -1;
	if (pr == PR_MIGRANT) {
		p->flags |= DP_MIGRANT;
		int months = demo_rand(rng, 7, 96);
		p->res_y = DEMO_REF_Y - months / 12;
		p->res_m = DEMO_REF_M - months % 12;
		if (p->res_m < 1) {
			p->res_m += 12;
			p->res_y--;
		}
		p->res_d = demo_rand(rng, 1, 28);
		if (demo_rand(rng, 0, 9) < 4)
			p->flags |= DP_PERMIT;
	}
	bool retire_age = age >= (p->gender == 'M' ? 60 : 55);
	if (adult && retire_age && demo_rand(rng, 0, 9) < 8)
		p->flags |= DP_RETIRED;
	/* Working age: most are insured through an employer (assigned later). */
	if (adult && age >= 20 && !(p->flags & DP_RETIRED) && pr != PR_CHILD && demo_rand(rng, 0, 99) < 75) {
		int max = (age - 19) * 12;
		if (pr == PR_MIGRANT && max > 100)
			max = 100;
		p->si_months = demo_rand(rng, 6, max < 6 ? 6 : max > 480 ? 480 : max);
		p->employer = -2; /* to be assigned */
	}
	if ((p->flags & DP_RETIRED) && pr == PR_LOCAL)
		p->si_months = demo_rand(rng, 180, 420);
	if (p->si_months) {
		int y = DEMO_REF_Y - p->si_months / 12, m = DEMO_REF_M - p->si_months % 12;
		if (m < 1) {
			m += 12;
			y--;
		}
		p->si_since_y = y;
		p->si_since_m = m;
	}
	if (p->employer == -2 && demo_rand(rng, 0, 9) < 8) {
		snprintf(p->hf_account, sizeof p->hf_account, "%03d%09d", demo_rand(rng, 100, 999),
			 demo_rand(rng, 0, 999999999));
		p->hf_monthly_cents = (long)demo_rand(rng, 40, 700) * 1000;
		p->hf_balance_cents = p->hf_monthly_cents * demo_rand(rng, 1, p->si_months) + demo_rand(rng, 0, 99);
	}
	if (adult && (pr == PR_LOCAL ? demo_rand(rng, 0, 99) < 45 : demo_rand(rng, 0, 99) < 8))
		p->flags |= DP_HOME;
	if (adult && demo_rand(rng, 0, 99) < 15)
		p->flags |= DP_HK_PASS;
	if (demo_rand(rng, 0, 999) < 15)
		p->flags |= DP_DISABLED;
	if (adult && demo_rand(rng, 0, 99) < 3)
		p->flags |= DP_NO_CRIME;
	int c = demo_rand(rng, 0, 999);
	p->credit = adult && c < 25 ? DC_BLACK : adult && c < 40 ? DC_WATCH : DC_NONE;
	if (p->phone[0] == '\0' && (adult ? demo_rand(rng, 0, 9) < 9 : demo_rand(rng, 0, 9) < 2))
		demo_mobile(rng, p->phone);
}

/* One person of a profile. */
static void make_person(uint64_t *rng, enum profile pr, struct demo_person *p, struct strset *ids, bool expired)
{
	do {
		memset(p, 0, sizeof *p);
		p->gender = demo_rand(rng, 0, 1) ? 'M' : 'F';
		birth(rng, pr, p);
		household(rng, pr, p);
	} while (!identity(rng, pr, p, ids));
	if (pr == PR_LOCAL || pr == PR_MIGRANT || pr == PR_CHILD)
		p->ethnicity = demo_rand(rng, 0, 99) < 92 ? "汉族" : ethnicities[demo_rand(rng, 0, 7)];
	validity(rng, p, expired);
	if (expired)
		p->flags |= DP_EXPIRED_ID;
	life(rng, pr, p);
}

/* The profile of an ordinary (not featured) person. */
static enum profile draw_profile(uint64_t *rng)
{
	int r = demo_rand(rng, 0, 999);
	return r < 550 ? PR_LOCAL : r < 900 ? PR_MIGRANT : r < 950 ? PR_CHILD : r < 975 ? PR_FOREIGN : PR_HMT;
}

/* Marry adults of opposite genders and similar age, two in three of them. */
static void marry(uint64_t *rng, struct demo_world *w)
{
	for (int i = 0; i < w->npeople; i++) {
		struct demo_person *a = &w->people[i];
		if (a->gender != 'M' || a->spouse >= 0 || age_of(a) < 25 || (a->flags & DP_ABSENT) ||
		    demo_rand(rng, 0, 2) == 0)
			continue;
		for (int tries = 0; tries < 40; tries++) {
			int j = demo_rand(rng, 20, w->npeople - 1);
			struct demo_person *b = &w->people[j];
			if (b->gender != 'F' || b->spouse >= 0 || (b->flags & DP_ABSENT) || age_of(b) < 22 ||
			    abs(b->by - a->by) > 6 || strcmp(b->nationality, a->nationality) != 0)
				continue;
			a->spouse = j;
			b->spouse = i;
			int youngest = a->by > b->by ? a->by : b->by;
			a->married_y = b->married_y = demo_rand(rng, youngest + 22, DEMO_REF_Y - 1 > youngest + 22 ?
									       DEMO_REF_Y - 1 : youngest + 22);
			break;
		}
	}
}

/* ---- legal persons ---- */

static const char *const company_kinds[] = {
	"有限责任公司(自然人投资或控股)", "有限责任公司(自然人投资或控股)", "有限责任公司(自然人投资或控股)",
	"有限责任公司(自然人独资)", "有限责任公司(自然人独资)", "有限责任公司(法人独资)",
	"有限责任公司(外商投资、非独资)",
};

static const struct {
	const char *div, *name;
} districts[] = {
	{ "310104", "徐汇区" }, { "310105", "长宁区" }, { "310101", "黄浦区" }, { "310115", "浦东新区" },
};

/* A random adult present in the people table who represents fewer than
 * two entities already. */
static int pick_rep(uint64_t *rng, const struct demo_world *w, int *reps, int first)
{
	for (;;) {
		int i = demo_rand(rng, first, w->npeople - 1);
		const struct demo_person *p = &w->people[i];
		if ((p->flags & DP_ABSENT) || age_of(p) < 20 || reps[i] >= 2 ||
		    strcmp(p->id_type, "hk_macao_permit") == 0 || strcmp(p->id_type, "taiwan_permit") == 0)
			continue;
		reps[i]++;
		return i;
	}
}

/* One entity: sole proprietorship or company. */
static void make_entity(uint64_t *rng, struct demo_world *w, struct demo_entity *e, bool sole, int rep,
			struct strset *names, struct strset *ids)
{
	static const long caps[] = { 100000, 300000, 500000, 1000000, 2000000, 3000000, 5000000, 10000000, 50000000 };
	static const long sole_caps[] = { 30000, 50000, 100000, 200000, 300000, 500000 };
	memset(e, 0, sizeof *e);
	e->sole = sole;
	e->rep = rep;
	int d = sole || demo_rand(rng, 0, 9) < 8 ? 0 : demo_rand(rng, 1, 3);
	snprintf(e->div, sizeof e->div, "%s", districts[d].div);
	e->district = districts[d].name;
	const char *suffix;
	demo_industry(rng, sole, &suffix, &e->scope);
	const struct demo_person *r = &w->people[rep];
	char surname[16];
	snprintf(surname, sizeof surname, "%.3s", r->name); /* one character of UTF-8 Han */
	do {
		const char *t1 = demo_trade_name(rng), *t2 = demo_trade_name(rng);
		if (sole)
			snprintf(e->name, sizeof e->name, "上海市%s%s%s", e->district,
				 demo_rand(rng, 0, 1) ? t1 : surname, suffix);
		else if (demo_rand(rng, 0, 2))
			snprintf(e->name, sizeof e->name, "上海%s%s", t1, suffix);
		else
			snprintf(e->name, sizeof e->name, "上海%s%s%s", t1, t2, suffix);
	} while (!set_add(names, e->name));
	e->kind = sole ? "个体工商户" : company_kinds[demo_rand(rng, 0, 6)];
	int st = demo_rand(rng, 0, 99);
	e->status = st < 90 ? "active" : st < 92 ? "suspended" : st < 95 ? "revoked" : "cancelled";
	e->capital = sole ? (demo_rand(rng, 0, 9) < 3 ? -1 : sole_caps[demo_rand(rng, 0, 5)]) : caps[demo_rand(rng, 0, 8)];
	e->ey = demo_rand(rng, 2003, DEMO_REF_Y);
	e->em = demo_rand(rng, 1, e->ey == DEMO_REF_Y ? DEMO_REF_M - 1 : 12);
	e->ed = demo_rand(rng, 1, 28);
	if (!sole && demo_rand(rng, 0, 1)) {
		e->ty = e->ey + (demo_rand(rng, 0, 1) ? 20 : 30);
		e->tm = e->em;
		e->td = e->ed;
	}
	static const char org_chars[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
	do {
		char org[9];
		if (e->ey >= 2015) {
			org[0] = 'M';
			org[1] = 'A';
			org[2] = (char)('0' + demo_rand(rng, 1, 9));
			for (int i = 3; i < 8; i++)
				org[i] = org_chars[demo_rand(rng, 0, 30)];
		} else {
			for (int i = 0; i < 8; i++)
				org[i] = org_chars[demo_rand(rng, 0, i == 0 ? 9 : 30)];
		}
		org[8] = '\0';
		id_make_uscc('9', sole ? '2' : '1', e->div, org, e->uscc);
	} while (!e->uscc[0] || !set_add(ids, e->uscc));
	demo_shanghai_address(rng, e->div, e->addr, sizeof e->addr);
	/* The contact mobile on record (forms take a mobile number). */
	if (sole && r->phone[0])
		snprintf(e->phone, sizeof e->phone, "%s", r->phone);
	else
		demo_mobile(rng, e->phone);
	int c = demo_rand(rng, 0, 99);
	e->credit = c < 1 ? DC_BLACK : c < 6 ? DC_WATCH : c < 14 && !sole ? DC_RED : DC_NONE;
}

/* ---- the featured applicants ---- */

/* People 0..NFEAT_P-1 and entities 0..NFEAT_E-1 are made to order. */
enum { F_PERMIT, F_SOLE_NEW, F_REP, F_BLACK, F_NO_HH, F_ABSENT, F_EXPIRED, F_FOREIGN, F_HMT, F_OPERATOR,
       F_RETIREE, F_HOMEOWNER, F_WATCH, NFEAT_P };
enum { E_COMPANY, E_SOLE, E_WATCH, E_CANCELLED, E_BLACK, E_RED, NFEAT_E };

/* Shape the featured people after their random draw. */
static void feature_people(uint64_t *rng, struct demo_world *w, struct strset *ids)
{
	struct demo_person *p = w->people;
	make_person(rng, PR_MIGRANT, &p[F_PERMIT], ids, false);
	while (age_of(&p[F_PERMIT]) < 24 || age_of(&p[F_PERMIT]) > 40 || !p[F_PERMIT].si_months)
		make_person(rng, PR_MIGRANT, &p[F_PERMIT], ids, false);
	p[F_PERMIT].flags &= ~(unsigned)(DP_PERMIT | DP_HOME);
	p[F_PERMIT].credit = DC_NONE;
	p[F_PERMIT].si_months = 26;
	p[F_PERMIT].si_since_y = DEMO_REF_Y - 2;
	p[F_PERMIT].si_since_m = DEMO_REF_M - 2;
	p[F_PERMIT].res_y = DEMO_REF_Y - 2;
	if (!p[F_PERMIT].phone[0])
		demo_mobile(rng, p[F_PERMIT].phone);
	if (!p[F_PERMIT].hf_account[0]) {
		snprintf(p[F_PERMIT].hf_account, sizeof p[F_PERMIT].hf_account, "%012d", 310400000 + 1288);
		p[F_PERMIT].hf_monthly_cents = 168000;
		p[F_PERMIT].hf_balance_cents = 168000L * 26;
	}
	for (int f = F_SOLE_NEW; f < NFEAT_P; f++) {
		enum profile pr = f == F_FOREIGN ? PR_FOREIGN : f == F_HMT ? PR_HMT : PR_LOCAL;
		do
			make_person(rng, pr, &p[f], ids, f == F_EXPIRED);
		while (age_of(&p[f]) < (f == F_RETIREE ? 59 : 26) || age_of(&p[f]) > (f == F_RETIREE ? 60 : 52) ||
		       (f == F_RETIREE && p[f].gender != 'M'));
		p[f].credit = f == F_BLACK ? DC_BLACK : f == F_WATCH ? DC_WATCH : DC_NONE;
		if (!p[f].phone[0])
			demo_mobile(rng, p[f].phone);
	}
	/* Someone whose household registration is missing from the records. */
	p[F_NO_HH].hh_div[0] = p[F_NO_HH].hh_addr[0] = '\0';
	p[F_ABSENT].flags |= DP_ABSENT;
	p[F_RETIREE].flags &= ~(unsigned)DP_RETIRED;
	p[F_RETIREE].si_months = 384;
	p[F_RETIREE].si_since_y = DEMO_REF_Y - 32;
	p[F_RETIREE].si_since_m = DEMO_REF_M;
	p[F_RETIREE].employer = -2;
	p[F_HOMEOWNER].flags |= DP_HOME;
}

/* The list `--demo-people` prints. */
static void add_feature(struct demo_world *w, const char *kind, int index, const char *ident, const char *note)
{
	struct demo_feature *f = &w->features[w->nfeatures++];
	f->kind = kind;
	f->index = index;
	snprintf(f->ident, sizeof f->ident, "%s", ident);
	f->note = note;
}

static void list_features(struct demo_world *w)
{
	static const struct {
		int index;
		const char *note;
	} people[] = {
		{ F_PERMIT, "居住证申领 full prefill: household elsewhere, 居住登记 and employee social insurance in Shanghai" },
		{ F_SOLE_NEW, "个体工商户设立登记: 徐汇 household, runs no business yet" },
		{ F_REP, "legal representative of the 企业开办 company" },
		{ F_BLACK, "credit flag: black list (失信被执行人)" },
		{ F_NO_HH, "no household register on record" },
		{ F_ABSENT, "no record: a valid number not in the people database" },
		{ F_EXPIRED, "identity card expired" },
		{ F_FOREIGN, "foreigner, permanent residence ID (外国人永久居留身份证)" },
		{ F_HMT, "Hong Kong/Macao/Taiwan residence permit holder, no mainland household" },
		{ F_OPERATOR, "operator of the demo 个体工商户" },
		{ F_RETIREE, "about to retire: 32 years of social insurance, housing fund (退休一件事)" },
		{ F_HOMEOWNER, "owns a flat (不动产权证书) and is married (二手房转移登记)" },
		{ F_WATCH, "credit flag: watch list" },
	};
	for (size_t i = 0; i < sizeof people / sizeof people[0]; i++)
		add_feature(w, "person", people[i].index, w->people[people[i].index].id, people[i].note);
	static const struct {
		int index;
		const char *note;
	} ents[] = {
		{ E_COMPANY, "企业开办一件事: new company, legal representative is the person above" },
		{ E_SOLE, "个体工商户 (sole proprietorship), operator is a person in the table" },
		{ E_WATCH, "company on the watch list (经营异常名录)" },
		{ E_CANCELLED, "company cancelled (注销)" },
		{ E_BLACK, "company on the black list (严重违法失信)" },
		{ E_RED, "company on the red list (纳税信用A级)" },
	};
	for (size_t i = 0; i < sizeof ents / sizeof ents[0]; i++)
		add_feature(w, "entity", ents[i].index, w->entities[ents[i].index].uscc, ents[i].note);
	/* The 居住证 applicant's number with a wrong check character. */
	char bad[24];
	snprintf(bad, sizeof bad, "%s", w->people[F_PERMIT].id);
	bad[17] = bad[17] == '0' ? '1' : '0';
	add_feature(w, "invalid", -1, bad, "wrong check digit (the 居住证 applicant's number, last character changed)");
}

/* Shape the featured entities. */
static void feature_entities(uint64_t *rng, struct demo_world *w)
{
	struct demo_entity *e = w->entities;
	e[E_COMPANY].kind = "有限责任公司(自然人投资或控股)";
	e[E_COMPANY].status = "active";
	e[E_COMPANY].capital = 1000000;
	e[E_COMPANY].ey = DEMO_REF_Y;
	e[E_COMPANY].em = DEMO_REF_M;
	e[E_COMPANY].ed = DEMO_REF_D - 6;
	e[E_COMPANY].ty = 0;
	e[E_COMPANY].credit = DC_NONE;
	e[E_SOLE].status = "active";
	e[E_SOLE].credit = DC_NONE;
	e[E_WATCH].status = "active";
	e[E_WATCH].credit = DC_WATCH;
	e[E_CANCELLED].status = "cancelled";
	e[E_CANCELLED].credit = DC_NONE;
	e[E_BLACK].status = "active";
	e[E_BLACK].credit = DC_BLACK;
	e[E_RED].status = "active";
	e[E_RED].credit = DC_RED;
	(void)rng;
}

void demo_world_make(struct demo_world *w, uint64_t seed)
{
	memset(w, 0, sizeof *w);
	uint64_t rng = seed;
	struct strset ids = { xcalloc(16384, sizeof(char *)), 16384 };
	struct strset names = { xcalloc(2048, sizeof(char *)), 2048 };
	w->npeople = DEMO_PEOPLE;
	w->people = xcalloc((size_t)w->npeople, sizeof *w->people);
	feature_people(&rng, w, &ids);
	for (int i = NFEAT_P; i < w->npeople; i++) {
		enum profile pr = draw_profile(&rng);
		make_person(&rng, pr, &w->people[i], &ids, pr != PR_CHILD && demo_rand(&rng, 0, 99) < 2);
		int r = demo_rand(&rng, 0, 999);
		if (r < 20)
			w->people[i].flags |= DP_ABSENT;
		else if (r < 30 && pr == PR_LOCAL)
			w->people[i].hh_div[0] = w->people[i].hh_addr[0] = '\0';
	}
	marry(&rng, w);
	/* The home owner is married to someone. */
	struct demo_person *h = &w->people[F_HOMEOWNER];
	for (int j = NFEAT_P; h->spouse < 0 && j < w->npeople; j++) {
		struct demo_person *b = &w->people[j];
		if (b->gender != h->gender && b->spouse < 0 && !(b->flags & DP_ABSENT) && age_of(b) >= 24 &&
		    strcmp(b->id_type, "resident_id") == 0) {
			h->spouse = j;
			b->spouse = F_HOMEOWNER;
			h->married_y = b->married_y = DEMO_REF_Y - 9;
		}
	}
	/* Entities: the featured ones first, then sole proprietorships and companies. */
	int *reps = xcalloc((size_t)w->npeople, sizeof *reps);
	reps[F_PERMIT] = reps[F_SOLE_NEW] = reps[F_ABSENT] = 2; /* never legal representatives */
	w->nentities = DEMO_ENTITIES;
	w->entities = xcalloc((size_t)w->nentities, sizeof *w->entities);
	for (int i = 0; i < w->nentities; i++) {
		bool sole = i == E_SOLE || (i >= NFEAT_E && i < NFEAT_E + 200);
		int rep = i == E_COMPANY ? F_REP : i == E_SOLE ? F_OPERATOR : pick_rep(&rng, w, reps, NFEAT_P);
		if (i == E_COMPANY || i == E_SOLE)
			reps[rep]++;
		make_entity(&rng, w, &w->entities[i], sole, rep, &names, &ids);
	}
	feature_entities(&rng, w);
	/* Employers: active companies. */
	for (int i = 0; i < w->npeople; i++) {
		struct demo_person *p = &w->people[i];
		if (p->employer != -2)
			continue;
		int e;
		do
			e = demo_rand(&rng, 0, w->nentities - 1);
		while (w->entities[e].sole || strcmp(w->entities[e].status, "active") != 0);
		p->employer = e;
	}
	free(reps);
	list_features(w);
	set_free(&ids);
	set_free(&names);
}

void demo_world_free(struct demo_world *w)
{
	free(w->people);
	free(w->entities);
	memset(w, 0, sizeof *w);
}

void demo_world_print(const struct demo_world *w, FILE *f)
{
	fputs("kind\tidentifier\tname\tspecial\n", f);
	for (int i = 0; i < w->nfeatures; i++) {
		const struct demo_feature *ft = &w->features[i];
		const char *name = "";
		char note[512];
		snprintf(note, sizeof note, "%s", ft->note);
		if (strcmp(ft->kind, "person") == 0) {
			name = w->people[ft->index].name;
		} else if (strcmp(ft->kind, "entity") == 0) {
			const struct demo_entity *e = &w->entities[ft->index];
			const struct demo_person *r = &w->people[e->rep];
			name = e->name;
			snprintf(note, sizeof note, "%s; %s %s %s", ft->note, e->sole ? "operator" : "legal representative",
				 r->name, r->id);
		}
		fprintf(f, "%s\t%s\t%s\t%s\n", ft->kind, ft->ident, name, note);
	}
}
