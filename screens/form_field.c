/* form_field: editing per field type: how each type is edited, shown on
 * its line, hinted when empty and checked as typed; choices, toggles and
 * overrides stored through the form engine; the focused field's details
 * (provenance, lock, help) for the side pane or the detail line. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "screens/form_view.h"
#include "client/i18n.h"
#include "common/divisions.h"
#include "common/text.h"
#include "common/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef char *(*display_fn)(const FormField *f, const cJSON *v);

static char *show_text(const FormField *f, const cJSON *v);
static char *show_money(const FormField *f, const cJSON *v);
static char *show_enum(const FormField *f, const cJSON *v);
static char *show_multi(const FormField *f, const cJSON *v);
static char *show_bool(const FormField *f, const cJSON *v);
static char *show_division(const FormField *f, const cJSON *v);

/* One row per FormType: how it is edited, whether F4 has a list, its name
 * for the clerk, the hint when empty, and how a value looks. */
static const struct {
	FieldEdit edit;
	bool list;
	const char *name, *hint;
	display_fn show;
} types[FORM_TYPE__COUNT] = {
	[FORM_TEXT] = {FE_LINE, false, N_("text"), "", show_text},
	[FORM_TEXTAREA] = {FE_TEXTAREA, false, N_("text of several lines"), N_("Enter opens the editor"), show_text},
	[FORM_ID_NUMBER] = {FE_LINE, false, N_("identity document number"), N_("18 characters (old numbers 15), checked as typed"), show_text},
	[FORM_USCC] = {FE_LINE, false, N_("unified social credit code"), N_("18 characters, checked as typed"), show_text},
	[FORM_PHONE] = {FE_LINE, false, N_("mobile number"), N_("11 digits"), show_text},
	[FORM_DATE] = {FE_LINE, false, N_("date"), N_("YYYY-MM-DD or YYYYMMDD"), show_text},
	[FORM_ENUM] = {FE_CHOICE, true, N_("one choice"), "", show_enum},
	[FORM_MULTI] = {FE_MULTI, true, N_("several choices"), "", show_multi},
	[FORM_MONEY] = {FE_LINE, false, N_("amount in yuan"), N_("yuan"), show_money},
	[FORM_INTEGER] = {FE_LINE, false, N_("whole number"), "", show_text},
	[FORM_DIVISION] = {FE_LINE, true, N_("administrative division (GB/T 2260)"),
			   N_("6-digit code, or a name to search"), show_division},
	[FORM_ADDRESS] = {FE_LINE, true, N_("address"), N_("the list puts the district first"), show_text},
	[FORM_BOOL] = {FE_BOOL, false, N_("yes or no"), N_("Space toggles; y or n"), show_bool},
	[FORM_TABLE] = {FE_TABLE, false, N_("table of rows"), "", show_text},
};

/* The row of a type, safe for any value. */
static int ti(const FormField *f)
{
	return f && (int)f->type >= 0 && f->type < FORM_TYPE__COUNT ? (int)f->type : FORM_TEXT;
}

FieldEdit ff_edit(const FormField *f)
{
	return types[ti(f)].edit;
}

bool ff_has_list(const FormField *f)
{
	return types[ti(f)].list;
}

/* The numbered choices "1 男  2 女" (what a digit picks). */
static void numbered(const FormField *f, char *out, size_t n)
{
	out[0] = '\0';
	for (size_t k = 0; k < f->n_options; k++) {
		char *l = text_clean(f->options[k].label, TEXT_ONE_LINE);
		size_t len = strlen(out);
		if (k < 9)
			snprintf(out + len, n - len, "%s%zu %s", k ? "  " : "", k + 1, l);
		else
			snprintf(out + len, n - len, "%s%s", k ? "  " : "", l);
		free(l);
	}
}

void ff_hint(const FormField *f, char *out, size_t n)
{
	if (!f) {
		out[0] = '\0';
		return;
	}
	if (f->placeholder && *f->placeholder) {
		char *p = text_clean(f->placeholder, TEXT_ONE_LINE);
		snprintf(out, n, "%s", p);
		free(p);
		return;
	}
	if (f->type == FORM_ENUM || f->type == FORM_MULTI) {
		numbered(f, out, n);
		return;
	}
	const char *h = types[ti(f)].hint;
	snprintf(out, n, "%s", *h ? _(h) : "");
}

