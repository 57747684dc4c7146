#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "claimkit/date.h"
#include "claimkit/schedule.h"

#define MIN_PER_DAY 1440L
#define SEC_PER_DAY 86400L

/* ck_date_check's last day: every search for a run day stops there. */
#define LAST_DAY "2199-12-31"

/* Weekly days by bit, Monday first, as --weekly takes them; cron's own
 * day-of-week numbers count from Sunday = 0. */
static const char *const day_names[] = {
	"mon", "tue", "wed", "thu", "fri", "sat", "sun"
};

static long
floordiv(long a, long b)
{
	return a / b - (a % b != 0 && (a < 0) != (b < 0));
}

static long
floormod(long a, long b)
{
	return a - floordiv(a, b) * b;
}

/* 0 for Monday .. 6 for Sunday: 1970-01-01 was a Thursday. */
static int
weekday(long day)
{
	return (int)floormod(day + 3, 7);
}

static void
civil(long day, int *y, int *m, int *d)
{
	char buf[11];

	ck_date_from_days(day, buf);
	*y = atoi(buf);
	*m = atoi(buf + 5);
	*d = atoi(buf + 8);
}

static int
month_days(int y, int m)
{
	static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return m == 2 && leap ? 29 : d[m - 1];
}

/* The value of exactly n digits at s, or -1. */
static int
digits(const char *s, int n)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

/* A whole number lo..hi written in plain digits, or -1. */
static int
number(const char *s, int lo, int hi)
{
	size_t n = strlen(s);
	int v;

	if (n == 0 || n > 6 || (v = digits(s, (int)n)) < lo || v > hi)
		return -1;
	return v;
}

/* "HH:MM" as minutes after midnight, or -1. */
static int
clock_time(const char *s)
{
	int h, m;

	if (strlen(s) != 5 || s[2] != ':' || (h = digits(s, 2)) < 0 ||
	    (m = digits(s + 3, 2)) < 0 || h > 23 || m > 59)
		return -1;
	return h * 60 + m;
}

void
ck_sched_init(struct ck_sched *s)
{
	memset(s, 0, sizeof(*s));
	s->every = 1;
}

static int
set_kind(struct ck_sched *s, enum ck_sched_kind kind, const char *name,
    struct ck_err *err)
{
	if (s->kind != CK_SCHED_NONE)
		return ck_err_set(err, CK_USAGE, "--%s: give only one of "
		    "--daily, --weekly, --monthly and --yearly, once", name);
	s->kind = kind;
	return 0;
}

static int
set_weekly(struct ck_sched *s, const char *val, struct ck_err *err)
{
	const char *p = val;
	int i;

	if (set_kind(s, CK_SCHED_WEEKLY, "weekly", err))
		return err->code;
	for (;;) {
		for (i = 0; i < 7; i++)
			if (strncasecmp(p, day_names[i], 3) == 0 &&
			    (p[3] == ',' || p[3] == '\0'))
				break;
		if (i == 7)
			return ck_err_set(err, CK_USAGE, "--weekly: expected "
			    "days from mon,tue,wed,thu,fri,sat,sun separated "
			    "by commas, got '%s'", val);
		s->days |= 1u << i;
		if (p[3] == '\0')
			return 0;
		p += 4;
	}
}

static int
set_yearly(struct ck_sched *s, const char *val, struct ck_err *err)
{
	int m, d;

	if (set_kind(s, CK_SCHED_YEARLY, "yearly", err))
		return err->code;
	/* 2000 was a leap year: 02-29 is a day of the year, 02-30 is not */
	if (strlen(val) != 5 || val[2] != '-' || (m = digits(val, 2)) < 1 ||
	    m > 12 || (d = digits(val + 3, 2)) < 1 || d > month_days(2000, m))
		return ck_err_set(err, CK_USAGE, "--yearly: expected a day of "
		    "the year as MM-DD, got '%s'", val);
	s->month = m;
	s->mday = d;
	return 0;
}

