#include <stdio.h>
#include <string.h>

#include "claimkit/remit.h"
#include "claimkit/stages.h"
#include "claimkit/upload.h"
#include "claim-remit.h"

/* What was not posted goes to stderr, file first. */
static void
on_note(void *arg, enum ck_remit_outcome o, const char *file,
    const char *what)
{
	(void)arg;
	(void)o;
	/* a remittance that failed its checks names the file itself */
	if (strncmp(what, file, strlen(file)) == 0)
		ck_cli_warn("%s", what);
	else
		ck_cli_warn("%s: %s", file, what);
}

static int
post_files(struct ck_store *st, int argc, char **argv,
    const struct ck_remit_opts *o, struct ck_remit_sum *sum,
    struct ck_err *err)
{
	int first = 0, rc;

	char kept[4096];

	for (int i = 0; i < argc; i++) {
		const char *path = argv[i];

		/* read twice (checked, then posted): a pipe is kept first */
		if (strcmp(path, "-") == 0) {
			if ((rc = ck_remit_save(st, 0, kept, sizeof(kept),
			    err)) != 0) {
				ck_cli_fail(err);
				return rc;
			}
			path = kept;
		}
		if ((rc = ck_remit_post_file(st, path, 0, o, sum, err)) != 0) {
			ck_cli_fail(err);
			if (!first)
				first = rc;
		}
	}
	return first;
}

/* The cron form (no FILE, no --held) is ERA Processing and obeys its
 * switch; a file named or --held is a person's request and posts.
 * *off 1 when it is switched off (said, the run recorded). */
static int
era_off(struct ck_store *st, int *off, struct ck_err *err)
{
	int on = 1;

	*off = 0;
	if (ck_stage_enabled(st, CK_STAGE_ERA, &on, err) != 0)
		return err->code;
	if (on)
		return 0;
	*off = 1;
	ck_cli_warn("ERA Processing is switched off (claim-batch automation "
	    "on era): nothing posted");
	return ck_stage_record(st, CK_STAGE_ERA, "off", 0, 0, err);
}

struct fetch_all {
	struct ck_store *st;
	int rc;
};

/* Fetches the answers of one endpoint (a row of ck_store_endpoints),
 * saying a failure; the first failure's status is kept. */
static int
fetch_one(void *arg, int n, const char *const *names,
    const char *const *vals)
{
	struct fetch_all *f = arg;
	struct ck_endpoint ep;
	struct ck_err err = {0};

	(void)n;
	(void)names;
	if (vals == NULL)
		return 0;
	if (ck_store_endpoint_get(f->st, vals[0], &ep, &err) == 0 &&
	    ck_upload_fetch(f->st, &ep, 0, NULL, NULL, &err) == 0)
		return 0;
	ck_cli_warn("fetch from endpoint '%s': %s", vals[0], err.msg);
	if (f->rc == 0)
		f->rc = err.code ? err.code : CK_FAIL;
	return 0;
}

/* --fetch: every endpoint's answers first, as claim-upload fetch does,
 * so that the one cron line of ERA Processing also brings the 835s in;
 * a failure is said and what was fetched still posts.  Returns the
 * first failure's exit status, or 0. */
static int
fetch_first(struct ck_store *st)
{
	struct fetch_all f = {st, 0};
	struct ck_err err = {0};

	if (ck_store_endpoints(st, fetch_one, &f, &err) != 0) {
		ck_cli_warn("fetch: %s", err.msg);
		return err.code;
	}
	return f.rc;
}

/* The cron form, ERA Processing: its switch, its fetch and its dwell.
 * *off 1 when it is switched off, *fetched the fetch's status. */
static int
post_stage(struct ck_store *st, struct ck_remit_opts *o, int fetch,
    struct ck_remit_sum *sum, int *off, int *fetched, struct ck_err *err)
{
	char dwell[32];
	int rc;

	if ((rc = era_off(st, off, err)) != 0 || *off ||
	    (rc = ck_stage_dwell(st, CK_STAGE_ERA, dwell, sizeof(dwell),
	    err)) != 0)
		return rc;
	if (fetch)
		*fetched = fetch_first(st);
	o->dwell = dwell;
	rc = ck_remit_post_fetched(st, o, sum, err);
	o->dwell = NULL;
	if (sum->waiting > 0)
		ck_cli_warn("%ld fetched 835 file%s wait%s ERA Processing's "
		    "dwell of %s: the first posts on %s", sum->waiting,
		    sum->waiting == 1 ? "" : "s", sum->waiting == 1 ? "s" : "",
		    dwell, sum->until);
	return rc;
}

