/* form_keys: typing on the form screen, by how the focused field is
 * edited: text into the line editor (checked as typed on the message
 * line), a letter in a division field searches, a digit chooses, y / n
 * answer a yes/no field; a locked field takes nothing and says why. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "screens/form_screen.h"
#include "client/i18n.h"
#include "client/keymap.h"
#include "common/text.h"
#include "common/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ----------------------------------------------------------- typing */

/* A key on a locked field: nothing changes; say how to change it. */
static bool key_locked(Screen *s, int key, bool fn)
{
	Form *fm = s->data;
	bool edits = (!fn && key_is_typed(key)) || (fn && (key == KEY_BACKSPACE || key == KEY_DC)) ||
		     (!fn && key >= 0 && key < 0x20 && key != '\t' && key != '\n' && key != 27);
	if (!edits)
		return false;
	const FormItem *it = form_cur_field(fm);
	const FormsProvenance *p = forms_provenance(fm->v.st, it->path);
	char *src = text_clean(p ? p->source : "", TEXT_ONE_LINE);
	char *label = text_clean(it->f->label, TEXT_ONE_LINE);
	form_say(fm, true, _("%s is locked (from %s): Enter changes it, with a reason."), label, src);
	free(src);
	free(label);
	return true;
}

/* After each key in a line field: the check as typed on the message line. */
static void check_typed(Screen *s)
{
	Form *fm = s->data;
	const FormItem *it = form_cur_field(fm);
	char *text = le_text(&fm->le), msg[640];
	TypedCheck tc = ff_check_typed(it->f, it->path, text, msg, sizeof msg);
	free(text);
	if (tc == TC_OK)
		form_unsay(fm);
	else
		form_say(fm, tc == TC_BAD, "%s", msg);
}

/* A typed field: editing keys; a division field searches by name. */
static bool key_line(Screen *s, int key, bool fn)
{
	Form *fm = s->data;
	const FormItem *it = form_cur_field(fm);
	if (form_locked_now(fm))
		return key_locked(s, key, fn);
	if (!fm->le_path)
		return false;
	if (it->f->type == FORM_DIVISION && !fn && key_is_typed(key) && !(key >= '0' && key <= '9') && key != ' ') {
		char *t = le_text(&fm->le), u[8] = {0};
		text_utf8_encode((uint32_t)(key & ~KEYM_CHAR), u);
		bool digits = strpbrk(t, "0123456789") != NULL;
		char *filter = xasprintf("%s%s", digits ? "" : t, u);
		form_open_divisions(s, filter);
		free(filter);
		free(t);
		return true;
	}
	if (!le_key(&fm->le, key, fn))
		return false;
	check_typed(s);
	screen_dirty(s, DRAW_FIELD);
	return true;
}

/* The UTF-8 of a typed key. */
static void key_utf8(int key, char u[8])
{
	memset(u, 0, 8);
	text_utf8_encode((uint32_t)(key & ~KEYM_CHAR), u);
}

/* A textarea: typing opens the editor with the character in it. */
static bool key_textarea(Screen *s, int key, bool fn)
{
	if (fn || !key_is_typed(key) || key == ' ')
		return false;
	char u[8];
	key_utf8(key, u);
	form_open_textarea(s, u);
	return true;
}

/* A choice: a digit picks that option (and goes on), other typing opens
 * the list searching for it. */
static bool key_choice(Screen *s, int key, bool fn)
{
	Form *fm = s->data;
	const FormItem *it = form_cur_field(fm);
	if (fn || !key_is_typed(key) || key == ' ')
		return false;
	size_t k = (size_t)(key - '1');
	if (key >= '1' && key <= '9' && k < it->f->n_options && !fm->reason) {
		char *path = xstrdup(it->path);
		bool multi = it->f->type == FORM_MULTI;
		FormsRc rc = multi ? ff_toggle_option(fm->v.st, it->f, path, k) : ff_choose(fm->v.st, it->f, path, k);
		if (rc == FORMS_OK || rc == FORMS_INVALID) {
			form_changed(s, path);
			if (!multi)
				form_step(s, 1);
		} else {
			form_refused(fm, rc);
		}
		free(path);
		return true;
	}
	char u[8];
	key_utf8(key, u);
	form_open_options(s, u);
	return true;
}

/* Yes/no: y or 1 sets yes, n or 0 sets no; Space goes to the keymap. */
static bool key_bool(Screen *s, int key, bool fn)
{
	Form *fm = s->data;
	const FormItem *it = form_cur_field(fm);
	if (fn || !key_is_typed(key) || key == ' ')
		return false;
	int yes = strchr("yY1", key) ? 1 : strchr("nN0", key) ? 0 : -1;
	if (yes < 0)
		return true;
	if (cJSON_IsTrue(forms_get(fm->v.st, it->path)) == (yes == 1) && forms_get(fm->v.st, it->path))
		return true;
	form_act_toggle(s);
	return true;
}

/* Typed keys by how the focused field is edited. */
static bool (*const key_by_edit[])(Screen *s, int key, bool fn) = {
	[FE_LINE] = key_line, [FE_TEXTAREA] = key_textarea, [FE_CHOICE] = key_choice,
	[FE_MULTI] = key_choice, [FE_BOOL] = key_bool, [FE_TABLE] = NULL,
};

/* Keys go to the focused field first; what it does not take goes to the
 * keymap (Tab, Enter, F-keys …). */
bool form_on_key(Screen *s, int key, bool fn)
{
	Form *fm = s->data;
	const FormItem *it = form_cur_field(fm);
	if (!it)
		return false;
	FieldEdit e = ff_edit(it->f);
	if (e != FE_LINE && form_locked_now(fm) && !fn && key_is_typed(key) && key != ' ')
		return key_locked(s, key, fn);
	return key_by_edit[e] ? key_by_edit[e](s, key, fn) : false;
}
