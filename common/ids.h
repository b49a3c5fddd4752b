/* ids: check, normalize, mask and generate Chinese identifiers (ID numbers, credit codes, mobiles). */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef YC_IDS_H
#define YC_IDS_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* What an identifier is. */
typedef enum IdKind {
	ID_KIND_UNKNOWN = 0,
	ID_KIND_CITIZEN,    /* 公民身份号码, GB 11643-1999 (a 15-digit one is converted) */
	ID_KIND_HMT_PERMIT, /* 港澳台居民居住证: 810000 / 820000 / 830000 prefix */
	ID_KIND_FOREIGN_PR, /* 外国人永久居留身份证, 2023 version (18 digits, starts with 9) */
	ID_KIND_USCC,       /* 统一社会信用代码, GB 32100-2015 */
	ID_KIND_MOBILE,     /* mainland mobile number */
	ID_KIND__COUNT
} IdKind;

/* The first rule an identifier broke (ID_OK when it broke none). */
typedef enum IdRule {
	ID_OK = 0,
	ID_ERR_EMPTY,       /* nothing but separators */
	ID_ERR_SHAPE,       /* the kind cannot be told from the shape */
	ID_ERR_LENGTH,      /* length: see length / expected_length */
	ID_ERR_CHAR,        /* character bad_char not allowed at position */
	ID_ERR_DATE,        /* birth date is not a calendar date */
	ID_ERR_DATE_FUTURE, /* birth date after today */
	ID_ERR_DATE_EARLY,  /* birth date before 1900-01-01 */
	ID_ERR_AREA,        /* address / division code not in GB/T 2260 */
	ID_ERR_AREA_LEVEL,  /* a province-level code where a county is needed */
	ID_ERR_HMT_PREFIX,  /* residence permit prefix not 810000/820000/830000 */
	ID_ERR_PROVINCE,    /* foreign PR: digits 2-3 not a mainland province */
	ID_ERR_COUNTRY,     /* foreign PR: digits 4-6 not an ISO 3166-1 code */
	ID_ERR_AUTHORITY,   /* USCC: positions 1-2 not a pair of GB 32100 */
	ID_ERR_ORG_CHECK,   /* USCC: GB 11714 check character at position 17 */
	ID_ERR_CHECK,       /* final check character: see found / expected_check */
	ID_ERR_PREFIX,      /* mobile: does not start with 13-19 */
	ID_ERR_DIAL_CODE,   /* mobile: an international prefix other than +86 */
	ID_RULE__COUNT
} IdRule;

/* One result type for every kind. All strings are NUL-terminated. */
typedef struct IdCheck {
	IdKind kind;
	IdRule failed;          /* ID_OK when valid */
	int position;           /* 1-based position the failure is about, 0 if none */
	int length;             /* characters found (ID_ERR_LENGTH) */
	int expected_length;    /* characters wanted (ID_ERR_LENGTH) */
	char bad_char[8];       /* the offending character, UTF-8 (ID_ERR_CHAR) */
	char found;             /* check character found (ID_ERR_CHECK / ORG_CHECK) */
	char expected_check;    /* check character computed; set whenever known */
	char normalized[32];    /* upper case, separators removed; the 18-character
	                           form of a 15-digit ID; 11 digits of a mobile */
	char area[7];           /* address or division code (persons, USCC) */
	char detail[16];        /* the value a message quotes: "1949-02-30", "840" */
	int birth_year, birth_month, birth_day; /* persons, when the date parsed */
	char sex;               /* 'M' or 'F' for persons, 0 otherwise */
	bool from_legacy15;     /* a 15-digit citizen ID was converted */
	int country;            /* foreign PR nationality, ISO 3166-1 numeric */
} IdCheck;

/* Checks. Each accepts lower case, ASCII or full-width characters, and
 * spaces or dashes between characters; each fills *r completely and returns
 * r->failed == ID_OK. Input may be NULL (treated as empty). */
bool id_check_citizen(const char *s, IdCheck *r);    /* 18 or 15 characters */
bool id_check_hmt_permit(const char *s, IdCheck *r);
bool id_check_foreign_pr(const char *s, IdCheck *r);
bool id_check_uscc(const char *s, IdCheck *r);
bool id_check_mobile(const char *s, IdCheck *r);     /* +86 / 86 / 0086 allowed */
/* Tell the kind from the shape, then run that kind's check. */
bool id_detect_and_check(const char *s, IdCheck *r);
/* Run the check for a known kind (ID_KIND_UNKNOWN: detect). */
bool id_check_kind(IdKind kind, const char *s, IdCheck *r);

/* Messages. The texts are fixed English msgids in a table (ids_msg.c), every
 * variable part passed as a %s argument (positional %1$s … allowed in a
 * translation). tr, when not NULL, translates each msgid and kind name
 * before formatting (pass gettext's wrapper). Writes at most n bytes. */
void id_message(const IdCheck *r, char *out, size_t n);
void id_message_tr(const IdCheck *r, char *out, size_t n, const char *(*tr)(const char *));
/* The untranslated msgid id_message would use for r, e.g.
 * "check digit is %1$s, expected %2$s". */
const char *id_message_msgid(const IdCheck *r);
/* English name of a kind ("citizen ID number"); a msgid too. */
const char *id_kind_name(IdKind kind);

/* Masking for lists and receipts: 110101********123X, 138****5678. The input
 * is normalized first; a USCC (public on a business licence) is left as is;
 * anything unrecognised keeps only its last 4 characters. */
void id_mask(const char *s, char *out, size_t n);

/* Check-character arithmetic, exposed for the generators and the tests. */
char id_mod11_2(const char *digits17);        /* '0'-'9' or 'X'; 0 if not digits */
char id_uscc_check(const char *first17);      /* MOD 31 character; 0 if bad */
char id_org_check(const char *body8);         /* GB 11714 character; 0 if bad */
/* Value 0-30 of a USCC character, or -1. */
int id_uscc_value(char c);

/* Generators of valid identifiers for test and demo data. out must hold 19
 * bytes (mobile: 12). Each returns false, out = "", when an argument is out
 * of range or would make an invalid identifier. */
bool id_make_citizen(const char *area, int y, int m, int d, int seq, char *out);
bool id_make_legacy15(const char *area, int y, int m, int d, int seq, char *out); /* 16 bytes */
bool id_make_hmt_permit(char region /* 'H', 'M' or 'T' */, int y, int m, int d, int seq, char *out);
bool id_make_foreign_pr(int province, int country, int y, int m, int d, int seq, char *out);
bool id_make_uscc(char authority, char category, const char *division, const char *org8, char *out);
bool id_make_mobile(int prefix3, long subscriber8, char *out);
/* Random valid identifiers from a caller-held PRNG state (any seed value),
 * so demo data is reproducible. Persons use current county codes. */
void id_random_citizen(uint64_t *state, char *out);
void id_random_uscc(uint64_t *state, char *out);
void id_random_mobile(uint64_t *state, char *out);
/* Next 64-bit value of that PRNG (splitmix64). */
uint64_t id_rand(uint64_t *state);

#endif
