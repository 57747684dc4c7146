/*
 * scrub.c - the checks a claim must pass before it is batched.
 *
 * The import has checked each value's form (claimkit(5), lib/check.c):
 * dates are real, money is cents and not negative, enums are in their
 * lists, adjustments are normalized, dx codes are upper-case without
 * the dot, NPI/TIN/ZIP hold digits only.  The scrub checks what a value
 * of the right form can still get wrong, each fault one that would have
 * the claim rejected by the clearinghouse (999/277CA) or the payer.
 * Places are those of ASC X12N 005010X222A1 (the 837P TR3).
 *
 * rule            what is checked                     why, where
 * --------------- ----------------------------------- --------------------
 * lines           at least one service line           2400 LX is required
 * npi             billing_npi; rendering_npi and      HIPAA NPI (45 CFR
 *                 facility_npi when given: 10 digits, 162.406); CMS check
 *                 Luhn check digit over 80840 + the   digit rule; 2010AA,
 *                 first 9 digits                      2310B, 2310C NM109
 * tin             billing_tin: 9 digits, not all 0    2010AA REF*EI/SY
 *                 (EIN prefixes are not checked: the  REF02, box 25
 *                 TIN may be an SSN)
 * taxonomy        billing_taxonomy, and               NUCC code set, 10
 *                 rendering_taxonomy when given: 10   characters; 2000A and
 *                 letters or digits                   2310B PRV03
 * zip             billing_zip 9 digits; facility_zip  TR3 notes on 2010AA
 *                 9 digits when given; patient,       and 2310C N403 (ZIP+4
 *                 subscriber and payer ZIP 5 or 9     required); USPS forms
 * billing_address billing_address1/2 not a PO box or  TR3 note on 2010AA
 *                 lock box                            N301: a street
 *                                                     address; boxes go in
 *                                                     the pay-to loop 2010AB
 * min_length      member and payer ids at least 2     X12 minimum lengths:
 *                 characters, cities at least 2       NM109 AN 2/80, N401
 *                                                     AN 2/30 (999 syntax)
 * rendering       rendering_* columns given together: 2310B NM103 required;
 *                 the NPI and the last name           NM109 as every
 *                                                     covered provider has
 *                                                     an NPI (162.410)
 * facility        facility_* given together: name,    2310C NM103, N3, N4
 *                 address1, city, state, zip          required in the loop
 * address         patient, subscriber, payer and      N3/N4: N301, N401,
 *                 billing addresses whole or absent:  N402, N403 required
 *                 address1, city, state, zip          once N3 is sent
 * state           each state a USPS state, territory  N402 code source 22
 *                 or armed forces code, or a Canadian (States and
 *                 province or territory               Provinces)
 * self            relationship 18: subscriber_*       2010BA is the
 *                 columns given equal the patient's   patient then; no
 *                 (case aside)                        2010CA is sent
 * pos             place_of_service: 2 digits, 01-99   CMS POS code set
 *                                                     (two digits); CLM05-1
 * frequency       7 and 8 need original_ref; 1 has    2300 REF*F8 required
 *                 none                                for 7/8 only; CLM05-3
 * dob             patient and subscriber birth date   DMG02
 *                 not after today
 * icd10           dx1 present; each dx an ICD-10-CM   HI (ABK/ABF) code
 *                 form: letter, digit, letter or      source 897; ICD-10-CM
 *                 digit, then up to 4 letters or      code structure. Any
 *                 digits (3 to 7)                     letter: U07.1 and
 *                                                     U09.9 are real codes
 * dx_gap          no dx after an empty one (dx3       HI positions and box
 *                 without dx2)                        21 A-L are what SV107
 *                                                     pointers count: a gap
 *                                                     would renumber them
 * insurance_type  rank 2/3 to Medicare (filing MA or  2000B and 2320
 *                 MB): insurance_type given; rank 3   SBR05: required
 *                 with Medicare as prior payer:       when that payer is
 *                 prior_insurance_type given          Medicare, not the
 *                                                     primary
 * prior_payer     rank 2/3: prior_payer_id, _name,    2330B NM109, NM103;
 *                 _filing_indicator and prior_paid;   2320 AMT*D, SBR09;
 *                 rank 3: prior2_* the same; none of  one 2320/2330 per
 *                 an earlier payer the rank does not  earlier payer; 2430
 *                 have (rank 1: no prior*_ or         SVD (SVD02) leads
 *                 line_prior*_ at all); line          2430
 *                 adjustments need the line payment
 * paid_date       each earlier payer's dates not      2330B and 2430 DTP*573
 *                 after today; rank 2/3: its claim    (2330B when no 2430
 *                 date, or each line it paid has its  is sent, 2430 for
 *                 line date                           each adjudicated
 *                                                     line)
 * adjustments     each adjustments list fits 5 CAS    2320 and 2430 CAS:
 *                 segments of 6 of one group          repeat 5, six trios
 *                                                     of one group each
 * balance         each earlier payer on its own       TR3 1.4.1 COB
 *                 (prior_* and, rank 3, prior2_*):    balancing, each
 *                 prior_paid + claim and              2320 alone;
 *                 line adjustments = total charge;    X12 RFIs
 *                 each line with line_prior_paid:     524, 1294: CLM02 =
 *                 paid + its adjustments = charge;    AMT*D + 2320 CAS +
 *                 when lines carry payments: their    2430 CAS; SV102 =
 *                 sum - claim adjustments =           SVD02 + 2430 CAS;
 *                 prior_paid                          AMT*D = sum SVD02 -
 *                                                     2320 CAS
 * procedure       CPT: 5 digits, or 4 digits + F      SV101-2 (HC): CPT
 *                 (cat. II), T (cat. III), U (PLA)    categories I-III, PLA
 *                 or M (admin. MAAA); HCPCS II:       and MAAA codes; HCPCS
 *                 letter A-V + 4 digits               level II A0000-V5999
 * modifier        each 2 letters or digits; none      SV101-3..6; a gap
 *                 after an empty one                  leaves an empty
 *                                                     component
 * units           above 0                             SV104
 * charge          not below 0.00                      SV102: 0 is allowed
 *                                                     (no-charge visits)
 * total           claim_total, when given, is the     CLM02 = sum of SV102
 *                 sum of the lines' charges           (TR3, RFI 1294)
 * service_date    not after today, not before the     2400 DTP*472; dates
 *                 patient's birth; service_date_to    in the future are
 *                 not before service_date             refused by payers
 * dx_pointers     1 to 4 different pointers, each to  SV107-1..4 point at
 *                 a dx that is present                HI positions 1..12
 * ndc             ndc 11 digits (5-4-2), with         2410 LIN03 (N4),
 *                 ndc_quantity above 0 and ndc_unit;  CTP04, CTP05-1
 *                 neither of those without an ndc
 * x12_chars       electronic claims: text values      ISA delimiters; X12
 *                 hold no * : ^ ~ and only printable  basic and extended
 *                 ASCII (office, never sent, is not   character sets
 *                 checked)
 *
 * Messages never repeat the values of patient-data columns, nor any date
 * (dates of service are as private as a birth date): codes, counts and
 * amounts are shown, so a message can be logged.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "claimkit/claim.h"
#include "claimkit/date.h"
#include "claimkit/money.h"
#include "claimkit/scrub.h"

struct scrub {
	const struct ck_claim *cl;
	const char *today;
	ck_scrub_cb cb;
	void *arg;
	int nlines;
	int n;           /* failed checks reported */
	int stop;        /* what cb returned to stop, or 0 */
	int64_t total;   /* sum of the lines' charges, CLM02 */
};

