/*
 * The 277CA (005010X214 claim acknowledgment) parser, on the segment
 * reader of x12read.c: the statuses of the receiver (2200B), provider
 * (2200C) and claim (2200D) loops, with the claim's service lines
 * (2220D).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "x12read_int.h"

/* The claim's fate by its category code: see x12read.h. */
static char
verdict(const char *category)
{
	static const char *const yes[] = {"A0", "A1", "A2", "A5"};
	static const char *const no[] = {"A3", "A4", "A6", "A7", "A8"};

	for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
		if (is(category, yes[i]))
			return 'Y';
	for (size_t i = 0; i < sizeof(no) / sizeof(no[0]); i++)
		if (is(category, no[i]))
			return 'N';
	return category[0] == 'E' && ck_xr_known_category(category) ? 'N' :
	    '?';
}

/* Of two verdicts the worse: N, then ?, then Y. */
static char
worse(char a, char b)
{
	if (a == 'N' || b == 'N')
		return 'N';
	if (a == '?' || b == '?')
		return '?';
	return 'Y';
}

/* The STC segments of one loop. */
struct stc {
	int n;
	char category[32], code[32], entity[8], action[8];
	char verdict;
	long long charge;
	struct ck_xr_text more, msg;
	struct ck_xr_text warn; /* codes not in the code lists */
};

/* A 2000B or 2000C loop: its trace, provider, status and totals. */
struct level {
	char level;             /* 'B', 'C', or 0 when none is open */
	int trn;
	char trace[81], provider_id[81], provider_name[81];
	long accepted_claims, rejected_claims;
	long long accepted_cents, rejected_cents;
	struct stc stc;
};

/* One 2220D service line. */
struct line {
	int open;
	char ref[81];
	char svc[81];
	struct stc stc;
};

/* A 2200D claim with its lines. */
struct claim {
	int open;
	char id[81], payer_id[81];
	struct stc stc;
	int lines, lines_rejected;
	struct line line;
	struct ck_xr_text summary;
};

struct p277 {
	ck_277_cb cb;
	ck_277_level_cb level_cb;
	void *arg;
	struct ck_x12_reader *r;
	int dry;
	long sets;
	int bht;                /* BHT seen in the open set */
	char hl;                /* level of the open HL: A B C D, or 0 */
	int have_a, have_b, have_c;
	char source[81], source_kind;
	char set_trace[81];     /* TRN02 of the open 2200B */
	struct level lv;
	struct claim cl;
};

static void
stc_clear(struct stc *t)
{
	t->n = 0;
	t->category[0] = t->code[0] = t->entity[0] = t->action[0] = '\0';
	t->verdict = 'Y';
	t->charge = -1;
	ck_xr_text_clear(&t->more);
	ck_xr_text_clear(&t->msg);
	ck_xr_text_clear(&t->warn);
}

/* A code that is not in its list is reported, and the status goes to a
 * person ('?') rather than be guessed at; a rejection stays one. */
static void
check_codes(struct stc *t, int i, const char *category, const char *code)
{
	if (!ck_xr_known_category(category)) {
		ck_xr_text_add(&t->warn, "; ", "unknown category code '%s' in "
		    "STC%02d-1", category, i);
		t->verdict = worse(t->verdict, '?');
	}
	if (!ck_xr_known_status(code)) {
		if (*code == '\0')
			ck_xr_text_add(&t->warn, "; ", "no status code in "
			    "STC%02d-2", i);
		else
			ck_xr_text_add(&t->warn, "; ", "unknown status code "
			    "'%s' in STC%02d-2", code, i);
		t->verdict = worse(t->verdict, '?');
	}
}

/* Adds composite i of s ("A7:562:85") to t's other codes, and its
 * verdict. */
static int
composite(struct p277 *p, struct ck_x12_seg *s, int i, struct stc *t,
    struct ck_err *err)
{
	const char *c[4];
	int n = ck_xr_comps(p->r, s, i, c, 4, err);

	if (n <= 0)
		return n == 0 ? 0 : CK_DATA;
	if (*c[0] == '\0')
		return ck_x12_fail(p->r, s, err, "expected a category code in "
		    "STC%02d-1", i);
	t->verdict = worse(t->verdict, verdict(c[0]));
	check_codes(t, i, c[0], c[1]);
	while (n > 1 && *c[n - 1] == '\0')
		n--;
	ck_xr_text_add(&t->more, ";", "%s", c[0]);
	for (int k = 1; k < n; k++)
		ck_xr_text_add(&t->more, NULL, ":%s", c[k]);
	return 0;
}

