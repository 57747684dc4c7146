/*
 * The SQL of 835 posting (claim-remit): remittances, their claims, lines,
 * adjustments and PLB, the claims' balances they move, hold rules, undo.
 * The rules that decide the amounts live in remit.c.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "claimkit/remit.h"
#include "store_int.h"

/* Rows a multi-row INSERT takes (see rows_stmt). */
#define RS_BATCH 8

enum {
	RS_FIND, RS_SEEN, RS_HELD, RS_REMIT_ADD, RS_REMIT_STATUS, RS_CLAIM_ADD,
	RS_TARGET, RS_REVERSIBLE, RS_PAID, RS_MOVE,
	RS_RECORD, RS_SETREV, RS_PLB, RS_DONE, RS_GET, RS_UGET, RS_SECOND,
	RS_SECOND_LINES, RS_SECOND_MARK, RS_SECOND_OF, RS_SECOND_AUDIT,
	RS_WITHDRAW,
	RS_WITHDRAW_LINES, RS_WITHDRAW_MARK, RS_HANDOVER, RS_HANDOVER_SET,
	RS_REMAKE, RS_REMAKE_MARK,
	/* RS_ADJS + n - 1 inserts n adjustments, RS_LINES_ADD n lines */
	RS_ADJS, RS_LINES_ADD = RS_ADJS + RS_BATCH,
	RS_COUNT = RS_LINES_ADD + RS_BATCH
};

struct ck_rs {
	struct ck_store *st;
	sqlite3_stmt *s[RS_COUNT];
};

int
ck_rs_open(struct ck_store *st, struct ck_rs **h, struct ck_err *err)
{
	if ((*h = calloc(1, sizeof(**h))) == NULL)
		return ck_err_set(err, CK_FAIL, "out of memory");
	(*h)->st = st;
	return 0;
}

void
ck_rs_close(struct ck_rs *h)
{
	if (h == NULL)
		return;
	for (int i = 0; i < RS_COUNT; i++)
		sqlite3_finalize(h->s[i]);
	free(h);
}

/* Binds by fmt: 's' text (NULL binds NULL), 'i' int64, 'z' int64 with
 * 0 bound as NULL.  Text is bound without a copy: every statement is
 * bound again (bindings cleared first) before it is stepped again. */
static void
vbind(sqlite3_stmt *s, const char *fmt, va_list ap)
{
	for (int i = 1; *fmt; fmt++, i++) {
		int64_t v;

		switch (*fmt) {
		case 's':
			sqlite3_bind_text(s, i, va_arg(ap, const char *), -1,
			    SQLITE_STATIC);
			break;
		case 'i':
			sqlite3_bind_int64(s, i, va_arg(ap, int64_t));
			break;
		case 'z':
			if ((v = va_arg(ap, int64_t)) != 0)
				sqlite3_bind_int64(s, i, v);
			break;
		}
	}
}

/* Statement k (prepared once), bound; NULL with err set on failure. */
static sqlite3_stmt *
stmt(struct ck_rs *h, int k, const char *sql, struct ck_err *err,
    const char *fmt, ...)
{
	sqlite3_stmt *s;
	va_list ap;

	if (h->s[k] == NULL && sqlite3_prepare_v3(h->st->db, sql, -1,
	    SQLITE_PREPARE_PERSISTENT, &h->s[k], NULL) != SQLITE_OK) {
		ck_st_fail(h->st, err, "cannot prepare statement");
		return NULL;
	}
	s = h->s[k];
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	va_start(ap, fmt);
	vbind(s, fmt, ap);
	va_end(ap);
	return s;
}

/* Steps s once: 1 a row, 0 none, or an error code (then reset). */
static int
step(struct ck_rs *h, sqlite3_stmt *s, struct ck_err *err, int *rc)
{
	int r = sqlite3_step(s);

	if (r == SQLITE_ROW)
		return *rc = 0, 1;
	if (r == SQLITE_DONE)
		return *rc = 0, 0;
	*rc = ck_st_fail(h->st, err, "cannot read or write remittances");
	sqlite3_reset(s);
	return 0;
}

static int
done(struct ck_rs *h, sqlite3_stmt *s, struct ck_err *err)
{
	int rc;

	if (s == NULL)
		return err->code;
	step(h, s, err, &rc);
	sqlite3_reset(s);
	return rc;
}

static void
col_text(sqlite3_stmt *s, int i, char *buf, size_t size)
{
	const char *t = (const char *)sqlite3_column_text(s, i);
	size_t n = t ? (size_t)sqlite3_column_bytes(s, i) : 0;

	n = n < size ? n : size - 1;
	memcpy(buf, t ? t : "", n);
	buf[n] = '\0';
}

/* --- once only, hold rules --- */

int
ck_rs_find(struct ck_rs *h, const char *payer_key, const char *trace,
    int64_t *id, char *status, size_t size, struct ck_err *err)
{
	sqlite3_stmt *s = stmt(h, RS_FIND, "SELECT id, status FROM remits"
	    " WHERE payer_key=? AND trace=? AND status IN ('posted','held')",
	    err, "ss", payer_key, trace);
	int rc;

	*id = 0;
	if (s == NULL)
		return err->code;
	if (step(h, s, err, &rc)) {
		*id = sqlite3_column_int64(s, 0);
		col_text(s, 1, status, size);
	}
	sqlite3_reset(s);
	return rc;
}

int
ck_rs_file_seen(struct ck_rs *h, const char *sha256, int64_t *remit,
    struct ck_err *err)
{
	sqlite3_stmt *s = stmt(h, RS_SEEN, "SELECT min(id) FROM remits"
	    " WHERE sha256=? AND status<>'undone'", err, "s", sha256);
	int rc;

	*remit = 0;
	if (s == NULL)
		return err->code;
	if (step(h, s, err, &rc))
		*remit = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	return rc;
}

int
ck_rs_held(struct ck_rs *h, const struct ck_835_remit *r, int *held,
    struct ck_err *err)
{
	sqlite3_stmt *s = stmt(h, RS_HELD, "SELECT 1 FROM remit_rules WHERE"
	    " upper(payer) IN (upper(?), upper(?), upper(?))", err, "sss",
	    r->payer_id, r->payer_key, r->payer_name);
	int rc;

	*held = 0;
	if (s == NULL)
		return err->code;
	*held = step(h, s, err, &rc);
	sqlite3_reset(s);
	return rc;
}

/* --- recording what the 835 says --- */

int
ck_rs_remit_add(struct ck_rs *h, const struct ck_835_remit *r,
    const char *file, const char *sha256, int64_t fetched,
    const char *status, const char *error, int64_t *id, struct ck_err *err)
{
	char now[32];
	sqlite3_stmt *s;
	int rc;

	ck_st_now(now, sizeof(now));
	s = stmt(h, RS_REMIT_ADD, "INSERT INTO remits(fetched, file, sha256,"
	    " set_no, st_control, payer_key, payer_id, payer_name, payee_id,"
	    " trace, amount, method, paid_date, status, error, at, user)"
	    " VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", err,
	    "zssisssssssssssss", fetched, file, sha256, (int64_t)r->number,
	    r->st_control, r->payer_key[0] ? r->payer_key : r->payer_name,
	    r->payer_id, r->payer_name, r->payee_id, r->trace, "", r->method,
	    r->paid_date[0] ? r->paid_date : NULL, status, error, now,
	    ck_store_user(h->st));
	if (s == NULL)
		return err->code;
	sqlite3_bind_int64(s, 11, r->amount);
	if ((rc = done(h, s, err)) == 0)
		*id = sqlite3_last_insert_rowid(h->st->db);
	return rc;
}

int
ck_rs_remit_status(struct ck_rs *h, int64_t id, const char *status,
    struct ck_err *err)
{
	char now[32];

	ck_st_now(now, sizeof(now));
	/* a held one posted after review no longer says why it was held */
	return done(h, stmt(h, RS_REMIT_STATUS, "UPDATE remits SET status=?1,"
	    " at=?2, user=?3, error=CASE WHEN ?1='posted' THEN NULL ELSE error"
	    " END WHERE id=?4", err, "sssi", status, now, ck_store_user(h->st),
	    id), err);
}

/* Statement k + n - 1 (prepared once), bound by the caller: head and n
 * tuples, rows a statement rather than a statement a row. */
static sqlite3_stmt *
rows_stmt(struct ck_rs *h, int k, const char *head, const char *tuple,
    int n, struct ck_err *err)
{
	char sql[2048] = "";
	size_t len = 0;

	for (int i = 0; i < n && h->s[k + n - 1] == NULL; i++)
		len += (size_t)snprintf(sql + len, sizeof(sql) - len, "%s%s",
		    i ? "," : head, tuple);
	return stmt(h, k + n - 1, sql, err, "");
}

