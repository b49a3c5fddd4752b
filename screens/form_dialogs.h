/* form_dialogs: the boxes the form screen opens over itself: the F4 lists
 * (a field's options, the GB/T 2260 division picker), the override reason,
 * the multi-line text editor and the field help. Each answers once through
 * its callback, after it has left the stack. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef YC_SCREENS_FORM_DIALOGS_H
#define YC_SCREENS_FORM_DIALOGS_H
#include <stdbool.h>
#include <stdint.h>
#include "common/pinyin.h"
#include "forms/forms.h"
#include "screens/screen.h"

/* Whether text matches what was typed into a list's search line: a part
 * of it, or its pinyin (initials, full or mixed, pq prepared from the same
 * filter). *at_start (may be NULL) tells a match at the very start. An
 * empty filter matches everything. */
bool pick_matches(const char *text, const char *filter, const PinyinQuery *pq, bool *at_start);

/* A field's options. Single (enum): done(true, index, NULL). Several
 * (multi): Space toggles, Enter ends: done(true, -1, checked) with one
 * flag per option. done(false, …) when cancelled. checked may be NULL;
 * filter is what the clerk already typed (may be NULL). */
typedef void (*options_cb)(bool ok, int index, const bool *checked, void *ud);
Screen *dialog_options_new(const char *title, const FormField *f, bool multi, const bool *checked,
			   const char *filter, options_cb done, void *ud);

/* A division: province, then city, then county, or a search by name,
 * pinyin or code over the whole table. Enter goes down a level (or picks
 * a place with no level under it), F10 picks the place under the cursor
 * at any level, Left or Backspace on an empty search goes up.
 * done(true, code) or done(false, 0). current: the code to start at (0:
 * none). */
typedef void (*division_cb)(bool ok, int32_t code, void *ud);
Screen *dialog_division_new(const char *title, int32_t current, const char *filter, division_cb done, void *ud);
/* The places listed under parent (0: the provinces), current table only;
 * returns how many, up to max stored in codes (tests). */
int division_children(int32_t parent, int32_t *codes, int max);

/* The reason for changing a locked value (2 to 500 characters);
 * done(reason) or done(NULL) when cancelled. */
typedef void (*reason_cb)(const char *reason, void *ud);
Screen *dialog_reason_new(const char *field_label, const char *source, const char *as_of, reason_cb done, void *ud);

/* Several lines of text (Enter is a new line, F10 ends, Esc cancels and
 * asks first when something changed); done(text) or done(NULL). */
typedef void (*textarea_cb)(const char *text, void *ud);
Screen *dialog_textarea_new(const char *title, const char *text, int max_chars, textarea_cb done, void *ud);

/* A box of text, its lines kept (the field's help); F1 in it shows the
 * keys of keys_of. */
Screen *dialog_info_new(const char *title, const char *text, const Screen *keys_of);

#endif
