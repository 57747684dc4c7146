/*
 * claim.h - the claim import format: one row per service line, the
 * claim-level columns repeated on each line of a claim.  ck_columns is
 * the single list of columns; claimkit(5) documents the same list and a
 * test keeps the two equal.
 */
#ifndef CLAIMKIT_CLAIM_H
#define CLAIMKIT_CLAIM_H

#include <stddef.h>
#include <stdint.h>

#include "claimkit/csv.h"
#include "claimkit/err.h"

enum ck_ctype {
	CK_T_TEXT,      /* trimmed text, no control characters */
	CK_T_UPPER,     /* text stored upper-case (codes) */
	CK_T_DIGITS,    /* digits; '-', ' ', '(' and ')' dropped (ZIP, TIN) */
	CK_T_DATE,      /* YYYY-MM-DD */
	CK_T_MONEY,     /* 123.45, not negative */
	CK_T_ENUM,      /* one of choices, stored as written there */
	CK_T_INT,       /* one of choices, stored as an integer */
	CK_T_UNITS,     /* 1, 1.5, 0.125: stored in thousandths */
	CK_T_DX,        /* ICD-10-CM, dot dropped, upper-case */
	CK_T_POINTERS,  /* 1 to 4 of 1..12 joined with ':' */
	CK_T_ADJ,       /* GROUP-REASON:AMOUNT joined with ';' */
	CK_T_STATE      /* two letters, upper-case */
};

struct ck_column {
	const char *name;
	unsigned char line;       /* 1: a service-line column */
	unsigned char required;   /* 1: the column and a value are needed */
	unsigned char phi;        /* 1: never echo the value in messages */
	unsigned char type;       /* enum ck_ctype */
	unsigned short max;       /* longest value accepted, in bytes */
	const char *choices;      /* CK_T_ENUM/CK_T_INT: "a|b|c" */
	const char *dflt;         /* stored when the value is empty */
};

extern const struct ck_column ck_columns[];
extern const size_t ck_ncolumns;

/* Index of the column named name in ck_columns, or -1. */
int ck_column_find(const char *name);

/* A value after checking: canonical text, and an integer for money,
 * units and ints.  s is NULL for an empty optional value. */
struct ck_val {
	const char *s;
	int64_t i;
};

/*
 * Checks raw (trimmed in place) against column c and writes its canonical
 * form into out (at least 4 * c->max + 32 bytes: lengths are counted in
 * characters).  Returns 0 for a value, 1 for an empty optional value
 * with no default, or -1 with "expected ..." in why (256 bytes).
 */
int ck_column_check(const struct ck_column *c, char *raw, char *out,
    int64_t *ival, char *why);

#endif
