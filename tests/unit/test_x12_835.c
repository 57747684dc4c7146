/* The 835 reader on hand-written remittances (tests/data/era-*.x12) and
 * on broken copies of them. */
#include <stdarg.h>
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
	/* every date a date and every amount an amount, kept or not; a
	 * date not shown (it may be a date of service) */
	p = variant("era-reversal.x12", "CAS*PR*3*-20~", "DTM*050*2025BENJ~");
	CHECK(parse(p, &g, &err) == 0);
	CHECK(g.bads == 1 && g.claims == 0);
	CHECK(strstr(g.why, "(DTM): expected a date as CCYYMMDD in DTM02 (the "
	    "value is not shown)") != NULL && strstr(g.why, "BENJ") == NULL);
	p = variant("era-reversal.x12", "CAS*PR*3*-20~", "AMT*AU*ABC~");
	CHECK(parse(p, &g, &err) == 0);
	CHECK(g.bads == 1 && g.claims == 0);
	CHECK(strstr(g.why, "(AMT): expected an amount in AMT02") != NULL);
	/* a stray terminator in a name: the data it cut is not shown */
	p = variant("era-reversal.x12", "CAS*PR*3*-20~", "CAS*PR*3*-20~"
	    "NM1*QC*1*SMITH~BENJAMIN****MI*W1~");
	CHECK(parse(p, &g, &err) == CK_DATA);
	CHECK(strstr(err.msg, "expected a segment id, found 8 characters of "
	    "data (not shown") != NULL && strstr(err.msg, "BENJAMIN") == NULL);
	/* envelopes: a bad SE count refuses the whole file */
	p = variant("era-reversal.x12", "SE*14*", "SE*13*");
	CHECK(parse(p, &g, &err) == CK_DATA);
	CHECK(g.begins == 0 && g.claims == 0);
	CHECK(strstr(err.msg, "expected SE01 = 14") != NULL);
	unlink(p);
	if (t_failures)
		fprintf(stderr, "why: %s\nerr: %s\n", g.why, err.msg);
}

/* SVC01 joined with ':' must fit 63 characters: 63 do, 64 do not. */
static void
test_procedure_length(void)
{
	char to[128];
	struct got g;
	struct ck_err err;
	const char *p;

	snprintf(to, sizeof(to), "SVC*HC:%.60s*", "ABCDEFGHIJABCDEFGHIJ"
	    "ABCDEFGHIJABCDEFGHIJABCDEFGHIJABCDEFGHIJ");
	p = variant("era-paid.x12", "SVC*HC:99213*", to);
	CHECK(parse(p, &g, &err) == 0);
	CHECK(g.bads == 0 && g.claims == 3);
	CHECK(strstr(g.log, "L HC:ABCDEFGHIJABCDEFGHIJABCDEFGHIJABCDEFGHIJ"
	    "ABCDEFGHIJABCDEFGHIJ ABCDEFGHIJABCDE 12500") != NULL);
	snprintf(to, sizeof(to), "SVC*HC:%.59s:Z*", "ABCDEFGHIJABCDEFGHIJ"
	    "ABCDEFGHIJABCDEFGHIJABCDEFGHIJABCDEFGHIJ");
	p = variant("era-paid.x12", "SVC*HC:99213*", to);
	CHECK(parse(p, &g, &err) == 0);
	CHECK(g.bads == 1 && g.claims == 0);
	CHECK(strstr(g.why, "(SVC): expected a shorter procedure in SVC01|") !=
	    NULL);
	unlink(p);
	if (t_failures)
		fprintf(stderr, "log: %s\nwhy: %s\n", g.log, g.why);
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
	    "processed in accordance with Federal/ State, Balance Billing/ No "
	    "Surprise Billing regulations. As such, any amount identified with "
	    "OA, CO, or PI cannot be collected from the member and may be "
	    "considered provider liability or be billable to a subsequent "
	    "payer. Any amount the provider collected over the identified PR "
	    "amount must be refunded to the patient within applicable "
	    "Federal/State timeframes. Payment amounts are eligible for "
	    "dispute pursuant to any Federal/State documented appeal/grievance "
	    "process(es).");
	CHECK(ck_carc_text("ZZ9") == NULL && ck_rarc_text("45") == NULL &&
	    ck_carc_text("N130") == NULL && ck_rarc_text("N9999") == NULL);
	ck_remit_describe("CO-130:1.00 PR-999:2.00  M20 N211 ZZ9", buf,
	    sizeof(buf));
	CHECK_STR(buf, "CO-130 Claim submission fee.; PR-999; M20 Missing/"
	    "incomplete/invalid HCPCS.; N211 Alert: You may not appeal this "
	    "decision.; ZZ9");
}

