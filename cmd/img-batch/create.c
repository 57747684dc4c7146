#include <stdio.h>

#include "claimkit/img.h"
#include "img-batch.h"

int
img_new_options(int argc, char **argv, struct ck_img_new *b, int *tsv)
{
	static const struct option opts[] = {
		{"type", required_argument, NULL, 't'},
		{"practice", required_argument, NULL, 'p'},
		{"description", required_argument, NULL, 'd'},
		{"facility", required_argument, NULL, 'f'},
		{"dos", required_argument, NULL, 's'},
		{"received", required_argument, NULL, 'r'},
		{"payer", required_argument, NULL, 'y'},
		{"plan", required_argument, NULL, 'l'},
		{"tsv", no_argument, NULL, 'T'},
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	int c;

	while ((c = ck_cli_getopt(argc, argv, "h", opts)) != -1) {
		switch (c) {
		case 't': b->type = optarg; break;
		case 'p': b->practice = optarg; break;
		case 'd': b->description = optarg; break;
		case 'f': b->facility = optarg; break;
		case 's': b->dos = optarg; break;
		case 'r': b->received = optarg; break;
		case 'y': b->payer = optarg; break;
		case 'l': b->plan = optarg; break;
		case 'T': *tsv = 1; break;
		default: return c == -2 ? -1 : CK_USAGE;
		}
	}
	return 0;
}

static int
cmd_create(int argc, char **argv)
{
	struct ck_writer w = {stdout, 0};
	struct ck_img_new b = {0};
	struct ck_err err = {0};
	struct ck_store *st;
	int64_t id;
	int c, rc;

	if ((c = img_new_options(argc, argv, &b, &w.tsv)) != 0)
		return c < 0 ? CK_OK : c;
	if (optind < argc)
		return ck_cli_usage("unexpected argument '%s'", argv[optind]);
	if ((rc = ck_cli_store(&st, CK_OPEN_EXISTING)) != 0)
		return rc;
	if ((rc = ck_img_create(st, &b, &id, &err)) == 0)
		rc = ck_img_list(st, id, ck_cli_print_row, &w, &err);
	if (rc && err.msg[0])
		rc = ck_cli_fail(&err);
	ck_store_close(st);
	return rc;
}

const struct ck_cli_verb ck_verb_create = {
	"create", cmd_create,
	"--type charge|payment [--practice CODE] [--description TEXT] "
	"[--facility CODE] [--dos DATE] [--received DATE] [--payer ID] "
	"[--plan NAME] [--tsv]",
	"create a scan batch",
	"\nCreates a batch and prints its row (as list does), id first.\n"
	"A charge batch may carry --facility, --dos (date of service) and\n"
	"--received (the charge's received date); a payment batch --payer and\n"
	"--plan (a plan of that payer).  A field of the other type is refused.\n"
	"\n  --type T          charge or payment\n"
	"  --practice CODE   the practice (not needed when there is one)\n"
	"  --description T   free text\n"
	"  --tsv             print TSV instead of CSV\n"
};
