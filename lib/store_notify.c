/* Balance notifications: the SQL of notify.h and notify_int.h. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "claimkit/money.h"
#include "notify_int.h"
#include "store_int.h"

#define TXT(s, i, v) sqlite3_bind_text(s, i, v, -1, SQLITE_TRANSIENT)

static const char *
col(sqlite3_stmt *s, int i)
{
	const char *v = (const char *)sqlite3_column_text(s, i);
	return v ? v : "";
}

/* Prepares sql; NULL with err set. */
static sqlite3_stmt *
prep(struct ck_store *st, const char *sql, struct ck_err *err)
{
	sqlite3_stmt *s;

	if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK) {
		ck_st_fail(st, err, "cannot prepare statement");
		return NULL;
	}
	return s;
}

/* Prepares sql into *slot once, and resets it for each later use. */
static sqlite3_stmt *
cached(struct ck_store *st, sqlite3_stmt **slot, const char *sql,
    struct ck_err *err)
{
	if (slot == NULL)
		return prep(st, sql, err);
	if (*slot == NULL)
		return *slot = prep(st, sql, err);
	sqlite3_reset(*slot);
	sqlite3_clear_bindings(*slot);
	return *slot;
}

/* Steps a cached statement once and resets it. */
static int
step1(struct ck_store *st, sqlite3_stmt *s, int keep, const char *what,
    struct ck_err *err)
{
	int rc = sqlite3_step(s);

	if (!keep)
		sqlite3_finalize(s);
	else
		sqlite3_reset(s);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 :
	    ck_st_fail(st, err, what);
}

/*
 * The statements a send runs for each notification, prepared once per
 * send (nq_cache_end finalizes them): parsing them again for each
 * message cost more than the rest of the database work.
 */
static struct {
	sqlite3 *db;
	sqlite3_stmt *s[10];
} sc;

void
nq_cache_end(void)
{
	for (int i = 0; i < 10; i++)
		sqlite3_finalize(sc.s[i]);
	memset(&sc, 0, sizeof(sc));
}

static sqlite3_stmt **
sslot(struct ck_store *st, int k)
{
	if (sc.db != st->db) {
		nq_cache_end();
		sc.db = st->db;
	}
	return &sc.s[k];
}

/* Walks sql (binds: text, NULL for NULL) and finalizes. */
static int
walk(struct ck_store *st, const char *sql, ck_row_cb cb, void *arg,
    struct ck_err *err, int n, const char *const *vals)
{
	return ck_st_walk_sql(st, sql, cb, arg, err, n, vals);
}

/* Ends a write transaction: committed when rc is 0, else rolled back.
 * Returns rc, or the commit's code. */
static int
end_tx(struct ck_store *st, int rc, struct ck_err *err)
{
	if (rc == 0)
		return ck_store_commit(st, err);
	ck_store_rollback(st);
	return rc;
}

/* --- profiles, levels, templates --- */

int
nq_profile_add(struct ck_store *st, const char *name, const char *send_at,
    struct ck_err *err)
{
	char now[32];
	int rc;

	ck_st_now(now, sizeof(now));
	if ((rc = ck_store_begin(st, err)))
		return rc;
	rc = RUN(st, "INSERT INTO notify_profiles(name,send_at,created_at)"
	    " VALUES(?1,?2,?3) ON CONFLICT(name) DO UPDATE SET send_at=?2",
	    err, name, send_at, now);
	if (rc == 0)
		rc = ck_audit(st, "notify-profile", name, NULL, send_at, err);
	return end_tx(st, rc, err);
}

int
ck_notify_profile_rm(struct ck_store *st, const char *name,
    struct ck_err *err)
{
	char v[16], n[24];
	int found, rc;

	if ((rc = ck_store_begin(st, err)))
		return rc;
	if ((rc = ck_st_one_text(st, "SELECT send_at FROM notify_profiles"
	    " WHERE name=?", name, v, sizeof(v), &found, err)))
		goto out;
	if (!found) {
		rc = ck_err_set(err, CK_FAIL, "no profile '%s'", name);
		goto out;
	}
	/* its queued notifications would still go out with its texts */
	if ((rc = ck_st_one_text(st, "SELECT count(*) FROM notifications"
	    " WHERE profile=? AND status IN ('queued','retry','sending')",
	    name, n, sizeof(n), &found, err)))
		goto out;
	if (strcmp(n, "0") != 0) {
		rc = ck_err_set(err, CK_FAIL, "profile '%s' has %s "
		    "notification%s waiting to go out: cancel them first "
		    "('notify-queue cancel'), or let them go", name, n,
		    strcmp(n, "1") == 0 ? "" : "s");
		goto out;
	}
	if ((rc = RUN(st, "DELETE FROM notify_levels WHERE profile=?", err,
	    name)) || (rc = RUN(st, "DELETE FROM notify_profiles WHERE name=?",
	    err, name)) || (rc = ck_audit(st, "notify-profile-rm", name, v,
	    NULL, err)))
		goto out;
out:
	return end_tx(st, rc, err);
}

int
ck_notify_profiles(struct ck_store *st, ck_row_cb cb, void *arg,
    struct ck_err *err)
{
	return walk(st, "SELECT name AS profile, send_at, (SELECT count(*)"
	    " FROM notify_levels l WHERE l.profile=p.name) AS levels,"
	    " created_at FROM notify_profiles p ORDER BY name", cb, arg, err,
	    0, NULL);
}

int
nq_level_add(struct ck_store *st, const struct ck_notify_level *l,
    int *version, struct ck_err *err)
{
	char now[32], lv[8], after[16], ver[16], found_v[16];
	int found, rc;
	sqlite3_stmt *s;

	snprintf(lv, sizeof(lv), "%d", l->level);
	snprintf(after, sizeof(after), "%d", l->after_days);
	ck_st_now(now, sizeof(now));
	if ((rc = ck_store_begin(st, err)))
		return rc;
	if ((rc = ck_st_one_text(st, "SELECT name FROM notify_profiles"
	    " WHERE name=?", l->profile, found_v, sizeof(found_v), &found,
	    err)))
		goto out;
	if (!found) {
		rc = ck_err_set(err, CK_USAGE, "no profile '%s': add it first "
		    "with 'notify-queue profile add'", l->profile);
		goto out;
	}
	if ((s = prep(st, "SELECT coalesce(max(version),0)+1 FROM"
	    " notify_templates WHERE profile=? AND level=?", err)) == NULL) {
		rc = err->code;
		goto out;
	}
	TXT(s, 1, l->profile);
	sqlite3_bind_int(s, 2, l->level);
	*version = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int(s, 0) : 1;
	sqlite3_finalize(s);
	snprintf(ver, sizeof(ver), "%d", *version);
	if ((rc = RUN(st, "INSERT INTO notify_templates(profile,level,version,"
	    "subject,email,sms,created_at,user) VALUES(?,?,?,?,?,?,?,?)", err,
	    l->profile, lv, ver, l->subject, l->email, l->sms, now,
	    ck_store_user(st))) ||
	    (rc = RUN(st, "INSERT INTO notify_levels(profile,level,after_days,"
	    "channel,template) VALUES(?1,?2,?3,?4,last_insert_rowid())"
	    " ON CONFLICT(profile,level) DO UPDATE SET after_days=?3,"
	    " channel=?4, template=excluded.template", err, l->profile, lv,
	    after, l->channel)) ||
	    (rc = ck_audit(st, "notify-level", l->profile, NULL, lv, err)))
		goto out;
out:
	return end_tx(st, rc, err);
}

int
ck_notify_levels(struct ck_store *st, ck_row_cb cb, void *arg,
    struct ck_err *err)
{
	return walk(st, "SELECT l.profile, l.level, l.after_days, l.channel,"
	    " t.version AS template_version, t.id AS template_id, t.subject"
	    " FROM notify_levels l JOIN notify_templates t ON t.id=l.template"
	    " ORDER BY l.profile, l.level", cb, arg, err, 0, NULL);
}

