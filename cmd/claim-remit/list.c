#include <stdio.h>

#include "claimkit/remit.h"
#include "claim-remit.h"

static int
cmd_list(int argc, char **argv)
{
	return ck_cli_table(argc, argv, ck_rs_list);
}

const struct ck_cli_verb ck_verb_list = {
	"list", cmd_list, "[--tsv]", "list remittances",
	"\nLists every remittance read: remit_id, payer_id, payer_name,\n"
	"trace, paid_date, method, amount, claims, posted, unmatched, plb,\n"
	"status (posted, held, refused, undone), error, file, at.\n"
	"\n  --tsv   print TSV instead of CSV\n"
};
