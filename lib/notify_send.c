/*
 * Sending the queue, in batches.  A batch of due notifications is taken
 * in one short transaction that waits for the disk (queued -> sending,
 * with this process's id and this boot's): two sends at once never take
 * the same one.  Each is then delivered outside any transaction, its
 * start noted first and the previous one's end with it, in a commit
 * that does not wait for the disk.  A send killed midway leaves the one
 * it was delivering "unknown", never sent again without a person, and
 * puts the rest of its batch back in the queue; after a restart of the
 * machine (whose last commits may be lost) the whole batch is
 * "unknown".
 */
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "claimkit/date.h"
#include "claimkit/money.h"
#include "claimkit/schedule.h"
#include "notify_int.h"

struct cfg {
	struct nq_server mail, sms;
	char unsub[512], tz[128], practice[256], phone[64], link[512];
	char retries[16], backoff[16], min_days[16];
};

/* At most this many taken at once: one wait for the disk each, and no
 * more than that to put back when a send stops. */
#define BATCH 256
/* how long one waits while another send delivers to its guarantor */
#define BUSY_WAIT (10 * 60)

/* How a delivery ended, kept until the next commit records it. */
struct outcome {
	int rc;
	char reply[512], addr[256], ch[8];
	struct ck_err why;
};

struct job {
	struct ck_store *st;
	const struct ck_notify_send *o;
	struct cfg c;
	char now[32], boot[64];
	time_t t;
	struct nq_item it[BATCH];
	int n;
};

static int
get(struct ck_store *st, const char *key, char *buf, size_t size,
    struct ck_err *err)
{
	return ck_notify_setting(st, key, buf, size, err);
}

static int
config(struct ck_store *st, struct cfg *c, struct ck_err *err)
{
	memset(c, 0, sizeof(*c));
	if (get(st, "notify.smtp_url", c->mail.url, sizeof(c->mail.url), err) ||
	    get(st, "notify.from", c->mail.from, sizeof(c->mail.from), err) ||
	    get(st, "notify.ca", c->mail.ca, sizeof(c->mail.ca), err) ||
	    get(st, "notify.netrc", c->mail.netrc, sizeof(c->mail.netrc), err) ||
	    get(st, "notify.sms_url", c->sms.url, sizeof(c->sms.url), err) ||
	    get(st, "notify.sms_from", c->sms.from, sizeof(c->sms.from), err) ||
	    get(st, "notify.unsubscribe", c->unsub, sizeof(c->unsub), err) ||
	    get(st, "notify.tz", c->tz, sizeof(c->tz), err) ||
	    get(st, "notify.practice_name", c->practice, sizeof(c->practice),
	    err) ||
	    get(st, "notify.practice_phone", c->phone, sizeof(c->phone), err) ||
	    get(st, "notify.pay_link", c->link, sizeof(c->link), err) ||
	    get(st, "notify.retries", c->retries, sizeof(c->retries), err) ||
	    get(st, "notify.backoff", c->backoff, sizeof(c->backoff), err) ||
	    get(st, "notify.min_days", c->min_days, sizeof(c->min_days), err))
		return err->code;
	memcpy(c->sms.ca, c->mail.ca, sizeof(c->sms.ca));
	memcpy(c->sms.netrc, c->mail.netrc, sizeof(c->sms.netrc));
	return 0;
}