/* Text values as they are, on one line. */
static char *show_text(const FormField *f, const cJSON *v)
{
	char *raw = forms_value_text(f, v);
	char *clean = text_clean(raw, TEXT_ONE_LINE);
	free(raw);
	return clean;
}

/* An amount with its unit once it is a valid amount. */
static char *show_money(const FormField *f, const cJSON *v)
{
	char *t = show_text(f, v);
	if (!*t || (forms_value_empty(v)))
		return t;
	FormsErrors e;
	forms_errors_init(&e);
	bool ok = forms_check_value(f, v, f->key, NULL, &e) == 0;
	forms_errors_free(&e);
	if (!ok)
		return t;
	char *out = xasprintf(_("%s yuan"), t);
	free(t);
	return out;
}

/* The label of an option value (the value itself when unknown). */
static char *option_label(const FormField *f, const char *value)
{
	for (size_t k = 0; k < f->n_options; k++)
		if (strcmp(f->options[k].value, value) == 0)
			return text_clean(f->options[k].label, TEXT_ONE_LINE);
	return text_clean(value, TEXT_ONE_LINE);
}

static char *show_enum(const FormField *f, const cJSON *v)
{
	return cJSON_IsString(v) ? option_label(f, v->valuestring) : show_text(f, v);
}

/* Choices by label, joined with the enumeration comma. */
static char *show_multi(const FormField *f, const cJSON *v)
{
	if (!cJSON_IsArray(v))
		return show_text(f, v);
	char *out = xstrdup("");
	const cJSON *it;
	cJSON_ArrayForEach(it, v) {
		if (!cJSON_IsString(it))
			continue;
		char *l = option_label(f, it->valuestring);
		char *next = xasprintf("%s%s%s", out, *out ? _(", ") : "", l);
		free(l);
		free(out);
		out = next;
	}
	return out;
}

static char *show_bool(const FormField *f, const cJSON *v)
{
	if (cJSON_IsTrue(v))
		return xasprintf("[x] %s", _("Yes"));
	if (cJSON_IsFalse(v))
		return xasprintf("[ ] %s", _("No"));
	return xstrdup("[ ]");
}

/* A code with its full name when the table knows it. */
static char *show_division(const FormField *f, const cJSON *v)
{
	char *t = show_text(f, v);
	const Division *d = strlen(t) == 6 ? division_find6(t) : NULL;
	char name[256];
	if (!d || !division_full_name(d->code, name, sizeof name))
		return t;
	char *out = xasprintf("%s %s", t, name);
	free(t);
	return out;
}

char *ff_display(const FormState *st, const FormField *f, const char *path)
{
	const cJSON *v = forms_get(st, path);
	if (!f || (forms_value_empty(v) && f->type != FORM_BOOL))
		return xstrdup("");
	return types[ti(f)].show(f, v);
}

char *ff_edit_text(const FormState *st, const FormField *f, const char *path)
{
	char *raw = forms_get_text(st, path);
	char *clean = text_clean(raw, f && f->type == FORM_TEXTAREA ? TEXT_KEEP_NEWLINES : TEXT_ONE_LINE);
	free(raw);
	return clean;
}

/* "Too short so far" is not yet a mistake while typing. */
static bool pending(const FormsError *e)
{
	if (e->has_id)
		return e->id.failed == ID_ERR_LENGTH && e->id.length < e->id.expected_length;
	return e->code == FORMS_E_TOO_SHORT;
}

TypedCheck ff_check_typed(const FormField *f, const char *path, const char *text, char *out, size_t n)
{
	out[0] = '\0';
	cJSON *v = forms_value_from_text(f, text);
	if (!v)
		return TC_OK;
	FormsErrors e;
	forms_errors_init(&e);
	forms_check_value(f, v, path, NULL, &e);
	cJSON_Delete(v);
	TypedCheck rc = TC_OK;
	if (e.n > 0) {
		char msg[512], hint[512];
		fv_error_text(&e.v[0], msg, sizeof msg);
		rc = pending(&e.v[0]) ? TC_PENDING : TC_BAD;
		ff_hint(f, hint, sizeof hint);
		char *label = text_clean(f->label, TEXT_ONE_LINE);
		snprintf(out, n, _("%s: %s"), label, rc == TC_PENDING && *hint ? hint : msg);
		free(label);
	}
	forms_errors_free(&e);
	return rc;
}

