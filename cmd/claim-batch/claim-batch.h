/* The verbs of claim-batch, one file each: cmd_VERB and its entry. */
#ifndef CLAIM_BATCH_H
#define CLAIM_BATCH_H

#include "cli.h"

extern const struct ck_cli_verb ck_verb_import, ck_verb_list, ck_verb_audit,
    ck_verb_scrub, ck_verb_run, ck_verb_pending, ck_verb_batches,
    ck_verb_show, ck_verb_printed, ck_verb_void, ck_verb_ref, ck_verb_rule,
    ck_verb_config, ck_verb_schedule, ck_verb_due;

#endif
