/* linefile: what the line-oriented file readers (config, keymap) share. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "client/linefile.h"
#include "common/xalloc.h"

#include <stdarg.h>
#include <stdlib.h>

/* Format the reason, prefix the place and hand it to warn. */
void linefile_warn(linefile_warn_fn warn, void *ud, const char *file, int line, const char *fmt, ...)
{
	if (!warn)
		return;
	va_list ap;
	va_start(ap, fmt);
	char *reason = xvasprintf(fmt, ap);
	va_end(ap);
	char *msg = line > 0 ? xasprintf("%s:%d: %s", file, line, reason) : xasprintf("%s: %s", file, reason);
	warn(msg, ud);
	free(msg);
	free(reason);
}
