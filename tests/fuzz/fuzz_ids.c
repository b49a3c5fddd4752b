/* fuzz_ids: identifier checks (common/ids.h: id_detect_and_check and each kind), masking, messages and the division lookup. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "common/divisions.h"
#include "common/ids.h"
#include "tests/fuzz/fuzz.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_locale();
	return 0;
}

static bool terminated(const char *s, size_t n)
{
	return memchr(s, '\0', n) != NULL;
}

/* What every check fills in, whatever the input. */
static void check_result(const char *in, bool ok, const IdCheck *r)
{
	FUZZ_CHECK(ok == (r->failed == ID_OK));
	FUZZ_CHECK((unsigned)r->kind < ID_KIND__COUNT && (unsigned)r->failed < ID_RULE__COUNT);
	FUZZ_CHECK(terminated(r->bad_char, sizeof r->bad_char) && terminated(r->normalized, sizeof r->normalized));
	FUZZ_CHECK(terminated(r->area, sizeof r->area) && terminated(r->detail, sizeof r->detail));
	FUZZ_CHECK(fuzz_utf8_ok(r->bad_char));
	FUZZ_CHECK(r->position >= 0);
	char msg[256];
	id_message(r, msg, sizeof msg);
	FUZZ_CHECK(fuzz_utf8_ok(msg));
	FUZZ_CHECK(id_message_msgid(r) != NULL);
	FUZZ_CHECK(id_kind_name(r->kind) != NULL);
	if (!ok)
		return;
	FUZZ_CHECK(r->kind != ID_KIND_UNKNOWN && r->normalized[0]);
	/* A valid identifier's normalized form is valid too, and its own normal form. */
	IdCheck again;
	FUZZ_CHECK(id_check_kind(r->kind, r->normalized, &again));
	FUZZ_CHECK(again.kind == r->kind && strcmp(again.normalized, r->normalized) == 0);
	if (r->kind == ID_KIND_CITIZEN) {
		FUZZ_CHECK(strlen(r->normalized) == 18);
		FUZZ_CHECK(id_mod11_2(r->normalized) == r->normalized[17]);
		FUZZ_CHECK(r->sex == 'M' || r->sex == 'F');
		FUZZ_CHECK(division_find6(r->area) != NULL);
	}
	if (r->kind == ID_KIND_USCC) {
		FUZZ_CHECK(strlen(r->normalized) == 18);
		FUZZ_CHECK(id_uscc_check(r->normalized) == r->normalized[17]);
	}
	if (r->kind == ID_KIND_MOBILE)
		FUZZ_CHECK(strlen(r->normalized) == 11);
	(void)in;
}

static void check_division(const char *s, size_t n)
{
	if (n < 6)
		return;
	const Division *d = division_find6(s);
	bool digits = true;
	for (int i = 0; i < 6; i++)
		digits &= s[i] >= '0' && s[i] <= '9';
	if (!digits) {
		FUZZ_CHECK(d == NULL);
		return;
	}
	int32_t code = (int32_t)strtol((char[7]){s[0], s[1], s[2], s[3], s[4], s[5], 0}, NULL, 10);
	FUZZ_CHECK(d == division_find(code));
	char name[256];
	bool named = division_full_name(code, name, sizeof name);
	FUZZ_CHECK(named == (d != NULL));
	FUZZ_CHECK(named || name[0] == '\0');
	FUZZ_CHECK(fuzz_utf8_ok(name));
	if (!d)
		return;
	FUZZ_CHECK(d->code == code);
	DivLevel lv = division_level(code);
	FUZZ_CHECK(lv >= DIV_PROVINCE && lv <= DIV_COUNTY);
	const Division *p = division_province(code);
	FUZZ_CHECK(!p || p->code == code / 10000 * 10000);
	const Division *q = division_prefecture(code);
	FUZZ_CHECK(!q || q->code == code / 100 * 100);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *in = fuzz_cstr(data, size);
	IdCheck r;
	check_result(in, id_detect_and_check(in, &r), &r);
	for (int k = 0; k < ID_KIND__COUNT; k++)
		check_result(in, id_check_kind((IdKind)k, in, &r), &r);
	check_result(in, id_check_citizen(in, &r), &r);
	check_result(in, id_check_hmt_permit(in, &r), &r);
	check_result(in, id_check_foreign_pr(in, &r), &r);
	check_result(in, id_check_uscc(in, &r), &r);
	check_result(in, id_check_mobile(in, &r), &r);

	/* Masks never grow past the buffer and keep it a string. */
	char mask[64];
	memset(mask, 'Z', sizeof mask);
	id_mask(in, mask, sizeof mask);
	FUZZ_CHECK(terminated(mask, sizeof mask));
	char small[5];
	id_mask(in, small, sizeof small);
	FUZZ_CHECK(terminated(small, sizeof small));

	/* The check-character arithmetic on raw input: defined for any bytes. */
	if (size >= 17) {
		char c = id_mod11_2(in);
		FUZZ_CHECK(c == 0 || c == 'X' || (c >= '0' && c <= '9'));
		char u = id_uscc_check(in);
		FUZZ_CHECK(u == 0 || id_uscc_value(u) >= 0);
	}
	if (size >= 8)
		(void)id_org_check(in);
	check_division(in, strlen(in));
	free(in);
	return 0;
}
