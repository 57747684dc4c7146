/*
 * The import streams: it holds one claim (at most CK_MAX_LINES rows) at
 * a time, so memory stays flat however large the file.  Rows of a claim
 * must be adjacent; a claim id seen again later in the same file is an
 * error rather than a silent merge or replace.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "claimkit/claim.h"
#include "claimkit/filter.h"
#include "claimkit/import.h"
#include "claimkit/progress.h"

#define NOVAL ((size_t)-1)
#define VALMAX 2048

struct acc {
	int active;
	char claim_id[32];
	long first_line;
	int nlines;
	int64_t replace_id;
	char replace_status[16];
	char *arena;
	size_t len, cap;
	size_t off[CK_MAX_LINES + 1][CK_NCOLS];  /* [0]: claim, [1..]: lines */
	int64_t ival[CK_MAX_LINES + 1][CK_NCOLS];
};

struct imp {
	struct ck_store *st;
	struct ck_reader *r;
	struct ck_err *err;
	const struct ck_import_opts *o;
	struct ck_colmap *map;  /* or NULL */
	struct ck_import_refusal *refusals;   /* reported after commit */
	size_t nrefused;
	int64_t import_id;
	int hdr[CK_NCOLS];     /* ck_columns index -> header field, or -1 */
	struct ck_import_stats stats;
	struct acc *a;
	struct ck_val vals[CK_NCOLS];
};

