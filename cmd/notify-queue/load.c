#include <stdio.h>

#include "claimkit/notify.h"
#include "notify-queue.h"

static int
cmd_load(int argc, char **argv)
{
	static const struct option opts[] = {
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	struct ck_notify_load_stats s;
	struct ck_err err = {0};
	struct ck_store *st;
	const char *path;
	int c, rc;

	while ((c = ck_cli_getopt(argc, argv, "h", opts)) != -1)
		return CK_CLI_OPTEXIT(c);
	if (argc - optind > 1)
		return ck_cli_usage("unexpected argument '%s'",
		    argv[optind + 1]);
	path = optind < argc ? argv[optind] : "-";
	if ((rc = ck_cli_store(&st, 0)) != 0)
		return rc;
	if ((rc = ck_notify_load(st, path, &s, &err)) == 0)
		fprintf(stderr, "notify-queue: loaded %ld statement row(s) "
		    "(%ld loaded before), queued %ld notification(s)\n",
		    s.rows - s.skipped, s.skipped, s.queued);
	else
		ck_cli_fail(&err);
	ck_store_close(st);
	return rc;
}

const struct ck_cli_verb nq_verb_load = {
	"load", cmd_load, "[FILE|-]",
	"load statements and queue their notifications",
	"\nLoads a statements table (CSV, or TSV when its header has a tab;\n"
	"'-' or nothing for stdin), one row per patient account on a\n"
	"statement, with the columns of claimkit(5).  It is one transaction:\n"
	"a wrong row is reported as FILE:LINE:FIELD and nothing is loaded\n"
	"(exit 65).  A row loaded before (same statement_id and patient_id)\n"
	"is skipped.  Then one notification is queued per guarantor and\n"
	"statement date, at the highest level of that guarantor's accounts,\n"
	"to be sent from the profile's send time on the statement date in\n"
	"the practice's zone.\n"
};
