/* case_calc: case numbers, promised completion dates in working days, money amounts. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef YCD_CASE_CALC_H
#define YCD_CASE_CALC_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CASE_MAX_SERIAL 9999 /* numbers a hall gives out a day */

/*
 * A case number is HALL-YYYYMMDD-NNNN: the hall id in capitals (letters and
 * digits only, at most 12), the day of acceptance in the hall's local time
 * and the day's serial number 0001-9999, e.g. XH01-20261124-0017. Numbers of
 * one hall sort by day, then by serial; read aloud it falls into three
 * groups.
 */
bool case_number_make(const char *hall_id, const char *day, int serial, char *out, size_t outsz);
/* Split a number made by case_number_make; false when it is not one. */
bool case_number_split(const char *number, char *hall, size_t hallsz, char day[9], int *serial);

/* The date value units after y-m-d: working_days skip Saturdays and Sundays
 * (the first working day after y-m-d counts one), calendar_days count
 * every day, hours end the same day (or the next working days for more
 * than a working day of 8 hours). */
void case_due_date(int y, int m, int d, int value, const char *unit, int *oy, int *om, int *od);

/* "120.00" <-> cents; false when not ^[0-9]{1,13}\.[0-9]{2}$. */
bool money_parse(const char *s, int64_t *cents);
void money_format(int64_t cents, char *out, size_t outsz);

#endif
