/* form_view: the form screen's model without curses: the items the clerk
 * moves through (section headings, fields, tables with their rows and
 * cells), their lines and columns, the text of each part of a line, and
 * editing per field type. Shared by screen_form.c (keys and drawing),
 * form_layout.c (items, lines, columns) and form_field.c (per type);
 * unit-tested as strings, no terminal needed. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef YC_SCREENS_FORM_VIEW_H
#define YC_SCREENS_FORM_VIEW_H
#include <stdbool.h>
#include <stddef.h>
#include "forms/forms.h"

typedef enum FormItemKind {
	FI_SECTION,  /* a section's heading */
	FI_FIELD,    /* a top-level field other than a table */
	FI_TABLE,    /* a table's own line: label and number of rows */
	FI_ROW,      /* the heading of one table row */
	FI_CELL,     /* one cell of a table row */
	FI_ADD_ROW,  /* "add a row" under a table */
} FormItemKind;

typedef struct FormItem {
	FormItemKind kind;
	const FormSection *sec;  /* the section it is in */
	const FormField *f;      /* the field; a cell's sub-field; the table for FI_TABLE/ROW/ADD_ROW */
	const FormField *table;  /* the table of rows, cells and add-row, else NULL */
	char *path;              /* "key" or "key[row].sub"; the table's key for its own items */
	int row;                 /* table row, else -1 */
	int depth;               /* indent steps: 0 top level, 1 row heading, 2 cell */
	bool required;           /* required under the current values */
	int line;                /* first line of the item */
	int nlines;              /* 1, or 2 when its error shows under it */
} FormItem;

typedef struct FormView {
	const FormSchema *schema;
	FormState *st;
	FormItem *items;
	int n, cap;
	int lines;               /* lines of all items */
	FormsErrors errs;        /* every problem of the values now */
	char **shown;            /* paths whose problems show: fields the clerk left */
	int nshown, capshown;
	bool show_all;           /* after F10: every problem shows */
} FormView;

/* The view borrows schema and state (the caller's). */
void fv_init(FormView *v, const FormSchema *s, FormState *st);
void fv_free(FormView *v);
/* Items again from the schema and the values (what is visible, rows,
 * required), the problems, and the lines. Call after every change. */
void fv_rebuild(FormView *v);
/* Whether the cursor can stop on an item. */
bool fv_focusable(const FormItem *it);
/* The item of a path (kind FI_TABLE for a table's key), or -1. */
int fv_find(const FormView *v, const char *path);
/* The add-row item of a table key, or -1. */
int fv_find_add_row(const FormView *v, const char *table_key);
/* The next focusable item after from in direction dir (+1 / -1), or -1. */
int fv_next(const FormView *v, int from, int dir);
/* The first focusable item, or -1. */
int fv_first(const FormView *v);
/* Show the problems of path from now on (it lost the focus). */
void fv_show(FormView *v, const char *path);
/* Forget shown problems of a table's cells (rows moved). */
void fv_forget_rows(FormView *v, const char *table_key);
/* The problem shown on an item's line, or NULL: once the item was left
 * (fv_show), except "required", which shows after F10 (show_all). */
const FormsError *fv_shown_error(const FormView *v, const FormItem *it);
/* The first problem of an item, shown or not, or NULL. */
const FormsError *fv_item_error(const FormView *v, const FormItem *it);
/* Items with a problem (shown or not). */
int fv_count_errors(const FormView *v);
/* The first item with a problem, or -1. */
int fv_first_error(const FormView *v);
/* A problem's message, translated. */
void fv_error_text(const FormsError *e, char *out, size_t n);

/* Where the parts of a line go in a pane of width columns. */
typedef struct FormCols {
	int label_x;   /* after the focus mark */
	int label_w;   /* including indent and required mark */
	int value_x, value_w;
	int mark_x;    /* two columns: provenance, problem */
} FormCols;
void fv_cols(const FormView *v, int width, FormCols *c);

