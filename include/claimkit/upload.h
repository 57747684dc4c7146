/*
 * upload.h - getting batches to the clearinghouse once and only once,
 * and bringing its answers back.
 *
 * A batch is taken for sending in one short transaction (status
 * "sending", with this process's id), sent without holding the database,
 * then marked sent (its claims too) or put back to pending with the
 * error recorded.  A batch left "sending" by a process that died is
 * looked for on the server under the name it was given: found whole, it
 * counts as sent; not found, it is sent again.
 */
#ifndef CLAIMKIT_UPLOAD_H
#define CLAIMKIT_UPLOAD_H

#include <stdint.h>

#include "claimkit/err.h"
#include "claimkit/store.h"
#include "claimkit/transport.h"

/* One batch's outcome, for the output row. */
struct ck_sent {
	int64_t batch_id;
	const char *endpoint, *remote_name, *sha256;
	int64_t bytes;
	const char *status;     /* sent, failed, skipped */
	const char *note;       /* why, for failed and skipped */
};
typedef int (*ck_sent_cb)(void *arg, const struct ck_sent *s);

/*
 * Sends batches ids[0..n) to ep (resend: also batches sent before).
 * Returns 0 when every batch was sent or skipped, CK_TEMP when some
 * failed in a way a later run may cure, CK_FAIL otherwise; err then
 * holds the last failure.
 */
int ck_upload_send(struct ck_store *st, const struct ck_endpoint *ep,
    const int64_t *ids, long n, int resend, ck_sent_cb cb, void *arg,
    struct ck_err *err);

/* One fetched file, for the output row. */
struct ck_got {
	const char *file, *kind;
	int64_t bytes;
	const char *applied;    /* what the answer did, or "" */
};
typedef int (*ck_got_cb)(void *arg, const struct ck_got *g);

/*
 * Applies first any 999 or 277CA stored by a fetch that died before
 * applying it; then fetches the files in ep's outbound folder not
 * fetched before (remembered by name, size and SHA-256) into the inbox
 * folder of the database, 0600, each under a name of its own; applies
 * 999 and 277CA answers; with delete_remote removes each file from the
 * server once it is stored and applied.  A malformed answer, one without
 * its IEA, and one about a batch still pending are stored but not
 * applied and stay on the server (CK_DATA, naming the file), and the
 * others go on; a file that cannot be had is logged (CK_FAIL).
 */
int ck_upload_fetch(struct ck_store *st, const struct ck_endpoint *ep,
    int delete_remote, ck_got_cb cb, void *arg, struct ck_err *err);

/* Applies a 999 or 277CA file already stored (used by fetch), unless
 * another process applied it meanwhile (then summary is ""). */
int ck_upload_apply(struct ck_store *st, int64_t fetched_id,
    const char *path, const char *kind, char *summary, size_t size,
    struct ck_err *err);

/* The remote name for a batch from the endpoint's pattern. */
int ck_upload_name(struct ck_store *st, const struct ck_endpoint *ep,
    int64_t batch_id, char *buf, size_t size, struct ck_err *err);

#endif
