#include <stdio.h>
#include <string.h>

#include "claimkit/settings.h"
#include "claim-settle.h"

static int
cmd_config(int argc, char **argv)
{
	static const struct option opts[] = {
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	const struct ck_setting_def *d = ck_setting_find("writeoff");
	struct ck_err err = {0};
	struct ck_store *st;
	char v[32];
	int c, rc, n;

	while ((c = ck_cli_getopt(argc, argv, "+h", opts)) != -1)
		return CK_CLI_OPTEXIT(c);
	n = argc - optind;
	if (n > 2 || (n > 0 && strcmp(argv[optind], "writeoff") != 0))
		return ck_cli_usage("expected 'writeoff' and "
		    "patient|insurance|both|none");
	if (n == 2 && ck_setting_check(d, argv[optind + 1], &err))
		return ck_cli_usage("%s", err.msg);
	if ((rc = ck_cli_store(&st, n == 2 ? 0 : CK_OPEN_READONLY)) != 0)
		return rc;
	if (n == 2)
		rc = ck_setting_save(st, "writeoff", argv[optind + 1], &err);
	else if ((rc = ck_setting(st, "writeoff", v, sizeof(v), &err)) == 0) {
		/* a table like every other output; the value alone for KEY */
		if (n == 0)
			printf("key,value\n");
		printf(n ? "%s\n" : "writeoff,%s\n", v);
	}
	if (rc)
		ck_cli_fail(&err);
	ck_store_close(st);
	return rc;
}

const struct ck_cli_verb ck_verb_config = {
	"config", cmd_config, "[writeoff [patient|insurance|both|none]]",
	"show or set which balances a settlement writes off",
	"\nWith no argument, prints the writeoff setting; with 'writeoff\n"
	"VALUE', sets it: the balances a settlement adjusts to zero (the\n"
	"patient's, the insurance's, both, or none).  Settling refuses to\n"
	"run until it is set.  The change is audited.\n"
};
