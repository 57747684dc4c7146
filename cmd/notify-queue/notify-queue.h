/* The verbs of notify-queue, one file each. */
#ifndef NOTIFY_QUEUE_H
#define NOTIFY_QUEUE_H

#include <stdint.h>

#include "cli.h"

extern const struct ck_cli_verb nq_verb_profile, nq_verb_level,
    nq_verb_load, nq_verb_send, nq_verb_run, nq_verb_list, nq_verb_history,
    nq_verb_errors, nq_verb_retry, nq_verb_cancel, nq_verb_now,
    nq_verb_optout, nq_verb_config, nq_verb_schedule, nq_verb_due;

/* A notification id as written on the command line; -1 when it is not. */
int64_t nq_id_arg(const char *s);

/* Opens the database (which must exist) and prints what walk walks. */
int nq_table(int tsv, ck_cli_walk walk);

/* send's work and report, shared with now: returns the exit code. */
struct ck_notify_send;
int nq_send_report(struct ck_store *st, const struct ck_notify_send *o);

#endif
