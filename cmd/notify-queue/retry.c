#include <stdio.h>

#include "claimkit/notify.h"
#include "notify-queue.h"

static int
cmd_retry(int argc, char **argv)
{
	static const struct option opts[] = {
		{"email", required_argument, NULL, 'e'},
		{"mobile", required_argument, NULL, 'm'},
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	const char *email = NULL, *mobile = NULL;
	struct ck_err err = {0};
	struct ck_store *st;
	int64_t id;
	int c, rc;

	while ((c = ck_cli_getopt(argc, argv, "h", opts)) != -1) {
		if (c < 0)
			return CK_CLI_OPTEXIT(c);
		if (c == 'e' && ck_notify_email_check(optarg) < 0)
			return ck_cli_usage("--email: expected an email address, "
			    "got '%s'", optarg);
		if (c == 'm' && ck_notify_phone_check(optarg) < 0)
			return ck_cli_usage("--mobile: expected an E.164 number "
			    "like +13125550100, got '%s'", optarg);
		*(c == 'e' ? &email : &mobile) = optarg;
	}
	if (argc - optind != 1 || (id = nq_id_arg(argv[optind])) < 1)
		return ck_cli_usage("expected one notification id");
	if ((rc = ck_cli_store(&st, CK_OPEN_EXISTING)) != 0)
		return rc;
	if ((rc = ck_notify_retry(st, id, email, mobile, &err)))
		ck_cli_fail(&err);
	ck_store_close(st);
	return rc;
}

const struct ck_cli_verb nq_verb_retry = {
	"retry", cmd_retry, "ID [--email ADDRESS] [--mobile NUMBER]",
	"queue a failed, unknown or cancelled notification again",
	"\nQueues notification ID again, due now, with its tries counted\n"
	"from zero: one that failed, whose delivery is unknown (check first\n"
	"that it did not go out), or that was cancelled or opted out.\n"
	"\n  --email ADDRESS   send it to this corrected address\n"
	"  --mobile NUMBER   send it to this corrected number (E.164)\n"
};
