/*
 * The batch job.  Everything happens inside one write transaction: the
 * batch rows, the claims marked batched, the control numbers taken.
 * Files are written under temporary names the database recorded before
 * the run began, fsync'd and linked to their final names before the
 * commit (a name that exists is never replaced); the temporary names go
 * after it.  A run killed before the commit leaves files that still have
 * a recorded temporary name, and the next run removes them: only them.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "claimkit/batch.h"
#include "claimkit/progress.h"
#include "claimkit/cms1500.h"
#include "claimkit/date.h"
#include "claimkit/money.h"
#include "claimkit/scrub.h"
#include "claimkit/settings.h"
#include "claimkit/sink.h"
#include "claimkit/x12.h"
#include "batch_int.h"

enum { K_837, K_PAPER, K_N };

struct out {
	int open;
	struct ck_batch b;
	struct ck_sink sink;
	struct ck_837 *x12;     /* K_837 */
	FILE *fp;               /* K_PAPER: a FILE over the sink */
	int forms;
	long isa;
};

struct run {
	struct ck_store *st;
	struct ck_err *err;
	struct ck_x12_env env;
	char dir[3900];
	char prefix[64];        /* of this run's temporary names */
	int64_t temps_id;       /* the row that records them */
	char today[11];
	long max_claims;        /* per file; 0: no cap */
	struct out out[K_N];
	struct ck_batch *done;  /* files linked under their final names */
	size_t ndone, cap;
	struct ck_run_stats *stats;
	int scrub_failed;
};

int
ck_batch_dir(struct ck_store *st, char *buf, size_t size, struct ck_err *err)
{
	if (ck_setting(st, "batch_dir", buf, size, err))
		return err->code;
	if (buf[0])
		return 0;
	return ck_store_files(st, "batches", buf, size, err);
}

/* --- the envelope, from the settings --- */

static long
next_st(void *arg)
{
	struct run *r = arg;
	long v = 0;

	if (ck_store_counter(r->st, "st", 1, &v, r->err))
		return 0;
	return v % 1000000000;
}

static int
set_done(void *arg, long st_control, long claims, struct ck_err *err)
{
	struct run *r = arg;

	return ck_store_batch_set(r->st, r->out[K_837].b.id, st_control,
	    claims, err);
}

static int
get(struct run *r, const char *key, char *buf, size_t size)
{
	return ck_setting(r->st, key, buf, size, r->err);
}

static int
load_env(struct run *r, time_t now)
{
	struct ck_x12_env *e = &r->env;
	char v[8];
	struct tm tm;

	if (ck_settings_require(r->st, r->err) ||
	    get(r, "submitter_name", e->submitter_name, sizeof(e->submitter_name)) ||
	    get(r, "submitter_id", e->submitter_id, sizeof(e->submitter_id)) ||
	    get(r, "submitter_contact", e->submitter_contact,
	    sizeof(e->submitter_contact)) ||
	    get(r, "submitter_phone", e->submitter_phone,
	    sizeof(e->submitter_phone)) ||
	    get(r, "receiver_name", e->receiver_name, sizeof(e->receiver_name)) ||
	    get(r, "receiver_id", e->receiver_id, sizeof(e->receiver_id)) ||
	    get(r, "isa_sender_qualifier", e->isa_sender_qual,
	    sizeof(e->isa_sender_qual)) ||
	    get(r, "isa_sender_id", e->isa_sender_id, sizeof(e->isa_sender_id)) ||
	    get(r, "isa_receiver_qualifier", e->isa_receiver_qual,
	    sizeof(e->isa_receiver_qual)) ||
	    get(r, "isa_receiver_id", e->isa_receiver_id,
	    sizeof(e->isa_receiver_id)) ||
	    get(r, "gs_sender", e->gs_sender, sizeof(e->gs_sender)) ||
	    get(r, "gs_receiver", e->gs_receiver, sizeof(e->gs_receiver)))
		return r->err->code;
	if (get(r, "usage", v, sizeof(v)))
		return r->err->code;
	e->usage = v[0];
	if (get(r, "ack_requested", v, sizeof(v)))
		return r->err->code;
	e->ack = v[0];
	if (get(r, "segment_newline", v, sizeof(v)))
		return r->err->code;
	e->newline = strcmp(v, "yes") == 0;
	localtime_r(&now, &tm);
	strftime(e->date, sizeof(e->date), "%Y%m%d", &tm);
	strftime(e->time, sizeof(e->time), "%H%M", &tm);
	e->next_st = next_st;
	e->set_done = set_done;
	e->arg = r;
	return 0;
}

