/* kbmarkup: the knowledge-base article markup, read the same way by the
 * server (search terms) and the client (index, snippets). One block per line:
 * "# " heading, "## " subheading, "- " item, "1. " numbered item; inline
 * links "[text](matter:CODE)" and "[text](kb:ID)". */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef YC_KBMARKUP_H
#define YC_KBMARKUP_H
#include <stdbool.h>
#include <stddef.h>

typedef struct KbLink {
	const char *text, *target; /* spans into the markup */
	size_t text_len, target_len;
	size_t whole;              /* bytes of the whole link */
	bool matter;               /* matter:CODE (else kb:ID) */
} KbLink;

/* Bytes of the block marker at the start of a line ("# ", "## ", "- ",
 * "12. "), or 0. */
size_t kbm_marker_len(const char *line);
/* Is s at a link? Fills *l when it is. A link never spans lines. */
bool kbm_link_at(const char *s, KbLink *l);
/* The text without markers and link targets: one line per block, blank
 * lines dropped, numbered items keep their number. Caller frees. */
char *kbm_plain(const char *markup);

#endif
