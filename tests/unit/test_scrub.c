/* The claim scrub: a valid claim passes, and each rule refuses what it
 * should and lets pass its near misses, naming rule, column and line,
 * with no patient data in any message. */
#include <stdint.h>
#include <stdlib.h>

#include "claimkit/claim.h"
#include "claimkit/money.h"
#include "claimkit/scrub.h"
#include "t.h"

#define TODAY "2025-06-01"

static struct ck_claim cl;

struct seen {
	char rule[32];
	int col, line;
	char message[256];
};
static struct seen seen[128];
static int nseen, stop_with;

/* ck_val.i of a value, as the store fills it. */
static int64_t
ival(int c, const char *v)
{
	int64_t i = 0;

	switch (ck_columns[c].type) {
	case CK_T_MONEY:
		if (ck_money_parse(v, 0, &i) < 0)
			abort();
		return i;
	case CK_T_UNITS:
		return (int64_t)(atof(v) * 1000 + 0.5);
	case CK_T_INT:
		return atoi(v);
	default:
		return 0;
	}
}

/* Claim-level value; NULL empties it. */
static void
set(int c, const char *v)
{
	cl.v[c].s = v;
	cl.v[c].i = v ? ival(c, v) : 0;
}

/* Value of line k (1-based). */
static void
setl(int k, int c, const char *v)
{
	cl.line[k - 1][c].s = v;
	cl.line[k - 1][c].i = v ? ival(c, v) : 0;
}

static void
line(int k, const char *date, const char *proc, const char *charge,
    const char *ptrs)
{
	setl(k, CK_C_service_date, date);
	setl(k, CK_C_procedure, proc);
	setl(k, CK_C_units, "1");
	setl(k, CK_C_charge, charge);
	setl(k, CK_C_dx_pointers, ptrs);
	if (cl.nlines < k)
		cl.nlines = k;
}

/* A clean primary claim of two lines, 100.00 + 50.00. */
static void
valid(void)
{
	memset(&cl, 0, sizeof(cl));
	cl.id = 1;
	cl.status = "ready";
	cl.filing = "electronic";
	set(CK_C_claim_id, "CLM0001");
	set(CK_C_patient_last, "Zyxwomble");
	set(CK_C_patient_first, "Quentina");
	set(CK_C_patient_dob, "1980-04-02");
	set(CK_C_patient_sex, "F");
	set(CK_C_patient_address1, "12 Elmquist Way");
	set(CK_C_patient_city, "Springfield");
	set(CK_C_patient_state, "IL");
	set(CK_C_patient_zip, "627011234");
	set(CK_C_patient_phone, "2175550199");
	set(CK_C_relationship, "18");
	set(CK_C_subscriber_id, "XQZ99887766");
	set(CK_C_payer_id, "60054");
	set(CK_C_payer_name, "Aetna");
	set(CK_C_payer_filing, "electronic");
	set(CK_C_payer_electronic_secondary, "yes");
	set(CK_C_rank, "1");
	set(CK_C_filing_indicator, "CI");
	set(CK_C_billing_npi, "1234567893");
	set(CK_C_billing_tin, "123456789");
	set(CK_C_billing_taxonomy, "207Q00000X");
	set(CK_C_billing_name, "Lakeside Family Clinic");
	set(CK_C_billing_address1, "100 Main St");
	set(CK_C_billing_city, "Chicago");
	set(CK_C_billing_state, "IL");
	set(CK_C_billing_zip, "606011234");
	set(CK_C_office, "North");
	set(CK_C_place_of_service, "11");
	set(CK_C_frequency, "1");
	set(CK_C_provider_signature, "Y");
	set(CK_C_accept_assignment, "A");
	set(CK_C_benefits_assigned, "Y");
	set(CK_C_release_of_info, "Y");
	set(CK_C_dx1, "E119");
	set(CK_C_dx2, "I10");
	set(CK_C_dx3, "J069");
	set(CK_C_claim_total, "150.00");
	line(1, "2025-03-03", "99213", "100.00", "1:2");
	line(2, "2025-03-03", "36415", "50.00", "3");
	cl.total_charge = 15000;
}

/* Turns the valid claim into a secondary one whose prior payer paid
 * 80.00 and adjusted 70.00 at the claim level. */
static void
secondary(void)
{
	set(CK_C_rank, "2");
	set(CK_C_prior_payer_id, "87726");
	set(CK_C_prior_payer_name, "UnitedHealthcare");
	set(CK_C_prior_filing_indicator, "CI");
	set(CK_C_prior_subscriber_id, "UHC44556677");
	set(CK_C_prior_paid, "80.00");
	set(CK_C_prior_paid_date, "2025-04-10");
	set(CK_C_prior_adjustments, "CO-45:50.00;PR-2:20.00");
}

/* Fails when any value that is patient data, or any date, shows in a
 * message. */
