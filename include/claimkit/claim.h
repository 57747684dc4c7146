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

/* Most service lines one claim may have (the 837P's 2400 loop limit). */
#define CK_MAX_LINES 50

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

/* 1 for the types stored as an integer (their .i), 0 for text. */
static inline int
ck_ctype_integer(int type)
{
	return type == CK_T_MONEY || type == CK_T_INT || type == CK_T_UNITS;
}

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

/* CK_C_claim_id, CK_C_patient_last, ...: indexes into ck_columns and
 * into the values of a struct ck_claim. */
enum ck_col {
#define CK_COL(n, line, req, phi, type, max, choices, dflt) CK_C_##n,
#include "claimkit/columns.def"
#undef CK_COL
	CK_NCOLS
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
 * A claim as the batch writers, the scrub and the print layout see it:
 * the claim-level values in v[] (line columns unused there) and each
 * service line's values in line[k][] (claim columns unused there), each
 * indexed by enum ck_col.  Dates are YYYY-MM-DD text; money, units and
 * rank are in .i (cents, thousandths, 1..3) with .s their text; an empty
 * value has s NULL.  The store fills it; strings live in the store's
 * buffers until the next claim is read.
 */
struct ck_claim {
	int64_t id;                      /* the database row */
	const char *status, *filing;     /* filing: electronic or paper */
	int64_t total_charge;            /* sum of the lines' charges */
	int nlines;
	struct ck_val v[CK_NCOLS];
	struct ck_val line[CK_MAX_LINES][CK_NCOLS];
};

/* Value of claim-level column c, or "" when empty. */
static inline const char *
ck_cv(const struct ck_claim *cl, enum ck_col c)
{
	return cl->v[c].s ? cl->v[c].s : "";
}

/* Value of line k's column c, or "" when empty. */
static inline const char *
ck_lv(const struct ck_claim *cl, int k, enum ck_col c)
{
	return cl->line[k][c].s ? cl->line[k][c].s : "";
}

/*
 * The columns of one earlier payer of a secondary or tertiary claim:
 * ck_prior(0) the prior_* columns, the payer just before this claim's
 * (the primary on a secondary claim, the secondary on a tertiary one);
 * ck_prior(1) the prior2_* columns, the primary of a tertiary claim.
 * seq is that payer's 2320 SBR01 on a claim of rank 3.
 */
struct ck_prior {
	const char *what;        /* "prior payer", for messages */
	const char *seq;
	enum ck_col payer_id, payer_name, filing, group, subscriber_id, paid,
	    paid_date, adjustments, line_paid, line_paid_date, line_adj,
	    claim_ref, remarks, line_procedure, line_units, relationship,
	    sub_last, sub_first, sub_middle;
	int insurance_type;      /* its 2320 SBR05 column; -1: never sent,
				  * as that payer is the primary */
};
#define CK_NPRIOR 2

static inline const struct ck_prior *
ck_prior(int n)
{
	static const struct ck_prior p[CK_NPRIOR] = {
		{"prior payer", "S", CK_C_prior_payer_id,
		    CK_C_prior_payer_name, CK_C_prior_filing_indicator,
		    CK_C_prior_group_number, CK_C_prior_subscriber_id,
		    CK_C_prior_paid, CK_C_prior_paid_date,
		    CK_C_prior_adjustments, CK_C_line_prior_paid,
		    CK_C_line_prior_paid_date, CK_C_line_prior_adjustments,
		    CK_C_prior_claim_ref, CK_C_prior_remarks,
		    CK_C_line_prior_procedure, CK_C_line_prior_units,
		    CK_C_prior_relationship, CK_C_prior_subscriber_last,
		    CK_C_prior_subscriber_first, CK_C_prior_subscriber_middle,
		    CK_C_prior_insurance_type},
		{"second prior payer", "P", CK_C_prior2_payer_id,
		    CK_C_prior2_payer_name, CK_C_prior2_filing_indicator,
		    CK_C_prior2_group_number, CK_C_prior2_subscriber_id,
		    CK_C_prior2_paid, CK_C_prior2_paid_date,
		    CK_C_prior2_adjustments, CK_C_line_prior2_paid,
		    CK_C_line_prior2_paid_date, CK_C_line_prior2_adjustments,
		    CK_C_prior2_claim_ref, CK_C_prior2_remarks,
		    CK_C_line_prior2_procedure, CK_C_line_prior2_units,
		    CK_C_prior2_relationship, CK_C_prior2_subscriber_last,
		    CK_C_prior2_subscriber_first, CK_C_prior2_subscriber_middle,
		    -1},
	};

	return &p[n];
}

/*
 * A claim's fingerprint: SHA-256 over its import columns as the store
 * keeps them (money, units and ints as their integer in decimal, an
 * empty value as absent), the claim's columns then each line's, in
 * ck_columns order.  Equal fingerprints: an unchanged claim.  Begin
 * returns -1 when out of memory; end frees and writes 64 hex digits and
 * a NUL into hex.
 */
struct ck_fp {
	void *md;
};
int ck_fp_begin(struct ck_fp *f);
/* text NULL: the value is absent. */
void ck_fp_add(struct ck_fp *f, const char *name, const char *text);
/* Starts service line line_no (1-based). */
void ck_fp_line(struct ck_fp *f, int line_no);
void ck_fp_end(struct ck_fp *f, char *hex);
/* The columns Invoice Creation fills from the fee schedule: a session's
 * fingerprint leaves them out, so that a session loaded again after it
 * was priced is the same session. */
static inline int
ck_col_priced(size_t c)
{
	return c == CK_C_charge || c == CK_C_claim_total;
}

/*
 * Checks raw (trimmed in place) against column c and writes its canonical
 * form into out (at least 4 * c->max + 32 bytes: lengths are counted in
 * characters).  Returns 0 for a value, 1 for an empty optional value
 * with no default, or -1 with "expected ..." in why (256 bytes).
 */
int ck_column_check(const struct ck_column *c, char *raw, char *out,
    int64_t *ival, char *why);

#endif
