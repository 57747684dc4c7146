#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "claimkit/date.h"

static int
leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
month_days(int y, int m)
{
	static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

	return m == 2 && leap(y) ? 29 : d[m - 1];
}

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

int
ck_date_check(const char *s)
{
	int y, m, d;

	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return -1;
	y = digits(s, 4);
	m = digits(s + 5, 2);
	d = digits(s + 8, 2);
	if (y < 1900 || y > 2199 || m < 1 || m > 12 || d < 1)
		return -1;
	return d <= month_days(y, m) ? 0 : -1;
}

time_t
ck_now(void)
{
	const char *e = getenv("CLAIMKIT_NOW");
	struct tm tm = {0};
	const char *end;

	if (e && (end = strptime(e, "%Y-%m-%dT%H:%M:%SZ", &tm)) != NULL &&
	    *end == '\0')
		return timegm(&tm);
	return time(NULL);
}

char *
ck_date_today(char *buf)
{
	time_t t = ck_now();
	struct tm tm;

	localtime_r(&t, &tm);
	strftime(buf, 11, "%Y-%m-%d", &tm);
	return buf;
}

/* Howard Hinnant's days_from_civil: exact for the proleptic Gregorian
 * calendar, no table and no time zone. */
long
ck_date_days(const char *s)
{
	long y = digits(s, 4), m = digits(s + 5, 2), d = digits(s + 8, 2);
	long era, yoe, doy, doe;

	y -= m <= 2;
	era = y / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

char *
ck_date_from_days(long z, char *buf)
{
	long era, doe, yoe, y, doy, mp, d, m;

	z += 719468;
	era = z / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	d = doy - (153 * mp + 2) / 5 + 1;
	m = mp + (mp < 10 ? 3 : -9);
	snprintf(buf, 11, "%04u-%02u-%02u", (unsigned)(y + (m <= 2)) % 10000u,
	    (unsigned)m % 100u, (unsigned)d % 100u);
	return buf;
}
