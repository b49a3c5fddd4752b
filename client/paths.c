/* paths: the running executable's directory, from /proc/self/exe, and
 * mkdir -p for the private folders. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "client/paths.h"

#include "common/xalloc.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char exe_dir[PATH_MAX];
static bool looked;

const char *paths_exe_dir(void)
{
	if (!looked) {
		looked = true;
		ssize_t n = readlink("/proc/self/exe", exe_dir, sizeof exe_dir - 1);
		exe_dir[n > 0 ? n : 0] = '\0';
		char *slash = strrchr(exe_dir, '/');
		if (slash)
			*(slash == exe_dir ? slash + 1 : slash) = '\0';
	}
	return exe_dir;
}

bool paths_in_build_tree(void)
{
	const char *d = paths_exe_dir();
	size_t n = strlen(YC_SRCDIR);
	return n > 0 && strncmp(d, YC_SRCDIR, n) == 0 && (d[n] == '/' || d[n] == '\0');
}

int paths_make_dirs(const char *path)
{
	char *p = xstrdup(path);
	int e = 0;
	for (char *s = p + 1;; s++) {
		if (*s != '/' && *s != '\0')
			continue;
		char c = *s;
		*s = '\0';
		if (mkdir(p, 0700) != 0 && errno != EEXIST) {
			e = errno;
			break;
		}
		*s = c;
		if (!c)
			break;
	}
	struct stat st;
	if (!e && (stat(path, &st) != 0 || !S_ISDIR(st.st_mode)))
		e = errno ? errno : ENOTDIR;
	free(p);
	return e;
}
