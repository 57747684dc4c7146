/*
 * store.h - the SQLite database: every SQL statement of claimkit lives in
 * the store module (lib/store*.c), so that a move to another database
 * touches only these files.
 *
 * Ownership: ck_store_open() returns a store the caller closes with
 * ck_store_close().  Strings passed in are copied or used only during the
 * call; strings handed to callbacks are valid only during the callback.
 */
#ifndef CLAIMKIT_STORE_H
#define CLAIMKIT_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "claimkit/claim.h"
#include "claimkit/err.h"

struct ck_store;
struct ck_filter;
struct ck_reader;

/* The schema version this library writes; older files are migrated. */
#define CK_SCHEMA_VERSION 1

/*
 * The database path: path if not NULL, else $CLAIMKIT_DB, else
 * $XDG_DATA_HOME/claimkit/claimkit.db (~/.local/share/...).  Writes it
 * into buf.  Returns 0, or -1 when no home is known.
 */
int ck_store_default_path(const char *path, char *buf, size_t size);

/* ck_store_open() flags */
#define CK_OPEN_EXISTING 1   /* refuse to create: a reader of the data */

/*
 * Opens (creating 0600, with missing folders 0700) the database at path,
 * sets WAL mode, a busy timeout, foreign keys, and migrates the schema
 * forward.  An existing file readable by others is made 0600.  program
 * names the caller in the audit table.
 */
int ck_store_open(struct ck_store **st, const char *path,
    const char *program, int flags, struct ck_err *err);
void ck_store_close(struct ck_store *st);

/* Write transactions: begin takes the write lock at once (IMMEDIATE). */
int ck_store_begin(struct ck_store *st, struct ck_err *err);
int ck_store_commit(struct ck_store *st, struct ck_err *err);
void ck_store_rollback(struct ck_store *st);

int ck_store_schema_version(struct ck_store *st);

/* The user recorded in the audit table (login name, else uid). */
const char *ck_store_user(const struct ck_store *st);

/* Appends an audit row (inside the caller's transaction if any). */
int ck_audit(struct ck_store *st, const char *action, const char *subject,
    const char *before, const char *after, struct ck_err *err);

/* A row handed to a callback: n columns, their names and text values
 * (NULL for SQL NULL).  The first call of a walk has vals NULL: it
 * carries the header, so an empty result still names its columns.  A
 * non-zero return stops the walk and is returned by the walker. */
typedef int (*ck_row_cb)(void *arg, int n, const char *const *names,
    const char *const *vals);

/* Prints the audit table, oldest first. */
int ck_audit_walk(struct ck_store *st, ck_row_cb cb, void *arg,
    struct ck_err *err);

/* --- claims (lib/store_claims.c) --- */

struct ck_claim_state {
	int64_t id;             /* 0 when no such claim */
	char status[16];
	int64_t import_id;
	long source_line;
	int64_t batch_id;
};

struct ck_claim_derived {
	const char *status, *filing, *first_date, *last_date;
	int64_t total_charge;
	int lines;
	int64_t import_id;
	long source_line;
};

/* Starts an import: records it and returns its id. */
int ck_store_import_start(struct ck_store *st, const char *file,
    int64_t *import_id, struct ck_err *err);
int ck_store_import_finish(struct ck_store *st, int64_t import_id,
    long claims, long lines, long replaced, struct ck_err *err);
int ck_store_claim_state(struct ck_store *st, const char *claim_id,
    struct ck_claim_state *out, struct ck_err *err);
int ck_store_claim_delete(struct ck_store *st, int64_t id,
    struct ck_err *err);
/* vals: one per ck_columns entry (line columns ignored). */
int ck_store_claim_insert(struct ck_store *st, const struct ck_val *vals,
    const struct ck_claim_derived *d, int64_t *id, struct ck_err *err);
/* vals: one per ck_columns entry (claim columns ignored). */
int ck_store_line_insert(struct ck_store *st, int64_t claim, int line_no,
    const struct ck_val *vals, struct ck_err *err);

/*
 * Loads claim ids from the column named col of the table r into the
 * selection that a filter with use_selection reads.  Returns the number
 * of rows read in *n and the number of repeated ids in *dups.
 */
int ck_store_select_ids(struct ck_store *st, struct ck_reader *r,
    const char *col, long *n, long *dups, struct ck_err *err);

/* Walks the claims the filter selects, in import order, as list rows. */
int ck_store_list_claims(struct ck_store *st, const struct ck_filter *f,
    ck_row_cb cb, void *arg, struct ck_err *err);

/* Names of the claims table's columns, for the schema test. */
int ck_store_claim_columns(struct ck_store *st, ck_row_cb cb, void *arg,
    struct ck_err *err);

#endif