/* --- batch files --- */

static const char *const kind_name[K_N] = {"837P", "CMS1500"};
static const char *const kind_ext[K_N] = {"x12", "txt"};

static ssize_t
sink_cookie_write(void *c, const char *buf, size_t n)
{
	ck_sink_write(c, buf, n);
	return (ssize_t)n;
}

/* The temporary name of final path, under this run's recorded prefix. */
static void
tmp_name(const struct run *r, const char *final, char *buf, size_t size)
{
	snprintf(buf, size, "%s/%s%s", r->dir, r->prefix,
	    strrchr(final, '/') + 1);
}

static int
open_out(struct run *r, int k)
{
	struct out *o = &r->out[k];
	cookie_io_functions_t io = {.write = sink_cookie_write};
	char tmp[8192];
	int rc;

	memset(&o->b, 0, sizeof(o->b));
	o->forms = 0;
	if ((rc = ck_store_batch_new(r->st, kind_name[k], &o->b.id, r->err)))
		return rc;
	snprintf(o->b.kind, sizeof(o->b.kind), "%s", kind_name[k]);
	snprintf(o->b.file, sizeof(o->b.file), "%s/%06lld-%s.%s", r->dir,
	    (long long)o->b.id, kind_name[k], kind_ext[k]);
	tmp_name(r, o->b.file, tmp, sizeof(tmp));
	if ((rc = ck_sink_create(&o->sink, tmp, r->err)))
		return rc;
	o->open = 1;
	if (k == K_PAPER) {
		o->fp = fopencookie(&o->sink, "w", io);
		return o->fp ? 0 : ck_err_set(r->err, CK_FAIL, "out of memory");
	}
	if ((rc = ck_store_counter(r->st, "isa", 1, &o->isa, r->err)))
		return rc;
	r->env.isa_control = o->isa % 1000000000;
	return ck_837_begin(&o->x12, &o->sink, &r->env, (long long)o->b.id,
	    r->err);
}

/* Keeps b among the files this run linked (to print, or to undo). */
static int
keep_done(struct run *r, const struct ck_batch *b)
{
	if (r->ndone == r->cap) {
		size_t cap = r->cap ? 2 * r->cap : 4;
		struct ck_batch *d = realloc(r->done, cap * sizeof(*d));
		if (d == NULL)
			return ck_err_set(r->err, CK_FAIL, "out of memory");
		r->done = d;
		r->cap = cap;
	}
	r->done[r->ndone++] = *b;
	return 0;
}

static int
close_out(struct run *r, int k)
{
	struct out *o = &r->out[k];
	int rc = 0;

	if (k == K_837) {
		rc = ck_837_end(o->x12, r->err);
		o->x12 = NULL;
	} else if (fclose(o->fp) != 0)
		rc = ck_err_set(r->err, CK_FAIL, "cannot write '%s'", o->b.file);
	o->fp = NULL;
	if (rc)
		return rc;
	o->b.bytes = (int64_t)o->sink.bytes;
	if ((rc = ck_sink_link(&o->sink, o->b.file, o->b.sha256, r->err)))
		return rc;
	o->open = 0;
	snprintf(o->b.status, sizeof(o->b.status), "pending");
	if ((rc = keep_done(r, &o->b))) {
		unlink(o->b.file);
		ck_sink_abort(&o->sink);
		return rc;
	}
	return ck_store_batch_close(r->st, &o->b, k == K_837 ? o->isa : 0,
	    r->err);
}

/* Undoes what a failed run wrote; runs before the rollback, under the
 * write lock, so no other run can take the same batch numbers yet. */
