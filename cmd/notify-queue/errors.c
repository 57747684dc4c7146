#include "claimkit/notify.h"
#include "notify-queue.h"

static int
cmd_errors(int argc, char **argv)
{
	return ck_cli_table(argc, argv, ck_notify_errors);
}

const struct ck_cli_verb nq_verb_errors = {
	"errors", cmd_errors, "[--tsv]",
	"list the failed and unknown notifications and why",
	"\nLists the notifications that failed or whose delivery is unknown:\n"
	"notification_id, guarantor_id, status, channel, email, mobile,\n"
	"tries and the server's reply.  Correct an address and queue one\n"
	"again with 'notify-queue retry ID'.\n"
	"\n  --tsv   print TSV instead of CSV\n"
};