/* Text v at i, or NULL when v is "" and may be (or_null). */
static void
bind_text(sqlite3_stmt *s, int i, const char *v, int or_null)
{
	sqlite3_bind_text(s, i, v[0] || !or_null ? v : NULL, -1,
	    SQLITE_STATIC);
}

struct adj_row {
	int seq;
	const struct ck_835_adj *a;
};

static int
adjs_flush(struct ck_rs *h, int64_t rc, const struct adj_row *row, int n,
    struct ck_err *err)
{
	sqlite3_stmt *s = rows_stmt(h, RS_ADJS, "INSERT INTO remit_adjs("
	    "remit_claim, seq, grp, reason, amount) VALUES", "(?,?,?,?,?)", n,
	    err);

	if (s == NULL)
		return err->code;
	for (int i = 0; i < n; i++) {
		sqlite3_bind_int64(s, 5 * i + 1, rc);
		sqlite3_bind_int(s, 5 * i + 2, row[i].seq);
		bind_text(s, 5 * i + 3, row[i].a->group, 0);
		bind_text(s, 5 * i + 4, row[i].a->reason, 0);
		sqlite3_bind_int64(s, 5 * i + 5, row[i].a->amount);
	}
	return done(h, s, err);
}

/* Claim payment c's adjustments, its own (seq 0) then each line's. */
static int
adjs_add(struct ck_rs *h, int64_t rc, const struct ck_835_claim *c,
    struct ck_err *err)
{
	struct adj_row row[RS_BATCH];
	int n = 0, r;

	for (int seq = 0; seq <= c->nlines; seq++) {
		const struct ck_835_adj *a = seq ? c->line[seq - 1].adj : c->adj;
		int na = seq ? c->line[seq - 1].nadj : c->nadj;

		for (int i = 0; i < na; i++) {
			row[n++] = (struct adj_row){seq, &a[i]};
			if (n == RS_BATCH && (r = adjs_flush(h, rc, row, n,
			    err)) != 0)
				return r;
			n = n == RS_BATCH ? 0 : n;
		}
	}
	return n ? adjs_flush(h, rc, row, n, err) : 0;
}

/* Lines from index k of c, n of them (line_no: ours, or NULL). */
static int
lines_flush(struct ck_rs *h, int64_t rc, const struct ck_835_claim *c,
    int k, int n, const int *line_no, struct ck_err *err)
{
	sqlite3_stmt *s = rows_stmt(h, RS_LINES_ADD, "INSERT INTO remit_lines("
	    "remit_claim, seq, procedure, original, charge, paid, allowed,"
	    " units, service_date, control, remarks, denied, line_no) VALUES",
	    "(?,?,?,?,?,?,?,?,?,?,?,?,?)", n, err);

	if (s == NULL)
		return err->code;
	for (int i = 0, at = 0; i < n; i++, at += 13) {
		const struct ck_835_line *l = &c->line[k + i];

		sqlite3_bind_int64(s, at + 1, rc);
		sqlite3_bind_int(s, at + 2, k + i + 1);
		bind_text(s, at + 3, l->procedure, 0);
		bind_text(s, at + 4, l->original, 1);
		sqlite3_bind_int64(s, at + 5, l->charge);
		sqlite3_bind_int64(s, at + 6, l->paid);
		if (l->allowed >= 0)
			sqlite3_bind_int64(s, at + 7, l->allowed);
		sqlite3_bind_int64(s, at + 8, l->units);
		bind_text(s, at + 9, l->date, 1);
		bind_text(s, at + 10, l->control, 1);
		bind_text(s, at + 11, l->remarks, 1);
		sqlite3_bind_int(s, at + 12, ck_remit_line_denied(l));
		if (line_no != NULL)
			sqlite3_bind_int(s, at + 13, line_no[k + i]);
	}
	return done(h, s, err);
}

/* Binds 23-26, the claim's balances before and after (NULL when the
 * claim payment posted nothing). */
static void
bind_balances(sqlite3_stmt *s, int at, const struct ck_remit_posting *po)
{
	const long long v[4] = {po ? po->ins_before : 0, po ? po->pat_before :
	    0, po ? po->ins_after : 0, po ? po->pat_after : 0};

	for (int i = 0; i < 4 && s != NULL; i++)
		if (po != NULL)
			sqlite3_bind_int64(s, at + i, v[i]);
		else
			sqlite3_bind_null(s, at + i);
}

/* What claim payment rc hands over, in remit_secondary: only when it
 * has CAS 23 or a secondary to deal with (a primary's posting has
 * none, and writes no row). */
static int
handover(struct ck_rs *h, int64_t rc, const struct ck_remit_posting *po,
    const struct ck_remit_money *m, struct ck_err *err)
{
	if (po->prior == 0 && po->transfer == 0 && m->prior[0] == 0 &&
	    m->prior[1] == 0 && m->prior[2] == 0)
		return 0;
	return done(h, stmt(h, RS_HANDOVER, "INSERT INTO remit_secondary("
	    "remit_claim, transfer, prior, r23_contractual, r23_other,"
	    " r23_patient) VALUES(?1,?2,?3,?4,?5,?6) ON CONFLICT(remit_claim)"
	    " DO UPDATE SET transfer=?2, prior=?3", err, "iiiiii", rc,
	    (int64_t)po->transfer, (int64_t)po->prior, (int64_t)m->prior[0],
	    (int64_t)m->prior[1], (int64_t)m->prior[2]), err);
}

int
ck_rs_claim_add(struct ck_rs *h, int64_t remit,
    const struct ck_835_claim *c, const struct ck_remit_money *m,
    const struct ck_remit_posting *po, const char *reason,
    const int *line_no, int64_t *id, struct ck_err *err)
{
	static const struct ck_remit_posting none = {.status = "unmatched"};
	const struct ck_remit_posting *p = po ? po : &none;
	sqlite3_stmt *s = stmt(h, RS_CLAIM_ADD, "INSERT INTO remit_claims("
	    "remit, claim, claim_id, payer_claim_id, clp_status, crossover,"
	    " remarks, charge, clp_paid, clp_patient, contractual, other_adj,"
	    " patient, units, denied_units, status, reason, a_paid,"
	    " a_contractual, a_other, a_patient, status_before, ins_before,"
	    " pat_before, ins_after, pat_after, reverses) VALUES(?,?,?,?,?,?,"
	    "?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", err,
	    "izsssssiiiiiiiissiiiisiiiiz", remit, p->claim, c->claim_id,
	    c->payer_claim_id, c->status, c->crossover[0] ? c->crossover : NULL,
	    c->remarks[0] ? c->remarks : NULL, (int64_t)c->charge,
	    (int64_t)c->paid, (int64_t)c->patient_resp,
	    (int64_t)m->contractual, (int64_t)m->other, (int64_t)m->patient,
	    (int64_t)m->units, (int64_t)m->denied_units, p->status,
	    po ? NULL : reason, (int64_t)p->amt[0], (int64_t)p->amt[1],
	    (int64_t)p->amt[2], (int64_t)p->amt[3], p->status_before,
	    (int64_t)0, (int64_t)0, (int64_t)0, (int64_t)0, p->reverses);
	int rc;

	bind_balances(s, 23, po);
	if ((rc = done(h, s, err)) != 0)
		return rc;
	*id = sqlite3_last_insert_rowid(h->st->db);
	if ((rc = handover(h, *id, p, m, err)) != 0)
		return rc;
	for (int k = 0; k < c->nlines; k += RS_BATCH)
		if ((rc = lines_flush(h, *id, c, k, c->nlines - k < RS_BATCH ?
		    c->nlines - k : RS_BATCH, line_no, err)) != 0)
			return rc;
	return adjs_add(h, *id, c, err);
}

/* --- matching --- */

/* Our line in the row of s from column at. */
static void
col_line(sqlite3_stmt *s, int at, struct ck_remit_ourline *l)
{
	memset(l, 0, sizeof(*l));
	l->line_no = sqlite3_column_int(s, at);
	col_text(s, at + 1, l->date, sizeof(l->date));
	col_text(s, at + 2, l->code, sizeof(l->code));
	for (int m = 0; m < 4; m++)
		col_text(s, at + 3 + m, l->mods[m], sizeof(l->mods[m]));
	l->charge = sqlite3_column_int64(s, at + 7);
}

/* A secondary claim's prior payers' impact still open: what the claim
 * payment that made it booked (the charge less the patient's part it
 * took over) less the CAS 23 its own payers' postings set against it. */
