#include <stdio.h>

#include "claimkit/notify.h"
#include "notify-queue.h"

static int
cmd_history(int argc, char **argv)
{
	static const struct option opts[] = {
		{"tsv", no_argument, NULL, 't'},
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	struct ck_writer w = {stdout, 0};
	struct ck_err err = {0};
	struct ck_store *st;
	int64_t id;
	int c, rc;

	while ((c = ck_cli_getopt(argc, argv, "h", opts)) != -1) {
		if (c < 0)
			return CK_CLI_OPTEXIT(c);
		w.tsv = 1;
	}
	if (argc - optind != 1 || (id = nq_id_arg(argv[optind])) < 1)
		return ck_cli_usage("expected one notification id");
	if ((rc = ck_cli_store(&st, CK_OPEN_EXISTING)) != 0)
		return rc;
	if ((rc = ck_notify_history(st, id, ck_cli_print_row, &w, &err)) &&
	    !ferror(stdout))
		ck_cli_fail(&err);
	ck_store_close(st);
	return rc;
}

const struct ck_cli_verb nq_verb_history = {
	"history", cmd_history, "ID [--tsv]",
	"print every status change of a notification",
	"\nPrints every status change of notification ID, oldest first: at,\n"
	"status, channel, address, template_version, template_id, the\n"
	"server's reply, test (for a --test-to send) and user.\n"
	"\n  --tsv   print TSV instead of CSV\n"
};
