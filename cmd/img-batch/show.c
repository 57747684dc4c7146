#include <stdio.h>

#include "claimkit/img.h"
#include "img-batch.h"

/* The batch's fields, a blank line, then its images with their sets. */
static int
walk(struct ck_store *st, int64_t batch, int flag, ck_row_cb cb, void *arg,
    struct ck_err *err)
{
	int rc;

	(void)flag;
	if ((rc = ck_img_fields(st, batch, cb, arg, err)))
		return rc;
	putchar('\n');
	return ck_img_images(st, batch, cb, arg, err);
}

static int
cmd_show(int argc, char **argv)
{
	return img_table(argc, argv, walk, 1, NULL);
}

const struct ck_cli_verb ck_verb_show = {
	"show", cmd_show, "[--tsv] BATCH", "show a batch, its sets and images",
	"\nPrints two tables separated by an empty line: the batch's fields\n"
	"(id, type, practice, description, facility, dos, received, payer_id,\n"
	"plan, status, created, closed), then one row per image: batch_id,\n"
	"set_id, claim_id, line, payment, seq, image_id, name, kind, pages,\n"
	"bytes, sha256.\n"
	"\n  --tsv   print TSV instead of CSV\n"
};
