/*
 * batch.h - the batch job: scrub ready claims and write the ones that
 * pass into an 837P file (electronic) and a CMS-1500 print file (paper)
 * per run, more when the batch_max_claims setting caps a file, all in
 * one transaction with the files, so a run is complete or absent.  Also
 * the life of a batch afterwards: printed, voided.
 */
#ifndef CLAIMKIT_BATCH_H
#define CLAIMKIT_BATCH_H

#include <time.h>

#include "claimkit/err.h"
#include "claimkit/filter.h"
#include "claimkit/store.h"

struct ck_run_stats {
	long selected;          /* ready claims the run looked at */
	long failed;            /* held back by the scrub */
	long batched;
	/* ready claims the run left, by what holds them */
	long by_dwell, in_ref, by_rule;
	long in_batch;          /* in a live batch already */
};

/* Called once per batch written, after the run committed: the 837P
 * batches first, each kind in the order of its numbers. */
typedef int (*ck_batch_cb)(void *arg, const struct ck_batch *b);

/*
 * Runs the batch job over the claims f selects (f->filing restricts it
 * to electronic or paper claims).  Errors: CK_FAIL (settings missing,
 * I/O), CK_TEMP (database busy), CK_DATA (a claim the writer refused).
 */
int ck_batch_run(struct ck_store *st, const struct ck_filter *f,
    ck_batch_cb cb, void *arg, struct ck_run_stats *stats,
    struct ck_err *err);

/* Checks that batch b's file is the one its run wrote (its SHA-256):
 * CK_DATA when it changed, CK_FAIL when it cannot be read.  Every
 * reader of a batch file checks first. */
int ck_batch_check_file(const struct ck_batch *b, struct ck_err *err);

/* Marks paper batch id printed (its file checked first). */
int ck_batch_printed(struct ck_store *st, long long id, struct ck_err *err);

/* Voids batch id, not yet sent or printed: its claims are ready again
 * and its file is removed (refused when the file there is not the
 * batch's). */
int ck_batch_void(struct ck_store *st, long long id, struct ck_err *err);

/* Scrubs the ready claims f selects, recording and reporting failures. */
struct ck_scrub_issue;
struct ck_claim;
typedef int (*ck_issue_cb)(void *arg, const struct ck_claim *cl,
    const struct ck_scrub_issue *is);
int ck_batch_scrub(struct ck_store *st, const struct ck_filter *f,
    ck_issue_cb cb, void *arg, long *claims, struct ck_err *err);

/* The folder batch files go in (setting batch_dir, else DB.d/batches,
 * the database's own). */
int ck_batch_dir(struct ck_store *st, char *buf, size_t size,
    struct ck_err *err);

#endif