static int
set_date(long *day, int *flag, const char *name, const char *val,
    struct ck_err *err)
{
	if (ck_date_check(val) < 0)
		return ck_err_set(err, CK_USAGE, "--%s: expected a date as "
		    "YYYY-MM-DD, got '%s'", name, val);
	*day = ck_date_days(val);
	*flag = 1;
	return 0;
}

static int
set_at(struct ck_sched *s, const char *val, struct ck_err *err)
{
	int t = clock_time(val), i;

	if (t < 0)
		return ck_err_set(err, CK_USAGE, "--at: expected a time of day "
		    "as HH:MM (00:00 to 23:59), got '%s'", val);
	for (i = 0; i < s->nat && s->at[i] < t; i++)
		;
	if (i < s->nat && s->at[i] == t)
		return 0;               /* the same time twice: one run */
	if (s->nat == CK_SCHED_MAX_AT)
		return ck_err_set(err, CK_USAGE, "--at: at most %d times",
		    CK_SCHED_MAX_AT);
	memmove(s->at + i + 1, s->at + i, (size_t)(s->nat - i) *
	    sizeof(s->at[0]));
	s->at[i] = t;
	s->nat++;
	return 0;
}

/* Zone names are printed into the crontab as they are: only their own
 * characters pass, and no component may be empty or start with a dot,
 * so the name cannot climb out of the zoneinfo folder. */
static int
zone_name(const char *v)
{
	const char *p = v;

	for (; *p; p++)
		if (!isalnum((unsigned char)*p) && !strchr("/_-+.", *p))
			return 0;
	for (p = v;; p++) {
		if (*p == '.' || *p == '/' || *p == '\0')
			return 0;
		if ((p = strchr(p, '/')) == NULL)
			return 1;
	}
}

/* glibc takes an unknown TZ for UTC without a word, so the zone must be
 * a zoneinfo file. */
static int
set_zone(struct ck_sched *s, const char *val, struct ck_err *err)
{
	const char *dir = getenv("TZDIR");
	char path[4096], magic[4];
	FILE *fp;
	int ok;

	if (dir == NULL || *dir == '\0')
		dir = "/usr/share/zoneinfo";
	if (strlen(val) >= sizeof(s->tz) || !zone_name(val))
		return ck_err_set(err, CK_USAGE, "--tz: expected a zone name "
		    "such as America/New_York, got '%s'", val);
	snprintf(path, sizeof(path), "%s/%s", dir, val);
	ok = (fp = fopen(path, "r")) != NULL &&
	    fread(magic, 1, 4, fp) == 4 && memcmp(magic, "TZif", 4) == 0;
	if (fp)
		fclose(fp);
	if (!ok)
		return ck_err_set(err, CK_USAGE, "--tz: no time zone '%s' "
		    "under %s", val, dir);
	strcpy(s->tz, val);
	return 0;
}

int
ck_sched_set(struct ck_sched *s, int opt, const char *val,
    struct ck_err *err)
{
	int v;

	switch (opt - CK_SCHED_OPT) {
	case 0:
		return set_kind(s, CK_SCHED_DAILY, "daily", err);
	case 1:
		return set_weekly(s, val, err);
	case 2:
		if (set_kind(s, CK_SCHED_MONTHLY, "monthly", err))
			return err->code;
		if ((s->mday = number(val, 1, 31)) < 0)
			return ck_err_set(err, CK_USAGE, "--monthly: expected "
			    "a day of the month from 1 to 31, got '%s'", val);
		return 0;
	case 3:
		return set_yearly(s, val, err);
	case 4:
		if ((v = number(val, 1, CK_SCHED_MAX_EVERY)) < 0)
			return ck_err_set(err, CK_USAGE, "--every: expected a "
			    "whole number from 1 to %d, got '%s'",
			    CK_SCHED_MAX_EVERY, val);
		s->every = v;
		return 0;
	case 5:
		return set_date(&s->start, &s->has_start, "start", val, err);
	case 6:
		return set_date(&s->end, &s->has_end, "end", val, err);
	case 7:
		return set_zone(s, val, err);
	case 8:
		return set_at(s, val, err);
	}
	return ck_err_set(err, CK_FAIL, "schedule: unknown option %d", opt);
}