#define RS_PRIOR_OPEN(C) \
	"(" C ".total_charge - coalesce((SELECT sum(z.transfer) FROM" \
	" remit_secondary z JOIN remit_claims m ON m.id=z.remit_claim WHERE" \
	" m.secondary=" C ".id), " C ".total_charge) - coalesce((SELECT" \
	" sum(z.prior) FROM remit_claims y JOIN remits w ON w.id=y.remit" \
	" JOIN remit_secondary z ON z.remit_claim=y.id WHERE y.claim=" C ".id" \
	" AND w.status='posted' AND y.status<>'unmatched'), 0))"

int
ck_rs_target(struct ck_rs *h, const char *claim_id, int64_t remit,
    struct ck_remit_target *t, struct ck_remit_ourline *lines, int max,
    int *n, struct ck_err *err)
{
	/* one statement a claim, prepared once: the exclusion rule (the
	 * one ck_stage_excluded finds), the last posting of a claim paid
	 * twice in one remittance, and our lines; a secondary's prior
	 * payers' impact still open (a primary's is none: not looked up) */
	sqlite3_stmt *s = stmt(h, RS_TARGET, "SELECT c.id, coalesce(x.status,"
	    " c.status), coalesce(" CK_SQL_RULE("era") ", ''),"
	    " coalesce(x.ins_after, c.insurance_balance), coalesce(x.pat_after,"
	    " c.patient_balance), c.next_payer_id IS NOT NULL, CASE WHEN"
	    " c.rank > 1 THEN " RS_PRIOR_OPEN("c") " ELSE 0 END, c.total_charge,"
	    " c.rank, l.line_no,"
	    " l.service_date, l.procedure, coalesce(l.modifier1,''),"
	    " coalesce(l.modifier2,''), coalesce(l.modifier3,''),"
	    " coalesce(l.modifier4,''), l.charge FROM claims c"
	    " LEFT JOIN remit_claims x ON x.id=(SELECT max(y.id) FROM"
	    " remit_claims y WHERE y.claim=c.id AND y.remit=?2)"
	    " LEFT JOIN claim_lines l ON l.claim=c.id AND ?3"
	    " WHERE c.claim_id=?1 ORDER BY l.line_no", err, "szi", claim_id,
	    remit, (int64_t)(lines != NULL));
	int rc;

	memset(t, 0, sizeof(*t));
	*n = 0;
	if (s == NULL)
		return err->code;
	while (step(h, s, err, &rc)) {
		if (t->id == 0) {
			t->id = sqlite3_column_int64(s, 0);
			col_text(s, 1, t->status, sizeof(t->status));
			col_text(s, 2, t->rule, sizeof(t->rule));
			t->ins_balance = sqlite3_column_int64(s, 3);
			t->pat_balance = sqlite3_column_int64(s, 4);
			t->next_payer = sqlite3_column_int(s, 5);
			t->prior_open = sqlite3_column_int64(s, 6);
			t->charge = sqlite3_column_int64(s, 7);
			t->rank = sqlite3_column_int(s, 8);
		}
		if (sqlite3_column_type(s, 9) != SQLITE_NULL && *n < max)
			col_line(s, 9, &lines[(*n)++]);
	}
	sqlite3_reset(s);
	return rc;
}

/* A secondary claim s untouched since it was made: in no batch, its
 * status the one it was made with, nothing posted to it. */
#define RS_SEC_UNTOUCHED(S) \
	"(" S ".batch_id IS NULL AND " S ".status IN ('ready', 'forwarded')" \
	" AND NOT EXISTS (SELECT 1 FROM remit_claims z JOIN remits w ON" \
	" w.id=z.remit WHERE z.claim=" S ".id AND w.status='posted' AND" \
	" z.status<>'unmatched'))"

/* The secondary claim that remit claim rc made, if it still exists. */
static int
second_of(struct ck_rs *h, int64_t rc, struct ck_remit_reversible *rv,
    struct ck_err *err)
{
	sqlite3_stmt *s = stmt(h, RS_SECOND_OF, "SELECT s.id, s.claim_id,"
	    " s.status, coalesce(s.batch_id, 0), " RS_SEC_UNTOUCHED("s")
	    " FROM remit_claims rc JOIN claims s ON s.id=rc.secondary"
	    " WHERE rc.id=?", err, "i", rc);
	int r;

	if (s == NULL)
		return err->code;
	if (step(h, s, err, &r)) {
		rv->sec_id = sqlite3_column_int64(s, 0);
		col_text(s, 1, rv->sec_claim, sizeof(rv->sec_claim));
		col_text(s, 2, rv->sec_status, sizeof(rv->sec_status));
		rv->sec_batch = sqlite3_column_int64(s, 3);
		rv->sec_untouched = sqlite3_column_int(s, 4);
	}
	sqlite3_reset(s);
	return r;
}

int
ck_rs_reversible(struct ck_rs *h, int64_t claim, const char *payer_key,
    const char *payer_claim_id, struct ck_remit_reversible *rv,
    struct ck_err *err)
{
	/* every posting under that number: a payer that paid an appeal
	 * under the claim's first number takes both back at once; the one
	 * that handed the patient's part on made the secondary claim */
	sqlite3_stmt *s = stmt(h, RS_REVERSIBLE, "SELECT max(rc.id),"
	    " sum(rc.a_paid), sum(rc.a_contractual), sum(rc.a_other),"
	    " sum(rc.a_patient), coalesce(sum(z.prior), 0),"
	    " coalesce(sum(z.transfer), 0), max(CASE WHEN rc.secondary IS NOT"
	    " NULL THEN rc.id END) FROM remit_claims rc JOIN remits r ON"
	    " r.id=rc.remit LEFT JOIN remit_secondary z ON z.remit_claim=rc.id"
	    " WHERE rc.claim=?1"
	    " AND (r.payer_key=?2 OR ?2='') AND rc.payer_claim_id=?3"
	    " AND r.status='posted'"
	    " AND rc.reversed_by IS NULL AND rc.clp_status<>'22'"
	    " AND rc.status<>'unmatched'", err,
	    "iss", claim, payer_key, payer_claim_id);
	int64_t made = 0;
	int rc;

	memset(rv, 0, sizeof(*rv));
	if (s == NULL)
		return err->code;
	if (step(h, s, err, &rc)) {
		rv->prev = sqlite3_column_int64(s, 0);  /* NULL: none */
		for (int i = 0; i < 4; i++)
			rv->amt[i] = sqlite3_column_int64(s, 1 + i);
		rv->prior = sqlite3_column_int64(s, 5);
		rv->transfer = sqlite3_column_int64(s, 6);
		made = sqlite3_column_int64(s, 7);
	}
	sqlite3_reset(s);
	if (rc == 0 && made != 0)
		rc = second_of(h, made, rv, err);
	return rc;
}

int
ck_rs_paid_before(struct ck_rs *h, int64_t claim, const char *payer_key,
    const char *lines, int64_t *prev, char *pcn, struct ck_err *err)
{
	/* a line paid before is paid again; a payment with no line detail,
	 * now or then, pays the claim whole */
	sqlite3_stmt *s = stmt(h, RS_PAID, "SELECT rc.remit,"
	    " rc.payer_claim_id FROM remit_claims rc JOIN remits r ON"
	    " r.id=rc.remit WHERE rc.claim=?1 AND (r.payer_key=?2 OR ?2='')"
	    " AND r.status='posted' AND rc.reversed_by IS NULL AND"
	    " rc.clp_status<>'22' AND rc.status NOT IN ('unmatched',"
	    " 'reversed') AND rc.a_paid > 0 AND (?3 = '' OR NOT EXISTS"
	    " (SELECT 1 FROM remit_lines l WHERE l.remit_claim = rc.id) OR"
	    " EXISTS (SELECT 1 FROM remit_lines l WHERE l.remit_claim = rc.id"
	    " AND l.paid > 0 AND instr(?3, ',' || l.line_no || ',') > 0))"
	    " ORDER BY rc.id DESC LIMIT 1", err, "iss", claim, payer_key, lines);
	int rc;

	*prev = 0;
	pcn[0] = '\0';
	if (s == NULL)
		return err->code;
	if (step(h, s, err, &rc)) {
		*prev = sqlite3_column_int64(s, 0);
		snprintf(pcn, 51, "%s", (const char *)sqlite3_column_text(s, 1) ?
		    (const char *)sqlite3_column_text(s, 1) : "");
	}
	sqlite3_reset(s);
	return rc;
}

/* --- posting --- */

int
ck_rs_record(struct ck_rs *h, int64_t rc, const struct ck_remit_posting *po,
    struct ck_err *err)
{
	sqlite3_stmt *s = stmt(h, RS_RECORD, "UPDATE remit_claims SET"
	    " claim=?, status=?, a_paid=?, a_contractual=?, a_other=?,"
	    " a_patient=?, reverses=?, reason=NULL, status_before=?,"
	    " ins_before=?, pat_before=?, ins_after=?, pat_after=? WHERE id=?",
	    err, "isiiiizsiiiii", po->claim, po->status, (int64_t)po->amt[0],
	    (int64_t)po->amt[1], (int64_t)po->amt[2], (int64_t)po->amt[3],
	    po->reverses, po->status_before, (int64_t)po->ins_before,
	    (int64_t)po->pat_before, (int64_t)po->ins_after,
	    (int64_t)po->pat_after, rc);
	static const struct ck_remit_money none;
	int r;

