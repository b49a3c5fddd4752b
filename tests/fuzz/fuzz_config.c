/* fuzz_config: the client's config file reader (client/config.h: config_load), through a scratch file. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "client/config.h"
#include "tests/fuzz/fuzz.h"
#include "tests/fuzz/fuzz_tmpfile.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	unsetenv("NO_COLOR");
	return 0;
}

typedef struct Warned {
	const char *path;
	size_t lines;
	size_t n;
} Warned;

/* Every warning is "file:line: reason" with a line of the file. */
static void warn(const char *msg, void *ud)
{
	Warned *w = ud;
	size_t pl = strlen(w->path);
	FUZZ_CHECK(strncmp(msg, w->path, pl) == 0 && msg[pl] == ':');
	char *end;
	long line = strtol(msg + pl + 1, &end, 10);
	FUZZ_CHECK(line >= 1 && (size_t)line <= w->lines && end[0] == ':' && end[1] == ' ' && end[2]);
	w->n++;
}

static bool no_controls(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return false;
	return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *path = fuzz_tmp_write(data, size);
	Warned w = {path, 1, 0};
	for (size_t i = 0; i < size; i++)
		w.lines += data[i] == '\n';
	Config c;
	FUZZ_CHECK(config_load(&c, path, warn, &w) == 0);
	/* Whatever the file says, the values are in range. */
	FUZZ_CHECK(c.timeout >= 1 && c.timeout <= 600);
	FUZZ_CHECK(c.idle_lock >= 0 && c.idle_lock <= 1440);
	FUZZ_CHECK(c.server && (strncmp(c.server, "http://", 7) == 0 || strncmp(c.server, "https://", 8) == 0));
	FUZZ_CHECK(strlen(c.server) >= 9);
	FUZZ_CHECK(!c.username || no_controls(c.username));
	FUZZ_CHECK(c.keymap != NULL);
	if (c.printer) {
		FUZZ_CHECK(*c.printer && *c.printer != '-' && strlen(c.printer) <= 127);
		FUZZ_CHECK(strspn(c.printer, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-.@") ==
			   strlen(c.printer));
	}
	FUZZ_CHECK(strcmp(c.path, path) == 0 && c.dir != NULL);
	config_free(&c);
	return 0;
}
