/* The 835 reader on hand-written remittances (tests/data/era-*.x12) and
 * on broken copies of them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "claimkit/remit.h"
#include "t.h"

#ifndef SRCDIR
#define SRCDIR "."
#endif

struct got {
	int begins, ends, bads, plbs, claims;
	long long plb_total, claim_paid;
	char log[8192];
	char why[1024];
};

static void
logf_(struct got *g, const char *s)
{
	size_t n = strlen(g->log);

	snprintf(g->log + n, sizeof(g->log) - n, "%s;", s);
}

static int
on_begin(void *arg, const struct ck_835_remit *r)
{
	struct got *g = arg;
	char b[256];

	g->begins++;
	snprintf(b, sizeof(b), "R%ld %s %s %lld %s %s %s", r->number, r->trace,
	    r->payer_key, r->amount, r->method, r->paid_date, r->payer_id);
	logf_(g, b);
	return 0;
}

static int
on_claim(void *arg, const struct ck_835_claim *c)
{
	struct got *g = arg;
	char b[512];

	g->claims++;
	g->claim_paid += c->paid;
	snprintf(b, sizeof(b), "C %s %s %lld %lld %lld %s adj%d lines%d "
	    "[%s] tt[%s]", c->claim_id, c->status, c->charge, c->paid,
	    c->patient_resp, c->payer_claim_id, c->nadj, c->nlines,
	    c->remarks, c->crossover);
	logf_(g, b);
	for (int k = 0; k < c->nlines; k++) {
		const struct ck_835_line *l = &c->line[k];
		snprintf(b, sizeof(b), "L %s %s %lld %lld %ld %s %s %lld "
		    "adj%d %s%s %lld [%s]", l->procedure, l->code, l->charge,
		    l->paid, l->units, l->date, l->control, l->allowed,
		    l->nadj, l->nadj ? l->adj[0].group : "",
		    l->nadj ? l->adj[0].reason : "",
		    l->nadj ? l->adj[0].amount : 0, l->remarks);
		logf_(g, b);
	}
	return 0;
}

static int
on_plb(void *arg, const struct ck_835_plb *p)
{
	struct got *g = arg;
	char b[128];

	g->plbs++;
	g->plb_total += p->amount;
	snprintf(b, sizeof(b), "P %s %s %s %lld", p->fiscal_date, p->reason,
	    p->reference, p->amount);
	logf_(g, b);
	return 0;
}

static int
on_end(void *arg, const struct ck_835_remit *r)
{
	struct got *g = arg;

	g->ends++;
	(void)r;
	return 0;
}

static int
on_bad(void *arg, const struct ck_835_remit *r, const struct ck_err *why)
{
	struct got *g = arg;
	size_t n = strlen(g->why);

	g->bads++;
	snprintf(g->why + n, sizeof(g->why) - n, "%ld: %s|", r->number,
	    why->msg);
	return 0;
}

static int
parse(const char *path, struct got *g, struct ck_err *err)
{
	struct ck_835_cb cb = {g, on_begin, on_claim, on_plb, on_end, on_bad};

	memset(g, 0, sizeof(*g));
	memset(err, 0, sizeof(*err));
	return ck_parse_835(path, &cb, err);
}

/* Writes the data file name with `from` replaced by `to` (once). */
static const char *
variant(const char *name, const char *from, const char *to)
{
	static char out[256];
	char path[512], buf[16384];
	FILE *f;
	size_t n;
	char *at;

	snprintf(path, sizeof(path), "%s/tests/data/%s", SRCDIR, name);
	f = fopen(path, "r");
	n = f ? fread(buf, 1, sizeof(buf) - 1, f) : 0;
	if (f)
		fclose(f);
	buf[n] = '\0';
	snprintf(out, sizeof(out), "/tmp/test_x12_835.%ld.x12", (long)getpid());
	f = fopen(out, "w");
	at = strstr(buf, from);
	CHECK(at != NULL);
	if (at == NULL || f == NULL) {
		if (f)
			fclose(f);
		return out;
	}
	fwrite(buf, 1, (size_t)(at - buf), f);
	fputs(to, f);
	fputs(at + strlen(from), f);
	fclose(f);
	return out;
}

