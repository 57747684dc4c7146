#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "claimkit/date.h"
#include "claimkit/schedule.h"
#include "t.h"

#define O_DAILY (CK_SCHED_OPT + 0)
#define O_WEEKLY (CK_SCHED_OPT + 1)
#define O_MONTHLY (CK_SCHED_OPT + 2)
#define O_YEARLY (CK_SCHED_OPT + 3)
#define O_EVERY (CK_SCHED_OPT + 4)
#define O_START (CK_SCHED_OPT + 5)
#define O_END (CK_SCHED_OPT + 6)
#define O_TZ (CK_SCHED_OPT + 7)
#define O_AT (CK_SCHED_OPT + 8)

static long
day(const char *s)
{
	return ck_date_days(s);
}

static long
moment(const char *s)
{
	long m = -1;

	if (ck_sched_parse_moment(s, &m) < 0)
		fprintf(stderr, "bad moment in test: %s\n", s);
	return m;
}

/*
 * Builds a finished schedule from options given as "opt=value" words
 * ("daily" alone), today being 2025-01-01.  Returns its code; the
 * message is in err.
 */
static int
make(struct ck_sched *s, struct ck_err *err, const char *const *words)
{
	static const char *const names[] = {
		"daily", "weekly", "monthly", "yearly", "every", "start", "end",
		"tz", "at", NULL
	};

	ck_sched_init(s);
	memset(err, 0, sizeof(*err));
	for (; *words; words++) {
		const char *eq = strchr(*words, '=');
		size_t n = eq ? (size_t)(eq - *words) : strlen(*words);
		int i;

		for (i = 0; names[i]; i++)
			if (strlen(names[i]) == n &&
			    strncmp(names[i], *words, n) == 0)
				break;
		if (names[i] == NULL) {
			fprintf(stderr, "bad option in test: %s\n", *words);
			return -1;
		}
		if (ck_sched_set(s, CK_SCHED_OPT + i, eq ? eq + 1 : NULL, err))
			return err->code;
	}
	return ck_sched_finish(s, day("2025-01-01"), err);
}

#define MAKE(s, err, ...) make(s, err, (const char *const[]){__VA_ARGS__, NULL})

/* The message of a failed make(), or "" when it worked. */
static const char *
fails(int rc, const struct ck_err *err)
{
	return rc ? err->msg : "";
}

