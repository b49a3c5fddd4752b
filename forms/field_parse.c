/* field_parse: read one FormField (options, limits, default, conditions, table sub-fields) and report each problem by its JSON path. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "forms/forms_int.h"
#include "common/xalloc.h"
#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const field_members[] = {
	"key", "label", "type", "required", "limits", "options", "prefill", "help", "placeholder",
	"default", "visible_if", "required_if", "fields", NULL
};

bool members_ok(const cJSON *obj, const char *const *names, const char *path, FormsErrors *e)
{
	bool ok = true;
	const cJSON *it;
	cJSON_ArrayForEach(it, obj) {
		size_t i = 0;
		while (names[i] && strcmp(names[i], it->string) != 0)
			i++;
		if (!names[i]) {
			char *p = path_member(path, it->string);
			ferr(e, p, S_UNKNOWN_MEMBER, 0);
			free(p);
			ok = false;
		}
	}
	return ok;
}

bool count_ok(const cJSON *j, int max, const char *path, FormsErrors *e)
{
	char num[16];
	if (cJSON_GetArraySize(j) <= max)
		return true;
	snprintf(num, sizeof num, "%d", max);
	ferr(e, path, S_TOO_MANY, 1, num);
	return false;
}

const char *get_str(const cJSON *obj, const char *name, const char *path, int flags, FormsErrors *e)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, name);
	char *p = path_member(path, name);
	const char *s = NULL;
	if (!v) {
		if (flags & GS_REQUIRED)
			ferr(e, p, S_MISSING, 0);
	} else if (!cJSON_IsString(v)) {
		ferr(e, p, S_NOT_STRING, 0);
	} else if ((flags & GS_NONEMPTY) && !*v->valuestring) {
		ferr(e, p, S_EMPTY_STRING, 0);
	} else {
		s = v->valuestring;
	}
	free(p);
	return s;
}

/* The LIM_* bit of each limit, and whether it is an integer limit. */
static const struct {
	const char *name;
	unsigned bit;
	int min;   /* integer limits: smallest allowed; -1 for non-integers */
} limit_defs[] = {
	{ "min_length", LIM_LENGTH, 0 }, { "max_length", LIM_LENGTH, 1 },
	{ "pattern", LIM_PATTERN, -1 }, { "min", LIM_RANGE, -1 }, { "max", LIM_RANGE, -1 },
	{ "min_date", LIM_DATES, -1 }, { "max_date", LIM_DATES, -1 },
	{ "min_items", LIM_ITEMS, 0 }, { "max_items", LIM_ITEMS, 1 },
};

/* Where each integer limit is stored. */
static int *int_slot(FormLimits *l, const char *name)
{
	if (!strcmp(name, "min_length")) return &l->min_length;
	if (!strcmp(name, "max_length")) return &l->max_length;
	if (!strcmp(name, "min_items")) return &l->min_items;
	return &l->max_items;
}

/* One limit member: its type, range and syntax. */
static void limit_value(FormField *f, size_t k, const cJSON *v, const char *p, FormsErrors *e)
{
	FormLimits *l = &f->limits;
	const char *name = limit_defs[k].name;
	char num[16], err[128];
	if (limit_defs[k].min >= 0) {
		if (!cJSON_IsNumber(v) || v->valuedouble != floor(v->valuedouble) || fabs(v->valuedouble) > INT_MAX) {
			ferr(e, p, S_NOT_INT, 0);
		} else if (v->valuedouble < limit_defs[k].min) {
			snprintf(num, sizeof num, "%d", limit_defs[k].min);
			ferr(e, p, S_LIMIT_NEG, 1, num);
		} else {
			*int_slot(l, name) = (int)v->valuedouble;
		}
	} else if (!strcmp(name, "min") || !strcmp(name, "max")) {
		if (!cJSON_IsNumber(v) || !isfinite(v->valuedouble)) {
			ferr(e, p, S_NOT_NUMBER, 0);
		} else if (!strcmp(name, "min")) {
			l->has_min = true, l->min = v->valuedouble;
		} else {
			l->has_max = true, l->max = v->valuedouble;
		}
	} else if (!cJSON_IsString(v)) {
		ferr(e, p, S_NOT_STRING, 0);
	} else if (!strcmp(name, "pattern")) {
		if (strlen(v->valuestring) > PATTERN_MAX) {
			snprintf(num, sizeof num, "%d", PATTERN_MAX);
			ferr(e, p, S_REGEX_LONG, 1, num);
		} else if (!patterns_add(&f->patterns, v->valuestring, err, sizeof err)) {
			ferr(e, p, S_REGEX, 1, err);
		} else {
			l->pattern = xstrdup(v->valuestring);
		}
	} else if (!day_spec_ok(v->valuestring)) {
		ferr(e, p, S_DATE_SPEC, 1, v->valuestring);
	} else if (!strcmp(name, "min_date")) {
		l->min_date = xstrdup(v->valuestring);
	} else {
		l->max_date = xstrdup(v->valuestring);
	}
}