static void
test_paid(void)
{
	struct got g;
	struct ck_err err;

	CHECK(parse(SRCDIR "/tests/data/era-paid.x12", &g, &err) == 0);
	CHECK(g.begins == 1 && g.ends == 1 && g.bads == 0);
	CHECK(g.claims == 3);
	CHECK(strstr(g.log, "R1 EFT1001 1620000000 35250 ACH 2025-12-31 "
	    "62308;") != NULL);
	CHECK(strstr(g.log, "C CLM0000008 1 17500 12000 2000 PCN8001 adj0 "
	    "lines3") != NULL);
	CHECK(strstr(g.log, "L HC:99213 99213 12500 9000 1 2025-09-15 "
	    "CLM0000008-1 11000 adj2 CO45 1500 [];") != NULL);
	/* a line without REF*6R or AMT*B6 */
	CHECK(strstr(g.log, "L HC:36415 36415 1500 500 1 2025-09-15  -1 adj1 "
	    "CO45 1000 [];") != NULL);
	CHECK(strstr(g.log, "[MA01]") != NULL);
	CHECK(strstr(g.log, "CO50 4500 [N130];") != NULL);
	CHECK(strstr(g.log, "C CLM0000004 4 2800 0 0 PCN4001 adj1 lines0 "
	    "[M51]") != NULL);
	CHECK(g.plbs == 2 && g.plb_total == 750);
	CHECK(strstr(g.log, "P 2025-12-31 L6 INT01 -250;P 2025-12-31 WO "
	    "RECOUP9 1000;") != NULL);
	if (t_failures)
		fprintf(stderr, "log: %s\n", g.log);
}

static void
test_two(void)
{
	struct got g;
	struct ck_err err;

	/* three remittances, two interchanges; the second does not add up */
	CHECK(parse(SRCDIR "/tests/data/era-two.x12", &g, &err) == 0);
	CHECK(g.begins == 2 && g.ends == 2 && g.bads == 1);
	CHECK(strstr(g.why, "2: ") == g.why);
	CHECK(strstr(g.why, "era-two.x12: segment 24 (SE): BPR02 299.00 is "
	    "not the sum of CLP04, 300.00, less the sum of PLB, 0.00") !=
	    NULL);
	CHECK(strstr(g.log, "R1 CHK2001") != NULL);
	CHECK(strstr(g.log, "R3 CHK2003") != NULL);
	CHECK(strstr(g.log, "CLM0000005") == NULL);
	CHECK(strstr(g.log, "tt[SECOND PAYER MUTUAL]") != NULL);
	if (t_failures)
		fprintf(stderr, "log: %s\nwhy: %s\n", g.log, g.why);
}

static void
test_unbalanced(void)
{
	struct got g;
	struct ck_err err;
	const char *p;

	/* a line whose CAS does not cover SVC02 - SVC03 */
	p = variant("era-paid.x12", "CAS*CO*45*18~", "CAS*CO*45*17~");
	CHECK(parse(p, &g, &err) == 0);
	CHECK(g.begins == 0 && g.claims == 0 && g.bads == 1);
	CHECK(strstr(g.why, "segment 26 (CLP): claim 'CLM0000003' line 5: "
	    "SVC02 48.00 - SVC03 30.00 is not the sum of its CAS, 17.00") !=
	    NULL);
	/* a claim whose CAS does not cover CLP03 - CLP04 */
	p = variant("era-reversal.x12", "CAS*CO*45*25~", "CAS*CO*45*24~");
	CHECK(parse(p, &g, &err) == 0);
	CHECK(g.bads == 1 && g.claims == 0);
	CHECK(strstr(g.why, "claim 'CLM0000008': CLP03 175.00 - CLP04 130.00 "
	    "is not the sum of the claim's and its lines' CAS, 44.00") !=
	    NULL);
	/* an amount with a fraction of a cent */
	p = variant("era-reversal.x12", "CAS*CO*45*25~", "CAS*CO*45*25.001~");
	CHECK(parse(p, &g, &err) == 0);
	CHECK(strstr(g.why, "(CAS): expected an amount in CAS03, found "
	    "'25.001'") != NULL);
	/* a CAS group that does not exist */
	p = variant("era-reversal.x12", "CAS*CO*45*25~", "CAS*XX*45*25~");
	CHECK(parse(p, &g, &err) == 0);
	CHECK(strstr(g.why, "expected CO, PR, OA, PI or CR in CAS01") != NULL);
	/* envelopes: a bad SE count refuses the whole file */
	p = variant("era-reversal.x12", "SE*14*", "SE*13*");
	CHECK(parse(p, &g, &err) == CK_DATA);
	CHECK(g.begins == 0 && g.claims == 0);
	CHECK(strstr(err.msg, "expected SE01 = 14") != NULL);
	unlink(p);
	if (t_failures)
		fprintf(stderr, "why: %s\nerr: %s\n", g.why, err.msg);
}

