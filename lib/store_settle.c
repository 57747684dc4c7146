/* Settlement runs: the SQL of settle.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "claimkit/settle.h"
#include "store_int.h"

/* Appends id to a list of at most ten names, counting the rest. */
static void
name_it(char *list, size_t size, long *n, const char *id)
{
	if ((*n)++ < 10)
		snprintf(list + strlen(list), size - strlen(list), "%s'%.30s'",
		    list[0] ? ", " : "", id);
}

static void
more(char *list, size_t size, long n)
{
	if (n > 10)
		snprintf(list + strlen(list), size - strlen(list),
		    " and %ld more", n - 10);
}

/*
 * Names in list the claim ids that the one-column query sql finds (its
 * ?1 bound to bind): the first ten, and how many more.  *n gets how
 * many.
 */
static int
name_found(struct ck_store *st, const char *sql, int64_t bind, char *list,
    size_t size, long *n, struct ck_err *err)
{
	sqlite3_stmt *s;
	int rc;

	*n = 0;
	list[0] = '\0';
	if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK)
		return ck_st_fail(st, err, "cannot check claims");
	sqlite3_bind_int64(s, 1, bind);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		name_it(list, size, n, (const char *)sqlite3_column_text(s, 0));
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return ck_st_fail(st, err, "cannot check claims");
	more(list, size, *n);
	return 0;
}

/* Loads the ids of r into temp.settle_ids; names repeats and unknowns. */
static int
load_ids(struct ck_store *st, struct ck_reader *r, struct ck_err *err)
{
	char dups[600] = "", unknown[600] = "";
	struct ck_row *row;
	sqlite3_stmt *s;
	long ndup = 0, nunk = 0;
	int c = ck_reader_col(r, "claim_id"), rc;

	if (c < 0)
		return ck_err_set(err, CK_DATA, "%s:1: expected a column named "
		    "'claim_id'", ck_reader_name(r));
	if (sqlite3_prepare_v2(st->db, "INSERT OR IGNORE INTO temp.settle_ids"
	    " VALUES(?)", -1, &s, NULL) != SQLITE_OK)
		return ck_st_fail(st, err, "cannot read claim ids");
	while ((rc = ck_reader_next(r, &row, err)) == 1) {
		sqlite3_bind_text(s, 1, row->f[c], -1, SQLITE_TRANSIENT);
		if ((rc = ck_st_done(st, s, err, "cannot read claim ids")))
			break;
		if (sqlite3_changes(st->db) == 0)
			name_it(dups, sizeof(dups), &ndup, row->f[c]);
	}
	sqlite3_finalize(s);
	if (rc)
		return rc;
	if ((rc = name_found(st, "SELECT claim_id FROM temp.settle_ids"
	    " WHERE claim_id NOT IN (SELECT claim_id FROM claims) AND ?1 = ?1",
	    0, unknown, sizeof(unknown), &nunk, err)))
		return rc;
	more(dups, sizeof(dups), ndup);
	if (nunk || ndup)
		return ck_err_set(err, CK_DATA, "%s: %s%s%s%s%s: nothing changed",
		    ck_reader_name(r), nunk ? "unknown claim ids " : "", unknown,
		    nunk && ndup ? "; " : "", ndup ? "claim ids given twice " :
		    "", dups);
	return 0;
}

/* Never sent, so never billed: a write-off of those is asked for apart. */
#define UNSENT "('ready', 'batched')"

int
ck_settle_select(struct ck_store *st, struct ck_reader *r,
    const struct ck_filter *f, int flags, struct ck_settle_sum *sum,
    struct ck_err *err)
{
	struct ck_q q = {.len = 0};
	char unsent[600];
	sqlite3_stmt *s;
	long n;
	int rc;