/* min ≤ max for each pair that is set. Dates are compared when both are
 * absolute or both relative to today. */
static void limits_order(const FormLimits *l, const char *path, FormsErrors *e)
{
	FormsDay a, b, today = day_today(NULL);
	if (l->min_length >= 0 && l->max_length >= 0 && l->min_length > l->max_length)
		ferr(e, path, S_LIMIT_ORDER, 2, "min_length", "max_length");
	if (l->min_items >= 0 && l->max_items >= 0 && l->min_items > l->max_items)
		ferr(e, path, S_LIMIT_ORDER, 2, "min_items", "max_items");
	if (l->has_min && l->has_max && l->min > l->max)
		ferr(e, path, S_LIMIT_ORDER, 2, "min", "max");
	if (l->min_date && l->max_date && day_parse(l->min_date, NULL) == day_parse(l->max_date, NULL) &&
	    day_spec_resolve(l->min_date, today, &a) && day_spec_resolve(l->max_date, today, &b) && day_cmp(a, b) > 0)
		ferr(e, path, S_LIMIT_ORDER, 2, "min_date", "max_date");
}

/* FieldLimits: each member known, suited to the type, well-formed; then min ≤ max. */
static void limits_parse(FormField *f, const cJSON *j, const char *path, bool type_known, FormsErrors *e)
{
	char *lp = path_member(path, "limits");
	if (!cJSON_IsObject(j)) {
		ferr(e, lp, S_NOT_OBJECT, 0);
		free(lp);
		return;
	}
	const cJSON *it;
	cJSON_ArrayForEach(it, j) {
		char *p = path_member(lp, it->string);
		size_t k = 0, nk = sizeof limit_defs / sizeof limit_defs[0];
		while (k < nk && strcmp(limit_defs[k].name, it->string) != 0)
			k++;
		if (k == nk)
			ferr(e, p, S_UNKNOWN_MEMBER, 0);
		else if (type_known && !(ftype(f->type)->limits & limit_defs[k].bit))
			ferr(e, p, S_LIMIT_TYPE, 2, it->string, forms_type_name(f->type));
		else
			limit_value(f, k, it, p, e);
		free(p);
	}
	limits_order(&f->limits, lp, e);
	free(lp);
}

/* options: [{value, label}], values unique; only enum and multi. */
static void options_parse(FormField *f, const cJSON *j, const char *path, bool type_known, FormsErrors *e)
{
	static const char *const opt_members[] = { "value", "label", NULL };
	char *op = path_member(path, "options");
	if (type_known && !ftype(f->type)->options) {
		if (j)
			ferr(e, op, S_NO_OPTIONS, 0);
	} else if (!j) {
		if (type_known)
			ferr(e, op, S_NEEDS_OPTIONS, 1, forms_type_name(f->type));
	} else if (!cJSON_IsArray(j)) {
		ferr(e, op, S_NOT_ARRAY, 0);
	} else if (cJSON_GetArraySize(j) == 0) {
		ferr(e, op, S_NEEDS_OPTIONS, 1, type_known ? forms_type_name(f->type) : "enum");
	} else if (count_ok(j, MAX_OPTIONS, op, e)) {
		f->options = xcalloc((size_t)cJSON_GetArraySize(j), sizeof *f->options);
		size_t i = 0;
		const cJSON *it;
		cJSON_ArrayForEach(it, j) {
			char *ip = path_index(op, i++);
			if (!cJSON_IsObject(it)) {
				ferr(e, ip, S_NOT_OBJECT, 0);
			} else {
				members_ok(it, opt_members, ip, e);
				const char *v = get_str(it, "value", ip, GS_REQUIRED | GS_NONEMPTY, e);
				const char *l = get_str(it, "label", ip, GS_REQUIRED | GS_NONEMPTY, e);
				if (v && option_find(f, v))
					ferr(e, ip, S_DUP_OPTION, 1, v);
				else if (v && l) {
					f->options[f->n_options].value = xstrdup(v);
					f->options[f->n_options++].label = xstrdup(l);
				}
			}
			free(ip);
		}
	}
	free(op);
}

