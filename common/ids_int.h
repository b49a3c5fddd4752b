/* ids_int: helpers shared by the ids_*.c files only (not a public interface). */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef YC_IDS_INT_H
#define YC_IDS_INT_H
#include "common/ids.h"

/* An input with separators removed and characters folded to ASCII. */
typedef struct IdNorm {
	char s[32];      /* the first 31 characters kept; '?' stands for a bad one */
	int len;         /* characters counted, even past 31 */
	int bad_pos;     /* 1-based position of the first non-ASCII-able one, or 0 */
	char bad[8];     /* that character, UTF-8 */
} IdNorm;

enum { IDS_NORM_PHONE = 1 }; /* also drop ( ) and keep '+' */

/* Fold full-width forms to ASCII, upper-case letters, drop spaces and
 * dashes (any width); with IDS_NORM_PHONE also parentheses. */
void ids_normalize(const char *s, int flags, IdNorm *n);
/* Start a result: zero it, set the kind, copy the normalized text. */
void ids_begin(IdCheck *r, IdKind kind, const IdNorm *n);
/* Record a failure and return false. */
bool ids_fail(IdCheck *r, IdRule rule, int position);
/* Fail with ID_ERR_LENGTH unless n->len == want (or want2 when >0). */
bool ids_length_ok(IdCheck *r, const IdNorm *n, int want, int want2);
/* Fail with ID_ERR_CHAR at the first position in [from, to] (1-based) whose
 * character is not accepted by ok(); bad non-ASCII characters too. */
bool ids_chars_ok(IdCheck *r, const IdNorm *n, int from, int to, int (*ok)(int));
/* ID_OK, ID_ERR_DATE, ID_ERR_DATE_FUTURE or ID_ERR_DATE_EARLY. */
IdRule ids_date_rule(int y, int m, int d);
/* Days in a month of the Gregorian calendar (0 for a bad month). */
int ids_days_in_month(int y, int m);
/* Parse n ASCII digits; -1 when one is not a digit. */
long ids_digits(const char *s, int n);
/* Check a YYYYMMDD birth date at s (1-based position pos); fills the result. */
bool ids_birth_ok(IdCheck *r, const char *s, int pos);
/* Compare the check character at position pos with expected. */
bool ids_check_char_ok(IdCheck *r, IdRule rule, int pos, char expected);
/* ASCII digit / digit-or-X predicates for ids_chars_ok. */
int ids_is_digit(int c);
int ids_is_digit_or_x(int c);

/* USCC authority/category pairs of GB 32100 (ids_uscc.c). */
bool ids_uscc_pair_ok(char authority, char category);
size_t ids_uscc_pair_count(void);
bool ids_uscc_pair(size_t k, char *authority, char *category);

#endif
