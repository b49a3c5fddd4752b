/* screen_review: 受理: everything that will be submitted, once more, then
 * F10 submits it through the outbox. The submission has one idempotency
 * key: pressing F10 again while it is sent does nothing, after a failure
 * the outbox sends the very same request again (by itself, or at once on
 * F10), so there is never a second case; offline it waits in the outbox
 * and the intake may close. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "screens/intake_ui.h"
#include "screens/draw.h"
#include "screens/form_view.h"
#include "screens/format.h"
#include "screens/listview.h"
#include "screens/pager.h"
#include "screens/screen_form.h"
#include "client/app.h"
#include "client/i18n.h"
#include "client/receipt.h"
#include "common/jsonx.h"
#include "common/text.h"
#include "common/xalloc.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct Review {
	WINDOW *strip, *body;
	int strip_rows;
	Paras content;
	PLine *lines;
	int n, top, width, rows;
	unsigned gen;
} Review;

static const FkeyDef review_fkeys[] = {
	FK_LABEL(ACT_SUBMIT, N_("Submit")), FK_LABEL(ACT_BACK, N_("Materials")), FK_LABEL(ACT_SAVE_DRAFT, N_("Save")),
	FK_LABEL(ACT_PAGE_DOWN, N_("Scroll")), FK_LABEL(ACT_APPLICANT, N_("Applicant")), FK(ACT_HELP), FK_END,
};
static const Action review_help[] = {
	ACT_SUBMIT, ACT_BACK, ACT_SAVE_DRAFT, ACT_UP, ACT_DOWN, ACT_PAGE_UP, ACT_PAGE_DOWN, ACT_APPLICANT, ACT_HELP, ACT_NONE,
};

enum { LW = 16 };

/* One form field as "label value", with its source or override. */
static void field_para(Paras *p, const Intake *in, const FormField *f)
{
	const cJSON *v = forms_get(in->form, f->key);
	if (!v || forms_value_empty(v) || !forms_visible(in->form, f->key))
		return;
	char *text;
	if (f->type == FORM_TABLE)
		text = xasprintf(_("%zu row(s)"), forms_row_count(in->form, f->key));
	else
		text = ff_display(in->form, f, f->key); /* choices by their labels, as the form shows them */
	const FormsProvenance *pv = forms_provenance(in->form, f->key);
	const char *reason = forms_override_reason(in->form, f->key);
	char *shown;
	if (reason)
		shown = xasprintf(_("%s  (changed: %s)"), text, reason);
	else if (pv)
		shown = xasprintf("%s  [%s]", text, pv->source ? pv->source : "");
	else
		shown = xstrdup(text);
	paras_field(p, LW, f->label, reason ? R_ERROR : R_NORMAL, shown);
	free(shown);
	free(text);
}

/* The names of the rows in one status, joined. */
static void status_list(Paras *p, const Intake *in, MatStatus st, const char *label)
{
	char buf[2048];
	size_t o = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < in->n_mat; i++) {
		if (in->mat[i].status != st)
			continue;
		int k = snprintf(buf + o, sizeof buf - o, "%s%s", o ? "、" : "", in->mat[i].name);
		if (k < 0 || (size_t)k >= sizeof buf - o)
			break;
		o += (size_t)k;
	}
	if (o)
		paras_field(p, LW, label, R_NORMAL, buf);
}

/* The submission's state, when there is something to say. */
static void submit_paras(Paras *p, const Intake *in)
{
	const Submission *sb = &in->sub;
	if (sb->state == SUB_SENDING) {
		paras_add(p, R_STRONG, 0, "%s", _("Submitting… (F10 again does nothing until the server answers)"));
	} else if (sb->state == SUB_QUEUED) {
		paras_add(p, R_STRONG, 0,
			  _("Queued: this case is sent by itself when the server is back (%d waiting). Enter: back to the "
			    "queue."),
			  app.outbox_waiting > 0 ? app.outbox_waiting : 1);
	} else if (sb->state == SUB_UNKNOWN) {
		paras_add(p, R_ERROR, 0, _("%s The server did not confirm the case (%s). F10 sends the very same "
					  "submission again: it can never make a second case. Meanwhile the outbox "
					  "sends it again by itself."),
			  glyph(G_ERROR), sb->message ? sb->message : "?");
	} else if (sb->state == SUB_REFUSED) {
		paras_add(p, R_ERROR, 0, _("%s The server refused the case: %s"), glyph(G_ERROR),
			  sb->message ? sb->message : "?");
		const cJSON *e;
		cJSON_ArrayForEach(e, sb->errors)
			paras_add_hang(p, R_ERROR, 2, 2, "%s: %s", json_str(e, "field", ""), json_str(e, "message", ""));
		paras_add(p, R_NORMAL, 0, "%s",
			  cJSON_GetArraySize(sb->errors) > 0
				  ? _("Go back (F3) to the form: the fields named are marked; correct them, then submit again.")
				  : _("Go back (F3) to correct it, then submit again."));
	}
}