/* A table's sub-fields: no nested tables, keys unique within the row. */
static void subfields_parse(FormField *f, const cJSON *j, const char *path, bool in_table, bool type_known,
                            FormsErrors *e)
{
	char *fp = path_member(path, "fields");
	if (type_known && f->type != FORM_TABLE) {
		if (j)
			ferr(e, fp, S_NO_FIELDS, 0);
	} else if (!type_known || in_table) {
		/* nothing more to say: the type or the nesting is already wrong */
	} else if (!j) {
		ferr(e, fp, S_NEEDS_FIELDS, 0);
	} else if (!cJSON_IsArray(j) || cJSON_GetArraySize(j) == 0) {
		ferr(e, fp, cJSON_IsArray(j) ? S_NEEDS_FIELDS : S_NOT_ARRAY, 0);
	} else if (count_ok(j, MAX_COLUMNS, fp, e)) {
		f->fields = xcalloc((size_t)cJSON_GetArraySize(j), sizeof *f->fields);
		const cJSON *it;
		cJSON_ArrayForEach(it, j) {
			char *ip = path_index(fp, f->n_fields);
			FormField *sub = &f->fields[f->n_fields++];
			field_parse(sub, it, ip, true, e);
			for (size_t k = 0; sub->key && k + 1 < f->n_fields; k++)
				if (f->fields[k].key && strcmp(f->fields[k].key, sub->key) == 0) {
					char *first = path_index(fp, k), *kp = path_member(ip, "key");
					ferr(e, kp, S_DUP_KEY, 2, sub->key, first);
					free(first);
					free(kp);
					break;
				}
			free(ip);
		}
	}
	free(fp);
}

/* The default must be a valid value of the field. */
static void default_check(FormField *f, const char *path, FormsErrors *e)
{
	char *dp = path_member(path, "default");
	if (cJSON_IsNull(f->def)) {
		cJSON_Delete(f->def);
		f->def = NULL;
	} else if (f->def) {
		forms_check_value(f, f->def, dp, NULL, e);
	}
	free(dp);
}

/* key, label, type, help and prefill: the scalar members. */
static bool scalars_parse(FormField *f, const cJSON *j, const char *path, bool in_table, FormsErrors *e)
{
	const char *key = get_str(j, "key", path, GS_REQUIRED, e);
	if (key && !key_ok(key)) {
		char *kp = path_member(path, "key");
		ferr(e, kp, S_BAD_KEY, 1, key);
		free(kp);
	} else if (key) {
		f->key = xstrdup(key);
	}
	f->label = xstrdup(get_str(j, "label", path, GS_REQUIRED | GS_NONEMPTY, e));
	const char *type = get_str(j, "type", path, GS_REQUIRED, e);
	bool type_known = type && forms_type_from_name(type, &f->type);
	char *tp = path_member(path, "type");
	if (type && !type_known)
		ferr(e, tp, S_TYPE, 1, type);
	if (type_known && in_table && f->type == FORM_TABLE)
		ferr(e, tp, S_NESTED, 0);
	free(tp);
	const cJSON *req = cJSON_GetObjectItemCaseSensitive(j, "required");
	if (req && !cJSON_IsBool(req)) {
		char *rp = path_member(path, "required");
		ferr(e, rp, S_NOT_BOOL, 0);
		free(rp);
	}
	f->required = cJSON_IsTrue(req);
	f->placeholder = xstrdup(get_str(j, "placeholder", path, 0, e));
	const char *help = get_str(j, "help", path, 0, e);
	char *hp = path_member(path, "help");
	if (help && (!*help || strlen(help) > 64 || strspn(help, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-") != strlen(help)))
		ferr(e, hp, S_BAD_HELP, 1, help);
	else
		f->help = xstrdup(help);
	free(hp);
	const char *prefill = get_str(j, "prefill", path, 0, e);
	char *pp = path_member(path, "prefill");
	if (prefill && !forms_prefill_path_ok(prefill))
		ferr(e, pp, S_PREFILL, 1, prefill);
	else if (prefill && type_known && !ftype(f->type)->prefill)
		ferr(e, pp, S_PREFILL_TYPE, 1, forms_type_name(f->type));
	else
		f->prefill = xstrdup(prefill);
	free(pp);
	return type_known;
}

void field_parse(FormField *f, const cJSON *j, const char *path, bool in_table, FormsErrors *e)
{
	limits_init(&f->limits);
	if (!cJSON_IsObject(j)) {
		ferr(e, path, S_NOT_OBJECT, 0);
		return;
	}
	members_ok(j, field_members, path, e);
	bool type_known = scalars_parse(f, j, path, in_table, e);
	const cJSON *lim = cJSON_GetObjectItemCaseSensitive(j, "limits");
	if (lim)
		limits_parse(f, lim, path, type_known, e);
	options_parse(f, cJSON_GetObjectItemCaseSensitive(j, "options"), path, type_known, e);
	subfields_parse(f, cJSON_GetObjectItemCaseSensitive(j, "fields"), path, in_table, type_known, e);
	static const char *const conds[] = { "visible_if", "required_if" };
	for (int i = 0; i < 2; i++) {
		const cJSON *c = cJSON_GetObjectItemCaseSensitive(j, conds[i]);
		if (!c)
			continue;
		char *cp = path_member(path, conds[i]);
		*(i ? &f->required_if : &f->visible_if) = cond_parse(c, cp, 1, e);
		free(cp);
	}
	const cJSON *def = cJSON_GetObjectItemCaseSensitive(j, "default");
	if (def && type_known) {
		f->def = cJSON_Duplicate(def, true);
		default_check(f, path, e);
	}
}