static void fail(struct scrub *, const char *, int, int, const char *, ...)
	__attribute__((format(printf, 5, 6)));

static void
fail(struct scrub *s, const char *rule, int col, int line, const char *fmt,
    ...)
{
	struct ck_scrub_issue is;
	va_list ap;
	int r;

	if (s->stop)
		return;
	is.rule = rule;
	is.col = col;
	is.line = line;
	va_start(ap, fmt);
	vsnprintf(is.message, sizeof(is.message), fmt, ap);
	va_end(ap);
	s->n++;
	if (s->cb != NULL && (r = s->cb(s->arg, s->cl, &is)) != 0)
		s->stop = r;
}

static const char *
cv(const struct scrub *s, int c)
{
	return ck_cv(s->cl, c);
}

static const char *
lv(const struct scrub *s, int k, int c)
{
	return ck_lv(s->cl, k, c);
}

static int
isdig(int ch)
{
	return ch >= '0' && ch <= '9';
}

static int
isalnu(int ch)
{
	return isdig(ch) || (ch >= 'A' && ch <= 'Z');
}

/* 1 when s is exactly n characters, each passing f. */
static int
form(const char *s, size_t n, int (*f)(int))
{
	size_t i;

	for (i = 0; s[i] != '\0'; i++)
		if (i == n || !f((unsigned char)s[i]))
			return 0;
	return i == n;
}

static size_t
ndigits(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += isdig((unsigned char)*s);
	return n;
}