static void build(Review *rv, const Intake *in)
{
	Paras *p = &rv->content;
	paras_free(p);
	submit_paras(p, in);
	if (p->n)
		paras_add(p, R_NORMAL, 0, " ");
	char idm[40], line[512];
	id_mask(in->holder, idm, sizeof idm);
	const char *name = intake_applicant_name(in);
	snprintf(line, sizeof line, "%s  %s", name, idm);
	paras_field(p, LW, _("Applicant"), R_STRONG, line);
	paras_field(p, LW, _("Matter"), R_STRONG, in->title ? in->title : "");
	if (in->bundle_id)
		for (size_t i = 0; i < in->n_matters; i++)
			paras_add(p, R_NORMAL, LW, "- %s", json_str(in->guides[i], "name", in->matters[i]));
	char due[11];
	receipt_due_date(in, time(NULL), due);
	paras_field(p, LW, _("Promised by"), R_NORMAL, due);
	paras_add(p, R_NORMAL, 0, " ");
	paras_add(p, R_TITLE, 0, "%s", _("Materials"));
	status_list(p, in, MS_SUBMITTED, _("Received"));
	status_list(p, in, MS_ELICENSE, _("E-license"));
	status_list(p, in, MS_DEFERRED, _("Later (容缺)"));
	status_list(p, in, MS_MISSING, _("Not handed in"));
	if (in->form) {
		paras_add(p, R_NORMAL, 0, " ");
		snprintf(line, sizeof line, _("Form (%d fields from shared data)"), in->prefilled);
		paras_add(p, R_TITLE, 0, "%s", line);
		for (size_t i = 0; i < in->schema->n_index; i++)
			field_para(p, in, in->schema->index[i]);
	}
	plines_free(rv->lines, rv->n);
	rv->lines = NULL;
	rv->n = rv->width > 0 ? paras_wrap(p, rv->width, &rv->lines) : 0;
	rv->gen = in->gen;
}

static void review_layout(Screen *s, int y, int x, int h, int w)
{
	Review *rv = s->data;
	Intake *in = intake_current();
	rv->strip_rows = in ? iui_strip_rows(in) : 0;
	if (rv->strip_rows > h / 3)
		rv->strip_rows = h / 3 >= 2 ? 2 : 0;
	rv->strip = draw_window(rv->strip, rv->strip_rows, w, y, x);
	rv->body = draw_window(rv->body, h - rv->strip_rows, w, y + rv->strip_rows, x);
	s->win[0] = rv->strip;
	s->win[1] = rv->body;
	rv->width = w - 4;
	rv->rows = h - rv->strip_rows - 2;
	if (in)
		build(rv, in);
}

static void review_draw(Screen *s, unsigned what)
{
	Review *rv = s->data;
	Intake *in = intake_current();
	if (!in)
		return;
	if (rv->strip_rows != iui_strip_rows(in) && rv->strip_rows >= 2)
		review_layout(s, s->y, s->x, s->h, s->w);
	else if (rv->gen != in->gen || ((what & CH_DRAFTS) && in->sub.state == SUB_QUEUED))
		build(rv, in); /* the count waiting shows while queued */
	if (rv->strip) {
		werase(rv->strip);
		iui_draw_strip(rv->strip, 0, 1, getmaxx(rv->strip) - 2, in);
		wnoutrefresh(rv->strip);
	}
	if (!rv->body)
		return;
	werase(rv->body);
	draw_frame(rv->body, R_BORDER, _("Review, then submit (F10)"), R_TITLE);
	plines_draw(rv->body, 1, 2, rv->width, rv->rows, rv->lines, rv->n, rv->top);
	wnoutrefresh(rv->body);
}