static void
test_reversal(void)
{
	struct got g;
	struct ck_err err;

	CHECK(parse(SRCDIR "/tests/data/era-reversal.x12", &g, &err) == 0);
	CHECK(g.claims == 2 && g.claim_paid == 1000);
	CHECK(strstr(g.log, "C CLM0000008 22 -17500 -12000 -2000 PCN8001") !=
	    NULL);
}

/* Third-party samples (see tests/data/README): they parse and balance. */
static void
test_third_party(void)
{
	struct got g;
	struct ck_err err;

	CHECK(parse(SRCDIR "/tests/data/era-3p-profee.x12", &g, &err) == 0);
	CHECK(g.begins == 1 && g.ends == 1 && g.bads == 0 && g.claims == 3);
	CHECK(g.claim_paid == 4575);
	CHECK(strstr(g.log, "L HC:S0580 S0580 2000 2000 2 2010-01-01  2000 "
	    "adj0") != NULL);
	CHECK(strstr(g.log, "CO251 275 [N206];") != NULL);
	CHECK(parse(SRCDIR "/tests/data/era-3p-two-isa.x12", &g, &err) == 0);
	CHECK(g.begins == 2 && g.ends == 2 && g.bads == 0 && g.claims == 4);
	CHECK(g.claim_paid == 2 * 148199);
	if (t_failures)
		fprintf(stderr, "log: %s\nwhy: %s\nerr: %s\n", g.log, g.why,
		    err.msg);
}

/* CARC and RARC descriptions come from data/x12, the whole published
 * lists (130, 275, M20 and N211 were not in the old subset); unknown
 * codes stand alone. */
static void
test_codes(void)
{
	char buf[2048];

	CHECK_STR(ck_carc_text("45"), "Charge exceeds fee schedule/maximum "
	    "allowable or contracted/legislated fee arrangement. Usage: This "
	    "adjustment amount cannot equal the total service or claim charge "
	    "amount; and must not duplicate provider adjustment amounts "
	    "(payments and contractual reductions) that have resulted from "
	    "prior payer(s) adjudication. (Use only with Group Codes PR or CO "
	    "depending upon liability)");
	CHECK_STR(ck_carc_text("130"), "Claim submission fee.");
	CHECK_STR(ck_carc_text("P29"), "Liability Benefits jurisdictional fee "
	    "schedule adjustment. Usage: If adjustment is at the Claim Level, "
	    "the payer must send and the provider should refer to the 835 "
	    "Class of Contract Code Identification Segment (Loop 2100 Other "
	    "Claim Related Information REF). If adjustment is at the Line "
	    "Level, the payer must send and the provider should refer to the "
	    "835 Healthcare Policy Identification Segment (loop 2110 Service "
	    "Payment information REF) if the regulations apply. To be used for "
	    "Property and Casualty Auto only.");
	CHECK_STR(ck_rarc_text("N130"), "Consult plan benefit documents/"
	    "guidelines for information about restrictions for this service.");
	CHECK_STR(ck_rarc_text("MA130"), "Your claim contains incomplete "
	    "and/or invalid information, and no appeal rights are afforded "
	    "because the claim is unprocessable. Please submit a new claim "
	    "with the complete/correct information.");
	CHECK_STR(ck_rarc_text("N830") + 11, "charge[s] for this service was "
	    "processed in accordance with Federal/ State Balance/ Surprise "
	    "Billing regulations. As such, any amount identified with OA, CO, "
	    "or PI cannot be collected from the member and may be considered "
	    "provider liability or be billable to a subsequent payer. Any "
	    "amount the provider collected over the identified PR amount must "
	    "be refunded to the patient within applicable Federal/ State "
	    "timeframes. Payment amounts are eligible for dispute following "
	    "any Federal/ State documented appeal/ grievance/ arbitration "
	    "process.");
	CHECK(ck_carc_text("ZZ9") == NULL && ck_rarc_text("45") == NULL &&
	    ck_carc_text("N130") == NULL && ck_rarc_text("N9999") == NULL);
	ck_remit_describe("CO-130:1.00 PR-999:2.00  M20 N211 ZZ9", buf,
	    sizeof(buf));
	CHECK_STR(buf, "CO-130 Claim submission fee.; PR-999; M20 Missing/"
	    "incomplete/invalid HCPCS.; N211 Alert: You may not appeal this "
	    "decision.; ZZ9");
}

int
main(void)
{
	test_paid();
	test_two();
	test_unbalanced();
	test_reversal();
	test_third_party();
	test_codes();
	return t_done();
}
