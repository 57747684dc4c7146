/* The verbs of claim-batch, one file each: cmd_VERB and its entry. */
#ifndef CLAIM_BATCH_H
#define CLAIM_BATCH_H

#include "cli.h"

extern const struct ck_cli_verb ck_verb_import, ck_verb_list, ck_verb_audit,
    ck_verb_schedule, ck_verb_due;

#endif
