/* Notification templates, settings, address checks, profiles, levels. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "claimkit/schedule.h"
#include "notify_int.h"

/* The placeholders; the last one (patients) is for email only: a text
 * message names no patient and no service, only the balance. */
static const char *const names[] = {
	"guarantor_name", "balance", "statement_date", "due_date", "pay_link",
	"practice_name", "practice_phone", "patients",
};
#define NNAMES (sizeof(names) / sizeof(names[0]))

static int
name_of(const char *p, size_t n)
{
	for (size_t i = 0; i < NNAMES; i++)
		if (strlen(names[i]) == n && strncmp(names[i], p, n) == 0)
			return (int)i;
	return -1;
}

int
ck_notify_tpl_check(const char *text, int sms, const char *what,
    struct ck_err *err)
{
	for (const char *p = text; *p; p++) {
		const char *end;
		int k;

		if (*p == '}' && p[1] == '}') {
			p++;
			continue;
		}
		if (*p != '{')
			continue;
		if (p[1] == '{') {
			p++;
			continue;
		}
		if ((end = strchr(p, '}')) == NULL)
			return ck_err_set(err, CK_USAGE, "%s: '{' at character "
			    "%zu has no closing '}' (write '{{' for a brace)",
			    what, (size_t)(p - text) + 1);
		k = name_of(p + 1, (size_t)(end - p - 1));
		if (k < 0)
			return ck_err_set(err, CK_USAGE, "%s: unknown placeholder "
			    "'{%.*s}': expected one of {guarantor_name}, "
			    "{balance}, {statement_date}, {due_date}, {pay_link}, "
			    "{practice_name}, {practice_phone}%s", what,
			    (int)(end - p - 1 > 60 ? 60 : end - p - 1), p + 1,
			    sms ? "" : ", {patients}");
		if (sms && k == (int)NNAMES - 1)
			return ck_err_set(err, CK_USAGE, "%s: {patients} is not "
			    "allowed in a text message (it carries no patient "
			    "or clinical detail)", what);
		p = end;
	}
	return 0;
}

int
ck_notify_render(const char *text, const struct ck_notify_vals *v,
    char **out, struct ck_err *err)
{
	const char *vals[NNAMES] = {v->guarantor_name, v->balance,
	    v->statement_date, v->due_date, v->pay_link, v->practice_name,
	    v->practice_phone, v->patients};
	size_t len;
	FILE *fp = open_memstream(out, &len);

	if (fp == NULL)
		return ck_err_set(err, CK_FAIL, "out of memory");
	for (const char *p = text; *p; p++) {
		const char *end;
		int k;

		if ((*p == '{' || *p == '}') && p[1] == *p) {
			fputc(*p++, fp);
			continue;
		}
		if (*p != '{' || (end = strchr(p, '}')) == NULL ||
		    (k = name_of(p + 1, (size_t)(end - p - 1))) < 0) {
			fputc(*p, fp);
			continue;
		}
		fputs(vals[k] ? vals[k] : "", fp);
		p = end;
	}
	if (ferror(fp) | fclose(fp)) {
		free(*out);
		*out = NULL;
		return ck_err_set(err, CK_FAIL, "out of memory");
	}
	return 0;
}

/* --- settings --- */

struct nset {
	const char *key, *dflt;
	int (*check)(const char *v);
	const char *doc;
	const char *want;       /* what check takes, for its error */
};

static int
any(const char *v)
{
	for (; *v; v++)
		if ((unsigned char)*v < 0x20)
			return -1;
	return 0;
}

static int
number(const char *v)
{
	return *v && strlen(v) < 7 && v[strspn(v, "0123456789")] == '\0' ?
	    0 : -1;
}

static int
zone(const char *v)
{
	struct ck_sched s;
	struct ck_err e;

	ck_sched_init(&s);
	return *v == '\0' || ck_sched_set(&s, CK_SCHED_OPT + 7, v, &e) == 0 ?
	    0 : -1;
}

static int
mail_url(const char *v)
{
	return *v == '\0' || strncmp(v, "smtp://", 7) == 0 ||
	    strncmp(v, "smtps://", 8) == 0 ? any(v) : -1;
}

