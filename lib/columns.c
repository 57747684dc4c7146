/*
 * The claim import columns.  Lengths follow the 837P element maximums
 * where one exists (NM103 60, N301 55, N401 30, CLM01 20 ...).
 */
#include <string.h>

#include "claimkit/claim.h"

#define C(n, req, phi, t, max, ch, def) { n, 0, req, phi, t, max, ch, def }
#define L(n, req, t, max, ch, def) { n, 1, req, 0, t, max, ch, def }

#define SEX "M|F|U"
#define SBR09 "11|12|13|14|15|16|17|AM|BL|CH|CI|DS|FI|HM|LM|MA|MB|MC|OF|" \
	"TV|VA|WC|ZZ"

const struct ck_column ck_columns[] = {
	C("claim_id", 1, 0, CK_T_TEXT, 20, NULL, NULL),
	C("patient_last", 1, 1, CK_T_TEXT, 60, NULL, NULL),
	C("patient_first", 1, 1, CK_T_TEXT, 35, NULL, NULL),
	C("patient_middle", 0, 1, CK_T_TEXT, 25, NULL, NULL),
	C("patient_dob", 1, 1, CK_T_DATE, 10, NULL, NULL),
	C("patient_sex", 1, 0, CK_T_ENUM, 1, SEX, NULL),
	C("patient_address1", 1, 1, CK_T_TEXT, 55, NULL, NULL),
	C("patient_address2", 0, 1, CK_T_TEXT, 55, NULL, NULL),
	C("patient_city", 1, 1, CK_T_TEXT, 30, NULL, NULL),
	C("patient_state", 1, 0, CK_T_STATE, 2, NULL, NULL),
	C("patient_zip", 1, 1, CK_T_DIGITS, 15, NULL, NULL),
	C("patient_phone", 0, 1, CK_T_DIGITS, 20, NULL, NULL),
	C("relationship", 1, 0, CK_T_ENUM, 2, "18|01|19|20|21|39|40|53|G8",
	    NULL),
	C("subscriber_id", 1, 1, CK_T_TEXT, 80, NULL, NULL),
	C("subscriber_last", 0, 1, CK_T_TEXT, 60, NULL, NULL),
	C("subscriber_first", 0, 1, CK_T_TEXT, 35, NULL, NULL),
	C("subscriber_middle", 0, 1, CK_T_TEXT, 25, NULL, NULL),
	C("subscriber_dob", 0, 1, CK_T_DATE, 10, NULL, NULL),
	C("subscriber_sex", 0, 0, CK_T_ENUM, 1, SEX, NULL),
	C("subscriber_address1", 0, 1, CK_T_TEXT, 55, NULL, NULL),
	C("subscriber_address2", 0, 1, CK_T_TEXT, 55, NULL, NULL),
	C("subscriber_city", 0, 1, CK_T_TEXT, 30, NULL, NULL),
	C("subscriber_state", 0, 0, CK_T_STATE, 2, NULL, NULL),
	C("subscriber_zip", 0, 1, CK_T_DIGITS, 15, NULL, NULL),
	C("payer_id", 1, 0, CK_T_UPPER, 80, NULL, NULL),
	C("payer_name", 1, 0, CK_T_TEXT, 60, NULL, NULL),
	C("payer_filing", 1, 0, CK_T_ENUM, 10, "electronic|paper", NULL),
	C("payer_electronic_secondary", 0, 0, CK_T_ENUM, 3, "yes|no", "yes"),
	C("payer_address1", 0, 0, CK_T_TEXT, 55, NULL, NULL),
	C("payer_address2", 0, 0, CK_T_TEXT, 55, NULL, NULL),
	C("payer_city", 0, 0, CK_T_TEXT, 30, NULL, NULL),
	C("payer_state", 0, 0, CK_T_STATE, 2, NULL, NULL),
	C("payer_zip", 0, 0, CK_T_DIGITS, 15, NULL, NULL),
	C("rank", 1, 0, CK_T_INT, 1, "1|2|3", NULL),
	C("group_number", 0, 0, CK_T_TEXT, 50, NULL, NULL),
	C("group_name", 0, 0, CK_T_TEXT, 60, NULL, NULL),
	C("filing_indicator", 0, 0, CK_T_ENUM, 2, SBR09, "CI"),
	C("billing_npi", 1, 0, CK_T_DIGITS, 10, NULL, NULL),
	C("billing_tin", 1, 0, CK_T_DIGITS, 9, NULL, NULL),
	C("billing_taxonomy", 1, 0, CK_T_UPPER, 10, NULL, NULL),
	C("billing_name", 1, 0, CK_T_TEXT, 60, NULL, NULL),
	C("billing_address1", 1, 0, CK_T_TEXT, 55, NULL, NULL),
	C("billing_address2", 0, 0, CK_T_TEXT, 55, NULL, NULL),
	C("billing_city", 1, 0, CK_T_TEXT, 30, NULL, NULL),
	C("billing_state", 1, 0, CK_T_STATE, 2, NULL, NULL),
	C("billing_zip", 1, 0, CK_T_DIGITS, 15, NULL, NULL),
	C("billing_phone", 0, 0, CK_T_DIGITS, 20, NULL, NULL),
	C("rendering_npi", 0, 0, CK_T_DIGITS, 10, NULL, NULL),
	C("rendering_last", 0, 0, CK_T_TEXT, 60, NULL, NULL),
	C("rendering_first", 0, 0, CK_T_TEXT, 35, NULL, NULL),
	C("rendering_taxonomy", 0, 0, CK_T_UPPER, 10, NULL, NULL),
	C("facility_name", 0, 0, CK_T_TEXT, 60, NULL, NULL),
	C("facility_npi", 0, 0, CK_T_DIGITS, 10, NULL, NULL),
	C("facility_address1", 0, 0, CK_T_TEXT, 55, NULL, NULL),
	C("facility_address2", 0, 0, CK_T_TEXT, 55, NULL, NULL),
	C("facility_city", 0, 0, CK_T_TEXT, 30, NULL, NULL),
	C("facility_state", 0, 0, CK_T_STATE, 2, NULL, NULL),
	C("facility_zip", 0, 0, CK_T_DIGITS, 15, NULL, NULL),
	C("office", 0, 0, CK_T_TEXT, 30, NULL, NULL),
	C("place_of_service", 1, 0, CK_T_DIGITS, 2, NULL, NULL),
	C("frequency", 0, 0, CK_T_ENUM, 1, "1|7|8", "1"),
	C("original_ref", 0, 0, CK_T_TEXT, 50, NULL, NULL),
	C("provider_signature", 0, 0, CK_T_ENUM, 1, "Y|N", "Y"),
	C("accept_assignment", 0, 0, CK_T_ENUM, 1, "A|B|C", "A"),
	C("benefits_assigned", 0, 0, CK_T_ENUM, 1, "Y|N|W", "Y"),
	C("release_of_info", 0, 0, CK_T_ENUM, 1, "I|Y", "Y"),
	C("prior_payer_id", 0, 0, CK_T_UPPER, 80, NULL, NULL),
	C("prior_payer_name", 0, 0, CK_T_TEXT, 60, NULL, NULL),
	C("prior_filing_indicator", 0, 0, CK_T_ENUM, 2, SBR09, NULL),
	C("prior_group_number", 0, 0, CK_T_TEXT, 50, NULL, NULL),
	C("prior_subscriber_id", 0, 1, CK_T_TEXT, 80, NULL, NULL),
	C("prior_paid", 0, 0, CK_T_MONEY, 20, NULL, NULL),
	C("prior_paid_date", 0, 0, CK_T_DATE, 10, NULL, NULL),
	C("prior_adjustments", 0, 0, CK_T_ADJ, 400, NULL, NULL),
	C("dx1", 1, 0, CK_T_DX, 8, NULL, NULL),
	C("dx2", 0, 0, CK_T_DX, 8, NULL, NULL),
	C("dx3", 0, 0, CK_T_DX, 8, NULL, NULL),
	C("dx4", 0, 0, CK_T_DX, 8, NULL, NULL),
	C("dx5", 0, 0, CK_T_DX, 8, NULL, NULL),
	C("dx6", 0, 0, CK_T_DX, 8, NULL, NULL),
	C("dx7", 0, 0, CK_T_DX, 8, NULL, NULL),
	C("dx8", 0, 0, CK_T_DX, 8, NULL, NULL),
	C("dx9", 0, 0, CK_T_DX, 8, NULL, NULL),
	C("dx10", 0, 0, CK_T_DX, 8, NULL, NULL),
	C("dx11", 0, 0, CK_T_DX, 8, NULL, NULL),
	C("dx12", 0, 0, CK_T_DX, 8, NULL, NULL),
	C("claim_total", 0, 0, CK_T_MONEY, 20, NULL, NULL),
	L("service_date", 1, CK_T_DATE, 10, NULL, NULL),
	L("service_date_to", 0, CK_T_DATE, 10, NULL, NULL),
	L("procedure", 1, CK_T_UPPER, 48, NULL, NULL),
	L("modifier1", 0, CK_T_UPPER, 2, NULL, NULL),
	L("modifier2", 0, CK_T_UPPER, 2, NULL, NULL),
	L("modifier3", 0, CK_T_UPPER, 2, NULL, NULL),
	L("modifier4", 0, CK_T_UPPER, 2, NULL, NULL),
	L("units", 1, CK_T_UNITS, 15, NULL, NULL),
	L("charge", 1, CK_T_MONEY, 20, NULL, NULL),
	L("dx_pointers", 1, CK_T_POINTERS, 11, NULL, NULL),
	L("line_prior_paid", 0, CK_T_MONEY, 20, NULL, NULL),
	L("line_prior_paid_date", 0, CK_T_DATE, 10, NULL, NULL),
	L("line_prior_adjustments", 0, CK_T_ADJ, 400, NULL, NULL),
};

const size_t ck_ncolumns = sizeof(ck_columns) / sizeof(ck_columns[0]);

int
ck_column_find(const char *name)
{
	for (size_t i = 0; i < ck_ncolumns; i++)
		if (strcmp(ck_columns[i].name, name) == 0)
			return (int)i;
	return -1;
}
