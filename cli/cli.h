/*
 * cli.h - what every claimkit program shares on its side of the line:
 * global options, verb dispatch, help, error reporting, output.  The
 * library does the work; this prints.
 */
#ifndef CLAIMKIT_CLI_H
#define CLAIMKIT_CLI_H

#include <getopt.h>

#include "claimkit/csv.h"
#include "claimkit/err.h"
#include "claimkit/store.h"

struct ck_cli_verb {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *args;      /* the synopsis after the verb */
	const char *summary;   /* one line for the program's --help */
	const char *help;      /* the verb's --help text after its usage */
};

/* The running program: set by ck_cli_main before a verb runs. */
struct ck_cli {
	const char *prog;
	const char *db;                  /* --db, or NULL */
	const struct ck_cli_verb *verb;
	const char *default_verb;
};
extern struct ck_cli ck_cli;

/* Parses global options, runs the verb, checks stdout; returns the exit
 * status.  When ck_cli.default_verb is set, a command line with no verb
 * (nothing, or an option that is not a global one, first) runs it. */
int ck_cli_main(const char *prog, const struct ck_cli_verb *const *verbs,
    int argc, char **argv);

/* "prog: message" on stderr. */
void ck_cli_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Reports err and returns its code. */
int ck_cli_fail(const struct ck_err *err);
/* Reports a usage error for the current verb and returns CK_USAGE. */
int ck_cli_usage(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * getopt_long over a verb's argv; handles --help (prints the verb's help,
 * returns -2) and unknown options (reports, returns -3).  Otherwise as
 * getopt_long.  Every verb's longopts include {"help", 0, NULL, 'h'}.
 */
int ck_cli_getopt(int argc, char **argv, const char *shortopts,
    const struct option *longopts);

/* Opens the store named by --db / CLAIMKIT_DB / the default, reporting
 * failure and the store's warning; flags as ck_store_open's: 0 only for
 * the verbs that set a database up (import, config KEY VALUE, endpoint
 * add), CK_OPEN_READONLY for those that only read, CK_OPEN_EXISTING for
 * the rest.  When stderr is a terminal, the store's long work draws its
 * progress there (progress.h).  Returns 0 or the exit code. */
int ck_cli_store(struct ck_store **st, int flags);

/* A ck_row_cb that writes rows to stdout as CSV (or TSV); arg is a
 * struct ck_writer. */
int ck_cli_print_row(void *arg, int n, const char *const *names,
    const char *const *vals);

/* The walkers of the store that print one table. */
typedef int (*ck_cli_walk)(struct ck_store *st, ck_row_cb cb, void *arg,
    struct ck_err *err);

/* A whole verb that prints one table: takes [--tsv] and no argument,
 * opens the database (which must exist) and prints what walk walks. */
int ck_cli_table(int argc, char **argv, ck_cli_walk walk);

/* The same for a walker of one thing the one argument names (what, for
 * the usage error: "claim id"). */
typedef int (*ck_cli_walk1)(struct ck_store *st, const char *key,
    ck_row_cb cb, void *arg, struct ck_err *err);
int ck_cli_table_of(int argc, char **argv, const char *what,
    ck_cli_walk1 walk);

/* Maps a verb's return to the status after -2/-3 from ck_cli_getopt. */
#define CK_CLI_OPTEXIT(c) ((c) == -2 ? CK_OK : CK_USAGE)

/* For a crontab line: this program's and the database's absolute paths
 * (cron runs jobs with a bare environment and its own working folder).
 * Reports what failed; returns 0, CK_USAGE or CK_FAIL. */
int ck_cli_cron_paths(char *exe, size_t exesize, char *db, size_t dbsize);

#endif