/* The last day a run may happen. */
static long
last_day(const struct ck_sched *s)
{
	long last = ck_date_days(LAST_DAY);

	return s->has_end && s->end < last ? s->end : last;
}

int
ck_sched_finish(struct ck_sched *s, long today, struct ck_err *err)
{
	char a[11], b[11];
	long d, last;

	if (s->kind == CK_SCHED_NONE)
		return ck_err_set(err, CK_USAGE, "expected one of --daily, "
		    "--weekly DAYS, --monthly DAY or --yearly MM-DD");
	if (!s->has_start) {
		s->start = today;
		s->has_start = 1;
	}
	if (s->has_end && s->end < s->start)
		return ck_err_set(err, CK_USAGE, "--end %s comes before the "
		    "start, %s", ck_date_from_days(s->end, a),
		    ck_date_from_days(s->start, b));
	last = last_day(s);
	for (d = s->start; d <= last; d++)
		if (ck_sched_is_day(s, d))
			return 0;
	return ck_err_set(err, CK_USAGE, "the pattern names no day from %s "
	    "to %s", ck_date_from_days(s->start, a),
	    ck_date_from_days(last, b));
}

int
ck_sched_parse_moment(const char *text, long *moment)
{
	char date[11];
	int t;

	if (strlen(text) != 16 || text[10] != ' ')
		return -1;
	memcpy(date, text, 10);
	date[10] = '\0';
	if (ck_date_check(date) < 0 || (t = clock_time(text + 11)) < 0)
		return -1;
	*moment = ck_date_days(date) * MIN_PER_DAY + t;
	return 0;
}

long
ck_sched_day(long moment)
{
	return floordiv(moment, MIN_PER_DAY);
}

char *
ck_sched_format(long moment, char *buf)
{
	long day = floordiv(moment, MIN_PER_DAY);
	int t = (int)(moment - day * MIN_PER_DAY);
	char date[11];

	snprintf(buf, 17, "%s %02u:%02u", ck_date_from_days(day, date),
	    (unsigned)(t / 60) % 100u, (unsigned)(t % 60) % 100u);
	return buf;
}

/*
 * The zone's rules are the C library's: TZ is set to the zone for the
 * time of a conversion and put back after it.  "" leaves local time.
 */
struct zone {
	char *old;
	int set, had;
};

static int
zone_enter(struct zone *z, const char *tz, struct ck_err *err)
{
	const char *o = getenv("TZ");

	memset(z, 0, sizeof(*z));
	if (*tz == '\0')
		return 0;
	if (o && (z->old = strdup(o)) == NULL)
		return ck_err_set(err, CK_FAIL, "out of memory");
	z->had = o != NULL;
	if (setenv("TZ", tz, 1) < 0) {
		free(z->old);
		return ck_err_set(err, CK_FAIL, "cannot set TZ to '%s'", tz);
	}
	z->set = 1;
	tzset();
	return 0;
}

static void
zone_leave(struct zone *z)
{
	if (!z->set)
		return;
	if (z->had)
		setenv("TZ", z->old, 1);
	else
		unsetenv("TZ");
	tzset();
	free(z->old);
}

/* Seconds east of UTC on the current zone's clock at instant t. */
static long
offset_at(time_t t)
{
	struct tm tm;

	if (localtime_r(&t, &tm) == NULL)
		return 0;
	return (long)(timegm(&tm) - t);
}

/* The moment on the current zone's wall clock at instant t. */
static long
wall_of(time_t t)
{
	return floordiv((long)t + offset_at(t), 60);
}

