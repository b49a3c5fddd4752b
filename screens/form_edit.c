/* form_edit: the form screen's editing beyond typing: the override of a
 * locked prefilled value (reason first), revert, the F4 lists (options,
 * divisions, the district of an address), the multi-line editor, toggles,
 * and the rows of tables. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "screens/form_dialogs.h"
#include "screens/form_screen.h"
#include "screens/screens.h"
#include "client/i18n.h"
#include "common/divisions.h"
#include "common/text.h"
#include "common/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------- overrides */

/* The reason for changing a locked value arrived (or not): a typed field
 * is open for editing, the others open their editor or list at once. */
static void reason_given(const char *reason, void *ud)
{
	Screen *s = form_by_id(ud);
	if (!s)
		return;
	Form *fm = s->data;
	const FormItem *it = form_cur_field(fm);
	if (!reason || !it) {
		form_say(fm, false, "%s", _("The value stays as the source gave it."));
		return;
	}
	free(fm->reason);
	fm->reason = xstrdup(reason);
	screen_dirty(s, DRAW_STATE);
	switch (ff_edit(it->f)) {
	case FE_TEXTAREA: form_open_textarea(s, NULL); break;
	case FE_CHOICE: case FE_MULTI: form_open_options(s, NULL); break;
	case FE_BOOL: form_act_toggle(s); break;
	default: form_say(fm, false, "%s", _("Now change the value; Enter stores it with your reason.")); break;
	}
}

/* Ask why a locked value is changed. */
void form_act_override(Screen *s)
{
	Form *fm = s->data;
	const FormItem *it = form_cur_field(fm);
	if (!it || !form_locked_now(fm)) {
		form_say(fm, false, "%s", _("This value is not locked: it can be changed as it is."));
		return;
	}
	const FormsProvenance *p = forms_provenance(fm->v.st, it->path);
	sm_push(dialog_reason_new(it->f->label, p ? p->source : "", p ? p->as_of : "", reason_given, form_id_of(s)));
}

/* Back to the prefilled value (locked again when the source is
 * authoritative). */
void form_act_revert(Screen *s)
{
	Form *fm = s->data;
	const FormItem *it = form_cur_field(fm);
	const FormsProvenance *p = it && it->kind == FI_FIELD ? forms_provenance(fm->v.st, it->path) : NULL;
	if (!p) {
		form_say(fm, false, "%s", _("This value was not filled in from shared data."));
		return;
	}
	char *path = xstrdup(it->path);
	forms_revert(fm->v.st, path);
	free(fm->reason);
	fm->reason = NULL;
	form_load_edit(fm);
	form_changed(s, path);
	char *src = text_clean(p->source, TEXT_ONE_LINE);
	form_say(fm, false, _("Back to the value from %s."), src);
	free(src);
	free(path);
}

/* ----------------------------------------------------------- lists */

/* An option chosen in the list (or several). */
static void options_done(bool ok, int index, const bool *checked, void *ud)
{
	Screen *s = form_by_id(ud);
	if (!s || !ok)
		return;
	Form *fm = s->data;
	const FormItem *it = form_cur_field(fm);
	if (!it)
		return;
	char *path = xstrdup(it->path);
	const FormField *f = it->f;
	FormsRc rc;
	if (fm->reason) {
		/* An override goes through the text of the choice. */
		char *text = xstrdup("");
		for (size_t k = 0; k < f->n_options; k++)
			if (checked ? checked[k] : (int)k == index) {
				char *next = xasprintf("%s%s%s", text, *text ? "," : "", f->options[k].value);
				free(text);
				text = next;
			}
		rc = form_store_text(fm, path, text);
		free(text);
	} else {
		rc = checked ? ff_set_choices(fm->v.st, f, path, checked) : ff_choose(fm->v.st, f, path, (size_t)index);
	}
	if (rc != FORMS_OK && rc != FORMS_INVALID) {
		form_refused(fm, rc);
		free(path);
		return;
	}
	fv_show(&fm->v, path);
	form_changed(s, path);
	free(path);
	/* A single choice is made: on to the next field. */
	if (!checked)
		form_step(s, 1);
}

