/* paths: the running executable's directory, from /proc/self/exe. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "client/paths.h"

#include <limits.h>
#include <string.h>
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
