/* fieldtype: the table of field types (name, limits, options, prefill, from-text and check functions) and what dispatches on it. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "forms/forms_int.h"
#include "common/xalloc.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One row per FormType, in the enum's order. */
static const FormTypeInfo types[FORM_TYPE__COUNT] = {
	[FORM_TEXT] = { "text", LIM_LENGTH | LIM_PATTERN, false, true, ft_text_from_text, ft_text_check },
	[FORM_TEXTAREA] = { "textarea", LIM_LENGTH | LIM_PATTERN, false, true, ft_text_from_text, ft_text_check },
	[FORM_ID_NUMBER] = { "id_number", LIM_PATTERN, false, true, ft_id_from_text, ft_id_check },
	[FORM_USCC] = { "uscc", LIM_PATTERN, false, true, ft_uscc_from_text, ft_uscc_check },
	[FORM_PHONE] = { "phone", LIM_PATTERN, false, true, ft_phone_from_text, ft_phone_check },
	[FORM_DATE] = { "date", LIM_DATES, false, true, ft_date_from_text, ft_date_check },
	[FORM_ENUM] = { "enum", 0, true, true, ft_enum_from_text, ft_enum_check },
	[FORM_MULTI] = { "multi", LIM_ITEMS, true, false, ft_multi_from_text, ft_multi_check },
	[FORM_MONEY] = { "money", LIM_RANGE, false, true, ft_money_from_text, ft_money_check },
	[FORM_INTEGER] = { "integer", LIM_RANGE, false, true, ft_integer_from_text, ft_integer_check },
	[FORM_DIVISION] = { "division", LIM_PATTERN, false, true, ft_division_from_text, ft_division_check },
	[FORM_ADDRESS] = { "address", LIM_LENGTH | LIM_PATTERN, false, true, ft_text_from_text, ft_text_check },
	[FORM_BOOL] = { "bool", 0, false, true, ft_bool_from_text, ft_bool_check },
	[FORM_TABLE] = { "table", LIM_ITEMS, false, false, ft_table_from_text, ft_table_check },
};

const FormTypeInfo *ftype(FormType t)
{
	return &types[(int)t >= 0 && t < FORM_TYPE__COUNT ? t : FORM_TEXT];
}

const char *forms_type_name(FormType t)
{
	return ftype(t)->name;
}

bool forms_type_from_name(const char *name, FormType *t)
{
	for (int i = 0; name && i < FORM_TYPE__COUNT; i++)
		if (strcmp(types[i].name, name) == 0) {
			*t = (FormType)i;
			return true;
		}
	return false;
}

bool forms_value_empty(const cJSON *v)
{
	if (!v || cJSON_IsNull(v) || cJSON_IsInvalid(v))
		return true;
	if (cJSON_IsString(v)) {
		char *t = trim_dup(v->valuestring);
		bool empty = !*t;
		free(t);
		return empty;
	}
	if (cJSON_IsArray(v))
		return cJSON_GetArraySize(v) == 0;
	return false;
}

cJSON *forms_value_from_text(const FormField *f, const char *text)
{
	if (!f)
		return NULL;
	char *t = trim_dup(text);
	cJSON *v = *t ? ftype(f->type)->from_text(f, t) : NULL;
	free(t);
	return v;
}

char *forms_value_text(const FormField *f, const cJSON *v)
{
	if (cJSON_IsString(v))
		return xstrdup(v->valuestring);
	if (cJSON_IsBool(v))
		return xstrdup(cJSON_IsTrue(v) ? "true" : "false");
	if (cJSON_IsNumber(v))
		return f && f->type == FORM_MONEY ? xasprintf("%.2f", v->valuedouble) : xasprintf("%.15g", v->valuedouble);
	if (cJSON_IsArray(v) && (!f || f->type != FORM_TABLE)) {
		char *out = xstrdup("");
		const cJSON *it;
		cJSON_ArrayForEach(it, v) {
			if (!cJSON_IsString(it))
				continue;
			char *next = xasprintf("%s%s%s", out, *out ? ", " : "", it->valuestring);
			free(out);
			out = next;
		}
		return out;
	}
	return xstrdup("");
}

size_t forms_check_value(const FormField *f, const cJSON *v, const char *path, const char *today, FormsErrors *errs)
{
	if (!f || forms_value_empty(v))
		return 0;
	return ftype(f->type)->check(f, v, path ? path : f->key, day_today(today), errs);
}

const FormOption *option_find(const FormField *f, const char *value)
{
	for (size_t i = 0; value && i < f->n_options; i++)
		if (strcmp(f->options[i].value, value) == 0)
			return &f->options[i];
	return NULL;
}

size_t check_length_pattern(const FormField *f, const char *s, const char *path, FormsErrors *e)
{
	size_t n = 0, chars = utf8_chars(s);
	char num[24];
	if (f->limits.min_length >= 0 && chars < (size_t)f->limits.min_length) {
		snprintf(num, sizeof num, "%d", f->limits.min_length);
		ferr(e, path, M_TOO_SHORT, 1, num);
		n++;
	}
	if (f->limits.max_length >= 0 && chars > (size_t)f->limits.max_length) {
		snprintf(num, sizeof num, "%d", f->limits.max_length);
		ferr(e, path, M_TOO_LONG, 1, num);
		n++;
	}
	if (f->patterns && !patterns_match(f->patterns, s)) {
		ferr(e, path, M_PATTERN, 0);
		n++;
	}
	return n;
}

/* Patterns: each is checked as written, then kept as ^(…)$ so the whole
 * value has to match. */
bool patterns_add(FormPatterns **pp, const char *src, char *errbuf, size_t n)
{
	regex_t raw, whole;
	int rc = regcomp(&raw, src, REG_EXTENDED | REG_NOSUB);
	if (rc != 0) {
		regerror(rc, &raw, errbuf, n);
		return false;
	}
	regfree(&raw);
	char *w = xasprintf("^(%s)$", src);
	rc = regcomp(&whole, w, REG_EXTENDED | REG_NOSUB);
	free(w);
	if (rc != 0) {
		regerror(rc, &whole, errbuf, n);
		return false;
	}
	FormPatterns *p = *pp;
	if (!p)
		p = *pp = xcalloc(1, sizeof *p);
	p->src = xrealloc(p->src, (p->n + 1) * sizeof *p->src);
	p->re = xrealloc(p->re, (p->n + 1) * sizeof *p->re);
	p->src[p->n] = xstrdup(src);
	p->re[p->n] = whole;
	p->n++;
	return true;
}

bool patterns_has(const FormPatterns *p, const char *src)
{
	for (size_t i = 0; p && i < p->n; i++)
		if (strcmp(p->src[i], src) == 0)
			return true;
	return false;
}

bool patterns_match(const FormPatterns *p, const char *s)
{
	for (size_t i = 0; p && i < p->n; i++)
		if (regexec(&p->re[i], s, 0, NULL, 0) != 0)
			return false;
	return true;
}

void patterns_free(FormPatterns *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->n; i++) {
		free(p->src[i]);
		regfree(&p->re[i]);
	}
	free(p->src);
	free(p->re);
	free(p);
}
