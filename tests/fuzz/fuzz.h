/* fuzz: what the libFuzzer targets share (checks, a NUL-terminated copy, a strict UTF-8 test). */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef YC_FUZZ_H
#define YC_FUZZ_H
#include <locale.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Every target defines these two; libFuzzer or tests/fuzz/replay.c calls them. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* An invariant: on failure say which and abort, so libFuzzer keeps the
 * input as a crash artifact and the replay main writes it out. */
#define FUZZ_CHECK(cond) \
	do { \
		if (!(cond)) { \
			fprintf(stderr, "%s:%d: invariant failed: %s\n", __FILE__, __LINE__, #cond); \
			abort(); \
		} \
	} while (0)

/* The input as a C string (it may hold NULs; the string ends at the first). */
static inline char *fuzz_cstr(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	if (!s)
		abort();
	if (size)
		memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

/* Well-formed UTF-8 (no overlongs, surrogates or code points past U+10FFFF). */
static inline bool fuzz_utf8_ok(const char *str)
{
	const unsigned char *s = (const unsigned char *)str;
	while (*s) {
		unsigned c = *s;
		size_t len;
		uint32_t v, min;
		if (c < 0x80) {
			s++;
			continue;
		} else if ((c & 0xE0) == 0xC0) {
			len = 2; v = c & 0x1F; min = 0x80;
		} else if ((c & 0xF0) == 0xE0) {
			len = 3; v = c & 0x0F; min = 0x800;
		} else if ((c & 0xF8) == 0xF0) {
			len = 4; v = c & 0x07; min = 0x10000;
		} else {
			return false;
		}
		for (size_t i = 1; i < len; i++) {
			if ((s[i] & 0xC0) != 0x80)
				return false;
			v = (v << 6) | (s[i] & 0x3F);
		}
		if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
			return false;
		s += len;
	}
	return true;
}

/* The UTF-8 locale the client runs in, so widths are the real ones. */
static inline void fuzz_locale(void)
{
	if (!setlocale(LC_ALL, "C.UTF-8"))
		setlocale(LC_ALL, "");
}

#endif
