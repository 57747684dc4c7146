/* Settings, counters, batches, reference batches and exclusion rules. */
#include <stdlib.h>
#include <string.h>

#include "claimkit/csv.h"
#include "claimkit/date.h"
#include "claimkit/money.h"
#include "claimkit/settings.h"
#include "store_int.h"

/* Prepares sql, binds the text values (NULL binds NULL), runs it. */
int
ck_st_run(struct ck_store *st, const char *sql, struct ck_err *err, int n,
    const char *const *vals)
{
	sqlite3_stmt *s;
	int rc;

	if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK)
		return ck_st_fail(st, err, "cannot prepare statement");
	for (int i = 0; i < n; i++)
		sqlite3_bind_text(s, i + 1, vals[i], -1, SQLITE_STATIC);
	rc = ck_st_done(st, s, err, "cannot update");
	sqlite3_finalize(s);
	return rc;
}


/* Walks sql's rows (text binds as run_sql). */
int
ck_st_walk_sql(struct ck_store *st, const char *sql, ck_row_cb cb, void *arg,
    struct ck_err *err, int n, const char *const *vals)
{
	sqlite3_stmt *s;
	int rc;

	if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK)
		return ck_st_fail(st, err, "cannot read");
	for (int i = 0; i < n; i++)
		sqlite3_bind_text(s, i + 1, vals[i], -1, SQLITE_STATIC);
	rc = ck_st_walk(st, s, cb, arg, err);
	sqlite3_finalize(s);
	return rc;
}

/* One text value of a one-row query into buf; *found 0 when no row. */
int
ck_st_one_text(struct ck_store *st, const char *sql, const char *bind, char *buf,
    size_t size, int *found, struct ck_err *err)
{
	sqlite3_stmt *s;
	int rc;

	*found = 0;
	buf[0] = '\0';
	if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK)
		return ck_st_fail(st, err, "cannot read");
	if (bind)
		sqlite3_bind_text(s, 1, bind, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		const unsigned char *t = sqlite3_column_text(s, 0);
		snprintf(buf, size, "%s", t ? (const char *)t : "");
		*found = 1;
		rc = SQLITE_DONE;
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : ck_st_fail(st, err, "cannot read");
}

int
ck_store_setting_get(struct ck_store *st, const char *key, char *buf,
    size_t size, int *found, struct ck_err *err)
{
	return ck_st_one_text(st, "SELECT value FROM settings WHERE key=?", key, buf,
	    size, found, err);
}

int
ck_store_setting_set(struct ck_store *st, const char *key, const char *value,
    struct ck_err *err)
{
	char old[4096];
	int found, rc;

	if ((rc = ck_store_setting_get(st, key, old, sizeof(old), &found, err)))
		return rc;
	if (value)
		rc = RUN(st, "INSERT INTO settings(key, value) VALUES(?,?)"
		    " ON CONFLICT(key)"
		    " DO UPDATE SET value=excluded.value", err, key, value);
	else
		rc = RUN(st, "DELETE FROM settings WHERE key=?", err, key);
	if (rc)
		return rc;
	return ck_audit(st, "config", key, found ? old : NULL, value, err);
}

int
ck_store_settings(struct ck_store *st, ck_row_cb cb, void *arg,
    struct ck_err *err)
{
	return ck_st_walk_sql(st, "SELECT key, value FROM settings WHERE key NOT LIKE"
	    " 'counter.%' ORDER BY key", cb, arg, err, 0, NULL);
}

int
ck_store_counter(struct ck_store *st, const char *name, long n, long *first,
    struct ck_err *err)
{
	char key[64], v[32], next[32];
	int found, rc;

	snprintf(key, sizeof(key), "counter.%s", name);
	if ((rc = ck_store_setting_get(st, key, v, sizeof(v), &found, err)))
		return rc;
	*first = found ? atol(v) : 1;
	snprintf(next, sizeof(next), "%ld", *first + n);
	return RUN(st, "INSERT INTO settings(key, value) VALUES(?,?)"
	    " ON CONFLICT(key)"
	    " DO UPDATE SET value=excluded.value", err, key, next);
}

