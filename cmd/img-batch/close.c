#include <stdio.h>

#include "claimkit/img.h"
#include "img-batch.h"

static int
cmd_close(int argc, char **argv)
{
	struct ck_err err = {0};
	struct ck_store *st;
	int64_t batch;
	int rc;

	if ((rc = img_batch_verb(argc, argv, 1, "one batch", CK_OPEN_EXISTING,
	    &st, &batch)) != 0)
		return rc < 0 ? CK_OK : rc;
	if ((rc = ck_img_close(st, batch, &err)))
		rc = ck_cli_fail(&err);
	ck_store_close(st);
	return rc;
}

const struct ck_cli_verb ck_verb_close = {
	"close", cmd_close, "BATCH", "close a batch",
	"\nCloses BATCH: it refuses add and link from then on.\n"
};
