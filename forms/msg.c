/* msg: the engine's English messages (msgids) with their FieldError codes, the error list, and a safe formatter. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "common/safefmt.h"
#include "common/text.h"
#include "forms/forms_int.h"
#include "common/xalloc.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Marks a msgid for xgettext (-kN_) without translating it here. */
#define N_(s) (s)

/* Codes as the contract spells them. */
static const char *const code_names[FORMS_E_CODE__COUNT] = {
	[FORMS_E_REQUIRED] = "required", [FORMS_E_TYPE] = "type", [FORMS_E_FORMAT] = "format",
	[FORMS_E_TOO_SHORT] = "too_short", [FORMS_E_TOO_LONG] = "too_long", [FORMS_E_RANGE] = "range",
	[FORMS_E_ENUM] = "enum", [FORMS_E_UNKNOWN] = "unknown", [FORMS_E_CHECK_DIGIT] = "check_digit",
	[FORMS_E_PATTERN] = "pattern", [FORMS_E_INVALID] = "invalid",
};

/* The message table: code and fixed English text of each message. Schema
 * problems are all "invalid": they are the schema author's, not the clerk's. */
static const struct {
	FormsCode code;
	const char *msgid;
} messages[M__COUNT] = {
	[M_REQUIRED] = { FORMS_E_REQUIRED, N_("this field is required") },
	[M_TYPE_STRING] = { FORMS_E_TYPE, N_("expected text") },
	[M_TYPE_INTEGER] = { FORMS_E_TYPE, N_("expected a whole number") },
	[M_TYPE_BOOL] = { FORMS_E_TYPE, N_("expected yes or no") },
	[M_TYPE_LIST] = { FORMS_E_TYPE, N_("expected a list of choices") },
	[M_TYPE_ROWS] = { FORMS_E_TYPE, N_("expected a list of rows") },
	[M_TYPE_ROW] = { FORMS_E_TYPE, N_("a row must be an object of columns") },
	[M_BAD_UTF8] = { FORMS_E_INVALID, N_("not valid UTF-8 text") },
	[M_CONTROL] = { FORMS_E_INVALID, N_("contains a control character") },
	[M_TOO_SHORT] = { FORMS_E_TOO_SHORT, N_("at least %1$s characters") },
	[M_TOO_LONG] = { FORMS_E_TOO_LONG, N_("at most %1$s characters") },
	[M_PATTERN] = { FORMS_E_PATTERN, N_("not in the required format") },
	[M_NOT_INTEGER] = { FORMS_E_FORMAT, N_("%1$s is not a whole number") },
	[M_MIN] = { FORMS_E_RANGE, N_("at least %1$s") },
	[M_MAX] = { FORMS_E_RANGE, N_("at most %1$s") },
	[M_MONEY_FORMAT] = { FORMS_E_FORMAT, N_("%1$s is not an amount in yuan") },
	[M_MONEY_DECIMALS] = { FORMS_E_FORMAT, N_("%1$s has more than 2 decimals") },
	[M_DATE_FORMAT] = { FORMS_E_FORMAT, N_("%1$s is not a date (YYYY-MM-DD)") },
	[M_DATE_REAL] = { FORMS_E_INVALID, N_("%1$s is not a real date") },
	[M_DATE_MIN] = { FORMS_E_RANGE, N_("on or after %1$s") },
	[M_DATE_MAX] = { FORMS_E_RANGE, N_("on or before %1$s") },
	[M_ENUM] = { FORMS_E_ENUM, N_("%1$s is not one of the choices") },
	[M_DUP_CHOICE] = { FORMS_E_INVALID, N_("%1$s is chosen twice") },
	[M_MIN_ITEMS] = { FORMS_E_TOO_SHORT, N_("choose at least %1$s") },
	[M_MAX_ITEMS] = { FORMS_E_TOO_LONG, N_("choose at most %1$s") },
	[M_MIN_ROWS] = { FORMS_E_TOO_SHORT, N_("at least %1$s rows") },
	[M_MAX_ROWS] = { FORMS_E_TOO_LONG, N_("at most %1$s rows") },
	[M_DIV_FORMAT] = { FORMS_E_FORMAT, N_("a division code has 6 digits, not %1$s") },
	[M_DIV_UNKNOWN] = { FORMS_E_INVALID, N_("%1$s is not a GB/T 2260 division code") },
	[M_DIV_FORMER] = { FORMS_E_INVALID, N_("%1$s is a former division code, no longer in use") },
	[M_ID_IS_USCC] = { FORMS_E_FORMAT, N_("this is a unified social credit code, not an identity document number") },
	[M_ID_IS_MOBILE] = { FORMS_E_FORMAT, N_("this is a mobile number, not an identity document number") },
	[M_UNKNOWN_FIELD] = { FORMS_E_UNKNOWN, N_("not a field of this form") },
	[M_UNKNOWN_COLUMN] = { FORMS_E_UNKNOWN, N_("not a column of this table") },
	[M_REASON_SHORT] = { FORMS_E_TOO_SHORT, N_("an override needs a reason of at least 2 characters") },
	[M_REASON_LONG] = { FORMS_E_TOO_LONG, N_("an override reason has at most 500 characters") },
	[M_OVERRIDE_VALUE] = { FORMS_E_INVALID, N_("the override's value is not the value submitted") },
	[M_OVERRIDE_DUP] = { FORMS_E_INVALID, N_("field %1$s is overridden twice") },
	[M_FORMS_MISMATCH] = { FORMS_E_INVALID, N_("the forms are %1$s, expected %2$s") },
	[M_NOT_OBJECT] = { FORMS_E_TYPE, N_("expected an object") },
	[M_NOT_ARRAY] = { FORMS_E_TYPE, N_("expected a list") },

	[S_JSON] = { FORMS_E_INVALID, N_("not valid JSON") },
	[S_MISSING] = { FORMS_E_INVALID, N_("missing") },
	[S_UNKNOWN_MEMBER] = { FORMS_E_INVALID, N_("unknown member") },
	[S_NOT_STRING] = { FORMS_E_INVALID, N_("must be a string") },
	[S_EMPTY_STRING] = { FORMS_E_INVALID, N_("must not be empty") },
	[S_NOT_INT] = { FORMS_E_INVALID, N_("must be an integer") },
	[S_NOT_BOOL] = { FORMS_E_INVALID, N_("must be true or false") },
	[S_NOT_ARRAY] = { FORMS_E_INVALID, N_("must be an array") },
	[S_NOT_OBJECT] = { FORMS_E_INVALID, N_("must be an object") },
	[S_NOT_NUMBER] = { FORMS_E_INVALID, N_("must be a number") },
	[S_EMPTY_ARRAY] = { FORMS_E_INVALID, N_("must not be an empty list") },
	[S_BAD_KEY] = { FORMS_E_INVALID, N_("%1$s is not a valid key") },
	[S_BAD_ID] = { FORMS_E_INVALID, N_("%1$s is not a valid form id") },
	[S_BAD_VERSION] = { FORMS_E_INVALID, N_("must be a whole number from 1") },
	[S_BAD_TIME] = { FORMS_E_INVALID, N_("%1$s is not an RFC 3339 time") },
	[S_BAD_MATTER] = { FORMS_E_INVALID, N_("%1$s is not a matter code") },
	[S_BAD_HELP] = { FORMS_E_INVALID, N_("%1$s is not a knowledge-base article id") },
	[S_TYPE] = { FORMS_E_INVALID, N_("unknown field type %1$s") },
	[S_DUP_KEY] = { FORMS_E_INVALID, N_("duplicate key %1$s (first at %2$s)") },
	[S_DUP_SECTION] = { FORMS_E_INVALID, N_("duplicate section key %1$s (first at %2$s)") },
	[S_DUP_OPTION] = { FORMS_E_INVALID, N_("duplicate option %1$s") },
	[S_NEEDS_OPTIONS] = { FORMS_E_INVALID, N_("%1$s field needs options") },
	[S_NO_OPTIONS] = { FORMS_E_INVALID, N_("options apply only to enum and multi fields") },
	[S_NEEDS_FIELDS] = { FORMS_E_INVALID, N_("a table field needs fields") },
	[S_NO_FIELDS] = { FORMS_E_INVALID, N_("fields apply only to table fields") },
	[S_NESTED] = { FORMS_E_INVALID, N_("tables cannot be nested") },
	[S_LIMIT_TYPE] = { FORMS_E_INVALID, N_("limit %1$s does not apply to %2$s fields") },
	[S_LIMIT_ORDER] = { FORMS_E_INVALID, N_("%1$s is greater than %2$s") },
	[S_LIMIT_NEG] = { FORMS_E_INVALID, N_("must be at least %1$s") },
	[S_REGEX] = { FORMS_E_INVALID, N_("bad regular expression: %1$s") },
	[S_REGEX_LONG] = { FORMS_E_INVALID, N_("regular expression longer than %1$s characters") },
	[S_DATE_SPEC] = { FORMS_E_INVALID, N_("%1$s is not a date (YYYY-MM-DD) or today, today-18y, today+30d") },
	[S_PREFILL] = { FORMS_E_INVALID, N_("%1$s is not a prefill path (person., entity., license., proof., credit.)") },
	[S_PREFILL_TYPE] = { FORMS_E_INVALID, N_("%1$s fields cannot be prefilled") },
	[S_COND_SHAPE] = { FORMS_E_INVALID, N_("a condition has field and op, or one of all, any, not") },
	[S_COND_OP] = { FORMS_E_INVALID, N_("unknown operator %1$s") },
	[S_COND_NEEDS_VALUE] = { FORMS_E_INVALID, N_("operator %1$s needs a value") },
	[S_COND_NO_VALUE] = { FORMS_E_INVALID, N_("operator %1$s takes no value") },
	[S_COND_LIST] = { FORMS_E_INVALID, N_("operator %1$s needs a list") },
	[S_COND_SCALAR] = { FORMS_E_INVALID, N_("operator %1$s needs a single value") },
	[S_COND_DEPTH] = { FORMS_E_INVALID, N_("conditions nested deeper than %1$s") },
	[S_TOO_MANY] = { FORMS_E_INVALID, N_("more than %1$s entries") },
	[S_COND_REF] = { FORMS_E_INVALID, N_("refers to unknown field %1$s") },
	[S_COND_FIELD_OP] = { FORMS_E_INVALID, N_("operator %1$s does not apply to %2$s field %3$s") },
	[S_COND_OPTION] = { FORMS_E_INVALID, N_("%1$s is not an option of %2$s") },
	[S_COND_VALUE_TYPE] = { FORMS_E_INVALID, N_("the value does not suit %1$s field %2$s") },
	[S_CYCLE] = { FORMS_E_INVALID, N_("visible_if conditions form a cycle through %1$s") },
	[S_MERGE_TYPE] = { FORMS_E_INVALID, N_("field %1$s is %2$s in form %3$s but %4$s in form %5$s") },
	[S_MERGE_OPTIONS] = { FORMS_E_INVALID, N_("field %1$s has other options in form %2$s than in form %3$s") },
	[S_MERGE_PREFILL] = { FORMS_E_INVALID, N_("field %1$s is prefilled from %2$s in form %3$s but from %4$s in form %5$s") },
	[S_MERGE_LIMITS] = { FORMS_E_INVALID, N_("field %1$s: %2$s is greater than %3$s once merged") },
	[S_MERGE_VERSION] = { FORMS_E_INVALID, N_("form %1$s is given in versions %2$s and %3$s") },
	[S_MERGE_NONE] = { FORMS_E_INVALID, N_("no form to merge") },
};

