/* screen_form: the form screen's keys and actions: typing into the field
 * under the cursor (checked as typed on the message line), Enter to commit
 * and go on, lists for choices and divisions, toggles, table rows, the
 * override of locked prefilled values with a reason, F1 help, F10 done
 * (or to the first problem), F3 back. Drawing is in form_draw.c. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "screens/screen_form.h"
#include "screens/form_dialogs.h"
#include "screens/form_screen.h"
#include "screens/screens.h"
#include "client/app.h"
#include "client/i18n.h"
#include "common/text.h"
#include "common/xalloc.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const FkeyDef form_fkeys[] = {
	FK(ACT_HELP), FK(ACT_SAVE_DRAFT), FK(ACT_BACK), FK_LABEL(ACT_CHOOSE, N_("List")), FK_LABEL(ACT_SUBMIT, N_("Done")),
	FK_LABEL(ACT_ROW_ADD, N_("Add row")), FK_LABEL(ACT_ROW_REMOVE, N_("Remove row")),
	FK_LABEL(ACT_OVERRIDE, N_("Change")), FK_LABEL(ACT_REVERT, N_("Revert")), FK_OTHER(ACT_CANCEL, N_("Undo")),
	FK_END,
};
static const Action form_help[] = {
	ACT_NEXT_FIELD, ACT_PREV_FIELD, ACT_DOWN, ACT_UP, ACT_PAGE_DOWN, ACT_PAGE_UP, ACT_SELECT,
	ACT_CHOOSE, ACT_TOGGLE, ACT_CANCEL, ACT_ROW_ADD, ACT_ROW_REMOVE, ACT_OVERRIDE, ACT_REVERT,
	ACT_SUBMIT, ACT_SAVE_DRAFT, ACT_BACK, ACT_HELP, ACT_REDRAW, ACT_NONE,
};

static struct {
	void (*fn)(const char *key, void *ud);
	void *ud;
} change_hook;
static struct {
	void (*fn)(const FormField *f, const char *path, void *ud);
	void *ud;
} help_hook;

void screen_form_on_change(void (*fn)(const char *key, void *ud), void *ud)
{
	change_hook.fn = fn;
	change_hook.ud = ud;
}

void screen_form_on_help(void (*fn)(const FormField *f, const char *path, void *ud), void *ud)
{
	help_hook.fn = fn;
	help_hook.ud = ud;
}

static struct {
	void (*fn)(const char *cursor, void *ud);
	void *ud;
} save_hook;

void screen_form_on_save(void (*fn)(const char *cursor, void *ud), void *ud)
{
	save_hook.fn = fn;
	save_hook.ud = ud;
}

/* Where the cursor was when a form last closed, and on which state: going
 * back to the same form (from the materials) puts it there again. */
static struct {
	const FormState *st;
	unsigned long gen;     /* its generation then (a new state at the same address has another) */
	char *focus;
	bool add_row;
} last;

/* Remember the focus of a form that closes. */
static void remember(const Form *fm)
{
	free(last.focus);
	last.st = fm->v.st;
	last.gen = forms_generation(fm->v.st);
	last.focus = fm->focus ? xstrdup(fm->focus) : NULL;
	last.add_row = fm->focus_add_row;
}

/* The screen of a callback's user data (its id), NULL when gone. */
Screen *form_by_id(void *ud)
{
	Screen *s = sm_find((unsigned)(uintptr_t)ud);
	return s && screen_is_form(s) ? s : NULL;
}

void *form_id_of(const Screen *s)
{
	return (void *)(uintptr_t)s->id;
}

/* The focused item, or NULL. */
const FormItem *form_cur(const Form *fm)
{
	return fm->fi >= 0 && fm->fi < fm->v.n ? &fm->v.items[fm->fi] : NULL;
}

/* A field or cell (something with a value of its own) under the cursor. */
const FormItem *form_cur_field(const Form *fm)
{
	const FormItem *it = form_cur(fm);
	return it && (it->kind == FI_FIELD || it->kind == FI_CELL) ? it : NULL;
}

