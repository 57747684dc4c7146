/*
 * The 837P writer.  Segment by segment it follows the 005010X222A1
 * implementation guide; loop names are given in comments where a loop
 * starts.  Elements are written as given: the scrub has refused values
 * that would break the delimiters, and the writer refuses them again
 * rather than emit a file the clearinghouse would reject whole.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "claimkit/money.h"
#include "claimkit/scrub.h"
#include "claimkit/x12.h"

#define SEG_MAX 4096

struct ck_837 {
	struct ck_sink *out;
	const struct ck_x12_env *env;
	long long batch_id;
	char seg[SEG_MAX];
	size_t len;
	int bad;                /* a value held a delimiter */
	const char *bad_what;
	long st_control, segments, claims, sets, hl;
	long provider_hl;       /* HL of the open 2000A, 0 for none */
	char provider_key[512];
	struct ck_err *err;
};

char *
ck_x12_amount(long long cents, char *buf)
{
	unsigned long long a = cents < 0 ? 0ULL - (unsigned long long)cents :
	    (unsigned long long)cents;
	int n = sprintf(buf, "%s%llu", cents < 0 ? "-" : "", a / 100);

	if (a % 100 == 0)
		return buf;
	if (a % 10 == 0)
		sprintf(buf + n, ".%llu", a % 100 / 10);
	else
		sprintf(buf + n, ".%02llu", a % 100);
	return buf;
}

/* --- segments --- */

static void
seg(struct ck_837 *w, const char *id)
{
	w->len = (size_t)snprintf(w->seg, sizeof(w->seg), "%s", id);
}

static void
put(struct ck_837 *w, const char *s, size_t n)
{
	if (w->len + n >= sizeof(w->seg)) {
		w->bad = 1;
		w->bad_what = "a segment too long";
		return;
	}
	memcpy(w->seg + w->len, s, n);
	w->len += n;
}

static void
checked(struct ck_837 *w, const char *v)
{
	if (v && strpbrk(v, "~*:^")) {
		w->bad = 1;
		w->bad_what = "a value holding an X12 delimiter (~ * : ^)";
	}
}

/* Appends an element ("" or NULL: empty). */
static void
el(struct ck_837 *w, const char *v)
{
	checked(w, v);
	put(w, "*", 1);
	if (v)
		put(w, v, strlen(v));
}

/* Appends a composite of n components, trailing empty ones dropped. */
static void
comp(struct ck_837 *w, int n, const char *const *v)
{
	while (n > 0 && (v[n - 1] == NULL || v[n - 1][0] == '\0'))
		n--;
	put(w, "*", 1);
	for (int i = 0; i < n; i++) {
		checked(w, v[i]);
		if (i)
			put(w, ":", 1);
		if (v[i])
			put(w, v[i], strlen(v[i]));
	}
}

/* Ends the segment: trailing empty elements go, as X12 requires. */
static void
end(struct ck_837 *w)
{
	while (w->len > 0 && w->seg[w->len - 1] == '*')
		w->len--;
	put(w, "~\n", w->env->newline ? 2 : 1);
	ck_sink_write(w->out, w->seg, w->len);
	w->segments++;
}

/* A whole segment from elements; NULL ends the list. */
static void
line(struct ck_837 *w, const char *id, ...)
	__attribute__((sentinel));

static void
line(struct ck_837 *w, const char *id, ...)
{
	va_list ap;
	const char *v;

	seg(w, id);
	va_start(ap, id);
	while ((v = va_arg(ap, const char *)) != NULL)
		el(w, v);
	va_end(ap);
	end(w);
}

/* YYYY-MM-DD to CCYYMMDD */
static const char *
d8(const char *iso, char *buf)
{
	snprintf(buf, 9, "%.4s%.2s%.2s", iso, iso + 5, iso + 8);
	return buf;
}

/* --- envelope --- */

static void
begin_set(struct ck_837 *w)
{
	const struct ck_x12_env *e = w->env;
	char ctl[16], ref[40];

	w->st_control = e->next_st(e->arg);
	w->segments = 0;
	w->claims = 0;
	w->hl = 0;
	w->provider_hl = 0;
	w->provider_key[0] = '\0';
	snprintf(ctl, sizeof(ctl), "%04ld", w->st_control);
	snprintf(ref, sizeof(ref), "%lld-%ld", w->batch_id, w->sets + 1);
	line(w, "ST", "837", ctl, "005010X222A1", NULL);
	line(w, "BHT", "0019", "00", ref, e->date, e->time, "CH", NULL);
	/* 1000A submitter, 1000B receiver */
	line(w, "NM1", "41", "2", e->submitter_name, "", "", "", "", "46",
	    e->submitter_id, NULL);
	line(w, "PER", "IC", e->submitter_contact, "TE", e->submitter_phone,
	    NULL);
	line(w, "NM1", "40", "2", e->receiver_name, "", "", "", "", "46",
	    e->receiver_id, NULL);
}

