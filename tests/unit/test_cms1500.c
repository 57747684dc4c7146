/*
 * The CMS-1500 print layout: the shape of every page, a golden page
 * checked byte for byte, continuation forms, secondary claims, boxes
 * cut to their width and amounts split at the form's rule.
 *
 * Usage: test_cms1500 [GOLDEN] | test_cms1500 --update [GOLDEN]
 * GOLDEN defaults to tests/data/cms1500-golden.txt beside this source;
 * --update writes it from the code (then read it, and check it by eye).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "claimkit/cms1500.h"
#include "claimkit/date.h"
#include "t.h"

#define DATE31 "2025-03-10"

static struct ck_claim cl;      /* too big for the stack */

static void
set(enum ck_col c, const char *s)
{
	cl.v[c].s = s;
}

static int64_t
cents(const char *s)
{
	int64_t c = 0;
	int frac = -1;

	for (; *s != '\0'; s++) {
		if (*s == '.') {
			frac = 0;
			continue;
		}
		c = c * 10 + (*s - '0');
		if (frac >= 0)
			frac++;
	}
	for (; frac < 2; frac = frac < 0 ? 1 : frac + 1)
		c *= 10;
	return c;
}

static void
set_money(enum ck_col c, const char *s)
{
	cl.v[c].s = s;
	cl.v[c].i = cents(s);
}

/* Service line k: units whole numbers or with one decimal. */
static void
svc(int k, const char *date, const char *proc, const char *mod,
    const char *ptrs, const char *units, const char *charge)
{
	struct ck_val *l = cl.line[k];

	l[CK_C_service_date].s = date;
	l[CK_C_procedure].s = proc;
	l[CK_C_modifier1].s = mod;
	l[CK_C_dx_pointers].s = ptrs;
	l[CK_C_units].s = units;
	l[CK_C_units].i = cents(units) * 10;
	l[CK_C_charge].s = charge;
	l[CK_C_charge].i = cents(charge);
	if (k >= cl.nlines)
		cl.nlines = k + 1;
}

/* The golden claim: a primary claim with one service line. */
static void
base_claim(void)
{
	memset(&cl, 0, sizeof(cl));
	set(CK_C_claim_id, "CLM0000123");
	set(CK_C_patient_last, "Doe");
	set(CK_C_patient_first, "Jane");
	set(CK_C_patient_middle, "Marie");
	set(CK_C_patient_dob, "1980-03-15");
	set(CK_C_patient_sex, "F");
	set(CK_C_patient_address1, "123 Main St.");
	set(CK_C_patient_address2, "Apt 4B");
	set(CK_C_patient_city, "Springfield");
	set(CK_C_patient_state, "IL");
	set(CK_C_patient_zip, "627011234");
	set(CK_C_patient_phone, "2175550123");
	set(CK_C_relationship, "18");
	set(CK_C_subscriber_id, "XYZ123456789");
	set(CK_C_payer_id, "ACME1");
	set(CK_C_payer_name, "Acme Health Plan");
	set(CK_C_payer_filing, "paper");
	set(CK_C_payer_address1, "PO Box 1234");
	set(CK_C_payer_city, "Chicago");
	set(CK_C_payer_state, "IL");
	set(CK_C_payer_zip, "606011234");
	set(CK_C_rank, "1");
	cl.v[CK_C_rank].i = 1;
	set(CK_C_group_number, "GRP-00991");
	set(CK_C_filing_indicator, "CI");
	set(CK_C_billing_npi, "1234567893");
	set(CK_C_billing_tin, "123456789");
	set(CK_C_billing_taxonomy, "207Q00000X");
	set(CK_C_billing_name, "Springfield Family Medicine");
	set(CK_C_billing_address1, "500 Oak Ave");
	set(CK_C_billing_address2, "Suite 200");
	set(CK_C_billing_city, "Springfield");
	set(CK_C_billing_state, "IL");
	set(CK_C_billing_zip, "627041234");
	set(CK_C_billing_phone, "2175559876");
	set(CK_C_rendering_npi, "1987654325");
	set(CK_C_facility_name, "Springfield Clinic Annex");
	set(CK_C_facility_npi, "1122334455");
	set(CK_C_facility_address1, "42 Elm St");
	set(CK_C_facility_city, "Springfield");
	set(CK_C_facility_state, "IL");
	set(CK_C_facility_zip, "62702");
	set(CK_C_place_of_service, "11");
	set(CK_C_frequency, "1");
	set(CK_C_provider_signature, "Y");
	set(CK_C_accept_assignment, "A");
	set(CK_C_benefits_assigned, "Y");
	set(CK_C_release_of_info, "Y");
	set(CK_C_dx1, "E119");
	set(CK_C_dx2, "I10");
	set(CK_C_dx3, "Z79899");
	svc(0, "2025-03-04", "99214", "25", "1:2:3", "1", "150.00");
}

