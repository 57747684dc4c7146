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
#define CK_SCHEMA_VERSION 21

/*
 * The database path: path if not NULL, else $CLAIMKIT_DB, else
 * $XDG_DATA_HOME/claimkit/claimkit.db (~/.local/share/...).  Writes it
 * into buf.  Returns 0, or -1 when no home is known.
 */
int ck_store_default_path(const char *path, char *buf, size_t size);

/* ck_store_open() flags (0: create the database when it is missing,
 * for the verbs that set one up) */
#define CK_OPEN_EXISTING 1   /* refuse to create: it must exist */
#define CK_OPEN_READONLY 2   /* a reader: must exist, opened read-only */

/*
 * Opens the database at path, sets WAL mode, a busy timeout, foreign
 * keys, and migrates the schema forward (a reader too: on a connection
 * of its own before it reads).  A missing database is created 0600, with
 * missing folders 0700, unless flags say it must exist ("no database at
 * 'PATH'").  Anything but a regular file is refused untouched.  The mode
 * of an existing file is never changed: a mode open to others is left
 * and noted in ck_store_warning().  program names the caller in the
 * audit table.
 */
int ck_store_open(struct ck_store **st, const char *path,
    const char *program, int flags, struct ck_err *err);
/* What the caller should tell the user about the open database (a loose
 * file mode), or NULL.  Owned by the store. */
const char *ck_store_warning(const struct ck_store *st);

/* The progress callback that long work on this store reports to (see
 * progress.h): copied; NULL for none, the default.  ck_store_progress
 * returns it, or NULL. */
struct ck_progress;
void ck_store_set_progress(struct ck_store *st, const struct ck_progress *p);
const struct ck_progress *ck_store_progress(const struct ck_store *st);
void ck_store_close(struct ck_store *st);

/* Write transactions: begin takes the write lock at once (IMMEDIATE). */
int ck_store_begin(struct ck_store *st, struct ck_err *err);
int ck_store_commit(struct ck_store *st, struct ck_err *err);
void ck_store_rollback(struct ck_store *st);

/* Runs fn(st, arg, err) in a write transaction: committed when it
 * returns 0, rolled back otherwise.  Returns fn's or the commit's code. */
int ck_store_tx(struct ck_store *st,
    int (*fn)(struct ck_store *st, void *arg, struct ck_err *err), void *arg,
    struct ck_err *err);

int ck_store_schema_version(struct ck_store *st);

/*
 * The folder that holds the files this database owns, "PATH.d/SUB"
 * (SUB may be NULL for the folder itself), created 0700 when missing.
 * Two databases side by side never share a file: riverside.db keeps its
 * batches in riverside.db.d/batches, north.db in north.db.d/batches.
 */
int ck_store_files(const struct ck_store *st, const char *sub, char *buf,
    size_t size, struct ck_err *err);

/* The database's path, as opened. */
const char *ck_store_path(const struct ck_store *st);

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
/* Notes that this import met claim_id at line; *seen gets the line it
 * was met at before in this import, or 0.  Reset by import_start. */
int ck_store_import_seen(struct ck_store *st, const char *claim_id,
    long line, long *seen, struct ck_err *err);
int ck_store_claim_state(struct ck_store *st, const char *claim_id,
    struct ck_claim_state *out, struct ck_err *err);
int ck_store_claim_delete(struct ck_store *st, int64_t id,
    struct ck_err *err);
/* Points settlement history of claim row from at claim row to (a claim
 * replaced by an import keeps its history). */
int ck_store_claim_repoint(struct ck_store *st, int64_t from, int64_t to,
    struct ck_err *err);
/* The fingerprint (claim.h) of claim row id as stored, into hex (65
 * bytes); unpriced leaves out the columns Invoice Creation fills. */
int ck_store_claim_fingerprint(struct ck_store *st, int64_t id, int unpriced,
    char *hex, struct ck_err *err);
/* Keeps claim row id, superseded by a new version, as history: its
 * claim id becomes "ID.vN" (N counting the versions kept), written into
 * kept, and its status replaced. */
