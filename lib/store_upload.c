/* Endpoints, transfers, fetched files and acknowledgments. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "claimkit/transport.h"
#include "store_int.h"

int
ck_store_endpoint_add(struct ck_store *st, const struct ck_endpoint *ep,
    struct ck_err *err)
{
	char now[32], buf[8], mode[16];
	int found, rc;

	if ((rc = ck_st_one_text(st, "SELECT 1 FROM endpoints WHERE name=?",
	    ep->name, buf, sizeof(buf), &found, err)))
		return rc;
	if (found)
		return ck_err_set(err, CK_DATA, "endpoint '%s' exists already",
		    ep->name);
	ck_st_now(now, sizeof(now));
	snprintf(mode, sizeof(mode), "%u", ep->mode ? ep->mode : 0600);
	if ((rc = RUN(st, "INSERT INTO endpoints(name, url, remote_in,"
	    " remote_out, name_pattern, key_file, known_hosts, netrc_file,"
	    " ca_file, created_at, file_mode) VALUES(?,?,?,?,?,?,?,?,?,?,?)",
	    err, ep->name, ep->url, ep->remote_in, ep->remote_out, ep->pattern,
	    ep->key, ep->known_hosts, ep->netrc, ep->ca, now, mode)))
		return rc;
	return ck_audit(st, "endpoint-add", ep->name, NULL, ep->url, err);
}

int
ck_store_endpoint_rm(struct ck_store *st, const char *name,
    struct ck_err *err)
{
	int rc;

	if ((rc = RUN(st, "DELETE FROM endpoints WHERE name=?", err, name)))
		return rc;
	if (sqlite3_changes(st->db) == 0)
		return ck_err_set(err, CK_DATA, "no endpoint '%s'", name);
	return ck_audit(st, "endpoint-rm", name, name, NULL, err);
}

static void
copy(char *dst, size_t size, sqlite3_stmt *s, int k)
{
	const unsigned char *t = sqlite3_column_text(s, k);

	snprintf(dst, size, "%s", t ? (const char *)t : "");
}

int
ck_store_endpoint_get(struct ck_store *st, const char *name,
    struct ck_endpoint *ep, struct ck_err *err)
{
	sqlite3_stmt *s;
	int rc, n = 0;

	memset(ep, 0, sizeof(*ep));
	if (sqlite3_prepare_v2(st->db, "SELECT name, url, remote_in, remote_out,"
	    " name_pattern, key_file, known_hosts, netrc_file, ca_file,"
	    " file_mode FROM endpoints WHERE ?1 IS NULL OR name=?1", -1, &s, NULL) != SQLITE_OK)
		return ck_st_fail(st, err, "cannot read endpoints");
	sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW && n++ == 0) {
		copy(ep->name, sizeof(ep->name), s, 0);
		copy(ep->url, sizeof(ep->url), s, 1);
		copy(ep->remote_in, sizeof(ep->remote_in), s, 2);
		copy(ep->remote_out, sizeof(ep->remote_out), s, 3);
		copy(ep->pattern, sizeof(ep->pattern), s, 4);
		copy(ep->key, sizeof(ep->key), s, 5);
		copy(ep->known_hosts, sizeof(ep->known_hosts), s, 6);
		copy(ep->netrc, sizeof(ep->netrc), s, 7);
		copy(ep->ca, sizeof(ep->ca), s, 8);
		ep->mode = (unsigned)sqlite3_column_int(s, 9);
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return ck_st_fail(st, err, "cannot read endpoints");
	if (n == 0)
		return ck_err_set(err, CK_FAIL, name ? "no endpoint '%s'" :
		    "no endpoint: add one with 'claim-upload endpoint add'%s",
		    name ? name : "");
	if (n > 1)
		return ck_err_set(err, CK_USAGE, "%d endpoints: name one with "
		    "--endpoint", n);
	return 0;
}

int
ck_store_endpoints(struct ck_store *st, ck_row_cb cb, void *arg,
    struct ck_err *err)
{
	return ck_st_walk_sql(st, "SELECT name, url, remote_in, remote_out,"
	    " name_pattern, key_file, known_hosts, netrc_file, ca_file,"
	    " created_at, printf('%04o', file_mode) AS file_mode FROM endpoints"
	    " ORDER BY name", cb, arg, err, 0, NULL);
}

/* --- sending --- */

