/* i18n: gettext for every UI string; zh_CN shipped. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef YC_I18N_H
#define YC_I18N_H
#include <libintl.h>

#define _(s) gettext(s)
#define N_(s) (s)

/* setlocale(LC_ALL, ""), bind the text domain to the installed locale dir,
 * or to the build tree's when running from it. */
void i18n_init(const char *argv0);
/* True when messages are Chinese (for layout choices, not for text). */
int i18n_is_chinese(void);

#endif
