/* cond: visible_if / required_if conditions: parse, check against the fields, evaluate, copy. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "forms/forms_int.h"
#include "common/xalloc.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef enum CondOp {
	OP_EQ, OP_NE, OP_IN, OP_NOT_IN, OP_LT, OP_LE, OP_GT, OP_GE, OP_EMPTY, OP_NOT_EMPTY,
	OP_ALL, OP_ANY, OP_NOT, OP__COUNT
} CondOp;

/* What an operator's value is. */
typedef enum ValKind { V_NONE, V_SCALAR, V_LIST, V_ORDER, V_GROUP } ValKind;

static const struct {
	const char *name;
	ValKind val;
} ops[OP__COUNT] = {
	[OP_EQ] = { "eq", V_SCALAR }, [OP_NE] = { "ne", V_SCALAR }, [OP_IN] = { "in", V_LIST },
	[OP_NOT_IN] = { "not_in", V_LIST }, [OP_LT] = { "lt", V_ORDER }, [OP_LE] = { "le", V_ORDER },
	[OP_GT] = { "gt", V_ORDER }, [OP_GE] = { "ge", V_ORDER }, [OP_EMPTY] = { "empty", V_NONE },
	[OP_NOT_EMPTY] = { "not_empty", V_NONE }, [OP_ALL] = { "all", V_GROUP }, [OP_ANY] = { "any", V_GROUP },
	[OP_NOT] = { "not", V_GROUP },
};

struct FormCond {
	CondOp op;
	char *field;        /* comparisons */
	cJSON *value;       /* comparisons with a value */
	FormCond **kids;    /* all / any / not */
	size_t n;
};

void cond_free(FormCond *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->n; i++)
		cond_free(c->kids[i]);
	free(c->kids);
	free(c->field);
	cJSON_Delete(c->value);
	free(c);
}

/* A comparison's value has the shape its operator wants. */
static bool value_shape_ok(const FormCond *c, const cJSON *v, const char *path, FormsErrors *e)
{
	const char *name = ops[c->op].name;
	char *vp = path_member(path, "value");
	bool ok = true;
	if (ops[c->op].val == V_NONE) {
		if (v) {
			ferr(e, vp, S_COND_NO_VALUE, 1, name);
			ok = false;
		}
	} else if (!v) {
		ferr(e, vp, S_COND_NEEDS_VALUE, 1, name);
		ok = false;
	} else if (ops[c->op].val == V_LIST) {
		const cJSON *it;
		ok = cJSON_IsArray(v) && cJSON_GetArraySize(v) > 0;
		cJSON_ArrayForEach(it, v)
			ok = ok && (cJSON_IsString(it) || cJSON_IsNumber(it));
		if (!ok)
			ferr(e, vp, S_COND_LIST, 1, name);
	} else if (!(cJSON_IsString(v) || cJSON_IsNumber(v) || (cJSON_IsBool(v) && ops[c->op].val == V_SCALAR))) {
		ferr(e, vp, S_COND_SCALAR, 1, name);
		ok = false;
	}
	free(vp);
	return ok;
}

/* {field, op, value}. */
static FormCond *parse_compare(const cJSON *j, const char *path, FormsErrors *e)
{
	bool ok = true;
	const cJSON *it;
	cJSON_ArrayForEach(it, j) {
		if (strcmp(it->string, "field") && strcmp(it->string, "op") && strcmp(it->string, "value")) {
			char *p = path_member(path, it->string);
			ferr(e, p, S_UNKNOWN_MEMBER, 0);
			free(p);
			ok = false;
		}
	}
	const cJSON *field = cJSON_GetObjectItemCaseSensitive(j, "field");
	const cJSON *op = cJSON_GetObjectItemCaseSensitive(j, "op");
	char *fp = path_member(path, "field"), *op_p = path_member(path, "op");
	if (!field)
		ferr(e, fp, S_MISSING, 0), ok = false;
	else if (!cJSON_IsString(field))
		ferr(e, fp, S_NOT_STRING, 0), ok = false;
	else if (!key_ok(field->valuestring))
		ferr(e, fp, S_BAD_KEY, 1, field->valuestring), ok = false;
	int k = -1;
	if (!op)
		ferr(e, op_p, S_MISSING, 0), ok = false;
	else if (!cJSON_IsString(op))
		ferr(e, op_p, S_NOT_STRING, 0), ok = false;
	else {
		for (int i = 0; i < OP_ALL; i++)
			if (strcmp(ops[i].name, op->valuestring) == 0)
				k = i;
		if (k < 0)
			ferr(e, op_p, S_COND_OP, 1, op->valuestring), ok = false;
	}
	free(fp);
	free(op_p);
	FormCond *c = xcalloc(1, sizeof *c);
	c->op = k < 0 ? OP_EQ : (CondOp)k;
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(j, "value");
	if (k >= 0 && !value_shape_ok(c, v, path, e))
		ok = false;
	if (!ok) {
		free(c);
		return NULL;
	}
	c->field = xstrdup(field->valuestring);
	c->value = v ? cJSON_Duplicate(v, true) : NULL;
	return c;
}