/* ---- output ---- */

static char *out;
static size_t outlen;

/* Writes the claim (dated DATE31 unless today) into out; returns the
 * function's result. */
static int
print(int today, int *nforms, struct ck_err *err)
{
	FILE *fp;
	int rc, n = 0;

	free(out);
	out = NULL;
	if ((fp = open_memstream(&out, &outlen)) == NULL)
		return -1;
	rc = today ? ck_cms1500_write(fp, &cl, nforms ? nforms : &n, err) :
	    ck_cms1500_write_dated(fp, &cl, DATE31, nforms ? nforms : &n,
	    err);
	fclose(fp);
	return rc;
}

/* Every page 66 lines of at most 80 printable ASCII characters, each
 * ending in a newline; pages separated by one form feed. */
static int
shape_ok(const char *s, size_t len)
{
	int lines = 0, col = 0;

	for (size_t i = 0; i < len; i++) {
		if (s[i] == '\f') {
			if (lines != CK_CMS1500_LINES || col != 0)
				return 0;
			lines = 0;
		} else if (s[i] == '\n') {
			if (++lines > CK_CMS1500_LINES)
				return 0;
			col = 0;
		} else if (s[i] < 0x20 || s[i] > 0x7E ||
		    ++col > CK_CMS1500_COLS) {
			return 0;
		}
	}
	return len > 0 && lines == CK_CMS1500_LINES && col == 0;
}

static int
count_forms(void)
{
	int n = 1;

	for (size_t i = 0; i < outlen; i++)
		n += out[i] == '\f';
	return n;
}

/* The text at form (0-based), line and column (1-based), width wide,
 * padded with spaces past the end of the line. */
static const char *
cell(int form, int line, int col, int width)
{
	static char buf[CK_CMS1500_COLS + 1];
	const char *p = out, *end = out + outlen;
	int i;

	for (; form > 0 && p < end; p++)
		if (*p == '\f')
			form--;
	for (; line > 1 && p < end; p++)
		if (*p == '\n')
			line--;
	for (i = 0; i < col - 1 && p < end && *p != '\n'; i++)
		p++;
	for (i = 0; i < width; i++)
		buf[i] = p < end && *p != '\n' ? *p++ : ' ';
	buf[width] = '\0';
	return buf;
}

/* Nothing printed there. */
static int
blank(int form, int line, int col, int width)
{
	const char *s = cell(form, line, col, width);

	return strspn(s, " ") == strlen(s);
}

/* ---- the golden page ---- */

static char golden[4096];

static const char *
golden_path(const char *arg)
{
	const char *src = __FILE__, *p, *up = NULL;

	if (arg != NULL)
		return arg;
	/* .../tests/unit/test_cms1500.c -> .../tests/data/... */
	for (p = src; *p != '\0'; p++)
		if (*p == '/' && strncmp(p, "/unit/", 6) == 0)
			up = p;
	if (up == NULL)
		return "tests/data/cms1500-golden.txt";
	snprintf(golden, sizeof(golden), "%.*s/data/cms1500-golden.txt",
	    (int)(up - src), src);
	return golden;
}

static void
golden_page(const char *path, int update)
{
	struct ck_err err;
	FILE *fp;
	char *want;
	long n;

	base_claim();
	CHECK(print(0, NULL, &err) == 0);
	CHECK(shape_ok(out, outlen));
	if (update) {
		CHECK((fp = fopen(path, "w")) != NULL);
		if (fp != NULL) {
			CHECK(fwrite(out, 1, outlen, fp) == outlen);
			CHECK(fclose(fp) == 0);
		}
		return;
	}
	if ((fp = fopen(path, "r")) == NULL) {
		fprintf(stderr, "%s: cannot open\n", path);
		CHECK(fp != NULL);
		return;
	}
	fseek(fp, 0, SEEK_END);
	n = ftell(fp);
	rewind(fp);
	want = n >= 0 ? malloc((size_t)n + 1) : NULL;
	CHECK(want != NULL && fread(want, 1, (size_t)n, fp) == (size_t)n);
	fclose(fp);
	if (want == NULL)
		return;
	CHECK((size_t)n == outlen && memcmp(want, out, outlen) == 0);
	for (size_t i = 0, line = 1, col = 1; i < outlen && i < (size_t)n;
	    i++, col++) {
		if (want[i] != out[i]) {
			fprintf(stderr, "%s: differs at line %zu column %zu\n",
			    path, line, col);
			break;
		}
		if (out[i] == '\n')
			line++, col = 0;
	}
	free(want);
}