/* --- the selection a run or scrub works on --- */

/* ck_dwell_until(ready_at, dwell): NULL when the dwell is over. */
static void
sql_dwell_until(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const char *ready = (const char *)sqlite3_value_text(argv[0]);
	const char *dwell = (const char *)sqlite3_value_text(argv[1]);
	char until[32];

	(void)argc;
	if (ready && ck_dwell_until(ready, dwell ? dwell : "0", ck_now(), until,
	    sizeof(until)))
		sqlite3_result_text(ctx, until, -1, SQLITE_TRANSIENT);
	else
		sqlite3_result_null(ctx);
}

int
ck_st_batch_functions(struct ck_store *st)
{
	return sqlite3_create_function(st->db, "ck_dwell_until", 2,
	    SQLITE_UTF8, NULL, sql_dwell_until, NULL, NULL) == SQLITE_OK ? 0 :
	    -1;
}

static int
select_exec(struct ck_store *st, struct ck_q *q, struct ck_err *err)
{
	sqlite3_stmt *s;
	int rc;

	if ((rc = ck_q_prepare(st, q, &s, err)))
		return rc;
	rc = ck_st_done(st, s, err, "cannot make selection");
	sqlite3_finalize(s);
	return rc;
}

int
ck_store_select_ready(struct ck_store *st, const struct ck_filter *f,
    int for_run, long *n, struct ck_err *err)
{
	struct ck_q q = {.len = 0}, h = {.len = 0};
	int rc;

	if (sqlite3_exec(st->db, "CREATE TEMP TABLE IF NOT EXISTS run_sel("
	    "id INTEGER PRIMARY KEY); DELETE FROM temp.run_sel;"
	    "CREATE TEMP TABLE IF NOT EXISTS run_held(id INTEGER PRIMARY KEY,"
	    " why TEXT NOT NULL); DELETE FROM temp.run_held;"
	    "CREATE TEMP TABLE IF NOT EXISTS run_done(claim INTEGER PRIMARY KEY,"
	    " batch INTEGER NOT NULL, st INTEGER); DELETE FROM temp.run_done;",
	    NULL, NULL, NULL) != SQLITE_OK)
		return ck_st_fail(st, err, "cannot make selection");
	if (for_run) {
		ck_q_add(&h, "INSERT INTO temp.run_held SELECT id, why FROM"
		    " (SELECT c.id, " CK_SQL_HELD " AS why FROM claims c");
		ck_q_where(&h, f);
		ck_q_add(&h, " AND c.status = 'ready') WHERE why IS NOT NULL");
		if ((rc = select_exec(st, &h, err)))
			return rc;
	}
	ck_q_add(&q, "INSERT INTO temp.run_sel SELECT c.id FROM claims c");
	ck_q_where(&q, f);
	ck_q_add(&q, " AND c.status = 'ready'"
	    " AND c.id NOT IN (SELECT id FROM temp.run_held) ORDER BY c.id");
	rc = select_exec(st, &q, err);
	*n = rc ? 0 : (long)sqlite3_changes(st->db);
	return rc;
}

int
ck_store_held(struct ck_store *st, long *held, struct ck_err *err)
{
	sqlite3_stmt *s;
	int rc;

	if (sqlite3_prepare_v2(st->db, "SELECT"
	    " coalesce(sum(why LIKE 'live batch %'), 0),"
	    " coalesce(sum(why LIKE 'reference batch %'), 0),"
	    " coalesce(sum(why LIKE 'rule %'), 0),"
	    " coalesce(sum(why LIKE 'dwell %'), 0) FROM temp.run_held", -1, &s,
	    NULL) != SQLITE_OK)
		return ck_st_fail(st, err, "cannot count held claims");
	if ((rc = sqlite3_step(s)) == SQLITE_ROW)
		for (int i = 0; i < 4; i++)
			held[i] = (long)sqlite3_column_int64(s, i);
	sqlite3_finalize(s);
	return rc == SQLITE_ROW ? 0 : ck_st_fail(st, err,
	    "cannot count held claims");
}