static void
no_phi(const char *msg)
{
	for (int c = 0; c < CK_NCOLS; c++) {
		const struct ck_column *col = &ck_columns[c];
		if (!col->phi && col->type != CK_T_DATE)
			continue;
		const char *v = cl.v[c].s;
		if (!col->line && v && strlen(v) >= 4)
			CHECK(strstr(msg, v) == NULL);
		for (int k = 0; col->line && k < cl.nlines; k++) {
			v = cl.line[k][c].s;
			if (v && strlen(v) >= 4)
				CHECK(strstr(msg, v) == NULL);
		}
	}
}

static int
collect(void *arg, const struct ck_claim *c, const struct ck_scrub_issue *is)
{
	int *calls = arg;

	(*calls)++;
	CHECK(c == &cl);
	CHECK(is->rule != NULL && is->message[0] != '\0');
	CHECK(strncmp(is->message, "expected", 8) == 0);
	CHECK(strlen(is->message) < sizeof(is->message));
	no_phi(is->message);
	if (nseen < (int)(sizeof(seen) / sizeof(seen[0]))) {
		struct seen *s = &seen[nseen++];
		snprintf(s->rule, sizeof(s->rule), "%s", is->rule);
		s->col = is->col;
		s->line = is->line;
		snprintf(s->message, sizeof(s->message), "%s", is->message);
	}
	return stop_with;
}

/* Scrubs cl; returns the number of issues, each checked by collect. */
static int
scrub(void)
{
	int calls = 0, r;

	nseen = 0;
	r = ck_scrub_claim(&cl, TODAY, collect, &calls);
	CHECK(stop_with != 0 || r == calls);
	return r;
}

/* The issue of rule at col and line, or NULL. */
static const struct seen *
find(const char *rule, int col, int line)
{
	for (int i = 0; i < nseen; i++)
		if (strcmp(seen[i].rule, rule) == 0 && seen[i].col == col &&
		    seen[i].line == line)
			return &seen[i];
	return NULL;
}

/* Scrubs and wants exactly one issue: rule at col and line. */
#define ONE(rule_, col_, line_) do { \
	int n_ = scrub(); \
	CHECK(n_ == 1); \
	CHECK(find(rule_, col_, line_) != NULL); \
	if (n_ != 1 || find(rule_, col_, line_) == NULL) \
		for (int i_ = 0; i_ < nseen; i_++) \
			fprintf(stderr, "  got %s col %d line %d: %s\n", \
			    seen[i_].rule, seen[i_].col, seen[i_].line, \
			    seen[i_].message); \
} while (0)

#define CLEAN() do { \
	int n_ = scrub(); \
	CHECK(n_ == 0); \
	for (int i_ = 0; i_ < nseen; i_++) \
		fprintf(stderr, "  unexpected %s col %d line %d: %s\n", \
		    seen[i_].rule, seen[i_].col, seen[i_].line, \
		    seen[i_].message); \
} while (0)

static void
test_valid(void)
{
	valid();
	CLEAN();
	CHECK(ck_scrub_claim(&cl, TODAY, NULL, NULL) == 0);
	CHECK(ck_scrub_claim(&cl, NULL, NULL, NULL) == 0);   /* real today */
	secondary();
	CLEAN();
}

static void
test_npi(void)
{
	CHECK(ck_npi_valid("1234567893") == 1);
	CHECK(ck_npi_valid("1234567890") == 0);
	CHECK(ck_npi_valid("1558598797") == 1);
	CHECK(ck_npi_valid("1558598798") == 0);
	CHECK(ck_npi_valid("123456789") == 0);
	CHECK(ck_npi_valid("12345678930") == 0);
	CHECK(ck_npi_valid("123456789A") == 0);
	CHECK(ck_npi_valid("") == 0);
	/* the CMS example, and a check digit of 0 */
	CHECK(ck_npi_valid("1245319599") == 1);
	CHECK(ck_npi_valid("1000000400") == 1);
	CHECK(ck_npi_valid("1000000401") == 0);

	valid();
	set(CK_C_billing_npi, "1234567890");
	ONE("npi", CK_C_billing_npi, 0);
	CHECK(strstr(seen[0].message, "check digit") != NULL);
	set(CK_C_billing_npi, "123456789");
	ONE("npi", CK_C_billing_npi, 0);
	CHECK(strstr(seen[0].message, "10 digits") != NULL);

	valid();
	set(CK_C_rendering_npi, "1234567894");
	set(CK_C_rendering_last, "Okafor");
	ONE("npi", CK_C_rendering_npi, 0);
	set(CK_C_rendering_npi, "1245319599");
	CLEAN();
	set(CK_C_facility_name, "Lakeside Surgery Center");
	set(CK_C_facility_address1, "200 Lake St");
	set(CK_C_facility_city, "Chicago");
	set(CK_C_facility_state, "IL");
	set(CK_C_facility_zip, "606015678");
	set(CK_C_facility_npi, "1245319590");
	ONE("npi", CK_C_facility_npi, 0);
	set(CK_C_facility_npi, NULL);          /* the NPI is optional there */
	CLEAN();
}

static void
test_tin(void)
{
	valid();
	set(CK_C_billing_tin, "12345678");
	ONE("tin", CK_C_billing_tin, 0);
	CHECK(strstr(seen[0].message, "12345678") == NULL);  /* maybe an SSN */
	set(CK_C_billing_tin, "000000000");
	ONE("tin", CK_C_billing_tin, 0);
	set(CK_C_billing_tin, "987654321");
	CLEAN();
}

