/* Internal to the library: the SQL of img-batch (lib/store_img.c),
 * called by lib/img.c.  Strings are used only during the call. */
#ifndef CLAIMKIT_STORE_IMG_H
#define CLAIMKIT_STORE_IMG_H

#include <stdint.h>

#include "claimkit/img.h"

/* what: "practice" or "facility" */
int ck_sti_ref_add(struct ck_store *st, const char *what, const char *code,
    const char *name, struct ck_err *err);
/* The id of practice or facility code (NULL: the only practice), or
 * CK_DATA saying why none. */
int ck_sti_ref_id(struct ck_store *st, const char *what, const char *code,
    int64_t *id, struct ck_err *err);
int ck_sti_plan_add(struct ck_store *st, const char *payer, const char *plan,
    struct ck_err *err);
int ck_sti_payer_known(struct ck_store *st, const char *payer, int *found,
    struct ck_err *err);
/* *ok when payer has plan; else owner gets a payer that has it, or "". */
int ck_sti_plan_of(struct ck_store *st, const char *payer, const char *plan,
    int *ok, char *owner, size_t size, struct ck_err *err);
int ck_sti_batch_insert(struct ck_store *st, const struct ck_img_new *b,
    int64_t practice, int64_t facility, int64_t *id, struct ck_err *err);
/* The batch's type and status ("" when there is no such batch). */
int ck_sti_batch(struct ck_store *st, int64_t id, char *type, char *status,
    struct ck_err *err);
int ck_sti_set_insert(struct ck_store *st, int64_t batch, int64_t *set,
    struct ck_err *err);
/* The set's batch (0 when there is no such set). */
int ck_sti_set_batch(struct ck_store *st, int64_t set, int64_t *batch,
    struct ck_err *err);
int ck_sti_image_insert(struct ck_store *st, int64_t set, const char *sha,
    const struct ck_img_info *info, const char *name, const char *source,
    struct ck_err *err);
/* Whether an image came from source with content sha. */
int ck_sti_source_known(struct ck_store *st, const char *source,
    const char *sha, int *found, struct ck_err *err);
/* Whether claim exists, and its line when line > 0. */
int ck_sti_claim(struct ck_store *st, const char *claim, long line,
    int *claim_found, int *line_found, struct ck_err *err);
/* Set's link as the audit writes it ("claim ID line N", "payment T"),
 * or "" when it has none. */
int ck_sti_link_text(struct ck_store *st, int64_t set, char *buf,
    size_t size, struct ck_err *err);
int ck_sti_link(struct ck_store *st, int64_t set, const char *claim,
    long line, const char *payment, struct ck_err *err);
int ck_sti_close(struct ck_store *st, int64_t batch, struct ck_err *err);

/* The hot folder's last look at path: size and mtime ("" when unseen). */
int ck_sti_seen(struct ck_store *st, const char *path, int64_t *size,
    char *mtime, size_t msize, struct ck_err *err);
int ck_sti_seen_put(struct ck_store *st, const char *path, int64_t size,
    const char *mtime, struct ck_err *err);
int ck_sti_seen_forget(struct ck_store *st, const char *path,
    struct ck_err *err);

/* Walkers behind img.h's. */
int ck_sti_list(struct ck_store *st, int64_t batch, ck_row_cb cb, void *arg,
    struct ck_err *err);
int ck_sti_fields(struct ck_store *st, int64_t batch, ck_row_cb cb,
    void *arg, struct ck_err *err);
int ck_sti_images(struct ck_store *st, int64_t batch, ck_row_cb cb,
    void *arg, struct ck_err *err);
int ck_sti_sets(struct ck_store *st, int64_t batch, int unlinked,
    ck_row_cb cb, void *arg, struct ck_err *err);
int ck_sti_for_payment(struct ck_store *st, const char *trace, ck_row_cb cb,
    void *arg, struct ck_err *err);
int ck_sti_ref_walk(struct ck_store *st, const char *what, ck_row_cb cb,
    void *arg, struct ck_err *err);

#endif