int
ck_store_scrub_clear(struct ck_store *st, struct ck_err *err)
{
	return ck_st_run(st, "DELETE FROM scrub_results WHERE claim IN"
	    " (SELECT id FROM temp.run_sel)", err, 0, NULL);
}

int
ck_store_scrub_add(struct ck_store *st, int64_t claim, const char *rule,
    const char *field, int line, const char *message, struct ck_err *err)
{
	sqlite3_stmt *s = ck_st_stmt(st, ST_SCRUB_ADD, "INSERT INTO scrub_results"
	    "(claim,rule,field,line,message) VALUES(?,?,?,?,?)", err);

	if (s == NULL)
		return err->code;
	sqlite3_bind_int64(s, 1, claim);
	sqlite3_bind_text(s, 2, rule, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, field, -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 4, line);
	sqlite3_bind_text(s, 5, message, -1, SQLITE_STATIC);
	return ck_st_done(st, s, err, "cannot record scrub result");
}

/* --- walking selected claims into struct ck_claim --- */

struct walker {
	struct ck_claim cl;
	char *arena;
	size_t len, cap;
};

static const char *
keep(struct walker *w, const char *s, size_t n)
{
	char *p;

	if (w->len + n + 1 > w->cap)
		return "";      /* cannot happen: cap bounds every value */
	p = w->arena + w->len;
	memcpy(p, s, n);
	p[n] = '\0';
	w->len += n + 1;
	return p;
}

static void
read_val(struct walker *w, sqlite3_stmt *s, int k, size_t c,
    struct ck_val *v)
{
	char buf[32];
	int64_t i;

	if (sqlite3_column_type(s, k) == SQLITE_NULL) {
		v->s = NULL;
		v->i = 0;
		return;
	}
	switch (ck_columns[c].type) {
	case CK_T_MONEY:
		v->i = sqlite3_column_int64(s, k);
		ck_money_format(v->i, buf);
		v->s = keep(w, buf, strlen(buf));
		return;
	case CK_T_UNITS:
		v->i = i = sqlite3_column_int64(s, k);
		if (i % 1000)
			snprintf(buf, sizeof(buf), "%lld.%03lld",
			    (long long)(i / 1000), (long long)(i % 1000));
		else
			snprintf(buf, sizeof(buf), "%lld", (long long)(i / 1000));
		v->s = keep(w, buf, strlen(buf));
		return;
	case CK_T_INT:
		v->i = sqlite3_column_int64(s, k);
		snprintf(buf, sizeof(buf), "%lld", (long long)v->i);
		v->s = keep(w, buf, strlen(buf));
		return;
	default:
		v->i = 0;
		v->s = keep(w, (const char *)sqlite3_column_text(s, k),
		    (size_t)sqlite3_column_bytes(s, k));
	}
}

/* The claims of the selection (line 0) or their lines (line 1), both
 * in selection order, so the walk merges them as two sorted streams:
 * a join would decode every claim column again on each of its lines. */
static char *
walk_query(int line)
{
	size_t cap = 8192, len = 0;
	char *q = malloc(cap);

	if (q == NULL)
		return NULL;
	len += (size_t)snprintf(q, cap, line ? "SELECT l.claim" :
	    "SELECT c.id, c.status, c.filing, c.total_charge");
	for (size_t i = 0; i < ck_ncolumns; i++)
		if (ck_columns[i].line == line)
			len += (size_t)snprintf(q + len, cap - len, ", %c.%s",
			    line ? 'l' : 'c', ck_columns[i].name);
	snprintf(q + len, cap - len, line ? " FROM temp.run_sel s"
	    " JOIN claim_lines l ON l.claim = s.id ORDER BY s.id, l.line_no" :
	    " FROM temp.run_sel s JOIN claims c ON c.id = s.id ORDER BY s.id");
	return q;
}

