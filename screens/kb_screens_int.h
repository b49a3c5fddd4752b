/* kb_screens_int: what the files of the knowledge screens share: the
 * search's and the article's state, and their drawing and moving helpers
 * (not for other screens). */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef YC_SCREENS_KB_SCREENS_INT_H
#define YC_SCREENS_KB_SCREENS_INT_H
#include <stdbool.h>
#include <curses.h>
#include "client/kb.h"
#include "screens/kb_screens.h"
#include "screens/kb_view.h"
#include "screens/lineedit.h"
#include "screens/listview.h"
#include "screens/pager.h"

/* ------------------------------------------------ the search (screen_kb.c) */

typedef struct KbSearch {
	LineEdit q;
	char *done_q;             /* the query the hits are for ("" at first) */
	bool fresh;               /* they are up to date with the index */
	int limit;                /* hits asked for: more when the list reaches the end */
	KbResults res;
	bool from_server;         /* the hits came from the server's search */
	char *error;              /* the search failed: why */
	char *srv_error;          /* the server's search failed: why */
	bool posted;              /* a search is queued behind the keys */
	unsigned srv, srv_timer;  /* server search in flight / waiting */
	ListView lv;
	WINDOW *w, *side;
	/* The preview of the selected hit. */
	char *pv_id;
	Paras pv;
	PLine *pvl;
	int npvl, pv_width;
} KbSearch;

/* Rows of hits that fit (two rows a hit). */
int kbs_list_rows(const KbSearch *k);
/* Forget the preview (another hit is selected, the width changed). */
void kbs_preview_drop(KbSearch *k);
/* The index changed: the search runs again when it can answer better. */
void kbs_index_changed(void);
/* An article was read: it heads the list shown before anything is typed
 * (the last 20 of this run). kbs_recent_clear forgets them (logout). */
void kbs_recent_add(const KbArticle *a);
void kbs_recent_clear(void);

/* Drawing (kb_search_draw.c): the query, status and hits; the preview at
 * the side; where the cursor goes. */
void kbs_draw_main(Screen *s);
void kbs_draw_side(Screen *s);
bool kbs_cursor(Screen *s, WINDOW **win, int *y, int *x);

/* ---------------------------------------- the article (screen_article.c) */

enum { HIST_MAX = 64, MATCH_MAX = 512, FIND_MAX = 60 };

/* An article read: where the reader was in it. */
typedef struct Visit {
	char *id;
	int top, focus;
} Visit;

typedef struct Article {
	Visit hist[HIST_MAX];
	int nhist, cur;
	KbArticle *a;             /* the article shown; NULL while loading or failed */
	char *error;              /* why it failed */
	unsigned req;
	char *fallback;           /* search this when the first article fails */
	Paras paras;
	KbLinks links;
	PLine *lines;
	int n, width, rows, top;
	int focus;                /* the link with the focus, or -1 */
	LineEdit find;
	bool finding;             /* the find line takes the keys */
	char *find_q;             /* what is found ("" none) */
	KbMatch m[MATCH_MAX];
	int nm, cm;               /* matches, the current one */
	int find_x;               /* the cursor's column in the find line, as drawn */
	int find_top;             /* where the find started: back there when nothing matches */
	WINDOW *w;
} Article;

/* Moving in an article (article_nav.c). */
/* Wrap the paragraphs to the window; keep the scroll in range. */
void art_rewrap(Article *ar);
/* Paragraphs again: the article (or what is going on), its links, the
 * matches of the find and the link with the focus on top. */
void art_rebuild(Article *ar);
/* Scroll so that line is on screen. */
void art_show_line(Article *ar, int line);
/* The wrapped line of link i / match i. */
int art_link_line(const Article *ar, int i);
int art_match_line(const Article *ar, int i);
/* The bottom edge: the find line, the matches or the focused link. */
void art_draw_bottom(Article *ar);
/* The find line changed: matches again, the first one from the screen. */
void art_find_update(Article *ar);
/* n / N: the next or previous match. */
void art_find_step(Article *ar, int dir);
/* Tab / BTab: the next or previous link. */
void art_focus_step(Article *ar, int dir);
/* Scroll by a movement action; true when it is one. */
bool art_scroll(Article *ar, Action a);

#endif
