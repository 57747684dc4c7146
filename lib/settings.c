#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "claimkit/date.h"
#include "claimkit/settings.h"

#define WHY(...) (snprintf(why, 200, __VA_ARGS__), -1)

/* Printable ASCII without the X12 delimiters (~ * : ^) we write with. */
static int
text(const struct ck_setting_def *d, const char *v, char *why)
{
	size_t n = strlen(v);

	if ((int)n < d->min || (int)n > d->max)
		return WHY("expected %d to %d characters, got %zu", d->min,
		    d->max, n);
	for (const char *p = v; *p; p++)
		if (*p < 0x20 || *p > 0x7e || strchr("~*:^", *p))
			return WHY("expected printable ASCII without ~ * : ^");
	return 0;
}

static int
digits(const struct ck_setting_def *d, const char *v, char *why)
{
	if ((int)strlen(v) != d->max || v[strspn(v, "0123456789")])
		return WHY("expected %d digits", d->max);
	return 0;
}

static int
choice(const struct ck_setting_def *d, const char *v, char *why)
{
	const char *list = d->doc + strcspn(d->doc, "(") + 1;
	size_t n = strlen(v);

	/* the doc line ends with the choices: "... (A|B|C)" */
	for (const char *p = list; *p && *p != ')';) {
		size_t k = strcspn(p, "|)");
		if (k == n && strncmp(p, v, n) == 0)
			return 0;
		p += k + (p[k] == '|');
	}
	return WHY("expected one of %.*s", (int)strcspn(list, ")"), list);
}

/* A whole number from d->min to d->max. */
static int
small(const struct ck_setting_def *d, const char *v, char *why)
{
	if (v[0] == '\0' || v[strspn(v, "0123456789")] != '\0' ||
	    strlen(v) > 6 || atoi(v) < d->min || atoi(v) > d->max)
		return WHY("expected a whole number from %d to %d", d->min,
		    d->max);
	return 0;
}

static int
dwell(const struct ck_setting_def *d, const char *v, char *why)
{
	(void)d;
	if (ck_dwell_seconds(v) < 0)
		return WHY("expected a time like 0, 30m, 12h or 2d");
	return 0;
}

