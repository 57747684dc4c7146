/*
 * import.h - loading claims from a CSV or TSV table (see claim.h for the
 * columns).  An import is one transaction: all of it or none of it.
 */
#ifndef CLAIMKIT_IMPORT_H
#define CLAIMKIT_IMPORT_H

#include "claimkit/csv.h"
#include "claimkit/err.h"
#include "claimkit/store.h"

struct ck_import_stats {
	long claims, lines, replaced;
};

/*
 * Imports path ("-" for stdin).  A claim id already in the database is
 * replaced when it is not in a batch (status ready or rejected) and
 * refused otherwise.  Errors: CK_DATA naming file, line, field and what
 * was expected; CK_FAIL for I/O; CK_TEMP when the database stayed
 * locked.  On error the database is unchanged.
 */
int ck_import(struct ck_store *st, const char *path, enum ck_format fmt,
    struct ck_import_stats *stats, struct ck_err *err);

#endif