/* Length in characters: X12 lengths count characters, not bytes. */
static size_t
nchars(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

/* ", got 'VALUE'" for a column whose values may be shown, "" for
 * patient data. */
static const char *
got(char *buf, int c, const char *v)
{
	if (ck_columns[c].phi)
		buf[0] = '\0';
	else
		snprintf(buf, 64, ", got '%.40s'", v);
	return buf;
}

static int
rank(const struct scrub *s)
{
	return (int)s->cl->v[CK_C_rank].i;
}

static const char *
money(int64_t cents, char *buf)
{
	return ck_money_format(cents, buf);
}

static void
r_lines(struct scrub *s)
{
	if (s->nlines == 0)
		fail(s, "lines", -1, 0, "expected at least one service line "
		    "(2400)");
}

int
ck_npi_valid(const char *npi)
{
	/* 24 is what the digits of the prefix 80840 add when the Luhn
	 * formula runs over the 15 digits "80840" + NPI. */
	int sum = 24, dbl = 1;

	if (!form(npi, 10, isdig))
		return 0;
	for (int i = 8; i >= 0; i--, dbl = !dbl) {
		int d = npi[i] - '0';
		if (dbl && (d *= 2) > 9)
			d -= 9;
		sum += d;
	}
	return (10 - sum % 10) % 10 == npi[9] - '0';
}

static void
r_npi(struct scrub *s)
{
	static const int cols[] = {CK_C_billing_npi, CK_C_rendering_npi,
	    CK_C_facility_npi};

	for (size_t i = 0; i < sizeof(cols) / sizeof(cols[0]); i++) {
		const char *v = cv(s, cols[i]);
		if ((i > 0 && *v == '\0') || ck_npi_valid(v))
			continue;
		if (!form(v, 10, isdig))
			fail(s, "npi", cols[i], 0, "expected an NPI of 10 "
			    "digits, got '%.40s'", v);
		else
			fail(s, "npi", cols[i], 0, "expected an NPI whose "
			    "last digit is its check digit, got '%s'", v);
	}
}

static void
r_tin(struct scrub *s)
{
	const char *v = cv(s, CK_C_billing_tin);

	/* Not shown: a sole practitioner's TIN is an SSN. */
	if (!form(v, 9, isdig))
		fail(s, "tin", CK_C_billing_tin, 0, "expected a TIN (EIN or "
		    "SSN) of 9 digits, got %zu characters", nchars(v));
	else if (strcmp(v, "000000000") == 0)
		fail(s, "tin", CK_C_billing_tin, 0, "expected a TIN, not "
		    "all zeros");
}

static void
r_taxonomy(struct scrub *s)
{
	static const int cols[] = {CK_C_billing_taxonomy,
	    CK_C_rendering_taxonomy};

	for (size_t i = 0; i < sizeof(cols) / sizeof(cols[0]); i++) {
		const char *v = cv(s, cols[i]);
		if ((i > 0 && *v == '\0') || form(v, 10, isalnu))
			continue;
		fail(s, "taxonomy", cols[i], 0, "expected a provider taxonomy "
		    "code of 10 letters or digits, such as 207Q00000X, got "
		    "'%.40s'", v);
	}
}

static void
r_zip(struct scrub *s)
{
	static const struct {
		int col;
		int always;        /* checked even when empty */
		const char *nine;  /* the loop that wants ZIP+4, or NULL */
	} zips[] = {
		{CK_C_billing_zip, 1, "2010AA"},
		{CK_C_facility_zip, 0, "2310C"},
		{CK_C_patient_zip, 1, NULL},
		{CK_C_subscriber_zip, 0, NULL},
		{CK_C_payer_zip, 0, NULL},
		{CK_C_next_payer_zip, 0, NULL},
	};
	char buf[64];

	for (size_t i = 0; i < sizeof(zips) / sizeof(zips[0]); i++) {
		int c = zips[i].col;
		const char *v = cv(s, c);
		size_t n = strlen(v);
		if (*v == '\0' && !zips[i].always)
			continue;
		if (ndigits(v) != n)
			fail(s, "zip", c, 0, "expected a ZIP code of digits "
			    "only%s", got(buf, c, v));
		else if (zips[i].nine != NULL && n != 9)
			fail(s, "zip", c, 0, "expected the 9-digit ZIP+4 "
			    "(%s N403 requires it), got %zu digits",
			    zips[i].nine, n);
		else if (zips[i].nine == NULL && n != 5 && n != 9)
			fail(s, "zip", c, 0, "expected a ZIP code of 5 or 9 "
			    "digits, got %zu digits", n);
	}
}

/* 1 when an address names a post office or lock box, however spelt:
 * "PO Box 12", "P.O. Box", "P. O. BOX", "Post Office Box", "Lockbox". */
static int
po_box(const char *v)
{
	static const char *const pats[] = {" PO BOX", " P O BOX", " POBOX",
	    " POST OFFICE BOX", " LOCKBOX", " LOCK BOX"};
	char w[160];
	size_t n = 0;

	/* Words of letters and digits, upper-case, one space between;
	 * dots vanish so that "P.O." reads "PO". */
	w[n++] = ' ';
	for (; *v && n < sizeof(w) - 2; v++) {
		int ch = (unsigned char)*v;
		if (ch >= 'a' && ch <= 'z')
			ch -= 'a' - 'A';
		if (isalnu(ch))
			w[n++] = (char)ch;
		else if (ch != '.' && w[n - 1] != ' ')
			w[n++] = ' ';
	}
	w[n++] = ' ';
	w[n] = '\0';
	for (size_t i = 0; i < sizeof(pats) / sizeof(pats[0]); i++) {
		const char *p = strstr(w, pats[i]);
		/* "Boxwood Ln" is a street: BOX must end its word. */
		if (p != NULL && !(p[strlen(pats[i])] >= 'A' &&
		    p[strlen(pats[i])] <= 'Z'))
			return 1;
	}
	return 0;
}

static void
r_billing_address(struct scrub *s)
{
	static const int cols[] = {CK_C_billing_address1,
	    CK_C_billing_address2};

	for (size_t i = 0; i < sizeof(cols) / sizeof(cols[0]); i++)
		if (po_box(cv(s, cols[i])))
			fail(s, "billing_address", cols[i], 0, "expected the "
			    "billing provider's street address: the 837P "
			    "takes no post office or lock box there (2010AA "
			    "N301)");
}

static void
r_min_length(struct scrub *s)
{
	static const struct {
		int col;
		const char *elem;
	} mins[] = {
		{CK_C_patient_city, "N401"},
		{CK_C_subscriber_id, "2010BA NM109"},
		{CK_C_subscriber_city, "N401"},
		{CK_C_payer_id, "2010BB NM109"},
		{CK_C_payer_city, "N401"},
		{CK_C_next_payer_city, "N401"},
		{CK_C_billing_city, "N401"},
		{CK_C_facility_city, "N401"},
		{CK_C_prior_payer_id, "2330B NM109"},
		{CK_C_prior_subscriber_id, "2330A NM109"},
	};

	for (size_t i = 0; i < sizeof(mins) / sizeof(mins[0]); i++) {
		const char *v = cv(s, mins[i].col);
		size_t n = nchars(v);
		if (n == 1)
			fail(s, "min_length", mins[i].col, 0, "expected at "
			    "least 2 characters (%s), got 1", mins[i].elem);
	}
}

static void
r_rendering(struct scrub *s)
{
	static const int cols[] = {CK_C_rendering_npi, CK_C_rendering_last,
	    CK_C_rendering_first, CK_C_rendering_taxonomy};
	int any = 0;

	for (size_t i = 0; i < sizeof(cols) / sizeof(cols[0]); i++)
		any |= *cv(s, cols[i]) != '\0';
	if (!any)
		return;
	if (*cv(s, CK_C_rendering_npi) == '\0')
		fail(s, "rendering", CK_C_rendering_npi, 0, "expected the "
		    "rendering provider's NPI with its other columns (2310B "
		    "NM109)");
	if (*cv(s, CK_C_rendering_last) == '\0')
		fail(s, "rendering", CK_C_rendering_last, 0, "expected the "
		    "rendering provider's last name with its other columns "
		    "(2310B NM103)");
}

static void
r_facility(struct scrub *s)
{
	static const int cols[] = {CK_C_facility_name, CK_C_facility_npi,
	    CK_C_facility_address1, CK_C_facility_address2,
	    CK_C_facility_city, CK_C_facility_state, CK_C_facility_zip};
	static const struct {
		int col;
		const char *elem;
	} need[] = {
		{CK_C_facility_name, "NM103"},
		{CK_C_facility_address1, "N301"},
		{CK_C_facility_city, "N401"},
		{CK_C_facility_state, "N402"},
		{CK_C_facility_zip, "N403"},
	};
	int any = 0;

	for (size_t i = 0; i < sizeof(cols) / sizeof(cols[0]); i++)
		any |= *cv(s, cols[i]) != '\0';
	if (!any)
		return;
	for (size_t i = 0; i < sizeof(need) / sizeof(need[0]); i++)
		if (*cv(s, need[i].col) == '\0')
			fail(s, "facility", need[i].col, 0, "expected a value "
			    "with the other facility columns (2310C %s)",
			    need[i].elem);
}

/* The addresses other than the facility's (rule "facility"), each
 * written as one N3/N4 pair: first column, then what N3/N4 require. */
static const struct {
	const char *who, *loop;
	int a1, a2, city, state, zip;
} addresses[] = {
	{"patient's", "2010CA", CK_C_patient_address1, CK_C_patient_address2,
	    CK_C_patient_city, CK_C_patient_state, CK_C_patient_zip},
	{"subscriber's", "2010BA", CK_C_subscriber_address1,
	    CK_C_subscriber_address2, CK_C_subscriber_city,
	    CK_C_subscriber_state, CK_C_subscriber_zip},
	{"payer's", "2010BB", CK_C_payer_address1, CK_C_payer_address2,
	    CK_C_payer_city, CK_C_payer_state, CK_C_payer_zip},
	/* the next claim's payer's, checked now rather than when posting
	 * makes that claim */
	{"next payer's", "2010BB", CK_C_next_payer_address1,
	    CK_C_next_payer_address2, CK_C_next_payer_city,
	    CK_C_next_payer_state, CK_C_next_payer_zip},
	{"billing provider's", "2010AA", CK_C_billing_address1,
	    CK_C_billing_address2, CK_C_billing_city, CK_C_billing_state,
	    CK_C_billing_zip},
};

/* An N3 without its N4 (or an N4 of empty elements) is a syntax error
 * at the clearinghouse: an address is whole or absent. */
static void
r_address(struct scrub *s)
{
	for (size_t i = 0; i < sizeof(addresses) / sizeof(addresses[0]);
	    i++) {
		const int cols[] = {addresses[i].a1, addresses[i].a2,
		    addresses[i].city, addresses[i].state, addresses[i].zip};
		static const char *const elem[] = {"N301", NULL, "N401",
		    "N402", "N403"};
		int any = 0;

		for (size_t c = 0; c < 5; c++)
			any |= *cv(s, cols[c]) != '\0';
		for (size_t c = 0; any && c < 5; c++)
			if (elem[c] != NULL && *cv(s, cols[c]) == '\0')
				fail(s, "address", cols[c], 0, "expected a "
				    "value with the %s other address columns "
				    "(%s %s): an address is whole or absent",
				    addresses[i].who, addresses[i].loop,
				    elem[c]);
	}
}

/*
 * The codes N402 takes (code source 22, States and Provinces): the
 * USPS codes of the states, DC, the territories and the freely
 * associated states, the armed forces codes, and Canada's provinces
 * and territories, which N404 then names as CA.
 */
static const char us_states[] =
    "AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA "
    "MI MN MS MO MT NE NV NH NJ NM NY NC ND OH OK OR PA RI SC SD TN TX "
    "UT VT VA WA WV WI WY AS GU MP PR VI FM MH PW AA AE AP ";
static const char ca_provinces[] =
    "AB BC MB NB NL NS NT NU ON PE QC SK YT ";

static int
in_list(const char *list, const char *v)
{
	char code[4];

	if (strlen(v) != 2)
		return 0;
	snprintf(code, sizeof(code), "%s ", v);
	for (const char *p = list; *p; p += 3)
		if (strncmp(p, code, 3) == 0)
			return 1;
	return 0;
}

int
ck_state_country(const char *state)
{
	if (in_list(us_states, state))
		return 1;
	return in_list(ca_provinces, state) ? 2 : 0;
}

static void
r_state(struct scrub *s)
{
	static const int cols[] = {CK_C_patient_state, CK_C_subscriber_state,
	    CK_C_payer_state, CK_C_billing_state, CK_C_facility_state,
	    CK_C_next_payer_state};

	for (size_t i = 0; i < sizeof(cols) / sizeof(cols[0]); i++) {
		const char *v = cv(s, cols[i]);
		if (*v != '\0' && ck_state_country(v) == 0)
			fail(s, "state", cols[i], 0, "expected a US state, "
			    "territory or armed forces code, or a Canadian "
			    "province or territory (N402), got '%.40s'", v);
	}
}

/*
 * Relationship 18 says the subscriber is the patient: the 837P then
 * names one person, in 2010BA.  A subscriber column that disagrees
 * with the patient's would send a person who does not exist, so it is
 * held rather than merged.  Case is not a disagreement.
 */
static void
r_self(struct scrub *s)
{
	static const struct {
		int sub, pat;
		const char *what;
	} same[] = {
		{CK_C_subscriber_last, CK_C_patient_last, "last name"},
		{CK_C_subscriber_first, CK_C_patient_first, "first name"},
		{CK_C_subscriber_middle, CK_C_patient_middle, "middle name"},
		{CK_C_subscriber_dob, CK_C_patient_dob, "birth date"},
		{CK_C_subscriber_sex, CK_C_patient_sex, "sex"},
		{CK_C_subscriber_address1, CK_C_patient_address1, "address"},
		{CK_C_subscriber_address2, CK_C_patient_address2, "address"},
		{CK_C_subscriber_city, CK_C_patient_city, "city"},
		{CK_C_subscriber_state, CK_C_patient_state, "state"},
		{CK_C_subscriber_zip, CK_C_patient_zip, "ZIP code"},
	};

	if (strcmp(cv(s, CK_C_relationship), "18") != 0)
		return;
	for (size_t i = 0; i < sizeof(same) / sizeof(same[0]); i++) {
		const char *a = cv(s, same[i].sub), *b = cv(s, same[i].pat);
		if (*a == '\0' || strcasecmp(a, b) == 0)
			continue;
		fail(s, "self", same[i].sub, 0, "expected the patient's %s "
		    "when relationship is 18 (self): the subscriber is the "
		    "patient, or the relationship is another code",
		    same[i].what);
	}
}

static void
r_pos(struct scrub *s)
{
	const char *v = cv(s, CK_C_place_of_service);

	if (!form(v, 2, isdig) || strcmp(v, "00") == 0)
		fail(s, "pos", CK_C_place_of_service, 0, "expected a place of "
		    "service code of 2 digits, 01 to 99, such as 11, got "
		    "'%.40s'", v);
}

static void
r_frequency(struct scrub *s)
{
	const char *f = cv(s, CK_C_frequency);
	int ref = *cv(s, CK_C_original_ref) != '\0';

	if (*f == '\0')
		f = "1";
	if ((strcmp(f, "7") == 0 || strcmp(f, "8") == 0) && !ref)
		fail(s, "frequency", CK_C_original_ref, 0, "expected the "
		    "payer's claim number of the claim %s (2300 REF*F8) with "
		    "frequency %s", f[0] == '7' ? "replaced" : "voided", f);
	else if (strcmp(f, "1") == 0 && ref)
		fail(s, "frequency", CK_C_original_ref, 0, "expected no "
		    "original claim number on an original claim (frequency "
		    "1): it is sent with frequency 7 or 8 only");
}

static int
medicare(const char *filing)
{
	return strcmp(filing, "MA") == 0 || strcmp(filing, "MB") == 0;
}

/* SBR05 is required when a payer is Medicare and Medicare is not the
 * primary payer (the Medicare secondary payer type): the claim's own
 * payer on rank 2 or 3 (2000B), the secondary of a tertiary claim
 * (2320). */
static void
r_insurance_type(struct scrub *s)
{
	const char *f = cv(s, CK_C_filing_indicator);
	const char *pf = cv(s, CK_C_prior_filing_indicator);

	if (rank(s) > 1 && medicare(f) &&
	    *cv(s, CK_C_insurance_type) == '\0')
		fail(s, "insurance_type", CK_C_insurance_type, 0, "expected "
		    "the insurance type code (12, 13, 14, 15, 16, 41, 42, 43 or "
		    "47) of a claim to Medicare (%s) as payer of rank %d "
		    "(2000B SBR05)", f, rank(s));
	if (rank(s) == 3 && medicare(pf) &&
	    *cv(s, CK_C_prior_insurance_type) == '\0')
		fail(s, "insurance_type", CK_C_prior_insurance_type, 0,
		    "expected the insurance type code of the prior payer, "
		    "Medicare (%s) as secondary payer (2320 SBR05)", pf);
}

static void
r_dob(struct scrub *s)
{
	static const int cols[] = {CK_C_patient_dob, CK_C_subscriber_dob};

	for (size_t i = 0; i < sizeof(cols) / sizeof(cols[0]); i++)
		if (strcmp(cv(s, cols[i]), s->today) > 0)
			fail(s, "dob", cols[i], 0, "expected a birth date not "
			    "after today");
}

/* ICD-10-CM form: a letter, a digit, a letter or digit (O9A, M1A),
 * then up to 4 letters or digits (X placeholders, 7th characters). */
static int
icd10_form(const char *v)
{
	size_t n = strlen(v);

	if (n < 3 || n > 7 || !(v[0] >= 'A' && v[0] <= 'Z') || !isdig(v[1]))
		return 0;
	for (size_t i = 2; i < n; i++)
		if (!isalnu((unsigned char)v[i]))
			return 0;
	return 1;
}

static void
r_icd10(struct scrub *s)
{
	for (int d = 0; d < 12; d++) {
		int c = CK_C_dx1 + d;
		const char *v = cv(s, c);
		if (*v == '\0') {
			if (d == 0)
				fail(s, "icd10", c, 0, "expected the principal "
				    "diagnosis in dx1 (HI, ABK)");
			continue;
		}
		if (!icd10_form(v))
			fail(s, "icd10", c, 0, "expected an ICD-10-CM code "
			    "without the dot: a letter, a digit, then 1 to 5 "
			    "letters or digits, such as E119 or S52131A, got "
			    "'%.40s'", v);
	}
}

static void
r_dx_gap(struct scrub *s)
{
	int gap = 0;   /* the first empty dx before this one, 1-based */

	for (int d = 1; d <= 12; d++) {
		int c = CK_C_dx1 + d - 1;
		if (*cv(s, c) == '\0') {
			if (gap == 0)
				gap = d;
		} else if (gap != 0) {
			fail(s, "dx_gap", c, 0, "expected dx%d before dx%d: "
			    "diagnoses fill dx1, dx2, ... in order, as the "
			    "pointers count them", gap, d);
			gap = 0;
		}
	}
}

/* How many earlier payers a claim of its rank has: the prior_*
 * columns are the first, prior2_* the second. */
static int
npriors(const struct scrub *s)
{
	return rank(s) < 2 ? 0 : rank(s) - 1;
}

/* Any value in the columns of earlier payer p, which the claim's rank
 * does not have. */
static void
no_prior(struct scrub *s, const struct ck_prior *p)
{
	const int cols[] = {p->payer_id, p->payer_name, p->filing, p->group,
	    p->subscriber_id, p->paid, p->paid_date, p->adjustments};
	const int lcols[] = {p->line_paid, p->line_paid_date, p->line_adj};

	for (size_t i = 0; i < sizeof(cols) / sizeof(cols[0]); i++)
		if (*cv(s, cols[i]) != '\0')
			fail(s, "prior_payer", cols[i], 0, "expected no %s "
			    "data on a claim of rank %d: 2320 and 2330 are for "
			    "the payers before this one", p->what, rank(s));
	for (int k = 0; k < s->nlines; k++)
		for (size_t i = 0; i < sizeof(lcols) / sizeof(lcols[0]); i++)
			if (*lv(s, k, lcols[i]) != '\0')
				fail(s, "prior_payer", lcols[i], k + 1,
				    "expected no %s data on a claim of rank "
				    "%d: 2430 is for the payers before this "
				    "one", p->what, rank(s));
}

static void
need_prior(struct scrub *s, const struct ck_prior *p)
{
	const struct {
		int col;
		const char *what;
	} need[] = {
		{p->payer_id, "payer id (2330B NM109)"},
		{p->payer_name, "name (2330B NM103)"},
		{p->paid, "paid amount, 0.00 when it paid nothing "
		    "(2320 AMT*D)"},
		{p->filing, "claim filing indicator (2320 SBR09)"},
	};

	for (size_t i = 0; i < sizeof(need) / sizeof(need[0]); i++)
		if (*cv(s, need[i].col) == '\0')
			fail(s, "prior_payer", need[i].col, 0, "expected the "
			    "%s's %s on a claim of rank %d", p->what,
			    need[i].what, rank(s));
	for (int k = 0; k < s->nlines; k++)
		if (*lv(s, k, p->line_adj) != '\0' &&
		    *lv(s, k, p->line_paid) == '\0')
			fail(s, "prior_payer", p->line_adj, k + 1, "expected "
			    "the %s's line paid amount with its line "
			    "adjustments: 2430 SVD02 carries it, 0.00 when "
			    "nothing was paid", p->what);
}

/* A secondary claim has one earlier payer, a tertiary claim two, each
 * with its own 2320/2330 loops. */
static void
r_prior_payer(struct scrub *s)
{
	for (int n = 0; n < CK_NPRIOR; n++)
		if (n < npriors(s))
			need_prior(s, ck_prior(n));
		else
			no_prior(s, ck_prior(n));
}

static int
has_line_paid(const struct scrub *s, const struct ck_prior *p)
{
	for (int k = 0; k < s->nlines; k++)
		if (*lv(s, k, p->line_paid) != '\0')
			return 1;
	return 0;
}

/* The guide wants each earlier payer's adjudication date in 2430
 * DTP*573 on each line it adjudicated, or in 2330B DTP*573 when no 2430
 * is sent; a line takes the claim's date when it has none of its own. */
static void
paid_date(struct scrub *s, const struct ck_prior *p, int used)
{
	const char *claim = cv(s, p->paid_date);

	if (strcmp(claim, s->today) > 0)
		fail(s, "paid_date", p->paid_date, 0, "expected the %s's "
		    "adjudication date not after today", p->what);
	for (int k = 0; k < s->nlines; k++)
		if (strcmp(lv(s, k, p->line_paid_date), s->today) > 0)
			fail(s, "paid_date", p->line_paid_date, k + 1,
			    "expected the %s's adjudication date not after "
			    "today", p->what);
	if (!used || *claim != '\0')
		return;
	if (!has_line_paid(s, p)) {
		if (*cv(s, p->paid) != '\0')
			fail(s, "paid_date", p->paid_date, 0, "expected the "
			    "%s's adjudication date on a claim of rank %d "
			    "(2330B DTP*573)", p->what, rank(s));
		return;
	}
	for (int k = 0; k < s->nlines; k++)
		if (*lv(s, k, p->line_paid) != '\0' &&
		    *lv(s, k, p->line_paid_date) == '\0')
			fail(s, "paid_date", p->line_paid_date, k + 1,
			    "expected the %s's adjudication date of a line it "
			    "paid, or its claim-level date for all lines "
			    "(2430 DTP*573)", p->what);
}

static void
r_paid_date(struct scrub *s)
{
	for (int n = 0; n < CK_NPRIOR; n++)
		paid_date(s, ck_prior(n), n < npriors(s));
}

/*
 * Adds up adjustments "CO-45:12.00;PR-2:5.00" (as the import writes
 * them) into *sum, and into *nseg the CAS segments they need: one per
 * group and six adjustments each.  Returns 0, or -1 when a is not such
 * a list.
 */
static int
adj_sum(const char *a, int64_t *sum, int *nseg)
{
	static const char groups[] = "CO" "CR" "OA" "PI" "PR";
	int count[5] = {0};
	const char *p = a, *g;

	*sum = 0;
	*nseg = 0;
	while (*p) {
		char amt[24];
		size_t n = 0;
		int64_t c;
		for (g = groups; *g && strncmp(g, p, 2) != 0; g += 2)
			;
		if (*g == '\0' || p[2] != '-')
			return -1;
		for (p += 3; isalnu((unsigned char)*p); p++)
			n++;
		if (n == 0 || n > 5 || *p++ != ':')
			return -1;
		for (n = 0; *p && *p != ';' && n < sizeof(amt) - 1; p++)
			amt[n++] = *p;
		amt[n] = '\0';
		if (ck_money_parse(amt, 1, &c) < 0 || (*p && *p != ';'))
			return -1;
		*sum += c;
		count[(g - groups) / 2]++;
		if (*p == ';' && *++p == '\0')
			return -1;
	}
	for (int i = 0; i < 5; i++)
		*nseg += (count[i] + 5) / 6;
	return 0;
}

static void
check_adj(struct scrub *s, int col, int line, const char *a)
{
	int64_t sum;
	int nseg;

	if (adj_sum(a, &sum, &nseg) < 0)
		fail(s, "adjustments", col, line, "expected adjustments like "
		    "CO-45:12.00;PR-2:5.00");
	else if (nseg > 5)
		fail(s, "adjustments", col, line, "expected adjustments that "
		    "fit 5 CAS segments of up to 6 of one group, got enough "
		    "for %d", nseg);
}

static void
r_adjustments(struct scrub *s)
{
	for (int n = 0; n < CK_NPRIOR; n++) {
		const struct ck_prior *p = ck_prior(n);
		check_adj(s, p->adjustments, 0, cv(s, p->adjustments));
		for (int k = 0; k < s->nlines; k++)
			check_adj(s, p->line_adj, k + 1, lv(s, k,
			    p->line_adj));
	}
}

/* Sum of adjustments a into *sum; -1 when a is malformed, which the
 * rule "adjustments" reports: the balance then is not checked, as it
 * would only repeat that. */
static int
adj_total(const char *a, int64_t *sum)
{
	int nseg;

	return adj_sum(a, sum, &nseg);
}

struct cob {
	int64_t claim_adj;   /* 2320 CAS */
	int64_t line_adj;    /* all 2430 CAS */
	int64_t line_paid;   /* all 2430 SVD02 */
	int paid_lines;      /* lines with a line payment */
};

static int
cob_sums(const struct scrub *s, const struct ck_prior *p, struct cob *b)
{
	memset(b, 0, sizeof(*b));
	if (adj_total(cv(s, p->adjustments), &b->claim_adj) < 0)
		return -1;
	for (int k = 0; k < s->nlines; k++) {
		int64_t a;
		if (adj_total(lv(s, k, p->line_adj), &a) < 0)
			return -1;
		b->line_adj += a;
		if (*lv(s, k, p->line_paid) != '\0') {
			b->line_paid += s->cl->line[k][p->line_paid].i;
			b->paid_lines++;
		}
	}
	return 0;
}

/* Each line with this payer's payment: SVD02 + 2430 CAS = SV102.
 * Returns the number of lines that do not balance. */
static int
balance_lines(struct scrub *s, const struct ck_prior *p)
{
	char b1[24], b2[24], b3[24], b4[24];
	int bad = 0;

	for (int k = 0; k < s->nlines; k++) {
		const struct ck_val *l = s->cl->line[k];
		int64_t a, off;
		if (*lv(s, k, p->line_paid) == '\0')
			continue;
		adj_total(lv(s, k, p->line_adj), &a);
		off = l[p->line_paid].i + a - l[CK_C_charge].i;
		if (off == 0)
			continue;
		bad++;
		fail(s, "balance", p->line_paid, k + 1, "expected the line's "
		    "%s payment %s and adjustments %s to add up to its charge "
		    "%s, off by %s (SVD02 + 2430 CAS = SV102)", p->what,
		    money(l[p->line_paid].i, b1), money(a, b2),
		    money(l[CK_C_charge].i, b3), money(off, b4));
	}
	return bad;
}

/* Each earlier payer balances on its own: what it paid and adjusted
 * is the claim's charge (TR3 1.4.1; a tertiary claim's 2320s each). */
static void
balance(struct scrub *s, const struct ck_prior *p)
{
	char b1[24], b2[24], b3[24], b4[24];
	struct cob b;
	int64_t paid, off;
	int bad;

	if (*cv(s, p->paid) == '\0' || cob_sums(s, p, &b) < 0)
		return;
	paid = s->cl->v[p->paid].i;
	off = paid + b.claim_adj + b.line_adj - s->total;
	bad = off != 0;
	if (bad)
		fail(s, "balance", p->paid, 0, "expected the %s's payment %s "
		    "and adjustments %s to add up to the total charge %s, off "
		    "by %s (AMT*D + 2320 and 2430 CAS = CLM02)", p->what,
		    money(paid, b1), money(b.claim_adj + b.line_adj, b2),
		    money(s->total, b3), money(off, b4));
	bad += balance_lines(s, p);
	/* With the two above in balance this fails only when some lines
	 * lack their payment: say so once rather than repeat them. */
	if (b.paid_lines == 0 || bad)
		return;
	if (b.line_paid - b.claim_adj != paid)
		fail(s, "balance", p->paid, 0, "expected the lines' %s "
		    "payments %s less the claim adjustments %s to equal its "
		    "payment %s (sum of SVD02 - 2320 CAS = AMT*D): %d of %d "
		    "lines have no line payment", p->what,
		    money(b.line_paid, b1), money(b.claim_adj, b2),
		    money(paid, b3), s->nlines - b.paid_lines, s->nlines);
}

static void
r_balance(struct scrub *s)
{
	for (int n = 0; n < npriors(s) && n < CK_NPRIOR; n++)
		balance(s, ck_prior(n));
}

/* CPT: 5 digits, or 4 digits and F (category II), T (category III),
 * U (PLA) or M (administrative MAAA); HCPCS level II: A-V, 4 digits. */
static int
procedure_form(const char *v)
{
	if (strlen(v) != 5)
		return 0;
	if (form(v + 1, 4, isdig))
		return isdig(v[0]) || (v[0] >= 'A' && v[0] <= 'V');
	for (int i = 0; i < 4; i++)
		if (!isdig((unsigned char)v[i]))
			return 0;
	return strchr("FTUM", v[4]) != NULL;
}

static void
r_procedure(struct scrub *s)
{
	for (int k = 0; k < s->nlines; k++) {
		const char *v = lv(s, k, CK_C_procedure);
		if (!procedure_form(v))
			fail(s, "procedure", CK_C_procedure, k + 1, "expected "
			    "a CPT code (5 digits, or 4 and F, T, U or M) or a "
			    "HCPCS code (a letter A-V and 4 digits), got "
			    "'%.40s'", v);
	}
}

static void
r_modifier(struct scrub *s)
{
	for (int k = 0; k < s->nlines; k++) {
		int gap = 0;
		for (int m = 1; m <= 4; m++) {
			int c = CK_C_modifier1 + m - 1;
			const char *v = lv(s, k, c);
			if (*v == '\0') {
				if (gap == 0)
					gap = m;
				continue;
			}
			if (!form(v, 2, isalnu))
				fail(s, "modifier", c, k + 1, "expected a "
				    "modifier of 2 letters or digits, got "
				    "'%.40s'", v);
			else if (gap != 0)
				fail(s, "modifier", c, k + 1, "expected "
				    "modifier%d before modifier%d", gap, m);
		}
	}
}

static void
r_units(struct scrub *s)
{
	for (int k = 0; k < s->nlines; k++)
		if (s->cl->line[k][CK_C_units].i <= 0)
			fail(s, "units", CK_C_units, k + 1, "expected more "
			    "than 0 units (SV104), got '%.40s'",
			    lv(s, k, CK_C_units));
}

/* The guide allows SV102 = 0 (a no-charge follow-up visit); a
 * negative charge the import refuses, but a claim made otherwise may
 * still carry one. */
static void
r_charge(struct scrub *s)
{
	char b[24];

	for (int k = 0; k < s->nlines; k++)
		if (s->cl->line[k][CK_C_charge].i < 0)
			fail(s, "charge", CK_C_charge, k + 1, "expected a "
			    "charge of 0.00 or more (SV102), got %s",
			    money(s->cl->line[k][CK_C_charge].i, b));
}

static void
r_total(struct scrub *s)
{
	char b1[24], b2[24];
	int64_t t = s->cl->v[CK_C_claim_total].i;

	if (*cv(s, CK_C_claim_total) != '\0' && t != s->total)
		fail(s, "total", CK_C_claim_total, 0, "expected the claim "
		    "total %s to be the sum of the lines' charges, %s (CLM02)",
		    money(t, b1), money(s->total, b2));
}

static void
r_service_date(struct scrub *s)
{
	const char *dob = cv(s, CK_C_patient_dob);

	for (int k = 0; k < s->nlines; k++) {
		const char *from = lv(s, k, CK_C_service_date);
		const char *to = lv(s, k, CK_C_service_date_to);
		if (*from == '\0')
			fail(s, "service_date", CK_C_service_date, k + 1,
			    "expected a date of service");
		else if (strcmp(from, s->today) > 0)
			fail(s, "service_date", CK_C_service_date, k + 1,
			    "expected a date of service not after today");
		else if (strcmp(from, dob) < 0)
			fail(s, "service_date", CK_C_service_date, k + 1,
			    "expected a date of service on or after the "
			    "patient's birth date");
		if (*to == '\0')
			continue;
		if (strcmp(to, s->today) > 0)
			fail(s, "service_date", CK_C_service_date_to, k + 1,
			    "expected the last date of service not after "
			    "today");
		else if (strcmp(to, from) < 0)
			fail(s, "service_date", CK_C_service_date_to, k + 1,
			    "expected the last date of service on or after "
			    "service_date");
	}
}

static int
ndx(const struct scrub *s)
{
	int n = 0;

	for (int d = 0; d < 12; d++)
		n += *cv(s, CK_C_dx1 + d) != '\0';
	return n;
}

static void
pointers(struct scrub *s, int k)
{
	const char *p = lv(s, k, CK_C_dx_pointers);
	int seen[13] = {0}, n = 0;

	while (*p) {
		int v = 0, nd = 0;
		for (; isdig((unsigned char)*p) && nd < 3; p++, nd++)
			v = v * 10 + (*p - '0');
		if (nd == 0 || v < 1 || v > 12 || seen[v] || ++n > 4 ||
		    (*p && *p != ':') || (*p == ':' && p[1] == '\0'))
			goto bad;
		seen[v] = 1;
		if (*p == ':')
			p++;
		if (*cv(s, CK_C_dx1 + v - 1) == '\0')
			fail(s, "dx_pointers", CK_C_dx_pointers, k + 1,
			    "expected pointer %d to name a diagnosis, but dx%d "
			    "is empty (the claim has %d)", v, v, ndx(s));
	}
	if (n > 0)
		return;
bad:
	fail(s, "dx_pointers", CK_C_dx_pointers, k + 1, "expected 1 to 4 "
	    "different diagnosis pointers from 1 to 12, like 1:3 (SV107)");
}

static void
r_dx_pointers(struct scrub *s)
{
	for (int k = 0; k < s->nlines; k++)
		pointers(s, k);
}

/* 2410: an NDC in its 11-digit 5-4-2 form (the import drops the
 * hyphens; a 10-digit NDC needs its leading zero put in the right
 * segment, which only the labeler's form tells), with the quantity
 * and its unit that CTP04 and CTP05 require. */
static void
r_ndc(struct scrub *s)
{
	for (int k = 0; k < s->nlines; k++) {
		const char *ndc = lv(s, k, CK_C_ndc);
		int q = *lv(s, k, CK_C_ndc_quantity) != '\0';
		int u = *lv(s, k, CK_C_ndc_unit) != '\0';
		if (*ndc == '\0') {
			if (q || u)
				fail(s, "ndc", CK_C_ndc, k + 1, "expected the "
				    "NDC with ndc_quantity and ndc_unit (2410 "
				    "LIN03)");
			continue;
		}
		if (!form(ndc, 11, isdig))
			fail(s, "ndc", CK_C_ndc, k + 1, "expected an NDC of 11 "
			    "digits in 5-4-2 form, such as 00409-1966-01 (2410 "
			    "LIN03), got %zu digits", strlen(ndc));
		if (!q || s->cl->line[k][CK_C_ndc_quantity].i <= 0)
			fail(s, "ndc", CK_C_ndc_quantity, k + 1, "expected the "
			    "drug's quantity, above 0, with the NDC (2410 "
			    "CTP04)");
		if (!u)
			fail(s, "ndc", CK_C_ndc_unit, k + 1, "expected the "
			    "drug quantity's unit, F2, GR, ME, ML or UN, with "
			    "the NDC (2410 CTP05)");
	}
}

/* Length of the UTF-8 sequence at p with its code point in *cp, or 0
 * when it is not valid UTF-8. */
static size_t
utf8_dec(const unsigned char *p, unsigned int *cp)
{
	size_t n;

	if (p[0] < 0x80)
		n = 1, *cp = p[0];
	else if (p[0] >= 0xC2 && p[0] <= 0xDF)
		n = 2, *cp = p[0] & 0x1F;
	else if (p[0] >= 0xE0 && p[0] <= 0xEF)
		n = 3, *cp = p[0] & 0x0F;
	else if (p[0] >= 0xF0 && p[0] <= 0xF4)
		n = 4, *cp = p[0] & 0x07;
	else
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((p[i] & 0xC0) != 0x80)
			return 0;
		*cp = *cp << 6 | (p[i] & 0x3F);
	}
	if ((n == 3 && (*cp < 0x800 || (*cp >= 0xD800 && *cp <= 0xDFFF))) ||
	    (n == 4 && (*cp < 0x10000 || *cp > 0x10FFFF)))
		return 0;
	return n;
}

