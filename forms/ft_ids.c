/* ft_ids: identifier types (id_number, uscc, phone) through common/ids.h, and division through common/divisions.h. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "forms/forms_int.h"
#include "common/divisions.h"
#include "common/xalloc.h"
#include <string.h>

/* A person's document: citizen ID, HK/Macao/Taiwan permit, foreign PR. */
static bool person_kind(IdKind k)
{
	return k == ID_KIND_CITIZEN || k == ID_KIND_HMT_PERMIT || k == ID_KIND_FOREIGN_PR;
}

/* The normalized form when valid, else the text as typed. */
static cJSON *from_check(const char *text, bool ok, const IdCheck *r)
{
	return cJSON_CreateString(ok ? r->normalized : text);
}

cJSON *ft_id_from_text(const FormField *f, const char *text)
{
	IdCheck r;
	bool ok = id_detect_and_check(text, &r) && person_kind(r.kind);
	return from_check(text, ok, &r);
}

cJSON *ft_uscc_from_text(const FormField *f, const char *text)
{
	IdCheck r;
	return from_check(text, id_check_uscc(text, &r), &r);
}

cJSON *ft_phone_from_text(const FormField *f, const char *text)
{
	IdCheck r;
	return from_check(text, id_check_mobile(text, &r), &r);
}

/* After an identifier passed its check: the field's own patterns. */
static size_t after_check(const FormField *f, const IdCheck *r, const char *path, FormsErrors *e)
{
	if (f->patterns && !patterns_match(f->patterns, r->normalized)) {
		ferr(e, path, M_PATTERN, 0);
		return 1;
	}
	return 0;
}

/* A person's number: detected kind, check digit as typed. A valid credit
 * code or mobile number is named as such; other failures of those shapes
 * are explained as a citizen ID's, the commonest document at a counter. */
size_t ft_id_check(const FormField *f, const cJSON *v, const char *path, FormsDay today, FormsErrors *e)
{
	IdCheck r;
	if (!cJSON_IsString(v)) {
		ferr(e, path, M_TYPE_STRING, 0);
		return 1;
	}
	bool ok = id_detect_and_check(v->valuestring, &r);
	if (ok && r.kind == ID_KIND_USCC) {
		ferr(e, path, M_ID_IS_USCC, 0);
		return 1;
	}
	if (ok && r.kind == ID_KIND_MOBILE) {
		ferr(e, path, M_ID_IS_MOBILE, 0);
		return 1;
	}
	if (!ok && !person_kind(r.kind) && r.failed != ID_ERR_SHAPE)
		id_check_citizen(v->valuestring, &r);
	if (!ok) {
		ferr_id(e, path, &r);
		return 1;
	}
	return after_check(f, &r, path, e);
}

/* Shared body of the single-kind identifier checks. */
static size_t check_kind(const FormField *f, const cJSON *v, const char *path, FormsErrors *e,
                         bool (*fn)(const char *, IdCheck *))
{
	IdCheck r;
	if (!cJSON_IsString(v)) {
		ferr(e, path, M_TYPE_STRING, 0);
		return 1;
	}
	if (!fn(v->valuestring, &r)) {
		ferr_id(e, path, &r);
		return 1;
	}
	return after_check(f, &r, path, e);
}

size_t ft_uscc_check(const FormField *f, const cJSON *v, const char *path, FormsDay today, FormsErrors *e)
{
	return check_kind(f, v, path, e, id_check_uscc);
}

size_t ft_phone_check(const FormField *f, const cJSON *v, const char *path, FormsDay today, FormsErrors *e)
{
	return check_kind(f, v, path, e, id_check_mobile);
}

/* Six digits, spaces dropped. */
cJSON *ft_division_from_text(const FormField *f, const char *text)
{
	char buf[16];
	size_t o = 0;
	for (const char *s = text; *s; s++) {
		if (*s == ' ')
			continue;
		if (*s < '0' || *s > '9' || o >= 6)
			return cJSON_CreateString(text);
		buf[o++] = *s;
	}
	buf[o] = '\0';
	return cJSON_CreateString(o == 6 ? buf : text);
}

/* A code of the current GB/T 2260 table. */
size_t ft_division_check(const FormField *f, const cJSON *v, const char *path, FormsDay today, FormsErrors *e)
{
	if (!cJSON_IsString(v)) {
		ferr(e, path, M_TYPE_STRING, 0);
		return 1;
	}
	const char *s = v->valuestring;
	bool six = strlen(s) == 6;
	for (int i = 0; six && i < 6; i++)
		six = s[i] >= '0' && s[i] <= '9';
	if (!six) {
		ferr(e, path, M_DIV_FORMAT, 1, s);
		return 1;
	}
	const Division *d = division_find6(s);
	if (!d) {
		ferr(e, path, M_DIV_UNKNOWN, 1, s);
		return 1;
	}
	if (!d->current) {
		ferr(e, path, M_DIV_FORMER, 1, s);
		return 1;
	}
	if (f->patterns && !patterns_match(f->patterns, s)) {
		ferr(e, path, M_PATTERN, 0);
		return 1;
	}
	return 0;
}
