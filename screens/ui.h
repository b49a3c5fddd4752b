/* ui: the curses front end. main() prepares config, keymap, api and the
 * model, then hands over to ui_run(). */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef YC_UI_H
#define YC_UI_H

/* Start curses (honouring NO_COLOR, TERM without colour, and the config's
 * color setting), watch the terminal in the loop, show the login screen, or
 * home straight away when app_resume_session() succeeds, run the loop and
 * restore the terminal. Returns the process exit code. */
int ui_run(void);

#endif
