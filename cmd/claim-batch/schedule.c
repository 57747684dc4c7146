#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "claimkit/schedule.h"
#include "cli.h"
#include "claim-batch.h"

#define NEXT_MAX 1000

/* A count in plain digits, or -1. */
static int
count(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n > 6 || strspn(s, "0123456789") != n)
		return -1;
	return atoi(s);
}

static int
print_next(const struct ck_sched *s, long now, int k)
{
	struct ck_err err = {0};
	long t[NEXT_MAX];
	char buf[17];
	int n = ck_sched_next(s, now, t, k, &err);

	if (n < 0)
		return ck_cli_fail(&err);
	if (n == 0) {
		ck_cli_warn("the schedule has no run after %s",
		    ck_sched_format(now, buf));
		return CK_USAGE;
	}
	for (int i = 0; i < n; i++)
		printf("%s\n", ck_sched_format(t[i], buf));
	return 0;
}

static int
print_crontab(const struct ck_sched *s, long now, char *const *args,
    int nargs)
{
	struct ck_err err = {0};
	char exe[PATH_MAX], db[4096], buf[17], *text;
	long first;
	int rc;

	if ((rc = ck_sched_next(s, now, &first, 1, &err)) < 0)
		return ck_cli_fail(&err);
	if (rc == 0) {
		ck_cli_warn("the schedule has no run after %s",
		    ck_sched_format(now, buf));
		return CK_USAGE;
	}
	if ((rc = ck_cli_cron_paths(exe, sizeof(exe), db, sizeof(db))) != 0)
		return rc;
	if (ck_sched_crontab(s, ck_sched_day(now), exe, db, args, nargs, &text,
	    &err))
		return err.code == CK_USAGE ? ck_cli_usage("%s", err.msg) :
		    ck_cli_fail(&err);
	fputs(text, stdout);
	free(text);
	return 0;
}

/* A word that makes run's parser print its --help (on stdout, where
 * the crontab lines go): -h, or --help however shortened.  Options end
 * at "--" or the first word that is not one, as for run; an option's
 * value that looks so is refused too, which no payer id or date does. */
static int
asks_help(int argc, char **argv)
{
	for (int i = 1; i < argc && argv[i][0] == '-' &&
	    strcmp(argv[i], "--") != 0; i++) {
		size_t n = strlen(argv[i]);
		if (argv[i][1] == 'h' || (n > 2 &&
		    strncmp(argv[i], "--help", n) == 0))
			return i;
	}
	return 0;
}

/*
 * The run's arguments go through run's own parser, which reports what
 * is wrong with run's usage line: a line that cron would start to fail
 * every time is never printed.  argv[0] is the "--" before them.
 */
static int
check_run(int argc, char **argv)
{
	const struct ck_cli_verb *self = ck_cli.verb;
	struct run_opts o;
	int rc, h;

	if ((h = asks_help(argc, argv)) != 0)
		return ck_cli_usage("run argument '%s' asks for run's help, "
		    "not a run", argv[h]);
	ck_cli.verb = &ck_verb_run;
	optind = 0;                     /* glibc: restart getopt */
	rc = run_options(argc, argv, &o);
	ck_cli.verb = self;
	ck_filter_free(&o.f);
	if (rc == 0)
		return 0;
	ck_cli_warn("schedule: 'run' refuses the arguments after --, so the "
	    "line would fail at every run; nothing printed");
	return CK_USAGE;
}

static int
cmd_schedule(int argc, char **argv)
{
	static const struct option opts[] = {
		CK_SCHED_LONGOPTS,
		CK_SCHED_AT_LONGOPT,
		{"next", required_argument, NULL, 'n'},
		{"now", required_argument, NULL, 'N'},
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	struct ck_sched s;
	struct ck_err err = {0};
	const char *nowarg = NULL;
	char **args;
	long now;
	int c, nargs, next = 0;

	ck_sched_init(&s);
	while ((c = ck_cli_getopt(argc, argv, "+h", opts)) != -1) {
		if (c < 0)
			return CK_CLI_OPTEXIT(c);
		else if (c == 'n') {
			if ((next = count(optarg)) < 1 || next > NEXT_MAX)
				return ck_cli_usage("--next: expected a count "
				    "from 1 to %d, got '%s'", NEXT_MAX, optarg);
		} else if (c == 'N')
			nowarg = optarg;
		else if (ck_sched_set(&s, c, optarg, &err))
			return ck_cli_usage("%s", err.msg);
	}
	/* the run's own arguments come after "--", and only there */
	if (optind < argc && strcmp(argv[optind - 1], "--") != 0)
		return ck_cli_usage("unexpected argument '%s': give the run's "
		    "arguments after --", argv[optind]);
	args = argv + optind;
	nargs = argc - optind;
	if (optind > 1 && strcmp(argv[optind - 1], "--") == 0 &&
	    (c = check_run(nargs + 1, args - 1)) != 0)
		return c;
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
	if (next)
		return print_next(&s, now, next);
	return print_crontab(&s, now, args, nargs);
}

const struct ck_cli_verb ck_verb_schedule = {
	"schedule", cmd_schedule,
	CK_SCHED_KIND_SYNOPSIS " [--every N] [--start DATE] [--end DATE] "
	"[--tz ZONE] --at HH:MM [--next K] [-- RUN-ARGS]",
	"print crontab lines for the batch job",
	"\nPrints the crontab(5) lines that run 'claim-batch run RUN-ARGS' on\n"
	"the days the pattern names, one line per --at time.  The lines name\n"
	"this program and the database by absolute path.  When cron's fields\n"
	"cannot name exactly those days (every 2 weeks, an end date, a start\n"
	"still to come), the line fires on more days and starts with the\n"
	"guard 'claim-batch due PATTERN &&', which lets the run go on only on\n"
	"a day of the pattern.  Add the lines to a crontab with\n"
	"  (crontab -l; claim-batch schedule ...) | crontab -\n"
	"\n  --daily          every day\n"
	"  --weekly DAYS    on these days of the week: mon,tue,...,sun\n"
	"  --monthly DAY    on this day of the month, 1 to 31; a month\n"
	"                   without that day has no run, as in cron\n"
	"  --yearly MM-DD   on this day of the year; 02-29 only in leap years\n"
	"  --every N        every N days, weeks, months or years, counted\n"
	"                   from the start (default 1); weeks start on Monday\n"
	"                   and the week holding the start is the first\n"
	"  --start DATE     the first day a run may happen (default today)\n"
	"  --end DATE       the last day a run may happen\n"
	"  --tz ZONE        read times and days in this zone, such as\n"
	"                   America/Chicago, whatever the system's zone:\n"
	"                   each line fires every 15 minutes and its guard\n"
	"                   'claim-batch due ... --tz ZONE --at HH:MM' lets\n"
	"                   the run go on at that time in ZONE, once a day\n"
	"                   (a time the clock skips runs as much later)\n"
	"  --at HH:MM       the time of day to run; repeat it for more runs\n"
	"  --next K         print the next K run times, YYYY-MM-DD HH:MM,\n"
	"                   instead of the crontab lines\n"
	"  --now 'YYYY-MM-DD HH:MM'\n"
	"                   take this as the time now, to try a schedule\n"
	"\nRUN-ARGS are checked by run's own option parser first: a word run\n"
	"would refuse is reported and nothing is printed.  They may not hold\n"
	"'%' (cron's new line) or a line break.\n"
};
