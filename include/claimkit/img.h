/*
 * img.h - scan batches (img-batch): batches of type charge or payment,
 * image sets each tied to one charge (claim, line) or one payment
 * (trace number or deposit id), and their images, kept in a
 * content-addressed store beside the database (DB.d/images/AB/SHA256).
 *
 * Ownership: every string passed in is used only during the call;
 * strings handed to callbacks are valid only during the callback.
 * Errors: CK_DATA for bad input (a file that is not a PDF, TIFF, JPEG
 * or PNG, a field of the other batch type, an unknown id), CK_FAIL for
 * the rest (the store, the file system).
 */
#ifndef CLAIMKIT_IMG_H
#define CLAIMKIT_IMG_H

#include <stdint.h>

#include "claimkit/err.h"
#include "claimkit/store.h"

/* What a file's content says it is (lib/img_kind.c). */
struct ck_img_info {
	char kind[8];           /* "pdf", "tiff", "jpeg", "png" */
	long pages;
	int64_t bytes;
};

/* Reads path's content (never its name) into info: CK_DATA, naming the
 * file, for an empty, truncated, corrupt or unknown file. */
int ck_img_kind(const char *path, struct ck_img_info *info,
    struct ck_err *err);

/* Reference data: a practice or facility (what) by code and name; a
 * payer's plan. */
int ck_img_ref_add(struct ck_store *st, const char *what, const char *code,
    const char *name, struct ck_err *err);
int ck_img_plan_add(struct ck_store *st, const char *payer,
    const char *plan, struct ck_err *err);
/* Adds the plans of a CSV with columns payer_id and plan, all or
 * nothing. */
struct ck_reader;
int ck_img_plans_load(struct ck_store *st, struct ck_reader *r,
    struct ck_err *err);
/* Walks practices, facilities or plans ("practice", "facility",
 * "plan"). */
int ck_img_ref_walk(struct ck_store *st, const char *what, ck_row_cb cb,
    void *arg, struct ck_err *err);

/* A new batch: NULL for a field not given. */
struct ck_img_new {
	const char *type;       /* "charge" or "payment" */
	const char *practice;   /* code; NULL: the only one */
	const char *description;
	const char *facility, *dos, *received;  /* charge batches only */
	const char *payer, *plan;               /* payment batches only */
};

/* Checks b against the rules (without writing). */
int ck_img_check_new(struct ck_store *st, const struct ck_img_new *b,
    struct ck_err *err);
/* Creates batch b; *id gets its id. */
int ck_img_create(struct ck_store *st, const struct ck_img_new *b,
    int64_t *id, struct ck_err *err);

/*
 * Adds the n files to set *set of batch (0: a new set, whose id *set
 * gets), in order: each file's kind and pages from its content, its
 * bytes into the store.  All or nothing: one bad file and none is added.
 */
int ck_img_add(struct ck_store *st, int64_t batch, int64_t *set,
    const char *const *files, int n, struct ck_err *err);

/* Ties set to a claim (and line, 0 for none) or to a payment. */
int ck_img_link(struct ck_store *st, int64_t set, const char *claim,
    long line, const char *payment, struct ck_err *err);

/* Closes batch: no more add or link. */
int ck_img_close(struct ck_store *st, int64_t batch, struct ck_err *err);

/* Walks batches (one when batch > 0): id, type, practice, description,
 * sets, images, pages, status, created. */
int ck_img_list(struct ck_store *st, int64_t batch, ck_row_cb cb, void *arg,
    struct ck_err *err);
/* Walks a batch's fields as field,value rows. */
int ck_img_fields(struct ck_store *st, int64_t batch, ck_row_cb cb,
    void *arg, struct ck_err *err);
/* Walks images of batch (0: all) with their sets and links. */
int ck_img_images(struct ck_store *st, int64_t batch, ck_row_cb cb,
    void *arg, struct ck_err *err);
/* Walks sets (of batch when > 0; only unlinked ones when asked). */
int ck_img_sets(struct ck_store *st, int64_t batch, int unlinked,
    ck_row_cb cb, void *arg, struct ck_err *err);
/* For claim-remit: the sets linked to payment trace: set_id, batch_id,
 * batch_description, images. */
int ck_img_sets_for_payment(struct ck_store *st, const char *trace,
    ck_row_cb cb, void *arg, struct ck_err *err);

/* Checks every stored image of batch (0: all) against its SHA-256:
 * walks image_id, set_id, sha256, status ("ok", "missing", "changed");
 * returns CK_DATA when one is not ok. */
int ck_img_verify(struct ck_store *st, int64_t batch, ck_row_cb cb,
    void *arg, struct ck_err *err);

/* The stored file of sha256 into buf. */
int ck_img_path(struct ck_store *st, const char *sha256, char *buf,
    size_t size, struct ck_err *err);

/*
 * The hot folder: each ready subfolder of dir becomes a set, each ready
 * loose file a set of its own, in one new batch b (none made when
 * nothing is ready); a file leaves dir only once stored and recorded.
 * A file not seen at the same size and time by the last look, or with a
 * temporary name, waits.  Another ingest of dir running: *busy is set,
 * nothing done.  *batch gets the batch (0 for none), *sets and *files
 * what went in; a bad file stays in dir and the call returns CK_DATA
 * after ingesting the rest.
 */
struct ck_img_ingest {
	int64_t batch;
	long sets, files, waiting, bad;
	int busy;
};
int ck_img_ingest(struct ck_store *st, const char *dir,
    const struct ck_img_new *b, struct ck_img_ingest *out,
    struct ck_err *err);

/* Writes batch's images into dir (created 0700, must be empty or
 * missing) as set-N/NN-NAME, with index.csv and index.html. */
int ck_img_export(struct ck_store *st, int64_t batch, const char *dir,
    long *images, struct ck_err *err);

#endif