int
nq_levels_get(struct ck_store *st, const char *profile, struct nq_levels *l,
    struct ck_err *err)
{
	sqlite3_stmt *s;
	int rc;

	memset(l, 0, sizeof(*l));
	if ((s = prep(st, "SELECT send_at FROM notify_profiles WHERE name=?",
	    err)) == NULL)
		return err->code;
	TXT(s, 1, profile);
	if (sqlite3_step(s) == SQLITE_ROW) {
		l->found = 1;
		snprintf(l->send_at, sizeof(l->send_at), "%s", col(s, 0));
	}
	sqlite3_finalize(s);
	if ((s = prep(st, "SELECT level, after_days, template, channel FROM"
	    " notify_levels WHERE profile=? ORDER BY level", err)) == NULL)
		return err->code;
	TXT(s, 1, profile);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW && l->n < NOTIFY_MAX_LEVELS) {
		l->level[l->n] = sqlite3_column_int(s, 0);
		l->after[l->n] = sqlite3_column_int(s, 1);
		l->template[l->n] = sqlite3_column_int64(s, 2);
		snprintf(l->channel[l->n++], sizeof(l->channel[0]), "%s",
		    col(s, 3));
	}
	sqlite3_finalize(s);
	return 0;
}

/* --- loading --- */

/* The channel of a level's notification: the row's preferred one, or
 * email when it has an address, for a level sent as preferred. */
#define CHANNEL(level, row, email) " CASE " level " WHEN 'preferred' THEN" \
	" coalesce(" row ", CASE WHEN " email " IS NULL THEN 'sms' ELSE" \
	" 'email' END) ELSE " level " END"
/* A notification's columns taken from its top row (?1) and its level. */
#define TOP_COLS "statement_id,profile,level,channel,guarantor_name,email," \
	"mobile,time_zone,template"
#define TOP_VALS " r.statement_id, r.profile, r.level," \
	CHANNEL("l.channel", "r.channel", "r.email") ", r.guarantor_name," \
	" r.email, r.mobile, r.time_zone, l.template"
#define TOP_FROM " FROM notify_statements r JOIN notify_levels l ON" \
	" l.profile=r.profile AND l.level=r.level WHERE r.id=?1"
/*
 * The statement rows of guarantor g's cycle c (SQL values): those that
 * name no notification by the guarantor index, those that name the
 * cycle's by the notification index (the two partial indexes of
 * migration 21).  Both ask for g and c, so a row is never another
 * guarantor's whatever it names.
 */
#define CYCLE_ROWS(g, c) "SELECT * FROM notify_statements WHERE" \
	" notification IS NULL AND guarantor_id=" g " AND statement_date=" c \
	" UNION ALL SELECT * FROM notify_statements WHERE notification=" \
	"(SELECT id FROM notifications WHERE guarantor_id=" g " AND cycle=" c \
	" AND on_demand=0) AND guarantor_id=" g " AND statement_date=" c
/* All of guarantor g's statement rows, the same way. */
#define GUARANTOR_ROWS(g) "SELECT * FROM notify_statements WHERE" \
	" notification IS NULL AND guarantor_id=" g " UNION ALL SELECT * FROM" \
	" notify_statements WHERE notification IN (SELECT id FROM" \
	" notifications WHERE guarantor_id=" g " AND on_demand=0) AND" \
	" guarantor_id=" g

/*
 * The statements of a load, prepared once for it: each runs once per
 * row or per guarantor, and parsing them each time cost more than
 * their work.  Those run for each row or guarantor write one row from
 * values (not INSERT ... SELECT, not UPDATE): a statement that may
 * write many rows keeps a journal of its own, which cost more again.
 */
enum {
	L_NEW, L_UNLINK, L_DROP, L_UNADD, L_TOP, L_FIND, L_REDO, L_LINK_ALL,
	L_BALANCE, L_N
};

/*
 * The two statements that write a row for each statement row and each
 * guarantor, as INSERTs of up to NQ_BATCH rows at once (a row's tuple
 * repeated, its parameters numbered on): the fixed cost of running a
 * statement, paid once per row, was a third of the load.
 */
enum { M_ADD, M_FRESH, M_N };
#define NQ_DATES 16
static const struct {
	const char *head, *tuple, *tail;
	int nparam;
} many_sql[M_N] = {
	[M_ADD] = {"INSERT OR IGNORE INTO notify_statements(load,statement_id,"
	    "statement_date,guarantor_id,guarantor_name,email,mobile,channel,"
	    "patient_id,patient_name,balance,oldest_service,profile,level,"
	    "time_zone,notification) VALUES", "(?1,?2,?3,?4,?5,?6,?7,?8,?9,"
	    "?10,?11,?12,?13,?14,?15,?16)", "", 16},
	/* L_NEW's notification from the top row's values and its level's
	 * (?16 its channel), all bound; nothing when the cycle has one (the
	 * unique index looks, as it must anyway) */
	[M_FRESH] = {"INSERT INTO notifications(id,guarantor_id,cycle,"
	    "statement_id,profile,level,channel,guarantor_name,email,mobile,"
	    "time_zone,template,balance,due_date,status,send_after,created_at)"
	    " VALUES", "(?1,?2,?3,?4,?5,?6," CHANNEL("?16", "?7", "?9") ",?8,"
	    "?9,?10,?11,?12,?13,?14,'queued',?15,?17)",
	    " ON CONFLICT(guarantor_id,cycle) WHERE on_demand=0 DO NOTHING",
	    17},
};

static const char *const load_sql[L_N] = {
	[L_NEW] = "INSERT INTO notifications(" TOP_COLS ",guarantor_id,cycle,"
	    "balance,due_date,status,send_after,created_at,id) SELECT" TOP_VALS
	    ", r.guarantor_id, r.statement_date, 0, ?3, 'queued', ?4, ?5, ?6"
	    TOP_FROM,
	[L_UNLINK] = "UPDATE notify_statements SET notification=NULL WHERE"
	    " id BETWEEN ?1 AND ?2",
	[L_DROP] = "DELETE FROM notifications WHERE id BETWEEN ?1 AND ?2",
	[L_UNADD] = "DELETE FROM notify_statements WHERE id BETWEEN ?1 AND ?2",
	[L_TOP] = "SELECT id, profile, level FROM (" CYCLE_ROWS("?2", "?3")
	    ") WHERE load=?1 ORDER BY level DESC, id LIMIT 1",
	[L_FIND] = "SELECT id FROM notifications WHERE guarantor_id=? AND"
	    " cycle=? AND on_demand=0",
	[L_REDO] = "UPDATE notifications SET (" TOP_COLS ",send_after) ="
	    " (SELECT" TOP_VALS ", ?2" TOP_FROM ") WHERE id=?3",
	/* every row of the cycle naming none, this load's and those loaded
	 * before it was due: what the message lists is what it counts */
	[L_LINK_ALL] = "UPDATE notify_statements SET notification=?1 WHERE"
	    " guarantor_id=?2 AND statement_date=?3 AND notification IS NULL",
	/* accounts added to a cycle still waiting count in its balance */
	[L_BALANCE] = "UPDATE notifications SET balance=(SELECT sum(balance)"
	    " FROM notify_statements WHERE guarantor_id=?2 AND"
	    " statement_date=?3 AND notification=?1) WHERE id=?1 AND"
	    " status='queued'",
};