/* Messages of set/override results. */
static const char *const rc_msgids[] = {
	[FORMS_OK] = "",
	[FORMS_INVALID] = N_("the value has errors"),
	[FORMS_NO_FIELD] = N_("no such field"),
	[FORMS_WRONG_KIND] = N_("this field does not take that kind of value"),
	[FORMS_LOCKED] = N_("this value comes from an authoritative source and is locked: override it with a reason"),
	[FORMS_NO_REASON] = N_("an override needs a reason of 2 to 500 characters"),
	[FORMS_NOT_PREFILLED] = N_("this field was not prefilled"),
};

/* Which contract code an identifier failure is: a wrong check character
 * is check_digit, a wrong shape format, a wrong fact (date, area) invalid. */
static const FormsCode id_codes[ID_RULE__COUNT] = {
	[ID_OK] = FORMS_E_INVALID, [ID_ERR_EMPTY] = FORMS_E_REQUIRED, [ID_ERR_SHAPE] = FORMS_E_FORMAT,
	[ID_ERR_LENGTH] = FORMS_E_FORMAT, [ID_ERR_CHAR] = FORMS_E_FORMAT, [ID_ERR_DATE] = FORMS_E_INVALID,
	[ID_ERR_DATE_FUTURE] = FORMS_E_INVALID, [ID_ERR_DATE_EARLY] = FORMS_E_INVALID,
	[ID_ERR_AREA] = FORMS_E_INVALID, [ID_ERR_AREA_LEVEL] = FORMS_E_INVALID,
	[ID_ERR_HMT_PREFIX] = FORMS_E_FORMAT, [ID_ERR_PROVINCE] = FORMS_E_INVALID,
	[ID_ERR_COUNTRY] = FORMS_E_INVALID, [ID_ERR_AUTHORITY] = FORMS_E_INVALID,
	[ID_ERR_ORG_CHECK] = FORMS_E_CHECK_DIGIT, [ID_ERR_CHECK] = FORMS_E_CHECK_DIGIT,
	[ID_ERR_PREFIX] = FORMS_E_FORMAT, [ID_ERR_DIAL_CODE] = FORMS_E_FORMAT,
};

