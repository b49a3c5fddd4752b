/* forms_int: what the form engine files share among themselves (not a public interface). */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef YC_FORMS_INT_H
#define YC_FORMS_INT_H
#include "forms/forms.h"
#include <regex.h>
#include <stdint.h>

/* ---------------------------------------------------------- messages */

/* Every message of the engine; the table in msg.c gives its code and msgid. */
typedef enum FormsMsg {
	/* values */
	M_REQUIRED, M_TYPE_STRING, M_TYPE_INTEGER, M_TYPE_BOOL, M_TYPE_LIST, M_TYPE_ROWS, M_TYPE_ROW,
	M_BAD_UTF8, M_CONTROL, M_TOO_SHORT, M_TOO_LONG, M_PATTERN, M_NOT_INTEGER, M_MIN, M_MAX,
	M_MONEY_FORMAT, M_MONEY_DECIMALS, M_DATE_FORMAT, M_DATE_REAL, M_DATE_MIN, M_DATE_MAX,
	M_ENUM, M_DUP_CHOICE, M_MIN_ITEMS, M_MAX_ITEMS, M_MIN_ROWS, M_MAX_ROWS,
	M_DIV_FORMAT, M_DIV_UNKNOWN, M_DIV_FORMER, M_ID_IS_USCC, M_ID_IS_MOBILE,
	M_UNKNOWN_FIELD, M_UNKNOWN_COLUMN, M_REASON_SHORT, M_REASON_LONG, M_OVERRIDE_VALUE,
	M_OVERRIDE_DUP, M_FORMS_MISMATCH, M_NOT_OBJECT, M_NOT_ARRAY,
	/* schemas */
	S_JSON, S_MISSING, S_UNKNOWN_MEMBER, S_NOT_STRING, S_EMPTY_STRING, S_NOT_INT, S_NOT_BOOL,
	S_NOT_ARRAY, S_NOT_OBJECT, S_NOT_NUMBER, S_EMPTY_ARRAY, S_BAD_KEY, S_BAD_ID, S_BAD_VERSION,
	S_BAD_TIME, S_BAD_MATTER, S_BAD_HELP, S_TYPE, S_DUP_KEY, S_DUP_SECTION, S_DUP_OPTION,
	S_NEEDS_OPTIONS, S_NO_OPTIONS, S_NEEDS_FIELDS, S_NO_FIELDS, S_NESTED, S_LIMIT_TYPE,
	S_LIMIT_ORDER, S_LIMIT_NEG, S_REGEX, S_REGEX_LONG, S_DATE_SPEC, S_PREFILL, S_PREFILL_TYPE,
	S_COND_SHAPE, S_COND_OP, S_COND_NEEDS_VALUE, S_COND_NO_VALUE, S_COND_LIST, S_COND_SCALAR,
	S_COND_DEPTH, S_TOO_MANY, S_COND_REF, S_COND_FIELD_OP, S_COND_OPTION, S_COND_VALUE_TYPE, S_CYCLE,
	S_MERGE_TYPE, S_MERGE_OPTIONS, S_MERGE_PREFILL, S_MERGE_LIMITS, S_MERGE_VERSION, S_MERGE_NONE,
	M__COUNT
} FormsMsg;

/* Add an error: nargs string arguments follow (NULL ones become ""). */
void ferr(FormsErrors *e, const char *field, FormsMsg m, int nargs, ...);
/* Add an identifier check failure (message and code from r). */
void ferr_id(FormsErrors *e, const char *field, const IdCheck *r);
/* The msgid of a message (tests and messages of results). */
const char *forms_msgid(FormsMsg m);

/* "base.member" (or "member" when base is empty); "base[i]". Caller frees. */
char *path_member(const char *base, const char *member);
char *path_index(const char *base, size_t i);

/* ------------------------------------------------------------- text */

/* Code points in a UTF-8 string (a bad byte counts as one). */
size_t utf8_chars(const char *s);
/* A copy without leading and trailing white space (ASCII and U+3000). */
char *trim_dup(const char *s);
/* 0 when s is clean UTF-8 without controls (newline and tab allowed when
 * multiline), else M_BAD_UTF8 or M_CONTROL. */
FormsMsg text_problem(const char *s, bool multiline);
/* An override reason: 2 to 500 characters once trimmed. 0 or the message. */
FormsMsg reason_problem(const char *reason);

/* ------------------------------------------------------------- dates */

typedef struct FormsDay {
	int y, m, d;
} FormsDay;

/* Strict "YYYY-MM-DD" of a real date. */
bool day_parse(const char *s, FormsDay *out);
void day_format(FormsDay d, char out[11]);
int day_cmp(FormsDay a, FormsDay b);
/* "YYYY-MM-DD", "today", "today+30d", "today-18y", "today-6m": syntax only. */
bool day_spec_ok(const char *spec);
/* Resolve a spec against today (months and years clamp the day). */
bool day_spec_resolve(const char *spec, FormsDay today, FormsDay *out);
/* today from a "YYYY-MM-DD" override, else the local date. */
FormsDay day_today(const char *override);

