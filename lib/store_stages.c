/* Fee schedules and the billing automation stages: all their SQL. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "claimkit/fees.h"
#include "claimkit/stages.h"
#include "store_int.h"

/* The fees one import has stored, to name a second of the same. */
static int
fee_seen(struct ck_store *st, const struct ck_fee *f, long line, long *first,
    struct ck_err *err)
{
	char k[256], l[24], buf[24];
	int found, rc;

	/* the key's parts hold no control characters: \1 parts them */
	snprintf(k, sizeof(k), "%s\1%s\1%s\1%s", f->payer_id, f->procedure,
	    f->modifier, f->effective);
	snprintf(l, sizeof(l), "%ld", line);
	*first = 0;
	if ((rc = ck_st_one_text(st, "SELECT line FROM temp.fee_seen WHERE"
	    " k = ?", k, buf, sizeof(buf), &found, err)))
		return rc;
	if (found) {
		*first = strtol(buf, NULL, 10);
		return 0;
	}
	return RUN(st, "INSERT INTO temp.fee_seen VALUES(?, ?)", err, k, l);
}

int
ck_store_fee_begin(struct ck_store *st, struct ck_err *err)
{
	int rc = RUN(st, "CREATE TEMP TABLE IF NOT EXISTS fee_seen(k TEXT"
	    " PRIMARY KEY, line INTEGER NOT NULL)", err);

	return rc ? rc : RUN(st, "DELETE FROM temp.fee_seen", err);
}

int
ck_store_fee_put(struct ck_store *st, const struct ck_fee *f, long line,
    long *first, struct ck_err *err)
{
	sqlite3_stmt *s;
	char now[32];
	int rc;

	if ((rc = fee_seen(st, f, line, first, err)) || *first)
		return rc;
	ck_st_now(now, sizeof(now));
	if (sqlite3_prepare_v2(st->db, "INSERT INTO fees(payer_id, procedure,"
	    " modifier, effective, charge, imported_at) VALUES(?,?,?,?,?,?)"
	    " ON CONFLICT DO UPDATE SET charge = excluded.charge,"
	    " imported_at = excluded.imported_at", -1, &s, NULL) != SQLITE_OK)
		return ck_st_fail(st, err, "cannot prepare statement");
	sqlite3_bind_text(s, 1, f->payer_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, f->procedure, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, f->modifier, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, f->effective, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 5, f->charge);
	sqlite3_bind_text(s, 6, now, -1, SQLITE_STATIC);
	rc = ck_st_done(st, s, err, "cannot store fee");
	sqlite3_finalize(s);
	return rc;
}

int
ck_store_fees(struct ck_store *st, ck_row_cb cb, void *arg,
    struct ck_err *err)
{
	return ck_st_walk_sql(st, "SELECT payer_id, procedure, modifier,"
	    " effective, ck_money(charge) AS charge FROM fees"
	    " ORDER BY procedure, modifier, payer_id, effective", cb, arg, err,
	    0, NULL);
}

/*
 * The items a stage takes or holds: every item in the stage's status,
 * with what holds it (a rule of the stage, the dwell) or NULL.
 */
static const char *const select_sql[] = {
	"INSERT INTO temp.stage_sel SELECT c.id, coalesce("
	CK_SQL_RULE("invoice-create") ", 'dwell until ' ||"
	" ck_dwell_until(c.ready_at, ?1)) FROM claims c"
	" WHERE c.status = 'session'",
	"INSERT INTO temp.stage_sel SELECT c.id, coalesce("
	CK_SQL_RULE("invoice-process") ", 'dwell until ' ||"
	" ck_dwell_until(c.ready_at, ?1)) FROM claims c"
	" WHERE c.status = 'invoice'",
};

/*
 * Each line's fee: the fee in force on its date of service (the latest
 * effective on or before it) for its procedure, preferring its first
 * modifier's fee to the plain one, and the payer's own schedule to the
 * default; times its units (stored in thousandths), to the cent.  NULL: no fee, the session is held.
 */
