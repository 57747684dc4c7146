/*
 * schedule.h - recurring run times of the batch job, and the crontab(5)
 * lines that run it on exactly those times.
 *
 * A pattern names days (--daily, --weekly DAYS, --monthly DAY, --yearly
 * MM-DD), counted every N days, weeks, months or years from a start
 * date, up to an optional end date, and times of day (--at HH:MM).  All
 * of it is wall-clock time in one zone (--tz, else local time): a day is
 * a count of days since 1970-01-01 (as ck_date_days), a moment a count
 * of minutes since 1970-01-01 00:00 on that clock.
 *
 * When cron alone cannot name exactly the pattern's days (every 2 weeks
 * from a start date, an end date, a start still to come), the crontab
 * line fires on a wider set of days and its command starts with a guard,
 * "claim-batch due PATTERN &&", that checks the day itself.  Without a
 * zone the guard checks the day only, never the time: cron picks the
 * time, on the system's clock.
 *
 * cron reads a crontab on the system's clock alone (Debian's cron has no
 * CRON_TZ, and a TZ= line only sets the jobs' environment), so a schedule
 * with a zone is never left to cron's fields: each of its lines fires
 * every CK_SCHED_STEP minutes and its guard, "claim-batch due PATTERN
 * --tz ZONE --at HH:MM &&", lets the run go on in the CK_SCHED_STEP
 * minutes from that time on a day of the pattern, both read in ZONE.
 * Every offset in use today is a whole number of quarter hours, so one firing
 * falls on the time itself, and only one in its window.  A time the
 * zone's clock skips (spring) runs as much later as the clock jumped;
 * one it shows twice (autumn) runs the first time only.
 *
 * Ownership: the caller owns struct ck_sched (ck_sched_init it); it holds
 * no pointers.  ck_sched_crontab() returns a string the caller frees.
 */
#ifndef CLAIMKIT_SCHEDULE_H
#define CLAIMKIT_SCHEDULE_H

#include <getopt.h>
#include <time.h>

#include "claimkit/err.h"

enum ck_sched_kind {
	CK_SCHED_NONE, CK_SCHED_DAILY, CK_SCHED_WEEKLY, CK_SCHED_MONTHLY,
	CK_SCHED_YEARLY
};

#define CK_SCHED_MAX_AT 48        /* times of day in one schedule */
#define CK_SCHED_MAX_EVERY 1000
#define CK_SCHED_ZONE_MAX 128
#define CK_SCHED_STEP 15          /* minutes between a zone line's firings */

struct ck_sched {
	enum ck_sched_kind kind;
	unsigned days;          /* weekly: bit 0 Monday .. bit 6 Sunday */
	int month, mday;        /* yearly: both; monthly: mday */
	int every;              /* 1.. CK_SCHED_MAX_EVERY */
	long start, end;        /* days; end only when has_end */
	int has_start, has_end;
	int nat;
	int at[CK_SCHED_MAX_AT];  /* minutes after midnight, ascending */
	char tz[CK_SCHED_ZONE_MAX];  /* zone name, "" for local time */
};

/* getopt_long entries of a pattern; values are >= CK_SCHED_OPT so a
 * program's own options can live beside them.  --at is a separate entry
 * (CK_SCHED_AT_LONGOPT): the guard takes no times. */
#define CK_SCHED_OPT 1100
#define CK_SCHED_LONGOPTS \
	{"daily", no_argument, NULL, CK_SCHED_OPT + 0}, \
	{"weekly", required_argument, NULL, CK_SCHED_OPT + 1}, \
	{"monthly", required_argument, NULL, CK_SCHED_OPT + 2}, \
	{"yearly", required_argument, NULL, CK_SCHED_OPT + 3}, \
	{"every", required_argument, NULL, CK_SCHED_OPT + 4}, \
	{"start", required_argument, NULL, CK_SCHED_OPT + 5}, \
	{"end", required_argument, NULL, CK_SCHED_OPT + 6}, \
	{"tz", required_argument, NULL, CK_SCHED_OPT + 7}
#define CK_SCHED_AT_LONGOPT \
	{"at", required_argument, NULL, CK_SCHED_OPT + 8}

/* The pattern's synopsis, for usage lines. */
#define CK_SCHED_KIND_SYNOPSIS \
	"--daily|--weekly DAYS|--monthly DAY|--yearly MM-DD"

