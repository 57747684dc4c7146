/*
 * fees.h - fee schedules: the practice's charge for a procedure (and a
 * modifier) from an effective date on, in the default schedule (payer
 * empty) or a payer's own.  Invoice Creation prices sessions from them
 * (stages.h).
 *
 * Ownership: nothing is kept past a call.
 */
#ifndef CLAIMKIT_FEES_H
#define CLAIMKIT_FEES_H

#include "claimkit/csv.h"
#include "claimkit/err.h"
#include "claimkit/store.h"

struct ck_fee {
	const char *payer_id;   /* "" for the default schedule */
	const char *procedure;
	const char *modifier;   /* "" for the procedure without one */
	const char *effective;  /* YYYY-MM-DD */
	int64_t charge;         /* cents */
};

/*
 * Imports a fee schedule table (claimkit(5): payer_id, procedure,
 * modifier, effective, charge) from path ("-": stdin) in one
 * transaction: a fee already there for the same payer, procedure,
 * modifier and date takes the new charge; the same fee twice in the file
 * is refused (which would the practice mean?).  *n gets the rows read.
 * Errors: CK_DATA naming file, line, field and what was expected (the
 * database unchanged); CK_FAIL for I/O; CK_TEMP when locked.
 */
int ck_fees_import(struct ck_store *st, const char *path, enum ck_format fmt,
    long *n, struct ck_err *err);

/* --- the store's side (lib/store_stages.c) --- */

/* Starts an import (in its transaction). */
int ck_store_fee_begin(struct ck_store *st, struct ck_err *err);
/* Stores fee f, read on line of the file; *first the line that had the
 * same payer, procedure, modifier and date in this import (nothing
 * stored then), else 0. */
int ck_store_fee_put(struct ck_store *st, const struct ck_fee *f,
    long line, long *first, struct ck_err *err);
/* Walks the fees, by procedure, modifier, payer and date. */
int ck_store_fees(struct ck_store *st, ck_row_cb cb, void *arg,
    struct ck_err *err);

/* Walks the problems of the sessions filter f selects that Invoice
 * Creation held for want of a fee, as claim_id,rule,field,line,message
 * rows. */
struct ck_filter;
int ck_store_fee_problems(struct ck_store *st, const struct ck_filter *f,
    ck_row_cb cb, void *arg, struct ck_err *err);

#endif
