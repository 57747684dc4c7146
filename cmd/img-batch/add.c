#include <stdio.h>
#include <string.h>

#include "claimkit/img.h"
#include "img-batch.h"

static int
cmd_add(int argc, char **argv)
{
	static const struct option opts[] = {
		{"set", required_argument, NULL, 's'},
		{"new-set", no_argument, NULL, 'n'},
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	struct ck_err err = {0};
	struct ck_store *st;
	int64_t batch, set = 0;
	int c, rc, fresh = 0;

	while ((c = ck_cli_getopt(argc, argv, "h", opts)) != -1) {
		if (c < 0)
			return CK_CLI_OPTEXIT(c);
		if (c == 'n')
			fresh = 1;
		else if ((set = img_id(optarg, "--set")) == 0)
			return CK_USAGE;
	}
	if (fresh && set)
		return ck_cli_usage("give --set N or --new-set, not both");
	if (argc - optind < 2)
		return ck_cli_usage("expected a batch and at least one file");
	if ((batch = img_id(argv[optind], "batch")) == 0)
		return CK_USAGE;
	if ((rc = ck_cli_store(&st, CK_OPEN_EXISTING)) != 0)
		return rc;
	rc = ck_img_add(st, batch, &set, (const char *const *)argv + optind + 1,
	    argc - optind - 1, &err);
	if (rc == 0)
		printf("set_id\n%lld\n", (long long)set);
	else if (err.msg[0])
		rc = ck_cli_fail(&err);
	ck_store_close(st);
	return rc;
}

const struct ck_cli_verb ck_verb_add = {
	"add", cmd_add, "BATCH [--set SET | --new-set] FILE ...",
	"add images to a set",
	"\nAdds FILEs, in order, to set SET of BATCH, or to a new set (the\n"
	"default), and prints the set's id.  A file's kind (PDF, TIFF, JPEG,\n"
	"PNG) and pages come from its content; anything else, or a truncated,\n"
	"corrupt or empty file, is refused and no file of the call is added.\n"
	"\n  --set SET   add to this set of BATCH\n"
	"  --new-set   start a new set (the default)\n"
};
