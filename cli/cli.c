#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

#ifndef CK_VERSION
#define CK_VERSION "0.0.0"
#endif

struct ck_cli ck_cli;
static const struct ck_cli_verb *const *all_verbs;

void
ck_cli_warn(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", ck_cli.prog);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

int
ck_cli_fail(const struct ck_err *err)
{
	ck_cli_warn("%s", err->msg);
	return err->code ? err->code : CK_FAIL;
}

static void
print_usage(FILE *fp, const struct ck_cli_verb *v)
{
	fprintf(fp, "usage: %s [--db PATH] %s%s%s\n", ck_cli.prog, v->name,
	    v->args[0] ? " " : "", v->args);
}

int
ck_cli_usage(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", ck_cli.prog);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	if (ck_cli.verb)
		print_usage(stderr, ck_cli.verb);
	return CK_USAGE;
}

int
ck_cli_getopt(int argc, char **argv, const char *shortopts,
    const struct option *longopts)
{
	int c;

	opterr = 0;
	c = getopt_long(argc, argv, shortopts, longopts, NULL);
	if (c == 'h') {
		print_usage(stdout, ck_cli.verb);
		fputs(ck_cli.verb->help, stdout);
		return -2;
	}
	if (c == '?' || c == ':') {
		if (optopt && optopt < 256)
			ck_cli_usage("%s: -%c", c == ':' ? "missing argument "
			    "to option" : "unknown option", optopt);
		else
			ck_cli_usage("%s '%s'", c == ':' ? "missing argument "
			    "to" : "unknown option", argv[optind - 1]);
		return -3;
	}
	return c;
}

/* Batch files and the inbox are named from the database's folder, and
 * are read later from elsewhere (cron, another shell): make it absolute. */
static int
absolute(char *path, size_t size)
{
	char cwd[4096], rel[4096];

	if (path[0] == '/')
		return 0;
	if (getcwd(cwd, sizeof(cwd)) == NULL)
		return -1;
	snprintf(rel, sizeof(rel), "%s", path);
	return snprintf(path, size, "%s/%s", cwd, rel) < (int)size ? 0 : -1;
}

int
ck_cli_store(struct ck_store **st, int flags)
{
	struct ck_err err = {0};
	char path[4096];

	if (ck_store_default_path(ck_cli.db, path, sizeof(path)) < 0 ||
	    absolute(path, sizeof(path)) < 0) {
		ck_cli_warn("no database: give --db PATH or set CLAIMKIT_DB");
		return CK_USAGE;
	}
	if (ck_store_open(st, path, ck_cli.prog, flags, &err) != 0)
		return ck_cli_fail(&err);
	return 0;
}

int
ck_cli_print_row(void *arg, int n, const char *const *names,
    const char *const *vals)
{
	return ck_write_row(arg, vals ? vals : names, (size_t)n) ? CK_FAIL : 0;
}

int
ck_cli_table(int argc, char **argv, ck_cli_walk walk)
{
	static const struct option opts[] = {
		{"tsv", no_argument, NULL, 't'},
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	struct ck_writer w = {stdout, 0};
	struct ck_err err = {0};
	struct ck_store *st;
	int c, rc;

	while ((c = ck_cli_getopt(argc, argv, "+h", opts)) != -1) {
		if (c < 0)
			return CK_CLI_OPTEXIT(c);
		w.tsv = 1;
	}
	if (optind < argc)
		return ck_cli_usage("unexpected argument '%s'", argv[optind]);
	if ((rc = ck_cli_store(&st, CK_OPEN_EXISTING)) != 0)
		return rc;
	if ((rc = walk(st, ck_cli_print_row, &w, &err)) && !ferror(stdout))
		ck_cli_fail(&err);
	ck_store_close(st);
	return rc;
}

static void
main_help(FILE *fp)
{
	fprintf(fp, "usage: %s [--db PATH] VERB [OPTIONS] [ARGS]\n"
	    "       %s --version\n\nVerbs:\n", ck_cli.prog, ck_cli.prog);
	for (const struct ck_cli_verb *const *v = all_verbs; *v; v++)
		fprintf(fp, "  %-10s %s\n", (*v)->name, (*v)->summary);
	fprintf(fp, "\nThe database is --db PATH, else $CLAIMKIT_DB, else "
	    "$XDG_DATA_HOME/claimkit/claimkit.db,\nelse "
	    "~/.local/share/claimkit/claimkit.db.\nRun '%s VERB --help' for "
	    "a verb's options; see %s(1).\n", ck_cli.prog, ck_cli.prog);
}

/* Output is data: a failed write is an error at exit, but a reader that
 * closed the pipe (EPIPE) just ends output quietly. */
static int
finish_output(int rc)
{
	if (fflush(stdout) == 0 && !ferror(stdout))
		return rc;
	if (errno == EPIPE)
		return rc;
	ck_cli_warn("cannot write output: %s", strerror(errno));
	return rc ? rc : CK_FAIL;
}

static int
global_options(int argc, char **argv, int *i)
{
	for (*i = 1; *i < argc && argv[*i][0] == '-'; (*i)++) {
		const char *a = argv[*i];
		if (strcmp(a, "--db") == 0 && *i + 1 == argc) {
			ck_cli_warn("missing argument to '--db'");
			return -3;
		} else if (strcmp(a, "--db") == 0)
			ck_cli.db = argv[++*i];
		else if (strncmp(a, "--db=", 5) == 0)
			ck_cli.db = a + 5;
		else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			main_help(stdout);
			return -2;
		} else if (strcmp(a, "--version") == 0) {
			printf("%s (claimkit) %s\n", ck_cli.prog, CK_VERSION);
			return -2;
		} else if (ck_cli.default_verb) {
			return 0;       /* the default verb's own option */
		} else {
			ck_cli_warn("unknown option '%s'", a);
			main_help(stderr);
			return -3;
		}
	}
	return 0;
}

int
ck_cli_main(const char *prog, const struct ck_cli_verb *const *verbs,
    int argc, char **argv)
{
	int i, rc;

	ck_cli.prog = prog;
	all_verbs = verbs;
	umask(077);                     /* PHI: every file we make is 0600 */
	signal(SIGPIPE, SIG_IGN);       /* EPIPE is handled at exit */
	/* CSV for a program that is not a spreadsheet: no formula guard */
	ck_csv_set_raw(getenv("CLAIMKIT_CSV_RAW") &&
	    strcmp(getenv("CLAIMKIT_CSV_RAW"), "") != 0 &&
	    strcmp(getenv("CLAIMKIT_CSV_RAW"), "0") != 0);
	if ((rc = global_options(argc, argv, &i)) != 0)
		return finish_output(CK_CLI_OPTEXIT(rc));
	if (i == argc && !ck_cli.default_verb) {
		ck_cli_warn("expected a verb");
		main_help(stderr);
		return CK_USAGE;
	}
	for (const struct ck_cli_verb *const *v = verbs; *v; v++) {
		int dflt = (i == argc || argv[i][0] == '-') && ck_cli.default_verb &&
		    strcmp((*v)->name, ck_cli.default_verb) == 0;
		if (!dflt && (i == argc || strcmp((*v)->name, argv[i]) != 0))
			continue;
		if (dflt) {
			/* run it as if its name had been given */
			argv[i - 1] = (char *)(*v)->name;
			i--;
		}
		ck_cli.verb = *v;
		optind = 0;             /* glibc: restart getopt */
		rc = (*v)->fn(argc - i, argv + i);
		return finish_output(rc);
	}
	ck_cli_warn("unknown verb '%s'", argv[i]);
	main_help(stderr);
	return CK_USAGE;
}
