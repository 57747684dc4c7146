#include <stdio.h>
#include <string.h>

#include "claimkit/img.h"
#include "img-batch.h"

/* VERB add CODE NAME, VERB list [--tsv]: what is "practice" or
 * "facility"; plan takes PAYER_ID PLAN or --file CSV. */
static int
ref(int argc, char **argv, const char *what)
{
	static const struct option opts[] = {
		{"tsv", no_argument, NULL, 't'},
		{"file", required_argument, NULL, 'f'},
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	struct ck_writer w = {stdout, 0};
	struct ck_err err = {0};
	struct ck_reader *r;
	struct ck_store *st;
	const char *file = NULL;
	int c, rc, plan = strcmp(what, "plan") == 0, list;

	while ((c = ck_cli_getopt(argc, argv, "h", opts)) != -1) {
		if (c < 0)
			return CK_CLI_OPTEXIT(c);
		if (c == 't')
			w.tsv = 1;
		else if (plan)
			file = optarg;
		else
			return ck_cli_usage("--file is for plans");
	}
	argc -= optind, argv += optind;
	list = argc == 1 && strcmp(argv[0], "list") == 0;
	if (!list && (argc < 1 || strcmp(argv[0], "add") ||
	    argc != (file ? 1 : 3)))
		return ck_cli_usage("expected 'add %s' or 'list'", plan ?
		    "PAYER_ID PLAN' or 'add --file CSV" : "CODE NAME");
	if ((rc = ck_cli_store(&st, list ? CK_OPEN_READONLY : 0)) != 0)
		return rc;
	if (list)
		rc = ck_img_ref_walk(st, what, ck_cli_print_row, &w, &err);
	else if (!plan)
		rc = ck_img_ref_add(st, what, argv[1], argv[2], &err);
	else if (!file)
		rc = ck_img_plan_add(st, argv[1], argv[2], &err);
	else if ((rc = ck_reader_open(&r, file, CK_FMT_AUTO, &err)) == 0) {
		rc = ck_img_plans_load(st, r, &err);
		ck_reader_close(r);
	}
	if (rc && err.msg[0])
		ck_cli_fail(&err);
	ck_store_close(st);
	return rc;
}

static int
cmd_practice(int argc, char **argv)
{
	return ref(argc, argv, "practice");
}

static int
cmd_facility(int argc, char **argv)
{
	return ref(argc, argv, "facility");
}

static int
cmd_plan(int argc, char **argv)
{
	return ref(argc, argv, "plan");
}

const struct ck_cli_verb ck_verb_practice = {
	"practice", cmd_practice, "add CODE NAME | list [--tsv]",
	"add or list practices",
	"\nAdds a practice, or lists them (code, name).  With only one\n"
	"practice, a batch belongs to it without --practice.\n"
};

const struct ck_cli_verb ck_verb_facility = {
	"facility", cmd_facility, "add CODE NAME | list [--tsv]",
	"add or list facilities",
	"\nAdds a facility (for charge batches), or lists them (code, name).\n"
};

const struct ck_cli_verb ck_verb_plan = {
	"plan", cmd_plan,
	"add PAYER_ID PLAN | add --file CSV | list [--tsv]",
	"add or list payers' plans",
	"\nAdds a plan of a payer (for payment batches), or the plans of a\n"
	"CSV with columns payer_id and plan (all or nothing), or lists them.\n"
	"A payer is known once it has a plan or appears in the claims.\n"
};
