/* Claims in the store: import statements, selections and listing. */
#include <stdlib.h>
#include <string.h>

#include "claimkit/csv.h"
#include "claimkit/filter.h"
#include "store_int.h"

int
ck_store_import_start(struct ck_store *st, const char *file,
    int64_t *import_id, struct ck_err *err)
{
	sqlite3_stmt *s;
	char now[32];
	int rc;

	if (sqlite3_exec(st->db, "CREATE TEMP TABLE IF NOT EXISTS ck_seen("
	    "claim_id TEXT PRIMARY KEY, line INTEGER NOT NULL);"
	    "DELETE FROM temp.ck_seen", NULL, NULL, NULL) != SQLITE_OK)
		return ck_st_fail(st, err, "cannot start import");
	ck_st_now(now, sizeof(now));
	if (sqlite3_prepare_v2(st->db, "INSERT INTO imports(at,user,file) "
	    "VALUES(?,?,?)", -1, &s, NULL) != SQLITE_OK)
		return ck_st_fail(st, err, "cannot record import");
	sqlite3_bind_text(s, 1, now, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, st->user, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, file, -1, SQLITE_STATIC);
	rc = ck_st_done(st, s, err, "cannot record import");
	sqlite3_finalize(s);
	*import_id = sqlite3_last_insert_rowid(st->db);
	return rc;
}

/* The claims an import has met, kept on disk (temp_store=FILE) so that
 * memory stays flat however long the file. */
int
ck_store_import_seen(struct ck_store *st, const char *claim_id, long line,
    long *seen, struct ck_err *err)
{
	sqlite3_stmt *s = ck_st_stmt(st, ST_SEEN, "INSERT INTO"
	    " temp.ck_seen(claim_id, line) VALUES(?1, ?2) ON CONFLICT(claim_id)"
	    " DO UPDATE SET claim_id=claim_id RETURNING line", err);
	int rc;

	*seen = 0;
	if (s == NULL)
		return err->code;
	sqlite3_bind_text(s, 1, claim_id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, line);
	if ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		long first = (long)sqlite3_column_int64(s, 0);
		*seen = first == line ? 0 : first;
		rc = sqlite3_step(s);
	}
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? 0 : ck_st_fail(st, err,
	    "cannot note claim");
}

int
ck_store_import_finish(struct ck_store *st, int64_t import_id, long claims,
    long lines, long replaced, struct ck_err *err)
{
	sqlite3_stmt *s;
	int rc;

	if (sqlite3_prepare_v2(st->db, "UPDATE imports SET claims=?,lines=?,"
	    "replaced=? WHERE id=?", -1, &s, NULL) != SQLITE_OK)
		return ck_st_fail(st, err, "cannot record import");
	sqlite3_bind_int64(s, 1, claims);
	sqlite3_bind_int64(s, 2, lines);
	sqlite3_bind_int64(s, 3, replaced);
	sqlite3_bind_int64(s, 4, import_id);
	rc = ck_st_done(st, s, err, "cannot record import");
	sqlite3_finalize(s);
	return rc;
}

int
ck_store_claim_state(struct ck_store *st, const char *claim_id,
    struct ck_claim_state *out, struct ck_err *err)
{
	sqlite3_stmt *s = ck_st_stmt(st, ST_CLAIM_STATE, "SELECT id,status,"
	    "import_id,source_line,batch_id FROM claims WHERE claim_id=?", err);
	int rc;

	memset(out, 0, sizeof(*out));
	if (s == NULL)
		return err->code;
	sqlite3_bind_text(s, 1, claim_id, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		out->id = sqlite3_column_int64(s, 0);
		snprintf(out->status, sizeof(out->status), "%s",
		    (const char *)sqlite3_column_text(s, 1));
		out->import_id = sqlite3_column_int64(s, 2);
		out->source_line = (long)sqlite3_column_int64(s, 3);
		out->batch_id = sqlite3_column_int64(s, 4);
	} else if (rc != SQLITE_DONE) {
		rc = ck_st_fail(st, err, "cannot look up claim");
		sqlite3_reset(s);
		return rc;
	}
	sqlite3_reset(s);
	return 0;
}

int
ck_store_claim_delete(struct ck_store *st, int64_t id, struct ck_err *err)
{
	sqlite3_stmt *s = ck_st_stmt(st, ST_CLAIM_DELETE,
	    "DELETE FROM claims WHERE id=?", err);

	if (s == NULL)
		return err->code;
	sqlite3_bind_int64(s, 1, id);
	return ck_st_done(st, s, err, "cannot replace claim");
}