	memset(sum, 0, sizeof(*sum));
	/* settle_sel keeps each claim as selected: what the confirmation
	 * shows, and what the settlement must still find */
	if (sqlite3_exec(st->db, "CREATE TEMP TABLE IF NOT EXISTS settle_ids("
	    "claim_id TEXT PRIMARY KEY); DELETE FROM temp.settle_ids;"
	    "CREATE TEMP TABLE IF NOT EXISTS settle_sel(id INTEGER PRIMARY KEY,"
	    " settled INTEGER NOT NULL, claim_id TEXT NOT NULL, status TEXT"
	    " NOT NULL, import_id INTEGER NOT NULL, patient INTEGER NOT NULL,"
	    " insurance INTEGER NOT NULL); DELETE FROM temp.settle_sel;", NULL,
	    NULL, NULL) != SQLITE_OK)
		return ck_st_fail(st, err, "cannot make selection");
	if (r && (rc = load_ids(st, r, err)))
		return rc;
	ck_q_add(&q, "INSERT INTO temp.settle_sel SELECT c.id,"
	    " c.status = 'settled', c.claim_id, c.status, c.import_id,"
	    " c.patient_balance, c.insurance_balance FROM claims c");
	ck_q_where(&q, f);
	if (r)
		ck_q_add(&q, " AND c.claim_id IN (SELECT claim_id FROM"
		    " temp.settle_ids)");
	if ((rc = ck_q_prepare(st, &q, &s, err)))
		return rc;
	rc = ck_st_done(st, s, err, "cannot make selection");
	sqlite3_finalize(s);
	if (rc)
		return rc;
	if (sqlite3_prepare_v2(st->db, "SELECT count(*) FILTER (WHERE NOT"
	    " settled), count(*) FILTER (WHERE settled),"
	    " coalesce(sum(patient) FILTER (WHERE NOT settled), 0),"
	    " coalesce(sum(insurance) FILTER (WHERE NOT settled), 0),"
	    " count(*) FILTER (WHERE status IN " UNSENT ")"
	    " FROM temp.settle_sel", -1, &s, NULL) != SQLITE_OK)
		return ck_st_fail(st, err, "cannot sum selection");
	if (sqlite3_step(s) == SQLITE_ROW) {
		sum->claims = (long)sqlite3_column_int64(s, 0);
		sum->skipped = (long)sqlite3_column_int64(s, 1);
		sum->patient = sqlite3_column_int64(s, 2);
		sum->insurance = sqlite3_column_int64(s, 3);
		sum->unsent = (long)sqlite3_column_int64(s, 4);
	}
	sqlite3_finalize(s);
	if (sum->unsent == 0 || (flags & CK_SETTLE_UNSENT))
		return 0;
	if ((rc = name_found(st, "SELECT claim_id FROM temp.settle_sel WHERE"
	    " status IN " UNSENT " AND ?1 = ?1 ORDER BY id", 0, unsent,
	    sizeof(unsent), &n, err)))
		return rc;
	return ck_err_set(err, CK_DATA, "%ld claim%s never sent (ready or "
	    "batched), so never billed: %s; nothing changed", n, n == 1 ? "" :
	    "s", unsent);
}

int
ck_settle_preview(struct ck_store *st, long limit, ck_row_cb cb, void *arg,
    struct ck_err *err)
{
	char sql[600];

	snprintf(sql, sizeof(sql), "SELECT s.claim_id, c.patient_last || ', '"
	    " || c.patient_first AS patient, c.first_date AS date_of_service,"
	    " s.status, c.payer_id AS payer, ck_money(s.patient) AS"
	    " patient_balance, ck_money(s.insurance) AS insurance_balance"
	    " FROM temp.settle_sel s JOIN claims c ON c.id = s.id"
	    " WHERE NOT s.settled ORDER BY s.id LIMIT %ld", limit);
	return ck_st_walk_sql(st, sql, cb, arg, err, 0, NULL);
}

static int
bool_wp(const char *w)
{
	return strcmp(w, "patient") == 0 || strcmp(w, "both") == 0;
}

static int
bool_wi(const char *w)
{
	return strcmp(w, "insurance") == 0 || strcmp(w, "both") == 0;
}

/* The output rows, from the run's items (or, dry, from the selection). */
static int
rows(struct ck_store *st, const char *writeoff, int64_t run, ck_row_cb cb,
    void *arg, struct ck_err *err)
{
	char sql[700], rid[24];

	snprintf(rid, sizeof(rid), "%lld", (long long)run);
	if (run)
		snprintf(sql, sizeof(sql), "SELECT c.claim_id, i.previous_status,"
		    " ck_money(%s) AS patient_writeoff, ck_money(%s) AS"
		    " insurance_writeoff, i.run AS run_id FROM settle_items i"
		    " JOIN claims c ON c.id = i.claim WHERE i.run = ?"
		    " ORDER BY i.claim", bool_wp(writeoff) ? "i.patient_before" :
		    "0", bool_wi(writeoff) ? "i.insurance_before" : "0");
	else
		snprintf(sql, sizeof(sql), "SELECT claim_id, status AS"
		    " previous_status, ck_money(%s) AS patient_writeoff,"
		    " ck_money(%s) AS insurance_writeoff, '' AS run_id FROM"
		    " temp.settle_sel WHERE NOT settled AND ?1 = ?1 ORDER BY id",
		    bool_wp(writeoff) ? "patient" : "0",
		    bool_wi(writeoff) ? "insurance" : "0");
	{
		const char *v[] = {rid};
		return ck_st_walk_sql(st, sql, cb, arg, err, 1, v);
	}
}

