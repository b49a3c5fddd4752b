/* bars: the chrome around every screen: the top bar (hall, window, clerk,
 * current ticket, online state, clock), the message line and the
 * function-key bar. Each owns one window and redraws only on its bits. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef YC_SCREENS_BARS_H
#define YC_SCREENS_BARS_H
#include "screens/format.h"
#include "screens/screen.h"

/* Place the bar on row y of a cols-wide screen (no window when y < 0). */
void topbar_resize(int y, int cols);
void topbar_draw(unsigned what);
void msgline_resize(int y, int cols);
void msgline_draw(unsigned what);
void fkeybar_resize(int y, int cols);
/* The bar for screen s (its fkeys, keys from the keymap of its context). */
void fkeybar_draw(Screen *s, unsigned what);
/* Build the bar's items for s (tests use it with a loaded keymap): returns
 * how many of max were filled. */
int fkeybar_items(const Screen *s, FkeyItem *items, int max);
/* The same for any list of actions in a context; enabled from s's can()
 * when s is given, else from can (NULL: all enabled). */
int fkeys_build(KeyContext ctx, bool text_input, const FkeyDef *defs,
		const Screen *s, bool (*can)(Action a), FkeyItem *items, int max);
void bars_shutdown(void);

#endif