/*
 * The plain ASCII a person would write for code point cp, or NULL when
 * there is none to suggest; one holds a single letter (2 bytes).
 * Latin-1 and Latin Extended-A letters lose their marks; '?' there
 * marks the ones in the list of specials.
 */
static const char *
plain(unsigned int cp, char *one)
{
	static const char latin[] =
	    /* U+00C0 */
	    "AAAAAA?CEEEEIIIIDNOOOOO?OUUUUY??aaaaaa?ceeeeiiiidnooooo?ouuuuy?y"
	    /* U+0100 */
	    "AaAaAaCcCcCcCcDdDdEeEeEeEeEeGgGgGgGgHhHhIiIiIiIiIi??JjKkk"
	    "LlLlLlLlLlNnNnNnnNnOoOoOo??RrRrRrSsSsSsSsTtTtTt"
	    "UuUuUuUuUuUuWwYyYZzZzZzs";
	static const struct {
		unsigned int cp;
		const char *s;
	} special[] = {
		{0x00A0, " "}, {0x00AD, ""}, {0x00B4, "'"}, {0x00C6, "AE"},
		{0x00D7, "x"}, {0x00DE, "TH"}, {0x00DF, "ss"}, {0x00E6, "ae"},
		{0x00F7, "/"}, {0x00FE, "th"}, {0x0132, "IJ"}, {0x0133, "ij"},
		{0x0152, "OE"}, {0x0153, "oe"}, {0x2010, "-"}, {0x2011, "-"},
		{0x2012, "-"}, {0x2013, "-"}, {0x2014, "-"}, {0x2018, "'"},
		{0x2019, "'"}, {0x201C, "\""}, {0x201D, "\""},
		{0x2026, "..."},
	};

	_Static_assert(sizeof(latin) == 0x180 - 0xC0 + 1,
	    "one letter per code point from U+00C0 to U+017F");
	for (size_t i = 0; i < sizeof(special) / sizeof(special[0]); i++)
		if (special[i].cp == cp)
			return special[i].s;
	if (cp < 0xC0 || cp >= 0x180 || latin[cp - 0xC0] == '?')
		return NULL;
	one[0] = latin[cp - 0xC0];
	one[1] = '\0';
	return one;
}