struct nq_load {
	struct ck_store *st;
	int64_t id;
	int64_t before;             /* the last notification before it */
	int64_t next;               /* the id of the next one it queues */
	char now[32];
	sqlite3_stmt *s[L_N];
	sqlite3_stmt *many[M_N][NQ_BATCH + 1];  /* by rows, prepared as met */
	size_t cap[M_N];            /* rows a statement takes at most */
	/* the statement dates of the notifications queued at once (up to
	 * NQ_DATES; ndates beyond it: more) */
	char dates[NQ_DATES][16];
	size_t ndates;
};

int
nq_load_start(struct ck_store *st, const char *file, struct nq_load **l,
    struct ck_err *err)
{
	struct nq_load *ld;
	sqlite3_stmt *s;
	int rc;

	if ((ld = *l = calloc(1, sizeof(**l))) == NULL)
		return ck_err_set(err, CK_FAIL, "out of memory");
	ld->st = st;
	ck_st_now(ld->now, sizeof(ld->now));
	/* SQLite before 3.32 takes 999 parameters a statement, later ones
	 * 32766; a build may set its own */
	for (int k = 0; k < M_N; k++) {
		int most = sqlite3_limit(st->db, SQLITE_LIMIT_VARIABLE_NUMBER,
		    -1) / many_sql[k].nparam;
		ld->cap[k] = most < 1 ? 1 : most < NQ_BATCH ? (size_t)most :
		    NQ_BATCH;
	}
	for (int i = 0; i < L_N; i++)
		if (sqlite3_prepare_v3(st->db, load_sql[i], -1,
		    SQLITE_PREPARE_PERSISTENT, &ld->s[i], NULL) != SQLITE_OK) {
			rc = ck_st_fail(st, err, "cannot prepare statement");
			goto fail;
		}
	if ((s = prep(st, "SELECT coalesce(max(id),0) FROM notifications",
	    err)) == NULL) {
		rc = err->code;
		goto fail;
	}
	if (sqlite3_step(s) == SQLITE_ROW)
		ld->before = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	ld->next = ld->before + 1;
	if ((rc = RUN(st, "INSERT INTO notify_loads(at,user,file) VALUES(?,?,?)",
	    err, ld->now, ck_store_user(st), file)))
		goto fail;
	ld->id = sqlite3_last_insert_rowid(st->db);
	return 0;
fail:
	nq_load_end(ld);
	*l = NULL;
	return rc;
}

/*
 * The notifications queued at once (nq_queue_tops) take the rows of
 * their cycles that earlier loads stored while they were not due (they
 * name none), and count them.  Read from those rows, of this load's
 * dates only, not from every notification queued: there are seldom
 * any, and the load pays for none.
 */
static const char adopt_sql[] = "UPDATE notify_statements SET"
    " notification=(SELECT n.id FROM notifications n WHERE"
    " n.guarantor_id=notify_statements.guarantor_id AND"
    " n.cycle=notify_statements.statement_date AND n.on_demand=0 AND"
    " n.id BETWEEN ?1 AND ?2) WHERE notification IS NULL AND"
    " (?3 IS NULL OR statement_date IN (?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,"
    "?13,?14,?15,?16,?17,?18)) AND EXISTS(SELECT 1 FROM notifications n"
    " WHERE n.guarantor_id=notify_statements.guarantor_id AND"
    " n.cycle=notify_statements.statement_date AND n.on_demand=0 AND"
    " n.id BETWEEN ?1 AND ?2)";

static int
adopt(struct nq_load *l, const char *first, const char *last,
    struct ck_err *err)
{
	sqlite3_stmt *s;
	int rc, changed;

	if (l->ndates == 0)
		return 0;
	if ((s = prep(l->st, adopt_sql, err)) == NULL)
		return err->code;
	sqlite3_bind_int64(s, 1, l->before + 1);
	sqlite3_bind_int64(s, 2, l->next - 1);
	/* all dates (?3 NULL) when there were more than it keeps */
	for (size_t i = 0; i < l->ndates && l->ndates <= NQ_DATES; i++)
		sqlite3_bind_text(s, (int)i + 3, l->dates[i], -1,
		    SQLITE_STATIC);
	rc = sqlite3_step(s) == SQLITE_DONE ? 0 : ck_st_fail(l->st, err,
	    "cannot queue");
	changed = sqlite3_changes(l->st->db);
	sqlite3_finalize(s);
	if (rc || changed == 0)
		return rc;
	return RUN(l->st, "UPDATE notifications SET balance=(SELECT"
	    " sum(balance) FROM notify_statements WHERE notification="
	    "notifications.id) WHERE id BETWEEN ?1 AND ?2", err, first, last);
}

int
nq_load_done(struct nq_load *l, struct ck_err *err)
{
	char id[24], first[24], last[24];
	int rc;

	if (l->next == l->before + 1)
		return 0;
	snprintf(id, sizeof(id), "%lld", (long long)l->id);
	snprintf(first, sizeof(first), "%lld", (long long)l->before + 1);
	snprintf(last, sizeof(last), "%lld", (long long)l->next - 1);
	if ((rc = adopt(l, first, last, err)))
		return rc;
	return RUN(l->st, "INSERT INTO notify_queued(load,first,last)"
	    " VALUES(?,?,?)", err, id, first, last);
}

void
nq_load_end(struct nq_load *l)
{
	if (l == NULL)
		return;
	for (int i = 0; i < L_N; i++)
		sqlite3_finalize(l->s[i]);
	for (int k = 0; k < M_N; k++)
		for (int n = 0; n <= NQ_BATCH; n++)
			sqlite3_finalize(l->many[k][n]);
	free(l);
}

/* Binds v, NULL when empty.  Its length given: SQLite's own count goes
 * a byte at a time, and a load binds a million values. */
static void
opt(sqlite3_stmt *s, int i, const char *v)
{
	if (v && *v)
		sqlite3_bind_text(s, i, v, (int)strlen(v), SQLITE_STATIC);
	else
		sqlite3_bind_null(s, i);
}

/* Steps load statement k (bound) once and resets it. */
static int
lstep(struct nq_load *l, int k, const char *what, struct ck_err *err)
{
	int rc = sqlite3_step(l->s[k]);

	sqlite3_reset(l->s[k]);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 :
	    ck_st_fail(l->st, err, what);
}

/* many_sql[k] for n rows: its tuple n times, the parameters of the i-th
 * numbered on by i * nparam.  The caller frees it. */
static char *
many_text(int k, size_t n)
{
	const char *t = many_sql[k].tuple;
	size_t cap = strlen(many_sql[k].head) + strlen(many_sql[k].tail) +
	    n * (3 * strlen(t) + 1) + 1, o;
	char *q = malloc(cap), *end;

	if (q == NULL)
		return NULL;
	o = (size_t)snprintf(q, cap, "%s", many_sql[k].head);
	/* each "?N" grows by three characters at most (N < 100000) */
	for (size_t i = 0; i < n; i++) {
		if (i)
			q[o++] = ',';
		for (const char *p = t; *p; p++) {
			if (*p != '?') {
				q[o++] = *p;
				continue;
			}
			o += (size_t)snprintf(q + o, cap - o, "?%ld",
			    strtol(p + 1, &end, 10) + (long)(i *
			    (size_t)many_sql[k].nparam));
			p = end - 1;
		}
	}
	snprintf(q + o, cap - o, "%s", many_sql[k].tail);
	return q;
}

