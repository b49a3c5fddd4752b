/* readall: a whole stream or file read into one string. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "common/readall.h"
#include "common/xalloc.h"

#include <errno.h>
#include <stdlib.h>

char *read_all(FILE *f, size_t max, size_t *len)
{
	size_t cap = 8192, n = 0, got;
	char *buf = xmalloc(cap + 1);
	while ((got = fread(buf + n, 1, cap - n, f)) > 0) {
		n += got;
		if (max && n > max) {
			free(buf);
			errno = EFBIG;
			return NULL;
		}
		if (n == cap) {
			cap *= 2;
			buf = xrealloc(buf, cap + 1);
		}
	}
	if (ferror(f)) {
		int e = errno ? errno : EIO;
		free(buf);
		errno = e;
		return NULL;
	}
	buf[n] = '\0';
	*len = n;
	return buf;
}

char *read_file(const char *path, size_t max, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	char *text = read_all(f, max, len);
	int e = errno;
	fclose(f);
	errno = e;
	return text;
}