static void
utc(time_t t, char *buf, size_t size)
{
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static time_t
from_utc(const char *s)
{
	struct tm tm = {0};

	if (strptime(s, "%Y-%m-%dT%H:%M:%SZ", &tm) == NULL)
		return 0;
	return timegm(&tm);
}

/* --- the message --- */

static void
base64(FILE *fp, const char *s, size_t n, int wrap)
{
	unsigned char out[80];

	for (size_t i = 0; i < n; i += 57) {
		size_t k = n - i < 57 ? n - i : 57;
		EVP_EncodeBlock(out, (const unsigned char *)s + i, (int)k);
		fputs((char *)out, fp);
		if (wrap)
			fputs("\r\n", fp);
	}
}

/* The body in base64, its lines ended CRLF first: text's canonical
 * form in MIME (RFC 2046), whatever the template file used. */
static void
crlf_base64(FILE *fp, const char *body)
{
	size_t n = strlen(body), k = 0;
	char *c = malloc(2 * n + 1);

	if (c == NULL) {                /* as it is, then */
		base64(fp, body, n, 1);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		if (body[i] == '\n' && (i == 0 || body[i - 1] != '\r'))
			c[k++] = '\r';
		c[k++] = body[i];
	}
	base64(fp, c, k, 1);
	free(c);
}

static int
ascii(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s >= 0x7f)
			return 0;
	return 1;
}

/* The email as CRLF lines: UTF-8 text in base64, so that no line of a
 * name or an amount is ever too long or mangled on the way. */
static int
build_mail(const struct job *j, const struct nq_item *it, const char *to,
    const char *subject, const char *body, char **msg, size_t *len,
    struct ck_err *err)
{
	FILE *fp = open_memstream(msg, len);
	const char *dom = strchr(j->c.mail.from, '@');
	char date[64];
	struct tm tm;

	if (fp == NULL)
		return ck_err_set(err, CK_FAIL, "out of memory");
	gmtime_r(&j->t, &tm);
	strftime(date, sizeof(date), "%a, %d %b %Y %H:%M:%S +0000", &tm);
	fprintf(fp, "From: <%s>\r\nTo: <%s>\r\nSubject: ", j->c.mail.from, to);
	if (ascii(subject))
		fputs(subject, fp);
	else {
		fputs("=?UTF-8?B?", fp);
		base64(fp, subject, strlen(subject), 0);
		fputs("?=", fp);
	}
	fprintf(fp, "\r\nDate: %s\r\nMessage-ID: <notify.%lld.%lld.%ld%s>\r\n",
	    date, (long long)it->id, (long long)j->t, (long)getpid(),
	    dom ? dom : "@localhost");
	if (j->c.unsub[0])
		fprintf(fp, "List-Unsubscribe: <%s>\r\n", j->c.unsub);
	else
		fprintf(fp, "List-Unsubscribe: <mailto:%s?subject=unsubscribe>"
		    "\r\n", j->c.mail.from);
	fprintf(fp, "MIME-Version: 1.0\r\nContent-Type: text/plain; "
	    "charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n"
	    "X-Claimkit-Notification: %lld\r\n\r\n", (long long)it->id);
	crlf_base64(fp, body);
	if (ferror(fp) | fclose(fp)) {
		free(*msg);
		*msg = NULL;
		return ck_err_set(err, CK_FAIL, "out of memory");
	}
	return 0;
}

/* Renders the email (subject, body) or the text message (body). */
static int
render(const struct job *j, struct nq_item *it, int email,
    char **subject, char **body, struct ck_err *err)
{
	char bal[24];
	struct ck_notify_vals v = {it->guarantor_name,
	    ck_money_format(it->balance, bal), it->statement_date, it->due_date,
	    j->c.link, j->c.practice, j->c.phone, ""};
	int rc;

	*subject = *body = NULL;
	if (email && it->patients == NULL && (rc = nq_patients(j->st, it->id,
	    &it->patients, err)))
		return rc;
	if (email)
		v.patients = it->patients;
	rc = ck_notify_render(email ? it->email_text : it->sms_text, &v, body,
	    err);
	if (rc == 0 && email)
		rc = ck_notify_render(it->subject, &v, subject, err);
	return rc;
}