/* The most a claim can take in the arena: every column at its longest
 * (4 bytes a character), on the claim and on each line. */
static size_t
arena_cap(void)
{
	size_t n = 0;

	for (size_t i = 0; i < ck_ncolumns; i++)
		n += 4 * (size_t)ck_columns[i].max + 32;
	return n * (CK_MAX_LINES + 1) + 256;
}

static void
start_claim(struct walker *w, sqlite3_stmt *s)
{
	int k = 4;

	w->len = 0;
	w->cl.id = sqlite3_column_int64(s, 0);
	w->cl.status = keep(w, (const char *)sqlite3_column_text(s, 1),
	    (size_t)sqlite3_column_bytes(s, 1));
	w->cl.filing = keep(w, (const char *)sqlite3_column_text(s, 2),
	    (size_t)sqlite3_column_bytes(s, 2));
	w->cl.total_charge = sqlite3_column_int64(s, 3);
	w->cl.nlines = 0;
	for (size_t i = 0; i < ck_ncolumns; i++)
		if (!ck_columns[i].line)
			read_val(w, s, k++, i, &w->cl.v[i]);
}

static void
add_line(struct walker *w, sqlite3_stmt *s)
{
	struct ck_val *lv = w->cl.line[w->cl.nlines++];
	int k = 1;

	for (size_t i = 0; i < ck_ncolumns; i++)
		if (ck_columns[i].line)
			read_val(w, s, k++, i, &lv[i]);
}

static int
prepare(struct ck_store *st, int line, sqlite3_stmt **s, struct ck_err *err)
{
	char *sql = walk_query(line);
	int rc = 0;

	*s = NULL;
	if (sql == NULL)
		return ck_err_set(err, CK_FAIL, "out of memory");
	if (sqlite3_prepare_v2(st->db, sql, -1, s, NULL) != SQLITE_OK)
		rc = ck_st_fail(st, err, "cannot read claims");
	free(sql);
	return rc;
}

int
ck_store_walk_selected(struct ck_store *st, ck_claim_cb cb, void *arg,
    struct ck_err *err)
{
	struct walker *w = calloc(1, sizeof(*w));
	sqlite3_stmt *cs = NULL, *ls = NULL;
	int rc, step, lstep = SQLITE_DONE;

	if (w == NULL || (w->arena = malloc(w->cap = arena_cap())) == NULL) {
		rc = ck_err_set(err, CK_FAIL, "out of memory");
		goto out;
	}
	if ((rc = prepare(st, 0, &cs, err)) || (rc = prepare(st, 1, &ls, err)))
		goto out;
	lstep = sqlite3_step(ls);
	while ((step = sqlite3_step(cs)) == SQLITE_ROW) {
		start_claim(w, cs);
		/* lines come in the same order: take those of this claim */
		while (lstep == SQLITE_ROW &&
		    sqlite3_column_int64(ls, 0) == w->cl.id) {
			if (w->cl.nlines < CK_MAX_LINES)
				add_line(w, ls);
			lstep = sqlite3_step(ls);
		}
		if ((rc = cb(arg, &w->cl)) != 0)
			goto out;
	}
	if (step != SQLITE_DONE || (lstep != SQLITE_DONE && lstep != SQLITE_ROW))
		rc = ck_st_fail(st, err, "cannot read claims");
out:
	sqlite3_finalize(cs);
	sqlite3_finalize(ls);
	if (w)
		free(w->arena);
	free(w);
	return rc;
}

/* --- batches --- */

int
ck_store_batch_new(struct ck_store *st, const char *kind, int64_t *id,
    struct ck_err *err)
{
	char now[32];
	int rc;

	ck_st_now(now, sizeof(now));
	if ((rc = RUN(st, "INSERT INTO batches(kind,status,created_at,user)"
	    " VALUES(?,'building',?,?)", err, kind, now, st->user)))
		return rc;
	*id = sqlite3_last_insert_rowid(st->db);
	return 0;
}

