#include <stdio.h>
#include <string.h>

#include "claimkit/notify.h"
#include "notify-queue.h"

static const char *const statuses[] = {
	"queued", "sending", "sent", "failed", "retry", "unknown",
	"cancelled", "opted-out", NULL,
};

static int
cmd_list(int argc, char **argv)
{
	static const struct option opts[] = {
		{"status", required_argument, NULL, 's'},
		{"guarantor", required_argument, NULL, 'g'},
		{"level", required_argument, NULL, 'l'},
		{"statement", required_argument, NULL, 'S'},
		{"tsv", no_argument, NULL, 't'},
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	struct ck_notify_filter f = {0};
	struct ck_writer w = {stdout, 0};
	struct ck_err err = {0};
	struct ck_store *st;
	int c, rc, i;

	while ((c = ck_cli_getopt(argc, argv, "h", opts)) != -1) {
		if (c < 0)
			return CK_CLI_OPTEXIT(c);
		if (c == 's') {
			for (i = 0; statuses[i] && strcmp(statuses[i], optarg);
			    i++)
				;
			if (statuses[i] == NULL)
				return ck_cli_usage("--status: expected queued, "
				    "sending, sent, failed, retry, unknown, "
				    "cancelled or opted-out, got '%s'", optarg);
			f.status = optarg;
		} else if (c == 'g')
			f.guarantor = optarg;
		else if (c == 'S')
			f.statement = optarg;
		else if (c == 'l' && (f.level = (int)nq_id_arg(optarg)) < 1)
			return ck_cli_usage("--level: expected a level from 1, "
			    "got '%s'", optarg);
		else if (c == 't')
			w.tsv = 1;
	}
	if (optind < argc)
		return ck_cli_usage("unexpected argument '%s'", argv[optind]);
	if ((rc = ck_cli_store(&st, CK_OPEN_EXISTING)) != 0)
		return rc;
	if ((rc = ck_notify_list(st, &f, ck_cli_print_row, &w, &err)) &&
	    !ferror(stdout))
		ck_cli_fail(&err);
	ck_store_close(st);
	return rc;
}

const struct ck_cli_verb nq_verb_list = {
	"list", cmd_list, "[--status STATUS] [--guarantor G] [--level N] "
	"[--statement S] [--tsv]",
	"list notifications",
	"\nLists notifications, oldest first: notification_id, guarantor_id,\n"
	"statement_date, statement_id, profile, level, channel, status,\n"
	"send_after, tries, sent_at.\n"
	"\n  --status STATUS   queued, sending, sent, failed, retry, unknown,\n"
	"                    cancelled or opted-out\n"
	"  --guarantor G     this guarantor's\n"
	"  --level N         at this dunning level\n"
	"  --statement S     of this statement\n"
	"  --tsv             print TSV instead of CSV\n"
};
