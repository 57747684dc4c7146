/* The verbs of img-batch, one file each. */
#ifndef IMG_BATCH_H
#define IMG_BATCH_H

#include <stdint.h>

#include "cli.h"

extern const struct ck_cli_verb ck_verb_practice, ck_verb_facility,
    ck_verb_plan, ck_verb_create, ck_verb_add, ck_verb_link, ck_verb_sets,
    ck_verb_list, ck_verb_show, ck_verb_close, ck_verb_verify,
    ck_verb_audit, ck_verb_ingest, ck_verb_export;

struct ck_img_new;
/* Parses create's and ingest's options into b and *tsv; returns 0, -1
 * after --help, or CK_USAGE. */
int img_new_options(int argc, char **argv, struct ck_img_new *b, int *tsv);

/* A positive id from s, or 0 (reported as a usage error of what). */
int64_t img_id(const char *s, const char *what);

/* The start of a verb taking no option but --help and nargs arguments,
 * a batch first: opens the store (flags as ck_cli_store's).  Returns 0,
 * -1 after --help, or the exit status. */
int img_batch_verb(int argc, char **argv, int nargs, const char *expected,
    int flags, struct ck_store **st, int64_t *batch);

/* A verb printing one table of fn: [--tsv], then a batch (required
 * when need_batch, else optional, 0 for all); extra is an option flag
 * (--unlinked) handed to fn when not NULL. */
typedef int (*img_walk)(struct ck_store *st, int64_t batch, int flag,
    ck_row_cb cb, void *arg, struct ck_err *err);
int img_table(int argc, char **argv, img_walk fn, int need_batch,
    const char *flag);

#endif
