#include <stdio.h>

#include "claimkit/remit.h"
#include "claim-remit.h"

static int
cmd_match(int argc, char **argv)
{
	static const struct option opts[] = {
		{"tsv", no_argument, NULL, 't'},
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	struct ck_writer w = {stdout, 0};
	struct ck_remit_opts o = {.row = ck_cli_print_row, .row_arg = &w};
	struct ck_err err = {0};
	struct ck_store *st;
	long long id;
	int c, rc;

	while ((c = ck_cli_getopt(argc, argv, "+h", opts)) != -1) {
		if (c < 0)
			return CK_CLI_OPTEXIT(c);
		w.tsv = 1;
	}
	if (argc - optind != 2 || ck_remit_arg_id(argv[optind], &id) != 0)
		return ck_cli_usage("expected REMIT_CLAIM (a number from "
		    "claim-remit unmatched) and CLAIM_ID");
	if ((rc = ck_cli_store(&st, CK_OPEN_EXISTING)) != 0)
		return rc;
	if ((rc = ck_remit_match(st, id, argv[optind + 1], &o, &err)) != 0)
		ck_cli_fail(&err);
	ck_store_close(st);
	return rc;
}

const struct ck_cli_verb ck_verb_match = {
	"match", cmd_match, "[--tsv] REMIT_CLAIM CLAIM_ID",
	"post an unmatched claim payment to a claim by hand",
	"\nPosts the unmatched claim payment REMIT_CLAIM (see 'claim-remit\n"
	"unmatched') to claim CLAIM_ID, by the same rules as post, its lines\n"
	"not matched one by one.  Prints its post row.\n"
	"\n  --tsv   print TSV instead of CSV\n"
};
