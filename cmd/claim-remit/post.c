#include <stdio.h>
#include <string.h>

#include "claimkit/remit.h"
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

static int
cmd_post(int argc, char **argv)
{
	static const struct option opts[] = {
		{"held", no_argument, NULL, 'H'},
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
	int c, rc;

	while ((c = ck_cli_getopt(argc, argv, "+h", opts)) != -1) {
		if (c < 0)
			return CK_CLI_OPTEXIT(c);
		if (c == 'H')
			o.held = 1;
		else
			w.tsv = 1;
	}
	if (o.held && optind < argc)
		return ck_cli_usage("--held posts the held remittances: no "
		    "file with it");
	if ((rc = ck_cli_store(&st, 0)) != 0)
		return rc;
	if (optind < argc)
		rc = post_files(st, argc - optind, argv + optind, &o, &sum,
		    &err);
	else if ((rc = o.held ? ck_remit_post_held(st, &o, &sum, &err) :
	    ck_remit_post_fetched(st, &o, &sum, &err)) != 0)
		ck_cli_fail(&err);
	ck_store_close(st);
	if (rc == 0 && sum.bad > 0)
		rc = CK_DATA;
	return rc;
}

const struct ck_cli_verb ck_verb_post = {
	"post", cmd_post, "[--held] [--tsv] [FILE...|-]",
	"post 835 remittances to claims",
	"\nPosts each remittance (ST/SE) of the 835 FILEs, or with no FILE\n"
	"every 835 that claim-upload fetch stored and that is not posted\n"
	"yet, each in one transaction.  A remittance posted before (same\n"
	"payer and trace number, or the same file) is named and skipped; one\n"
	"that does not add up posts nothing and makes the exit 65, the\n"
	"others still post.  Prints one row per claim payment: remit_id,\n"
	"claim_id, payer_claim_id, status, charge, paid, patient_resp,\n"
	"contractual, other_adj, insurance_balance, patient_balance, codes.\n"
	"\n  --held  post the remittances a rule held, after review\n"
	"  --tsv   print TSV instead of CSV\n"
};