int ck_store_claim_supersede(struct ck_store *st, int64_t id,
    const char *claim_id, char *kept, size_t size, struct ck_err *err);
/* Foreign keys checked at commit, not per statement, in this
 * transaction (a replaced claim is deleted before its history moves). */
int ck_store_defer_keys(struct ck_store *st, struct ck_err *err);
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

/* --- settings and counters (lib/store_batch.c) --- */

/* Reads setting key into buf; *found 0 when unset. */
int ck_store_setting_get(struct ck_store *st, const char *key, char *buf,
    size_t size, int *found, struct ck_err *err);
/* Sets (value not NULL) or removes a setting, with an audit row. */
int ck_store_setting_set(struct ck_store *st, const char *key,
    const char *value, struct ck_err *err);
/* Takes n numbers from counter name (first 1): *first gets the first. */
int ck_store_counter(struct ck_store *st, const char *name, long n,
    long *first, struct ck_err *err);

/* --- batches (lib/store_batch.c) --- */

struct ck_batch {
	int64_t id;
	char kind[16];          /* "837P" or "CMS1500" */
	char status[16];        /* pending, sent, printed, void */
	char created_at[32];
	char file[4096];
	char sha256[72];
	long claims;
	int64_t total_charge;
	int64_t bytes;
};

/*
 * Fills the selection (temp table run_sel) with the claims a run or a
 * scrub takes: those filter f selects that are ready; with for_run also
 * not in a live batch already, not held in an open reference batch, not
 * matched by an exclusion rule, and past the dwell (those held, and
 * why, in temp table run_held).  *n gets their number.
 */
int ck_store_select_ready(struct ck_store *st, const struct ck_filter *f,
    int for_run, long *n, struct ck_err *err);
/* The claims the last run selection held, by reason: held[0] in a live
 * batch, [1] in a reference batch, [2] by a rule, [3] by the dwell. */
int ck_store_held(struct ck_store *st, long *held, struct ck_err *err);

/* Calls cb with each selected claim, in import order.  A non-zero
 * return stops the walk and is returned. */
typedef int (*ck_claim_cb)(void *arg, const struct ck_claim *cl);
int ck_store_walk_selected(struct ck_store *st, ck_claim_cb cb, void *arg,
    struct ck_err *err);

/* Forgets the scrub results of the selected claims; records one. */
int ck_store_scrub_clear(struct ck_store *st, struct ck_err *err);
int ck_store_scrub_add(struct ck_store *st, int64_t claim, const char *rule,
    const char *field, int line, const char *message, struct ck_err *err);

/* A new batch row (status "building") of kind; *id gets its id. */
int ck_store_batch_new(struct ck_store *st, const char *kind, int64_t *id,
    struct ck_err *err);
/* Notes that claim goes into batch, in transaction set st_control (0 for
 * paper); applied by ck_store_batch_close. */
int ck_store_batch_add(struct ck_store *st, int64_t batch, int64_t claim,
    long st_control, struct ck_err *err);
/* Records a transaction set of an 837P batch. */
int ck_store_batch_set(struct ck_store *st, int64_t batch, long st_control,
    long claims, struct ck_err *err);
/* Completes batch b: its file, digest and counts, status pending, and
 * its claims batched. */
int ck_store_batch_close(struct ck_store *st, const struct ck_batch *b,
    long isa_control, struct ck_err *err);
/* Reads batch id; CK_DATA when there is none. */
int ck_store_batch_get(struct ck_store *st, int64_t id, struct ck_batch *b,
    struct ck_err *err);
/* Walks batches (all, or only pending ones) as rows. */
int ck_store_batches(struct ck_store *st, int pending_only, ck_row_cb cb,
    void *arg, struct ck_err *err);
/* Sets a batch's status (printed, sent, void); void returns its claims
 * to ready. */
int ck_store_batch_status(struct ck_store *st, int64_t id,
    const char *status, struct ck_err *err);
/* The temporary names of runs not yet over, as dir,dev,ino,prefix rows:
 * a run records its own (*id) before it writes a file. */
int ck_store_temps(struct ck_store *st, ck_row_cb cb, void *arg,
    struct ck_err *err);
