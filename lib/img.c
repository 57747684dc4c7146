/* Scan batches: their rules (which fields go with which type), sets,
 * images and links.  The SQL is in lib/store_img.c. */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "claimkit/date.h"
#include "claimkit/sink.h"
#include "img_int.h"
#include "store_img.h"

/* The arguments of a change made in one transaction (ck_store_tx). */
struct change {
	const char *what, *a, *b;
	const struct ck_img_new *batch;
	int64_t *id;
};

static int
ref_add(struct ck_store *st, void *arg, struct ck_err *err)
{
	struct change *c = arg;
	char action[32];

	snprintf(action, sizeof(action), "img-%s-add", c->what);
	if (ck_sti_ref_add(st, c->what, c->a, c->b, err))
		return err->code;
	return ck_audit(st, action, c->a, NULL, c->b, err);
}

int
ck_img_ref_add(struct ck_store *st, const char *what, const char *code,
    const char *name, struct ck_err *err)
{
	struct change c = {what, code, name, NULL, NULL};

	return ck_store_tx(st, ref_add, &c, err);
}

static int
plan_add(struct ck_store *st, const char *payer, const char *plan,
    struct ck_err *err)
{
	if (!*payer || !*plan)
		return ck_err_set(err, CK_DATA, "expected a payer id and a plan "
		    "name, both non-empty");
	if (ck_sti_plan_add(st, payer, plan, err))
		return err->code;
	return ck_audit(st, "img-plan-add", payer, NULL, plan, err);
}

static int
plan_tx(struct ck_store *st, void *arg, struct ck_err *err)
{
	struct change *c = arg;

	return plan_add(st, c->a, c->b, err);
}

int
ck_img_plan_add(struct ck_store *st, const char *payer, const char *plan,
    struct ck_err *err)
{
	struct change c = {"plan", payer, plan, NULL, NULL};

	return ck_store_tx(st, plan_tx, &c, err);
}

int
ck_img_plans_load(struct ck_store *st, struct ck_reader *r,
    struct ck_err *err)
{
	int p = ck_reader_col(r, "payer_id"), n = ck_reader_col(r, "plan"), rc;
	struct ck_row *row;

	if (p < 0 || n < 0)
		return ck_err_set(err, CK_DATA, "%s:1: expected columns named "
		    "'payer_id' and 'plan'", ck_reader_name(r));
	if ((rc = ck_store_begin(st, err)))
		return rc;
	while ((rc = ck_reader_next(r, &row, err)) == 1)
		if ((rc = plan_add(st, row->f[p], row->f[n], err))) {
			ck_err_prefix(err, "%s:%ld", ck_reader_name(r), row->line);
			break;
		}
	if (rc == 0)
		return ck_store_commit(st, err);
	ck_store_rollback(st);
	return rc;
}

int
ck_img_ref_walk(struct ck_store *st, const char *what, ck_row_cb cb,
    void *arg, struct ck_err *err)
{
	return ck_sti_ref_walk(st, what, cb, arg, err);
}

/* A field given on a batch of the other type. */
static int
wrong_type(const char *field, const char *type, struct ck_err *err)
{
	int charge = strcmp(type, "charge") == 0;

	return ck_err_set(err, CK_USAGE, "%s is for %s batches, not %s "
	    "batches: a %s batch carries %s", field, charge ? "payment" :
	    "charge", type, type, charge ? "--facility, --dos and --received" :
	    "--payer and --plan");
}

static int
check_payer_plan(struct ck_store *st, const struct ck_img_new *b,
    struct ck_err *err)
{
	char owner[256];
	int found, ok;

