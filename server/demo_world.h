/* demo_world: the seeded generator of synthetic people and legal persons behind the demo shared data. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef YCD_DEMO_WORLD_H
#define YCD_DEMO_WORLD_H
#include "server/store.h"
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define DEMO_WORLD_SEED 20261124u
#define DEMO_PEOPLE 2400
#define DEMO_ENTITIES 520
/* The day the generated records are "as of" (ages, validity, proofs):
 * 2026-11-20, fixed so the same seed gives the same records. */
#define DEMO_REF_Y 2026
#define DEMO_REF_M 11
#define DEMO_REF_D 20

enum demo_credit { DC_NONE = 0, DC_BLACK, DC_WATCH, DC_RED };

/* Person flags. */
enum {
	DP_ABSENT = 1 << 0,      /* valid identifier, but not in the people table */
	DP_MIGRANT = 1 << 1,     /* household elsewhere, lives in 徐汇 (居住登记) */
	DP_PERMIT = 1 << 2,      /* already holds a 上海市居住证 */
	DP_HOME = 1 << 3,        /* owns a flat (不动产权证书) */
	DP_RETIRED = 1 << 4,     /* retirement certificate */
	DP_DISABLED = 1 << 5,
	DP_HK_PASS = 1 << 6,     /* 往来港澳通行证 */
	DP_EXPIRED_ID = 1 << 7,  /* the identity card has expired */
	DP_NO_CRIME = 1 << 8,    /* holds a 无犯罪记录证明 */
};

struct demo_person {
	char id[20];
	const char *id_type;      /* resident_id, hk_macao_permit, taiwan_permit, foreign_permanent */
	char name[48];
	char gender;              /* 'M' or 'F' */
	int by, bm, bd;
	const char *ethnicity;    /* NULL for foreigners and permit holders */
	char nationality[4];
	char hh_div[7];           /* "" when there is no household registration */
	char hh_addr[192];
	char res_addr[192];
	char phone[12];           /* "" when unknown */
	int vy, vm, vd;           /* document valid until; vy 0 = 长期 */
	int iy, im, id_;          /* document issued on */
	unsigned flags;
	int employer;             /* entity index, -1 when not insured as an employee */
	int si_months;            /* months of employee social insurance */
	int si_since_y, si_since_m;
	int res_y, res_m, res_d;  /* 居住登记 date (migrants) */
	char hf_account[13];      /* "" without a housing fund account */
	long hf_balance_cents;
	long hf_monthly_cents;
	int spouse;               /* person index, -1 */
	int married_y;
	enum demo_credit credit;
};

struct demo_entity {
	char uscc[20];
	char name[128];
	const char *kind;         /* 企业类型, e.g. 有限责任公司(自然人投资或控股) */
	bool sole;                /* 个体工商户 */
	const char *status;       /* active, suspended, revoked, cancelled */
	int rep;                  /* person index of the legal representative / operator */
	long capital;             /* yuan; -1 = null */
	int ey, em, ed;           /* established on */
	int ty, tm, td;           /* term until; ty 0 = 长期 */
	char addr[192];
	char div[7];
	const char *district;     /* 徐汇区 … */
	const char *scope;
	char phone[16];
	enum demo_credit credit;
};

/* A featured applicant for `yichuangd --demo-people`. */
struct demo_feature {
	const char *kind;         /* person, entity, invalid */
	int index;                /* into people or entities; -1 for invalid */
	char ident[24];
	const char *note;
};

struct demo_world {
	struct demo_person *people;
	int npeople;
	struct demo_entity *entities;
	int nentities;
	struct demo_feature features[24];
	int nfeatures;
};

/* Build the world of a seed: the same seed gives the same world. */
void demo_world_make(struct demo_world *w, uint64_t seed);
void demo_world_free(struct demo_world *w);
/* Write every record of the world into the shared-data tables (inside the
 * caller's transaction). Returns records written, -1 on a store error. */
int demo_world_store(const struct demo_world *w, struct store *st);
/* Seed the shared data when the people table is empty: 1 seeded, 0 left
 * alone, -1 error. */
int demo_shared_seed(struct store *st);
/* The TSV of demo applicants (kind, identifier, name, what is special). */
void demo_world_print(const struct demo_world *w, FILE *f);

/* ---- name and address tables (demo_names.c) ---- */
const char *demo_surname(uint64_t *rng);
/* One or two characters of a given name for gender 'M' or 'F'. */
void demo_given_name(uint64_t *rng, char gender, char *out, size_t n);
/* A foreigner's name in Chinese transliteration and the ISO numeric
 * country it goes with. */
const char *demo_foreign_name(uint64_t *rng, char gender, int *country);
/* A home county outside Shanghai (division code) for migrants. */
const char *demo_home_division(uint64_t *rng);
/* An address in a division: "安徽省合肥市蜀山区长江路88号3栋402室". */
void demo_address(uint64_t *rng, const char *div, char *out, size_t n);
/* An address in Shanghai 徐汇区 (or another district's division). */
void demo_shanghai_address(uint64_t *rng, const char *div, char *out, size_t n);
/* A realistic mainland mobile number. */
void demo_mobile(uint64_t *rng, char *out);
/* A company's trade name (字号) and an industry with its business scope. */
const char *demo_trade_name(uint64_t *rng);
void demo_industry(uint64_t *rng, bool sole, const char **suffix, const char **scope);

/* Uniform integer in [lo, hi]. */
int demo_rand(uint64_t *rng, int lo, int hi);

#endif