int ck_store_temps_add(struct ck_store *st, const char *dir, long long dev,
    long long ino, const char *prefix, int64_t *id, struct ck_err *err);
/* Forgets record id (0: all). */
int ck_store_temps_forget(struct ck_store *st, int64_t id,
    struct ck_err *err);

/* --- reference batches and exclusion rules (lib/store_batch.c) --- */

int ck_store_ref_open(struct ck_store *st, const char *name,
    struct ck_err *err);
int ck_store_ref_close(struct ck_store *st, const char *name,
    struct ck_err *err);
/* Adds the claim ids of table r's claim_id column to open batch name. */
int ck_store_ref_add(struct ck_store *st, const char *name,
    struct ck_reader *r, long *added, struct ck_err *err);
int ck_store_refs(struct ck_store *st, ck_row_cb cb, void *arg,
    struct ck_err *err);

struct ck_rule {
	const char *payer_id, *provider, *office, *place_of_service,
	    *procedure;
	int64_t min_charge, max_charge;     /* -1: none */
	const char *stage;      /* stages.h name; NULL: submission */
	int self_pay;           /* 1 self-pay only, 0 insured only, -1 any */
};
int ck_store_rule_add(struct ck_store *st, const struct ck_rule *r,
    int64_t *id, struct ck_err *err);
int ck_store_rule_rm(struct ck_store *st, int64_t id, struct ck_err *err);
int ck_store_rules(struct ck_store *st, ck_row_cb cb, void *arg,
    struct ck_err *err);

/* Walks settings that are set, as key,value rows. */
int ck_store_settings(struct ck_store *st, ck_row_cb cb, void *arg,
    struct ck_err *err);

/* --- clearinghouse endpoints, transfers, answers (lib/store_upload.c) --- */

struct ck_endpoint;
int ck_store_endpoint_add(struct ck_store *st, const struct ck_endpoint *ep,
    struct ck_err *err);
int ck_store_endpoint_rm(struct ck_store *st, const char *name,
    struct ck_err *err);
/* Reads endpoint name, or the only one when name is NULL. */
int ck_store_endpoint_get(struct ck_store *st, const char *name,
    struct ck_endpoint *ep, struct ck_err *err);
int ck_store_endpoints(struct ck_store *st, ck_row_cb cb, void *arg,
    struct ck_err *err);

/* What a send found when it took a batch. */
struct ck_send_claim {
	int64_t id;
	char status[16];        /* the status it had */
	char kind[16];
	char file[4096];
	char sha256[72];
	char remote_name[512];  /* kept from an earlier try, or "" */
	char endpoint[64];
	long pid;               /* the sender of a batch left "sending" */
	long isa_control;       /* ISA13, the same in every send of it */
	char done_at[32];       /* when it was sent, or "" */
};

/* Reads batch id for a send (CK_DATA when there is none). */
int ck_store_send_peek(struct ck_store *st, int64_t id,
    struct ck_send_claim *c, struct ck_err *err);
/* Takes batch id for sending if its status is still from: sets it to
 * sending, with the endpoint, remote name and this process; *taken 0
 * when another run got there first. */
int ck_store_send_take(struct ck_store *st, int64_t id, const char *from,
    const char *endpoint, const char *remote_name, int *taken,
    struct ck_err *err);
/* Ends a send: sent (its claims sent too), or back to status back (the
 * status it had: pending, or sent for a failed resend). */
int ck_store_send_end(struct ck_store *st, int64_t id, int sent,
    const char *back, struct ck_err *err);
/* Ids of batches waiting to be sent (electronic, pending), in order. */
int ck_store_sendable(struct ck_store *st, int64_t **ids, long *n,
    struct ck_err *err);

struct ck_transfer {
	const char *endpoint, *direction, *file, *remote_name, *sha256,
	    *result, *error;
	int64_t batch_id, bytes;
};
int ck_store_transfer(struct ck_store *st, const struct ck_transfer *t,
    struct ck_err *err);
int ck_store_transfers(struct ck_store *st, ck_row_cb cb, void *arg,
    struct ck_err *err);