/* The parts of an item's line as text. */
typedef struct FormLineParts {
	char label[512];       /* indent, label and required mark */
	char value[2048];      /* what the value looks like, or the hint */
	bool hint;             /* value is a hint (drawn dim) */
	const char *prov;      /* provenance mark, or "" */
	const char *problem;   /* problem mark, or "" */
	char error[1024];      /* the problem's message under the line, or "" */
} FormLineParts;
void fv_parts(const FormView *v, int i, FormLineParts *p);
/* Line k (0 or 1) of item i as plain text in width columns, as drawn
 * (tests and the screen share it): focus mark, label, value, marks. */
void fv_line_text(const FormView *v, int i, int k, int width, bool focused, char *out, size_t n);

/* Marks without colour: UTF-8 when the locale has it, else ASCII. */
typedef enum FormMark {
	FM_FOCUS, FM_LOCKED, FM_OVERRIDDEN, FM_PREFILLED, FM_PROBLEM, FM_RULE, FM_MORE_UP, FM_MORE_DOWN, FM_COUNT
} FormMark;
const char *fv_mark(FormMark m);

/* ------------------------------------------------ per field type (form_field.c) */

/* How a field is edited. */
typedef enum FieldEdit {
	FE_LINE,      /* typed on its line (text, identifiers, date, numbers, division, address) */
	FE_TEXTAREA,  /* a multi-line editor over the form */
	FE_CHOICE,    /* enum: a digit or the F4 list */
	FE_MULTI,     /* multi: digits toggle, or the F4 list */
	FE_BOOL,      /* Space toggles */
	FE_TABLE,     /* rows of cells */
} FieldEdit;
FieldEdit ff_edit(const FormField *f);
/* F4 opens a list: choices, divisions (and the district of an address). */
bool ff_has_list(const FormField *f);
/* A short hint for an empty field (translated): the placeholder, the
 * numbered choices, or what the type takes. */
void ff_hint(const FormField *f, char *out, size_t n);
/* What the value at path looks like on its line (one line, clean); ""
 * when empty. Caller frees. */
char *ff_display(const FormState *st, const FormField *f, const char *path);
/* The text the clerk edits for the value at path (clean). Caller frees. */
char *ff_edit_text(const FormState *st, const FormField *f, const char *path);

/* What typed text is worth while it is being typed. */
typedef enum TypedCheck { TC_OK, TC_PENDING, TC_BAD } TypedCheck;
/* The check of text as typed into f (type and limits, not required): the
 * failing rule (and the expected check digit) in out. TC_PENDING: only too
 * short so far; out then says what the field takes (the same text for
 * every key, so the message line costs nothing while the clerk types). */
TypedCheck ff_check_typed(const FormField *f, const char *path, const char *text, char *out, size_t n);

/* Store typed text at path; with a reason the locked field is overridden
 * (forms_override). Returns the engine's result. */
FormsRc ff_store_text(FormState *st, const char *path, const char *text, const char *reason);
/* Choose option k of an enum / toggle it in a multi, at path. */
FormsRc ff_choose(FormState *st, const FormField *f, const char *path, size_t k);
FormsRc ff_toggle_option(FormState *st, const FormField *f, const char *path, size_t k);
/* Set a multi's choices (checked[k] for each option). */
FormsRc ff_set_choices(FormState *st, const FormField *f, const char *path, const bool *checked);
/* Flip a yes/no field (empty counts as no). */
FormsRc ff_toggle_bool(FormState *st, const char *path);
/* Whether option k is chosen at path (enum or multi). */
bool ff_option_chosen(const FormState *st, const FormField *f, const char *path, size_t k);

/* The focused field's details for the side pane or the detail line:
 * name/value pairs (translated names). Returns how many (at most max). */
typedef struct FieldDetail {
	const char *name;
	char value[512];
	bool problem;
} FieldDetail;
int ff_details(const FormView *v, int i, FieldDetail *d, int max);
/* One line of the same for narrow screens: the provenance, or the
 * numbered choices of a choice already made, else "" (the hint of an
 * empty field is on its own line). */
void ff_detail_line(const FormView *v, int i, char *out, size_t n);

#endif
