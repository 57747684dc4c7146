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
	CHECK(ck_sched_next(&s, moment("2025-01-06 06:30"), t, 4, &e) == 4);
	CHECK_STR(ck_sched_format(t[0], buf), "2025-01-06 18:00");
	CHECK_STR(ck_sched_format(t[1], buf), "2025-01-20 06:30");
	CHECK_STR(ck_sched_format(t[2], buf), "2025-01-20 18:00");
	CHECK_STR(ck_sched_format(t[3], buf), "2025-02-03 06:30");
	/* strictly after now; a start in the future waits for it */
	CHECK(ck_sched_next(&s, moment("2025-01-06 06:29"), t, 1, &e) == 1 &&
	    t[0] == moment("2025-01-06 06:30"));
	CHECK(ck_sched_next(&s, moment("2024-06-01 00:00"), t, 1, &e) == 1 &&
	    t[0] == moment("2025-01-06 06:30"));

	/* the end cuts the list short */
	CHECK(MAKE(&s, &e, "daily", "start=2025-01-01", "end=2025-01-03",
	    "at=12:00") == 0);
	CHECK(ck_sched_next(&s, moment("2025-01-01 12:00"), t, 10, &e) == 2);
	CHECK(ck_sched_next(&s, moment("2025-01-03 12:00"), t, 10, &e) == 0);

	CHECK(MAKE(&s, &e, "monthly=31", "start=2025-01-01", "at=00:00") == 0);
	CHECK(ck_sched_next(&s, moment("2025-01-31 00:00"), t, 3, &e) == 3);
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
	CHECK_STR(out, "0,15,30,45 * * * * '/opt/my bin/claim-batch' due "
	    "--weekly mon --every 2 --start 2025-01-06 --end 2025-12-31 --tz "
	    "America/Chicago --at 06:30 && '/opt/my bin/claim-batch' --db "
	    "/srv/ck.db run\n");
	free(out);

	/* a zone never leaves the time to cron, even every day */
	CHECK(MAKE(&s, &e, "daily", "tz=Asia/Kathmandu", "at=23:59",
	    "at=00:07") == 0);
	CHECK(ck_sched_crontab(&s, today, "/b", "/d", NULL, 0, &out, &e) == 0);
	CHECK_STR(out, "7,22,37,52 * * * * /b due --daily --start 2025-01-01 "
	    "--tz Asia/Kathmandu --at 00:07 && /b --db /d run\n"
	    "14,29,44,59 * * * * /b due --daily --start 2025-01-01 "
	    "--tz Asia/Kathmandu --at 23:59 && /b --db /d run\n");
	CHECK(strstr(out, "TZ=") == NULL);
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

/* The instant of "YYYY-MM-DD HH:MM" UTC. */
static time_t
utc(const char *s)
{
	return (time_t)moment(s) * 60;
}

/* The moment on zone's clock at instant t, by the C library; TZ is put
 * back. */
static long
wall(const char *zone, time_t t)
{
	char *old = getenv("TZ") ? strdup(getenv("TZ")) : NULL;
	struct tm tm;

	setenv("TZ", zone, 1);
	tzset();
	localtime_r(&t, &tm);
	if (old)
		setenv("TZ", old, 1);
	else
		unsetenv("TZ");
	tzset();
	free(old);
	return (long)(timegm(&tm) / 60);
}

static void
instants(void)
{
	static const struct {
		const char *zone, *wall, *utc;
	} c[] = {
		{"America/New_York", "2025-06-01 06:00", "2025-06-01 10:00"},
		{"America/New_York", "2025-01-01 06:00", "2025-01-01 11:00"},
		/* spring: 02:00 EST is 03:00 EDT; 02:30 is read as EST */
		{"America/New_York", "2025-03-09 01:59", "2025-03-09 06:59"},
		{"America/New_York", "2025-03-09 02:30", "2025-03-09 07:30"},
		{"America/New_York", "2025-03-09 03:00", "2025-03-09 07:00"},
		/* autumn: 01:30 comes in EDT, then in EST; the first counts */
		{"America/New_York", "2025-11-02 01:30", "2025-11-02 05:30"},
		{"America/New_York", "2025-11-02 02:00", "2025-11-02 07:00"},
		/* half an hour of summer time: 02:00 becomes 02:30 */
		{"Australia/Lord_Howe", "2025-10-05 02:15", "2025-10-04 15:45"},
		{"Australia/Lord_Howe", "2025-04-06 01:45", "2025-04-05 14:45"},
		{"Asia/Kolkata", "2025-01-01 10:00", "2025-01-01 04:30"},
		{"UTC", "2025-03-09 02:30", "2025-03-09 02:30"},
	};
	struct ck_err e = {0};
	char buf[17];
	time_t t;

	for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		t = 0;
		CHECK(ck_sched_instant(c[i].zone, moment(c[i].wall), &t, &e) ==
		    0);
		if (t != utc(c[i].utc)) {
			fprintf(stderr, "%s %s is %s UTC, expected %s\n",
			    c[i].zone, c[i].wall,
			    ck_sched_format((long)(t / 60), buf), c[i].utc);
			CHECK(0);
		}
	}
}

