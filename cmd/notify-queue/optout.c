#include <stdio.h>
#include <string.h>

#include "claimkit/notify.h"
#include "notify-queue.h"

static int
cmd_optout(int argc, char **argv)
{
	static const struct option opts[] = {
		{"tsv", no_argument, NULL, 't'},
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	struct ck_err err = {0};
	struct ck_store *st;
	const char *what, *a;
	int c, rc, n, tsv = 0;

	while ((c = ck_cli_getopt(argc, argv, "h", opts)) != -1) {
		if (c < 0)
			return CK_CLI_OPTEXIT(c);
		tsv = 1;
	}
	n = argc - optind;
	what = n ? argv[optind] : "";
	if (n == 1 && strcmp(what, "list") == 0)
		return nq_table(tsv, ck_notify_optouts);
	if (n != 2 || (strcmp(what, "add") && strcmp(what, "rm")))
		return ck_cli_usage("expected 'add ADDRESS', 'rm ADDRESS' or "
		    "'list'");
	a = argv[optind + 1];
	if (ck_notify_email_check(a) < 0 && ck_notify_phone_check(a) < 0)
		return ck_cli_usage("expected an email address or an E.164 "
		    "number, got '%s'", a);
	if ((rc = ck_cli_store(&st, CK_OPEN_EXISTING)) != 0)
		return rc;
	if ((rc = ck_notify_optout(st, a, *what == 'a', &err)))
		ck_cli_fail(&err);
	ck_store_close(st);
	return rc;
}

const struct ck_cli_verb nq_verb_optout = {
	"optout", cmd_optout, "add ADDRESS | rm ADDRESS | list [--tsv]",
	"keep, remove or list addresses never to write to",
	"\nAn email address or a mobile number (E.164) on the opt-out list is\n"
	"never written to: a notification due to it becomes 'opted-out'.\n"
	"Email addresses are compared without regard to case.\n"
	"\n  --tsv   print TSV instead of CSV\n"
};