	if ((r = done(h, s, err)) != 0)
		return r;
	/* its CAS 23 parts are in its row already, when it has any */
	return handover(h, rc, po, &none, err);
}

int
ck_rs_reversed(struct ck_rs *h, int64_t rc, int64_t reverses,
    struct ck_err *err)
{
	/* all that ck_rs_reversible summed: the claim's postings under the
	 * number of the last of them, by the same payer, not reversed */
	return done(h, stmt(h, RS_SETREV, "UPDATE remit_claims SET"
	    " reversed_by=?1 WHERE reversed_by IS NULL AND clp_status<>'22'"
	    " AND status<>'unmatched' AND id<>?1 AND claim=(SELECT claim FROM"
	    " remit_claims WHERE id=?2) AND payer_claim_id=(SELECT"
	    " payer_claim_id FROM remit_claims WHERE id=?2) AND remit IN"
	    " (SELECT r.id FROM remits r WHERE r.status='posted' AND"
	    " r.payer_key=(SELECT r2.payer_key FROM remits r2 JOIN"
	    " remit_claims x ON x.remit=r2.id WHERE x.id=?2))", err, "ii", rc,
	    reverses), err);
}

/* Set-based, as the remittance ends: a claim is written once however
 * many of its payments the remittance holds (their sum, and the last
 * one's status and balances). */
int
ck_rs_move(struct ck_rs *h, int64_t remit, int64_t rc, struct ck_err *err)
{
	return done(h, stmt(h, RS_MOVE, "UPDATE claims SET status=l.status,"
	    " insurance_paid=insurance_paid+m.paid, adjusted=adjusted+m.adj,"
	    " patient_resp=patient_resp+m.pat, patient_balance=l.pat_after,"
	    " insurance_balance=l.ins_after FROM (SELECT claim, sum(a_paid)"
	    " AS paid, sum(a_contractual + a_other) AS adj, sum(a_patient) AS"
	    " pat, max(id) AS last FROM remit_claims WHERE remit=?1 AND"
	    " (id=?2 OR ?2=0) AND status<>'unmatched' GROUP BY claim) AS m"
	    " JOIN remit_claims l ON l.id=m.last WHERE claims.id=m.claim",
	    err, "ii", remit, rc), err);
}

int
ck_rs_plb_add(struct ck_rs *h, int64_t remit, const struct ck_835_plb *p,
    struct ck_err *err)
{
	return done(h, stmt(h, RS_PLB, "INSERT INTO remit_plb(remit, provider,"
	    " fiscal_date, reason, reference, amount) VALUES(?,?,?,?,?,?)",
	    err, "issssi", remit, p->provider, p->fiscal_date, p->reason,
	    p->reference, (int64_t)p->amount), err);
}

int
ck_rs_remit_done(struct ck_rs *h, int64_t remit, struct ck_err *err)
{
	char subject[32], after[128];
	sqlite3_stmt *s;
	int rc;

	if ((rc = done(h, stmt(h, RS_DONE, "UPDATE remits SET (claims, posted,"
	    " unmatched) = (SELECT count(*), count(*) FILTER (WHERE status"
	    " <> 'unmatched'), count(*) FILTER (WHERE status = 'unmatched')"
	    " FROM remit_claims WHERE remit=?1) WHERE id=?1", err, "i",
	    remit), err)) != 0)
		return rc;
	s = stmt(h, RS_GET, "SELECT trace, claims, posted, unmatched FROM"
	    " remits WHERE id=?", err, "i", remit);
	if (s == NULL)
		return err->code;
	if (step(h, s, err, &rc))
		snprintf(after, sizeof(after), "trace %s: %lld claims, %lld "
		    "posted, %lld unmatched", sqlite3_column_text(s, 0),
		    (long long)sqlite3_column_int64(s, 1),
		    (long long)sqlite3_column_int64(s, 2),
		    (long long)sqlite3_column_int64(s, 3));
	sqlite3_reset(s);
	if (rc)
		return rc;
	snprintf(subject, sizeof(subject), "remit %lld", (long long)remit);
	return ck_audit(h->st, "remit post", subject, NULL, after, err);
}

int
ck_rs_unmatched_get(struct ck_rs *h, int64_t rc, char *clp_status,
    char *pcn, long long *paid, struct ck_remit_money *m, int *crossover,
    int64_t *remit, struct ck_err *err)
{
	sqlite3_stmt *s = stmt(h, RS_UGET, "SELECT rc.clp_status, rc.clp_paid,"
	    " rc.contractual, rc.other_adj, rc.patient, rc.units,"
	    " rc.denied_units, rc.crossover IS NOT NULL, rc.remit,"
	    " rc.payer_claim_id, coalesce(z.r23_contractual, 0),"
	    " coalesce(z.r23_other, 0), coalesce(z.r23_patient, 0) FROM"
	    " remit_claims rc JOIN remits r ON r.id=rc.remit LEFT JOIN"
	    " remit_secondary z ON z.remit_claim=rc.id"
	    " WHERE rc.id=? AND rc.status='unmatched' AND r.status='posted'",
	    err, "i", rc);
	int r;

	if (s == NULL)
		return err->code;
	if (!step(h, s, err, &r))
		return r ? r : ck_err_set(err, CK_DATA, "no unmatched "
		    "remittance claim %lld (see claim-remit unmatched)",
		    (long long)rc);
	col_text(s, 0, clp_status, 3);
	*paid = sqlite3_column_int64(s, 1);
	m->contractual = sqlite3_column_int64(s, 2);
	m->other = sqlite3_column_int64(s, 3);
	m->patient = sqlite3_column_int64(s, 4);
	m->units = sqlite3_column_int(s, 5);
	m->denied_units = sqlite3_column_int(s, 6);
	*crossover = sqlite3_column_int(s, 7);
	*remit = sqlite3_column_int64(s, 8);
	col_text(s, 9, pcn, 51);
	for (int k = 0; k < 3; k++)
		m->prior[k] = sqlite3_column_int64(s, 10 + k);
	sqlite3_reset(s);
	return 0;
}

/* --- tables --- */

static void
sql_describe(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const char *codes = (const char *)sqlite3_value_text(argv[0]);
	char buf[2048];

	(void)argc;
	ck_remit_describe(codes ? codes : "", buf, sizeof(buf));
	sqlite3_result_text(ctx, buf, -1, SQLITE_TRANSIENT);
}

/* ck_describe(codes): the codes with what they mean (remit_codes.c). */
static int
with_describe(struct ck_store *st, struct ck_err *err)
{
	if (sqlite3_create_function(st->db, "ck_describe", 1, SQLITE_UTF8 |
	    SQLITE_DETERMINISTIC, NULL, sql_describe, NULL, NULL) != SQLITE_OK)
		return ck_st_fail(st, err, "cannot describe codes");
	return 0;
}

/* ck_adj_codes(grp, reason, amount): the aggregate of the codes
 * builder (remit.c), fed in the order the adjustments were written. */
static void
adj_codes_step(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	struct ck_remit_codes *k = sqlite3_aggregate_context(ctx, sizeof(*k));
	const char *g = (const char *)sqlite3_value_text(argv[0]);
	const char *r = (const char *)sqlite3_value_text(argv[1]);

	(void)argc;
	if (k == NULL || ck_remit_codes_add(k, g ? g : "", r ? r : "",
	    sqlite3_value_int64(argv[2])) != 0)
		sqlite3_result_error_nomem(ctx);
}

static void
adj_codes_final(sqlite3_context *ctx)
{
	struct ck_remit_codes *k = sqlite3_aggregate_context(ctx, 0);
	char *t;

	if (k == NULL || k->n == 0) {
		sqlite3_result_null(ctx);
		return;
	}
	if ((t = ck_remit_codes_text(k)) == NULL)
		sqlite3_result_error_nomem(ctx);
	else
		sqlite3_result_text(ctx, t, -1, free);
	ck_remit_codes_free(k);
}

static int
with_codes(struct ck_store *st, struct ck_err *err)
{
	if (sqlite3_create_function(st->db, "ck_adj_codes", 3, SQLITE_UTF8 |
	    SQLITE_DETERMINISTIC, NULL, NULL, adj_codes_step, adj_codes_final)
	    != SQLITE_OK)
		return ck_st_fail(st, err, "cannot list codes");
	return 0;
}