static void
options(void)
{
	struct ck_sched s;
	struct ck_err e;

	CHECK(MAKE(&s, &e, "daily", "at=06:30") == 0);
	CHECK(s.kind == CK_SCHED_DAILY && s.every == 1 && s.nat == 1 &&
	    s.at[0] == 390 && s.start == day("2025-01-01") && !s.has_end);
	CHECK(MAKE(&s, &e, "weekly=MON,thu,sun") == 0 && s.days == 0x49);
	CHECK(MAKE(&s, &e, "weekly=mon,,thu") == CK_USAGE);
	CHECK_STR(e.msg, "--weekly: expected days from mon,tue,wed,thu,fri,"
	    "sat,sun separated by commas, got 'mon,,thu'");
	CHECK(MAKE(&s, &e, "weekly=monday") == CK_USAGE);
	CHECK(MAKE(&s, &e, "weekly=mon,") == CK_USAGE);
	CHECK(MAKE(&s, &e, "weekly=") == CK_USAGE);
	CHECK(MAKE(&s, &e, "monthly=31") == 0 && s.mday == 31);
	CHECK(MAKE(&s, &e, "monthly=0") == CK_USAGE);
	CHECK(MAKE(&s, &e, "monthly=32") == CK_USAGE);
	CHECK_STR(e.msg, "--monthly: expected a day of the month from 1 to "
	    "31, got '32'");
	CHECK(MAKE(&s, &e, "monthly=+3") == CK_USAGE);
	CHECK(MAKE(&s, &e, "yearly=02-29") == 0 && s.month == 2 &&
	    s.mday == 29);
	CHECK(MAKE(&s, &e, "yearly=02-30") == CK_USAGE);
	CHECK_STR(e.msg, "--yearly: expected a day of the year as MM-DD, got "
	    "'02-30'");
	CHECK(MAKE(&s, &e, "yearly=04-31") == CK_USAGE);
	CHECK(MAKE(&s, &e, "yearly=2-3") == CK_USAGE);
	CHECK(MAKE(&s, &e, "yearly=13-01") == CK_USAGE);
	CHECK(MAKE(&s, &e, "daily", "every=1000") == 0 && s.every == 1000);
	CHECK(MAKE(&s, &e, "daily", "every=0") == CK_USAGE);
	CHECK_STR(e.msg, "--every: expected a whole number from 1 to 1000, "
	    "got '0'");
	CHECK(MAKE(&s, &e, "daily", "every=1001") == CK_USAGE);
	CHECK(MAKE(&s, &e, "daily", "every=2x") == CK_USAGE);
	CHECK(MAKE(&s, &e, "daily", "start=2025-02-30") == CK_USAGE);
	CHECK_STR(e.msg, "--start: expected a date as YYYY-MM-DD, got "
	    "'2025-02-30'");
	CHECK(MAKE(&s, &e, "daily", "end=tomorrow") == CK_USAGE);
	CHECK(MAKE(&s, &e, "daily", "at=25:00") == CK_USAGE);
	CHECK_STR(e.msg, "--at: expected a time of day as HH:MM (00:00 to "
	    "23:59), got '25:00'");
	CHECK(MAKE(&s, &e, "daily", "at=6:30") == CK_USAGE);
	CHECK(MAKE(&s, &e, "daily", "at=06:60") == CK_USAGE);
	CHECK(MAKE(&s, &e, "daily", "at=06:30 ") == CK_USAGE);

	/* exactly one kind */
	CHECK(MAKE(&s, &e, "at=06:30") == CK_USAGE);
	CHECK_STR(e.msg, "expected one of --daily, --weekly DAYS, --monthly "
	    "DAY or --yearly MM-DD");
	CHECK(MAKE(&s, &e, "daily", "weekly=mon") == CK_USAGE);
	CHECK_STR(e.msg, "--weekly: give only one of --daily, --weekly, "
	    "--monthly and --yearly, once");
	CHECK(MAKE(&s, &e, "weekly=mon", "weekly=tue") == CK_USAGE);

	/* times come out sorted, once each */
	CHECK(MAKE(&s, &e, "daily", "at=18:00", "at=06:30", "at=18:00",
	    "at=00:00") == 0);
	CHECK(s.nat == 3 && s.at[0] == 0 && s.at[1] == 390 &&
	    s.at[2] == 1080);

	/* the end, and patterns that name no day */
	CHECK(MAKE(&s, &e, "daily", "start=2025-03-01", "end=2025-02-28") ==
	    CK_USAGE);
	CHECK_STR(e.msg, "--end 2025-02-28 comes before the start, "
	    "2025-03-01");
	CHECK(MAKE(&s, &e, "daily", "start=2025-03-01", "end=2025-03-01") ==
	    0);
	CHECK(MAKE(&s, &e, "yearly=02-29", "every=4",
	    "start=2025-01-01") == CK_USAGE);
	CHECK_STR(e.msg, "the pattern names no day from 2025-01-01 to "
	    "2199-12-31");
	CHECK(MAKE(&s, &e, "monthly=31", "every=12",
	    "start=2025-04-01") == CK_USAGE);
	CHECK(MAKE(&s, &e, "weekly=mon", "start=2025-01-07",
	    "end=2025-01-12") == CK_USAGE);
	CHECK_STR(fails(MAKE(&s, &e, "weekly=mon", "start=2025-01-07",
	    "end=2025-01-13"), &e), "");
}

static void
at_limit(void)
{
	struct ck_sched s;
	struct ck_err e = {0};
	char t[6];
	int i, rc = 0;

	ck_sched_init(&s);
	for (i = 0; i < CK_SCHED_MAX_AT && rc == 0; i++) {
		snprintf(t, sizeof(t), "%02d:%02d", i / 2, i % 2 * 30);
		rc = ck_sched_set(&s, O_AT, t, &e);
	}
	CHECK(rc == 0 && s.nat == CK_SCHED_MAX_AT);
	CHECK(ck_sched_set(&s, O_AT, "00:00", &e) == 0);   /* again */
	CHECK(ck_sched_set(&s, O_AT, "00:01", &e) == CK_USAGE);
	CHECK_STR(e.msg, "--at: at most 48 times");
}

