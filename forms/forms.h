/* forms: the form engine (schema, field types, conditions, merge, prefill, state, payload), shared by client and server. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef YC_FORMS_H
#define YC_FORMS_H
#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>

#include "common/ids.h"

/* The shapes follow api/openapi.yaml: FormSchema, FormSection, FormField,
 * FieldLimits, FieldOption, Condition, FormValue(s), CaseForm, Override and
 * FieldError. Nothing here draws, talks to the network or translates: every
 * message is a fixed English msgid with string arguments (like ids.h), and
 * forms_error_message() formats it through the caller's translator.
 *
 * Paths: a field is named by its key ("applicant.name"); a cell of a table by
 * key, 0-based row and sub-field key ("members[2].id_number"). Schema
 * problems are named by their JSON path ("sections[1].fields[3].options"). */

/* ------------------------------------------------------------ errors */

/* What is wrong, as the contract's FieldError.code names it. */
typedef enum FormsCode {
	FORMS_E_REQUIRED = 0, FORMS_E_TYPE, FORMS_E_FORMAT, FORMS_E_TOO_SHORT, FORMS_E_TOO_LONG, FORMS_E_RANGE,
	FORMS_E_ENUM, FORMS_E_UNKNOWN, FORMS_E_CHECK_DIGIT, FORMS_E_PATTERN, FORMS_E_INVALID, FORMS_E_CODE__COUNT
} FormsCode;

enum { FORMS_MAX_ARGS = 5 };

/* One problem: a field value or a schema member. */
typedef struct FormsError {
	char *field;                 /* key path, or a schema's JSON path */
	FormsCode code;
	const char *msgid;           /* fixed English format; %1$s … %5$s */
	char *args[FORMS_MAX_ARGS];  /* owned; NULL past the last */
	bool has_id;                 /* an identifier check failed: the message is ids.h's */
	IdCheck id;
} FormsError;

typedef struct FormsErrors {
	FormsError *v;
	size_t n, cap;
} FormsErrors;

void forms_errors_init(FormsErrors *e);
void forms_errors_free(FormsErrors *e);   /* frees the entries; e can be reused */
/* The first error about exactly this path, or NULL. */
const FormsError *forms_errors_find(const FormsErrors *e, const char *field);
/* "required", "check_digit" … */
const char *forms_code_name(FormsCode c);
/* The message, translated by tr (NULL: English) then formatted with %s,
 * %N$s and %% only, so a bad translation cannot misbehave. */
void forms_error_message(const FormsError *err, char *out, size_t n, const char *(*tr)(const char *));
/* FieldError objects {field, code, message} (English when tr is NULL); each
 * field is prefix + path. Appended to *arr, created when NULL. */
void forms_errors_to_json(const FormsErrors *e, const char *prefix, const char *(*tr)(const char *), cJSON **arr);

/* ------------------------------------------------------------ schema */

typedef enum FormType {
	FORM_TEXT = 0, FORM_TEXTAREA, FORM_ID_NUMBER, FORM_USCC, FORM_PHONE, FORM_DATE, FORM_ENUM,
	FORM_MULTI, FORM_MONEY, FORM_INTEGER, FORM_DIVISION, FORM_ADDRESS, FORM_BOOL, FORM_TABLE,
	FORM_TYPE__COUNT
} FormType;

/* The limits a field's type takes; -1 / false / NULL when absent. */
typedef struct FormLimits {
	int min_length, max_length;  /* characters (code points) */
	int min_items, max_items;    /* multi: choices; table: rows */
	bool has_min, has_max;
	double min, max;             /* integer, money */
	char *min_date, *max_date;   /* "2026-01-01", "today", "today-18y" */
	char *pattern;               /* POSIX ERE the whole value matches (a merged field may carry more) */
} FormLimits;

typedef struct FormOption {
	char *value, *label;
} FormOption;

typedef struct FormCond FormCond;         /* a parsed Condition (cond.c) */
typedef struct FormPatterns FormPatterns; /* compiled patterns (private) */

typedef struct FormField FormField;
struct FormField {
	char *key, *label;
	FormType type;
	bool required;
	FormLimits limits;
	FormOption *options;
	size_t n_options;
	char *prefill;               /* "person.name", or NULL */
	char *help, *placeholder;    /* or NULL */
	cJSON *def;                  /* default value, or NULL */
	FormCond *visible_if, *required_if;
	FormField *fields;           /* table: the sub-fields of one row */
	size_t n_fields;
	size_t section;              /* index of its section (top-level fields) */
	FormPatterns *patterns;
};

typedef struct FormSection {
	char *key, *title, *description;
	FormCond *visible_if;
	FormField *fields;
	size_t n_fields;
} FormSection;

