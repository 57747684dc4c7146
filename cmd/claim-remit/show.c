#include <stdio.h>

#include "claimkit/remit.h"
#include "claim-remit.h"

static int
cmd_show(int argc, char **argv)
{
	static const struct option opts[] = {
		{"tsv", no_argument, NULL, 't'},
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	struct ck_writer w = {stdout, 0};
	struct ck_err err = {0};
	struct ck_store *st;
	long long id;
	int c, rc;

	while ((c = ck_cli_getopt(argc, argv, "+h", opts)) != -1) {
		if (c < 0)
			return CK_CLI_OPTEXIT(c);
		w.tsv = 1;
	}
	if (argc - optind != 1 || ck_remit_arg_id(argv[optind], &id) != 0)
		return ck_cli_usage("expected one remittance number");
	if ((rc = ck_cli_store(&st, CK_OPEN_EXISTING)) != 0)
		return rc;
	if ((rc = ck_remit_show(st, id, ck_cli_print_row, &w, &err)) != 0 &&
	    !ferror(stdout))
		ck_cli_fail(&err);
	ck_store_close(st);
	return rc;
}

const struct ck_cli_verb ck_verb_show = {
	"show", cmd_show, "[--tsv] REMIT", "show a remittance claim by claim",
	"\nShows remittance REMIT like an EOB: a row per claim payment, then\n"
	"its service lines, then the PLB adjustments of the remittance:\n"
	"level (claim, line, plb), claim_id, payer_claim_id, status, line,\n"
	"procedure, service_date, charge, paid, allowed, codes (group-\n"
	"reason:amount and remark codes), note (why unmatched, crossover\n"
	"payer, or the line's REF*6R); then a row of level images per\n"
	"img-batch payment set linked to its trace number, its note naming\n"
	"the batch and the set.\n"
	"\n  --tsv   print TSV instead of CSV\n"
};