static void
test_taxonomy(void)
{
	valid();
	set(CK_C_billing_taxonomy, "207Q0000X");
	ONE("taxonomy", CK_C_billing_taxonomy, 0);
	set(CK_C_billing_taxonomy, "261QM1300X");
	CLEAN();
	set(CK_C_rendering_npi, "1245319599");
	set(CK_C_rendering_last, "Okafor");
	set(CK_C_rendering_taxonomy, "207Q-0000X");
	ONE("taxonomy", CK_C_rendering_taxonomy, 0);
}

static void
test_zip(void)
{
	valid();
	set(CK_C_billing_zip, "60601");
	ONE("zip", CK_C_billing_zip, 0);
	CHECK(strstr(seen[0].message, "9-digit") != NULL);
	set(CK_C_billing_zip, "606011234");
	set(CK_C_patient_zip, "62701");            /* 5 digits are fine */
	CLEAN();
	set(CK_C_patient_zip, "627011");
	ONE("zip", CK_C_patient_zip, 0);
	set(CK_C_patient_zip, "627011234");
	set(CK_C_payer_address1, "PO Box 14079");
	set(CK_C_payer_city, "Lexington");
	set(CK_C_payer_state, "KY");
	set(CK_C_payer_zip, "1234567");
	ONE("zip", CK_C_payer_zip, 0);
	set(CK_C_payer_zip, "06183");
	CLEAN();
	set(CK_C_facility_name, "Lakeside Surgery Center");
	set(CK_C_facility_address1, "200 Lake St");
	set(CK_C_facility_city, "Chicago");
	set(CK_C_facility_state, "IL");
	set(CK_C_facility_zip, "60601");
	ONE("zip", CK_C_facility_zip, 0);
	CHECK(strstr(seen[0].message, "2310C") != NULL);
}

static void
test_billing_address(void)
{
	static const char *const boxes[] = {"PO Box 12", "P.O. Box 12",
	    "p. o. box 12", "POBox 7", "Post Office Box 9", "Lockbox 771",
	    "Suite 2, PO BOX 44"};
	static const char *const streets[] = {"12 Boxwood Ln",
	    "1 Post Office Sq", "40 Pobst Rd", "Box Elder Ct"};

	valid();
	for (size_t i = 0; i < sizeof(boxes) / sizeof(boxes[0]); i++) {
		set(CK_C_billing_address1, boxes[i]);
		ONE("billing_address", CK_C_billing_address1, 0);
	}
	for (size_t i = 0; i < sizeof(streets) / sizeof(streets[0]); i++) {
		set(CK_C_billing_address1, streets[i]);
		CLEAN();
	}
	set(CK_C_billing_address2, "P.O. Box 5");
	ONE("billing_address", CK_C_billing_address2, 0);
}

static void
test_min_length(void)
{
	valid();
	set(CK_C_subscriber_id, "7");
	ONE("min_length", CK_C_subscriber_id, 0);
	set(CK_C_subscriber_id, "77");
	CLEAN();
	set(CK_C_payer_id, "A");
	ONE("min_length", CK_C_payer_id, 0);
	set(CK_C_payer_id, "60054");
	set(CK_C_patient_city, "X");
	ONE("min_length", CK_C_patient_city, 0);
}

static void
test_rendering_facility(void)
{
	valid();
	set(CK_C_rendering_npi, "1245319599");
	ONE("rendering", CK_C_rendering_last, 0);
	set(CK_C_rendering_last, "Okafor");
	CLEAN();
	set(CK_C_rendering_npi, NULL);
	ONE("rendering", CK_C_rendering_npi, 0);

	valid();
	set(CK_C_facility_name, "Lakeside Surgery Center");
	CHECK(scrub() == 4);
	CHECK(find("facility", CK_C_facility_address1, 0) != NULL);
	CHECK(find("facility", CK_C_facility_city, 0) != NULL);
	CHECK(find("facility", CK_C_facility_state, 0) != NULL);
	CHECK(find("facility", CK_C_facility_zip, 0) != NULL);
}

static void
test_pos_frequency(void)
{
	valid();
	set(CK_C_place_of_service, "1");
	ONE("pos", CK_C_place_of_service, 0);
	set(CK_C_place_of_service, "00");
	ONE("pos", CK_C_place_of_service, 0);
	set(CK_C_place_of_service, "02");
	CLEAN();

	set(CK_C_frequency, "7");
	ONE("frequency", CK_C_original_ref, 0);
	set(CK_C_original_ref, "PAYER123456");
	CLEAN();
	set(CK_C_frequency, "8");
	CLEAN();
	set(CK_C_frequency, "1");
	ONE("frequency", CK_C_original_ref, 0);
	set(CK_C_frequency, NULL);          /* empty reads as 1 */
	ONE("frequency", CK_C_original_ref, 0);
}

