#include "img-batch.h"

static int
cmd_audit(int argc, char **argv)
{
	return ck_cli_table(argc, argv, ck_audit_walk);
}

const struct ck_cli_verb ck_verb_audit = {
	"audit", cmd_audit, "[--tsv]", "print the audit table",
	"\nPrints every recorded change, oldest first: when, who, which\n"
	"program, what, and the state before and after.\n"
	"\n  --tsv   print TSV instead of CSV\n"
};
