/* Internal to the store module: the struct and statement helpers. */
#ifndef CLAIMKIT_STORE_INT_H
#define CLAIMKIT_STORE_INT_H

#include <sqlite3.h>

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

/* UTC time as 2025-01-31T12:00:00Z, as the tables record it. */
void ck_st_now(char *buf, size_t size);

#endif
