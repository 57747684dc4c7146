#include <stdio.h>
#include <string.h>

#include "claimkit/notify.h"
#include "notify-queue.h"

int
nq_send_report(struct ck_store *st, const struct ck_notify_send *o)
{
	struct ck_notify_send_stats s;
	struct ck_err err = {0};
	int rc = ck_notify_send_due(st, o, &s, &err);

	if (s.unknown)
		ck_cli_warn("%ld notification(s) left 'sending' by a stopped "
		    "send are now 'unknown': see 'notify-queue errors'",
		    s.unknown);
	if (o->test_to || o->test_sms)
		fprintf(stderr, "notify-queue: %ld test message(s) sent\n",
		    s.tests);
	else
		fprintf(stderr, "notify-queue: %ld sent, %ld failed, %ld wait "
		    "for a retry, %ld opted out\n", s.sent, s.failed, s.waiting,
		    s.opted_out);
	if (rc)
		ck_cli_fail(&err);
	return rc;
}

static int
cmd_send(int argc, char **argv)
{
	static const struct option opts[] = {
		{"test-to", required_argument, NULL, 'T'},
		{"test-sms", required_argument, NULL, 'S'},
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	struct ck_notify_send o = {0};
	struct ck_store *st;
	int c, rc;

	while ((c = ck_cli_getopt(argc, argv, "h", opts)) != -1) {
		if (c < 0)
			return CK_CLI_OPTEXIT(c);
		if (c == 'T' && ck_notify_email_check(optarg) < 0)
			return ck_cli_usage("--test-to: expected an email "
			    "address, got '%s'", optarg);
		if (c == 'S' && ck_notify_phone_check(optarg) < 0)
			return ck_cli_usage("--test-sms: expected an E.164 "
			    "number like +13125550100, got '%s'", optarg);
		*(c == 'T' ? &o.test_to : &o.test_sms) = optarg;
	}
	if (optind < argc)
		return ck_cli_usage("unexpected argument '%s'", argv[optind]);
	if (o.test_to && o.test_sms)
		return ck_cli_usage("--test-to and --test-sms: expected one");
	if ((rc = ck_cli_store(&st, CK_OPEN_EXISTING)) != 0)
		return rc;
	rc = nq_send_report(st, &o);
	ck_store_close(st);
	return rc;
}

#define SEND_HELP \
	"\nSends the notifications that are due: email over SMTP\n" \
	"(notify.smtp_url, STARTTLS required), text messages through the\n" \
	"SMS provider (notify.sms_url); logins from notify.netrc or\n" \
	"~/.netrc.  They are taken in batches of up to 256, each in a short\n" \
	"transaction, so two sends at once send each once.  The one a\n" \
	"stopped send was delivering becomes 'unknown' and is never sent\n" \
	"again by itself; the rest of its batch goes back to the queue\n" \
	"(all 'unknown' after a restart of the machine).  A temporary failure\n" \
	"(SMTP 4xx, HTTP 429 or 5xx, server down) is retried after\n" \
	"notify.backoff seconds, doubling, up to notify.retries tries, and\n" \
	"the send exits 75 while some wait; a permanent one (SMTP 5xx, a\n" \
	"number the provider refuses) fails at once.  No text message goes\n" \
	"out from 21:00 to 08:00 in the recipient's zone; an opted-out\n" \
	"address is not written to; a guarantor gets at most one\n" \
	"notification in notify.min_days days.\n" \
	"\n  --test-to ADDRESS    send what is due by email to ADDRESS\n" \
	"                       instead, changing no status (a 'test' row\n" \
	"                       in each one's history)\n" \
	"  --test-sms NUMBER    the same as text messages to NUMBER\n"

const struct ck_cli_verb nq_verb_send = {
	"send", cmd_send, "[--test-to ADDRESS | --test-sms NUMBER]",
	"send the notifications that are due", SEND_HELP
};

const struct ck_cli_verb nq_verb_run = {
	"run", cmd_send, "[--test-to ADDRESS | --test-sms NUMBER]",
	"the same as send (the verb the crontab lines run)", SEND_HELP
};
