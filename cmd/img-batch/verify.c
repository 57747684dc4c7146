#include "claimkit/img.h"
#include "img-batch.h"

static int
walk(struct ck_store *st, int64_t batch, int flag, ck_row_cb cb, void *arg,
    struct ck_err *err)
{
	(void)flag;
	return ck_img_verify(st, batch, cb, arg, err);
}

static int
cmd_verify(int argc, char **argv)
{
	return img_table(argc, argv, walk, 0, NULL);
}

const struct ck_cli_verb ck_verb_verify = {
	"verify", cmd_verify, "[--tsv] [BATCH]", "prove stored images unchanged",
	"\nReads every stored image (of BATCH) and checks it against its\n"
	"SHA-256: image_id, set_id, sha256, status (ok, missing, changed).\n"
	"Exits 65 when one is not ok.\n"
	"\n  --tsv   print TSV instead of CSV\n"
};
