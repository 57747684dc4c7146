/*
 * The 835 (005010X221A1 health care claim payment/advice) reader, on the
 * segment reader of x12read.c.  See remit.h for what it hands out.
 *
 * A remittance is checked as it is read: each line (SVC02 - SVC03 = its
 * CAS), each claim (CLP03 - CLP04 = CAS of the claim and its lines) when
 * it ends, and the whole (BPR02 = sum of CLP04 - sum of PLB) at its SE.
 *
 * Two reads of the file, one of them light.  The first checks only the
 * envelopes (the segment reader's checks, and that every set is an 835),
 * so that a file refused whole hands out nothing.  The second parses
 * each set once, keeping what it would hand out (its header, claims and
 * PLB adjustments, packed: a claim of two lines is some 300 bytes) until
 * its SE shows it sound; then it hands those out, or reports the set
 * bad and drops them.  Memory: one claim, plus the largest set's packed
 * hand-outs up to SET_CAP; a set past that cap is checked to its SE and,
 * when sound, read again from its ST (the reader's mark) to hand it out
 * as it is read, so memory stays under SET_CAP whatever the file.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "claimkit/date.h"
#include "claimkit/money.h"
#include "claimkit/remit.h"
#include "x12read_int.h"

/* a check of the remittance failed: p->why says which */
#define BADSET (-100)
/* the file is no sound 835: p->why says why */
#define FATAL (-101)

/* The most a set's packed hand-outs may take; a set past it is read
 * again rather than kept (the unit test lowers it). */
#define SET_CAP (8u << 20)
static size_t set_cap = SET_CAP;

#define MONEY(v, buf) ck_money_format((int64_t)(v), buf)

enum where { W_OUT, W_HEAD, W_PAYER, W_PAYEE, W_LX, W_CLAIM, W_LINE, W_PLB };

struct p835 {
	const struct ck_835_cb *cb;
	struct ck_x12_reader *r;
	int skip;               /* pass over the rest of this set */
	int begun;              /* the header of this set has ended */
	int direct;             /* this set is read again: hand out as read */
	enum where where;
	long sets;              /* ordinal of the set */
	long long sum_paid, sum_plb;
	int bpr, trn;
	struct ck_835_remit rm;
	struct ck_835_remit rm0; /* as its ST left it, to read it again */
	struct ck_xr_mark mark; /* just after its ST */
	struct ck_835_claim cl;
	int in_claim;
	struct ck_err why;
	unsigned char *kept;    /* the set's hand-outs, packed */
	size_t nkept, capkept;
	int over;               /* they passed set_cap */
};

static int
fail(struct p835 *p, const struct ck_x12_seg *s, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int
fail(struct p835 *p, const struct ck_x12_seg *s, const char *fmt, ...)
{
	char msg[600];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	ck_x12_fail(p->r, s, &p->why, "%s", msg);
	return BADSET;
}

/* --- values --- */

/* strnlen by hand: the strings here are short, often empty, and a call
 * each was a tenth of parsing an 835. */
static inline size_t
len_upto(const char *s, size_t max)
{
	size_t n = 0;

	while (n < max && s[n] != '\0')
		n++;
	return n;
}

static int
amount(struct p835 *p, const struct ck_x12_seg *s, int i, long long *v,
    int required)
{
	const char *a = ck_xr_el(s, i);

	if (*a == '\0' && !required) {
		*v = 0;
		return 0;
	}
	if (ck_xr_amount(a, v) != 0)
		return fail(p, s, "expected an amount in %s%02d, found '%s'",
		    s->el[0], i, a);
	return 0;
}

/* A D8 date (CCYYMMDD) as YYYY-MM-DD. */
static int
date8(struct p835 *p, const struct ck_x12_seg *s, int i, char *out)
{
	const char *d = ck_xr_el(s, i);
	int k = 0;

	while (k < 8 && d[k] >= '0' && d[k] <= '9')
		k++;
	if (k == 8 && d[8] == '\0') {
		/* by hand: snprintf here was a tenth of parsing an 835 */
		memcpy(out, d, 4);
		out[4] = '-';
		memcpy(out + 5, d + 4, 2);
		out[7] = '-';
		memcpy(out + 8, d + 6, 2);
		out[10] = '\0';
		if (ck_date_check(out) == 0)
			return 0;
	}
	out[0] = '\0';
	/* dates of service and of birth are not shown */
	return fail(p, s, "expected a date as CCYYMMDD in %s%02d (the value is "
	    "not shown)", s->el[0], i);
}

/* Copies element i into dst, refusing one too long for it. */
static int
keep(struct p835 *p, const struct ck_x12_seg *s, int i, char *dst,
    size_t size)
{
	const char *v = ck_xr_el(s, i);
	size_t n = len_upto(v, size);   /* short: no calls */

	if (n == size)
		return fail(p, s, "expected at most %zu characters in %s%02d",
		    size - 1, s->el[0], i);
	memcpy(dst, v, n);
	dst[n] = '\0';
	return 0;
}

/* s cut to fit dst of size bytes, as snprintf "%s" would. */
static void
cut(char *dst, size_t size, const char *s)
{
	size_t n = len_upto(s, size - 1);

	memcpy(dst, s, n);
	dst[n] = '\0';
}

/* Adds element i of s, when not empty, to a space-separated list. */
static void
add_code(char *list, size_t size, const struct ck_x12_seg *s, int i)
{
	const char *c = ck_xr_el(s, i);
	size_t n = strlen(list), cn = strlen(c);

	if (*c == '\0' || n + cn + 2 >= size)
		return;
	if (n > 0)
		list[n++] = ' ';
	memcpy(list + n, c, cn + 1);
}

/* --- a set's hand-outs, kept packed until its SE --- */

enum { KEPT_BEGIN = 'B', KEPT_CLAIM = 'C', KEPT_PLB = 'P' };

/* A part of a struct handed out: a string (packed as its length and
 * bytes) or a span of raw bytes, fields that lie side by side (short
 * strings among them: copying them whole costs less than finding where
 * they end).  The tables name every field but the arrays of adjustments
 * and lines, packed after them, nadj and nlines long. */
struct field {
	unsigned short off, size;
	char str;
};

#define STR(type, f) {offsetof(type, f), sizeof(((type *)0)->f), 1}
/* fields a to b and what lies between */
#define SPAN(type, a, b) {offsetof(type, a), offsetof(type, b) + \
	sizeof(((type *)0)->b) - offsetof(type, a), 0}