/* The first STC01 of a loop: its parts are kept apart. */
static int
first_stc01(struct p277 *p, struct ck_x12_seg *s, struct stc *t,
    struct ck_err *err)
{
	const char *c[4];

	if (ck_xr_comps(p->r, s, 1, c, 4, err) < 0)
		return CK_DATA;
	if (*c[0] == '\0')
		return ck_x12_fail(p->r, s, err, "expected a category code in "
		    "STC01-1");
	if (ck_xr_keep(t->category, sizeof(t->category), c[0]) != 0 ||
	    ck_xr_keep(t->code, sizeof(t->code), c[1]) != 0 ||
	    ck_xr_keep(t->entity, sizeof(t->entity), c[2]) != 0 ||
	    ck_xr_keep(t->action, sizeof(t->action), ck_x12_el(s, 3)) != 0)
		return ck_x12_fail(p->r, s, err, "expected STC01-1, STC01-2 "
		    "of at most 31 characters, STC01-3, STC03 of at most 7");
	t->verdict = worse(t->verdict, verdict(c[0]));
	check_codes(t, 1, c[0], c[1]);
	return 0;
}

static int
stc_add(struct p277 *p, struct ck_x12_seg *s, struct stc *t,
    struct ck_err *err)
{
	const char *charge = ck_x12_el(s, 4), *msg = ck_x12_el(s, 12);
	int rc;

	if (t->n == 0)
		rc = first_stc01(p, s, t, err);
	else
		rc = composite(p, s, 1, t, err);
	if (rc != 0 || (rc = composite(p, s, 10, t, err)) != 0 ||
	    (rc = composite(p, s, 11, t, err)) != 0)
		return rc;
	if (*charge && t->charge < 0 && ck_xr_amount(charge, &t->charge) != 0)
		return ck_x12_fail(p->r, s, err, "expected an amount in STC04, "
		    "found '%s'", charge);
	if (*msg)
		ck_xr_text_add(&t->msg, "; ", "%s", msg);
	t->n++;
	return 0;
}

/* The line's summary goes into its claim's. */
static void
line_done(struct claim *c)
{
	struct line *l = &c->line;

	if (!l->open)
		return;
	l->open = 0;
	if (l->stc.verdict == 'N' && l->stc.n > 0)
		c->lines_rejected++;
	if (*l->ref)
		ck_xr_text_add(&c->summary, " | ", "%s", l->ref);
	else
		ck_xr_text_add(&c->summary, " | ", "#%d", c->lines);
	ck_xr_text_add(&c->summary, NULL, " %s", l->svc);
	if (l->stc.n > 0) {
		ck_xr_text_add(&c->summary, NULL, " %s", l->stc.category);
		if (*l->stc.code || *l->stc.entity)
			ck_xr_text_add(&c->summary, NULL, ":%s", l->stc.code);
		if (*l->stc.entity)
			ck_xr_text_add(&c->summary, NULL, ":%s", l->stc.entity);
		if (l->stc.more.len)
			ck_xr_text_add(&c->summary, ";", "%s", l->stc.more.s);
	}
	if (l->stc.msg.len)
		ck_xr_text_add(&c->summary, NULL, " (%s)", l->stc.msg.s);
	if (l->stc.warn.len)
		ck_xr_text_add(&c->stc.warn, "; ", "line %d: %s", c->lines,
		    l->stc.warn.s);
}

static int
claim_done(struct p277 *p, struct ck_x12_seg *s, struct ck_err *err)
{
	struct claim *c = &p->cl;
	struct ck_277_claim out;

	if (!c->open)
		return 0;
	line_done(c);
	c->open = 0;
	if (c->stc.n == 0)
		return ck_x12_fail(p->r, s, err, "expected STC in the claim "
		    "loop of TRN02 '%s' before %s", c->id, s->el[0]);
	if (p->dry)
		return 0;
	out.claim_id = c->id;
	out.source = p->source;
	out.source_kind = p->source_kind;
	out.accepted = c->stc.verdict;
	out.category = c->stc.category;
	out.status_code = c->stc.code;
	out.entity = c->stc.entity;
	out.action = c->stc.action;
	out.more_codes = c->stc.more.s;
	out.text = c->stc.msg.s;
	out.payer_claim_id = c->payer_id;
	out.charge_cents = c->stc.charge;
	out.lines = c->lines;
	out.lines_rejected = c->lines_rejected;
	out.line_summary = c->summary.s;
	out.set_trace = p->set_trace;
	out.warnings = c->stc.warn.s;
	return p->cb(p->arg, &out);
}