static const char fee_sql[] =
	"INSERT INTO temp.stage_fee SELECT l.claim, l.line_no, l.procedure,"
	" ((SELECT f.charge FROM fees f WHERE f.procedure = l.procedure"
	"  AND f.modifier IN (coalesce(l.modifier1, ''), '')"
	"  AND f.payer_id IN (c.payer_id, '') AND f.effective <= l.service_date"
	"  ORDER BY f.modifier = '', f.payer_id = '', f.effective DESC"
	"  LIMIT 1) * l.units + 500) / 1000"
	" FROM temp.stage_sel s JOIN claims c ON c.id = s.id"
	" JOIN claim_lines l ON l.claim = s.id WHERE s.why IS NULL";

static const char price_sql[] =
	"UPDATE temp.stage_sel SET why = 'no fee' WHERE why IS NULL AND id IN"
	" (SELECT claim FROM temp.stage_fee WHERE fee IS NULL);"
	"DELETE FROM scrub_results WHERE rule = 'fee' AND claim IN"
	" (SELECT claim FROM temp.stage_fee);"
	"INSERT INTO scrub_results(claim, rule, field, line, message)"
	" SELECT claim, 'fee', 'procedure', line_no, 'no fee for ' ||"
	" procedure || ' on its date of service: import one with"
	" ''claim-batch fees import'' (the session is held)'"
	" FROM temp.stage_fee WHERE fee IS NULL;"
	"UPDATE claim_lines SET charge = (SELECT x.fee FROM temp.stage_fee x"
	" WHERE x.claim = claim_lines.claim AND x.line_no = claim_lines.line_no)"
	" WHERE claim IN (SELECT id FROM temp.stage_sel WHERE why IS NULL);";

/* The moves themselves; ?1 is now, ?2 the user, ?3 the program. */
static const char *const move_sql[] = {
	"UPDATE claims SET status = 'invoice', ready_at = ?1,"
	" total_charge = (SELECT sum(charge) FROM claim_lines l"
	"  WHERE l.claim = claims.id),"
	" insurance_balance = (SELECT sum(charge) FROM claim_lines l"
	"  WHERE l.claim = claims.id)"
	" WHERE id IN (SELECT id FROM temp.stage_sel WHERE why IS NULL)",
	"UPDATE claims SET status = CASE payer_id WHEN 'SELF' THEN 'balance'"
	" ELSE 'ready' END, ready_at = ?1,"
	" patient_balance = CASE payer_id WHEN 'SELF' THEN total_charge"
	"  ELSE 0 END,"
	/* the patient owes it all: charge = paid + adjusted + patient
	 * responsibility + open insurance balance still holds */
	" patient_resp = CASE payer_id WHEN 'SELF' THEN total_charge"
	"  ELSE patient_resp END,"
	" insurance_balance = CASE payer_id WHEN 'SELF' THEN 0"
	"  ELSE total_charge END"
	" WHERE id IN (SELECT id FROM temp.stage_sel WHERE why IS NULL)",
};

static const char *const audit_sql[] = {
	"INSERT INTO audit(at, user, program, action, subject, before, after)"
	" SELECT ?1, ?2, ?3, 'invoice-create', c.claim_id, 'status=session',"
	" 'status=invoice total=' || ck_money(c.total_charge)"
	" FROM temp.stage_sel s JOIN claims c ON c.id = s.id"
	" WHERE s.why IS NULL ORDER BY c.id",
	"INSERT INTO audit(at, user, program, action, subject, before, after)"
	" SELECT ?1, ?2, ?3, 'invoice-process', c.claim_id, 'status=invoice',"
	" 'status=' || c.status FROM temp.stage_sel s JOIN claims c"
	" ON c.id = s.id WHERE s.why IS NULL ORDER BY c.id",
};