/* ---- the boxes of the golden claim ---- */

static void
boxes(void)
{
	struct ck_err err;

	base_claim();
	CHECK(print(0, NULL, &err) == 0);
	CHECK(count_forms() == 1);
	CHECK_STR(cell(0, 2, 41, 16), "ACME HEALTH PLAN");
	CHECK_STR(cell(0, 3, 41, 11), "PO BOX 1234");
	CHECK_STR(cell(0, 4, 41, 21), "CHICAGO IL 60601-1234");
	CHECK(blank(0, 5, 1, 80));
	CHECK_STR(cell(0, 8, 50, 12), "XYZ123456789");
	CHECK_STR(cell(0, 10, 1, 15), "DOE, JANE, M   ");
	CHECK_STR(cell(0, 10, 31, 17), "03 15 1980      X");
	CHECK_STR(cell(0, 10, 50, 12), "DOE, JANE, M");
	CHECK_STR(cell(0, 12, 1, 20), "123 MAIN ST APT 4B  ");
	CHECK_STR(cell(0, 12, 33, 1), "X");
	CHECK_STR(cell(0, 14, 1, 27), "SPRINGFIELD              IL");
	CHECK_STR(cell(0, 16, 1, 25), "62701-1234    217 5550123");
	CHECK_STR(cell(0, 18, 1, 28), "                            ");
	CHECK_STR(cell(0, 18, 50, 9), "GRP-00991");
	CHECK_STR(cell(0, 20, 41, 1), "X");
	CHECK_STR(cell(0, 20, 53, 23), "03 15 1980            X");
	CHECK_STR(cell(0, 24, 50, 16), "ACME HEALTH PLAN");
	CHECK_STR(cell(0, 26, 52, 6), "     X");
	CHECK_STR(cell(0, 29, 7, 17), "SIGNATURE ON FILE");
	CHECK_STR(cell(0, 29, 55, 17), "SIGNATURE ON FILE");
	CHECK_STR(cell(0, 37, 42, 1), "0");
	CHECK_STR(cell(0, 38, 1, 36), "  E11.9        I10          Z79.899 ");
	CHECK(blank(0, 38, 50, 20));
	CHECK(blank(0, 43, 1, 80));
	CHECK_STR(cell(0, 44, 1, 77),
	    "03 04 25 03 04 25 11    99214   25          ABC    150 00   1  "
	    "    1987654325");
	CHECK(blank(0, 46, 1, 80));
	CHECK_STR(cell(0, 56, 1, 60),
	    "123456789         X   CLM0000123     X               150 00 ");
	CHECK(blank(0, 56, 60, 21));
	CHECK_STR(cell(0, 57, 66, 11), "217 5559876");
	CHECK_STR(cell(0, 58, 23, 24), "SPRINGFIELD CLINIC ANNEX");
	CHECK_STR(cell(0, 60, 1, 20), "SIGNATURE ON FILE   ");
	CHECK_STR(cell(0, 60, 23, 20), "SPRINGFIELD IL 62702");
	CHECK_STR(cell(0, 60, 50, 25), "SPRINGFIELD IL 62704-1234");
	CHECK_STR(cell(0, 61, 1, 74),
	    "     03 10 25         1122334455                 1234567893   "
	    "ZZ207Q00000X");
	CHECK(blank(0, 61, 75, 6));
}

/* ---- continuation forms ---- */

static void
lines(int n)
{
	char date[20];

	base_claim();
	for (int k = 0; k < n; k++) {
		snprintf(date, sizeof(date), "2025-03-%02d", k + 1);
		cl.line[k][CK_C_service_date].s = strdup(date);
		svc(k, cl.line[k][CK_C_service_date].s, "99213", NULL, "1",
		    "1", "100.00");
		cl.line[k][CK_C_charge].i += k;     /* 100.00, 100.01, ... */
	}
}