int
ck_store_send_peek(struct ck_store *st, int64_t id, struct ck_send_claim *c,
    struct ck_err *err)
{
	sqlite3_stmt *s;
	int rc;

	memset(c, 0, sizeof(*c));
	if (sqlite3_prepare_v2(st->db, "SELECT status, kind, file, sha256,"
	    " remote_name, endpoint, send_pid, isa_control, done_at FROM"
	    " batches WHERE id=? AND status <> 'building'", -1, &s, NULL)
	    != SQLITE_OK)
		return ck_st_fail(st, err, "cannot read batch");
	sqlite3_bind_int64(s, 1, id);
	if ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		c->id = id;
		copy(c->status, sizeof(c->status), s, 0);
		copy(c->kind, sizeof(c->kind), s, 1);
		copy(c->file, sizeof(c->file), s, 2);
		copy(c->sha256, sizeof(c->sha256), s, 3);
		copy(c->remote_name, sizeof(c->remote_name), s, 4);
		copy(c->endpoint, sizeof(c->endpoint), s, 5);
		c->pid = (long)sqlite3_column_int64(s, 6);
		c->isa_control = (long)sqlite3_column_int64(s, 7);
		copy(c->done_at, sizeof(c->done_at), s, 8);
		rc = 0;
	} else if (rc == SQLITE_DONE)
		rc = ck_err_set(err, CK_DATA, "no batch %lld", (long long)id);
	else
		rc = ck_st_fail(st, err, "cannot read batch");
	sqlite3_finalize(s);
	return rc;
}

int
ck_store_send_take(struct ck_store *st, int64_t id, const char *from,
    const char *endpoint, const char *remote_name, int *taken,
    struct ck_err *err)
{
	sqlite3_stmt *s;
	int rc;

	if (sqlite3_prepare_v2(st->db, "UPDATE batches SET status='sending',"
	    " endpoint=?, remote_name=?, send_pid=? WHERE id=? AND status=?",
	    -1, &s, NULL) != SQLITE_OK)
		return ck_st_fail(st, err, "cannot take batch");
	sqlite3_bind_text(s, 1, endpoint, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, remote_name, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 3, (int64_t)getpid());
	sqlite3_bind_int64(s, 4, id);
	sqlite3_bind_text(s, 5, from, -1, SQLITE_STATIC);
	rc = ck_st_done(st, s, err, "cannot take batch");
	sqlite3_finalize(s);
	*taken = rc == 0 && sqlite3_changes(st->db) == 1;
	return rc;
}

int
ck_store_send_end(struct ck_store *st, int64_t id, int sent,
    const char *back, struct ck_err *err)
{
	char now[32], sid[24];
	int rc;

	ck_st_now(now, sizeof(now));
	snprintf(sid, sizeof(sid), "%lld", (long long)id);
	if (!sent)
		return RUN(st, "UPDATE batches SET status=?, send_pid=NULL"
		    " WHERE id=?", err, strcmp(back, "sent") == 0 ? "sent" :
		    "pending", sid);
	if ((rc = RUN(st, "UPDATE batches SET status='sent', send_pid=NULL,"
	    " done_at=? WHERE id=?", err, now, sid)) ||
	    (rc = RUN(st, "UPDATE claims SET status='sent' WHERE batch_id=? AND"
	    " status='batched'", err, sid)))
		return rc;
	return ck_audit(st, "sent", sid, "pending", "sent", err);
}

int
ck_store_sendable(struct ck_store *st, int64_t **ids, long *n,
    struct ck_err *err)
{
	sqlite3_stmt *s;
	int rc;

	*ids = NULL;
	*n = 0;
	if (sqlite3_prepare_v2(st->db, "SELECT id FROM batches WHERE kind='837P'"
	    " AND status IN ('pending', 'sending') ORDER BY id", -1, &s, NULL)
	    != SQLITE_OK)
		return ck_st_fail(st, err, "cannot read batches");
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		int64_t *p = realloc(*ids, (size_t)(*n + 1) * sizeof(**ids));
		if (p == NULL) {
			sqlite3_finalize(s);
			return ck_err_set(err, CK_FAIL, "out of memory");
		}
		*ids = p;
		(*ids)[(*n)++] = sqlite3_column_int64(s, 0);
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : ck_st_fail(st, err, "cannot read batches");
}