static int
exec_all(struct ck_store *st, const char *sql, struct ck_err *err)
{
	if (sqlite3_exec(st->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return ck_st_fail(st, err, "cannot run stage");
	return 0;
}

static int
count(struct ck_store *st, const char *sql, long *n, struct ck_err *err)
{
	sqlite3_stmt *s;
	int rc;

	if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK)
		return ck_st_fail(st, err, "cannot count");
	rc = sqlite3_step(s);
	*n = rc == SQLITE_ROW ? (long)sqlite3_column_int64(s, 0) : 0;
	sqlite3_finalize(s);
	return rc == SQLITE_ROW ? 0 : ck_st_fail(st, err, "cannot count");
}

static int
tally(struct ck_store *st, struct ck_stage_stats *s, struct ck_err *err)
{
	int rc;

	if ((rc = count(st, "SELECT count(*) FROM temp.stage_sel WHERE why"
	    " IS NULL", &s->moved, err)) ||
	    (rc = count(st, "SELECT count(*) FROM temp.stage_sel WHERE why"
	    " LIKE 'rule %'", &s->by_rule, err)) ||
	    (rc = count(st, "SELECT count(*) FROM temp.stage_sel WHERE why"
	    " LIKE 'dwell %'", &s->by_dwell, err)) ||
	    (rc = count(st, "SELECT count(*) FROM temp.stage_sel WHERE why"
	    " = 'no fee'", &s->by_fee, err)))
		return rc;
	return count(st, "SELECT count(*) FROM temp.stage_sel s JOIN claims c"
	    " ON c.id = s.id WHERE s.why IS NULL AND c.payer_id = 'SELF'",
	    &s->self_pay, err);
}

int
ck_store_stage_move(struct ck_store *st, enum ck_stage stage,
    const char *dwell, struct ck_stage_stats *s, struct ck_err *err)
{
	char now[32];
	int rc, k = stage == CK_STAGE_INVOICE ? 0 : 1;

	memset(s, 0, sizeof(*s));
	if (stage != CK_STAGE_INVOICE && stage != CK_STAGE_PROCESS)
		return ck_err_set(err, CK_FAIL, "stage %s moves nothing here",
		    ck_stages[stage].name);
	ck_st_now(now, sizeof(now));
	if ((rc = exec_all(st, "CREATE TEMP TABLE IF NOT EXISTS stage_sel("
	    "id INTEGER PRIMARY KEY, why TEXT); DELETE FROM temp.stage_sel;"
	    "CREATE TEMP TABLE IF NOT EXISTS stage_fee(claim INTEGER,"
	    " line_no INTEGER, procedure TEXT, fee INTEGER,"
	    " PRIMARY KEY(claim, line_no)); DELETE FROM temp.stage_fee;", err)) ||
	    (rc = RUN(st, select_sql[k], err, dwell)))
		return rc;
	if (k == 0 && ((rc = ck_st_run(st, fee_sql, err, 0, NULL)) ||
	    (rc = exec_all(st, price_sql, err))))
		return rc;
	if ((rc = tally(st, s, err)) ||
	    (rc = RUN(st, move_sql[k], err, now)))
		return rc;
	return RUN(st, audit_sql[k], err, now, ck_store_user(st), st->program);
}

int
ck_store_stage_run_add(struct ck_store *st, const char *stage,
    const char *result, long moved, long held, struct ck_err *err)
{
	char now[32], m[24], h[24];

	ck_st_now(now, sizeof(now));
	snprintf(m, sizeof(m), "%ld", moved);
	snprintf(h, sizeof(h), "%ld", held);
	return RUN(st, "INSERT INTO stage_runs(stage, at, user, result, moved,"
	    " held) VALUES(?,?,?,?,?,?)", err, stage, now, ck_store_user(st),
	    result, m, h);
}

/* What holds an item of each stage, as store_int.h's expressions do. */
static const char *const waiting_sql[] = {
	"SELECT coalesce(" CK_SQL_RULE("invoice-create") ", (SELECT 'no fee'"
	" FROM scrub_results r WHERE r.claim = c.id AND r.rule = 'fee'"
	" LIMIT 1), 'dwell until ' || ck_dwell_until(c.ready_at, ?1)) AS why"
	" FROM claims c WHERE c.status = 'session'",
	"SELECT coalesce(" CK_SQL_RULE("invoice-process") ", 'dwell until ' ||"
	" ck_dwell_until(c.ready_at, ?1)) AS why FROM claims c"
	" WHERE c.status = 'invoice'",
	"SELECT " CK_SQL_HELD " AS why FROM claims c WHERE c.status = 'ready'"
	" AND ?1 IS NOT NULL",
	/* ERA Processing: the claims that wait for their 835, and the 835s
	 * fetched that the dwell or a rule holds */
	"SELECT NULL AS why FROM claims c WHERE c.status IN ('sent',"
	" 'accepted') AND ?1 IS NOT NULL"
	" UNION ALL SELECT 'dwell until ' || ck_dwell_until(f.fetched_at, ?1)"
	" FROM fetched f WHERE f.kind = '835' AND NOT EXISTS (SELECT 1 FROM"
	" remits r WHERE r.sha256 = f.sha256 AND r.status <> 'undone') AND"
	" ck_dwell_until(f.fetched_at, ?1) IS NOT NULL"
	" UNION ALL SELECT 'rule (remittance ' || id || ')' FROM remits"
	" WHERE status = 'held'",
};

static const char view_sql[] =
	" SELECT (SELECT count(*) FROM w), (SELECT count(k) FROM k),"
	" (SELECT group_concat(k || ' ' || n, '; ') FROM (SELECT k, count(*) n"
	"  FROM k WHERE k IS NOT NULL GROUP BY k ORDER BY k)),"
	" (SELECT count(*) FROM rules WHERE stage = ?2),"
	" (SELECT at FROM stage_runs WHERE stage = ?2 ORDER BY id DESC LIMIT 1),"
	" (SELECT result || ', moved ' || moved || ', held ' || held"
	"  FROM stage_runs WHERE stage = ?2 ORDER BY id DESC LIMIT 1)";

static int
view_row(struct ck_store *st, int k, const char *const *set, ck_row_cb cb,
    void *arg, struct ck_err *err)
{
	static const char *const names[] = {"stage", "on", "time", "dwell",
	    "rules", "waiting", "held", "held_why", "last_run", "last_result"};
	char sql[8192];
	const char *vals[10];
	sqlite3_stmt *s;
	int rc;

	snprintf(sql, sizeof(sql), "WITH w AS (%s), k AS (SELECT CASE"
	    " WHEN why IS NULL THEN NULL WHEN why LIKE 'dwell %%' THEN 'dwell'"
	    " WHEN why LIKE 'rule %%' THEN 'rule' WHEN why LIKE 'live batch %%'"
	    " THEN 'in a batch' WHEN why LIKE 'reference batch %%' THEN"
	    " 'reference batch' ELSE why END AS k FROM w)%s", waiting_sql[k],
	    view_sql);
	if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK)
		return ck_st_fail(st, err, "cannot read stages");
	sqlite3_bind_text(s, 1, set[3], -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, set[0], -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(s)) != SQLITE_ROW) {
		sqlite3_finalize(s);
		return ck_st_fail(st, err, "cannot read stages");
	}
	for (int i = 0; i < 4; i++)
		vals[i] = set[i];
	vals[4] = (const char *)sqlite3_column_text(s, 3);
	vals[5] = (const char *)sqlite3_column_text(s, 0);
	vals[6] = (const char *)sqlite3_column_text(s, 1);
	vals[7] = (const char *)sqlite3_column_text(s, 2);
	vals[8] = (const char *)sqlite3_column_text(s, 4);
	vals[9] = (const char *)sqlite3_column_text(s, 5);
	rc = cb(arg, 10, names, vals);
	sqlite3_finalize(s);
	return rc;
}