/* Open the options of the focused choice field; filter: typed so far. */
void form_open_options(Screen *s, const char *filter)
{
	Form *fm = s->data;
	const FormItem *it = form_cur_field(fm);
	bool *checked = xcalloc(it->f->n_options + 1, sizeof *checked);
	for (size_t k = 0; k < it->f->n_options; k++)
		checked[k] = ff_option_chosen(fm->v.st, it->f, it->path, k);
	sm_push(dialog_options_new(it->f->label, it->f, it->f->type == FORM_MULTI, checked, filter, options_done, form_id_of(s)));
	free(checked);
}

/* A division chosen: the code in a division field, the full name before
 * the text of an address field. */
static void division_done(bool ok, int32_t code, void *ud)
{
	Screen *s = form_by_id(ud);
	if (!s || !ok)
		return;
	Form *fm = s->data;
	const FormItem *it = form_cur_field(fm);
	if (!it || !fm->le_path)
		return;
	char text[512];
	if (it->f->type == FORM_ADDRESS) {
		char name[256], *old = le_text(&fm->le);
		division_full_name(code, name, sizeof name);
		/* Names without spaces read as one address. */
		size_t o = 0;
		for (size_t i = 0; name[i] && o + 1 < sizeof name; i++)
			if (name[i] != ' ')
				name[o++] = name[i];
		name[o] = '\0';
		snprintf(text, sizeof text, "%s%s", name, strncmp(old, name, strlen(name)) == 0 ? old + strlen(name) : old);
		free(old);
		le_set(&fm->le, text);
		screen_dirty(s, DRAW_STATE);
		return;
	}
	snprintf(text, sizeof text, "%06d", (int)code);
	le_set(&fm->le, text);
	form_commit(s);
	form_step(s, 1);
}

/* The division picker for the focused field; filter: typed so far. */
void form_open_divisions(Screen *s, const char *filter)
{
	Form *fm = s->data;
	const FormItem *it = form_cur_field(fm);
	int32_t code = 0;
	if (it->f->type == FORM_DIVISION) {
		char *t = le_text(&fm->le);
		const Division *d = strlen(t) == 6 ? division_find6(t) : NULL;
		code = d ? d->code : 0;
		free(t);
	}
	sm_push(dialog_division_new(it->f->label, code, filter, division_done, form_id_of(s)));
}

/* The multi-line editor ended. */
static void textarea_done(const char *text, void *ud)
{
	Screen *s = form_by_id(ud);
	if (!s || !text)
		return;
	Form *fm = s->data;
	const FormItem *it = form_cur_field(fm);
	if (!it)
		return;
	char *path = xstrdup(it->path);
	char *old = ff_edit_text(fm->v.st, it->f, path);
	if (strcmp(old, text) != 0) {
		FormsRc rc = form_store_text(fm, path, text);
		if (rc != FORMS_OK && rc != FORMS_INVALID)
			form_refused(fm, rc);
		fv_show(&fm->v, path);
		form_changed(s, path);
	}
	free(old);
	free(path);
}

/* Open the multi-line editor, with a first character typed. */
void form_open_textarea(Screen *s, const char *typed)
{
	Form *fm = s->data;
	const FormItem *it = form_cur_field(fm);
	char *text = ff_edit_text(fm->v.st, it->f, it->path);
	char *with = xasprintf("%s%s", text, typed ? typed : "");
	int max = it->f->limits.max_length > 0 ? it->f->limits.max_length : 10000;
	sm_push(dialog_textarea_new(it->f->label, with, max, textarea_done, form_id_of(s)));
	free(text);
	free(with);
}

/* F4: the list of the focused field, if it has one. */
void form_act_list(Screen *s)
{
	Form *fm = s->data;
	const FormItem *it = form_cur_field(fm);
	if (!it || !ff_has_list(it->f)) {
		form_say(fm, false, "%s", _("This field has no list."));
		return;
	}
	if (form_locked_now(fm)) {
		form_act_override(s);
		return;
	}
	if (it->f->type == FORM_DIVISION || it->f->type == FORM_ADDRESS)
		form_open_divisions(s, NULL);
	else
		form_open_options(s, NULL);
}

