#include "claimkit/csv.h"
#include "claimkit/filter.h"
#include "cli.h"
#include "claim-batch.h"

/* Reads the claim ids on stdin into the store's selection. */
static int
read_selection(struct ck_store *st, struct ck_filter *f)
{
	struct ck_reader *r;
	struct ck_err err = {0};
	long n, dups;
	int rc;

	if ((rc = ck_reader_open(&r, "-", CK_FMT_AUTO, &err)) == 0) {
		rc = ck_store_select_ids(st, r, "claim_id", &n, &dups, &err);
		ck_reader_close(r);
	}
	if (rc)
		return ck_cli_fail(&err);
	f->use_selection = 1;
	return 0;
}

static int
cmd_list(int argc, char **argv)
{
	static const struct option opts[] = {
		{"tsv", no_argument, NULL, 't'},
		{"stdin", no_argument, NULL, 's'},
		{"help", no_argument, NULL, 'h'},
		CK_FILTER_LONGOPTS,
		{0},
	};
	struct ck_writer w = {stdout, 0};
	struct ck_filter f = {0};
	struct ck_err err = {0};
	struct ck_store *st = NULL;
	int c, rc = 0, sel = 0;

	while ((c = ck_cli_getopt(argc, argv, "+h", opts)) != -1) {
		if (c < 0) {
			ck_filter_free(&f);
			return CK_CLI_OPTEXIT(c);
		} else if (c == 't')
			w.tsv = 1;
		else if (c == 's')
			sel = 1;
		else if (ck_filter_set(&f, c, optarg, &err)) {
			ck_filter_free(&f);
			return ck_cli_usage("%s", err.msg);
		}
	}
	if (rc == 0 && optind < argc)
		rc = ck_cli_usage("unexpected argument '%s'", argv[optind]);
	if (rc == 0 && (rc = ck_cli_store(&st, CK_OPEN_READONLY)) == 0 &&
	    (!sel || (rc = read_selection(st, &f)) == 0) &&
	    (rc = ck_store_list_claims(st, &f, ck_cli_print_row, &w, &err)) &&
	    !ferror(stdout))
		ck_cli_fail(&err);
	ck_store_close(st);
	ck_filter_free(&f);
	return rc;
}

const struct ck_cli_verb ck_verb_list = {
	"list", cmd_list, "[--tsv] [--stdin] " CK_FILTER_SYNOPSIS,
	"print claims as CSV or TSV",
	"\nPrints the claims the filters select, one row per claim.\n"
	"Repeating --payer, --provider, --office, --status or --claim\n"
	"selects any of the values; different filters all apply.\n"
	"\n  --tsv            print TSV instead of CSV\n"
	"  --stdin          select the claims named in the claim_id column\n"
	"                   of the CSV or TSV on standard input\n"
	"  --payer ID       payer id\n"
	"  --provider NPI   billing or rendering provider NPI\n"
	"  --office CODE    office\n"
	"  --from DATE      date of service on or after DATE\n"
	"  --to DATE        date of service on or before DATE\n"
	"  --before DATE    date of service before DATE\n"
	"  --status STATUS  ready, batched, sent, accepted, rejected, paid,\n"
	"                   denied, settled, or open (any but settled)\n"
	"  --filing electronic|paper\n"
	"  --rank 1|2|3     primary, secondary or tertiary claims\n"
	"  --claim ID       one claim id\n"
	"  --batch ID       claims in batch ID\n"
};