static void
zones(void)
{
	struct ck_sched s;
	struct ck_err e = {0};

	ck_sched_init(&s);
	CHECK(ck_sched_set(&s, O_TZ, "America/New_York", &e) == 0);
	CHECK_STR(s.tz, "America/New_York");
	CHECK(ck_sched_set(&s, O_TZ, "UTC", &e) == 0);
	CHECK(ck_sched_set(&s, O_TZ, "Mars/Olympus", &e) == CK_USAGE);
	CHECK(strstr(e.msg, "--tz: no time zone 'Mars/Olympus' under ") ==
	    e.msg);
	CHECK(ck_sched_set(&s, O_TZ, "../../../etc/passwd", &e) == CK_USAGE);
	CHECK_STR(e.msg, "--tz: expected a zone name such as "
	    "America/New_York, got '../../../etc/passwd'");
	CHECK(ck_sched_set(&s, O_TZ, "/etc/localtime", &e) == CK_USAGE);
	CHECK(ck_sched_set(&s, O_TZ, "America//New_York", &e) == CK_USAGE);
	CHECK(ck_sched_set(&s, O_TZ, "America/New York", &e) == CK_USAGE);
	CHECK(ck_sched_set(&s, O_TZ, "", &e) == CK_USAGE);
	CHECK(ck_sched_set(&s, O_TZ, "America", &e) == CK_USAGE); /* a folder */
	CHECK_STR(s.tz, "UTC");
}

static void
moments(void)
{
	char buf[17];
	long m;

	CHECK(ck_sched_parse_moment("1970-01-01 00:00", &m) == 0 && m == 0);
	CHECK(ck_sched_parse_moment("2025-01-06 06:30", &m) == 0 &&
	    m == day("2025-01-06") * 1440 + 390);
	CHECK_STR(ck_sched_format(m, buf), "2025-01-06 06:30");
	CHECK(ck_sched_parse_moment("1969-12-31 23:59", &m) == 0 && m == -1);
	CHECK(ck_sched_day(m) == -1);
	CHECK_STR(ck_sched_format(m, buf), "1969-12-31 23:59");
	CHECK_STR(ck_sched_format(moment("1960-02-29 12:05"), buf),
	    "1960-02-29 12:05");
	CHECK(ck_sched_parse_moment("2025-01-06T06:30", &m) < 0);
	CHECK(ck_sched_parse_moment("2025-01-06 6:30", &m) < 0);
	CHECK(ck_sched_parse_moment("2025-02-29 06:30", &m) < 0);
	CHECK(ck_sched_parse_moment("2025-01-06 24:00", &m) < 0);
	CHECK(ck_sched_parse_moment("2025-01-06", &m) < 0);
}

/* Weekday 0 = Sunday of a day, by the C library, to check the Monday
 * arithmetic against. */
static int
libc_wday(long d)
{
	time_t t = (time_t)d * 86400;
	struct tm tm;

	gmtime_r(&t, &tm);
	return tm.tm_wday;
}

/* Runs days built forward from the start, one step of the pattern at a
 * time, must be exactly the days ck_sched_is_day accepts. */
static void
against_builder(const char *kind, const char *val, int every,
    const char *start)
{
	struct ck_sched s;
	struct ck_err e;
	char ev[16], st[32], want_buf[11], *want;
	long first = day(start), last = first + 3000, d, bad = 0;
	int y, m, mday = 0, mon = 0;

	snprintf(ev, sizeof(ev), "every=%d", every);
	snprintf(st, sizeof(st), "start=%s", start);
	if (MAKE(&s, &e, kind, ev, st) != 0) {
		CHECK_STR(e.msg, "");
		return;
	}
	want = calloc((size_t)(last - first + 1), 1);
	if (strcmp(kind, "daily") == 0) {
		for (d = first; d <= last; d += every)
			want[d - first] = 1;
	} else if (strncmp(kind, "weekly", 6) == 0) {
		/* weeks from the Monday on or before the start */
		long monday = first;
		while (libc_wday(monday) != 1)
			monday--;
		for (long w = monday; w <= last; w += 7L * every)
			for (int i = 0; i < 7; i++)
				if (w + i >= first && w + i <= last &&
				    (s.days & 1u << i))
					want[w + i - first] = 1;
	} else {
		/* months (or years) counted on from the start's */
		y = atoi(start);
		m = atoi(start + 5);
		if (strncmp(kind, "monthly", 7) == 0)
			mday = atoi(val);
		else {
			mon = atoi(val);
			mday = atoi(val + 3);
		}
		for (; y <= atoi(start) + 10; ) {
			snprintf(want_buf, sizeof(want_buf), "%04d-%02d-%02d",
			    y, mon ? mon : m, mday);
			if (ck_date_check(want_buf) == 0 &&
			    (d = day(want_buf)) >= first && d <= last)
				want[d - first] = 1;
			if (mon)
				y += every;
			else {
				m += every;
				y += (m - 1) / 12;
				m = (m - 1) % 12 + 1;
			}
		}
	}
	for (d = first - 40; d <= last; d++) {
		int got = ck_sched_is_day(&s, d);
		int exp = d >= first ? want[d - first] : 0;
		if (got != exp && bad++ < 3)
			fprintf(stderr, "%s %s every %d from %s: day %s is %d, "
			    "expected %d\n", kind, val, every, start,
			    ck_date_from_days(d, want_buf), got, exp);
	}
	CHECK(bad == 0);
	free(want);
}