FormsRc ff_store_text(FormState *st, const char *path, const char *text, const char *reason)
{
	FormsErrors e;
	forms_errors_init(&e);
	FormsRc rc = reason ? forms_override(st, path, text, reason, &e) : forms_set_text(st, path, text, &e);
	forms_errors_free(&e);
	return rc;
}

/* Store a value built here (taken). */
static FormsRc store(FormState *st, const char *path, cJSON *v)
{
	FormsRc rc = forms_set_value(st, path, v, NULL);
	cJSON_Delete(v);
	return rc;
}

FormsRc ff_choose(FormState *st, const FormField *f, const char *path, size_t k)
{
	if (k >= f->n_options)
		return FORMS_NO_FIELD;
	return store(st, path, cJSON_CreateString(f->options[k].value));
}

bool ff_option_chosen(const FormState *st, const FormField *f, const char *path, size_t k)
{
	const cJSON *v = forms_get(st, path), *it;
	if (k >= f->n_options)
		return false;
	if (cJSON_IsString(v))
		return strcmp(v->valuestring, f->options[k].value) == 0;
	if (!cJSON_IsArray(v))
		return false;
	cJSON_ArrayForEach(it, v)
		if (cJSON_IsString(it) && strcmp(it->valuestring, f->options[k].value) == 0)
			return true;
	return false;
}

FormsRc ff_set_choices(FormState *st, const FormField *f, const char *path, const bool *checked)
{
	cJSON *arr = cJSON_CreateArray();
	for (size_t k = 0; k < f->n_options; k++)
		if (checked[k])
			cJSON_AddItemToArray(arr, cJSON_CreateString(f->options[k].value));
	return store(st, path, arr);
}

FormsRc ff_toggle_option(FormState *st, const FormField *f, const char *path, size_t k)
{
	if (k >= f->n_options)
		return FORMS_NO_FIELD;
	bool *checked = xcalloc(f->n_options + 1, sizeof *checked);
	for (size_t i = 0; i < f->n_options; i++)
		checked[i] = ff_option_chosen(st, f, path, i);
	checked[k] = !checked[k];
	FormsRc rc = ff_set_choices(st, f, path, checked);
	free(checked);
	return rc;
}

FormsRc ff_toggle_bool(FormState *st, const char *path)
{
	return store(st, path, cJSON_CreateBool(!cJSON_IsTrue(forms_get(st, path))));
}

/* Limits in words, for the side pane ("" when none). */
static void limits_text(const FormField *f, char *out, size_t n)
{
	const FormLimits *l = &f->limits;
	out[0] = '\0';
	if (l->min_length >= 0 && l->max_length >= 0)
		snprintf(out, n, _("%d to %d characters"), l->min_length, l->max_length);
	else if (l->max_length >= 0)
		snprintf(out, n, _("at most %d characters"), l->max_length);
	else if (l->min_length >= 0)
		snprintf(out, n, _("at least %d characters"), l->min_length);
	else if (l->has_min && l->has_max)
		snprintf(out, n, _("%g to %g"), l->min, l->max);
	else if (l->has_min)
		snprintf(out, n, _("at least %g"), l->min);
	else if (l->has_max)
		snprintf(out, n, _("at most %g"), l->max);
	else if (l->max_items >= 0)
		snprintf(out, n, f->type == FORM_TABLE ? _("%d to %d rows") : _("%d to %d choices"),
			 l->min_items > 0 ? l->min_items : 0, l->max_items);
	else if (l->min_items > 0)
		snprintf(out, n, f->type == FORM_TABLE ? _("at least %d rows") : _("at least %d choices"), l->min_items);
}

