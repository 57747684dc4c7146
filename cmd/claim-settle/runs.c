#include <stdio.h>

#include "claimkit/settle.h"
#include "claim-settle.h"

static int
cmd_runs(int argc, char **argv)
{
	static const struct option opts[] = {
		{"tsv", no_argument, NULL, 't'},
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	struct ck_writer w = {stdout, 0};
	struct ck_err err = {0};
	struct ck_store *st;
	int c, rc;

	while ((c = ck_cli_getopt(argc, argv, "+h", opts)) != -1) {
		if (c < 0)
			return CK_CLI_OPTEXIT(c);
		w.tsv = 1;
	}
	if (optind < argc)
		return ck_cli_usage("unexpected argument '%s'", argv[optind]);
	if ((rc = ck_cli_store(&st, CK_OPEN_EXISTING)) != 0)
		return rc;
	if ((rc = ck_settle_runs(st, ck_cli_print_row, &w, &err)) &&
	    !ferror(stdout))
		ck_cli_fail(&err);
	ck_store_close(st);
	return rc;
}

const struct ck_cli_verb ck_verb_runs = {
	"runs", cmd_runs, "[--tsv]", "list settlement runs",
	"\nLists every settlement run: run_id, at, user, writeoff, claims,\n"
	"skipped, patient_writeoff, insurance_writeoff, status (done or\n"
	"undone), undone_at.\n"
	"\n  --tsv   print TSV instead of CSV\n"
};