int
ck_store_batch_add(struct ck_store *st, int64_t batch, int64_t claim,
    long st_control, struct ck_err *err)
{
	sqlite3_stmt *s = ck_st_stmt(st, ST_BATCH_ADD,
	    "INSERT INTO temp.run_done(claim, batch, st) VALUES(?,?,?)", err);

	if (s == NULL)
		return err->code;
	sqlite3_bind_int64(s, 1, claim);
	sqlite3_bind_int64(s, 2, batch);
	if (st_control > 0)
		sqlite3_bind_int64(s, 3, st_control);
	return ck_st_done(st, s, err, "cannot add claim to batch");
}

int
ck_st_exec_int(struct ck_store *st, const char *sql, int64_t a, int64_t b,
    struct ck_err *err)
{
	sqlite3_stmt *s;
	int rc;

	if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK)
		return ck_st_fail(st, err, "cannot prepare statement");
	sqlite3_bind_int64(s, 1, a);
	if (sqlite3_bind_parameter_count(s) > 1)
		sqlite3_bind_int64(s, 2, b);
	rc = ck_st_done(st, s, err, "cannot update batch");
	sqlite3_finalize(s);
	return rc;
}

int
ck_store_batch_set(struct ck_store *st, int64_t batch, long st_control,
    long claims, struct ck_err *err)
{
	sqlite3_stmt *s;
	int rc;

	if (sqlite3_prepare_v2(st->db, "INSERT INTO batch_sets(batch, st_control,"
	    " claims) VALUES(?,?,?)",
	    -1, &s, NULL) != SQLITE_OK)
		return ck_st_fail(st, err, "cannot prepare statement");
	sqlite3_bind_int64(s, 1, batch);
	sqlite3_bind_int64(s, 2, st_control);
	sqlite3_bind_int64(s, 3, claims);
	rc = ck_st_done(st, s, err, "cannot record transaction set");
	sqlite3_finalize(s);
	return rc;
}

int
ck_store_batch_close(struct ck_store *st, const struct ck_batch *b,
    long isa_control, struct ck_err *err)
{
	sqlite3_stmt *s;
	int rc;

	if (sqlite3_prepare_v2(st->db, "UPDATE batches SET status='pending',"
	    " file=?, sha256=?, bytes=?, claims=?, total_charge=?,"
	    " isa_control=?, gs_control=? WHERE id=?", -1, &s, NULL) !=
	    SQLITE_OK)
		return ck_st_fail(st, err, "cannot prepare statement");
	sqlite3_bind_text(s, 1, b->file, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, b->sha256, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 3, b->bytes);
	sqlite3_bind_int64(s, 4, b->claims);
	sqlite3_bind_int64(s, 5, b->total_charge);
	if (isa_control > 0) {
		sqlite3_bind_int64(s, 6, isa_control);
		sqlite3_bind_int64(s, 7, isa_control);
	}
	sqlite3_bind_int64(s, 8, b->id);
	rc = ck_st_done(st, s, err, "cannot close batch");
	sqlite3_finalize(s);
	if (rc)
		return rc;
	if ((rc = ck_st_exec_int(st, "UPDATE claims SET status='batched',"
	    " batch_id=?1, st_control=(SELECT st FROM temp.run_done d"
	    " WHERE d.claim=claims.id)"
	    " WHERE id IN (SELECT claim FROM temp.run_done WHERE batch=?1)",
	    b->id, 0, err)))
		return rc;
	return ck_st_exec_int(st, "INSERT INTO batch_claims(batch, claim_id)"
	    " SELECT ?1, c.claim_id FROM temp.run_done d JOIN claims c"
	    " ON c.id = d.claim WHERE d.batch = ?1", b->id, 0, err);
}