#define CL(k, ...) k(struct ck_835_claim, __VA_ARGS__)
#define LN(k, ...) k(struct ck_835_line, __VA_ARGS__)

static const struct field claim_fields[] = {
	CL(SPAN, number, number), CL(STR, claim_id),
	CL(SPAN, status, patient_resp), CL(STR, payer_claim_id),
	CL(STR, crossover), CL(STR, patient_id), CL(STR, remarks),
	CL(SPAN, service_date, nadj), CL(SPAN, nlines, nlines), {0, 0, 0}
};
static const struct field line_fields[] = {
	LN(STR, procedure), LN(SPAN, code, modifiers), LN(STR, original),
	LN(SPAN, orig_code, date), LN(STR, control), LN(STR, remarks),
	LN(SPAN, nadj, nadj), {0, 0, 0}
};

#define BEFORE(type, a, b) (offsetof(type, a) < offsetof(type, b))
_Static_assert(BEFORE(struct ck_835_claim, status, patient_resp) &&
    BEFORE(struct ck_835_claim, service_date, nadj) &&
    BEFORE(struct ck_835_line, code, modifiers) &&
    BEFORE(struct ck_835_line, orig_code, date),
    "the spans follow the order of the fields in remit.h");

/* Packs the fields of the struct at from into out; returns the end. */
static unsigned char *
pack(unsigned char *out, const void *from, const struct field *f)
{
	for (; f->size != 0; f++) {
		const char *v = (const char *)from + f->off;
		size_t n = f->size;

		if (f->str) {
			n = len_upto(v, f->size - 1u);
			*out++ = (unsigned char)n;
			if (n > 0)      /* many are empty */
				memcpy(out, v, n);
		} else
			memcpy(out, v, n);
		out += n;
	}
	return out;
}

/* Unpacks into the struct at to, every field whole (a string with its
 * NUL); returns the end. */
static const unsigned char *
unpack(const unsigned char *in, void *to, const struct field *f)
{
	for (; f->size != 0; f++) {
		char *v = (char *)to + f->off;
		size_t n = f->size;

		if (f->str) {
			n = *in++;
			v[n] = '\0';
			if (n > 0)      /* many are empty */
				memcpy(v, in, n);
		} else
			memcpy(v, in, n);
		in += n;
	}
	return in;
}

/* Empties every field of a claim or a line (as the tables name them; a
 * string's first byte) before it is parsed.  (Clearing whole structs,
 * adjustments and all, was a fifth of parsing an 835.) */
