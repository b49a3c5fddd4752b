/* drafts_offer: once per start, on the first home screen, the last draft
 * left open (or refused by the server) in the last 24 hours is offered to
 * resume. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "screens/drafts_ui.h"
#include "screens/intake_ui.h"
#include "screens/screens.h"
#include "client/drafts.h"
#include "client/i18n.h"
#include "client/local.h"
#include "client/loop.h"
#include "common/text.h"
#include "common/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum { OFFER_WITHIN_MS = 24 * 3600 * 1000 };

static bool offered;

static void answered(bool yes, void *ud)
{
	Draft *d = ud;
	if (yes)
		intake_flow_resume(d);
	draft_free(d);
}

/* Home is up: look for the draft (the store may be slow to open: not
 * before the first frame). */
static void offer(void *ud)
{
	Screen *top = sm_top();
	if (!top || strcmp(top->ops->name, "home") != 0 || intake_current())
		return;
	Store *s = local_store();
	if (!s)
		return;
	size_t n;
	Draft **v = drafts_list(s, &n);
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	int64_t now = (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
	Draft *pick = NULL;
	for (size_t i = 0; i < n && !pick; i++)
		if ((v[i]->state == DRAFT_OPEN || v[i]->state == DRAFT_ATTENTION) && now - v[i]->updated_at < OFFER_WITHIN_MS) {
			pick = v[i];
			v[i] = NULL;
		}
	drafts_list_free(v, n);
	if (!pick)
		return;
	char who[128], when[32];
	drafts_masked_who(pick, who, sizeof who);
	drafts_when_text(pick->updated_at, false, when, sizeof when);
	char *title = text_clean(pick->title, TEXT_ONE_LINE);
	char *q = xasprintf(_("Resume the draft of %s — %s, changed %s? (Enter resume, Esc not now)"), who, title, when);
	sm_push(dialog_confirm_new(_("Resume a draft"), q, answered, pick));
	free(q);
	free(title);
}

enum { OFFER_DELAY_MS = 300 };

void drafts_offer_resume(void)
{
	if (offered)
		return;
	offered = true;
	/* Once the first home is drawn and its queue listed: a first login
	 * creates the store, which must not hold the queue back. */
	loop_timer_add(OFFER_DELAY_MS, offer, NULL);
}