int
ck_store_automation(struct ck_store *st, const char *const *vals,
    ck_row_cb cb, void *arg, struct ck_err *err)
{
	static const char *const names[] = {"stage", "on", "time", "dwell",
	    "rules", "waiting", "held", "held_why", "last_run", "last_result"};
	int rc;

	if ((rc = cb(arg, 10, names, NULL)))
		return rc;
	for (int k = 0; k < CK_NSTAGES; k++)
		if ((rc = view_row(st, k, vals + 4 * k, cb, arg, err)))
			return rc;
	return 0;
}

/* Every step of a claim, from the tables that record each. */
static const char history_sql[] =
	"SELECT step, at, detail FROM ("
	" SELECT 'imported' AS step, i.at, 'import ' || i.id AS detail, 0 AS o"
	"  FROM claims c JOIN imports i ON i.id = c.import_id"
	"  WHERE c.claim_id = ?1"
	" UNION ALL SELECT CASE a.action WHEN 'invoice-create' THEN 'invoice'"
	"  WHEN 'invoice-process' THEN CASE a.after WHEN 'status=balance'"
	"  THEN 'patient balance' ELSE 'claim' END ELSE a.action END,"
	"  a.at, a.after, 1 FROM audit a WHERE a.subject = ?1 AND a.action IN"
	"  ('invoice-create', 'invoice-process', 'replace', 'version')"
	" UNION ALL SELECT 'batched', b.created_at, 'batch ' || b.id || ' '"
	"  || b.kind, 2 FROM batch_claims bc JOIN batches b ON b.id = bc.batch"
	"  WHERE bc.claim_id = ?1"
	" UNION ALL SELECT CASE b.kind WHEN '837P' THEN 'sent' ELSE 'printed'"
	"  END, b.done_at, 'batch ' || b.id || coalesce(' to ' || b.endpoint,"
	"  ''), 3 FROM batch_claims bc JOIN batches b ON b.id = bc.batch"
	"  WHERE bc.claim_id = ?1 AND b.done_at IS NOT NULL"
	" UNION ALL SELECT CASE a.status WHEN 'accepted' THEN 'acknowledged'"
	"  ELSE a.status END, a.at, a.kind || coalesce(' ' || a.codes, ''), 4"
	"  FROM acks a WHERE a.claim_id = ?1"
	" UNION ALL SELECT rc.status, r.at, 'remit ' || r.id || ' trace '"
	"  || r.trace || ' paid ' || ck_money(rc.a_paid), 5"
	"  FROM remit_claims rc JOIN remits r ON r.id = rc.remit"
	"  WHERE rc.claim_id = ?1 AND r.status IN ('posted', 'undone')"
	"  AND rc.status NOT IN ('new', 'unmatched')"
	" UNION ALL SELECT 'undone', r.undone_at, 'remit ' || r.id, 6"
	"  FROM remit_claims rc JOIN remits r ON r.id = rc.remit"
	"  WHERE rc.claim_id = ?1 AND r.status = 'undone'"
	"  AND rc.status NOT IN ('new', 'unmatched')"
	" UNION ALL SELECT 'settled', r.at, 'settle run ' || r.id, 7"
	"  FROM settle_items si JOIN settle_runs r ON r.id = si.run"
	"  JOIN claims c ON c.id = si.claim WHERE c.claim_id = ?1"
	") ORDER BY at, o";

