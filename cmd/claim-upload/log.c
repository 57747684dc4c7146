#include <stdio.h>

#include "claim-upload.h"

static int
cmd_log(int argc, char **argv)
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
	if ((rc = ck_store_transfers(st, ck_cli_print_row, &w, &err)) &&
	    !ferror(stdout))
		ck_cli_fail(&err);
	ck_store_close(st);
	return rc;
}

const struct ck_cli_verb ck_verb_log = {
	"log", cmd_log, "[--tsv]", "print every transfer",
	"\nPrints every transfer, oldest first: at, endpoint, direction (send\n"
	"or fetch), batch_id, name, bytes, result (sent, failed, recovered,\n"
	"fetched) and the error of a failed one.\n"
	"\n  --tsv   print TSV instead of CSV\n"
};