const char *forms_code_name(FormsCode c)
{
	return (int)c >= 0 && c < FORMS_E_CODE__COUNT ? code_names[c] : "invalid";
}

const char *forms_msgid(FormsMsg m)
{
	return (int)m >= 0 && m < M__COUNT ? messages[m].msgid : "";
}

const char *forms_rc_msgid(FormsRc rc)
{
	return (int)rc >= 0 && (size_t)rc < sizeof rc_msgids / sizeof rc_msgids[0] ? rc_msgids[rc] : "";
}

void forms_errors_init(FormsErrors *e)
{
	e->v = NULL;
	e->n = e->cap = 0;
}

void forms_errors_free(FormsErrors *e)
{
	if (!e)
		return;
	for (size_t i = 0; i < e->n; i++) {
		free(e->v[i].field);
		for (int a = 0; a < FORMS_MAX_ARGS; a++)
			free(e->v[i].args[a]);
	}
	free(e->v);
	forms_errors_init(e);
}

/* A copy of s that is valid UTF-8: each invalid sequence becomes U+FFFD.
 * Error fields and arguments quote what a request sent, and the messages
 * made of them go out as JSON (found by tests/fuzz). */
static char *utf8_copy(const char *s)
{
	size_t n = strlen(s), o = 0;
	char *out = xmalloc(n * 3 + 1);
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t len = text_utf8_decode(s + i, n - i, &cp);
		if (cp == 0xFFFD && !(len == 3 && memcmp(s + i, "\xEF\xBF\xBD", 3) == 0)) {
			o += text_utf8_encode(cp, out + o);
		} else {
			memcpy(out + o, s + i, len);
			o += len;
		}
		i += len;
	}
	out[o] = '\0';
	return out;
}