int
ck_store_batch_get(struct ck_store *st, int64_t id, struct ck_batch *b,
    struct ck_err *err)
{
	sqlite3_stmt *s;
	int rc;

	memset(b, 0, sizeof(*b));
	if (sqlite3_prepare_v2(st->db, "SELECT kind, status, created_at,"
	    " coalesce(file,''), coalesce(sha256,''), claims, total_charge"
	    " FROM batches WHERE id=? AND status <> 'building'", -1, &s, NULL)
	    != SQLITE_OK)
		return ck_st_fail(st, err, "cannot read batch");
	sqlite3_bind_int64(s, 1, id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		b->id = id;
		snprintf(b->kind, sizeof(b->kind), "%s", sqlite3_column_text(s, 0));
		snprintf(b->status, sizeof(b->status), "%s",
		    sqlite3_column_text(s, 1));
		snprintf(b->created_at, sizeof(b->created_at), "%s",
		    sqlite3_column_text(s, 2));
		snprintf(b->file, sizeof(b->file), "%s", sqlite3_column_text(s, 3));
		snprintf(b->sha256, sizeof(b->sha256), "%s",
		    sqlite3_column_text(s, 4));
		b->claims = (long)sqlite3_column_int64(s, 5);
		b->total_charge = sqlite3_column_int64(s, 6);
		rc = 0;
	} else if (rc == SQLITE_DONE)
		rc = ck_err_set(err, CK_DATA, "no batch %lld", (long long)id);
	else
		rc = ck_st_fail(st, err, "cannot read batch");
	sqlite3_finalize(s);
	return rc;
}

int
ck_store_batches(struct ck_store *st, int pending_only, ck_row_cb cb,
    void *arg, struct ck_err *err)
{
	return ck_st_walk_sql(st, pending_only ?
	    "SELECT id AS batch_id, kind, status, claims,"
	    " ck_money(total_charge) AS total_charge, created_at, file, sha256"
	    " FROM batches WHERE status IN ('pending','sending') ORDER BY id" :
	    "SELECT id AS batch_id, kind, status, claims,"
	    " ck_money(total_charge) AS total_charge, created_at, file, sha256"
	    " FROM batches WHERE status <> 'building' ORDER BY id",
	    cb, arg, err, 0, NULL);
}

int
ck_store_batch_status(struct ck_store *st, int64_t id, const char *status,
    struct ck_err *err)
{
	sqlite3_stmt *s;
	char now[32];
	int rc;

	ck_st_now(now, sizeof(now));
	if (sqlite3_prepare_v2(st->db, "UPDATE batches SET status=?, done_at=?"
	    " WHERE id=?", -1, &s, NULL) != SQLITE_OK)
		return ck_st_fail(st, err, "cannot prepare statement");
	sqlite3_bind_text(s, 1, status, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, now, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 3, id);
	rc = ck_st_done(st, s, err, "cannot update batch");
	sqlite3_finalize(s);
	if (rc == 0 && strcmp(status, "void") == 0)
		rc = ck_st_exec_int(st, "UPDATE claims SET status=CASE status"
		    " WHEN 'batched' THEN 'ready' ELSE status END, batch_id=NULL"
		    " WHERE batch_id=?", id, 0, err);
	/* printed paper claims go in the mail: sent, as an upload is */
	if (rc == 0 && strcmp(status, "printed") == 0)
		rc = ck_st_exec_int(st, "UPDATE claims SET status='sent' WHERE"
		    " batch_id=? AND status='batched'", id, 0, err);
	return rc;
}

/* --- temporary names of runs (lib/batch_temps.c) --- */

int
ck_store_temps(struct ck_store *st, ck_row_cb cb, void *arg,
    struct ck_err *err)
{
	return ck_st_walk_sql(st, "SELECT dir, dev, ino, prefix FROM batch_temps"
	    " ORDER BY id", cb, arg, err, 0, NULL);
}