int
ck_store_transfer(struct ck_store *st, const struct ck_transfer *t,
    struct ck_err *err)
{
	sqlite3_stmt *s;
	char now[32];
	int rc;

	ck_st_now(now, sizeof(now));
	if (sqlite3_prepare_v2(st->db, "INSERT INTO transfers(at, user, endpoint,"
	    " direction, batch_id, file, remote_name, bytes, sha256, result,"
	    " error) VALUES(?,?,?,?,?,?,?,?,?,?,?)", -1, &s, NULL) != SQLITE_OK)
		return ck_st_fail(st, err, "cannot record transfer");
	sqlite3_bind_text(s, 1, now, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, st->user, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, t->endpoint, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, t->direction, -1, SQLITE_STATIC);
	if (t->batch_id > 0)
		sqlite3_bind_int64(s, 5, t->batch_id);
	sqlite3_bind_text(s, 6, t->file, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 7, t->remote_name, -1, SQLITE_STATIC);
	if (t->bytes >= 0)
		sqlite3_bind_int64(s, 8, t->bytes);
	sqlite3_bind_text(s, 9, t->sha256, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 10, t->result, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 11, t->error, -1, SQLITE_STATIC);
	rc = ck_st_done(st, s, err, "cannot record transfer");
	sqlite3_finalize(s);
	return rc;
}

int
ck_store_transfers(struct ck_store *st, ck_row_cb cb, void *arg,
    struct ck_err *err)
{
	return ck_st_walk_sql(st, "SELECT at, endpoint, direction, batch_id,"
	    " coalesce(remote_name, file) AS name, bytes, result, error, user"
	    " FROM transfers ORDER BY id", cb, arg, err, 0, NULL);
}

/* --- fetched files --- */

int
ck_store_fetched_find(struct ck_store *st, const char *endpoint,
    const char *name, int64_t bytes, const char *sha256, int *found,
    struct ck_err *err)
{
	sqlite3_stmt *s;
	int rc;

	*found = 0;
	/* 2: found, and safe to remove from the server (not kept back as
	 * malformed or incomplete) */
	if (sqlite3_prepare_v2(st->db, "SELECT CASE WHEN coalesce(applied, '')"
	    " LIKE 'not applied%' THEN 1 ELSE 2 END FROM fetched WHERE endpoint=?"
	    " AND remote_name=? AND (?3 < 0 OR bytes=?3) AND"
	    " (?4 IS NULL OR sha256=?4)", -1, &s, NULL) != SQLITE_OK)
		return ck_st_fail(st, err, "cannot read fetched files");
	sqlite3_bind_text(s, 1, endpoint, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, name, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 3, bytes);
	sqlite3_bind_text(s, 4, sha256, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	*found = rc == SQLITE_ROW ? sqlite3_column_int(s, 0) : 0;
	sqlite3_finalize(s);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 :
	    ck_st_fail(st, err, "cannot read fetched files");
}

int
ck_store_fetched_add(struct ck_store *st, const char *endpoint,
    const char *name, int64_t bytes, const char *sha256, const char *kind,
    const char *file, int64_t *id, struct ck_err *err)
{
	sqlite3_stmt *s;
	char now[32];
	int rc;

	ck_st_now(now, sizeof(now));
	if (sqlite3_prepare_v2(st->db, "INSERT INTO fetched(endpoint,"
	    " remote_name, bytes, sha256, kind, file, fetched_at)"
	    " VALUES(?,?,?,?,?,?,?)", -1, &s, NULL) != SQLITE_OK)
		return ck_st_fail(st, err, "cannot record fetched file");
	sqlite3_bind_text(s, 1, endpoint, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, name, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 3, bytes);
	sqlite3_bind_text(s, 4, sha256, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 5, kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 6, file, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 7, now, -1, SQLITE_STATIC);
	rc = ck_st_done(st, s, err, "cannot record fetched file");
	sqlite3_finalize(s);
	*id = sqlite3_last_insert_rowid(st->db);
	return rc;
}

int
ck_store_fetched_applied(struct ck_store *st, int64_t id, const char *what,
    struct ck_err *err)
{
	sqlite3_stmt *s;
	int rc;

