/* paths: where the running program is, to find the build tree's keymaps
 * and translations when it runs from there; and the private folders it
 * writes in. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef YC_PATHS_H
#define YC_PATHS_H
#include <stdbool.h>

/* The directory of the running executable ("" when unknown). Borrowed. */
const char *paths_exe_dir(void);
/* True when the executable lies inside the source tree it was built from. */
bool paths_in_build_tree(void);
/* mkdir -p: the folders it makes get mode 0700. 0, or an errno (ENOTDIR
 * when path is there but no folder). */
int paths_make_dirs(const char *path);

#endif