static void
test_icd10(void)
{
	static const char *const good[] = {"E119", "U071", "U099", "A78",
	    "O9A211", "S52131A", "T33011A", "Z3A01", "M1A0710"};
	static const char *const bad[] = {"E1", "1E19", "EE19", "E11.9",
	    "E119XXXX", "E1-9", "e119"};

	valid();
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		set(CK_C_dx2, good[i]);
		CLEAN();
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		set(CK_C_dx2, bad[i]);
		ONE("icd10", CK_C_dx2, 0);
		CHECK(strstr(seen[0].message, bad[i]) != NULL);  /* not PHI */
	}

	valid();
	set(CK_C_dx1, NULL);
	line(1, "2025-03-03", "99213", "100.00", "2");
	CHECK(scrub() == 2);
	CHECK(find("icd10", CK_C_dx1, 0) != NULL);
	CHECK(find("dx_gap", CK_C_dx2, 0) != NULL);

	valid();
	set(CK_C_dx2, NULL);
	line(1, "2025-03-03", "99213", "100.00", "1");
	ONE("dx_gap", CK_C_dx3, 0);
	CHECK(strstr(seen[0].message, "dx2 before dx3") != NULL);
	set(CK_C_dx2, "I10");
	set(CK_C_dx12, "R51");
	ONE("dx_gap", CK_C_dx12, 0);
}

static void
test_procedure_modifier(void)
{
	static const char *const good[] = {"99213", "0001T", "3008F",
	    "0001U", "0004M", "G0008", "J3490", "V5010", "A0425"};
	static const char *const bad[] = {"9921", "992134", "W1234",
	    "0001X", "G008", "99213A", "J34.9"};

	valid();
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		setl(2, CK_C_procedure, good[i]);
		CLEAN();
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		setl(2, CK_C_procedure, bad[i]);
		ONE("procedure", CK_C_procedure, 2);
	}

	valid();
	setl(1, CK_C_modifier1, "25");
	setl(1, CK_C_modifier2, "GT");
	CLEAN();
	setl(1, CK_C_modifier2, "G");
	ONE("modifier", CK_C_modifier2, 1);
	setl(1, CK_C_modifier2, NULL);
	setl(1, CK_C_modifier3, "59");
	ONE("modifier", CK_C_modifier3, 1);
	CHECK(strstr(seen[0].message, "modifier2 before modifier3") != NULL);
}

static void
test_units_charges(void)
{
	valid();
	setl(2, CK_C_units, "0");
	ONE("units", CK_C_units, 2);
	setl(2, CK_C_units, "0.125");
	CLEAN();

	/* SV102 may be 0 (a no-charge follow-up); below 0 it may not */
	valid();
	setl(2, CK_C_charge, "0.00");
	set(CK_C_claim_total, "100.00");
	CLEAN();
	cl.line[1][CK_C_charge].i = -1;
	set(CK_C_claim_total, NULL);
	ONE("charge", CK_C_charge, 2);
	CHECK(strstr(seen[0].message, "-0.01") != NULL);

	valid();
	set(CK_C_claim_total, "150.01");
	ONE("total", CK_C_claim_total, 0);
	CHECK(strstr(seen[0].message, "150.01") != NULL &&
	    strstr(seen[0].message, "150.00") != NULL);
	set(CK_C_claim_total, NULL);        /* not given: not compared */
	CLEAN();
}

static void
test_dates(void)
{
	valid();
	setl(2, CK_C_service_date, "2025-06-02");
	ONE("service_date", CK_C_service_date, 2);
	setl(2, CK_C_service_date, TODAY);
	CLEAN();
	setl(2, CK_C_service_date, "1980-04-01");
	ONE("service_date", CK_C_service_date, 2);
	setl(2, CK_C_service_date, "1980-04-02");
	CLEAN();

	valid();
	setl(1, CK_C_service_date_to, "2025-03-02");
	ONE("service_date", CK_C_service_date_to, 1);
	setl(1, CK_C_service_date_to, "2025-06-03");
	ONE("service_date", CK_C_service_date_to, 1);
	setl(1, CK_C_service_date_to, "2025-03-05");
	CLEAN();

	valid();
	set(CK_C_relationship, "19");
	set(CK_C_subscriber_dob, "2025-07-01");
	ONE("dob", CK_C_subscriber_dob, 0);
	set(CK_C_subscriber_dob, "1950-01-01");
	CLEAN();

	valid();
	secondary();
	set(CK_C_prior_paid_date, "2025-06-02");
	ONE("paid_date", CK_C_prior_paid_date, 0);
	set(CK_C_prior_paid_date, TODAY);
	CLEAN();
}

/* The prior payer's adjudication date goes in 2430 DTP*573 of each
 * adjudicated line, or in 2330B DTP*573 when no 2430 is sent: a
 * secondary claim without it is held. */
