/* ft_choice: the text-like types (text, textarea, address) and the choice types (enum, multi, bool), plus a table's row shape. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "forms/forms_int.h"
#include "common/xalloc.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Text as typed; a textarea's CR LF line ends become LF. */
cJSON *ft_text_from_text(const FormField *f, const char *text)
{
	char *t = xstrdup(text);
	size_t o = 0;
	for (size_t i = 0; t[i]; i++)
		if (!(t[i] == '\r' && t[i + 1] == '\n'))
			t[o++] = t[i];
	t[o] = '\0';
	cJSON *v = cJSON_CreateString(t);
	free(t);
	return v;
}

size_t ft_text_check(const FormField *f, const cJSON *v, const char *path, FormsDay today, FormsErrors *e)
{
	if (!cJSON_IsString(v)) {
		ferr(e, path, M_TYPE_STRING, 0);
		return 1;
	}
	FormsMsg m = text_problem(v->valuestring, f->type == FORM_TEXTAREA);
	if (m) {
		ferr(e, path, m, 0);
		return 1;
	}
	return check_length_pattern(f, v->valuestring, path, e);
}

/* An option by value, else by its label exactly. */
static const FormOption *option_typed(const FormField *f, const char *text)
{
	const FormOption *o = option_find(f, text);
	for (size_t i = 0; !o && i < f->n_options; i++)
		if (strcmp(f->options[i].label, text) == 0)
			o = &f->options[i];
	return o;
}

cJSON *ft_enum_from_text(const FormField *f, const char *text)
{
	const FormOption *o = option_typed(f, text);
	return cJSON_CreateString(o ? o->value : text);
}

size_t ft_enum_check(const FormField *f, const cJSON *v, const char *path, FormsDay today, FormsErrors *e)
{
	if (!cJSON_IsString(v)) {
		ferr(e, path, M_TYPE_STRING, 0);
		return 1;
	}
	if (!option_find(f, v->valuestring)) {
		ferr(e, path, M_ENUM, 1, v->valuestring);
		return 1;
	}
	return 0;
}

/* Separators between typed choices: , ， 、 ; ； */
static size_t sep_at(const char *s)
{
	static const char *const seps[] = { ",", ";", "\xEF\xBC\x8C", "\xE3\x80\x81", "\xEF\xBC\x9B" };
	for (size_t i = 0; i < sizeof seps / sizeof seps[0]; i++)
		if (strncmp(s, seps[i], strlen(seps[i])) == 0)
			return strlen(seps[i]);
	return 0;
}

/* Typed choices split at separators, each a value or a label. */
cJSON *ft_multi_from_text(const FormField *f, const char *text)
{
	cJSON *arr = cJSON_CreateArray();
	const char *s = text;
	while (*s) {
		size_t len = 0, k = 0;
		while (s[len] && !(k = sep_at(s + len)))
			len++;
		char *raw = xstrndup(s, len);
		char *item = trim_dup(raw);
		if (*item) {
			const FormOption *o = option_typed(f, item);
			cJSON_AddItemToArray(arr, cJSON_CreateString(o ? o->value : item));
		}
		free(raw);
		free(item);
		s += len + k;
	}
	return arr;
}

size_t ft_multi_check(const FormField *f, const cJSON *v, const char *path, FormsDay today, FormsErrors *e)
{
	size_t n = 0, i = 0;
	char num[24];
	if (!cJSON_IsArray(v)) {
		ferr(e, path, M_TYPE_LIST, 0);
		return 1;
	}
	const cJSON *it;
	cJSON_ArrayForEach(it, v) {
		char *p = path_index(path, i);
		if (!cJSON_IsString(it)) {
			ferr(e, p, M_TYPE_STRING, 0);
			n++;
		} else if (!option_find(f, it->valuestring)) {
			ferr(e, p, M_ENUM, 1, it->valuestring);
			n++;
		} else {
			for (const cJSON *b = v->child; b != it; b = b->next)
				if (cJSON_IsString(b) && strcmp(b->valuestring, it->valuestring) == 0) {
					ferr(e, p, M_DUP_CHOICE, 1, it->valuestring);
					n++;
					break;
				}
		}
		free(p);
		i++;
	}
	int count = cJSON_GetArraySize(v);
	if (f->limits.min_items >= 0 && count < f->limits.min_items) {
		snprintf(num, sizeof num, "%d", f->limits.min_items);
		ferr(e, path, M_MIN_ITEMS, 1, num);
		n++;
	}
	if (f->limits.max_items >= 0 && count > f->limits.max_items) {
		snprintf(num, sizeof num, "%d", f->limits.max_items);
		ferr(e, path, M_MAX_ITEMS, 1, num);
		n++;
	}
	return n;
}

/* Yes and no as a clerk may type them. */
static const struct {
	const char *text;
	bool value;
} bool_words[] = {
	{ "true", true }, { "yes", true }, { "y", true }, { "1", true }, { "是", true }, { "有", true },
	{ "false", false }, { "no", false }, { "n", false }, { "0", false }, { "否", false }, { "无", false },
};

cJSON *ft_bool_from_text(const FormField *f, const char *text)
{
	for (size_t i = 0; i < sizeof bool_words / sizeof bool_words[0]; i++)
		if (strcasecmp(bool_words[i].text, text) == 0)
			return cJSON_CreateBool(bool_words[i].value);
	return cJSON_CreateString(text);
}

size_t ft_bool_check(const FormField *f, const cJSON *v, const char *path, FormsDay today, FormsErrors *e)
{
	if (cJSON_IsBool(v))
		return 0;
	ferr(e, path, M_TYPE_BOOL, 0);
	return 1;
}

/* A table is never typed as text: keep it, the check reports the type. */
cJSON *ft_table_from_text(const FormField *f, const char *text)
{
	return cJSON_CreateString(text);
}

/* The shape of a table value: a list of row objects, min/max rows. The
 * cells are checked by validate.c, which knows the row's conditions. */
size_t ft_table_check(const FormField *f, const cJSON *v, const char *path, FormsDay today, FormsErrors *e)
{
	size_t n = 0, i = 0;
	char num[24];
	if (!cJSON_IsArray(v)) {
		ferr(e, path, M_TYPE_ROWS, 0);
		return 1;
	}
	const cJSON *row;
	cJSON_ArrayForEach(row, v) {
		if (!cJSON_IsObject(row)) {
			char *p = path_index(path, i);
			ferr(e, p, M_TYPE_ROW, 0);
			free(p);
			n++;
		}
		i++;
	}
	int count = cJSON_GetArraySize(v);
	if (f->limits.min_items >= 0 && count < f->limits.min_items) {
		snprintf(num, sizeof num, "%d", f->limits.min_items);
		ferr(e, path, M_MIN_ROWS, 1, num);
		n++;
	}
	if (f->limits.max_items >= 0 && count > f->limits.max_items) {
		snprintf(num, sizeof num, "%d", f->limits.max_items);
		ferr(e, path, M_MAX_ROWS, 1, num);
		n++;
	}
	return n;
}
