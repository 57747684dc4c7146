#include <stdio.h>
#include <stdlib.h>

#include "claimkit/date.h"
#include "claim-upload.h"

static int
cmd_acks(int argc, char **argv)
{
	static const struct option opts[] = {
		{"rejected", no_argument, NULL, 'r'},
		{"claim", required_argument, NULL, 'c'},
		{"batch", required_argument, NULL, 'b'},
		{"since", required_argument, NULL, 's'},
		{"tsv", no_argument, NULL, 't'},
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	struct ck_acks_query q = {0};
	struct ck_writer w = {stdout, 0};
	struct ck_err err = {0};
	struct ck_store *st;
	char *end;
	int c, rc;

	while ((c = ck_cli_getopt(argc, argv, "+h", opts)) != -1) {
		if (c < 0)
			return CK_CLI_OPTEXIT(c);
		if (c == 'r')
			q.rejected = 1;
		else if (c == 'c')
			q.claim = optarg;
		else if (c == 'b') {
			if (strtol(optarg, &end, 10) <= 0 || *end)
				return ck_cli_usage("--batch: expected a batch "
				    "number, got '%s'", optarg);
			q.batch = optarg;
		} else if (c == 's') {
			if (ck_date_check(optarg))
				return ck_cli_usage("--since: expected a date "
				    "YYYY-MM-DD, got '%s'", optarg);
			q.since = optarg;
		} else
			w.tsv = 1;
	}
	if (optind < argc)
		return ck_cli_usage("unexpected argument '%s'", argv[optind]);
	if ((rc = ck_cli_store(&st, CK_OPEN_READONLY)) != 0)
		return rc;
	if ((rc = ck_store_acks(st, &q, ck_cli_print_row, &w, &err)) &&
	    !ferror(stdout))
		ck_cli_fail(&err);
	ck_store_close(st);
	return rc;
}

const struct ck_cli_verb ck_verb_acks = {
	"acks", cmd_acks, "[--tsv] [--rejected] [--claim ID] [--batch N] "
	"[--since DATE]",
	"print claims' acknowledgments (999, 277CA)",
	"\nPrints each claim's acknowledgments, oldest first, as\n"
	"claim_id,status,kind,source,codes,text,batch_id,file,at: accepted or\n"
	"rejected, by a 999 (the whole transaction set) or a 277CA (the claim,\n"
	"by the clearinghouse or the payer), with the codes and message.\n"
	"\n  --rejected     the worklist: each claim still rejected (its latest\n"
	"                 answer a rejection, not corrected and batched again\n"
	"                 since), once, with that rejection and its reason\n"
	"  --claim ID     only claim ID\n"
	"  --batch N      only answers about batch N\n"
	"  --since DATE   only answers applied on or after DATE (YYYY-MM-DD,\n"
	"                 UTC)\n"
	"  --tsv          print TSV instead of CSV\n"
};