/*
 * The instant at which the current zone's wall clock shows moment.  Its
 * offset is the one a day before or a day after (a zone changes at most
 * once in two days).  A moment shown twice (autumn) is its first time;
 * a moment the clock skips (spring) is read on the offset from before
 * the change, which puts it as much later as the clock jumped: 02:30 on
 * a day that goes from 02:00 to 03:00 is 03:30.
 */
static time_t
instant_of(long moment)
{
	time_t n = (time_t)moment * 60, c1, c2;
	long o1 = offset_at(n - SEC_PER_DAY), o2 = offset_at(n + SEC_PER_DAY);
	int v1, v2;

	c1 = n - o1;
	c2 = n - o2;
	v1 = offset_at(c1) == o1;
	v2 = offset_at(c2) == o2;
	if (v1 && v2)
		return c1 < c2 ? c1 : c2;
	return v2 && !v1 ? c2 : c1;
}

int
ck_sched_now(const char *tz, long *moment, struct ck_err *err)
{
	struct zone z;

	if (zone_enter(&z, tz, err))
		return err->code;
	*moment = wall_of(ck_now());
	zone_leave(&z);
	return 0;
}

int
ck_sched_instant(const char *tz, long moment, time_t *t, struct ck_err *err)
{
	struct zone z;

	if (zone_enter(&z, tz, err))
		return err->code;
	*t = instant_of(moment);
	zone_leave(&z);
	return 0;
}

int
ck_sched_is_day(const struct ck_sched *s, long day)
{
	int y, m, d, sy, sm, sd;

	if (day < s->start || (s->has_end && day > s->end))
		return 0;
	civil(day, &y, &m, &d);
	civil(s->start, &sy, &sm, &sd);
	switch (s->kind) {
	case CK_SCHED_DAILY:
		return (day - s->start) % s->every == 0;
	case CK_SCHED_WEEKLY:
		/* weeks start on Monday; the week of the start is week 0 */
		if (!(s->days & 1u << weekday(day)))
			return 0;
		return ((day - weekday(day)) - (s->start - weekday(s->start))) /
		    7 % s->every == 0;
	case CK_SCHED_MONTHLY:
		/* a month without the day still counts in the cycle */
		return d == s->mday &&
		    ((y - sy) * 12 + (m - sm)) % s->every == 0;
	case CK_SCHED_YEARLY:
		return m == s->month && d == s->mday &&
		    (y - sy) % s->every == 0;
	case CK_SCHED_NONE:
		break;
	}
	return 0;
}

/* The times of day d, as moments in ascending order: with a zone, each
 * where the guard puts it on a day the clock skips it. */
static int
day_times(const struct ck_sched *s, long d, long *t)
{
	long v;
	int i, j;

	for (i = 0; i < s->nat; i++) {
		v = d * MIN_PER_DAY + s->at[i];
		if (*s->tz)
			v = wall_of(instant_of(v));
		for (j = i; j > 0 && t[j - 1] > v; j--)
			t[j] = t[j - 1];
		t[j] = v;
	}
	return s->nat;
}

int
ck_sched_next(const struct ck_sched *s, long now, long *out, int k,
    struct ck_err *err)
{
	long d = floordiv(now, MIN_PER_DAY), last = last_day(s);
	long t[CK_SCHED_MAX_AT];
	struct zone z;
	int n = 0;

	if (zone_enter(&z, s->tz, err))
		return -1;
	if (d < s->start)
		d = s->start;
	for (; d <= last && n < k; d++) {
		if (!ck_sched_is_day(s, d))
			continue;
		day_times(s, d, t);
		for (int i = 0; i < s->nat && n < k; i++)
			if (t[i] > now)
				out[n++] = t[i];
	}
	zone_leave(&z);
	return n;
}