static void
clear_claim(struct ck_835_claim *c)
{
	c->number = 0;
	c->claim_id[0] = c->status[0] = c->payer_claim_id[0] = '\0';
	c->crossover[0] = c->patient_id[0] = c->remarks[0] = '\0';
	c->service_date[0] = '\0';
	c->charge = c->paid = c->patient_resp = 0;
	c->nadj = c->nlines = 0;
}

static void
clear_line(struct ck_835_line *l)
{
	l->procedure[0] = l->code[0] = l->original[0] = '\0';
	l->orig_code[0] = l->date[0] = l->control[0] = l->remarks[0] = '\0';
	memset(l->modifiers, 0, sizeof(l->modifiers));
	memset(l->orig_modifiers, 0, sizeof(l->orig_modifiers));
	l->charge = l->paid = l->allowed = 0;
	l->units = 0;
	l->nadj = 0;
}

/* Room for n more bytes of hand-outs; 0 when the set passed the cap. */
static int
room(struct p835 *p, size_t n, struct ck_err *err)
{
	unsigned char *k;
	size_t cap;

	if (p->over || p->nkept + n > set_cap) {
		p->over = 1;
		return 0;
	}
	if (p->nkept + n <= p->capkept)
		return 1;
	for (cap = p->capkept ? p->capkept : 64 * 1024; cap < p->nkept + n;)
		cap *= 2;
	if ((k = realloc(p->kept, cap)) == NULL)
		return ck_err_set(err, CK_FAIL, "out of memory"), -1;
	p->kept = k;
	p->capkept = cap;
	return 1;
}

/* Keeps a whole struct (a header, a PLB), tagged. */
static int
keep_raw(struct p835 *p, int tag, const void *v, size_t size)
{
	int rc = room(p, 1 + size, &p->why);

	if (rc <= 0)
		return rc < 0 ? FATAL : 0;
	p->kept[p->nkept++] = (unsigned char)tag;
	memcpy(p->kept + p->nkept, v, size);
	p->nkept += size;
	return 0;
}

/* Adjustments, whole: they are few and short. */
static unsigned char *
pack_adjs(unsigned char *out, const struct ck_835_adj *a, int n)
{
	memcpy(out, a, (size_t)n * sizeof(*a));
	return out + (size_t)n * sizeof(*a);
}

static int
keep_claim(struct p835 *p)
{
	const struct ck_835_claim *c = &p->cl;
	size_t most = 1 + sizeof(*c) + (size_t)c->nadj * sizeof(*c->adj);
	unsigned char *out;
	int rc;

	for (int k = 0; k < c->nlines; k++)
		most += sizeof(c->line[k]) - sizeof(c->line[k].adj) +
		    (size_t)c->line[k].nadj * sizeof(*c->adj);
	if ((rc = room(p, most, &p->why)) <= 0)
		return rc < 0 ? FATAL : 0;
	out = p->kept + p->nkept;
	*out++ = KEPT_CLAIM;
	out = pack(out, c, claim_fields);
	out = pack_adjs(out, c->adj, c->nadj);
	for (int k = 0; k < c->nlines; k++) {
		const struct ck_835_line *l = &c->line[k];

		out = pack(out, l, line_fields);
		out = pack_adjs(out, l->adj, l->nadj);
	}
	p->nkept = (size_t)(out - p->kept);
	return 0;
}

static const unsigned char *
unpack_adjs(const unsigned char *in, struct ck_835_adj *a, int n)
{
	memcpy(a, in, (size_t)n * sizeof(*a));
	return in + (size_t)n * sizeof(*a);
}

/* The claim kept at in back into p->cl, every field as the parse left
 * it; returns the end. */
static const unsigned char *
unpack_claim(struct p835 *p, const unsigned char *in)
{
	struct ck_835_claim *c = &p->cl;

	in = unpack(in, c, claim_fields);
	in = unpack_adjs(in, c->adj, c->nadj);
	for (int k = 0; k < c->nlines; k++) {
		struct ck_835_line *l = &c->line[k];

		in = unpack(in, l, line_fields);
		in = unpack_adjs(in, l->adj, l->nadj);
	}
	return in;
}

/* The set is sound: hand out what was kept, then its end. */
static int
hand_out(struct p835 *p)
{
	const struct ck_835_cb *cb = p->cb;
	const unsigned char *in = p->kept, *end = p->kept + p->nkept;
	struct ck_835_remit rm;
	struct ck_835_plb b;
	int rc = 0;

	while (in < end && rc == 0)
		switch (*in++) {
		case KEPT_BEGIN:
			memcpy(&rm, in, sizeof(rm));
			in += sizeof(rm);
			if ((rc = cb->begin(cb->arg, &rm)) == CK_835_SKIP)
				return 0;
			break;
		case KEPT_CLAIM:
			in = unpack_claim(p, in);
			rc = cb->claim(cb->arg, &p->cl);
			break;
		default:
			memcpy(&b, in, sizeof(b));
			in += sizeof(b);
			rc = cb->plb(cb->arg, &b);
			break;
		}
	if (rc == 0 && cb->end != NULL)
		rc = cb->end(cb->arg, &p->rm);
	return rc;
}

