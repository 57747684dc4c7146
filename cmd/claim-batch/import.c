#include <stdio.h>
#include <string.h>

#include "claimkit/import.h"
#include "cli.h"
#include "claim-batch.h"

static int
cmd_import(int argc, char **argv)
{
	static const struct option opts[] = {
		{"csv", no_argument, NULL, 'c'},
		{"tsv", no_argument, NULL, 't'},
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	enum ck_format fmt = CK_FMT_AUTO;
	struct ck_import_stats stats;
	struct ck_err err = {0};
	struct ck_store *st;
	const char *path;
	int c, rc;

	while ((c = ck_cli_getopt(argc, argv, "+h", opts)) != -1) {
		if (c < 0)
			return CK_CLI_OPTEXIT(c);
		fmt = c == 't' ? CK_FMT_TSV : CK_FMT_CSV;
	}
	if (argc - optind > 1)
		return ck_cli_usage("expected one file, got %d", argc - optind);
	path = optind < argc ? argv[optind] : "-";
	if ((rc = ck_cli_store(&st, 0)) != 0)
		return rc;
	rc = ck_import(st, path, fmt, &stats, &err);
	ck_store_close(st);
	if (rc != 0) {
		ck_cli_fail(&err);
		ck_cli_warn("nothing imported");
		return rc;
	}
	ck_cli_warn("imported %ld claim%s (%ld line%s), replaced %ld, from "
	    "'%s'", stats.claims, stats.claims == 1 ? "" : "s", stats.lines,
	    stats.lines == 1 ? "" : "s", stats.replaced,
	    strcmp(path, "-") ? path : "<stdin>");
	return 0;
}

const struct ck_cli_verb ck_verb_import = {
	"import", cmd_import, "[--csv|--tsv] [FILE|-]",
	"load claims from a CSV or TSV file",
	"\nLoads claims, one row per service line, from FILE or standard\n"
	"input.  The import is all or nothing.  A claim id already loaded\n"
	"is replaced unless it is in a batch.  Prints a summary to stderr.\n"
	"\n  --csv, --tsv   the input format (default: TSV when the header\n"
	"                 has a tab, CSV otherwise)\n"
};