int
ck_store_temps_add(struct ck_store *st, const char *dir, long long dev,
    long long ino, const char *prefix, int64_t *id, struct ck_err *err)
{
	char d[24], i[24], now[32];
	int rc;

	snprintf(d, sizeof(d), "%lld", dev);
	snprintf(i, sizeof(i), "%lld", ino);
	ck_st_now(now, sizeof(now));
	if ((rc = RUN(st, "INSERT INTO batch_temps(dir, dev, ino, prefix,"
	    " started_at) VALUES(?,?,?,?,?)", err, dir, d, i, prefix, now)))
		return rc;
	*id = sqlite3_last_insert_rowid(st->db);
	return 0;
}

int
ck_store_temps_forget(struct ck_store *st, int64_t id, struct ck_err *err)
{
	return ck_st_exec_int(st, "DELETE FROM batch_temps WHERE ?1 = 0 OR"
	    " id = ?1", id, 0, err);
}

/* --- reference batches --- */

int
ck_store_ref_open(struct ck_store *st, const char *name, struct ck_err *err)
{
	char now[32], buf[32];
	int found, rc;

	if ((rc = ck_st_one_text(st, "SELECT id FROM ref_batches WHERE name=?", name,
	    buf, sizeof(buf), &found, err)))
		return rc;
	if (found)
		return ck_err_set(err, CK_DATA, "reference batch '%s' exists "
		    "already", name);
	ck_st_now(now, sizeof(now));
	if ((rc = RUN(st, "INSERT INTO ref_batches(name, opened_at) VALUES(?,?)",
	    err, name, now)))
		return rc;
	return ck_audit(st, "ref-open", name, NULL, "open", err);
}

/* The id of reference batch name, which must be open. */
static int
open_ref(struct ck_store *st, const char *name, char *id, size_t size,
    struct ck_err *err)
{
	char closed[40];
	int found, rc;

	if ((rc = ck_st_one_text(st, "SELECT id || ' ' || coalesce(closed_at, '')"
	    " FROM ref_batches WHERE name=?", name, closed, sizeof(closed),
	    &found, err)))
		return rc;
	if (!found)
		return ck_err_set(err, CK_DATA, "no reference batch '%s'", name);
	if (strchr(closed, ' ')[1] != '\0')
		return ck_err_set(err, CK_DATA, "reference batch '%s' is closed",
		    name);
	snprintf(id, size, "%.*s", (int)strcspn(closed, " "), closed);
	return 0;
}

int
ck_store_ref_close(struct ck_store *st, const char *name, struct ck_err *err)
{
	char id[32], now[32];
	int rc;

	if ((rc = open_ref(st, name, id, sizeof(id), err)))
		return rc;
	ck_st_now(now, sizeof(now));
	if ((rc = RUN(st, "UPDATE ref_batches SET closed_at=? WHERE id=?", err,
	    now, id)))
		return rc;
	return ck_audit(st, "ref-close", name, "open", "closed", err);
}

int
ck_store_ref_add(struct ck_store *st, const char *name, struct ck_reader *r,
    long *added, struct ck_err *err)
{
	char id[32], after[64], known[8];
	struct ck_row *row;
	int c = ck_reader_col(r, "claim_id"), rc, found;

	*added = 0;
	if ((rc = open_ref(st, name, id, sizeof(id), err)))
		return rc;
	if (c < 0)
		return ck_err_set(err, CK_DATA, "%s:1: expected a column named "
		    "'claim_id'", ck_reader_name(r));
	while ((rc = ck_reader_next(r, &row, err)) == 1) {
		if ((rc = ck_st_one_text(st, "SELECT 1 FROM claims WHERE claim_id=?",
		    row->f[c], known, sizeof(known), &found, err)))
			return rc;
		if (!found)
			return ck_err_set(err, CK_DATA, "%s:%ld:%d: claim_id: no "
			    "claim '%.40s'", ck_reader_name(r), row->line, c + 1,
			    row->f[c]);
		if ((rc = RUN(st, "INSERT OR IGNORE INTO ref_claims(ref, claim_id)"
		    " VALUES(?,?)",
		    err, id, row->f[c])))
			return rc;
		*added += sqlite3_changes(st->db);
	}
	if (rc)
		return rc;
	snprintf(after, sizeof(after), "added=%ld", *added);
	return ck_audit(st, "ref-add", name, NULL, after, err);
}

