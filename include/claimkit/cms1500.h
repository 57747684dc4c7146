/*
 * cms1500.h - paper claims: the CMS-1500 (02/12) claim form, printed as
 * data only onto the red pre-printed form.
 *
 * A form is 66 lines of at most 80 columns (10 characters and 6 lines
 * an inch on an 8.5 x 11 inch sheet), plain ASCII, each line ending in
 * a newline; trailing spaces are left out.  Names and text are upper
 * case and cut to their box.  A form holds six service lines; a claim
 * with more goes on further forms, each a whole form, with the total
 * charge and the amount paid on the last one only.
 */
#ifndef CLAIMKIT_CMS1500_H
#define CLAIMKIT_CMS1500_H

#include <stdio.h>

#include "claimkit/claim.h"
#include "claimkit/err.h"

#define CK_CMS1500_LINES 66   /* lines a form */
#define CK_CMS1500_COLS 80    /* columns a line, at most */
#define CK_CMS1500_SVC 6      /* service lines a form */

/*
 * Writes the form(s) of one claim to fp: 66 lines of up to 80 columns
 * each, plain ASCII, data only; six service lines a form, further forms
 * for more lines, the total charge (and amount paid) on the last form
 * only (earlier forms print "CONTINUED" in box 28).  Every form but the
 * first one written to a file begins with a form feed; *nforms counts
 * forms written so far in this file (the caller starts it at 0).  Box
 * 31 is dated today.  Returns 0, or CK_FAIL for a write error or for a
 * claim ck_cms1500_check() refuses (then nothing is written).
 */
int ck_cms1500_write(FILE *fp, const struct ck_claim *cl, int *nforms,
    struct ck_err *err);

/* The same, with box 31 dated date (YYYY-MM-DD): a batch run dates all
 * its forms alike, and a test gets the same page every day. */
int ck_cms1500_write_dated(FILE *fp, const struct ck_claim *cl,
    const char *date, int *nforms, struct ck_err *err);

/*
 * Returns 0 when the claim can be printed, or CK_FAIL naming the claim,
 * the box and the problem: no service lines, more than CK_MAX_LINES, or
 * an amount, a number of units or an identifier (boxes 1a, 9a, 11, 22
 * and 26) wider than its box (a cut number or id would be a wrong one,
 * so it is refused rather than cut).  The scrub calls it to hold such a
 * paper claim before it is batched.
 */
int ck_cms1500_check(const struct ck_claim *cl, struct ck_err *err);

#endif
