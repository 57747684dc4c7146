/* Scan batches: the SQL of img.h (img_* tables). */
#include <stdio.h>
#include <string.h>

#include "store_img.h"
#include "store_int.h"

static sqlite3_stmt *
prep(struct ck_store *st, const char *sql, struct ck_err *err)
{
	sqlite3_stmt *s;

	if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK) {
		ck_st_fail(st, err, "cannot read scan batches");
		return NULL;
	}
	return s;
}

static void
bind_text(sqlite3_stmt *s, int i, const char *v)
{
	if (v)
		sqlite3_bind_text(s, i, v, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(s, i);
}

static void
bind_id(sqlite3_stmt *s, int i, int64_t v)
{
	if (v > 0)
		sqlite3_bind_int64(s, i, v);
	else
		sqlite3_bind_null(s, i);
}

/* Runs s to the end and finalizes it. */
static int
done(struct ck_store *st, sqlite3_stmt *s, struct ck_err *err,
    const char *what)
{
	int rc = ck_st_done(st, s, err, what);

	sqlite3_finalize(s);
	return rc;
}

/* The first column of s's first row as an integer (*v untouched when
 * there is none); finalizes s. */
static int
one_int(struct ck_store *st, sqlite3_stmt *s, int64_t *v, struct ck_err *err)
{
	int rc = sqlite3_step(s);

	if (rc == SQLITE_ROW)
		*v = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return ck_st_fail(st, err, "cannot read scan batches");
	return 0;
}

static const char *
ref_table(const char *what)
{
	return strcmp(what, "facility") == 0 ? "img_facilities" :
	    "img_practices";
}

int
ck_sti_ref_add(struct ck_store *st, const char *what, const char *code,
    const char *name, struct ck_err *err)
{
	char sql[128];
	sqlite3_stmt *s;
	int64_t n = 0;

	snprintf(sql, sizeof(sql), "SELECT count(*) FROM %s WHERE code = ?",
	    ref_table(what));
	if ((s = prep(st, sql, err)) == NULL)
		return err->code;
	bind_text(s, 1, code);
	if (one_int(st, s, &n, err))
		return err->code;
	if (n)
		return ck_err_set(err, CK_DATA, "%s '%s' exists already", what,
		    code);
	snprintf(sql, sizeof(sql), "INSERT INTO %s(code, name) VALUES(?, ?)",
	    ref_table(what));
	if ((s = prep(st, sql, err)) == NULL)
		return err->code;
	bind_text(s, 1, code);
	bind_text(s, 2, name);
	return done(st, s, err, "cannot add");
}

int
ck_sti_ref_id(struct ck_store *st, const char *what, const char *code,
    int64_t *id, struct ck_err *err)
{
	char sql[160];
	sqlite3_stmt *s;
	int64_t n = 0;

	*id = 0;
	snprintf(sql, sizeof(sql), code ? "SELECT id FROM %s WHERE code = ?" :
	    "SELECT CASE count(*) WHEN 1 THEN max(id) ELSE -count(*) END"
	    " FROM %s", ref_table(what));
	if ((s = prep(st, sql, err)) == NULL)
		return err->code;
	if (code)
		bind_text(s, 1, code);
	if (one_int(st, s, &n, err))
		return err->code;
	if (n > 0)
		*id = n;
	else if (code)
		return ck_err_set(err, CK_DATA, "no %s '%s' (add it with "
		    "'img-batch %s add')", what, code, what);
	else if (n == 0)
		return ck_err_set(err, CK_DATA, "no practice yet: add one with "
		    "'img-batch practice add CODE NAME'");
	else
		return ck_err_set(err, CK_USAGE, "%lld practices: give "
		    "--practice CODE", (long long)-n);
	return 0;
}

int
ck_sti_plan_add(struct ck_store *st, const char *payer, const char *plan,
    struct ck_err *err)
{
	sqlite3_stmt *s = prep(st, "INSERT OR IGNORE INTO img_plans(payer_id,"
	    " plan) VALUES(?, ?)", err);

	if (s == NULL)
		return err->code;
	bind_text(s, 1, payer);
	bind_text(s, 2, plan);
	return done(st, s, err, "cannot add plan");
}

int
ck_sti_payer_known(struct ck_store *st, const char *payer, int *found,
    struct ck_err *err)
{
	sqlite3_stmt *s = prep(st, "SELECT EXISTS(SELECT 1 FROM img_plans"
	    " WHERE payer_id = ?1) OR EXISTS(SELECT 1 FROM claims"
	    " WHERE payer_id = ?1)", err);
	int64_t v = 0;

	if (s == NULL)
		return err->code;
	bind_text(s, 1, payer);
	if (one_int(st, s, &v, err))
		return err->code;
	*found = v != 0;
	return 0;
}

int
ck_sti_plan_of(struct ck_store *st, const char *payer, const char *plan,
    int *ok, char *owner, size_t size, struct ck_err *err)
{
	sqlite3_stmt *s = prep(st, "SELECT payer_id FROM img_plans WHERE"
	    " plan = ?2 ORDER BY payer_id = ?1 DESC, payer_id LIMIT 1", err);
	int rc;

	*ok = 0;
	owner[0] = '\0';
	if (s == NULL)
		return err->code;
	bind_text(s, 1, payer);
	bind_text(s, 2, plan);
	if ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		snprintf(owner, size, "%s", sqlite3_column_text(s, 0));
		*ok = strcmp(owner, payer) == 0;
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return ck_st_fail(st, err, "cannot read plans");
	return 0;
}

int
ck_sti_batch_insert(struct ck_store *st, const struct ck_img_new *b,
    int64_t practice, int64_t facility, int64_t *id, struct ck_err *err)
{
	sqlite3_stmt *s = prep(st, "INSERT INTO img_batches(type, practice,"
	    " description, facility, dos, received, payer_id, plan, created_at)"
	    " VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?)", err);
	char now[32];

	if (s == NULL)
		return err->code;
	ck_st_now(now, sizeof(now));
	bind_text(s, 1, b->type);
	bind_id(s, 2, practice);
	bind_text(s, 3, b->description);
	bind_id(s, 4, facility);
	bind_text(s, 5, b->dos);
	bind_text(s, 6, b->received);
	bind_text(s, 7, b->payer);
	bind_text(s, 8, b->plan);
	bind_text(s, 9, now);
	if (done(st, s, err, "cannot create batch"))
		return err->code;
	*id = sqlite3_last_insert_rowid(st->db);
	return 0;
}

int
ck_sti_batch(struct ck_store *st, int64_t id, char *type, char *status,
    struct ck_err *err)
{
	sqlite3_stmt *s = prep(st, "SELECT type, status FROM img_batches"
	    " WHERE id = ?", err);
	int rc;

	type[0] = status[0] = '\0';
	if (s == NULL)
		return err->code;
	sqlite3_bind_int64(s, 1, id);
	if ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		snprintf(type, 16, "%s", sqlite3_column_text(s, 0));
		snprintf(status, 16, "%s", sqlite3_column_text(s, 1));
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return ck_st_fail(st, err, "cannot read batch");
	return 0;
}

int
ck_sti_set_insert(struct ck_store *st, int64_t batch, int64_t *set,
    struct ck_err *err)
{
	sqlite3_stmt *s = prep(st, "INSERT INTO img_sets(batch, created_at)"
	    " VALUES(?, ?)", err);
	char now[32];

	if (s == NULL)
		return err->code;
	ck_st_now(now, sizeof(now));
	sqlite3_bind_int64(s, 1, batch);
	bind_text(s, 2, now);
	if (done(st, s, err, "cannot add set"))
		return err->code;
	*set = sqlite3_last_insert_rowid(st->db);
	return 0;
}

int
ck_sti_set_batch(struct ck_store *st, int64_t set, int64_t *batch,
    struct ck_err *err)
{
	sqlite3_stmt *s = prep(st, "SELECT batch FROM img_sets WHERE id = ?",
	    err);

	*batch = 0;
	if (s == NULL)
		return err->code;
	sqlite3_bind_int64(s, 1, set);
	return one_int(st, s, batch, err);
}

int
ck_sti_image_insert(struct ck_store *st, int64_t set, const char *sha,
    const struct ck_img_info *info, const char *name, const char *source,
    struct ck_err *err)
{
	sqlite3_stmt *s = prep(st, "INSERT OR IGNORE INTO img_files(sha256,"
	    " kind, pages, bytes) VALUES(?, ?, ?, ?)", err);
	char now[32];

	if (s == NULL)
		return err->code;
	bind_text(s, 1, sha);
	bind_text(s, 2, info->kind);
	sqlite3_bind_int64(s, 3, info->pages);
	sqlite3_bind_int64(s, 4, info->bytes);
	if (done(st, s, err, "cannot add image"))
		return err->code;
	if ((s = prep(st, "INSERT INTO img_images(set_id, seq, sha256, name,"
	    " source, added_at) VALUES(?1, (SELECT coalesce(max(seq), 0) + 1"
	    " FROM img_images WHERE set_id = ?1), ?2, ?3, ?4, ?5)", err)) == NULL)
		return err->code;
	ck_st_now(now, sizeof(now));
	sqlite3_bind_int64(s, 1, set);
	bind_text(s, 2, sha);
	bind_text(s, 3, name);
	bind_text(s, 4, source);
	bind_text(s, 5, now);
	return done(st, s, err, "cannot add image");
}

int
ck_sti_source_known(struct ck_store *st, const char *source, const char *sha,
    int *found, struct ck_err *err)
{
	sqlite3_stmt *s = prep(st, "SELECT count(*) FROM img_images"
	    " WHERE source = ? AND sha256 = ?", err);
	int64_t n = 0;

	if (s == NULL)
		return err->code;
	bind_text(s, 1, source);
	bind_text(s, 2, sha);
	if (one_int(st, s, &n, err))
		return err->code;
	*found = n > 0;
	return 0;
}

int
ck_sti_claim(struct ck_store *st, const char *claim, long line,
    int *claim_found, int *line_found, struct ck_err *err)
{
	sqlite3_stmt *s = prep(st, "SELECT EXISTS(SELECT 1 FROM claims"
	    " WHERE claim_id = ?1) * 2 + EXISTS(SELECT 1 FROM claims c"
	    " JOIN claim_lines l ON l.claim = c.id WHERE c.claim_id = ?1"
	    " AND l.line_no = ?2)", err);
	int64_t n = 0;

	if (s == NULL)
		return err->code;
	bind_text(s, 1, claim);
	sqlite3_bind_int64(s, 2, line);
	if (one_int(st, s, &n, err))
		return err->code;
	*claim_found = n >= 2;
	*line_found = n & 1;
	return 0;
}

int
ck_sti_link_text(struct ck_store *st, int64_t set, char *buf, size_t size,
    struct ck_err *err)
{
	sqlite3_stmt *s = prep(st, "SELECT CASE WHEN payment IS NOT NULL THEN"
	    " 'payment ' || payment WHEN claim_id IS NOT NULL THEN 'claim ' ||"
	    " claim_id || ' line ' || coalesce(line, 0) END FROM img_sets"
	    " WHERE id = ?", err);
	int rc;

	buf[0] = '\0';
	if (s == NULL)
		return err->code;
	sqlite3_bind_int64(s, 1, set);
	if ((rc = sqlite3_step(s)) == SQLITE_ROW && sqlite3_column_text(s, 0))
		snprintf(buf, size, "%s", sqlite3_column_text(s, 0));
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return ck_st_fail(st, err, "cannot read set");
	return 0;
}

int
ck_sti_link(struct ck_store *st, int64_t set, const char *claim, long line,
    const char *payment, struct ck_err *err)
{
	sqlite3_stmt *s = prep(st, "UPDATE img_sets SET claim_id = ?, line = ?,"
	    " payment = ?, linked_at = ? WHERE id = ?", err);
	char now[32];

	if (s == NULL)
		return err->code;
	ck_st_now(now, sizeof(now));
	bind_text(s, 1, claim);
	bind_id(s, 2, line);
	bind_text(s, 3, payment);
	bind_text(s, 4, now);
	sqlite3_bind_int64(s, 5, set);
	return done(st, s, err, "cannot link set");
}

int
ck_sti_close(struct ck_store *st, int64_t batch, struct ck_err *err)
{
	sqlite3_stmt *s = prep(st, "UPDATE img_batches SET status = 'closed',"
	    " closed_at = ? WHERE id = ?", err);
	char now[32];

	if (s == NULL)
		return err->code;
	ck_st_now(now, sizeof(now));
	bind_text(s, 1, now);
	sqlite3_bind_int64(s, 2, batch);
	return done(st, s, err, "cannot close batch");
}

int
ck_sti_seen(struct ck_store *st, const char *path, int64_t *size,
    char *mtime, size_t msize, struct ck_err *err)
{
	sqlite3_stmt *s = prep(st, "SELECT size, mtime FROM img_seen"
	    " WHERE path = ?", err);
	int rc;

	mtime[0] = '\0';
	*size = -1;
	if (s == NULL)
		return err->code;
	bind_text(s, 1, path);
	if ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		*size = sqlite3_column_int64(s, 0);
		snprintf(mtime, msize, "%s", sqlite3_column_text(s, 1));
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return ck_st_fail(st, err, "cannot read the hot folder's state");
	return 0;
}

int
ck_sti_seen_put(struct ck_store *st, const char *path, int64_t size,
    const char *mtime, struct ck_err *err)
{
	sqlite3_stmt *s = prep(st, "INSERT OR REPLACE INTO img_seen(path, size,"
	    " mtime) VALUES(?, ?, ?)", err);

	if (s == NULL)
		return err->code;
	bind_text(s, 1, path);
	sqlite3_bind_int64(s, 2, size);
	bind_text(s, 3, mtime);
	return done(st, s, err, "cannot record the hot folder's state");
}

int
ck_sti_seen_forget(struct ck_store *st, const char *path, struct ck_err *err)
{
	return RUN(st, "DELETE FROM img_seen WHERE path = ?", err, path);
}

/* Walks sql with one integer bind. */
static int
walk_int(struct ck_store *st, const char *sql, int64_t v, ck_row_cb cb,
    void *arg, struct ck_err *err)
{
	sqlite3_stmt *s = prep(st, sql, err);
	int rc;

	if (s == NULL)
		return err->code;
	sqlite3_bind_int64(s, 1, v);
	rc = ck_st_walk(st, s, cb, arg, err);
	sqlite3_finalize(s);
	return rc;
}

int
ck_sti_list(struct ck_store *st, int64_t batch, ck_row_cb cb, void *arg,
    struct ck_err *err)
{
	return walk_int(st, "SELECT b.id, b.type, p.code AS practice,"
	    " b.description, (SELECT count(*) FROM img_sets s WHERE s.batch ="
	    " b.id) AS sets, (SELECT count(*) FROM img_images i JOIN img_sets s"
	    " ON s.id = i.set_id WHERE s.batch = b.id) AS images,"
	    " (SELECT coalesce(sum(f.pages), 0) FROM img_images i JOIN img_sets"
	    " s ON s.id = i.set_id JOIN img_files f ON f.sha256 = i.sha256"
	    " WHERE s.batch = b.id) AS pages, b.status, b.created_at AS created"
	    " FROM img_batches b JOIN img_practices p ON p.id = b.practice"
	    " WHERE ?1 = 0 OR b.id = ?1 ORDER BY b.id", batch, cb, arg, err);
}

int
ck_sti_fields(struct ck_store *st, int64_t batch, ck_row_cb cb, void *arg,
    struct ck_err *err)
{
	return walk_int(st, "SELECT b.id, b.type, p.code AS practice,"
	    " b.description, fa.code AS facility, b.dos, b.received,"
	    " b.payer_id, b.plan, b.status, b.created_at AS created,"
	    " b.closed_at AS closed FROM img_batches b"
	    " JOIN img_practices p ON p.id = b.practice"
	    " LEFT JOIN img_facilities fa ON fa.id = b.facility"
	    " WHERE b.id = ?1", batch, cb, arg, err);
}

int
ck_sti_images(struct ck_store *st, int64_t batch, ck_row_cb cb, void *arg,
    struct ck_err *err)
{
	return walk_int(st, "SELECT s.batch AS batch_id, s.id AS set_id,"
	    " s.claim_id, s.line, s.payment, i.seq, i.id AS image_id, i.name,"
	    " f.kind, f.pages, f.bytes, i.sha256 FROM img_sets s"
	    " JOIN img_images i ON i.set_id = s.id"
	    " JOIN img_files f ON f.sha256 = i.sha256"
	    " WHERE ?1 = 0 OR s.batch = ?1 ORDER BY s.batch, s.id, i.seq",
	    batch, cb, arg, err);
}

int
ck_sti_sets(struct ck_store *st, int64_t batch, int unlinked, ck_row_cb cb,
    void *arg, struct ck_err *err)
{
	sqlite3_stmt *s = prep(st, "SELECT s.id AS set_id, s.batch AS batch_id,"
	    " b.type, (SELECT count(*) FROM img_images i WHERE i.set_id = s.id)"
	    " AS images, s.claim_id, s.line, s.payment, s.created_at AS created"
	    " FROM img_sets s JOIN img_batches b ON b.id = s.batch"
	    " WHERE (?1 = 0 OR s.batch = ?1) AND (?2 = 0 OR s.linked_at IS NULL)"
	    " ORDER BY s.id", err);
	int rc;

	if (s == NULL)
		return err->code;
	sqlite3_bind_int64(s, 1, batch);
	sqlite3_bind_int(s, 2, unlinked);
	rc = ck_st_walk(st, s, cb, arg, err);
	sqlite3_finalize(s);
	return rc;
}

int
ck_sti_for_payment(struct ck_store *st, const char *trace, ck_row_cb cb,
    void *arg, struct ck_err *err)
{
	return ck_st_walk_sql(st, "SELECT s.id AS set_id, s.batch AS batch_id,"
	    " b.description AS batch_description, (SELECT count(*) FROM"
	    " img_images i WHERE i.set_id = s.id) AS images FROM img_sets s"
	    " JOIN img_batches b ON b.id = s.batch WHERE s.payment = ?"
	    " ORDER BY s.id", cb, arg, err, 1, &trace);
}

int
ck_sti_ref_walk(struct ck_store *st, const char *what, ck_row_cb cb,
    void *arg, struct ck_err *err)
{
	if (strcmp(what, "plan") == 0)
		return ck_st_walk_sql(st, "SELECT payer_id, plan FROM img_plans"
		    " ORDER BY payer_id, plan", cb, arg, err, 0, NULL);
	if (strcmp(what, "facility") == 0)
		return ck_st_walk_sql(st, "SELECT code, name FROM"
		    " img_facilities ORDER BY code", cb, arg, err, 0, NULL);
	return ck_st_walk_sql(st, "SELECT code, name FROM img_practices"
	    " ORDER BY code", cb, arg, err, 0, NULL);
}