/* What the set hands out, kept until its SE or, read again, at once. */
static int
give_begin(struct p835 *p)
{
	int rc;

	if (p->cb->begin == NULL)
		return 0;
	if (!p->direct)
		return keep_raw(p, KEPT_BEGIN, &p->rm, sizeof(p->rm));
	if ((rc = p->cb->begin(p->cb->arg, &p->rm)) == CK_835_SKIP)
		p->skip = 1;
	return rc == CK_835_SKIP ? 0 : rc;
}

static int
give_claim(struct p835 *p)
{
	if (p->cb->claim == NULL)
		return 0;
	return p->direct ? p->cb->claim(p->cb->arg, &p->cl) : keep_claim(p);
}

static int
give_plb(struct p835 *p, const struct ck_835_plb *b)
{
	if (p->cb->plb == NULL)
		return 0;
	return p->direct ? p->cb->plb(p->cb->arg, b) :
	    keep_raw(p, KEPT_PLB, b, sizeof(*b));
}

/* --- the header --- */

static int
bpr(struct p835 *p, struct ck_x12_seg *s)
{
	int rc;

	if ((rc = amount(p, s, 2, &p->rm.amount, 1)) != 0 ||
	    (rc = keep(p, s, 4, p->rm.method, sizeof(p->rm.method))) != 0)
		return rc;
	if (*ck_xr_el(s, 16) != '\0' &&
	    (rc = date8(p, s, 16, p->rm.paid_date)) != 0)
		return rc;
	p->bpr = 1;
	return 0;
}

static int
trn(struct p835 *p, struct ck_x12_seg *s)
{
	int rc;

	if (*ck_xr_el(s, 2) == '\0')
		return fail(p, s, "expected a trace number in TRN02");
	if ((rc = keep(p, s, 2, p->rm.trace, sizeof(p->rm.trace))) != 0 ||
	    (rc = keep(p, s, 3, p->rm.payer_key, sizeof(p->rm.payer_key))))
		return rc;
	if (p->rm.payer_id[0] == '\0')
		snprintf(p->rm.payer_id, sizeof(p->rm.payer_id), "%s",
		    p->rm.payer_key);
	p->trn = 1;
	return 0;
}

static int
n1(struct p835 *p, struct ck_x12_seg *s)
{
	const char *who = ck_xr_el(s, 1);
	int rc;

	if (is(who, "PR")) {
		p->where = W_PAYER;
		if ((rc = keep(p, s, 2, p->rm.payer_name,
		    sizeof(p->rm.payer_name))) != 0)
			return rc;
		if (*ck_xr_el(s, 4) != '\0')
			return keep(p, s, 4, p->rm.payer_id,
			    sizeof(p->rm.payer_id));
		return 0;
	}
	if (is(who, "PE")) {
		p->where = W_PAYEE;
		if ((rc = keep(p, s, 2, p->rm.payee_name,
		    sizeof(p->rm.payee_name))) != 0)
			return rc;
		return keep(p, s, 4, p->rm.payee_id, sizeof(p->rm.payee_id));
	}
	return 0;
}

/* The header ends at the first LX, CLP or PLB: the remittance begins. */
static int
end_header(struct p835 *p, struct ck_x12_seg *s)
{
	if (p->begun)
		return 0;
	if (!p->bpr || !p->trn)
		return fail(p, s, "expected %s before the claims",
		    !p->bpr ? "BPR" : "TRN");
	p->begun = 1;
	return give_begin(p);
}

/* --- claims and lines --- */

static long long
adj_sum(const struct ck_835_adj *a, int n)
{
	long long t = 0;

	for (int i = 0; i < n; i++)
		t += a[i].amount;
	return t;
}

static int
check_line(struct p835 *p, const struct ck_835_line *l, int k)
{
	char c[24], d[24], sum[24], *id[] = {"CLP"};
	struct ck_x12_seg s = {.number = p->cl.number, .n = 0, .el = id};
	long long cas = adj_sum(l->adj, l->nadj);

	if (l->charge - l->paid == cas)
		return 0;
	return fail(p, &s, "claim '%s' line %d: SVC02 %s - SVC03 %s is not "
	    "the sum of its CAS, %s", p->cl.claim_id, k + 1,
	    MONEY(l->charge, c), MONEY(l->paid, d),
	    MONEY(cas, sum));
}

