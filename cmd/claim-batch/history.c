#include "claimkit/stages.h"
#include "claim-batch.h"

static int
cmd_history(int argc, char **argv)
{
	return ck_cli_table_of(argc, argv, "claim id", ck_store_history);
}

const struct ck_cli_verb ck_verb_history = {
	"history", cmd_history, "[--tsv] CLAIM_ID",
	"follow one claim from session to payment",
	"\nPrints the path of one claim, oldest first, as step,at,detail rows:\n"
	"imported, invoice, claim (or patient balance), batched, sent or\n"
	"printed, acknowledged or rejected, paid, partial or denied (each\n"
	"remittance posted to it: remit id, trace, amount paid), undone,\n"
	"settled.  Times are UTC.\n"
	"\n  --tsv   print TSV instead of CSV\n"
};
