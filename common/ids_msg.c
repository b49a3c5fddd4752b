/* ids_msg: the English messages (msgids) for identifier check results, and a safe formatter. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "common/ids_int.h"
#include "common/safefmt.h"
#include <stdio.h>
#include <string.h>

/* Marks a msgid for xgettext (-kN_) without translating it here. */
#define N_(s) (s)

/* Where a message argument comes from. */
typedef enum IdArg {
	A_END = 0, A_KIND, A_LENGTH, A_EXPLEN, A_POS, A_BADCHAR, A_FOUND, A_EXPECTED, A_DETAIL, A_AREA,
} IdArg;

/* Kind names, msgids themselves. */
static const char *const kind_names[ID_KIND__COUNT] = {
	[ID_KIND_UNKNOWN] = N_("identifier"),
	[ID_KIND_CITIZEN] = N_("citizen ID number"),
	[ID_KIND_HMT_PERMIT] = N_("residence permit number"),
	[ID_KIND_FOREIGN_PR] = N_("foreign permanent residence ID number"),
	[ID_KIND_USCC] = N_("unified social credit code"),
	[ID_KIND_MOBILE] = N_("mobile number"),
};

/* The message table: the first entry matching the rule and the kind
 * (ID_KIND_UNKNOWN matches any kind) wins. Arguments are always strings,
 * numbered from 1 in the order given. */
static const struct {
	IdRule rule;
	IdKind kind;
	const char *msgid;
	IdArg args[3];
} messages[] = {
	{ ID_OK, ID_KIND_UNKNOWN, N_("%1$s is valid"), { A_KIND } },
	{ ID_ERR_EMPTY, ID_KIND_UNKNOWN, N_("nothing entered"), { A_END } },
	{ ID_ERR_SHAPE, ID_KIND_UNKNOWN, N_("not an ID number, credit code or mobile number"), { A_END } },
	{ ID_ERR_LENGTH, ID_KIND_CITIZEN, N_("%1$s has %2$s characters, expected 18 (or 15 for an old number)"),
	  { A_KIND, A_LENGTH } },
	{ ID_ERR_LENGTH, ID_KIND_UNKNOWN, N_("%1$s has %2$s characters, expected %3$s"),
	  { A_KIND, A_LENGTH, A_EXPLEN } },
	{ ID_ERR_CHAR, ID_KIND_UNKNOWN, N_("character %1$s at position %2$s is not allowed"),
	  { A_BADCHAR, A_POS } },
	{ ID_ERR_DATE, ID_KIND_UNKNOWN, N_("birth date %1$s is not a real date"), { A_DETAIL } },
	{ ID_ERR_DATE_FUTURE, ID_KIND_UNKNOWN, N_("birth date %1$s is in the future"), { A_DETAIL } },
	{ ID_ERR_DATE_EARLY, ID_KIND_UNKNOWN, N_("birth date %1$s is before 1900"), { A_DETAIL } },
	{ ID_ERR_AREA, ID_KIND_USCC, N_("division code %1$s at positions 3-8 is not in GB/T 2260"), { A_AREA } },
	{ ID_ERR_AREA, ID_KIND_UNKNOWN, N_("area code %1$s is not in GB/T 2260"), { A_AREA } },
	{ ID_ERR_AREA_LEVEL, ID_KIND_UNKNOWN, N_("area code %1$s is a province, not a county"), { A_AREA } },
	{ ID_ERR_HMT_PREFIX, ID_KIND_UNKNOWN, N_("a residence permit number starts with 810000, 820000 or 830000, not %1$s"),
	  { A_DETAIL } },
	{ ID_ERR_PROVINCE, ID_KIND_UNKNOWN, N_("province code %1$s at positions 2-3 is not a mainland province"),
	  { A_DETAIL } },
	{ ID_ERR_COUNTRY, ID_KIND_UNKNOWN, N_("nationality code %1$s at positions 4-6 is not a country code"),
	  { A_DETAIL } },
	{ ID_ERR_AUTHORITY, ID_KIND_UNKNOWN,
	  N_("registration authority and entity category %1$s are not a pair of GB 32100"), { A_DETAIL } },
	{ ID_ERR_ORG_CHECK, ID_KIND_UNKNOWN,
	  N_("organisation code check character (position 17) is %1$s, expected %2$s"), { A_FOUND, A_EXPECTED } },
	{ ID_ERR_CHECK, ID_KIND_USCC, N_("check character is %1$s, expected %2$s"), { A_FOUND, A_EXPECTED } },
	{ ID_ERR_CHECK, ID_KIND_UNKNOWN, N_("check digit is %1$s, expected %2$s"), { A_FOUND, A_EXPECTED } },
	{ ID_ERR_PREFIX, ID_KIND_FOREIGN_PR, N_("a foreign permanent residence ID number starts with 9, not %1$s"),
	  { A_DETAIL } },
	{ ID_ERR_PREFIX, ID_KIND_UNKNOWN, N_("a mobile number starts with 13 to 19, not %1$s"), { A_DETAIL } },
	{ ID_ERR_DIAL_CODE, ID_KIND_UNKNOWN, N_("country code %1$s is not +86: only mainland mobile numbers"),
	  { A_DETAIL } },
};

