/* intake_ui: what the intake screens share: the applicant summary (a strip
 * or a side pane), the credit warning banner, and the flow from one step
 * to the next (identify → matter → form → materials → review → receipt). */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef YC_SCREENS_INTAKE_UI_H
#define YC_SCREENS_INTAKE_UI_H
#include <stdbool.h>
#include <curses.h>
#include "client/drafts.h"
#include "client/intake.h"
#include "screens/screen.h"

/* Rows the strip needs (2, plus the banner's). */
int iui_strip_rows(const Intake *in);
/* Rows the banner needs: 0 when nothing warns, else a box of the flags
 * (at most two shown, the rest counted). */
int iui_banner_rows(const Intake *in);
/* The applicant in two lines (name, identifier masked, ticket; each
 * source's state) and the banner under them when credit warns. Returns
 * the rows used. */
int iui_draw_strip(WINDOW *w, int y, int x, int cols, const Intake *in);
/* The side pane: everything of the strip with room for details. */
void iui_draw_pane(WINDOW *w, const Intake *in);
/* The credit banner: a box in bold reverse, with a mark and words, so it
 * reads without colour. rows is 3 (one flag) or more; returns rows used
 * (0 when nothing warns). */
int iui_draw_banner(WINDOW *w, int y, int x, int cols, int rows, const Intake *in);
/* One line on every source: "People found · Credit failed …". */
void iui_sources_line(const Intake *in, char *out, size_t n);
/* "Loading the applicant's records…" style status of a source, with its
 * time when done. */
void iui_source_text(const Intake *in, IntakeSource s, char *out, size_t n);

/* "10 working days", "1 day", "on the spot" (value 0). */
void iui_duration(long value, const char *unit, char *out, size_t n);

/* The flow. */
/* Open the identify screen (from home: after F6 called a ticket, or the
 * intake key without one). */
void intake_flow_start(void);
/* The identifier passed its check: start the lookups and open the matter
 * picker at once. */
void intake_flow_identified(const char *holder);
/* A matter or bundle was chosen and loaded: the credit gate if needed,
 * then the form (or the materials when the matter has no form). */
void intake_flow_chosen(void);
/* The form again (back from the materials). */
void intake_flow_form(void);
/* After the form: the materials; after them: the review. */
void intake_flow_materials(void);
void intake_flow_review(void);
/* Drafts (intake_draft.h): save the intake now at step ("form",
 * "materials", "review") with the cursor (NULL: as last saved); a failure
 * is on the message line. _key is F2: also says "Draft saved (HH:MM)". */
bool intake_flow_save(const char *step, const char *cursor);
void intake_flow_save_key(const char *step, const char *cursor);
/* Resume a draft (home's offer, the drafts screen): its intake is made
 * again, then intake_flow_resumed opens its step. */
void intake_flow_resume(const Draft *d);
void intake_flow_resumed(void);
/* The case exists: the receipt. */
void intake_flow_receipt(void);
/* Leave the intake: every intake screen goes, home stays (the ticket
 * stays current), the intake ends. */
void intake_flow_close(void);
/* F8 on a matter: its 办事指南 in a pager (bundle: its description and
 * matters). */
void intake_flow_guide(const char *code, const char *bundle_id);

/* Screens (their constructors). */
Screen *screen_identify_new(void);
Screen *screen_matters_new(void);
/* The applicant in full; gate: the credit warning must be acknowledged
 * (Enter) before the flow goes on (done runs then). */
Screen *screen_applicant_new(bool gate, void (*done)(void));
Screen *screen_materials_new(void);
Screen *screen_review_new(void);
Screen *screen_receipt_new(void);
/* Whether the receipt screen is on the stack (the intake lives on in it). */
bool intake_receipt_shown(void);

#endif
