#include "claimkit/img.h"
#include "img-batch.h"

static int
walk(struct ck_store *st, int64_t batch, int flag, ck_row_cb cb, void *arg,
    struct ck_err *err)
{
	(void)flag;
	return ck_img_list(st, batch, cb, arg, err);
}

static int
cmd_list(int argc, char **argv)
{
	return img_table(argc, argv, walk, 0, NULL);
}

const struct ck_cli_verb ck_verb_list = {
	"list", cmd_list, "[--tsv] [BATCH]", "list scan batches",
	"\nLists batches (or BATCH): id, type, practice, description, sets,\n"
	"images, pages, status (open or closed), created.\n"
	"\n  --tsv   print TSV instead of CSV\n"
};
