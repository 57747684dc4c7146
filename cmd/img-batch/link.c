#include <stdio.h>
#include <stdlib.h>

#include "claimkit/img.h"
#include "img-batch.h"

static int
cmd_link(int argc, char **argv)
{
	static const struct option opts[] = {
		{"claim", required_argument, NULL, 'c'},
		{"line", required_argument, NULL, 'l'},
		{"payment", required_argument, NULL, 'p'},
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	const char *claim = NULL, *payment = NULL;
	struct ck_err err = {0};
	struct ck_store *st;
	int64_t set, line = 0;
	int c, rc;

	while ((c = ck_cli_getopt(argc, argv, "h", opts)) != -1) {
		if (c < 0)
			return CK_CLI_OPTEXIT(c);
		if (c == 'c')
			claim = optarg;
		else if (c == 'p')
			payment = optarg;
		else if ((line = img_id(optarg, "--line")) == 0)
			return CK_USAGE;
	}
	if (argc - optind != 1)
		return ck_cli_usage("expected one set");
	if ((set = img_id(argv[optind], "set")) == 0)
		return CK_USAGE;
	if (claim && payment)
		return ck_cli_usage("give --claim or --payment, not both");
	if (!claim && !payment)
		return ck_cli_usage("expected --claim CLAIM_ID or --payment "
		    "TRACE");
	if (line && !claim)
		return ck_cli_usage("--line goes with --claim");
	if ((rc = ck_cli_store(&st, CK_OPEN_EXISTING)) != 0)
		return rc;
	if ((rc = ck_img_link(st, set, claim, (long)line, payment, &err)))
		rc = ck_cli_fail(&err);
	ck_store_close(st);
	return rc;
}

const struct ck_cli_verb ck_verb_link = {
	"link", cmd_link,
	"SET --claim CLAIM_ID [--line N] | SET --payment TRACE",
	"tie a set to its charge or payment",
	"\nTies SET to what it documents: a claim (and service line) for a\n"
	"set of a charge batch, a payment (a remittance's check or EFT trace\n"
	"number, or a deposit id) for a set of a payment batch.\n"
	"\n  --claim ID     the claim\n"
	"  --line N       its service line\n"
	"  --payment T    the trace number or deposit id\n"
};
