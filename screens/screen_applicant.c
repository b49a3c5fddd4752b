/* screen_applicant: the applicant in full: every source's state and
 * provenance, the person's or entity's record, e-licenses, proofs and the
 * credit flags under a banner no one can miss; as a gate, the flow waits
 * until the clerk has acknowledged a credit warning. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "screens/intake_ui.h"
#include "screens/draw.h"
#include "screens/format.h"
#include "screens/listview.h"
#include "screens/pager.h"
#include "client/i18n.h"
#include "common/jsonx.h"
#include "common/text.h"
#include "common/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct Applicant {
	bool gate;
	void (*done)(void);
	WINDOW *banner, *body;
	int banner_rows;
	Paras content;
	PLine *lines;
	int n, top, width, rows;
	unsigned gen;               /* the intake's generation shown */
} Applicant;

static const FkeyDef applicant_fkeys[] = {
	FK_OTHER(ACT_BACK, N_("Back")), FK_LABEL(ACT_PAGE_DOWN, N_("Scroll")), FK_LABEL(ACT_REFRESH, N_("Retry")),
	FK(ACT_HELP), FK_END,
};
static const FkeyDef gate_fkeys[] = {
	FK_LABEL(ACT_SELECT, N_("Acknowledge")), FK_OTHER(ACT_BACK, N_("Back")),
	FK_LABEL(ACT_PAGE_DOWN, N_("Scroll")), FK(ACT_HELP), FK_END,
};
static const Action applicant_help[] = {
	ACT_SELECT, ACT_BACK, ACT_REFRESH, ACT_UP, ACT_DOWN, ACT_PAGE_UP, ACT_PAGE_DOWN, ACT_HELP, ACT_NONE,
};

enum { LW = 16 };

/* A member of a record as a field; masked when it identifies someone. */
static void rec_field(Paras *p, const cJSON *rec, const char *label, const char *key, bool mask)
{
	const char *v = json_str(rec, key, NULL);
	char m[64];
	if (!v || !*v)
		return;
	if (mask) {
		id_mask(v, m, sizeof m);
		v = m;
	}
	paras_field(p, LW, label, R_NORMAL, v);
}

static void person_paras(Paras *p, const cJSON *r)
{
	paras_add(p, R_TITLE, 0, "%s", _("Person (people database)"));
	rec_field(p, r, _("Name"), "name", false);
	const char *g = json_str(r, "gender", "");
	paras_field(p, LW, _("Gender"), R_NORMAL, strcmp(g, "male") == 0 ? _("male") : strcmp(g, "female") == 0 ? _("female") : g);
	rec_field(p, r, _("Born"), "birth_date", false);
	rec_field(p, r, _("Ethnicity"), "ethnicity", false);
	rec_field(p, r, _("Nationality"), "nationality", false);
	rec_field(p, r, _("Household"), "household_address", false);
	rec_field(p, r, _("Residence"), "residence_address", false);
	rec_field(p, r, _("Phone"), "phone", true);
	const char *until = json_str(r, "id_valid_until", NULL);
	paras_field(p, LW, _("ID valid until"), R_NORMAL, until ? until : _("no expiry"));
}

static void entity_paras(Paras *p, const cJSON *r)
{
	static const struct { const char *key, *label; } st[] = {
		{"active", N_("active")}, {"suspended", N_("suspended")},
		{"revoked", N_("licence revoked")}, {"cancelled", N_("deregistered")},
	};
	paras_add(p, R_TITLE, 0, "%s", _("Entity (legal-person database)"));
	rec_field(p, r, _("Name"), "name", false);
	rec_field(p, r, _("Type"), "kind", false);
	const char *s = json_str(r, "status", "");
	for (size_t i = 0; i < sizeof st / sizeof st[0]; i++)
		if (strcmp(s, st[i].key) == 0)
			s = _(st[i].label);
	paras_field(p, LW, _("Status"), strcmp(json_str(r, "status", ""), "active") == 0 ? R_NORMAL : R_ERROR, s);
	const cJSON *rep = json_obj(r, "legal_rep");
	char idm[64], line[512];
	id_mask(json_str(rep, "id_number", ""), idm, sizeof idm);
	snprintf(line, sizeof line, "%s  %s", json_str(rep, "name", ""), idm);
	paras_field(p, LW, _("Legal rep."), R_NORMAL, line);
	rec_field(p, r, _("Capital"), "registered_capital", false);
	rec_field(p, r, _("Established"), "established_on", false);
	rec_field(p, r, _("Term until"), "term_until", false);
	rec_field(p, r, _("Address"), "address", false);
	rec_field(p, r, _("Scope"), "business_scope", false);
	rec_field(p, r, _("Registered by"), "registration_authority", false);
	rec_field(p, r, _("Phone"), "phone", true);
}