static const char *
delimiter(int ch)
{
	switch (ch) {
	case '*':
		return "element separator";
	case ':':
		return "component separator";
	case '^':
		return "repetition separator";
	default:
		return "segment terminator";
	}
}

/* Describes the first character of v an 837P cannot carry into msg
 * and returns how many there are, 0 for none.  The value itself is
 * never shown; of a private (phi) column not even the character, which
 * with its position spells part of a name: only where it is. */
static int
x12_fault(const char *v, int phi, char *msg, size_t size)
{
	const unsigned char *p = (const unsigned char *)v;
	size_t at = 0, n;
	unsigned int cp;
	int bad = 0;
	char one[2];
	const char *ascii;

	for (; *p; p += n) {
		at++;
		n = utf8_dec(p, &cp);
		if (n == 1 && cp >= 0x20 && cp < 0x7F &&
		    strchr(CK_X12_DELIMITERS, (int)cp) == NULL)
			continue;
		if (bad++ > 0) {
			if (n == 0)
				n = 1;
			continue;
		}
		if (phi) {
			snprintf(msg, size, "expected the X12 character set "
			    "(printable ASCII without * : ^ ~), found a "
			    "character it cannot carry at character %zu (not "
			    "shown: the value is private)", at);
			if (n == 0)
				n = 1;
		} else if (n == 0) {
			snprintf(msg, size, "expected UTF-8 text, found byte "
			    "0x%02X at character %zu", *p, at);
			n = 1;
		} else if (n == 1 && (cp < 0x20 || cp == 0x7F)) {
			snprintf(msg, size, "expected printable characters, "
			    "found byte 0x%02X at character %zu", cp, at);
		} else if (n == 1) {
			snprintf(msg, size, "expected no '%c' (the X12 %s), "
			    "found one at character %zu", (int)cp,
			    delimiter((int)cp), at);
		} else if ((ascii = plain(cp, one)) == NULL) {
			snprintf(msg, size, "expected the X12 character set "
			    "(printable ASCII), found U+%04X at character %zu: "
			    "spell it in plain letters", cp, at);
		} else if (*ascii == '\0') {
			snprintf(msg, size, "expected the X12 character set "
			    "(printable ASCII), found an invisible U+%04X at "
			    "character %zu: delete it", cp, at);
		} else {
			snprintf(msg, size, "expected the X12 character set "
			    "(printable ASCII), found '%.*s' (U+%04X) at "
			    "character %zu: write '%s' instead", (int)n,
			    (const char *)p, cp, at, ascii);
		}
	}
	return bad;
}