/* every = 1, no kind, no start, no end, no times, local time. */
void ck_sched_init(struct ck_sched *s);

/*
 * Applies option opt (from CK_SCHED_LONGOPTS or CK_SCHED_AT_LONGOPT)
 * with argument val (NULL for --daily).  Checks the value, and for --tz
 * that the zone exists under $TZDIR or /usr/share/zoneinfo.  Returns 0
 * or CK_USAGE with a message naming the option and what was expected.
 */
int ck_sched_set(struct ck_sched *s, int opt, const char *val,
    struct ck_err *err);

/*
 * Ends option parsing: exactly one kind must have been given; the start
 * defaults to today; the end may not come before the start; and the
 * pattern must name at least one day from start to end (--yearly 02-29
 * --every 4 from 2025 never does).  Returns 0 or CK_USAGE.
 */
int ck_sched_finish(struct ck_sched *s, long today, struct ck_err *err);

/* Parses "YYYY-MM-DD HH:MM" into a moment.  Returns 0 or -1. */
int ck_sched_parse_moment(const char *text, long *moment);

/* The day of a moment. */
long ck_sched_day(long moment);

/* Writes moment as "YYYY-MM-DD HH:MM" into buf (17 bytes). */
char *ck_sched_format(long moment, char *buf);

/*
 * The moment now (ck_now(): $CLAIMKIT_NOW or the clock) on the zone's
 * wall clock (tz "" for local time).  It and the functions below that
 * read a zone set TZ for the conversion and put it back: call them from
 * one thread.  Returns 0 or CK_FAIL.
 */
int ck_sched_now(const char *tz, long *moment, struct ck_err *err);

/*
 * The instant *t at which the zone's wall clock shows moment: a moment
 * shown twice is its first time; a skipped one is read on the offset
 * from before the change, as late as the clock jumped.  Returns 0 or
 * CK_FAIL.
 */
int ck_sched_instant(const char *tz, long moment, time_t *t,
    struct ck_err *err);

/* 1 when day is a run day of the finished pattern, else 0. */
int ck_sched_is_day(const struct ck_sched *s, long day);

/*
 * The first k run moments strictly after now, ascending, into out; with
 * a zone, a time its clock skips that day is where the guard runs it.
 * Returns how many were found: fewer than k when the end date (or the
 * year 2199) comes first; -1 with err when the zone cannot be read.
 */
int ck_sched_next(const struct ck_sched *s, long now, long *out, int k,
    struct ck_err *err);

/*
 * The guard's answer at instant now, into *due: with times of day, 1
 * when now is in the CK_SCHED_STEP minutes from one of them (as
 * ck_sched_instant places it) on a day of the pattern; without, 1 when
 * today is a day of the pattern.  Days and times are read in s->tz.
 * Returns 0 or CK_FAIL.
 */
int ck_sched_due(const struct ck_sched *s, time_t now, int *due,
    struct ck_err *err);

/*
 * 1 when cron's own fields name exactly the run days on and after today,
 * so the crontab line needs no guard: no zone, every 1 (for --monthly,
 * any every that divides 12, as a list of months), no end date, and a
 * start on or before today.
 */
int ck_sched_exact(const struct ck_sched *s, long today);

/*
 * The crontab text of the schedule into *out (the caller frees it): one
 * line per time of day, "M H DOM MON DOW [EXE due PATTERN && ]EXE --db
 * DB run ARGS", or with a zone "M,M+15,M+30,M+45 * * * * EXE due PATTERN
 * --tz ZONE --at HH:MM && ...", the words shell-quoted where needed.  exe and db are absolute paths.
 * Refuses (CK_USAGE) a word holding '%', which cron turns into a new
 * line, or a new line.  Returns 0, CK_USAGE or CK_FAIL.
 */
int ck_sched_crontab(const struct ck_sched *s, long today, const char *exe,
    const char *db, char *const *args, int nargs, char **out,
    struct ck_err *err);
/* The same for any command: "EXE --db DB ARGS" (no "run" added), its
 * guard run by gexe (claim-batch, when exe is another program). */
int ck_sched_crontab_cmd(const struct ck_sched *s, long today,
    const char *gexe, const char *exe, const char *db, char *const *args,
    int nargs, char **out, struct ck_err *err);

#endif