/* The whole content from the intake as it is now. */
static void build(Applicant *ap, const Intake *in)
{
	Paras *p = &ap->content;
	paras_free(p);
	char idm[40], line[1024];
	id_mask(in->holder, idm, sizeof idm);
	const char *name = intake_applicant_name(in);
	paras_add(p, R_STRONG, 0, "%s  %s  %s", *name ? name : _("(name not known yet)"), idm, _(id_kind_name(in->id.kind)));
	paras_add(p, R_NORMAL, 0, " ");
	paras_add(p, R_TITLE, 0, "%s", _("Shared data"));
	for (int s = 0; s < SRC__COUNT; s++) {
		const Lookup *l = &in->lk[s];
		iui_source_text(in, (IntakeSource)s, line, sizeof line);
		char more[768] = "";
		if (l->source)
			snprintf(more, sizeof more, "  %s %s", l->source, l->as_of ? l->as_of : "");
		else if (l->error)
			snprintf(more, sizeof more, "  %s", l->error);
		char text[2048];
		snprintf(text, sizeof text, "%s%s", line, more);
		paras_field(p, LW, intake_source_name((IntakeSource)s), l->state == LK_FAILED ? R_ERROR : R_NORMAL, text);
	}
	const cJSON *rec = in->lk[SRC_PERSON].doc;
	if (rec) {
		paras_add(p, R_NORMAL, 0, " ");
		person_paras(p, rec);
	}
	rec = in->lk[SRC_ENTITY].doc;
	if (rec) {
		paras_add(p, R_NORMAL, 0, " ");
		entity_paras(p, rec);
	}
	const cJSON *it;
	if (in->lk[SRC_LICENSES].doc) {
		paras_add(p, R_NORMAL, 0, " ");
		paras_add(p, R_TITLE, 0, "%s", _("E-licenses"));
		cJSON_ArrayForEach(it, json_arr(in->lk[SRC_LICENSES].doc, "items")) {
			char num[64];
			id_mask(json_str(it, "number", ""), num, sizeof num);
			const char *st = json_str(it, "status", "");
			paras_add_hang(p, strcmp(st, "valid") == 0 ? R_NORMAL : R_DIM, 2, 2, "%s  %s  %s  %s",
				       json_str(it, "type_name", ""), num, json_str(it, "issuer", ""),
				       strcmp(st, "valid") == 0 ? _("valid") : strcmp(st, "expired") == 0 ? _("expired") : _("revoked"));
		}
	}
	if (in->lk[SRC_PROOFS].doc) {
		paras_add(p, R_NORMAL, 0, " ");
		paras_add(p, R_TITLE, 0, "%s", _("Proofs"));
		cJSON_ArrayForEach(it, json_arr(in->lk[SRC_PROOFS].doc, "items"))
			paras_add_hang(p, R_NORMAL, 2, 2, "%s: %s (%s)", json_str(it, "type_name", ""),
				       json_str(it, "summary", ""), json_str(it, "issuer", ""));
	}
	if (in->lk[SRC_CREDIT].doc) {
		paras_add(p, R_NORMAL, 0, " ");
		paras_add(p, R_TITLE, 0, "%s", _("Credit"));
		int n = 0;
		cJSON_ArrayForEach(it, json_arr(in->lk[SRC_CREDIT].doc, "flags")) {
			const char *k = json_str(it, "kind", "");
			bool bad = strcmp(k, "red_list") != 0;
			const char *kind = strcmp(k, "red_list") == 0 ? _("red list (trustworthy)")
					   : strcmp(k, "black_list") == 0 ? _("black list") : _("watch list");
			paras_add_hang(p, bad ? R_ERROR : R_INFO, 2, 2, "%s%s: %s — %s, %s%s%s", bad ? "!! " : "", kind,
				       json_str(it, "title", ""), json_str(it, "authority", ""), json_str(it, "listed_on", ""),
				       json_str(it, "until", NULL) ? _(" until ") : "", json_str(it, "until", ""));
			const cJSON *m;
			cJSON_ArrayForEach(m, json_arr(it, "measures"))
				if (cJSON_IsString(m))
					paras_add_hang(p, bad ? R_STRONG : R_NORMAL, 6, 2, "%s %s", _("Measure:"), m->valuestring);
			if (json_str(it, "detail", NULL))
				paras_add_hang(p, R_NORMAL, 6, 2, "%s", json_str(it, "detail", ""));
			n++;
		}
		if (n == 0)
			paras_add(p, R_NORMAL, 2, "%s", _("No credit flags."));
	}
	if (ap->gate)
		paras_add(p, R_STRONG, 0, "\n%s", _("Apply the measures above. Enter: acknowledged, go on to the form."));
	plines_free(ap->lines, ap->n);
	ap->lines = NULL;
	ap->n = ap->width > 0 ? paras_wrap(p, ap->width, &ap->lines) : 0;
	ap->gen = in->gen;
}