static void
days(void)
{
	struct ck_sched s;
	struct ck_err e;

	/* 2025-01-06 was a Monday, as the C library also says */
	CHECK(libc_wday(day("2025-01-06")) == 1);
	CHECK(MAKE(&s, &e, "weekly=mon", "start=2025-01-01") == 0);
	CHECK(ck_sched_is_day(&s, day("2025-01-06")));
	CHECK(!ck_sched_is_day(&s, day("2025-01-07")));
	CHECK(!ck_sched_is_day(&s, day("2024-12-30")));   /* before start */

	/* every 2 weeks from a Wednesday: that week's Thursday is week 0 */
	CHECK(MAKE(&s, &e, "weekly=mon,thu", "every=2",
	    "start=2025-01-08") == 0);
	CHECK(!ck_sched_is_day(&s, day("2025-01-06")));
	CHECK(ck_sched_is_day(&s, day("2025-01-09")));
	CHECK(!ck_sched_is_day(&s, day("2025-01-13")));
	CHECK(!ck_sched_is_day(&s, day("2025-01-16")));
	CHECK(ck_sched_is_day(&s, day("2025-01-20")));
	CHECK(ck_sched_is_day(&s, day("2025-01-23")));

	/* a month without the 31st has no run, and still counts */
	CHECK(MAKE(&s, &e, "monthly=31", "every=2", "start=2025-01-15") == 0);
	CHECK(ck_sched_is_day(&s, day("2025-01-31")));
	CHECK(!ck_sched_is_day(&s, day("2025-03-30")));
	CHECK(ck_sched_is_day(&s, day("2025-03-31")));
	CHECK(!ck_sched_is_day(&s, day("2025-04-30")));
	CHECK(ck_sched_is_day(&s, day("2025-05-31")));
	CHECK(!ck_sched_is_day(&s, day("2025-08-31")));   /* odd month */
	CHECK(!ck_sched_is_day(&s, day("2025-01-15")));

	/* 02-29 in leap years only; every 2 years from 2024 */
	CHECK(MAKE(&s, &e, "yearly=02-29", "every=2", "start=2024-01-01") ==
	    0);
	CHECK(ck_sched_is_day(&s, day("2024-02-29")));
	CHECK(ck_sched_is_day(&s, day("2028-02-29")));
	CHECK(!ck_sched_is_day(&s, day("2026-03-01")));
	CHECK(MAKE(&s, &e, "yearly=02-29", "every=3", "start=2024-01-01") ==
	    0);
	CHECK(!ck_sched_is_day(&s, day("2028-02-29")));
	CHECK(ck_sched_is_day(&s, day("2036-02-29")));

	/* the end is the last day a run may happen */
	CHECK(MAKE(&s, &e, "daily", "start=2025-01-01", "end=2025-01-10") ==
	    0);
	CHECK(ck_sched_is_day(&s, day("2025-01-10")));
	CHECK(!ck_sched_is_day(&s, day("2025-01-11")));

	against_builder("daily", "", 1, "2025-01-01");
	against_builder("daily", "", 3, "2024-02-27");
	against_builder("daily", "", 17, "1999-12-31");
	against_builder("weekly=mon,thu", "mon,thu", 1, "2025-01-01");
	against_builder("weekly=mon,thu", "mon,thu", 2, "2025-01-08");
	against_builder("weekly=sun", "sun", 2, "2025-01-05");
	against_builder("weekly=sun,sat", "sun,sat", 3, "2025-01-06");
	against_builder("weekly=mon,tue,wed,thu,fri,sat,sun", "all", 5,
	    "2023-12-31");
	against_builder("monthly=31", "31", 1, "2025-01-01");
	against_builder("monthly=31", "31", 3, "2025-01-31");
	against_builder("monthly=29", "29", 5, "2023-11-30");
	against_builder("monthly=1", "1", 7, "2025-06-02");
	against_builder("yearly=02-29", "02-29", 1, "2023-05-01");
	against_builder("yearly=02-29", "02-29", 2, "2024-01-01");
	against_builder("yearly=12-31", "12-31", 3, "2025-12-31");
	against_builder("yearly=01-01", "01-01", 1, "2025-01-02");
}

