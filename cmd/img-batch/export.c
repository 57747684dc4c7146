#include <stdio.h>

#include "claimkit/img.h"
#include "img-batch.h"

static int
cmd_export(int argc, char **argv)
{
	static const struct option opts[] = {
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	struct ck_err err = {0};
	struct ck_store *st;
	int64_t batch;
	long n;
	int c, rc;

	while ((c = ck_cli_getopt(argc, argv, "h", opts)) != -1)
		return CK_CLI_OPTEXIT(c);
	if (argc - optind != 2)
		return ck_cli_usage("expected a batch and a folder");
	if ((batch = img_id(argv[optind], "batch")) == 0)
		return CK_USAGE;
	if ((rc = ck_cli_store(&st, CK_OPEN_READONLY)) != 0)
		return rc;
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
