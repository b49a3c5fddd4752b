/* cli_drafts: yichuang drafts list | export ID | import FILE. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "client/cli.h"
#include <stdio.h>

int cli_drafts(int argc, char **argv)
{
	fprintf(stderr, "yichuang: drafts: not built yet\n");
	return 2;
}