static void
test_paid_date_needed(void)
{
	valid();
	secondary();
	set(CK_C_prior_paid_date, NULL);
	ONE("paid_date", CK_C_prior_paid_date, 0);
	CHECK(strstr(seen[0].message, "2330B DTP*573") != NULL);

	/* line payments, no date anywhere: each such line is named */
	set(CK_C_prior_adjustments, NULL);
	setl(1, CK_C_line_prior_paid, "60.00");
	setl(1, CK_C_line_prior_adjustments, "CO-45:30.00;PR-2:10.00");
	setl(2, CK_C_line_prior_paid, "20.00");
	setl(2, CK_C_line_prior_adjustments, "CO-45:30.00");
	CHECK(scrub() == 2);
	CHECK(find("paid_date", CK_C_line_prior_paid_date, 1) != NULL);
	CHECK(find("paid_date", CK_C_line_prior_paid_date, 2) != NULL);
	CHECK(strstr(seen[0].message, "2430 DTP*573") != NULL);
	setl(1, CK_C_line_prior_paid_date, "2025-04-10");
	ONE("paid_date", CK_C_line_prior_paid_date, 2);
	setl(2, CK_C_line_prior_paid_date, "2025-04-11");
	CLEAN();
	/* or the claim's date stands for every line */
	setl(1, CK_C_line_prior_paid_date, NULL);
	setl(2, CK_C_line_prior_paid_date, NULL);
	set(CK_C_prior_paid_date, "2025-04-10");
	CLEAN();
}

/* SBR05: a claim to Medicare as a later payer says why Medicare is
 * not primary. */
static void
test_insurance_type(void)
{
	valid();
	secondary();
	set(CK_C_filing_indicator, "MB");
	ONE("insurance_type", CK_C_insurance_type, 0);
	CHECK(strstr(seen[0].message, "SBR05") != NULL);
	set(CK_C_insurance_type, "12");
	CLEAN();
	/* Medicare as primary, or another payer as secondary: not needed */
	valid();
	set(CK_C_filing_indicator, "MB");
	CLEAN();
	valid();
	secondary();
	set(CK_C_filing_indicator, "CI");
	CLEAN();
	/* a tertiary claim whose secondary was Medicare: its 2320 SBR05 */
	set(CK_C_rank, "3");
	set(CK_C_prior_filing_indicator, "MB");
	set(CK_C_prior2_payer_id, "60054");
	set(CK_C_prior2_payer_name, "Aetna");
	set(CK_C_prior2_filing_indicator, "CI");
	set(CK_C_prior2_paid, "150.00");
	set(CK_C_prior2_paid_date, "2025-03-27");
	ONE("insurance_type", CK_C_prior_insurance_type, 0);
	set(CK_C_prior_insurance_type, "12");
	CLEAN();
}

/* A tertiary claim has both earlier payers, each balancing on its
 * own; a secondary claim has no second prior payer. */
static void
test_tertiary(void)
{
	valid();
	secondary();
	set(CK_C_rank, "3");
	CHECK(scrub() == 4);
	CHECK(find("prior_payer", CK_C_prior2_payer_id, 0) != NULL);
	CHECK(find("prior_payer", CK_C_prior2_payer_name, 0) != NULL);
	CHECK(find("prior_payer", CK_C_prior2_paid, 0) != NULL);
	CHECK(find("prior_payer", CK_C_prior2_filing_indicator, 0) != NULL);
	CHECK(strstr(seen[0].message, "second prior payer") != NULL);
	set(CK_C_prior2_payer_id, "60054");
	set(CK_C_prior2_payer_name, "Aetna");
	set(CK_C_prior2_filing_indicator, "CI");
	set(CK_C_prior2_paid, "90.00");
	set(CK_C_prior2_paid_date, "2025-03-27");
	set(CK_C_prior2_adjustments, "CO-45:40.00;PR-3:20.00");
	CLEAN();
	/* its own balance */
	set(CK_C_prior2_paid, "90.01");
	ONE("balance", CK_C_prior2_paid, 0);
	CHECK(strstr(seen[0].message, "second prior payer") != NULL);
	set(CK_C_prior2_paid, "90.00");
	/* its own date */
	set(CK_C_prior2_paid_date, NULL);
	ONE("paid_date", CK_C_prior2_paid_date, 0);
	set(CK_C_prior2_paid_date, "2025-03-27");
	/* its own lines */
	setl(2, CK_C_line_prior2_adjustments, "CO-45:10.00");
	CHECK(scrub() >= 1);
	CHECK(find("prior_payer", CK_C_line_prior2_adjustments, 2) != NULL);
	setl(2, CK_C_line_prior2_adjustments, NULL);

	/* a secondary claim names one earlier payer only */
	set(CK_C_rank, "2");
	CHECK(scrub() == 6);
	CHECK(find("prior_payer", CK_C_prior2_payer_id, 0) != NULL);
	CHECK(find("prior_payer", CK_C_prior2_adjustments, 0) != NULL);
}

/* 2410: the NDC in 11 digits, with its quantity and unit. */
static void
test_ndc(void)
{
	valid();
	setl(1, CK_C_procedure, "J1100");
	setl(1, CK_C_ndc, "63323016501");
	setl(1, CK_C_ndc_quantity, "2");
	setl(1, CK_C_ndc_unit, "ML");
	CLEAN();
	setl(1, CK_C_ndc, "6332301650");
	ONE("ndc", CK_C_ndc, 1);
	CHECK(strstr(seen[0].message, "11 digits") != NULL);
	setl(1, CK_C_ndc, "63323016501");
	setl(1, CK_C_ndc_unit, NULL);
	ONE("ndc", CK_C_ndc_unit, 1);
	setl(1, CK_C_ndc_unit, "ML");
	setl(1, CK_C_ndc_quantity, "0");
	ONE("ndc", CK_C_ndc_quantity, 1);
	setl(1, CK_C_ndc_quantity, "2");
	setl(1, CK_C_ndc, NULL);
	ONE("ndc", CK_C_ndc, 1);
}

