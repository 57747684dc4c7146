#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "claimkit/batch.h"
#include "claimkit/filter.h"
#include "claimkit/money.h"
#include "claimkit/stages.h"
#include "claimkit/upload.h"
#include "claim-batch.h"

struct manifest {
	struct ck_writer w;
	int header;
};

/* --upload: send the 837P batches waiting as 'claim-upload send --pending' would;
 * the manifest on stdout stays the run's, the sends are told on stderr
 * and in 'claim-upload log'. */
static int
told(void *arg, const struct ck_sent *s)
{
	(void)arg;
	ck_cli_warn("batch %lld %s%s%s%s", (long long)s->batch_id, s->status,
	    s->remote_name[0] ? " as " : "", s->remote_name,
	    "");
	if (s->note[0])
		ck_cli_warn("  %s", s->note);
	return 0;
}

static int
upload_batches(struct ck_store *st, const char *name)
{
	struct ck_endpoint ep;
	struct ck_err err = {0};
	int64_t *ids = NULL;
	long n = 0;
	int rc;

	/* every 837P batch waiting, not only this run's: one an earlier
	 * run --upload left pending or sending (killed, or the network
	 * down) would otherwise wait for good under the nightly stage */
	if ((rc = ck_store_sendable(st, &ids, &n, &err)) == 0 && n > 0 &&
	    (rc = ck_transport_init(&err)) == 0) {
		if ((rc = ck_store_endpoint_get(st, name, &ep, &err)) == 0)
			rc = ck_upload_send(st, &ep, ids, n, 0, told, NULL,
			    &err);
		ck_transport_cleanup();
	}
	free(ids);
	return rc ? ck_cli_fail(&err) : 0;
}

static const char *const head[] = {"batch_id", "kind", "claims",
    "total_charge", "file", "sha256"};

/* The header goes out with the first batch, or alone after a run that
 * batched nothing; a failed run prints nothing. */
static int
print_head(struct manifest *m)
{
	if (m->header++)
		return 0;
	return ck_write_row(&m->w, head, 6) ? CK_FAIL : 0;
}

static int
print_batch(void *arg, const struct ck_batch *b)
{
	struct manifest *m = arg;
	char id[24], n[24], total[24];
	const char *row[] = {id, b->kind, n, total, b->file, b->sha256};

	if (print_head(m))
		return CK_FAIL;
	snprintf(id, sizeof(id), "%lld", (long long)b->id);
	snprintf(n, sizeof(n), "%ld", b->claims);
	ck_money_format(b->total_charge, total);
	return ck_write_row(&m->w, row, 6) ? CK_FAIL : 0;
}

/* Every reason a ready claim stayed, so 0 batched is never a mystery. */
static void
summary(const struct ck_run_stats *s)
{
	ck_cli_warn("%ld claim%s batched, %ld held by the scrub (see "
	    "'claim-batch scrub'), %ld by the dwell, %ld in reference batches, "
	    "%ld by exclusion rules, %ld in live batches (see 'claim-batch "
	    "list')", s->batched, s->batched == 1 ? "" : "s", s->failed,
	    s->by_dwell, s->in_ref, s->by_rule, s->in_batch);
}

/* run --upload is what cron runs for Claims Submission: switched off,
 * it batches and sends nothing (-1), and says so. */
static int
submission_off(struct ck_store *st)
{
	struct ck_err err = {0};
	int on = 1;

	if (ck_stage_enabled(st, CK_STAGE_SUBMIT, &on, &err))
		return ck_cli_fail(&err);
	if (on)
		return 0;
	ck_cli_warn("%s is switched off: nothing done (claim-batch automation "
	    "on %s)", ck_stages[CK_STAGE_SUBMIT].title,
	    ck_stages[CK_STAGE_SUBMIT].name);
	if (ck_stage_record(st, CK_STAGE_SUBMIT, "off", 0, 0, &err))
		return ck_cli_fail(&err);
	return -1;
}

