#include "claimkit/img.h"
#include "img-batch.h"

static int
cmd_sets(int argc, char **argv)
{
	return img_table(argc, argv, ck_img_sets, 0, "unlinked");
}

const struct ck_cli_verb ck_verb_sets = {
	"sets", cmd_sets, "[--unlinked] [--tsv] [BATCH]", "list image sets",
	"\nLists image sets (of BATCH): set_id, batch_id, type, images,\n"
	"claim_id, line, payment, created.  With --unlinked, only the sets\n"
	"not yet tied to a charge or payment: the work queue.\n"
	"\n  --unlinked   only sets waiting for a link\n"
	"  --tsv        print TSV instead of CSV\n"
};