static int
end_set(struct ck_837 *w)
{
	char n[24], ctl[16];

	snprintf(n, sizeof(n), "%ld", w->segments + 1);
	snprintf(ctl, sizeof(ctl), "%04ld", w->st_control);
	line(w, "SE", n, ctl, NULL);
	w->sets++;
	return w->env->set_done(w->env->arg, w->st_control, w->claims, w->err);
}

int
ck_837_begin(struct ck_837 **wp, struct ck_sink *out,
    const struct ck_x12_env *e, long long batch_id, struct ck_err *err)
{
	struct ck_837 *w = calloc(1, sizeof(*w));
	char isa[128], ctl[16];

	*wp = NULL;
	if (w == NULL)
		return ck_err_set(err, CK_FAIL, "out of memory");
	w->out = out;
	w->env = e;
	w->batch_id = batch_id;
	w->err = err;
	/* ISA is fixed-width: every element padded to its size. */
	snprintf(isa, sizeof(isa), "ISA*00*%-10s*00*%-10s*%-2s*%-15s*%-2s*"
	    "%-15s*%.6s*%.4s*^*00501*%09ld*%c*%c*:~%s", "", "",
	    e->isa_sender_qual, e->isa_sender_id, e->isa_receiver_qual,
	    e->isa_receiver_id, e->date + 2, e->time, e->isa_control % 1000000000,
	    e->ack, e->usage, e->newline ? "\n" : "");
	ck_sink_write(out, isa, strlen(isa));
	snprintf(ctl, sizeof(ctl), "%ld", e->isa_control % 1000000000);
	line(w, "GS", "HC", e->gs_sender, e->gs_receiver, e->date, e->time, ctl,
	    "X", "005010X222A1", NULL);
	begin_set(w);
	*wp = w;
	return 0;
}

int
ck_837_end(struct ck_837 *w, struct ck_err *err)
{
	char n[24], ctl[16];
	int rc;

	w->err = err;
	if ((rc = end_set(w)) == 0) {
		snprintf(n, sizeof(n), "%ld", w->sets);
		snprintf(ctl, sizeof(ctl), "%ld", w->env->isa_control % 1000000000);
		line(w, "GE", n, ctl, NULL);
		snprintf(ctl, sizeof(ctl), "%09ld",
		    w->env->isa_control % 1000000000);
		line(w, "IEA", "1", ctl, NULL);
	}
	free(w);
	return rc;
}

/* --- loops --- */

#define V(c) ck_cv(cl, CK_C_##c)
#define LV(k, c) ck_lv(cl, k, CK_C_##c)

static void
address(struct ck_837 *w, const char *a1, const char *a2, const char *city,
    const char *state, const char *zip)
{
	if (*a1 == '\0')
		return;     /* the scrub holds half an address */
	line(w, "N3", a1, a2, NULL);
	/* N404: the country, outside the United States only */
	line(w, "N4", city, state, zip, ck_state_country(state) == 2 ? "CA" :
	    "", NULL);
}

/* 2000A billing provider, 2010AA its name, address and tax id. */
static void
billing_provider(struct ck_837 *w, const struct ck_claim *cl)
{
	char hl[24];

	w->provider_hl = ++w->hl;
	snprintf(hl, sizeof(hl), "%ld", w->provider_hl);
	line(w, "HL", hl, "", "20", "1", NULL);
	if (cl->v[CK_C_billing_taxonomy].s)
		line(w, "PRV", "BI", "PXC", V(billing_taxonomy), NULL);
	line(w, "NM1", "85", "2", V(billing_name), "", "", "", "", "XX",
	    V(billing_npi), NULL);
	address(w, V(billing_address1), V(billing_address2), V(billing_city),
	    V(billing_state), V(billing_zip));
	line(w, "REF", "EI", V(billing_tin), NULL);
}

static int
self(const struct ck_claim *cl)
{
	return strcmp(ck_cv(cl, CK_C_relationship), "18") == 0;
}