/* --- one parse per set: a set is checked whole before any of it goes ---
 *
 * Three remittances in one file; the second's third claim does not add
 * up, after two claims that do.  Every field of every claim is dumped, so
 * that the hand-outs kept packed until the SE, and those of a set read
 * again past the cap, can be compared whole. */

void ck_xr_835_set_cap(size_t bytes);   /* lib/x12read_int.h */

static const char *const set1[] = {
	"BPR*I*152.5*C*ACH************20251231", "TRN*1*EFT7001*1620000000",
	"N1*PR*ACME HEALTH PLAN*XV*62308", "N1*PE*GREAT LAKES*XX*1164079539",
	"LX*1", "CLP*CLMA1*1*200*150*0*12*PA1", "NM1*QC*1*DOE*JANE****MI*W1",
	"NM1*TT*2*SECOND MUTUAL*****PI*9", "MOA***MA01*N130",
	"DTM*232*20250914", "SVC*HC:99213:25:59*120*90**1*HC:99212:AA",
	"DTM*472*20250915", "CAS*CO*45*18*1*42*12", "REF*6R*CLMA1-1",
	"AMT*B6*110", "LQ*HE*N130", "SVC*HC:83036*80*60**2",
	"DTM*472*20250916", "CAS*PR*2*20", "CLP*CLMA2*4*50*0*0*12*PA2",
	"CAS*CO*50*50", "PLB*1164079539*20251231*L6:INT01*-2.5", NULL
};
static const char *const set2[] = {
	"BPR*I*240*C*CHK************20251231", "TRN*1*CHK7002*1620000000",
	"N1*PR*ACME HEALTH PLAN*XV*62308", "LX*1",
	"CLP*CLMB1*1*100*80**12*PB1", "CAS*CO*45*20",
	"CLP*CLMB2*1*100*80**12*PB2", "SVC*HC:99213*100*80**1",
	"CAS*CO*45*20", "CLP*CLMB3*1*100*80**12*PB3", "CAS*CO*45*19", NULL
};
static const char *const set3[] = {
	"BPR*I*80*C*CHK************20251231", "TRN*1*CHK7003*1620000000",
	"N1*PR*ACME HEALTH PLAN*XV*62308", "LX*1",
	"CLP*CLMC1*2*100*80*5*12*PC1", "CAS*PR*3*5", "SVC*HC:99214*100*85**1",
	"CAS*CO*45*15", NULL
};

/* Writes the three sets as one interchange; ge is GE01. */
static const char *
three_sets(int ge)
{
	static char out[64];
	const char *const *set[] = {set1, set2, set3};
	FILE *f;

	snprintf(out, sizeof(out), "/tmp/test_x12_835.3.%ld.x12",
	    (long)getpid());
	if ((f = fopen(out, "w")) == NULL)
		return out;
	fputs("ISA*00*          *00*          *ZZ*ACMEHLTH       *ZZ*"
	    "S1234567       *251231*1200*^*00501*000000301*0*T*:~\n"
	    "GS*HP*ACMEHLTH*S1234567*20251231*1200*301*X*005010X221A1~\n", f);
	for (int k = 0; k < 3; k++) {
		int n = 0;

		fprintf(f, "ST*835*%04d~\n", k + 1);
		for (; set[k][n] != NULL; n++)
			fprintf(f, "%s~\n", set[k][n]);
		fprintf(f, "SE*%d*%04d~\n", n + 2, k + 1);
	}
	fprintf(f, "GE*%d*301~\nIEA*1*000000301~\n", ge);
	fclose(f);
	return out;
}