/* The message line, only when it says something new. */
void form_say(Form *fm, bool error, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *m = xvasprintf(fmt, ap);
	va_end(ap);
	if (!app.message || strcmp(app.message, m) != 0 || app.message_error != error)
		app_message(error, "%s", m);
	free(m);
	fm->msg_mine = true;
	free(fm->msg_path);
	fm->msg_path = NULL;
}

/* Clear a message of ours (never one of the model's). */
void form_unsay(Form *fm)
{
	if (fm->msg_mine && app.message && *app.message)
		app_message(false, "%s", "");
	fm->msg_mine = false;
	free(fm->msg_path);
	fm->msg_path = NULL;
}

/* Whether the focused field is locked and no reason was given yet. */
bool form_locked_now(const Form *fm)
{
	const FormItem *it = form_cur_field(fm);
	return it && it->kind == FI_FIELD && forms_locked(fm->v.st, it->path) && !fm->reason;
}

/* Load the focused line field's text into the editor. */
void form_load_edit(Form *fm)
{
	free(fm->le_path);
	free(fm->le_orig);
	fm->le_path = fm->le_orig = NULL;
	if (!form_is_line(fm, fm->fi))
		return;
	const FormItem *it = form_cur(fm);
	fm->le_orig = ff_edit_text(fm->v.st, it->f, it->path);
	le_set(&fm->le, fm->le_orig);
	fm->le_path = xstrdup(it->path);
}

/* Whether the editor holds something else than it was loaded with. */
bool form_edit_changed(const Form *fm)
{
	if (!fm->le_path)
		return false;
	char *t = le_text(&fm->le);
	bool changed = strcmp(t, fm->le_orig) != 0;
	free(t);
	return changed;
}

/* Put the cursor on item i (or nothing when -1). */
static void focus_to(Form *fm, int i)
{
	free(fm->focus);
	fm->focus = NULL;
	fm->fi = i;
	fm->focus_add_row = false;
	if (i >= 0) {
		fm->focus = xstrdup(fm->v.items[i].path);
		fm->focus_add_row = fm->v.items[i].kind == FI_ADD_ROW;
	}
	free(fm->reason);
	fm->reason = NULL;
	form_load_edit(fm);
	form_scroll_to_focus(fm);
}

/* After a rebuild: find the focused item again by its path; when it went
 * (hidden, row removed) the nearest item from where it was. */
static void refocus(Form *fm)
{
	int i = fm->focus_add_row ? fv_find_add_row(&fm->v, fm->focus) : fv_find(&fm->v, fm->focus);
	if (i >= 0) {
		fm->fi = i;
		form_scroll_to_focus(fm);
		return;
	}
	int from = fm->fi < fm->v.n ? fm->fi : fm->v.n - 1;
	int next = from >= 0 && fv_focusable(&fm->v.items[from]) ? from : fv_next(&fm->v, from, 1);
	if (next < 0)
		next = fv_next(&fm->v, from + 1, -1);
	focus_to(fm, next);
}

/* The server's problems are told apart by their format. */
static const char server_msgid[] = "%1$s";

/* Whether every problem left is one of the server's. */
static bool only_server_errors(const Form *fm)
{
	for (int i = 0; i < fm->v.n; i++) {
		const FormsError *e = fv_item_error(&fm->v, &fm->v.items[i]);
		if (e && e->msgid != server_msgid)
			return false;
	}
	return true;
}

static void drop_server_errors(Form *fm)
{
	for (size_t i = 0; i < fm->n_server; i++) {
		free(fm->server[i].path);
		free(fm->server[i].message);
		cJSON_Delete(fm->server[i].value);
	}
	free(fm->server);
	fm->server = NULL;
	fm->n_server = 0;
}

/* The problems the server named (a refused draft): on their fields, in
 * the server's words, until the clerk changes the value. */