/* The codes of a remit claim: group-reason:amount summed over the claim
 * and its lines (the index gives them in the order written), then the
 * remark codes. */
#define RS_CODES \
	"trim(coalesce((SELECT ck_adj_codes(grp, reason, amount) FROM" \
	" remit_adjs WHERE remit_claim=rc.id), '') ||" \
	" coalesce(' ' || rc.remarks, '') || coalesce(' ' || (SELECT" \
	" group_concat(remarks, ' ') FROM remit_lines WHERE" \
	" remit_claim=rc.id AND remarks IS NOT NULL), ''))"

#define RS_ROW RS_ROW_AS("rc.claim_id")
/* The claim a claim payment went to (a secondary, say), else CLP01. */
#define RS_POSTED_ID "coalesce((SELECT c.claim_id FROM claims c WHERE" \
	" c.id = rc.claim), rc.claim_id)"
/* ID: the claim id shown; a claim payment matched by hand shows the
 * claim it was posted to, not the 835's */
#define RS_ROW_AS(ID) \
	"SELECT rc.remit AS remit_id, " ID " AS claim_id, rc.payer_claim_id," \
	" rc.status, ck_money(rc.charge) AS charge, ck_money(rc.a_paid) AS" \
	" paid, ck_money(rc.a_patient) AS patient_resp," \
	" ck_money(rc.a_contractual) AS contractual, ck_money(rc.a_other)" \
	" AS other_adj, ck_money(rc.ins_after) AS insurance_balance," \
	" ck_money(rc.pat_after) AS patient_balance, " RS_CODES " AS codes"

int
ck_rs_rows(struct ck_store *st, int64_t remit, int64_t rc, ck_row_cb cb,
    void *arg, struct ck_err *err)
{
	char a[24], b[24];

	if (with_codes(st, err) != 0)
		return err->code;
	snprintf(a, sizeof(a), "%lld", (long long)remit);
	snprintf(b, sizeof(b), "%lld", (long long)rc);
	/* by the remittance's index: not a scan of every remittance's */
	return ck_st_walk_sql(st, rc ? RS_ROW_AS(RS_POSTED_ID) " FROM"
	    " remit_claims rc WHERE"
	    " rc.remit=CAST(?1 AS INTEGER) AND rc.id=CAST(?2 AS INTEGER)" :
	    RS_ROW " FROM remit_claims rc WHERE rc.remit=CAST(?1 AS INTEGER)"
	    " ORDER BY rc.id", cb, arg, err, rc ? 2 : 1,
	    (const char *[]){a, b});
}

struct to_post {
	char **paths;
	int64_t *ids;
	long n, cap;
	int oom;
	long *waiting;          /* files the dwell holds */
	char *until;            /* the earliest date one is taken */
};

static int
add_path(void *arg, int n, const char *const *names, const char *const *v)
{
	struct to_post *t = arg;

	(void)n;
	(void)names;
	if (v == NULL)
		return 0;
	if (v[2] != NULL) {
		if (t->waiting && (*t->waiting)++ == 0)
			snprintf(t->until, 32, "%s", v[2]);
		return 0;
	}
	if (t->n == t->cap) {
		long cap = t->cap ? 2 * t->cap : 16;
		char **p = realloc(t->paths, (size_t)cap * sizeof(*p));
		int64_t *i;

		if (p == NULL)
			return t->oom = 1;
		t->paths = p;
		if ((i = realloc(t->ids, (size_t)cap * sizeof(*i))) == NULL)
			return t->oom = 1;
		t->ids = i;
		t->cap = cap;
	}
	if ((t->paths[t->n] = strdup(v[0])) == NULL)
		return t->oom = 1;
	t->ids[t->n++] = v[1] ? strtoll(v[1], NULL, 10) : 0;
	return 0;
}

int
ck_rs_to_post(struct ck_store *st, int held, const char *dwell,
    char ***paths, int64_t **ids, long *n, long *waiting, char *until,
    struct ck_err *err)
{
	struct to_post t = {.waiting = waiting, .until = until};
	int rc;

	/* in fetch order, so the dwell's earliest end comes first */
	rc = ck_st_walk_sql(st, held ? "SELECT file, max(fetched), NULL FROM"
	    " remits WHERE status='held' GROUP BY file ORDER BY min(id)" :
	    "SELECT f.file, f.id, ck_dwell_until(f.fetched_at, ?1) FROM"
	    " fetched f WHERE f.kind='835' AND NOT EXISTS (SELECT 1 FROM"
	    " remits r WHERE r.sha256=f.sha256 AND r.status<>'undone')"
	    " ORDER BY f.id", add_path, &t, err, held ? 0 : 1,
	    (const char *[]){dwell ? dwell : "0"});
	if (t.oom && rc == 1)
		rc = ck_err_set(err, CK_FAIL, "out of memory");
	*paths = t.paths;
	*ids = t.ids;
	*n = t.n;
	return rc;
}

int
ck_rs_list(struct ck_store *st, ck_row_cb cb, void *arg, struct ck_err *err)
{
	return ck_st_walk_sql(st, "SELECT id AS remit_id, payer_id,"
	    " payer_name, trace, paid_date, method, ck_money(amount) AS amount,"
	    " claims, posted, unmatched, (SELECT ck_money(sum(amount)) FROM"
	    " remit_plb p WHERE p.remit=remits.id) AS plb, status, error, file,"
	    " at FROM remits ORDER BY id", cb, arg, err, 0, NULL);
}

int
ck_rs_show(struct ck_store *st, int64_t remit, ck_row_cb cb, void *arg,
    struct ck_err *err)
{
	char a[24];

	snprintf(a, sizeof(a), "%lld", (long long)remit);
	if (with_describe(st, err) != 0 || with_codes(st, err) != 0)
		return err->code;
	return ck_st_walk_sql(st, "SELECT level, claim_id, payer_claim_id,"
	    " status, line, procedure, service_date, charge, paid, allowed,"
	    " codes, note, CASE WHEN level<>'plb' THEN ck_describe(codes) END"
	    " AS descriptions FROM (SELECT 'claim' AS level, " RS_POSTED_ID
	    " AS claim_id,"
	    " rc.payer_claim_id, rc.status, NULL AS line, NULL AS procedure,"
	    " NULL AS service_date, ck_money(rc.charge) AS charge,"
	    " ck_money(rc.clp_paid) AS paid, NULL AS allowed, " RS_CODES
	    " AS codes, coalesce(rc.reason, nullif(trim(coalesce(rc.crossover"
	    " || '; ', '') || CASE WHEN z.transfer > 0 THEN 'patient"
	    " responsibility ' || ck_money(z.transfer) || ' to ' ||"
	    " coalesce((SELECT s.claim_id FROM claims s WHERE"
	    " s.id=rc.secondary), 'the secondary claim') WHEN z.transfer < 0"
	    " THEN 'patient responsibility ' || ck_money(-z.transfer) ||"
	    " ' given back: the secondary claim withdrawn' ELSE '' END, '; '),"
	    " '')) AS note, rc.id AS o,"
	    " 0 AS s FROM remit_claims rc LEFT JOIN remit_secondary z ON"
	    " z.remit_claim=rc.id WHERE rc.remit=?1"
	    " UNION ALL SELECT 'line', " RS_POSTED_ID ", rc.payer_claim_id,"
	    " CASE l.denied WHEN 1 THEN 'denied' ELSE '' END, l.line_no,"
	    " l.procedure || coalesce(' (was ' || l.original || ')', ''),"
	    " l.service_date, ck_money(l.charge), ck_money(l.paid),"
	    " ck_money(l.allowed), trim(coalesce((SELECT group_concat(grp ||"
	    " '-' || reason || ':' || ck_money(amount), ' ') FROM remit_adjs a"
	    " WHERE a.remit_claim=rc.id AND a.seq=l.seq), '') || ' ' ||"
	    " coalesce(l.remarks, '')), l.control, rc.id, l.seq"
	    " FROM remit_lines l JOIN remit_claims rc ON rc.id=l.remit_claim"
	    " WHERE rc.remit=?1"
	    " UNION ALL SELECT 'plb', NULL, reference, reason, NULL, NULL,"
	    " fiscal_date, NULL, ck_money(-amount), NULL, reason, provider,"
	    " 9223372036854775807, rowid FROM remit_plb WHERE remit=?1)"
	    " ORDER BY o, s",
	    cb, arg, err, 1, (const char *[]){a});
}

int
ck_rs_trace(struct ck_store *st, int64_t remit, char *trace, size_t size,
    struct ck_err *err)
{
	char a[24];
	int found;