	if (sqlite3_prepare_v2(st->db, "UPDATE fetched SET applied=? WHERE id=?",
	    -1, &s, NULL) != SQLITE_OK)
		return ck_st_fail(st, err, "cannot update fetched file");
	sqlite3_bind_text(s, 1, what, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, id);
	rc = ck_st_done(st, s, err, "cannot update fetched file");
	sqlite3_finalize(s);
	return rc;
}

int
ck_store_fetched_unapplied(struct ck_store *st, const char *endpoint,
    int64_t after, int64_t *id, char *file, size_t fsize, char *kind,
    size_t ksize, int *found, struct ck_err *err)
{
	sqlite3_stmt *s;
	int rc;

	*found = 0;
	if (sqlite3_prepare_v2(st->db, "SELECT id, file, kind FROM fetched"
	    " WHERE (?1 IS NULL OR endpoint=?1) AND id > ?2 AND applied IS NULL"
	    " AND kind IN ('999','277CA') ORDER BY id LIMIT 1", -1, &s, NULL)
	    != SQLITE_OK)
		return ck_st_fail(st, err, "cannot read fetched files");
	sqlite3_bind_text(s, 1, endpoint, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, after);
	if ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		*found = 1;
		*id = sqlite3_column_int64(s, 0);
		copy(file, fsize, s, 1);
		copy(kind, ksize, s, 2);
	}
	sqlite3_finalize(s);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 :
	    ck_st_fail(st, err, "cannot read fetched files");
}

int
ck_store_fetched_state(struct ck_store *st, int64_t id, int *unapplied,
    struct ck_err *err)
{
	char sid[24], buf[8];
	int rc;

	snprintf(sid, sizeof(sid), "%lld", (long long)id);
	rc = ck_st_one_text(st, "SELECT 1 FROM fetched WHERE id=? AND applied"
	    " IS NULL", sid, buf, sizeof(buf), unapplied, err);
	return rc;
}

int
ck_store_fetched(struct ck_store *st, const char *kind, ck_row_cb cb,
    void *arg, struct ck_err *err)
{
	const char *v[] = {kind};

	return ck_st_walk_sql(st, "SELECT file, kind, bytes, endpoint,"
	    " remote_name, sha256, fetched_at, applied FROM fetched"
	    " WHERE ?1 IS NULL OR kind=?1 ORDER BY id", cb, arg, err, 1, v);
}

/* --- acknowledgments --- */

/*
 * The batch of ours whose group is gs_control, into b; an answer about a
 * batch not sent yet (pending) is refused: applied, it would reject
 * claims that are about to go out, and be batched again.
 */
static int
group_batch(struct ck_store *st, long gs_control, char *b, size_t size,
    int *found, struct ck_err *err)
{
	char gs[24], row[64], *status;
	int rc;

	snprintf(gs, sizeof(gs), "%ld", gs_control);
	if ((rc = ck_st_one_text(st, "SELECT id || ' ' || status FROM batches"
	    " WHERE kind='837P' AND gs_control=? AND status IN ('sent',"
	    "'sending','pending') ORDER BY id DESC LIMIT 1", gs, row,
	    sizeof(row), found, err)) || !*found)
		return rc;
	status = row + strcspn(row, " ");
	*status++ = '\0';
	snprintf(b, size, "%.20s", row);
	if (strcmp(status, "pending") == 0)
		return ck_err_set(err, CK_DATA, "999 about group %ld: batch %s "
		    "is pending, not sent yet: refused, nothing applied",
		    gs_control, row);
	return 0;
}

