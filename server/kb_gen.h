/* kb_gen: wording shared by the article generators — the catalog's codes in Chinese, durations, materials, fees. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef YCD_KB_GEN_H
#define YCD_KB_GEN_H
#include "server/kb.h"
#include "server/sbuf.h"
#include <cjson/cJSON.h>

/* Chinese names of the contract's codes ("confirmation" -> 行政确认);
 * the code itself when unknown. */
const char *kb_word_matter_kind(const char *code);
const char *kb_word_target(const char *code);
const char *kb_word_requirement(const char *code);
const char *kb_word_form(const char *code);
const char *kb_word_source(const char *code);
const char *kb_word_elicense(const char *code);
const char *kb_word_delivery(const char *code);

/* A Duration ("10 个工作日", "即办") into buf. */
void kb_duration(const cJSON *d, char *buf, size_t size);
/* Names of a string array joined by sep ("窗口领取、邮寄"). */
void kb_join(struct sbuf *b, const cJSON *arr, const char *(*word)(const char *), const char *sep);
/* One material as a list line "- 名称（条件）：原件 1 份；必需；… 说明". */
void kb_material_line(struct sbuf *b, const cJSON *m);
/* The fee section's lines. */
void kb_fee_lines(struct sbuf *b, const cJSON *fee);
/* A link to a matter: "[name](matter:code)". */
void kb_link_matter(struct sbuf *b, const char *code, const char *name);
void kb_link_kb(struct sbuf *b, const char *id, const char *title);
/* The name of a loaded (not deleted) matter; NULL when unknown. */
const char *kb_matter_name(const char *code);

/* Titles of the written demo articles, for links from generated ones;
 * NULL when the id is not one of them (kb_demo_text.c). */
const char *kb_demo_title(const char *id);

#endif