/* Delivers on one channel to address; reply gets the server's answer. */
static int
deliver(const struct job *j, struct nq_item *it, int email,
    const char *address, char *reply, size_t rsize, struct ck_err *err)
{
	char *subject, *body, *msg = NULL;
	size_t len;
	int rc;

	if ((email ? j->c.mail.url : j->c.sms.url)[0] == '\0')
		return ck_err_set(err, CK_FAIL, "%s is not set: see "
		    "'notify-queue config'", email ? "notify.smtp_url" :
		    "notify.sms_url");
	if (*(email ? it->email_text : it->sms_text) == '\0')
		return ck_err_set(err, CK_DATA, "level %d of profile '%s' has "
		    "no %s text", it->level, it->profile, email ? "email" :
		    "SMS");
	if ((rc = render(j, it, email, &subject, &body, err)))
		return rc;
	if (!email)
		rc = nq_sms_send(&j->c.sms, address, body, reply, rsize, err);
	else if ((rc = build_mail(j, it, address, subject, body, &msg, &len,
	    err)) == 0)
		rc = nq_smtp_send(&j->c.mail, address, msg, len, reply, rsize,
		    err);
	free(msg);
	free(subject);
	free(body);
	return rc;
}

/* --- the rules --- */

/* When an SMS to this zone may go (0: now): 08:00 to 21:00 there. */
static int
quiet_until(const struct job *j, const struct nq_item *it, time_t *until,
    struct ck_err *err)
{
	const char *tz = it->time_zone[0] ? it->time_zone : j->c.tz;
	long m, day, next;
	int rc;

	*until = 0;
	if ((rc = ck_sched_now(tz, &m, err)))
		return rc;
	day = ck_sched_day(m);
	if (m - day * 1440 >= 8 * 60 && m - day * 1440 < 21 * 60)
		return 0;
	next = (m - day * 1440 < 8 * 60 ? day : day + 1) * 1440 + 8 * 60;
	return ck_sched_instant(tz, next, until, err);
}

static int
wants(const struct nq_item *it, const char *ch)
{
	return (strcmp(it->channel, ch) == 0 ||
	    strcmp(it->channel, "both") == 0) && !strstr(it->delivered, ch);
}

/* Applies the rules to a taken notification: *go 0 when it was put
 * back (to wait) or ended (opted out), in the caller's transaction. */
static int
rules(struct job *j, struct nq_item *it, int *go,
    struct ck_notify_send_stats *out, struct ck_err *err)
{
	struct nq_change c = {.status = "queued", .tries = it->tries};
	char last[32], next[32], why[200];
	int out1 = 0, out2 = 0, busy, rc;
	time_t t;

	*go = 0;
	if ((wants(it, "email") && it->email[0] &&
	    (rc = nq_opted_out(j->st, it->email, &out1, err))) ||
	    (wants(it, "sms") && it->mobile[0] &&
	    (rc = nq_opted_out(j->st, it->mobile, &out2, err))))
		return rc;
	if (out1 || out2) {
		c.status = "opted-out";
		c.address = out1 ? it->email : it->mobile;
		c.reply = "on the opt-out list";
		out->opted_out++;
		return nq_set(j->st, it->id, &c, err);
	}
	if ((rc = nq_last_sent(j->st, it->guarantor_id, it->id, last,
	    sizeof(last), &busy, err)))
		return rc;
	/* two sends at once must not each send the guarantor one: this one
	 * waits for the other's outcome, then the cap decides */
	if (busy) {
		utc(j->t + BUSY_WAIT, next, sizeof(next));
		c.next_try = next;
		c.reply = "waits: another send is delivering one to this "
		    "guarantor";
		return nq_set(j->st, it->id, &c, err);
	}
	t = last[0] ? from_utc(last) + atol(j->c.min_days) * 86400 : 0;
	if (t > j->t) {
		utc(t, next, sizeof(next));
		snprintf(why, sizeof(why), "waits: the guarantor was sent one "
		    "at %s (notify.min_days %s)", last, j->c.min_days);
		c.next_try = next;
		c.reply = why;
		return nq_set(j->st, it->id, &c, err);
	}
	if (wants(it, "sms")) {
		if ((rc = quiet_until(j, it, &t, err)))
			return rc;
		if (t) {
			utc(t, next, sizeof(next));
			c.next_try = next;
			c.reply = "waits: no text messages from 21:00 to 08:00 "
			    "in the recipient's zone";
			return nq_set(j->st, it->id, &c, err);
		}
	}
	*go = 1;
	return 0;
}

