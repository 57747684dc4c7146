/* Internal to lib/img*.c: what add and ingest share. */
#ifndef CLAIMKIT_IMG_INT_H
#define CLAIMKIT_IMG_INT_H

#include "claimkit/img.h"

/* One file on its way into a set. */
struct ck_img_file {
	const char *path;       /* where it is read from */
	const char *name;       /* the name recorded (its base name) */
	const char *source;     /* the hot folder path, or NULL */
	struct ck_img_info info;
	char sha[65];
};

/* Copies f->path into the store (streamed, hashed, temp then rename;
 * kept once per content), filling f->sha. */
int ck_img_store_file(struct ck_store *st, struct ck_img_file *f,
    struct ck_err *err);

/*
 * Inside the caller's transaction: makes batch *batch from b when 0,
 * set *set when 0, and records the n stored files in it, with an audit
 * row.
 */
int ck_img_put_tx(struct ck_store *st, int64_t *batch,
    const struct ck_img_new *b, int64_t *set, struct ck_img_file *f, int n,
    struct ck_err *err);

#endif