/* A file fetched before with this name, size and digest: *found 0
 * when none, 1 when it was kept back (not applied: malformed or
 * incomplete, so the server's copy stays), 2 otherwise. */
int ck_store_fetched_find(struct ck_store *st, const char *endpoint,
    const char *name, int64_t bytes, const char *sha256, int *found,
    struct ck_err *err);
int ck_store_fetched_add(struct ck_store *st, const char *endpoint,
    const char *name, int64_t bytes, const char *sha256, const char *kind,
    const char *file, int64_t *id, struct ck_err *err);
int ck_store_fetched_applied(struct ck_store *st, int64_t id,
    const char *what, struct ck_err *err);
/* The first 999 or 277CA file after id `after` (of endpoint, or any
 * when NULL) stored but never applied: a fetch died in between. */
int ck_store_fetched_unapplied(struct ck_store *st, const char *endpoint,
    int64_t after, int64_t *id, char *file, size_t fsize, char *kind,
    size_t ksize, int *found, struct ck_err *err);
/* *unapplied 1 when fetched file id is not applied yet. */
int ck_store_fetched_state(struct ck_store *st, int64_t id, int *unapplied,
    struct ck_err *err);
/* Walks fetched files (of kind, or all when NULL). */
int ck_store_fetched(struct ck_store *st, const char *kind, ck_row_cb cb,
    void *arg, struct ck_err *err);

/* 999: the verdict on transaction set st_control of the group (batch)
 * whose control number is gs_control.  R rejects its claims (*claims
 * says how many).  *found 0 when no batch of ours has that group and
 * set.  CK_DATA when the batch is still pending: not sent, it cannot
 * have been answered. */
int ck_store_ack_set(struct ck_store *st, int64_t fetched, long gs_control,
    long st_control, char status, const char *errors, int *found,
    long *claims, struct ck_err *err);
/* 999: a group rejected whole: every set of it not answered yet (*sets
 * of them, *claims claims). */
int ck_store_ack_group(struct ck_store *st, int64_t fetched, long gs_control,
    const char *errors, int *found, long *sets, long *claims,
    struct ck_err *err);
/* CK_DATA when batch is ours and still pending: an answer about it is
 * refused (see ck_store_ack_set). */
int ck_store_ack_batch_check(struct ck_store *st, long long batch,
    struct ck_err *err);
/* 277CA: one claim accepted ('Y'), rejected ('N'), or for a person to
 * look at ('?': recorded, the claim's status unchanged).  batch, when
 * not 0, is the batch the answer is about: a claim sent again since in
 * another batch keeps its status. */
int ck_store_ack_claim(struct ck_store *st, int64_t fetched,
    const char *claim_id, long long batch, char verdict, const char *codes,
    const char *text, const char *source, int *found, struct ck_err *err);
/* 277CA: the claims of billing provider npi in transaction set `set` of
 * batch rejected whole (2200C). */
int ck_store_ack_provider(struct ck_store *st, int64_t fetched,
    long long batch, long set, const char *npi, const char *codes,
    const char *text, const char *source, int *found, struct ck_err *err);
/* 277CA: transaction set `set` of batch rejected whole (2200B). */
int ck_store_ack_whole_set(struct ck_store *st, int64_t fetched,
    long long batch, long set, const char *codes, const char *text,
    const char *source, int *found, struct ck_err *err);
/* Which acknowledgments to walk: NULL fields select everything. */
struct ck_acks_query {
	int rejected;           /* the worklist: claims whose latest answer
	                         * is a rejection, with that rejection */
	const char *claim;      /* one claim_id */
	const char *batch;      /* one batch id */
	const char *since;      /* at or after this date (YYYY-MM-DD, UTC) */
};
/* Walks acknowledgments per claim, oldest first. */
int ck_store_acks(struct ck_store *st, const struct ck_acks_query *q,
    ck_row_cb cb, void *arg, struct ck_err *err);

/* Names of the claims table's columns, for the schema test. */
int ck_store_claim_columns(struct ck_store *st, ck_row_cb cb, void *arg,
    struct ck_err *err);

#endif
