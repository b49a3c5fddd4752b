/* fuzz_text: the sanitizing sink text_clean and the display-width functions (common/text.h). */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "common/text.h"
#include "tests/fuzz/fuzz.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_locale();
	return 0;
}

/* What must never reach the screen: C0 (bar '\n' when kept), DEL, C1, the
 * bidi controls text_clean promises to drop. */
static void check_clean(const char *out, int flags)
{
	FUZZ_CHECK(fuzz_utf8_ok(out));
	size_t n = strlen(out), i = 0;
	while (i < n) {
		uint32_t cp;
		size_t len = text_utf8_decode(out + i, n - i, &cp);
		FUZZ_CHECK(len >= 1);
		if (cp == '\n')
			FUZZ_CHECK(flags & TEXT_KEEP_NEWLINES);
		else
			FUZZ_CHECK(cp >= 0x20);
		FUZZ_CHECK(cp != 0x7F && !(cp >= 0x80 && cp <= 0x9F));
		FUZZ_CHECK(!(cp >= 0x202A && cp <= 0x202E) && !(cp >= 0x2066 && cp <= 0x2069));
		FUZZ_CHECK(cp != 0x200E && cp != 0x200F && cp != 0x061C);
		i += len;
	}
}

/* The width functions agree with each other on a clean string. */
static void check_widths(const char *s, int cols)
{
	size_t n = strlen(s);
	int w = text_width(s), sum = 0;
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		i += text_utf8_decode(s + i, n - i, &cp);
		int cw = text_cp_width(cp);
		FUZZ_CHECK(cw >= 0 && cw <= 2);
		sum += cw;
	}
	FUZZ_CHECK(w == sum);

	int used = -1;
	FUZZ_CHECK(text_fit(s, w, &used) == n && used == w);
	FUZZ_CHECK(text_fit_tail(s, w, &used) == n && used == w);

	size_t head = text_fit(s, cols, &used);
	FUZZ_CHECK(head <= n && used >= 0 && used <= cols);
	FUZZ_CHECK(head == n || ((unsigned char)s[head] & 0xC0) != 0x80); /* never splits a character */
	char *pre = strndup(s, head);
	FUZZ_CHECK(pre && text_width(pre) == used);
	free(pre);

	size_t tail = text_fit_tail(s, cols, &used);
	FUZZ_CHECK(tail <= n && used >= 0 && used <= cols);
	FUZZ_CHECK(tail == 0 || ((unsigned char)s[n - tail] & 0xC0) != 0x80);
	FUZZ_CHECK(text_width(s + n - tail) == used);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *in = fuzz_cstr(data, size);
	int cols = size ? data[0] % 40 : 0;
	static const int flags[] = {TEXT_ONE_LINE, TEXT_KEEP_NEWLINES};
	for (size_t k = 0; k < sizeof flags / sizeof flags[0]; k++) {
		char *out = text_clean(in, flags[k]);
		FUZZ_CHECK(out != NULL);
		check_clean(out, flags[k]);
		/* Clean text is a fixed point: nothing is left to drop. */
		char *again = text_clean(out, flags[k]);
		FUZZ_CHECK(strcmp(again, out) == 0);
		check_widths(out, cols);
		free(again);
		free(out);
	}
	/* Every decode step makes progress and stays inside the buffer. */
	for (size_t i = 0; i < size;) {
		uint32_t cp;
		size_t len = text_utf8_decode((const char *)data + i, size - i, &cp);
		FUZZ_CHECK(len >= 1 && len <= size - i && cp <= 0x10FFFF);
		char enc[4];
		size_t el = text_utf8_encode(cp, enc);
		uint32_t back;
		FUZZ_CHECK(text_utf8_decode(enc, el, &back) == el && back == cp);
		i += len;
	}
	free(in);
	return 0;
}
