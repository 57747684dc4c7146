#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "claimkit/progress.h"
#include "cli.h"

#ifndef CK_VERSION
#define CK_VERSION "0.0.0"
#endif

struct ck_cli ck_cli;
static const struct ck_cli_verb *const *all_verbs;

/*
 * The progress counter: one line on a terminal's stderr, redrawn in
 * place at most ten times a second, blanked before any message and when
 * the work ends.  Spaces, not escape sequences, so any terminal works.
 */
static int drawn_len;
static struct timespec drawn_at;

static void
clear_progress(void)
{
	if (drawn_len > 0)
		fprintf(stderr, "\r%*s\r", drawn_len, "");
	drawn_len = 0;
}

static void
draw_progress(void *arg, const char *what, long done, long total)
{
	struct timespec now;
	int n;

	(void)arg;
	if (what == NULL) {
		clear_progress();
		return;
	}
	clock_gettime(CLOCK_MONOTONIC, &now);
	if (drawn_len > 0 && (now.tv_sec - drawn_at.tv_sec) * 1000 +
	    (now.tv_nsec - drawn_at.tv_nsec) / 1000000 < 100)
		return;
	if (total > 0)
		n = fprintf(stderr, "\r%s: %s: %ld of %ld (%ld%%)", ck_cli.prog,
		    what, done, total, done * 100 / total);
	else
		n = fprintf(stderr, "\r%s: %s: %ld", ck_cli.prog, what, done);
	if (n < 1)
		return;
	if (n - 1 < drawn_len)          /* blank the rest of a longer line */
		fprintf(stderr, "%*s", drawn_len - (n - 1), "");
	fflush(stderr);
	drawn_len = n - 1 > drawn_len ? n - 1 : drawn_len;
	drawn_at = now;
}

static void vwarn(const char *, va_list) __attribute__((format(printf, 1, 0)));

static void
vwarn(const char *fmt, va_list ap)
{
	clear_progress();
	fprintf(stderr, "%s: ", ck_cli.prog);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void
ck_cli_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarn(fmt, ap);
	va_end(ap);
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

	va_start(ap, fmt);
	vwarn(fmt, ap);
	va_end(ap);
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
	static const struct ck_progress progress = {draw_progress, NULL};
	struct ck_err err = {0};
	char path[4096];

	if (ck_store_default_path(ck_cli.db, path, sizeof(path)) < 0 ||
	    absolute(path, sizeof(path)) < 0) {
		ck_cli_warn("no database: give --db PATH or set CLAIMKIT_DB");
		return CK_USAGE;
	}
	if (ck_store_open(st, path, ck_cli.prog, flags, &err) != 0)
		return ck_cli_fail(&err);
	if (ck_store_warning(*st))
		ck_cli_warn("warning: %s", ck_store_warning(*st));
	if (isatty(STDERR_FILENO))
		ck_store_set_progress(*st, &progress);
	return 0;
}

int
ck_cli_print_row(void *arg, int n, const char *const *names,
    const char *const *vals)
{
	return ck_write_row(arg, vals ? vals : names, (size_t)n) ? CK_FAIL : 0;
}

/* ck_cli_table and ck_cli_table_of: walk, or walk1 over the one
 * argument what names. */
static int
table(int argc, char **argv, ck_cli_walk walk, ck_cli_walk1 walk1,
    const char *what)
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
	if (walk1 && argc - optind != 1)
		return ck_cli_usage("expected one %s", what);
	if (!walk1 && optind < argc)
		return ck_cli_usage("unexpected argument '%s'", argv[optind]);
	if ((rc = ck_cli_store(&st, CK_OPEN_READONLY)) != 0)
		return rc;
	rc = walk1 ? walk1(st, argv[optind], ck_cli_print_row, &w, &err) :
	    walk(st, ck_cli_print_row, &w, &err);
	if (rc && !ferror(stdout))
		ck_cli_fail(&err);
	ck_store_close(st);
	return rc;
}

int
ck_cli_table(int argc, char **argv, ck_cli_walk walk)
{
	return table(argc, argv, walk, NULL, NULL);
}