int
ck_store_claim_repoint(struct ck_store *st, int64_t from, int64_t to,
    struct ck_err *err)
{
	int rc;

	if ((rc = ck_st_exec_int(st, "UPDATE settle_items SET claim=?2 WHERE"
	    " claim=?1", from, to, err)))
		return rc;
	return ck_st_exec_int(st, "UPDATE adjustments SET claim=?2 WHERE"
	    " claim=?1", from, to, err);
}

/* Builds "SELECT cols... FROM claims WHERE id=?" (line 0) or "SELECT
 * line_no, cols... FROM claim_lines WHERE claim=? ORDER BY line_no". */
static char *
select_sql(int line)
{
	size_t cap = 8192, len;
	char *sql = malloc(cap);

	if (sql == NULL)
		return NULL;
	len = (size_t)snprintf(sql, cap, "SELECT %s", line ? "line_no" : "id");
	for (size_t i = 0; i < ck_ncolumns; i++)
		if (ck_columns[i].line == line)
			len += (size_t)snprintf(sql + len, cap - len, ",%s",
			    ck_columns[i].name);
	snprintf(sql + len, cap - len, "%s", line ? " FROM claim_lines WHERE "
	    "claim=? ORDER BY line_no" : " FROM claims WHERE id=?");
	return sql;
}

/* Feeds the import columns of each row of s (after its first column)
 * to f; a line level row starts a line. */
static int
fp_rows(struct ck_store *st, sqlite3_stmt *s, int line, int unpriced,
    struct ck_fp *f, struct ck_err *err)
{
	int rc, k;

	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (line)
			ck_fp_line(f, sqlite3_column_int(s, 0));
		k = 1;
		for (size_t i = 0; i < ck_ncolumns; i++) {
			if (ck_columns[i].line != line)
				continue;
			if (unpriced && ck_col_priced(i)) {
				k++;
				continue;
			}
			ck_fp_add(f, ck_columns[i].name,
			    (const char *)sqlite3_column_text(s, k++));
		}
	}
	return rc == SQLITE_DONE ? 0 : ck_st_fail(st, err,
	    "cannot read claim");
}

int
ck_store_claim_fingerprint(struct ck_store *st, int64_t id, int unpriced,
    char *hex, struct ck_err *err)
{
	struct ck_fp f;
	sqlite3_stmt *s;
	char *sql;
	int rc = 0;

	if (ck_fp_begin(&f) < 0)
		return ck_err_set(err, CK_FAIL, "cannot start SHA-256");
	for (int line = 0; line <= 1 && rc == 0; line++) {
		int k = line ? ST_LINES_FP : ST_CLAIM_FP;
		sql = st->stmt[k] ? NULL : select_sql(line);
		if (st->stmt[k] == NULL && sql == NULL) {
			rc = ck_err_set(err, CK_FAIL, "out of memory");
			break;
		}
		s = ck_st_stmt(st, k, sql, err);
		free(sql);
		if (s == NULL) {
			rc = err->code;
			break;
		}
		sqlite3_bind_int64(s, 1, id);
		rc = fp_rows(st, s, line, unpriced, &f, err);
		sqlite3_reset(s);
	}
	ck_fp_end(&f, hex);
	return rc;
}

int
ck_store_claim_supersede(struct ck_store *st, int64_t id,
    const char *claim_id, char *kept, size_t size, struct ck_err *err)
{
	char n[24], now[32];
	int found, rc;

	/* claim ids are letters, digits and '-': safe in a GLOB, and no
	 * imported id can take the '.' of the name kept */
	if ((rc = ck_st_one_text(st, "SELECT count(*) + 1 FROM claims WHERE"
	    " claim_id GLOB ?1 || '.v*'", claim_id, n, sizeof(n), &found, err)))
		return rc;
	snprintf(kept, size, "%s.v%s", claim_id, n);
	snprintf(n, sizeof(n), "%lld", (long long)id);
	/* the batches the old version went out in are its own: the new
	 * version, in none yet, is not held as "in a live batch" */
	if ((rc = RUN(st, "UPDATE batch_claims SET claim_id=? WHERE"
	    " claim_id=?", err, kept, claim_id)))
		return rc;
	/* what the payer still owed on the old version is the new
	 * version's to collect: closed here, so that it is not owed twice */
	ck_st_now(now, sizeof(now));
	if ((rc = RUN(st, "INSERT INTO adjustments(claim, run_id, kind, amount,"
	    " reason, user, at) SELECT id, NULL, 'insurance', insurance_balance,"
	    " 'replaced: owed on version ' || ?, ?, ? FROM claims WHERE id = ?"
	    " AND insurance_balance <> 0", err, claim_id, ck_store_user(st),
	    now, n)))
		return rc;
	return RUN(st, "UPDATE claims SET claim_id=?, status='replaced',"
	    " adjusted = adjusted + insurance_balance, insurance_balance = 0"
	    " WHERE id=?", err, kept, n);
}

