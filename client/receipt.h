/* receipt: the 受理回执 of an accepted case: its text (case number, query
 * password, masked identifier, materials, promised completion date in
 * working days), a QR code in Unicode half blocks, the file it is saved as,
 * and the printer it is sent to. No curses. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef YC_RECEIPT_H
#define YC_RECEIPT_H
#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "client/intake.h"

/* The date n working days after y-m-d (the day itself not counted): Monday
 * to Friday, less the holidays, plus the make-up working days (调休), each
 * a "YYYY-MM-DD" list (may be NULL). n 0 is the day itself. out gets
 * "YYYY-MM-DD". */
void workdays_add(int y, int m, int d, int n, const char *const *holidays, size_t nholidays,
		  const char *const *workdays, size_t nworkdays, char out[11]);

/* The promised completion date of the intake's matters accepted on day
 * (local): the longest promised limit, working days counted with
 * workdays_add, calendar days added, hours and 0 the same day. The server's
 * due_on wins when the case has one. out gets "YYYY-MM-DD". */
void receipt_due_date(const Intake *in, time_t day, char out[11]);

/* The QR code of data as text lines of half blocks (two modules a line),
 * with a quiet zone of 2 modules. dark_blocks: dark modules are drawn
 * (paper); else light ones are (a light-on-dark terminal). Returns the
 * number of lines in *lines (free with receipt_lines_free), 0 when data
 * cannot be encoded. width gets the columns. */
int receipt_qr(const char *data, bool dark_blocks, char ***lines, int *width);
void receipt_lines_free(char **lines, int n);

/* The receipt as text for paper or a file (the QR code included, dark
 * modules as blocks). Caller frees. NULL when the intake has no case. */
char *receipt_text(const Intake *in, time_t now);
/* What the QR code holds: the case number. */
const char *receipt_qr_data(const Intake *in);

/* Save text as $XDG_DATA_HOME/yichuang/<dir>/<name>.txt (folders 0700, file
 * 0600, written to a temporary file then renamed). Returns the path (caller
 * frees) or NULL with *err (translated, caller frees). */
char *receipt_save(const char *dir, const char *name, const char *text, char **err);

/* Send the file to the printer: `lpr [-P printer] < path` in the
 * background (printer "default": no -P). cb(ok, message, ud) runs from the
 * loop when lpr has ended. False (and *err) when it could not start. */
typedef void (*receipt_print_cb)(bool ok, const char *message, void *ud);
bool receipt_print(const char *printer, const char *path, receipt_print_cb cb, void *ud, char **err);

#endif