/* Statement k of n rows (1..NQ_BATCH), prepared when first asked. */
static sqlite3_stmt *
many(struct nq_load *l, int k, size_t n, struct ck_err *err)
{
	char *sql;
	int rc;

	if (l->many[k][n])
		return l->many[k][n];
	if ((sql = many_text(k, n)) == NULL) {
		ck_err_set(err, CK_FAIL, "out of memory");
		return NULL;
	}
	rc = sqlite3_prepare_v3(l->st->db, sql, -1, SQLITE_PREPARE_PERSISTENT,
	    &l->many[k][n], NULL);
	free(sql);
	if (rc != SQLITE_OK) {
		ck_st_fail(l->st, err, "cannot prepare statement");
		return NULL;
	}
	/* what is the same in every row of the load, bound once */
	for (size_t i = 0; i < n; i++) {
		int b = (int)i * many_sql[k].nparam;
		if (k == M_ADD)
			sqlite3_bind_int64(l->many[k][n], b + 1, l->id);
		else
			sqlite3_bind_text(l->many[k][n], b + 17, l->now, -1,
			    SQLITE_STATIC);
	}
	return l->many[k][n];
}

/* Steps s once and resets it: *changed, the rows it wrote. */
static int
mstep(struct nq_load *l, sqlite3_stmt *s, int *changed, const char *what,
    struct ck_err *err)
{
	int rc = sqlite3_step(s);

	*changed = sqlite3_changes(l->st->db);
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? 0 : ck_st_fail(l->st, err, what);
}

/* Binds statement row r from parameter b + 2 on (b + 1, the load, is
 * bound once). */
static void
bind_row(sqlite3_stmt *s, int b, const struct nq_row *r, int64_t notification)
{
	opt(s, b + 2, r->statement_id);
	opt(s, b + 3, r->statement_date);
	opt(s, b + 4, r->guarantor_id);
	opt(s, b + 5, r->guarantor_name);
	opt(s, b + 6, r->email);
	opt(s, b + 7, r->mobile);
	opt(s, b + 8, r->channel);
	opt(s, b + 9, r->patient_id);
	opt(s, b + 10, r->patient_name);
	sqlite3_bind_int64(s, b + 11, r->balance);
	opt(s, b + 12, r->oldest_service);
	opt(s, b + 13, r->profile);
	sqlite3_bind_int(s, b + 14, r->level);
	opt(s, b + 15, r->time_zone);
	if (notification)
		sqlite3_bind_int64(s, b + 16, notification);
	else
		sqlite3_bind_null(s, b + 16);
}

int
nq_statements_add(struct nq_load *l, const struct nq_row *r,
    const int64_t *notification, size_t n, size_t *added, int64_t *last,
    struct ck_err *err)
{
	sqlite3_stmt *s;
	size_t c;
	int changed;

	*added = 0;
	*last = 0;
	for (size_t o = 0; o < n; o += c) {
		c = n - o < l->cap[M_ADD] ? n - o : l->cap[M_ADD];
		if ((s = many(l, M_ADD, c, err)) == NULL)
			return err->code;
		for (size_t i = 0; i < c; i++)
			bind_row(s, (int)i * many_sql[M_ADD].nparam, &r[o + i],
			    notification[o + i]);
		if (mstep(l, s, &changed, "cannot store statement", err))
			return err->code;
		*added += (size_t)changed;
		if (changed)
			*last = sqlite3_last_insert_rowid(l->st->db);
	}
	return 0;
}

int
nq_statements_drop(struct nq_load *l, int64_t first, int64_t last,
    struct ck_err *err)
{
	sqlite3_bind_int64(l->s[L_UNADD], 1, first);
	sqlite3_bind_int64(l->s[L_UNADD], 2, last);
	return lstep(l, L_UNADD, "cannot store statement", err);
}

int
nq_statement_add(struct nq_load *l, const struct nq_row *r,
    int64_t notification, int64_t *id, struct ck_err *err)
{
	size_t added;

	if (nq_statements_add(l, r, &notification, 1, &added, id, err))
		return err->code;
	*id = added ? *id : 0;
	return 0;
}

int
nq_find(struct nq_load *l, const char *guarantor, const char *cycle,
    int64_t *id, struct ck_err *err)
{
	sqlite3_stmt *s = l->s[L_FIND];
	int rc;

	*id = 0;
	sqlite3_bind_text(s, 1, guarantor, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, cycle, -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(s)) == SQLITE_ROW)
		*id = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 :
	    ck_st_fail(l->st, err, "cannot queue");
}

/* Binds notification t, to be id, from parameter b + 1 on (b + 17, the
 * time, is bound once). */
static int
bind_top(sqlite3_stmt *s, int b, const struct nq_top *t, int64_t id,
    struct ck_err *err)
{
	const struct nq_levels *lv = t->lv;
	const struct nq_row *top = &t->row;
	int i = 0;

	while (i < lv->n && lv->level[i] != top->level)
		i++;
	if (i == lv->n)
		return ck_err_set(err, CK_FAIL, "cannot queue: no level %d of "
		    "its profile", top->level);
	sqlite3_bind_int64(s, b + 1, id);
	opt(s, b + 2, top->guarantor_id);
	opt(s, b + 3, top->statement_date);
	opt(s, b + 4, top->statement_id);
	opt(s, b + 5, top->profile);
	sqlite3_bind_int(s, b + 6, top->level);
	opt(s, b + 7, top->channel);
	opt(s, b + 8, top->guarantor_name);
	opt(s, b + 9, top->email);
	opt(s, b + 10, top->mobile);
	opt(s, b + 11, top->time_zone);
	sqlite3_bind_int64(s, b + 12, lv->template[i]);
	sqlite3_bind_int64(s, b + 13, t->balance);
	sqlite3_bind_text(s, b + 14, t->due_date, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, b + 15, t->send_after, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, b + 16, lv->channel[i], -1, SQLITE_STATIC);
	return 0;
}

/* Takes back the notifications this load queued from id on. */
static int
unqueue(struct nq_load *l, int64_t id, struct ck_err *err)
{
	sqlite3_bind_int64(l->s[L_DROP], 1, id);
	sqlite3_bind_int64(l->s[L_DROP], 2, l->next - 1);
	if (lstep(l, L_DROP, "cannot queue", err))
		return err->code;
	l->next = id;
	return 0;
}

/* Keeps date among those of the notifications queued at once. */
static void
note_date(struct nq_load *l, const char *date)
{
	for (size_t i = 0; i < l->ndates && i < NQ_DATES; i++)
		if (strcmp(l->dates[i], date) == 0)
			return;
	if (l->ndates < NQ_DATES)
		snprintf(l->dates[l->ndates], sizeof(l->dates[0]), "%s", date);
	l->ndates++;
}

int
nq_queue_tops(struct nq_load *l, const struct nq_top *t, size_t m,
    int64_t *first, struct ck_err *err)
{
	int64_t from = l->next;
	sqlite3_stmt *s;
	size_t c;
	int changed;

	*first = 0;
	for (size_t o = 0; o < m; o += c) {
		c = m - o < l->cap[M_FRESH] ? m - o : l->cap[M_FRESH];
		if ((s = many(l, M_FRESH, c, err)) == NULL)
			return err->code;
		for (size_t i = 0; i < c; i++)
			if (bind_top(s, (int)i * many_sql[M_FRESH].nparam,
			    &t[o + i], l->next + (int64_t)i, err))
				return err->code;   /* the load fails */
		if (mstep(l, s, &changed, "cannot queue", err))
			return err->code;
		l->next += (int64_t)c;
		if ((size_t)changed == c) {
			for (size_t i = 0; i < c; i++)
				note_date(l, t[o + i].row.statement_date);
			continue;
		}
		/* some cycles had one: those queued are taken back */
		if (changed == 0 && o == 0) {
			l->next = from;
			return 0;
		}
		return unqueue(l, from, err);
	}
	*first = from;
	return 0;
}

/* Rows first..last name no notification after all. */
static int
unlink_rows(struct nq_load *l, int64_t first, int64_t last,
    struct ck_err *err)
{
	sqlite3_bind_int64(l->s[L_UNLINK], 1, first);
	sqlite3_bind_int64(l->s[L_UNLINK], 2, last);
	return lstep(l, L_UNLINK, "cannot queue", err);
}