static void
free_lines(void)
{
	for (int k = 0; k < cl.nlines; k++)
		free((char *)cl.line[k][CK_C_service_date].s);
}

static void
continued(void)
{
	struct ck_err err;
	char want[3];

	lines(7);
	CHECK(print(0, NULL, &err) == 0);
	CHECK(shape_ok(out, outlen));
	CHECK(count_forms() == 2);
	for (int k = 0; k < 6; k++) {
		snprintf(want, sizeof(want), "%02d", k + 1);
		CHECK_STR(cell(0, 44 + 2 * k, 4, 2), want);
		CHECK(blank(0, 43 + 2 * k, 1, 80));
	}
	CHECK_STR(cell(0, 56, 50, 10), "CONTINUED ");
	CHECK(blank(0, 56, 60, 21));
	CHECK_STR(cell(1, 44, 1, 8), "03 07 25");
	CHECK_STR(cell(1, 44, 50, 8), "  100 06");
	CHECK(blank(1, 46, 1, 80));
	CHECK(blank(1, 54, 1, 80));
	/* 7 x 100.00 + 0.21 */
	CHECK_STR(cell(1, 56, 50, 10), "    700 21");
	/* both forms are whole forms */
	CHECK_STR(cell(1, 10, 1, 12), "DOE, JANE, M");
	CHECK_STR(cell(1, 61, 6, 8), "03 10 25");
	free_lines();

	lines(13);
	CHECK(print(0, NULL, &err) == 0);
	CHECK(shape_ok(out, outlen));
	CHECK(count_forms() == 3);
	CHECK_STR(cell(0, 56, 50, 9), "CONTINUED");
	CHECK_STR(cell(1, 56, 50, 9), "CONTINUED");
	CHECK_STR(cell(1, 54, 4, 2), "12");
	CHECK_STR(cell(2, 44, 4, 2), "13");
	CHECK(blank(2, 46, 1, 80));
	CHECK_STR(cell(2, 56, 50, 10), "   1300 78");
	free_lines();

	lines(6);
	CHECK(print(0, NULL, &err) == 0);
	CHECK(count_forms() == 1);
	CHECK_STR(cell(0, 54, 4, 2), "06");
	CHECK_STR(cell(0, 56, 50, 10), "    600 15");
	free_lines();
}

/* Two claims in one file: one form feed between them, none before. */
static void
file_of_claims(void)
{
	struct ck_err err;
	FILE *fp;
	int n = 0;

	free(out);
	out = NULL;
	CHECK((fp = open_memstream(&out, &outlen)) != NULL);
	base_claim();
	CHECK(ck_cms1500_write_dated(fp, &cl, DATE31, &n, &err) == 0);
	CHECK(n == 1);
	lines(7);
	CHECK(ck_cms1500_write_dated(fp, &cl, DATE31, &n, &err) == 0);
	CHECK(n == 3);
	fclose(fp);
	free_lines();
	CHECK(shape_ok(out, outlen));
	CHECK(out[0] != '\f');
	CHECK(count_forms() == 3);
	CHECK_STR(cell(1, 44, 1, 8), "03 01 25");
}

/* ---- secondary claims ---- */

static void
secondary(void)
{
	struct ck_err err;

	base_claim();
	set(CK_C_rank, "2");
	cl.v[CK_C_rank].i = 2;
	set(CK_C_filing_indicator, "MB");
	set(CK_C_prior_payer_name, "Big State Blue Cross");
	set(CK_C_prior_subscriber_id, "W123456789");
	set_money(CK_C_prior_paid, "80.25");
	CHECK(print(0, NULL, &err) == 0);
	CHECK(shape_ok(out, outlen));
	CHECK_STR(cell(0, 8, 1, 1), "X");
	CHECK_STR(cell(0, 8, 31, 1), " ");
	CHECK_STR(cell(0, 18, 1, 28), "DOE, JANE, M                ");
	CHECK_STR(cell(0, 20, 1, 10), "W123456789");
	CHECK_STR(cell(0, 26, 1, 20), "BIG STATE BLUE CROSS");
	CHECK_STR(cell(0, 26, 52, 6), "X     ");
	CHECK_STR(cell(0, 56, 50, 20), "    150 00     80 25");
	/* Medicare wants no 33b */
	CHECK(blank(0, 61, 60, 21));

	set(CK_C_prior_group_number, "PGRP7");
	CHECK(print(0, NULL, &err) == 0);
	CHECK_STR(cell(0, 20, 1, 10), "PGRP7     ");

	/* a primary claim naming no other plan leaves 9 to 9d empty */
	base_claim();
	CHECK(print(0, NULL, &err) == 0);
	for (int line = 18; line <= 26; line += 2)
		CHECK_STR(cell(0, line, 1, 28), "                            ");
}