static int
level_done(struct p277 *p)
{
	struct level *l = &p->lv;
	struct ck_277_level out;

	if (l->level == 0)
		return 0;
	out.level = l->level;
	l->level = 0;
	if (p->dry || p->level_cb == NULL || l->stc.n == 0)
		return 0;
	out.source = p->source;
	out.source_kind = p->source_kind;
	out.trace = l->trace;
	out.provider_id = l->provider_id;
	out.provider_name = l->provider_name;
	out.accepted = l->stc.verdict;
	out.category = l->stc.category;
	out.status_code = l->stc.code;
	out.entity = l->stc.entity;
	out.action = l->stc.action;
	out.more_codes = l->stc.more.s;
	out.text = l->stc.msg.s;
	out.accepted_claims = l->accepted_claims;
	out.rejected_claims = l->rejected_claims;
	out.accepted_cents = l->accepted_cents;
	out.rejected_cents = l->rejected_cents;
	out.warnings = l->stc.warn.s;
	return p->level_cb(p->arg, &out);
}

/* Ends the open claim and level loops. */
static int
loops_done(struct p277 *p, struct ck_x12_seg *s, struct ck_err *err)
{
	int rc;

	if ((rc = claim_done(p, s, err)) != 0)
		return rc;
	return level_done(p);
}

static void
level_open(struct p277 *p, char level)
{
	struct level *l = &p->lv;

	l->level = level;
	l->trn = 0;
	l->trace[0] = l->provider_id[0] = l->provider_name[0] = '\0';
	l->accepted_claims = l->rejected_claims = -1;
	l->accepted_cents = l->rejected_cents = -1;
	stc_clear(&l->stc);
}

/* HL: 20 information source, 21 receiver, 19 provider, PT patient. */
static int
hl(struct p277 *p, struct ck_x12_seg *s, struct ck_err *err)
{
	const char *code = ck_x12_el(s, 3);
	int rc;

	if ((rc = loops_done(p, s, err)) != 0)
		return rc;
	if (is(code, "20")) {
		p->hl = 'A';
		p->have_a = 1;
		p->have_b = p->have_c = 0;
		p->source[0] = '\0';
		p->source_kind = 0;
		return 0;
	}
	if (is(code, "21")) {
		if (!p->have_a || !p->source_kind)
			return ck_x12_fail(p->r, s, err, "expected HL 20 and "
			    "its NM1*AY or NM1*PR (the information source) "
			    "before HL 21");
		p->have_b = 1;
		p->have_c = 0;
		p->set_trace[0] = '\0';
	} else if (is(code, "19")) {
		if (!p->have_b)
			return ck_x12_fail(p->r, s, err, "expected HL 21 "
			    "before HL 19");
		p->have_c = 1;
	} else if (is(code, "PT")) {
		if (!p->have_c)
			return ck_x12_fail(p->r, s, err, "expected HL 19 "
			    "before HL PT");
	} else
		return ck_x12_fail(p->r, s, err, "expected 20, 21, 19 or PT "
		    "in HL03, found '%s'", code);
	p->hl = is(code, "21") ? 'B' : is(code, "19") ? 'C' : 'D';
	if (p->hl != 'D')
		level_open(p, p->hl);
	return 0;
}