/* {all: [...]}, {any: [...]} or {not: {...}}. */
static FormCond *parse_group(const cJSON *j, const char *path, int depth, FormsErrors *e)
{
	const cJSON *m = j->child;
	CondOp op = strcmp(m->string, "all") == 0 ? OP_ALL : strcmp(m->string, "any") == 0 ? OP_ANY : OP_NOT;
	char *mp = path_member(path, m->string);
	FormCond *c = xcalloc(1, sizeof *c);
	c->op = op;
	bool ok = true;
	if (op == OP_NOT) {
		c->kids = xcalloc(1, sizeof *c->kids);
		c->kids[0] = cond_parse(m, mp, depth + 1, e);
		c->n = c->kids[0] ? 1 : 0;
		ok = c->n == 1;
	} else if (!cJSON_IsArray(m) || cJSON_GetArraySize(m) == 0) {
		ferr(e, mp, cJSON_IsArray(m) ? S_EMPTY_ARRAY : S_NOT_ARRAY, 0);
		ok = false;
	} else {
		size_t count = (size_t)cJSON_GetArraySize(m), i = 0;
		c->kids = xcalloc(count, sizeof *c->kids);
		const cJSON *it;
		cJSON_ArrayForEach(it, m) {
			char *ip = path_index(mp, i++);
			FormCond *k = cond_parse(it, ip, depth + 1, e);
			free(ip);
			if (k)
				c->kids[c->n++] = k;
			else
				ok = false;
		}
	}
	free(mp);
	if (!ok) {
		cond_free(c);
		return NULL;
	}
	return c;
}

FormCond *cond_parse(const cJSON *j, const char *path, int depth, FormsErrors *e)
{
	char num[16];
	if (depth > COND_MAX_DEPTH) {
		snprintf(num, sizeof num, "%d", COND_MAX_DEPTH);
		ferr(e, path, S_COND_DEPTH, 1, num);
		return NULL;
	}
	if (!cJSON_IsObject(j)) {
		ferr(e, path, S_NOT_OBJECT, 0);
		return NULL;
	}
	const cJSON *m = j->child;
	bool group = m && !m->next &&
	             (!strcmp(m->string, "all") || !strcmp(m->string, "any") || !strcmp(m->string, "not"));
	if (group)
		return parse_group(j, path, depth, e);
	if (cJSON_GetObjectItemCaseSensitive(j, "field") || cJSON_GetObjectItemCaseSensitive(j, "op"))
		return parse_compare(j, path, e);
	ferr(e, path, S_COND_SHAPE, 0);
	return NULL;
}

FormCond *cond_clone(const FormCond *c)
{
	if (!c)
		return NULL;
	FormCond *d = xcalloc(1, sizeof *d);
	d->op = c->op;
	d->field = xstrdup(c->field);
	d->value = c->value ? cJSON_Duplicate(c->value, true) : NULL;
	if (c->n) {
		d->kids = xcalloc(c->n, sizeof *d->kids);
		for (d->n = 0; d->n < c->n; d->n++)
			d->kids[d->n] = cond_clone(c->kids[d->n]);
	}
	return d;
}

cJSON *cond_to_json(const FormCond *c)
{
	cJSON *o = cJSON_CreateObject();
	if (c->op == OP_NOT) {
		cJSON_AddItemToObject(o, "not", cond_to_json(c->kids[0]));
	} else if (c->op == OP_ALL || c->op == OP_ANY) {
		cJSON *arr = cJSON_AddArrayToObject(o, ops[c->op].name);
		for (size_t i = 0; i < c->n; i++)
			cJSON_AddItemToArray(arr, cond_to_json(c->kids[i]));
	} else {
		cJSON_AddStringToObject(o, "field", c->field);
		cJSON_AddStringToObject(o, "op", ops[c->op].name);
		if (c->value)
			cJSON_AddItemToObject(o, "value", cJSON_Duplicate(c->value, true));
	}
	return o;
}