	snprintf(a, sizeof(a), "%lld", (long long)remit);
	trace[0] = '\0';
	if (ck_st_one_text(st, "SELECT coalesce(trace, '') FROM remits"
	    " WHERE id = ?", a, trace, size, &found, err))
		return err->code;
	return found ? 0 : ck_err_set(err, CK_DATA, "no remittance %s (see "
	    "'claim-remit list')", a);
}

int
ck_rs_denials(struct ck_store *st, ck_row_cb cb, void *arg,
    struct ck_err *err)
{
	if (with_describe(st, err) != 0 || with_codes(st, err) != 0)
		return err->code;
	return ck_st_walk_sql(st, RS_ROW ", ck_describe(" RS_CODES ") AS"
	    " descriptions, r.payer_name, r.trace FROM"
	    " remit_claims rc JOIN remits r ON r.id=rc.remit JOIN claims c"
	    " ON c.id=rc.claim WHERE r.status='posted' AND rc.status IN"
	    " ('denied', 'partial') AND rc.clp_status<>'22' AND"
	    " c.status<>'replaced' AND rc.reversed_by IS NULL AND rc.id ="
	    " (SELECT max(x.id) FROM remit_claims x JOIN remits y ON"
	    " y.id=x.remit WHERE x.claim=rc.claim AND y.status='posted'"
	    " AND x.status<>'unmatched') ORDER BY rc.id", cb, arg, err, 0,
	    NULL);
}

int
ck_rs_unmatched_list(struct ck_store *st, ck_row_cb cb, void *arg,
    struct ck_err *err)
{
	return ck_st_walk_sql(st, "SELECT rc.id AS remit_claim, rc.remit AS"
	    " remit_id, r.payer_name, r.trace, rc.claim_id, rc.payer_claim_id,"
	    " rc.clp_status, ck_money(rc.charge) AS charge,"
	    " ck_money(rc.clp_paid) AS paid, rc.reason FROM remit_claims rc"
	    " JOIN remits r ON r.id=rc.remit WHERE rc.status='unmatched' AND"
	    " r.status='posted' ORDER BY rc.id", cb, arg, err, 0, NULL);
}

int
ck_rs_rule_add(struct ck_store *st, const char *payer, int64_t *id,
    struct ck_err *err)
{
	char now[32];
	int rc;

	ck_st_now(now, sizeof(now));
	if ((rc = RUN(st, "INSERT INTO remit_rules(payer, created_at, user)"
	    " VALUES(?,?,?)", err, payer, now, ck_store_user(st))) != 0)
		return rc;
	*id = sqlite3_last_insert_rowid(st->db);
	return ck_audit(st, "remit rule add", payer, NULL, "hold", err);
}

int
ck_rs_rule_rm(struct ck_store *st, int64_t id, struct ck_err *err)
{
	char a[24];
	int rc;

	snprintf(a, sizeof(a), "%lld", (long long)id);
	if ((rc = RUN(st, "DELETE FROM remit_rules WHERE id=?", err, a)) != 0)
		return rc;
	if (sqlite3_changes(st->db) == 0)
		return ck_err_set(err, CK_DATA, "no remit rule %s", a);
	return ck_audit(st, "remit rule rm", a, "hold", NULL, err);
}

int
ck_rs_rules(struct ck_store *st, ck_row_cb cb, void *arg, struct ck_err *err)
{
	return ck_st_walk_sql(st, "SELECT id AS rule_id, payer, created_at,"
	    " user FROM remit_rules ORDER BY id", cb, arg, err, 0, NULL);
}

/* --- undo --- */

struct changed {
	char names[512];
	long n;
};

static int
add_changed(void *arg, int n, const char *const *names, const char *const *v)
{
	struct changed *c = arg;
	size_t len = strlen(c->names);

	(void)n;
	(void)names;
	if (v == NULL)
		return 0;
	if (c->n++ < 8)
		snprintf(c->names + len, sizeof(c->names) - len, "%s%s",
		    len ? ", " : "", v[0]);
	return 0;
}

/* The claims a remittance posted whose last posting is not its own, or
 * whose status or balances moved since. */
#define RS_CHANGED \
	" FROM remit_claims rc JOIN claims c ON c.id=rc.claim" \
	" WHERE rc.remit=?1 AND rc.status<>'unmatched' AND rc.id=(SELECT" \
	" max(x.id) FROM remit_claims x WHERE x.claim=rc.claim AND" \
	" x.remit=?1) AND (c.status<>rc.status OR" \
	" c.insurance_balance<>rc.ins_after OR c.patient_balance<>" \
	" rc.pat_after OR EXISTS (SELECT 1 FROM remit_claims x JOIN remits" \
	" y ON y.id=x.remit WHERE x.claim=rc.claim AND x.id>rc.id AND" \
	" y.status='posted' AND x.status<>'unmatched'))"

int
ck_rs_undo_check(struct ck_store *st, int64_t remit, long *claims,
    struct ck_err *err)
{
	struct changed c = {{0}, 0};
	char a[24], status[16];
	int found, rc;

	snprintf(a, sizeof(a), "%lld", (long long)remit);
	if ((rc = ck_st_one_text(st, "SELECT status FROM remits WHERE id=?", a,
	    status, sizeof(status), &found, err)) != 0)
		return rc;
	if (!found)
		return ck_err_set(err, CK_DATA, "no remittance %s", a);
	if (strcmp(status, "posted") != 0)
		return ck_err_set(err, CK_DATA, "remittance %s is %s, not "
		    "posted: nothing to undo", a, status);
	if ((rc = ck_st_walk_sql(st, "SELECT DISTINCT rc.claim_id" RS_CHANGED,
	    add_changed, &c, err, 1, (const char *[]){a})) != 0)
		return rc;
	/* a secondary claim it made and that went on since */
	if (rc == 0)
		rc = ck_st_walk_sql(st, "SELECT s.claim_id FROM remit_claims rc"
		    " JOIN claims s ON s.id=rc.secondary WHERE rc.remit=?1 AND"
		    " NOT " RS_SEC_UNTOUCHED("s"), add_changed, &c, err, 1,
		    (const char *[]){a});
	if (rc)
		return rc;
	if (c.n)
		return ck_err_set(err, CK_DATA, "cannot undo remittance %s: "
		    "%ld of its claims changed since it was posted: %s%s", a,
		    c.n, c.names, c.n > 8 ? ", ..." : "");
	c.n = 0;
	if ((rc = ck_st_walk_sql(st, "SELECT DISTINCT claim_id FROM"
	    " remit_claims WHERE remit=? AND status<>'unmatched'", add_changed,
	    &c, err, 1, (const char *[]){a})) != 0)
		return rc;
	*claims = c.n;
	return 0;
}

static int undo_remake(struct ck_store *, int64_t, struct ck_err *);

int
ck_rs_undo(struct ck_store *st, int64_t remit, struct ck_err *err)
{
	char a[24], now[32];
	int rc;

	snprintf(a, sizeof(a), "%lld", (long long)remit);
	ck_st_now(now, sizeof(now));
	/* newest first, so each claim ends with its status before the
	 * remittance's first posting of it */
	if ((rc = RUN(st, "UPDATE claims SET"
	    " insurance_paid = insurance_paid - (SELECT sum(a_paid) FROM"
	    " remit_claims x WHERE x.claim=claims.id AND x.remit=?1 AND"
	    " x.status<>'unmatched'),"
	    " adjusted = adjusted - (SELECT sum(a_contractual + a_other) FROM"
	    " remit_claims x WHERE x.claim=claims.id AND x.remit=?1 AND"
	    " x.status<>'unmatched'),"
	    " patient_resp = patient_resp - (SELECT sum(a_patient) FROM"
	    " remit_claims x WHERE x.claim=claims.id AND x.remit=?1 AND"
	    " x.status<>'unmatched'),"
	    " (status, insurance_balance, patient_balance) = (SELECT"
	    " status_before, ins_before, pat_before FROM remit_claims x WHERE"
	    " x.claim=claims.id AND x.remit=?1 AND x.status<>'unmatched'"
	    " ORDER BY x.id LIMIT 1)"
	    " WHERE id IN (SELECT claim FROM remit_claims WHERE remit=?1 AND"
	    " status<>'unmatched')", err, a)) != 0 ||
	    (rc = RUN(st, "DELETE FROM claims WHERE id IN (SELECT secondary"
	    " FROM remit_claims WHERE remit=?1)", err, a)) != 0 ||
	    (rc = RUN(st, "UPDATE remit_claims SET secondary=NULL WHERE"
	    " remit=?1 AND secondary IS NOT NULL", err, a)) != 0 ||
	    (rc = undo_remake(st, remit, err)) != 0 ||
	    (rc = RUN(st, "UPDATE remit_claims SET reversed_by=NULL WHERE"
	    " reversed_by IN (SELECT id FROM remit_claims WHERE remit=?1)",
	    err, a)) != 0 ||
	    (rc = RUN(st, "UPDATE remits SET status='undone', undone_at=?2"
	    " WHERE id=?1", err, a, now)) != 0)
		return rc;
	return ck_audit(st, "remit undo", a, "posted", "undone", err);
}