int
nq_withdraw(struct nq_load *l, int64_t id, int64_t first, int64_t last,
    struct ck_err *err)
{
	if (first && unlink_rows(l, first, last, err))
		return err->code;
	return unqueue(l, id, err);
}

int
nq_top(struct nq_load *l, struct nq_group *g, char *profile, size_t size,
    struct ck_err *err)
{
	sqlite3_stmt *s = l->s[L_TOP];
	int rc;

	sqlite3_bind_int64(s, 1, l->id);
	sqlite3_bind_text(s, 2, g->guarantor_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, g->cycle, -1, SQLITE_STATIC);
	g->level = 0;
	if ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		g->top = sqlite3_column_int64(s, 0);
		snprintf(profile, size, "%s", col(s, 1));
		g->level = sqlite3_column_int(s, 2);
	}
	sqlite3_reset(s);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 :
	    ck_st_fail(l->st, err, "cannot group");
}

/* The cycle's notification made (or remade, when this load made it
 * from fewer rows) from g's top row: *id. */
static int
queue_top(struct nq_load *l, const struct nq_group *g,
    const char *send_after, const char *due_date, int64_t *id,
    struct ck_err *err)
{
	sqlite3_stmt *s = l->s[L_NEW];

	if (nq_find(l, g->guarantor_id, g->cycle, id, err))
		return err->code;
	if (*id == 0) {
		sqlite3_bind_int64(s, 1, g->top);
		sqlite3_bind_text(s, 3, due_date, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 4, send_after, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 5, l->now, -1, SQLITE_STATIC);
		sqlite3_bind_int64(s, 6, l->next);
		if (lstep(l, L_NEW, "cannot queue", err))
			return err->code;
		if (sqlite3_changes(l->st->db) != 1)
			return ck_err_set(err, CK_FAIL, "cannot queue: no level "
			    "%d of its profile", g->level);
		*id = l->next++;
		return 0;
	}
	if (*id <= l->before)
		return 0;
	s = l->s[L_REDO];
	sqlite3_bind_int64(s, 1, g->top);
	sqlite3_bind_text(s, 2, send_after, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 3, *id);
	return lstep(l, L_REDO, "cannot queue", err);
}

int
nq_queue(struct nq_load *l, const struct nq_group *g,
    const char *send_after, const char *due_date, int *made,
    struct ck_err *err)
{
	sqlite3_stmt *s = l->s[L_LINK_ALL];
	int64_t id, next = l->next;

	if (queue_top(l, g, send_after, due_date, &id, err))
		return err->code;
	*made = l->next != next;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_text(s, 2, g->guarantor_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, g->cycle, -1, SQLITE_STATIC);
	if (lstep(l, L_LINK_ALL, "cannot queue", err))
		return err->code;
	sqlite3_bind_int64(l->s[L_BALANCE], 1, id);
	sqlite3_bind_text(l->s[L_BALANCE], 2, g->guarantor_id, -1,
	    SQLITE_STATIC);
	sqlite3_bind_text(l->s[L_BALANCE], 3, g->cycle, -1, SQLITE_STATIC);
	return lstep(l, L_BALANCE, "cannot queue", err);
}

int
nq_claim_rows(struct ck_store *st, const char *profile, const char *date,
    int (*cb)(void *arg, const char *const *v), void *arg,
    struct ck_err *err)
{
	sqlite3_stmt *s;
	const char *v[14];
	char bal[24];
	int rc;

	if ((s = prep(st, "SELECT 'C-' || ?2 || '-' || guarantor_id, ?2,"
	    " guarantor_id, coalesce(guarantor_name,''),"
	    " coalesce(guarantor_email,''), coalesce(guarantor_mobile,''),"
	    " coalesce(guarantor_channel,''), claim_id,"
	    " trim(coalesce(patient_first,'') || ' ' ||"
	    " coalesce(patient_last,'')), patient_balance, first_date, ?1,"
	    " '', '' FROM claims WHERE patient_balance > 0 AND"
	    " coalesce(guarantor_id,'') <> '' ORDER BY guarantor_id, id",
	    err)) == NULL)
		return err->code;
	TXT(s, 1, profile);
	TXT(s, 2, date);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		for (int i = 0; i < 14; i++)
			v[i] = col(s, i);
		v[9] = ck_money_format(sqlite3_column_int64(s, 9), bal);
		if ((rc = cb(arg, v)) != 0) {
			sqlite3_finalize(s);
			return rc;
		}
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : ck_st_fail(st, err, "cannot read claims");
}

static int
history_in(struct ck_store *st, sqlite3_stmt **slot, int64_t id,
    const struct nq_change *c, struct ck_err *err)
{
	sqlite3_stmt *s;
	char now[32];

	ck_st_now(now, sizeof(now));
	if ((s = cached(st, slot, "INSERT INTO notify_history(notification,at,status,"
	    "channel,address,template,reply,test,user) VALUES(?,?,?,?,?,"
	    "coalesce(?,(SELECT template FROM notifications WHERE id=?1)),"
	    "?,?,?)", err)) == NULL)
		return err->code;
	sqlite3_bind_int64(s, 1, id);
	TXT(s, 2, now);
	TXT(s, 3, c->status);
	opt(s, 4, c->channel);
	opt(s, 5, c->address);
	if (c->template_id)
		sqlite3_bind_int64(s, 6, c->template_id);
	opt(s, 7, c->reply);
	sqlite3_bind_int(s, 8, c->test);
	TXT(s, 9, ck_store_user(st));
	return step1(st, s, slot != NULL, "cannot write history", err);
}

static int
history_add(struct ck_store *st, int64_t id, const struct nq_change *c,
    struct ck_err *err)
{
	return history_in(st, NULL, id, c, err);
}

/* --- sending --- */

/* Whether the send that took a notification is gone: its process ended,
 * or the machine restarted since (a pid may be another's by now). */
static int
sender_gone(const char *boot, const char *row_boot, long pid)
{
	if (strcmp(row_boot, boot) != 0 || pid <= 0)
		return 1;
	return kill((pid_t)pid, 0) < 0 && errno == ESRCH;
}

int
nq_mark_unknown(struct ck_store *st, const char *boot, long *unknown,
    long *requeued, struct ck_err *err)
{
	static const struct nq_change gone = {.status = "unknown",
	    .reply = "a send was stopped while delivering it: it may or may "
	    "not have gone out"}, back = {.status = "queued",
	    .reply = "taken by a send that stopped before delivering it"};
	sqlite3_stmt *s;
	int64_t ids[64], after = 0;
	int again[64], k, rc;

	*unknown = *requeued = 0;
more:
	k = 0;
	/* one pass by id: no index of the status, which every message
	 * sent would rewrite twice (migration 16) */
	if ((s = prep(st, "SELECT id, pid, coalesce(boot,''), delivering FROM"
	    " notifications WHERE status='sending' AND id>? ORDER BY id",
	    err)) == NULL)
		return err->code;
	sqlite3_bind_int64(s, 1, after);
	while (k < 64 && sqlite3_step(s) == SQLITE_ROW) {
		after = sqlite3_column_int64(s, 0);
		if (!sender_gone(boot, col(s, 2),
		    (long)sqlite3_column_int64(s, 1)))
			continue;
		/* never begun, and known so: commits of a stopped process
		 * stay, only a restart of the machine may lose the last ones
		 * (its boot differs, or is unknown: "") */
		again[k] = boot[0] && strcmp(col(s, 2), boot) == 0 &&
		    sqlite3_column_int(s, 3) == 0;
		ids[k++] = after;
	}
	sqlite3_finalize(s);
	for (int i = 0; i < k; i++) {
		if ((rc = ck_st_exec_int(st, again[i] ? "UPDATE notifications"
		    " SET status='queued', pid=NULL, boot=NULL WHERE id=?1" :
		    "UPDATE notifications SET status='unknown', pid=NULL,"
		    " boot=NULL, delivering=0, reply='stopped while"
		    " delivering' WHERE id=?1", ids[i], 0, err)) ||
		    (rc = history_add(st, ids[i], again[i] ? &back : &gone,
		    err)))
			return rc;
		(*(again[i] ? requeued : unknown))++;
	}
	if (k == 64)
		goto more;
	return 0;
}