static void
discard(struct run *r)
{
	char tmp[8192];

	for (int k = 0; k < K_N; k++) {
		struct out *o = &r->out[k];
		if (o->x12)
			ck_837_end(o->x12, &(struct ck_err){0});
		if (o->fp)
			fclose(o->fp);
		if (o->open)
			ck_sink_abort(&o->sink);
		o->x12 = NULL;
		o->fp = NULL;
		o->open = 0;
	}
	for (size_t i = 0; i < r->ndone; i++) {
		tmp_name(r, r->done[i].file, tmp, sizeof(tmp));
		unlink(r->done[i].file);
		unlink(tmp);
	}
	r->ndone = 0;
}

/* After the commit the files are the batches': their temporary names
 * go. */
static void
drop_temps(struct run *r)
{
	char tmp[8192];

	for (size_t i = 0; i < r->ndone; i++) {
		tmp_name(r, r->done[i].file, tmp, sizeof(tmp));
		unlink(tmp);
	}
}

/* --- the walk --- */

/*
 * The scrub, and for a paper claim the print layout's own check (an
 * amount too wide for its box would print wrong): one list of problems
 * for the run and the scrub verb alike.  Returns as ck_scrub_claim.
 */
static int
scrub_all(const struct ck_claim *cl, const char *today, ck_scrub_cb cb,
    void *arg)
{
	struct ck_scrub_issue is = {"cms1500", -1, 0, ""};
	struct ck_err e = {0};
	int n = ck_scrub_claim(cl, today, cb, arg), rc;

	if (n < 0 || strcmp(cl->filing, "paper") != 0 ||
	    ck_cms1500_check(cl, &e) == 0)
		return n;
	/* its message names the claim first; the caller does that */
	snprintf(is.message, sizeof(is.message), "%.250s", strncmp(e.msg, "claim ",
	    6) == 0 && strstr(e.msg, ": ") ? strstr(e.msg, ": ") + 2 : e.msg);
	if ((rc = cb(arg, cl, &is)) != 0)
		return rc > 0 ? -rc : rc;
	return n + 1;
}

static int
record_issue(void *arg, const struct ck_claim *cl,
    const struct ck_scrub_issue *is)
{
	struct run *r = arg;

	r->scrub_failed = 1;
	return ck_store_scrub_add(r->st, cl->id, is->rule, is->col >= 0 ?
	    ck_columns[is->col].name : "", is->line, is->message, r->err);
}

static int
take_claim(void *arg, const struct ck_claim *cl)
{
	struct run *r = arg;
	int k = strcmp(cl->filing, "paper") == 0 ? K_PAPER : K_837, rc;
	struct out *o = &r->out[k];

	r->stats->selected++;
	ck_progress_tick(ck_store_progress(r->st), "batching claims",
	    r->stats->selected, -1);
	r->scrub_failed = 0;
	if ((rc = scrub_all(cl, r->today, record_issue, r)) < 0)
		return r->err->code;
	if (r->scrub_failed) {
		r->stats->failed++;
		return 0;
	}
	/* a capped file is full: the claim starts the next one */
	if (o->open && r->max_claims > 0 && o->b.claims >= r->max_claims &&
	    (rc = close_out(r, k)))
		return rc;
	if (!o->open && (rc = open_out(r, k)))
		return rc;
	if (k == K_837)
		rc = ck_837_claim(o->x12, cl, r->err);
	else
		rc = ck_cms1500_write_dated(o->fp, cl, r->today, &o->forms,
		    r->err);
	if (rc || (rc = ck_store_batch_add(r->st, o->b.id, cl->id,
	    k == K_837 ? ck_837_set(o->x12) : 0, r->err)))
		return rc;
	o->b.claims++;
	o->b.total_charge += cl->total_charge;
	r->stats->batched++;
	return 0;
}

