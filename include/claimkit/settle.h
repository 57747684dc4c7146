/*
 * settle.h - bulk settlement: claims become Settled and the balances the
 * writeoff setting names are adjusted to zero, one adjustment row each,
 * in one transaction; a run can be undone while nothing touched its
 * claims since.  The SQL lives in lib/store_settle.c.
 */
#ifndef CLAIMKIT_SETTLE_H
#define CLAIMKIT_SETTLE_H

#include <stdint.h>

#include "claimkit/csv.h"
#include "claimkit/err.h"
#include "claimkit/filter.h"
#include "claimkit/store.h"

struct ck_settle_sum {
	long claims;            /* to settle */
	long skipped;           /* already settled */
	long unsent;            /* of claims: never sent (ready, batched) */
	int64_t patient, insurance;     /* their balances */
};

/* ck_settle_select() flags */
#define CK_SETTLE_UNSENT 1      /* claims never sent may be settled too */

/*
 * Selects the claims to settle: those named in the claim_id column of
 * table r (when r is not NULL) that filter f also selects, and keeps
 * each as it is now (status, balances, import) for ck_settle_apply() to
 * check.  Unknown ids and ids given twice stop it (CK_DATA naming them)
 * before anything else; so do claims never sent (ready or batched: never
 * billed, so nothing to write off) unless flags has CK_SETTLE_UNSENT.
 * Fills sum.
 */
int ck_settle_select(struct ck_store *st, struct ck_reader *r,
    const struct ck_filter *f, int flags, struct ck_settle_sum *sum,
    struct ck_err *err);

/* Walks the selection for the confirmation list: claim_id, patient,
 * date_of_service, status, payer, patient_balance, insurance_balance,
 * as selected (at most limit rows). */
int ck_settle_preview(struct ck_store *st, long limit, ck_row_cb cb,
    void *arg, struct ck_err *err);

/*
 * Settles the selection with writeoff ("patient", "insurance", "both"
 * or "none"); with dry_run changes nothing.  Settles exactly what was
 * selected: a claim that changed since (imported again, even into the
 * same row; another status or balance) stops it, CK_DATA naming them,
 * and nothing is settled.  cb gets one row per claim: claim_id,
 * previous_status, patient_writeoff, insurance_writeoff, run_id.  *run
 * gets the run's id (0 for a dry run).
 */
int ck_settle_apply(struct ck_store *st, const char *writeoff, int dry_run,
    ck_row_cb cb, void *arg, int64_t *run, struct ck_err *err);

/* Records a settlement the user did not confirm. */
int ck_settle_cancelled(struct ck_store *st, const struct ck_settle_sum *sum,
    const char *why, struct ck_err *err);

/*
 * Checks run can be undone: it exists, is not undone, and none of its
 * claims changed since, nor was settled out of a batch sent or voided
 * since (CK_DATA naming them).  Fills sum with its claims and the
 * balances it wrote off.
 */
int ck_settle_undo_check(struct ck_store *st, int64_t run,
    struct ck_settle_sum *sum, struct ck_err *err);
/* Undoes run (after ck_settle_undo_check, in its own transaction). */
int ck_settle_undo(struct ck_store *st, int64_t run, struct ck_err *err);

int ck_settle_runs(struct ck_store *st, ck_row_cb cb, void *arg,
    struct ck_err *err);

#endif
