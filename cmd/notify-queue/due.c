#include "claimkit/date.h"
#include "claimkit/schedule.h"
#include "notify-queue.h"

/* The guard of the lines 'schedule' prints: silent, exit 0 when due.
 * (The same as claim-batch due: cli/ could hold one copy.) */
static int
cmd_due(int argc, char **argv)
{
	static const struct option opts[] = {
		CK_SCHED_LONGOPTS,
		CK_SCHED_AT_LONGOPT,
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	struct ck_sched s;
	struct ck_err err = {0};
	int c, due;

	ck_sched_init(&s);
	while ((c = ck_cli_getopt(argc, argv, "h", opts)) != -1) {
		if (c < 0)
			return CK_CLI_OPTEXIT(c);
		if (ck_sched_set(&s, c, optarg, &err))
			return ck_cli_usage("%s", err.msg);
	}
	if (optind < argc || !s.has_start)
		return ck_cli_usage("expected a pattern with --start DATE");
	if (ck_sched_finish(&s, s.start, &err))
		return ck_cli_usage("%s", err.msg);
	if (ck_sched_due(&s, ck_now(), &due, &err))
		return ck_cli_fail(&err);
	return due ? CK_OK : CK_FAIL;
}

const struct ck_cli_verb nq_verb_due = {
	"due", cmd_due,
	CK_SCHED_KIND_SYNOPSIS " [--every N] --start DATE [--end DATE] "
	"[--tz ZONE] [--at HH:MM]",
	"exit 0 when a schedule is due now (the guard)",
	"\nExits 0 when now is a run of the pattern, 1 when it is not,\n"
	"printing nothing: the guard in front of a crontab line that\n"
	"'notify-queue schedule' prints, as claim-batch due.\n"
};