const char *id_kind_name(IdKind kind)
{
	if ((int)kind < 0 || kind >= ID_KIND__COUNT)
		kind = ID_KIND_UNKNOWN;
	return kind_names[kind];
}

/* The table entry for a result (falls back to the last resort "not an ID"). */
static size_t entry_for(const IdCheck *r)
{
	size_t fallback = 2;
	for (size_t i = 0; i < sizeof messages / sizeof messages[0]; i++)
		if (messages[i].rule == r->failed && (messages[i].kind == ID_KIND_UNKNOWN || messages[i].kind == r->kind))
			return i;
	return fallback;
}

const char *id_message_msgid(const IdCheck *r)
{
	return r ? messages[entry_for(r)].msgid : messages[2].msgid;
}

/* Render one argument as a string into buf. */
static const char *arg_text(const IdCheck *r, IdArg a, const char *(*tr)(const char *), char *buf, size_t n)
{
	switch (a) {
	case A_KIND: return tr(id_kind_name(r->kind));
	case A_LENGTH: snprintf(buf, n, "%d", r->length); return buf;
	case A_EXPLEN: snprintf(buf, n, "%d", r->expected_length); return buf;
	case A_POS: snprintf(buf, n, "%d", r->position); return buf;
	case A_BADCHAR: return r->bad_char;
	case A_FOUND: snprintf(buf, n, "%c", r->found ? r->found : '?'); return buf;
	case A_EXPECTED: snprintf(buf, n, "%c", r->expected_check ? r->expected_check : '?'); return buf;
	case A_DETAIL: return r->detail;
	case A_AREA: return r->area;
	case A_END: break;
	}
	return "";
}

static const char *identity(const char *s)
{
	return s;
}

/* A printf subset that cannot misbehave on a bad translation: %s, %N$s and
 * %% only; anything else is copied as it stands; a missing argument is "". */
void id_message_tr(const IdCheck *r, char *out, size_t n, const char *(*tr)(const char *))
{
	char bufs[3][24];
	const char *argv[3] = { "", "", "" };
	if (!out || n == 0)
		return;
	out[0] = '\0';
	if (!r)
		return;
	if (!tr)
		tr = identity;
	size_t e = entry_for(r);
	for (int i = 0; i < 3 && messages[e].args[i] != A_END; i++)
		argv[i] = arg_text(r, messages[e].args[i], tr, bufs[i], sizeof bufs[i]);
	const char *f = tr(messages[e].msgid);
	safefmt(out, n, f ? f : messages[e].msgid, argv, 3);
}

void id_message(const IdCheck *r, char *out, size_t n)
{
	id_message_tr(r, out, n, NULL);
}