/* Append one detail when there is room. */
static void detail(FieldDetail *d, int *k, int max, const char *name, const char *value, bool problem)
{
	if (*k >= max || !value || !*value)
		return;
	d[*k].name = name;
	snprintf(d[*k].value, sizeof d[*k].value, "%s", value);
	d[*k].problem = problem;
	(*k)++;
}

/* The lock state in words. */
static const char *lock_state(const FormState *st, const char *key)
{
	if (forms_override_reason(st, key))
		return _("changed at the window; the reason goes with the case");
	if (forms_locked(st, key))
		return _("locked: Enter changes it, with a reason");
	return _("prefilled; may be edited");
}

/* Provenance details of a top-level field. */
static void prov_details(const FormView *v, const FormItem *it, FieldDetail *d, int *k, int max)
{
	const FormsProvenance *p = it->kind == FI_FIELD ? forms_provenance(v->st, it->path) : NULL;
	if (!p)
		return;
	char *src = text_clean(p->source, TEXT_ONE_LINE), date[16];
	snprintf(date, sizeof date, "%.10s", p->as_of ? p->as_of : "");
	detail(d, k, max, _("Source"), src, false);
	detail(d, k, max, _("As of"), date, false);
	detail(d, k, max, _("State"), lock_state(v->st, it->path), false);
	const char *reason = forms_override_reason(v->st, it->path);
	if (reason) {
		char *r = text_clean(reason, TEXT_ONE_LINE);
		char *orig = forms_value_text(it->f, p->original);
		char *o = text_clean(orig, TEXT_ONE_LINE);
		detail(d, k, max, _("Reason"), r, false);
		detail(d, k, max, _("Was"), o, false);
		free(r);
		free(orig);
		free(o);
	}
	free(src);
}

int ff_details(const FormView *v, int i, FieldDetail *d, int max)
{
	int k = 0;
	if (i < 0 || i >= v->n || v->items[i].kind == FI_SECTION)
		return 0;
	const FormItem *it = &v->items[i];
	const FormField *f = it->f;
	char buf[512];
	char *label = text_clean(f->label, TEXT_ONE_LINE);
	detail(d, &k, max, _("Field"), label, false);
	free(label);
	detail(d, &k, max, _("Type"), _(types[ti(f)].name), false);
	if (it->required)
		detail(d, &k, max, _("Required"), _("yes"), false);
	limits_text(f, buf, sizeof buf);
	detail(d, &k, max, _("Limits"), buf, false);
	prov_details(v, it, d, &k, max);
	const FormsError *e = fv_item_error(v, it);
	if (e) {
		fv_error_text(e, buf, sizeof buf);
		detail(d, &k, max, _("Problem"), buf, true);
	}
	ff_hint(f, buf, sizeof buf);
	detail(d, &k, max, _("Hint"), buf, false);
	if (f->help && *f->help) {
		char *h = text_clean(f->help, TEXT_ONE_LINE);
		snprintf(buf, sizeof buf, _("%s (F1 opens it)"), h);
		free(h);
		detail(d, &k, max, _("Help"), buf, false);
	}
	return k;
}

void ff_detail_line(const FormView *v, int i, char *out, size_t n)
{
	out[0] = '\0';
	if (i < 0 || i >= v->n || v->items[i].kind == FI_SECTION)
		return;
	const FormItem *it = &v->items[i];
	const FormsProvenance *p = it->kind == FI_FIELD ? forms_provenance(v->st, it->path) : NULL;
	if (p) {
		char *src = text_clean(p->source, TEXT_ONE_LINE);
		const char *mark = forms_override_reason(v->st, it->path) ? fv_mark(FM_OVERRIDDEN)
				 : forms_locked(v->st, it->path) ? fv_mark(FM_LOCKED) : fv_mark(FM_PREFILLED);
		snprintf(out, n, "%s [%s %.10s] %s", mark, src, p->as_of ? p->as_of : "", lock_state(v->st, it->path));
		free(src);
		return;
	}
	/* A choice made hides its numbers: they are here. */
	if ((it->kind == FI_FIELD || it->kind == FI_CELL) && (it->f->type == FORM_ENUM || it->f->type == FORM_MULTI) &&
	    forms_get(v->st, it->path))
		numbered(it->f, out, n);
}
