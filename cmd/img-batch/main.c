#include <stdio.h>
#include <stdlib.h>

#include "img-batch.h"

static const struct ck_cli_verb *const verbs[] = {
	&ck_verb_practice, &ck_verb_facility, &ck_verb_plan, &ck_verb_create,
	&ck_verb_add, &ck_verb_link, &ck_verb_sets, &ck_verb_list,
	&ck_verb_show, &ck_verb_close, &ck_verb_verify, &ck_verb_ingest,
	&ck_verb_export, &ck_verb_audit, NULL,
};

int64_t
img_id(const char *s, const char *what)
{
	char *end;
	long long v = strtoll(s, &end, 10);

	if (v <= 0 || *end || end == s) {
		ck_cli_usage("%s '%s': expected a number", what, s);
		return 0;
	}
	return v;
}

int
img_batch_verb(int argc, char **argv, int nargs, const char *expected,
    int flags, struct ck_store **st, int64_t *batch)
{
	static const struct option opts[] = {
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	int c;

	while ((c = ck_cli_getopt(argc, argv, "h", opts)) != -1)
		return c == -2 ? -1 : CK_USAGE;
	if (argc - optind != nargs)
		return ck_cli_usage("expected %s", expected);
	if ((*batch = img_id(argv[optind], "batch")) == 0)
		return CK_USAGE;
	return ck_cli_store(st, flags);
}

int
main(int argc, char **argv)
{
	return ck_cli_main("img-batch", verbs, argc, argv);
}

int
img_table(int argc, char **argv, img_walk fn, int need_batch,
    const char *flag)
{
	struct option opts[] = {
		{"tsv", no_argument, NULL, 't'},
		{flag ? flag : "tsv", no_argument, NULL, 'f'},
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	struct ck_writer w = {stdout, 0};
	struct ck_err err = {0};
	struct ck_store *st;
	int64_t batch = 0;
	int c, rc, on = 0;

	while ((c = ck_cli_getopt(argc, argv, "h", opts)) != -1) {
		if (c < 0)
			return CK_CLI_OPTEXIT(c);
		if (c == 't')
			w.tsv = 1;
		else
			on = 1;
	}
	if (argc - optind > 1 || (need_batch && argc - optind != 1))
		return ck_cli_usage(need_batch ? "expected one batch" :
		    "expected at most one batch");
	if (argc - optind == 1 && (batch = img_id(argv[optind], "batch")) == 0)
		return CK_USAGE;
	if ((rc = ck_cli_store(&st, CK_OPEN_READONLY)) != 0)
		return rc;
	if ((rc = fn(st, batch, on, ck_cli_print_row, &w, &err)) &&
	    !ferror(stdout) && err.msg[0])
		ck_cli_fail(&err);
	ck_store_close(st);
	return rc;
}