int
ck_store_ack_set(struct ck_store *st, int64_t fetched, long gs_control,
    long st_control, char status, const char *errors, int *found,
    long *claims, struct ck_err *err)
{
	char now[32], stc[24], fid[24], stat[2] = {status, 0}, b[24];
	/* IK501: A and E accept the set; R, M, W, X reject it */
	int rejected = status != 'A' && status != 'E';
	const char *verdict = rejected ? "rejected" : "accepted";
	int rc;

	*claims = 0;
	ck_st_now(now, sizeof(now));
	snprintf(stc, sizeof(stc), "%ld", st_control);
	snprintf(fid, sizeof(fid), "%lld", (long long)fetched);
	if ((rc = group_batch(st, gs_control, b, sizeof(b), found, err)) ||
	    !*found)
		return rc;
	if ((rc = RUN(st, "UPDATE batch_sets SET ack_status=?, ack_errors=?"
	    " WHERE batch=? AND st_control=?", err, stat, errors, b, stc)))
		return rc;
	if (sqlite3_changes(st->db) == 0) {
		*found = 0;     /* our group, not our set */
		return 0;
	}
	if (rejected && (rc = RUN(st, "UPDATE claims SET status='rejected'"
	    " WHERE batch_id=? AND st_control=? AND status IN ('sent',"
	    "'batched')", err, b, stc)))
		return rc;
	*claims = rejected ? sqlite3_changes(st->db) : 0;
	return RUN(st, "INSERT INTO acks(fetched, kind, batch_id, st_control,"
	    " claim_id, status, codes, text, source, at) SELECT ?, '999', ?, ?,"
	    " claim_id, ?, ?, ?, 'clearinghouse', ? FROM claims WHERE"
	    " batch_id=? AND st_control=?", err, fid, b, stc, verdict, stat,
	    errors, now, b, stc);
}

int
ck_store_ack_group(struct ck_store *st, int64_t fetched, long gs_control,
    const char *errors, int *found, long *sets, long *claims,
    struct ck_err *err)
{
	char b[24], list[1024];
	int rc, any;
	long n;

	*sets = *claims = 0;
	if ((rc = group_batch(st, gs_control, b, sizeof(b), found, err)) ||
	    !*found)
		return rc;
	if ((rc = ck_st_one_text(st, "SELECT group_concat(st_control, ' ') FROM"
	    " batch_sets WHERE batch=? AND ack_status IS NULL", b, list,
	    sizeof(list), &any, err)))
		return rc;
	for (char *p = strtok(list, " "); p; p = strtok(NULL, " ")) {
		if ((rc = ck_store_ack_set(st, fetched, gs_control, atol(p), 'R',
		    errors, &any, &n, err)))
			return rc;
		++*sets;
		*claims += n;
	}
	return 0;
}

int
ck_store_ack_batch_check(struct ck_store *st, long long batch,
    struct ck_err *err)
{
	char b[24], status[24];
	int found, rc;

	snprintf(b, sizeof(b), "%lld", batch);
	if ((rc = ck_st_one_text(st, "SELECT status FROM batches WHERE id=?"
	    " AND kind='837P'", b, status, sizeof(status), &found, err)))
		return rc;
	if (found && strcmp(status, "pending") == 0)
		return ck_err_set(err, CK_DATA, "277CA about batch %lld: it is "
		    "pending, not sent yet: refused, nothing applied", batch);
	return 0;
}

/* The set-th transaction set of batch, in the order it was written. */
static int
nth_set(struct ck_store *st, const char *batch, long set, char *stc,
    size_t size, int *found, struct ck_err *err)
{
	char sql[160];

	snprintf(sql, sizeof(sql), "SELECT st_control FROM batch_sets WHERE"
	    " batch=? ORDER BY st_control LIMIT 1 OFFSET %ld",
	    set > 0 ? set - 1 : 0);
	return ck_st_one_text(st, sql, batch, stc, size, found, err);
}

/* Rejects the claims of one set of a batch (those of billing NPI npi
 * only, when npi is not NULL), with an ack row each. */
