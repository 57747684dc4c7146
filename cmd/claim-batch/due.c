#include "claimkit/date.h"
#include "claimkit/schedule.h"
#include "cli.h"
#include "claim-batch.h"

/*
 * The guard in front of a crontab line that cron alone cannot make
 * exact: silent, so that cron mails nothing on the days it skips.
 * Without --at it checks the day only, so that a run cron starts late
 * still counts; with --at (the lines of a schedule with a zone, which
 * fire every quarter hour) the quarter hour from that time.
 */
static int
cmd_due(int argc, char **argv)
{
	static const struct option opts[] = {
		CK_SCHED_LONGOPTS,
		CK_SCHED_AT_LONGOPT,
		{"now", required_argument, NULL, 'N'},
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	struct ck_sched s;
	struct ck_err err = {0};
	const char *nowarg = NULL;
	long now;
	time_t t;
	int c, due;

	ck_sched_init(&s);
	while ((c = ck_cli_getopt(argc, argv, "+h", opts)) != -1) {
		if (c < 0)
			return CK_CLI_OPTEXIT(c);
		else if (c == 'N')
			nowarg = optarg;
		else if (ck_sched_set(&s, c, optarg, &err))
			return ck_cli_usage("%s", err.msg);
	}
	if (optind < argc)
		return ck_cli_usage("unexpected argument '%s'", argv[optind]);
	/* without a start, "every 2 weeks" would count from each day anew */
	if (!s.has_start)
		return ck_cli_usage("--start: expected the first day of the "
		    "pattern, as YYYY-MM-DD");
	if (nowarg && ck_sched_parse_moment(nowarg, &now) < 0)
		return ck_cli_usage("--now: expected 'YYYY-MM-DD HH:MM', got "
		    "'%s'", nowarg);
	t = ck_now();
	if (nowarg && ck_sched_instant(s.tz, now, &t, &err))
		return ck_cli_fail(&err);
	if (ck_sched_finish(&s, s.start, &err))
		return ck_cli_usage("%s", err.msg);
	if (ck_sched_due(&s, t, &due, &err))
		return ck_cli_fail(&err);
	return due ? CK_OK : CK_FAIL;
}

const struct ck_cli_verb ck_verb_due = {
	"due", cmd_due,
	CK_SCHED_KIND_SYNOPSIS " [--every N] --start DATE [--end DATE] "
	"[--tz ZONE] [--at HH:MM]",
	"exit 0 when a schedule is due now (the guard)",
	"\nExits 0 when today is a day of the pattern, 1 when it is not,\n"
	"printing nothing.  It is the guard that 'claim-batch schedule' puts\n"
	"in front of a crontab line whose days or times cron cannot name\n"
	"exactly.  The options are those of 'claim-batch schedule'; --start\n"
	"is needed.  With --at, it exits 0 only in the 15 minutes from that\n"
	"time on a day of the pattern: a time the clock skips that day counts\n"
	"as much later as the clock jumped, one it shows twice the first time.\n"
	"\n  --daily, --weekly DAYS, --monthly DAY, --yearly MM-DD\n"
	"                   the days, as for schedule\n"
	"  --every N        every N days, weeks, months or years (default 1)\n"
	"  --start DATE     the day the count starts from\n"
	"  --end DATE       the last day a run may happen\n"
	"  --tz ZONE        read today and the time in this zone (default\n"
	"                   local)\n"
	"  --at HH:MM       the time of day of the run; repeat it for more\n"
	"                   (the guard of a schedule with a zone has one)\n"
	"  --now 'YYYY-MM-DD HH:MM'\n"
	"                   take this as the time now, to try a schedule\n"
};
