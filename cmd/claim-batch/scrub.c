#include <stdio.h>

#include "claimkit/batch.h"
#include "claimkit/fees.h"
#include "claimkit/filter.h"
#include "claimkit/scrub.h"
#include "claim-batch.h"

struct out {
	struct ck_writer w;
	long issues;
};

static int
print_issue(void *arg, const struct ck_claim *cl,
    const struct ck_scrub_issue *is)
{
	struct out *o = arg;
	char line[16];
	const char *row[] = {ck_cv(cl, CK_C_claim_id), is->rule,
	    is->col >= 0 ? ck_columns[is->col].name : "", line, is->message};

	snprintf(line, sizeof(line), "%d", is->line);
	o->issues++;
	return ck_write_row(&o->w, row, 5) ? CK_FAIL : 0;
}

/* A session held for want of a fee, as the scrub prints a problem. */
static int
print_fee(void *arg, int n, const char *const *names, const char *const *vals)
{
	struct out *o = arg;

	(void)names;
	if (vals == NULL)
		return 0;
	o->issues++;
	return ck_write_row(&o->w, vals, (size_t)n) ? CK_FAIL : 0;
}

static int
cmd_scrub(int argc, char **argv)
{
	static const struct option opts[] = {
		{"tsv", no_argument, NULL, 't'},
		{"help", no_argument, NULL, 'h'},
		CK_FILTER_LONGOPTS,
		{0},
	};
	static const char *const head[] = {"claim_id", "rule", "field", "line",
	    "message"};
	struct out o = {{stdout, 0}, 0};
	struct ck_filter f = {0};
	struct ck_err err = {0};
	struct ck_store *st = NULL;
	long claims = 0;
	int c, rc = 0;

	while ((c = ck_cli_getopt(argc, argv, "+h", opts)) != -1) {
		if (c < 0) {
			ck_filter_free(&f);
			return CK_CLI_OPTEXIT(c);
		} else if (c == 't')
			o.w.tsv = 1;
		else if (ck_filter_set(&f, c, optarg, &err)) {
			ck_filter_free(&f);
			return ck_cli_usage("%s", err.msg);
		}
	}
	if (optind < argc)
		rc = ck_cli_usage("unexpected argument '%s'", argv[optind]);
	if (rc == 0 && (rc = ck_cli_store(&st, CK_OPEN_EXISTING)) == 0) {
		if ((rc = ck_write_row(&o.w, head, 5) ? CK_FAIL : 0) == 0 &&
		    ((rc = ck_batch_scrub(st, &f, print_issue, &o, &claims,
		    &err)) || (rc = ck_store_fee_problems(st, &f, print_fee, &o,
		    &err))))
			ck_cli_fail(&err);
		else if (rc == 0)
			ck_cli_warn("scrubbed %ld ready claim%s: %ld problem%s",
			    claims, claims == 1 ? "" : "s", o.issues,
			    o.issues == 1 ? "" : "s");
	}
	ck_store_close(st);
	ck_filter_free(&f);
	return rc;
}

const struct ck_cli_verb ck_verb_scrub = {
	"scrub", cmd_scrub, "[--tsv] " CK_FILTER_SYNOPSIS,
	"check ready claims before they are batched",
	"\nChecks the ready claims the filters select and prints each problem\n"
	"as claim_id,rule,field,line,message (line 0: the claim itself).  A\n"
	"claim with a problem is never batched; 'claim-batch list' shows its\n"
	"problems until it is corrected and imported again.  Sessions that\n"
	"Invoice Creation held for want of a fee are listed too (rule fee).\n"
	"\n  --tsv   print TSV instead of CSV\n"
	"  (filters as for 'claim-batch list')\n"
};
