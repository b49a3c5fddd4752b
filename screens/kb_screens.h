/* kb_screens: the knowledge base on screen: the search (results on every
 * key press) and the article pager (links, history, find), opened from any
 * screen with one key and from a form field's F1. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef YC_SCREENS_KB_SCREENS_H
#define YC_SCREENS_KB_SCREENS_H
#include <stdbool.h>
#include "screens/screen.h"

/* The search, with query typed in already (NULL: empty). A search screen
 * already on the stack comes back to the top (the screens above it
 * close) and gets query when one is given. */
void kb_search_open(const char *query);
/* The knowledge key (F8): on a knowledge screen back to the search, or
 * closing it when it is the search; elsewhere the search opens. */
void kb_knowledge_key(void);
/* An article by id in the pager. find (may be NULL) is highlighted in it
 * (the search that found it). When the article cannot be had (unknown,
 * offline and not synced yet) and fallback is given, the search opens
 * with fallback typed in instead, saying why. */
void kb_article_open(const char *id, const char *find, const char *fallback);

/* The name of a link's target for lists of links: an article's title
 * (from the index or the session) or a matter's name (from the catalog
 * when loaded); NULL when unknown. Valid until the next call. */
const char *kb_link_name(bool matter, const char *target, void *ud);

/* Whether s is the search / an article screen. */
bool screen_is_kb_search(const Screen *s);
bool screen_is_kb_article(const Screen *s);

/* Hooks: the form's F1 (the field's help article, or a search for its
 * label) and the index's changes (screens redraw). kb_ui_shutdown closes
 * the session's index. */
void kb_ui_init(void);
void kb_ui_shutdown(void);

#endif
