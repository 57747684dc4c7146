#include <stdio.h>
#include <stdlib.h>

#include "claimkit/money.h"
#include "claimkit/settle.h"
#include "claim-settle.h"
#include "prompt.h"

static int
ask(long long run, const struct ck_settle_sum *s, int yes)
{
	char p[24], i[24], shown[160];

	ck_money_format(s->patient, p);
	ck_money_format(s->insurance, i);
	if (yes) {
		ck_cli_warn("undoing run %lld: %ld claim%s, patient %s, "
		    "insurance %s", run, s->claims, s->claims == 1 ? "" : "s",
		    p, i);
		return 1;
	}
	snprintf(shown, sizeof(shown), "run %lld settled %ld claim%s and wrote "
	    "off patient %s, insurance %s", run, s->claims, s->claims == 1 ?
	    "" : "s", p, i);
	return ck_tty_ask(shown, "Type CONFIRM to undo run %lld (%ld claim%s): ",
	    run, s->claims, s->claims == 1 ? "" : "s");
}

static int
cmd_undo(int argc, char **argv)
{
	static const struct option opts[] = {
		{"yes", no_argument, NULL, 'y'},
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	struct ck_settle_sum sum;
	struct ck_err err = {0};
	struct ck_store *st;
	long long run;
	char *end;
	int c, rc, yes = 0;

	while ((c = ck_cli_getopt(argc, argv, "+h", opts)) != -1) {
		if (c < 0)
			return CK_CLI_OPTEXIT(c);
		yes = 1;
	}
	if (argc - optind != 1 || (run = strtoll(argv[optind], &end, 10)) <= 0 ||
	    *end)
		return ck_cli_usage("expected one run number");
	if ((rc = ck_cli_store(&st, CK_OPEN_EXISTING)) != 0)
		return rc;
	if ((rc = ck_settle_undo_check(st, run, &sum, &err)) == 0) {
		if (!ask(run, &sum, yes))
			rc = CK_FAIL;
		else if ((rc = ck_settle_undo(st, run, &err)) == 0)
			ck_cli_warn("run %lld undone: %ld claim%s back as they "
			    "were", run, sum.claims, sum.claims == 1 ? "" : "s");
	}
	if (rc && err.msg[0])
		ck_cli_fail(&err);
	ck_store_close(st);
	return rc;
}

const struct ck_cli_verb ck_verb_undo = {
	"undo", cmd_undo, "[--yes] RUN", "undo a settlement run",
	"\nRestores every claim of settlement run RUN to its status and\n"
	"balances before the run, with reversing adjustment rows, after a\n"
	"typed CONFIRM on the terminal.  If any of its claims changed since\n"
	"(status, balances, a later adjustment, the batch it was settled out\n"
	"of sent or voided), it names them and changes nothing; checked again\n"
	"under the write lock after the CONFIRM.\n"
	"\n  --yes   undo without asking\n"
};
