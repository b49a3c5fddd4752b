/* dialog_reason: why the clerk changes a value that shared data filled in
 * and locked (e.g. the 人口库 name): a reason of 2 to 500 characters that
 * travels with the case; Enter gives it, Esc leaves the value locked. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "screens/form_dialogs.h"
#include "screens/screens.h"
#include "client/i18n.h"
#include "common/text.h"
#include "common/xalloc.h"

#include <stdio.h>
#include <stdlib.h>

enum { REASON_MIN = 2, REASON_MAX = 500 };

Screen *dialog_reason_new(const char *field_label, const char *source, const char *as_of, reason_cb done, void *ud)
{
	char *label = text_clean(field_label, TEXT_ONE_LINE);
	char *src = text_clean(source, TEXT_ONE_LINE);
	char date[16];
	snprintf(date, sizeof date, "%.10s", as_of ? as_of : "");
	char *q = xasprintf(_("\"%s\" comes from %s (%s) and is locked. Say why it is changed: the reason and the original value go with the case."),
			    label, src, date);
	InputSpec spec = {
		.title = _("Change a locked value"), .question = q, .label = _("Reason:"),
		.min_chars = REASON_MIN, .max_chars = REASON_MAX, .width = 64,
		.too_short = _("! Give a reason of at least 2 characters."), .reason = true,
	};
	Screen *s = dialog_input_new(&spec, done, ud);
	free(q);
	free(label);
	free(src);
	return s;
}
