/* The X12 code lists compiled in from data/x12: codes added after the
 * old copies (CARC 306-308 and P30-P32, RARC N886-N940, claim status
 * codes 784-808 and those the 2013 copy lacked), and retired codes with
 * their stop dates. */
#include <stdio.h>
#include <string.h>

#include "claimkit/remit.h"
#include "t.h"

int ck_xr_known_category(const char *code);	/* lib/x12read_int.h */
int ck_xr_known_status(const char *code);

/* the end of s, as long as want, or s whole when shorter */
static const char *
tail(const char *s, const char *want)
{
	size_t n = s ? strlen(s) : 0, w = strlen(want);

	return s == NULL ? NULL : n < w ? s : s + n - w;
}

static void
test_carc(void)
{
	CHECK_STR(ck_carc_text("306"), "Type of bill is inconsistent with the "
	    "patient status. Usage: Refer to the 835 Healthcare Policy "
	    "Identification Segment (loop 2110 Service Payment Information "
	    "REF), if present.");
	CHECK_STR(ck_carc_text("308"), "Payment is adjusted due to contracted "
	    "funding agreement between the payer and provider.");
	CHECK_STR(ck_carc_text("P32"), "Payment adjusted due to "
	    "Apportionment.");
	/* the current wording, not the old copy's */
	CHECK_STR(ck_carc_text("204"), "This service/equipment/drug is not "
	    "covered under the patient's current benefit plan");
	/* retired: with the stop date where a copy gives it */
	CHECK_STR(ck_carc_text("25"), "Payment denied. Your Stop loss "
	    "deductible has not been met. (retired: stopped 2008-04-01)");
	CHECK_STR(tail(ck_carc_text("D23"), "(retired: stopped 2012-01-01)"),
	    "(retired: stopped 2012-01-01)");
	CHECK_STR(ck_carc_text("15"), "The authorization number is missing, "
	    "invalid, or does not apply to the billed services or provider. "
	    "(retired)");
	CHECK(ck_carc_text("309") == NULL && ck_carc_text("P33") == NULL);
}

static void
test_rarc(void)
{
	CHECK_STR(ck_rarc_text("N940"), "Missing/Incomplete/Invalid pre- "
	    "and/or post-operative x-ray.");
	CHECK_STR(ck_rarc_text("N886"), "Alert: A Health Care Claim Request "
	    "for Additional Information (277 RFAI) has been sent.");
	CHECK_STR(tail(ck_rarc_text("N885"), "payer\xe2\x80\x99s internal "
	    "appeals and external review processes."), "payer\xe2\x80\x99s "
	    "internal appeals and external review processes.");
	CHECK_STR(tail(ck_rarc_text("MA03"), "(retired: stopped 2006-10-01)"),
	    "(retired: stopped 2006-10-01)");
	CHECK_STR(tail(ck_rarc_text("N793"), "for more information. (retired)"),
	    "for more information. (retired)");
	CHECK(ck_rarc_text("N941") == NULL);
}

static void
test_status(void)
{
	/* 784-808 came after the 2013 copy; 22, 471, 489 and 770 it lacked */
	static const char *const known[] = {"784", "797", "800", "808", "22",
	    "471", "489", "770", "0", "20", "783"};

	for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		CHECK(ck_xr_known_status(known[i]));
	CHECK(!ck_xr_known_status("809") && !ck_xr_known_status("9999"));
	CHECK(ck_xr_known_category("A2") && ck_xr_known_category("F3N") &&
	    ck_xr_known_category("D0") && !ck_xr_known_category("A9"));
}

int
main(void)
{
	test_carc();
	test_rarc();
	test_status();
	return t_done();
}