void cond_refs(const FormCond *c, void (*fn)(void *ctx, const char *key), void *ctx)
{
	if (!c)
		return;
	if (c->field)
		fn(ctx, c->field);
	for (size_t i = 0; i < c->n; i++)
		cond_refs(c->kids[i], fn, ctx);
}

/* One compared value suits the field: an option of enum/multi, a number
 * for integer/money (money also as an amount string), a date or
 * today±N for date, a boolean for bool, a string otherwise. */
static bool operand_ok(const FormField *f, const cJSON *v)
{
	switch (f->type) {
	case FORM_ENUM:
	case FORM_MULTI: return cJSON_IsString(v) && option_find(f, v->valuestring);
	case FORM_INTEGER: return cJSON_IsNumber(v);
	case FORM_MONEY: return cJSON_IsNumber(v) || (cJSON_IsString(v) && money_cents(v->valuestring, NULL));
	case FORM_DATE: return cJSON_IsString(v) && day_spec_ok(v->valuestring);
	case FORM_BOOL: return cJSON_IsBool(v);
	default: return cJSON_IsString(v);
	}
}

/* The operator suits the referenced field's type. */
static bool op_suits(CondOp op, FormType t)
{
	if (op == OP_EMPTY || op == OP_NOT_EMPTY)
		return true;
	if (t == FORM_TABLE)
		return false;
	if (ops[op].val == V_ORDER)
		return t == FORM_INTEGER || t == FORM_MONEY || t == FORM_DATE;
	if (ops[op].val == V_LIST)
		return t != FORM_BOOL;
	return true;
}

/* Check each operand; an enum's unknown option gets its own message. */
static void check_operands(const FormCond *c, const FormField *f, const char *path, FormsErrors *e)
{
	char *vp = path_member(path, "value");
	const cJSON *it;
	const cJSON *one = c->value;
	bool list = cJSON_IsArray(c->value);
	for (it = list ? c->value->child : one; it; it = list ? it->next : NULL) {
		if (operand_ok(f, it))
			continue;
		if ((f->type == FORM_ENUM || f->type == FORM_MULTI) && cJSON_IsString(it))
			ferr(e, vp, S_COND_OPTION, 2, it->valuestring, f->key);
		else
			ferr(e, vp, S_COND_VALUE_TYPE, 2, forms_type_name(f->type), f->key);
		break;
	}
	free(vp);
}

void cond_check(const FormCond *c, const char *path, CondResolve resolve, void *ctx, FormsErrors *e)
{
	if (!c)
		return;
	if (c->op >= OP_ALL) {
		const char *m = c->op == OP_NOT ? "not" : ops[c->op].name;
		char *mp = path_member(path, m);
		for (size_t i = 0; i < c->n; i++) {
			char *ip = c->op == OP_NOT ? xstrdup(mp) : path_index(mp, i);
			cond_check(c->kids[i], ip, resolve, ctx, e);
			free(ip);
		}
		free(mp);
		return;
	}
	const FormField *f = resolve(ctx, c->field);
	if (!f) {
		char *fp = path_member(path, "field");
		ferr(e, fp, S_COND_REF, 1, c->field);
		free(fp);
		return;
	}
	if (!op_suits(c->op, f->type)) {
		char *op_p = path_member(path, "op");
		ferr(e, op_p, S_COND_FIELD_OP, 3, ops[c->op].name, forms_type_name(f->type), f->key);
		free(op_p);
		return;
	}
	if (c->value)
		check_operands(c, f, path, e);
}

/* Results of comparing a value with an operand. */
enum { CMP_LT = -1, CMP_EQ = 0, CMP_GT = 1, CMP_NE = 2, CMP_NONE = 3 };

/* Three-way comparison of two numbers. */
static int sign3(long double a, long double b)
{
	return a < b ? CMP_LT : a > b ? CMP_GT : CMP_EQ;
}

