/*
 * import.h - loading claims from a CSV or TSV table (see claim.h for the
 * columns).  Malformed data fails the whole import; a claim that cannot
 * take its change is refused alone, or fails the whole import too when
 * strict.
 */
#ifndef CLAIMKIT_IMPORT_H
#define CLAIMKIT_IMPORT_H

#include "claimkit/csv.h"
#include "claimkit/err.h"
#include "claimkit/store.h"

/* claims = added + replaced + versions: the claims written. */
struct ck_import_stats {
	long claims, lines, added, replaced, versions, unchanged, refused;
};

/*
 * A column map (claimkit(5)): a table with the columns from, an
 * export's column name, and to, the claim column it is read as or empty
 * to ignore it.  ck_colmap_load() returns a map the caller frees with
 * ck_colmap_free().  Errors: CK_DATA naming file, line and field;
 * CK_FAIL when it cannot be read.
 */
struct ck_colmap;
int ck_colmap_load(struct ck_colmap **m, const char *path,
    struct ck_err *err);
/* The claim column export column h is read as: its mapped name, h
 * itself when the map (which may be NULL) does not name it, or NULL when
 * the map ignores it.  Valid until the map is freed. */
const char *ck_colmap_name(const struct ck_colmap *m, const char *h);
void ck_colmap_free(struct ck_colmap *m);

/* A changed claim left as it was: valid during the callback only. */
struct ck_import_refusal {
	const char *claim_id;
	long line;              /* its first row in the file */
	const char *status;     /* its status in the database */
	const char *why;        /* what would let it in */
};

struct ck_import_opts {
	enum ck_format fmt;
	/* a column map (claimkit(5)) or NULL: the export's column names */
	const char *map;
	/* 1: a refused claim fails the whole import (CK_DATA) */
	int strict;
	/* 1: completed sessions (claimkit(5)): the claim columns without
	 * charge and claim_total, loaded in status session for Invoice
	 * Creation (stages.h) to price; only a session replaces a session */
	int sessions;
	/* called for each refused claim when not strict; may be NULL */
	void (*refused)(void *arg, const struct ck_import_refusal *r);
	void *arg;
};

/*
 * Imports path ("-" for stdin).  A claim id already in the database is,
 * for each claim of the file:
 *   unchanged (same fingerprint, claim.h): left alone, counted;
 *   ready or rejected: replaced, keeping its settlement history;
 *   sent to the payer (sent, accepted, paid, denied) and the row has
 *     frequency 7 or 8: a new version, ready, while the row sent is kept
 *     as history (ck_store_claim_supersede);
 *   otherwise: refused, reported through o->refused, the rest loaded.
 * Errors: CK_DATA naming file, line, field and what was expected (and a
 * refused claim when strict); CK_FAIL for I/O; CK_TEMP when the database
 * stayed locked.  On error the database is unchanged.
 */
int ck_import(struct ck_store *st, const char *path,
    const struct ck_import_opts *o, struct ck_import_stats *stats,
    struct ck_err *err);

#endif