static int
nm1(struct p277 *p, struct ck_x12_seg *s, struct ck_err *err)
{
	const char *who = ck_x12_el(s, 1);

	if (p->hl == 'A') {
		if (!is(who, "AY") && !is(who, "PR"))
			return ck_x12_fail(p->r, s, err, "expected AY "
			    "(clearinghouse) or PR (payer) in NM101 of the "
			    "information source, found '%s'", who);
		p->source_kind = is(who, "AY") ? 'C' : 'P';
		if (ck_xr_keep(p->source, sizeof(p->source),
		    ck_x12_el(s, 3)) != 0)
			return ck_x12_fail(p->r, s, err, "NM103 too long");
	} else if (p->hl == 'C') {
		if (ck_xr_keep(p->lv.provider_name, 81, ck_x12_el(s, 3)) != 0 ||
		    ck_xr_keep(p->lv.provider_id, 81, ck_x12_el(s, 9)) != 0)
			return ck_x12_fail(p->r, s, err, "NM103 or NM109 too "
			    "long");
	}
	return 0;
}

static int
claim_open(struct p277 *p, struct ck_x12_seg *s, struct ck_err *err)
{
	struct claim *c = &p->cl;
	int rc;

	if ((rc = claim_done(p, s, err)) != 0)
		return rc;
	if (*ck_x12_el(s, 2) == '\0' || ck_xr_keep(c->id, sizeof(c->id),
	    s->el[2]) != 0)
		return ck_x12_fail(p->r, s, err, "expected the claim id (our "
		    "CLM01) of 1 to 80 characters in TRN02");
	c->open = 1;
	c->payer_id[0] = '\0';
	c->lines = c->lines_rejected = 0;
	c->line.open = 0;
	stc_clear(&c->stc);
	ck_xr_text_clear(&c->summary);
	return 0;
}

static int
trn(struct p277 *p, struct ck_x12_seg *s, struct ck_err *err)
{
	if (p->hl == 'D')
		return claim_open(p, s, err);
	if (p->hl == 'B' || p->hl == 'C') {
		p->lv.trn = 1;
		if (ck_xr_keep(p->lv.trace, sizeof(p->lv.trace),
		    ck_x12_el(s, 2)))
			return ck_x12_fail(p->r, s, err, "TRN02 too long");
		if (p->hl == 'B')
			memcpy(p->set_trace, p->lv.trace, sizeof(p->set_trace));
	}
	return 0;
}

static int
stc(struct p277 *p, struct ck_x12_seg *s, struct ck_err *err)
{
	if (p->hl == 'D') {
		if (!p->cl.open)
			return ck_x12_fail(p->r, s, err, "expected TRN (the "
			    "claim) before STC");
		return stc_add(p, s, p->cl.line.open ? &p->cl.line.stc :
		    &p->cl.stc, err);
	}
	if (p->hl == 'B' || p->hl == 'C') {
		if (!p->lv.trn)
			return ck_x12_fail(p->r, s, err, "expected TRN before "
			    "STC");
		return stc_add(p, s, &p->lv.stc, err);
	}
	return ck_x12_fail(p->r, s, err, "expected STC in a receiver, "
	    "provider or claim loop, not %s", p->hl ? "in the information "
	    "source's" : "before HL");
}

/* SVC opens a 2220D service line; SVC01 is kept with ':' inside. */
static int
svc(struct p277 *p, struct ck_x12_seg *s, struct ck_err *err)
{
	struct line *l = &p->cl.line;
	const char *c[8];
	int n;

	if (p->hl != 'D' || !p->cl.open)
		return ck_x12_fail(p->r, s, err, "expected TRN (the claim) "
		    "before SVC");
	line_done(&p->cl);
	p->cl.lines++;
	l->open = 1;
	l->ref[0] = l->svc[0] = '\0';
	stc_clear(&l->stc);
	if ((n = ck_xr_comps(p->r, s, 1, c, 8, err)) < 0)
		return CK_DATA;
	while (n > 1 && *c[n - 1] == '\0')
		n--;
	for (int k = 0; k < n; k++) {
		size_t len = strlen(l->svc);

		snprintf(l->svc + len, sizeof(l->svc) - len, "%s%s",
		    k ? ":" : "", c[k]);
	}
	return 0;
}

static int
ref277(struct p277 *p, struct ck_x12_seg *s, struct ck_err *err)
{
	const char *q = ck_x12_el(s, 1), *v = ck_x12_el(s, 2);
	char *dst = NULL;

	if (p->hl != 'D' || !p->cl.open)
		return 0;
	/* 2220D names the line with FJ; some echo our 837's 6R */
	if (p->cl.line.open && (is(q, "FJ") || is(q, "6R")))
		dst = p->cl.line.ref;
	else if (!p->cl.line.open && is(q, "1K"))
		dst = p->cl.payer_id;
	if (dst != NULL && ck_xr_keep(dst, 81, v) != 0)
		return ck_x12_fail(p->r, s, err, "REF02 too long");
	return 0;
}