/*
 * Under the write lock: every claim to settle is still the one shown, by
 * row, id, import, status and balances.  A claim imported again since
 * (even into the same row), posted to, settled or batched is named, and
 * nothing is settled: what was confirmed is no longer what would be.
 */
static int
unchanged(struct ck_store *st, struct ck_err *err)
{
	char changed[600];
	long n;
	int rc;

	if ((rc = name_found(st, "SELECT s.claim_id FROM temp.settle_sel s"
	    " LEFT JOIN claims c ON c.id = s.id WHERE NOT s.settled AND"
	    " ?1 = ?1 AND (c.id IS NULL OR c.claim_id IS NOT s.claim_id OR"
	    " c.import_id IS NOT s.import_id OR c.status IS NOT s.status OR"
	    " c.patient_balance IS NOT s.patient OR c.insurance_balance IS NOT"
	    " s.insurance) ORDER BY s.id", 0, changed, sizeof(changed), &n,
	    err)))
		return rc;
	if (n)
		return ck_err_set(err, CK_DATA, "%ld claim%s changed since %s "
		    "shown: %s; nothing changed", n, n == 1 ? "" : "s", n == 1 ?
		    "it was" : "they were", changed);
	return 0;
}

static int
settle(struct ck_store *st, const char *wo, int64_t *run, struct ck_err *err)
{
	char now[32], rid[24], after[160];
	int64_t totals[2] = {0, 0};
	long n = 0, skipped = 0;
	sqlite3_stmt *s;
	int rc;

	ck_st_now(now, sizeof(now));
	if ((rc = unchanged(st, err)))
		return rc;
	if ((rc = RUN(st, "INSERT INTO settle_runs(at, user, writeoff, claims,"
	    " skipped, patient_total, insurance_total, status)"
	    " VALUES(?, ?, ?, 0, 0, 0, 0, 'done')", err, now, st->user, wo)))
		return rc;
	*run = sqlite3_last_insert_rowid(st->db);
	snprintf(rid, sizeof(rid), "%lld", (long long)*run);
	if ((rc = RUN(st, "INSERT INTO settle_items SELECT ?, id, status,"
	    " patient, insurance FROM temp.settle_sel WHERE NOT settled", err,
	    rid)))
		return rc;
	if (bool_wp(wo) && (rc = RUN(st, "INSERT INTO adjustments(claim,"
	    " run_id, kind, amount, reason, user, at) SELECT claim, run,"
	    " 'patient', patient_before, 'settled: written off', ?, ? FROM"
	    " settle_items WHERE run = ? AND patient_before <> 0", err,
	    st->user, now, rid)))
		return rc;
	if (bool_wi(wo) && (rc = RUN(st, "INSERT INTO adjustments(claim,"
	    " run_id, kind, amount, reason, user, at) SELECT claim, run,"
	    " 'insurance', insurance_before, 'settled: written off', ?, ? FROM"
	    " settle_items WHERE run = ? AND insurance_before <> 0", err,
	    st->user, now, rid)))
		return rc;
	if ((rc = RUN(st, bool_wp(wo) && bool_wi(wo) ? "UPDATE claims SET"
	    " status='settled', patient_balance=0, insurance_balance=0 WHERE id"
	    " IN (SELECT claim FROM settle_items WHERE run = ?)" : bool_wp(wo) ?
	    "UPDATE claims SET status='settled', patient_balance=0 WHERE id IN"
	    " (SELECT claim FROM settle_items WHERE run = ?)" : bool_wi(wo) ?
	    "UPDATE claims SET status='settled', insurance_balance=0 WHERE id IN"
	    " (SELECT claim FROM settle_items WHERE run = ?)" :
	    "UPDATE claims SET status='settled' WHERE id IN"
	    " (SELECT claim FROM settle_items WHERE run = ?)", err, rid)))
		return rc;
	if (sqlite3_prepare_v2(st->db, "SELECT count(*), coalesce(sum(amount)"
	    " FILTER (WHERE kind='patient'), 0), coalesce(sum(amount) FILTER"
	    " (WHERE kind='insurance'), 0), (SELECT count(*) FROM"
	    " temp.settle_sel) FROM settle_items i LEFT JOIN adjustments a ON"
	    " a.claim = i.claim AND a.run_id = i.run WHERE i.run = ?", -1, &s,
	    NULL) != SQLITE_OK)
		return ck_st_fail(st, err, "cannot sum run");
	sqlite3_bind_int64(s, 1, *run);
	if (sqlite3_step(s) == SQLITE_ROW) {
		totals[0] = sqlite3_column_int64(s, 1);
		totals[1] = sqlite3_column_int64(s, 2);
		skipped = (long)sqlite3_column_int64(s, 3);
	}
	sqlite3_finalize(s);
	if (sqlite3_prepare_v2(st->db, "SELECT count(*) FROM settle_items"
	    " WHERE run = ?", -1, &s, NULL) == SQLITE_OK) {
		sqlite3_bind_int64(s, 1, *run);
		if (sqlite3_step(s) == SQLITE_ROW)
			n = (long)sqlite3_column_int64(s, 0);
		sqlite3_finalize(s);
	}
	skipped -= n;
	if ((rc = ck_st_exec_int(st, "UPDATE settle_runs SET claims=?1 WHERE"
	    " id=?2", n, *run, err)) ||
	    (rc = ck_st_exec_int(st, "UPDATE settle_runs SET skipped=?1 WHERE"
	    " id=?2", skipped, *run, err)) ||
	    (rc = ck_st_exec_int(st, "UPDATE settle_runs SET patient_total=?1"
	    " WHERE id=?2", totals[0], *run, err)) ||
	    (rc = ck_st_exec_int(st, "UPDATE settle_runs SET"
	    " insurance_total=?1 WHERE id=?2", totals[1], *run, err)))
		return rc;
	snprintf(after, sizeof(after), "run=%s writeoff=%s claims=%ld "
	    "skipped=%ld patient=%lld insurance=%lld", rid, wo, n, skipped,
	    (long long)totals[0], (long long)totals[1]);
	return ck_audit(st, "settle", rid, NULL, after, err);
}

