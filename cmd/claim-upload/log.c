#include <stdio.h>

#include "claim-upload.h"

static int
cmd_log(int argc, char **argv)
{
	return ck_cli_table(argc, argv, ck_store_transfers);
}

const struct ck_cli_verb ck_verb_log = {
	"log", cmd_log, "[--tsv]", "print every transfer",
	"\nPrints every transfer, oldest first: at, endpoint, direction (send\n"
	"or fetch), batch_id, name, bytes, result (sent, failed, recovered,\n"
	"fetched) and the error of a failed one.\n"
	"\n  --tsv   print TSV instead of CSV\n"
};
