/* utf8edit: code-point buffer edits shared by the line and text editors. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef YC_UTF8EDIT_H
#define YC_UTF8EDIT_H
#include <stdbool.h>
#include <stdint.h>

/* Whether c may be typed into a field: text, no controls, no bidi
 * overrides; the newline only when newline is true. */
bool ue_insertable(uint32_t c, bool newline);
/* Insert c at *cur in cp[0..*len) (room for max) when there is room and
 * c is insertable; false when it was refused. */
bool ue_insert(uint32_t *cp, int *len, int *cur, int max, uint32_t c, bool newline);
/* Remove code points [from, to) (clamped), wipe the freed tail and keep
 * the cursor on the same text. */
void ue_cut(uint32_t *cp, int *len, int *cur, int from, int to);

#endif
