/* The verbs on batches already written: pending, printed, void, show. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "claimkit/batch.h"
#include "claim-batch.h"

struct counted {
	struct ck_writer w;
	int count;
};

static int
print_pending(void *arg, int n, const char *const *names,
    const char *const *vals)
{
	struct counted *c = arg;

	c->count += vals != NULL;
	return ck_cli_print_row(&c->w, n, names, vals);
}

static int
cmd_pending(int argc, char **argv)
{
	static const struct option opts[] = {
		{"tsv", no_argument, NULL, 't'},
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	struct counted out = {{stdout, 0}, 0};
	struct ck_err err = {0};
	struct ck_store *st;
	int c, rc;

	while ((c = ck_cli_getopt(argc, argv, "+h", opts)) != -1) {
		if (c < 0)
			return CK_CLI_OPTEXIT(c);
		out.w.tsv = 1;
	}
	if (optind < argc)
		return ck_cli_usage("unexpected argument '%s'", argv[optind]);
	if ((rc = ck_cli_store(&st, CK_OPEN_READONLY)) != 0)
		return rc;
	if ((rc = ck_store_batches(st, 1, print_pending, &out, &err)))
		ck_cli_fail(&err);
	ck_store_close(st);
	return rc ? rc : out.count ? CK_WAITS : 0;
}

/* The BATCH argument of printed, void and show. */
static int
batch_arg(int argc, char **argv, long long *id)
{
	char *end;

	if (argc - optind != 1)
		return ck_cli_usage("expected one batch number");
	errno = 0;
	*id = strtoll(argv[optind], &end, 10);
	if (*end || end == argv[optind] || *id <= 0 ||
	    argv[optind][0] == '+' || errno == ERANGE)
		return ck_cli_usage("expected a batch number, got '%.40s'",
		    argv[optind]);
	return 0;
}

static int
change(int argc, char **argv,
    int (*fn)(struct ck_store *, long long, struct ck_err *), const char *done)
{
	static const struct option opts[] = {
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	struct ck_err err = {0};
	struct ck_store *st;
	long long id;
	int c, rc;

	while ((c = ck_cli_getopt(argc, argv, "+h", opts)) != -1)
		return CK_CLI_OPTEXIT(c);
	if ((rc = batch_arg(argc, argv, &id)) ||
	    (rc = ck_cli_store(&st, CK_OPEN_EXISTING)))
		return rc;
	if ((rc = fn(st, id, &err)))
		ck_cli_fail(&err);
	else
		ck_cli_warn("batch %lld %s", id, done);
	ck_store_close(st);
	return rc;
}

static int
cmd_printed(int argc, char **argv)
{
	return change(argc, argv, ck_batch_printed, "marked printed");
}

static int
cmd_void(int argc, char **argv)
{
	return change(argc, argv, ck_batch_void,
	    "voided: its claims are ready again");
}

static int
all_batches(struct ck_store *st, ck_row_cb cb, void *arg, struct ck_err *err)
{
	return ck_store_batches(st, 0, cb, arg, err);
}

static int
cmd_batches(int argc, char **argv)
{
	return ck_cli_table(argc, argv, all_batches);
}

static int
cmd_show(int argc, char **argv)
{
	static const struct option opts[] = {
		{"tsv", no_argument, NULL, 't'},
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	struct ck_writer w = {stdout, 0};
	struct ck_filter f = {0};
	struct ck_err err = {0};
	struct ck_batch b;
	struct ck_store *st;
	long long id;
	int c, rc;

	while ((c = ck_cli_getopt(argc, argv, "+h", opts)) != -1) {
		if (c < 0)
			return CK_CLI_OPTEXIT(c);
		w.tsv = 1;
	}
	if ((rc = batch_arg(argc, argv, &id)) ||
	    (rc = ck_cli_store(&st, CK_OPEN_READONLY)))
		return rc;
	/* the list is the database's; it must still be the file's */
	if ((rc = ck_store_batch_get(st, id, &b, &err)) == 0 &&
	    (strcmp(b.status, "void") == 0 ||
	    (rc = ck_batch_check_file(&b, &err)) == 0) &&
	    (rc = ck_filter_set(&f, CK_FILTER_OPT + 10, argv[optind], &err))
	    == 0)
		rc = ck_store_list_claims(st, &f, ck_cli_print_row, &w, &err);
	if (rc && !ferror(stdout))
		ck_cli_fail(&err);
	ck_filter_free(&f);
	ck_store_close(st);
	return rc;
}

const struct ck_cli_verb ck_verb_pending = {
	"pending", cmd_pending, "[--tsv]",
	"list batches still to send or print (exit 3 if any)",
	"\nLists the batches not yet uploaded (837P) or printed (CMS1500) as\n"
	"batch_id,kind,status,claims,total_charge,created_at,file,sha256,\n"
	"and exits 3 when there is any, so a cron line can alert a person.\n"
	"\n  --tsv   print TSV instead of CSV\n"
};

const struct ck_cli_verb ck_verb_batches = {
	"batches", cmd_batches, "[--tsv]", "list every batch",
	"\nLists every batch written, oldest first, with its status: pending,\n"
	"sent, printed or void.\n"
	"\n  --tsv   print TSV instead of CSV\n"
};

const struct ck_cli_verb ck_verb_printed = {
	"printed", cmd_printed, "BATCH", "mark a paper batch printed",
	"\nMarks paper batch BATCH printed: 'pending' no longer lists it.\n"
};

const struct ck_cli_verb ck_verb_void = {
	"void", cmd_void, "BATCH", "undo a batch not yet sent or printed",
	"\nReturns the claims of BATCH, not yet sent or printed, to ready and\n"
	"removes its file.  The batch stays listed as void.\n"
};

const struct ck_cli_verb ck_verb_show = {
	"show", cmd_show, "[--tsv] BATCH", "list the claims of a batch",
	"\nPrints the claims of batch BATCH as 'claim-batch list' does.\n"
	"\n  --tsv   print TSV instead of CSV\n"
};
