#include <stdint.h>

#include "claimkit/claim.h"
#include "t.h"

static char out[2048], why[256];
static int64_t iv;

static int
chk(const char *col, const char *val)
{
	char raw[2048];
	int c = ck_column_find(col);

	if (c < 0)
		return -9;
	snprintf(raw, sizeof(raw), "%s", val);
	return ck_column_check(&ck_columns[c], raw, out, &iv, why);
}

int
main(void)
{
	/* every column has a usable definition */
	for (size_t i = 0; i < ck_ncolumns; i++) {
		CHECK(ck_columns[i].max > 0);
		CHECK(ck_column_find(ck_columns[i].name) == (int)i);
	}
	CHECK(ck_column_find("nope") == -1);

	CHECK(chk("charge", " 125.5 ") == 0 && iv == 12550);
	CHECK_STR(out, "125.50");
	CHECK(chk("charge", "-1.00") < 0);
	CHECK(strstr(why, "not negative") != NULL);
	CHECK(chk("charge", "1e3") < 0 && chk("charge", "12.345") < 0);
	CHECK(chk("charge", "") < 0);
	CHECK_STR(why, "expected a value, found none");

	CHECK(chk("patient_dob", "2025-02-30") < 0);
	CHECK(strstr(why, "2025-02-30") == NULL);   /* PHI is not echoed */
	CHECK(chk("service_date", "2025-02-30") < 0);
	CHECK(strstr(why, "2025-02-30") == NULL);   /* nor a date of service */

	CHECK(chk("patient_sex", "f") == 0);
	CHECK_STR(out, "F");
	CHECK(chk("patient_sex", "X") < 0);
	CHECK(chk("rank", "2") == 0 && iv == 2);
	CHECK(chk("rank", "4") < 0);
	CHECK(chk("frequency", "") == 0);
	CHECK_STR(out, "1");                         /* default */
	CHECK(chk("patient_middle", "") == 1);       /* empty, no default */

	CHECK(chk("units", "1.5") == 0 && iv == 1500);
	CHECK_STR(out, "1.500");
	CHECK(chk("units", "2") == 0 && iv == 2000);
	CHECK_STR(out, "2");
	CHECK(chk("units", "-1") < 0 && chk("units", "1.") < 0 &&
	    chk("units", "1.0001") < 0);

	CHECK(chk("dx_pointers", "1:3:12") == 0);
	CHECK_STR(out, "1:3:12");
	CHECK(chk("dx_pointers", "1:1") < 0 && chk("dx_pointers", "13") < 0 &&
	    chk("dx_pointers", "1:2:3:4:5") < 0 && chk("dx_pointers", "1,2") < 0
	    && chk("dx_pointers", "0") < 0);

	CHECK(chk("prior_adjustments", "CO-45:40;PR-2:12.50") == 0);
	CHECK_STR(out, "CO-45:40.00;PR-2:12.50");
	CHECK(chk("prior_adjustments", "CO-45:-5.00") == 0);
	CHECK(chk("prior_adjustments", "XX-45:1.00") < 0);
	CHECK(chk("prior_adjustments", "CR-45:1.00") < 0);  /* not in 5010 */
	CHECK(chk("prior_adjustments", "CO-45:1.00;") < 0);
	CHECK(chk("prior_adjustments", "CO-45") < 0);
	CHECK(chk("prior_adjustments", "CO-:1.00") < 0);

	CHECK(chk("dx1", "e11.9") == 0);
	CHECK_STR(out, "E119");
	CHECK(chk("billing_zip", "60601-1234") == 0);
	CHECK_STR(out, "606011234");
	CHECK(chk("billing_tin", "12-3456789") == 0);
	CHECK_STR(out, "123456789");
	CHECK(chk("billing_tin", "12-34567890") < 0);
	CHECK(chk("billing_npi", "12345x7890") < 0);
	CHECK(chk("patient_state", "il") == 0);
	CHECK_STR(out, "IL");
	CHECK(chk("patient_state", "I1") < 0);

	CHECK(chk("patient_last", "O'Brien-Smith, Jr") == 0);
	CHECK(chk("patient_last", "Mu\xC3\xB1oz") == 0);
	CHECK(chk("patient_last", "bad\x01") < 0);
	CHECK(strstr(why, "control characters") != NULL);
	CHECK(chk("patient_last", "bad\xC3") < 0);
	CHECK(strstr(why, "UTF-8") != NULL);
	CHECK(chk("patient_last", "\xED\xA0\x80") < 0);   /* a surrogate */
	CHECK(chk("claim_id", "ABCDEFGHIJKLMNOPQRSTU") < 0);
	CHECK(strstr(why, "at most 20 characters, got 21") != NULL);
	/* lengths count characters, not bytes */
	CHECK(chk("patient_first", "\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9"
	    "\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9"
	    "\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9"
	    "\xC3\xA9\xC3\xA9") == 0);
	return t_done();
}