int
run_options(int argc, char **argv, struct run_opts *o)
{
	static const struct option opts[] = {
		{"tsv", no_argument, NULL, 't'},
		{"paper-only", no_argument, NULL, 'p'},
		{"electronic-only", no_argument, NULL, 'e'},
		{"upload", no_argument, NULL, 'u'},
		{"endpoint", required_argument, NULL, 'E'},
		{"help", no_argument, NULL, 'h'},
		CK_FILTER_LONGOPTS,
		{0},
	};
	struct ck_err err = {0};
	int c;

	memset(o, 0, sizeof(*o));
	while ((c = ck_cli_getopt(argc, argv, "+h", opts)) != -1) {
		if (c < 0)
			return c;
		else if (c == 't')
			o->tsv = 1;
		else if (c == 'u')
			o->upload = 1;
		else if (c == 'E')
			o->endpoint = optarg;
		else if ((c == 'p' || c == 'e' || c == CK_FILTER_OPT + 7) &&
		    o->f.filing[0])
			return ck_cli_usage("--paper-only, --electronic-only and "
			    "--filing exclude each other");
		else if (c == 'p' || c == 'e')
			snprintf(o->f.filing, sizeof(o->f.filing), "%s",
			    c == 'p' ? "paper" : "electronic");
		else if (ck_filter_set(&o->f, c, optarg, &err))
			return ck_cli_usage("%s", err.msg);
	}
	if (optind < argc)
		return ck_cli_usage("unexpected argument '%s'", argv[optind]);
	if (o->endpoint && !o->upload)
		return ck_cli_usage("--endpoint goes with --upload");
	return 0;
}

static int
cmd_run(int argc, char **argv)
{
	struct manifest m = {{stdout, 0}, 0};
	struct ck_run_stats stats = {0};
	struct run_opts o;
	struct ck_err err = {0};
	struct ck_store *st = NULL;
	int rc;

	if ((rc = run_options(argc, argv, &o)) != 0) {
		ck_filter_free(&o.f);
		return rc < 0 ? CK_CLI_OPTEXIT(rc) : rc;
	}
	m.w.tsv = o.tsv;
	if ((rc = ck_cli_store(&st, CK_OPEN_EXISTING)) == 0 && o.upload &&
	    (rc = submission_off(st)) != 0)
		rc = rc < 0 ? print_head(&m) : rc;
	else if (rc == 0) {
		if ((rc = ck_batch_run(st, &o.f, print_batch, &m, &stats,
		    &err)))
			ck_cli_fail(&err);
		else if ((rc = print_head(&m)) == 0)
			summary(&stats);
		if (rc == 0 && o.upload)
			rc = upload_batches(st, o.endpoint);
		if (o.upload && ck_stage_record(st, CK_STAGE_SUBMIT, rc ? "failed"
		    : "ok", stats.batched, stats.failed + stats.by_dwell +
		    stats.in_ref + stats.by_rule, &err) && rc == 0)
			rc = ck_cli_fail(&err);
	}
	ck_store_close(st);
	ck_filter_free(&o.f);
	return rc;
}

const struct ck_cli_verb ck_verb_run = {
	"run", cmd_run, "[--tsv] [--paper-only|--electronic-only] "
	"[--upload [--endpoint NAME]] " CK_FILTER_SYNOPSIS,
	"batch ready claims into 837P and CMS-1500 files",
	"\nScrubs the ready claims the filters select and writes those that\n"
	"pass into an 837P file (electronic claims) and a CMS-1500 print\n"
	"file (paper claims), more files when batch_max_claims caps them.\n"
	"Claims in a live batch already, in an open reference batch, matched\n"
	"by an exclusion rule, or within the dwell (in days: nights) are left\n"
	"for a later run, and counted on stderr.  Prints one manifest row per\n"
	"batch written: batch_id,kind,claims,total_charge,file,sha256 (just\n"
	"the header when there was nothing to batch).\n"
	"\n  --tsv               print TSV instead of CSV\n"
	"  --paper-only        batch paper claims only\n"
	"  --electronic-only   batch electronic claims only\n"
	"  --upload            then send every 837P batch waiting (this run's,\n"
	"                      and any an earlier run left pending) as\n"
	"                      'claim-upload send --pending' does (exit 75\n"
	"                      when a send failed; the batch stays pending\n"
	"                      for the next try); this is\n"
	"                      Claims Submission: when 'automation off\n"
	"                      submission' switched it off, nothing is done\n"
	"  --endpoint NAME     the endpoint to send to, with --upload\n"
	"  (filters as for 'claim-batch list')\n"
};
