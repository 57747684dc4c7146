#include <stdio.h>

#include "claimkit/upload.h"
#include "claim-upload.h"

static int
print_got(void *arg, const struct ck_got *g)
{
	char bytes[24];
	const char *row[] = {g->file, g->kind, bytes, g->applied};

	if (g->bytes >= 0)
		snprintf(bytes, sizeof(bytes), "%lld", (long long)g->bytes);
	else
		bytes[0] = '\0';       /* stored by an earlier fetch */
	return ck_write_row(arg, row, 4) ? CK_FAIL : 0;
}

static int
cmd_fetch(int argc, char **argv)
{
	static const struct option opts[] = {
		{"endpoint", required_argument, NULL, 'e'},
		{"delete-remote", no_argument, NULL, 'd'},
		{"tsv", no_argument, NULL, 't'},
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	static const char *const head[] = {"file", "kind", "bytes", "applied"};
	struct ck_writer w = {stdout, 0};
	struct ck_endpoint ep;
	struct ck_err err = {0};
	struct ck_store *st = NULL;
	const char *name = NULL;
	int c, rc, del = 0;

	while ((c = ck_cli_getopt(argc, argv, "+h", opts)) != -1) {
		if (c < 0)
			return CK_CLI_OPTEXIT(c);
		if (c == 'e')
			name = optarg;
		else if (c == 'd')
			del = 1;
		else
			w.tsv = 1;
	}
	if (optind < argc)
		return ck_cli_usage("unexpected argument '%s'", argv[optind]);
	if ((rc = ck_cli_store(&st, CK_OPEN_EXISTING)) != 0)
		return rc;
	if ((rc = ck_store_endpoint_get(st, name, &ep, &err)) == 0 &&
	    (rc = ck_write_row(&w, head, 4) ? CK_FAIL : 0) == 0)
		rc = ck_upload_fetch(st, &ep, del, print_got, &w, &err);
	if (rc && !ferror(stdout))
		ck_cli_fail(&err);
	ck_store_close(st);
	return rc;
}

const struct ck_cli_verb ck_verb_fetch = {
	"fetch", cmd_fetch, "[--tsv] [--endpoint NAME] [--delete-remote]",
	"fetch the clearinghouse's answers (999, 277CA, 835)",
	"\nLists the endpoint's outbound folder and downloads each file not\n"
	"fetched before (remembered by name, size and SHA-256) into inbox/\n"
	"beside the database, 0600.  The kind is read from the file itself:\n"
	"999, 277CA, 835, TA1 or unknown.  999 and 277CA answers are applied\n"
	"to batches and claims at once; 835 files wait for claim-remit.\n"
	"Prints file,kind,bytes,applied per file.  A malformed answer, one\n"
	"without its IEA (still being written) and one about a batch not\n"
	"sent yet are kept but not applied: exit 65, naming the file.  Only\n"
	"regular files of at most fetch_max_kb are taken from a drop folder.\n"
	"An answer stored by a fetch that died before applying it is applied.\n"
	"\n  --endpoint NAME    the endpoint (needed when there are several)\n"
	"  --delete-remote    remove each file from the server once stored and\n"
	"                     applied (never one kept back)\n"
	"  --tsv              print TSV instead of CSV\n"
};
