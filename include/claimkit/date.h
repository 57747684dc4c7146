/*
 * date.h - calendar dates as ISO 8601 text (YYYY-MM-DD), which sorts
 * and compares as the dates do.
 */
#ifndef CLAIMKIT_DATE_H
#define CLAIMKIT_DATE_H

#include <time.h>

/* Returns 0 when s is a real date written YYYY-MM-DD (1900..2199),
 * -1 otherwise (2025-02-30, 2025-2-3, 03/01/2025 are all refused). */
int ck_date_check(const char *s);

/* Today's local date into buf (at least 11 bytes). */
char *ck_date_today(char *buf);

/* Days from 1970-01-01 to the valid date s. */
long ck_date_days(const char *s);

/* Writes the date that is `days` after 1970-01-01 into buf (11 bytes). */
char *ck_date_from_days(long days, char *buf);

/* Now: $CLAIMKIT_NOW (YYYY-MM-DDTHH:MM:SSZ, UTC) when set, so tests
 * and reruns of a day's work see a fixed clock; else the clock. */
time_t ck_now(void);

#endif