static void add_server_errors(Form *fm)
{
	bool any = false;
	for (size_t i = 0; i < fm->n_server; i++) {
		ServerError *se = &fm->server[i];
		const cJSON *now = forms_get(fm->v.st, se->path);
		bool same = now && se->value ? cJSON_Compare(now, se->value, true) : !now && !se->value;
		if (!same)
			continue;
		FormsErrors *e = &fm->v.errs;
		if (e->n == e->cap) {
			e->cap = e->cap ? e->cap * 2 : 8;
			e->v = xrealloc(e->v, e->cap * sizeof *e->v);
		}
		FormsError *fe = &e->v[e->n++];
		memset(fe, 0, sizeof *fe);
		fe->field = xstrdup(se->path);
		fe->code = FORMS_E_INVALID;
		fe->msgid = server_msgid;
		fe->args[0] = xstrdup(se->message);
		fv_show(&fm->v, se->path);
		any = true;
	}
	if (!any)
		return;
	/* Lines again: a shown problem takes a line under its field. */
	int line = 0;
	for (int i = 0; i < fm->v.n; i++) {
		FormItem *it = &fm->v.items[i];
		it->line = line;
		it->nlines = fv_shown_error(&fm->v, it) ? 2 : 1;
		line += it->nlines;
	}
	fm->v.lines = line;
}

/* The view again from the values, with the server's problems. */
static void view_rebuild(Form *fm)
{
	fv_rebuild(&fm->v);
	add_server_errors(fm);
}

/* Items, problems and lines again; the focus kept. */
static void rebuild(Screen *s)
{
	Form *fm = s->data;
	view_rebuild(fm);
	refocus(fm);
	screen_dirty(s, DRAW_STATE);
}

/* A change was stored at path: tell the listener, show it. */
void form_changed(Screen *s, const char *path)
{
	char *p = xstrdup(path);
	form_unsay(s->data);
	rebuild(s);
	if (change_hook.fn)
		change_hook.fn(p, change_hook.ud);
	free(p);
}

/* Store typed text (or a choice as text) at path; a locked field with a
 * reason is overridden, and going back to the source's value reverts it. */
FormsRc form_store_text(Form *fm, const char *path, const char *text)
{
	const FormField *f = forms_field(fm->v.schema, path);
	const FormsProvenance *prov = f ? forms_provenance(fm->v.st, path) : NULL;
	if (fm->reason && prov) {
		cJSON *v = forms_value_from_text(f, text);
		bool same = v && prov->original && cJSON_Compare(v, prov->original, true);
		cJSON_Delete(v);
		FormsRc rc = same ? forms_revert(fm->v.st, path) : ff_store_text(fm->v.st, path, text, fm->reason);
		free(fm->reason);
		fm->reason = NULL;
		return rc;
	}
	return ff_store_text(fm->v.st, path, text, NULL);
}

/* Say why the engine refused a change (its messages have no arguments). */
void form_refused(Form *fm, FormsRc rc)
{
	form_say(fm, true, "%s", _(forms_rc_msgid(rc)));
}

/* Store what was typed into the focused line field, if anything changed. */
void form_commit(Screen *s)
{
	Form *fm = s->data;
	if (!form_edit_changed(fm))
		return;
	char *text = le_text(&fm->le);
	char *path = xstrdup(fm->le_path);
	FormsRc rc = form_store_text(fm, path, text);
	if (rc == FORMS_OK || rc == FORMS_INVALID) {
		free(fm->le_orig);
		fm->le_orig = ff_edit_text(fm->v.st, form_cur(fm)->f, path);
		le_set(&fm->le, fm->le_orig);
		fv_show(&fm->v, path);
		form_changed(s, path);
	} else {
		form_refused(fm, rc);
	}
	free(text);
	free(path);
}

/* Leave the focused item: its text stored, its problems shown from now. */
void form_leave(Screen *s)
{
	Form *fm = s->data;
	form_commit(s);
	if (fm->focus && !fm->focus_add_row)
		fv_show(&fm->v, fm->focus);
	form_unsay(fm);
	rebuild(s);
}