/* The end of a delivery: sent, retry later, failed, or back in the
 * queue (the server refused us, not the message). */
static int
finish(struct job *j, struct nq_item *it, int rc, const char *channel,
    const char *address, const char *reply, const struct ck_err *why,
    struct ck_notify_send_stats *out, struct ck_err *err)
{
	struct nq_change c = {.channel = channel, .address = address,
	    .reply = reply, .delivered = it->delivered, .tries = it->tries,
	    .template_id = it->template_id};
	char next[32];
	long backoff = atol(j->c.backoff);

	if (rc == 0) {
		c.status = "sent";
		out->sent++;
	} else if (rc == CK_TEMP && it->tries + 1 < atol(j->c.retries)) {
		c.status = "retry";
		c.tries = it->tries + 1;
		c.reply = why->msg;
		for (int i = 0; i < it->tries && backoff < 86400; i++)
			backoff *= 2;
		utc(j->t + backoff, next, sizeof(next));
		c.next_try = next;
		out->waiting++;
	} else if (rc == CK_TEMP || rc == CK_DATA) {
		c.status = "failed";
		c.tries = it->tries + 1;
		c.reply = why->msg;
		out->failed++;
	} else {
		c.status = "queued";
		c.reply = why->msg;
	}
	return nq_set(j->st, it->id, &c, err);
}

/* Delivers a taken notification on its channels: *o gets how it went. */
static void
send_one(struct job *j, struct nq_item *it, struct outcome *o)
{
	static const char *const chans[] = {"email", "sms"};

	memset(o, 0, sizeof(*o));
	for (int i = 0; i < 2 && o->rc == 0; i++) {
		const char *a = i == 0 ? it->email : it->mobile;
		if (!wants(it, chans[i]))
			continue;
		snprintf(o->ch, sizeof(o->ch), "%s", chans[i]);
		snprintf(o->addr, sizeof(o->addr), "%s", a);
		if (*a == '\0')
			o->rc = ck_err_set(&o->why, CK_DATA, "no %s address",
			    chans[i]);
		else
			o->rc = deliver(j, it, i == 0, a, o->reply,
			    sizeof(o->reply), &o->why);
		if (o->rc == 0 && it->delivered[0] == '\0')
			snprintf(it->delivered, sizeof(it->delivered), "%s",
			    chans[i]);
		else if (o->rc == 0)
			snprintf(it->delivered, sizeof(it->delivered), "both");
	}
}

/* A test send: what is due, to the test address, changing nothing but
 * a history row marked test. */
static int
send_test(struct job *j, struct nq_item *it,
    struct ck_notify_send_stats *out, struct ck_err *err)
{
	struct nq_change c = {.status = "test", .test = 1,
	    .template_id = it->template_id};
	char reply[512] = "";
	int email = j->o->test_to != NULL, rc;

	c.channel = email ? "email" : "sms";
	c.address = email ? j->o->test_to : j->o->test_sms;
	/* a level with no text for the test's channel has nothing to show */
	if (*(email ? it->email_text : it->sms_text) == '\0')
		return 0;
	rc = deliver(j, it, email, c.address, reply, sizeof(reply), err);
	if (rc)
		return rc;
	c.reply = reply;
	out->tests++;
	if ((rc = ck_store_begin(j->st, err)))
		return rc;
	if ((rc = nq_history(j->st, it->id, &c, err))) {
		ck_store_rollback(j->st);
		return rc;
	}
	return ck_store_commit(j->st, err);
}