/* The outbox had an answer for the submission (or gave up for now). */
static void submitted(bool ok, void *ud)
{
	Intake *in = intake_current();
	if (ok) {
		app_message(false, _("Case %s accepted."), json_str(in ? in->sub.created : NULL, "number", "?"));
		intake_flow_receipt();
	} else if (in && in->sub.state == SUB_UNKNOWN) {
		app_message(true, _("Not confirmed (%s): sent again by itself soon; F10 tries now with the same submission."),
			    in->sub.message ? in->sub.message : "?");
	} else if (in && in->sub.state == SUB_REFUSED) {
		app_message(true, _("Refused: %s"), in->sub.message ? in->sub.message : "?");
	}
}

/* F10. */
static void submit(Screen *s, Intake *in)
{
	if (in->sub.state == SUB_DONE) {
		intake_flow_receipt();
		return;
	}
	if (in->sub.state == SUB_SENDING) {
		app_message(false, "%s", _("Already submitting: waiting for the server."));
		return;
	}
	bool again = in->sub.state == SUB_UNKNOWN || in->sub.state == SUB_QUEUED;
	if (!intake_submit(in, submitted, NULL)) {
		if (in->sub.message)
			app_message(true, _("Not submitted: %s"), in->sub.message);
	} else if (in->sub.state == SUB_QUEUED) {
		app_message(false, "%s", _("Queued: the case is sent by itself when the server is back."));
	} else {
		app_message(false, "%s", again ? _("Submitting again with the same key…") : _("Submitting…"));
	}
	screen_dirty(s, DRAW_STATE);
}

/* Back to the form with the fields the server refused marked. */
static bool back_to_refused_fields(Intake *in)
{
	if (in->sub.state != SUB_REFUSED || cJSON_GetArraySize(in->sub.errors) == 0 || !in->form)
		return false;
	cJSON_Delete(in->resume_errors);
	in->resume_errors = cJSON_Duplicate(in->sub.errors, 1);
	Screen *form = NULL;
	for (Screen *t = sm_top(); t && !form; t = sm_below(t))
		if (screen_is_form(t))
			form = t;
	if (form)
		sm_pop(form); /* the form opens afresh, reading the errors */
	intake_flow_form();
	return true;
}

static bool review_action(Screen *s, Action a)
{
	Review *rv = s->data;
	Intake *in = intake_current();
	if (!in)
		return false;
	if (a == ACT_SUBMIT) {
		submit(s, in);
		return true;
	}
	if (a == ACT_SELECT && in->sub.state == SUB_QUEUED) {
		intake_flow_close(); /* it is safe in the outbox */
		return true;
	}
	if (a == ACT_BACK || a == ACT_CANCEL) {
		if (in->sub.state == SUB_SENDING)
			app_message(true, "%s", _("Wait for the server's answer first."));
		else if (in->sub.state == SUB_QUEUED)
			intake_flow_close();
		else if (!back_to_refused_fields(in))
			sm_pop(s);
		return true;
	}
	if (a == ACT_APPLICANT) {
		sm_push(screen_applicant_new(false, NULL));
		return true;
	}
	if (a == ACT_SAVE_DRAFT && in->sub.state != SUB_QUEUED && in->sub.state != SUB_DONE) {
		intake_flow_save_key("review", NULL);
		return true;
	}
	ListView lv = {rv->n, 0, rv->top, rv->rows};
	lv.sel = a == ACT_DOWN ? rv->top + rv->rows - 1 : rv->top;
	if (lv_action(&lv, a)) {
		rv->top = lv.top;
		screen_dirty(s, DRAW_STATE);
		return true;
	}
	return false;
}

static void review_destroy(Screen *s)
{
	Review *rv = s->data;
	plines_free(rv->lines, rv->n);
	paras_free(&rv->content);
	draw_delwin(&rv->strip);
	draw_delwin(&rv->body);
	memset(s->win, 0, sizeof s->win);
	free(rv);
}

static const ScreenOps review_ops = {
	.name = "review",
	.context = KC_INTAKE,
	.fkeys = review_fkeys,
	.help = review_help,
	.layout = review_layout,
	.draw = review_draw,
	.on_action = review_action,
	.destroy = review_destroy,
};

Screen *screen_review_new(void)
{
	return screen_new(&review_ops, xcalloc(1, sizeof(Review)));
}