/* Move to another item after leaving this one. */
void form_move_to(Screen *s, int i)
{
	Form *fm = s->data;
	if (i >= 0 && i < fm->v.n)
		focus_to(fm, i);
	screen_dirty(s, DRAW_STATE);
}

/* Next or previous item; at the ends the cursor stays and says so. */
void form_step(Screen *s, int dir)
{
	Form *fm = s->data;
	form_leave(s);
	int next = fv_next(&fm->v, fm->fi, dir);
	if (next < 0) {
		if (dir > 0)
			form_say(fm, false, "%s", _("This is the last field: F10 when the form is done."));
		return;
	}
	form_move_to(s, next);
}

static void act_next(Screen *s) { form_step(s, 1); }
static void act_prev(Screen *s) { form_step(s, -1); }

/* A page of lines down or up: the last item that starts within it. */
static void page(Screen *s, int dir)
{
	Form *fm = s->data;
	form_leave(s);
	int h = form_body_rows(fm);
	if (fm->fi < 0)
		return;
	int target = fm->v.items[fm->fi].line + dir * (h > 2 ? h - 1 : 1), best = -1;
	for (int i = fm->fi + dir; i >= 0 && i < fm->v.n; i += dir) {
		if (!fv_focusable(&fm->v.items[i]))
			continue;
		if (dir > 0 ? fm->v.items[i].line > target : fm->v.items[i].line < target)
			break;
		best = i;
	}
	if (best < 0)
		best = fv_next(&fm->v, fm->fi, dir);
	form_move_to(s, best);
}

static void act_page_down(Screen *s) { page(s, 1); }
static void act_page_up(Screen *s) { page(s, -1); }

/* The first or last item. */
static void act_top(Screen *s)
{
	form_leave(s);
	form_move_to(s, fv_first(&((Form *)s->data)->v));
}

static void act_bottom(Screen *s)
{
	Form *fm = s->data;
	form_leave(s);
	form_move_to(s, fv_next(&fm->v, fm->v.n, -1));
}

/* ---------------------------------------------------------- Enter etc. */

/* Enter: store and go on for typed fields, open the editor or the list
 * for the others, go into a table. */
static void act_enter(Screen *s)
{
	Form *fm = s->data;
	const FormItem *it = form_cur(fm);
	if (!it)
		return;
	if (it->kind == FI_ADD_ROW) {
		form_act_row_add(s);
		return;
	}
	if (it->kind == FI_TABLE) {
		if (forms_row_count(fm->v.st, it->path) == 0) {
			form_act_row_add(s);
			return;
		}
		form_leave(s);
		form_move_to(s, form_first_cell(fm, fm->focus, 0));
		return;
	}
	if (form_locked_now(fm)) {
		form_act_override(s);
		return;
	}
	/* An empty optional single choice: Enter goes on and leaves it empty
	 * (its list would start on the first option, and a second Enter would
	 * choose it unasked); F4, a digit or typing choose. */
	const cJSON *v = forms_get(fm->v.st, it->path);
	if (ff_edit(it->f) == FE_CHOICE && !it->required && (!v || cJSON_IsNull(v))) {
		form_step(s, 1);
		return;
	}
	switch (ff_edit(it->f)) {
	case FE_TEXTAREA: form_open_textarea(s, NULL); break;
	case FE_CHOICE: case FE_MULTI: form_open_options(s, NULL); break;
	default: form_step(s, 1); break;
	}
}

/* Esc: the edit of this field undone; a reason given and nothing changed
 * yet is dropped (the value stays locked). */
static void act_undo(Screen *s)
{
	Form *fm = s->data;
	if (form_edit_changed(fm)) {
		le_set(&fm->le, fm->le_orig);
		form_say(fm, false, "%s", _("Edit undone."));
	} else if (fm->reason) {
		free(fm->reason);
		fm->reason = NULL;
		form_say(fm, false, "%s", _("The value stays locked."));
	}
	screen_dirty(s, DRAW_STATE);
}

