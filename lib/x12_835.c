/*
 * The 835 (005010X221A1 health care claim payment/advice) reader, on the
 * segment reader of x12read.c.  See remit.h for what it hands out.
 *
 * A remittance is checked as it is read: each line (SVC02 - SVC03 = its
 * CAS), each claim (CLP03 - CLP04 = CAS of the claim and its lines) when
 * it ends, and the whole (BPR02 = sum of CLP04 - sum of PLB) at its SE.
 * The first pass remembers which sets failed, by ordinal, so that the
 * second pass reads those dry and reports them without posting a claim
 * of them: memory stays one claim plus a list of failed sets.
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

#define MONEY(v, buf) ck_money_format((int64_t)(v), buf)

enum where { W_OUT, W_HEAD, W_PAYER, W_PAYEE, W_LX, W_CLAIM, W_LINE, W_PLB };

struct p835 {
	const struct ck_835_cb *cb;
	struct ck_x12_reader *r;
	int dry;                /* pass 1 */
	int set_dry;            /* this set: check only, call nothing */
	int skip;               /* pass over the rest of this set */
	int begun;              /* begin called for this set */
	enum where where;
	long sets;              /* ordinal of the set */
	long long sum_paid, sum_plb;
	int bpr, trn;
	struct ck_835_remit rm;
	struct ck_835_claim cl;
	int in_claim;
	struct ck_err why;
	long *bad;              /* ordinals of the sets that failed */
	long nbad, capbad, nextbad;
};

/* Nothing is handed out: the first pass, a set that failed it, a set
 * passed over. */
static int
quiet(const struct p835 *p)
{
	return p->dry || p->set_dry || p->skip;
}

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