/* QTY and AMT: the totals of a receiver or provider loop. */
static int
total(struct p277 *p, struct ck_x12_seg *s, struct ck_err *err)
{
	const char *q = ck_x12_el(s, 1), *v = ck_x12_el(s, 2);
	struct level *l = &p->lv;
	long long c;
	long n;

	if (p->hl != 'B' && p->hl != 'C')
		return 0;
	if (is(s->el[0], "QTY")) {
		/* an R value: "2" or "2.0" */
		if (ck_xr_amount(v, &c) != 0 || c < 0 || c % 100 != 0)
			return ck_x12_fail(p->r, s, err, "expected a count in "
			    "QTY02, found '%s'", v);
		n = (long)(c / 100);
		if (is(q, "90") || is(q, "QA"))
			l->accepted_claims = n;
		else if (is(q, "AA") || is(q, "QC"))
			l->rejected_claims = n;
		return 0;
	}
	if (ck_xr_amount(v, &c) != 0)
		return ck_x12_fail(p->r, s, err, "expected an amount in AMT02, "
		    "found '%s'", v);
	if (is(q, "YU"))
		l->accepted_cents = c;
	else if (is(q, "YY"))
		l->rejected_cents = c;
	return 0;
}

static int
st277(struct p277 *p, struct ck_x12_seg *s, struct ck_err *err)
{
	const char *st01 = ck_x12_el(s, 1), *v = ck_x12_version(p->r);

	if (!is(st01, "277") || !ck_xr_is_x214(v))
		return ck_x12_fail(p->r, s, err, "expected a 277CA (277 "
		    "005010X214) transaction set, found %s %s", st01, v);
	p->sets++;
	p->bht = 0;
	p->hl = 0;
	p->have_a = p->have_b = p->have_c = 0;
	p->source[0] = '\0';
	p->source_kind = 0;
	p->lv.level = 0;
	p->cl.open = 0;
	return 0;
}

static int
seg277(struct p277 *p, struct ck_x12_seg *s, struct ck_err *err)
{
	unsigned id = seg_id(s->el[0]);

	if (is_outer(id))
		return 0;
	if (id == SEG('S', 'T', 0))
		return st277(p, s, err);
	if (id == SEG('S', 'E', 0))
		return loops_done(p, s, err);
	if (!p->bht) {
		p->bht = id == SEG('B', 'H', 'T');
		return p->bht ? 0 : ck_x12_fail(p->r, s, err,
		    "expected BHT after ST");
	}
	switch (id) {
	case SEG('H', 'L', 0):
		return hl(p, s, err);
	case SEG('N', 'M', '1'):
		return nm1(p, s, err);
	case SEG('T', 'R', 'N'):
		return trn(p, s, err);
	case SEG('S', 'T', 'C'):
		return stc(p, s, err);
	case SEG('S', 'V', 'C'):
		return svc(p, s, err);
	case SEG('R', 'E', 'F'):
		return ref277(p, s, err);
	case SEG('Q', 'T', 'Y'):
	case SEG('A', 'M', 'T'):
		return total(p, s, err);
	}
	return 0;       /* DTP and the like tell us nothing we keep */
}

static int
seg277_any(void *p, struct ck_x12_seg *s, struct ck_err *err)
{
	return seg277(p, s, err);
}

static int
pass277(struct ck_x12_reader *r, void *arg, int dry, struct ck_err *err)
{
	struct p277 *p = arg;

	p->r = r;
	p->dry = dry;
	p->sets = 0;
	return ck_xr_each_segment(r, p, seg277_any, &p->sets, "277CA", err);
}

int
ck_parse_277ca(const char *path, ck_277_cb cb, ck_277_level_cb level_cb,
    void *arg, struct ck_err *err)
{
	struct p277 *p = calloc(1, sizeof(*p));
	int rc;

	if (p == NULL)
		return ck_err_set(err, CK_FAIL, "out of memory");
	p->cb = cb;
	p->level_cb = level_cb;
	p->arg = arg;
	rc = ck_xr_two_passes(path, pass277, p, err);
	free(p);
	return rc;
}
