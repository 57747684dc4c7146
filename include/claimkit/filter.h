/*
 * filter.h - the shared claim filters every program that selects claims
 * takes (--payer, --provider, --office, --from, --to, --before,
 * --status, --filing, --rank, --claim, --stdin).  The store turns a
 * filter into SQL with bound parameters.
 *
 * Ownership: the caller owns the struct (zero it to start) and frees
 * what ck_filter_set() copied with ck_filter_free().
 */
#ifndef CLAIMKIT_FILTER_H
#define CLAIMKIT_FILTER_H

#include <getopt.h>

#include "claimkit/err.h"

struct ck_strlist {
	char **v;
	int n;
};

struct ck_filter {
	struct ck_strlist payer, provider, office, status, claim, batch;
	char from[11], to[11], before[11];
	int rank;               /* 1, 2, 3 or 0 for any */
	char filing[12];        /* "electronic", "paper" or "" */
	int use_selection;      /* ids come from ck_store_select_ids() */
};

/* getopt_long entries for the filters; their values are >= CK_FILTER_OPT
 * so a program's own options can live beside them. */
#define CK_FILTER_OPT 1000
#define CK_FILTER_LONGOPTS \
	{"payer", required_argument, NULL, CK_FILTER_OPT + 0}, \
	{"provider", required_argument, NULL, CK_FILTER_OPT + 1}, \
	{"office", required_argument, NULL, CK_FILTER_OPT + 2}, \
	{"from", required_argument, NULL, CK_FILTER_OPT + 3}, \
	{"to", required_argument, NULL, CK_FILTER_OPT + 4}, \
	{"before", required_argument, NULL, CK_FILTER_OPT + 5}, \
	{"status", required_argument, NULL, CK_FILTER_OPT + 6}, \
	{"filing", required_argument, NULL, CK_FILTER_OPT + 7}, \
	{"rank", required_argument, NULL, CK_FILTER_OPT + 8}, \
	{"claim", required_argument, NULL, CK_FILTER_OPT + 9}, \
	{"batch", required_argument, NULL, CK_FILTER_OPT + 10}

/* The synopsis of those options, for usage lines. */
#define CK_FILTER_SYNOPSIS "[--payer ID] [--provider NPI] [--office CODE] " \
	"[--from DATE] [--to DATE] [--before DATE] [--status STATUS] " \
	"[--filing electronic|paper] [--rank 1|2|3] [--claim ID] [--batch ID]"

/* The billing statuses a claim moves through (replaced: a version kept
 * as history), and "open" (any but settled and replaced) for filters. */
extern const char *const ck_statuses[];

/*
 * Applies option opt (a value from CK_FILTER_LONGOPTS) with argument
 * val.  Repeating --payer, --provider, --office, --status or --claim
 * widens that filter (any of them); different filters all apply.
 * Returns 0 or CK_USAGE with a message.
 */
int ck_filter_set(struct ck_filter *f, int opt, const char *val,
    struct ck_err *err);

void ck_filter_free(struct ck_filter *f);

#endif