static int
reject_set(struct ck_store *st, int64_t fetched, long long batch, long set,
    const char *npi, const char *codes, const char *text, const char *source,
    int *found, struct ck_err *err)
{
	char now[32], fid[24], b[24], stc[24];
	const char *any = npi ? npi : "";
	int rc;

	ck_st_now(now, sizeof(now));
	snprintf(fid, sizeof(fid), "%lld", (long long)fetched);
	snprintf(b, sizeof(b), "%lld", batch);
	if ((rc = nth_set(st, b, set, stc, sizeof(stc), found, err)) ||
	    !*found)
		return rc;
	if ((rc = RUN(st, "INSERT INTO acks(fetched, kind, batch_id, st_control,"
	    " claim_id, status, codes, text, source, at) SELECT ?, '277CA', ?,"
	    " ?, claim_id, 'rejected', ?, ?, ?, ? FROM claims WHERE"
	    " batch_id=? AND st_control=? AND (?='' OR billing_npi=?) AND"
	    " status IN ('sent','accepted')", err, fid, b, stc, codes, text,
	    source, now, b, stc, any, any)))
		return rc;
	return RUN(st, "UPDATE claims SET status='rejected' WHERE batch_id=?"
	    " AND st_control=? AND (?='' OR billing_npi=?) AND status IN"
	    " ('sent','accepted')", err, b, stc, any, any);
}

int
ck_store_ack_whole_set(struct ck_store *st, int64_t fetched, long long batch,
    long set, const char *codes, const char *text, const char *source,
    int *found, struct ck_err *err)
{
	return reject_set(st, fetched, batch, set, NULL, codes, text, source,
	    found, err);
}

int
ck_store_ack_provider(struct ck_store *st, int64_t fetched, long long batch,
    long set, const char *npi, const char *codes, const char *text,
    const char *source, int *found, struct ck_err *err)
{
	return reject_set(st, fetched, batch, set, npi, codes, text, source,
	    found, err);
}

int
ck_store_ack_claim(struct ck_store *st, int64_t fetched, const char *claim_id,
    long long batch, char accepted, const char *codes, const char *text,
    const char *source, int *found, struct ck_err *err)
{
	char now[32], fid[24], b[24], of[24];
	const char *verdict = accepted == 'Y' ? "accepted" : accepted == 'N' ?
	    "rejected" : "review";
	int rc;

	ck_st_now(now, sizeof(now));
	snprintf(fid, sizeof(fid), "%lld", (long long)fetched);
	if ((rc = ck_st_one_text(st, "SELECT coalesce(batch_id, '') FROM claims"
	    " WHERE claim_id=?", claim_id, b, sizeof(b), found, err)))
		return rc;
	snprintf(of, sizeof(of), "%lld", batch);
	if (*found && accepted != '?' && (rc = RUN(st, "UPDATE claims SET"
	    " status=? WHERE claim_id=? AND status IN ('sent','accepted',"
	    "'rejected') AND (?3 = '0' OR batch_id = ?3)", err, verdict,
	    claim_id, of)))
		return rc;
	return RUN(st, "INSERT INTO acks(fetched, kind, batch_id, claim_id,"
	    " status, codes, text, source, at) VALUES(?, '277CA', nullif(?, ''),"
	    " ?, ?, ?, ?, ?, ?)", err, fid, b, claim_id, verdict, codes, text,
	    source, now);
}

int
ck_store_acks(struct ck_store *st, const struct ck_acks_query *q,
    ck_row_cb cb, void *arg, struct ck_err *err)
{
	const char *v[] = {q->claim, q->batch, q->since};

	/* the worklist: claims still rejected (not corrected and sent
	 * again since), each with its latest rejection */
	return ck_st_walk_sql(st, q->rejected ?
	    "SELECT a.claim_id, a.status, a.kind, a.source, a.codes, a.text,"
	    " a.batch_id, f.file, a.at FROM claims c JOIN acks a ON a.id ="
	    " (SELECT max(id) FROM acks WHERE claim_id = c.claim_id AND"
	    " status = 'rejected') JOIN fetched f ON f.id = a.fetched"
	    " WHERE c.status = 'rejected' AND (?1 IS NULL OR a.claim_id = ?1)"
	    " AND (?2 IS NULL OR a.batch_id = ?2) AND (?3 IS NULL OR a.at >= ?3)"
	    " ORDER BY a.id" :
	    "SELECT a.claim_id, a.status, a.kind, a.source, a.codes, a.text,"
	    " a.batch_id, f.file, a.at FROM acks a JOIN fetched f ON"
	    " f.id = a.fetched WHERE (?1 IS NULL OR a.claim_id = ?1)"
	    " AND (?2 IS NULL OR a.batch_id = ?2) AND (?3 IS NULL OR a.at >= ?3)"
	    " ORDER BY a.id", cb, arg, err, 3, v);
}