static int where(struct imp *im, long line, int col, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* Sets a data error at line and the field of column col (-1: none). */
static int
where(struct imp *im, long line, int col, const char *fmt, ...)
{
	char msg[600];
	int f = col >= 0 ? im->hdr[col] : -1;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (f >= 0)
		return ck_err_set(im->err, CK_DATA, "%s:%ld:%d: %s: %s",
		    ck_reader_name(im->r), line, f + 1, ck_columns[col].name,
		    msg);
	if (col >= 0)
		return ck_err_set(im->err, CK_DATA, "%s:%ld: %s (not in the "
		    "header): %s", ck_reader_name(im->r), line,
		    ck_columns[col].name, msg);
	return ck_err_set(im->err, CK_DATA, "%s:%ld: %s", ck_reader_name(im->r),
	    line, msg);
}

static int
map_header(struct imp *im)
{
	const struct ck_row *h = ck_reader_header(im->r);
	const char *name;
	int c;

	for (size_t i = 0; i < ck_ncolumns; i++)
		im->hdr[i] = -1;
	for (size_t i = 0; i < h->n; i++) {
		if ((name = ck_colmap_name(im->map, h->f[i])) == NULL)
			continue;
		if ((c = ck_column_find(name)) < 0)
			return ck_err_set(im->err, CK_DATA, "%s:%ld:%zu: unknown "
			    "column '%.60s': expected a claim column named in "
			    "claimkit(5)%s", ck_reader_name(im->r), h->line,
			    i + 1, h->f[i], im->map ? ", or one the column map "
			    "names" : " (or a column map, --map)");
		if (im->hdr[c] >= 0)
			return ck_err_set(im->err, CK_DATA, "%s:%ld:%zu: column "
			    "'%.60s' is read as '%s', as field %d already is: "
			    "expected each claim column once",
			    ck_reader_name(im->r), h->line, i + 1, h->f[i], name,
			    im->hdr[c] + 1);
		if (im->o->sessions && (c == CK_C_charge ||
		    c == CK_C_claim_total))
			return ck_err_set(im->err, CK_DATA, "%s:%ld:%zu: column "
			    "'%s' in a sessions file: expected no charges (the "
			    "fee schedule prices sessions)", ck_reader_name(im->r),
			    h->line, i + 1, name);
		im->hdr[c] = (int)i;
	}
	for (size_t i = 0; i < ck_ncolumns; i++)
		if (ck_columns[i].required && im->hdr[i] < 0 &&
		    !(im->o->sessions && i == CK_C_charge))
			return ck_err_set(im->err, CK_DATA, "%s:%ld: missing "
			    "column '%s': expected it in the header (it is "
			    "required)", ck_reader_name(im->r), h->line,
			    ck_columns[i].name);
	return 0;
}

static size_t
arena_put(struct acc *a, const char *s)
{
	size_t n = strlen(s) + 1, off = a->len;

	if (a->len + n > a->cap) {
		size_t cap = a->cap ? a->cap * 2 : 16384;
		while (cap < a->len + n)
			cap *= 2;
		char *p = realloc(a->arena, cap);
		if (p == NULL)
			return NOVAL - 1;
		a->arena = p;
		a->cap = cap;
	}
	memcpy(a->arena + off, s, n);
	a->len += n;
	return off;
}

/* Checks field c of row into out; 0 value, 1 empty, or an error code.
 * Every patient and subscriber column is private in messages: a state
 * or a sex is harmless, but a row whose values slid one column over
 * would show a name there. */
static int
check(struct imp *im, struct ck_row *row, size_t c, char *out, int64_t *iv)
{
	char why[256], empty[1] = "";
	char *raw = im->hdr[c] >= 0 ? row->f[im->hdr[c]] : empty;
	struct ck_column col = ck_columns[c];
	int rc;

	col.phi |= strncmp(col.name, "patient_", 8) == 0 ||
	    strncmp(col.name, "subscriber_", 11) == 0;
	if (im->o->sessions && c == CK_C_charge) {
		*iv = 0;                /* priced at Invoice Creation */
		snprintf(out, VALMAX, "0.00");
		return 0;
	}
	rc = ck_column_check(&col, raw, out, iv, why);

	if (rc < 0)
		return where(im, row->line, (int)c, "%s", why);
	return rc;
}

static int
store_level(struct imp *im, struct ck_row *row, int slot, int line)
{
	struct acc *a = im->a;
	char out[VALMAX];
	int rc;

	for (size_t c = 0; c < ck_ncolumns; c++) {
		if (ck_columns[c].line != line)
			continue;
		if ((rc = check(im, row, c, out, &a->ival[slot][c])) > 1)
			return rc;
		a->off[slot][c] = rc == 1 ? NOVAL : arena_put(a, out);
		if (a->off[slot][c] == NOVAL - 1)
			return ck_err_set(im->err, CK_FAIL, "out of memory");
	}
	return 0;
}

static const char *
val(const struct acc *a, int slot, int c)
{
	return a->off[slot][c] == NOVAL ? NULL : a->arena + a->off[slot][c];
}

/* Every row of a claim repeats the claim's values. */
static int
same_claim(struct imp *im, struct ck_row *row)
{
	char out[VALMAX];
	int64_t iv;
	int rc;

	for (size_t c = 0; c < ck_ncolumns; c++) {
		if (ck_columns[c].line)
			continue;
		if ((rc = check(im, row, c, out, &iv)) > 1)
			return rc;
		const char *first = val(im->a, 0, (int)c);
		if ((rc == 1) == (first == NULL) &&
		    (first == NULL || strcmp(first, out) == 0))
			continue;
		return where(im, row->line, (int)c, "claim '%s' has another value "
		    "on line %ld: expected every line of a claim to repeat its "
		    "claim-level columns", im->a->claim_id, im->a->first_line);
	}
	return 0;
}

/* Subscriber columns that take the patient's value when the patient is
 * the subscriber (relationship 18); the starred ones may stay empty. */
static const char *const subscriber_cols[] = {
	"last", "first", "*middle", "dob", "sex", "address1", "*address2",
	"city", "state", "zip",
};

static int
resolve_subscriber(struct imp *im)
{
	struct acc *a = im->a;
	const char *rel = val(a, 0, ck_column_find("relationship"));
	char name[40];

	for (size_t i = 0; i < sizeof(subscriber_cols) / sizeof(char *); i++) {
		const char *f = subscriber_cols[i] + (*subscriber_cols[i] == '*');
		snprintf(name, sizeof(name), "subscriber_%s", f);
		int s = ck_column_find(name);
		snprintf(name, sizeof(name), "patient_%s", f);
		int p = ck_column_find(name);
		if (a->off[0][s] != NOVAL)
			continue;
		if (strcmp(rel, "18") == 0)
			a->off[0][s] = a->off[0][p];
		else if (*subscriber_cols[i] != '*')
			return where(im, a->first_line, s, "claim '%s': expected "
			    "a value when the patient is not the subscriber "
			    "(relationship %s)", a->claim_id, rel);
	}
	return 0;
}

/* A next payer's plan held by another person (next_subscriber_*) needs
 * what this claim's subscriber would: the claim posting makes for that
 * payer has them as its subscriber's (2010BA, boxes 4, 7 and 11a). */
static int
next_subscriber(struct imp *im)
{
	struct acc *a = im->a;
	char name[40];
	int any = 0;

	for (size_t i = 0; i < sizeof(subscriber_cols) / sizeof(char *); i++) {
		snprintf(name, sizeof(name), "next_subscriber_%s",
		    subscriber_cols[i] + (*subscriber_cols[i] == '*'));
		any |= a->off[0][ck_column_find(name)] != NOVAL;
	}
	for (size_t i = 0; any && i < sizeof(subscriber_cols) / sizeof(char *);
	    i++) {
		if (*subscriber_cols[i] == '*')
			continue;
		snprintf(name, sizeof(name), "next_subscriber_%s",
		    subscriber_cols[i]);
		int c = ck_column_find(name);
		if (a->off[0][c] == NOVAL)
			return where(im, a->first_line, c, "claim '%s': expected "
			    "a value when the next payer's plan is held by "
			    "another person (next_subscriber_last and the rest)",
			    a->claim_id);
	}
	return 0;
}

static int
start_claim(struct imp *im, struct ck_row *row, const char *id)
{
	struct acc *a = im->a;
	struct ck_claim_state cs;
	int rc;

	long seen;

	if ((rc = ck_store_import_seen(im->st, id, row->line, &seen,
	    im->err)) || (rc = ck_store_claim_state(im->st, id, &cs, im->err)))
		return rc;
	if (seen)
		return where(im, row->line, 0, "claim '%s' already appeared at "
		    "line %ld: expected the rows of a claim to be adjacent", id,
		    seen);
	a->active = 1;
	snprintf(a->claim_id, sizeof(a->claim_id), "%.31s", id);
	a->first_line = row->line;
	a->nlines = 0;
	a->len = 0;
	a->replace_id = cs.id;
	snprintf(a->replace_status, sizeof(a->replace_status), "%s",
	    cs.status);
	return store_level(im, row, 0, 0);
}

static void
fill_vals(struct imp *im, int slot, int line)
{
	for (size_t c = 0; c < ck_ncolumns; c++) {
		if (ck_columns[c].line != line)
			continue;
		im->vals[c].s = val(im->a, slot, (int)c);
		im->vals[c].i = im->a->ival[slot][c];
	}
}

static int
derive(struct imp *im, struct ck_claim_derived *d)
{
	struct acc *a = im->a;
	int sd = ck_column_find("service_date");
	int st = ck_column_find("service_date_to");
	int ch = ck_column_find("charge");
	int rank = (int)a->ival[0][ck_column_find("rank")];
	const char *pf = val(a, 0, ck_column_find("payer_filing"));
	const char *es = val(a, 0, ck_column_find("payer_electronic_secondary"));

	memset(d, 0, sizeof(*d));
	d->status = im->o->sessions ? "session" : "ready";
	d->filing = strcmp(pf, "paper") == 0 ||
	    (rank > 1 && strcmp(es, "no") == 0) ? "paper" : "electronic";
	d->first_date = d->last_date = val(a, 1, sd);
	for (int l = 1; l <= a->nlines; l++) {
		const char *from = val(a, l, sd), *to = val(a, l, st);
		if (to && strcmp(to, from) < 0)
			return where(im, a->first_line + l - 1, st, "claim '%s': "
			    "expected a date on or after service_date (dates of "
			    "service are not shown)", a->claim_id);
		if (strcmp(from, d->first_date) < 0)
			d->first_date = from;
		if (strcmp(to ? to : from, d->last_date) > 0)
			d->last_date = to ? to : from;
		d->total_charge += a->ival[l][ch];
	}
	d->lines = a->nlines;
	d->import_id = im->import_id;
	d->source_line = a->first_line;
	return 0;
}

/* The claim's fingerprint (claim.h) from the values as they will be
 * stored. */
static int
fingerprint(struct imp *im, char *hex)
{
	struct acc *a = im->a;
	struct ck_fp f;
	char num[24];

	if (ck_fp_begin(&f) < 0)
		return ck_err_set(im->err, CK_FAIL, "cannot start SHA-256");
	for (int slot = 0; slot <= a->nlines; slot++) {
		if (slot > 0)
			ck_fp_line(&f, slot);
		for (size_t c = 0; c < ck_ncolumns; c++) {
			const char *v = val(a, slot, (int)c);
			if (ck_columns[c].line != (slot > 0) ||
			    (im->o->sessions && ck_col_priced(c)))
				continue;
			if (v && ck_ctype_integer(ck_columns[c].type)) {
				snprintf(num, sizeof(num), "%lld",
				    (long long)a->ival[slot][c]);
				v = num;
			}
			ck_fp_add(&f, ck_columns[c].name, v);
		}
	}
	ck_fp_end(&f, hex);
	return 0;
}

enum fate { ADD, REPLACE, VERSION, REFUSE };

/* What a changed claim whose row has status may become; why says what
 * would let a refused one in. */
static enum fate
fate(struct imp *im, const char *status, const char **why)
{
	const char *freq = val(im->a, 0, CK_C_frequency);

	if (im->o->sessions) {
		*why = "it is past Invoice Creation: a session replaces only a "
		    "session";
		return strcmp(status, "session") == 0 ? REPLACE : REFUSE;
	}
	if (strcmp(status, "ready") == 0 || strcmp(status, "rejected") == 0)
		return REPLACE;
	if (strcmp(status, "batched") == 0) {
		*why = "it is in a batch not sent yet: void the batch to change "
		    "it";
		return REFUSE;
	}
	if (strcmp(status, "settled") == 0) {
		*why = "a settled claim is not changed";
		return REFUSE;
	}
	if (strcmp(status, "sent") && strcmp(status, "accepted") &&
	    strcmp(status, "paid") && strcmp(status, "denied") &&
	    strcmp(status, "partial")) {
		*why = "a claim in this status is not changed";
		return REFUSE;
	}
	/* a denial corrected (claim-remit denials): the payer wants it
	 * again, whatever its frequency; the denied version keeps its
	 * postings */
	if (strcmp(status, "denied") == 0 || strcmp(status, "partial") == 0)
		return VERSION;
	if (freq && strcmp(freq, "1") != 0)
		return VERSION;
	*why = "the payer has it: send a replacement (frequency 7) or a void "
	    "(8) with original_ref";
	return REFUSE;
}

static const char *
status_word(const char *status)
{
	for (int i = 0; ck_statuses[i]; i++)
		if (strcmp(ck_statuses[i], status) == 0)
			return ck_statuses[i];
	return "in another status";
}

static int
refuse(struct imp *im, const char *why)
{
	struct acc *a = im->a;
	struct ck_import_refusal r = {a->claim_id, a->first_line,
	    a->replace_status, why}, *p;

	if (im->o->strict)
		return where(im, a->first_line, 0, "claim '%s' is %s and "
		    "changed: %s", a->claim_id, a->replace_status, why);
	p = realloc(im->refusals, (im->nrefused + 1) * sizeof(*p));
	if (p == NULL || (r.claim_id = strdup(a->claim_id)) == NULL) {
		if (p)
			im->refusals = p;
		return ck_err_set(im->err, CK_FAIL, "out of memory");
	}
	im->refusals = p;
	/* statuses are the store's fixed words: keep a static copy */
	r.status = status_word(a->replace_status);
	im->refusals[im->nrefused++] = r;
	im->stats.refused++;
	return 0;
}

/* Takes the claim's row out of the way of the new one: deleted when
 * replaced, kept under another id when a new version supersedes it. */
static int
make_room(struct imp *im, enum fate f)
{
	struct acc *a = im->a;
	char before[64], after[128], kept[64];
	int rc;

	snprintf(before, sizeof(before), "status=%s", a->replace_status);
	if (f == REPLACE) {
		snprintf(after, sizeof(after), "import=%lld",
		    (long long)im->import_id);
		im->stats.replaced++;
		if ((rc = ck_store_claim_delete(im->st, a->replace_id, im->err)))
			return rc;
		return ck_audit(im->st, "replace", a->claim_id, before, after,
		    im->err);
	}
	if ((rc = ck_store_claim_supersede(im->st, a->replace_id, a->claim_id,
	    kept, sizeof(kept), im->err)))
		return rc;
	snprintf(after, sizeof(after), "import=%lld frequency=%s kept=%s",
	    (long long)im->import_id, val(a, 0, CK_C_frequency), kept);
	im->stats.versions++;
	return ck_audit(im->st, "version", a->claim_id, before, after, im->err);
}

static int
flush(struct imp *im)
{
	struct acc *a = im->a;
	struct ck_claim_derived d;
	enum fate f = ADD;
	const char *why = NULL;
	char fp[65], old[65];
	int64_t id;
	int rc;

	if (!a->active)
		return 0;
	a->active = 0;
	if ((rc = resolve_subscriber(im)) || (rc = next_subscriber(im)) ||
	    (rc = derive(im, &d)))
		return rc;
	if (a->replace_id) {
		if ((rc = fingerprint(im, fp)) ||
		    (rc = ck_store_claim_fingerprint(im->st, a->replace_id,
		    im->o->sessions, old, im->err)))
			return rc;
		if (strcmp(fp, old) == 0) {
			im->stats.unchanged++;
			return 0;
		}
		if ((f = fate(im, a->replace_status, &why)) == REFUSE)
			return refuse(im, why);
		if ((rc = make_room(im, f)))
			return rc;
	} else
		im->stats.added++;
	fill_vals(im, 0, 0);
	if ((rc = ck_store_claim_insert(im->st, im->vals, &d, &id, im->err)) ||
	    (f == REPLACE &&
	    (rc = ck_store_claim_repoint(im->st, a->replace_id, id, im->err))))
		return rc;
	for (int l = 1; l <= a->nlines; l++) {
		fill_vals(im, l, 1);
		if ((rc = ck_store_line_insert(im->st, id, l, im->vals, im->err)))
			return rc;
	}
	im->stats.claims++;
	im->stats.lines += a->nlines;
	return 0;
}

static int
add_row(struct imp *im, struct ck_row *row)
{
	char id[VALMAX];
	int64_t iv;
	int rc;

	if ((rc = check(im, row, 0, id, &iv)) != 0)
		return rc;
	if (id[strspn(id, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	    "0123456789-")] != '\0')
		return where(im, row->line, 0, "expected letters, digits and "
		    "'-' only, got '%.40s'", id);
	if (im->a->active && strcmp(id, im->a->claim_id) == 0) {
		if ((rc = same_claim(im, row)))
			return rc;
	} else if ((rc = flush(im)) || (rc = start_claim(im, row, id)))
		return rc;
	if (im->a->nlines == CK_MAX_LINES)
		return where(im, row->line, 0, "claim '%s' has more than 50 "
		    "service lines: expected at most 50 (the 837P's limit)",
		    id);
	return store_level(im, row, ++im->a->nlines, 1);
}

static int
run(struct imp *im, const char *label)
{
	struct ck_row *row;
	char after[200];
	long rows = 0;
	int rc;

	if ((rc = map_header(im)) ||
	    (rc = ck_store_import_start(im->st, label, &im->import_id, im->err)))
		return rc;
	while ((rc = ck_reader_next(im->r, &row, im->err)) == 1) {
		if ((rc = add_row(im, row)))
			return rc;
		ck_progress_tick(ck_store_progress(im->st), "importing rows",
		    ++rows, -1);
	}
	if (rc || (rc = flush(im)))
		return rc;
	snprintf(after, sizeof(after), "import=%lld claims=%ld lines=%ld "
	    "replaced=%ld versions=%ld unchanged=%ld refused=%ld",
	    (long long)im->import_id, im->stats.claims, im->stats.lines,
	    im->stats.replaced, im->stats.versions, im->stats.unchanged,
	    im->stats.refused);
	if ((rc = ck_store_import_finish(im->st, im->import_id,
	    im->stats.claims, im->stats.lines, im->stats.replaced, im->err)))
		return rc;
	return ck_audit(im->st, "import", label, NULL, after, im->err);
}

/* Hands the refused claims to the caller once the rest is committed. */
static void
report(struct imp *im)
{
	for (size_t i = 0; i < im->nrefused; i++)
		if (im->o->refused)
			im->o->refused(im->o->arg, &im->refusals[i]);
}

int
ck_import(struct ck_store *st, const char *path,
    const struct ck_import_opts *o, struct ck_import_stats *stats,
    struct ck_err *err)
{
	struct imp im = {.st = st, .err = err, .o = o};
	int rc = 0;

	memset(stats, 0, sizeof(*stats));
	if ((im.a = calloc(1, sizeof(*im.a))) == NULL)
		return ck_err_set(err, CK_FAIL, "out of memory");
	if ((o->map == NULL || (rc = ck_colmap_load(&im.map, o->map,
	    err)) == 0) &&
	    (rc = ck_reader_open(&im.r, path, o->fmt, err)) == 0 &&
	    (rc = ck_store_begin(st, err)) == 0) {
		if ((rc = ck_store_defer_keys(st, err)) == 0 &&
		    (rc = run(&im, ck_reader_name(im.r))) == 0)
			rc = ck_store_commit(st, err);
		if (rc)
			ck_store_rollback(st);
	}
	ck_progress_end(ck_store_progress(st));
	if (rc == 0) {
		*stats = im.stats;
		report(&im);
	}
	for (size_t i = 0; i < im.nrefused; i++)
		free((char *)im.refusals[i].claim_id);
	free(im.refusals);
	ck_colmap_free(im.map);
	ck_reader_close(im.r);
	free(im.a->arena);
	free(im.a);
	return rc;
}