static int
run_locked(struct run *r, const struct ck_filter *f)
{
	time_t now = ck_now();
	char after[200], max[16];
	long held[4];
	struct tm tm;
	long n;
	int rc;

	localtime_r(&now, &tm);
	strftime(r->today, sizeof(r->today), "%Y-%m-%d", &tm);
	if ((strcmp(f->filing, "paper") != 0 && (rc = load_env(r, now))) ||
	    (rc = get(r, "batch_max_claims", max, sizeof(max))) ||
	    (rc = ck_store_select_ready(r->st, f, 1, &n, r->err)) ||
	    (rc = ck_store_held(r->st, held, r->err)) ||
	    (rc = ck_store_scrub_clear(r->st, r->err)))
		return rc;
	r->stats->in_batch = held[0];
	r->stats->in_ref = held[1];
	r->stats->by_rule = held[2];
	r->stats->by_dwell = held[3];
	r->max_claims = atol(max);
	if ((rc = ck_store_walk_selected(r->st, take_claim, r, r->err)))
		return rc;
	for (int k = 0; k < K_N; k++)
		if (r->out[k].open && (rc = close_out(r, k)))
			return rc;
	snprintf(after, sizeof(after), "selected=%ld failed=%ld batched=%ld "
	    "batches=%zu dwell=%ld ref=%ld rule=%ld live=%ld",
	    r->stats->selected, r->stats->failed, r->stats->batched, r->ndone,
	    r->stats->by_dwell, r->stats->in_ref, r->stats->by_rule,
	    r->stats->in_batch);
	return ck_audit(r->st, "run", NULL, NULL, after, r->err);
}

/* The manifest's order: 837P batches first, each kind by number. */
static int
by_kind(const void *a, const void *b)
{
	const struct ck_batch *x = a, *y = b;
	int k = strcmp(x->kind, y->kind);

	return k ? k : (x->id > y->id) - (x->id < y->id);
}

/* The run proper, under the run lock, its temporary names recorded. */
static int
run_tx(struct run *r, const struct ck_filter *f)
{
	int rc;

	if ((rc = ck_store_begin(r->st, r->err)))
		return rc;
	if ((rc = run_locked(r, f)) == 0 &&
	    (rc = ck_store_commit(r->st, r->err)) == 0) {
		drop_temps(r);
		return 0;
	}
	discard(r);
	ck_store_rollback(r->st);
	return rc;
}

int
ck_batch_run(struct ck_store *st, const struct ck_filter *f, ck_batch_cb cb,
    void *arg, struct ck_run_stats *stats, struct ck_err *err)
{
	struct run *r = calloc(1, sizeof(*r));
	int rc, lock = -1;

	memset(stats, 0, sizeof(*stats));
	if (r == NULL)
		return ck_err_set(err, CK_FAIL, "out of memory");
	r->st = st;
	r->err = err;
	r->stats = stats;
	if ((rc = ck_batch_lock(st, &lock, err)) == 0 &&
	    (rc = ck_batch_dir(st, r->dir, sizeof(r->dir), err)) == 0 &&
	    (rc = ck_batch_temps_begin(st, r->dir, r->prefix,
	    sizeof(r->prefix), &r->temps_id, err)) == 0) {
		rc = run_tx(r, f);
		ck_batch_temps_end(st, r->temps_id);
	}
	ck_batch_unlock(lock);
	ck_progress_end(ck_store_progress(st));
	if (rc == 0 && r->ndone > 1)
		qsort(r->done, r->ndone, sizeof(*r->done), by_kind);
	for (size_t i = 0; rc == 0 && cb && i < r->ndone; i++)
		rc = cb(arg, &r->done[i]);
	free(r->done);
	free(r);
	return rc;
}

/* --- after the run --- */

int
ck_batch_check_file(const struct ck_batch *b, struct ck_err *err)
{
	char sha[72];

	if (ck_sha256_file(b->file, sha, err))
		return ck_err_prefix(err, "batch %lld", (long long)b->id);
	if (strcmp(sha, b->sha256) != 0)
		return ck_err_set(err, CK_DATA, "batch %lld: its file '%s' has "
		    "changed since the run wrote it (sha256 %.12s..., expected "
		    "%.12s...): it is not the batch's file", (long long)b->id,
		    b->file, sha, b->sha256);
	return 0;
}

