/* Internal to the batch module: the run's lock and temporary names. */
#ifndef CLAIMKIT_BATCH_INT_H
#define CLAIMKIT_BATCH_INT_H

#include <stddef.h>
#include <stdint.h>

#include "claimkit/err.h"
#include "claimkit/store.h"

/* Takes the database's run lock (DB.d/run.lock), waiting up to 30
 * seconds (then CK_TEMP) for a run in progress: while it is held, every
 * recorded temporary name is a dead run's.  *fd gets the lock, released
 * by ck_batch_unlock. */
int ck_batch_lock(struct ck_store *st, int *fd, struct ck_err *err);
void ck_batch_unlock(int fd);

/* Under the lock, in its own transaction: removes what killed runs
 * left under their recorded temporary names, then records the prefix
 * (into prefix) of this run's temporary names in folder dir, *id
 * naming the record. */
int ck_batch_temps_begin(struct ck_store *st, const char *dir, char *prefix,
    size_t size, int64_t *id, struct ck_err *err);

/* Forgets record id, once its names are gone (a failure leaves it to
 * the next run's clean-up). */
void ck_batch_temps_end(struct ck_store *st, int64_t id);

#endif