typedef struct FormRef {
	char *id;
	int version;
} FormRef;

/* Read-only once built; every string is owned by the schema. */
typedef struct FormSchema {
	char *id;                    /* merged forms: the ids joined with '+' */
	int version;
	char *title;
	char **matters;
	size_t n_matters;
	char *updated_at;
	FormSection *sections;
	size_t n_sections;
	FormRef *sources;            /* the forms it is made of (itself when not merged) */
	size_t n_sources;
	FormField **index;           /* every top-level field, in form order */
	size_t n_index;
	size_t *order;               /* private: index positions, what a field's visibility reads first */
} FormSchema;

/* Parse and check a FormSchema. Every problem goes into errs (may be NULL)
 * with its JSON path; NULL is returned when there was any. Never aborts on
 * bad input: a libFuzzer target can call it with any bytes. */
FormSchema *forms_schema_parse(const char *json, size_t len, FormsErrors *errs);
FormSchema *forms_schema_from_json(const cJSON *doc, FormsErrors *errs);
void forms_schema_free(FormSchema *s);
/* A top-level field by key, or NULL. Borrowed from the schema. */
const FormField *forms_field(const FormSchema *s, const char *key);
/* A table's sub-field by key, or NULL. */
const FormField *forms_subfield(const FormField *table, const char *key);
/* "text", "id_number" …; and back (false when unknown). */
const char *forms_type_name(FormType t);
bool forms_type_from_name(const char *name, FormType *t);

/* Merge (一表填报): one form asking each key once. Compatible duplicates
 * merge (required if any form requires it, the stricter limits, options
 * that agree); incompatible ones (another type, other options, another
 * prefill) are errors. Sections merge by key; order is the first form's,
 * new fields appended to their section. NULL (and errs) on conflict. */
FormSchema *forms_merge(const FormSchema *const *schemas, size_t n, FormsErrors *errs);

/* --------------------------------------------------------- field types */

/* The JSON value for what the clerk typed: normalized when valid for the
 * type (ID numbers upper case and 18 characters, mobiles 11 digits, money
 * two decimals, dates YYYY-MM-DD, integers and booleans as JSON, enum labels
 * to their values, multi a list), else the text as typed so nothing is lost.
 * NULL for empty text. Caller deletes. */
cJSON *forms_value_from_text(const FormField *f, const char *text);
/* Text to show or edit for a value (multi: values joined with ", "; table:
 * ""). Caller frees; never NULL. */
char *forms_value_text(const FormField *f, const cJSON *v);
/* Check a non-empty value against the field's type and limits (not
 * required-ness, not visibility). today is "YYYY-MM-DD" or NULL for the
 * local date. Returns the number of errors added. */
size_t forms_check_value(const FormField *f, const cJSON *v, const char *path, const char *today, FormsErrors *errs);
/* NULL, JSON null, "" (or only spaces), [] count as empty. */
bool forms_value_empty(const cJSON *v);

/* ------------------------------------------------------------- state */

typedef struct FormState FormState;

/* Result of changing a value. */
typedef enum FormsRc {
	FORMS_OK = 0,
	FORMS_INVALID,        /* stored, but the value has errors (see errs) */
	FORMS_NO_FIELD,       /* no such key, row or sub-field */
	FORMS_WRONG_KIND,     /* e.g. text for a table, a row of a non-table */
	FORMS_LOCKED,         /* an authoritative prefilled value: override it */
	FORMS_NO_REASON,      /* an override needs a reason of 2 to 500 characters */
	FORMS_NOT_PREFILLED,  /* override / revert of a field without prefill */
} FormsRc;
/* An English msgid for a result, e.g. "this value comes from %1$s and is locked". */
const char *forms_rc_msgid(FormsRc rc);

/* A state borrows its schema, which must outlive it. Defaults are set. */
FormState *forms_state_new(const FormSchema *s);
void forms_state_free(FormState *st);
const FormSchema *forms_state_schema(const FormState *st);
/* Fix "today" for date limits and relative dates ("YYYY-MM-DD"; NULL: the
 * local date when checked). */
void forms_state_set_today(FormState *st, const char *ymd);

/* Set a field or cell from typed text (see forms_value_from_text); the
 * value's own errors as typed (type and limits, not required) go to errs. */