/* Answer once, then leave (the caller's done runs after the pop). */
static void answer(Screen *s, bool submitted)
{
	Form *fm = s->data;
	if (fm->answered)
		return;
	fm->answered = true;
	form_unsay(fm);
	remember(fm);
	sm_pop(s);
	if (fm->done)
		fm->done(submitted, fm->ud);
}

/* F3: back, keeping what was typed (stored in the state). */
static void act_back(Screen *s)
{
	form_commit(s);
	answer(s, false);
}

/* F10: done when nothing is wrong; else every problem shows and the cursor
 * goes to the first. */
static void act_done(Screen *s)
{
	Form *fm = s->data;
	form_leave(s);
	fm->v.show_all = true;
	rebuild(s);
	int n = fv_count_errors(&fm->v);
	/* The server's problems stop the first F10; the clerk who looked and
	 * keeps the value goes on with the second (the server checks again). */
	if (n > 0 && fm->server_shown && only_server_errors(fm)) {
		drop_server_errors(fm);
		rebuild(s);
		n = fv_count_errors(&fm->v);
	}
	if (n == 0) {
		answer(s, true);
		return;
	}
	fm->server_shown = fm->n_server > 0;
	int first = fv_first_error(&fm->v);
	form_move_to(s, first);
	char msg[512] = "";
	const FormsError *e = fv_item_error(&fm->v, &fm->v.items[first]);
	if (e)
		fv_error_text(e, msg, sizeof msg);
	char *label = text_clean(fm->v.items[first].f->label, TEXT_ONE_LINE);
	form_say(fm, true, ngettext("%d field needs attention. %s: %s", "%d fields need attention. The first, %s: %s", n), n,
	    label, msg);
	fm->msg_path = xstrdup(fm->v.items[first].path);
	free(label);
}

/* F2: what is typed stored, then the listener saves the draft. */
static void act_save(Screen *s)
{
	Form *fm = s->data;
	form_commit(s);
	if (save_hook.fn)
		save_hook.fn(fm->focus, save_hook.ud);
}

/* F1: the field's help (the caller's knowledge base, or what we know). */
static void act_help(Screen *s)
{
	Form *fm = s->data;
	const FormItem *it = form_cur(fm);
	if (!it || !it->f) {
		sm_push(screen_help_new(s));
		return;
	}
	if (help_hook.fn) {
		help_hook.fn(it->f, it->path, help_hook.ud);
		return;
	}
	FieldDetail d[16];
	int n = ff_details(&fm->v, fm->fi, d, 16);
	char *text = xstrdup("");
	for (int k = 1; k < n; k++) {
		char *pair = xasprintf(_("%s: %s"), d[k].name, d[k].value);
		char *next = xasprintf("%s%s\n", text, pair);
		free(pair);
		free(text);
		text = next;
	}
	char *all = xasprintf("%s%s", text,
			      it->f->help && *it->f->help ? _("The knowledge base is not available yet: the help article above opens here once it is.")
							  : _("This field has no help article."));
	sm_push(dialog_info_new(it->f->label, all, s));
	free(all);
	free(text);
}

static const struct { Action a; void (*run)(Screen *s); } form_actions[] = {
	{ACT_NEXT_FIELD, act_next}, {ACT_DOWN, act_next}, {ACT_PREV_FIELD, act_prev}, {ACT_UP, act_prev},
	{ACT_PAGE_DOWN, act_page_down}, {ACT_PAGE_UP, act_page_up}, {ACT_TOP, act_top}, {ACT_BOTTOM, act_bottom},
	{ACT_SELECT, act_enter}, {ACT_CHOOSE, form_act_list}, {ACT_TOGGLE, form_act_toggle}, {ACT_CANCEL, act_undo},
	{ACT_BACK, act_back}, {ACT_SUBMIT, act_done}, {ACT_HELP, act_help}, {ACT_ROW_ADD, form_act_row_add},
	{ACT_ROW_REMOVE, form_act_row_remove}, {ACT_OVERRIDE, form_act_override}, {ACT_REVERT, form_act_revert},
	{ACT_SAVE_DRAFT, act_save},
};