/* Every address is whole or absent: N3 without N4, or N4 of empty
 * elements, is refused by the clearinghouse. */
static void
test_address(void)
{
	valid();
	set(CK_C_payer_address1, "PO Box 981106");
	CHECK(scrub() == 3);
	CHECK(find("address", CK_C_payer_city, 0) != NULL);
	CHECK(find("address", CK_C_payer_state, 0) != NULL);
	CHECK(find("address", CK_C_payer_zip, 0) != NULL);
	CHECK(strstr(seen[0].message, "2010BB N401") != NULL);
	set(CK_C_payer_city, "El Paso");
	set(CK_C_payer_state, "TX");
	set(CK_C_payer_zip, "799981106");
	CLEAN();
	/* a city alone is half an address too */
	valid();
	set(CK_C_payer_city, "El Paso");
	CHECK(scrub() == 3);
	CHECK(find("address", CK_C_payer_address1, 0) != NULL);

	valid();
	set(CK_C_relationship, "19");
	set(CK_C_subscriber_last, "Zyxwomble");
	set(CK_C_subscriber_first, "Bartholomew");
	set(CK_C_subscriber_address1, "12 Elmquist Way");
	set(CK_C_subscriber_state, "IL");
	CHECK(scrub() == 2);
	CHECK(find("address", CK_C_subscriber_city, 0) != NULL);
	CHECK(find("address", CK_C_subscriber_zip, 0) != NULL);
	set(CK_C_subscriber_city, "Springfield");
	set(CK_C_subscriber_zip, "62701");
	CLEAN();
}

static void
test_state(void)
{
	CHECK(ck_state_country("IL") == 1);
	CHECK(ck_state_country("PR") == 1);
	CHECK(ck_state_country("AE") == 1);
	CHECK(ck_state_country("ON") == 2);
	CHECK(ck_state_country("YT") == 2);
	CHECK(ck_state_country("XX") == 0);
	CHECK(ck_state_country("I") == 0);
	CHECK(ck_state_country("ILL") == 0);
	CHECK(ck_state_country("") == 0);

	valid();
	set(CK_C_patient_state, "XX");
	ONE("state", CK_C_patient_state, 0);
	CHECK(strstr(seen[0].message, "'XX'") != NULL);
	set(CK_C_patient_state, "DC");
	set(CK_C_billing_state, "ZZ");
	ONE("state", CK_C_billing_state, 0);
	set(CK_C_billing_state, "QC");
	CLEAN();
}

/* Relationship 18: one person, so a subscriber column that disagrees
 * with the patient's is held, not merged into a person who does not
 * exist. */
static void
test_self(void)
{
	valid();
	set(CK_C_subscriber_last, "Roe");
	set(CK_C_subscriber_first, "Richard");
	CHECK(scrub() == 2);
	CHECK(find("self", CK_C_subscriber_last, 0) != NULL);
	CHECK(find("self", CK_C_subscriber_first, 0) != NULL);
	CHECK(strstr(seen[0].message, "Roe") == NULL);
	CHECK(strstr(seen[0].message, "relationship is 18") != NULL);
	/* what the import fills in from the patient, case aside, agrees */
	set(CK_C_subscriber_last, "ZYXWOMBLE");
	set(CK_C_subscriber_first, "Quentina");
	set(CK_C_subscriber_dob, "1980-04-02");
	set(CK_C_subscriber_sex, "F");
	CLEAN();
	set(CK_C_subscriber_dob, "1979-04-02");
	ONE("self", CK_C_subscriber_dob, 0);
	set(CK_C_subscriber_dob, "1980-04-02");
	set(CK_C_subscriber_middle, "Q");
	ONE("self", CK_C_subscriber_middle, 0);
	/* another relationship: two people, nothing to compare */
	set(CK_C_relationship, "01");
	CLEAN();
}

static void
test_pointers(void)
{
	valid();
	setl(2, CK_C_dx_pointers, "1:5");
	ONE("dx_pointers", CK_C_dx_pointers, 2);
	CHECK(strstr(seen[0].message, "dx5 is empty") != NULL);
	CHECK(strstr(seen[0].message, "has 3") != NULL);
	setl(2, CK_C_dx_pointers, "1:2:3");
	CLEAN();
	setl(2, CK_C_dx_pointers, "3:2:1:3");      /* the import refuses it */
	ONE("dx_pointers", CK_C_dx_pointers, 2);
	setl(2, CK_C_dx_pointers, NULL);
	ONE("dx_pointers", CK_C_dx_pointers, 2);
}