/* ----------------------------------------------------------- tables */

/* The table the focused item belongs to, or NULL. */
const FormField *form_cur_table(const Form *fm)
{
	const FormItem *it = form_cur(fm);
	if (!it)
		return NULL;
	if (it->kind == FI_TABLE)
		return it->f;
	return it->table;
}

/* The first cell of row r of a table, or -1. */
int form_first_cell(const Form *fm, const char *key, int r)
{
	for (int i = 0; i < fm->v.n; i++) {
		const FormItem *it = &fm->v.items[i];
		if (it->kind == FI_CELL && it->row == r && strcmp(it->table->key, key) == 0)
			return i;
	}
	return -1;
}

/* A new row at the end of the table, the cursor in its first cell. */
void form_act_row_add(Screen *s)
{
	Form *fm = s->data;
	const FormField *t = form_cur_table(fm);
	if (!t) {
		form_say(fm, false, "%s", _("Rows are added in a table: move into one first."));
		return;
	}
	size_t rows = forms_row_count(fm->v.st, t->key);
	if (t->limits.max_items >= 0 && rows >= (size_t)t->limits.max_items) {
		form_say(fm, true, _("This table takes at most %d rows."), t->limits.max_items);
		return;
	}
	form_leave(s);
	int r = forms_row_add(fm->v.st, t->key);
	form_changed(s, t->key);
	form_move_to(s, form_first_cell(fm, t->key, r));
}

/* The row removal confirmed. */
static void row_remove_answer(bool yes, void *ud)
{
	Screen *s = form_by_id(ud);
	if (!s || !yes)
		return;
	Form *fm = s->data;
	const FormItem *it = form_cur(fm);
	if (!it || it->row < 0 || !it->table)
		return;
	char *key = xstrdup(it->table->key);
	int r = it->row;
	free(fm->le_path);
	fm->le_path = NULL;
	forms_row_remove(fm->v.st, key, (size_t)r);
	fv_forget_rows(&fm->v, key);
	form_changed(s, key);
	int rows = (int)forms_row_count(fm->v.st, key);
	int to = rows > 0 ? form_first_cell(fm, key, r < rows ? r : rows - 1) : fv_find(&fm->v, key);
	form_move_to(s, to);
	form_say(fm, false, _("Row %d removed."), r + 1);
	free(key);
}

/* Remove the row under the cursor, after asking. */
void form_act_row_remove(Screen *s)
{
	Form *fm = s->data;
	const FormItem *it = form_cur(fm);
	if (!it || it->row < 0 || !it->table) {
		form_say(fm, false, "%s", _("Put the cursor in the row to remove."));
		return;
	}
	char *label = text_clean(it->table->label, TEXT_ONE_LINE);
	char *q = xasprintf(_("Remove row %d of \"%s\"? What it holds is lost."), it->row + 1, label);
	sm_push(dialog_confirm_new(_("Remove row"), q, row_remove_answer, form_id_of(s)));
	free(q);
	free(label);
}

/* Space (bound to toggle): a yes/no field flips, a choice opens its list. */
void form_act_toggle(Screen *s)
{
	Form *fm = s->data;
	const FormItem *it = form_cur_field(fm);
	if (!it)
		return;
	if (form_locked_now(fm)) {
		form_act_override(s);
		return;
	}
	FieldEdit e = ff_edit(it->f);
	if (e == FE_CHOICE || e == FE_MULTI) {
		form_open_options(s, NULL);
		return;
	}
	if (e != FE_BOOL)
		return;
	char *path = xstrdup(it->path);
	FormsRc rc = fm->reason ? form_store_text(fm, path, cJSON_IsTrue(forms_get(fm->v.st, path)) ? "false" : "true")
				: ff_toggle_bool(fm->v.st, path);
	if (rc == FORMS_OK || rc == FORMS_INVALID)
		form_changed(s, path);
	else
		form_refused(fm, rc);
	free(path);
}
