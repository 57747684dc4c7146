/* Internal to the store module: the struct and statement helpers. */
#ifndef CLAIMKIT_STORE_INT_H
#define CLAIMKIT_STORE_INT_H

#include <sqlite3.h>

#include "claimkit/progress.h"
#include "claimkit/settings.h"
#include "claimkit/store.h"

enum {
	ST_CLAIM_STATE, ST_CLAIM_DELETE, ST_CLAIM_INSERT, ST_LINE_INSERT,
	ST_AUDIT, ST_SEL_INSERT, ST_SCRUB_ADD, ST_BATCH_ADD, ST_CLAIM_FP,
	ST_LINES_FP, ST_SEEN, ST_COUNT
};

struct ck_store {
	sqlite3 *db;
	sqlite3_stmt *stmt[ST_COUNT];
	char *program;
	char user[64];
	char path[4096];
	char warning[4400];      /* from opening, for the caller */
	struct ck_progress progress;
};

/* Prepares (once) and returns statement k with sql, reset. */
sqlite3_stmt *ck_st_stmt(struct ck_store *st, int k, const char *sql,
    struct ck_err *err);
/* Sets err from the database's last error; returns CK_FAIL or CK_TEMP
 * (locked/busy). */
int ck_st_fail(struct ck_store *st, struct ck_err *err, const char *what);
/* Runs the statement to completion. */
int ck_st_done(struct ck_store *st, sqlite3_stmt *s, struct ck_err *err,
    const char *what);
/* Steps s and hands each row to cb. */
int ck_st_walk(struct ck_store *st, sqlite3_stmt *s, ck_row_cb cb,
    void *arg, struct ck_err *err);

/* A growing SQL text and the values it binds (for filters). */
struct ck_q {
	char sql[8192];
	size_t len;
	const char **bind;
	int nb, cap, bad;
};
void ck_q_add(struct ck_q *q, const char *text);
/* Appends " WHERE ..." for filter f over claims aliased c. */
void ck_q_where(struct ck_q *q, const struct ck_filter *f);
/* Prepares q and binds its values; frees q's binds. */
int ck_q_prepare(struct ck_store *st, struct ck_q *q, sqlite3_stmt **s,
    struct ck_err *err);

/* Runs sql with n text binds (NULL binds NULL). */
int ck_st_run(struct ck_store *st, const char *sql, struct ck_err *err, int n,
    const char *const *vals);
#define RUN(st, sql, err, ...) \
	ck_st_run(st, sql, err, \
	    (int)(sizeof((const char *[]){__VA_ARGS__}) / sizeof(char *)), \
	    (const char *[]){__VA_ARGS__})
/* Walks sql's rows (n text binds). */
int ck_st_walk_sql(struct ck_store *st, const char *sql, ck_row_cb cb,
    void *arg, struct ck_err *err, int n, const char *const *vals);
/* One text value of a one-row query (one text bind) into buf. */
int ck_st_one_text(struct ck_store *st, const char *sql, const char *bind,
    char *buf, size_t size, int *found, struct ck_err *err);
/* Runs sql with up to two integer binds. */
int ck_st_exec_int(struct ck_store *st, const char *sql, int64_t a, int64_t b,
    struct ck_err *err);

/*
 * The first exclusion rule of stage (a quoted SQL string) that matches
 * claim c, as 'rule N', or NULL.  A charge range matches an item that
 * has its charges (before Invoice Creation a session has none).
 * Self-pay: payer_id SELF.
 */
#define CK_SQL_RULE(stage) \
	"(SELECT 'rule ' || r.id FROM rules r WHERE r.stage = '" stage "' AND" \
	" (r.payer_id IS NULL OR r.payer_id = c.payer_id) AND" \
	" (r.provider IS NULL OR r.provider IN (c.billing_npi," \
	"  c.rendering_npi)) AND" \
	" (r.office IS NULL OR r.office = c.office) AND" \
	" (r.place_of_service IS NULL OR" \
	"  r.place_of_service = c.place_of_service) AND" \
	" (r.procedure IS NULL OR EXISTS (SELECT 1 FROM claim_lines x" \
	"  WHERE x.claim = c.id AND x.procedure = r.procedure)) AND" \
	" (r.min_charge IS NULL OR c.total_charge >= r.min_charge) AND" \
	" (r.max_charge IS NULL OR c.total_charge <= r.max_charge) AND" \
	" (r.self_pay IS NULL OR r.self_pay = (c.payer_id = 'SELF'))" \
	" ORDER BY r.id LIMIT 1)"

/*
 * What holds ready claim c (aliased c) back from a run, as text, or NULL
 * when a run takes it (the scrub aside): a live batch that holds it
 * already (pending, sending, or sent and not rejected by an answer),
 * an open reference batch, an exclusion rule, the dwell.  One
 * expression for the run and for 'claim-batch list'.
 */
#define CK_SQL_HELD \
	"coalesce((SELECT 'live batch ' || b.id FROM batches b" \
	" WHERE (b.id = c.batch_id OR b.id IN (SELECT bc.batch FROM" \
	"  batch_claims bc WHERE bc.claim_id = c.claim_id)) AND" \
	" (b.status IN ('building', 'pending', 'sending') OR" \
	"  (b.status = 'sent' AND NOT EXISTS (SELECT 1 FROM acks a WHERE" \
	"  a.batch_id = b.id AND a.claim_id = c.claim_id AND" \
	"  a.status = 'rejected'))) ORDER BY b.id LIMIT 1)," \
	" (SELECT 'reference batch ' || rb.name FROM ref_claims rc" \
	" JOIN ref_batches rb ON rb.id = rc.ref" \
	" WHERE rb.closed_at IS NULL AND rc.claim_id = c.claim_id" \
	" ORDER BY rb.id LIMIT 1)," \
	" " CK_SQL_RULE("submission") "," \
	" 'dwell until ' || ck_dwell_until(c.ready_at," \
	" coalesce((SELECT value FROM settings WHERE key = 'dwell'), '" \
	CK_DWELL_DEFAULT "')))"

/* Registers the SQL functions of the batch side (ck_dwell_until). */
int ck_st_batch_functions(struct ck_store *st);

/* UTC time as 2025-01-31T12:00:00Z, as the tables record it. */
void ck_st_now(char *buf, size_t size);

#endif
