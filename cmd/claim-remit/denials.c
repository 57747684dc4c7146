#include <stdio.h>

#include "claimkit/remit.h"
#include "claim-remit.h"

static int
cmd_denials(int argc, char **argv)
{
	return ck_cli_table(argc, argv, ck_rs_denials);
}

const struct ck_cli_verb ck_verb_denials = {
	"denials", cmd_denials, "[--tsv]", "list denied claims to rework",
	"\nLists the claims whose last posting denied them whole (denied)\n"
	"or in part (partial), with their codes: the insurance balance of\n"
	"what was denied stays open, never written off.  Correct the\n"
	"claim, import it again (a new version: listed no more) and batch\n"
	"it again.  Columns as post's,\n"
	"then payer_name, trace.\n"
	"\n  --tsv   print TSV instead of CSV\n"
};
