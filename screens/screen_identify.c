/* screen_identify: 身份核验: the identifier typed or scanned, checked as it
 * is typed (the failing rule shown), Enter starts every shared-data lookup
 * at once and opens the matter picker; each source's state is listed. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "screens/intake_ui.h"
#include "screens/draw.h"
#include "screens/format.h"
#include "screens/lineedit.h"
#include "client/i18n.h"
#include "common/text.h"
#include "common/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct Identify {
	LineEdit le;
	WINDOW *w;
	int field_y, field_x, field_w;
} Identify;

static const FkeyDef identify_fkeys[] = {
	FK_LABEL(ACT_SELECT, N_("Look up")), FK_LABEL(ACT_REFRESH, N_("Retry")),
	FK_LABEL(ACT_APPLICANT, N_("Applicant")), FK_LABEL(ACT_BACK, N_("Cancel")), FK(ACT_HELP), FK_END,
};
static const Action identify_help[] = {
	ACT_SELECT, ACT_SUBMIT, ACT_REFRESH, ACT_APPLICANT, ACT_BACK, ACT_HELP, ACT_NONE,
};

static bool pass_to_home(Screen *s, Action a);

enum { ID_LEN = 18 };

/* The characters typed, without the separators a check ignores. */
static int typed_len(const char *s, char *bad, size_t badsz, int *bad_pos)
{
	int n = 0;
	*bad_pos = 0;
	for (const char *p = s; *p;) {
		uint32_t cp;
		size_t k = text_utf8_decode(p, strlen(p), &cp);
		if (cp == ' ' || cp == '-')
			;
		else if ((cp >= '0' && cp <= '9') || (cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z') ||
			 (cp >= 0xFF10 && cp <= 0xFF19) || (cp >= 0xFF21 && cp <= 0xFF3A) || (cp >= 0xFF41 && cp <= 0xFF5A))
			n++;
		else if (!*bad_pos) {
			*bad_pos = n + 1;
			snprintf(bad, badsz, "%.*s", (int)k, p);
		}
		p += k;
	}
	return n;
}

/* Translator for identifier messages. */
static const char *tr(const char *s)
{
	return gettext(s);
}

/* What the check says about the text so far: progress while it is short,
 * the rule that failed, or what it is. ok when it may be looked up. */
static void check_text(const char *s, char *out, size_t n, Role *role, bool *ok)
{
	char bad[8] = "";
	int bad_pos;
	int len = typed_len(s, bad, sizeof bad, &bad_pos);
	*ok = false;
	*role = R_DIM;
	if (len == 0 && !bad_pos) {
		snprintf(out, n, "%s", _("Citizen ID, residence permit or permanent residence ID (18), or a credit code (18)"));
		return;
	}
	if (bad_pos) {
		*role = R_ERROR;
		snprintf(out, n, _("%s character \"%s\" at position %d is not allowed"), glyph(G_ERROR), bad, bad_pos);
		return;
	}
	IdCheck r;
	if (len == 15 && id_check_citizen(s, &r)) {
		*ok = true;
		*role = R_INFO;
		snprintf(out, n, _("Old 15-digit citizen ID: becomes %s"), r.normalized);
		return;
	}
	if (len < ID_LEN) {
		snprintf(out, n, _("%d of %d characters"), len, ID_LEN);
		return;
	}
	id_detect_and_check(s, &r);
	if (r.kind == ID_KIND_MOBILE || len > ID_LEN) {
		*role = R_ERROR;
		snprintf(out, n, _("%s %d characters: an ID number or a credit code has %d"), glyph(G_ERROR), len, ID_LEN);
		return;
	}
	if (r.failed != ID_OK) {
		char msg[256];
		id_message_tr(&r, msg, sizeof msg, tr);
		*role = R_ERROR;
		snprintf(out, n, "%s %s", glyph(G_ERROR), msg);
		return;
	}
	*ok = true;
	*role = R_INFO;
	if (r.sex)
		snprintf(out, n, _("%s, %s, born %04d-%02d-%02d"), _(id_kind_name(r.kind)),
			 r.sex == 'M' ? _("male") : _("female"), r.birth_year, r.birth_month, r.birth_day);
	else
		snprintf(out, n, "%s", _(id_kind_name(r.kind)));
}

/* A box in the middle of the body, as tall as its lines. */
static void identify_layout(Screen *s, int y, int x, int h, int w)
{
	Identify *d = s->data;
	int bw = w < 76 ? w : 76, bh = h < 17 ? h : 17;
	d->w = draw_window(d->w, bh, bw, y + (h - bh) / 3, x + (w - bw) / 2);
	s->win[0] = d->w;
}

static void identify_draw(Screen *s, unsigned what)
{
	Identify *d = s->data;
	if (!d->w)
		return;
	int bh = getmaxy(d->w), bw = getmaxx(d->w);
	bool framed = bh >= 8 && bw >= 30;
	int x = framed ? 2 : 0, cw = bw - 2 * x, y = framed ? 1 : 0;
	werase(d->w);
	if (framed)
		draw_frame(d->w, R_BORDER, _("Identify the applicant"), R_TITLE);
	Intake *in = intake_current();
	char line[512];
	if (app.current) {
		char t[64];
		snprintf(t, sizeof t, _("Ticket %s"), app.current->number);
		snprintf(line, sizeof line, " %s ", t);
		draw_text_right(d->w, 0, bw - 2, bw / 2, R_STRONG, line);
	}
	if (framed && y < bh - 1)
		y++;
	draw_text(d->w, y++, x, cw, R_NORMAL, _("ID number or unified social credit code"));
	d->field_y = y;
	d->field_x = x;
	d->field_w = cw < 40 ? cw : 40;
	char view[256];
	int cur;
	le_view(&d->le, d->field_w - 2, view, sizeof view, &cur);
	draw_text(d->w, y, x, 1, R_STRONG, "[");
	draw_text_pad(d->w, y, x + 1, d->field_w - 2, R_FIELD, view);
	draw_text(d->w, y++, x + d->field_w - 1, 1, R_STRONG, "]");
	char *text = le_text(&d->le);
	Role role;
	bool ok;
	check_text(text, line, sizeof line, &role, &ok);
	draw_text(d->w, y++, x, cw, role, line);
	free(text);
	if (in && y + 1 < bh) {
		y++;
		int lw = 0;
		for (int i = 0; i < SRC__COUNT; i++)
			if (text_width(intake_source_name((IntakeSource)i)) > lw)
				lw = text_width(intake_source_name((IntakeSource)i));
		for (int i = 0; i < SRC__COUNT && y < bh - (framed ? 1 : 0); i++) {
			const Lookup *l = &in->lk[i];
			draw_text(d->w, y, x, lw, R_NORMAL, intake_source_name((IntakeSource)i));
			iui_source_text(in, (IntakeSource)i, line, sizeof line);
			int tw = draw_text(d->w, y, x + lw + 1, cw - lw - 1, l->state == LK_FAILED ? R_ERROR : R_NORMAL, line);
			if ((l->state == LK_FAILED || l->state == LK_NA) && l->error)
				draw_text(d->w, y, x + lw + 2 + tw, cw - lw - 2 - tw, R_DIM, l->error);
			y++;
		}
	}
	if (y < bh - (framed ? 2 : 0) && framed)
		draw_text(d->w, bh - 2, x, cw, R_DIM,
			  in ? _("Enter: choose the matter while the records load. F5 asks the failed sources again.")
			     : _("Type or scan the number; Enter asks every shared database at once."));
	wnoutrefresh(d->w);
}

static bool identify_cursor(Screen *s, WINDOW **win, int *y, int *x)
{
	Identify *d = s->data;
	if (!d->w || d->field_w < 3)
		return false;
	char view[256];
	int cur;
	le_view(&d->le, d->field_w - 2, view, sizeof view, &cur);
	*win = d->w;
	*y = d->field_y;
	*x = d->field_x + 1 + cur;
	return true;
}

/* Queue actions that still make sense before anything is typed: the one
 * called may not come (recall), or not be the one to serve (skip, hold,
 * transfer, finish). No identifier starts with their letters. */
static const struct { Action a; bool leaves; } passed[] = {
	{ACT_RECALL, false}, {ACT_SKIP, true}, {ACT_HOLD, true}, {ACT_TRANSFER, true}, {ACT_FINISH, true},
};

/* Run a home action from here; true when a is one of them. */
static bool pass_to_home(Screen *s, Action a)
{
	Screen *home = sm_below(s);
	if (!home || strcmp(home->ops->name, "home") != 0 || !home->ops->on_action)
		return false;
	for (size_t i = 0; i < sizeof passed / sizeof passed[0]; i++) {
		if (passed[i].a != a)
			continue;
		if (passed[i].leaves)
			intake_flow_close();
		home->ops->on_action(home, a);
		return true;
	}
	return false;
}

static bool identify_key(Screen *s, int key, bool fn)
{
	Identify *d = s->data;
	if (le_empty(&d->le) && !intake_current() && !fn && key_is_typed(key) &&
	    pass_to_home(s, keymap_lookup(KC_HOME, key)))
		return true;
	if (!le_key(&d->le, key, fn))
		return false;
	screen_dirty(s, DRAW_STATE);
	return true;
}

/* Enter: look the applicant up, or say which rule the number breaks. */
static void look_up(Identify *d)
{
	char *text = le_text(&d->le);
	char line[512];
	Role role;
	bool ok;
	check_text(text, line, sizeof line, &role, &ok);
	if (ok)
		intake_flow_identified(text);
	else if (le_empty(&d->le))
		app_message(true, "%s", _("Type or scan the applicant's ID number or credit code first."));
	else /* the message line marks errors itself */
		app_message(true, "%s", strncmp(line, glyph(G_ERROR), strlen(glyph(G_ERROR))) == 0 ? line + strlen(glyph(G_ERROR)) + 1 : line);
	free(text);
}

static bool identify_action(Screen *s, Action a)
{
	Identify *d = s->data;
	Intake *in = intake_current();
	if (a == ACT_SELECT || a == ACT_SUBMIT) {
		look_up(d);
	} else if (a == ACT_REFRESH) {
		if (in)
			intake_lookups_start(in, true);
	} else if (a == ACT_APPLICANT) {
		/* F7 is recall on home: before an intake it still is. */
		if (in)
			sm_push(screen_applicant_new(false, NULL));
		else
			pass_to_home(s, ACT_RECALL);
	} else if (a == ACT_BACK || a == ACT_CANCEL) {
		intake_flow_close();
	} else {
		return false;
	}
	return true;
}

/* The first screen of an intake: when it goes (back home, the session
 * ended and the stack was reset) the intake goes too, unless the receipt
 * took over. */
static void identify_destroy(Screen *s)
{
	Identify *d = s->data;
	if (!intake_receipt_shown())
		intake_end();
	le_free(&d->le);
	draw_delwin(&d->w);
	s->win[0] = NULL;
	free(d);
}

static const ScreenOps identify_ops = {
	.name = "identify",
	.context = KC_INTAKE,
	.text_input = true,
	.fkeys = identify_fkeys,
	.help = identify_help,
	.layout = identify_layout,
	.draw = identify_draw,
	.on_key = identify_key,
	.on_action = identify_action,
	.cursor = identify_cursor,
	.destroy = identify_destroy,
};

Screen *screen_identify_new(void)
{
	Identify *d = xcalloc(1, sizeof *d);
	le_init(&d->le, 40, false);
	Intake *in = intake_current();
	if (in)
		le_set(&d->le, in->holder);
	return screen_new(&identify_ops, d);
}
