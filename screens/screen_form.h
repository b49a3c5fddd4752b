/* screen_form: 填表, the form being filled at the counter: sections of
 * labelled fields, typed and checked as typed, choices and divisions from
 * lists (F4), tables of rows, prefilled values with their source, locked
 * ones changed only with a reason. The entry point of the intake flow. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef YC_SCREENS_SCREEN_FORM_H
#define YC_SCREENS_SCREEN_FORM_H
#include <stdbool.h>
#include "forms/forms.h"
#include "screens/screen.h"

/* Push the form screen for st (a state of schema). Both are the caller's
 * and must outlive the screen; every change the clerk commits is stored
 * in st at once (values, rows, overrides with their reasons).
 *
 * done(true) when the clerk presses F10 (submit) and the form has no
 * problem left; with problems, F10 shows them all and puts the cursor on
 * the first one instead. done(false) on F3 (back). The screen has left the
 * stack before done runs (the caller pushes what comes next, or opens the
 * form again with the same state to go back to it: the cursor returns to
 * where it was). done(false) also runs
 * when the screen is taken away without an answer (the session ended and
 * the stack was reset): push nothing then. */
void screen_form_open(const FormSchema *schema, FormState *st, void (*done)(bool submitted, void *ud), void *ud);

/* The same, with the cursor on the field at path cursor (NULL or gone:
 * where it would start) and the server's problems (FieldError[] whose
 * field is "form.values.<path>", NULL: none) marked on their fields in
 * the server's words until the clerk changes the value. For resuming a
 * draft. */
void screen_form_open_at(const FormSchema *schema, FormState *st, const char *cursor, const cJSON *errors,
			 void (*done)(bool submitted, void *ud), void *ud);
/* The path of the field under the cursor of the open form, or NULL. */
const char *screen_form_focus(void);

/* F2 (save-draft): what is being typed is stored, then fn(cursor) runs
 * (the path under the cursor) to save the draft. Without a listener F2
 * does nothing here. NULL removes it. */
void screen_form_on_save(void (*fn)(const char *cursor, void *ud), void *ud);

/* Told after every change the clerk commits (a field left with a new
 * value, a choice, a toggle, a row added or removed, an override or a
 * revert): key is the path that changed ("applicant.name",
 * "parents[1].id_number", or a table's key for rows). For saving drafts.
 * One listener; NULL removes it. */
void screen_form_on_change(void (*fn)(const char *key, void *ud), void *ud);

/* F1 on a field: fn(field, path) opens its help (the knowledge base
 * article named by field->help). Without a listener the form shows the
 * field's help id, type, limits and source in a box, saying the knowledge
 * base is not available yet. NULL removes it. */
void screen_form_on_help(void (*fn)(const FormField *field, const char *path, void *ud), void *ud);

/* The state was changed from outside while the form is open (a prefill
 * source answered late, a suggestion from remote assist): show it. The
 * field being typed in keeps what the clerk typed. */
void screen_form_refresh(void);

/* Whether s is a form screen. */
bool screen_is_form(const Screen *s);

#endif
