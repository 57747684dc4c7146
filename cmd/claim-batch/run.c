#include <stdio.h>
#include <string.h>

#include "claimkit/batch.h"
#include "claimkit/filter.h"
#include "claimkit/money.h"
#include "claimkit/upload.h"
#include "claim-batch.h"

struct manifest {
	struct ck_writer w;
	int header;
	int64_t e837[4];        /* the 837P batches written, for --upload */
	long n837;
};

/* --upload: send the run's 837P batches as 'claim-upload send' would;
 * the manifest on stdout stays the run's, the sends are told on stderr
 * and in 'claim-upload log'. */
static int
told(void *arg, const struct ck_sent *s)
{
	(void)arg;
	ck_cli_warn("batch %lld %s%s%s%s", (long long)s->batch_id, s->status,
	    s->remote_name[0] ? " as " : "", s->remote_name,
	    "");
	if (s->note[0])
		ck_cli_warn("  %s", s->note);
	return 0;
}

static int
upload_batches(struct ck_store *st, const char *name, const int64_t *ids,
    long n)
{
	struct ck_endpoint ep;
	struct ck_err err = {0};
	int rc;

	if (n == 0)
		return 0;
	if ((rc = ck_transport_init(&err)) == 0 &&
	    (rc = ck_store_endpoint_get(st, name, &ep, &err)) == 0)
		rc = ck_upload_send(st, &ep, ids, n, 0, told, NULL, &err);
	ck_transport_cleanup();
	return rc ? ck_cli_fail(&err) : 0;
}

static const char *const head[] = {"batch_id", "kind", "claims",
    "total_charge", "file", "sha256"};

/* The header goes out with the first batch, or alone after a run that
 * batched nothing; a failed run prints nothing. */
static int
print_head(struct manifest *m)
{
	if (m->header++)
		return 0;
	return ck_write_row(&m->w, head, 6) ? CK_FAIL : 0;
}

static int
print_batch(void *arg, const struct ck_batch *b)
{
	struct manifest *m = arg;
	char id[24], n[24], total[24];
	const char *row[] = {id, b->kind, n, total, b->file, b->sha256};

	if (print_head(m))
		return CK_FAIL;
	if (strcmp(b->kind, "837P") == 0 && m->n837 < 4)
		m->e837[m->n837++] = b->id;
	snprintf(id, sizeof(id), "%lld", (long long)b->id);
	snprintf(n, sizeof(n), "%ld", b->claims);
	ck_money_format(b->total_charge, total);
	return ck_write_row(&m->w, row, 6) ? CK_FAIL : 0;
}

static int
cmd_run(int argc, char **argv)
{
	static const struct option opts[] = {
		{"tsv", no_argument, NULL, 't'},
		{"paper-only", no_argument, NULL, 'p'},
		{"electronic-only", no_argument, NULL, 'e'},
		{"upload", no_argument, NULL, 'u'},
		{"endpoint", required_argument, NULL, 'E'},
		{"help", no_argument, NULL, 'h'},
		CK_FILTER_LONGOPTS,
		{0},
	};
	struct manifest m = {{stdout, 0}, 0, {0}, 0};
	struct ck_run_stats stats;
	struct ck_filter f = {0};
	struct ck_err err = {0};
	struct ck_store *st = NULL;
	const char *endpoint = NULL;
	int c, rc = 0, upload = 0;

	while ((c = ck_cli_getopt(argc, argv, "+h", opts)) != -1) {
		if (c < 0) {
			ck_filter_free(&f);
			return CK_CLI_OPTEXIT(c);
		} else if (c == 't')
			m.w.tsv = 1;
		else if (c == 'u')
			upload = 1;
		else if (c == 'E')
			endpoint = optarg;
		else if ((c == 'p' || c == 'e' || c == CK_FILTER_OPT + 7) &&
		    f.filing[0]) {
			ck_filter_free(&f);
			return ck_cli_usage("--paper-only, --electronic-only and "
			    "--filing exclude each other");
		} else if (c == 'p' || c == 'e')
			snprintf(f.filing, sizeof(f.filing), "%s", c == 'p' ?
			    "paper" : "electronic");
		else if (ck_filter_set(&f, c, optarg, &err)) {
			ck_filter_free(&f);
			return ck_cli_usage("%s", err.msg);
		}
	}
	if (optind < argc)
		rc = ck_cli_usage("unexpected argument '%s'", argv[optind]);
	if (rc == 0 && endpoint && !upload)
		rc = ck_cli_usage("--endpoint goes with --upload");
	if (rc == 0 && (rc = ck_cli_store(&st, CK_OPEN_EXISTING)) == 0) {
		if ((rc = ck_batch_run(st, &f, print_batch, &m, &stats, &err)))
			ck_cli_fail(&err);
		else if ((rc = print_head(&m)) == 0)
			ck_cli_warn("%ld claim%s batched, %ld held by the scrub "
			    "(see 'claim-batch scrub')", stats.batched,
			    stats.batched == 1 ? "" : "s", stats.failed);
		if (rc == 0 && upload)
			rc = upload_batches(st, endpoint, m.e837, m.n837);
	}
	ck_store_close(st);
	ck_filter_free(&f);
	return rc;
}

const struct ck_cli_verb ck_verb_run = {
	"run", cmd_run, "[--tsv] [--paper-only|--electronic-only] "
	"[--upload [--endpoint NAME]] " CK_FILTER_SYNOPSIS,
	"batch ready claims into 837P and CMS-1500 files",
	"\nScrubs the ready claims the filters select and writes those that\n"
	"pass into one 837P file (electronic claims) and one CMS-1500 print\n"
	"file (paper claims).  Claims held in an open reference batch,\n"
	"matched by an exclusion rule, or younger than the dwell setting are\n"
	"left for a later run.  Prints one manifest row per batch written:\n"
	"batch_id,kind,claims,total_charge,file,sha256 (just the header when\n"
	"there was nothing to batch).\n"
	"\n  --tsv               print TSV instead of CSV\n"
	"  --paper-only        batch paper claims only\n"
	"  --electronic-only   batch electronic claims only\n"
	"  --upload            then send the 837P batch as 'claim-upload send'\n"
	"                      does (exit 75 when a send failed; the batch\n"
	"                      stays pending for the next try)\n"
	"  --endpoint NAME     the endpoint to send to, with --upload\n"
	"  (filters as for 'claim-batch list')\n"
};
