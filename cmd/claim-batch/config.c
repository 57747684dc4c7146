#include <stdio.h>
#include <string.h>

#include "claimkit/settings.h"
#include "claim-batch.h"

static int
show_all(struct ck_store *st, struct ck_writer *w)
{
	static const char *const head[] = {"key", "value", "required",
	    "meaning"};
	struct ck_err err = {0};
	char v[4096];

	if (ck_write_row(w, head, 4))
		return CK_FAIL;
	for (const struct ck_setting_def *d = ck_settings; d->key; d++) {
		const char *row[] = {d->key, v, d->required ? "yes" : "no",
		    d->doc};
		if (ck_setting(st, d->key, v, sizeof(v), &err))
			return ck_cli_fail(&err);
		if (ck_write_row(w, row, 4))
			return CK_FAIL;
	}
	return 0;
}

static int
cmd_config(int argc, char **argv)
{
	static const struct option opts[] = {
		{"tsv", no_argument, NULL, 't'},
		{"unset", no_argument, NULL, 'u'},
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	const struct ck_setting_def *d = NULL;
	struct ck_writer w = {stdout, 0};
	struct ck_err err = {0};
	struct ck_store *st;
	int c, unset = 0, n, rc;
	char v[4096];

	while ((c = ck_cli_getopt(argc, argv, "+h", opts)) != -1) {
		if (c < 0)
			return CK_CLI_OPTEXIT(c);
		if (c == 't')
			w.tsv = 1;
		else
			unset = 1;
	}
	n = argc - optind;
	if (n > 2 || (unset && n != 1))
		return ck_cli_usage("expected KEY and VALUE, or --unset KEY");
	if (n > 0 && (d = ck_setting_find(argv[optind])) == NULL)
		return ck_cli_usage("unknown setting '%s' (see 'claim-batch "
		    "config')", argv[optind]);
	if (n == 2 && ck_setting_check(d, argv[optind + 1], &err))
		return ck_cli_usage("%s", err.msg);
	if ((rc = ck_cli_store(&st, n == 2 || unset ? 0 : CK_OPEN_READONLY)))
		return rc;
	if (n == 0)
		rc = show_all(st, &w);
	else if (n == 2 || unset)
		rc = ck_setting_save(st, d->key, unset ? NULL :
		    argv[optind + 1], &err) ? ck_cli_fail(&err) : 0;
	else if ((rc = ck_setting(st, d->key, v, sizeof(v), &err)) == 0)
		printf("%s\n", v);
	else
		ck_cli_fail(&err);
	ck_store_close(st);
	return rc;
}

const struct ck_cli_verb ck_verb_config = {
	"config", cmd_config, "[--tsv] [--unset] [KEY [VALUE]]",
	"show or set the clearinghouse and batch settings",
	"\nWith no KEY, prints every setting as key,value,required,meaning.\n"
	"With KEY, prints its value; with KEY VALUE, sets it; with --unset\n"
	"KEY, returns it to its default.  A run stops while a required\n"
	"setting is unset, naming each one.  Every change is audited.\n"
	"\n  --tsv     print TSV instead of CSV\n"
	"  --unset   remove KEY's value\n"
};
