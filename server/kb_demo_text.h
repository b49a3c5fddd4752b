/* kb_demo_text: the demo's written knowledge-base articles as a table. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef YCD_KB_DEMO_TEXT_H
#define YCD_KB_DEMO_TEXT_H

struct kb_written {
	const char *id, *kind, *title;
	const char *updated_at; /* RFC 3339 */
	const char *keywords;   /* separated by '|' */
	const char *body;       /* markup */
	const char *matters;    /* codes separated by spaces */
	const char *related;    /* article ids separated by spaces */
};

/* Both end with an entry whose id is NULL. */
extern const struct kb_written kb_written[];
extern const struct kb_written kb_withdrawn[];

#endif