/* ---- boxes and their widths ---- */

static void
widths(void)
{
	struct ck_err err;

	base_claim();
	set(CK_C_patient_last, "Wolfeschlegelsteinhausenbergerdorff");
	set(CK_C_payer_name, "Blue Cross and Blue Shield of Massachusetts "
	    "Federal Employee Program");
	set(CK_C_billing_name, "The Very Long Name Of A Multispecialty "
	    "Medical Group");
	set(CK_C_patient_city, "Llanfairpwllgwyngyllgogerychwyrndrobwll");
	CHECK(print(0, NULL, &err) == 0);
	CHECK(shape_ok(out, outlen));
	CHECK_STR(cell(0, 10, 1, 31), "WOLFESCHLEGELSTEINHAUSENBERG  0");
	CHECK_STR(cell(0, 10, 1, 28), "WOLFESCHLEGELSTEINHAUSENBERG");
	CHECK_STR(cell(0, 10, 29, 2), "  ");
	CHECK_STR(cell(0, 10, 31, 10), "03 15 1980");
	CHECK_STR(cell(0, 10, 50, 29), "WOLFESCHLEGELSTEINHAUSENBERGE");
	CHECK_STR(cell(0, 10, 79, 2), "  ");
	CHECK_STR(cell(0, 2, 41, 36), "BLUE CROSS AND BLUE SHIELD OF MASSAC");
	CHECK(blank(0, 2, 77, 4));
	CHECK_STR(cell(0, 14, 1, 27), "LLANFAIRPWLLGWYNGYLLGOGE IL");
	CHECK_STR(cell(0, 58, 50, 31), "THE VERY LONG NAME OF A MULTI  ");

	/* accents lose their marks; other letters become '?' */
	base_claim();
	set(CK_C_patient_last, "Pe\xc3\xb1" "a");
	set(CK_C_patient_first, "Jos\xc3\xa9");
	set(CK_C_patient_middle, "\xc3\x81ngel");
	set(CK_C_billing_name, "\xe6\x9d\xb1 Clinic");
	CHECK(print(0, NULL, &err) == 0);
	CHECK(shape_ok(out, outlen));
	CHECK_STR(cell(0, 10, 1, 16), "PENA, JOSE, A   ");
	CHECK_STR(cell(0, 58, 50, 10), "? CLINIC  ");
}

/* An identifier cut to its box would be a wrong one: the claim is
 * refused naming the box, and the message does not show the value. */