int
ck_cli_table_of(int argc, char **argv, const char *what, ck_cli_walk1 walk)
{
	return table(argc, argv, NULL, walk, what);
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

/*
 * stdout goes through out_write, which keeps why a write failed: output
 * is checked once at exit, and by then errno has long been reused.
 */
static int out_errno;

static ssize_t
out_write(void *cookie, const char *buf, size_t n)
{
	size_t done = 0;
	ssize_t w;

	(void)cookie;
	while (done < n) {
		if ((w = write(STDOUT_FILENO, buf + done, n - done)) > 0)
			done += (size_t)w;
		else if (w < 0 && errno == EINTR)
			continue;
		else {
			out_errno = w < 0 ? errno : EIO;
			return 0;       /* fopencookie: 0 is an error */
		}
	}
	return (ssize_t)n;
}

static void
setup_output(void)
{
	static const cookie_io_functions_t io = {.write = out_write};
	FILE *fp = fopencookie(NULL, "w", io);

	if (fp == NULL)
		return;         /* plain stdout: only the errno is lost */
	setvbuf(fp, NULL, isatty(STDOUT_FILENO) ? _IOLBF : _IOFBF, BUFSIZ);
	stdout = fp;
}

/*
 * Output is data: a failed write is an error at exit.  A reader that
 * closed the pipe (`claim-batch list | head`) wanted no more: say
 * nothing and end as a program killed by SIGPIPE does (status 141 in
 * the shell), so `set -o pipefail` sees what it sees of other tools.
 * SIGPIPE is ignored until here so that work in progress (a run, a
 * send) is finished and recorded, not cut off mid-way.
 */
static int
finish_output(int rc)
{
	int e;

	clear_progress();
	if (fflush(stdout) == 0 && !ferror(stdout))
		return rc;
	e = out_errno ? out_errno : errno;
	if (e == EPIPE) {
		sigset_t set;
		sigemptyset(&set);
		sigaddset(&set, SIGPIPE);
		sigprocmask(SIG_UNBLOCK, &set, NULL);
		signal(SIGPIPE, SIG_DFL);
		raise(SIGPIPE);
		return 128 + SIGPIPE;   /* the shell's status for it */
	}
	ck_cli_warn("cannot write output: %s", strerror(e));
	return rc ? rc : CK_FAIL;
}

/* What a usage error shows: the shape of a command line, not every verb. */
static void
short_usage(void)
{
	fprintf(stderr, "usage: %s [--db PATH] VERB [OPTIONS] [ARGS]\n"
	    "Run '%s --help' for the verbs.\n", ck_cli.prog, ck_cli.prog);
}

/* Edit distance, a swap of two neighbours counting one (as in "lsit"). */
static size_t
distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), d[24][24];

	if (la >= 24 || lb >= 24)
		return (size_t)-1;
	for (size_t i = 0; i <= la; i++)
		for (size_t j = 0; j <= lb; j++) {
			size_t v = i + j;
			if (i && j) {
				v = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
				v = d[i - 1][j] + 1 < v ? d[i - 1][j] + 1 : v;
				v = d[i][j - 1] + 1 < v ? d[i][j - 1] + 1 : v;
				if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
				    a[i - 2] == b[j - 1] && d[i - 2][j - 2] + 1 < v)
					v = d[i - 2][j - 2] + 1;
			}
			d[i][j] = v;
		}
	return d[la][lb];
}

/* How far a verb is from what was typed: a beginning of it (or the
 * typed word beginning with it) is as near as a typo. */
static size_t
nearness(const char *typed, const char *verb)
{
	size_t lt = strlen(typed), lv = strlen(verb);

	if (lt >= 2 && (strncmp(typed, verb, lt) == 0 ||
	    (lv >= 3 && strncmp(typed, verb, lv) == 0)))
		return 1;
	return distance(typed, verb);
}

/* git's answer to a mistyped verb: the nearest ones, when near enough. */
static void
unknown_verb(const char *typed)
{
	size_t best = 3, n = 0;

	for (const struct ck_cli_verb *const *v = all_verbs; *v; v++)
		if (nearness(typed, (*v)->name) < best)
			best = nearness(typed, (*v)->name);
	if (best > strlen(typed) / 2 + 1)
		best = 3;               /* "x" is near everything: no guess */
	fprintf(stderr, "%s: '%s' is not a %s verb", ck_cli.prog, typed,
	    ck_cli.prog);
	for (const struct ck_cli_verb *const *v = all_verbs; *v; v++)
		if (best < 3 && nearness(typed, (*v)->name) == best)
			fprintf(stderr, "%s'%s'", n++ ? " or " :
			    "; did you mean ", (*v)->name);
	fputs(n ? "?\n" : "\n", stderr);
	short_usage();
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
			short_usage();
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
	setup_output();
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
	unknown_verb(argv[i]);
	return CK_USAGE;
}

/*
 * cron runs jobs with a bare environment and its own working folder, so
 * the line names this program and the database by absolute path.
 */
int
ck_cli_cron_paths(char *exe, size_t exesize, char *db, size_t dbsize)
{
	char rel[4096], cwd[4096];
	ssize_t n;

	n = readlink("/proc/self/exe", exe, exesize);
	if (n < 0 || (size_t)n >= exesize) {
		ck_cli_warn("cannot find this program's path in "
		    "/proc/self/exe");
		return CK_FAIL;
	}
	exe[n] = '\0';
	if (ck_store_default_path(ck_cli.db, rel, sizeof(rel)) < 0) {
		ck_cli_warn("no database: give --db PATH or set CLAIMKIT_DB");
		return CK_USAGE;
	}
	if (rel[0] == '/')
		return snprintf(db, dbsize, "%s", rel) < (int)dbsize ? 0 :
		    CK_FAIL;
	if (getcwd(cwd, sizeof(cwd)) == NULL) {
		ck_cli_warn("cannot find the current folder");
		return CK_FAIL;
	}
	if (snprintf(db, dbsize, "%s/%s", strcmp(cwd, "/") ? cwd : "", rel) >=
	    (int)dbsize) {
		ck_cli_warn("the database path is too long");
		return CK_FAIL;
	}
	return 0;
}
