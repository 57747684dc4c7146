#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "claimkit/schedule.h"
#include "notify-queue.h"

static int
cmd_schedule(int argc, char **argv)
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
	char exe[PATH_MAX], db[4096], *text;
	long now, first;
	int c, rc;

	ck_sched_init(&s);
	while ((c = ck_cli_getopt(argc, argv, "h", opts)) != -1) {
		if (c < 0)
			return CK_CLI_OPTEXIT(c);
		else if (c == 'N')
			nowarg = optarg;
		else if (ck_sched_set(&s, c, optarg, &err))
			return ck_cli_usage("%s", err.msg);
	}
	if (optind < argc)
		return ck_cli_usage("unexpected argument '%s'", argv[optind]);
	if (nowarg && ck_sched_parse_moment(nowarg, &now) < 0)
		return ck_cli_usage("--now: expected 'YYYY-MM-DD HH:MM', got "
		    "'%s'", nowarg);
	if (!nowarg && ck_sched_now(s.tz, &now, &err))
		return ck_cli_fail(&err);
	if (ck_sched_finish(&s, ck_sched_day(now), &err))
		return ck_cli_usage("%s", err.msg);
	if (s.nat == 0)
		return ck_cli_usage("--at: expected at least one time of day, "
		    "as HH:MM");
	if ((rc = ck_sched_next(&s, now, &first, 1, &err)) <= 0)
		return rc < 0 ? ck_cli_fail(&err) :
		    ck_cli_usage("the schedule has no run after now");
	if ((rc = ck_cli_cron_paths(exe, sizeof(exe), db, sizeof(db))) != 0)
		return rc;
	if (ck_sched_crontab(&s, ck_sched_day(now), exe, db, NULL, 0, &text,
	    &err))
		return err.code == CK_USAGE ? ck_cli_usage("%s", err.msg) :
		    ck_cli_fail(&err);
	fputs(text, stdout);
	free(text);
	return 0;
}

const struct ck_cli_verb nq_verb_schedule = {
	"schedule", cmd_schedule,
	CK_SCHED_KIND_SYNOPSIS " [--every N] [--start DATE] [--end DATE] "
	"[--tz ZONE] --at HH:MM",
	"print crontab lines that send what is due",
	"\nPrints the crontab(5) lines that run 'notify-queue run' (the same\n"
	"as send) on the days and at the times the pattern names, with the\n"
	"shared schedule code of claim-batch schedule: the options and the\n"
	"guard 'notify-queue due ...' are those of claim-batch(1).  Add them\n"
	"with (crontab -l; notify-queue schedule ...) | crontab -\n"
	"\n  --daily, --weekly DAYS, --monthly DAY, --yearly MM-DD\n"
	"                   the days\n"
	"  --every N        every N days, weeks, months or years\n"
	"  --start DATE     the first day (default today)\n"
	"  --end DATE       the last day\n"
	"  --tz ZONE        read the times in this zone\n"
	"  --at HH:MM       the time of day; repeat it for more runs\n"
	"  --now 'YYYY-MM-DD HH:MM'\n"
	"                   take this as the time now\n"
};
