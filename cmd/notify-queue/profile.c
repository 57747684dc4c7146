#include <stdio.h>
#include <string.h>

#include "claimkit/notify.h"
#include "notify-queue.h"

static int
cmd_profile(int argc, char **argv)
{
	static const struct option opts[] = {
		{"send-at", required_argument, NULL, 's'},
		{"tsv", no_argument, NULL, 't'},
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	struct ck_writer w = {stdout, 0};
	struct ck_err err = {0};
	struct ck_store *st;
	const char *send_at = "09:00", *what;
	int c, rc, n;

	while ((c = ck_cli_getopt(argc, argv, "h", opts)) != -1) {
		if (c < 0)
			return CK_CLI_OPTEXIT(c);
		if (c == 's')
			send_at = optarg;
		else
			w.tsv = 1;
	}
	n = argc - optind;
	what = n ? argv[optind] : "";
	if (!((strcmp(what, "add") == 0 && n == 2) ||
	    (strcmp(what, "rm") == 0 && n == 2) ||
	    (strcmp(what, "list") == 0 && n == 1)))
		return ck_cli_usage("expected 'add NAME', 'rm NAME' or 'list'");
	if ((rc = ck_cli_store(&st, *what == 'a' ? 0 : CK_OPEN_EXISTING)))
		return rc;
	if (*what == 'a')
		rc = ck_notify_profile_add(st, argv[optind + 1], send_at, &err);
	else if (*what == 'r')
		rc = ck_notify_profile_rm(st, argv[optind + 1], &err);
	else
		rc = ck_notify_profiles(st, ck_cli_print_row, &w, &err);
	if (rc)
		rc = err.code == CK_USAGE ? ck_cli_usage("%s", err.msg) :
		    ck_cli_fail(&err);
	ck_store_close(st);
	return rc;
}

const struct ck_cli_verb nq_verb_profile = {
	"profile", cmd_profile, "add NAME [--send-at HH:MM] | rm NAME | "
	"list [--tsv]",
	"add, remove or list statement profiles",
	"\nA statement profile groups the dunning levels of one kind of\n"
	"statement.  Its notifications are sent from the send time (default\n"
	"09:00) on the statement date, in the practice's zone (notify.tz).\n"
	"Adding a profile that exists changes its send time.  Removing one\n"
	"removes its levels; the template versions stay for the history.\n"
	"\n  --send-at HH:MM   the time of day to send\n"
	"  --tsv             print TSV instead of CSV\n"
};