static int
amount(struct p835 *p, const struct ck_x12_seg *s, int i, long long *v,
    int required)
{
	const char *a = ck_x12_el(s, i);

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
	const char *d = ck_x12_el(s, i);

	if (strlen(d) == 8 && strspn(d, "0123456789") == 8) {
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
	return fail(p, s, "expected a date as CCYYMMDD in %s%02d, found '%s'",
	    s->el[0], i, d);
}

/* Copies element i into dst, refusing one too long for it. */
static int
keep(struct p835 *p, const struct ck_x12_seg *s, int i, char *dst,
    size_t size)
{
	if (ck_xr_keep(dst, size, ck_x12_el(s, i)) != 0)
		return fail(p, s, "expected at most %zu characters in %s%02d",
		    size - 1, s->el[0], i);
	return 0;
}

/* Adds element i of s, when not empty, to a space-separated list. */
static void
add_code(char *list, size_t size, const struct ck_x12_seg *s, int i)
{
	const char *c = ck_x12_el(s, i);
	size_t n = strlen(list);

	if (*c != '\0' && n + strlen(c) + 2 < size)
		snprintf(list + n, size - n, "%s%s", n ? " " : "", c);
}

/* --- the header --- */

static int
bpr(struct p835 *p, struct ck_x12_seg *s)
{
	int rc;

	if ((rc = amount(p, s, 2, &p->rm.amount, 1)) != 0 ||
	    (rc = keep(p, s, 4, p->rm.method, sizeof(p->rm.method))) != 0)
		return rc;
	if (*ck_x12_el(s, 16) != '\0' &&
	    (rc = date8(p, s, 16, p->rm.paid_date)) != 0)
		return rc;
	p->bpr = 1;
	return 0;
}

static int
trn(struct p835 *p, struct ck_x12_seg *s)
{
	int rc;

	if (*ck_x12_el(s, 2) == '\0')
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
	const char *who = ck_x12_el(s, 1);
	int rc;

	if (is(who, "PR")) {
		p->where = W_PAYER;
		if ((rc = keep(p, s, 2, p->rm.payer_name,
		    sizeof(p->rm.payer_name))) != 0)
			return rc;
		if (*ck_x12_el(s, 4) != '\0')
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
	int rc;

	if (p->begun)
		return 0;
	if (!p->bpr || !p->trn)
		return fail(p, s, "expected %s before the claims",
		    !p->bpr ? "BPR" : "TRN");
	p->begun = 1;
	if (quiet(p) || p->cb->begin == NULL)
		return 0;
	rc = p->cb->begin(p->cb->arg, &p->rm);
	if (rc == CK_835_SKIP) {
		p->skip = 1;
		return 0;
	}
	return rc;
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
	if (quiet(p) || p->cb->claim == NULL)
		return 0;
	return p->cb->claim(p->cb->arg, &p->cl);
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
	struct ck_835_line *lines = c->line;
	int rc;

	if ((rc = end_claim(p)) != 0 || (rc = end_header(p, s)) != 0)
		return rc;
	memset(c, 0, offsetof(struct ck_835_claim, line));
	c->line = lines;
	c->number = s->number;
	if (*ck_x12_el(s, 1) == '\0')
		return fail(p, s, "expected our claim id in CLP01");
	if (!clp_status_ok(ck_x12_el(s, 2)))
		return fail(p, s, "expected a claim status code (1, 2, 3, 4, "
		    "19, 20, 21, 22, 23 or 25) in CLP02, found '%s'",
		    ck_x12_el(s, 2));
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
	const char *g = ck_x12_el(s, 1);
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
		const char *reason = ck_x12_el(s, 2 + 3 * k);

		if (*reason == '\0') {
			if (k == 0)
				return fail(p, s, "expected a reason code in "
				    "CAS02");
			continue;
		}
		if (*n == CK_835_MAX_ADJ)
			return fail(p, s, "more than %d adjustments",
			    CK_835_MAX_ADJ);
		snprintf(a[*n].group, sizeof(a[*n].group), "%s", g);
		if ((rc = keep(p, s, 2 + 3 * k, a[*n].reason,
		    sizeof(a[*n].reason))) != 0 ||
		    (rc = amount(p, s, 3 + 3 * k, &a[*n].amount, 1)) != 0)
			return rc;
		(*n)++;
	}
	return 0;
}

/* s cut to fit dst of size bytes, as snprintf "%s" would. */
static void
cut(char *dst, size_t size, const char *s)
{
	size_t n = strnlen(s, size - 1);

	memcpy(dst, s, n);
	dst[n] = '\0';
}

/* SVC01 and SVC06: "HC:99213:25" joined with ':' whatever the file's
 * component separator.  (By hand, not snprintf: that was half of
 * parsing an 835.) */
static int
procedure(struct p835 *p, struct ck_x12_seg *s, int i, char *out, size_t size,
    char *code, char (*mods)[3])
{
	const char *part[8];
	int n = ck_xr_comps(p->r, s, i, part, 8, &p->why);
	size_t len = 0;

	if (n < 0)
		return BADSET;
	out[0] = '\0';
	for (int k = 0; k < n && k < 6; k++) {
		size_t pl = strlen(part[k]);

		if (len + (k > 0) + pl >= size)
			return fail(p, s, "expected a shorter procedure in "
			    "SVC%02d", i);
		if (k > 0)
			out[len++] = ':';
		memcpy(out + len, part[k], pl + 1);
		len += pl;
	}
	cut(code, 16, part[1]);
	for (int m = 0; m < 4; m++)
		cut(mods[m], 3, part[2 + m]);
	return 0;
}

static int
svc(struct p835 *p, struct ck_x12_seg *s)
{
	struct ck_835_line *l;
	const char *u = ck_x12_el(s, 5);
	long long units;
	int rc;

	if (!p->in_claim)
		return fail(p, s, "expected SVC inside a claim (after CLP)");
	if (p->cl.nlines == CK_835_MAX_LINES)
		return fail(p, s, "more than %d lines in claim '%s'",
		    CK_835_MAX_LINES, p->cl.claim_id);
	l = &p->cl.line[p->cl.nlines++];
	memset(l, 0, sizeof(*l));
	l->allowed = -1;
	l->units = 1;
	if (*ck_x12_el(s, 1) == '\0')
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
	const char *q = ck_x12_el(s, 1);

	switch (id) {
	case SEG('N', 'M', '1'):
		if (is(q, "QC"))
			snprintf(c->patient_id, sizeof(c->patient_id), "%s",
			    ck_x12_el(s, 9));
		else if (is(q, "TT"))
			snprintf(c->crossover, sizeof(c->crossover), "%s",
			    *ck_x12_el(s, 3) ? ck_x12_el(s, 3) : "(unnamed)");
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
		if (is(q, "232"))
			return date8(p, s, 2, c->service_date);
		return 0;
	}
	return 0;               /* REF, AMT, QTY, PER: not needed to post */
}

static int
line_seg(struct p835 *p, struct ck_x12_seg *s, unsigned id)
{
	struct ck_835_line *l = &p->cl.line[p->cl.nlines - 1];
	const char *q = ck_x12_el(s, 1);

	switch (id) {
	case SEG('D', 'T', 'M'):
		if (is(q, "472") || is(q, "150"))
			return date8(p, s, 2, l->date);
		if (is(q, "151"))
			return l->date[0] ? 0 : date8(p, s, 2, l->date);
		return 0;
	case SEG('R', 'E', 'F'):
		if (is(q, "6R"))
			return keep(p, s, 2, l->control, sizeof(l->control));
		return 0;
	case SEG('A', 'M', 'T'):
		if (is(q, "B6"))
			return amount(p, s, 2, &l->allowed, 1);
		return 0;
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

		if (*ck_x12_el(s, i) == '\0') {
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
		if (!quiet(p) && p->cb->plb &&
		    (rc = p->cb->plb(p->cb->arg, &b)) != 0)
			return rc;
	}
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
	if (p->set_dry) {
		/* the first pass found it bad: the file changed */
		return ck_x12_fail(p->r, s, &p->why, "the file changed "
		    "while being read"), FATAL;
	}
	if (quiet(p) || p->cb->end == NULL)
		return 0;
	return p->cb->end(p->cb->arg, &p->rm);
}

static int
st(struct p835 *p, struct ck_x12_seg *s)
{
	if (!is(ck_x12_el(s, 1), "835"))
		return ck_x12_fail(p->r, s, &p->why, "expected an 835 "
		    "transaction set, found '%s'", ck_x12_el(s, 1)), FATAL;
	p->sets++;
	memset(&p->rm, 0, sizeof(p->rm));
	p->rm.number = p->sets;
	p->rm.segment = s->number;
	snprintf(p->rm.st_control, sizeof(p->rm.st_control), "%s",
	    ck_x12_el(s, 2));
	p->sum_paid = p->sum_plb = 0;
	p->bpr = p->trn = p->begun = p->skip = p->in_claim = 0;
	p->where = W_HEAD;
	p->set_dry = !p->dry && p->nextbad < p->nbad &&
	    p->bad[p->nextbad] == p->sets;
	if (p->set_dry)
		p->nextbad++;
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
		if (p->where == W_PAYER && is(ck_x12_el(s, 1), "2U") &&
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

/* The set failed a check: remember it (pass 1) or report it (pass 2). */
static int
set_failed(struct p835 *p, struct ck_err *err)
{
	long *b;

	p->skip = 1;
	p->in_claim = 0;
	if (!p->dry)
		return p->cb->bad ? p->cb->bad(p->cb->arg, &p->rm, &p->why) : 0;
	if (p->nbad == p->capbad) {
		p->capbad = p->capbad ? 2 * p->capbad : 16;
		if ((b = realloc(p->bad, (size_t)p->capbad * sizeof(*b))) ==
		    NULL)
			return ck_err_set(err, CK_FAIL, "out of memory");
		p->bad = b;
	}
	p->bad[p->nbad++] = p->sets;
	return 0;
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
	else if (p->skip)
		return id == SEG('S', 'E', 0) ? (p->where = W_OUT, 0) : 0;
	else
		rc = body(p, s, id);
	if (rc == BADSET)
		return set_failed(p, err);
	if (rc == FATAL) {
		*err = p->why;
		return CK_DATA;
	}
	return rc;
}

static int
pass(struct ck_x12_reader *r, void *arg, int dry, struct ck_err *err)
{
	struct p835 *p = arg;

	p->r = r;
	p->dry = dry;
	p->sets = 0;
	p->nextbad = 0;
	p->where = W_OUT;
	memset(&p->why, 0, sizeof(p->why));
	return ck_xr_each_segment(r, p, segment, &p->sets, "835", err);
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
	rc = ck_xr_two_passes(path, pass, p, err);
	free(p->cl.line);
	free(p->bad);
	free(p);
	return rc;
}
