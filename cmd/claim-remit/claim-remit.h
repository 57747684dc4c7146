/* The verbs of claim-remit, one file each. */
#ifndef CLAIM_REMIT_H
#define CLAIM_REMIT_H

#include "cli.h"

extern const struct ck_cli_verb ck_verb_post, ck_verb_list, ck_verb_show,
    ck_verb_denials, ck_verb_unmatched, ck_verb_match, ck_verb_undo,
    ck_verb_rule;

/* A number given on the command line (a remittance, a remit claim). */
int ck_remit_arg_id(const char *s, long long *id);

#endif
