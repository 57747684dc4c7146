#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "claimkit/csv.h"
#include "claimkit/upload.h"
#include "claim-upload.h"

static int
print_sent(void *arg, const struct ck_sent *s)
{
	char id[24], bytes[24];
	const char *row[] = {id, s->endpoint, s->remote_name, bytes, s->sha256,
	    s->status, s->note};

	snprintf(id, sizeof(id), "%lld", (long long)s->batch_id);
	if (s->bytes >= 0)
		snprintf(bytes, sizeof(bytes), "%lld", (long long)s->bytes);
	else
		bytes[0] = '\0';
	return ck_write_row(arg, row, 7) ? CK_FAIL : 0;
}

static int
push(int64_t **ids, long *n, const char *v, const char *where)
{
	char *end;
	long long id = strtoll(v, &end, 10);
	int64_t *p;

	if (*v == '\0' || *end || id <= 0)
		return ck_cli_usage("%s: expected a batch number, got '%s'",
		    where, v), CK_DATA;
	if ((p = realloc(*ids, (size_t)(*n + 1) * sizeof(*p))) == NULL)
		return CK_FAIL;
	*ids = p;
	p[(*n)++] = id;
	return 0;
}

/* Batch ids from the batch_id column of the table on stdin. */
static int
read_ids(int64_t **ids, long *n)
{
	struct ck_reader *r;
	struct ck_row *row;
	struct ck_err err = {0};
	char where[64];
	int c, rc;

	if ((rc = ck_reader_open(&r, "-", CK_FMT_AUTO, &err)))
		return ck_cli_fail(&err);
	if ((c = ck_reader_col(r, "batch_id")) < 0) {
		ck_reader_close(r);
		ck_cli_warn("<stdin>:1: expected a column named 'batch_id'");
		return CK_DATA;
	}
	while ((rc = ck_reader_next(r, &row, &err)) == 1) {
		snprintf(where, sizeof(where), "<stdin>:%ld", row->line);
		if ((rc = push(ids, n, row->f[c], where)))
			break;
	}
	ck_reader_close(r);
	if (rc < 0 || rc > 1)
		return rc == CK_DATA && err.msg[0] == '\0' ? rc : ck_cli_fail(&err);
	return 0;
}

static int
cmd_send(int argc, char **argv)
{
	static const struct option opts[] = {
		{"endpoint", required_argument, NULL, 'e'},
		{"pending", no_argument, NULL, 'p'},
		{"resend", no_argument, NULL, 'r'},
		{"tsv", no_argument, NULL, 't'},
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	static const char *const head[] = {"batch_id", "endpoint", "remote_name",
	    "bytes", "sha256", "status", "note"};
	struct ck_writer w = {stdout, 0};
	struct ck_endpoint ep;
	struct ck_err err = {0};
	struct ck_store *st = NULL;
	const char *name = NULL;
	int64_t *ids = NULL;
	long n = 0;
	int c, rc = 0, pending = 0, resend = 0;

	while ((c = ck_cli_getopt(argc, argv, "+h", opts)) != -1) {
		if (c < 0)
			return CK_CLI_OPTEXIT(c);
		if (c == 'e')
			name = optarg;
		else if (c == 'p')
			pending = 1;
		else if (c == 'r')
			resend = 1;
		else
			w.tsv = 1;
	}
	if (pending && optind < argc)
		return ck_cli_usage("--pending takes no batch numbers");
	for (int i = optind; rc == 0 && i < argc; i++)
		rc = push(&ids, &n, argv[i], "BATCH");
	if (rc == 0 && !pending && optind == argc) {
		if (isatty(0))
			rc = ck_cli_usage("expected BATCH numbers, --pending, or "
			    "a table with a batch_id column on stdin");
		else
			rc = read_ids(&ids, &n);
	}
	if (rc == 0 && (rc = ck_cli_store(&st, CK_OPEN_EXISTING)) == 0 &&
	    (rc = ck_store_endpoint_get(st, name, &ep, &err)) == 0 &&
	    (!pending || (rc = ck_store_sendable(st, &ids, &n, &err)) == 0)) {
		if ((rc = ck_write_row(&w, head, 7) ? CK_FAIL : 0) == 0)
			rc = ck_upload_send(st, &ep, ids, n, resend, print_sent,
			    &w, &err);
	}
	/* usage errors and a missing database were reported already */
	if (rc && err.msg[0] && !ferror(stdout))
		ck_cli_fail(&err);
	ck_store_close(st);
	free(ids);
	return rc;
}

const struct ck_cli_verb ck_verb_send = {
	"send", cmd_send, "[--tsv] [--endpoint NAME] [--pending] [--resend] "
	"[BATCH...]", "send 837P batches to the clearinghouse",
	"\nSends the named batches, or those in the batch_id column of the\n"
	"table on stdin ('claim-batch run | claim-upload send'), or with\n"
	"--pending every 837P batch not yet sent.  A batch is sent once: a\n"
	"sent batch is skipped unless --resend, and two sends at once never\n"
	"send one batch twice.  Files go under a temporary name and are\n"
	"renamed when complete (SFTP, FTPS, drop folder).  Prints\n"
	"batch_id,endpoint,remote_name,bytes,sha256,status,note per batch.\n"
	"Exit 75 when a transfer failed in a way a later run may cure; the\n"
	"batch stays pending with the error in 'claim-upload log'.\n"
	"\n  --endpoint NAME   the endpoint (needed when there are several)\n"
	"  --pending         send every 837P batch waiting to be sent\n"
	"  --resend          send batches that were sent before, again\n"
	"  --tsv             print TSV instead of CSV\n"
};
