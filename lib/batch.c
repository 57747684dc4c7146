/*
 * The batch job.  Everything happens inside one write transaction: the
 * batch rows, the claims marked batched, the control numbers taken.
 * Files are written under temporary names, fsync'd and renamed before
 * the commit; a run killed before the commit leaves files no batch row
 * names, and the next run (holding the same lock) removes them.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "claimkit/batch.h"
#include "claimkit/cms1500.h"
#include "claimkit/date.h"
#include "claimkit/money.h"
#include "claimkit/scrub.h"
#include "claimkit/settings.h"
#include "claimkit/sink.h"
#include "claimkit/x12.h"

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
	char today[11];
	struct out out[K_N];
	struct ck_run_stats *stats;
	int scrub_failed;
	long set_claims;
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

static int
open_out(struct run *r, int k)
{
	struct out *o = &r->out[k];
	cookie_io_functions_t io = {.write = sink_cookie_write};
	int rc;

	if ((rc = ck_store_batch_new(r->st, kind_name[k], &o->b.id, r->err)) ||
	    (rc = ck_sink_open(&o->sink, r->dir, r->err)))
		return rc;
	o->open = 1;
	snprintf(o->b.kind, sizeof(o->b.kind), "%s", kind_name[k]);
	snprintf(o->b.file, sizeof(o->b.file), "%s/%06lld-%s.%s", r->dir,
	    (long long)o->b.id, kind_name[k], kind_ext[k]);
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
	if ((rc = ck_sink_commit(&o->sink, o->b.file, o->b.sha256, r->err)))
		return rc;
	o->open = 2;            /* the file exists under its final name */
	snprintf(o->b.status, sizeof(o->b.status), "pending");
	return ck_store_batch_close(r->st, &o->b, k == K_837 ? o->isa : 0,
	    r->err);
}

/* Undoes what a failed run wrote. */
static void
discard(struct run *r)
{
	for (int k = 0; k < K_N; k++) {
		struct out *o = &r->out[k];
		if (o->x12)
			ck_837_end(o->x12, &(struct ck_err){0});
		if (o->fp)
			fclose(o->fp);
		if (o->open == 1)
			ck_sink_abort(&o->sink);
		if (o->open == 2)
			unlink(o->b.file);
		o->open = 0;
	}
}

/* Removes what killed runs left: temporary files, and batch files that
 * no batch row names (written, then rolled back).  Runs under the
 * write lock, so no live run is writing them. */