FormsRc forms_set_text(FormState *st, const char *path, const char *text, FormsErrors *errs);
/* Set any value (copied): a multi's list, a table's rows, a bool. */
FormsRc forms_set_value(FormState *st, const char *path, const cJSON *v, FormsErrors *errs);
FormsRc forms_clear(FormState *st, const char *path);
/* Add or remove value in a multi field's choices. */
FormsRc forms_multi_toggle(FormState *st, const char *key, const char *value);
/* Table rows: append an empty row (returns its index, or -1), remove one. */
int forms_row_add(FormState *st, const char *key);
FormsRc forms_row_remove(FormState *st, const char *key, size_t row);
size_t forms_row_count(const FormState *st, const char *key);
/* The stored value (borrowed, NULL when empty), or its text (caller frees). */
const cJSON *forms_get(const FormState *st, const char *path);
char *forms_get_text(const FormState *st, const char *path);

/* Changed since forms_mark_clean (any change: typed, prefilled, loaded). */
bool forms_is_dirty(const FormState *st, const char *key);
bool forms_any_dirty(const FormState *st);
void forms_mark_clean(FormState *st);
/* Counts every change; a draft saver compares it. */
unsigned long forms_generation(const FormState *st);

/* Conditions over the current values (a hidden field counts as empty). */
bool forms_visible(const FormState *st, const char *path);
bool forms_required(const FormState *st, const char *path); /* visible and required(_if) */
/* Errors of one field (a table: all its rows) or of the whole form; hidden
 * fields are skipped. Return the number added. */
size_t forms_validate_field(const FormState *st, const char *path, FormsErrors *errs);
size_t forms_validate_all(const FormState *st, FormsErrors *errs);

/* ----------------------------------------------------------- prefill */

/* Where a prefilled value came from. */
typedef struct FormsProvenance {
	char *source;        /* "上海市人口综合库" */
	char *as_of;         /* RFC 3339 */
	bool authoritative;  /* locked until overridden with a reason */
	cJSON *original;     /* the value as the source gave it (normalized) */
} FormsProvenance;

/* Fill the fields whose prefill path starts with source ("person",
 * "entity", "license", "proof", "credit") from that answer: a Person, an
 * Entity, a CreditReport, a LicensePage / ProofPage or an array of them.
 * Paths: person.name, entity.legal_rep.name, license.<type>.<member or data
 * key>, proof.<type>.<member or data key>, credit.<member>. Authoritative
 * values replace what is there and lock the field; others fill empty fields
 * only. A missing or null source value leaves the field alone. Returns the
 * number of fields filled. */
int forms_prefill(FormState *st, const char *source, const cJSON *doc);
/* The field's provenance, or NULL when it was not prefilled. */
const FormsProvenance *forms_provenance(const FormState *st, const char *key);
bool forms_locked(const FormState *st, const char *key);
/* Change a locked field: reason of 2-500 characters (trimmed). The field
 * stays editable after; the Override travels with the case while its value
 * differs from the original. */
FormsRc forms_override(FormState *st, const char *key, const char *text, const char *reason, FormsErrors *errs);
const char *forms_override_reason(const FormState *st, const char *key); /* or NULL */
/* Back to the prefilled original, locked again, override dropped. */
FormsRc forms_revert(FormState *st, const char *key);
/* A syntactically valid prefill path with a known source. */
bool forms_prefill_path_ok(const char *path);

/* ------------------------------------------------------ payloads, drafts */

/* CaseForm {forms:[{id,version}], values:{…}}: visible, non-empty values
 * only (hidden fields and hidden cells dropped). Caller deletes. */
cJSON *forms_case_form(const FormState *st);
/* Override[] {field, value, original, source, as_of, reason}. */
cJSON *forms_overrides_json(const FormState *st);
/* A draft: {form: CaseForm with every value (hidden too), overrides,
 * prefill: {key: {source, as_of, authoritative, original}}}. */
cJSON *forms_draft_json(const FormState *st);
/* Load a draft or {form, overrides}. Values are kept even when invalid;
 * unknown keys and a form list other than the schema's are reported in errs
 * but do not stop the load. False when doc is not an object with a form. */
bool forms_load(FormState *st, const cJSON *doc, FormsErrors *errs);

/* Server side. Check submitted values (FormValues) against the schema:
 * unknown keys, types, limits, required(_if) under the conditions; values
 * of hidden fields are ignored. today as above. Errors have key paths. */
size_t forms_check_payload(const FormSchema *s, const cJSON *values, const char *today, FormsErrors *errs);
/* The same as FieldError objects (English) appended to *errors; returns
 * the number added. */
size_t forms_validate_payload(const FormSchema *s, const cJSON *values, cJSON **errors);
/* A whole CaseCreate's form and overrides: the forms list must be the
 * schema's sources, values as above, each override on a known field with a
 * reason of 2-500 characters and the submitted value. Fields are body
 * paths: "form.values.applicant.name", "overrides[0].reason". */
size_t forms_validate_case(const FormSchema *s, const cJSON *form, const cJSON *overrides, const char *today,
                           cJSON **errors);

#endif
