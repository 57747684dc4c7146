#include <stdio.h>

#include "claimkit/img.h"
#include "img-batch.h"

static int
cmd_export(int argc, char **argv)
{
	struct ck_err err = {0};
	struct ck_store *st;
	int64_t batch;
	long n;
	int rc;

	if ((rc = img_batch_verb(argc, argv, 2, "a batch and a folder",
	    CK_OPEN_READONLY, &st, &batch)) != 0)
		return rc < 0 ? CK_OK : rc;
	if ((rc = ck_img_export(st, batch, argv[optind + 1], &n, &err)))
		rc = ck_cli_fail(&err);
	else
		ck_cli_warn("exported %ld images of batch %lld to '%s'", n,
		    (long long)batch, argv[optind + 1]);
	ck_store_close(st);
	return rc;
}

const struct ck_cli_verb ck_verb_export = {
	"export", cmd_export, "BATCH DIR", "hand a batch over as files",
	"\nWrites BATCH's images into DIR (made 0700; it must be missing or\n"
	"empty) as set-SET/NN-NAME, each checked against its SHA-256, with\n"
	"index.csv (set_id, claim_id, line, payment, seq, file, name, kind,\n"
	"pages, bytes, sha256) and index.html, which a browser opens to look\n"
	"through the sets, pictures inline.\n"
};