/* This boot's id: with a pid, who took a notification. */
static void
boot_id(char *buf, size_t size)
{
	FILE *fp = fopen("/proc/sys/kernel/random/boot_id", "r");

	buf[0] = '\0';
	if (fp == NULL)
		return;                 /* unknown: a stop makes all unknown */
	if (fgets(buf, (int)size, fp) == NULL)
		buf[0] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	fclose(fp);
}

static int
in_batch(const struct job *j, const char *guarantor)
{
	for (int i = 0; i < j->n; i++)
		if (strcmp(j->it[i].guarantor_id, guarantor) == 0)
			return 1;
	return 0;
}

/* Takes the next batch after *last, in one transaction that waits for
 * the disk: a power cut must not lose a taking and send it again. */
static int
take(struct job *j, int64_t *last, int *more,
    struct ck_notify_send_stats *out, struct ck_err *err)
{
	char g[128];
	int64_t id;
	int taken, go, rc;

	j->n = 0;
	*more = 0;
	if ((rc = nq_durable(j->st, 1, err)) ||
	    (rc = ck_store_begin(j->st, err)))
		return rc;
	while (j->n < BATCH && (rc = nq_next_due(j->st, j->now, *last,
	    j->o->only, &id, g, sizeof(g), err)) == 0 && id) {
		struct nq_item *it = &j->it[j->n];
		/* the frequency cap needs the outcome of the one before */
		if (in_batch(j, g))
			break;
		*more = 1;
		*last = id;
		if ((rc = nq_take(j->st, id, j->boot, &taken, err)) ||
		    (taken && (rc = nq_item_get(j->st, id, it, err))))
			break;
		/* the accounts as taken, with the balance, in this
		 * transaction: none to read between two deliveries */
		if (taken && ((rc = rules(j, it, &go, out, err)) ||
		    (go && wants(it, "email") && (rc = nq_patients(j->st, id,
		    &it->patients, err))))) {
			nq_item_free(it);
			break;
		}
		if (taken && go)
			j->n++;
		else if (taken) {
			if (j->o->progress)
				j->o->progress(j->o->arg, id, it->status);
			nq_item_free(it);
		}
		if (j->o->only)
			break;
	}
	if (rc == 0)
		rc = ck_store_commit(j->st, err);
	if (rc) {
		ck_store_rollback(j->st);
		for (int i = 0; i < j->n; i++)
			nq_item_free(&j->it[i]);
		j->n = 0;
	}
	return rc ? rc : nq_durable(j->st, 0, err);
}

/* Records the end of delivery prev (when not NULL) and the start of
 * delivery of next (when not NULL) in one commit that need not wait for
 * the disk: lost in a power cut, both stay "sending", which the next
 * send makes "unknown". */
static int
record(struct job *j, struct nq_item *prev, const struct outcome *o,
    struct nq_item *next, struct ck_notify_send_stats *out,
    struct ck_err *err)
{
	int rc;

	if ((rc = ck_store_begin(j->st, err)))
		return rc;
	if ((prev && (rc = finish(j, prev, o->rc, o->ch, o->addr, o->reply,
	    &o->why, out, err))) ||
	    (next && (rc = nq_delivering(j->st, next->id, err)))) {
		ck_store_rollback(j->st);
		return rc;
	}
	return ck_store_commit(j->st, err);
}

/* Puts back what a stopping send took and did not begin. */
static int
put_back(struct job *j, int from, struct ck_err *err)
{
	int rc;

	if (from >= j->n)
		return 0;
	if ((rc = ck_store_begin(j->st, err)))
		return rc;
	for (int i = from; i < j->n && rc == 0; i++) {
		struct nq_change c = {.status = "queued",
		    .tries = j->it[i].tries, .reply = "the send stopped before "
		    "delivering it"};
		rc = nq_set(j->st, j->it[i].id, &c, err);
	}
	if (rc) {
		ck_store_rollback(j->st);
		return rc;
	}
	return ck_store_commit(j->st, err);
}

/* Delivers the batch taken, in order.  A server that refuses us
 * (certificate, login) stops the send: that one and the rest go back
 * to the queue. */