/*
 * Debian's cron (3.0pl1), as its cron(8) and crontab(5) tell it: every
 * minute it reads a line's five time fields on the system's clock, the
 * zone of the daemon, whatever TZ= or CRON_TZ= lines say; a job whose
 * hour or minute is '*' runs by that clock as it reads, through its
 * changes of summer time too.  The lines of a schedule with a zone are
 * all such jobs, and their fields hold only numbers, lists and '*'.
 */
struct cron_job {
	char field[5][128];
};

static int
field_has(const char *f, int v)
{
	char buf[128], *w, *save = NULL;

	if (strcmp(f, "*") == 0)
		return 1;
	snprintf(buf, sizeof(buf), "%s", f);
	for (w = strtok_r(buf, ",", &save); w; w = strtok_r(NULL, ",", &save))
		if (w[strspn(w, "0123456789")] == '\0' && atoi(w) == v)
			return 1;
	return 0;
}

/* Whether cron starts the job in the minute of t (TZ: the system's). */
static int
cron_fires(const struct cron_job *j, time_t t)
{
	struct tm tm;

	localtime_r(&t, &tm);
	return field_has(j->field[0], tm.tm_min) &&
	    field_has(j->field[1], tm.tm_hour) &&
	    field_has(j->field[2], tm.tm_mday) &&
	    field_has(j->field[3], tm.tm_mon + 1) &&
	    field_has(j->field[4], tm.tm_wday);
}

/* The time fields of a one-line crontab, whose command has a guard. */
static int
cron_parse(struct cron_job *j, const char *line)
{
	const char *p = line;

	if (strchr(line, '\n') != line + strlen(line) - 1)
		return -1;
	for (int i = 0; i < 5; i++) {
		size_t n = strcspn(p, " ");
		if (n == 0 || n >= sizeof(j->field[i]) ||
		    strspn(p, "0123456789,*") != n)
			return -1;
		memcpy(j->field[i], p, n);
		j->field[i][n] = '\0';
		p += n + 1;
	}
	return strstr(p, " due ") && strstr(p, " && ") ? 0 : -1;
}

/* A local day whose run is not at the time of day: when it runs. */
struct odd_day {
	const char *day, *run_utc;
};

/*
 * Simulates cron with the system's zone sys, minute by minute from..to
 * (UTC), on the line that 'schedule KIND --tz zone --at at' prints, its
 * guard being ck_sched_due.  Each local day wholly inside has exactly
 * one run on a day of the pattern, none on another, at the time of day
 * on the zone's clock, or as odd says; --next lists the same runs.
 */
