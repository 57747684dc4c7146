#include <stdio.h>

#include "claim-upload.h"

static int
cmd_acks(int argc, char **argv)
{
	static const struct option opts[] = {
		{"rejected", no_argument, NULL, 'r'},
		{"tsv", no_argument, NULL, 't'},
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	struct ck_writer w = {stdout, 0};
	struct ck_err err = {0};
	struct ck_store *st;
	int c, rc, rejected = 0;

	while ((c = ck_cli_getopt(argc, argv, "+h", opts)) != -1) {
		if (c < 0)
			return CK_CLI_OPTEXIT(c);
		if (c == 'r')
			rejected = 1;
		else
			w.tsv = 1;
	}
	if (optind < argc)
		return ck_cli_usage("unexpected argument '%s'", argv[optind]);
	if ((rc = ck_cli_store(&st, CK_OPEN_READONLY)) != 0)
		return rc;
	if ((rc = ck_store_acks(st, rejected, ck_cli_print_row, &w, &err)) &&
	    !ferror(stdout))
		ck_cli_fail(&err);
	ck_store_close(st);
	return rc;
}

const struct ck_cli_verb ck_verb_acks = {
	"acks", cmd_acks, "[--tsv] [--rejected]",
	"print claims' acknowledgments (999, 277CA)",
	"\nPrints each claim's acknowledgments, oldest first, as\n"
	"claim_id,status,kind,source,codes,text,batch_id,file,at: accepted or\n"
	"rejected, by a 999 (the whole transaction set) or a 277CA (the claim,\n"
	"by the clearinghouse or the payer), with the codes and message.  A\n"
	"rejected claim can be corrected, imported again and batched again.\n"
	"\n  --rejected   only rejections\n"
	"  --tsv        print TSV instead of CSV\n"
};