int
ck_sched_due(const struct ck_sched *s, time_t now, int *due,
    struct ck_err *err)
{
	long today;
	struct zone z;

	if (zone_enter(&z, s->tz, err))
		return err->code;
	today = ck_sched_day(wall_of(now));
	*due = 0;
	/* a time moved on by a skip, or a window, may cross midnight */
	for (long d = today - 1; d <= today + 1 && !*due; d++) {
		if (!ck_sched_is_day(s, d))
			continue;
		if (s->nat == 0)
			*due = d == today;
		for (int i = 0; i < s->nat; i++) {
			time_t at = instant_of(d * MIN_PER_DAY + s->at[i]);
			if (now >= at && now < at + CK_SCHED_STEP * 60)
				*due = 1;
		}
	}
	zone_leave(&z);
	return 0;
}

int
ck_sched_exact(const struct ck_sched *s, long today)
{
	if (*s->tz || s->has_end || s->start > today)
		return 0;
	if (s->kind == CK_SCHED_MONTHLY)
		return 12 % s->every == 0;
	return s->every == 1;
}

/* A word for sh: as is when plain, else in single quotes. */
static void
put_word(FILE *fp, const char *w)
{
	if (*w && strspn(w, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTU"
	    "VWXYZ0123456789_-+=:,./@") == strlen(w)) {
		fputs(w, fp);
		return;
	}
	fputc('\'', fp);
	for (; *w; w++)
		if (*w == '\'')
			fputs("'\\''", fp);
		else
			fputc(*w, fp);
	fputc('\'', fp);
}

/* cron ends a command at an unescaped '%' (the rest is its standard
 * input) and a crontab line at a new line. */
static int
cron_word(const char *what, const char *w, int code, struct ck_err *err)
{
	if (strchr(w, '%'))
		return ck_err_set(err, code, "%s '%s' holds '%%', which cron "
		    "turns into a new line", what, w);
	if (strpbrk(w, "\n\r"))
		return ck_err_set(err, code, "%s holds a line break, which a "
		    "crontab line cannot", what);
	return 0;
}

/* The day-of-month, month and day-of-week fields. */
static void
put_days(FILE *fp, const struct ck_sched *s)
{
	int y, m, d, sep = 0;

	switch (s->kind) {
	case CK_SCHED_DAILY:
	case CK_SCHED_NONE:
		fputs("* * *", fp);
		break;
	case CK_SCHED_WEEKLY:
		fputs("* * ", fp);
		for (int n = 0; n < 7; n++)     /* n = 0 is Sunday, bit 6 */
			if (s->days & 1u << (n + 6) % 7)
				fprintf(fp, "%s%d", sep++ ? "," : "", n);
		break;
	case CK_SCHED_MONTHLY:
		fprintf(fp, "%d ", s->mday);
		if (s->every == 1 || 12 % s->every != 0) {
			fputs("* *", fp);
			break;
		}
		/* every 2, 3, 4, 6 or 12 months: the same months each year */
		civil(s->start, &y, &m, &d);
		for (int i = 1; i <= 12; i++)
			if ((i - m) % s->every == 0)
				fprintf(fp, "%s%d", sep++ ? "," : "", i);
		fputs(" *", fp);
		break;
	case CK_SCHED_YEARLY:
		fprintf(fp, "%d %d *", s->mday, s->month);
		break;
	}
}

/* The guard's pattern: every option that the day depends on, and with
 * a zone the time of day too. */
