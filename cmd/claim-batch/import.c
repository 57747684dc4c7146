#include <stdio.h>
#include <string.h>

#include "claimkit/import.h"
#include "cli.h"
#include "claim-batch.h"

static void
print_refused(void *arg, const struct ck_import_refusal *r)
{
	ck_cli_warn("%s:%ld: claim '%s' is %s and changed, not imported: %s",
	    (const char *)arg, r->line, r->claim_id, r->status, r->why);
}

static void
summary(const struct ck_import_stats *s, const char *name, int sessions)
{
	ck_cli_warn("imported %ld %s%s (%ld line%s) from '%s': %ld new, "
	    "%ld replaced, %ld new version%s, %ld unchanged, %ld refused",
	    s->claims, sessions ? "session" : "claim", s->claims == 1 ? "" :
	    "s", s->lines,
	    s->lines == 1 ? "" : "s", name, s->added, s->replaced, s->versions,
	    s->versions == 1 ? "" : "s", s->unchanged, s->refused);
}

static int
cmd_import(int argc, char **argv)
{
	static const struct option opts[] = {
		{"csv", no_argument, NULL, 'c'},
		{"tsv", no_argument, NULL, 't'},
		{"map", required_argument, NULL, 'm'},
		{"strict", no_argument, NULL, 's'},
		{"sessions", no_argument, NULL, 'S'},
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	struct ck_import_opts o = {.fmt = CK_FMT_AUTO, .refused = print_refused};
	struct ck_import_stats stats;
	struct ck_err err = {0};
	struct ck_store *st;
	const char *path, *name;
	int c, rc;

	while ((c = ck_cli_getopt(argc, argv, "+h", opts)) != -1) {
		if (c < 0)
			return CK_CLI_OPTEXIT(c);
		if (c == 'm')
			o.map = optarg;
		else if (c == 's')
			o.strict = 1;
		else if (c == 'S')
			o.sessions = 1;
		else
			o.fmt = c == 't' ? CK_FMT_TSV : CK_FMT_CSV;
	}
	if (argc - optind > 1)
		return ck_cli_usage("expected one file, got %d", argc - optind);
	path = optind < argc ? argv[optind] : "-";
	name = strcmp(path, "-") ? path : "<stdin>";
	o.arg = (void *)name;
	if ((rc = ck_cli_store(&st, 0)) != 0)
		return rc;
	rc = ck_import(st, path, &o, &stats, &err);
	ck_store_close(st);
	if (rc != 0) {
		ck_cli_fail(&err);
		ck_cli_warn("nothing imported");
		return rc;
	}
	summary(&stats, name, o.sessions);
	/* the rest is in; a person must look at what was not */
	return stats.refused ? CK_WAITS : 0;
}

const struct ck_cli_verb ck_verb_import = {
	"import", cmd_import, "[--csv|--tsv] [--map FILE] [--strict] [--sessions] [FILE|-]",
	"load claims from a CSV or TSV file",
	"\nLoads claims, one row per service line, from FILE or standard\n"
	"input.  Malformed data fails the whole import.  A claim already\n"
	"loaded and unchanged is left alone; a changed one is replaced when\n"
	"it is ready or rejected, becomes a new version when the payer has it\n"
	"and the row is a replacement or void (frequency 7 or 8), and is\n"
	"refused otherwise: refused claims are listed, the rest is loaded and\n"
	"the exit status is 3.  Prints a summary to stderr.\n"
	"\n  --csv, --tsv   the input format (default: TSV when the header\n"
	"                 has a tab, CSV otherwise)\n"
	"  --map FILE     read the export's column names through the column\n"
	"                 map FILE (claimkit(5))\n"
	"  --strict       a refused claim fails the whole import (exit 65)\n"
	"  --sessions     load completed sessions, without charges, for\n"
	"                 Invoice Creation to price ('invoice create')\n"
};
