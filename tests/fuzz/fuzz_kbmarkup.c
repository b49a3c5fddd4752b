/* fuzz_kbmarkup: the knowledge-base markup reader (common/kbmarkup.h): markers, links and the plain text. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "common/kbmarkup.h"
#include "tests/fuzz/fuzz.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	return 0;
}

/* A link found at s lies inside s, on one line, and spells
 * "[text](matter:TARGET)" or "[text](kb:TARGET)". */
static void check_link(const char *s, const KbLink *l)
{
	size_t n = strlen(s);
	size_t pre = l->matter ? 7 : 3;
	FUZZ_CHECK(l->whole <= n && l->whole == l->text_len + l->target_len + pre + 4);
	FUZZ_CHECK(l->text == s + 1 && s[l->text_len + 1] == ']' && s[l->text_len + 2] == '(');
	FUZZ_CHECK(l->target == s + l->text_len + 3 + pre && l->target_len > 0);
	FUZZ_CHECK(s[l->whole - 1] == ')');
	FUZZ_CHECK(memchr(s, '\n', l->whole) == NULL);
	FUZZ_CHECK(memchr(l->target, ' ', l->target_len) == NULL && memchr(l->target, ')', l->target_len) == NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *in = fuzz_cstr(data, size);
	size_t n = strlen(in);
	for (size_t i = 0; i < n; i++) {
		KbLink l;
		if (kbm_link_at(in + i, &l))
			check_link(in + i, &l);
		if (i == 0 || in[i - 1] == '\n') {
			size_t m = kbm_marker_len(in + i);
			FUZZ_CHECK(m <= n - i && m <= 5);
			FUZZ_CHECK(m == 0 || in[i + m - 1] == ' ');
		}
	}
	char *plain = kbm_plain(in);
	/* Markers and link targets only ever come out. */
	FUZZ_CHECK(strlen(plain) <= n);
	/* One line per block, blank lines dropped. */
	FUZZ_CHECK(plain[0] != '\n');
	FUZZ_CHECK(strstr(plain, "\n\n") == NULL);
	FUZZ_CHECK(!*plain || plain[strlen(plain) - 1] != '\n');
	free(plain);
	free(in);
	return 0;
}