static void
put_pattern(FILE *fp, const struct ck_sched *s, int at)
{
	char buf[11];
	int sep = 0;

	switch (s->kind) {
	case CK_SCHED_DAILY:
	case CK_SCHED_NONE:
		fputs("--daily", fp);
		break;
	case CK_SCHED_WEEKLY:
		fputs("--weekly ", fp);
		for (int i = 0; i < 7; i++)
			if (s->days & 1u << i)
				fprintf(fp, "%s%s", sep++ ? "," : "",
				    day_names[i]);
		break;
	case CK_SCHED_MONTHLY:
		fprintf(fp, "--monthly %d", s->mday);
		break;
	case CK_SCHED_YEARLY:
		fprintf(fp, "--yearly %02d-%02d", s->month, s->mday);
		break;
	}
	if (s->every != 1)
		fprintf(fp, " --every %d", s->every);
	fprintf(fp, " --start %s", ck_date_from_days(s->start, buf));
	if (s->has_end)
		fprintf(fp, " --end %s", ck_date_from_days(s->end, buf));
	if (*s->tz)
		fprintf(fp, " --tz %s --at %02d:%02d", s->tz, at / 60, at % 60);
}

/*
 * The time fields.  cron reads them on the system's clock, which knows
 * nothing of the schedule's zone: a line with a zone fires every
 * CK_SCHED_STEP minutes, on the minutes that the time of day falls on
 * whatever whole quarter of an hour the two clocks differ by, and its
 * guard lets the one firing in the quarter from the time go on.
 */
static void
put_time(FILE *fp, const struct ck_sched *s, int at)
{
	if (*s->tz == '\0') {
		fprintf(fp, "%d %d ", at % 60, at / 60);
		put_days(fp, s);
		return;
	}
	for (int m = at % CK_SCHED_STEP; m < 60; m += CK_SCHED_STEP)
		fprintf(fp, "%d%s", m, m + CK_SCHED_STEP < 60 ? "," : "");
	fputs(" * * * *", fp);
}

static void
put_line(FILE *fp, const struct ck_sched *s, int at, int guard,
    const char *gexe, const char *exe, const char *db, char *const *args,
    int nargs)
{
	put_time(fp, s, at);
	fputc(' ', fp);
	if (guard) {
		put_word(fp, gexe);
		fputs(" due ", fp);
		put_pattern(fp, s, at);
		fputs(" && ", fp);
	}
	put_word(fp, exe);
	fputs(" --db ", fp);
	put_word(fp, db);
	for (int i = 0; i < nargs; i++) {
		fputc(' ', fp);
		put_word(fp, args[i]);
	}
	fputc('\n', fp);
}

int
ck_sched_crontab_cmd(const struct ck_sched *s, long today, const char *gexe,
    const char *exe, const char *db, char *const *args, int nargs,
    char **out, struct ck_err *err)
{
	int guard = !ck_sched_exact(s, today);
	size_t len;
	FILE *fp;

	*out = NULL;
	if (cron_word("the program's path", exe, CK_FAIL, err) ||
	    cron_word("the program's path", gexe, CK_FAIL, err) ||
	    cron_word("the database path", db, CK_USAGE, err))
		return err->code;
	for (int i = 0; i < nargs; i++)
		if (cron_word("run argument", args[i], CK_USAGE, err))
			return err->code;
	if ((fp = open_memstream(out, &len)) == NULL)
		return ck_err_set(err, CK_FAIL, "out of memory");
	for (int i = 0; i < s->nat; i++)
		put_line(fp, s, s->at[i], guard, gexe, exe, db, args, nargs);
	if (ferror(fp) | fclose(fp)) {
		free(*out);
		*out = NULL;
		return ck_err_set(err, CK_FAIL, "out of memory");
	}
	return 0;
}

int
ck_sched_crontab(const struct ck_sched *s, long today, const char *exe,
    const char *db, char *const *args, int nargs, char **out,
    struct ck_err *err)
{
	char **words = calloc((size_t)nargs + 1, sizeof(*words));
	int rc;

	if (words == NULL)
		return ck_err_set(err, CK_FAIL, "out of memory");
	words[0] = "run";
	for (int i = 0; i < nargs; i++)
		words[i + 1] = args[i];
	rc = ck_sched_crontab_cmd(s, today, exe, exe, db, words, nargs + 1,
	    out, err);
	free(words);
	return rc;
}
