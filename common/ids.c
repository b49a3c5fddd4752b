/* ids: tell an identifier's kind from its shape, dispatch its check, and mask it. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "common/ids_int.h"
#include <stdio.h>
#include <string.h>

typedef bool (*IdCheckFn)(const char *, IdCheck *);

/* One check function per kind, indexed by IdKind. */
static const IdCheckFn checks[ID_KIND__COUNT] = {
	[ID_KIND_UNKNOWN] = id_detect_and_check,
	[ID_KIND_CITIZEN] = id_check_citizen,
	[ID_KIND_HMT_PERMIT] = id_check_hmt_permit,
	[ID_KIND_FOREIGN_PR] = id_check_foreign_pr,
	[ID_KIND_USCC] = id_check_uscc,
	[ID_KIND_MOBILE] = id_check_mobile,
};

bool id_check_kind(IdKind kind, const char *s, IdCheck *r)
{
	if ((int)kind < 0 || kind >= ID_KIND__COUNT)
		kind = ID_KIND_UNKNOWN;
	return checks[kind](s, r);
}

static bool all_digits(const char *s, int from, int to)
{
	for (int i = from; i < to; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

static bool all_upper(const char *s, int from, int to)
{
	for (int i = from; i < to; i++)
		if (s[i] < 'A' || s[i] > 'Z')
			return false;
	return true;
}

/* 18 characters, all digits (X allowed last): a person's number or an
 * all-numeric credit code. Run both checks; when both fail, keep the one
 * that got further (its failure is at a later position). */
static bool resolve_numeric18(const char *s, const IdNorm *n, IdCheck *r)
{
	IdCheck person, uscc;
	bool fpr = n->s[0] == '9';
	bool ok_p = fpr ? id_check_foreign_pr(s, &person) : id_check_citizen(s, &person);
	bool ok_u = id_check_uscc(s, &uscc);
	const IdCheck *pick;
	if (ok_p || ok_u)
		pick = ok_p ? &person : &uscc;
	else if (person.position != uscc.position)
		pick = person.position > uscc.position ? &person : &uscc;
	else if (fpr)
		/* 9 + category 1-3 is a company; 9 + province 4x-6x a foreigner. */
		pick = (n->s[1] >= '1' && n->s[1] <= '3') ? &uscc : &person;
	else
		pick = &person; /* persons are far more common at a counter */
	*r = *pick;
	return r->failed == ID_OK;
}

/* Detection by shape:
 *   leading + or 00, or 11 digits starting 1, or 86 + 11 digits: mobile;
 *   810000 / 820000 / 830000 + 12 more: residence permit;
 *   3 letters + 12 digits: a 2017 foreign permanent residence ID, whose
 *   format is not checked (reported as a length error of the 2023 one);
 *   any letter other than a final X, 14-22 characters: credit code;
 *   18 digits (X last): person (9…: foreigner) or numeric credit code;
 *   15 digits: old citizen number; other digit strings: nearest length. */
bool id_detect_and_check(const char *s, IdCheck *r)
{
	IdNorm n;
	ids_normalize(s, IDS_NORM_PHONE, &n);
	if (n.len == 0) {
		ids_begin(r, ID_KIND_UNKNOWN, &n);
		return ids_fail(r, ID_ERR_EMPTY, 0);
	}
	int len = n.len < 31 ? n.len : 31;
	bool letters = false;
	for (int i = 0; i < len; i++)
		if (n.s[i] >= 'A' && n.s[i] <= 'Z' && !(i == n.len - 1 && n.s[i] == 'X'))
			letters = true;
	if (n.s[0] == '+' || (n.len >= 11 && n.len <= 15 && strncmp(n.s, "00", 2) == 0) ||
	    (n.len == 11 && n.s[0] == '1' && !letters) || (n.len == 13 && strncmp(n.s, "861", 3) == 0 && !letters))
		return id_check_mobile(s, r);
	if (n.len == 18 && (!strncmp(n.s, "810000", 6) || !strncmp(n.s, "820000", 6) || !strncmp(n.s, "830000", 6)))
		return id_check_hmt_permit(s, r);
	if (n.len == 15 && all_upper(n.s, 0, 3) && all_digits(n.s, 3, 15))
		return id_check_foreign_pr(s, r); /* a 2017 card: length error */
	if (letters && n.len >= 14 && n.len <= 22)
		return id_check_uscc(s, r);
	if (n.len == 18 && all_digits(n.s, 0, 17))
		return resolve_numeric18(s, &n, r);
	if (n.len <= 13 && n.s[0] == '1' && !letters)
		return id_check_mobile(s, r);
	if (n.len >= 14 && n.len <= 20 && !letters)
		return n.s[0] == '9' && n.len != 15 ? id_check_foreign_pr(s, r) : id_check_citizen(s, r);
	ids_begin(r, ID_KIND_UNKNOWN, &n);
	r->length = n.len;
	return ids_fail(r, ID_ERR_SHAPE, 0);
}

/* Copy src into out, masking [keep_head, len - keep_tail) with '*'. */
static void mask_middle(const char *src, int keep_head, int keep_tail, char *out, size_t n)
{
	int len = (int)strlen(src);
	if (keep_head + keep_tail > len)
		keep_head = 0, keep_tail = len > 4 ? 4 : 0;
	size_t o = 0;
	for (int i = 0; i < len && o + 1 < n; i++)
		out[o++] = (i < keep_head || i >= len - keep_tail) ? src[i] : '*';
	out[o] = '\0';
}

/* How each kind is masked: keep head and tail characters of a normalized
 * string of this length; a valid credit code is public and shown whole. */
static const struct {
	IdKind kind;
	size_t len;
	int head, tail;
} masks[] = {
	{ ID_KIND_CITIZEN, 18, 6, 4 },
	{ ID_KIND_HMT_PERMIT, 18, 6, 4 },
	{ ID_KIND_FOREIGN_PR, 18, 6, 4 },
	{ ID_KIND_MOBILE, 11, 3, 4 },
	{ ID_KIND_USCC, 18, 18, 0 },
};

void id_mask(const char *s, char *out, size_t n)
{
	IdCheck r;
	if (!out || n == 0)
		return;
	id_detect_and_check(s, &r);
	for (size_t i = 0; i < sizeof masks / sizeof masks[0]; i++) {
		if (masks[i].kind != r.kind || strlen(r.normalized) != masks[i].len)
			continue;
		if (r.kind == ID_KIND_USCC && r.failed != ID_OK)
			break;
		mask_middle(r.normalized, masks[i].head, masks[i].tail, out, n);
		return;
	}
	mask_middle(r.normalized, 0, 4, out, n);
}
