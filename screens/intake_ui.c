/* intake_ui: the applicant summary strip and side pane, each source's
 * state in words (never colour alone), and the credit warning banner. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "screens/intake_ui.h"
#include "screens/draw.h"
#include "screens/format.h"
#include "client/i18n.h"
#include "client/loop.h"
#include "common/jsonx.h"
#include "common/text.h"
#include "common/xalloc.h"

#include <stdio.h>
#include <string.h>

/* The order sources are listed in. */
static const IntakeSource order[SRC__COUNT] = {SRC_PERSON, SRC_ENTITY, SRC_LICENSES, SRC_CREDIT, SRC_PROOFS};

/* A one-column mark per state, next to its word (G_COUNT: a blank). */
static const Glyph state_glyphs[] = {
	[LK_IDLE] = G_COUNT, [LK_LOADING] = G_BUSY, [LK_FOUND] = G_ONLINE,
	[LK_NOT_FOUND] = G_OFFLINE, [LK_FAILED] = G_ERROR, [LK_NA] = G_COUNT,
};

static const char *state_mark(LookupState s)
{
	Glyph g = (unsigned)s <= LK_NA ? state_glyphs[s] : G_COUNT;
	return g == G_COUNT ? " " : glyph(g);
}

/* The state in words; the cached session asks no source, and says so
 * rather than "not applicable". */
static const char *state_word(LookupState s)
{
	return s == LK_NA && app.offline_session ? _("offline") : intake_state_name(s);
}

void iui_duration(long v, const char *unit, char *out, size_t n)
{
	unsigned long u = v > 0 ? (unsigned long)v : 0;
	if (v == 0)
		snprintf(out, n, "%s", _("on the spot"));
	else if (v < 0)
		out[0] = '\0';
	else if (unit && strcmp(unit, "calendar_days") == 0)
		snprintf(out, n, ngettext("%ld day", "%ld days", u), v);
	else if (unit && strcmp(unit, "hours") == 0)
		snprintf(out, n, ngettext("%ld hour", "%ld hours", u), v);
	else
		snprintf(out, n, ngettext("%ld working day", "%ld working days", u), v);
}

void iui_source_text(const Intake *in, IntakeSource s, char *out, size_t n)
{
	const Lookup *l = &in->lk[s];
	char secs[32] = "";
	if (l->done_ms && l->state != LK_NA)
		snprintf(secs, sizeof secs, " %.1fs", (double)(l->done_ms - l->started_ms) / 1000.0);
	snprintf(out, n, "%s%s%s", state_mark(l->state), state_word(l->state), secs);
}

void iui_sources_line(const Intake *in, char *out, size_t n)
{
	size_t o = 0;
	out[0] = '\0';
	for (int i = 0; i < SRC__COUNT && o + 1 < n; i++) {
		IntakeSource s = order[i];
		if ((s == SRC_PERSON && in->entity) || (s == SRC_ENTITY && !in->entity))
			continue; /* the database that does not apply to this kind */
		int k = snprintf(out + o, n - o, "%s%s %s%s", o ? "  " : "", intake_source_name(s),
				 state_mark(in->lk[s].state), state_word(in->lk[s].state));
		if (k < 0)
			break;
		o += (size_t)k < n - o ? (size_t)k : n - o - 1;
	}
}

/* The first line of a flag: title, authority, date. */
static void flag_text(const cJSON *f, char *out, size_t n)
{
	const char *kind = json_str(f, "kind", "");
	const char *what = strcmp(kind, "black_list") == 0 ? _("black list") : _("watch list");
	snprintf(out, n, "%s: %s (%s, %s)", what, json_str(f, "title", ""), json_str(f, "authority", ""),
		 json_str(f, "listed_on", ""));
}

/* The measures of a flag joined: "限制高消费; 限制招投标". */
static void measures_text(const cJSON *f, char *out, size_t n)
{
	size_t o = 0;
	const cJSON *m;
	out[0] = '\0';
	cJSON_ArrayForEach(m, json_arr(f, "measures")) {
		if (!cJSON_IsString(m))
			continue;
		int k = snprintf(out + o, n - o, "%s%s", o ? "; " : "", m->valuestring);
		if (k < 0 || (size_t)k >= n - o)
			break;
		o += (size_t)k;
	}
}

