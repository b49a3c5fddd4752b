/* drafts_ui: the drafts screen, the offer to resume the last draft when
 * the client starts, and the one-line prompt the screen asks a file name
 * with. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef YC_SCREENS_DRAFTS_UI_H
#define YC_SCREENS_DRAFTS_UI_H
#include "screens/screen.h"

/* The drafts of the local store (masked applicant, matter, last change,
 * state): Enter resumes, Delete or x deletes (asks first), e exports, i
 * imports, Esc goes back. */
Screen *screen_drafts_new(void);
/* Open it (d on home, M-d anywhere); the one already open comes to the
 * top instead of a second. */
void drafts_open(void);
/* Once per process, on the first home screen: the last open (or refused)
 * draft changed in the last 24 hours is offered to resume. */
void drafts_offer_resume(void);

#endif
