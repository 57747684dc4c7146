#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "claimkit/csv.h"
#include "claimkit/upload.h"
#include "claim-upload.h"
#include "prompt.h"

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

/* Drops repeated ids, keeping the first: each batch once per call. */
static void
unique(int64_t *ids, long *n)
{
	long k = 0;

	for (long i = 0; i < *n; i++) {
		long j = 0;
		while (j < k && ids[j] != ids[i])
			j++;
		if (j == k)
			ids[k++] = ids[i];
	}
	*n = k;
}

/* Batches of ids sent before, which --resend would send again: shown
 * on tty (or stderr) with what a duplicate ISA13 does; the count. */
static long
show_resends(struct ck_store *st, const int64_t *ids, long n, FILE *out)
{
	struct ck_send_claim c;
	struct ck_err err = {0};
	long k = 0;

	for (long i = 0; i < n; i++) {
		if (ck_store_send_peek(st, ids[i], &c, &err) ||
		    strcmp(c.status, "sent") || strcmp(c.kind, "837P"))
			continue;
		if (out)
			fprintf(out, "batch %lld was sent %s to %s as '%s', "
			    "interchange control number (ISA13) %09ld\n",
			    (long long)c.id, c.done_at, c.endpoint,
			    c.remote_name, c.isa_control);
		k++;
	}
	if (k && out)
		fprintf(out, "Sending again sends the same file under the same "
		    "name with the same ISA13.\nA clearinghouse that checks "
		    "for duplicates rejects it whole (TA1 note 025, duplicate\n"
		    "interchange control number); one that does not may "
		    "process its claims twice.\n");
	return k;
}

/* --resend of batches sent before: a CONFIRM typed on the terminal,
 * or --yes.  1 to go on. */
static int
confirm_resend(struct ck_store *st, const int64_t *ids, long n, int yes)
{
	const char *why = "";
	long k;
	FILE *tty;
	int ok;

	if (yes) {
		show_resends(st, ids, n, stderr);
		return 1;
	}
	if ((k = show_resends(st, ids, n, NULL)) == 0)
		return 1;
	if ((tty = ck_tty_open()) == NULL) {
		ck_cli_warn("--resend: %ld batch%s sent before, and no terminal "
		    "to confirm on: give --yes to send again; nothing sent", k,
		    k == 1 ? "" : "es");
		return 0;
	}
	show_resends(st, ids, n, tty);
	ok = ck_tty_confirm(tty, "CONFIRM", &why, "Type CONFIRM to send %ld "
	    "batch%s again: ", k, k == 1 ? "" : "es");
	if (!ok)
		fprintf(tty, "not confirmed (%s): nothing sent\n", why);
	ck_tty_close(tty);
	return ok;
}

static int
cmd_send(int argc, char **argv)
{
	static const struct option opts[] = {
		{"endpoint", required_argument, NULL, 'e'},
		{"pending", no_argument, NULL, 'p'},
		{"resend", no_argument, NULL, 'r'},
		{"yes", no_argument, NULL, 'y'},
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
	int c, rc = 0, pending = 0, resend = 0, yes = 0;

	while ((c = ck_cli_getopt(argc, argv, "+h", opts)) != -1) {
		if (c < 0)
			return CK_CLI_OPTEXIT(c);
		if (c == 'e')
			name = optarg;
		else if (c == 'p')
			pending = 1;
		else if (c == 'r')
			resend = 1;
		else if (c == 'y')
			yes = 1;
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
		unique(ids, &n);
		if (resend && !confirm_resend(st, ids, n, yes))
			rc = CK_FAIL;
		else if ((rc = ck_write_row(&w, head, 7) ? CK_FAIL : 0) == 0)
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
	"send", cmd_send, "[--tsv] [--endpoint NAME] [--pending] [--resend "
	"[--yes]] [BATCH...]", "send 837P batches to the clearinghouse",
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
	"  --resend          send batches that were sent before, again,\n"
	"                    once CONFIRM is typed on the terminal: the\n"
	"                    same file, name and ISA13 (a clearinghouse may\n"
	"                    reject a duplicate ISA13, or pay claims twice)\n"
	"  --yes             with --resend: no question (for scripts)\n"
	"  --tsv             print TSV instead of CSV\n"
};