int
nq_next_due(struct ck_store *st, const char *now, int64_t after,
    int64_t only, int64_t *id, char *guarantor, size_t gsize,
    struct ck_err *err)
{
	sqlite3_stmt *s;

	*id = 0;
	guarantor[0] = '\0';
	if ((s = cached(st, sslot(st, only ? 8 : 0), only ?
	    "SELECT id, guarantor_id FROM notifications WHERE id=?3"
	    " AND status IN ('queued','retry')" :
	    /* in id order from the last one: each row is read once per
	     * send, however many are due */
	    "SELECT id, guarantor_id FROM notifications WHERE id>?2 AND"
	    " +status IN ('queued','retry') AND +send_after<=?1 AND"
	    " coalesce(next_try,'')<=?1 ORDER BY id LIMIT 1", err)) == NULL)
		return err->code;
	TXT(s, 1, now);
	sqlite3_bind_int64(s, 2, after);
	if (only)
		sqlite3_bind_int64(s, 3, only);
	if (sqlite3_step(s) == SQLITE_ROW) {
		*id = sqlite3_column_int64(s, 0);
		snprintf(guarantor, gsize, "%s", col(s, 1));
	}
	sqlite3_reset(s);
	return 0;
}

/* A send's page cache: 512 KiB (PRAGMA cache_size counts KiB when
 * negative).  A send reads each row once and moves on: a cache as large
 * as the queue (up to the store's 8 MB) only made its memory grow with
 * the queue, not the send faster. */
#define SEND_CACHE (-512)

static int cache_was;           /* the store's own, while a send runs */

static void
cache_size(struct ck_store *st, int n)
{
	char sql[64];

	snprintf(sql, sizeof(sql), "PRAGMA cache_size=%d", n);
	sqlite3_exec(st->db, sql, NULL, NULL, NULL);
}

void
nq_send_mode(struct ck_store *st, int sending)
{
	sqlite3_stmt *s;

	/* 1000 pages is SQLite's default, which the store keeps */
	sqlite3_wal_autocheckpoint(st->db, sending ? 4000 : 1000);
	if (sending && sqlite3_prepare_v2(st->db, "PRAGMA cache_size", -1, &s,
	    NULL) == SQLITE_OK) {
		if (sqlite3_step(s) == SQLITE_ROW)
			cache_was = sqlite3_column_int(s, 0);
		sqlite3_finalize(s);
		cache_size(st, SEND_CACHE);
	} else if (!sending && cache_was) {
		cache_size(st, cache_was);
		cache_was = 0;
	}
}

int
nq_durable(struct ck_store *st, int full, struct ck_err *err)
{
	if (sqlite3_exec(st->db, full ? "PRAGMA synchronous=FULL" :
	    "PRAGMA synchronous=NORMAL", NULL, NULL, NULL) != SQLITE_OK)
		return ck_st_fail(st, err, "cannot set synchronous");
	return 0;
}

int
nq_take(struct ck_store *st, int64_t id, const char *boot, int *taken,
    struct ck_err *err)
{
	static const struct nq_change sending = {.status = "sending"};
	sqlite3_stmt *s;
	int rc;

	if ((s = cached(st, sslot(st, 1), "UPDATE notifications SET"
	    " status='sending', pid=?2, boot=?3, delivering=0 WHERE id=?1 AND"
	    " status IN ('queued','retry')", err)) == NULL)
		return err->code;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int64(s, 2, (int64_t)getpid());
	opt(s, 3, boot);
	if ((rc = step1(st, s, 1, "cannot take notification", err)))
		return rc;
	*taken = sqlite3_changes(st->db) == 1;
	return *taken ? history_in(st, sslot(st, 2), id, &sending, err) : 0;
}

int
nq_delivering(struct ck_store *st, int64_t id, struct ck_err *err)
{
	sqlite3_stmt *s;

	if ((s = cached(st, sslot(st, 9), "UPDATE notifications SET"
	    " delivering=1 WHERE id=?1", err)) == NULL)
		return err->code;
	sqlite3_bind_int64(s, 1, id);
	return step1(st, s, 1, "cannot update notification", err);
}

void
nq_item_free(struct nq_item *it)
{
	free(it->email_text);
	free(it->sms_text);
	free(it->patients);
	it->email_text = it->sms_text = it->patients = NULL;
}

#define CP(f, i) snprintf(it->f, sizeof(it->f), "%s", col(s, i))

int
nq_item_get(struct ck_store *st, int64_t id, struct nq_item *it,
    struct ck_err *err)
{
	sqlite3_stmt *s;
	int rc;

	memset(it, 0, sizeof(*it));
	if ((s = cached(st, sslot(st, 3), "SELECT n.id, n.status, n.channel,"
	    " n.delivered,"
	    " n.guarantor_id, n.guarantor_name, n.email, n.mobile,"
	    " n.time_zone, n.cycle, n.due_date, t.subject, t.email, t.sms,"
	    " n.balance, n.template, n.tries, n.profile, n.level"
	    " FROM notifications n JOIN"
	    " notify_templates t ON t.id=n.template WHERE n.id=?", err)) == NULL)
		return err->code;
	sqlite3_bind_int64(s, 1, id);
	if ((rc = sqlite3_step(s)) != SQLITE_ROW) {
		sqlite3_reset(s);
		return rc == SQLITE_DONE ? ck_err_set(err, CK_USAGE,
		    "no notification %lld", (long long)id) :
		    ck_st_fail(st, err, "cannot read notification");
	}
	it->id = sqlite3_column_int64(s, 0);
	CP(status, 1);
	CP(channel, 2);
	CP(delivered, 3);
	CP(guarantor_id, 4);
	CP(guarantor_name, 5);
	CP(email, 6);
	CP(mobile, 7);
	CP(time_zone, 8);
	CP(statement_date, 9);
	CP(due_date, 10);
	CP(subject, 11);
	it->email_text = strdup(col(s, 12));
	it->sms_text = strdup(col(s, 13));
	it->balance = sqlite3_column_int64(s, 14);
	it->template_id = sqlite3_column_int64(s, 15);
	it->tries = sqlite3_column_int(s, 16);
	CP(profile, 17);
	it->level = sqlite3_column_int(s, 18);
	sqlite3_reset(s);
	if (it->email_text == NULL || it->sms_text == NULL) {
		nq_item_free(it);
		return ck_err_set(err, CK_FAIL, "out of memory");
	}
	return 0;
}

int
nq_opted_out(struct ck_store *st, const char *address, int *out,
    struct ck_err *err)
{
	sqlite3_stmt *s;

	if ((s = cached(st, sslot(st, 4), "SELECT 1 FROM notify_optout WHERE"
	    " address=lower(?)", err)) == NULL)
		return err->code;
	TXT(s, 1, address);
	*out = sqlite3_step(s) == SQLITE_ROW;
	sqlite3_reset(s);
	return 0;
}

