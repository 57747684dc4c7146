#include "claimkit/filter.h"
#include "cli.h"
#include "claim-batch.h"

static const struct ck_cli_verb verbs[] = {
	{"import", cmd_import, "[--csv|--tsv] [FILE|-]",
	    "load claims from a CSV or TSV file",
	    "\nLoads claims, one row per service line, from FILE or standard\n"
	    "input.  The import is all or nothing.  A claim id already loaded\n"
	    "is replaced unless it is in a batch.  Prints a summary to stderr.\n"
	    "\n  --csv, --tsv   the input format (default: TSV when the header\n"
	    "                 has a tab, CSV otherwise)\n"},
	{"list", cmd_list, "[--tsv] [--stdin] " CK_FILTER_SYNOPSIS,
	    "print claims as CSV or TSV",
	    "\nPrints the claims the filters select, one row per claim.\n"
	    "Repeating --payer, --provider, --office, --status or --claim\n"
	    "selects any of the values; different filters all apply.\n"
	    "\n  --tsv            print TSV instead of CSV\n"
	    "  --stdin          select the claims named in the claim_id column\n"
	    "                   of the CSV or TSV on standard input\n"
	    "  --payer ID       payer id\n"
	    "  --provider NPI   billing or rendering provider NPI\n"
	    "  --office CODE    office\n"
	    "  --from DATE      date of service on or after DATE\n"
	    "  --to DATE        date of service on or before DATE\n"
	    "  --before DATE    date of service before DATE\n"
	    "  --status STATUS  ready, batched, sent, accepted, rejected, paid,\n"
	    "                   denied, settled, or open (any but settled)\n"
	    "  --filing electronic|paper\n"
	    "  --rank 1|2|3     primary, secondary or tertiary claims\n"
	    "  --claim ID       one claim id\n"},
	{"audit", cmd_audit, "[--tsv]", "print the audit table",
	    "\nPrints every recorded change, oldest first: when, who, which\n"
	    "program, what, and the state before and after.\n"
	    "\n  --tsv   print TSV instead of CSV\n"},
	{0},
};

int
main(int argc, char **argv)
{
	return ck_cli_main("claim-batch", verbs, argc, argv);
}
