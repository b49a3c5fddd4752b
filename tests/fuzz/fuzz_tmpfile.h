/* fuzz_tmpfile: one scratch file per process for the targets whose parser only reads files. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef YC_FUZZ_TMPFILE_H
#define YC_FUZZ_TMPFILE_H
#include "tests/fuzz/fuzz.h"
#include <unistd.h>

static char fuzz_tmp_path[4096];

static void fuzz_tmp_remove(void)
{
	if (fuzz_tmp_path[0])
		unlink(fuzz_tmp_path);
}

/* Write the bytes to the scratch file (made on first use, removed at exit);
 * returns its path. */
static inline const char *fuzz_tmp_write(const uint8_t *data, size_t size)
{
	if (!fuzz_tmp_path[0]) {
		const char *dir = getenv("TMPDIR");
		snprintf(fuzz_tmp_path, sizeof fuzz_tmp_path, "%s/yc-fuzz-XXXXXX", dir && *dir ? dir : P_tmpdir);
		int fd = mkstemp(fuzz_tmp_path);
		FUZZ_CHECK(fd >= 0);
		close(fd);
		atexit(fuzz_tmp_remove);
	}
	FILE *f = fopen(fuzz_tmp_path, "wb");
	FUZZ_CHECK(f != NULL);
	FUZZ_CHECK(fwrite(data, 1, size, f) == size);
	FUZZ_CHECK(fclose(f) == 0);
	return fuzz_tmp_path;
}

#endif