int
ck_store_defer_keys(struct ck_store *st, struct ck_err *err)
{
	if (sqlite3_exec(st->db, "PRAGMA defer_foreign_keys=ON", NULL, NULL,
	    NULL) != SQLITE_OK)
		return ck_st_fail(st, err, "cannot defer foreign keys");
	return 0;
}

/* Builds "INSERT INTO table(extra..., cols...) VALUES(?...)" over the
 * import columns of one level. */
static char *
insert_sql(const char *table, const char *extra, int nextra, int line)
{
	size_t cap = 8192, len;
	char *sql = malloc(cap);
	int n = nextra;

	if (sql == NULL)
		return NULL;
	len = (size_t)snprintf(sql, cap, "INSERT INTO %s(%s", table, extra);
	for (size_t i = 0; i < ck_ncolumns; i++) {
		if (ck_columns[i].line != line)
			continue;
		len += (size_t)snprintf(sql + len, cap - len, ",%s",
		    ck_columns[i].name);
		n++;
	}
	len += (size_t)snprintf(sql + len, cap - len, ") VALUES(?");
	while (--n > 0)
		len += (size_t)snprintf(sql + len, cap - len, ",?");
	snprintf(sql + len, cap - len, ")");
	return sql;
}

static int
stmt_for(struct ck_store *st, int k, const char *table, const char *extra,
    int nextra, int line, sqlite3_stmt **s, struct ck_err *err)
{
	char *sql = NULL;

	if (st->stmt[k] == NULL &&
	    (sql = insert_sql(table, extra, nextra, line)) == NULL)
		return ck_err_set(err, CK_FAIL, "out of memory");
	*s = ck_st_stmt(st, k, sql, err);
	free(sql);
	return *s ? 0 : err->code;
}

static void
bind_vals(sqlite3_stmt *s, int first, const struct ck_val *vals, int line)
{
	int k = first;

	for (size_t i = 0; i < ck_ncolumns; i++) {
		if (ck_columns[i].line != line)
			continue;
		if (vals[i].s == NULL)
			sqlite3_bind_null(s, k);
		else if (ck_ctype_integer(ck_columns[i].type))
			sqlite3_bind_int64(s, k, vals[i].i);
		else
			sqlite3_bind_text(s, k, vals[i].s, -1, SQLITE_STATIC);
		k++;
	}
}

int
ck_store_claim_insert(struct ck_store *st, const struct ck_val *vals,
    const struct ck_claim_derived *d, int64_t *id, struct ck_err *err)
{
	sqlite3_stmt *s;
	int rc;

	char now[32];

	if ((rc = stmt_for(st, ST_CLAIM_INSERT, "claims", "status,filing,"
	    "total_charge,line_count,first_date,last_date,import_id,"
	    "source_line,ready_at,insurance_balance", 10, 0, &s, err)))
		return rc;
	ck_st_now(now, sizeof(now));
	sqlite3_bind_text(s, 1, d->status, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, d->filing, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 3, d->total_charge);
	sqlite3_bind_int(s, 4, d->lines);
	sqlite3_bind_text(s, 5, d->first_date, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 6, d->last_date, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 7, d->import_id);
	sqlite3_bind_int64(s, 8, d->source_line);
	sqlite3_bind_text(s, 9, now, -1, SQLITE_TRANSIENT);
	/* nothing paid yet: the insurance owes the whole charge */
	sqlite3_bind_int64(s, 10, d->total_charge);
	bind_vals(s, 11, vals, 0);
	if ((rc = ck_st_done(st, s, err, "cannot insert claim")))
		return rc;
	*id = sqlite3_last_insert_rowid(st->db);
	return 0;
}

int
ck_store_line_insert(struct ck_store *st, int64_t claim, int line_no,
    const struct ck_val *vals, struct ck_err *err)
{
	sqlite3_stmt *s;
	int rc;

	if ((rc = stmt_for(st, ST_LINE_INSERT, "claim_lines", "claim,line_no",
	    2, 1, &s, err)))
		return rc;
	sqlite3_bind_int64(s, 1, claim);
	sqlite3_bind_int(s, 2, line_no);
	bind_vals(s, 3, vals, 1);
	return ck_st_done(st, s, err, "cannot insert service line");
}