/* Records the run in the stage's history: "ok", or the failure. */
static void
era_record(struct ck_store *st, int rc, const struct ck_remit_sum *sum,
    const struct ck_err *failed)
{
	struct ck_err err = {0};
	char result[64];

	if (rc == 0)
		snprintf(result, sizeof(result), "%s", sum->bad ? "bad "
		    "remittances not posted" : "ok");
	else
		snprintf(result, sizeof(result), "%.63s", failed->msg[0] ?
		    failed->msg : "failed");
	if (ck_stage_record(st, CK_STAGE_ERA, result, sum->posted, sum->held +
	    sum->waiting, &err) != 0)
		ck_cli_fail(&err);
}

static int
cmd_post(int argc, char **argv)
{
	static const struct option opts[] = {
		{"held", no_argument, NULL, 'H'},
		{"fetch", no_argument, NULL, 'f'},
		{"tsv", no_argument, NULL, 't'},
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	struct ck_writer w = {stdout, 0};
	struct ck_remit_opts o = {.row = ck_cli_print_row, .row_arg = &w,
	    .note = on_note};
	struct ck_remit_sum sum = {0};
	struct ck_err err = {0};
	struct ck_store *st;
	int c, rc, off = 0, fetch = 0, fetched = 0;

	while ((c = ck_cli_getopt(argc, argv, "+h", opts)) != -1) {
		if (c < 0)
			return CK_CLI_OPTEXIT(c);
		if (c == 'H')
			o.held = 1;
		else if (c == 'f')
			fetch = 1;
		else
			w.tsv = 1;
	}
	if (o.held && optind < argc)
		return ck_cli_usage("--held posts the held remittances: no "
		    "file with it");
	if (fetch && (o.held || optind < argc))
		return ck_cli_usage("--fetch fetches the 835s that post with no "
		    "file: not with --held or a file");
	if ((rc = ck_cli_store(&st, CK_OPEN_EXISTING)) != 0)
		return rc;
	if (optind < argc)
		rc = post_files(st, argc - optind, argv + optind, &o, &sum,
		    &err);
	else if ((rc = o.held ? ck_remit_post_held(st, &o, &sum, &err) :
	    post_stage(st, &o, fetch, &sum, &off, &fetched, &err)) != 0)
		ck_cli_fail(&err);
	if (!off && rc != CK_USAGE)
		era_record(st, rc, &sum, &err);
	ck_store_close(st);
	if (rc == 0 && sum.bad > 0)
		rc = CK_DATA;
	rc = rc ? rc : fetched;
	/* claims left for a person: cron mails them (as import's 3) */
	if (rc == 0 && sum.unmatched > 0) {
		ck_cli_warn("%ld claim payment%s not posted: see 'claim-remit "
		    "unmatched'", sum.unmatched, sum.unmatched == 1 ? "" : "s");
		rc = 3;
	}
	return rc;
}

const struct ck_cli_verb ck_verb_post = {
	"post", cmd_post, "[--held] [--fetch] [--tsv] [FILE...|-]",
	"post 835 remittances to claims",
	"\nPosts each remittance (ST/SE) of the 835 FILEs, or with no FILE\n"
	"every 835 that claim-upload fetch stored and that is not posted\n"
	"yet, each in one transaction.  A remittance posted before (same\n"
	"payer and trace number, or the same file) is named and skipped; one\n"
	"that does not add up posts nothing and makes the exit 65, the\n"
	"others still post.  With no FILE and no --held it is the billing\n"
	"automation's ERA Processing: switched off, it posts nothing, and\n"
	"an 835 posts once it has waited the stage's dwell since it was\n"
	"fetched (default 1d: the next night).  A\n"
	"remittance with a claim an era exclusion rule matches is held\n"
	"whole.  Prints one row per claim payment: remit_id,\n"
	"claim_id, payer_claim_id, status, charge, paid, patient_resp,\n"
	"contractual, other_adj, insurance_balance, patient_balance, codes.\n"
	"\n  --held   post the remittances a rule held, after review\n"
	"  --fetch  first fetch the answers of every endpoint, as claim-upload\n"
	"           fetch does (the stage's cron line); a failure is said,\n"
	"           the 835s stored still post, and its status is the exit\n"
	"  --tsv    print TSV instead of CSV\n"
};
