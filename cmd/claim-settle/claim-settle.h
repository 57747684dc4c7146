/* The verbs of claim-settle, one file each. */
#ifndef CLAIM_SETTLE_H
#define CLAIM_SETTLE_H

#include "cli.h"

extern const struct ck_cli_verb ck_verb_settle, ck_verb_undo, ck_verb_runs,
    ck_verb_config;

#endif