/* A fresh zeroed entry at the end of the list. */
static FormsError *push(FormsErrors *e, const char *field)
{
	if (e->n == e->cap) {
		e->cap = e->cap ? e->cap * 2 : 8;
		e->v = xrealloc(e->v, e->cap * sizeof *e->v);
	}
	FormsError *r = &e->v[e->n++];
	memset(r, 0, sizeof *r);
	r->field = utf8_copy(field ? field : "");
	return r;
}

void ferr(FormsErrors *e, const char *field, FormsMsg m, int nargs, ...)
{
	if (!e)
		return;
	FormsError *r = push(e, field);
	r->code = messages[m].code;
	r->msgid = messages[m].msgid;
	va_list ap;
	va_start(ap, nargs);
	for (int i = 0; i < nargs && i < FORMS_MAX_ARGS; i++) {
		const char *a = va_arg(ap, const char *);
		r->args[i] = utf8_copy(a ? a : "");
	}
	va_end(ap);
}

void ferr_id(FormsErrors *e, const char *field, const IdCheck *id)
{
	if (!e)
		return;
	FormsError *r = push(e, field);
	r->has_id = true;
	r->id = *id;
	r->code = (int)id->failed >= 0 && id->failed < ID_RULE__COUNT ? id_codes[id->failed] : FORMS_E_INVALID;
	r->msgid = id_message_msgid(id);
}

const FormsError *forms_errors_find(const FormsErrors *e, const char *field)
{
	for (size_t i = 0; e && field && i < e->n; i++)
		if (strcmp(e->v[i].field, field) == 0)
			return &e->v[i];
	return NULL;
}

static const char *identity(const char *s)
{
	return s;
}

/* Messages use the safe printf subset of common/safefmt.h. */
void forms_error_message(const FormsError *err, char *out, size_t n, const char *(*tr)(const char *))
{
	if (!out || n == 0)
		return;
	out[0] = '\0';
	if (!err)
		return;
	if (err->has_id) {
		id_message_tr(&err->id, out, n, tr);
		return;
	}
	if (!tr)
		tr = identity;
	const char *f = err->msgid ? tr(err->msgid) : "";
	const char *argv[FORMS_MAX_ARGS];
	for (int i = 0; i < FORMS_MAX_ARGS; i++)
		argv[i] = err->args[i];
	safefmt(out, n, f ? f : err->msgid, argv, FORMS_MAX_ARGS);
}

void forms_errors_to_json(const FormsErrors *e, const char *prefix, const char *(*tr)(const char *), cJSON **arr)
{
	char msg[512];
	if (!arr || !e)
		return;
	if (!*arr)
		*arr = cJSON_CreateArray();
	for (size_t i = 0; i < e->n; i++) {
		cJSON *o = cJSON_CreateObject();
		char *field = xasprintf("%s%s", prefix ? prefix : "", e->v[i].field);
		forms_error_message(&e->v[i], msg, sizeof msg, tr);
		cJSON_AddStringToObject(o, "field", *field ? field : "form");
		cJSON_AddStringToObject(o, "code", forms_code_name(e->v[i].code));
		cJSON_AddStringToObject(o, "message", *msg ? msg : forms_code_name(e->v[i].code));
		cJSON_AddItemToArray(*arr, o);
		free(field);
	}
}

char *path_member(const char *base, const char *member)
{
	if (!base || !*base)
		return xstrdup(member);
	return xasprintf("%s.%s", base, member);
}

char *path_index(const char *base, size_t i)
{
	return xasprintf("%s[%zu]", base ? base : "", i);
}
