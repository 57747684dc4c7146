#include <stdio.h>
#include <string.h>

#include "claimkit/fees.h"
#include "claim-batch.h"

static int
fees_import(int argc, char **argv)
{
	static const struct option opts[] = {
		{"csv", no_argument, NULL, 'c'},
		{"tsv", no_argument, NULL, 't'},
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	enum ck_format fmt = CK_FMT_AUTO;
	struct ck_err err = {0};
	struct ck_store *st;
	const char *path;
	long n;
	int c, rc;

	while ((c = ck_cli_getopt(argc, argv, "+h", opts)) != -1) {
		if (c < 0)
			return CK_CLI_OPTEXIT(c);
		fmt = c == 't' ? CK_FMT_TSV : CK_FMT_CSV;
	}
	if (argc - optind != 1)
		return ck_cli_usage("fees import: expected one file (or -)");
	path = argv[optind];
	if ((rc = ck_cli_store(&st, 0)) != 0)
		return rc;
	rc = ck_fees_import(st, path, fmt, &n, &err);
	ck_store_close(st);
	if (rc) {
		ck_cli_fail(&err);
		ck_cli_warn("no fee imported");
		return rc;
	}
	ck_cli_warn("imported %ld fee%s from '%s'", n, n == 1 ? "" : "s",
	    strcmp(path, "-") ? path : "<stdin>");
	return 0;
}

static int
cmd_fees(int argc, char **argv)
{
	const char *sub = argc > 1 ? argv[1] : "";

	if (strcmp(sub, "--help") == 0 || strcmp(sub, "-h") == 0) {
		printf("usage: %s [--db PATH] fees %s\n%s", ck_cli.prog,
		    ck_cli.verb->args, ck_cli.verb->help);
		return 0;
	}
	if (strcmp(sub, "import") == 0)
		return fees_import(argc - 1, argv + 1);
	if (strcmp(sub, "list") == 0)
		return ck_cli_table(argc - 1, argv + 1, ck_store_fees);
	return ck_cli_usage("expected import or list");
}

const struct ck_cli_verb ck_verb_fees = {
	"fees", cmd_fees, "import|list [--csv|--tsv] [FILE|-]",
	"load and list fee schedules",
	"\nThe practice's charge for each procedure (and modifier), in the\n"
	"default schedule (payer_id empty) or a payer's own, from an\n"
	"effective date on.  Invoice Creation prices each session line by\n"
	"the fee in force on its date of service, times its units.\n"
	"\n  fees import FILE   load a fee table (claimkit(5)): all of it or,\n"
	"                     on an error, nothing; a fee already there for\n"
	"                     the same payer, procedure, modifier and date\n"
	"                     takes the new charge\n"
	"  fees list          print the fees, re-importable\n"
	"  --csv, --tsv       the input or output format\n"
};
