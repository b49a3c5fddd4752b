/* faults: requests made to fail on purpose for tests (--faults): an error status (optionally naming a field), a reset connection, a lost answer or a delay. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef YCD_FAULTS_H
#define YCD_FAULTS_H
#include <stdbool.h>
#include <stddef.h>

/*
 * SPEC is RULE[,RULE…]; a RULE is
 *     [METHOD ]PATTERN=ACTION[xCOUNT]
 * METHOD (GET, POST, …; default any) and PATTERN a request path where '*'
 * matches any run of characters ("/v1/credit/" then a star). ACTION is an HTTP status
 * from 400 to 599 (answered as a problem without running the request),
 * STATUS@FIELD (the same, and the problem's errors[] names FIELD, e.g.
 * 422@form.values.applicant.phone, with the message "rejected on purpose
 * (--faults)"), "reset" (the connection is closed before the request runs,
 * with no answer), "lost" (the request runs as usual, then the connection
 * is closed without its answer: the case is made, the client never hears)
 * or "delay:MS" (the request waits MS milliseconds, then runs as usual).
 * xCOUNT applies the rule to the next COUNT matching requests only;
 * without it, to all (a FIELD that itself ends in x and digits needs an
 * xCOUNT after it). The first rule that matches and has uses left applies.
 */

enum fault_kind { FAULT_NONE = 0, FAULT_STATUS, FAULT_RESET, FAULT_DELAY, FAULT_LOST };

enum { FAULT_FIELD_MAX = 128 };

struct fault_hit {
	enum fault_kind kind;
	unsigned status;   /* FAULT_STATUS */
	int delay_ms;      /* FAULT_DELAY */
	char field[FAULT_FIELD_MAX]; /* FAULT_STATUS: the field errors[] names, or "" */
};

/* Add the rules of spec (may be called once per --faults option); 0, or -1
 * with a message. */
int faults_add(const char *spec, char *err, size_t errsz);
/* Forget every rule. */
void faults_clear(void);
/* Whether any rule is set. */
bool faults_active(void);
/* The fault for this request (uses one of a counted rule), or FAULT_NONE. */
struct fault_hit faults_match(const char *method, const char *path);

#endif