/* Compare a field's (non-empty) value with one operand, by the field's type. */
static int compare(const FormField *f, const cJSON *v, const cJSON *cv, FormsDay today)
{
	long long a, b;
	FormsDay da, db;
	if (cJSON_IsBool(v) || cJSON_IsBool(cv))
		return cJSON_IsBool(v) && cJSON_IsBool(cv) ? (cJSON_IsTrue(v) == cJSON_IsTrue(cv) ? CMP_EQ : CMP_NE) : CMP_NE;
	if (f && f->type == FORM_MONEY && cJSON_IsString(v) && money_cents(v->valuestring, &a)) {
		if (cJSON_IsNumber(cv))
			return sign3((long double)a, roundl((long double)cv->valuedouble * 100));
		if (cJSON_IsString(cv) && money_cents(cv->valuestring, &b))
			return sign3((long double)a, (long double)b);
		return CMP_NONE;
	}
	if (f && f->type == FORM_DATE && cJSON_IsString(v) && cJSON_IsString(cv)) {
		if (!day_parse(v->valuestring, &da) || !day_spec_resolve(cv->valuestring, today, &db))
			return CMP_NONE;
		return day_cmp(da, db);
	}
	if (cJSON_IsNumber(v) && cJSON_IsNumber(cv))
		return sign3(v->valuedouble, cv->valuedouble);
	if (cJSON_IsString(v) && cJSON_IsString(cv)) {
		int r = strcmp(v->valuestring, cv->valuestring);
		return r < 0 ? CMP_LT : r > 0 ? CMP_GT : CMP_EQ;
	}
	return CMP_NONE;
}

/* eq for one operand: a multi's value contains it, others compare equal. */
static bool equals(const FormField *f, const cJSON *v, const cJSON *cv, FormsDay today)
{
	if (cJSON_IsArray(v)) {
		const cJSON *it;
		cJSON_ArrayForEach(it, v)
			if (compare(f, it, cv, today) == CMP_EQ)
				return true;
		return false;
	}
	return compare(f, v, cv, today) == CMP_EQ;
}

/* in: any operand of the list is equal. */
static bool in_list(const FormField *f, const cJSON *v, const cJSON *list, FormsDay today)
{
	const cJSON *it;
	cJSON_ArrayForEach(it, list)
		if (equals(f, v, it, today))
			return true;
	return false;
}

bool cond_eval(const FormCond *c, CondLookup get, void *ctx, FormsDay today)
{
	if (!c)
		return true;
	switch (c->op) {
	case OP_ALL:
		for (size_t i = 0; i < c->n; i++)
			if (!cond_eval(c->kids[i], get, ctx, today))
				return false;
		return true;
	case OP_ANY:
		for (size_t i = 0; i < c->n; i++)
			if (cond_eval(c->kids[i], get, ctx, today))
				return true;
		return false;
	case OP_NOT:
		return c->n == 1 && !cond_eval(c->kids[0], get, ctx, today);
	default:
		break;
	}
	const FormField *f = NULL;
	const cJSON *v = get(ctx, c->field, &f);
	bool empty = forms_value_empty(v);
	switch (c->op) {
	case OP_EMPTY: return empty;
	case OP_NOT_EMPTY: return !empty;
	case OP_EQ: return !empty && equals(f, v, c->value, today);
	case OP_NE: return empty || !equals(f, v, c->value, today);
	case OP_IN: return !empty && in_list(f, v, c->value, today);
	case OP_NOT_IN: return empty || !in_list(f, v, c->value, today);
	default: break;
	}
	if (empty || cJSON_IsArray(v))
		return false;
	int r = compare(f, v, c->value, today);
	if (r == CMP_NE || r == CMP_NONE)
		return false;
	switch (c->op) {
	case OP_LT: return r < 0;
	case OP_LE: return r <= 0;
	case OP_GT: return r > 0;
	default: return r >= 0;
	}
}

FormCond *cond_group(bool any, FormCond **kids, size_t n)
{
	if (n == 1)
		return kids[0];
	FormCond *c = xcalloc(1, sizeof *c);
	c->op = any ? OP_ANY : OP_ALL;
	c->kids = xcalloc(n ? n : 1, sizeof *c->kids);
	for (c->n = 0; c->n < n; c->n++)
		c->kids[c->n] = kids[c->n];
	return c;
}

bool cond_equal(const FormCond *a, const FormCond *b)
{
	if (!a || !b)
		return a == b;
	cJSON *ja = cond_to_json(a), *jb = cond_to_json(b);
	bool eq = cJSON_Compare(ja, jb, true);
	cJSON_Delete(ja);
	cJSON_Delete(jb);
	return eq;
}
