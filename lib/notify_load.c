/* Loading statements into the notification queue: all or nothing. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "claimkit/date.h"
#include "claimkit/money.h"
#include "claimkit/schedule.h"
#include "notify_int.h"

enum {
	C_STMT, C_DATE, C_GID, C_GNAME, C_EMAIL, C_MOBILE, C_CHANNEL, C_PID,
	C_PNAME, C_BALANCE, C_OLDEST, C_PROFILE, C_LEVEL, C_TZ, C_N
};

static const struct {
	const char *name;
	int required;
} cols[C_N] = {
	{"statement_id", 1}, {"statement_date", 1}, {"guarantor_id", 1},
	{"guarantor_name", 1}, {"email", 1}, {"mobile", 1}, {"channel", 1},
	{"patient_id", 1}, {"patient_name", 1}, {"balance", 1},
	{"oldest_service_date", 1}, {"profile", 1}, {"level", 0},
	{"time_zone", 0},
};

/* The claim columns --from-claims reads each statement column from. */
static const char *const claim_cols[C_N] = {
	"", "", "guarantor_id", "guarantor_name", "guarantor_email",
	"guarantor_mobile", "guarantor_channel", "claim_id", "patient_first",
	"patient_balance", "first_date", "", "", "",
};

/* A row of the run, its text at offsets (kept_text's order). */
struct kept {
	size_t off[12];
	int64_t balance;
	int level;
};

static const size_t kept_text[12] = {
	offsetof(struct nq_row, statement_id),
	offsetof(struct nq_row, statement_date),
	offsetof(struct nq_row, guarantor_id),
	offsetof(struct nq_row, guarantor_name),
	offsetof(struct nq_row, email),
	offsetof(struct nq_row, mobile),
	offsetof(struct nq_row, channel),
	offsetof(struct nq_row, patient_id),
	offsetof(struct nq_row, patient_name),
	offsetof(struct nq_row, oldest_service),
	offsetof(struct nq_row, profile),
	offsetof(struct nq_row, time_zone),
};

struct ld {
	struct ck_store *st;
	const char *claim;          /* --from-claims: the claim read */
	struct ck_reader *r;
	struct ck_err *err;
	int hdr[C_N];
	long line;
	/* the profiles met so far: a statement file names a few */
	struct nq_levels lv[16];
	char lvname[16][72];
	int nlv;
	char tz[128], due_days[16];
	struct nq_load *ld;
	struct ck_notify_load_stats *out;
	/* the rows kept: the runs of the batch, then the run of adjacent
	 * rows of one guarantor's cycle being read (from rfirst); their
	 * values in text, at offsets */
	char *gid, cycle[16];
	struct kept *run;
	size_t n, cap, rfirst;
	char *text;
	size_t tlen, tcap;
	unsigned char *seen;
	/* the batch: runs new to this load, stored together */
	struct brun {
		size_t first, n;
		char after[32], due[16];
	} b[NQ_BATCH];
	size_t nb;
	/* the last times computed: a file is mostly one date, one profile */
	const struct nq_levels *t_lv;
	char t_cycle[16], after[32], due[16];
};