/* The claim is whole: check it and hand it on. */
static int
end_claim(struct p835 *p)
{
	char c[24], d[24], sum[24], *id[] = {"CLP"};
	struct ck_x12_seg s = {.number = p->cl.number, .n = 0, .el = id};
	long long cas;
	int rc;

	if (!p->in_claim)
		return 0;
	p->in_claim = 0;
	cas = adj_sum(p->cl.adj, p->cl.nadj);
	for (int k = 0; k < p->cl.nlines; k++) {
		if ((rc = check_line(p, &p->cl.line[k], k)) != 0)
			return rc;
		cas += adj_sum(p->cl.line[k].adj, p->cl.line[k].nadj);
	}
	if (p->cl.charge - p->cl.paid != cas)
		return fail(p, &s, "claim '%s': CLP03 %s - CLP04 %s is not the "
		    "sum of the claim's and its lines' CAS, %s",
		    p->cl.claim_id, MONEY(p->cl.charge, c),
		    MONEY(p->cl.paid, d), MONEY(cas, sum));
	p->sum_paid += p->cl.paid;
	p->rm.claims++;
	return give_claim(p);
}

static int
clp_status_ok(const char *s)
{
	static const char *const ok[] = {"1", "2", "3", "4", "19", "20", "21",
	    "22", "23", "25", NULL};

	for (int i = 0; ok[i]; i++)
		if (is(ok[i], s))
			return 1;
	return 0;
}

static int
clp(struct p835 *p, struct ck_x12_seg *s)
{
	struct ck_835_claim *c = &p->cl;
	int rc;

	if ((rc = end_claim(p)) != 0 || (rc = end_header(p, s)) != 0)
		return rc;
	clear_claim(c);
	c->number = s->number;
	if (*ck_xr_el(s, 1) == '\0')
		return fail(p, s, "expected our claim id in CLP01");
	if (!clp_status_ok(ck_xr_el(s, 2)))
		return fail(p, s, "expected a claim status code (1, 2, 3, 4, "
		    "19, 20, 21, 22, 23 or 25) in CLP02, found '%s'",
		    ck_xr_el(s, 2));
	if ((rc = keep(p, s, 1, c->claim_id, sizeof(c->claim_id))) != 0 ||
	    (rc = keep(p, s, 2, c->status, sizeof(c->status))) != 0 ||
	    (rc = amount(p, s, 3, &c->charge, 1)) != 0 ||
	    (rc = amount(p, s, 4, &c->paid, 1)) != 0 ||
	    (rc = amount(p, s, 5, &c->patient_resp, 0)) != 0 ||
	    (rc = keep(p, s, 7, c->payer_claim_id,
	    sizeof(c->payer_claim_id))) != 0)
		return rc;
	p->in_claim = 1;
	p->where = W_CLAIM;
	return 0;
}

static int
cas(struct p835 *p, struct ck_x12_seg *s)
{
	const char *g = ck_xr_el(s, 1);
	struct ck_835_adj *a;
	int *n, rc;

	if (p->where == W_LINE) {
		struct ck_835_line *l = &p->cl.line[p->cl.nlines - 1];
		a = l->adj;
		n = &l->nadj;
	} else if (p->where == W_CLAIM) {
		a = p->cl.adj;
		n = &p->cl.nadj;
	} else
		return fail(p, s, "expected CAS inside a claim or a line");
	if (!is(g, "CO") && !is(g, "PR") && !is(g, "OA") && !is(g, "PI") &&
	    !is(g, "CR"))
		return fail(p, s, "expected CO, PR, OA, PI or CR in CAS01, "
		    "found '%s'", g);
	for (int k = 0; k < 6; k++) {
		const char *reason = ck_xr_el(s, 2 + 3 * k);

		if (*reason == '\0') {
			if (k == 0)
				return fail(p, s, "expected a reason code in "
				    "CAS02");
			continue;
		}
		if (*n == CK_835_MAX_ADJ)
			return fail(p, s, "more than %d adjustments",
			    CK_835_MAX_ADJ);
		memcpy(a[*n].group, g, 3);     /* one of the five above */
		if ((rc = keep(p, s, 2 + 3 * k, a[*n].reason,
		    sizeof(a[*n].reason))) != 0 ||
		    (rc = amount(p, s, 3 + 3 * k, &a[*n].amount, 1)) != 0)
			return rc;
		(*n)++;
	}
	return 0;
}

