/* intake_draft: the intake at the counter kept as a draft in the local
 * store: saved after every committed change, resumed after a restart
 * (or from the drafts screen) with the cursor where it was. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef YC_INTAKE_DRAFT_H
#define YC_INTAKE_DRAFT_H
#include <stdbool.h>
#include "client/drafts.h"
#include "client/intake.h"

/* A Draft of the intake as it stands (state open unless in->sub says it is
 * queued or done; step and cursor as given, NULL: as last saved). The
 * id is in->draft_id, made on the first call. Caller frees. NULL when
 * there is nothing to save yet (no matter chosen). */
Draft *intake_draft_make(Intake *in, const char *step, const char *cursor);
/* Save it now in local_store(). True when durable. On failure the reason
 * goes to the message line (once until a save works again) and to
 * in->draft_error; nothing already saved is lost. */
bool intake_draft_save(Intake *in, const char *step, const char *cursor);

/* Resume d: a new intake for its holder and ticket (lookups only when
 * online), its matter or bundle chosen again (guides and forms from the
 * cache when offline), then its values, overrides, materials, credit
 * acknowledgement, step and cursor (in->resume_step, resume_cursor) and
 * the server's errors (resume_errors) put back. When the form changed
 * since the draft was saved, values that no longer fit are kept in the
 * draft and reported as field problems. cb(ok) from the loop; on failure
 * in->load_error (or the message line) says why. */
void intake_resume(const Draft *d, intake_cb cb, void *ud);
/* The second half of intake_resume, for an intake whose choice is made:
 * d's values, materials, credit acknowledgement, step, cursor and errors
 * put back (the tests call it without a catalog). */
bool intake_draft_apply(Intake *in, const Draft *d);

#endif
