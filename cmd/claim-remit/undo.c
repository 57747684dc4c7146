#include <stdio.h>

#include "claimkit/remit.h"
#include "claim-remit.h"
#include "prompt.h"

static int
ask(long long id, long claims, int yes)
{
	char shown[96];

	if (yes) {
		ck_cli_warn("undoing remittance %lld: %ld claim%s", id, claims,
		    claims == 1 ? "" : "s");
		return 1;
	}
	snprintf(shown, sizeof(shown), "remittance %lld posted to %ld claim%s",
	    id, claims, claims == 1 ? "" : "s");
	return ck_tty_ask(shown, "Type CONFIRM to undo remittance %lld (%ld "
	    "claim%s): ", id, claims, claims == 1 ? "" : "s");
}

static int
cmd_undo(int argc, char **argv)
{
	static const struct option opts[] = {
		{"yes", no_argument, NULL, 'y'},
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	struct ck_err err = {0};
	struct ck_store *st;
	long long id;
	long claims;
	int c, rc, yes = 0;

	while ((c = ck_cli_getopt(argc, argv, "+h", opts)) != -1) {
		if (c < 0)
			return CK_CLI_OPTEXIT(c);
		yes = 1;
	}
	if (argc - optind != 1 || ck_remit_arg_id(argv[optind], &id) != 0)
		return ck_cli_usage("expected one remittance number");
	if ((rc = ck_cli_store(&st, CK_OPEN_EXISTING)) != 0)
		return rc;
	if ((rc = ck_remit_undo_check(st, id, &claims, &err)) == 0) {
		if (!ask(id, claims, yes))
			rc = CK_FAIL;
		else if ((rc = ck_remit_undo(st, id, &err)) == 0)
			ck_cli_warn("remittance %lld undone: %ld claim%s back as "
			    "they were", id, claims, claims == 1 ? "" : "s");
	}
	if (rc && err.msg[0])
		ck_cli_fail(&err);
	ck_store_close(st);
	return rc;
}

const struct ck_cli_verb ck_verb_undo = {
	"undo", cmd_undo, "[--yes] REMIT", "undo a posted remittance",
	"\nPuts every claim remittance REMIT posted back to its status and\n"
	"balances before, after a typed CONFIRM on the terminal; the\n"
	"remittance is then undone and may be posted again.  If any of its\n"
	"claims changed since (status, balances, a later posting), it names\n"
	"them and changes nothing.\n"
	"\n  --yes   undo without asking\n"
};
