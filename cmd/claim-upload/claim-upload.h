/* The verbs of claim-upload, one file each. */
#ifndef CLAIM_UPLOAD_H
#define CLAIM_UPLOAD_H

#include "cli.h"

extern const struct ck_cli_verb ck_verb_endpoint, ck_verb_send,
    ck_verb_fetch, ck_verb_acks, ck_verb_log;

#endif