int
ck_settle_apply(struct ck_store *st, const char *writeoff, int dry_run,
    ck_row_cb cb, void *arg, int64_t *run, struct ck_err *err)
{
	int rc;

	*run = 0;
	if (dry_run)
		return rows(st, writeoff, 0, cb, arg, err);
	if ((rc = ck_store_begin(st, err)))
		return rc;
	if ((rc = settle(st, writeoff, run, err)) == 0 &&
	    (rc = ck_store_commit(st, err)) == 0)
		return rows(st, writeoff, *run, cb, arg, err);
	ck_store_rollback(st);
	*run = 0;
	return rc;
}

int
ck_settle_cancelled(struct ck_store *st, const struct ck_settle_sum *sum,
    const char *why, struct ck_err *err)
{
	char after[200];
	int rc;

	snprintf(after, sizeof(after), "cancelled (%s): claims=%ld patient=%lld "
	    "insurance=%lld", why, sum->claims, (long long)sum->patient,
	    (long long)sum->insurance);
	if ((rc = ck_store_begin(st, err)))
		return rc;
	if ((rc = ck_audit(st, "settle", NULL, NULL, after, err)) == 0)
		return ck_store_commit(st, err);
	ck_store_rollback(st);
	return rc;
}

int
ck_settle_undo_check(struct ck_store *st, int64_t run,
    struct ck_settle_sum *sum, struct ck_err *err)
{
	char wo[16], status[16], rid[24], touched[900], list[600];
	sqlite3_stmt *s;
	long n = 0;
	int rc;