int
nq_last_sent(struct ck_store *st, const char *guarantor, int64_t not_id,
    char *buf, size_t size, int *busy, struct ck_err *err)
{
	sqlite3_stmt *s;

	buf[0] = '\0';
	*busy = 0;
	/* a guarantor's cycles (notifications_cycle) and what was asked
	 * on demand (notifications_demand): an index of what was sent would
	 * cost every message sent a page more */
	if ((s = cached(st, sslot(st, 5), "SELECT max(m), max(b) FROM (SELECT"
	    " max(sent_at) AS m, max(status='sending') AS b FROM notifications"
	    " WHERE guarantor_id=?1 AND on_demand=0 AND id<>?2 UNION ALL"
	    " SELECT max(sent_at), max(status='sending') FROM notifications"
	    " WHERE guarantor_id=?1 AND on_demand=1 AND id<>?2)", err)) == NULL)
		return err->code;
	TXT(s, 1, guarantor);
	sqlite3_bind_int64(s, 2, not_id);
	if (sqlite3_step(s) == SQLITE_ROW) {
		snprintf(buf, size, "%s", col(s, 0));
		*busy = sqlite3_column_int(s, 1);
	}
	sqlite3_reset(s);
	return 0;
}

int
nq_patients(struct ck_store *st, int64_t id, char **text, struct ck_err *err)
{
	sqlite3_stmt *s;
	size_t len;
	FILE *fp;
	int rc;

	/* the accounts of the cycle it is about; one patient's for "now
	 * --patient" */
	if ((s = cached(st, sslot(st, 6), "SELECT r.patient_name,"
	    " r.patient_id, r.balance FROM (" CYCLE_ROWS("(SELECT guarantor_id"
	    " FROM notifications WHERE id=?1)", "(SELECT cycle FROM"
	    " notifications WHERE id=?1)") ") r, notifications n WHERE"
	    " n.id=?1 AND (n.patient_id IS NULL OR r.patient_id=n.patient_id)"
	    " ORDER BY r.patient_name, r.patient_id, r.id", err)) == NULL)
		return err->code;
	sqlite3_bind_int64(s, 1, id);
	if ((fp = open_memstream(text, &len)) == NULL) {
		sqlite3_reset(s);
		return ck_err_set(err, CK_FAIL, "out of memory");
	}
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		char m[24];
		fprintf(fp, "  %s (account %s): %s\n", col(s, 0), col(s, 1),
		    ck_money_format(sqlite3_column_int64(s, 2), m));
	}
	sqlite3_reset(s);
	if (ferror(fp) | fclose(fp) || rc != SQLITE_DONE) {
		free(*text);
		*text = NULL;
		return ck_err_set(err, CK_FAIL, "cannot read the accounts");
	}
	return 0;
}

int
nq_set(struct ck_store *st, int64_t id, const struct nq_change *c,
    struct ck_err *err)
{
	sqlite3_stmt *s;
	char now[32];

	ck_st_now(now, sizeof(now));
	if ((s = cached(st, sslot(st, 7), "UPDATE notifications SET"
	    " status=?2, tries=?3,"
	    " next_try=?4, reply=coalesce(?5,reply),"
	    " delivered=coalesce(?6,delivered), pid=NULL, boot=NULL,"
	    " delivering=0,"
	    " sent_at=CASE WHEN ?2='sent' THEN ?7 ELSE sent_at END"
	    " WHERE id=?1", err)) == NULL)
		return err->code;
	sqlite3_bind_int64(s, 1, id);
	TXT(s, 2, c->status);
	sqlite3_bind_int(s, 3, c->tries);
	opt(s, 4, c->next_try);
	opt(s, 5, c->reply);
	opt(s, 6, c->delivered);
	TXT(s, 7, now);
	if (step1(st, s, 1, "cannot update notification", err))
		return err->code;
	return history_in(st, sslot(st, 2), id, c, err);
}

int
nq_history(struct ck_store *st, int64_t id, const struct nq_change *c,
    struct ck_err *err)
{
	return history_add(st, id, c, err);
}

/* --- seeing and managing --- */

int
ck_notify_list(struct ck_store *st, const struct ck_notify_filter *f,
    ck_row_cb cb, void *arg, struct ck_err *err)
{
	char lv[16];
	const char *b[4] = {f->status, f->guarantor, f->statement, NULL};

	if (f->level) {
		snprintf(lv, sizeof(lv), "%d", f->level);
		b[3] = lv;
	}
	return walk(st, "SELECT id AS notification_id, guarantor_id,"
	    " cycle AS statement_date, statement_id, profile, level, channel,"
	    " status, send_after, tries, sent_at FROM notifications"
	    " WHERE (?1 IS NULL OR status=?1) AND (?2 IS NULL OR"
	    " guarantor_id=?2) AND (?3 IS NULL OR statement_id=?3) AND"
	    " (?4 IS NULL OR level=?4) ORDER BY id", cb, arg, err, 4, b);
}

int
ck_notify_history(struct ck_store *st, int64_t id, ck_row_cb cb, void *arg,
    struct ck_err *err)
{
	char v[24], found_v[24];
	int found;
	const char *b[1] = {v};

	snprintf(v, sizeof(v), "%lld", (long long)id);
	if (ck_st_one_text(st, "SELECT id FROM notifications WHERE id=?", v,
	    found_v, sizeof(found_v), &found, err))
		return err->code;
	if (!found)
		return ck_err_set(err, CK_FAIL, "no notification %s", v);
	/* the history of one a load queued begins with its queueing, which
	 * the load keeps as the range of ids it queued, not row by row */
	return walk(st, "SELECT at, status, channel, address,"
	    " template_version, template_id, reply, test, user FROM"
	    " (SELECT 0 AS k, n.created_at AS at, 'queued' AS status,"
	    " NULL AS channel, NULL AS address, t.version AS"
	    " template_version, n.template AS template_id, NULL AS reply,"
	    " '' AS test, d.user AS user FROM notifications n JOIN"
	    " notify_queued q ON n.id BETWEEN q.first AND q.last JOIN"
	    " notify_loads d ON d.id=q.load LEFT JOIN notify_templates t ON"
	    " t.id=n.template WHERE n.id=?1 UNION ALL SELECT h.id, h.at,"
	    " h.status, h.channel, h.address, t.version, h.template, h.reply,"
	    " CASE h.test WHEN 1 THEN 'test' ELSE '' END, h.user FROM"
	    " notify_history h LEFT JOIN notify_templates t ON"
	    " t.id=h.template WHERE h.notification=?1) ORDER BY k", cb, arg,
	    err, 1, b);
}

int
ck_notify_errors(struct ck_store *st, ck_row_cb cb, void *arg,
    struct ck_err *err)
{
	return walk(st, "SELECT id AS notification_id, guarantor_id, status,"
	    " channel, email, mobile, tries, reply FROM notifications WHERE"
	    " status IN ('failed','unknown') ORDER BY id", cb, arg, err, 0,
	    NULL);
}

int
ck_notify_retry(struct ck_store *st, int64_t id, const char *email,
    const char *mobile, struct ck_err *err)
{
	static const struct nq_change again = {.status = "queued",
	    .reply = "queued again by hand"};
	char v[24], now[32];
	int rc;

	snprintf(v, sizeof(v), "%lld", (long long)id);
	ck_st_now(now, sizeof(now));
	if ((rc = ck_store_begin(st, err)))
		return rc;
	if ((rc = RUN(st, "UPDATE notifications SET status='queued', tries=0,"
	    " next_try=NULL, email=coalesce(?2,email),"
	    " mobile=coalesce(?3,mobile), send_after=min(send_after,?4)"
	    " WHERE id=?1 AND status IN ('failed','unknown','cancelled',"
	    "'opted-out')", err, v, email, mobile, now)))
		goto out;
	if (sqlite3_changes(st->db) != 1) {
		char was[24];
		int found;

		if ((rc = ck_st_one_text(st, "SELECT status FROM notifications"
		    " WHERE id = ?", v, was, sizeof(was), &found, err)) == 0)
			rc = found ? ck_err_set(err, CK_FAIL, "notification %s "
			    "is %s: expected a failed, unknown, cancelled or "
			    "opted-out one", v, was) : ck_err_set(err, CK_FAIL,
			    "no notification %s", v);
		goto out;
	}
	if ((rc = history_add(st, id, &again, err)) ||
	    (rc = ck_audit(st, "notify-retry", v, NULL, NULL, err)))
		goto out;
out:
	return end_tx(st, rc, err);
}