int
ck_store_select_ids(struct ck_store *st, struct ck_reader *r,
    const char *col, long *n, long *dups, struct ck_err *err)
{
	struct ck_row *row;
	sqlite3_stmt *s;
	int c = ck_reader_col(r, col), rc;

	*n = *dups = 0;
	if (c < 0)
		return ck_err_set(err, CK_DATA, "%s:1: expected a column named "
		    "'%s'", ck_reader_name(r), col);
	if (sqlite3_exec(st->db, "CREATE TEMP TABLE IF NOT EXISTS ck_sel("
	    "claim_id TEXT PRIMARY KEY)", NULL, NULL, NULL) != SQLITE_OK)
		return ck_st_fail(st, err, "cannot make selection");
	if ((s = ck_st_stmt(st, ST_SEL_INSERT, "INSERT OR IGNORE INTO "
	    "temp.ck_sel VALUES(?)", err)) == NULL)
		return err->code;
	while ((rc = ck_reader_next(r, &row, err)) == 1) {
		sqlite3_bind_text(s, 1, row->f[c], -1, SQLITE_STATIC);
		if ((rc = ck_st_done(st, s, err, "cannot make selection")))
			return rc;
		(*n)++;
		if (sqlite3_changes(st->db) == 0)
			(*dups)++;
	}
	return rc;
}

void
ck_q_add(struct ck_q *q, const char *text)
{
	size_t n = strlen(text);

	if (q->len + n >= sizeof(q->sql)) {
		q->bad = 1;
		return;
	}
	memcpy(q->sql + q->len, text, n + 1);
	q->len += n;
}

static void
q_bind(struct ck_q *q, const char *val)
{
	if (q->nb == q->cap) {
		int cap = q->cap ? q->cap * 2 : 32;
		const char **b = realloc(q->bind, (size_t)cap * sizeof(*b));
		if (b == NULL) {
			q->bad = 1;
			return;
		}
		q->bind = b;
		q->cap = cap;
	}
	q->bind[q->nb++] = val;
}

/* " AND (a IN (?,?) OR b IN (?,?))" over the values of l. */
static void
q_in(struct ck_q *q, const char *a, const char *b, const struct ck_strlist *l)
{
	const char *cols[2] = {a, b};

	if (l->n == 0)
		return;
	ck_q_add(q, " AND (");
	for (int c = 0; c < 2 && cols[c]; c++) {
		ck_q_add(q, c ? " OR " : "");
		ck_q_add(q, cols[c]);
		ck_q_add(q, " IN (");
		for (int i = 0; i < l->n; i++) {
			ck_q_add(q, i ? ",?" : "?");
			q_bind(q, l->v[i]);
		}
		ck_q_add(q, ")");
	}
	ck_q_add(q, ")");
}

static void
q_cmp(struct ck_q *q, const char *expr, const char *val)
{
	if (val[0] == '\0')
		return;
	ck_q_add(q, " AND ");
	ck_q_add(q, expr);
	q_bind(q, val);
}

/* "open" stands for every status but settled and replaced (a version
 * kept as history). */
static void
q_status(struct ck_q *q, const struct ck_strlist *l)
{
	const char *v[16];
	struct ck_strlist all = {(char **)v, 0};

	for (int i = 0; i < l->n; i++) {
		if (strcmp(l->v[i], "open") != 0) {
			if (all.n < 16)
				v[all.n++] = l->v[i];
			continue;
		}
		for (int k = 0; ck_statuses[k] && all.n < 16; k++)
			if (strcmp(ck_statuses[k], "settled") != 0 &&
			    strcmp(ck_statuses[k], "replaced") != 0)
				v[all.n++] = ck_statuses[k];
	}
	q_in(q, "c.status", NULL, &all);
}

void
ck_q_where(struct ck_q *q, const struct ck_filter *f)
{
	static const char *const rank[] = {"", "1", "2", "3"};

	ck_q_add(q, " WHERE 1");
	q_in(q, "c.payer_id", NULL, &f->payer);
	q_in(q, "c.billing_npi", "c.rendering_npi", &f->provider);
	q_in(q, "c.office", NULL, &f->office);
	q_in(q, "c.claim_id", NULL, &f->claim);
	q_in(q, "c.batch_id", NULL, &f->batch);
	q_status(q, &f->status);
	q_cmp(q, "c.first_date >= ?", f->from);
	q_cmp(q, "c.first_date <= ?", f->to);
	q_cmp(q, "c.first_date < ?", f->before);
	q_cmp(q, "c.filing = ?", f->filing);
	if (f->rank >= 1 && f->rank <= 3)
		q_cmp(q, "c.rank = ?", rank[f->rank]);
	if (f->use_selection)
		ck_q_add(q, " AND c.claim_id IN (SELECT claim_id FROM temp.ck_sel)");
}

