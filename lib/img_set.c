/* Image sets: adding images, linking a set to its charge or payment,
 * closing a batch, and what is read back. */
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "claimkit/sink.h"
#include "img_int.h"
#include "store_img.h"

static const char *
base(const char *path)
{
	const char *s = strrchr(path, '/');

	return s ? s + 1 : path;
}

int
ck_img_add(struct ck_store *st, int64_t batch, int64_t *set,
    const char *const *files, int n, struct ck_err *err)
{
	struct ck_img_file *f = calloc((size_t)n, sizeof(*f));
	char type[16], status[16];
	int64_t of = 0;
	int rc = 0;

	if (f == NULL)
		return ck_err_set(err, CK_FAIL, "out of memory");
	if (ck_sti_batch(st, batch, type, status, err) ||
	    (*set && ck_sti_set_batch(st, *set, &of, err)))
		rc = err->code;
	else if (!type[0])
		rc = ck_err_set(err, CK_DATA, "no batch %lld", (long long)batch);
	else if (strcmp(status, "open"))
		rc = ck_err_set(err, CK_DATA, "batch %lld is closed: no more "
		    "changes", (long long)batch);
	else if (*set && of != batch)
		rc = ck_err_set(err, CK_DATA, "set %lld is not in batch %lld",
		    (long long)*set, (long long)batch);
	/* every file is read before any is stored: one bad, none added */
	for (int i = 0; rc == 0 && i < n; i++) {
		f[i].path = files[i];
		f[i].name = base(files[i]);
		rc = ck_img_kind(files[i], &f[i].info, err);
	}
	for (int i = 0; rc == 0 && i < n; i++)
		rc = ck_img_store_file(st, &f[i], err);
	if (rc == 0 && (rc = ck_store_begin(st, err)) == 0) {
		if ((rc = ck_img_put_tx(st, &batch, NULL, set, f, n, err)) == 0)
			rc = ck_store_commit(st, err);
		else
			ck_store_rollback(st);
	}
	free(f);
	return rc;
}

/* Set must exist in an open batch; type gets the batch's type. */
static int
open_set(struct ck_store *st, int64_t set, int64_t *batch, char *type,
    struct ck_err *err)
{
	char status[16];

	if (ck_sti_set_batch(st, set, batch, err))
		return err->code;
	if (*batch == 0)
		return ck_err_set(err, CK_DATA, "no set %lld", (long long)set);
	if (ck_sti_batch(st, *batch, type, status, err))
		return err->code;
	if (strcmp(status, "open"))
		return ck_err_set(err, CK_DATA, "batch %lld of set %lld is "
		    "closed: no more changes", (long long)*batch,
		    (long long)set);
	return 0;
}

static int
check_link(struct ck_store *st, const char *type, const char *claim,
    long line, const char *payment, struct ck_err *err)
{
	int cf, lf;

	if (strcmp(type, "charge") == 0 && (payment || !claim))
		return ck_err_set(err, CK_USAGE, "a set of a charge batch is "
		    "linked to a claim: give --claim, not --payment");
	if (strcmp(type, "payment") == 0 && (claim || line || !payment))
		return ck_err_set(err, CK_USAGE, "a set of a payment batch is "
		    "linked to a payment: give --payment, not --claim or "
		    "--line");
	if (payment)
		return *payment ? 0 : ck_err_set(err, CK_USAGE, "--payment: "
		    "expected a trace number or deposit id");
	if (ck_sti_claim(st, claim, line, &cf, &lf, err))
		return err->code;
	if (!cf)
		return ck_err_set(err, CK_DATA, "no claim '%s'", claim);
	if (line && !lf)
		return ck_err_set(err, CK_DATA, "claim '%s' has no line %ld",
		    claim, line);
	return 0;
}

struct link {
	int64_t set;
	const char *claim;
	long line;
	const char *payment;
};

