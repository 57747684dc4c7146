#include <stdio.h>
#include <string.h>

#include "claimkit/csv.h"
#include "claim-batch.h"

static int
ref_do(struct ck_store *st, const char *sub, const char *name,
    struct ck_err *err)
{
	struct ck_reader *r;
	long added = 0;
	int rc;

	if (strcmp(sub, "open") == 0)
		return ck_store_ref_open(st, name, err);
	if (strcmp(sub, "close") == 0)
		return ck_store_ref_close(st, name, err);
	if ((rc = ck_reader_open(&r, "-", CK_FMT_AUTO, err)))
		return rc;
	rc = ck_store_ref_add(st, name, r, &added, err);
	ck_reader_close(r);
	if (rc == 0)
		ck_cli_warn("%ld claim%s added to '%s'", added,
		    added == 1 ? "" : "s", name);
	return rc;
}

static int
cmd_ref(int argc, char **argv)
{
	static const struct option opts[] = {
		{"tsv", no_argument, NULL, 't'},
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	struct ck_writer w = {stdout, 0};
	struct ck_err err = {0};
	struct ck_store *st;
	const char *sub;
	int c, rc, list;

	while ((c = ck_cli_getopt(argc, argv, "+h", opts)) != -1) {
		if (c < 0)
			return CK_CLI_OPTEXIT(c);
		w.tsv = 1;
	}
	sub = optind < argc ? argv[optind] : "";
	list = strcmp(sub, "list") == 0;
	if (!list && strcmp(sub, "open") && strcmp(sub, "add") &&
	    strcmp(sub, "close"))
		return ck_cli_usage("expected open, add, close or list");
	if (argc - optind != (list ? 1 : 2))
		return ck_cli_usage(list ? "ref list takes no name" :
		    "expected one reference batch NAME");
	if ((rc = ck_cli_store(&st, list ? CK_OPEN_READONLY :
	    CK_OPEN_EXISTING)) != 0)
		return rc;
	if (list)
		rc = ck_store_refs(st, ck_cli_print_row, &w, &err);
	else if ((rc = ck_store_begin(st, &err)) == 0) {
		if ((rc = ref_do(st, sub, argv[optind + 1], &err)) == 0)
			rc = ck_store_commit(st, &err);
		else
			ck_store_rollback(st);
	}
	if (rc && !ferror(stdout))
		ck_cli_fail(&err);
	ck_store_close(st);
	return rc;
}

const struct ck_cli_verb ck_verb_ref = {
	"ref", cmd_ref, "[--tsv] open|add|close|list [NAME]",
	"hold claims in reference batches",
	"\nA reference batch holds claims back: a run never batches a claim\n"
	"in an open reference batch; once the batch is closed, it does.\n"
	"\n  ref open NAME    open a new reference batch\n"
	"  ref add NAME     add the claims whose ids are in the claim_id\n"
	"                   column of the CSV or TSV on standard input\n"
	"  ref close NAME   close it: its claims go with the next run\n"
	"  ref list         list reference batches and their claim counts\n"
	"  --tsv            print TSV instead of CSV\n"
};