int
ck_batch_printed(struct ck_store *st, long long id, struct ck_err *err)
{
	struct ck_batch b;
	int rc;

	if ((rc = ck_store_begin(st, err)))
		return rc;
	if ((rc = ck_store_batch_get(st, id, &b, err)) == 0) {
		if (strcmp(b.kind, "CMS1500") != 0)
			rc = ck_err_set(err, CK_DATA, "batch %lld is an 837P "
			    "batch: only paper batches are printed", id);
		else if (strcmp(b.status, "pending") != 0)
			rc = ck_err_set(err, CK_DATA, "batch %lld is %s, not "
			    "waiting to be printed", id, b.status);
		else if ((rc = ck_batch_check_file(&b, err)) == 0 &&
		    (rc = ck_store_batch_status(st, id, "printed", err)) == 0)
			rc = ck_audit(st, "printed", b.file, "pending",
			    "printed", err);
	}
	if (rc == 0)
		return ck_store_commit(st, err);
	ck_store_rollback(st);
	return rc;
}

/* A pending batch's file goes with it, if it is still the batch's. */
static int
void_check(const struct ck_batch *b, struct ck_err *err)
{
	if (strcmp(b->status, "pending") != 0)
		return ck_err_set(err, CK_DATA, "batch %lld is %s: only a batch "
		    "not yet sent or printed can be voided", (long long)b->id,
		    b->status);
	if (access(b->file, F_OK) < 0 && errno == ENOENT)
		return 0;
	return ck_batch_check_file(b, err);
}

int
ck_batch_void(struct ck_store *st, long long id, struct ck_err *err)
{
	struct ck_batch b;
	int rc;

	if ((rc = ck_store_begin(st, err)))
		return rc;
	if ((rc = ck_store_batch_get(st, id, &b, err)) == 0 &&
	    (rc = void_check(&b, err)) == 0 &&
	    (rc = ck_store_batch_status(st, id, "void", err)) == 0)
		rc = ck_audit(st, "void", b.file, "pending", "void", err);
	if (rc == 0 && (rc = ck_store_commit(st, err)) == 0) {
		/* The row says void before the file goes: a kill between
		 * the two leaves a file no live batch uses, never a live
		 * batch without its file. */
		if (unlink(b.file) < 0 && errno != ENOENT)
			return ck_err_set(err, CK_FAIL, "batch %lld voided, but "
			    "cannot remove '%s': %s", id, b.file,
			    strerror(errno));
		return 0;
	}
	ck_store_rollback(st);
	return rc;
}

struct scrub_walk {
	struct ck_store *st;
	struct ck_err *err;
	ck_issue_cb cb;
	void *arg;
	char today[11];
	long claims;
};

static int
scrub_issue(void *arg, const struct ck_claim *cl,
    const struct ck_scrub_issue *is)
{
	struct scrub_walk *s = arg;
	int rc;

	if ((rc = ck_store_scrub_add(s->st, cl->id, is->rule, is->col >= 0 ?
	    ck_columns[is->col].name : "", is->line, is->message, s->err)))
		return rc;
	return s->cb ? s->cb(s->arg, cl, is) : 0;
}

static int
scrub_one(void *arg, const struct ck_claim *cl)
{
	struct scrub_walk *s = arg;

	s->claims++;
	return scrub_all(cl, s->today, scrub_issue, s) < 0 ?
	    (s->err->code ? s->err->code : CK_FAIL) : 0;
}

int
ck_batch_scrub(struct ck_store *st, const struct ck_filter *f, ck_issue_cb cb,
    void *arg, long *claims, struct ck_err *err)
{
	struct scrub_walk s = {st, err, cb, arg, "", 0};
	time_t now = ck_now();
	struct tm tm;
	long n;
	int rc;

	localtime_r(&now, &tm);
	strftime(s.today, sizeof(s.today), "%Y-%m-%d", &tm);
	if ((rc = ck_store_begin(st, err)))
		return rc;
	if ((rc = ck_store_select_ready(st, f, 0, &n, err)) == 0 &&
	    (rc = ck_store_scrub_clear(st, err)) == 0 &&
	    (rc = ck_store_walk_selected(st, scrub_one, &s, err)) == 0)
		rc = ck_store_commit(st, err);
	if (rc)
		ck_store_rollback(st);
	*claims = s.claims;
	return rc;
}