/* Columns whose text goes into the 837P as it is stored.  Pointers
 * and adjustments are written in pieces (their ':' is ours, not X12's)
 * and office is never sent. */
static int
x12_text(int c)
{
	return ck_columns[c].type != CK_T_POINTERS &&
	    ck_columns[c].type != CK_T_ADJ && c != CK_C_office;
}

static void
x12_value(struct scrub *s, int c, int line, const char *v)
{
	char msg[200];
	int bad;

	if (!x12_text(c) || (bad = x12_fault(v, ck_columns[c].phi, msg,
	    sizeof(msg))) == 0)
		return;
	if (bad == 1)
		fail(s, "x12_chars", c, line, "%s", msg);
	else
		fail(s, "x12_chars", c, line, "%s (and %d more)", msg,
		    bad - 1);
}

/* A paper claim's text goes onto the form, which prints accented
 * letters plainly: the rule is the 837P's. */
static void
r_x12_chars(struct scrub *s)
{
	if (s->cl->filing != NULL && strcmp(s->cl->filing, "paper") == 0)
		return;
	for (int c = 0; c < CK_NCOLS; c++)
		if (!ck_columns[c].line)
			x12_value(s, c, 0, cv(s, c));
	for (int k = 0; k < s->nlines; k++)
		for (int c = 0; c < CK_NCOLS; c++)
			if (ck_columns[c].line)
				x12_value(s, c, k + 1, lv(s, k, c));
}