static void applicant_layout(Screen *s, int y, int x, int h, int w)
{
	Applicant *ap = s->data;
	Intake *in = intake_current();
	int nwarn = intake_credit_warnings(in);
	ap->banner_rows = nwarn ? 2 + (nwarn < 4 ? nwarn : 4) : 0;
	if (ap->banner_rows > h / 2)
		ap->banner_rows = h / 2;
	ap->banner = draw_window(ap->banner, ap->banner_rows, w, y, x);
	ap->body = draw_window(ap->body, h - ap->banner_rows, w, y + ap->banner_rows, x);
	s->win[0] = ap->banner;
	s->win[1] = ap->body;
	ap->width = w - 4;
	ap->rows = h - ap->banner_rows - 2;
	if (in)
		build(ap, in);
}

static void applicant_draw(Screen *s, unsigned what)
{
	Applicant *ap = s->data;
	Intake *in = intake_current();
	if (!in)
		return;
	int nwarn = intake_credit_warnings(in);
	if ((nwarn != 0) != (ap->banner_rows != 0)) {
		applicant_layout(s, s->y, s->x, s->h, s->w);
	} else if (ap->gen != in->gen) {
		build(ap, in);
	}
	if (ap->banner) {
		werase(ap->banner);
		iui_draw_banner(ap->banner, 0, 0, getmaxx(ap->banner), ap->banner_rows, in);
		wnoutrefresh(ap->banner);
	}
	if (!ap->body)
		return;
	werase(ap->body);
	draw_frame(ap->body, R_BORDER, _("Applicant"), R_TITLE);
	if (ap->top > ap->n - ap->rows)
		ap->top = ap->n - ap->rows > 0 ? ap->n - ap->rows : 0;
	plines_draw(ap->body, 1, 2, ap->width, ap->rows, ap->lines, ap->n, ap->top);
	wnoutrefresh(ap->body);
}

static bool applicant_action(Screen *s, Action a)
{
	Applicant *ap = s->data;
	Intake *in = intake_current();
	if ((a == ACT_SELECT || a == ACT_SUBMIT) && ap->gate) {
		if (in)
			in->credit_seen = true;
		void (*done)(void) = ap->done;
		sm_pop(s);
		if (done)
			done();
		return true;
	}
	if (a == ACT_BACK || a == ACT_CANCEL || a == ACT_APPLICANT || a == ACT_SELECT) {
		sm_pop(s);
		return true;
	}
	if (a == ACT_REFRESH) {
		if (in)
			intake_lookups_start(in, true);
		return true;
	}
	ListView lv = {ap->n, 0, ap->top, ap->rows};
	lv.sel = a == ACT_DOWN ? ap->top + ap->rows - 1 : ap->top;
	if (lv_action(&lv, a)) {
		ap->top = lv.top;
		screen_dirty(s, DRAW_STATE);
		return true;
	}
	return false;
}

static void applicant_destroy(Screen *s)
{
	Applicant *ap = s->data;
	plines_free(ap->lines, ap->n);
	paras_free(&ap->content);
	draw_delwin(&ap->banner);
	draw_delwin(&ap->body);
	memset(s->win, 0, sizeof s->win);
	free(ap);
}

static const ScreenOps applicant_ops = {
	.name = "applicant",
	.context = KC_INTAKE,
	.fkeys = applicant_fkeys,
	.help = applicant_help,
	.layout = applicant_layout,
	.draw = applicant_draw,
	.on_action = applicant_action,
	.destroy = applicant_destroy,
};

static const ScreenOps gate_ops = {
	.name = "credit-gate",
	.context = KC_INTAKE,
	.fkeys = gate_fkeys,
	.help = applicant_help,
	.layout = applicant_layout,
	.draw = applicant_draw,
	.on_action = applicant_action,
	.destroy = applicant_destroy,
};

Screen *screen_applicant_new(bool gate, void (*done)(void))
{
	Applicant *ap = xcalloc(1, sizeof *ap);
	ap->gate = gate;
	ap->done = done;
	return screen_new(gate ? &gate_ops : &applicant_ops, ap);
}