static const char *
payer_seq(long rank)
{
	return rank == 3 ? "T" : rank == 2 ? "S" : "P";
}

static int
medicare(const char *filing)
{
	return strcmp(filing, "MA") == 0 || strcmp(filing, "MB") == 0;
}

/* SBR05 is sent only when the claim goes to Medicare and Medicare is
 * not the primary payer; "if not required, do not send". */
static int
medicare_later(const struct ck_claim *cl)
{
	return cl->v[CK_C_rank].i > 1 && medicare(V(filing_indicator));
}

/* 2000B subscriber, 2010BA subscriber name, 2010BB payer. */
static void
subscriber(struct ck_837 *w, const struct ck_claim *cl)
{
	char hl[24], parent[24], dob[12];
	int pat = !self(cl);

	snprintf(hl, sizeof(hl), "%ld", ++w->hl);
	snprintf(parent, sizeof(parent), "%ld", w->provider_hl);
	line(w, "HL", hl, parent, "22", pat ? "1" : "0", NULL);
	line(w, "SBR", payer_seq(cl->v[CK_C_rank].i), pat ? "" : "18",
	    V(group_number), cl->v[CK_C_group_number].s ? "" : V(group_name),
	    medicare_later(cl) ? V(insurance_type) : "", "", "", "",
	    V(filing_indicator), NULL);
	line(w, "NM1", "IL", "1", V(subscriber_last), V(subscriber_first),
	    V(subscriber_middle), "", "", "MI", V(subscriber_id), NULL);
	/* 2010BA N3/N4 and DMG are sent when the subscriber is the
	 * patient only; otherwise the guide says not to send them, and
	 * the patient's go in 2010CA. */
	if (!pat) {
		address(w, V(subscriber_address1), V(subscriber_address2),
		    V(subscriber_city), V(subscriber_state), V(subscriber_zip));
		if (cl->v[CK_C_subscriber_dob].s)
			line(w, "DMG", "D8", d8(V(subscriber_dob), dob),
			    V(subscriber_sex), NULL);
	}
	line(w, "NM1", "PR", "2", V(payer_name), "", "", "", "", "PI",
	    V(payer_id), NULL);
	address(w, V(payer_address1), V(payer_address2), V(payer_city),
	    V(payer_state), V(payer_zip));
	if (!pat)
		return;
	/* 2000C patient, 2010CA: only when not the subscriber */
	snprintf(parent, sizeof(parent), "%ld", w->hl);
	snprintf(hl, sizeof(hl), "%ld", ++w->hl);
	line(w, "HL", hl, parent, "23", "0", NULL);
	line(w, "PAT", V(relationship), NULL);
	line(w, "NM1", "QC", "1", V(patient_last), V(patient_first),
	    V(patient_middle), NULL);
	address(w, V(patient_address1), V(patient_address2), V(patient_city),
	    V(patient_state), V(patient_zip));
	line(w, "DMG", "D8", d8(V(patient_dob), dob), V(patient_sex), NULL);
}

/* CAS segments from "CO-45:40.00;PR-2:12.50": one per group code, up to
 * six reason/amount pairs each, the non-zero ones only (the guide's CAS
 * note).  Returns the PR amounts' sum: what the payer left the patient,
 * the remaining patient liability of AMT*EAF. */
static int64_t
adjustments(struct ck_837 *w, const char *adj)
{
	int64_t patient = 0;

	static const char *const groups[] = {"CO", "PR", "OA", "PI"};
	char reason[8], amt[24], num[24];

	for (int g = 0; g < 4; g++) {
		int n = 0;
		for (const char *p = adj; p && *p; p += strcspn(p, ";"),
		    p += *p == ';') {
			int64_t c = 0;
			const char *colon = strchr(p, ':');
			if (strncmp(p, groups[g], 2) != 0 || colon == NULL)
				continue;
			/* import wrote these as GROUP-REASON:AMOUNT */
			snprintf(num, sizeof(num), "%.*s",
			    (int)strcspn(colon + 1, ";"), colon + 1);
			if (ck_money_parse(num, 1, &c) < 0) {
				w->bad = 1;
				w->bad_what = "an adjustment amount";
			}
			if (c == 0)
				continue;
			if (g == 1)
				patient += c;
			if (n % 6 == 0) {
				if (n)
					end(w);
				seg(w, "CAS");
				el(w, groups[g]);
			}
			snprintf(reason, sizeof(reason), "%.*s",
			    (int)(colon - p - 3), p + 3);
			el(w, reason);
			el(w, ck_x12_amount(c, amt));
			el(w, "");
			n++;
		}
		if (n)
			end(w);
	}
	return patient;
}