int
ck_scrub_claim(const struct ck_claim *cl, const char *today, ck_scrub_cb cb,
    void *arg)
{
	/* The order of the table at the top; callers may rely on it. */
	static void (*const rules[])(struct scrub *) = {
		r_lines, r_npi, r_tin, r_taxonomy, r_zip, r_billing_address,
		r_min_length, r_rendering, r_facility, r_address, r_state,
		r_self, r_pos, r_frequency,
		r_insurance_type, r_dob, r_icd10, r_dx_gap, r_prior_payer,
		r_paid_date, r_adjustments, r_balance, r_procedure,
		r_modifier, r_units, r_charge, r_total, r_service_date,
		r_dx_pointers, r_ndc, r_x12_chars,
	};
	struct scrub s;
	char buf[11];

	memset(&s, 0, sizeof(s));
	s.cl = cl;
	s.today = today != NULL ? today : ck_date_today(buf);
	s.cb = cb;
	s.arg = arg;
	s.nlines = cl->nlines < 0 ? 0 : cl->nlines > CK_MAX_LINES ?
	    CK_MAX_LINES : cl->nlines;
	for (int k = 0; k < s.nlines; k++)
		s.total += cl->line[k][CK_C_charge].i;
	for (size_t i = 0; i < sizeof(rules) / sizeof(rules[0]) && !s.stop;
	    i++)
		rules[i](&s);
	if (s.stop)
		return s.stop < 0 ? s.stop : -s.stop;
	return s.n;
}
