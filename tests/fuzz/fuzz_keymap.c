/* fuzz_keymap: keymap lines (client/keymap.h: keymap_load_string, the file reader, key names). */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "client/keymap.h"
#include "tests/fuzz/fuzz.h"
#include "tests/fuzz/fuzz_tmpfile.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_locale();
	return 0;
}

static void count(const char *msg, void *ud)
{
	FUZZ_CHECK(strncmp(msg, "fuzz:", 5) == 0 || strstr(msg, "yc-fuzz-") != NULL);
	(*(int *)ud)++;
}

/* A key's label names that key again. */
static void check_key_name(const char *name)
{
	int k = key_parse(name);
	if (k < 0)
		return;
	char label[64];
	key_label(k, label, sizeof label);
	FUZZ_CHECK(fuzz_utf8_ok(label));
	FUZZ_CHECK(key_parse(label) == key_normalize(k));
}

/* The bindings, as a checksum over every context and action. */
static uint64_t bindings(void)
{
	uint64_t h = 1469598103934665603ull;
	for (int c = 0; c < KC_COUNT; c++)
		for (int a = 0; a <= ACT_COUNT; a++) {
			int keys[16];
			int n = keymap_keys((KeyContext)c, (Action)a, keys, 16);
			h = (h ^ (uint64_t)n) * 1099511628211ull;
			for (int i = 0; i < n && i < 16; i++)
				h = (h ^ (uint64_t)(unsigned)keys[i]) * 1099511628211ull;
		}
	return h;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *in = fuzz_cstr(data, size);
	keymap_clear();
	int warned = 0;
	int bad = keymap_load_string(in, "fuzz", count, &warned);
	FUZZ_CHECK(bad >= 0 && bad == warned);
	uint64_t from_string = bindings();
	for (int c = 0; c < KC_COUNT; c++)
		for (int a = 1; a < ACT_COUNT; a++) {
			int alt;
			int k = keymap_key_for((KeyContext)c, (Action)a, &alt);
			/* The key a help screen shows for an action gives that action. */
			if (k)
				FUZZ_CHECK(keymap_lookup((KeyContext)c, k) == (Action)a);
			if (alt)
				FUZZ_CHECK(keymap_lookup((KeyContext)c, alt) == (Action)a);
		}
	/* The file reader means the same as the string reader (a NUL ends the string). */
	if (!memchr(data, '\0', size)) {
		keymap_clear();
		warned = 0;
		FUZZ_CHECK(keymap_load_file(fuzz_tmp_write(data, size), count, &warned) == bad && warned == bad);
		FUZZ_CHECK(bindings() == from_string);
	}
	keymap_clear();
	/* Each word as a key name. */
	for (char *w = strtok(in, " \t\r\n"); w; w = strtok(NULL, " \t\r\n"))
		check_key_name(w);
	free(in);
	return 0;
}