static int
has_line_payments(const struct ck_claim *cl, const struct ck_prior *p)
{
	for (int k = 0; k < cl->nlines; k++)
		if (cl->line[k][p->line_paid].s)
			return 1;
	return 0;
}

/* The earlier payers of the claim, in the order their 2320 loops go:
 * the primary first.  Returns how many. */
static int
priors(const struct ck_claim *cl, const struct ck_prior **out)
{
	int n = 0;

	if (cl->v[CK_C_rank].i < 2 || cl->v[CK_C_prior_payer_id].s == NULL)
		return 0;
	if (cl->v[CK_C_rank].i == 3 && cl->v[CK_C_prior2_payer_id].s)
		out[n++] = ck_prior(1);
	out[n++] = ck_prior(0);
	return n;
}

/* 2320 MOA: an earlier payer's remark codes (MOA03 to MOA07), as its
 * 835 gave them, separated by spaces. */
static void
remarks(struct ck_837 *w, const char *codes)
{
	char buf[64];
	int n = 0;

	if (*codes == '\0')
		return;
	snprintf(buf, sizeof(buf), "%s", codes);
	seg(w, "MOA");
	el(w, "");
	el(w, "");
	for (char *c = strtok(buf, " ;,"); c && n < 5;
	    c = strtok(NULL, " ;,"))
		el(w, c), n++;
	end(w);
}

/* 2320 other subscriber, 2330A other subscriber name, 2330B other
 * payer: one payer that adjudicated before this one. */
static void
other_payer(struct ck_837 *w, const struct ck_claim *cl,
    const struct ck_prior *p)
{
	char amt[24], dt[12];
	const char *seq = cl->v[CK_C_rank].i == 3 ? p->seq : "P";
	/* SBR05 again: this payer is Medicare, and not the primary */
	const char *type = strcmp(seq, "P") != 0 && p->insurance_type >= 0 &&
	    medicare(ck_cv(cl, p->filing)) ? ck_cv(cl, p->insurance_type) : "";
	int lines = has_line_payments(cl, p);
	/* who holds that plan: this claim's subscriber unless named */
	int other = cl->v[p->sub_last].s != NULL;
	int64_t patient = 0;

	line(w, "SBR", seq, cl->v[p->relationship].s ?
	    ck_cv(cl, p->relationship) : V(relationship), ck_cv(cl, p->group),
	    "", type, "", "", "", ck_cv(cl, p->filing), NULL);
	/* Claim-level adjustments only: those of the lines go in 2430. */
	if (cl->v[p->adjustments].s)
		patient = adjustments(w, ck_cv(cl, p->adjustments));
	line(w, "AMT", "D", ck_x12_amount(cl->v[p->paid].i, amt), NULL);
	/* the remaining patient liability goes here when that payer
	 * answered for the claim only, else on each line (2430), never
	 * both; zero too (X12 RFI 1515, 1517) */
	if (!lines)
		line(w, "AMT", "EAF", ck_x12_amount(patient, amt), NULL);
	line(w, "OI", "", "", V(benefits_assigned), "", "", V(release_of_info),
	    NULL);
	remarks(w, ck_cv(cl, p->remarks));
	line(w, "NM1", "IL", "1", other ? ck_cv(cl, p->sub_last) :
	    V(subscriber_last), other ? ck_cv(cl, p->sub_first) :
	    V(subscriber_first), other ? ck_cv(cl, p->sub_middle) :
	    V(subscriber_middle), "", "", "MI", cl->v[p->subscriber_id].s ?
	    ck_cv(cl, p->subscriber_id) : V(subscriber_id), NULL);
	line(w, "NM1", "PR", "2", ck_cv(cl, p->payer_name), "", "", "", "",
	    "PI", ck_cv(cl, p->payer_id), NULL);
	if (!lines && cl->v[p->paid_date].s)
		line(w, "DTP", "573", "D8", d8(ck_cv(cl, p->paid_date), dt),
		    NULL);
	/* its claim control number, for the next payer to find its
	 * adjudication by */
	if (cl->v[p->claim_ref].s)
		line(w, "REF", "F8", ck_cv(cl, p->claim_ref), NULL);
}