int
ck_store_list_claims(struct ck_store *st, const struct ck_filter *f,
    ck_row_cb cb, void *arg, struct ck_err *err)
{
	struct ck_q q = {.len = 0};
	sqlite3_stmt *s = NULL;
	int rc;

	ck_q_add(&q, "SELECT c.claim_id, c.status, c.filing, c.patient_last,"
	    " c.patient_first, c.patient_dob, c.payer_id, c.payer_name, c.rank,"
	    " c.billing_npi, c.rendering_npi, c.office, c.place_of_service,"
	    " c.first_date AS from_date, c.last_date AS to_date,"
	    " c.line_count AS lines, ck_money(c.total_charge) AS total_charge,"
	    " c.batch_id, CASE c.status WHEN 'session' THEN 'invoice-create'"
	    " WHEN 'invoice' THEN 'invoice-process' WHEN 'ready' THEN"
	    " 'submission' WHEN 'batched' THEN 'submission' WHEN 'sent' THEN"
	    " 'era' WHEN 'accepted' THEN 'era' END AS stage,"
	    " CASE WHEN c.status IN ('session', 'invoice', 'ready')"
	    " THEN c.ready_at WHEN c.status IN ('batched', 'sent', 'accepted')"
	    " THEN (SELECT coalesce(b.done_at, b.created_at) FROM batches b"
	    " WHERE b.id = c.batch_id) END AS stage_at,"
	    " (SELECT group_concat(r.rule || ':' || r.field"
	    " || CASE r.line WHEN 0 THEN '' ELSE '@' || r.line END, ' ')"
	    " FROM scrub_results r WHERE r.claim = c.id) AS problems,"
	    " ck_money(c.insurance_paid) AS insurance_paid,"
	    " ck_money(c.adjusted) AS adjusted,"
	    " ck_money(c.patient_resp) AS patient_resp,"
	    " ck_money(c.insurance_balance) AS insurance_balance,"
	    " ck_money(c.patient_balance) AS patient_balance,"
	    " CASE WHEN c.status = 'ready' THEN coalesce(" CK_SQL_HELD ","
	    " (SELECT 'scrub' FROM scrub_results r WHERE r.claim = c.id"
	    " LIMIT 1)) WHEN c.status = 'session' THEN (SELECT 'no fee'"
	    " FROM scrub_results r WHERE r.claim = c.id AND r.rule = 'fee'"
	    " LIMIT 1) END AS held FROM claims c");
	ck_q_where(&q, f);
	ck_q_add(&q, " ORDER BY c.id");
	if ((rc = ck_q_prepare(st, &q, &s, err)))
		return rc;
	rc = ck_st_walk(st, s, cb, arg, err);
	sqlite3_finalize(s);
	return rc;
}

int
ck_q_prepare(struct ck_store *st, struct ck_q *q, sqlite3_stmt **s,
    struct ck_err *err)
{
	*s = NULL;
	if (q->bad) {
		free(q->bind);
		q->bind = NULL;
		return ck_err_set(err, CK_FAIL, "query too long");
	}
	if (sqlite3_prepare_v2(st->db, q->sql, -1, s, NULL) != SQLITE_OK) {
		free(q->bind);
		q->bind = NULL;
		return ck_st_fail(st, err, "cannot select claims");
	}
	for (int i = 0; i < q->nb; i++)
		sqlite3_bind_text(*s, i + 1, q->bind[i], -1, SQLITE_TRANSIENT);
	free(q->bind);
	q->bind = NULL;
	return 0;
}

int
ck_store_claim_columns(struct ck_store *st, ck_row_cb cb, void *arg,
    struct ck_err *err)
{
	sqlite3_stmt *s;
	int rc;

	if (sqlite3_prepare_v2(st->db, "SELECT name FROM "
	    "pragma_table_info('claims') UNION ALL SELECT name FROM "
	    "pragma_table_info('claim_lines')", -1, &s, NULL) != SQLITE_OK)
		return ck_st_fail(st, err, "cannot read schema");
	rc = ck_st_walk(st, s, cb, arg, err);
	sqlite3_finalize(s);
	return rc;
}
