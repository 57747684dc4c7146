#include <stdio.h>

#include "claimkit/settle.h"
#include "claim-settle.h"

static int
cmd_runs(int argc, char **argv)
{
	return ck_cli_table(argc, argv, ck_settle_runs);
}

const struct ck_cli_verb ck_verb_runs = {
	"runs", cmd_runs, "[--tsv]", "list settlement runs",
	"\nLists every settlement run: run_id, at, user, writeoff, claims,\n"
	"skipped, patient_writeoff, insurance_writeoff, status (done or\n"
	"undone), undone_at.\n"
	"\n  --tsv   print TSV instead of CSV\n"
};
