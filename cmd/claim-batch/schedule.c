/* Placeholder until the schedule verb lands. */
#include "cli.h"
#include "claim-batch.h"

static int
cmd_schedule(int argc, char **argv)
{
	(void)argc, (void)argv;
	ck_cli_warn("schedule: not yet available");
	return CK_FAIL;
}

const struct ck_cli_verb ck_verb_schedule = {
	"schedule", cmd_schedule, "", "print crontab lines for the batch job",
	"\nNot yet available.\n"
};