static void
procedure(struct ck_837 *w, const struct ck_claim *cl, int k)
{
	const char *p[] = {"HC", LV(k, procedure), LV(k, modifier1),
	    LV(k, modifier2), LV(k, modifier3), LV(k, modifier4)};

	comp(w, 6, p);
}

/* SVD03 from a code and its modifiers, separated by spaces ("84439 26"),
 * HCPCS unless a two-letter qualifier leads ("ER 12345"). */
static void
adjudicated(struct ck_837 *w, const char *code)
{
	char buf[64];
	const char *p[6] = {"HC"};
	int n = 1;

	snprintf(buf, sizeof(buf), "%s", code);
	if (strcspn(buf, " ") == 2)
		n = 0;
	for (char *t = strtok(buf, " "); t && n < 6; t = strtok(NULL, " "))
		p[n++] = t;
	comp(w, n, p);
}

/* 2430 line adjudication by one earlier payer. */
static void
line_payment(struct ck_837 *w, const struct ck_claim *cl, int k,
    const struct ck_prior *p)
{
	char amt[24], dt[12];
	const char *date = cl->line[k][p->line_paid_date].s ?
	    ck_lv(cl, k, p->line_paid_date) : ck_cv(cl, p->paid_date);

	int64_t patient = 0;

	seg(w, "SVD");
	el(w, ck_cv(cl, p->payer_id));
	el(w, ck_x12_amount(cl->line[k][p->line_paid].i, amt));
	/* the procedure and units that payer adjudicated and paid, where
	 * its 835 said (SVC01, SVC05), else what we billed */
	if (cl->line[k][p->line_procedure].s)
		adjudicated(w, ck_lv(cl, k, p->line_procedure));
	else
		procedure(w, cl, k);
	el(w, "");
	el(w, cl->line[k][p->line_units].s ? ck_lv(cl, k, p->line_units) :
	    LV(k, units));
	end(w);
	if (cl->line[k][p->line_adj].s)
		patient = adjustments(w, ck_lv(cl, k, p->line_adj));
	if (*date)
		line(w, "DTP", "573", "D8", d8(date, dt), NULL);
	line(w, "AMT", "EAF", ck_x12_amount(patient, amt), NULL);
}

/* Anesthesia CPT codes, 00100 to 01999, are billed in minutes. */
static const char *
unit_code(const struct ck_claim *cl, int k)
{
	const char *p = LV(k, procedure);

	if (cl->line[k][CK_C_unit_code].s)
		return LV(k, unit_code);
	if (strlen(p) == 5 && strspn(p, "0123456789") == 5 &&
	    strcmp(p, "00100") >= 0 && strcmp(p, "01999") <= 0)
		return "MJ";
	return "UN";
}

/* 2410 drug identification: the NDC in 5-4-2 form without hyphens,
 * and the quantity dispensed in its unit. */
static void
drug(struct ck_837 *w, const struct ck_claim *cl, int k)
{
	const char *unit[] = {LV(k, ndc_unit)};

	if (cl->line[k][CK_C_ndc].s == NULL)
		return;
	line(w, "LIN", "", "N4", LV(k, ndc), NULL);
	seg(w, "CTP");
	el(w, "");
	el(w, "");
	el(w, "");
	el(w, LV(k, ndc_quantity));
	comp(w, 1, unit);
	end(w);
}

/* 2400 service lines. */
static void
service_lines(struct ck_837 *w, const struct ck_claim *cl)
{
	char n[16], amt[24], d1[12], d2[12], range[32], ref[40];
	const struct ck_prior *pr[CK_NPRIOR];
	int npr = priors(cl, pr);

	for (int k = 0; k < cl->nlines; k++) {
		const char *to = LV(k, service_date_to);
		const char *ptr = LV(k, dx_pointers);
		const char *ptrs[4] = {0};
		char pbuf[16];
		int np = 0;

		snprintf(pbuf, sizeof(pbuf), "%s", ptr);
		for (char *t = strtok(pbuf, ":"); t && np < 4;
		    t = strtok(NULL, ":"))
			ptrs[np++] = t;
		snprintf(n, sizeof(n), "%d", k + 1);
		line(w, "LX", n, NULL);
		seg(w, "SV1");
		procedure(w, cl, k);
		el(w, ck_x12_amount(cl->line[k][CK_C_charge].i, amt));
		el(w, unit_code(cl, k));
		el(w, LV(k, units));
		el(w, "");
		el(w, "");
		comp(w, np, ptrs);
		end(w);
		d8(LV(k, service_date), d1);
		if (*to && strcmp(to, LV(k, service_date)) != 0) {
			snprintf(range, sizeof(range), "%s-%s", d1, d8(to, d2));
			line(w, "DTP", "472", "RD8", range, NULL);
		} else
			line(w, "DTP", "472", "D8", d1, NULL);
		snprintf(ref, sizeof(ref), "%s-%d", V(claim_id), k + 1);
		line(w, "REF", "6R", ref, NULL);
		drug(w, cl, k);
		for (int i = 0; i < npr; i++)
			if (cl->line[k][pr[i]->line_paid].s)
				line_payment(w, cl, k, pr[i]);
	}
}

