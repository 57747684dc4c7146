#include <stdio.h>
#include <string.h>

#include "claimkit/notify.h"
#include "notify-queue.h"

static int
cmd_now(int argc, char **argv)
{
	static const struct option opts[] = {
		{"guarantor", required_argument, NULL, 'g'},
		{"patient", required_argument, NULL, 'p'},
		{"channel", required_argument, NULL, 'c'},
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	const char *g = NULL, *p = NULL, *ch = NULL;
	struct ck_notify_send o = {0};
	struct ck_err err = {0};
	struct ck_store *st;
	int c, rc;

	while ((c = ck_cli_getopt(argc, argv, "h", opts)) != -1) {
		if (c < 0)
			return CK_CLI_OPTEXIT(c);
		if (c == 'c' && strcmp(optarg, "email") &&
		    strcmp(optarg, "sms"))
			return ck_cli_usage("--channel: expected email or sms, "
			    "got '%s'", optarg);
		*(c == 'g' ? &g : c == 'p' ? &p : &ch) = optarg;
	}
	if (optind < argc)
		return ck_cli_usage("unexpected argument '%s'", argv[optind]);
	if (g == NULL)
		return ck_cli_usage("--guarantor: expected a guarantor id");
	if ((rc = ck_cli_store(&st, CK_OPEN_EXISTING)) != 0)
		return rc;
	if ((rc = ck_notify_now(st, g, p, ch, &o.only, &err)) == 0) {
		fprintf(stderr, "notify-queue: notification %lld\n",
		    (long long)o.only);
		rc = nq_send_report(st, &o);
	} else
		ck_cli_fail(&err);
	ck_store_close(st);
	return rc;
}

const struct ck_cli_verb nq_verb_now = {
	"now", cmd_now, "--guarantor G [--patient P] [--channel email|sms]",
	"send one notification at once",
	"\nQueues a notification of guarantor G's latest statement at its\n"
	"level and sends it at once, through the same rules (opt-out, quiet\n"
	"hours, the frequency cap) and with the same history as 'send'.\n"
	"\n  --guarantor G    the guarantor\n"
	"  --patient P      about patient P's account only\n"
	"  --channel CH     email or sms instead of the level's channel\n"
};