static void
next(void)
{
	struct ck_sched s;
	struct ck_err e;
	long t[10];
	char buf[17];

	CHECK(MAKE(&s, &e, "weekly=mon", "every=2", "start=2025-01-06",
	    "at=18:00", "at=06:30") == 0);
	CHECK(ck_sched_next(&s, moment("2025-01-06 06:30"), t, 4) == 4);
	CHECK_STR(ck_sched_format(t[0], buf), "2025-01-06 18:00");
	CHECK_STR(ck_sched_format(t[1], buf), "2025-01-20 06:30");
	CHECK_STR(ck_sched_format(t[2], buf), "2025-01-20 18:00");
	CHECK_STR(ck_sched_format(t[3], buf), "2025-02-03 06:30");
	/* strictly after now; a start in the future waits for it */
	CHECK(ck_sched_next(&s, moment("2025-01-06 06:29"), t, 1) == 1 &&
	    t[0] == moment("2025-01-06 06:30"));
	CHECK(ck_sched_next(&s, moment("2024-06-01 00:00"), t, 1) == 1 &&
	    t[0] == moment("2025-01-06 06:30"));

	/* the end cuts the list short */
	CHECK(MAKE(&s, &e, "daily", "start=2025-01-01", "end=2025-01-03",
	    "at=12:00") == 0);
	CHECK(ck_sched_next(&s, moment("2025-01-01 12:00"), t, 10) == 2);
	CHECK(ck_sched_next(&s, moment("2025-01-03 12:00"), t, 10) == 0);

	CHECK(MAKE(&s, &e, "monthly=31", "start=2025-01-01", "at=00:00") == 0);
	CHECK(ck_sched_next(&s, moment("2025-01-31 00:00"), t, 3) == 3);
	CHECK_STR(ck_sched_format(t[0], buf), "2025-03-31 00:00");
	CHECK_STR(ck_sched_format(t[1], buf), "2025-05-31 00:00");
	CHECK_STR(ck_sched_format(t[2], buf), "2025-07-31 00:00");
}

static void
exact(void)
{
	struct ck_sched s;
	struct ck_err e;
	long today = day("2025-01-01");

	CHECK(MAKE(&s, &e, "daily") == 0 && ck_sched_exact(&s, today));
	CHECK(MAKE(&s, &e, "daily", "every=2") == 0 &&
	    !ck_sched_exact(&s, today));
	CHECK(MAKE(&s, &e, "daily", "start=2025-01-02") == 0 &&
	    !ck_sched_exact(&s, today));
	CHECK(ck_sched_exact(&s, today + 1));
	CHECK(MAKE(&s, &e, "daily", "end=2030-01-01") == 0 &&
	    !ck_sched_exact(&s, today));
	CHECK(MAKE(&s, &e, "weekly=mon", "every=2") == 0 &&
	    !ck_sched_exact(&s, today));
	for (int n = 1; n <= 13; n++) {
		char ev[16];
		snprintf(ev, sizeof(ev), "every=%d", n);
		CHECK(MAKE(&s, &e, "monthly=5", ev) == 0 &&
		    ck_sched_exact(&s, today) == (12 % n == 0));
	}
	CHECK(MAKE(&s, &e, "yearly=02-29") == 0 && ck_sched_exact(&s, today));
	CHECK(MAKE(&s, &e, "yearly=02-29", "every=2", "start=2024-01-01") ==
	    0 && !ck_sched_exact(&s, today));
}