/* --- the secondary claim --- */

static int second_make(struct ck_rs *, int64_t, int64_t *,
    struct ck_err *);
static int second_audit(struct ck_rs *, int64_t, const char *,
    struct ck_err *);

/* The secondary claims that remittance remit's reversals withdrew are
 * made again from the postings they reversed, whose patient's part the
 * undo hands on again (before their reversed_by is cleared). */
static int
second_remake(struct ck_rs *h, int64_t remit, struct ck_err *err)
{
	sqlite3_stmt *s;
	int64_t rc, made;
	int r;

	for (;;) {
		if ((s = stmt(h, RS_REMAKE, "SELECT x.id FROM remit_claims x"
		    " JOIN remit_secondary z ON z.remit_claim=x.id WHERE"
		    " z.transfer > 0 AND x.secondary IS NULL AND x.reversed_by IN"
		    " (SELECT id FROM remit_claims WHERE remit=?) LIMIT 1", err,
		    "i", remit)) == NULL)
			return err->code;
		rc = step(h, s, err, &r) ? sqlite3_column_int64(s, 0) : 0;
		sqlite3_reset(s);
		if (r != 0 || rc == 0)
			return r;
		if ((r = second_make(h, rc, &made, err)) != 0)
			return r;
		if (made == 0)
			return ck_err_set(err, CK_DATA, "cannot undo remittance "
			    "%lld: the secondary claim its reversal withdrew "
			    "cannot be made again (its id is taken)",
			    (long long)remit);
		if ((r = done(h, stmt(h, RS_REMAKE_MARK, "UPDATE remit_claims"
		    " SET secondary=? WHERE id=?", err, "ii", made, rc), err))
		    != 0 || (r = second_audit(h, rc, "remit secondary", err))
		    != 0)
			return r;
	}
}

static int
undo_remake(struct ck_store *st, int64_t remit, struct ck_err *err)
{
	struct ck_rs *h;
	int r;

	if ((r = ck_rs_open(st, &h, err)) != 0)
		return r;
	r = second_remake(h, remit, err);
	ck_rs_close(h);
	return r;
}

/* The claim payment rc says the payer crossed the claim over. */
#define RS_CROSSED \
	"(rc.crossover IS NOT NULL AND rc.clp_status IN ('19', '20'))"

/* What a column of the secondary claim takes: the primary's (c), the
 * next payer's, or what this posting says (rc, r: its remit claim and
 * remittance; ?2 the time). */
/* The id of claim c's next claim: its own, or its primary's when c was
 * made by posting (CLAIM_ID-2), with the next rank: CLAIM_ID-3, not
 * CLAIM_ID-2-3, so that the payer's CLP01 CLAIM_ID and CLP02 3 find it */
#define RS_NEXT_ID "(CASE WHEN c.rank > 1 AND substr(c.claim_id, -2) =" \
	" '-' || c.rank THEN substr(c.claim_id, 1, length(c.claim_id) - 2)" \
	" ELSE c.claim_id END || '-' || (c.rank + 1))"
#define NEXT_SUB(x) {"subscriber_" x, "CASE WHEN c.next_subscriber_last" \
	" IS NOT NULL THEN c.next_subscriber_" x " WHEN" \
	" c.next_relationship='18' THEN c.patient_" x " ELSE c.subscriber_" x \
	" END"}, {"next_subscriber_" x, "NULL"}
static const struct {
	const char *col, *expr;
} second[] = {
	{"claim_id", RS_NEXT_ID},
	/* the payer that crossed it over sent it: never batched */
	{"status", "CASE WHEN " RS_CROSSED " THEN 'forwarded' ELSE 'ready'"
	    " END"},
	{"filing", "CASE coalesce(c.next_payer_filing, c.payer_filing) WHEN"
	    " 'paper' THEN 'paper' ELSE 'electronic' END"},
	{"payer_id", "c.next_payer_id"},
	{"payer_name", "coalesce(c.next_payer_name, c.next_payer_id,"
	    " rc.crossover)"},
	{"payer_filing", "coalesce(c.next_payer_filing, c.payer_filing)"},
	{"payer_electronic_secondary", "'yes'"},
	{"payer_address1", "c.next_payer_address1"},
	{"payer_address2", "c.next_payer_address2"},
	{"payer_city", "c.next_payer_city"},
	{"payer_state", "c.next_payer_state"},
	{"payer_zip", "c.next_payer_zip"},
	{"rank", "c.rank + 1"},
	{"group_number", "c.next_group_number"},
	{"group_name", "NULL"},
	{"filing_indicator", "coalesce(c.next_filing_indicator,"
	    " c.filing_indicator)"},
	{"subscriber_id", "coalesce(c.next_subscriber_id, c.subscriber_id)"},
	/* new to this payer: not a replacement of a claim it has seen */
	{"frequency", "'1'"}, {"original_ref", "NULL"},
	{"insurance_type", "c.next_insurance_type"},
	{"next_insurance_type", "NULL"},
	{"prior_claim_ref", "nullif(rc.payer_claim_id, '')"},
	{"prior_remarks", "rc.remarks"},
	{"prior_insurance_type", "c.insurance_type"},
	/* who holds the next payer's plan: the person named for it, the
	 * patient (18), else this claim's subscriber */
	{"relationship", "coalesce(c.next_relationship, c.relationship)"},
	NEXT_SUB("last"), NEXT_SUB("first"), NEXT_SUB("middle"), NEXT_SUB("dob"),
	NEXT_SUB("sex"), NEXT_SUB("address1"), NEXT_SUB("address2"),
	NEXT_SUB("city"), NEXT_SUB("state"), NEXT_SUB("zip"),
	{"next_relationship", "NULL"},
	{"prior_relationship", "c.relationship"},
	{"prior_subscriber_last", "c.subscriber_last"},
	{"prior2_subscriber_last", "c.prior_subscriber_last"},
	{"prior_subscriber_first", "c.subscriber_first"},
	{"prior2_subscriber_first", "c.prior_subscriber_first"},
	{"prior_subscriber_middle", "c.subscriber_middle"},
	{"prior2_subscriber_middle", "c.prior_subscriber_middle"},
	{"prior2_relationship", "c.prior_relationship"},
	/* a tertiary's first payer is its secondary's prior payer */
	{"prior2_payer_id", "c.prior_payer_id"},
	{"prior2_payer_name", "c.prior_payer_name"},
	{"prior2_filing_indicator", "c.prior_filing_indicator"},
	{"prior2_group_number", "c.prior_group_number"},
	{"prior2_subscriber_id", "c.prior_subscriber_id"},
	{"prior2_paid", "c.prior_paid"},
	{"prior2_paid_date", "c.prior_paid_date"},
	{"prior2_adjustments", "c.prior_adjustments"},
	{"prior2_claim_ref", "c.prior_claim_ref"},
	{"prior2_remarks", "c.prior_remarks"},
	{"line_prior2_paid", "l.line_prior_paid"},
	{"line_prior2_paid_date", "l.line_prior_paid_date"},
	{"line_prior2_adjustments", "l.line_prior_adjustments"},
	{"line_prior2_procedure", "l.line_prior_procedure"},
	{"line_prior2_units", "l.line_prior_units"},
	{"line_prior_procedure", "replace(CASE WHEN rl.procedure LIKE 'HC:%'"
	    " THEN substr(rl.procedure, 4) ELSE rl.procedure END, ':', ' ')"},
	{"line_prior_units", "rl.units * 1000"},
	{"prior_payer_id", "c.payer_id"},
	{"prior_payer_name", "c.payer_name"},
	{"prior_filing_indicator", "c.filing_indicator"},
	{"prior_group_number", "c.group_number"},
	{"prior_subscriber_id", "c.subscriber_id"},
	{"prior_paid", "rc.clp_paid"},
	{"prior_paid_date", "coalesce(r.paid_date, substr(?2, 1, 10))"},
	{"prior_adjustments", "(SELECT group_concat(grp || '-' || reason ||"
	    " ':' || ck_money(amount), ';') FROM remit_adjs a WHERE"
	    " a.remit_claim=rc.id AND a.seq=0)"},
	{"batch_id", "NULL"}, {"st_control", "NULL"}, {"ready_at", "?2"},
	/* it owes what the patient would have: the rest of the charge is
	 * the prior payer's impact, booked until its own payer's CAS 23 */
	{"insurance_balance", "rc.a_patient"}, {"patient_balance", "0"},
	{"insurance_paid", "0"}, {"adjusted", "c.total_charge - rc.a_patient"},
	{"patient_resp", "0"},
	{"next_payer_id", "NULL"}, {"next_payer_name", "NULL"},
	{"next_payer_filing", "NULL"}, {"next_filing_indicator", "NULL"},
	{"next_group_number", "NULL"}, {"next_subscriber_id", "NULL"},
	{"next_payer_address1", "NULL"}, {"next_payer_address2", "NULL"},
	{"next_payer_city", "NULL"}, {"next_payer_state", "NULL"},
	{"next_payer_zip", "NULL"},
	{"line_prior_paid", "rl.paid"},
	{"line_prior_paid_date", "CASE WHEN rl.seq IS NOT NULL THEN"
	    " coalesce(r.paid_date, substr(?2, 1, 10)) END"},
	{"line_prior_adjustments", "(SELECT group_concat(grp || '-' ||"
	    " reason || ':' || ck_money(amount), ';') FROM remit_adjs a"
	    " WHERE a.remit_claim=rc.id AND a.seq=rl.seq)"},
	{"claim", "?3"},
};