static int
https_url(const char *v)
{
	return *v == '\0' || strncmp(v, "https://", 8) == 0 ? any(v) : -1;
}

static int
email_or_empty(const char *v)
{
	return *v == '\0' ? 0 : ck_notify_email_check(v);
}

static int
phone_or_empty(const char *v)
{
	return *v == '\0' ? 0 : ck_notify_phone_check(v);
}

static const struct nset nsets[] = {
	{"notify.practice_name", "", any, "{practice_name} in messages", ""},
	{"notify.practice_phone", "", any, "{practice_phone} in messages",
	    ""},
	{"notify.pay_link", "", any, "{pay_link} in messages", ""},
	{"notify.tz", "", zone,
	    "the practice's time zone (empty: the system's)",
	    "a time zone of the system's tz database, such as "
	    "America/Chicago, or nothing"},
	{"notify.smtp_url", "", mail_url,
	    "smtp://HOST:PORT (STARTTLS required) or smtps://HOST:PORT",
	    "smtp://HOST:PORT or smtps://HOST:PORT, with no login in it"},
	{"notify.from", "", email_or_empty, "the From address of emails",
	    "an email address such as billing@example.com"},
	{"notify.unsubscribe", "", any,
	    "List-Unsubscribe target (default mailto: the From address)", ""},
	{"notify.sms_url", "", https_url,
	    "the SMS provider's messages URL (https://)",
	    "an https:// URL with no login in it"},
	{"notify.sms_from", "", phone_or_empty,
	    "the number text messages come from (E.164)",
	    "an E.164 number such as +13125550100"},
	{"notify.ca", "", any, "CA bundle for the mail and SMS servers", ""},
	{"notify.netrc", "", any,
	    "netrc file with their logins (default ~/.netrc)", ""},
	{"notify.retries", "5", number,
	    "tries of a temporary failure before it fails for good",
	    "a whole number, 0 or more"},
	{"notify.backoff", "300", number,
	    "seconds before the first retry, doubling after",
	    "a whole number of seconds, 0 or more"},
	{"notify.min_days", "7", number,
	    "at most one notification per guarantor in this many days",
	    "a whole number of days, 0 or more"},
	{"notify.due_days", "30", number,
	    "days from the statement date to {due_date}",
	    "a whole number of days, 0 or more"},
	{NULL, NULL, NULL, NULL, NULL},
};

static const struct nset *
nset_find(const char *key)
{
	for (const struct nset *d = nsets; d->key; d++)
		if (strcmp(d->key, key) == 0)
			return d;
	return NULL;
}

int
ck_notify_setting(struct ck_store *st, const char *key, char *buf,
    size_t size, struct ck_err *err)
{
	const struct nset *d = nset_find(key);
	int found, rc;

	if (d == NULL)
		return ck_err_set(err, CK_USAGE, "unknown setting '%s'", key);
	if ((rc = ck_store_setting_get(st, key, buf, size, &found, err)))
		return rc;
	if (!found)
		snprintf(buf, size, "%s", d->dflt);
	return 0;
}

int
ck_notify_setting_save(struct ck_store *st, const char *key,
    const char *value, struct ck_err *err)
{
	const struct nset *d = nset_find(key);
	int rc;

	if (d == NULL)
		return ck_err_set(err, CK_USAGE, "unknown setting '%s': expected "
		    "one named in 'notify-queue config'", key);
	if (value && d->check(value) < 0)
		return ck_err_set(err, CK_USAGE, "%s: expected %s, got "
		    "'%.80s'", key, d->want, value);
	if ((rc = ck_store_begin(st, err)))
		return rc;
	if ((rc = ck_store_setting_set(st, key, value, err))) {
		ck_store_rollback(st);
		return rc;
	}
	return ck_store_commit(st, err);
}

int
ck_notify_settings(struct ck_store *st, ck_row_cb cb, void *arg,
    struct ck_err *err)
{
	static const char *const hdr[] = {"key", "value", "about"};
	char v[1024];
	int rc;