static void
crontab(void)
{
	struct ck_sched s;
	struct ck_err e;
	long today = day("2025-01-01");
	char *out, *args[] = {"--upload", "it's", "a b", "", "x=1,y"};

	CHECK(MAKE(&s, &e, "weekly=sun,mon,thu", "at=18:00", "at=06:05") == 0);
	CHECK(ck_sched_crontab(&s, today, "/usr/bin/claim-batch",
	    "/srv/ck.db", args, 5, &out, &e) == 0);
	CHECK_STR(out, "5 6 * * 0,1,4 /usr/bin/claim-batch --db /srv/ck.db "
	    "run --upload 'it'\\''s' 'a b' '' x=1,y\n"
	    "0 18 * * 0,1,4 /usr/bin/claim-batch --db /srv/ck.db run "
	    "--upload 'it'\\''s' 'a b' '' x=1,y\n");
	free(out);

	CHECK(MAKE(&s, &e, "weekly=mon", "every=2", "start=2025-01-06",
	    "end=2025-12-31", "tz=America/Chicago", "at=06:30") == 0);
	CHECK(ck_sched_crontab(&s, today, "/opt/my bin/claim-batch",
	    "/srv/ck.db", NULL, 0, &out, &e) == 0);
	CHECK_STR(out, "CRON_TZ=America/Chicago\n"
	    "30 6 * * 1 '/opt/my bin/claim-batch' due --weekly mon --every 2 "
	    "--start 2025-01-06 --end 2025-12-31 --tz America/Chicago && "
	    "'/opt/my bin/claim-batch' --db /srv/ck.db run\n");
	free(out);

	/* every 3 months: a list of months, exact without a guard */
	CHECK(MAKE(&s, &e, "monthly=31", "every=3", "start=2024-11-20",
	    "at=23:59") == 0);
	CHECK(ck_sched_crontab(&s, today, "/b", "/d", NULL, 0, &out, &e) == 0);
	CHECK_STR(out, "59 23 31 2,5,8,11 * /b --db /d run\n");
	free(out);
	CHECK(MAKE(&s, &e, "monthly=31", "every=5", "start=2024-11-20",
	    "at=23:59") == 0);
	CHECK(ck_sched_crontab(&s, today, "/b", "/d", NULL, 0, &out, &e) == 0);
	CHECK_STR(out, "59 23 31 * * /b due --monthly 31 --every 5 --start "
	    "2024-11-20 && /b --db /d run\n");
	free(out);

	/* a start to come needs the guard even every day */
	CHECK(MAKE(&s, &e, "daily", "start=2025-03-01", "at=00:00") == 0);
	CHECK(ck_sched_crontab(&s, today, "/b", "/d", NULL, 0, &out, &e) == 0);
	CHECK_STR(out, "0 0 * * * /b due --daily --start 2025-03-01 && "
	    "/b --db /d run\n");
	free(out);
	CHECK(MAKE(&s, &e, "yearly=02-29", "at=01:02") == 0);
	CHECK(ck_sched_crontab(&s, today, "/b", "/d", NULL, 0, &out, &e) == 0);
	CHECK_STR(out, "2 1 29 2 * /b --db /d run\n");
	free(out);

	/* what cron would cut */
	args[1] = "50%";
	CHECK(ck_sched_crontab(&s, today, "/b", "/d", args, 2, &out, &e) ==
	    CK_USAGE && out == NULL);
	CHECK_STR(e.msg, "run argument '50%' holds '%', which cron turns "
	    "into a new line");
	args[1] = "a\nb";
	CHECK(ck_sched_crontab(&s, today, "/b", "/d", args, 2, &out, &e) ==
	    CK_USAGE && out == NULL);
	CHECK_STR(e.msg, "run argument holds a line break, which a crontab "
	    "line cannot");
	CHECK(ck_sched_crontab(&s, today, "/b", "/d%", NULL, 0, &out, &e) ==
	    CK_USAGE);
	CHECK(ck_sched_crontab(&s, today, "/b%", "/d", NULL, 0, &out, &e) ==
	    CK_FAIL);
}

/* The clock in two zones 25 hours apart, and TZ left as it was. */
static void
zone_clock(void)
{
	struct ck_err e = {0};
	long a = 0, b = 0, u = 0;
	int tries = 0;

	setenv("TZ", "Europe/Paris", 1);
	do {
		CHECK(ck_sched_now("Pacific/Kiritimati", &a, &e) == 0);
		CHECK(ck_sched_now("Pacific/Pago_Pago", &b, &e) == 0);
		CHECK(ck_sched_now("UTC", &u, &e) == 0);
	} while (a - b != 25 * 60 && ++tries < 3);  /* a minute went by */
	CHECK(a - b == 25 * 60);
	CHECK(a - u == 14 * 60);
	CHECK(u - (long)(time(NULL) / 60) <= 0 &&
	    u - (long)(time(NULL) / 60) >= -1);
	CHECK_STR(getenv("TZ"), "Europe/Paris");
	unsetenv("TZ");
	CHECK(ck_sched_now("UTC", &u, &e) == 0);
	CHECK(getenv("TZ") == NULL);
}

int
main(void)
{
	options();
	at_limit();
	zones();
	moments();
	days();
	next();
	exact();
	crontab();
	zone_clock();
	return t_done();
}