	if (b->plan && !b->payer)
		return ck_err_set(err, CK_USAGE, "--plan needs --payer: a plan "
		    "belongs to one payer");
	if (!b->payer)
		return 0;
	if (ck_sti_payer_known(st, b->payer, &found, err))
		return err->code;
	if (!found)
		return ck_err_set(err, CK_DATA, "unknown payer '%s': not in the "
		    "claims nor given a plan ('img-batch plan add')", b->payer);
	if (!b->plan || ck_sti_plan_of(st, b->payer, b->plan, &ok, owner,
	    sizeof(owner), err) || ok)
		return b->plan ? err->code : 0;
	if (owner[0])
		return ck_err_set(err, CK_DATA, "plan '%s' belongs to payer "
		    "'%s', not to payer '%s'", b->plan, owner, b->payer);
	return ck_err_set(err, CK_DATA, "payer '%s' has no plan '%s' (add it "
	    "with 'img-batch plan add')", b->payer, b->plan);
}

static int
check_date(const char *opt, const char *d, struct ck_err *err)
{
	if (d && ck_date_check(d) < 0)
		return ck_err_set(err, CK_USAGE, "%s '%s': expected a date "
		    "YYYY-MM-DD", opt, d);
	return 0;
}

/* Checks b; *practice and *facility get their ids. */
static int
check_new(struct ck_store *st, const struct ck_img_new *b, int64_t *practice,
    int64_t *facility, struct ck_err *err)
{
	int charge;

	*facility = 0;
	if (!b->type || (strcmp(b->type, "charge") && strcmp(b->type,
	    "payment")))
		return ck_err_set(err, CK_USAGE, "expected --type charge or "
		    "--type payment");
	charge = strcmp(b->type, "charge") == 0;
	if (charge && b->payer)
		return wrong_type("--payer", b->type, err);
	if (charge && b->plan)
		return wrong_type("--plan", b->type, err);
	if (!charge && b->facility)
		return wrong_type("--facility", b->type, err);
	if (!charge && b->dos)
		return wrong_type("--dos", b->type, err);
	if (!charge && b->received)
		return wrong_type("--received", b->type, err);
	if (check_date("--dos", b->dos, err) ||
	    check_date("--received", b->received, err) ||
	    check_payer_plan(st, b, err) ||
	    ck_sti_ref_id(st, "practice", b->practice, practice, err))
		return err->code;
	if (b->facility && ck_sti_ref_id(st, "facility", b->facility,
	    facility, err))
		return err->code;
	return 0;
}

int
ck_img_check_new(struct ck_store *st, const struct ck_img_new *b,
    struct ck_err *err)
{
	int64_t p, f;

	return check_new(st, b, &p, &f, err);
}

/* Makes batch b inside the caller's transaction. */
static int
create(struct ck_store *st, const struct ck_img_new *b, int64_t *id,
    struct ck_err *err)
{
	int64_t practice, facility;
	char subject[32];

	if (check_new(st, b, &practice, &facility, err) ||
	    ck_sti_batch_insert(st, b, practice, facility, id, err))
		return err->code;
	snprintf(subject, sizeof(subject), "batch %lld", (long long)*id);
	return ck_audit(st, "img-create", subject, NULL, b->type, err);
}

static int
create_tx(struct ck_store *st, void *arg, struct ck_err *err)
{
	struct change *c = arg;

	return create(st, c->batch, c->id, err);
}

int
ck_img_create(struct ck_store *st, const struct ck_img_new *b, int64_t *id,
    struct ck_err *err)
{
	struct change c = {"batch", NULL, NULL, b, id};

	return ck_store_tx(st, create_tx, &c, err);
}

/* Batch id must exist and be open. */
static int
open_batch(struct ck_store *st, int64_t id, char *type, struct ck_err *err)
{
	char status[16];

	if (ck_sti_batch(st, id, type, status, err))
		return err->code;
	if (!type[0])
		return ck_err_set(err, CK_DATA, "no batch %lld", (long long)id);
	if (strcmp(status, "open"))
		return ck_err_set(err, CK_DATA, "batch %lld is closed: no more "
		    "changes", (long long)id);
	return 0;
}