	memset(sum, 0, sizeof(*sum));
	snprintf(rid, sizeof(rid), "%lld", (long long)run);
	if (sqlite3_prepare_v2(st->db, "SELECT writeoff, status, claims,"
	    " patient_total, insurance_total FROM settle_runs WHERE id=?", -1,
	    &s, NULL) != SQLITE_OK)
		return ck_st_fail(st, err, "cannot read runs");
	sqlite3_bind_int64(s, 1, run);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		snprintf(wo, sizeof(wo), "%s", sqlite3_column_text(s, 0));
		snprintf(status, sizeof(status), "%s", sqlite3_column_text(s, 1));
		sum->claims = (long)sqlite3_column_int64(s, 2);
		sum->patient = sqlite3_column_int64(s, 3);
		sum->insurance = sqlite3_column_int64(s, 4);
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW)
		return ck_err_set(err, CK_DATA, "no settlement run %s", rid);
	if (strcmp(status, "done") != 0)
		return ck_err_set(err, CK_DATA, "run %s is %s already", rid,
		    status);
	/*
	 * touched: gone, no longer as the run left it, adjusted or settled
	 * since; or settled from a batch that was sent or voided since, so
	 * that "batched" would put it back in a batch it is not in.  An
	 * adjustment of no run (a posting) counts from the run's last one:
	 * adjustment ids only grow.
	 */
	snprintf(touched, sizeof(touched), "SELECT coalesce(c.claim_id,"
	    " 'row ' || i.claim) FROM settle_items i LEFT JOIN claims c ON"
	    " c.id = i.claim WHERE i.run = ?1 AND (c.id IS NULL OR"
	    " c.status <> 'settled' OR c.patient_balance <> %s OR"
	    " c.insurance_balance <> %s OR EXISTS (SELECT 1 FROM adjustments a"
	    " WHERE a.claim = c.id AND (a.run_id > ?1 OR (a.run_id IS NULL AND"
	    " a.id > (SELECT coalesce(max(id), 0) FROM adjustments WHERE"
	    " run_id = ?1)))) OR EXISTS (SELECT 1 FROM settle_items j WHERE"
	    " j.claim = c.id AND j.run > ?1) OR"
	    " (i.previous_status = 'batched' AND NOT EXISTS (SELECT 1 FROM"
	    " batches b WHERE b.id = c.batch_id AND b.status IN ('pending',"
	    " 'sending')))) ORDER BY i.claim",
	    bool_wp(wo) ? "0" : "i.patient_before",
	    bool_wi(wo) ? "0" : "i.insurance_before");
	if ((rc = name_found(st, touched, run, list, sizeof(list), &n, err)))
		return rc;
	if (n)
		return ck_err_set(err, CK_DATA, "run %s cannot be undone: "
		    "claims changed since: %s; nothing changed", rid, list);
	return 0;
}

int
ck_settle_undo(struct ck_store *st, int64_t run, struct ck_err *err)
{
	struct ck_settle_sum sum;
	char now[32], rid[24];
	int rc;

	ck_st_now(now, sizeof(now));
	snprintf(rid, sizeof(rid), "%lld", (long long)run);
	if ((rc = ck_store_begin(st, err)))
		return rc;
	/* checked again under the write lock */
	if ((rc = ck_settle_undo_check(st, run, &sum, err)) ||
	    (rc = RUN(st, "INSERT INTO adjustments(claim, run_id, kind, amount,"
	    " reason, user, at) SELECT claim, run_id, kind, -amount, 'undo', ?,"
	    " ? FROM adjustments WHERE run_id = ? AND reason <> 'undo'", err,
	    st->user, now, rid)) ||
	    (rc = RUN(st, "UPDATE claims SET status = i.previous_status,"
	    " patient_balance = i.patient_before, insurance_balance ="
	    " i.insurance_before FROM settle_items i WHERE i.run = ? AND"
	    " i.claim = claims.id", err, rid)) ||
	    (rc = RUN(st, "UPDATE settle_runs SET status='undone', undone_at=?"
	    " WHERE id=?", err, now, rid)) ||
	    (rc = ck_audit(st, "settle-undo", rid, "done", "undone", err))) {
		ck_store_rollback(st);
		return rc;
	}
	return ck_store_commit(st, err);
}

int
ck_settle_runs(struct ck_store *st, ck_row_cb cb, void *arg,
    struct ck_err *err)
{
	return ck_st_walk_sql(st, "SELECT id AS run_id, at, user, writeoff,"
	    " claims, skipped, ck_money(patient_total) AS patient_writeoff,"
	    " ck_money(insurance_total) AS insurance_writeoff, status, undone_at"
	    " FROM settle_runs ORDER BY id", cb, arg, err, 0, NULL);
}