static void
diagnoses(struct ck_837 *w, const struct ck_claim *cl)
{
	char c[16];

	seg(w, "HI");
	for (int i = 0; i < 12; i++) {
		const char *dx = ck_cv(cl, (enum ck_col)(CK_C_dx1 + i));
		if (*dx == '\0')
			continue;
		snprintf(c, sizeof(c), "%s", i == 0 ? "ABK" : "ABF");
		const char *p[] = {c, dx};
		comp(w, 2, p);
	}
	end(w);
}

static int
differs(const char *a, const char *b)
{
	return *a && strcmp(a, b) != 0;
}

/* 2300 claim, 2310B rendering and 2310C facility when they differ from
 * the billing provider, 2320/2330 for secondary and tertiary claims. */
static void
claim_loop(struct ck_837 *w, const struct ck_claim *cl)
{
	char amt[24];
	const char *pos[] = {V(place_of_service), "B", V(frequency)};
	const struct ck_prior *pr[CK_NPRIOR];
	int npr = priors(cl, pr);

	seg(w, "CLM");
	el(w, V(claim_id));
	el(w, ck_x12_amount(cl->total_charge, amt));
	el(w, "");
	el(w, "");
	comp(w, 3, pos);
	el(w, V(provider_signature));
	el(w, V(accept_assignment));
	el(w, V(benefits_assigned));
	el(w, V(release_of_info));
	end(w);
	if (strcmp(V(frequency), "1") != 0 && cl->v[CK_C_original_ref].s)
		line(w, "REF", "F8", V(original_ref), NULL);
	diagnoses(w, cl);
	if (differs(V(rendering_npi), V(billing_npi))) {
		line(w, "NM1", "82", "1", V(rendering_last), V(rendering_first),
		    "", "", "", "XX", V(rendering_npi), NULL);
		if (cl->v[CK_C_rendering_taxonomy].s)
			line(w, "PRV", "PE", "PXC", V(rendering_taxonomy), NULL);
	}
	if (cl->v[CK_C_facility_name].s &&
	    (differs(V(facility_address1), V(billing_address1)) ||
	    differs(V(facility_zip), V(billing_zip)))) {
		line(w, "NM1", "77", "2", V(facility_name), "", "", "", "",
		    cl->v[CK_C_facility_npi].s ? "XX" : "", V(facility_npi),
		    NULL);
		address(w, V(facility_address1), V(facility_address2),
		    V(facility_city), V(facility_state), V(facility_zip));
	}
	for (int i = 0; i < npr; i++)
		other_payer(w, cl, pr[i]);
	service_lines(w, cl);
}

long
ck_837_set(const struct ck_837 *w)
{
	return w->st_control;
}

int
ck_837_claim(struct ck_837 *w, const struct ck_claim *cl, struct ck_err *err)
{
	char key[512];
	int rc;

	w->err = err;
	if (w->claims == CK_837_MAX_CLAIMS) {
		if ((rc = end_set(w)))
			return rc;
		begin_set(w);
	}
	snprintf(key, sizeof(key), "%s|%s|%s|%s|%s|%s|%s", V(billing_npi),
	    V(billing_tin), V(billing_name), V(billing_address1),
	    V(billing_address2), V(billing_zip), V(billing_taxonomy));
	if (w->provider_hl == 0 || strcmp(key, w->provider_key) != 0) {
		snprintf(w->provider_key, sizeof(w->provider_key), "%s", key);
		billing_provider(w, cl);
	}
	subscriber(w, cl);
	claim_loop(w, cl);
	w->claims++;
	if (w->bad)
		return ck_err_set(err, CK_DATA, "claim '%s': %s", V(claim_id),
		    w->bad_what);
	return 0;
}