/* SVC01 and SVC06: "HC:99213:25" joined with ':' whatever the file's
 * component separator.  (By hand, not snprintf: that was half of
 * parsing an 835.) */
static int
procedure(struct p835 *p, struct ck_x12_seg *s, int i, char *out, size_t size,
    char *code, char (*mods)[3])
{
	const char *part[8];
	int n, over = 0;
	size_t len = 0;

	if (*ck_xr_el(s, i) == '\0') {         /* SVC06, mostly */
		out[0] = code[0] = '\0';
		memset(mods, 0, 4 * sizeof(*mods));
		return 0;
	}
	if ((n = ck_xr_comps(p->r, s, i, part, 8, &p->why)) < 0)
		return BADSET;
	/* joined byte by byte: the parts are a few characters each */
	for (int k = 0; k < n && k < 6 && !over; k++) {
		if (k > 0 && !(over = len + 1 >= size))
			out[len++] = ':';
		for (const char *c = part[k]; *c != '\0' && !over; c++)
			if (!(over = len + 1 >= size))
				out[len++] = *c;
	}
	out[len] = '\0';
	if (over)
		return fail(p, s, "expected a shorter procedure in SVC%02d", i);
	cut(code, 16, part[1]);
	for (int m = 0; m < 4; m++)
		cut(mods[m], 3, part[2 + m]);
	return 0;
}

static int
svc(struct p835 *p, struct ck_x12_seg *s)
{
	struct ck_835_line *l;
	const char *u = ck_xr_el(s, 5);
	long long units;
	int rc;

	if (!p->in_claim)
		return fail(p, s, "expected SVC inside a claim (after CLP)");
	if (p->cl.nlines == CK_835_MAX_LINES)
		return fail(p, s, "more than %d lines in claim '%s'",
		    CK_835_MAX_LINES, p->cl.claim_id);
	l = &p->cl.line[p->cl.nlines++];
	clear_line(l);
	l->allowed = -1;
	l->units = 1;
	if (*ck_xr_el(s, 1) == '\0')
		return fail(p, s, "expected a procedure in SVC01");
	if ((rc = procedure(p, s, 1, l->procedure, sizeof(l->procedure),
	    l->code, l->modifiers)) != 0 ||
	    (rc = amount(p, s, 2, &l->charge, 1)) != 0 ||
	    (rc = amount(p, s, 3, &l->paid, 1)) != 0 ||
	    (rc = procedure(p, s, 6, l->original, sizeof(l->original),
	    l->orig_code, l->orig_modifiers)) != 0)
		return rc;
	/* units are a decimal number; whole units are what we bill */
	if (*u != '\0') {
		if (ck_xr_amount(u, &units) != 0 || units % 100 != 0)
			return fail(p, s, "expected whole units in SVC05, "
			    "found '%s'", u);
		l->units = (long)(units / 100);
	}
	p->where = W_LINE;
	return 0;
}

static int
claim_seg(struct p835 *p, struct ck_x12_seg *s, unsigned id)
{
	struct ck_835_claim *c = &p->cl;
	const char *q = ck_xr_el(s, 1);
	char scratch[11];
	long long v;

	switch (id) {
	case SEG('N', 'M', '1'):
		if (is(q, "QC"))
			cut(c->patient_id, sizeof(c->patient_id),
			    ck_xr_el(s, 9));
		else if (is(q, "TT"))
			cut(c->crossover, sizeof(c->crossover),
			    *ck_xr_el(s, 3) ? ck_xr_el(s, 3) : "(unnamed)");
		return 0;
	case SEG('M', 'I', 'A'):
		for (int i = 20; i <= 24; i++)
			add_code(c->remarks, sizeof(c->remarks), s,
			    i == 24 ? 5 : i);
		return 0;
	case SEG('M', 'O', 'A'):
		for (int i = 3; i <= 7; i++)
			add_code(c->remarks, sizeof(c->remarks), s, i);
		return 0;
	case SEG('D', 'T', 'M'):
		/* every date is a date, kept or not */
		return date8(p, s, 2, is(q, "232") ? c->service_date : scratch);
	case SEG('A', 'M', 'T'):
		return amount(p, s, 2, &v, 1);
	}
	return 0;               /* REF, QTY, PER: not needed to post */
}

