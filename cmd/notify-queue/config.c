#include <stdio.h>
#include <string.h>

#include "claimkit/notify.h"
#include "notify-queue.h"

static int
cmd_config(int argc, char **argv)
{
	static const struct option opts[] = {
		{"unset", no_argument, NULL, 'u'},
		{"tsv", no_argument, NULL, 't'},
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	struct ck_err err = {0};
	struct ck_store *st;
	char v[1024];
	int c, rc, n, unset = 0, tsv = 0;

	while ((c = ck_cli_getopt(argc, argv, "+h", opts)) != -1) {
		if (c < 0)
			return CK_CLI_OPTEXIT(c);
		*(c == 'u' ? &unset : &tsv) = 1;
	}
	n = argc - optind;
	if (n == 0 && !unset)
		return nq_table(tsv, ck_notify_settings);
	if (n > 2 || (unset && n != 1))
		return ck_cli_usage("expected KEY, KEY VALUE or --unset KEY");
	if ((rc = ck_cli_store(&st, n == 1 && !unset ? CK_OPEN_EXISTING : 0)))
		return rc;
	if (n == 1 && !unset) {
		if ((rc = ck_notify_setting(st, argv[optind], v, sizeof(v),
		    &err)) == 0)
			printf("%s\n", v);
	} else
		rc = ck_notify_setting_save(st, argv[optind],
		    unset ? NULL : argv[optind + 1], &err);
	if (rc)
		rc = err.code == CK_USAGE ? ck_cli_usage("%s", err.msg) :
		    ck_cli_fail(&err);
	ck_store_close(st);
	return rc;
}

const struct ck_cli_verb nq_verb_config = {
	"config", cmd_config, "[KEY [VALUE] | --unset KEY] [--tsv]",
	"show or set the notification settings",
	"\nWith nothing, prints every notification setting: key, value, and\n"
	"what it is.  With KEY, prints its value; with KEY VALUE, checks and\n"
	"sets it (audited); --unset KEY puts back its default.  The settings\n"
	"are listed in claimkit(5).\n"
	"\n  --unset   put KEY back to its default\n"
	"  --tsv     print TSV instead of CSV\n"
};