int
ck_notify_cancel(struct ck_store *st, int64_t id, const char *stmt, long *n,
    struct ck_err *err)
{
	char v[24], now[32];
	int rc;

	snprintf(v, sizeof(v), "%lld", (long long)id);
	ck_st_now(now, sizeof(now));
	if ((rc = ck_store_begin(st, err)))
		return rc;
	if ((rc = RUN(st, "INSERT INTO notify_history(notification,at,status,"
	    "template,user) SELECT id, ?3, 'cancelled', template, ?4 FROM"
	    " notifications WHERE (id=?1 OR statement_id=?2) AND status IN"
	    " ('queued','retry')", err, v, stmt, now, ck_store_user(st))))
		goto out;
	*n = sqlite3_changes(st->db);
	if ((rc = RUN(st, "UPDATE notifications SET status='cancelled' WHERE"
	    " (id=?1 OR statement_id=?2) AND status IN ('queued','retry')",
	    err, v, stmt)) ||
	    (rc = ck_audit(st, "notify-cancel", stmt ? stmt : v, NULL, NULL,
	    err)))
		goto out;
out:
	return end_tx(st, rc, err);
}

int
ck_notify_optout(struct ck_store *st, const char *address, int add,
    struct ck_err *err)
{
	char now[32];
	int rc;

	ck_st_now(now, sizeof(now));
	if ((rc = ck_store_begin(st, err)))
		return rc;
	rc = add ? RUN(st, "INSERT OR IGNORE INTO notify_optout(address,"
	    "at,user) VALUES(lower(?),?,?)", err, address, now,
	    ck_store_user(st)) : RUN(st, "DELETE FROM notify_optout WHERE"
	    " address=lower(?)", err, address);
	if (rc == 0)
		rc = ck_audit(st, add ? "notify-optout" : "notify-optin",
		    address, NULL, NULL, err);
	return end_tx(st, rc, err);
}

int
ck_notify_optouts(struct ck_store *st, ck_row_cb cb, void *arg,
    struct ck_err *err)
{
	return walk(st, "SELECT address, at, user FROM notify_optout ORDER BY"
	    " address", cb, arg, err, 0, NULL);
}

/* The first id sql (binding text a, then b, maybe NULL) finds, or 0. */
static int
first_id(struct ck_store *st, const char *sql, const char *a, const char *b,
    int64_t *id, struct ck_err *err)
{
	sqlite3_stmt *s;
	int r;

	*id = 0;
	if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK)
		return ck_st_fail(st, err, "cannot read notifications");
	sqlite3_bind_text(s, 1, a, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, b, -1, SQLITE_STATIC);
	if ((r = sqlite3_step(s)) == SQLITE_ROW)
		*id = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return r == SQLITE_ROW || r == SQLITE_DONE ? 0 :
	    ck_st_fail(st, err, "cannot read notifications");
}

/* An on-demand notification asked for again while the last one still
 * waits (a send that failed, say) is that one, due now: not a second. */
static int
now_again(struct ck_store *st, const char *g, const char *p, const char *now,
    int64_t *id, struct ck_err *err)
{
	static const struct nq_change again = {.status = "queued",
	    .reply = "asked for on demand again"};
	char v[24];
	int rc;

	if ((rc = first_id(st, "SELECT id FROM notifications WHERE"
	    " guarantor_id = ?1 AND patient_id IS ?2 AND on_demand = 1 AND"
	    " status IN ('queued', 'retry') ORDER BY id DESC LIMIT 1", g, p,
	    id, err)) || *id == 0)
		return rc;
	snprintf(v, sizeof(v), "%lld", (long long)*id);
	if ((rc = RUN(st, "UPDATE notifications SET send_after = ?2,"
	    " next_try = NULL WHERE id = ?1", err, v, now)))
		return rc;
	return nq_set(st, *id, &again, err);
}

/* The guarantor's statement sent on demand (id) is not sent again by the
 * queue: its waiting notification of that cycle is cancelled. */
static int
now_supersedes(struct ck_store *st, const char *g, int64_t id,
    struct ck_err *err)
{
	char v[24], why[96];
	struct nq_change c = {.status = "cancelled", .reply = why};
	int64_t old;
	int rc;

	snprintf(v, sizeof(v), "%lld", (long long)id);
	snprintf(why, sizeof(why), "sent on demand as notification %s", v);
	while ((rc = first_id(st, "SELECT id FROM notifications WHERE"
	    " guarantor_id = ?1 AND on_demand = 0 AND status IN ('queued',"
	    " 'retry') AND cycle = (SELECT cycle FROM notifications WHERE"
	    " id = CAST(?2 AS INTEGER)) LIMIT 1", g, v, &old, err)) == 0 &&
	    old != 0)
		if ((rc = nq_set(st, old, &c, err)))
			break;
	return rc;
}

int
ck_notify_now(struct ck_store *st, const char *g, const char *p,
    const char *channel, int64_t *id, struct ck_err *err)
{
	char now[32], due[16];
	int rc;

	ck_st_now(now, sizeof(now));
	if ((rc = ck_notify_setting(st, "notify.due_days", due, sizeof(due),
	    err)))
		return rc;
	if ((rc = ck_store_begin(st, err)))
		return rc;
	if ((rc = now_again(st, g, p, now, id, err)) || *id != 0)
		goto out;
	/* the guarantor's latest statement, at its level (1 at least) */
	if ((rc = RUN(st, "WITH g AS (" GUARANTOR_ROWS("?1") ") INSERT INTO"
	    " notifications(guarantor_id,cycle,"
	    "statement_id,profile,level,channel,guarantor_name,email,mobile,"
	    "time_zone,patient_id,template,balance,due_date,status,send_after,"
	    "on_demand,created_at) SELECT r.guarantor_id, r.statement_date,"
	    " r.statement_id, r.profile, l.level, coalesce(?3, CASE l.channel"
	    " WHEN 'preferred' THEN coalesce(r.channel, CASE WHEN r.email IS"
	    " NULL THEN 'sms' ELSE 'email' END) ELSE l.channel END),"
	    " r.guarantor_name, r.email, r.mobile, r.time_zone, ?2, l.template,"
	    " (SELECT sum(x.balance) FROM g x WHERE"
	    " x.statement_date=r.statement_date AND (?2 IS NULL OR"
	    " x.patient_id=?2)),"
	    " date(r.statement_date, '+' || ?4 || ' days'), 'queued', ?5, 1,"
	    " ?5 FROM g r JOIN notify_levels l ON"
	    " l.profile=r.profile AND l.level=max(r.level,1) WHERE"
	    " (?2 IS NULL OR r.patient_id=?2)"
	    " ORDER BY r.statement_date DESC, r.level DESC, r.id DESC LIMIT 1",
	    err, g, p,
	    channel, due, now)))
		goto out;
	if (sqlite3_changes(st->db) != 1) {
		rc = ck_err_set(err, CK_FAIL, "no statement of guarantor '%s'%s%s"
		    "%s with a level to send", g, p ? " for patient '" : "",
		    p ? p : "", p ? "'" : "");
		goto out;
	}
	*id = sqlite3_last_insert_rowid(st->db);
	{
		struct nq_change c = {.status = "queued", .reply = "on demand"};
		if ((rc = history_add(st, *id, &c, err)))
			goto out;
	}
	/* for one patient, the guarantor's whole statement still goes */
	if (p == NULL)
		rc = now_supersedes(st, g, *id, err);
out:
	return end_tx(st, rc, err);
}