static void
test_prior_payer(void)
{
	valid();
	set(CK_C_rank, "2");
	CHECK(scrub() == 4);
	CHECK(find("prior_payer", CK_C_prior_payer_id, 0) != NULL);
	CHECK(find("prior_payer", CK_C_prior_payer_name, 0) != NULL);
	CHECK(find("prior_payer", CK_C_prior_paid, 0) != NULL);
	CHECK(find("prior_payer", CK_C_prior_filing_indicator, 0) != NULL);

	valid();
	set(CK_C_prior_paid, "0.00");
	ONE("prior_payer", CK_C_prior_paid, 0);
	set(CK_C_prior_paid, NULL);
	setl(2, CK_C_line_prior_paid, "10.00");
	ONE("prior_payer", CK_C_line_prior_paid, 2);

	/* line adjustments without a line payment: 2430 has no SVD */
	valid();
	secondary();
	set(CK_C_prior_adjustments, "CO-45:20.00");
	setl(2, CK_C_line_prior_adjustments, "CO-45:50.00");
	ONE("prior_payer", CK_C_line_prior_adjustments, 2);
}

static void
test_balance(void)
{
	valid();
	secondary();
	set(CK_C_prior_paid, "80.01");      /* off by a cent */
	ONE("balance", CK_C_prior_paid, 0);
	CHECK(strstr(seen[0].message, "off by 0.01") != NULL);
	set(CK_C_prior_paid, "79.99");
	ONE("balance", CK_C_prior_paid, 0);
	CHECK(strstr(seen[0].message, "off by -0.01") != NULL);
	set(CK_C_prior_paid, "0.00");
	set(CK_C_prior_adjustments, "CO-45:150.00");
	CLEAN();
	/* a negative adjustment is a reversal and counts as such */
	set(CK_C_prior_adjustments, "CO-45:160.00;OA-94:-10.00");
	CLEAN();

	/* line-level adjudication: each line balances, and the claim */
	valid();
	secondary();
	set(CK_C_prior_adjustments, NULL);
	setl(1, CK_C_line_prior_paid, "60.00");
	setl(1, CK_C_line_prior_adjustments, "CO-45:30.00;PR-2:10.00");
	setl(2, CK_C_line_prior_paid, "20.00");
	setl(2, CK_C_line_prior_adjustments, "CO-45:30.00");
	CLEAN();
	setl(2, CK_C_line_prior_paid, "20.01");   /* the claim still adds up */
	ONE("balance", CK_C_line_prior_paid, 2);
	CHECK(strstr(seen[0].message, "50.00") != NULL);
	CHECK(strstr(seen[0].message, "off by 0.01") != NULL);

	/* both levels: claim adjustments lower the claim's payment */
	setl(2, CK_C_line_prior_paid, "30.00");
	setl(2, CK_C_line_prior_adjustments, "CO-45:20.00");
	set(CK_C_prior_adjustments, "OA-23:10.00");
	CLEAN();

	/* a line left without its payment, covered at the claim level:
	 * the totals add up, yet the lines' payments do not */
	valid();
	secondary();
	set(CK_C_prior_paid, "60.00");
	set(CK_C_prior_adjustments, "CO-45:50.00");
	setl(1, CK_C_line_prior_paid, "60.00");
	setl(1, CK_C_line_prior_adjustments, "CO-45:30.00;PR-2:10.00");
	ONE("balance", CK_C_prior_paid, 0);
	CHECK(strstr(seen[0].message, "1 of 2 lines") != NULL);
}

static void
test_adjustments(void)
{
	static char adj[400];

	/* 30 CO adjustments fill 5 CAS segments; 31 need a 6th */
	valid();
	secondary();
	adj[0] = '\0';
	for (int i = 0; i < 30; i++)
		strcat(adj, i ? ";CO-45:1.00" : "CO-45:1.00");
	set(CK_C_prior_adjustments, adj);
	set(CK_C_prior_paid, "120.00");
	CLEAN();
	strcat(adj, ";CO-45:1.00");
	set(CK_C_prior_paid, "119.00");
	ONE("adjustments", CK_C_prior_adjustments, 0);
	set(CK_C_prior_adjustments, "CO-45");   /* not from the import */
	ONE("adjustments", CK_C_prior_adjustments, 0);
}

static void
test_rank1_prior(void)
{
	valid();
	set(CK_C_prior_paid, "10.00");
	ONE("prior_payer", CK_C_prior_paid, 0);
	set(CK_C_prior_paid, NULL);
	set(CK_C_prior_payer_name, "UnitedHealthcare");
	ONE("prior_payer", CK_C_prior_payer_name, 0);
}