int iui_draw_banner(WINDOW *w, int y, int x, int cols, int rows, const Intake *in)
{
	int nwarn = intake_credit_warnings(in);
	if (!w || nwarn == 0 || rows < 1 || cols < 8)
		return 0;
	attr_t a = draw_attr(R_ERROR) | A_REVERSE | A_BOLD;
	int inner = rows >= 3 ? rows - 2 : rows;
	int top = rows >= 3 ? 1 : 0;
	wattrset(w, a);
	for (int r = 0; r < rows; r++)
		mvwhline(w, y + r, x, ' ', cols);
	if (rows >= 3) {
		/* The box, in the banner's own attribute. */
		mvwaddch(w, y, x, ACS_ULCORNER);
		mvwhline(w, y, x + 1, ACS_HLINE, cols - 2);
		mvwaddch(w, y, x + cols - 1, ACS_URCORNER);
		mvwaddch(w, y + rows - 1, x, ACS_LLCORNER);
		mvwhline(w, y + rows - 1, x + 1, ACS_HLINE, cols - 2);
		mvwaddch(w, y + rows - 1, x + cols - 1, ACS_LRCORNER);
		for (int r = 1; r < rows - 1; r++) {
			mvwaddch(w, y + r, x, ACS_VLINE);
			mvwaddch(w, y + r, x + cols - 1, ACS_VLINE);
		}
	}
	wattrset(w, A_NORMAL);
	int tx = x + (rows >= 3 ? 2 : 0), tw = cols - (rows >= 3 ? 4 : 0);
	int line = 0;
	const cJSON *f;
	cJSON_ArrayForEach(f, json_arr(in->lk[SRC_CREDIT].doc, "flags")) {
		const char *kind = json_str(f, "kind", "");
		if (strcmp(kind, "black_list") != 0 && strcmp(kind, "watch_list") != 0)
			continue;
		if (line >= inner)
			break;
		char ft[512], ms[512], text[1200];
		flag_text(f, ft, sizeof ft);
		measures_text(f, ms, sizeof ms);
		snprintf(text, sizeof text, "!! %s %s%s%s", _("CREDIT WARNING"), ft, *ms ? " — " : "", ms);
		/* The banner's attribute over the text too. */
		char fit[1400];
		fmt_fit(fit, sizeof fit, text, tw, true, true);
		wattrset(w, a);
		mvwaddstr(w, y + top + line, tx, fit);
		wattrset(w, A_NORMAL);
		line++;
	}
	if (nwarn > line && line > 0) {
		char more[128], fit[256];
		snprintf(more, sizeof more, _("… and %d more (F7)"), nwarn - line);
		fmt_fit(fit, sizeof fit, more, tw, false, true);
		wattrset(w, a);
		mvwaddstr(w, y + top + inner - 1, tx + tw - text_width(fit), fit);
		wattrset(w, A_NORMAL);
	}
	return rows;
}

int iui_banner_rows(const Intake *in)
{
	int n = intake_credit_warnings(in);
	return n ? 2 + (n > 2 ? 2 : n) : 0;
}

int iui_strip_rows(const Intake *in)
{
	return 2 + iui_banner_rows(in);
}

/* "王小明  110105********002X  Ticket A007". */
static void who_line(const Intake *in, char *out, size_t n)
{
	char idm[40];
	id_mask(in->holder, idm, sizeof idm);
	const char *name = intake_applicant_name(in);
	char ticket[64] = "";
	if (in->ticket_number)
		snprintf(ticket, sizeof ticket, _("Ticket %s"), in->ticket_number);
	else
		snprintf(ticket, sizeof ticket, "%s", _("no ticket"));
	snprintf(out, n, "%s  %s  %s  %s", *name ? name : _("(name not known yet)"), idm,
		 _(id_kind_name(in->id.kind)), ticket);
}

int iui_draw_strip(WINDOW *w, int y, int x, int cols, const Intake *in)
{
	if (!w || !in)
		return 0;
	char line[1024];
	who_line(in, line, sizeof line);
	int lw = draw_text(w, y, x, cols, R_NORMAL, _("Applicant:"));
	draw_text(w, y, x + lw + 1, cols - lw - 1, R_STRONG, line);
	iui_sources_line(in, line, sizeof line);
	draw_text(w, y + 1, x, cols, R_NORMAL, line);
	int nb = iui_strip_rows(in) - 2;
	if (nb > 0)
		iui_draw_banner(w, y + 2, x, cols, nb, in);
	return 2 + nb;
}

void iui_draw_pane(WINDOW *w, const Intake *in)
{
	if (!w || !in)
		return;
	int rows = getmaxy(w), cols = getmaxx(w);
	werase(w);
	draw_frame(w, R_BORDER, _("Applicant"), R_TITLE);
	int x = 2, cw = cols - 4, y = 1;
	const char *name = intake_applicant_name(in);
	draw_text(w, y++, x, cw, R_STRONG, *name ? name : _("(name not known yet)"));
	char idm[40], line[512];
	id_mask(in->holder, idm, sizeof idm);
	snprintf(line, sizeof line, "%s  %s", idm, _(id_kind_name(in->id.kind)));
	draw_text(w, y++, x, cw, R_NORMAL, line);
	if (in->ticket_number)
		snprintf(line, sizeof line, _("Ticket %s"), in->ticket_number);
	else
		snprintf(line, sizeof line, "%s", _("no ticket"));
	draw_text(w, y++, x, cw, R_NORMAL, line);
	y++;
	int lw = 0;
	for (int i = 0; i < SRC__COUNT; i++)
		if (text_width(intake_source_name(order[i])) > lw)
			lw = text_width(intake_source_name(order[i]));
	for (int i = 0; i < SRC__COUNT && y < rows - 1; i++) {
		IntakeSource s = order[i];
		draw_text(w, y, x, lw, R_NORMAL, intake_source_name(s));
		iui_source_text(in, s, line, sizeof line);
		Role r = in->lk[s].state == LK_FAILED ? R_ERROR : in->lk[s].state == LK_FOUND ? R_STRONG : R_NORMAL;
		draw_text(w, y++, x + lw + 1, cw - lw - 1, r, line);
		if (in->lk[s].state == LK_FAILED && in->lk[s].error && y < rows - 1)
			draw_text(w, y++, x + lw + 1, cw - lw - 1, R_DIM, in->lk[s].error);
	}
	if (in->form && y < rows - 1) {
		y++;
		snprintf(line, sizeof line, _("%d fields filled from shared data"), in->prefilled);
		draw_text(w, y++, x, cw, R_NORMAL, line);
	}
	int nwarn = intake_credit_warnings(in);
	if (nwarn && y + 1 < rows - 1) {
		char warn[256];
		snprintf(warn, sizeof warn, ngettext("!! %d credit warning: F7", "!! %d credit warnings: F7", (unsigned long)nwarn), nwarn);
		draw_text(w, y + 1, x, cw, R_ERROR, warn);
	}
	wnoutrefresh(w);
}