static int at(struct ld *l, int c, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* A data error at the current line and column c's field. */
static int
at(struct ld *l, int c, const char *fmt, ...)
{
	char msg[600];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (l->r == NULL)
		return ck_err_set(l->err, CK_DATA, "claim '%s': %s: %s",
		    l->claim, *claim_cols[c] ? claim_cols[c] : cols[c].name, msg);
	return ck_err_set(l->err, CK_DATA, "%s:%ld:%d: %s: %s",
	    ck_reader_name(l->r), l->line, l->hdr[c] + 1, cols[c].name, msg);
}

static int
map_header(struct ld *l)
{
	const struct ck_row *h = ck_reader_header(l->r);

	for (int c = 0; c < C_N; c++)
		l->hdr[c] = -1;
	for (size_t i = 0; i < h->n; i++) {
		int c = 0;
		while (c < C_N && strcmp(cols[c].name, h->f[i]) != 0)
			c++;
		if (c == C_N)
			return ck_err_set(l->err, CK_DATA, "%s:%ld:%zu: unknown "
			    "column '%.60s': expected a statement column named "
			    "in claimkit(5)", ck_reader_name(l->r), h->line, i + 1,
			    h->f[i]);
		l->hdr[c] = (int)i;
	}
	for (int c = 0; c < C_N; c++)
		if (cols[c].required && l->hdr[c] < 0)
			return ck_err_set(l->err, CK_DATA, "%s:%ld: missing "
			    "column '%s': expected it in the header",
			    ck_reader_name(l->r), h->line, cols[c].name);
	return 0;
}

static const struct nq_levels *
levels(struct ld *l, const char *profile)
{
	for (int i = 0; i < l->nlv; i++)
		if (strcmp(l->lvname[i], profile) == 0)
			return &l->lv[i];
	if (l->nlv == 16 || strlen(profile) >= sizeof(l->lvname[0]))
		return NULL;
	if (nq_levels_get(l->st, profile, &l->lv[l->nlv], l->err))
		return NULL;
	snprintf(l->lvname[l->nlv], sizeof(l->lvname[0]), "%s", profile);
	return &l->lv[l->nlv++];
}

/* Printable text, no control characters (nothing can break a header). */
static int
text_ok(const char *v, size_t len)
{
	if (strlen(v) != len || len > 200)
		return -1;
	for (const char *p = v; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			return -1;
	return 0;
}

static int check_vals(struct ld *l, const char *const *v, struct nq_row *r);

static int
check_row(struct ld *l, const struct ck_row *row, struct nq_row *r)
{
	const char *v[C_N] = {0};

	for (int c = 0; c < C_N; c++) {
		if (l->hdr[c] < 0)
			continue;
		v[c] = row->f[l->hdr[c]];
		if (text_ok(v[c], row->len[l->hdr[c]]) < 0)
			return at(l, c, "expected text of at most 200 characters "
			    "without control characters");
	}
	return check_vals(l, v, r);
}

static int
check_vals(struct ld *l, const char *const *v, struct nq_row *r)
{
	const struct nq_levels *lv;

	for (int c = 0; c < C_N; c++)
		if (cols[c].required && *v[c] == '\0' && c != C_EMAIL &&
		    c != C_MOBILE && c != C_CHANNEL)
			return at(l, c, "expected a value");
	memset(r, 0, sizeof(*r));
	r->statement_id = v[C_STMT];
	r->statement_date = v[C_DATE];
	r->guarantor_id = v[C_GID];
	r->guarantor_name = v[C_GNAME];
	r->email = v[C_EMAIL];
	r->mobile = v[C_MOBILE];
	r->channel = v[C_CHANNEL];
	r->patient_id = v[C_PID];
	r->patient_name = v[C_PNAME];
	r->oldest_service = v[C_OLDEST];
	r->profile = v[C_PROFILE];
	r->time_zone = v[C_TZ];
	if (ck_date_check(r->statement_date) < 0)
		return at(l, C_DATE, "expected a date YYYY-MM-DD, got '%.20s'",
		    r->statement_date);
	if (ck_date_check(r->oldest_service) < 0)
		return at(l, C_OLDEST, "expected a date YYYY-MM-DD");
	if (strcmp(r->oldest_service, r->statement_date) > 0)
		return at(l, C_OLDEST, "expected a date on or before the "
		    "statement date (dates of service are not shown)");
	if (*r->email && ck_notify_email_check(r->email) < 0)
		return at(l, C_EMAIL, "expected an email address like "
		    "name@example.org (the value is private and not shown)");
	if (*r->mobile && ck_notify_phone_check(r->mobile) < 0)
		return at(l, C_MOBILE, "expected an E.164 number like "
		    "+13125550100 (the value is private and not shown)");
	if (*r->email == '\0' && *r->mobile == '\0')
		return at(l, C_EMAIL, "expected an email address or a mobile "
		    "number");
	if (*r->channel && strcmp(r->channel, "email") &&
	    strcmp(r->channel, "sms"))
		return at(l, C_CHANNEL, "expected email, sms or nothing, got "
		    "'%.20s'", r->channel);
	if ((strcmp(r->channel, "email") == 0 && *r->email == '\0') ||
	    (strcmp(r->channel, "sms") == 0 && *r->mobile == '\0'))
		return at(l, C_CHANNEL, "the preferred channel has no address");
	if (ck_money_parse(v[C_BALANCE], 0, &r->balance) < 0)
		return at(l, C_BALANCE, "expected an amount like 123.45, got "
		    "'%.20s'", v[C_BALANCE]);
	if (r->time_zone && *r->time_zone) {
		struct ck_sched s;
		struct ck_err e;
		ck_sched_init(&s);
		if (ck_sched_set(&s, CK_SCHED_OPT + 7, r->time_zone, &e))
			return at(l, C_TZ, "expected a zone like "
			    "America/Chicago, got '%.40s'", r->time_zone);
	}
	if ((lv = levels(l, r->profile)) == NULL)
		return l->err->code ? l->err->code : at(l, C_PROFILE,
		    "too many profiles in one file");
	if (!lv->found || lv->n == 0)
		return at(l, C_PROFILE, "no profile '%.60s' with levels: add it "
		    "with 'notify-queue profile add' and 'level add'",
		    r->profile);
	if (v[C_LEVEL] && *v[C_LEVEL]) {
		const char *w = v[C_LEVEL];
		int i = lv->n;
		if (strlen(w) < 3 && strspn(w, "0123456789") == strlen(w))
			for (i = 0; i < lv->n && lv->level[i] != atoi(w); i++)
				;
		if (i == lv->n)
			return at(l, C_LEVEL, "expected a level of profile "
			    "'%.60s', got '%.10s'", r->profile, w);
		r->level = lv->level[i];
	} else {
		/* days past due: from the oldest unpaid service to the
		 * statement */
		long days = ck_date_days(r->statement_date) -
		    ck_date_days(r->oldest_service);
		for (int i = 0; i < lv->n; i++)
			if (days >= lv->after[i])
				r->level = lv->level[i];
	}
	/* nothing owed on the account: it raises no dunning level, and a
	 * statement owing nothing is not sent */
	if (r->balance == 0)
		r->level = 0;
	return 0;
}

/* The instant (UTC text) of time hh:mm on date in the practice's zone. */
static int
instant(struct ld *l, const char *date, const char *hhmm, char *buf,
    size_t size)
{
	long moment = ck_date_days(date) * 1440 + atoi(hhmm) * 60 +
	    atoi(hhmm + 3);
	struct tm tm;
	time_t t;

	if (ck_sched_instant(l->tz, moment, &t, l->err))
		return l->err->code;
	gmtime_r(&t, &tm);
	strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
	return 0;
}

/* send_after and due_date of a cycle queued at profile lv's levels. */
static int
times(struct ld *l, const char *cycle, const struct nq_levels *lv)
{
	int rc;

	if (l->t_lv == lv && strcmp(l->t_cycle, cycle) == 0)
		return 0;
	l->t_lv = NULL;
	if ((rc = instant(l, cycle, lv->send_at, l->after, sizeof(l->after))))
		return rc;
	ck_date_from_days(ck_date_days(cycle) + atol(l->due_days), l->due);
	snprintf(l->t_cycle, sizeof(l->t_cycle), "%s", cycle);
	l->t_lv = lv;
	return 0;
}

/*
 * The cycles this load has met, as a Bloom filter: memory stays flat,
 * and a "maybe" only sends a run the slower, exact way.
 */
#define SEEN_BITS (1u << 23)

static int
seen(struct ld *l)
{
	uint64_t h = 1469598103934665603ULL;
	uint32_t h1, h2, b;
	int all = 1;

	for (const char *p = l->gid; ; p++) {
		h = (h ^ (unsigned char)*p) * 1099511628211ULL;
		if (*p == '\0')
			break;
	}
	for (const char *p = l->cycle; *p; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211ULL;
	h1 = (uint32_t)h;
	h2 = (uint32_t)(h >> 32) | 1;
	for (uint32_t i = 0; i < 3; i++) {
		b = (h1 + i * h2) & (SEEN_BITS - 1);
		if (!(l->seen[b >> 3] & (1u << (b & 7))))
			all = 0;
		l->seen[b >> 3] |= (unsigned char)(1u << (b & 7));
	}
	return all;
}

/* Keeps row r of the run. */
static int
keep(struct ld *l, const struct nq_row *r)
{
	struct kept *k;

	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 16;
		if ((k = realloc(l->run, cap * sizeof(*k))) == NULL)
			return ck_err_set(l->err, CK_FAIL, "out of memory");
		l->run = k;
		l->cap = cap;
	}
	k = &l->run[l->n++];
	for (int i = 0; i < 12; i++) {
		const char *v = *(const char *const *)(const void *)
		    ((const char *)r + kept_text[i]);
		size_t len = v ? strlen(v) + 1 : 1;
		if (l->tlen + len > l->tcap) {
			size_t cap = (l->tlen + len) * 2;
			char *t = realloc(l->text, cap);
			if (t == NULL)
				return ck_err_set(l->err, CK_FAIL,
				    "out of memory");
			l->text = t;
			l->tcap = cap;
		}
		k->off[i] = l->tlen;
		memcpy(l->text + l->tlen, v ? v : "", len);
		l->tlen += len;
	}
	k->balance = r->balance;
	k->level = r->level;
	return 0;
}

/* Row i of the run, its text in place. */
static void
kept_row(const struct ld *l, size_t i, struct nq_row *r)
{
	const struct kept *k = &l->run[i];

	memset(r, 0, sizeof(*r));
	for (int f = 0; f < 12; f++)
		*(const char **)(void *)((char *)r + kept_text[f]) =
		    l->text + k->off[f];
	r->balance = k->balance;
	r->level = k->level;
}

/* From all of this load's rows of cycle gid's cycle, as one group. */
static int
queue_again(struct ld *l, const char *gid, const char *cycle)
{
	struct nq_group g = {.guarantor_id = gid, .cycle = cycle};
	const struct nq_levels *lv;
	char profile[72];
	int rc, made;

	if ((rc = nq_top(l->ld, &g, profile, sizeof(profile), l->err)) ||
	    g.level == 0)
		return rc;
	if ((lv = levels(l, profile)) == NULL)
		return l->err->code ? l->err->code : CK_FAIL;
	if ((rc = times(l, cycle, lv)) ||
	    (rc = nq_queue(l->ld, &g, l->after, l->due, &made, l->err)))
		return rc;
	l->out->queued += made;
	return 0;
}

/*
 * The notification of the n rows from first, as *t: from the first of
 * its highest level, with the balance of all.  t->lv is NULL when none
 * of them is due.
 */
static int
top_of(struct ld *l, size_t first, size_t n, struct nq_top *t)
{
	size_t top = first;
	int rc;

	memset(t, 0, sizeof(*t));
	for (size_t i = first; i < first + n; i++) {
		t->balance += l->run[i].balance;
		if (l->run[i].level > l->run[top].level)
			top = i;
	}
	if (l->run[top].level <= 0)
		return 0;
	kept_row(l, top, &t->row);
	if ((t->lv = levels(l, t->row.profile)) == NULL)
		return l->err->code ? l->err->code : CK_FAIL;
	if ((rc = times(l, t->row.statement_date, t->lv)))
		return rc;
	t->send_after = l->after;
	t->due_date = l->due;
	return 0;
}

/*
 * Stores the run of n rows from first and queues its notification: at
 * once, from all its rows, when its cycle is new to this load (fresh)
 * and has none; else (a file not grouped by guarantor, a cycle queued
 * before, rows loaded before) from all of this load's rows of that
 * cycle.
 */
static int
store_run(struct ld *l, size_t first, size_t n, int fresh)
{
	struct nq_top t = {0};
	struct nq_row r;
	int64_t id, not = 0, lo = 0, hi = 0;
	size_t added = 0;
	int rc, level = -1;

	if (fresh && ((rc = top_of(l, first, n, &t)) || (t.lv &&
	    (rc = nq_queue_tops(l->ld, &t, 1, &not, l->err)))))
		return rc;
	for (size_t i = first; i < first + n; i++) {
		kept_row(l, i, &r);
		if ((rc = nq_statement_add(l->ld, &r, not, &id, l->err)))
			return rc;
		if (id == 0) {
			l->out->skipped++;
			continue;
		}
		lo = lo ? lo : id;
		hi = id;
		added++;
		if (r.level > level)
			level = r.level;
	}
	if (not && added == n) {
		l->out->queued++;
		return 0;
	}
	/* queued from rows of which some were loaded before: taken back,
	 * and queued from the new ones alone */
	if (not && (rc = nq_withdraw(l->ld, not, lo, hi, l->err)))
		return rc;
	if (lo == 0 || (fresh && level <= 0))
		return 0;
	kept_row(l, first, &r);
	return queue_again(l, r.guarantor_id, r.statement_date);
}

/* The notifications of the batch's runs that are due, as t[0..*m), each
 * run's id in tid (0: none); their times kept in the runs. */
static int
batch_tops(struct ld *l, struct nq_top *t, size_t *m, size_t *tid)
{
	int rc;

	*m = 0;
	for (size_t i = 0; i < l->nb; i++) {
		struct brun *b = &l->b[i];
		if ((rc = top_of(l, b->first, b->n, &t[*m])))
			return rc;
		tid[i] = 0;
		if (t[*m].lv == NULL)
			continue;
		memcpy(b->after, l->after, sizeof(b->after));
		memcpy(b->due, l->due, sizeof(b->due));
		t[*m].send_after = b->after;
		t[*m].due_date = b->due;
		tid[i] = ++*m;
	}
	return 0;
}

/* The batch's rows, each naming its run's notification. */
static int
batch_rows(struct ld *l, int64_t first, const size_t *tid)
{
	struct nq_row r[NQ_BATCH];
	int64_t not[NQ_BATCH], last;
	size_t n = 0, added;
	int rc;

	for (size_t i = 0; i < l->nb; i++)
		for (size_t j = 0; j < l->b[i].n; j++, n++) {
			kept_row(l, l->b[i].first + j, &r[n]);
			not[n] = tid[i] ? first + (int64_t)tid[i] - 1 : 0;
		}
	if ((rc = nq_statements_add(l->ld, r, not, n, &added, &last, l->err)))
		return rc;
	if (added == n)
		return 0;
	/* an account loaded before, or twice in the file: taken back, and
	 * stored the way that sees to it */
	if (added && (rc = nq_statements_drop(l->ld, last - (int64_t)added + 1,
	    last, l->err)))
		return rc;
	return -1;
}

/*
 * Stores the batch: its notifications in one statement, then its rows
 * in another.  When either finds what an earlier load (or this one)
 * stored, both are taken back and each run is stored on its own.
 */
static int
store_batch(struct ld *l)
{
	struct nq_top t[NQ_BATCH];
	size_t m, tid[NQ_BATCH];
	int64_t first = 0;
	int rc = 0;

	if (l->nb == 0)
		return 0;
	if ((rc = batch_tops(l, t, &m, tid)) ||
	    (m && (rc = nq_queue_tops(l->ld, t, m, &first, l->err))))
		return rc;
	if ((m == 0 || first) && (rc = batch_rows(l, first, tid)) == 0) {
		l->out->queued += m;
		l->nb = 0;
		return 0;
	}
	if (rc > 0 || (first && (rc = nq_withdraw(l->ld, first, 0, 0,
	    l->err))))
		return rc;
	rc = 0;
	for (size_t i = 0; i < l->nb && rc == 0; i++)
		rc = store_run(l, l->b[i].first, l->b[i].n, 1);
	l->nb = 0;
	return rc;
}

/*
 * Ends the run being read: into the batch when its cycle is new to this
 * load, the batch stored when it holds half of NQ_BATCH rows; else the
 * batch stored, then the run on its own.
 */
static int
end_run(struct ld *l)
{
	size_t first = l->rfirst, n = l->n - first;
	int rc, fresh;

	if (n == 0)
		return 0;
	fresh = !seen(l);
	if (fresh && n <= NQ_BATCH / 2) {
		l->b[l->nb].first = first;
		l->b[l->nb++].n = n;
		/* the batch's rows are all the rows kept */
		l->rfirst = l->n;
		if (l->n < NQ_BATCH / 2)
			return 0;
		rc = store_batch(l);
	} else if ((rc = store_batch(l)) == 0)
		rc = store_run(l, first, n, fresh);
	l->n = l->tlen = l->rfirst = 0;
	return rc;
}

/* Keeps a checked row, ending the run before it when it ends. */
static int
add_row(struct ld *l, const struct nq_row *r)
{
	int rc;

	if (l->gid == NULL || strcmp(l->gid, r->guarantor_id) ||
	    strcmp(l->cycle, r->statement_date)) {
		if ((rc = end_run(l)))
			return rc;
		free(l->gid);
		if ((l->gid = strdup(r->guarantor_id)) == NULL)
			return ck_err_set(l->err, CK_FAIL, "out of memory");
		snprintf(l->cycle, sizeof(l->cycle), "%s", r->statement_date);
	}
	l->out->rows++;
	return keep(l, r);
}

/* One claim with a patient balance, as a statement row. */
static int
claim_row(void *arg, const char *const *v)
{
	struct ld *l = arg;
	struct nq_row r;
	int rc;

	l->claim = v[C_PID];
	if ((rc = check_vals(l, v, &r)))
		return rc;
	return add_row(l, &r);
}

static int
load_rows(struct ld *l, const struct ck_notify_from *from)
{
	struct ck_row *row;
	struct nq_row r;
	int rc;

	if ((rc = nq_load_start(l->st, l->r ? ck_reader_name(l->r) :
	    "--from-claims", &l->ld, l->err)))
		return rc;
	if (l->r == NULL)
		rc = nq_claim_rows(l->st, from->profile, from->date, claim_row,
		    l, l->err);
	else while ((rc = ck_reader_next(l->r, &row, l->err)) == 1) {
		l->line = row->line;
		if ((rc = check_row(l, row, &r)) || (rc = add_row(l, &r)))
			break;
	}
	if (rc == 0 && (rc = end_run(l)) == 0 && (rc = store_batch(l)) == 0)
		rc = nq_load_done(l->ld, l->err);
	nq_load_end(l->ld);
	return rc;
}

static int
load(struct ck_store *st, const char *path, const struct ck_notify_from *from,
    struct ck_notify_load_stats *out, struct ck_err *err)
{
	struct ld *l = calloc(1, sizeof(*l));
	int rc;

	memset(out, 0, sizeof(*out));
	if (l == NULL || (l->seen = calloc(1, SEEN_BITS / 8)) == NULL) {
		free(l);
		return ck_err_set(err, CK_FAIL, "out of memory");
	}
	l->st = st;
	l->err = err;
	l->out = out;
	if ((rc = ck_notify_setting(st, "notify.tz", l->tz, sizeof(l->tz),
	    err)) || (rc = ck_notify_setting(st, "notify.due_days",
	    l->due_days, sizeof(l->due_days), err)) ||
	    (path && (rc = ck_reader_open(&l->r, path, CK_FMT_AUTO, err)))) {
		free(l->seen);
		free(l);
		return rc;
	}
	if ((rc = path ? map_header(l) : 0) == 0 &&
	    (rc = ck_store_begin(st, err)) == 0) {
		if ((rc = load_rows(l, from)) == 0)
			rc = ck_store_commit(st, err);
		if (rc)
			ck_store_rollback(st);
	}
	if (l->r)
		ck_reader_close(l->r);
	free(l->gid);
	free(l->run);
	free(l->text);
	free(l->seen);
	free(l);
	return rc;
}

int
ck_notify_load(struct ck_store *st, const char *path,
    struct ck_notify_load_stats *out, struct ck_err *err)
{
	return load(st, path, NULL, out, err);
}

int
ck_notify_load_claims(struct ck_store *st, const struct ck_notify_from *f,
    struct ck_notify_load_stats *out, struct ck_err *err)
{
	return load(st, NULL, f, out, err);
}