int
ck_store_history(struct ck_store *st, const char *claim_id, ck_row_cb cb,
    void *arg, struct ck_err *err)
{
	char buf[32];
	int found, rc;

	if ((rc = ck_st_one_text(st, "SELECT status FROM claims WHERE"
	    " claim_id = ?", claim_id, buf, sizeof(buf), &found, err)))
		return rc;
	if (!found)
		return ck_err_set(err, CK_DATA, "no claim '%s'", claim_id);
	return ck_st_walk_sql(st, history_sql, cb, arg, err, 1, &claim_id);
}

int
ck_store_stage_rule(struct ck_store *st, enum ck_stage stage,
    const char *claim_id, char *why, size_t size, int *found,
    struct ck_err *err)
{
	static const char *const sql[CK_NSTAGES] = {
		"SELECT coalesce(" CK_SQL_RULE("invoice-create") ", '')"
		" FROM claims c WHERE c.claim_id = ?",
		"SELECT coalesce(" CK_SQL_RULE("invoice-process") ", '')"
		" FROM claims c WHERE c.claim_id = ?",
		"SELECT coalesce(" CK_SQL_RULE("submission") ", '')"
		" FROM claims c WHERE c.claim_id = ?",
		"SELECT coalesce(" CK_SQL_RULE("era") ", '')"
		" FROM claims c WHERE c.claim_id = ?",
	};

	return ck_st_one_text(st, sql[stage], claim_id, why, size, found, err);
}

int
ck_store_fee_problems(struct ck_store *st, const struct ck_filter *f,
    ck_row_cb cb, void *arg, struct ck_err *err)
{
	struct ck_q q = {.len = 0};
	sqlite3_stmt *s;
	int rc;

	ck_q_add(&q, "SELECT c.claim_id, r.rule, r.field, r.line, r.message"
	    " FROM claims c JOIN scrub_results r ON r.claim = c.id");
	ck_q_where(&q, f);
	ck_q_add(&q, " AND c.status = 'session' AND r.rule = 'fee'"
	    " ORDER BY c.id, r.line");
	if ((rc = ck_q_prepare(st, &q, &s, err)))
		return rc;
	rc = ck_st_walk(st, s, cb, arg, err);
	sqlite3_finalize(s);
	return rc;
}