static void
simulate(const char *sys, const char *kind, const char *zone,
    const char *at, const char *from, const char *to,
    const struct odd_day *odd)
{
	struct ck_sched s;
	struct ck_err e;
	struct cron_job j;
	char tz[64], st[32], a[16], date[11], buf[17], got[24], want[24];
	char *out = NULL;
	long runs[64], next[64], first, last, t0;
	int n = 0, k, due;

	snprintf(tz, sizeof(tz), "tz=%s", zone);
	snprintf(a, sizeof(a), "at=%s", at);
	snprintf(st, sizeof(st), "start=%.10s", from);
	CHECK(MAKE(&s, &e, kind, tz, a, st) == 0);
	CHECK(ck_sched_crontab(&s, day("2025-01-01"), "/b", "/d", NULL, 0,
	    &out, &e) == 0);
	if (out == NULL || cron_parse(&j, out) != 0) {
		fprintf(stderr, "not a cron job line: %s", out ? out : "-");
		CHECK(0);
		free(out);
		return;
	}
	free(out);
	setenv("TZ", sys, 1);
	tzset();
	for (time_t t = utc(from); t < utc(to); t += 60) {
		if (!cron_fires(&j, t))
			continue;
		due = 0;
		CHECK(ck_sched_due(&s, t, &due, &e) == 0);
		if (due && n < 64)
			runs[n++] = (long)(t / 60);
	}
	CHECK_STR(getenv("TZ"), sys);
	first = ck_sched_day(wall(zone, utc(from))) + 1;
	last = ck_sched_day(wall(zone, utc(to) - 60)) - 1;
	CHECK(first < last);
	for (long d = first; d <= last; d++) {
		const struct odd_day *o = odd;
		long w = -1;
		int c = 0;

		ck_date_from_days(d, date);
		while (o && o->day && strcmp(o->day, date) != 0)
			o++;
		for (int i = 0; i < n; i++)
			if (ck_sched_day(wall(zone, (time_t)runs[i] * 60)) ==
			    d) {
				c++;
				w = runs[i];
			}
		if (o && o->day)
			snprintf(want, sizeof(want), "%s UTC", o->run_utc);
		else
			snprintf(want, sizeof(want), "%s %s", date, at);
		if (c)          /* the odd days by UTC, the others locally */
			snprintf(got, sizeof(got), "%s%s", ck_sched_format(
			    o && o->day ? w : wall(zone, (time_t)w * 60),
			    buf), o && o->day ? " UTC" : "");
		if (c != ck_sched_is_day(&s, d) || (c && strcmp(got, want))) {
			fprintf(stderr, "cron on %s, %s --tz %s --at %s, %s: "
			    "%d runs, at %s; expected %d, at %s\n", sys, kind,
			    zone, at, date, c, c ? got : "-",
			    ck_sched_is_day(&s, d), want);
			CHECK(0);
		}
	}
	t0 = wall(zone, utc(from));
	k = ck_sched_next(&s, t0, next, n, &e);
	CHECK(k == n);
	for (int i = 0; i < n && i < k; i++)
		if (next[i] != wall(zone, (time_t)runs[i] * 60)) {
			fprintf(stderr, "--next says %s, cron runs at %s\n",
			    ck_sched_format(next[i], got), ck_sched_format(
			    wall(zone, (time_t)runs[i] * 60), want));
			CHECK(0);
		}
	unsetenv("TZ");
	tzset();
}

static void
debian_cron(void)
{
	static const char *const spring[] = {"2025-03-06 12:00",
	    "2025-03-11 12:00"}, *const autumn[] = {"2025-10-30 12:00",
	    "2025-11-04 12:00"};
	static const struct odd_day spring_0230[] = {
		{"2025-03-09", "2025-03-09 07:30"}, {NULL, NULL}
	}, autumn_0130[] = {
		{"2025-11-02", "2025-11-02 05:30"}, {NULL, NULL}
	}, lord_howe[] = {
		{"2025-10-05", "2025-10-04 15:45"}, {NULL, NULL}
	};
	static const char *const times[] = {"00:00", "01:30", "02:30", "03:30",
	    "06:00", "23:59"};
	static const char *const systems[] = {"UTC", "Asia/Kolkata",
	    "America/Chicago", "America/New_York"};

	/* The practice in New York, the server in a zone of its own: each
	 * day one run, at the time in New York, across both changes. */
	for (size_t i = 0; i < sizeof(systems) / sizeof(systems[0]); i++)
		for (size_t k = 0; k < sizeof(times) / sizeof(times[0]); k++) {
			int t0230 = strcmp(times[k], "02:30") == 0;
			int t0130 = strcmp(times[k], "01:30") == 0;
			simulate(systems[i], "daily", "America/New_York",
			    times[k], spring[0], spring[1],
			    t0230 ? spring_0230 : NULL);
			simulate(systems[i], "daily", "America/New_York",
			    times[k], autumn[0], autumn[1],
			    t0130 ? autumn_0130 : NULL);
		}
	/* the day is the practice's: Monday late in New York is Tuesday
	 * on the server */
	simulate("Asia/Kolkata", "weekly=mon", "America/New_York", "23:30",
	    "2025-03-05 00:00", "2025-03-19 00:00", NULL);
	simulate("UTC", "weekly=sun", "America/New_York", "02:30",
	    "2025-03-01 00:00", "2025-03-19 00:00", spring_0230);
	/* offsets of half and three quarters of an hour */
	simulate("UTC", "daily", "Australia/Lord_Howe", "02:15",
	    "2025-10-02 00:00", "2025-10-08 00:00", lord_howe);
	simulate("UTC", "daily", "Asia/Kathmandu", "06:10",
	    "2025-01-02 00:00", "2025-01-06 00:00", NULL);
	simulate("Asia/Kathmandu", "daily", "Asia/Kolkata", "00:05",
	    "2025-01-02 00:00", "2025-01-06 00:00", NULL);
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
	instants();
	debian_cron();
	return t_done();
}
