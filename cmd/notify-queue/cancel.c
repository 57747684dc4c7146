#include <stdio.h>

#include "claimkit/notify.h"
#include "notify-queue.h"

static int
cmd_cancel(int argc, char **argv)
{
	static const struct option opts[] = {
		{"statement", required_argument, NULL, 's'},
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	const char *stmt = NULL;
	struct ck_err err = {0};
	struct ck_store *st;
	int64_t id = 0;
	long n;
	int c, rc;

	while ((c = ck_cli_getopt(argc, argv, "h", opts)) != -1) {
		if (c < 0)
			return CK_CLI_OPTEXIT(c);
		stmt = optarg;
	}
	if (argc - optind != (stmt ? 0 : 1) ||
	    (!stmt && (id = nq_id_arg(argv[optind])) < 1))
		return ck_cli_usage("expected a notification id or --statement S");
	if ((rc = ck_cli_store(&st, CK_OPEN_EXISTING)) != 0)
		return rc;
	if ((rc = ck_notify_cancel(st, id, stmt, &n, &err)))
		ck_cli_fail(&err);
	else if (n == 0) {
		ck_cli_warn("nothing waiting to cancel");
		rc = CK_FAIL;
	} else
		fprintf(stderr, "notify-queue: cancelled %ld\n", n);
	ck_store_close(st);
	return rc;
}

const struct ck_cli_verb nq_verb_cancel = {
	"cancel", cmd_cancel, "ID | --statement S",
	"cancel waiting notifications",
	"\nCancels notification ID, or every notification of statement S,\n"
	"that is still queued or waiting for a retry.  Exits 1 when none\n"
	"was.\n"
	"\n  --statement S   the notifications of this statement\n"
};