static int
clean_dir(struct run *r)
{
	DIR *d = opendir(r->dir);
	struct dirent *e;
	char path[8192];
	int known, rc = 0;

	if (d == NULL)
		return errno == ENOENT ? 0 : ck_err_set(r->err, CK_FAIL,
		    "cannot read '%s': %s", r->dir, strerror(errno));
	while (rc == 0 && (e = readdir(d)) != NULL) {
		size_t n = strlen(e->d_name);
		int tmp = strncmp(e->d_name, CK_SINK_TMP_PREFIX,
		    strlen(CK_SINK_TMP_PREFIX)) == 0;
		int ours = n > 7 && strspn(e->d_name, "0123456789") == 6 &&
		    e->d_name[6] == '-';
		if (!tmp && !ours)
			continue;
		snprintf(path, sizeof(path), "%s/%s", r->dir, e->d_name);
		if (!tmp && (rc = ck_store_batch_file_known(r->st, path, &known,
		    r->err)) == 0 && known)
			continue;
		if (rc == 0)
			unlink(path);
	}
	closedir(d);
	return rc;
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
	r->scrub_failed = 0;
	if ((rc = scrub_all(cl, r->today, record_issue, r)) < 0)
		return r->err->code;
	if (r->scrub_failed) {
		r->stats->failed++;
		return 0;
	}
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
cutoff(struct run *r, time_t now, char *buf, size_t size)
{
	char dwell[32];
	time_t t;
	struct tm tm;

	if (get(r, "dwell", dwell, sizeof(dwell)))
		return r->err->code;
	t = now - ck_dwell_seconds(dwell);
	gmtime_r(&t, &tm);
	strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
	return 0;
}

static int
run_locked(struct run *r, const struct ck_filter *f)
{
	time_t now = ck_now();
	char cut[32], after[128];
	struct tm tm;
	long n;
	int rc;

	localtime_r(&now, &tm);
	strftime(r->today, sizeof(r->today), "%Y-%m-%d", &tm);
	if ((strcmp(f->filing, "paper") != 0 && (rc = load_env(r, now))) ||
	    (rc = ck_batch_dir(r->st, r->dir, sizeof(r->dir), r->err)) ||
	    (rc = clean_dir(r)) || (rc = cutoff(r, now, cut, sizeof(cut))) ||
	    (rc = ck_store_select_ready(r->st, f, 1, cut, &n, r->err)) ||
	    (rc = ck_store_scrub_clear(r->st, r->err)) ||
	    (rc = ck_store_walk_selected(r->st, take_claim, r, r->err)))
		return rc;
	for (int k = 0; k < K_N; k++)
		if (r->out[k].open && (rc = close_out(r, k)))
			return rc;
	snprintf(after, sizeof(after), "selected=%ld failed=%ld batched=%ld "
	    "batches=%d", r->stats->selected, r->stats->failed,
	    r->stats->batched, (r->out[0].open != 0) + (r->out[1].open != 0));
	return ck_audit(r->st, "run", NULL, NULL, after, r->err);
}

int
ck_batch_run(struct ck_store *st, const struct ck_filter *f, ck_batch_cb cb,
    void *arg, struct ck_run_stats *stats, struct ck_err *err)
{
	struct run *r = calloc(1, sizeof(*r));
	int rc;

	memset(stats, 0, sizeof(*stats));
	if (r == NULL)
		return ck_err_set(err, CK_FAIL, "out of memory");
	r->st = st;
	r->err = err;
	r->stats = stats;
	if ((rc = ck_store_begin(st, err)) == 0) {
		if ((rc = run_locked(r, f)) == 0)
			rc = ck_store_commit(st, err);
		if (rc) {
			ck_store_rollback(st);
			discard(r);
		}
	}
	for (int k = 0; rc == 0 && k < K_N; k++)
		if (r->out[k].open && cb)
			rc = cb(arg, &r->out[k].b);
	free(r);
	return rc;
}

/* --- after the run --- */

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
		else if ((rc = ck_store_batch_status(st, id, "printed", err)) ==
		    0)
			rc = ck_audit(st, "printed", b.file, "pending",
			    "printed", err);
	}
	if (rc == 0)
		return ck_store_commit(st, err);
	ck_store_rollback(st);
	return rc;
}

int
ck_batch_void(struct ck_store *st, long long id, struct ck_err *err)
{
	struct ck_batch b;
	int rc;

	if ((rc = ck_store_begin(st, err)))
		return rc;
	if ((rc = ck_store_batch_get(st, id, &b, err)) == 0) {
		if (strcmp(b.status, "pending") != 0)
			rc = ck_err_set(err, CK_DATA, "batch %lld is %s: only a "
			    "batch not yet sent or printed can be voided", id,
			    b.status);
		else if ((rc = ck_store_batch_status(st, id, "void", err)) == 0)
			rc = ck_audit(st, "void", b.file, "pending", "void", err);
	}
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
	if ((rc = ck_store_select_ready(st, f, 0, NULL, &n, err)) == 0 &&
	    (rc = ck_store_scrub_clear(st, err)) == 0 &&
	    (rc = ck_store_walk_selected(st, scrub_one, &s, err)) == 0)
		rc = ck_store_commit(st, err);
	if (rc)
		ck_store_rollback(st);
	*claims = s.claims;
	return rc;
}