static int
link_tx(struct ck_store *st, void *arg, struct ck_err *err)
{
	struct link *l = arg;
	char type[16], subject[32], before[300], after[300];
	int64_t batch;

	if (open_set(st, l->set, &batch, type, err) ||
	    check_link(st, type, l->claim, l->line, l->payment, err) ||
	    ck_sti_link_text(st, l->set, before, sizeof(before), err) ||
	    ck_sti_link(st, l->set, l->claim, l->line, l->payment, err))
		return err->code;
	snprintf(subject, sizeof(subject), "set %lld", (long long)l->set);
	if (l->payment)
		snprintf(after, sizeof(after), "payment %.250s", l->payment);
	else
		snprintf(after, sizeof(after), "claim %.250s line %ld", l->claim,
		    l->line);
	return ck_audit(st, "img-link", subject, before[0] ? before : NULL,
	    after, err);
}

int
ck_img_link(struct ck_store *st, int64_t set, const char *claim, long line,
    const char *payment, struct ck_err *err)
{
	struct link l = {set, claim, line, payment};

	return ck_store_tx(st, link_tx, &l, err);
}

static int
close_tx(struct ck_store *st, void *arg, struct ck_err *err)
{
	int64_t batch = *(int64_t *)arg;
	char type[16], status[16], subject[32];

	snprintf(subject, sizeof(subject), "batch %lld", (long long)batch);
	if (ck_sti_batch(st, batch, type, status, err))
		return err->code;
	if (!type[0])
		return ck_err_set(err, CK_DATA, "no batch %lld",
		    (long long)batch);
	if (strcmp(status, "open"))
		return ck_err_set(err, CK_DATA, "batch %lld is closed already",
		    (long long)batch);
	if (ck_sti_close(st, batch, err))
		return err->code;
	return ck_audit(st, "img-close", subject, "open", "closed", err);
}

int
ck_img_close(struct ck_store *st, int64_t batch, struct ck_err *err)
{
	return ck_store_tx(st, close_tx, &batch, err);
}

int
ck_img_list(struct ck_store *st, int64_t batch, ck_row_cb cb, void *arg,
    struct ck_err *err)
{
	return ck_sti_list(st, batch, cb, arg, err);
}

int
ck_img_fields(struct ck_store *st, int64_t batch, ck_row_cb cb, void *arg,
    struct ck_err *err)
{
	return ck_sti_fields(st, batch, cb, arg, err);
}

int
ck_img_images(struct ck_store *st, int64_t batch, ck_row_cb cb, void *arg,
    struct ck_err *err)
{
	return ck_sti_images(st, batch, cb, arg, err);
}

int
ck_img_sets(struct ck_store *st, int64_t batch, int unlinked, ck_row_cb cb,
    void *arg, struct ck_err *err)
{
	return ck_sti_sets(st, batch, unlinked, cb, arg, err);
}

int
ck_img_sets_for_payment(struct ck_store *st, const char *trace,
    ck_row_cb cb, void *arg, struct ck_err *err)
{
	return ck_sti_for_payment(st, trace, cb, arg, err);
}

/* The verify walk: each image row checked against its stored file. */
struct verify {
	struct ck_store *st;
	ck_row_cb cb;
	void *arg;
	long bad;
	struct ck_err *err;
};

static int
verify_row(void *arg, int n, const char *const *names,
    const char *const *vals)
{
	static const char *const cols[] = {"image_id", "set_id", "sha256",
	    "status"};
	struct verify *v = arg;
	char path[4400], got[65];
	struct ck_err e = {0};
	const char *out[4];

	(void)names;
	if (vals == NULL)
		return v->cb(v->arg, 4, cols, NULL);
	out[0] = vals[6], out[1] = vals[1], out[2] = vals[n - 1];
	if (ck_img_path(v->st, out[2], path, sizeof(path), v->err))
		return v->err->code;
	out[3] = ck_sha256_file(path, got, &e) ? "missing" :
	    strcmp(got, out[2]) ? "changed" : "ok";
	v->bad += strcmp(out[3], "ok") != 0;
	return v->cb(v->arg, 4, cols, out);
}

int
ck_img_verify(struct ck_store *st, int64_t batch, ck_row_cb cb, void *arg,
    struct ck_err *err)
{
	struct verify v = {st, cb, arg, 0, err};
	int rc;

	if ((rc = ck_sti_images(st, batch, verify_row, &v, err)))
		return rc;
	if (v.bad)
		return ck_err_set(err, CK_DATA, "%ld stored image%s missing or "
		    "changed", v.bad, v.bad == 1 ? " is" : "s are");
	return 0;
}
