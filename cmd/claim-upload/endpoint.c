#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "claimkit/transport.h"
#include "claim-upload.h"

/* Stores what the user named as an absolute path: cron runs elsewhere. */
static int
path_opt(char *dst, size_t size, const char *opt, const char *val)
{
	char *abs = realpath(val, NULL);

	if (abs == NULL)
		return ck_cli_usage("--%s: cannot find '%s'", opt, val);
	snprintf(dst, size, "%s", abs);
	free(abs);
	return 0;
}

static int
add(struct ck_store *st, int argc, char **argv, struct ck_err *err)
{
	static const struct option opts[] = {
		{"remote-in", required_argument, NULL, 'i'},
		{"remote-out", required_argument, NULL, 'o'},
		{"name-pattern", required_argument, NULL, 'p'},
		{"key", required_argument, NULL, 'k'},
		{"known-hosts", required_argument, NULL, 'K'},
		{"netrc", required_argument, NULL, 'n'},
		{"ca", required_argument, NULL, 'c'},
		{"group-read", no_argument, NULL, 'g'},
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	struct ck_endpoint ep;
	int c, rc = 0;

	memset(&ep, 0, sizeof(ep));
	/* options may come after NAME URL: let getopt permute */
	while (rc == 0 && (c = ck_cli_getopt(argc, argv, "h", opts)) != -1) {
		switch (c) {
		case 'i': snprintf(ep.remote_in, sizeof(ep.remote_in), "%s", optarg); break;
		case 'o': snprintf(ep.remote_out, sizeof(ep.remote_out), "%s", optarg); break;
		case 'p': snprintf(ep.pattern, sizeof(ep.pattern), "%s", optarg); break;
		case 'k': rc = path_opt(ep.key, sizeof(ep.key), "key", optarg); break;
		case 'K': rc = path_opt(ep.known_hosts, sizeof(ep.known_hosts), "known-hosts", optarg); break;
		case 'n': rc = path_opt(ep.netrc, sizeof(ep.netrc), "netrc", optarg); break;
		case 'c': rc = path_opt(ep.ca, sizeof(ep.ca), "ca", optarg); break;
		case 'g': ep.mode = 0640; break;
		default: return CK_CLI_OPTEXIT(c);
		}
	}
	if (rc)
		return rc;
	if (argc - optind != 2)
		return ck_cli_usage("endpoint add: expected NAME and URL");
	/* a longer name would be cut here, then found by no other verb */
	if (strlen(argv[optind]) > CK_ENDPOINT_NAME_MAX)
		return ck_cli_usage("endpoint add: NAME '%.20s...' is %zu "
		    "characters: expected at most %d", argv[optind],
		    strlen(argv[optind]), CK_ENDPOINT_NAME_MAX);
	snprintf(ep.name, sizeof(ep.name), "%s", argv[optind]);
	snprintf(ep.url, sizeof(ep.url), "%s", argv[optind + 1]);
	if (strncmp(ep.url, "file://", 7) == 0 && ep.url[7] != '/') {
		char *abs = realpath(ep.url + 7, NULL);
		if (abs == NULL)
			return ck_cli_usage("URL '%s': expected an existing "
			    "folder", ep.url);
		snprintf(ep.url, sizeof(ep.url), "file://%s", abs);
		free(abs);
	}
	if (ep.name[strspn(ep.name, "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_")] || !ep.name[0])
		return ck_cli_usage("endpoint add: NAME takes letters, digits, "
		    "'-' and '_'");
	if (ck_endpoint_check(&ep, err))
		return err->code == CK_USAGE ? ck_cli_usage("%s", err->msg) :
		    err->code;
	return ck_store_endpoint_add(st, &ep, err);
}

static int
print_test(void *arg, const char *folder, const char *result,
    const char *note)
{
	const char *row[] = {folder, result, note};

	return ck_write_row(arg, row, 3) ? CK_FAIL : 0;
}

/* endpoint test NAME: logs in and lists both folders, as a send and a
 * fetch would, and says what is wrong. */
static int
test(struct ck_store *st, const char *name, struct ck_writer *w,
    struct ck_err *err)
{
	static const char *const head[] = {"folder", "result", "note"};
	struct ck_endpoint ep;
	int rc;

	if ((rc = ck_store_endpoint_get(st, name, &ep, err)))
		return rc;
	if (ck_write_row(w, head, 3))
		return CK_FAIL;
	if ((rc = ck_transport_test(&ep, print_test, w)) && !ferror(stdout))
		ck_err_set(err, rc, "endpoint '%s' does not work: see the "
		    "failed folder above", name);
	return rc;
}

static int
cmd_endpoint(int argc, char **argv)
{
	struct ck_writer w = {stdout, 0};
	struct ck_err err = {0};
	struct ck_store *st;
	const char *sub = argc > 1 ? argv[1] : "";
	int rc, list = strcmp(sub, "list") == 0;

	if (strcmp(sub, "--help") == 0 || strcmp(sub, "-h") == 0) {
		printf("usage: %s [--db PATH] endpoint %s\n%s", ck_cli.prog,
		    ck_cli.verb->args, ck_cli.verb->help);
		return 0;
	}
	if (!list && strcmp(sub, "add") && strcmp(sub, "rm") &&
	    strcmp(sub, "test"))
		return ck_cli_usage("expected add, list, rm or test");
	if ((list && argc > 3) || (strcmp(sub, "rm") == 0 && argc != 3))
		return ck_cli_usage(list ? "endpoint list [--tsv]" :
		    "endpoint rm: expected NAME");
	if (strcmp(sub, "test") == 0 && (argc < 3 || argc > 4 || (argc == 4 &&
	    strcmp(argv[2], "--tsv") != 0)))
		return ck_cli_usage("endpoint test [--tsv] NAME");
	if (strcmp(sub, "test") == 0 && argc == 4)
		w.tsv = 1;
	if (list && argc == 3 && strcmp(argv[2], "--tsv") == 0)
		w.tsv = 1;
	else if (list && argc == 3)
		return ck_cli_usage("unexpected argument '%s'", argv[2]);
	if ((rc = ck_cli_store(&st, list ? CK_OPEN_READONLY :
	    strcmp(sub, "add") ? CK_OPEN_EXISTING : 0)) != 0)
		return rc;
	if (list)
		rc = ck_store_endpoints(st, ck_cli_print_row, &w, &err);
	else if (strcmp(sub, "test") == 0)
		rc = test(st, argv[argc - 1], &w, &err);
	else if ((rc = ck_store_begin(st, &err)) == 0) {
		rc = strcmp(sub, "rm") == 0 ? ck_store_endpoint_rm(st, argv[2],
		    &err) : add(st, argc - 1, argv + 1, &err);
		if (rc == 0)
			rc = ck_store_commit(st, &err);
		else
			ck_store_rollback(st);
	}
	if (rc && rc != CK_USAGE && !ferror(stdout))
		ck_cli_fail(&err);
	ck_store_close(st);
	return rc;
}

const struct ck_cli_verb ck_verb_endpoint = {
	"endpoint", cmd_endpoint, "add|list|rm|test [--tsv] [--remote-in DIR] "
	"[--remote-out DIR] [--name-pattern PAT] [--key FILE] "
	"[--known-hosts FILE] [--netrc FILE] [--ca FILE] [--group-read] "
	"[NAME [URL]]",
	"add, list, remove or test clearinghouse endpoints",
	"\n  endpoint add NAME URL [OPTIONS]   add an endpoint\n"
	"  endpoint list [--tsv]             list endpoints\n"
	"  endpoint rm NAME                  remove one\n"
	"  endpoint test [--tsv] NAME        log in and list both folders;\n"
	"                                    prints folder,result,note\n"
	"\nURL is sftp://HOST[:PORT]/, ftps://HOST[:PORT]/ (FTP with explicit\n"
	"TLS), https://HOST[:PORT]/PATH (a multipart POST of each file) or\n"
	"file:///FOLDER (a local drop folder).  Passwords come from ~/.netrc\n"
	"or --netrc FILE (0600), never from the command line.  SSH host keys\n"
	"are checked against --known-hosts (default ~/.ssh/known_hosts) and\n"
	"TLS certificates against the system's CAs or --ca FILE, always.\n"
	"\n  --remote-in DIR        folder batches go to (SFTP: /abs or ~/rel)\n"
	"  --remote-out DIR       folder answers are fetched from (HTTPS: a\n"
	"                         URL listing one file name a line)\n"
	"  --name-pattern PAT     remote name from {submitter} {date} {batch}\n"
	"                         {seq}; default {submitter}-{date}-{batch}.837\n"
	"  --key FILE             SSH private key (public key in FILE.pub)\n"
	"  --known-hosts FILE     SSH known_hosts file\n"
	"  --netrc FILE           netrc file with the login\n"
	"  --ca FILE              CA certificates of a private CA\n"
	"  --group-read           files sent are 0640, not 0600 (SFTP, drop\n"
	"                         folder), for an agent in the same group\n"
};
