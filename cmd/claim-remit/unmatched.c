#include <stdio.h>

#include "claimkit/remit.h"
#include "claim-remit.h"

static int
cmd_unmatched(int argc, char **argv)
{
	return ck_cli_table(argc, argv, ck_rs_unmatched_list);
}

const struct ck_cli_verb ck_verb_unmatched = {
	"unmatched", cmd_unmatched, "[--tsv]",
	"list claim payments that matched no claim",
	"\nLists the claim payments of posted remittances that were not\n"
	"posted, and why: remit_claim, remit_id, payer_name, trace,\n"
	"claim_id, payer_claim_id, clp_status, charge, paid, reason.  Post\n"
	"one by hand with 'claim-remit match REMIT_CLAIM CLAIM_ID'.\n"
	"\n  --tsv   print TSV instead of CSV\n"
};