struct whole {
	char log[16384];
	int skip;               /* begin skips the remittance of this number */
};

static void
put(struct whole *w, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void
put(struct whole *w, const char *fmt, ...)
{
	size_t n = strlen(w->log);
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(w->log + n, sizeof(w->log) - n, fmt, ap);
	va_end(ap);
}

static void
put_adjs(struct whole *w, const struct ck_835_adj *a, int n)
{
	for (int i = 0; i < n; i++)
		put(w, " %s-%s:%lld", a[i].group, a[i].reason, a[i].amount);
}

static int
w_begin(void *arg, const struct ck_835_remit *r)
{
	struct whole *w = arg;

	put(w, "begin %ld %s %s %lld %s %s|%s|%s|%ld;\n", r->number, r->trace,
	    r->st_control, r->amount, r->method, r->paid_date, r->payer_id,
	    r->payee_id, r->claims);
	return r->number == w->skip ? CK_835_SKIP : 0;
}

static int
w_claim(void *arg, const struct ck_835_claim *c)
{
	struct whole *w = arg;

	put(w, "claim %ld %s %s %lld %lld %lld %s|%s|%s|%s|%s adj", c->number,
	    c->claim_id, c->status, c->charge, c->paid, c->patient_resp,
	    c->payer_claim_id, c->crossover, c->patient_id, c->remarks,
	    c->service_date);
	put_adjs(w, c->adj, c->nadj);
	put(w, ";\n");
	for (int k = 0; k < c->nlines; k++) {
		const struct ck_835_line *l = &c->line[k];

		put(w, " line %s %s %s.%s.%s.%s %s %s %s.%s.%s.%s %lld %lld "
		    "%lld %ld %s|%s|%s adj", l->procedure, l->code,
		    l->modifiers[0], l->modifiers[1], l->modifiers[2],
		    l->modifiers[3], l->original, l->orig_code,
		    l->orig_modifiers[0], l->orig_modifiers[1],
		    l->orig_modifiers[2], l->orig_modifiers[3], l->charge,
		    l->paid, l->allowed, l->units, l->date, l->control,
		    l->remarks);
		put_adjs(w, l->adj, l->nadj);
		put(w, ";\n");
	}
	return 0;
}

static int
w_plb(void *arg, const struct ck_835_plb *p)
{
	put(arg, "plb %s %s %s %s %lld;\n", p->provider, p->fiscal_date,
	    p->reason, p->reference, p->amount);
	return 0;
}

static int
w_end(void *arg, const struct ck_835_remit *r)
{
	put(arg, "end %ld %lld claims %ld;\n", r->number, r->amount,
	    r->claims);
	return 0;
}

static int
w_bad(void *arg, const struct ck_835_remit *r, const struct ck_err *why)
{
	put(arg, "bad %ld claims %ld: %s;\n", r->number, r->claims, why->msg);
	return 0;
}

static int
parse_whole(const char *path, struct whole *w, int skip, struct ck_err *err)
{
	struct ck_835_cb cb = {w, w_begin, w_claim, w_plb, w_end, w_bad};

	memset(w, 0, sizeof(*w));
	w->skip = skip;
	memset(err, 0, sizeof(*err));
	return ck_parse_835(path, &cb, err);
}

static void
test_set_checked_whole(void)
{
	static struct whole kept, again;
	const char *p = three_sets(3);
	struct ck_err err;
	const char *bad;

	CHECK(parse_whole(p, &kept, 0, &err) == 0);
	/* the second set is reported, none of its claims handed out, not
	 * even the two read (and found sound) before the third failed */
	CHECK(strstr(kept.log, "CLMB1") == NULL &&
	    strstr(kept.log, "CLMB2") == NULL &&
	    strstr(kept.log, "claim 37 ") == NULL);
	CHECK(strstr(kept.log, "begin 2") == NULL &&
	    strstr(kept.log, "end 2") == NULL);
	bad = strstr(kept.log, "bad 2 claims 2: ");
	CHECK(bad != NULL && strstr(bad, "segment 37 (CLP): claim 'CLMB3': "
	    "CLP03 100.00 - CLP04 80.00 is not the sum of the claim's and "
	    "its lines' CAS, 19.00;") != NULL);
	/* and the others go, whole, in order */
	CHECK(strstr(kept.log, "begin 1 EFT7001 0001 15250 ACH 2025-12-31|"
	    "62308|1164079539|0;\n"
	    "claim 9 CLMA1 1 20000 15000 0 PA1|SECOND MUTUAL|W1|MA01 N130|"
	    "2025-09-14 adj;\n"
	    " line HC:99213:25:59 99213 25.59.. HC:99212:AA 99212 AA... "
	    "12000 9000 11000 1 2025-09-15|CLMA1-1|N130 adj CO-45:1800 "
	    "CO-42:1200;\n"
	    " line HC:83036 83036 ...   ... 8000 6000 -1 2 2025-09-16|| adj "
	    "PR-2:2000;\n"
	    "claim 23 CLMA2 4 5000 0 0 PA2|||| adj CO-50:5000;\n"
	    "plb 1164079539 2025-12-31 L6 INT01 -250;\n"
	    "end 1 15250 claims 2;\n") == kept.log);
	CHECK(strstr(kept.log, "begin 3 CHK7003 0003 8000 CHK 2025-12-31|"
	    "62308||0;\n"
	    "claim 45 CLMC1 2 10000 8000 500 PC1|||| adj PR-3:500;\n"
	    " line HC:99214 99214 ...   ... 10000 8500 -1 1 || adj CO-45:1500;\n"
	    "end 3 8000 claims 1;\n") != NULL);
	/* a set too big to keep is checked to its SE, then read again: the
	 * same hand-outs, the same refusal */
	ck_xr_835_set_cap(64);
	CHECK(parse_whole(p, &again, 0, &err) == 0);
	ck_xr_835_set_cap(0);
	CHECK_STR(again.log, kept.log);
	/* begin may pass a remittance by: nothing else of it, not its end */
	CHECK(parse_whole(p, &again, 1, &err) == 0);
	CHECK(strstr(again.log, "begin 1 ") == again.log &&
	    strstr(again.log, "CLMA") == NULL &&
	    strstr(again.log, "end 1") == NULL &&
	    strstr(again.log, "end 3 ") != NULL);
	ck_xr_835_set_cap(64);
	CHECK(parse_whole(p, &kept, 1, &err) == 0);
	ck_xr_835_set_cap(0);
	CHECK_STR(kept.log, again.log);
	/* an envelope error after sound sets still refuses the whole file
	 * before anything of it goes */
	p = three_sets(2);
	CHECK(parse_whole(p, &kept, 0, &err) == CK_DATA);
	CHECK(kept.log[0] == '\0');
	CHECK(strstr(err.msg, "segment 50 (GE): expected GE01 = 3 "
	    "(transaction sets in the group), found '2'") != NULL);
	if (t_failures)
		fprintf(stderr, "log: %s\nerr: %s\n", kept.log, err.msg);
	unlink(p);
}

int
main(void)
{
	test_paid();
	test_two();
	test_unbalanced();
	test_procedure_length();
	test_reversal();
	test_third_party();
	test_set_checked_whole();
	test_codes();
	return t_done();
}