/* ------------------------------------------------------- field types */

enum { LIM_LENGTH = 1, LIM_PATTERN = 2, LIM_RANGE = 4, LIM_DATES = 8, LIM_ITEMS = 16 };

/* One row of the field type table (fieldtype.c). */
typedef struct FormTypeInfo {
	const char *name;
	unsigned limits;        /* LIM_* the type takes */
	bool options;           /* needs options */
	bool prefill;           /* can be prefilled */
	/* JSON value for typed text (non-empty, trimmed). */
	cJSON *(*from_text)(const FormField *f, const char *text);
	/* Errors of a non-empty value; returns the number added. */
	size_t (*check)(const FormField *f, const cJSON *v, const char *path, FormsDay today, FormsErrors *e);
} FormTypeInfo;

const FormTypeInfo *ftype(FormType t);

/* The type functions, one family per file. */
cJSON *ft_text_from_text(const FormField *f, const char *text);
size_t ft_text_check(const FormField *f, const cJSON *v, const char *path, FormsDay today, FormsErrors *e);
cJSON *ft_id_from_text(const FormField *f, const char *text);
size_t ft_id_check(const FormField *f, const cJSON *v, const char *path, FormsDay today, FormsErrors *e);
cJSON *ft_uscc_from_text(const FormField *f, const char *text);
size_t ft_uscc_check(const FormField *f, const cJSON *v, const char *path, FormsDay today, FormsErrors *e);
cJSON *ft_phone_from_text(const FormField *f, const char *text);
size_t ft_phone_check(const FormField *f, const cJSON *v, const char *path, FormsDay today, FormsErrors *e);
cJSON *ft_division_from_text(const FormField *f, const char *text);
size_t ft_division_check(const FormField *f, const cJSON *v, const char *path, FormsDay today, FormsErrors *e);
cJSON *ft_date_from_text(const FormField *f, const char *text);
size_t ft_date_check(const FormField *f, const cJSON *v, const char *path, FormsDay today, FormsErrors *e);
cJSON *ft_money_from_text(const FormField *f, const char *text);
size_t ft_money_check(const FormField *f, const cJSON *v, const char *path, FormsDay today, FormsErrors *e);
cJSON *ft_integer_from_text(const FormField *f, const char *text);
size_t ft_integer_check(const FormField *f, const cJSON *v, const char *path, FormsDay today, FormsErrors *e);
cJSON *ft_enum_from_text(const FormField *f, const char *text);
size_t ft_enum_check(const FormField *f, const cJSON *v, const char *path, FormsDay today, FormsErrors *e);
cJSON *ft_multi_from_text(const FormField *f, const char *text);
size_t ft_multi_check(const FormField *f, const cJSON *v, const char *path, FormsDay today, FormsErrors *e);
cJSON *ft_bool_from_text(const FormField *f, const char *text);
size_t ft_bool_check(const FormField *f, const cJSON *v, const char *path, FormsDay today, FormsErrors *e);
cJSON *ft_table_from_text(const FormField *f, const char *text);
size_t ft_table_check(const FormField *f, const cJSON *v, const char *path, FormsDay today, FormsErrors *e);

/* Money as cents: "1200.5" → 120050; false when not digits[.d[d]] (≤ 13 + 2). */
bool money_cents(const char *s, long long *cents);
/* The option whose value is s, or NULL. */
const FormOption *option_find(const FormField *f, const char *value);
/* Length and pattern limits of a string value. */
size_t check_length_pattern(const FormField *f, const char *s, const char *path, FormsErrors *e);

/* ---------------------------------------------------------- patterns */

struct FormPatterns {
	size_t n;
	char **src;
	regex_t *re;
};
enum { PATTERN_MAX = 512 };
/* Compile a pattern and add it; false (errbuf filled) when it does not compile. */
bool patterns_add(FormPatterns **p, const char *src, char *errbuf, size_t n);
bool patterns_has(const FormPatterns *p, const char *src);
bool patterns_match(const FormPatterns *p, const char *s);
void patterns_free(FormPatterns *p);

/* -------------------------------------------------------- conditions */

enum { COND_MAX_DEPTH = 16 };

/* Parse a Condition (syntax only; references are checked by cond_check). */
FormCond *cond_parse(const cJSON *j, const char *path, int depth, FormsErrors *e);
void cond_free(FormCond *c);
FormCond *cond_clone(const FormCond *c);
cJSON *cond_to_json(const FormCond *c);
/* Resolve a referenced key to its field (NULL: unknown). */
typedef const FormField *(*CondResolve)(void *ctx, const char *key);
void cond_check(const FormCond *c, const char *path, CondResolve resolve, void *ctx, FormsErrors *e);
/* Call fn for every key the condition reads. */
void cond_refs(const FormCond *c, void (*fn)(void *ctx, const char *key), void *ctx);
/* The effective value of a key (NULL when empty or hidden) and its field. */
typedef const cJSON *(*CondLookup)(void *ctx, const char *key, const FormField **f);
bool cond_eval(const FormCond *c, CondLookup get, void *ctx, FormsDay today);
/* any (or all) of n conditions, which it takes; n == 1 gives the one back. */
FormCond *cond_group(bool any, FormCond **kids, size_t n);
bool cond_equal(const FormCond *a, const FormCond *b);

