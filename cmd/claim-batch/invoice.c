#include <stdio.h>
#include <string.h>

#include "claimkit/stages.h"
#include "claim-batch.h"

static void
report(enum ck_stage k, const struct ck_stage_stats *s)
{
	if (k == CK_STAGE_INVOICE)
		ck_cli_warn("%s: %ld session%s invoiced; held: %ld by a rule, "
		    "%ld by the dwell, %ld with no fee", ck_stages[k].title,
		    s->moved, s->moved == 1 ? "" : "s", s->by_rule, s->by_dwell,
		    s->by_fee);
	else
		ck_cli_warn("%s: %ld invoice%s processed (%ld claim%s, %ld "
		    "patient balance%s); held: %ld by a rule, %ld by the dwell",
		    ck_stages[k].title, s->moved, s->moved == 1 ? "" : "s",
		    s->moved - s->self_pay, s->moved - s->self_pay == 1 ? "" :
		    "s", s->self_pay, s->self_pay == 1 ? "" : "s", s->by_rule,
		    s->by_dwell);
}

/* Runs stage k unless it is switched off (then says so, and records
 * that cron found it off). */
static int
stage(struct ck_store *st, enum ck_stage k, struct ck_err *err)
{
	struct ck_stage_stats s;
	int on = 1, rc;

	if (ck_stage_enabled(st, k, &on, err))
		return err->code;
	if (!on) {
		ck_cli_warn("%s is switched off: nothing done (claim-batch "
		    "automation on %s)", ck_stages[k].title, ck_stages[k].name);
		return ck_stage_record(st, k, "off", 0, 0, err);
	}
	rc = k == CK_STAGE_INVOICE ? ck_invoice_create(st, &s, err) :
	    ck_invoice_process(st, &s, err);
	if (rc == 0)
		report(k, &s);
	return rc;
}

static int
cmd_invoice(int argc, char **argv)
{
	static const struct option opts[] = {
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	const char *sub = argc > 1 ? argv[1] : "";
	struct ck_err err = {0};
	struct ck_store *st;
	int c, rc;

	if (strcmp(sub, "create") && strcmp(sub, "process")) {
		while ((c = ck_cli_getopt(argc, argv, "+h", opts)) != -1)
			return CK_CLI_OPTEXIT(c);
		return ck_cli_usage("expected create or process");
	}
	argc--;
	argv++;
	while ((c = ck_cli_getopt(argc, argv, "+h", opts)) != -1)
		return CK_CLI_OPTEXIT(c);
	if (optind < argc)
		return ck_cli_usage("unexpected argument '%s'", argv[optind]);
	if ((rc = ck_cli_store(&st, CK_OPEN_EXISTING)) != 0)
		return rc;
	rc = stage(st, strcmp(sub, "create") == 0 ? CK_STAGE_INVOICE :
	    CK_STAGE_PROCESS, &err);
	if (rc)
		ck_cli_fail(&err);
	ck_store_close(st);
	return rc;
}

const struct ck_cli_verb ck_verb_invoice = {
	"invoice", cmd_invoice, "create|process",
	"run Invoice Creation or Invoice Processing",
	"\nThe first two stages of the nightly billing automation\n"
	"(claimkit(7)).  Each takes only the items that have waited its\n"
	"dwell (default 1d: the next night) and that none of its exclusion\n"
	"rules (rule add --stage) matches, moves them all in one\n"
	"transaction, and says on stderr what it moved and held.  A stage\n"
	"switched off (automation off) does nothing and says so.\n"
	"\n  invoice create    sessions become invoices, each line priced by\n"
	"                    the fee schedule in force on its date; a\n"
	"                    session with a line that has no fee is held,\n"
	"                    with the problem 'fee' that list shows\n"
	"  invoice process   insurance invoices become claims ready for\n"
	"                    submission; self-pay ones (payer_id SELF)\n"
	"                    patient balances (status balance)\n"
};