static void
identifiers(void)
{
	static const struct {
		enum ck_col col;
		const char *box, *fits, *cut;
	} ids[] = {
		{CK_C_claim_id, "26", "ACCT-2025-0001", "ACCT-2025-000123456"},
		{CK_C_subscriber_id, "1a", "ABCDEFGHIJKLMNOPQRSTUVWXYZ012",
		    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123"},
		{CK_C_group_number, "11", "GROUP-0000000000000000000-001",
		    "GROUP-0000000000000000000-0012"},
	};
	struct ck_err err;

	for (size_t i = 0; i < sizeof(ids) / sizeof(ids[0]); i++) {
		char want[16];
		base_claim();
		set(ids[i].col, ids[i].fits);
		CHECK(print(0, NULL, &err) == 0);
		set(ids[i].col, ids[i].cut);
		CHECK(print(0, NULL, &err) == CK_FAIL);
		CHECK(outlen == 0);
		CHECK(ck_cms1500_check(&cl, &err) == CK_FAIL);
		snprintf(want, sizeof(want), "box %s:", ids[i].box);
		CHECK(strstr(err.msg, want) != NULL);
		if (ids[i].col != CK_C_claim_id)
			CHECK(strstr(err.msg, ids[i].cut) == NULL);
	}

	/* box 22: the original reference of a replacement, 17 columns */
	base_claim();
	set(CK_C_frequency, "7");
	set(CK_C_original_ref, "12345678901234567");
	CHECK(print(0, NULL, &err) == 0);
	set(CK_C_original_ref, "1234567890123456789");
	CHECK(ck_cms1500_check(&cl, &err) == CK_FAIL);
	CHECK(strstr(err.msg, "box 22:") != NULL);

	/* box 9a: the other plan's policy, 28 columns */
	base_claim();
	set(CK_C_rank, "2");
	cl.v[CK_C_rank].i = 2;
	set(CK_C_prior_payer_id, "OTHER1");
	set(CK_C_prior_payer_name, "Other Plan");
	set(CK_C_prior_group_number, "POLICY-000000000000000000001");
	CHECK(print(0, NULL, &err) == 0);
	set(CK_C_prior_group_number, "POLICY-0000000000000000000012");
	CHECK(ck_cms1500_check(&cl, &err) == CK_FAIL);
	CHECK(strstr(err.msg, "box 9a:") != NULL);
	CHECK(strstr(err.msg, "POLICY-") == NULL);
}

static void
money(void)
{
	struct ck_err err;

	base_claim();
	svc(0, "2025-03-04", "99214", NULL, "1", "1", "12345.67");
	CHECK(print(0, NULL, &err) == 0);
	/* dollars right-aligned in 50-54, the rule at 55, cents 56-57 */
	CHECK_STR(cell(0, 44, 49, 10), " 12345 67 ");
	CHECK_STR(cell(0, 56, 50, 10), "  12345 67");
	svc(0, "2025-03-04", "99214", NULL, "1", "1", "0.05");
	CHECK(print(0, NULL, &err) == 0);
	CHECK_STR(cell(0, 44, 49, 10), "     0 05 ");
	CHECK_STR(cell(0, 56, 50, 10), "      0 05");

	/* a cut amount would be a wrong one: refused, nothing written */
	svc(0, "2025-03-04", "99214", NULL, "1", "1", "123456.78");
	CHECK(print(0, NULL, &err) == CK_FAIL);
	CHECK(outlen == 0);
	CHECK(strstr(err.msg, "CLM0000123") != NULL);
	CHECK(strstr(err.msg, "24F") != NULL);
	CHECK(ck_cms1500_check(&cl, &err) == CK_FAIL);

	/* units: decimals as there are, refused when wider than 24G */
	svc(0, "2025-03-04", "99214", NULL, "1", "1.5", "10.00");
	CHECK(print(0, NULL, &err) == 0);
	CHECK_STR(cell(0, 44, 59, 4), "1.5 ");
	/* a drug's NDC, unit and quantity in the shaded half of 24A-G */
	svc(0, "2025-03-04", "J1100", NULL, "1", "4", "12.00");
	cl.line[0][CK_C_ndc].s = "63323016501";
	cl.line[0][CK_C_ndc_unit].s = "ML";
	cl.line[0][CK_C_ndc_quantity].s = "4";
	CHECK(print(0, NULL, &err) == 0);
	CHECK_STR(cell(0, 43, 1, 20), "N463323016501 ML4   ");
	CHECK(blank(0, 45, 1, 80));
	cl.line[0][CK_C_ndc].s = NULL;
	/* NUCC: 24G right-aligned in its box */
	svc(0, "2025-03-04", "99214", NULL, "1", "5", "10.00");
	CHECK(print(0, NULL, &err) == 0);
	CHECK_STR(cell(0, 44, 58, 5), "   5 ");
	cl.line[0][CK_C_units].i = 125;
	CHECK(print(0, NULL, &err) == CK_FAIL);
	CHECK(strstr(err.msg, "24G") != NULL);

	base_claim();
	cl.nlines = 0;
	CHECK(print(0, NULL, &err) == CK_FAIL);
	CHECK(outlen == 0);
}

/* Box 1 from the filing indicator, box 6, 22, 27 and the signatures. */
static void
codes(void)
{
	static const struct {
		const char *code;
		int col;
	} box1[] = {
		{ "MB", 1 }, { "MA", 1 }, { "MC", 8 }, { "CH", 15 },
		{ "VA", 24 }, { "CI", 31 }, { "BL", 31 }, { "HM", 31 },
		{ "12", 31 }, { "FI", 31 }, { "WC", 45 }, { "AM", 45 },
		{ "ZZ", 45 }, { NULL, 31 },
	};
	struct ck_err err;
	char want[46];

	for (size_t i = 0; i < sizeof(box1) / sizeof(box1[0]); i++) {
		base_claim();
		set(CK_C_filing_indicator, box1[i].code);
		CHECK(print(0, NULL, &err) == 0);
		memset(want, ' ', 45);
		want[box1[i].col - 1] = 'X';
		want[45] = '\0';
		CHECK_STR(cell(0, 8, 1, 45), want);
	}

	base_claim();
	set(CK_C_relationship, "19");
	set(CK_C_subscriber_last, "Doe");
	set(CK_C_subscriber_first, "John");
	set(CK_C_subscriber_dob, "1975-06-01");
	set(CK_C_subscriber_sex, "M");
	set(CK_C_subscriber_address1, "9 Pine Rd");
	set(CK_C_subscriber_city, "Peoria");
	set(CK_C_subscriber_state, "IL");
	set(CK_C_subscriber_zip, "61602");
	set(CK_C_frequency, "7");
	set(CK_C_original_ref, "PAYER-REF-991");
	set(CK_C_accept_assignment, "C");
	set(CK_C_release_of_info, "I");
	set(CK_C_benefits_assigned, "N");
	set(CK_C_provider_signature, "N");
	CHECK(print(0, NULL, &err) == 0);
	CHECK_STR(cell(0, 10, 50, 10), "DOE, JOHN ");
	CHECK_STR(cell(0, 12, 33, 16), "         X      ");
	CHECK_STR(cell(0, 12, 50, 9), "9 PINE RD");
	CHECK_STR(cell(0, 14, 50, 26), "PEORIA                  IL");
	CHECK_STR(cell(0, 16, 50, 10), "61602     ");
	CHECK_STR(cell(0, 20, 53, 23), "06 01 1975     X       ");
	CHECK(blank(0, 29, 1, 80));
	CHECK_STR(cell(0, 38, 50, 26), "7           PAYER-REF-991 ");
	CHECK_STR(cell(0, 56, 38, 6), "     X");
	CHECK_STR(cell(0, 60, 1, 20), "                    ");
	CHECK_STR(cell(0, 61, 1, 20), "                    ");

	/* no facility: box 32 empty */
	base_claim();
	set(CK_C_facility_name, NULL);
	set(CK_C_facility_npi, NULL);
	set(CK_C_facility_address1, NULL);
	set(CK_C_facility_city, NULL);
	set(CK_C_facility_state, NULL);
	set(CK_C_facility_zip, NULL);
	CHECK(print(0, NULL, &err) == 0);
	for (int line = 58; line <= 61; line++)
		CHECK_STR(cell(0, line, 23, 26), "                          ");
}

/* ck_cms1500_write dates box 31 today. */
static void
today(void)
{
	struct ck_err err;
	char d1[11], d2[11], want1[9], want2[9], *buf = NULL;
	const char *got;
	size_t len = 0;
	FILE *fp;

	base_claim();
	ck_date_today(d1);
	CHECK(print(1, NULL, &err) == 0);
	ck_date_today(d2);
	snprintf(want1, sizeof(want1), "%.2s %.2s %.2s", d1 + 5, d1 + 8,
	    d1 + 2);
	snprintf(want2, sizeof(want2), "%.2s %.2s %.2s", d2 + 5, d2 + 8,
	    d2 + 2);
	got = cell(0, 61, 6, 8);
	CHECK(strcmp(got, want1) == 0 || strcmp(got, want2) == 0);
	fp = open_memstream(&buf, &len);
	CHECK(fp != NULL);
	if (fp == NULL)
		return;
	CHECK(ck_cms1500_write_dated(fp, &cl, "2025-3-1", NULL, &err) ==
	    CK_FAIL);
	fclose(fp);
	CHECK(len == 0);
	free(buf);
}

int
main(int argc, char **argv)
{
	int update = argc > 1 && strcmp(argv[1], "--update") == 0;
	const char *path = golden_path(argc > 1 + update ? argv[1 + update] :
	    NULL);

	golden_page(path, update);
	if (update) {
		printf("wrote %s\n", path);
		return t_done();
	}
	boxes();
	continued();
	file_of_claims();
	secondary();
	widths();
	identifiers();
	money();
	codes();
	today();
	free(out);
	return t_done();
}
