#include <stdio.h>

#include "claimkit/img.h"
#include "img-batch.h"

static int
cmd_close(int argc, char **argv)
{
	static const struct option opts[] = {
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	struct ck_err err = {0};
	struct ck_store *st;
	int64_t batch;
	int c, rc;

	while ((c = ck_cli_getopt(argc, argv, "+h", opts)) != -1)
		return CK_CLI_OPTEXIT(c);
	if (argc - optind != 1)
		return ck_cli_usage("expected one batch");
	if ((batch = img_id(argv[optind], "batch")) == 0)
		return CK_USAGE;
	if ((rc = ck_cli_store(&st, CK_OPEN_EXISTING)) != 0)
		return rc;
	if ((rc = ck_img_close(st, batch, &err)))
		rc = ck_cli_fail(&err);
	ck_store_close(st);
	return rc;
}

const struct ck_cli_verb ck_verb_close = {
	"close", cmd_close, "BATCH", "close a batch",
	"\nCloses BATCH: it refuses add and link from then on.\n"
};
