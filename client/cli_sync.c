/* cli_sync: yichuang sync: send the outbox and sync the cache without a screen. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "client/cli.h"
#include <stdio.h>

int cli_sync(int argc, char **argv)
{
	fprintf(stderr, "yichuang: sync: not built yet\n");
	return 2;
}
