/*
 * money.h - amounts of money as integer cents, never floating point.
 */
#ifndef CLAIMKIT_MONEY_H
#define CLAIMKIT_MONEY_H

#include <stdint.h>

/* Largest amount accepted: $9,999,999,999.99 fits X12's 18-digit R type
 * and leaves room to add a claim's lines without overflow. */
#define CK_MONEY_MAX INT64_C(999999999999)

/*
 * Parses "123.45", "123.4", "123" or "-12.50" (the sign only when
 * allow_negative) into cents.  No exponent, no thousands separator, no
 * currency sign, at most two decimals.  Returns 0, or -1 when s is not
 * such an amount.
 */
int ck_money_parse(const char *s, int allow_negative, int64_t *cents);

/* Writes cents as "123.45" / "-0.50" into buf (at least 24 bytes). */
char *ck_money_format(int64_t cents, char *buf);

#endif