	if ((rc = cb(arg, 3, hdr, NULL)))
		return rc;
	for (const struct nset *d = nsets; d->key; d++) {
		const char *row[3] = {d->key, v, d->doc};
		if ((rc = ck_notify_setting(st, d->key, v, sizeof(v), err)) ||
		    (rc = cb(arg, 3, hdr, row)))
			return rc;
	}
	return 0;
}

/* --- addresses --- */

/* A character an address may have: printable ASCII, none of the
 * specials (a switch: a load checks a hundred thousand addresses). */
static int
email_char(unsigned char c)
{
	switch (c) {
	case '<': case '>': case '(': case ')': case '[': case ']':
	case '\\': case ',': case ';': case ':': case '"':
		return 0;
	default:
		return c > 0x20 && c < 0x7f;
	}
}

int
ck_notify_email_check(const char *s)
{
	const char *at = strchr(s, '@'), *dot;
	size_t n = strlen(s);

	if (at == NULL || at == s || strchr(at + 1, '@') || n > 254)
		return -1;
	for (const char *p = s; *p; p++)
		if (!email_char((unsigned char)*p))
			return -1;
	dot = strrchr(at, '.');
	if (dot == NULL || dot == at + 1 || dot[1] == '\0' || at[1] == '.' ||
	    strstr(at, ".."))
		return -1;
	return 0;
}

int
ck_notify_phone_check(const char *s)
{
	size_t n = strlen(s + 1);

	if (s[0] != '+' || n < 8 || n > 15 || s[1] == '0' ||
	    strspn(s + 1, "0123456789") != n)
		return -1;
	return 0;
}

/* --- profiles and levels --- */

static int
hhmm(const char *s)
{
	return strlen(s) == 5 && isdigit((unsigned char)s[0]) &&
	    isdigit((unsigned char)s[1]) && s[2] == ':' &&
	    isdigit((unsigned char)s[3]) && isdigit((unsigned char)s[4]) &&
	    atoi(s) < 24 && atoi(s + 3) < 60 ? 0 : -1;
}

static int
level_check(const struct ck_notify_level *l, struct ck_err *err)
{
	int email = strcmp(l->channel, "sms") != 0,
	    sms = strcmp(l->channel, "email") != 0;

	if (strcmp(l->channel, "email") && strcmp(l->channel, "sms") &&
	    strcmp(l->channel, "both") && strcmp(l->channel, "preferred"))
		return ck_err_set(err, CK_USAGE, "--channel: expected email, "
		    "sms, both or preferred, got '%.40s'", l->channel);
	if (l->level < 1 || l->level > NOTIFY_MAX_LEVELS)
		return ck_err_set(err, CK_USAGE, "level: expected 1 to %d",
		    NOTIFY_MAX_LEVELS);
	if (email && (l->email == NULL || l->subject == NULL))
		return ck_err_set(err, CK_USAGE, "channel %s: expected --subject "
		    "and --email FILE", l->channel);
	if (sms && l->sms == NULL)
		return ck_err_set(err, CK_USAGE, "channel %s: expected --sms "
		    "FILE", l->channel);
	if ((l->subject && (ck_notify_tpl_check(l->subject, 1, "--subject",
	    err) || any(l->subject))) ||
	    (l->email && ck_notify_tpl_check(l->email, 0, "--email", err)) ||
	    (l->sms && ck_notify_tpl_check(l->sms, 1, "--sms", err)))
		return err->code ? err->code : ck_err_set(err, CK_USAGE,
		    "--subject: expected one line");
	return 0;
}

int
ck_notify_profile_add(struct ck_store *st, const char *name,
    const char *send_at, struct ck_err *err)
{
	if (*name == '\0' || strlen(name) > 64 || any(name))
		return ck_err_set(err, CK_USAGE, "profile: expected a name of "
		    "1 to 64 characters");
	if (hhmm(send_at) < 0)
		return ck_err_set(err, CK_USAGE, "--send-at: expected HH:MM, "
		    "got '%.20s'", send_at);
	return nq_profile_add(st, name, send_at, err);
}

int
ck_notify_level_add(struct ck_store *st, const struct ck_notify_level *l,
    int *version, struct ck_err *err)
{
	int rc;

	if ((rc = level_check(l, err)))
		return rc;
	return nq_level_add(st, l, version, err);
}