static void
test_x12_chars(void)
{
	const struct seen *s;

	valid();
	/* a patient column: where, never what (the character and its
	 * place would spell part of the name) */
	set(CK_C_patient_last, "Zyx*womble");
	ONE("x12_chars", CK_C_patient_last, 0);
	CHECK(strstr(seen[0].message, "'*'") == NULL);
	CHECK(strstr(seen[0].message, "at character 4") != NULL);
	CHECK(strstr(seen[0].message, "Zyx") == NULL);

	valid();
	set(CK_C_patient_first, "Ren\xC3\xA9" "e");
	ONE("x12_chars", CK_C_patient_first, 0);
	CHECK(strstr(seen[0].message, "at character 4") != NULL);
	CHECK(strstr(seen[0].message, "\xC3\xA9") == NULL);
	CHECK(strstr(seen[0].message, "U+00E9") == NULL);
	CHECK(strstr(seen[0].message, "write 'e'") == NULL);
	CHECK(strstr(seen[0].message, "Ren") == NULL);

	valid();
	set(CK_C_patient_last, "O\xE2\x80\x99" "Brien~Smith");
	ONE("x12_chars", CK_C_patient_last, 0);
	CHECK(strstr(seen[0].message, "U+2019") == NULL);
	CHECK(strstr(seen[0].message, "(and 1 more)") != NULL);

	/* other columns keep the helpful detail */
	valid();
	set(CK_C_billing_name, "Caf\xC3\xA9*");
	ONE("x12_chars", CK_C_billing_name, 0);
	CHECK(strstr(seen[0].message, "write 'e'") != NULL);
	CHECK(strstr(seen[0].message, "(and 1 more)") != NULL);

	valid();
	set(CK_C_payer_name, "Aetna^Plus");
	set(CK_C_billing_name, "Clinic \xE4\xB8\xAD");
	setl(2, CK_C_procedure, "99:13");
	CHECK(scrub() == 4);
	CHECK(find("x12_chars", CK_C_payer_name, 0) != NULL);
	s = find("x12_chars", CK_C_billing_name, 0);
	CHECK(s != NULL && strstr(s->message, "U+4E2D") != NULL);
	CHECK(find("procedure", CK_C_procedure, 2) != NULL);
	s = find("x12_chars", CK_C_procedure, 2);
	CHECK(s != NULL && strstr(s->message, "component") != NULL);

	/* ':' in pointers and adjustments is ours; office is not sent;
	 * the rest of printable ASCII is fine */
	valid();
	secondary();
	set(CK_C_office, "North*2");
	set(CK_C_billing_name, "Smith & Jones, P.C. (#2) @ 50% <ok>");
	set(CK_C_patient_address2, "Apt 4-B; rear");
	CLEAN();

	/* a paper claim's text goes onto the form, not into the 837P */
	valid();
	set(CK_C_patient_last, "M\xC3\x9C" "LLER");
	ONE("x12_chars", CK_C_patient_last, 0);
	cl.filing = "paper";
	CLEAN();
}

static int stops;

static int
stopper(void *arg, const struct ck_claim *c, const struct ck_scrub_issue *is)
{
	(void)c;
	(void)is;
	stops++;
	return *(int *)arg;
}

static void
test_callback(void)
{
	struct seen first[4];
	int r;

	valid();
	set(CK_C_billing_npi, "1234567890");
	set(CK_C_billing_zip, "60601");
	setl(2, CK_C_units, "0");
	set(CK_C_claim_total, "150.01");

	/* stable: the same issues in the same order every time */
	CHECK(scrub() == 4);
	memcpy(first, seen, sizeof(first));
	CHECK(scrub() == 4);
	for (int i = 0; i < 4; i++) {
		CHECK_STR(seen[i].rule, first[i].rule);
		CHECK(seen[i].col == first[i].col);
		CHECK(seen[i].line == first[i].line);
		CHECK_STR(seen[i].message, first[i].message);
	}
	CHECK_STR(seen[0].rule, "npi");
	CHECK_STR(seen[1].rule, "zip");
	CHECK_STR(seen[2].rule, "units");
	CHECK_STR(seen[3].rule, "total");
	CHECK(ck_scrub_claim(&cl, TODAY, NULL, NULL) == 4);

	/* a non-zero return stops the scrub and comes back negative */
	int v = 7;
	stops = 0;
	r = ck_scrub_claim(&cl, TODAY, stopper, &v);
	CHECK(r == -7 && stops == 1);
	v = -3;
	stops = 0;
	r = ck_scrub_claim(&cl, TODAY, stopper, &v);
	CHECK(r == -3 && stops == 1);
	v = 0;
	stops = 0;
	r = ck_scrub_claim(&cl, TODAY, stopper, &v);
	CHECK(r == 4 && stops == 4);
}

static void
test_lines(void)
{
	valid();
	cl.nlines = 0;
	set(CK_C_claim_total, NULL);
	ONE("lines", -1, 0);
	cl.nlines = CK_MAX_LINES;
	for (int k = 1; k <= CK_MAX_LINES; k++)
		line(k, "2025-03-03", "99213", "10.00", "1");
	CLEAN();
}

int
main(void)
{
	test_valid();
	test_npi();
	test_tin();
	test_taxonomy();
	test_zip();
	test_billing_address();
	test_min_length();
	test_rendering_facility();
	test_pos_frequency();
	test_icd10();
	test_procedure_modifier();
	test_units_charges();
	test_dates();
	test_paid_date_needed();
	test_insurance_type();
	test_tertiary();
	test_ndc();
	test_address();
	test_state();
	test_self();
	test_pointers();
	test_prior_payer();
	test_balance();
	test_adjustments();
	test_rank1_prior();
	test_x12_chars();
	test_callback();
	test_lines();
	return t_done();
}