/* Actions from the table. */
static bool form_action(Screen *s, Action a)
{
	for (size_t i = 0; i < sizeof form_actions / sizeof form_actions[0]; i++)
		if (form_actions[i].a == a) {
			form_actions[i].run(s);
			return true;
		}
	return false;
}

/* Whether an action does something here now (the bar dims the others). */
static bool form_can(Screen *s, Action a)
{
	Form *fm = s->data;
	const FormItem *it = form_cur(fm), *fld = form_cur_field(fm);
	const FormField *t = form_cur_table(fm);
	switch (a) {
	case ACT_ROW_ADD:
		return t && !(t->limits.max_items >= 0 &&
			      forms_row_count(fm->v.st, t->key) >= (size_t)t->limits.max_items);
	case ACT_ROW_REMOVE: return it && it->row >= 0;
	case ACT_OVERRIDE: return form_locked_now(fm);
	case ACT_REVERT: return fld && fld->kind == FI_FIELD && forms_provenance(fm->v.st, fld->path) && !form_locked_now(fm);
	case ACT_CHOOSE: return fld && ff_has_list(fld->f);
	case ACT_CANCEL: return form_edit_changed(fm) || fm->reason;
	case ACT_SAVE_DRAFT: return save_hook.fn != NULL;
	default: return true;
	}
}

/* ----------------------------------------------------------- screen */

static void form_layout(Screen *s, int y, int x, int h, int w)
{
	Form *fm = s->data;
	form_windows(fm, y, x, h, w);
	WINDOW *wins[SCREEN_MAXWIN] = {fm->head, fm->body, fm->foot, fm->side, NULL, NULL};
	memcpy(s->win, wins, sizeof wins);
}

/* Everything on a new frame or a state change; only the typed-into value
 * while typing. The model's changes (messages, queue) are not ours. */
static void form_draw(Screen *s, unsigned what)
{
	Form *fm = s->data;
	if (what & (DRAW_ALL | DRAW_STATE))
		form_draw_all(fm);
	else if (what & DRAW_FIELD)
		form_draw_field(fm);
}

static bool form_cursor(Screen *s, WINDOW **win, int *y, int *x)
{
	return form_cursor_at(s->data, win, y, x);
}

/* The field F10 named was filled meanwhile (a late prefill): its problem
 * goes from the message line too. */
static void drop_solved_problem(Form *fm)
{
	int i = fm->msg_path ? fv_find(&fm->v, fm->msg_path) : -1;
	if (fm->msg_path && (i < 0 || !fv_item_error(&fm->v, &fm->v.items[i])))
		form_unsay(fm);
}

/* Back on top (a dialog closed): the values may have changed. */
static void form_enter(Screen *s)
{
	Form *fm = s->data;
	view_rebuild(fm);
	refocus(fm);
	drop_solved_problem(fm);
}

static void form_destroy(Screen *s)
{
	Form *fm = s->data;
	if (!fm->answered && fm->done) {
		fm->answered = true;
		fm->done(false, fm->ud);
	}
	fv_free(&fm->v);
	le_free(&fm->le);
	free(fm->le_path);
	free(fm->le_orig);
	free(fm->focus);
	free(fm->reason);
	free(fm->msg_path);
	drop_server_errors(fm);
	form_free_windows(fm);
	memset(s->win, 0, sizeof s->win);
	free(fm);
}

static const ScreenOps form_ops = {
	.name = "form",
	.context = KC_FORM,
	.text_input = true,
	.fkeys = form_fkeys,
	.help = form_help,
	.layout = form_layout,
	.draw = form_draw,
	.on_key = form_on_key,
	.on_action = form_action,
	.can = form_can,
	.cursor = form_cursor,
	.enter = form_enter,
	.destroy = form_destroy,
};