static int
send_batch(struct job *j, struct ck_notify_send_stats *out,
    struct ck_err *err)
{
	struct outcome *o = calloc(1, sizeof(*o));
	int rc = 0, i;

	if (o == NULL)
		return ck_err_set(err, CK_FAIL, "out of memory");
	for (i = 0; i < j->n && rc == 0; i++) {
		if ((rc = record(j, i ? &j->it[i - 1] : NULL, o, &j->it[i], out,
		    err)))
			break;
		send_one(j, &j->it[i], o);
		if (j->o->progress)
			j->o->progress(j->o->arg, j->it[i].id, "sending");
		if (o->rc != 0 && o->rc != CK_TEMP && o->rc != CK_DATA)
			rc = -1;
	}
	if (rc == 0 && j->n)
		rc = record(j, &j->it[j->n - 1], o, NULL, out, err);
	else if (rc == -1 && (rc = record(j, &j->it[i - 1], o, NULL, out,
	    err)) == 0 && (rc = put_back(j, i, err)) == 0) {
		*err = o->why;
		rc = o->why.code;
	}
	for (int k = 0; k < j->n; k++)
		nq_item_free(&j->it[k]);
	j->n = 0;
	free(o);
	return rc;
}

/* --test-to and --test-sms: each due one, taking none. */
static int
send_tests(struct job *j, struct ck_notify_send_stats *out,
    struct ck_err *err)
{
	char g[128];
	int64_t id, last = 0;
	int rc;

	while ((rc = nq_next_due(j->st, j->now, last, j->o->only, &id, g,
	    sizeof(g), err)) == 0 && id) {
		struct nq_item it = {0};
		last = id;
		if ((rc = nq_item_get(j->st, id, &it, err)) == 0)
			rc = send_test(j, &it, out, err);
		if (j->o->progress && rc == 0)
			j->o->progress(j->o->arg, id, "test");
		nq_item_free(&it);
		if (rc || j->o->only)
			break;
	}
	return rc;
}

int
ck_notify_send_due(struct ck_store *st, const struct ck_notify_send *o,
    struct ck_notify_send_stats *out, struct ck_err *err)
{
	struct job *j = calloc(1, sizeof(*j));
	struct ck_err e2 = {0};
	int64_t last = 0;
	long requeued;
	int rc, more = 1;

	memset(out, 0, sizeof(*out));
	if (j == NULL)
		return ck_err_set(err, CK_FAIL, "out of memory");
	j->st = st;
	j->o = o;
	j->t = ck_now();
	utc(j->t, j->now, sizeof(j->now));
	boot_id(j->boot, sizeof(j->boot));
	nq_send_mode(st, 1);
	if ((rc = config(st, &j->c, err)) || (rc = ck_store_begin(st, err)))
		goto out;
	if ((rc = nq_mark_unknown(st, j->boot, &out->unknown, &requeued,
	    err)) || (rc = ck_store_commit(st, err))) {
		ck_store_rollback(st);
		goto out;
	}
	if (o->test_to || o->test_sms)
		rc = send_tests(j, out, err);
	else
		while (rc == 0 && more && (rc = take(j, &last, &more, out,
		    err)) == 0 && (rc = send_batch(j, out, err)) == 0 &&
		    !o->only)
			;
	if (rc == 0 && out->waiting)
		rc = ck_err_set(err, CK_TEMP, "%ld notification(s) wait for a "
		    "retry", out->waiting);
	else if (rc == 0 && (out->failed || out->unknown))
		rc = ck_err_set(err, CK_WAITS, "%ld notification(s) failed or "
		    "unknown: see 'notify-queue errors'", out->failed +
		    out->unknown);
out:
	nq_durable(st, 1, &e2);         /* the store's own again */
	nq_send_mode(st, 0);
	nq_cache_end();
	nq_transport_end();
	free(j);
	return rc;
}
