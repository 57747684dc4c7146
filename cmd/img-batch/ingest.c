#include <stdio.h>

#include "claimkit/img.h"
#include "img-batch.h"

static int
cmd_ingest(int argc, char **argv)
{
	struct ck_writer w = {stdout, 0};
	struct ck_img_ingest out;
	struct ck_img_new b = {0};
	struct ck_err err = {0};
	struct ck_store *st;
	int c, rc, rc2 = 0;

	if ((c = img_new_options(argc, argv, &b, &w.tsv)) != 0)
		return c < 0 ? CK_OK : c;
	if (argc - optind != 1)
		return ck_cli_usage("expected one folder");
	if ((rc = ck_cli_store(&st, CK_OPEN_EXISTING)) != 0)
		return rc;
	rc = ck_img_ingest(st, argv[optind], &b, &out, &err);
	if (out.busy)
		ck_cli_warn("another ingest of '%s' is running: nothing done",
		    argv[optind]);
	if (out.batch && (rc2 = ck_img_list(st, out.batch, ck_cli_print_row,
	    &w, &err)) && !rc)
		rc = rc2;
	if (rc && err.msg[0])
		rc = ck_cli_fail(&err);
	if (out.bad)
		ck_cli_warn("%ld set%s left in '%s' for a person to look at",
		    out.bad, out.bad == 1 ? "" : "s", argv[optind]);
	ck_store_close(st);
	return rc;
}

const struct ck_cli_verb ck_verb_ingest = {
	"ingest", cmd_ingest,
	"DIR --type charge|payment [--practice CODE] [--description TEXT] "
	"[--facility CODE] [--dos DATE] [--received DATE] [--payer ID] "
	"[--plan NAME] [--tsv]",
	"take a scanner's hot folder into a new batch",
	"\nFor cron: each subfolder of DIR becomes an image set, each loose\n"
	"file a set of its own, in one new batch (options as create's), whose\n"
	"row is printed.  A file leaves DIR only once stored and recorded.\n"
	"A file that the last run did not see at the same size and time, or\n"
	"whose set has a temporary name (.tmp*, *.part, *~, ...), waits for\n"
	"the next run.  A bad file's set stays in DIR (exit 65).  Another\n"
	"ingest of DIR running: nothing is done (exit 0).\n"
};