bool screen_is_form(const Screen *s)
{
	return s && s->ops == &form_ops;
}

/* Where the clerk starts: where the cursor was when this state's form
 * last closed; else the first field with nothing in it that is not locked
 * (prefill did the rest); else the first field. */
static int start_item(const FormView *v)
{
	if (last.st == v->st && last.gen == forms_generation(v->st) && last.focus) {
		int i = last.add_row ? fv_find_add_row(v, last.focus) : fv_find(v, last.focus);
		if (i >= 0)
			return i;
	}
	for (int i = fv_first(v); i >= 0; i = fv_next(v, i, 1)) {
		const FormItem *it = &v->items[i];
		if (it->kind == FI_FIELD && !forms_get(v->st, it->path) && !forms_locked(v->st, it->path))
			return i;
		if (it->kind == FI_TABLE && forms_row_count(v->st, it->path) == 0)
			return i;
	}
	return fv_first(v);
}

/* The server's FieldError[] ("form.values.applicant.phone") kept for the
 * fields of this form, with the value each had then. */
static void take_server_errors(Form *fm, const cJSON *errors)
{
	static const char prefix[] = "form.values.";
	const cJSON *e;
	cJSON_ArrayForEach(e, errors) {
		const cJSON *f = cJSON_GetObjectItemCaseSensitive(e, "field");
		const cJSON *m = cJSON_GetObjectItemCaseSensitive(e, "message");
		if (!cJSON_IsString(f) || strncmp(f->valuestring, prefix, sizeof prefix - 1) != 0)
			continue;
		const char *path = f->valuestring + sizeof prefix - 1;
		char *key = xstrdup(path), *br = strchr(key, '[');
		if (br)
			*br = '\0';
		bool known = forms_field(fm->v.schema, key) != NULL;
		free(key);
		if (!known)
			continue;
		fm->server = xrealloc(fm->server, (fm->n_server + 1) * sizeof *fm->server);
		ServerError *se = &fm->server[fm->n_server++];
		se->path = xstrdup(path);
		se->message = text_clean(cJSON_IsString(m) ? m->valuestring : _("refused by the server"), TEXT_ONE_LINE);
		const cJSON *v = forms_get(fm->v.st, path);
		se->value = v ? cJSON_Duplicate(v, true) : NULL;
	}
}

void screen_form_open_at(const FormSchema *schema, FormState *st, const char *cursor, const cJSON *errors,
			 void (*done)(bool submitted, void *ud), void *ud)
{
	Form *fm = xcalloc(1, sizeof *fm);
	fv_init(&fm->v, schema, st);
	le_init(&fm->le, 2000, false);
	fm->done = done;
	fm->ud = ud;
	fm->fi = -1;
	take_server_errors(fm, errors);
	if (fm->n_server)
		view_rebuild(fm);
	int at = cursor ? fv_find(&fm->v, cursor) : -1;
	focus_to(fm, at >= 0 ? at : start_item(&fm->v));
	sm_push(screen_new(&form_ops, fm));
}

void screen_form_open(const FormSchema *schema, FormState *st, void (*done)(bool submitted, void *ud), void *ud)
{
	screen_form_open_at(schema, st, NULL, NULL, done, ud);
}

const char *screen_form_focus(void)
{
	Screen *s = sm_find_ops(&form_ops);
	return s ? ((Form *)s->data)->focus : NULL;
}

void screen_form_refresh(void)
{
	Screen *s = sm_find_ops(&form_ops);
	if (!s)
		return;
	Form *fm = s->data;
	bool typing = form_edit_changed(fm);
	view_rebuild(fm);
	refocus(fm);
	/* What the clerk is typing stays; the rest shows the new values. */
	if (!typing)
		form_load_edit(fm);
	drop_solved_problem(fm);
	screen_dirty(s, DRAW_STATE);
}