static int
line_seg(struct p835 *p, struct ck_x12_seg *s, unsigned id)
{
	struct ck_835_line *l = &p->cl.line[p->cl.nlines - 1];
	const char *q = ck_xr_el(s, 1);
	char scratch[11];
	long long v;

	switch (id) {
	case SEG('D', 'T', 'M'):
		if (is(q, "472") || is(q, "150") || (is(q, "151") &&
		    l->date[0] == '\0'))
			return date8(p, s, 2, l->date);
		return date8(p, s, 2, scratch);
	case SEG('R', 'E', 'F'):
		if (is(q, "6R"))
			return keep(p, s, 2, l->control, sizeof(l->control));
		return 0;
	case SEG('A', 'M', 'T'):
		return amount(p, s, 2, is(q, "B6") ? &l->allowed : &v, 1);
	case SEG('L', 'Q', 0):
		if (!is(q, "HE") && !is(q, "RX"))
			return fail(p, s, "expected HE or RX in LQ01, found "
			    "'%s'", q);
		add_code(l->remarks, sizeof(l->remarks), s, 2);
		return 0;
	}
	return 0;
}

/* --- PLB and the end of the set --- */

static int
plb(struct p835 *p, struct ck_x12_seg *s)
{
	struct ck_835_plb b;
	int rc;

	if ((rc = end_claim(p)) != 0 || (rc = end_header(p, s)) != 0)
		return rc;
	p->where = W_PLB;
	memset(&b, 0, sizeof(b));
	if ((rc = keep(p, s, 1, b.provider, sizeof(b.provider))) != 0 ||
	    (rc = date8(p, s, 2, b.fiscal_date)) != 0)
		return rc;
	for (int k = 0; k < 6; k++) {
		const char *part[2];
		int i = 3 + 2 * k, n;

		if (*ck_xr_el(s, i) == '\0') {
			if (k == 0)
				return fail(p, s, "expected a reason in PLB03");
			continue;
		}
		if ((n = ck_xr_comps(p->r, s, i, part, 2, &p->why)) < 0)
			return BADSET;
		if (strlen(part[0]) != 2 ||
		    ck_xr_keep(b.reference, sizeof(b.reference), part[1]))
			return fail(p, s, "expected a 2-character reason and a "
			    "reference in PLB%02d", i);
		memcpy(b.reason, part[0], 3);
		if ((rc = amount(p, s, i + 1, &b.amount, 1)) != 0)
			return rc;
		p->sum_plb += b.amount;
		if ((rc = give_plb(p, &b)) != 0)
			return rc;
	}
	return 0;
}

/* A set begins (or is read again from its ST): nothing of it seen. */
static void
set_start(struct p835 *p)
{
	p->sum_paid = p->sum_plb = 0;
	p->bpr = p->trn = p->begun = p->skip = p->in_claim = 0;
	p->where = W_HEAD;
	p->nkept = 0;
	p->over = 0;
}

/* The set was sound but too big to keep: back to its ST, to read it
 * again handing out as it goes. */
static int
read_again(struct p835 *p)
{
	if (ck_xr_seek(p->r, &p->mark, &p->why) != 0)
		return FATAL;
	p->rm = p->rm0;
	set_start(p);
	p->direct = 1;
	return 0;
}

static int
se(struct p835 *p, struct ck_x12_seg *s)
{
	char a[24], b[24], c[24];
	int rc;

	if ((rc = end_claim(p)) != 0 || (rc = end_header(p, s)) != 0)
		return rc;
	if (p->rm.amount != p->sum_paid - p->sum_plb)
		return fail(p, s, "BPR02 %s is not the sum of CLP04, %s, less "
		    "the sum of PLB, %s", MONEY(p->rm.amount, a),
		    MONEY(p->sum_paid, b), MONEY(p->sum_plb, c));
	p->where = W_OUT;
	if (p->direct) {
		p->direct = 0;
		return p->cb->end ? p->cb->end(p->cb->arg, &p->rm) : 0;
	}
	if (p->over)
		return read_again(p);
	return hand_out(p);
}

static int
st(struct p835 *p, struct ck_x12_seg *s)
{
	if (!is(ck_xr_el(s, 1), "835"))
		return ck_x12_fail(p->r, s, &p->why, "expected an 835 "
		    "transaction set, found '%s'", ck_xr_el(s, 1)), FATAL;
	p->sets++;
	memset(&p->rm, 0, sizeof(p->rm));
	p->rm.number = p->sets;
	p->rm.segment = s->number;
	snprintf(p->rm.st_control, sizeof(p->rm.st_control), "%s",
	    ck_xr_el(s, 2));
	p->rm0 = p->rm;
	ck_xr_mark(p->r, &p->mark);
	set_start(p);
	if (strncmp(ck_x12_version(p->r), "005010X221", 10) != 0)
		return fail(p, s, "expected the 835 guide %s in ST03 or GS08, "
		    "found '%s'", CK_835_GUIDE, ck_x12_version(p->r));
	return 0;
}

