/* ids_phone: mainland mobile numbers, with or without the +86 country code. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "common/ids_int.h"
#include <stdio.h>
#include <string.h>

/* Strip "+86", "0086" or "86" in front of 11 digits; an international prefix
 * (+ or 00) other than 86 is an error of its own. Returns false on that error. */
static bool strip_dial_code(IdCheck *r, IdNorm *n)
{
	int intl = n->s[0] == '+' ? 1 : strncmp(n->s, "00", 2) == 0 ? 2 : 0;
	int cut = 0;
	if (intl) {
		if (strncmp(n->s + intl, "86", 2) != 0) {
			int k = intl;
			while (k < intl + 3 && n->s[k] >= '0' && n->s[k] <= '9')
				k++;
			snprintf(r->detail, sizeof r->detail, "+%.*s", k - intl, n->s + intl);
			return ids_fail(r, ID_ERR_DIAL_CODE, 1);
		}
		cut = intl + 2;
	} else if (n->len == 13 && strncmp(n->s, "86", 2) == 0) {
		cut = 2;
	}
	if (cut) {
		memmove(n->s, n->s + cut, sizeof n->s - (size_t)cut);
		n->len -= cut;
		if (n->bad_pos)
			n->bad_pos = n->bad_pos > cut ? n->bad_pos - cut : 1;
		snprintf(r->normalized, sizeof r->normalized, "%s", n->s);
	}
	return true;
}

bool id_check_mobile(const char *s, IdCheck *r)
{
	IdNorm n;
	ids_normalize(s, IDS_NORM_PHONE, &n);
	ids_begin(r, ID_KIND_MOBILE, &n);
	if (n.len == 0)
		return ids_fail(r, ID_ERR_EMPTY, 0);
	if (!strip_dial_code(r, &n))
		return false;
	if (!ids_length_ok(r, &n, 11, 0))
		return false;
	if (!ids_chars_ok(r, &n, 1, 11, ids_is_digit))
		return false;
	if (n.s[0] != '1' || n.s[1] < '3' || n.s[1] > '9') {
		snprintf(r->detail, sizeof r->detail, "%.2s", n.s);
		return ids_fail(r, ID_ERR_PREFIX, 1);
	}
	return true;
}