/* Streams f->path into the sink; CK_TEMP when it changed meanwhile. */
static int
copy_in(struct ck_sink *s, struct ck_img_file *f, struct ck_err *err)
{
	static char buf[1 << 16];
	ssize_t n;
	int fd, rc = 0;

	if ((fd = open(f->path, O_RDONLY | O_CLOEXEC)) < 0)
		return ck_err_set(err, CK_FAIL, "cannot open '%s': %s", f->path,
		    strerror(errno));
	while ((n = read(fd, buf, sizeof(buf))) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			rc = ck_err_set(err, CK_FAIL, "cannot read '%s': %s",
			    f->path, strerror(errno));
			break;
		}
		ck_sink_write(s, buf, (size_t)n);
	}
	close(fd);
	if (rc == 0 && s->bytes != (uint64_t)f->info.bytes)
		rc = ck_err_set(err, CK_TEMP, "cannot add '%s': it changed "
		    "while being read", f->path);
	return rc;
}

/* Moves the complete file tmp to its content's name, AB/SHA256 under
 * dir: the same content stored twice is one file. */
static int
move_home(const char *dir, const char *tmp, const char *sha,
    struct ck_err *err)
{
	char sub[4200], path[4300];
	int fd;

	snprintf(sub, sizeof(sub), "%s/%.2s", dir, sha);
	snprintf(path, sizeof(path), "%s/%s", sub, sha);
	if (ck_mkdirs(sub, err))
		return err->code;
	if (rename(tmp, path) < 0) {
		ck_err_set(err, CK_FAIL, "cannot store '%s': %s", path,
		    strerror(errno));
		unlink(tmp);
		return CK_FAIL;
	}
	if ((fd = open(sub, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) >= 0) {
		fsync(fd);
		close(fd);
	}
	return 0;
}

int
ck_img_store_file(struct ck_store *st, struct ck_img_file *f,
    struct ck_err *err)
{
	char dir[4096], tmp[4096];
	struct ck_sink *s = malloc(sizeof(*s));
	int rc;

	if (s == NULL)
		return ck_err_set(err, CK_FAIL, "out of memory");
	if ((rc = ck_store_files(st, "images", dir, sizeof(dir), err)) ||
	    (rc = ck_sink_open(s, dir, err))) {
		free(s);
		return rc;
	}
	if ((rc = copy_in(s, f, err))) {
		ck_sink_abort(s);
		free(s);
		return rc;
	}
	/* complete and synced under its temporary name, then named by the
	 * digest that writing it gave */
	snprintf(tmp, sizeof(tmp), "%s", s->tmp);
	rc = ck_sink_commit(s, tmp, f->sha, err);
	free(s);
	return rc ? rc : move_home(dir, tmp, f->sha, err);
}

int
ck_img_path(struct ck_store *st, const char *sha, char *buf, size_t size,
    struct ck_err *err)
{
	char dir[4096];

	if (ck_store_files(st, "images", dir, sizeof(dir), err))
		return err->code;
	if (snprintf(buf, size, "%s/%.2s/%s", dir, sha, sha) >= (int)size)
		return ck_err_set(err, CK_FAIL, "path too long");
	return 0;
}

int
ck_img_put_tx(struct ck_store *st, int64_t *batch, const struct ck_img_new *b,
    int64_t *set, struct ck_img_file *f, int n, struct ck_err *err)
{
	char type[16], subject[64], after[64];

	if ((*batch == 0 && create(st, b, batch, err)) ||
	    open_batch(st, *batch, type, err) ||
	    (*set == 0 && ck_sti_set_insert(st, *batch, set, err)))
		return err->code;
	for (int i = 0; i < n; i++)
		if (ck_sti_image_insert(st, *set, f[i].sha, &f[i].info,
		    f[i].name, f[i].source, err))
			return err->code;
	snprintf(subject, sizeof(subject), "set %lld", (long long)*set);
	snprintf(after, sizeof(after), "%d images", n);
	return ck_audit(st, "img-add", subject, NULL, after, err);
}
