#include <stdio.h>

#include "claimkit/date.h"

#include "claimkit/notify.h"
#include "notify-queue.h"

static int
cmd_load(int argc, char **argv)
{
	static const struct option opts[] = {
		{"from-claims", no_argument, NULL, 'c'},
		{"profile", required_argument, NULL, 'p'},
		{"date", required_argument, NULL, 'd'},
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	struct ck_notify_from f = {0};
	struct ck_notify_load_stats s;
	struct ck_err err = {0};
	struct ck_store *st;
	const char *path;
	char today[11];
	int c, rc, claims = 0;

	while ((c = ck_cli_getopt(argc, argv, "h", opts)) != -1) {
		if (c < 0)
			return CK_CLI_OPTEXIT(c);
		if (c == 'c')
			claims = 1;
		else if (c == 'p')
			f.profile = optarg;
		else if (ck_date_check(optarg) < 0)
			return ck_cli_usage("--date: expected YYYY-MM-DD, got "
			    "'%s'", optarg);
		else
			f.date = optarg;
	}
	if (argc - optind > (claims ? 0 : 1))
		return ck_cli_usage("unexpected argument '%s'",
		    argv[optind + !claims]);
	if (claims != (f.profile != NULL) || (f.date && !claims))
		return ck_cli_usage("--from-claims takes --profile P [--date "
		    "DATE], and they go with it");
	if (f.date == NULL)
		f.date = ck_date_today(today);
	path = optind < argc ? argv[optind] : "-";
	if ((rc = ck_cli_store(&st, CK_OPEN_EXISTING)) != 0)
		return rc;
	if ((rc = claims ? ck_notify_load_claims(st, &f, &s, &err) :
	    ck_notify_load(st, path, &s, &err)) == 0)
		fprintf(stderr, "notify-queue: loaded %ld statement row(s) "
		    "(%ld loaded before), queued %ld notification(s)\n",
		    s.rows - s.skipped, s.skipped, s.queued);
	else
		ck_cli_fail(&err);
	ck_store_close(st);
	return rc;
}

const struct ck_cli_verb nq_verb_load = {
	"load", cmd_load, "[FILE|-] | --from-claims --profile P [--date DATE]",
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
	"\n  --from-claims   build the statements from claimkit's own claims\n"
	"                  instead: one account per claim with a patient\n"
	"                  balance and a guarantor_id (claimkit(5)), grouped\n"
	"                  by guarantor; a claim's wrong guarantor column is\n"
	"                  named by claim id, and nothing is loaded\n"
	"  --profile P     their profile\n"
	"  --date DATE     their statement date (default today)\n"
};
