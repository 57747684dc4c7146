/* The verbs of claim-batch, one file each: cmd_VERB and its entry. */
#ifndef CLAIM_BATCH_H
#define CLAIM_BATCH_H

#include "claimkit/filter.h"
#include "cli.h"

extern const struct ck_cli_verb ck_verb_import, ck_verb_list, ck_verb_audit,
    ck_verb_scrub, ck_verb_run, ck_verb_pending, ck_verb_batches,
    ck_verb_show, ck_verb_printed, ck_verb_void, ck_verb_ref, ck_verb_rule,
    ck_verb_config, ck_verb_schedule, ck_verb_due, ck_verb_fees,
    ck_verb_invoice, ck_verb_automation, ck_verb_history;

/*
 * The options of 'claim-batch run', parsed apart from running, so that
 * 'schedule' checks a run's arguments with the parser that will read
 * them.  The caller ck_filter_free()s o->f whatever the outcome;
 * o->endpoint points into argv.
 */
struct run_opts {
	int tsv, upload;
	const char *endpoint;
	struct ck_filter f;
};

/* Parses run's argv (argv[0] is not read) into o, reporting a usage
 * error.  Returns 0, CK_USAGE, or ck_cli_getopt's -2 or -3. */
int run_options(int argc, char **argv, struct run_opts *o);

#endif
