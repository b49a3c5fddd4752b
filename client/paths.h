/* paths: where the running program is, to find the build tree's keymaps
 * and translations when it runs from there. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef YC_PATHS_H
#define YC_PATHS_H
#include <stdbool.h>

/* The directory of the running executable ("" when unknown). Borrowed. */
const char *paths_exe_dir(void);
/* True when the executable lies inside the source tree it was built from. */
bool paths_in_build_tree(void);

#endif