int
ck_store_refs(struct ck_store *st, ck_row_cb cb, void *arg,
    struct ck_err *err)
{
	return ck_st_walk_sql(st, "SELECT b.name, CASE WHEN b.closed_at IS NULL THEN"
	    " 'open' ELSE 'closed' END AS state, b.opened_at, b.closed_at,"
	    " (SELECT count(*) FROM ref_claims r WHERE r.ref = b.id) AS claims"
	    " FROM ref_batches b ORDER BY b.id", cb, arg, err, 0, NULL);
}

/* --- exclusion rules --- */

static void
bind_opt(sqlite3_stmt *s, int k, const char *v)
{
	if (v && *v)
		sqlite3_bind_text(s, k, v, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(s, k);
}

int
ck_store_rule_add(struct ck_store *st, const struct ck_rule *r, int64_t *id,
    struct ck_err *err)
{
	sqlite3_stmt *s;
	char now[32], after[32];
	int rc;

	ck_st_now(now, sizeof(now));
	if (sqlite3_prepare_v2(st->db, "INSERT INTO rules(payer_id, provider,"
	    " office, place_of_service, procedure, min_charge, max_charge,"
	    " created_at, user, stage, self_pay)"
	    " VALUES(?,?,?,?,?,?,?,?,?,?,?)", -1, &s, NULL) !=
	    SQLITE_OK)
		return ck_st_fail(st, err, "cannot prepare statement");
	bind_opt(s, 1, r->payer_id);
	bind_opt(s, 2, r->provider);
	bind_opt(s, 3, r->office);
	bind_opt(s, 4, r->place_of_service);
	bind_opt(s, 5, r->procedure);
	if (r->min_charge >= 0)
		sqlite3_bind_int64(s, 6, r->min_charge);
	if (r->max_charge >= 0)
		sqlite3_bind_int64(s, 7, r->max_charge);
	sqlite3_bind_text(s, 8, now, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 9, st->user, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 10, r->stage ? r->stage : "submission", -1,
	    SQLITE_STATIC);
	if (r->self_pay >= 0)
		sqlite3_bind_int(s, 11, r->self_pay);
	rc = ck_st_done(st, s, err, "cannot add rule");
	sqlite3_finalize(s);
	if (rc)
		return rc;
	*id = sqlite3_last_insert_rowid(st->db);
	snprintf(after, sizeof(after), "rule=%lld", (long long)*id);
	return ck_audit(st, "rule-add", after, NULL, after, err);
}

int
ck_store_rule_rm(struct ck_store *st, int64_t id, struct ck_err *err)
{
	char subj[32];
	int rc;

	if ((rc = ck_st_exec_int(st, "DELETE FROM rules WHERE id=?", id, 0, err)))
		return rc;
	if (sqlite3_changes(st->db) == 0)
		return ck_err_set(err, CK_DATA, "no rule %lld", (long long)id);
	snprintf(subj, sizeof(subj), "rule=%lld", (long long)id);
	return ck_audit(st, "rule-rm", subj, subj, NULL, err);
}

int
ck_store_rules(struct ck_store *st, ck_row_cb cb, void *arg,
    struct ck_err *err)
{
	return ck_st_walk_sql(st, "SELECT id AS rule_id, payer_id, provider, office,"
	    " place_of_service, procedure, ck_money(min_charge) AS min_charge,"
	    " ck_money(max_charge) AS max_charge, created_at, user, stage,"
	    " CASE self_pay WHEN 1 THEN 'yes' WHEN 0 THEN 'no' END AS self_pay"
	    " FROM rules ORDER BY id", cb, arg, err, 0, NULL);
}