/* A segment inside the set, by where it stands. */
static int
body(struct p835 *p, struct ck_x12_seg *s, unsigned id)
{
	int rc;

	switch (id) {
	case SEG('B', 'P', 'R'):
		return bpr(p, s);
	case SEG('T', 'R', 'N'):
		return trn(p, s);
	case SEG('N', '1', 0):
		return p->begun ? 0 : n1(p, s);
	case SEG('R', 'E', 'F'):
		if (p->where == W_PAYER && is(ck_xr_el(s, 1), "2U") &&
		    p->rm.payer_id[0] == '\0')
			return keep(p, s, 2, p->rm.payer_id,
			    sizeof(p->rm.payer_id));
		break;
	case SEG('L', 'X', 0):
		if ((rc = end_claim(p)) != 0)
			return rc;
		p->where = W_LX;
		return end_header(p, s);
	case SEG('C', 'L', 'P'):
		return clp(p, s);
	case SEG('C', 'A', 'S'):
		return cas(p, s);
	case SEG('S', 'V', 'C'):
		return svc(p, s);
	case SEG('P', 'L', 'B'):
		return plb(p, s);
	case SEG('S', 'E', 0):
		return se(p, s);
	}
	if (p->where == W_LINE)
		return line_seg(p, s, id);
	if (p->where == W_CLAIM)
		return claim_seg(p, s, id);
	return 0;
}

/* The set failed a check: it is reported, and nothing kept of it goes
 * out.  Read again, it was sound the first time: the file changed. */
static int
set_failed(struct p835 *p, struct ck_x12_seg *s, struct ck_err *err)
{
	p->skip = 1;
	p->in_claim = 0;
	p->nkept = 0;
	if (p->direct)
		return ck_x12_fail(p->r, s, err, "the file changed while "
		    "being read");
	return p->cb->bad ? p->cb->bad(p->cb->arg, &p->rm, &p->why) : 0;
}

static int
segment(void *arg, struct ck_x12_seg *s, struct ck_err *err)
{
	struct p835 *p = arg;
	unsigned id = seg_id(s->el[0]);
	int rc;

	if (is_outer(id))
		return 0;
	if (id == SEG('S', 'T', 0))
		rc = st(p, s);
	else if (p->skip) {
		if (id == SEG('S', 'E', 0))
			p->where = W_OUT, p->direct = 0;
		return 0;
	} else
		rc = body(p, s, id);
	if (rc == BADSET)
		return set_failed(p, s, err);
	if (rc == FATAL) {
		*err = p->why;
		return err->code;
	}
	return rc;
}

/* The first read: only the envelopes, and that every set is an 835. */
static int
envelope(void *arg, struct ck_x12_seg *s, struct ck_err *err)
{
	struct p835 *p = arg;

	if (seg_id(s->el[0]) != SEG('S', 'T', 0))
		return 0;
	p->sets++;
	if (!is(ck_xr_el(s, 1), "835"))
		return ck_x12_fail(p->r, s, err, "expected an 835 "
		    "transaction set, found '%s'", ck_xr_el(s, 1));
	return 0;
}

static int
parse(struct p835 *p, const char *path, struct ck_err *err)
{
	int rc;

	if ((rc = ck_x12_open(&p->r, path, err)) != 0)
		return rc;
	ck_xr_lazy(p->r, 1);
	if ((rc = ck_xr_each_segment(p->r, p, envelope, &p->sets, "835",
	    err)) == 0 && (rc = ck_x12_rewind(p->r, err)) == 0) {
		ck_xr_lazy(p->r, 0);
		p->sets = 0;
		rc = ck_xr_each_segment(p->r, p, segment, &p->sets, "835",
		    err);
	}
	ck_x12_close(p->r);
	return rc;
}

int
ck_parse_835(const char *path, const struct ck_835_cb *cb,
    struct ck_err *err)
{
	struct p835 *p = calloc(1, sizeof(*p));
	int rc;

	if (p == NULL || (p->cl.line = calloc(CK_835_MAX_LINES,
	    sizeof(*p->cl.line))) == NULL) {
		free(p);
		return ck_err_set(err, CK_FAIL, "out of memory");
	}
	p->cb = cb;
	rc = parse(p, path, err);
	free(p->cl.line);
	free(p->kept);
	free(p);
	return rc;
}

void
ck_xr_835_set_cap(size_t bytes)
{
	set_cap = bytes ? bytes : SET_CAP;
}