struct cols {
	char names[8192], exprs[16384];
	size_t nl, el;
	const char *alias;
	int bad;
};

static int
add_col(void *arg, int n, const char *const *names, const char *const *v)
{
	struct cols *c = arg;
	const char *e = NULL;
	char own[128];
	int w;

	(void)n;
	(void)names;
	if (v == NULL || strcmp(v[0], "id") == 0)
		return 0;
	for (size_t i = 0; i < sizeof(second) / sizeof(second[0]); i++)
		if (strcmp(second[i].col, v[0]) == 0)
			e = second[i].expr;
	if (e == NULL) {
		snprintf(own, sizeof(own), "%s.%s", c->alias, v[0]);
		e = own;
	}
	w = snprintf(c->names + c->nl, sizeof(c->names) - c->nl, "%s%s",
	    c->nl ? ", " : "", v[0]);
	c->nl += w > 0 ? (size_t)w : 0;
	w = snprintf(c->exprs + c->el, sizeof(c->exprs) - c->el, "%s%s",
	    c->el ? ", " : "", e);
	c->el += w > 0 ? (size_t)w : 0;
	if (c->nl >= sizeof(c->names) || c->el >= sizeof(c->exprs))
		c->bad = 1;
	return 0;
}

/* The INSERT of a secondary claim (or its lines), from the columns the
 * table has now: others may add columns, which it copies. */
static int
second_sql(struct ck_rs *h, int lines, char *sql, size_t size,
    struct ck_err *err)
{
	struct cols *c = calloc(1, sizeof(*c));
	int rc, n;

	if (c == NULL)
		return ck_err_set(err, CK_FAIL, "out of memory");
	c->alias = lines ? "l" : "c";
	rc = ck_st_walk_sql(h->st, lines ? "SELECT name FROM"
	    " pragma_table_info('claim_lines')" : "SELECT name FROM"
	    " pragma_table_info('claims')", add_col, c, err, 0, NULL);
	if (rc == 0 && c->bad)
		rc = ck_err_set(err, CK_FAIL, "too many claim columns");
	n = lines ? snprintf(sql, size, "INSERT INTO claim_lines(%s) SELECT %s"
	    " FROM claim_lines l JOIN remit_claims rc ON rc.id=?1 JOIN remits r"
	    " ON r.id=rc.remit LEFT JOIN remit_lines rl ON rl.remit_claim=rc.id"
	    " AND rl.line_no=l.line_no WHERE l.claim=rc.claim", c->names,
	    c->exprs) : snprintf(sql, size, "INSERT INTO claims(%s) SELECT %s"
	    " FROM remit_claims rc JOIN remits r ON r.id=rc.remit JOIN claims c"
	    " ON c.id=rc.claim WHERE rc.id=?1 AND (c.next_payer_id IS NOT NULL"
	    " OR " RS_CROSSED ") AND c.rank < 3 AND NOT EXISTS (SELECT 1 FROM claims x WHERE"
	    " x.claim_id = " RS_NEXT_ID ")", c->names,
	    c->exprs);
	free(c);
	if (rc == 0 && (n < 0 || (size_t)n >= size))
		rc = ck_err_set(err, CK_FAIL, "too many claim columns");
	return rc;
}

static int second_audit(struct ck_rs *, int64_t, const char *,
    struct ck_err *);

/* Makes remit claim rc's secondary claim and its lines: *made its row,
 * 0 when none was made. */
static int
second_make(struct ck_rs *h, int64_t rc, int64_t *made, struct ck_err *err)
{
	char *sql = NULL, now[32];
	sqlite3_stmt *s;
	int r;

	*made = 0;
	ck_st_now(now, sizeof(now));
	for (int lines = 0; lines < 2; lines++) {
		int k = lines ? RS_SECOND_LINES : RS_SECOND;

		if (h->s[k] == NULL) {
			if (sql == NULL && (sql = malloc(32768)) == NULL)
				return ck_err_set(err, CK_FAIL, "out of memory");
			if ((r = second_sql(h, lines, sql, 32768, err)) != 0) {
				free(sql);
				return r;
			}
		}
		s = stmt(h, k, sql ? sql : "", err, "is", rc, now);
		if (s != NULL && lines)
			sqlite3_bind_int64(s, 3, *made);
		if ((r = done(h, s, err)) != 0) {
			free(sql);
			return r;
		}
		if (!lines && sqlite3_changes(h->st->db) == 0)
			break;
		if (!lines)
			*made = sqlite3_last_insert_rowid(h->st->db);
	}
	free(sql);
	return 0;
}

int
ck_rs_secondary(struct ck_rs *h, int64_t rc, int64_t *made,
    struct ck_err *err)
{
	int r;

	if ((r = second_make(h, rc, made, err)) != 0 || *made == 0)
		return r;
	/* the patient's part is the secondary's now */
	if ((r = done(h, stmt(h, RS_SECOND_MARK, "UPDATE remit_claims SET"
	    " secondary=?1, pat_after=pat_after-a_patient WHERE id=?2", err,
	    "ii", *made, rc), err)) != 0 ||
	    (r = done(h, stmt(h, RS_HANDOVER_SET, "INSERT INTO"
	    " remit_secondary(remit_claim, transfer) SELECT id, a_patient FROM"
	    " remit_claims WHERE id=?1 ON CONFLICT(remit_claim) DO UPDATE SET"
	    " transfer=excluded.transfer", err, "i", rc), err)) != 0)
		return r;
	return second_audit(h, rc, "remit secondary", err);
}

/* Audits what remit claim rc did with its secondary claim: made it,
 * taking over the patient's part, or withdrew it, giving it back. */
static int
second_audit(struct ck_rs *h, int64_t rc, const char *action,
    struct ck_err *err)
{
	char subject[64] = "", after[160] = "";
	sqlite3_stmt *s = stmt(h, RS_SECOND_AUDIT, "SELECT coalesce(s.claim_id,"
	    " " RS_NEXT_ID "), coalesce(s.status,"
	    " 'withdrawn'), c.claim_id, ck_money(abs(z.transfer)) FROM"
	    " remit_claims rc JOIN claims c ON c.id=rc.claim JOIN"
	    " remit_secondary z ON z.remit_claim=rc.id LEFT JOIN claims s ON"
	    " s.id=rc.secondary WHERE rc.id=?", err, "i", rc);
	int r;

	if (s == NULL)
		return err->code;
	if (step(h, s, err, &r)) {
		col_text(s, 0, subject, sizeof(subject));
		snprintf(after, sizeof(after), "%s: %s patient responsibility "
		    "%s %s", sqlite3_column_text(s, 1), sqlite3_column_text(s,
		    3), strcmp(action, "remit secondary") == 0 ? "taken over "
		    "from" : "given back to", sqlite3_column_text(s, 2));
	}
	sqlite3_reset(s);
	return r ? r : ck_audit(h->st, action, subject, NULL, after, err);
}

int
ck_rs_withdraw(struct ck_rs *h, int64_t rc, int64_t id, struct ck_err *err)
{
	int r;

	/* its lines, then it; the postings that made it no longer name it
	 * (an id SQLite may give again) */
	if ((r = done(h, stmt(h, RS_WITHDRAW_LINES, "DELETE FROM claim_lines"
	    " WHERE claim=?", err, "i", id), err)) != 0 ||
	    (r = done(h, stmt(h, RS_WITHDRAW, "DELETE FROM claims WHERE id=?",
	    err, "i", id), err)) != 0 ||
	    (r = done(h, stmt(h, RS_WITHDRAW_MARK, "UPDATE remit_claims SET"
	    " secondary=NULL WHERE secondary=?", err, "i", id), err)) != 0)
		return r;
	return second_audit(h, rc, "remit withdraw", err);
}