/* An absolute folder, not the root, nothing a terminal would act on. */
static int
path(const struct ck_setting_def *d, const char *v, char *why)
{
	(void)d;
	if (v[0] != '/')
		return WHY("expected an absolute path");
	if (v[strspn(v, "/.")] == '\0')
		return WHY("expected a folder of its own, not the root");
	for (const char *p = v; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			return WHY("expected a path without control characters");
	return 0;
}

const struct ck_setting_def ck_settings[] = {
	{"submitter_name", 1, NULL, text, 1, 60,
	    "1000A NM103: the submitter's (practice's) name"},
	{"submitter_id", 1, NULL, text, 2, 80,
	    "1000A NM109: the submitter id the clearinghouse assigned"},
	{"submitter_contact", 1, NULL, text, 1, 60,
	    "1000A PER02: the person the clearinghouse calls"},
	{"submitter_phone", 1, NULL, digits, 10, 10,
	    "1000A PER04: that person's phone, 10 digits"},
	{"receiver_name", 1, NULL, text, 1, 60,
	    "1000B NM103: the clearinghouse's name"},
	{"receiver_id", 1, NULL, text, 2, 80,
	    "1000B NM109: the clearinghouse's id"},
	{"isa_sender_qualifier", 0, "ZZ", choice, 2, 2,
	    "ISA05 (01|14|20|27|28|29|30|33|ZZ)"},
	{"isa_sender_id", 1, NULL, text, 1, 15, "ISA06: the sender id"},
	{"isa_receiver_qualifier", 0, "ZZ", choice, 2, 2,
	    "ISA07 (01|14|20|27|28|29|30|33|ZZ)"},
	{"isa_receiver_id", 1, NULL, text, 1, 15, "ISA08: the receiver id"},
	{"gs_sender", 1, NULL, text, 2, 15, "GS02: application sender code"},
	{"gs_receiver", 1, NULL, text, 2, 15,
	    "GS03: application receiver code"},
	{"usage", 1, NULL, choice, 1, 1,
	    "ISA15: test or production files (T|P)"},
	{"ack_requested", 0, "0", choice, 1, 1,
	    "ISA14: ask for a TA1 interchange acknowledgment (0|1)"},
	{"segment_newline", 0, "no", choice, 2, 3,
	    "end each segment with a newline after ~ (no|yes)"},
	{"batch_dir", 0, NULL, path, 1, 4000,
	    "folder of batch files (default: DB.d/batches, the database's own)"},
	{"batch_max_claims", 0, "0", small, 0, 999999,
	    "claims in one batch file at most, more files if need be (0: no cap)"},
	{"dwell", 0, CK_DWELL_DEFAULT, dwell, 1, 16,
	    "how long a claim waits after import before a run takes it"},
	{"writeoff", 0, NULL, choice, 4, 9,
	    "balances a settlement writes off (patient|insurance|both|none)"},
	{"upload_retries", 0, "3", small, 0, 10,
	    "tries of a transfer within one claim-upload run (0 to 10)"},
	{"upload_backoff", 0, "2", small, 0, 300,
	    "seconds before the second try, doubling after (0 to 300)"},
	{"fetch_max_kb", 0, "102400", small, 1, 999999,
	    "largest answer file claim-upload fetch takes, in KiB"},
	{NULL, 0, NULL, NULL, 0, 0, NULL},
};

const struct ck_setting_def *
ck_setting_find(const char *key)
{
	for (const struct ck_setting_def *d = ck_settings; d->key; d++)
		if (strcmp(d->key, key) == 0)
			return d;
	return NULL;
}

int
ck_setting_check(const struct ck_setting_def *d, const char *value,
    struct ck_err *err)
{
	char why[200];

	if (d->check(d, value, why) < 0)
		return ck_err_set(err, CK_USAGE, "%s: %s, got '%.60s'", d->key,
		    why, value);
	return 0;
}

struct change {
	const char *key, *value;
};

static int
change(struct ck_store *st, void *arg, struct ck_err *err)
{
	struct change *c = arg;

	return ck_store_setting_set(st, c->key, c->value, err);
}

int
ck_setting_save(struct ck_store *st, const char *key, const char *value,
    struct ck_err *err)
{
	const struct ck_setting_def *d = ck_setting_find(key);
	struct change c = {key, value};

	if (d == NULL)
		return ck_err_set(err, CK_USAGE, "unknown setting '%s'", key);
	if (value && ck_setting_check(d, value, err))
		return err->code;
	return ck_store_tx(st, change, &c, err);
}

long
ck_dwell_seconds(const char *v)
{
	char *end;
	long n = strtol(v, &end, 10);

	if (end == v || n < 0 || n > 366L * 24 || *v == '-' || *v == '+')
		return -1;
	if (*end == '\0')
		return n == 0 ? 0 : -1;         /* a bare number must be 0 */
	if (end[1] != '\0')
		return -1;
	switch (*end) {
	case 'm': return n * 60;
	case 'h': return n * 3600;
	case 'd': return n * 86400;
	}
	return -1;
}

/*
 * A dwell in days counts nights, not hours: a claim ready on Monday goes
 * out on Tuesday's run with 1d, at whatever hour either happened.  So
 * days compare local calendar dates; minutes and hours compare times.
 */
int
ck_dwell_until(const char *ready_at, const char *dwell, time_t now, char *buf,
    size_t size)
{
	long secs = ck_dwell_seconds(dwell);
	struct tm tm = {0};
	const char *end;
	char day[11], today[11];
	time_t t;

	if (secs <= 0 || (end = strptime(ready_at, "%Y-%m-%dT%H:%M:%SZ", &tm))
	    == NULL || *end != '\0')
		return 0;
	t = timegm(&tm);
	if (dwell[strlen(dwell) - 1] == 'd') {
		localtime_r(&t, &tm);
		strftime(day, sizeof(day), "%Y-%m-%d", &tm);
		localtime_r(&now, &tm);
		strftime(today, sizeof(today), "%Y-%m-%d", &tm);
		ck_date_from_days(ck_date_days(day) + secs / 86400, day);
		if (strcmp(day, today) <= 0)
			return 0;
		snprintf(buf, size, "%s", day);
		return 1;
	}
	if ((t += secs) <= now)
		return 0;
	gmtime_r(&t, &tm);
	strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
	return 1;
}

int
ck_setting(struct ck_store *st, const char *key, char *buf, size_t size,
    struct ck_err *err)
{
	const struct ck_setting_def *d = ck_setting_find(key);
	int found = 0;

	if (ck_store_setting_get(st, key, buf, size, &found, err))
		return err->code;
	if (!found)
		snprintf(buf, size, "%s", d && d->dflt ? d->dflt : "");
	return 0;
}

int
ck_settings_require(struct ck_store *st, struct ck_err *err)
{
	char missing[600] = "", v[4096];

	for (const struct ck_setting_def *d = ck_settings; d->key; d++) {
		if (!d->required)
			continue;
		if (ck_setting(st, d->key, v, sizeof(v), err))
			return err->code;
		if (v[0] == '\0')
			snprintf(missing + strlen(missing), sizeof(missing) -
			    strlen(missing), "%s%s", missing[0] ? ", " : "",
			    d->key);
	}
	if (missing[0])
		return ck_err_set(err, CK_FAIL, "settings missing: %s (set them "
		    "with 'claim-batch config KEY VALUE')", missing);
	return 0;
}