/* ------------------------------------------------- fields and schemas */

/* Sizes a schema may not exceed: real forms stay far below, and the checks
 * of duplicates stay cheap on hostile input. */
enum { MAX_SECTIONS = 200, MAX_FIELDS = 2000, MAX_COLUMNS = 200, MAX_OPTIONS = 5000 };
/* False (and reported at path) when array j has more than max items. */
bool count_ok(const cJSON *j, int max, const char *path, FormsErrors *e);

/* Reading schema JSON: each problem is reported at path.name. */
enum { GS_REQUIRED = 1, GS_NONEMPTY = 2 };
/* Report members not in names (NULL-terminated); false when any. */
bool members_ok(const cJSON *obj, const char *const *names, const char *path, FormsErrors *e);
/* A string member, or NULL (reported when required, or not a string). */
const char *get_str(const cJSON *obj, const char *name, const char *path, int flags, FormsErrors *e);
/* Parse a FormField at path into f (zeroed by the caller); in_table for a
 * table's sub-field. Best effort: problems go to e. */
void field_parse(FormField *f, const cJSON *j, const char *path, bool in_table, FormsErrors *e);

void limits_init(FormLimits *l);
void field_free(FormField *f);                       /* members, not f */
void field_clone(FormField *dst, const FormField *src);
void section_free(FormSection *s);
/* Number fields, fill index and section numbers (after parse or merge). */
void schema_index(FormSchema *s);
/* References, condition operands and visibility cycles; errors added.
 * Also sets s->order. */
void schema_check_conditions(FormSchema *s, FormsErrors *e);
/* Merge the definition src (form src_form) into dst (form dst_form): type,
 * options and prefill must agree; limits become the stricter; a table's
 * columns merge by key. Conflicts are reported at path. */
void field_merge(FormField *dst, const char *dst_form, const FormField *src, const char *src_form, const char *path,
                 FormsErrors *e);
/* Index of a top-level key, or -1. */
long schema_find(const FormSchema *s, const char *key);
bool key_ok(const char *key);

/* ------------------------------------------------------------- state */

typedef struct Entry {
	cJSON *value;            /* NULL when empty */
	bool dirty;
	bool has_prov;
	FormsProvenance prov;
	char *reason;            /* override reason, or NULL */
} Entry;

struct FormState {
	const FormSchema *schema;
	Entry *e;                /* parallel to schema->index */
	unsigned long gen;
	char today[11];          /* "" for the local date */
};

/* A parsed path: field index, and for a cell the row and sub-field. */
typedef struct FPath {
	size_t idx;
	const FormField *f;
	bool cell;
	size_t row;
	const FormField *sub;
} FPath;
/* False when the key, sub-field or syntax is wrong (rows are not checked). */
bool fpath_parse(const FormSchema *s, const char *path, FPath *p);
/* Store v (taken) as the entry's value; marks dirty. */
void state_store(FormState *st, size_t idx, cJSON *v);
bool value_equal(const cJSON *a, const cJSON *b);
/* A locked entry: authoritative prefill, no override reason. */
bool entry_locked(const Entry *en);

/* Report (at field) a forms list [{id, version}] other than s's sources. */
void forms_refs_check(const FormSchema *s, const cJSON *refs, const char *field, FormsErrors *e);
/* A state with or without the schema's defaults. */
FormState *state_alloc(const FormSchema *s, bool defaults);
void prov_free(FormsProvenance *p);

/* Visibility over one snapshot of the values, memoized. */
typedef struct VisPass {
	const FormState *st;
	signed char *memo;
	FormsDay today;
} VisPass;
void vis_begin(VisPass *vp, const FormState *st);
void vis_end(VisPass *vp);
bool vis_field(VisPass *vp, size_t idx);
bool vis_required(VisPass *vp, size_t idx);
bool vis_cell(VisPass *vp, size_t idx, size_t row, const FormField *sub);
bool vis_cell_required(VisPass *vp, size_t idx, size_t row, const FormField *sub);
/* One row of a table under a pass, with its own memo of column visibility. */
typedef struct RowVis {
	VisPass *vp;
	const FormField *table;
	const cJSON *row;
	signed char *memo;
} RowVis;
void rowvis_begin(RowVis *rv, VisPass *vp, size_t idx, const cJSON *row);
void rowvis_end(RowVis *rv);
bool rowvis_visible(RowVis *rv, size_t k);
bool rowvis_required(RowVis *rv, size_t k);
/* Errors of one visible field (all rows of a table) under the pass. */
size_t validate_entry(VisPass *vp, size_t idx, FormsErrors *e);

#endif
